"""Closed forms of GAN theory, in NumPy: the optimal discriminator, divergences between densities
on a grid, the value function, and the two small games that explain training dynamics (the
bilinear game and the Dirac-GAN of Mescheder, Geiger and Nowozin 2018).

Densities are arrays of values on an evenly spaced 1D grid ``x`` of shape ``(n,)``; integrals
are trapezoid sums over that grid, in nats.
"""

import numpy as np

from gan_tutorial import arguments

__all__ = [
    "optimal_discriminator",
    "kl_divergence",
    "js_divergence",
    "value_function",
    "virtual_training_criterion",
    "bilinear_field",
    "dirac_gan_field",
    "dirac_gan_jacobian",
    "numerical_jacobian",
    "gradient_play",
]


def _density_pair(p, q, x):
    p, q, x = (np.asarray(a, dtype=np.float64) for a in (p, q, x))
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"x must be a 1D grid of at least 2 points, got shape {x.shape}")
    for name, d in (("p", p), ("q", q)):
        if d.shape != x.shape:
            raise ValueError(f"{name} must have the grid's shape {x.shape}, got {d.shape}")
        if np.any(d < 0) or not np.all(np.isfinite(d)):
            raise ValueError(f"{name} must be a density: finite and >= 0 everywhere")
    return p, q, x


def optimal_discriminator(p_data, p_g):
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)), elementwise.

    Where both densities are 0 every D is optimal (the point does not enter V); we return 1/2.
    """
    p_data = np.asarray(p_data, dtype=np.float64)
    p_g = np.asarray(p_g, dtype=np.float64)
    if p_data.shape != p_g.shape:
        raise ValueError(f"p_data {p_data.shape} and p_g {p_g.shape} must have the same shape")
    for name, d in (("p_data", p_data), ("p_g", p_g)):
        if np.any(d < 0) or not np.all(np.isfinite(d)):
            raise ValueError(f"{name} must be a density: finite and >= 0 everywhere")
    total = p_data + p_g
    return np.divide(p_data, total, out=np.full_like(total, 0.5), where=total > 0)


def _xlogy_ratio(p, q):
    """p log(p / q) with 0 log(0 / q) = 0 and p log(p / 0) = inf."""
    out = np.zeros_like(p)
    pos = p > 0
    with np.errstate(divide="ignore"):
        out[pos] = p[pos] * (np.log(p[pos]) - np.log(q[pos]))
    return out


def kl_divergence(p, q, x):
    """KL(p || q) = integral of p log(p / q) over the grid ``x``; inf when p has mass where q has
    none."""
    p, q, x = _density_pair(p, q, x)
    return float(np.trapezoid(_xlogy_ratio(p, q), x))


def js_divergence(p, q, x):
    """JSD(p || q) = KL(p || m) / 2 + KL(q || m) / 2 with m = (p + q) / 2: symmetric, between 0
    (p = q) and log 2 (disjoint supports)."""
    p, q, x = _density_pair(p, q, x)
    m = 0.5 * (p + q)
    return 0.5 * kl_divergence(p, m, x) + 0.5 * kl_divergence(q, m, x)


def value_function(d, p_data, p_g, x):
    """V(D, G) = integral of p_data log D + p_g log(1 - D) over the grid, for a discriminator
    given by its values ``d`` in [0, 1] on the grid (0 log 0 counts as 0)."""
    p_data, p_g, x = _density_pair(p_data, p_g, x)
    d = np.asarray(d, dtype=np.float64)
    if d.shape != x.shape:
        raise ValueError(
            f"d must hold values in [0, 1] on the grid, shape {x.shape}, got {d.shape}"
        )
    outside = d[~((d >= 0) & (d <= 1))]  # NaN is outside too
    if outside.size:
        raise ValueError(f"d must hold values in [0, 1] on the grid, got {outside[:3].tolist()}")
    with np.errstate(divide="ignore", invalid="ignore"):
        real = np.where(p_data > 0, p_data * np.log(d), 0.0)
        fake = np.where(p_g > 0, p_g * np.log1p(-d), 0.0)
    return float(np.trapezoid(real + fake, x))


def virtual_training_criterion(p_data, p_g, x):
    """C(G) = max_D V(D, G) = V(D*, G), which equals -log 4 + 2 JSD(p_data || p_g).

    Computed as the integral of ``p_data log(p_data / s) + p_g log(p_g / s)``, ``s = p_data + p_g``,
    which is V(D*, G) without rounding D* to exactly 0 or 1 where one density dwarfs the other."""
    p_data, p_g, x = _density_pair(p_data, p_g, x)
    total = p_data + p_g
    return float(np.trapezoid(_xlogy_ratio(p_data, total) + _xlogy_ratio(p_g, total), x))


# ----------------------------------------------------------------------------- the games
def _state(state):
    state = np.asarray(state, dtype=np.float64)
    if state.ndim == 0 or state.shape[-1] != 2:
        raise ValueError(f"state must have shape (..., 2), got {state.shape}")
    return state


def bilinear_field(state):
    """The gradient field of V(x, y) = x y, where x minimises and y maximises:
    ``(dx, dy) = (-dV/dx, dV/dy) = (-y, x)``. ``state``: ``(..., 2)``."""
    state = _state(state)
    return np.stack([-state[..., 1], state[..., 0]], axis=-1)


def _sigmoid(t):
    return 0.5 * (1.0 + np.tanh(0.5 * t))


_DIRAC_LOSSES = ("minimax", "non_saturating", "wasserstein")


def dirac_gan_field(state, loss="non_saturating", r1_weight=0.0):
    """The Dirac-GAN (Mescheder et al. 2018) as this package trains it: data at 0, a generator
    that outputs theta, a linear discriminator with logit ``psi * x``. ``state``: ``(..., 2)``
    holding ``(theta, psi)``; returns ``(d theta, d psi)``, minus the gradient of each player's
    own loss, so that gradient descent with step ``lr`` moves ``state += lr * field``.

    With the package's losses and R1 weight gamma (the penalty is ``gamma / 2 * psi^2``, since
    ``grad_x D = psi``):

    - minimax: D's loss ``log 2 + softplus(psi theta)``, G's ``-softplus(psi theta)``;
    - non_saturating: same D, G's loss ``softplus(-psi theta)``;
    - wasserstein: D's loss ``psi theta``, G's ``-psi theta`` (the package's
      ``losses.Wasserstein(gradient_penalty=0)``; its default penalty of 10 is not modelled).
    """
    if loss not in _DIRAC_LOSSES:
        raise ValueError(f"unknown loss {loss!r}: expected one of {', '.join(_DIRAC_LOSSES)}")
    r1_weight = arguments.nonnegative("r1_weight", r1_weight)
    state = _state(state)
    theta, psi = state[..., 0], state[..., 1]
    t = psi * theta
    if loss == "wasserstein":
        d_theta, d_psi = psi, -theta
    elif loss == "minimax":
        d_theta, d_psi = _sigmoid(t) * psi, -_sigmoid(t) * theta
    else:
        d_theta, d_psi = _sigmoid(-t) * psi, -_sigmoid(t) * theta
    return np.stack([d_theta, d_psi - r1_weight * psi], axis=-1)


def dirac_gan_jacobian(loss="non_saturating", r1_weight=0.0):
    """The Jacobian of `dirac_gan_field` at the equilibrium (0, 0), in closed form: rows are
    (d theta, d psi), columns (theta, psi). Its eigenvalues decide the local behaviour: purely
    imaginary ones circle, a negative real part converges."""
    if loss not in _DIRAC_LOSSES:
        raise ValueError(f"unknown loss {loss!r}: expected one of {', '.join(_DIRAC_LOSSES)}")
    r1_weight = arguments.nonnegative("r1_weight", r1_weight)
    slope = 1.0 if loss == "wasserstein" else 0.5  # f'(0): 1 for the critic, sigmoid(0) else
    return np.array([[0.0, slope], [-slope, -float(r1_weight)]])


def numerical_jacobian(field, state, eps=1e-6):
    """Central finite-difference Jacobian of ``field`` (a function of a ``(k,)`` state returning
    ``(k,)``) at ``state``; shape ``(k, k)``."""
    if not callable(field):
        raise TypeError(f"field must be a function of the state, got {field!r}")
    eps = arguments.positive("eps", eps)
    state = np.asarray(state, dtype=np.float64)
    if state.ndim != 1 or state.size == 0 or not np.all(np.isfinite(state)):
        raise ValueError(f"state must be finite numbers, shape (k,), got {state.tolist()}")
    columns = []
    for i in range(state.size):
        step = np.zeros_like(state)
        step[i] = eps
        columns.append((field(state + step) - field(state - step)) / (2 * eps))
    return np.stack(columns, axis=1)


def gradient_play(field, start, lr, steps, alternating=False, order=(0, 1)):
    """Gradient steps of a two-player game, ``state += lr * field(state)``.

    Simultaneous: both coordinates move at once. Alternating: the coordinates move one after the
    other in ``order``, each seeing the others' new values (``order=(1, 0)`` moves the second
    player first, as `GAN.train_step` moves the discriminator first).

    Returns the trajectory, shape ``(steps + 1, 2)``, starting with ``start``.
    """
    if not callable(field):
        raise TypeError(f"field must be a function of the state, got {field!r}")
    if arguments.real("lr", lr) <= 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    steps = arguments.integer("steps", steps, minimum=0)
    if not isinstance(order, (tuple, list)) or tuple(order) not in ((0, 1), (1, 0)):
        raise ValueError(f"order must be (0, 1) or (1, 0), got {order!r}")
    state = np.asarray(start, dtype=np.float64).copy()
    if state.shape != (2,):
        raise ValueError(f"start must have shape (2,), got {state.shape}")
    if not np.all(np.isfinite(state)):
        raise ValueError(f"start must be finite numbers, got {state.tolist()}")
    path = [state.copy()]
    for _ in range(steps):
        if alternating:
            for i in order:
                state[i] += lr * field(state)[i]
        else:
            state = state + lr * field(state)
        path.append(state.copy())
    return np.array(path)
