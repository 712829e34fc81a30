import itertools
import math

import numpy as np
import pytest

from gan_tutorial import data


def test_ring_modes_are_evenly_spaced_on_the_circle():
    ring = data.ring(8, radius=2.0, std=0.02)
    assert ring.num_modes == 8 and ring.dim == 2
    np.testing.assert_allclose(np.linalg.norm(ring.centers, axis=1), 2.0)
    angles = np.sort(np.mod(np.arctan2(ring.centers[:, 1], ring.centers[:, 0]), 2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 8)
    np.testing.assert_allclose(ring.std, 0.02)
    np.testing.assert_allclose(ring.mean(), 0, atol=1e-12)


def test_grid_is_the_veegan_grid():
    grid = data.grid()
    expected = set(itertools.product([-4.0, -2.0, 0.0, 2.0, 4.0], repeat=2))
    assert {tuple(c) for c in grid.centers} == expected
    np.testing.assert_allclose(grid.std, 0.05)


def test_samples_follow_their_modes():
    ring = data.ring(8, radius=1.0, std=0.05)
    points, modes = ring.sample(40_000, seed=0, return_modes=True)
    assert points.shape == (40_000, 2) and points.dtype == np.float32
    counts = np.bincount(modes, minlength=8)
    assert counts.min() > 4_600 and counts.max() < 5_400  # 5,000 each, +-4.5 sigma
    offsets = points - ring.centers[modes]
    assert np.abs(offsets.mean(0)).max() < 0.002
    np.testing.assert_allclose(offsets.std(0), 0.05, rtol=0.02)


def test_seed_makes_samples_repeatable():
    mix = data.grid()
    np.testing.assert_array_equal(mix.sample(100, seed=4), mix.sample(100, seed=4))


def test_1d_mixture_weights_and_moments():
    mix = data.mixture_1d([-2.0, 3.0], [0.5, 1.0], weights=[1, 3])
    np.testing.assert_allclose(mix.weights, [0.25, 0.75])
    x = mix.sample(200_000, seed=1)[:, 0]
    mean = 0.25 * -2 + 0.75 * 3
    var = 0.25 * (0.25 + 4) + 0.75 * (1 + 9) - mean**2
    assert x.mean() == pytest.approx(mean, abs=0.01)
    assert x.var() == pytest.approx(var, rel=0.01)


def test_pdf_integrates_to_one_and_matches_the_gaussian_formula():
    g = data.gaussian_1d(1.0, 2.0)
    assert g.pdf(np.array([1.0]))[0] == pytest.approx(1 / math.sqrt(2 * math.pi * 4))
    xs = np.linspace(-30, 30, 20001)
    assert np.trapezoid(g.pdf(xs), xs) == pytest.approx(1, abs=1e-6)
    ring = data.ring(8, radius=2, std=0.2)
    axis = np.linspace(-4, 4, 801)
    xx, yy = np.meshgrid(axis, axis)
    density = ring.pdf(np.stack([xx.ravel(), yy.ravel()], 1)).reshape(xx.shape)
    assert np.trapezoid(np.trapezoid(density, axis), axis) == pytest.approx(1, abs=1e-4)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(centers=[[0, 0]], std=0.0), "std must be finite and > 0"),
        (
            dict(centers=[[0, 0], [1, 1]], std=[0.1, 0.1, 0.1]),
            r"std must be a float or have shape \(2,\)",
        ),
        (dict(centers=[[0, 0], [1, 1]], std=0.1, weights=[1, -1]), "weights must be 2 positive"),
        (dict(centers=np.zeros((0, 2)), std=0.1), "centers must have shape"),
    ],
)
def test_bad_mixtures_are_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        data.GaussianMixture(**kwargs)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="num_samples must be >= 1"):
        data.ring().sample(0)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 2\)"):
        data.ring().pdf(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="num_modes must be an integer >= 1"):
        data.ring(0)
    with pytest.raises(ValueError, match="num_modes must be an integer >= 1, got 2.5"):
        data.ring(2.5)
    with pytest.raises(ValueError, match="num_per_side must be an integer >= 1"):
        data.grid(1.5)


def test_benchmarks_of_the_literature():
    ring = data.benchmark("pacgan-ring")
    np.testing.assert_allclose(np.linalg.norm(ring.centers, axis=1), 1.0)
    np.testing.assert_allclose(ring.std, 0.01)
    grid = data.benchmark("pacgan-grid")
    assert grid.num_modes == 25 and np.abs(grid.centers).max() == 4.0
    wgan_ring = data.benchmark("wgangp-ring")
    np.testing.assert_allclose(np.linalg.norm(wgan_ring.centers, axis=1), 2 / 1.414)
    wgan_grid = data.benchmark("wgangp-grid")
    np.testing.assert_allclose(np.abs(wgan_grid.centers).max(), 4 / 2.828)
    np.testing.assert_allclose(wgan_grid.std, 0.05 / 2.828)
    with pytest.raises(ValueError, match="unknown benchmark 'mnist'"):
        data.benchmark("mnist")
