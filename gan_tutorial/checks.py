"""Exercise checks: call one with your answer; it prints a tick when the answer is right and
raises `AssertionError` with a message that says what is wrong when it is not.

    gt.checks.check_optimal_discriminator(my_d_star)
"""

import math

import numpy as np

from gan_tutorial import theory

__all__ = ["check_optimal_discriminator", "check_jsd", "check_bilinear_step"]


def _fail(message):
    raise AssertionError(message)


def _call(fn, name, *args):
    try:
        return fn(*args)
    except Exception as error:  # the learner's code failed: say where, keep the cause
        raise AssertionError(f"{name} raised {type(error).__name__}: {error}") from error


def check_optimal_discriminator(d_star):
    """``d_star(p_data, p_g)`` takes two arrays of density values and returns D* at each point."""
    p = np.array([0.3, 0.2, 0.0, 0.5, 1e-3])
    q = np.array([0.1, 0.2, 0.4, 0.0, 2.0])
    got = np.asarray(_call(d_star, "d_star", p, q), dtype=np.float64)
    want = theory.optimal_discriminator(p, q)
    if got.shape != p.shape:
        _fail(
            f"d_star returned shape {got.shape} for densities of shape {p.shape}: it should "
            "work elementwise, one value per point"
        )
    if np.allclose(got, 1 - want, atol=1e-9):
        _fail("you computed p_g / (p_data + p_g): that is 1 - D*, the probability that x is fake")
    if abs(got[1] - 0.5) > 1e-9:
        _fail(
            f"your optimal discriminator is not 1/2 where the densities are equal "
            f"(p_data = p_g = 0.2 gives {got[1]:.4g})"
        )
    if abs(got[3] - 1.0) > 1e-9:
        _fail(
            f"where only the data has mass (p_data = 0.5, p_g = 0) D* must be 1, "
            f"yours gives {got[3]:.4g}"
        )
    if abs(got[2]) > 1e-9:
        _fail(
            f"where only the generator has mass (p_data = 0, p_g = 0.4) D* must be 0, "
            f"yours gives {got[2]:.4g}"
        )
    if not np.allclose(got, want, atol=1e-9):
        i = int(np.argmax(np.abs(got - want)))
        _fail(
            f"at p_data = {p[i]}, p_g = {q[i]} D* is {want[i]:.4g}, yours gives {got[i]:.4g}. "
            "Hint: at every x, D* maximises p_data log D + p_g log(1 - D)"
        )
    print("✓ d_star is the optimal discriminator")


def check_jsd(jsd):
    """``jsd(p, q, x)`` returns the Jensen-Shannon divergence of two densities on the grid ``x``,
    in nats."""
    x = np.linspace(-10, 10, 20001)
    normal = lambda m: np.exp(-0.5 * (x - m) ** 2) / math.sqrt(2 * math.pi)  # noqa: E731
    box = lambda lo, hi: np.where((x >= lo) & (x <= hi), 1.0, 0.0)  # noqa: E731
    left, right = box(-3, -1), box(1, 3)
    left, right = left / np.trapezoid(left, x), right / np.trapezoid(right, x)
    same = float(_call(jsd, "jsd", normal(0), normal(0), x))
    if abs(same) > 1e-6:
        _fail(f"the JSD of a density with itself must be 0, yours gives {same:.4g}")
    disjoint = float(_call(jsd, "jsd", left, right, x))
    if math.isinf(disjoint):
        _fail(
            "for densities with disjoint supports yours gives inf: the JSD compares p and q "
            "with their mixture m = (p + q) / 2, which has mass wherever either has"
        )
    if abs(disjoint - math.log(2)) > 1e-3:
        hint = (
            " (log 2 / 2: did you forget to add the two halves?)"
            if abs(disjoint - math.log(2) / 2) < 1e-3
            else ""
        )
        _fail(
            f"for disjoint supports the JSD is log 2 = {math.log(2):.4f}, yours gives "
            f"{disjoint:.4f}{hint}"
        )
    a = float(_call(jsd, "jsd", normal(0), normal(1.5), x))
    b = float(_call(jsd, "jsd", normal(1.5), normal(0), x))
    if abs(a - b) > 1e-9:
        _fail(f"the JSD is symmetric, yours is not: jsd(p, q) = {a:.5f}, jsd(q, p) = {b:.5f}")
    want = theory.js_divergence(normal(0), normal(1.5), x)
    if abs(a - want) > 1e-4:
        _fail(
            f"for N(0, 1) and N(1.5, 1) the JSD is {want:.5f} nats, yours gives {a:.5f}. "
            "Use natural logarithms, and integrate over x (np.trapezoid(values, x))"
        )
    print("✓ jsd is the Jensen-Shannon divergence")


def check_bilinear_step(step, alternating=False):
    """``step(x, y, lr)`` returns ``(x, y)`` after one gradient step on V(x, y) = x y, where x
    minimises and y maximises; simultaneous (both from the old values) or, with
    ``alternating``, x first and then y from the new x."""
    got = np.asarray(_call(step, "step", 1.0, 1.0, 0.1), dtype=np.float64)
    simultaneous = np.array([0.9, 1.1])
    alternated = np.array([0.9, 1.09])
    want, other = (alternated, simultaneous) if alternating else (simultaneous, alternated)
    if got.shape != (2,):
        _fail(f"step must return the pair (x, y), got {got!r}")
    if np.allclose(got, want):
        print(f"✓ one {'alternating' if alternating else 'simultaneous'} step is right")
        return
    if np.allclose(got, other):
        _fail(
            "you updated y with the new x: that is the alternating step"
            if not alternating
            else "you updated y with the old x: that is the simultaneous step"
        )
    if np.allclose(got, [1.1, 0.9]) or np.allclose(got, [1.1, 0.89]):
        _fail(
            "the signs are swapped: x minimises V = xy, so it moves along -dV/dx = -y, and y "
            "maximises, so it moves along +dV/dy = +x"
        )
    _fail(
        f"from (x, y) = (1, 1) with lr = 0.1 the step gives {tuple(want)}, yours gives {tuple(got)}"
    )
