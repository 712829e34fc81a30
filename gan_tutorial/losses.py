"""Adversarial losses, chosen by name or passed as objects.

Every loss works on the discriminator's raw outputs ("logits", shape ``(batch, 1)`` or
``(batch,)``), never on probabilities: ``log(sigmoid(l))`` is computed as ``-softplus(-l)``, which
stays finite where ``sigmoid(l)`` rounds to 0 or 1.

For the probability-based losses (``minimax``, ``non_saturating``) ``D(x) = sigmoid(logit)``.
For the others the discriminator is a critic whose raw score is used as it is. The penalties
(WGAN-GP's gradient penalty, R1) are with the other fixes, in `gan_tutorial.fixes`.
"""

from keras import ops

from gan_tutorial import arguments

__all__ = [
    "AdversarialLoss",
    "Minimax",
    "NonSaturating",
    "Wasserstein",
    "Hinge",
    "LeastSquares",
    "get",
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
        """The generator's loss: the mean over the batch of `generator_losses`."""
        return _mean(self.generator_losses(fake_logits))

    def generator_losses(self, fake_logits):
        """The generator's loss of each sample, shaped as ``fake_logits``."""
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

    def generator_losses(self, fake_logits):
        # log(1 - sigmoid(l)) = -softplus(l)
        return -ops.softplus(ops.cast(fake_logits, "float32"))


class NonSaturating(Minimax):
    """Same discriminator as `Minimax`; G minimises ``-log D(G(z))`` instead (the usual choice)."""

    name = "non_saturating"

    def generator_losses(self, fake_logits):
        return ops.softplus(-ops.cast(fake_logits, "float32"))


class Wasserstein(AdversarialLoss):
    """WGAN critic loss ``E[f(G(z))] - E[f(x)]``, generator loss ``-E[f(G(z))]``.

    Args:
        gradient_penalty: the WGAN-GP weight lambda (Gulrajani et al. 2017) on
            ``(||grad f(x_hat)|| - 1)^2``; 10 in the paper. 0 turns the penalty off (then the
            critic must be kept Lipschitz some other way, e.g. spectral normalization).
    """

    name = "wasserstein"

    def __init__(self, gradient_penalty=10.0):
        self.gradient_penalty_weight = float(
            arguments.nonnegative("gradient_penalty", gradient_penalty)
        )

    def discriminator_loss(self, real_logits, fake_logits):
        return _mean(fake_logits) - _mean(real_logits)

    def generator_losses(self, fake_logits):
        return -ops.cast(fake_logits, "float32")

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

    def generator_losses(self, fake_logits):
        return -ops.cast(fake_logits, "float32")


class LeastSquares(AdversarialLoss):
    """Least-squares GAN (Mao et al. 2017) with targets a=0 (fake), b=1 (real), c=1:
    D minimises ``(f(x) - 1)^2 / 2 + f(G(z))^2 / 2``, G minimises ``(f(G(z)) - 1)^2 / 2``."""

    name = "least_squares"

    def discriminator_loss(self, real_logits, fake_logits):
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        return 0.5 * _mean(ops.square(real_logits - 1.0)) + 0.5 * _mean(ops.square(fake_logits))

    def generator_losses(self, fake_logits):
        return 0.5 * ops.square(ops.cast(fake_logits, "float32") - 1.0)


_LOSSES = {cls.name: cls for cls in (Minimax, NonSaturating, Wasserstein, Hinge, LeastSquares)}


def get(loss):
    """An `AdversarialLoss` from a name (``"minimax"``, ``"non_saturating"``, ``"wasserstein"``,
    ``"hinge"``, ``"least_squares"``), a config dict from ``get_config()``, or an instance."""
    if isinstance(loss, AdversarialLoss):
        return loss
    if isinstance(loss, dict):
        config = dict(loss)
        name = config.pop("name", None)
        loss_class = _by_name(name)
        try:
            return loss_class(**config)
        except TypeError as error:
            raise TypeError(
                f"loss config {loss!r} does not fit {loss_class.__name__}: {error}"
            ) from error
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
