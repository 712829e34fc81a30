"""Chapter 9's fixes against mode collapse, in one place.

Parts of a discriminator (options of `models.mlp_discriminator`):

- `PackSamples`: PacGAN packing (Lin et al. 2018): the discriminator judges m samples at once.
- `MinibatchStd`: the minibatch standard deviation feature (Karras et al. 2018).
- `spectral_norm`: Keras' `SpectralNormalization` around a layer (Miyato et al. 2018).

Terms of the training step (options of `GAN.compile`, which calls these):

- `r1_penalty`: ``r1_weight`` (Mescheder et al. 2018).
- `gradient_penalty`: WGAN-GP, ``loss=losses.Wasserstein(gradient_penalty=10)`` (Gulrajani et
  al. 2017).
- `unrolled_logits`: the unrolled GAN, ``unroll_steps`` (Metz et al. 2017).

The other fixes are a loss (``loss="hinge"``, ``"least_squares"``: `gan_tutorial.losses`) or two
optimizers with their own learning rates (two time-scale updates, Heusel et al. 2017).
"""

import keras
from keras import ops

from gan_tutorial import arguments, backend

__all__ = [
    "PackSamples",
    "MinibatchStd",
    "spectral_norm",
    "r1_penalty",
    "gradient_penalty",
    "unrolled_logits",
]


@keras.saving.register_keras_serializable(package="gan_tutorial")
class PackSamples(keras.layers.Layer):
    """``(batch, features)`` -> ``(batch / m, m * features)``: rows ``i*m .. i*m + m - 1``
    become pack ``i``, side by side. The batch must be a multiple of ``m``."""

    def __init__(self, m=2, **kwargs):
        super().__init__(**kwargs)
        self.m = arguments.integer("m", m)

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
        self.group_size = arguments.integer("group_size", group_size, minimum=2)
        self.epsilon = float(arguments.nonnegative("epsilon", epsilon))

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


def gradient_penalty(discriminator, real, fake, seed=None):
    """WGAN-GP penalty ``mean((||grad D(x_hat)||_2 - 1)^2)`` at ``x_hat = eps x + (1 - eps) x~``.

    ``eps`` is drawn uniform on [0, 1] per example, as in Gulrajani et al. 2017, Algorithm 1.
    ``real`` and ``fake`` have the same shape ``(batch, ...)``; ``seed`` is an int or a
    `keras.random.SeedGenerator`.
    """
    real, fake = _same_shape(ops.cast(real, "float32"), ops.cast(fake, "float32"))
    shape = [ops.shape(real)[0]] + [1] * (len(real.shape) - 1)
    eps = keras.random.uniform(shape, 0.0, 1.0, seed=seed)
    grads = backend.input_gradients(discriminator, eps * real + (1.0 - eps) * fake)
    norms = ops.sqrt(ops.sum(ops.square(grads), axis=1) + 1e-12)
    return ops.mean(ops.square(norms - 1.0))


def _same_shape(real, fake):
    if len(real.shape) != len(fake.shape) or any(
        r is not None and f is not None and r != f for r, f in zip(real.shape, fake.shape)
    ):
        raise ValueError(
            f"real and fake must have the same shape, got {tuple(real.shape)} and "
            f"{tuple(fake.shape)}"
        )
    return real, fake


def r1_penalty(discriminator, real):
    """R1 penalty (Mescheder et al. 2018): ``mean(||grad D(x)||^2)`` on real data. Multiply by
    gamma / 2 for the paper's regulariser."""
    grads = backend.input_gradients(discriminator, ops.cast(real, "float32"))
    return ops.mean(ops.sum(ops.square(grads), axis=1))


def unrolled_logits(discriminator, loss, real, fake, steps, learning_rate):
    """The discriminator's logits on ``fake`` after ``steps`` SGD steps of ``learning_rate`` on
    (``real``, ``fake``) with ``loss``, computed with copies of its weights (`stateless_call`), so
    that the generator's gradient flows through the steps and the discriminator itself is
    untouched. ``real`` and ``fake`` are what the discriminator reads (``[samples, labels]`` for a
    conditional one)."""
    steps = arguments.integer("steps", steps, minimum=0)
    arguments.positive("learning_rate", learning_rate)
    weights = [v.value for v in discriminator.trainable_variables]
    others = [v.value for v in discriminator.non_trainable_variables]
    for _ in range(steps):
        with backend.GradientTape() as tape:
            tape.watch(weights)
            real_logits, _ = discriminator.stateless_call(weights, others, real, training=True)
            fake_logits, _ = discriminator.stateless_call(weights, others, fake, training=True)
            d_loss = loss.discriminator_loss(real_logits, fake_logits)
        grads = tape.gradient(d_loss, weights)
        # embeddings give sparse gradients (IndexedSlices); weights the loss ignores give None
        weights = [
            w if g is None else w - learning_rate * backend.dense(g) for w, g in zip(weights, grads)
        ]
    logits, _ = discriminator.stateless_call(weights, others, fake, training=True)
    return logits
