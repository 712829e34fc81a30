"""Multilayer perceptrons for low-dimensional data (1D and 2D toy distributions)."""

import keras

from gan_tutorial import arguments

__all__ = ["mlp_generator", "mlp_discriminator"]


def _check_sizes(name, value):
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a tuple of layer widths, e.g. (128, 128), got {value!r}")
    return tuple(arguments.integer(f"every width in {name}", width) for width in value)


def _stack(first_input, layers, num_classes, name, label_width=8):
    """``layers`` on ``first_input``: a `keras.Sequential`, or with ``num_classes`` a model
    whose second input, int labels ``(batch,)``, is embedded in ``label_width`` numbers and
    concatenated to the first (a conditional GAN's network)."""
    if num_classes is None:
        return keras.Sequential([first_input, *layers], name=name)
    arguments.integer("num_classes", num_classes, minimum=2)
    labels = keras.Input((), dtype="int32", name="labels")
    embedded = keras.layers.Embedding(int(num_classes), label_width)(labels)
    x = keras.layers.Concatenate()([first_input, embedded])
    for layer in layers:
        x = layer(x)
    return keras.Model([first_input, labels], x, name=name)


def mlp_generator(
    latent_dim,
    output_dim,
    hidden=(128, 128),
    activation="relu",
    name="generator",
    num_classes=None,
):
    """z ``(batch, latent_dim)`` (and labels ``(batch,)`` with ``num_classes``) -> samples
    ``(batch, output_dim)``, linear output."""
    latent_dim = arguments.integer("latent_dim", latent_dim)
    output_dim = arguments.integer("output_dim", output_dim)
    hidden = _check_sizes("hidden", hidden)
    layers = [keras.layers.Dense(width, activation=activation) for width in hidden]
    layers.append(keras.layers.Dense(output_dim, name="sample", dtype="float32"))
    return _stack(keras.Input((latent_dim,), name="z"), layers, num_classes, name)


def mlp_discriminator(
    input_dim,
    hidden=(128, 128),
    activation="leaky_relu",
    name="discriminator",
    pack=1,
    minibatch_std=False,
    spectral_normalization=False,
    num_classes=None,
):
    """samples ``(batch, input_dim)`` (and labels ``(batch,)`` with ``num_classes``, for a
    conditional GAN) -> one raw score (logit) per sample, ``(batch, 1)``.

    Options against mode collapse (`gan_tutorial.fixes`): ``pack=m`` judges m samples at
    once (PacGAN; the output is then ``(batch / m, 1)``), ``minibatch_std`` adds the minibatch
    standard deviation feature before the last hidden layer, ``spectral_normalization`` wraps
    every dense layer.
    """
    from gan_tutorial.fixes import MinibatchStd, PackSamples, spectral_norm

    input_dim = arguments.integer("input_dim", input_dim)
    hidden = _check_sizes("hidden", hidden)
    pack = arguments.integer("pack", pack)
    if num_classes is not None and pack > 1:
        raise ValueError("a conditional discriminator (num_classes) cannot pack samples (pack > 1)")
    if minibatch_std and not hidden:
        raise ValueError(
            "minibatch_std needs a hidden layer to add its feature before, got hidden=()"
        )

    def dense(units, **kwargs):
        layer = keras.layers.Dense(units, **kwargs)
        return spectral_norm(layer) if spectral_normalization else layer

    layers = []
    if pack > 1:
        layers.append(PackSamples(pack))
    for i, width in enumerate(hidden):
        if minibatch_std and i == len(hidden) - 1:
            layers.append(MinibatchStd())
        layers.append(dense(width, activation=activation))
    layers.append(dense(1, name="logit", dtype="float32"))
    return _stack(keras.Input((input_dim,), name="x"), layers, num_classes, name)
