"""Layers that stabilise GAN training against mode collapse, used as parts of a discriminator.

- `PackSamples`: PacGAN packing (Lin et al. 2018): the discriminator judges m samples at once.
- `MinibatchStd`: the minibatch standard deviation feature (Karras et al. 2018).
- `spectral_norm`: Keras' `SpectralNormalization` around a layer (Miyato et al. 2018).

The other fixes are options of `GAN.compile`: ``loss="wasserstein"`` (WGAN-GP), ``"hinge"``,
``r1_weight``, ``unroll_steps`` (unrolled GAN), and two optimizers with their own learning
rates (two time-scale updates).
"""

import keras
from keras import ops

__all__ = ["PackSamples", "MinibatchStd", "spectral_norm"]


@keras.saving.register_keras_serializable(package="gan_tutorial")
class PackSamples(keras.layers.Layer):
    """``(batch, features)`` -> ``(batch / m, m * features)``: rows ``i*m .. i*m + m - 1``
    become pack ``i``, side by side. The batch must be a multiple of ``m``."""

    def __init__(self, m=2, **kwargs):
        super().__init__(**kwargs)
        if int(m) < 1:
            raise ValueError(f"m must be an integer >= 1, got {m}")
        self.m = int(m)

    def call(self, x):
        if len(x.shape) != 2:
            raise ValueError(f"PackSamples expects (batch, features), got {x.shape}")
        batch = x.shape[0]
        if batch is not None and batch % self.m:
            raise ValueError(f"the batch ({batch}) must be a multiple of the pack size m={self.m}")
        return ops.reshape(x, (-1, self.m * x.shape[1]))

    def compute_output_shape(self, input_shape):
        batch = None if input_shape[0] is None else input_shape[0] // self.m
        return (batch, self.m * input_shape[1])

    def get_config(self):
        return {**super().get_config(), "m": self.m}


@keras.saving.register_keras_serializable(package="gan_tutorial")
class MinibatchStd(keras.layers.Layer):
    """Appends one feature: the standard deviation of each feature across a group of
    ``group_size`` samples, averaged over features. ``(batch, features)`` ->
    ``(batch, features + 1)``. A generator that collapses makes the feature small, which the
    discriminator can see. Sample ``i`` is in group ``i mod (batch / group_size)``; the batch
    must be a multiple of ``group_size``."""

    def __init__(self, group_size=4, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        if int(group_size) < 2:
            raise ValueError(f"group_size must be >= 2, got {group_size}")
        self.group_size, self.epsilon = int(group_size), float(epsilon)

    def call(self, x):
        if len(x.shape) != 2:
            raise ValueError(f"MinibatchStd expects (batch, features), got {x.shape}")
        batch = x.shape[0]
        if batch is not None and batch % self.group_size:
            raise ValueError(
                f"the batch ({batch}) must be a multiple of group_size={self.group_size}"
            )
        groups = ops.reshape(x, (self.group_size, -1, x.shape[1]))  # (G, M, F)
        centred = groups - ops.mean(groups, axis=0, keepdims=True)
        std = ops.sqrt(ops.mean(ops.square(centred), axis=0) + self.epsilon)  # (M, F)
        feature = ops.mean(std, axis=1, keepdims=True)  # (M, 1)
        feature = ops.tile(feature, (self.group_size, 1))  # (G * M, 1), same order as x
        return ops.concatenate([x, ops.cast(feature, x.dtype)], axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] + 1)

    def get_config(self):
        return {**super().get_config(), "group_size": self.group_size, "epsilon": self.epsilon}


def spectral_norm(layer, power_iterations=1):
    """``layer`` wrapped in `keras.layers.SpectralNormalization`. The wrapper divides the kernel
    by its largest singular value (estimated by power iteration) whenever it is called with
    ``training=True``, which `GAN.train_step` does."""
    return keras.layers.SpectralNormalization(layer, power_iterations=power_iterations)
