"""Mode coverage of samples from a `GaussianMixture` (the VEEGAN / PacGAN definitions).

A sample counts for a mode when it lies within ``threshold`` (3) standard deviations of that
mode's centre, nearest centre first; a sample within 3 std of some mode is "high quality".
"""

import numpy as np

from gan_tutorial import arguments
from gan_tutorial.data.toy import GaussianMixture

__all__ = [
    "NUM_EVAL_SAMPLES",
    "assign_modes",
    "mode_histogram",
    "reverse_kl_to_uniform",
    "mode_report",
]

NUM_EVAL_SAMPLES = 2500  # samples per evaluation in the VEEGAN / PacGAN protocol


def _check_samples(samples, mixture):
    if not isinstance(mixture, GaussianMixture):
        raise TypeError(f"mixture must be a GaussianMixture (e.g. data.ring()), got {mixture!r}")
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim == 1 and mixture.dim == 1:
        samples = samples[:, None]
    if samples.ndim != 2 or samples.shape[1] != mixture.dim:
        raise ValueError(
            f"samples must have shape (n, {mixture.dim}) for {mixture.name}, got {samples.shape}"
        )
    if samples.shape[0] == 0:
        raise ValueError("samples is empty: need at least one sample")
    if not np.all(np.isfinite(samples)):
        raise ValueError("samples contains NaN or infinite values")
    return samples


def assign_modes(samples, mixture, threshold=3.0):
    """Index of the nearest mode of each sample, or -1 where it is farther than ``threshold``
    standard deviations (of that mode) from it. ``samples``: ``(n, dim)``; returns ``(n,)`` ints."""
    samples = _check_samples(samples, mixture)
    if isinstance(threshold, bool) or not 0 < threshold < float("inf"):
        raise ValueError(f"threshold must be a finite number of stds > 0, got {threshold!r}")
    dist = np.sqrt(((samples[:, None, :] - mixture.centers[None]) ** 2).sum(-1))  # (n, modes)
    nearest = dist.argmin(axis=1)
    close = dist[np.arange(len(samples)), nearest] <= threshold * mixture.std[nearest]
    return np.where(close, nearest, -1)


def mode_histogram(samples, mixture, threshold=3.0):
    """Number of high-quality samples per mode, shape ``(modes,)``."""
    assigned = assign_modes(samples, mixture, threshold)
    return np.bincount(assigned[assigned >= 0], minlength=mixture.num_modes)


def reverse_kl_to_uniform(histogram):
    """KL(p_g || uniform) in nats, where p_g is the normalised mode histogram.

    0 when every mode gets the same share; log(modes) when one mode gets everything; inf when the
    histogram is all zeros (no sample near any mode)."""
    counts = np.asarray(histogram, dtype=np.float64)
    if counts.ndim != 1 or counts.size == 0 or not np.all(np.isfinite(counts) & (counts >= 0)):
        raise ValueError(
            f"histogram must be non-negative finite counts, shape (modes,), got {counts}"
        )
    total = counts.sum()
    if total == 0:
        return float("inf")
    p = counts[counts > 0] / total
    return float(np.sum(p * np.log(p * counts.size)))


def mode_report(samples, mixture, threshold=3.0, min_count=20):
    """The mode metrics in one dict:

    - ``modes``: modes with at least one high-quality sample;
    - ``modes_min_count``: modes with at least ``min_count`` high-quality samples;
    - ``high_quality``: fraction of samples within ``threshold`` std of some mode, in [0, 1];
    - ``reverse_kl``: `reverse_kl_to_uniform` of the mode histogram;
    - ``histogram``: the counts per mode (a list).
    """
    samples = _check_samples(samples, mixture)
    min_count = arguments.integer("min_count", min_count, minimum=1)
    hist = mode_histogram(samples, mixture, threshold)
    return {
        "modes": int((hist > 0).sum()),
        "modes_min_count": int((hist >= min_count).sum()),
        "high_quality": float(hist.sum() / len(samples)),
        "reverse_kl": reverse_kl_to_uniform(hist),
        "histogram": hist.tolist(),
    }
