"""Multilayer perceptrons for low-dimensional data (1D and 2D toy distributions)."""

import keras

__all__ = ["mlp_generator", "mlp_discriminator"]


def _check_sizes(name, value):
    value = tuple(int(v) for v in value)
    if any(v < 1 for v in value):
        raise ValueError(f"{name} must be positive layer widths, got {value}")
    return value


def mlp_generator(latent_dim, output_dim, hidden=(128, 128), activation="relu", name="generator"):
    """z ``(batch, latent_dim)`` -> samples ``(batch, output_dim)``, linear output."""
    hidden = _check_sizes("hidden", hidden)
    layers = [keras.Input((int(latent_dim),), name="z")]
    layers += [keras.layers.Dense(width, activation=activation) for width in hidden]
    layers.append(keras.layers.Dense(int(output_dim), name="sample", dtype="float32"))
    return keras.Sequential(layers, name=name)


def mlp_discriminator(
    input_dim,
    hidden=(128, 128),
    activation="leaky_relu",
    name="discriminator",
    pack=1,
    minibatch_std=False,
    spectral_normalization=False,
):
    """samples ``(batch, input_dim)`` -> one raw score (logit) per sample, ``(batch, 1)``.

    Options against mode collapse (`gan_tutorial.stabilize`): ``pack=m`` judges m samples at
    once (PacGAN; the output is then ``(batch / m, 1)``), ``minibatch_std`` adds the minibatch
    standard deviation feature before the last hidden layer, ``spectral_normalization`` wraps
    every dense layer.
    """
    from gan_tutorial.stabilize import MinibatchStd, PackSamples, spectral_norm

    hidden = _check_sizes("hidden", hidden)

    def dense(units, **kwargs):
        layer = keras.layers.Dense(units, **kwargs)
        return spectral_norm(layer) if spectral_normalization else layer

    layers = [keras.Input((int(input_dim),), name="x")]
    if int(pack) > 1:
        layers.append(PackSamples(int(pack)))
    for i, width in enumerate(hidden):
        if minibatch_std and i == len(hidden) - 1:
            layers.append(MinibatchStd())
        layers.append(dense(width, activation=activation))
    layers.append(dense(1, name="logit", dtype="float32"))
    return keras.Sequential(layers, name=name)
