"""SeqGAN: rollout rewards (vectorized against the per-prefix loop), completion, the policy
gradient and the rollout network's lag."""

import math

import keras
import numpy as np
import pytest

from gan_tutorial.models import GRUDiscriminator, LSTMGenerator
from gan_tutorial.seqgan import (
    PerPrefixRollouts,
    SeqGAN,
    complete,
    negatives,
    rollout_rewards,
    rollout_rewards_loop,
)


def small(fixed_length=True, seed=0):
    keras.utils.set_random_seed(seed)
    g = LSTMGenerator(
        12, 6, latent_dim=0, embedding_dim=8, hidden_dim=16, fixed_length=fixed_length
    )
    d = GRUDiscriminator(12, 6, embedding_dim=8, hidden_dim=8)
    return g, d


@pytest.mark.parametrize("fixed_length", [True, False])
def test_vectorized_rewards_match_the_per_prefix_loop(fixed_length):
    g, d = small(fixed_length)
    ids = g.sample(5, seed=1)
    fast = keras.ops.convert_to_numpy(rollout_rewards(g, d, ids, num_rollouts=4, seed=7))
    slow = rollout_rewards_loop(g, d, ids, num_rollouts=4, seed=7)
    assert fast.shape == (5, 6)
    np.testing.assert_allclose(fast, slow, atol=1e-6)
    verdict = keras.ops.convert_to_numpy(keras.ops.sigmoid(d(ids)))[:, 0]
    np.testing.assert_allclose(fast[:, -1], verdict, atol=1e-6)  # the full sequence: D itself
    assert np.all((fast >= 0) & (fast <= 1))


def test_completion_keeps_the_prefix_and_samples_from_the_model():
    g, _ = small()
    ids = g.sample(6, seed=2)
    uniforms = np.random.default_rng(0).uniform(size=(6, 6)).astype("float32")
    out = keras.ops.convert_to_numpy(complete(g, ids, np.arange(6), uniforms))
    for row, length in enumerate(range(6)):
        np.testing.assert_array_equal(out[row, :length], ids[row, :length])
    n = 20000
    uniforms = np.random.default_rng(1).uniform(size=(n, 6)).astype("float32")
    first = keras.ops.convert_to_numpy(
        complete(g, np.zeros((n, 6), "int32"), np.zeros(n, "int32"), uniforms)
    )[:, 0]
    p = np.exp(keras.ops.convert_to_numpy(g.log_probs(np.zeros((1, 6), "int32")))[0, 0])
    assert np.abs(np.bincount(first, minlength=12) / n - p).max() < 0.015


class LikesToken(keras.Model):
    """A fixed judge: the logit grows with the share of token 5 in the sequence."""

    def call(self, ids, training=False):
        share = keras.ops.mean(keras.ops.cast(keras.ops.equal(ids, 5), "float32"), axis=1)
        return keras.ops.expand_dims(12.0 * share - 3.0, -1)


def test_the_policy_gradient_writes_what_the_judge_rewards():
    g, _ = small(seed=3)
    before = np.mean(g.sample(2000, seed=4) == 5)
    gan = SeqGAN(g, LikesToken(), num_rollouts=4, baseline=True, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(0.01, global_clipnorm=5.0), d_optimizer="sgd")
    real = np.full((32 * 30, 6), 5, dtype="int32")
    history = gan.fit(real, batch_size=32, epochs=1, verbose=0).history
    after = np.mean(g.sample(2000, seed=4) == 5)
    assert before < 0.15 and after > 2 * before + 0.1, (before, after)
    assert math.isfinite(history["g_loss"][-1])


def test_a_constant_reward_does_not_follow_the_judge():
    """The control: the updates of the test above with every reward 1. Their expected gradient
    is zero (the mean of grad log p over the model's own samples), so the judge's preference for
    token 5 is not followed, although the weights move (sampling noise)."""
    g, _ = small(seed=3)
    before = np.mean(g.sample(2000, seed=4) == 5)
    weights = [w.numpy().copy() for w in g.trainable_weights]
    gan = SeqGAN(g, LikesToken(), num_rollouts=4, constant_reward=1.0, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(0.01, global_clipnorm=5.0), d_optimizer="sgd")
    real = np.full((32 * 30, 6), 5, dtype="int32")
    history = gan.fit(real, batch_size=32, epochs=1, verbose=0).history
    after = np.mean(g.sample(2000, seed=4) == 5)
    assert abs(after - before) < 0.05, (before, after)
    assert history["reward"][-1] == 1.0
    moved = max(np.abs(w - v.numpy()).max() for w, v in zip(weights, g.trainable_weights))
    assert moved > 0.05


def test_the_rollout_network_lags_the_generator():
    g, d = small()
    gan = SeqGAN(g, d, num_rollouts=2, rollout_update=0.8, seed=0)
    gan.compile(g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.SGD(0.1))
    old = [w.numpy().copy() for w in g.trainable_weights]
    for rolling, now in zip(gan.rollout.trainable_weights, old, strict=True):
        np.testing.assert_array_equal(rolling.numpy(), now)  # a copy to start with
    gan.fit(g.sample(8, seed=0), batch_size=8, epochs=1, verbose=0)
    for rolling, before, now in zip(gan.rollout.trainable_weights, old, g.trainable_weights):
        np.testing.assert_allclose(rolling.numpy(), 0.8 * before + 0.2 * now.numpy(), atol=1e-6)
    assert any(not np.allclose(b, w.numpy()) for b, w in zip(old, g.trainable_weights))


def test_negatives_label_real_one_and_generated_zero():
    g, _ = small()
    real = np.full((10, 6), 5, "int32")
    ids, labels = negatives(g, real, seed=0)
    assert ids.shape == (20, 6) and labels.sum() == 10
    assert np.all(ids[labels == 1] == 5)


def test_bad_input_is_named():
    g, d = small()
    with pytest.raises(ValueError, match="num_rollouts must be an integer >= 1"):
        rollout_rewards(g, d, g.sample(2), num_rollouts=0)
    with pytest.raises(ValueError, match=r"ids must be token ids of shape \(n, 6\), got \(2, 4\)"):
        rollout_rewards(g, d, np.zeros((2, 4), "int32"))
    with pytest.raises(TypeError, match="must be an LSTMGenerator"):
        SeqGAN(d, d)
    with pytest.raises(ValueError, match=r"rollout_update must be in \[0, 1\)"):
        SeqGAN(g, d, rollout_update=1.0)
    for bad in ("0.5", float("nan"), True):
        with pytest.raises(ValueError, match="constant_reward must be None or a finite number"):
            SeqGAN(g, d, constant_reward=bad)
    gan = SeqGAN(g, d)
    with pytest.raises(ValueError, match="d_steps must be an integer >= 0"):
        gan.compile(d_steps=-1)
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        rollout_rewards(g, d, g.sample(2), temperature=0.0)


def test_text_after_end_is_padding_for_both_reward_paths():
    """ids with tokens after END are read as the model writes them (PAD after END), by the
    batched rewards and by the loop alike."""
    g, d = small(fixed_length=False)
    ids = np.array([[4, 2, 5, 6, 7, 8], [4, 5, 6, 7, 8, 9]], dtype="int32")
    padded = np.array([[4, 2, 0, 0, 0, 0], [4, 5, 6, 7, 8, 9]], dtype="int32")
    fast = keras.ops.convert_to_numpy(rollout_rewards(g, d, ids, num_rollouts=3, seed=5))
    np.testing.assert_allclose(fast, PerPrefixRollouts(g, d)(ids, 3, seed=5), atol=1e-6)
    np.testing.assert_allclose(
        fast, keras.ops.convert_to_numpy(rollout_rewards(g, d, padded, 3, seed=5)), atol=1e-6
    )


def test_without_discriminator_steps_only_the_generator_learns():
    g, d = small(seed=1)
    gan = SeqGAN(g, d, num_rollouts=2, seed=0)
    gan.compile(
        g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.SGD(0.1), d_steps=0
    )
    d_before = [w.numpy().copy() for w in d.trainable_weights]
    logs = gan.fit(g.sample(8, seed=0), batch_size=8, epochs=1, verbose=0).history
    assert set(logs) == {"g_loss", "reward"}
    for before, now in zip(d_before, d.trainable_weights):
        np.testing.assert_array_equal(before, now.numpy())


class _Logits:
    """The part of an `LSTMGenerator` that `_draw` uses: logits given directly as ``out``."""

    def __init__(self, vocab_size):
        self.vocab_size = vocab_size

    def to_logits(self, out):
        return out


@pytest.mark.parametrize("vocab_size", [2, 7, 12, 97, 1000])
def test_two_level_draw_picks_the_token_of_the_inverse_cdf(vocab_size):
    # _draw's two-level search against one cumulative sum over the whole vocabulary (float64)
    from gan_tutorial.seqgan import _draw

    rng = np.random.default_rng(vocab_size)
    logits = (3 * rng.standard_normal((4000, vocab_size))).astype(np.float32)
    logits[:5] = -1e4
    logits[:5, -1] = 0.0  # all the mass on the last token
    u = rng.uniform(size=(4000, 1)).astype(np.float32)
    u[5] = 1.0 - 1e-7  # a uniform at the very top still gives a token inside the vocabulary
    drawn = keras.ops.convert_to_numpy(_draw(_Logits(vocab_size), logits, u, 1.0))
    p = np.exp(logits - logits.max(1, keepdims=True).astype(np.float64))
    cdf = np.cumsum(p / p.sum(1, keepdims=True), axis=1)
    expected = np.minimum((cdf < u).sum(1), vocab_size - 1)
    assert drawn.dtype == np.int32 and np.all((drawn >= 0) & (drawn < vocab_size))
    assert np.all(drawn[:5] == vocab_size - 1)
    # float32 rounding may move a uniform within about 1e-6 of a boundary of its token's interval,
    # the upper one or the lower one, to the neighbouring token
    upper = np.take_along_axis(cdf, np.minimum(expected, vocab_size - 1)[:, None], 1)[:, 0]
    lower = np.take_along_axis(cdf, np.maximum(expected - 1, 0)[:, None], 1)[:, 0]
    near = np.minimum(np.abs(upper - u[:, 0]), np.abs(lower - u[:, 0]))
    agree = (drawn == expected) | ((np.abs(drawn - expected) == 1) & (near < 1e-5))
    assert agree.all()
    # and the tokens are distributed as the probabilities say
    counts = np.bincount(drawn[5:], minlength=vocab_size) / len(drawn[5:])
    assert np.abs(counts - (p / p.sum(1, keepdims=True))[5:].mean(0)).max() < 0.03
