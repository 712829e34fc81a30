import math

import numpy as np
import pytest

from gan_tutorial import data, metrics

RING = data.ring(8, radius=2.0, std=0.02)


def test_samples_at_the_centres_cover_every_mode_uniformly():
    samples = np.repeat(RING.centers, 30, axis=0)
    report = metrics.mode_report(samples, RING)
    assert report["modes"] == 8 and report["modes_min_count"] == 8
    assert report["high_quality"] == 1.0
    assert report["reverse_kl"] == pytest.approx(0.0, abs=1e-12)
    assert report["histogram"] == [30] * 8


def test_a_collapsed_generator_has_one_mode_and_kl_log_k():
    samples = np.repeat(RING.centers[[3]], 100, axis=0)
    report = metrics.mode_report(samples, RING)
    assert report["modes"] == 1
    assert report["reverse_kl"] == pytest.approx(math.log(8))


def test_samples_between_modes_are_low_quality():
    samples = np.zeros((50, 2))  # the centre of the ring, 100 std from every mode
    report = metrics.mode_report(samples, RING)
    assert report["modes"] == 0 and report["high_quality"] == 0.0
    assert report["reverse_kl"] == math.inf


def test_three_std_threshold_is_inclusive_and_per_mode():
    mix = data.GaussianMixture([[0.0, 0.0], [10.0, 0.0]], std=[1.0, 0.1])
    points = np.array([[3.0, 0.0], [3.01, 0.0], [10.29, 0.0], [10.31, 0.0]])
    np.testing.assert_array_equal(metrics.assign_modes(points, mix), [0, -1, 1, -1])


def test_true_samples_are_high_quality_with_the_chi_square_probability():
    """For a 2D isotropic Gaussian P(|x - mu| <= 3 sigma) = 1 - exp(-9/2) = 0.98889."""
    report = metrics.mode_report(RING.sample(40_000, seed=0), RING)
    assert report["high_quality"] == pytest.approx(1 - math.exp(-4.5), abs=0.003)
    assert report["modes"] == 8 and report["reverse_kl"] < 0.002


def test_min_count_counts_only_well_covered_modes():
    samples = np.concatenate([np.repeat(RING.centers[:2], 25, axis=0), RING.centers[2:5]])
    report = metrics.mode_report(samples, RING, min_count=20)
    assert report["modes"] == 5 and report["modes_min_count"] == 2


def test_reverse_kl_known_answer():
    # p = (1/4, 1/4, 1/2) against uniform 1/3: sum p log(3p)
    expected = 0.5 * math.log(0.75) + 0.5 * math.log(1.5)
    assert metrics.reverse_kl_to_uniform([1, 1, 2]) == pytest.approx(expected)
    assert metrics.reverse_kl_to_uniform([0, 4, 0, 4]) == pytest.approx(math.log(2))


def test_works_in_1d():
    mix = data.mixture_1d([-2.0, 2.0], [0.1, 0.1])
    report = metrics.mode_report(np.array([-2.0, -2.05, 1.9, 0.0]), mix)
    assert report["histogram"] == [2, 1] and report["high_quality"] == 0.75


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"samples must have shape \(n, 2\) for ring of 8"):
        metrics.mode_report(np.zeros((5, 3)), RING)
    with pytest.raises(ValueError, match="samples is empty"):
        metrics.mode_report(np.zeros((0, 2)), RING)
    with pytest.raises(ValueError, match="NaN"):
        metrics.mode_report(np.full((3, 2), np.nan), RING)
    with pytest.raises(ValueError, match="histogram must be non-negative"):
        metrics.reverse_kl_to_uniform([1, -1])
