"""Toy distributions that know their modes: 1D Gaussians and mixtures, the 2D ring of 8 and grid
of 25 Gaussians used by the unrolled-GAN, VEEGAN and PacGAN papers.

All are `GaussianMixture` objects: isotropic Gaussians with ``centers`` of shape
``(modes, dim)``, one standard deviation ``std`` per mode and mixing ``weights``.
"""

import numpy as np

from gan_tutorial import arguments

__all__ = ["GaussianMixture", "gaussian_1d", "mixture_1d", "ring", "grid", "benchmark"]


class GaussianMixture:
    """A mixture of isotropic Gaussians.

    Args:
        centers: mode centres, shape ``(modes, dim)`` (a 1D list is read as ``modes`` 1D modes).
        std: standard deviation of every mode (a float) or of each mode (shape ``(modes,)``).
        weights: mixing weights, shape ``(modes,)``, positive; normalised to sum to 1.
            Default: uniform.
        name: a short label for plots and reports.
    """

    def __init__(self, centers, std, weights=None, name="mixture"):
        centers = np.asarray(centers, dtype=np.float64)
        if centers.ndim == 1:
            centers = centers[:, None]
        if centers.ndim != 2 or centers.shape[0] < 1:
            raise ValueError(f"centers must have shape (modes, dim), got {centers.shape}")
        if not np.isfinite(centers).all():
            raise ValueError(f"centers must be finite numbers, got {centers.tolist()}")
        modes = centers.shape[0]
        std = np.asarray(std, dtype=np.float64)
        if std.ndim == 0:
            std = np.full(modes, float(std))
        if std.shape != (modes,):
            raise ValueError(f"std must be a float or have shape ({modes},), got {std.shape}")
        if not np.all(np.isfinite(std) & (std > 0)):
            raise ValueError(f"std must be finite and > 0, got {std}")
        if weights is None:
            weights = np.full(modes, 1.0 / modes)
        weights = np.asarray(weights, dtype=np.float64)
        if weights.shape != (modes,) or not np.all(np.isfinite(weights) & (weights > 0)):
            raise ValueError(
                f"weights must be {modes} positive numbers, got {np.asarray(weights).tolist()}"
            )
        self.centers = centers
        self.std = std
        self.weights = weights / weights.sum()
        self.name = name

    @property
    def num_modes(self):
        return self.centers.shape[0]

    @property
    def dim(self):
        return self.centers.shape[1]

    def sample(self, num_samples, seed=None, return_modes=False):
        """``num_samples`` points, float32 array ``(num_samples, dim)``; with ``return_modes``
        also the index of the mode each point was drawn from."""
        arguments.real("num_samples", num_samples)  # a number: not a string, a bool or NaN
        if int(num_samples) != num_samples or num_samples < 1:
            raise ValueError(f"num_samples must be >= 1 and a whole number, got {num_samples!r}")
        num_samples = int(num_samples)
        rng = np.random.default_rng(seed)
        modes = rng.choice(self.num_modes, size=num_samples, p=self.weights)
        noise = rng.standard_normal((num_samples, self.dim))
        points = (self.centers[modes] + noise * self.std[modes, None]).astype(np.float32)
        return (points, modes) if return_modes else points

    def pdf(self, x):
        """Density at points ``x`` ``(n, dim)`` (or ``(n,)`` when dim is 1), shape ``(n,)``."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 1 and self.dim == 1:
            x = x[:, None]
        if x.ndim != 2 or x.shape[1] != self.dim:
            raise ValueError(f"x must have shape (n, {self.dim}), got {x.shape}")
        sq = ((x[:, None, :] - self.centers[None, :, :]) ** 2).sum(-1)  # (n, modes)
        var = self.std**2
        norm = (2 * np.pi * var) ** (-self.dim / 2)
        return (self.weights * norm * np.exp(-0.5 * sq / var)).sum(-1)

    def mean(self):
        """The mixture's mean, shape ``(dim,)``."""
        return self.weights @ self.centers

    def __repr__(self):
        return f"GaussianMixture(name={self.name!r}, modes={self.num_modes}, dim={self.dim})"


def gaussian_1d(mean=0.0, std=1.0):
    """A single 1D Gaussian N(mean, std^2)."""
    mean, std = arguments.real("mean", mean), arguments.positive("std", std)
    return GaussianMixture([[mean]], std, name=f"N({mean:g}, {std:g}^2)")


def mixture_1d(means, stds, weights=None):
    """A 1D mixture with one mean and one standard deviation per mode."""
    means, stds = np.asarray(means, dtype=np.float64), np.asarray(stds, dtype=np.float64)
    if means.ndim != 1 or means.size == 0 or not np.all(np.isfinite(means)):
        raise ValueError(f"means must be a list of finite numbers, got {means.tolist()}")
    if stds.shape not in ((), means.shape) or not np.all(np.isfinite(stds) & (stds > 0)):
        raise ValueError(
            f"stds must be {means.size} finite numbers > 0 (one per mean), got {stds.tolist()}"
        )
    return GaussianMixture(means[:, None], stds, weights, name="1D mixture")


def ring(num_modes=8, radius=2.0, std=0.02):
    """``num_modes`` Gaussians evenly spaced on a circle (the first at angle 0).

    The default (radius 2, std 0.02) is the set-up of the unrolled GAN and VEEGAN papers.
    """
    num_modes = arguments.integer("num_modes", num_modes)
    radius = arguments.positive("radius", radius)
    angles = 2 * np.pi * np.arange(num_modes) / num_modes
    centers = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return GaussianMixture(centers, std, name=f"ring of {num_modes}")


def grid(num_per_side=5, spacing=2.0, std=0.05):
    """``num_per_side``^2 Gaussians on a square grid centred at 0.

    The default (means in {-4, -2, 0, 2, 4}^2, std 0.05) is the VEEGAN and PacGAN set-up.
    """
    num_per_side = arguments.integer("num_per_side", num_per_side)
    spacing = arguments.positive("spacing", spacing)
    axis = spacing * (np.arange(num_per_side) - (num_per_side - 1) / 2)
    xx, yy = np.meshgrid(axis, axis, indexing="ij")
    centers = np.stack([xx.ravel(), yy.ravel()], axis=1)
    return GaussianMixture(centers, std, name=f"grid of {num_per_side**2}")


BENCHMARKS = {
    # PacGAN (Lin et al. 2018) and VEEGAN (Srivastava et al. 2017), 2,500 samples per evaluation
    "pacgan-ring": lambda: ring(8, radius=1.0, std=0.01),
    "pacgan-grid": lambda: grid(5, spacing=2.0, std=0.05),
    # WGAN-GP's toy data (Gulrajani et al. 2017): the points are divided by 1.414 and 2.828
    "wgangp-ring": lambda: ring(8, radius=2.0 / 1.414, std=0.02 / 1.414),
    "wgangp-grid": lambda: grid(5, spacing=2.0 / 2.828, std=0.05 / 2.828),
}


def benchmark(name):
    """A toy benchmark of the mode-collapse literature by name: ``"pacgan-ring"``,
    ``"pacgan-grid"``, ``"wgangp-ring"`` or ``"wgangp-grid"``."""
    if not isinstance(name, str) or name not in BENCHMARKS:
        raise ValueError(f"unknown benchmark {name!r}: expected one of {', '.join(BENCHMARKS)}")
    mixture = BENCHMARKS[name]()
    mixture.name = name
    return mixture
