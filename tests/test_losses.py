import math

import numpy as np
import pytest
import tensorflow as tf

from gan_tutorial import losses

REAL = np.array([[-2.0], [0.0], [0.5], [3.0]], dtype=np.float32)
FAKE = np.array([[-1.0], [0.0], [1.5], [-4.0]], dtype=np.float32)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x.astype(np.float64)))


def value(x):
    return float(np.asarray(x))


def test_minimax_matches_the_value_function():
    d_real, d_fake = sigmoid(REAL), sigmoid(FAKE)
    loss = losses.get("minimax")
    expected_d = -np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))
    assert value(loss.discriminator_loss(REAL, FAKE)) == pytest.approx(expected_d, rel=1e-6)
    assert value(loss.generator_loss(FAKE)) == pytest.approx(np.mean(np.log(1 - d_fake)), rel=1e-6)


def test_non_saturating_generator_loss_is_minus_log_d():
    loss = losses.get("non_saturating")
    expected = -np.mean(np.log(sigmoid(FAKE)))
    assert value(loss.generator_loss(FAKE)) == pytest.approx(expected, rel=1e-6)
    # same discriminator as the minimax game
    assert value(loss.discriminator_loss(REAL, FAKE)) == pytest.approx(
        value(losses.Minimax().discriminator_loss(REAL, FAKE)), rel=1e-7
    )


def test_discriminator_loss_at_chance_is_log_4():
    zeros = np.zeros((8, 1), np.float32)
    assert value(losses.get("minimax").discriminator_loss(zeros, zeros)) == pytest.approx(
        math.log(4)
    )


def test_wasserstein_hinge_least_squares_closed_forms():
    w = losses.get("wasserstein")
    assert value(w.discriminator_loss(REAL, FAKE)) == pytest.approx(FAKE.mean() - REAL.mean())
    assert value(w.generator_loss(FAKE)) == pytest.approx(-FAKE.mean())
    h = losses.get("hinge")
    expected = np.maximum(0, 1 - REAL).mean() + np.maximum(0, 1 + FAKE).mean()
    assert value(h.discriminator_loss(REAL, FAKE)) == pytest.approx(expected)
    assert value(h.generator_loss(FAKE)) == pytest.approx(-FAKE.mean())
    ls = losses.get("least_squares")
    expected = 0.5 * ((REAL - 1) ** 2).mean() + 0.5 * (FAKE**2).mean()
    assert value(ls.discriminator_loss(REAL, FAKE)) == pytest.approx(expected)
    assert value(ls.generator_loss(FAKE)) == pytest.approx(0.5 * ((FAKE - 1) ** 2).mean())


@pytest.mark.parametrize(
    "name", ["minimax", "non_saturating", "wasserstein", "hinge", "least_squares"]
)
def test_losses_stay_finite_for_extreme_logits(name):
    big = np.array([[-200.0], [200.0]], np.float32)
    loss = losses.get(name)
    assert np.isfinite(value(loss.discriminator_loss(big, big)))
    assert np.isfinite(value(loss.generator_loss(big)))


def test_saturating_gradient_vanishes_where_non_saturating_does_not():
    """When D rejects a fake confidently (logit -10, D = 4.5e-5), the minimax generator gets a
    gradient of about D itself while the non-saturating one gets about -1."""
    logit = tf.Variable([[-10.0]])
    grads = {}
    for name in ("minimax", "non_saturating"):
        with tf.GradientTape() as tape:
            g_loss = losses.get(name).generator_loss(logit)
        grads[name] = float(tape.gradient(g_loss, logit)[0, 0])
    d = 1 / (1 + math.exp(10))
    assert grads["minimax"] == pytest.approx(-d, rel=1e-4)
    assert grads["non_saturating"] == pytest.approx(-(1 - d), rel=1e-4)


def test_get_by_name_instance_and_config():
    assert isinstance(losses.get("hinge"), losses.Hinge)
    w = losses.Wasserstein(gradient_penalty=5.0)
    assert losses.get(w) is w
    again = losses.get(w.get_config())
    assert isinstance(again, losses.Wasserstein) and again.gradient_penalty_weight == 5.0
    assert losses.get("wasserstein").gradient_penalty_weight == 10.0
    assert losses.get("non_saturating").gradient_penalty_weight == 0.0


def test_unknown_loss_names_the_choices():
    with pytest.raises(ValueError, match="unknown loss 'vanilla'.*least_squares.*non_saturating"):
        losses.get("vanilla")
    with pytest.raises(TypeError, match="loss must be a name"):
        losses.get(3)
    with pytest.raises(ValueError, match="gradient_penalty must be a finite number >= 0"):
        losses.Wasserstein(gradient_penalty=-1)
    with pytest.raises(ValueError, match="gradient_penalty must be a finite number >= 0"):
        losses.Wasserstein(gradient_penalty=float("nan"))
