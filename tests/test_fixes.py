import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from gan_tutorial import GAN, data, fixes, models
from gan_tutorial.fixes import MinibatchStd, PackSamples, spectral_norm, unrolled_logits


def test_packing_reshapes_without_mixing_samples_across_packs():
    x = np.arange(12 * 2, dtype="float32").reshape(12, 2)  # sample i = (2i, 2i + 1)
    packed = keras.ops.convert_to_numpy(PackSamples(3)(x))
    assert packed.shape == (4, 6)
    for pack in range(4):
        expected = np.concatenate([x[3 * pack + j] for j in range(3)])
        np.testing.assert_array_equal(packed[pack], expected)
    with pytest.raises(ValueError, match=r"batch \(10\) must be a multiple of the pack size m=3"):
        PackSamples(3)(np.zeros((10, 2), "float32"))


def test_packed_discriminator_scores_packs():
    d = models.mlp_discriminator(2, (8,), pack=4)
    assert d(np.zeros((16, 2), "float32")).shape == (4, 1)
    gan = GAN(models.mlp_generator(3, 2, (8,)), d)
    gan.compile(d_optimizer="adam", g_optimizer="adam", loss="wasserstein")  # GP packs too
    history = gan.fit(data.ring().sample(64, seed=0), batch_size=32, epochs=1, verbose=0)
    assert all(np.isfinite(v[-1]) for v in history.history.values())


def test_minibatch_std_known_values():
    # group_size 2: sample i is grouped with sample i + 2
    x = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 4.0], [1.0, 1.0]], "float32")
    out = keras.ops.convert_to_numpy(MinibatchStd(group_size=2, epsilon=0.0)(x))
    assert out.shape == (4, 3)
    np.testing.assert_allclose(out[:, :2], x)
    # group {0, 2}: feature stds 1 and 2 -> 1.5; group {1, 3}: identical -> 0
    np.testing.assert_allclose(out[:, 2], [1.5, 0.0, 1.5, 0.0], atol=1e-6)
    with pytest.raises(ValueError, match="multiple of group_size=4"):
        MinibatchStd(4)(np.zeros((6, 2), "float32"))


def test_spectral_normalization_holds_the_constraint_when_training():
    layer = spectral_norm(keras.layers.Dense(5, kernel_initializer="orthogonal"))
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    layer(x)
    layer.layer.kernel.assign(10.0 * layer.layer.kernel)  # sigma_max = 10
    layer(x, training=False)
    sigma = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)[0]
    assert sigma == pytest.approx(10.0, rel=1e-3)  # inference leaves the kernel alone
    for _ in range(5):
        layer(x, training=True)
    sigma = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)[0]
    assert sigma == pytest.approx(1.0, abs=1e-3)


def test_spectral_normalization_in_gan_training_keeps_kernels_near_unit_norm():
    d = models.mlp_discriminator(2, (32, 32), spectral_normalization=True)
    gan = GAN(models.mlp_generator(4, 2, (32,)), d)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer="adam", loss="hinge")
    gan.fit(data.ring().sample(64 * 20, seed=0), batch_size=64, epochs=1, verbose=0)
    d(np.zeros((4, 2), "float32"), training=True)  # the forward pass renormalises
    for layer in d.layers:
        sigma = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)[0]
        assert sigma == pytest.approx(1.0, abs=0.05), layer.name


def test_minibatch_std_discriminator_trains():
    d = models.mlp_discriminator(2, (16, 16), minibatch_std=True)
    assert any(isinstance(layer, MinibatchStd) for layer in d.layers)
    gan = GAN(models.mlp_generator(4, 2, (16,)), d)
    gan.compile(d_optimizer="adam", g_optimizer="adam")
    history = gan.fit(data.ring().sample(64, seed=0), batch_size=32, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][-1])


def unrolled_pair(unroll_steps, d_learning_rate=0.0):
    keras.utils.set_random_seed(1)
    gan = GAN(models.mlp_generator(4, 2, (16,)), models.mlp_discriminator(2, (16,)), seed=0)
    gan.compile(
        d_optimizer=keras.optimizers.SGD(d_learning_rate),
        g_optimizer=keras.optimizers.SGD(0.1),
        unroll_steps=unroll_steps,
        unroll_learning_rate=0.5,
    )
    return gan


def test_unrolled_step_leaves_the_real_discriminator_unchanged():
    gan = unrolled_pair(unroll_steps=5)  # the discriminator's own learning rate is 0
    d_before = [w.copy() for w in gan.discriminator.get_weights()]
    g_before = [w.copy() for w in gan.generator.get_weights()]
    gan.fit(data.ring().sample(32, seed=0), batch_size=32, epochs=1, verbose=0)
    for a, b in zip(d_before, gan.discriminator.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert any(not np.allclose(a, b) for a, b in zip(g_before, gan.generator.get_weights()))


def test_unrolling_changes_the_generator_update():
    """The generator's step differs with and without unrolling, from the same start."""
    moved = {}
    for k in (0, 5):
        gan = unrolled_pair(unroll_steps=k)
        before = [w.copy() for w in gan.generator.get_weights()]
        gan.fit(data.ring().sample(32, seed=0), batch_size=32, epochs=1, verbose=0)
        moved[k] = np.concatenate(
            [(a - b).ravel() for a, b in zip(gan.generator.get_weights(), before)]
        )
    assert not np.allclose(moved[0], moved[5], atol=1e-7)
    assert np.linalg.norm(moved[5]) > 0


def unrolled_generator_gradient(gan, real, z):
    with tf.GradientTape() as tape:
        logits = unrolled_logits(
            gan.discriminator,
            gan.adversarial_loss,
            real,
            gan.generator(z, training=True),
            gan.unroll_steps,
            gan.unroll_learning_rate,
        )
        loss = gan.adversarial_loss.generator_loss(logits)
    return loss, tape.gradient(loss, gan.generator.trainable_weights)


def test_unrolled_gradient_is_the_derivative_through_the_steps():
    """Against central differences of the unrolled loss along a random direction; with a tiny
    unrolling step it is the plain generator gradient. Smooth activations, so that the
    differences do not straddle a kink of a ReLU."""
    keras.utils.set_random_seed(1)
    gan = GAN(
        models.mlp_generator(4, 2, (16,), activation="tanh"),
        models.mlp_discriminator(2, (16,), activation="tanh"),
        seed=0,
    )
    gan.compile(d_optimizer="sgd", g_optimizer="sgd", unroll_steps=2, unroll_learning_rate=0.5)
    real = tf.constant(data.ring().sample(32, seed=0))
    z = tf.constant(np.random.default_rng(0).standard_normal((32, 4)), tf.float32)
    _, grads = unrolled_generator_gradient(gan, real, z)
    rng = np.random.default_rng(1)
    direction = [rng.standard_normal(w.shape).astype("float32") for w in grads]
    weights = gan.generator.trainable_weights
    start = [w.numpy() for w in weights]

    def loss_at(eps):
        for w, w0, d in zip(weights, start, direction):
            w.assign(w0 + eps * d)
        return float(unrolled_generator_gradient(gan, real, z)[0])

    numeric = (loss_at(1e-3) - loss_at(-1e-3)) / 2e-3
    loss_at(0.0)
    analytic = sum(float(np.sum(g.numpy() * d)) for g, d in zip(grads, direction))
    assert analytic == pytest.approx(numeric, rel=1e-2, abs=1e-4)

    gan.unroll_learning_rate = 1e-7
    _, unrolled = unrolled_generator_gradient(gan, real, z)
    with tf.GradientTape() as tape:
        loss = gan.adversarial_loss.generator_loss(
            gan.discriminator(gan.generator(z, training=True), training=True)
        )
    plain = tape.gradient(loss, weights)
    for a, b in zip(unrolled, plain):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)


def test_unroll_options_are_checked_and_saved(tmp_path):
    with pytest.raises(ValueError, match="unroll_steps must be an integer >= 0"):
        unrolled_pair(unroll_steps=-1)
    gan = GAN(models.mlp_generator(4, 2, (8,)), models.mlp_discriminator(2, (8,)))
    with pytest.raises(ValueError, match="unroll_learning_rate must be a finite number > 0"):
        gan.compile(
            d_optimizer="adam", g_optimizer="adam", unroll_steps=2, unroll_learning_rate=0.0
        )
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4), g_optimizer="adam", unroll_steps=3)
    assert gan.unroll_learning_rate == pytest.approx(2e-4)
    gan.save(tmp_path / "u.keras")
    loaded = keras.models.load_model(tmp_path / "u.keras")
    assert loaded.unroll_steps == 3 and loaded.unroll_learning_rate == pytest.approx(2e-4)


def test_two_time_scales_are_two_optimizers():
    gan = GAN(models.mlp_generator(4, 2, (8,)), models.mlp_discriminator(2, (8,)))
    gan.compile(d_optimizer=keras.optimizers.Adam(4e-4), g_optimizer=keras.optimizers.Adam(1e-4))
    assert float(gan.d_optimizer.learning_rate) == pytest.approx(
        4 * float(gan.g_optimizer.learning_rate)
    )


def value(x):
    return float(np.asarray(x))


class Linear:
    """A critic f(x) = x . w (no bias) whose input gradient is w everywhere."""

    def __init__(self, w):
        self.w = tf.constant(np.asarray(w, np.float32)[:, None])

    def __call__(self, x, training=False):
        return tf.matmul(tf.reshape(x, (tf.shape(x)[0], -1)), self.w)


def test_gradient_penalty_of_unit_slope_linear_critic_is_zero():
    real = np.random.default_rng(0).normal(size=(64, 2)).astype(np.float32)
    fake = np.random.default_rng(1).normal(size=(64, 2)).astype(np.float32)
    unit = Linear([0.6, 0.8])
    assert value(fixes.gradient_penalty(unit, real, fake, seed=0)) == pytest.approx(0, abs=1e-6)
    steep = Linear([1.2, 1.6])  # slope 2: penalty (2 - 1)^2 = 1
    assert value(fixes.gradient_penalty(steep, real, fake, seed=0)) == pytest.approx(1, rel=1e-5)


def test_gradient_penalty_draws_eps_uniform_per_example():
    """f(x) = sum(x^2) / 2 has gradient x, so the penalty reveals where x_hat lies. With real =
    (1, 1) and fake = (0, 0), one eps per example gives x_hat = (eps, eps), norm sqrt(2) eps and
    penalty E[(sqrt(2) eps - 1)^2] = 2/3 - sqrt(2) + 1 = 0.2525 for eps ~ U[0, 1]. One eps per
    coordinate would give 0.136, and eps ~ N(0, 1) about 1.2."""

    def quadratic(x, training=False):
        return 0.5 * tf.reduce_sum(x * x, axis=1, keepdims=True)

    n = 20000
    gp = value(
        fixes.gradient_penalty(
            quadratic, np.ones((n, 2), np.float32), np.zeros((n, 2), np.float32), seed=3
        )
    )
    assert gp == pytest.approx(2 / 3 - math.sqrt(2) + 1, abs=0.01)


def test_r1_penalty_is_squared_slope():
    real = np.random.default_rng(0).normal(size=(16, 2)).astype(np.float32)
    assert value(fixes.r1_penalty(Linear([3.0, 4.0]), real)) == pytest.approx(25.0, rel=1e-6)
