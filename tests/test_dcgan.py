import keras
import numpy as np
import pytest

from gan_tutorial import GAN, models


@pytest.mark.parametrize("size", [28, 8])
def test_dcgan_shapes_after_each_layer(size):
    g = models.dcgan_generator(latent_dim=16, image_size=size, width=8)
    d = models.dcgan_discriminator(image_size=size, width=8)
    shapes = [layer.output.shape[1:] for layer in g.layers]
    quarter = size // 4
    assert (quarter, quarter, 32) in shapes and (size // 2, size // 2, 16) in shapes
    assert g.output_shape == (None, size, size, 1)
    images = keras.ops.convert_to_numpy(g(np.random.default_rng(0).normal(size=(5, 16))))
    assert images.shape == (5, size, size, 1)
    assert np.all(np.abs(images) <= 1.0)  # tanh
    assert d.output_shape == (None, 1)
    assert keras.ops.convert_to_numpy(d(images)).shape == (5, 1)


def test_dcgan_pair_trains_in_the_gan_loop():
    g = models.dcgan_generator(latent_dim=8, image_size=8, width=4)
    d = models.dcgan_discriminator(image_size=8, width=4)
    gan = GAN(g, d, seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4), g_optimizer=keras.optimizers.Adam(2e-4))
    x = np.random.default_rng(0).uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    before = [w.copy() for w in g.get_weights()]
    history = gan.fit(x, batch_size=16, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][-1])
    assert any(not np.allclose(a, b) for a, b in zip(before, g.get_weights()))
    assert gan.generate(3, seed=1).shape == (3, 8, 8, 1)


def test_dcgan_arguments_are_checked():
    with pytest.raises(ValueError, match=r"image_size must be one of \(8, 28\), got 32"):
        models.dcgan_generator(image_size=32)
    with pytest.raises(ValueError, match="width must be a positive integer"):
        models.dcgan_discriminator(width=0)
    with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\)"):
        models.dcgan_discriminator(dropout=1.0)


def conditional_pair(seed=0):
    keras.utils.set_random_seed(seed)
    g = models.dcgan_generator(latent_dim=8, image_size=8, width=4, num_classes=10)
    d = models.dcgan_discriminator(image_size=8, width=4, num_classes=10)
    return GAN(g, d, seed=seed, num_classes=10)


def test_a_conditional_gan_trains_on_pairs_and_makes_the_asked_labels(tmp_path):
    gan = conditional_pair()
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4), g_optimizer=keras.optimizers.Adam(2e-4))
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    y = rng.integers(0, 10, 64)
    history = gan.fit(x, y, batch_size=16, epochs=1, verbose=0)
    assert np.isfinite(history.history["g_loss"][-1])
    z = rng.standard_normal((10, 8)).astype("float32")
    by_label = gan.sample_from(np.repeat(z[:1], 10, axis=0), labels=np.arange(10))
    assert by_label.shape == (10, 8, 8, 1)
    assert not np.allclose(by_label[0], by_label[1])  # the label changes the image
    # the default labels cycle through the classes, so the same seed gives the same images
    np.testing.assert_array_equal(
        gan.generate(20, seed=3), gan.generate(20, seed=3, labels=np.arange(20) % 10)
    )
    logits = [gan.discriminator([x[:1], np.array([c])]) for c in (0, 1)]
    assert not np.allclose(*logits)  # the discriminator reads the label
    gan.save(tmp_path / "cgan.keras")
    loaded = keras.models.load_model(tmp_path / "cgan.keras")
    assert loaded.num_classes == 10
    np.testing.assert_allclose(loaded.generate(4, seed=1), gan.generate(4, seed=1), atol=1e-6)


def test_the_labels_reach_the_penalties_and_the_unrolled_steps():
    gan = conditional_pair()
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-4),
        g_optimizer=keras.optimizers.Adam(2e-4),
        loss="wasserstein",
        r1_weight=1.0,
        unroll_steps=2,
    )
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    logs = gan.fit(x, rng.integers(0, 10, 32), batch_size=16, epochs=1, verbose=0).history
    assert all(np.isfinite(logs[k][-1]) for k in ("gradient_penalty", "r1_penalty", "g_loss"))
    with pytest.raises(ValueError, match=r"y must hold class labels in \[0, 10\), got 10 to 10"):
        gan.fit(x, np.full(32, 10), batch_size=16, epochs=1, verbose=0)


def test_a_conditional_gan_names_what_is_wrong():
    gan = conditional_pair()
    gan.compile()
    x = np.zeros((16, 8, 8, 1), "float32")
    with pytest.raises(ValueError, match=r"trains on \(samples, labels\) pairs"):
        gan.fit(x, batch_size=16, epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"labels must be 3 ints in \[0, 10\), got \[0, 1, 10\]"):
        gan.generate(3, labels=[0, 1, 10])
    with pytest.raises(ValueError, match="labels must be 2 ints"):
        gan.generate(2, labels=[0.5, 1.0])
    plain_g = models.dcgan_generator(latent_dim=8, image_size=8, width=4)
    with pytest.raises(ValueError, match="needs a generator with two inputs"):
        GAN(plain_g, gan.discriminator, num_classes=10)
    with pytest.raises(ValueError, match="num_classes must be an integer >= 2"):
        GAN(gan.generator, gan.discriminator, num_classes=1)
    unconditional = GAN(plain_g, models.dcgan_discriminator(image_size=8, width=4))
    with pytest.raises(ValueError, match="labels are for a conditional GAN"):
        unconditional.generate(2, labels=[0, 1])


def test_conditioning_produces_the_asked_digit(tmp_path):
    """Quality: a class-conditional DCGAN trained for 30 epochs on the 8x8 digits (about 8 s)
    makes the digit it is asked for, as a classifier trained on real digits judges it; before
    training it makes each asked digit about one time in ten."""
    import gan_tutorial as gt
    from gan_tutorial.data import images
    from gan_tutorial.metrics import DigitJudge

    judge = DigitJudge.load_or_train(image_size=8, cache=tmp_path)
    gt.set_seed(0)
    (x, y), _ = images.digits_8x8()
    gan = GAN(
        models.dcgan_generator(32, 8, 16, num_classes=10),
        models.dcgan_discriminator(8, 16, num_classes=10),
        num_classes=10,
        seed=0,
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        loss="non_saturating",
        steps_per_execution=10,
    )
    asked = np.arange(500) % 10

    def judged():
        made = judge.probabilities(gan.generate(500, seed=1, labels=asked)).argmax(axis=1)
        return np.array([np.mean(made[asked == c] == c) for c in range(10)])

    assert judged().mean() < 0.3
    gan.fit(images.image_dataset(x, y, batch_size=64), epochs=30, verbose=0)
    per_class = judged()
    assert per_class.mean() >= 0.85, per_class
    assert per_class.min() >= 0.5, per_class


def test_mixed_bfloat16_networks_compute_in_bfloat16_and_train():
    g = models.dcgan_generator(8, 8, 4, num_classes=3, dtype="mixed_bfloat16")
    d = models.dcgan_discriminator(8, 4, num_classes=3, dtype="mixed_bfloat16")
    outputs = (g.layers[-1], d.layers[-1])
    hidden = [layer for layer in g.layers + d.layers if layer.weights and layer not in outputs]
    assert len(hidden) >= 8 and all(layer.compute_dtype == "bfloat16" for layer in hidden)
    assert all(layer.compute_dtype == "float32" for layer in outputs)
    assert all(w.dtype == "float32" for w in g.weights + d.weights)  # weights stay float32
    z, labels = keras.ops.zeros((2, 8)), keras.ops.convert_to_tensor([0, 2])
    images = g([z, labels])
    assert images.dtype == "float32" and d([images, labels]).dtype == "float32"
    gan = GAN(g, d, num_classes=3, seed=0)
    gan.compile(loss="non_saturating")
    x = np.random.default_rng(0).uniform(-1, 1, (16, 8, 8, 1)).astype(np.float32)
    before = [w.numpy().copy() for w in g.trainable_weights]
    logs = gan.fit(x, np.arange(16) % 3, batch_size=8, epochs=1, verbose=0).history
    assert np.isfinite(logs["d_loss"][0]) and np.isfinite(logs["g_loss"][0])
    assert any(not np.allclose(b, w.numpy()) for b, w in zip(before, g.trainable_weights))
