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
