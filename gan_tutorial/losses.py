"""Adversarial losses, chosen by name or passed as objects.

Every loss works on the discriminator's raw outputs ("logits", shape ``(batch, 1)`` or
``(batch,)``), never on probabilities: ``log(sigmoid(l))`` is computed as ``-softplus(-l)``, which
stays finite where ``sigmoid(l)`` rounds to 0 or 1.

For the probability-based losses (``minimax``, ``non_saturating``) ``D(x) = sigmoid(logit)``.
For the others the discriminator is a critic whose raw score is used as it is.
"""

import math

import keras
from keras import ops

__all__ = [
    "AdversarialLoss",
    "Minimax",
    "NonSaturating",
    "Wasserstein",
    "Hinge",
    "LeastSquares",
    "get",
    "gradient_penalty",
    "r1_penalty",
]


def _mean(x):
    return ops.mean(ops.cast(x, "float32"))


class AdversarialLoss:
    """Base class: a discriminator loss and a generator loss, both means over the batch.

    Subclasses set ``name``, ``probabilistic`` (True when D(x) = sigmoid(logit)) and, where the
    loss needs it, ``gradient_penalty_weight`` (the WGAN-GP lambda).
    """

    name = "adversarial"
    probabilistic = False
    gradient_penalty_weight = 0.0

    def discriminator_loss(self, real_logits, fake_logits):
        raise NotImplementedError

    def generator_loss(self, fake_logits):
        raise NotImplementedError

    def output(self, logits):
        """What the metrics `d_real` / `d_fake` report: D(x) in [0, 1], or the critic's score."""
        logits = ops.cast(logits, "float32")
        return ops.sigmoid(logits) if self.probabilistic else logits

    def get_config(self):
        return {"name": self.name}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"


class Minimax(AdversarialLoss):
    """The original minimax game (Goodfellow et al. 2014), with the *saturating* generator loss.

    D minimises ``-log D(x) - log(1 - D(G(z)))``; G minimises ``log(1 - D(G(z)))``, whose gradient
    vanishes when D confidently rejects the fakes (D(G(z)) near 0).
    """

    name = "minimax"
    probabilistic = True

    def discriminator_loss(self, real_logits, fake_logits):
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        return _mean(ops.softplus(-real_logits)) + _mean(ops.softplus(fake_logits))

    def generator_loss(self, fake_logits):
        # log(1 - sigmoid(l)) = -softplus(l)
        return -_mean(ops.softplus(ops.cast(fake_logits, "float32")))


class NonSaturating(Minimax):
    """Same discriminator as `Minimax`; G minimises ``-log D(G(z))`` instead (the usual choice)."""

    name = "non_saturating"

    def generator_loss(self, fake_logits):
        return _mean(ops.softplus(-ops.cast(fake_logits, "float32")))


class Wasserstein(AdversarialLoss):
    """WGAN critic loss ``E[f(G(z))] - E[f(x)]``, generator loss ``-E[f(G(z))]``.

    Args:
        gradient_penalty: the WGAN-GP weight lambda (Gulrajani et al. 2017) on
            ``(||grad f(x_hat)|| - 1)^2``; 10 in the paper. 0 turns the penalty off (then the
            critic must be kept Lipschitz some other way, e.g. spectral normalization).
    """

    name = "wasserstein"

    def __init__(self, gradient_penalty=10.0):
        gradient_penalty = float(gradient_penalty)
        if not math.isfinite(gradient_penalty) or gradient_penalty < 0:
            raise ValueError(
                f"gradient_penalty must be a finite number >= 0, got {gradient_penalty}"
            )
        self.gradient_penalty_weight = gradient_penalty

    def discriminator_loss(self, real_logits, fake_logits):
        return _mean(fake_logits) - _mean(real_logits)

    def generator_loss(self, fake_logits):
        return -_mean(fake_logits)

    def get_config(self):
        return {"name": self.name, "gradient_penalty": self.gradient_penalty_weight}


class Hinge(AdversarialLoss):
    """Hinge loss (Lim & Ye 2017; SAGAN, BigGAN).

    D minimises ``relu(1 - f(x)) + relu(1 + f(G(z)))``; G minimises ``-f(G(z))``."""

    name = "hinge"

    def discriminator_loss(self, real_logits, fake_logits):
        return _mean(ops.relu(1.0 - ops.cast(real_logits, "float32"))) + _mean(
            ops.relu(1.0 + ops.cast(fake_logits, "float32"))
        )

    def generator_loss(self, fake_logits):
        return -_mean(fake_logits)


class LeastSquares(AdversarialLoss):
    """Least-squares GAN (Mao et al. 2017) with targets a=0 (fake), b=1 (real), c=1:
    D minimises ``(f(x) - 1)^2 / 2 + f(G(z))^2 / 2``, G minimises ``(f(G(z)) - 1)^2 / 2``."""

    name = "least_squares"

    def discriminator_loss(self, real_logits, fake_logits):
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        return 0.5 * _mean(ops.square(real_logits - 1.0)) + 0.5 * _mean(ops.square(fake_logits))

    def generator_loss(self, fake_logits):
        return 0.5 * _mean(ops.square(ops.cast(fake_logits, "float32") - 1.0))


_LOSSES = {cls.name: cls for cls in (Minimax, NonSaturating, Wasserstein, Hinge, LeastSquares)}


def get(loss):
    """An `AdversarialLoss` from a name (``"minimax"``, ``"non_saturating"``, ``"wasserstein"``,
    ``"hinge"``, ``"least_squares"``), a config dict from ``get_config()``, or an instance."""
    if isinstance(loss, AdversarialLoss):
        return loss
    if isinstance(loss, dict):
        config = dict(loss)
        name = config.pop("name", None)
        return _by_name(name)(**config)
    if isinstance(loss, str):
        return _by_name(loss)()
    raise TypeError(
        f"loss must be a name ({', '.join(sorted(_LOSSES))}) or an AdversarialLoss, "
        f"got {type(loss).__name__}"
    )


def _by_name(name):
    if name not in _LOSSES:
        raise ValueError(f"unknown loss {name!r}: expected one of {', '.join(sorted(_LOSSES))}")
    return _LOSSES[name]


def _input_gradients(discriminator, x):
    """Gradients of the discriminator's summed output with respect to its input, flattened to
    ``(batch, features)``: row i is the gradient of D(x_i), since examples do not interact."""
    import tensorflow as tf  # the gradient tape is TensorFlow's; this package runs on its backend

    with tf.GradientTape() as tape:
        tape.watch(x)
        total_score = ops.sum(ops.cast(discriminator(x, training=True), "float32"))
    grads = ops.cast(tape.gradient(total_score, x), "float32")
    return ops.reshape(grads, (ops.shape(grads)[0], -1))


def gradient_penalty(discriminator, real, fake, seed=None):
    """WGAN-GP penalty ``mean((||grad D(x_hat)||_2 - 1)^2)`` at ``x_hat = eps x + (1 - eps) x~``.

    ``eps`` is drawn uniform on [0, 1] per example, as in Gulrajani et al. 2017, Algorithm 1.
    ``real`` and ``fake`` have the same shape ``(batch, ...)``; ``seed`` is an int or a
    `keras.random.SeedGenerator`.
    """
    real = ops.cast(real, "float32")
    fake = ops.cast(fake, "float32")
    shape = [ops.shape(real)[0]] + [1] * (len(real.shape) - 1)
    eps = keras.random.uniform(shape, 0.0, 1.0, seed=seed)
    grads = _input_gradients(discriminator, eps * real + (1.0 - eps) * fake)
    norms = ops.sqrt(ops.sum(ops.square(grads), axis=1) + 1e-12)
    return ops.mean(ops.square(norms - 1.0))


def r1_penalty(discriminator, real):
    """R1 penalty (Mescheder et al. 2018): ``mean(||grad D(x)||^2)`` on real data. Multiply by
    gamma / 2 for the paper's regulariser."""
    grads = _input_gradients(discriminator, ops.cast(real, "float32"))
    return ops.mean(ops.sum(ops.square(grads), axis=1))
