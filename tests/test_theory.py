import math

import keras
import numpy as np
import pytest

from gan_tutorial import GAN, losses, models, theory

X = np.linspace(-12, 12, 24001)


def normal(mean, std):
    return np.exp(-0.5 * ((X - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))


def uniform(lo, hi):
    """U(lo, hi) on the grid, normalised so that its trapezoid integral is exactly 1."""
    box = np.where((X >= lo) & (X <= hi), 1.0, 0.0)
    return box / np.trapezoid(box, X)


def test_optimal_discriminator_closed_form():
    p, q = normal(0, 1), normal(1, 2)
    d = theory.optimal_discriminator(p, q)
    np.testing.assert_allclose(d, p / (p + q))
    np.testing.assert_allclose(theory.optimal_discriminator(p, p), 0.5)
    # only data: 1; only generated: 0; neither: 1/2
    np.testing.assert_array_equal(
        theory.optimal_discriminator([2.0, 0.0, 0.0], [0.0, 3.0, 0.0]), [1.0, 0.0, 0.5]
    )


def test_optimal_discriminator_maximises_the_pointwise_value():
    """a log y + b log(1 - y) peaks at y = a / (a + b)."""
    y = np.linspace(1e-6, 1 - 1e-6, 200_001)
    for a, b in [(1.0, 1.0), (0.3, 2.0), (5.0, 0.1)]:
        best = y[np.argmax(a * np.log(y) + b * np.log(1 - y))]
        assert best == pytest.approx(theory.optimal_discriminator(a, b), abs=1e-5)


def test_kl_and_jsd_known_answers():
    p, q = normal(0, 1), normal(1, 2)
    # KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2/s1) + (s1^2 + (m1-m2)^2) / (2 s2^2) - 1/2
    expected = math.log(2) + (1 + 1) / 8 - 0.5
    assert theory.kl_divergence(p, q, X) == pytest.approx(expected, abs=1e-6)
    assert theory.js_divergence(p, p, X) == pytest.approx(0, abs=1e-12)
    assert theory.js_divergence(uniform(0, 1), uniform(2, 3), X) == pytest.approx(math.log(2))
    assert theory.js_divergence(p, q, X) == pytest.approx(theory.js_divergence(q, p, X))
    assert theory.kl_divergence(uniform(0, 2), uniform(0, 1), X) == math.inf


def test_virtual_training_criterion_is_minus_log4_plus_2jsd():
    p = normal(0, 1)
    for q in [normal(0, 1), normal(0.5, 1), normal(-2, 0.5), uniform(3, 5)]:
        c = theory.virtual_training_criterion(p, q, X)
        assert c == pytest.approx(-math.log(4) + 2 * theory.js_divergence(p, q, X), abs=1e-9)
    assert theory.virtual_training_criterion(p, p, X) == pytest.approx(-math.log(4), abs=1e-6)
    assert theory.virtual_training_criterion(uniform(0, 1), uniform(2, 3), X) == pytest.approx(0)


def test_value_function_is_highest_at_the_optimal_discriminator():
    p, q = normal(0, 1), normal(1, 1)
    best = theory.value_function(theory.optimal_discriminator(p, q), p, q, X)
    for d in [np.full_like(X, 0.5), 1 / (1 + np.exp(X - 0.4))]:
        assert theory.value_function(d, p, q, X) < best


def test_bilinear_game_simultaneous_spirals_out_alternating_stays_bounded():
    lr = 0.1
    simultaneous = theory.gradient_play(theory.bilinear_field, (1.0, 0.0), lr, 100)
    radius = np.linalg.norm(simultaneous, axis=1)
    np.testing.assert_allclose(radius, (1 + lr**2) ** (np.arange(101) / 2), rtol=1e-12)
    alternating = theory.gradient_play(theory.bilinear_field, (1.0, 0.0), lr, 100, alternating=True)
    x, y = alternating[:, 0], alternating[:, 1]
    np.testing.assert_allclose(x**2 + y**2 - lr * x * y, 1.0, rtol=1e-12)  # conserved


def test_dirac_gan_jacobian_matches_finite_differences():
    for loss in ("minimax", "non_saturating", "wasserstein"):
        for gamma in (0.0, 0.3):
            numeric = theory.numerical_jacobian(
                lambda s, loss=loss, gamma=gamma: theory.dirac_gan_field(s, loss, gamma),
                np.zeros(2),
            )
            np.testing.assert_allclose(numeric, theory.dirac_gan_jacobian(loss, gamma), atol=1e-8)


def test_dirac_gan_eigenvalues_explain_convergence():
    eig = np.linalg.eigvals(theory.dirac_gan_jacobian("minimax"))
    np.testing.assert_allclose(eig.real, 0)
    np.testing.assert_allclose(sorted(eig.imag), [-0.5, 0.5])
    eig = np.linalg.eigvals(theory.dirac_gan_jacobian("minimax", r1_weight=0.5))
    assert np.all(eig.real < 0)
    field = lambda s: theory.dirac_gan_field(s, "minimax", 0.5)  # noqa: E731
    path = theory.gradient_play(field, (1.0, 1.0), 0.1, 2000, alternating=True, order=(1, 0))
    assert np.linalg.norm(path[-1]) < 1e-6


@pytest.mark.parametrize(
    "loss, r1", [("minimax", 0.0), ("non_saturating", 0.5), ("wasserstein", 0.0)]
)
def test_package_training_loop_is_the_theory_game(loss, r1):
    """GAN.fit with SGD on the Dirac-GAN moves (theta, psi) exactly as alternating gradient play
    with the discriminator first."""
    gan = GAN(models.dirac_generator(1.0), models.linear_discriminator(1.0))
    adversarial = losses.Wasserstein(gradient_penalty=0.0) if loss == "wasserstein" else loss
    gan.compile(
        d_optimizer=keras.optimizers.SGD(0.1),
        g_optimizer=keras.optimizers.SGD(0.1),
        loss=adversarial,
        r1_weight=r1,
        steps_per_execution=50,
    )
    gan.fit(np.zeros((200 * 4, 1), np.float32), batch_size=4, epochs=1, verbose=0, shuffle=False)
    theta = float(gan.generator.get_weights()[0][0])
    psi = float(gan.discriminator.get_weights()[0][0, 0])
    field = lambda s: theory.dirac_gan_field(s, loss, r1)  # noqa: E731
    expected = theory.gradient_play(field, (1.0, 1.0), 0.1, 200, alternating=True, order=(1, 0))
    np.testing.assert_allclose([theta, psi], expected[-1], atol=1e-5)


def test_dirac_models_round_trip(tmp_path):
    gen = models.dirac_generator(theta=2.5, latent_dim=3)
    np.testing.assert_allclose(gen.predict(np.ones((4, 3)), verbose=0), 2.5)
    gen.save(tmp_path / "g.keras")
    again = keras.models.load_model(tmp_path / "g.keras")
    np.testing.assert_allclose(again.predict(np.zeros((2, 3)), verbose=0), 2.5)
    disc = models.linear_discriminator(psi=-2.0)
    np.testing.assert_allclose(disc.predict(np.array([[3.0]]), verbose=0), [[-6.0]])


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="p must have the grid's shape"):
        theory.js_divergence(np.ones(3), np.ones(4), np.arange(4.0))
    with pytest.raises(ValueError, match="q must be a density"):
        theory.kl_divergence(np.ones(4), -np.ones(4), np.arange(4.0))
    with pytest.raises(ValueError, match=r"d must hold values in \[0, 1\]"):
        theory.value_function(np.full(4, 1.5), np.ones(4), np.ones(4), np.arange(4.0))
    with pytest.raises(ValueError, match="unknown loss 'gan'"):
        theory.dirac_gan_field(np.zeros(2), "gan")
    with pytest.raises(ValueError, match="lr must be > 0"):
        theory.gradient_play(theory.bilinear_field, (1, 0), 0.0, 10)
    with pytest.raises(ValueError, match="order must be"):
        theory.gradient_play(theory.bilinear_field, (1, 0), 0.1, 10, alternating=True, order=(0, 0))
