"""The synthetic oracle of SeqGAN's benchmark and the fixed-length language model it is made of."""

import math

import numpy as np
import pytest

from gan_tutorial.data.oracle import oracle, reinitialize, sequence_nll
from gan_tutorial.models import LSTMGenerator


@pytest.fixture(scope="module")
def small_oracle():
    return oracle(vocab_size=50, max_length=12, embedding_dim=8, hidden_dim=8, seed=0)


def test_the_oracles_weights_are_standard_normal_and_its_state_starts_at_zero():
    model = oracle(seed=0)  # the published sizes: 5,000 tokens, 32 units, 20 tokens
    assert (model.vocab_size, model.max_length, model.hidden_dim) == (5000, 20, 32)
    weights = np.concatenate(
        [w.numpy().ravel() for w in model.trainable_weights if w is not model.initial_state.bias]
    )
    assert abs(weights.mean()) < 0.01 and abs(weights.std() - 1.0) < 0.01
    assert np.all(model.initial_state.bias.numpy() == 0)
    again = oracle(seed=0)
    np.testing.assert_array_equal(model.to_logits.kernel.numpy(), again.to_logits.kernel.numpy())


def test_fixed_length_samples_use_every_token_everywhere(small_oracle):
    ids = small_oracle.sample(2000, seed=1)
    assert ids.shape == (2000, 12) and ids.min() >= 0 and ids.max() < 50
    # END (2) and PAD (0) are ordinary tokens here: text goes on after them
    after_end = [row[list(row).index(2) + 1 :] for row in ids if 2 in row[:-1]]
    assert after_end and any(np.any(rest != 0) for rest in after_end)
    np.testing.assert_array_equal(ids, small_oracle.sample(2000, seed=1))  # seeded


def test_nll_of_a_uniform_model_is_log_vocab():
    model = LSTMGenerator(30, 6, latent_dim=0, hidden_dim=4, fixed_length=True)
    model.to_logits.kernel.assign(np.zeros((4, 30), "float32"))
    model.to_logits.bias.assign(np.zeros(30, "float32"))
    ids = np.random.default_rng(0).integers(0, 30, size=(7, 6))
    assert sequence_nll(model, ids, batch_size=3) == pytest.approx(math.log(30), rel=1e-6)


def test_the_oracle_prefers_its_own_samples(small_oracle):
    own = small_oracle.sample(500, seed=2)
    uniform = np.random.default_rng(2).integers(0, 50, size=own.shape)
    assert sequence_nll(small_oracle, own) < sequence_nll(small_oracle, uniform) - 1.0


def test_nll_matches_the_probabilities_of_sampling(small_oracle):
    """sequence_nll (teacher forcing) and the sampler (a step-by-step loop) are the same model:
    the frequency of the most common first token in 20,000 samples matches its probability."""
    ids = small_oracle.sample(20000, seed=3)
    first = np.bincount(ids[:, 0], minlength=50) / len(ids)
    log_p = small_oracle.log_probs(ids[:1]).numpy()[0, 0]  # the first position's distribution
    top = int(np.argmax(first))
    assert abs(first[top] - math.exp(log_p[top])) < 0.01


def test_nll_at_a_temperature_scores_what_sampling_at_that_temperature_draws(small_oracle):
    ids = small_oracle.sample(20000, temperature=0.6, seed=4)
    first = np.bincount(ids[:, 0], minlength=50) / len(ids)
    logits = small_oracle.log_probs(ids[:1]).numpy()[0, 0] / 0.6
    p = np.exp(logits - logits.max())
    p /= p.sum()
    top = int(np.argmax(first))
    assert abs(first[top] - p[top]) < 0.01
    # by hand: -log softmax(log p / T) of the tokens written, averaged over every position
    few = ids[:5]
    log_p = small_oracle.log_probs(few).numpy() / 0.6
    log_p = log_p - np.log(np.exp(log_p).sum(-1, keepdims=True))
    by_hand = -np.take_along_axis(log_p, few[..., None], -1).mean()
    assert sequence_nll(small_oracle, few, temperature=0.6) == pytest.approx(by_hand, rel=1e-5)
    # a colder model is surer of its own colder samples; T = 1 is the plain likelihood
    assert sequence_nll(small_oracle, ids, temperature=0.6) < sequence_nll(
        small_oracle, small_oracle.sample(20000, seed=4)
    )
    assert sequence_nll(small_oracle, few, temperature=1.0) == pytest.approx(
        sequence_nll(small_oracle, few), rel=1e-7
    )


def test_bad_input_is_named(small_oracle):
    with pytest.raises(ValueError, match="fixed_length model with latent_dim=0"):
        sequence_nll(LSTMGenerator(10, 4), np.zeros((2, 4), int))
    with pytest.raises(ValueError, match=r"ids must have shape \(n >= 1, 12\)"):
        sequence_nll(small_oracle, np.zeros((2, 5), int))
    with pytest.raises(ValueError, match=r"integers in \[0, 50\)"):
        sequence_nll(small_oracle, np.full((2, 12), 50))
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        sequence_nll(small_oracle, np.zeros((2, 12), int), temperature=0.0)
    with pytest.raises(ValueError, match="stddev must be a finite number > 0"):
        reinitialize(small_oracle, 0.0)
    with pytest.raises(ValueError, match="latent_dim must be an integer >= 0"):
        LSTMGenerator(10, 4, latent_dim=-1)


def test_a_fixed_length_model_survives_saving(tmp_path):
    import keras

    model = LSTMGenerator(10, 4, latent_dim=0, hidden_dim=8, fixed_length=True)
    model.save(tmp_path / "lm.keras")
    loaded = keras.models.load_model(tmp_path / "lm.keras")
    assert loaded.fixed_length and loaded.latent_dim == 0
    ids = np.array([[3, 2, 5, 0]])  # END and PAD in the middle are ordinary tokens here
    np.testing.assert_allclose(loaded.log_probs(ids), model.log_probs(ids), rtol=1e-6)
    assert sequence_nll(loaded, ids) == pytest.approx(sequence_nll(model, ids), rel=1e-6)


def test_a_noiseless_language_model_trains_by_maximum_likelihood(small_oracle):
    """latent_dim=0 inside compiled graphs (fit, evaluate): MLE on oracle data lowers the
    held-out NLL from about log V."""
    data = small_oracle.sample(1200, seed=5)
    model = LSTMGenerator(50, 12, latent_dim=0, embedding_dim=8, hidden_dim=16, fixed_length=True)
    model.compile(optimizer="adam")
    before = model.evaluate(data[1000:], batch_size=100, verbose=0)
    model.fit(data[:1000], batch_size=50, epochs=5, verbose=0)
    after = model.evaluate(data[1000:], batch_size=100, verbose=0)
    assert before == pytest.approx(math.log(50), abs=0.2) and after < before - 0.3
    assert sequence_nll(model, data[1000:]) == pytest.approx(after, rel=1e-4)
