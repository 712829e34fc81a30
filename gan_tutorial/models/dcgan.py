"""DCGAN networks for 28x28 (or 8x8) grey images (Radford et al. 2016), chapter 4.

The generator upsamples a latent vector with transposed convolutions, batch normalization and
ReLU to a tanh image in [-1, 1]; the discriminator downsamples with strided convolutions and
LeakyReLU (no batch normalization) to one logit. ``width`` scales every layer's channels: the
default suits a CPU; ``width=64`` gives the channel counts (only) of the TensorFlow DCGAN
tutorial's networks (256, 128, 64 in the generator; 64, 128 in the discriminator): its generator
has a stride-1 transposed convolution at 7x7 and ends with a transposed convolution instead.

With ``num_classes`` both become class-conditional (for ``GAN(..., num_classes=...)``): the
generator reads ``[z, labels]`` and concatenates a learned label embedding to z; the
discriminator reads ``[images, labels]`` and stacks a learned image-sized label map onto the
image as a second channel.
"""

import math
import numbers

import keras

from gan_tutorial import arguments

__all__ = ["dcgan_generator", "dcgan_discriminator"]


def _check(name, value, allowed=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if not math.isfinite(value) or int(value) != value or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if allowed is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value}")
    return int(value)


def dcgan_generator(
    latent_dim=64, image_size=28, width=32, num_classes=None, dtype=None, name="generator"
):
    """z ``(batch, latent_dim)`` (and labels ``(batch,)`` with ``num_classes``) -> images
    ``(batch, image_size, image_size, 1)`` in [-1, 1], float32.

    28x28: Dense to 7x7x(4 width), then transposed convolutions to 14x14x(2 width) and
    28x28x(width), and a 5x5 convolution to one tanh channel. 8x8: the same from 2x2.
    ``dtype``: the hidden layers' dtype policy, e.g. ``"mixed_bfloat16"`` (bfloat16 arithmetic,
    float32 weights: about twice the convolution rate of float32 on a CPU with AVX512-BF16 or
    AMX, and on recent GPUs); the images come out float32."""
    latent_dim = _check("latent_dim", latent_dim)
    image_size = _check("image_size", image_size, (8, 28))
    width = _check("width", width)
    start = image_size // 4
    z = keras.Input((latent_dim,), name="z")
    inputs, x = [z], z
    if num_classes is not None:
        num_classes = arguments.integer("num_classes", num_classes, minimum=2)
        labels = keras.Input((), dtype="int32", name="labels")
        inputs.append(labels)
        x = keras.layers.Concatenate(dtype=dtype)(
            [z, keras.layers.Embedding(num_classes, 16, dtype=dtype)(labels)]
        )
    layers = [
        keras.layers.Dense(start * start * 4 * width, use_bias=False, dtype=dtype),
        keras.layers.BatchNormalization(dtype=dtype),
        keras.layers.ReLU(dtype=dtype),
        keras.layers.Reshape((start, start, 4 * width), dtype=dtype),
        keras.layers.Conv2DTranspose(
            2 * width, 5, strides=2, padding="same", use_bias=False, dtype=dtype
        ),
        keras.layers.BatchNormalization(dtype=dtype),
        keras.layers.ReLU(dtype=dtype),
        keras.layers.Conv2DTranspose(
            width, 5, strides=2, padding="same", use_bias=False, dtype=dtype
        ),
        keras.layers.BatchNormalization(dtype=dtype),
        keras.layers.ReLU(dtype=dtype),
    ]
    if dtype is None:
        layers.append(keras.layers.Conv2D(1, 5, padding="same", activation="tanh", dtype="float32"))
    else:  # the last convolution is a large part of the cost: it too runs in the policy's dtype
        layers.append(keras.layers.Conv2D(1, 5, padding="same", dtype=dtype))
        layers.append(keras.layers.Activation("tanh", dtype="float32"))
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs if num_classes is not None else z, x, name=name)


def dcgan_discriminator(
    image_size=28, width=32, dropout=0.3, num_classes=None, dtype=None, name="discriminator"
):
    """images ``(batch, image_size, image_size, 1)`` (and labels ``(batch,)`` with
    ``num_classes``) -> one float32 logit per image ``(batch, 1)``: two strided 5x5 convolutions
    (width, 2 width channels) with LeakyReLU and dropout, then a dense layer. ``dtype`` as in
    `dcgan_generator`."""
    image_size = _check("image_size", image_size, (8, 28))
    width = _check("width", width)
    if not 0.0 <= arguments.real("dropout", dropout) < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}")
    image = keras.Input((image_size, image_size, 1), name="image")
    inputs, x = [image], image
    if num_classes is not None:
        num_classes = arguments.integer("num_classes", num_classes, minimum=2)
        labels = keras.Input((), dtype="int32", name="labels")
        inputs.append(labels)
        label_map = keras.layers.Embedding(num_classes, image_size * image_size, dtype=dtype)(
            labels
        )
        label_map = keras.layers.Reshape((image_size, image_size, 1), dtype=dtype)(label_map)
        x = keras.layers.Concatenate(dtype=dtype)([image, label_map])
    layers = [
        keras.layers.Conv2D(width, 5, strides=2, padding="same", dtype=dtype),
        keras.layers.LeakyReLU(0.2, dtype=dtype),
        keras.layers.Dropout(dropout, dtype=dtype),
        keras.layers.Conv2D(2 * width, 5, strides=2, padding="same", dtype=dtype),
        keras.layers.LeakyReLU(0.2, dtype=dtype),
        keras.layers.Dropout(dropout, dtype=dtype),
        keras.layers.Flatten(dtype=dtype),
        keras.layers.Dense(1, name="logit", dtype="float32"),
    ]
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs if num_classes is not None else image, x, name=name)
