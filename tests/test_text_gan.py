"""TextGAN: the exact end-token term, checked against a finite difference of the expected loss;
LSTMGenerator.write; cutting sequences; saving."""

import keras
import numpy as np
import pytest
from keras import ops

from gan_tutorial import backend
from gan_tutorial.models import GRUDiscriminator, LSTMGenerator
from gan_tutorial.text_gan import TextGAN, cut_at_every_position

V, T = 8, 6


class ExactlyThree(keras.Model):
    """A fixed judge: logit +3 for sequences of exactly 3 tokens, -3 for any other length. It
    reads the tokens (the argmax of distributions), so it passes no gradient: only the end
    term can teach the generator its lengths."""

    def __init__(self):
        super().__init__()
        self.scale = self.add_weight(shape=(), initializer="ones")  # never trained
        self.built = True

    def call(self, x, training=False):
        ids = x if "int" in str(x.dtype) else ops.argmax(x, axis=-1)
        stops = ops.cast(ops.logical_or(ops.equal(ids, 0), ops.equal(ids, 2)), "int32")
        length = ops.argmax(ops.concatenate([stops, ops.ones_like(stops[:, :1])], 1), axis=1)
        return self.scale * ops.expand_dims(ops.where(length == 3, 3.0, -3.0), -1)


def generator(seed=0):
    return LSTMGenerator(
        V, T, latent_dim=4, embedding_dim=8, hidden_dim=16, straight_through=True, seed=seed
    )


def test_cut_at_every_position():
    ids = np.array([[5, 6, 7, 2], [4, 2, 0, 0]])
    cut = ops.convert_to_numpy(cut_at_every_position(ids, end_id=2, pad_id=0))
    assert cut.shape == (8, 4)
    np.testing.assert_array_equal(cut[0:2], [[2, 0, 0, 0], [2, 0, 0, 0]])
    np.testing.assert_array_equal(cut[2:4], [[5, 2, 0, 0], [4, 2, 0, 0]])
    np.testing.assert_array_equal(cut[6:8], [[5, 6, 7, 2], [4, 2, 0, 2]])


def test_write_samples_hard_tokens_and_reports_its_end_decisions():
    g = generator()
    sequences, end_probability, open_ = (
        ops.convert_to_numpy(x) for x in g.write(keras.random.normal((256, 4), seed=1))
    )
    assert np.allclose(sequences.max(-1), 1.0) and np.allclose(sequences.sum(-1), 1.0)
    ids = sequences.argmax(-1)
    for row, is_open in zip(ids, open_):
        written = list(row).index(2) if 2 in row else T  # tokens before END
        assert set(row[written + 1 :]) <= {0}  # PAD after END
        np.testing.assert_array_equal(is_open, np.arange(T) < written)
    assert ((0 < end_probability) & (end_probability < 1)).all()


def test_the_end_term_has_the_gradient_of_the_expected_loss():
    """The gradient of the end term with respect to the END logit's bias, averaged over 10,240
    samples, matches a central finite difference of the expected generator loss (40,000 samples
    each side, the same random numbers) within three standard errors. The token gradients do not
    reach that bias (write leaves END out of the relaxed sample), so this checks the end term
    alone."""
    keras.utils.set_random_seed(0)
    g, judge = generator(), ExactlyThree()
    gan = TextGAN(g, judge, seed=0)
    gan.compile()
    bias = g.to_logits.bias
    start = ops.convert_to_numpy(bias).copy()
    start[g.end_id] = 2.0  # sequences that end early, which the judge mostly rejects
    bias.assign(start)
    estimates = []
    for i in range(20):
        with backend.GradientTape() as tape:
            fake, end_probability, open_ = g.write(keras.random.normal((512, 4), seed=100 + i))
            term = gan._end_term(fake, judge(fake), end_probability, open_)
        estimates.append(float(ops.convert_to_numpy(tape.gradient(term, bias))[g.end_id]))

    def expected_loss(shift):
        shifted = start.copy()
        shifted[g.end_id] += shift
        bias.assign(shifted)
        logits = ops.convert_to_numpy(judge(g.sample(40_000, seed=7)))[:, 0]
        return np.mean(np.logaddexp(0.0, -logits))  # the non-saturating loss

    finite_difference = (expected_loss(0.1) - expected_loss(-0.1)) / 0.2
    bias.assign(start)
    mean, error = np.mean(estimates), np.std(estimates) / np.sqrt(len(estimates))
    assert finite_difference > 0.05  # ending less often would help
    assert abs(mean - finite_difference) < 3 * error + 0.005, (mean, error, finite_difference)


def test_text_gan_checks_its_networks_and_saves(tmp_path):
    g, d = generator(), GRUDiscriminator(V, T, 8, 16)
    with pytest.raises(TypeError, match="needs a variable-length LSTMGenerator"):
        TextGAN(LSTMGenerator(V, T, fixed_length=True, straight_through=True), d)
    with pytest.raises(ValueError, match="TextGAN needs straight-through samples"):
        TextGAN(LSTMGenerator(V, T), d)
    with pytest.raises(ValueError, match="TextGAN is unconditional"):
        TextGAN(g, d, num_classes=3)
    gan = TextGAN(g, d, seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    real = ops.convert_to_numpy(ops.one_hot(np.tile([[5, 6, 2, 0, 0, 0]], (64, 1)), V))
    history = gan.fit(real, batch_size=32, epochs=1, verbose=0).history
    assert {"d_loss", "g_loss", "end_term"} <= set(history)
    gan.save(tmp_path / "text_gan.keras")
    loaded = keras.models.load_model(tmp_path / "text_gan.keras")
    assert isinstance(loaded, TextGAN)
    for a, b in zip(loaded.generator.get_weights(), g.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_the_likelihood_term_teaches_the_real_batch_and_is_saved(tmp_path):
    """With ``likelihood_weight`` the generator's loss holds the real batch's NLL: 30 steps
    teach the one real sentence (its NLL ends below half that of the same run without the
    term, and the ``nll`` metric reports it); the weight is checked and saved."""
    d = GRUDiscriminator(V, T, 8, 16)
    for bad in (-1.0, float("nan"), float("inf"), True):
        with pytest.raises(ValueError, match="likelihood_weight must be a finite number >= 0"):
            TextGAN(generator(), d, likelihood_weight=bad)
    sentence = np.array([[5, 6, 7, 2, 0, 0]])
    real = ops.convert_to_numpy(ops.one_hot(np.tile(sentence, (64, 1)), V))
    nll, histories = {}, {}
    for weight in (0.0, 1.0):
        keras.utils.set_random_seed(0)
        g = generator()
        gan = TextGAN(g, GRUDiscriminator(V, T, 8, 16), likelihood_weight=weight, seed=0)
        gan.compile(
            d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-2)
        )
        histories[weight] = gan.fit(real, batch_size=32, epochs=15, verbose=0).history
        nll[weight] = float(ops.convert_to_numpy(g._nll(sentence, ops.zeros((1, 4)))[0]))
    assert "nll" not in histories[0.0]
    assert histories[1.0]["nll"][-1] < 0.5 * histories[1.0]["nll"][0]
    assert nll[1.0] < 1.5 and nll[0.0] > 3.0, nll
    gan.save(tmp_path / "text_gan.keras")
    assert keras.models.load_model(tmp_path / "text_gan.keras").likelihood_weight == 1.0
