import numpy as np
import pytest
from scipy import linalg

from gan_tutorial.metrics import frechet_distance, precision_recall


def trace_sqrt_product(cov_a, cov_b):
    """Tr((S_a S_b)^(1/2)) as the FID reference code computes it: a general matrix square root."""
    return np.real(np.trace(linalg.sqrtm(cov_a @ cov_b)))


def test_frechet_distance_matches_the_closed_form():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((500, 4)) @ rng.standard_normal((4, 4))
    b = rng.standard_normal((400, 4)) @ rng.standard_normal((4, 4)) + 1.5
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    expected = (
        np.sum((a.mean(0) - b.mean(0)) ** 2)
        + np.trace(cov_a)
        + np.trace(cov_b)
        - 2 * trace_sqrt_product(cov_a, cov_b)
    )
    assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-8)


def test_frechet_distance_is_zero_for_a_set_and_grows_by_the_squared_shift():
    x = np.random.default_rng(1).standard_normal((300, 8))
    assert frechet_distance(x, x) == pytest.approx(0.0, abs=1e-8)
    shift = np.array([3.0, 0, 0, 0, 4.0, 0, 0, 0])
    assert frechet_distance(x, x + shift) == pytest.approx(25.0, rel=1e-8)
    # 1D Gaussians: (m1 - m2)^2 + (s1 - s2)^2, up to sampling error
    rng = np.random.default_rng(2)
    one = rng.normal(0.0, 1.0, (20000, 1))
    two = rng.normal(2.0, 3.0, (20000, 1))
    assert frechet_distance(one, two) == pytest.approx(4.0 + 4.0, rel=0.03)


def test_precision_and_recall_of_identical_far_and_half_covering_sets():
    rng = np.random.default_rng(3)
    left = rng.normal(-10, 1, (200, 2))
    right = rng.normal(10, 1, (200, 2))
    real = np.concatenate([left, right])
    assert precision_recall(real, real) == {"precision": 1.0, "recall": 1.0}
    assert precision_recall(real, real + 100.0) == {"precision": 0.0, "recall": 0.0}
    # fakes only where half of the data is: all realistic, half the data covered
    fake = rng.normal(-10, 1, (400, 2))
    pr = precision_recall(real, fake)
    assert pr["precision"] > 0.95
    assert pr["recall"] == pytest.approx(0.5, abs=0.03)


def test_frechet_distance_of_a_collapsed_set_is_finite_and_positive():
    x = np.random.default_rng(4).standard_normal((200, 6))
    copies = np.repeat(x[:1], 200, axis=0)  # zero covariance: a singular product
    expected = np.sum((x.mean(0) - x[0]) ** 2) + np.trace(np.cov(x, rowvar=False))
    assert frechet_distance(copies, x) == pytest.approx(expected, rel=1e-8)


def test_the_balls_reach_the_kth_other_neighbour():
    """1-D points whose radii are known: real [0, 1, 3, 7] has k=1 radii [1, 1, 2, 4] (self
    excluded) and k=2 radii [3, 2, 3, 6]."""
    real = np.array([[0.0], [1.0], [3.0], [7.0]])
    fake = np.array([[2.1], [5.5], [12.0], [-1.5]])
    # k=1: 2.1 is in 3's ball, 5.5 in 7's; 12 and -1.5 are outside every ball
    assert precision_recall(real, fake, k=1) == {"precision": 0.5, "recall": 1.0}
    assert precision_recall(real, fake, k=2)["precision"] == 1.0  # wider balls take all four


def test_image_metrics_name_what_is_wrong():
    x = np.zeros((10, 3))
    with pytest.raises(ValueError, match="same width, got 3 and 2"):
        frechet_distance(x, np.zeros((10, 2)))
    with pytest.raises(ValueError, match=r"features_a must have shape \(n, d\)"):
        frechet_distance(np.zeros(10), x)
    with pytest.raises(ValueError, match="at least 2 rows"):
        frechet_distance(x[:1], x)
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        precision_recall(x, x, k=0)
    with pytest.raises(ValueError, match="fake_features needs at least 4 rows"):
        precision_recall(x, x[:3], k=3)
    with pytest.raises(ValueError, match="NaN or infinite"):
        precision_recall(x, np.full((10, 3), np.nan))
