"""SeqGAN's synthetic benchmark (Yu et al. 2017, chapter 7): an LSTM with random weights plays
the real data. Because its likelihood is known, a generator's samples can be scored by the
oracle itself (NLL-oracle: are the samples likely under the true distribution? quality) and the
generator can score held-out oracle samples (NLL-test: does it cover the data? diversity).

The published set-up: vocabulary 5,000, embedding and hidden size 32, sequences of 20 tokens,
the oracle's weights drawn from N(0, 1), 10,000 training sequences. Our oracle is a fresh draw
(seeded), not the original's saved weights, so its numbers are close to, not equal to, the
paper's.
"""

import numpy as np
from keras import ops

from gan_tutorial import arguments
from gan_tutorial.models.recurrent import LSTMGenerator

__all__ = ["oracle", "reinitialize", "sequence_nll"]


def reinitialize(model, stddev, seed=0):
    """Set every trainable weight of ``model`` to draws from N(0, stddev^2) (SeqGAN: the oracle
    N(0, 1), the generator N(0, 0.1^2)); returns ``model``."""
    arguments.positive("stddev", stddev)
    if seed is not None:
        arguments.integer("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    for weight in model.trainable_weights:
        weight.assign(rng.normal(0.0, stddev, size=tuple(weight.shape)).astype("float32"))
    return model


def oracle(vocab_size=5000, max_length=20, embedding_dim=32, hidden_dim=32, seed=0):
    """The oracle LSTM: a fixed-length `LSTMGenerator` without noise whose weights are N(0, 1)
    draws, except the initial state's bias, which is 0 (the original starts from a zero state).
    ``oracle.sample(n, seed=...)`` gives its data, ids ``(n, max_length)`` in [0, vocab)."""
    model = LSTMGenerator(
        vocab_size,
        max_length,
        latent_dim=0,
        embedding_dim=embedding_dim,
        hidden_dim=hidden_dim,
        fixed_length=True,
        name="oracle",
    )
    reinitialize(model, 1.0, seed)
    model.initial_state.bias.assign(np.zeros(tuple(model.initial_state.bias.shape), "float32"))
    return model


def sequence_nll(model, ids, batch_size=1000, temperature=1.0):
    """Mean negative log-likelihood per token (nats) of ``ids`` ``(n, max_length)`` under the
    fixed-length, noiseless `LSTMGenerator` ``model``: NLL-oracle when ``model`` is the oracle
    and ``ids`` a generator's samples, NLL-test when ``model`` is the generator and ``ids``
    held-out oracle data. ``temperature``: score under ``softmax(logits / temperature)``, the
    distribution ``model.sample(n, temperature)`` draws from."""
    if not isinstance(model, LSTMGenerator):
        raise TypeError(f"model must be an LSTMGenerator, got {type(model).__name__}")
    batch_size = arguments.integer("batch_size", batch_size)
    arguments.positive("temperature", temperature)
    if not model.fixed_length or model.latent_dim != 0:
        raise ValueError(
            "sequence_nll needs a fixed_length model with latent_dim=0 (an exact likelihood)"
        )
    ids = np.asarray(ids)
    if ids.ndim != 2 or ids.shape[1] != model.max_length or len(ids) == 0:
        raise ValueError(f"ids must have shape (n >= 1, {model.max_length}), got {ids.shape}")
    if not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be integers in [0, {model.vocab_size}), got dtype {ids.dtype}")
    if ids.min() < 0 or ids.max() >= model.vocab_size:
        raise ValueError(
            f"ids must be integers in [0, {model.vocab_size}), got {ids.min()} to {ids.max()}"
        )
    total = 0.0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size].astype("int32")
        if temperature == 1.0:
            mean, _ = model._nll(chunk, ops.zeros((len(chunk), 0)))  # every position counts
        else:  # log_softmax(log_p / T) = log_softmax(logits / T): the shift cancels
            log_p = ops.log_softmax(model.log_probs(chunk) / temperature, axis=-1)
            picked = ops.take_along_axis(log_p, ops.expand_dims(chunk, -1), axis=-1)
            mean = -ops.mean(picked)
        total += float(mean) * chunk.size
    return total / ids.size
