"""Quality of generated images measured in a feature space (chapter 4): the Frechet distance
between two sets of features, and precision and recall with k-nearest-neighbour balls.

Both take features, not images: ``(n, d)`` arrays from a classifier's penultimate layer (the
"Frechet LeNet distance" of a small MNIST classifier) or any other embedding.
"""

import reprlib

import numpy as np
from scipy import linalg

from gan_tutorial import arguments

__all__ = ["frechet_distance", "precision_recall"]


def _check_features(name, features, min_rows=2):
    try:
        features = np.asarray(features, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be an array of numbers, shape (n, d), got {reprlib.repr(features)}"
        ) from None
    if features.ndim != 2:
        raise ValueError(f"{name} must have shape (n, d), got {features.shape}")
    if features.shape[0] < min_rows:
        raise ValueError(f"{name} needs at least {min_rows} rows, got {features.shape[0]}")
    if not np.all(np.isfinite(features)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return features


def frechet_distance(features_a, features_b):
    """Frechet distance between Gaussians fitted to two feature sets ``(n_a, d)`` and
    ``(n_b, d)``: ``|mu_a - mu_b|^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))``, in squared feature
    units. 0 for identical sets; a shift ``c`` of every feature adds ``|c|^2``."""
    a = _check_features("features_a", features_a)
    b = _check_features("features_b", features_b)
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"features_a and features_b must have the same width, got {a.shape[1]} and {b.shape[1]}"
        )
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a = np.atleast_2d(np.cov(a, rowvar=False))
    cov_b = np.atleast_2d(np.cov(b, rowvar=False))
    distance = np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a) + np.trace(cov_b)
    distance -= 2.0 * _trace_sqrt_product(cov_a, cov_b)
    return float(max(distance, 0.0))


def _trace_sqrt_product(cov_a, cov_b):
    """Tr((S_a S_b)^(1/2)) for symmetric positive semi-definite S_a, S_b, computed as
    Tr((S_a^(1/2) S_b S_a^(1/2))^(1/2)) with symmetric eigendecompositions: stable where S_a S_b
    is singular (a collapsed generator's features), unlike a general matrix square root."""
    w, v = linalg.eigh(cov_a)
    root_a = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    inner = linalg.eigvalsh(root_a @ cov_b @ root_a)
    return float(np.sqrt(np.clip(inner, 0.0, None)).sum())


def _kth_neighbour_radii(features, k):
    """Distance from each row to its k-th nearest other row, ``(n,)``."""
    distances = _pairwise(features, features)
    np.fill_diagonal(distances, np.inf)
    return np.partition(distances, k - 1, axis=1)[:, k - 1]


def _pairwise(a, b):
    squared = (a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2.0 * a @ b.T
    return np.sqrt(np.maximum(squared, 0.0))


def _coverage(points, centres, radii):
    """Fraction of ``points`` inside at least one ball (``centres``, ``radii``)."""
    return float(np.mean((_pairwise(points, centres) <= radii[None, :]).any(axis=1)))


def precision_recall(real_features, fake_features, k=3):
    """Improved precision and recall (Kynkaanniemi et al. 2019).

    Each real sample gets a ball reaching its ``k``-th nearest real neighbour, and each fake
    sample one reaching its ``k``-th nearest fake neighbour. Precision: the fraction of fake
    samples inside some real ball (are the fakes realistic?); recall: the fraction of real
    samples inside some fake ball (is the data covered?). Both in [0, 1].

    Args:
        real_features: ``(n_real, d)``; fake_features: ``(n_fake, d)``; both with more than
            ``k`` rows. Memory grows as ``n_real * n_fake``: a few thousand rows each is fine.
    """
    arguments.integer("k", k)
    k = int(k)
    real = _check_features("real_features", real_features, min_rows=k + 1)
    fake = _check_features("fake_features", fake_features, min_rows=k + 1)
    if real.shape[1] != fake.shape[1]:
        raise ValueError(
            f"real_features and fake_features must have the same width, got {real.shape[1]} "
            f"and {fake.shape[1]}"
        )
    precision = _coverage(fake, real, _kth_neighbour_radii(real, k))
    recall = _coverage(real, fake, _kth_neighbour_radii(fake, k))
    return {"precision": precision, "recall": recall}
