import json
import os
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest

from gan_tutorial import GAN, data, losses, models

TARGET = data.gaussian_1d(3.0, 0.5)


def make_gan(latent_dim=4, dim=1, seed=0):
    return GAN(
        models.mlp_generator(latent_dim, dim, hidden=(32, 32)),
        models.mlp_discriminator(dim, hidden=(32, 32)),
        seed=seed,
    )


def adam(lr=1e-3):
    return keras.optimizers.Adam(lr, beta_1=0.5)


def compiled(loss="non_saturating", **kwargs):
    gan = make_gan()
    gan.compile(d_optimizer=adam(), g_optimizer=adam(), loss=loss, **kwargs)
    return gan


def test_learns_a_1d_gaussian():
    """Quality on a small budget: 600 steps move N(0-ish, ?) onto N(3, 0.5^2)."""
    gan = compiled(steps_per_execution=20)
    history = gan.fit(TARGET.sample(256 * 50, seed=1), batch_size=256, epochs=12, verbose=0)
    samples = gan.generate(10_000, seed=0)
    assert abs(samples.mean() - 3.0) < 0.15
    assert abs(samples.std() - 0.5) < 0.1
    assert set(history.history) == {"d_loss", "g_loss", "d_real", "d_fake"}
    # near equilibrium the discriminator can no longer tell: D(x) ~ D(G(z)) ~ 1/2
    assert abs(history.history["d_real"][-1] - 0.5) < 0.1
    assert abs(history.history["d_fake"][-1] - 0.5) < 0.1


@pytest.mark.parametrize(
    "loss", ["minimax", "non_saturating", "wasserstein", "hinge", "least_squares"]
)
def test_every_loss_trains_and_reports_finite_metrics(loss):
    gan = compiled(loss=loss)
    history = gan.fit(TARGET.sample(64 * 5, seed=1), batch_size=64, epochs=1, verbose=0)
    assert all(np.isfinite(v[-1]) for v in history.history.values())
    assert ("gradient_penalty" in history.history) == (loss == "wasserstein")


def test_d_steps_updates_discriminator_more_often():
    gan = compiled(d_steps=3)
    gan.fit(TARGET.sample(64 * 7, seed=1), batch_size=64, epochs=1, verbose=0)
    assert int(gan.g_optimizer.iterations) == 7
    assert int(gan.d_optimizer.iterations) == 21


def _frozen_constant_generator_gan(seed=0):
    """A GAN whose generator writes 0 whatever the noise (zero weights, learning rate 0), so the
    discriminator's updates depend only on the real batches it is given."""
    generator = models.mlp_generator(4, 1, hidden=(8,))
    generator.set_weights([np.zeros_like(w) for w in generator.get_weights()])
    keras.utils.set_random_seed(seed)
    gan = GAN(generator, models.mlp_discriminator(1, hidden=(16,)), seed=seed)
    return gan


def test_fresh_real_gives_each_discriminator_update_its_own_slice():
    """d_steps=2 with fresh_real on a batch [a; b] makes the updates that one step on a and
    then one on b make; without it, both updates read [a; b]."""
    a = np.full((8, 1), -1.0, np.float32)
    b = np.linspace(1.0, 3.0, 8, dtype=np.float32)[:, None]

    def trained(d_steps, fresh_real, batches):
        gan = _frozen_constant_generator_gan()
        gan.compile(
            d_optimizer=keras.optimizers.SGD(0.5),
            g_optimizer=keras.optimizers.SGD(0.0),
            d_steps=d_steps,
            fresh_real=fresh_real,
        )
        for batch in batches:
            gan.train_on_batch(batch)
        return gan.discriminator.get_weights()

    fresh = trained(2, True, [np.concatenate([a, b])])
    one_by_one = trained(1, False, [a, b])
    same_batch = trained(2, False, [np.concatenate([a, b])])
    for w_fresh, w_ref in zip(fresh, one_by_one):
        np.testing.assert_allclose(w_fresh, w_ref, rtol=1e-5, atol=1e-6)
    assert max(np.abs(x - y).max() for x, y in zip(fresh, same_batch)) > 1e-3


def test_fresh_real_needs_batches_that_split_evenly():
    gan = compiled(d_steps=2, fresh_real=True)
    with pytest.raises(ValueError, match="fresh_real=True with d_steps=2 needs batches of a "):
        gan.train_on_batch(np.zeros((5, 1), np.float32))
    with pytest.raises(ValueError, match="fresh_real must be True or False, got 'yes'"):
        compiled(fresh_real="yes")


def test_r1_penalty_is_tracked_with_its_closed_form():
    """A linear discriminator psi * x has input gradient psi, so R1 = psi^2; with a zero
    learning rate psi stays 3."""
    gan = GAN(models.dirac_generator(1.0), models.linear_discriminator(3.0))
    gan.compile(d_optimizer=keras.optimizers.SGD(0.0), g_optimizer="sgd", r1_weight=10.0)
    history = gan.fit(np.zeros((64, 1), np.float32), batch_size=16, epochs=1, verbose=0)
    assert history.history["r1_penalty"][-1] == pytest.approx(9.0)


def test_steps_per_execution_runs_every_step():
    gan = compiled(steps_per_execution=10)
    gan.fit(TARGET.sample(32 * 30, seed=1), batch_size=32, epochs=2, verbose=0)
    assert int(gan.g_optimizer.iterations) == 60


def test_generate_is_repeatable_by_seed():
    gan = make_gan()
    np.testing.assert_array_equal(gan.generate(50, seed=7), gan.generate(50, seed=7))
    assert not np.array_equal(gan.generate(50, seed=7), gan.generate(50, seed=8))
    assert gan.generate(5).shape == (5, 1)
    np.testing.assert_allclose(gan(np.zeros((2, 4), np.float32)).shape, (2, 1))
    in_batches = gan.generate(50, seed=7, batch_size=8)  # the last batch has 2 samples
    np.testing.assert_allclose(in_batches, gan.generate(50, seed=7), rtol=1e-5, atol=1e-6)


def test_save_and_load_round_trip(tmp_path):
    gan = GAN(models.mlp_generator(4, 1, (16,)), models.mlp_discriminator(1, (16,)), seed=3)
    gan.compile(
        d_optimizer=adam(2e-3),
        g_optimizer=adam(),
        loss=losses.Wasserstein(5.0),
        d_steps=2,
        fresh_real=True,
    )
    gan.fit(TARGET.sample(64 * 4, seed=1), batch_size=64, epochs=1, verbose=0)
    path = tmp_path / "gan.keras"
    gan.save(path)
    loaded = keras.models.load_model(path)
    assert isinstance(loaded, GAN)
    np.testing.assert_array_equal(loaded.generate(20, seed=1), gan.generate(20, seed=1))
    for a, b in zip(loaded.discriminator.get_weights(), gan.discriminator.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert loaded.adversarial_loss.gradient_penalty_weight == 5.0
    assert loaded.d_steps == 2 and loaded.latent_dim == 4 and loaded.seed == 3
    assert loaded.fresh_real
    assert float(loaded.d_optimizer.learning_rate) == pytest.approx(2e-3)
    # optimizer state comes back too, so training resumes where it stopped
    assert int(loaded.g_optimizer.iterations) == 4 and int(loaded.d_optimizer.iterations) == 8
    for a, b in zip(loaded.g_optimizer.variables, gan.g_optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    loaded.fit(TARGET.sample(64 * 2, seed=2), batch_size=64, epochs=1, verbose=0)
    assert int(loaded.g_optimizer.iterations) == 6


def test_mixed_precision_wraps_optimizers_and_trains():
    keras.config.set_dtype_policy("mixed_float16")
    gan = compiled()
    assert isinstance(gan.d_optimizer, keras.optimizers.LossScaleOptimizer)
    assert isinstance(gan.g_optimizer, keras.optimizers.LossScaleOptimizer)
    history = gan.fit(TARGET.sample(64 * 3, seed=1), batch_size=64, epochs=1, verbose=0)
    assert all(np.isfinite(v[-1]) for v in history.history.values())
    assert gan.generate(4).dtype == np.float32


class RecordingGenerator(keras.Model):
    """A linear generator that records every latent batch it is given (run eagerly)."""

    def __init__(self):
        super().__init__()
        self.linear = keras.layers.Dense(1, use_bias=False)
        self.seen = []

    def call(self, z, training=False):
        self.seen.append(np.array(z))
        return self.linear(z)


@pytest.mark.parametrize("reuse_fakes", [False, True])
def test_the_generator_step_uses_new_noise_or_the_discriminators_samples(reuse_fakes):
    """One eager step with plain SGD: the generator's update is the gradient of its loss on the
    latent batch it should use (new noise by default; with reuse_fakes the discriminator step's),
    scored by the updated discriminator."""
    g = RecordingGenerator()
    g(np.zeros((1, 2), np.float32))
    g.seen.clear()
    d = models.mlp_discriminator(1, (8,))
    gan = GAN(g, d, latent_dim=2, seed=0)
    lr = 0.1
    gan.compile(
        d_optimizer=keras.optimizers.SGD(0.5),
        g_optimizer=keras.optimizers.SGD(lr),
        reuse_fakes=reuse_fakes,
        run_eagerly=True,
    )
    w_before = g.linear.kernel.numpy().copy()
    gan.fit(TARGET.sample(16, seed=1), batch_size=16, epochs=1, verbose=0)
    assert len(g.seen) == (1 if reuse_fakes else 2)  # generator passes in the step
    z = g.seen[-1]
    if not reuse_fakes:
        assert not np.allclose(g.seen[0], g.seen[1])
    # the expected update, by hand: d/dW of -log sigmoid(D(z W)) with the updated D
    w = keras.Variable(w_before)
    import tensorflow as tf

    with tf.GradientTape() as tape:
        fake = keras.ops.matmul(z, w)
        g_loss = losses.get("non_saturating").generator_loss(d(fake))
    expected = w_before - lr * tape.gradient(g_loss, w).numpy()
    np.testing.assert_allclose(g.linear.kernel.numpy(), expected, rtol=1e-5, atol=1e-7)


def test_reuse_fakes_must_be_a_bool():
    with pytest.raises(ValueError, match="reuse_fakes must be True or False"):
        compiled(reuse_fakes=1)


# --------------------------------------------------------------------------- bad input
def test_unknown_loss_name():
    with pytest.raises(ValueError, match="unknown loss 'wgan'"):
        compiled(loss="wgan")


@pytest.mark.parametrize("d_steps", [0, -1, 1.5, True, "2"])
def test_d_steps_must_be_a_positive_integer(d_steps):
    with pytest.raises(ValueError, match="d_steps must be an integer >= 1"):
        compiled(d_steps=d_steps)


def test_optimizers_must_be_distinct():
    gan = make_gan()
    shared = adam()
    with pytest.raises(ValueError, match="two optimizer instances"):
        gan.compile(d_optimizer=shared, g_optimizer=shared)


def test_compile_rejects_plain_keras_arguments():
    with pytest.raises(ValueError, match="not optimizer="):
        make_gan().compile(optimizer="adam")
    with pytest.raises(ValueError, match="r1_weight must be a finite number >= 0"):
        compiled(r1_weight=-1)
    with pytest.raises(ValueError, match="r1_weight must be a finite number >= 0, got 'high'"):
        compiled(r1_weight="high")
    with pytest.raises(ValueError, match="r1_weight must be a finite number >= 0, got nan"):
        compiled(r1_weight=float("nan"))


def test_generator_and_discriminator_shapes_must_agree():
    with pytest.raises(ValueError, match=r"samples of shape \(2,\).*samples of shape \(3,\)"):
        GAN(models.mlp_generator(4, 2), models.mlp_discriminator(3))


def test_data_shape_must_match_the_generator():
    gan = GAN(models.mlp_generator(4, 2, (8,)), models.mlp_discriminator(2, (8,)))
    gan.compile(d_optimizer=adam(), g_optimizer=adam())
    with pytest.raises(ValueError, match=r"training data has samples of shape \(3,\).*\(2,\)"):
        gan.fit(np.zeros((64, 3), np.float32), batch_size=32, epochs=1, verbose=0)


def test_networks_must_be_built_keras_models():
    with pytest.raises(ValueError, match="generator is not built"):
        GAN(keras.Sequential([keras.layers.Dense(1)]), models.mlp_discriminator(1))
    with pytest.raises(TypeError, match="discriminator must be a keras.Model"):
        GAN(models.mlp_generator(4, 1), lambda x: x)


def test_training_before_compile_says_so():
    with pytest.raises(ValueError, match="compile"):
        make_gan().fit(np.zeros((8, 1), np.float32), batch_size=8, verbose=0)


def test_generate_needs_a_positive_count():
    with pytest.raises(ValueError, match="num_samples must be an integer >= 1"):
        make_gan().generate(0)


def test_bad_training_data_is_refused_before_any_step():
    """Strings, no samples, NaN or inf, labels for an unconditional GAN: each a clear error at
    fit, and no step is taken."""
    gan = compiled()
    good = TARGET.sample(64, seed=1)
    with pytest.raises(TypeError, match="x must be an array of numbers, got dtype <U"):
        gan.fit(np.array([["a"], ["b"]]), verbose=0)
    with pytest.raises(ValueError, match=r"x must hold at least one sample, got shape \(0, 1\)"):
        gan.fit(np.zeros((0, 1)), verbose=0)
    for bad in (np.nan, np.inf):
        broken = good.copy()
        broken[5, 0] = bad
        with pytest.raises(
            ValueError, match=r"x has 1 NaN or infinite values \(the first in sample 5\)"
        ):
            gan.fit(broken, verbose=0)
    with pytest.raises(ValueError, match="this GAN is unconditional .* y of shape \\(64,\\)"):
        gan.fit(good, np.zeros(64, int), verbose=0)
    assert int(gan.g_optimizer.iterations.numpy()) == 0


def test_a_conditional_gan_refuses_labels_that_are_not_classes():
    g = models.mlp_generator(4, 1, hidden=(8,), num_classes=3)
    d = models.mlp_discriminator(1, hidden=(8,), num_classes=3)
    gan = GAN(g, d, num_classes=3, seed=0)
    gan.compile(d_optimizer=adam(), g_optimizer=adam())
    x = TARGET.sample(4, seed=1)
    with pytest.raises(ValueError, match=r"y must hold whole-number class labels, got \[0.5"):
        gan.fit(x, np.array([0.5, 1.7, 0.0, 2.0]), verbose=0)
    with pytest.raises(ValueError, match=r"labels in \[0, 3\), got 0 to 5"):
        gan.fit(x, np.array([0, 1, 5, 2]), verbose=0)
    assert int(gan.g_optimizer.iterations.numpy()) == 0


def test_latent_dim_and_learning_rates_are_checked():
    with pytest.raises(ValueError, match="latent_dim=8, but the generator reads z of shape"):
        GAN(models.mlp_generator(4, 1), models.mlp_discriminator(1), latent_dim=8)
    for rate in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="d_optimizer's learning_rate must be a finite number"):
            make_gan().compile(d_optimizer=adam(rate), g_optimizer=adam())
    with pytest.raises(ValueError, match="g_optimizer's learning_rate must be a finite number"):
        make_gan().compile(d_optimizer=adam(), g_optimizer=keras.optimizers.SGD(-0.1))
    make_gan().compile(d_optimizer=adam(), g_optimizer=keras.optimizers.SGD(0.0))  # a frozen G


# ------------------------------------------------------------------------- tf.distribute
MIRRORED = textwrap.dedent(
    """
    import json, warnings
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import keras
    from gan_tutorial import GAN, data, models, set_seed
    set_seed(0)
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    with strategy.scope():
        gan = GAN(models.mlp_generator(4, 1, (32, 32)), models.mlp_discriminator(1, (32, 32)))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gan.compile(d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                        steps_per_execution=10)
    x = data.gaussian_1d(3.0, 0.5).sample(256 * 50, seed=1)
    ds = tf.data.Dataset.from_tensor_slices(x).shuffle(10_000, seed=0)
    ds = ds.batch(256, drop_remainder=True)
    gan.fit(ds, epochs=12, verbose=0)
    noise = strategy.run(tf.function(lambda: gan._noise(4)))
    first, second = strategy.experimental_local_results(noise)
    s = gan.generate(10_000, seed=0)
    print(json.dumps({"replicas": strategy.num_replicas_in_sync, "mean": float(s.mean()),
                      "std": float(s.std()), "steps": int(gan.g_optimizer.iterations.numpy()),
                      "warned": any("steps_per_execution" in str(w.message) for w in caught),
                      "same_noise": bool((first.numpy() == second.numpy()).all())}))
    """
)


def test_trains_unchanged_under_mirrored_strategy_on_two_cpus():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    out = subprocess.run(
        [sys.executable, "-c", MIRRORED], capture_output=True, text=True, env=env, timeout=600
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["replicas"] == 2
    assert result["steps"] == 12 * 50
    assert abs(result["mean"] - 3.0) < 0.15 and abs(result["std"] - 0.5) < 0.1
    assert result["warned"]
    assert not result["same_noise"], "each replica must draw its own noise"


def test_the_training_step_reads_as_algorithm_1():
    """Chapter 1 prints `train_step`: it is short, and the options live in its helpers."""
    import inspect

    source = inspect.getsource(GAN.train_step)
    assert len(source.splitlines()) <= 30
    for option in ("unroll", "r1", "gradient_penalty", "replicas", "tf.debugging"):
        assert option not in source, option


def test_fit_on_a_dataset_does_not_ask_keras_to_shuffle_it():
    import warnings

    import tensorflow as tf

    gan = compiled()
    x = TARGET.sample(64, seed=0).astype("float32")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(32), epochs=1, verbose=0)
        gan.fit(x, batch_size=32, epochs=1, verbose=0)  # arrays: shuffled, as Keras does
    assert not [w for w in caught if "shuffle" in str(w.message)]


def test_importing_the_package_prints_nothing_to_stderr():
    """TensorFlow's C++ start-up lines ignore TF_CPP_MIN_LOG_LEVEL; the package silences them,
    so a learner's notebook shows none (with the set-up cell's level 3, nor do later ops)."""
    code = "import gan_tutorial, keras; print(float(keras.ops.sum(keras.ops.ones(3))))"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "3.0"
    assert done.stderr == ""
