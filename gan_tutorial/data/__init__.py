"""Data sets: toy mixtures that know their modes (later: images, text)."""

from gan_tutorial.data.toy import GaussianMixture, gaussian_1d, grid, mixture_1d, ring

__all__ = ["GaussianMixture", "gaussian_1d", "grid", "mixture_1d", "ring"]
