import numpy as np
import pytest

from gan_tutorial import checks, theory


def test_right_answers_pass(capsys):
    checks.check_optimal_discriminator(
        lambda p, q: np.divide(p, p + q, out=np.full_like(p, 0.5), where=(p + q) > 0)
    )
    checks.check_jsd(theory.js_divergence)
    checks.check_bilinear_step(lambda x, y, lr: (x - lr * y, y + lr * x))
    checks.check_bilinear_step(
        lambda x, y, lr: (x - lr * y, y + lr * (x - lr * y)), alternating=True
    )
    assert capsys.readouterr().out.count("✓") == 4


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda p, q: q / (p + q + 1e-300), "that is 1 - D\\*"),
        (lambda p, q: np.full_like(p, 0.7), "not 1/2 where the densities are equal"),
        (lambda p, q: (p + 1e-3) / (p + q + 2e-3), "where only the data has mass"),
        (lambda p, q: float(p[0]), "one value per point"),
        (lambda p, q: 1 / 0, "d_star raised ZeroDivisionError"),
    ],
)
def test_wrong_optimal_discriminators_are_explained(answer, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_optimal_discriminator(answer)


def kl(p, q, x):
    return theory.kl_divergence(p, q, x)


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda p, q, x: kl(p, q, x), "yours gives inf"),
        (lambda p, q, x: 0.5 * kl(p, (p + q) / 2, x), "is symmetric|forget to add"),
        (lambda p, q, x: theory.js_divergence(p, q, x) / np.log(2), "log 2"),
        (lambda p, q, x: 1.0, "with itself must be 0"),
    ],
)
def test_wrong_jsds_are_explained(answer, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_jsd(answer)


def test_wrong_bilinear_steps_are_explained():
    with pytest.raises(AssertionError, match="that is the alternating step"):
        checks.check_bilinear_step(lambda x, y, lr: (x - lr * y, y + lr * (x - lr * y)))
    with pytest.raises(AssertionError, match="signs are swapped"):
        checks.check_bilinear_step(lambda x, y, lr: (x + lr * y, y - lr * x))
    with pytest.raises(AssertionError, match="yours gives"):
        checks.check_bilinear_step(lambda x, y, lr: (x, y))
