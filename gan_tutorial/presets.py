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
    """A training set-up. ``make_data`` returns a `GaussianMixture`; the networks are MLPs."""

    name: str
    description: str
    make_data: object
    steps: int
    latent_dim: int = 16
    hidden: tuple = (128, 128, 128)
    loss: str = "non_saturating"
    learning_rate: float = 1e-3
    beta_1: float = 0.5
    batch_size: int = 256
    d_steps: int = 1
    r1_weight: float = 0.0
    cosine_decay: bool = False  # learning rate decays to 5% over the run's steps

    def build(self, mixture, seed=None, steps=None, steps_per_execution=100):
        """A compiled `GAN` for ``mixture`` (call inside a strategy's scope); ``steps`` (default:
        the preset's) sets the length of the learning-rate decay."""
        gan = GAN(
            models.mlp_generator(self.latent_dim, mixture.dim, self.hidden),
            models.mlp_discriminator(mixture.dim, self.hidden),
            seed=seed,
        )
        gan.compile(
            d_optimizer=keras.optimizers.Adam(self._learning_rate(steps), beta_1=self.beta_1),
            g_optimizer=keras.optimizers.Adam(self._learning_rate(steps), beta_1=self.beta_1),
            loss=self.loss,
            d_steps=self.d_steps,
            r1_weight=self.r1_weight,
            steps_per_execution=steps_per_execution,
        )
        return gan

    def _learning_rate(self, steps):
        if not self.cosine_decay:
            return self.learning_rate
        return keras.optimizers.schedules.CosineDecay(
            self.learning_rate, decay_steps=steps or self.steps, alpha=0.05
        )


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
