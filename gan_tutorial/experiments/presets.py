"""Named training set-ups for the command line: data, networks, loss, optimizers and budget.

    python -m gan_tutorial train ring-8 --steps 20000 --out runs/ring

Later chapters add their own presets here.
"""

from dataclasses import dataclass

import keras

from gan_tutorial import data, models
from gan_tutorial.gan import GAN

__all__ = ["Preset", "PRESETS", "get"]


@dataclass(frozen=True)
class Preset:
    """A training set-up. ``make_data`` returns a `GaussianMixture`; the networks are MLPs.

    The fields after ``cosine_decay`` are the options against mode collapse of chapter 9; the
    mode benchmark (`mode_bench`) makes its rows with `dataclasses.replace`.
    """

    name: str
    description: str
    make_data: object
    steps: int
    latent_dim: int = 16
    hidden: tuple = (128, 128, 128)
    loss: str = "non_saturating"
    learning_rate: float = 1e-3
    beta_1: float = 0.5
    beta_2: float = 0.999
    batch_size: int = 256
    d_steps: int = 1
    r1_weight: float = 0.0
    cosine_decay: bool = False  # learning rate decays to 5% over the run's steps
    d_hidden: tuple = None  # the discriminator's layers (default: ``hidden``)
    d_learning_rate: float = None  # two time-scales: the discriminator's (default: the same)
    pack: int = 1  # PacGAN: samples per discriminator input
    minibatch_std: bool = False
    spectral_normalization: bool = False
    unroll_steps: int = 0
    unroll_learning_rate: float = None  # SGD step of the unrolled copies (default: D's rate)
    fresh_real: bool = False  # a new real batch for each of the d_steps updates (WGAN-GP)

    @property
    def data_batch_size(self):
        """Rows per batch of the training data: ``batch_size``, times ``d_steps`` with
        ``fresh_real`` (each discriminator update reads its own ``batch_size`` rows)."""
        return self.batch_size * (self.d_steps if self.fresh_real else 1)

    def build(self, mixture, seed=None, steps=None, steps_per_execution=100):
        """A compiled `GAN` for ``mixture`` (call inside a strategy's scope); ``steps`` (default:
        the preset's) sets the length of the learning-rate decay."""
        if self.batch_size % self.pack:
            raise ValueError(
                f"batch_size ({self.batch_size}) must be a multiple of pack ({self.pack})"
            )
        gan = GAN(
            models.mlp_generator(self.latent_dim, mixture.dim, self.hidden),
            models.mlp_discriminator(
                mixture.dim,
                self.d_hidden or self.hidden,
                pack=self.pack,
                minibatch_std=self.minibatch_std,
                spectral_normalization=self.spectral_normalization,
            ),
            seed=seed,
        )
        d_rate = self.learning_rate if self.d_learning_rate is None else self.d_learning_rate
        gan.compile(
            # the discriminator makes d_steps updates per generator step: its decay is longer
            d_optimizer=self._adam(d_rate, (steps or self.steps) * self.d_steps),
            g_optimizer=self._adam(self.learning_rate, steps or self.steps),
            loss=self.loss,
            d_steps=self.d_steps,
            r1_weight=self.r1_weight,
            unroll_steps=self.unroll_steps,
            unroll_learning_rate=self.unroll_learning_rate,
            fresh_real=self.fresh_real,
            steps_per_execution=steps_per_execution,
        )
        return gan

    def _adam(self, rate, updates):
        """Adam at ``rate``, decaying over ``updates`` of its own when ``cosine_decay``."""
        if self.cosine_decay:
            rate = keras.optimizers.schedules.CosineDecay(rate, decay_steps=updates, alpha=0.05)
        return keras.optimizers.Adam(rate, beta_1=self.beta_1, beta_2=self.beta_2)


PRESETS = {
    p.name: p
    for p in [
        Preset(
            "gaussian-1d",
            "a 1D Gaussian N(4, 1.25^2), the first GAN of chapter 1",
            lambda: data.gaussian_1d(4.0, 1.25),
            steps=3000,
            latent_dim=8,
            hidden=(32, 32),
        ),
        Preset(
            "mixture-1d",
            "a 1D mixture of two Gaussians, N(-2, 0.5^2) and N(2, 0.5^2)",
            lambda: data.mixture_1d([-2.0, 2.0], [0.5, 0.5]),
            steps=5000,
            latent_dim=8,
            hidden=(64, 64),
        ),
        Preset(
            "ring-8",
            "8 Gaussians on a circle of radius 2, std 0.02 (unrolled GAN / VEEGAN set-up), "
            "chapter 1's recipe: R1 penalty 0.5 and a cosine learning-rate decay",
            data.ring,
            steps=5000,
            r1_weight=0.5,
            cosine_decay=True,
        ),
        Preset(
            "grid-25",
            "25 Gaussians on the grid {-4,-2,0,2,4}^2, std 0.05 (VEEGAN / PacGAN set-up), "
            "with chapter 1's ring recipe",
            data.grid,
            steps=20000,
            hidden=(256, 256, 256),
            r1_weight=0.5,
            cosine_decay=True,
        ),
    ]
}


def get(name):
    """The preset called ``name``."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}: expected one of {', '.join(PRESETS)}")
    return PRESETS[name]
