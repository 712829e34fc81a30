"""Recurrent text models: an LSTM generator and a GRU discriminator that can be trained against
each other through a Gumbel-softmax relaxation (chapter 6).

Shapes: ``ids`` are int token ids ``(batch, length)``; "soft" sequences are distributions over
the vocabulary ``(batch, length, vocab)`` (one-hot vectors for real text).
"""

import keras
import numpy as np
from keras import ops

from gan_tutorial import arguments

__all__ = ["LSTMGenerator", "GRUDiscriminator", "gumbel_softmax"]


def gumbel_softmax(logits, tau, seed=None, straight_through=False):
    """A relaxed sample ``softmax((logits + g) / tau)`` with g ~ Gumbel(0, 1), shape of
    ``logits``. As ``tau`` -> 0 it approaches a one-hot sample of ``softmax(logits)``.

    With ``straight_through`` the forward value is the one-hot vector of the argmax while the
    gradient is that of the relaxed sample."""
    if isinstance(tau, (int, float)) and not 0 < tau < float("inf"):
        raise ValueError(f"tau must be a finite number > 0, got {tau}")
    uniform = keras.random.uniform(ops.shape(logits), 1e-10, 1.0, seed=seed)
    gumbel = -ops.log(-ops.log(uniform))
    soft = ops.softmax((logits + gumbel) / tau, axis=-1)
    if not straight_through:
        return soft
    hard = ops.one_hot(ops.argmax(soft, axis=-1), ops.shape(logits)[-1], dtype=soft.dtype)
    return hard + soft - ops.stop_gradient(soft)


@keras.saving.register_keras_serializable(package="gan_tutorial")
class LSTMGenerator(keras.Model):
    """A character-level LSTM language model that is also a GAN generator.

    - ``call(z)``: z ``(batch, latent_dim)`` sets the LSTM's initial state; the model then writes
      ``max_length`` tokens, each a Gumbel-softmax relaxed sample at temperature ``tau`` (a
      variable, annealed during training) whose embedding is the next input. Returns soft
      sequences ``(batch, max_length, vocab)``; after the END token every position is PAD (a soft
      mask keeps this differentiable).
    - ``fit(ids)``: maximum-likelihood training with teacher forcing (its own ``train_step``),
      the usual pretraining; ``evaluate(ids)`` reports the held-out negative log-likelihood.
    - ``sample(n, temperature)``: hard samples, ids ``(n, max_length)``.

    Args:
        vocab_size: number of tokens (ids 0-3 are PAD, START, END, UNK, as in `Vocabulary`).
        max_length: tokens per sequence, END included.
        latent_dim: size of z (0: no noise; the initial state is then tanh of a learned
            bias, and the model is a plain language model).
        embedding_dim, hidden_dim: sizes of the token embedding and the LSTM state.
        tau: initial Gumbel-softmax temperature, > 0.
        straight_through: forward one-hot samples, relaxed gradients.
        seed: seed of the sampling noise.
        fixed_length: every sequence has exactly ``max_length`` tokens and no token is special
            to the model (no END, no padding, every position counts in the likelihood), as in
            SeqGAN's synthetic oracle benchmark; START (id 1) is still the first input.
    """

    pad_id, start_id, end_id = 0, 1, 2

    def __init__(
        self,
        vocab_size,
        max_length,
        latent_dim=16,
        embedding_dim=32,
        hidden_dim=128,
        tau=1.0,
        straight_through=False,
        seed=None,
        fixed_length=False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        arguments.integer("vocab_size", vocab_size, minimum=5)  # 4 special tokens and one more
        arguments.integer("max_length", max_length, minimum=2)
        arguments.integer("latent_dim", latent_dim, minimum=0)
        arguments.integer("embedding_dim", embedding_dim)
        arguments.integer("hidden_dim", hidden_dim)
        arguments.positive("tau", tau)
        self.vocab_size, self.max_length = int(vocab_size), int(max_length)
        self.latent_dim, self.embedding_dim = int(latent_dim), int(embedding_dim)
        self.hidden_dim, self.straight_through, self.seed = int(hidden_dim), straight_through, seed
        self.fixed_length = bool(fixed_length)
        self.initial_tau = float(tau)
        self.embedding = keras.layers.Embedding(self.vocab_size, self.embedding_dim, name="embed")
        self.initial_state = keras.layers.Dense(
            2 * self.hidden_dim, activation="tanh", name="initial_state"
        )
        self.cell = keras.layers.LSTMCell(self.hidden_dim, name="lstm")
        self.teacher_forced = keras.layers.RNN(self.cell, return_sequences=True, name="rnn")
        self.to_logits = keras.layers.Dense(self.vocab_size, name="logits")
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.nll_tracker = keras.metrics.Mean(name="nll")
        self.build((None, self.latent_dim))

    def build(self, input_shape):
        self.tau = self.add_weight(
            shape=(),
            initializer=keras.initializers.Constant(self.initial_tau),
            trainable=False,
            name="tau",
        )
        self.embedding.build((None,))
        self.initial_state.build((None, self.latent_dim))
        if self.latent_dim == 0:  # an empty kernel: only the bias is learned
            self.initial_state.kernel.trainable = False
        self.cell.build((None, self.embedding_dim))
        self.to_logits.build((None, self.hidden_dim))
        self.built = True

    # ------------------------------------------------------------------------- the GAN path
    def _initial_states(self, z):
        """[h, c] from z; without noise (latent_dim 0), tanh of the learned bias (a matmul with
        a zero-width input would trip oneDNN inside a compiled graph)."""
        if self.latent_dim == 0:
            bias = ops.tanh(self.initial_state.bias)
            both = ops.broadcast_to(bias[None, :], (ops.shape(z)[0], 2 * self.hidden_dim))
        else:
            both = self.initial_state(z)
        return ops.split(both, 2, axis=-1)

    def _start(self, z):
        h, c = self._initial_states(z)
        start = ops.full((ops.shape(z)[0],), self.start_id, dtype="int32")
        return self.embedding(start), [h, c]

    def call(self, z, training=False):
        return self._write_relaxed(z, training)

    def write(self, z, training=False):
        """Writes with the straight-through estimator for the tokens and none for the end
        token, which `TextGAN` teaches by an exact estimate instead. The forward pass is the
        same as `call`'s with ``straight_through`` (hard samples of ``softmax(logits)``), but

        - the relaxed sample behind each token's gradient is a softmax over every token but END,
          and there is none where END is written or after it;
        - after END the sequence is PAD by a hard mask, which passes no gradient.

        Returns ``(sequences, end_probability, open)``: sequences ``(batch, T, vocab)``;
        ``end_probability`` ``(batch, T)``, the probability of END at each position given the
        prefix (with its gradient); ``open`` ``(batch, T)``, 1.0 where the sequence was still
        being written and did not end (where ending instead is the alternative to score)."""
        x, state = self._start(z)
        embeddings = self.embedding.embeddings
        batch = ops.shape(z)[0]
        pad = ops.one_hot(ops.full((batch,), self.pad_id, "int32"), self.vocab_size)
        is_end = ops.arange(self.vocab_size) == self.end_id
        alive = ops.ones((batch, 1))  # hard: 1 until END has been written
        outputs, end_probability, open_ = [], [], []
        for _ in range(self.max_length):
            out, state = self.cell(x, state, training=training)
            logits = self.to_logits(out)
            uniform = keras.random.uniform(ops.shape(logits), 1e-10, 1.0, seed=self.seed_generator)
            noisy = logits - ops.log(-ops.log(uniform))  # + Gumbel(0, 1) noise
            hard = ops.one_hot(ops.argmax(noisy, axis=-1), self.vocab_size, dtype=logits.dtype)
            soft = ops.softmax(ops.where(is_end, -1e9, noisy) / self.tau, axis=-1)
            ends_now = hard[:, self.end_id : self.end_id + 1]
            writing = alive * (1.0 - ends_now)
            y = hard + writing * (soft - ops.stop_gradient(soft))
            y = alive * y + (1.0 - alive) * pad
            outputs.append(y)
            end_probability.append(ops.softmax(logits, axis=-1)[:, self.end_id])
            open_.append(writing[:, 0])
            x = ops.matmul(y, embeddings)
            alive = writing
        return ops.stack(outputs, 1), ops.stack(end_probability, 1), ops.stack(open_, 1)

    def _write_relaxed(self, z, training):
        x, state = self._start(z)
        embeddings = self.embedding.embeddings
        pad = ops.one_hot(ops.full((ops.shape(z)[0],), self.pad_id, "int32"), self.vocab_size)
        alive = ops.ones((ops.shape(z)[0], 1))  # 1 until the END token has been written
        outputs = []
        for _ in range(self.max_length):
            out, state = self.cell(x, state, training=training)
            y = gumbel_softmax(
                self.to_logits(out), self.tau, self.seed_generator, self.straight_through
            )
            if self.fixed_length:
                outputs.append(y)
                x = ops.matmul(y, embeddings)
                continue
            ends_now = alive * y[:, self.end_id : self.end_id + 1]  # END mass written now
            y = alive * y + (1.0 - alive) * pad
            alive = alive - ends_now
            outputs.append(y)
            x = ops.matmul(y, embeddings)  # the embedding of a (soft) token
        return ops.stack(outputs, axis=1)

    # ------------------------------------------------------------------- the language model
    def log_probs(self, ids, z=None):
        """Teacher-forced log-probabilities ``(batch, length, vocab)`` of the next token, for
        ``ids`` ``(batch, length)`` (START is prepended, the last token dropped)."""
        if isinstance(ids, (list, tuple, np.ndarray)):  # not a tensor of a compiled step
            check_id_array("ids", ids, self.vocab_size)
        ids = ops.convert_to_tensor(ids, "int32")
        batch = ops.shape(ids)[0]
        if z is None:
            z = ops.zeros((batch, self.latent_dim))
        start = ops.full((batch, 1), self.start_id, dtype="int32")
        inputs = ops.concatenate([start, ids[:, :-1]], axis=1)
        h, c = self._initial_states(z)
        hidden = self.teacher_forced(self.embedding(inputs), initial_state=[h, c])
        return ops.log_softmax(self.to_logits(hidden), axis=-1)

    def _nll(self, ids, z):
        ids = ops.convert_to_tensor(ids, "int32")
        log_p = self.log_probs(ids, z)
        picked = ops.take_along_axis(log_p, ops.expand_dims(ids, -1), axis=-1)[..., 0]
        if self.fixed_length:
            mask = ops.ones_like(ids, dtype="float32")
        else:
            mask = ops.cast(ops.not_equal(ids, self.pad_id), "float32")  # words and their END
        return -ops.sum(picked * mask) / ops.maximum(ops.sum(mask), 1.0), mask

    def fit(self, x=None, *args, **kwargs):
        """`keras.Model.fit` on token ids ``(n, max_length)``; an array is checked first."""
        check_id_array("x", x, self.vocab_size, self.max_length)
        return super().fit(x, *args, **kwargs)

    def evaluate(self, x=None, *args, **kwargs):
        """The held-out NLL per token (`test_step`) of token ids ``(n, max_length)``."""
        check_id_array("x", x, self.vocab_size, self.max_length)
        return super().evaluate(x, *args, **kwargs)

    def train_step(self, data):
        from gan_tutorial import backend

        ids, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        self._check_ids(ids)
        z = keras.random.normal((ops.shape(ids)[0], self.latent_dim), seed=self.seed_generator)
        with backend.GradientTape() as tape:
            loss, _ = self._nll(ids, z)
        weights = [w for w in self.trainable_weights]
        self.optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights))
        self.nll_tracker.update_state(loss)
        return {"nll": self.nll_tracker.result()}

    def test_step(self, data):
        """The negative log-likelihood per token with z = 0 (the noise's mode), so that
        `evaluate` is deterministic."""
        ids, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        self._check_ids(ids)
        loss, _ = self._nll(ids, ops.zeros((ops.shape(ids)[0], self.latent_dim)))
        self.nll_tracker.update_state(loss)
        return {"nll": self.nll_tracker.result()}

    @property
    def metrics(self):
        return [self.nll_tracker]

    def _check_ids(self, ids):
        if len(ids.shape) != 2 or ids.shape[1] != self.max_length:
            raise ValueError(f"ids must have shape (batch, {self.max_length}), got {ids.shape}")

    def sample(self, num_samples, temperature=1.0, seed=None, return_z=False):
        """``num_samples`` hard samples, ids ``(num_samples, max_length)``: each token drawn from
        ``softmax(logits / temperature)``; PAD after END (unless ``fixed_length``). With
        ``return_z`` also the noise ``(num_samples, latent_dim)`` that set the initial states
        (for `log_probs`)."""
        arguments.positive("temperature", temperature)
        n = arguments.integer("num_samples", num_samples)
        seeds = keras.random.SeedGenerator(seed)
        z = keras.random.normal((n, self.latent_dim), seed=seeds)
        x, state = self._start(z)
        alive = ops.ones((n,), dtype="bool")
        tokens = []
        for _ in range(self.max_length):
            out, state = self.cell(x, state)
            logits = self.to_logits(out) / temperature
            token = ops.cast(keras.random.categorical(logits, 1, seed=seeds)[:, 0], "int32")
            if not self.fixed_length:
                token = ops.where(alive, token, self.pad_id)
                alive = ops.logical_and(alive, ops.not_equal(token, self.end_id))
            tokens.append(token)
            x = self.embedding(token)
        ids = ops.convert_to_numpy(ops.stack(tokens, axis=1))
        return (ids, ops.convert_to_numpy(z)) if return_z else ids

    def get_config(self):
        return {
            "vocab_size": self.vocab_size,
            "max_length": self.max_length,
            "latent_dim": self.latent_dim,
            "embedding_dim": self.embedding_dim,
            "hidden_dim": self.hidden_dim,
            "tau": self.initial_tau,
            "straight_through": self.straight_through,
            "seed": self.seed,
            "fixed_length": self.fixed_length,
            "name": self.name,
        }


@keras.saving.register_keras_serializable(package="gan_tutorial")
class GRUDiscriminator(keras.Model):
    """Reads token ids ``(batch, length)`` or distributions ``(batch, length, vocab)`` and returns
    one logit per sequence ``(batch, 1)``.

    Both go through the same embedding matrix W ``(vocab, embedding_dim)``: ids by lookup
    (``W[ids]``), distributions by a product (``p @ W``); for one-hot ``p`` the two are equal, so
    real and generated text take one path. A GRU reads the embedded sequence; a dense layer
    turns its last state into the logit.
    """

    def __init__(self, vocab_size, max_length, embedding_dim=32, hidden_dim=128, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size = arguments.integer("vocab_size", vocab_size)
        self.max_length = arguments.integer("max_length", max_length)
        self.embedding_dim = arguments.integer("embedding_dim", embedding_dim)
        self.hidden_dim = arguments.integer("hidden_dim", hidden_dim)
        self.embed = keras.layers.Dense(self.embedding_dim, use_bias=False, name="embed")
        self.gru = keras.layers.GRU(self.hidden_dim, name="gru")
        self.to_logit = keras.layers.Dense(1, name="logit")
        self.build((None, self.max_length, self.vocab_size))

    def build(self, input_shape):
        self.embed.build((None, self.vocab_size))
        self.gru.build((None, self.max_length, self.embedding_dim))
        self.to_logit.build((None, self.hidden_dim))
        self.built = True

    def call(self, inputs, training=False):
        if "int" in str(inputs.dtype):
            if len(inputs.shape) != 2:
                raise ValueError(f"ids must have shape (batch, length), got {inputs.shape}")
            if hasattr(inputs, "numpy"):  # eager, not a compiled step: the values can be read
                check_id_array("ids", inputs.numpy(), self.vocab_size)
            embedded = ops.take(self.embed.kernel, inputs, axis=0)
        else:
            if len(inputs.shape) != 3 or inputs.shape[-1] != self.vocab_size:
                raise ValueError(
                    f"distributions must have shape (batch, length, "
                    f"{self.vocab_size}), got {inputs.shape}"
                )
            embedded = self.embed(inputs)
        return self.to_logit(self.gru(embedded, training=training))

    def get_config(self):
        return {
            "vocab_size": self.vocab_size,
            "max_length": self.max_length,
            "embedding_dim": self.embedding_dim,
            "hidden_dim": self.hidden_dim,
            "name": self.name,
        }


def check_id_array(name, ids, vocab_size, max_length=None):
    """Token ids given as an array (not a dataset) must be whole numbers in ``[0, vocab_size)``
    of shape ``(n, max_length)`` (any length >= 1 if ``max_length`` is None), n >= 1; else a
    ValueError naming ``name`` and what is wrong."""
    if not (isinstance(ids, (list, tuple)) or hasattr(ids, "shape")) or hasattr(
        ids, "element_spec"
    ):
        return  # a dataset or a generator: Keras checks what it yields
    ids = np.asarray(ids)
    length = "length" if max_length is None else max_length
    if ids.ndim != 2 or ids.size == 0 or max_length not in (None, ids.shape[1]):
        raise ValueError(f"{name} must be token ids of shape (n, {length}), got {ids.shape}")
    if ids.dtype.kind not in "iu" and not (ids.dtype.kind == "f" and np.all(ids == np.round(ids))):
        raise ValueError(f"{name} must hold whole-number token ids, got dtype {ids.dtype}")
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(
            f"{name} must hold token ids in [0, {vocab_size}) (the vocabulary's size), got "
            f"{ids.min()} to {ids.max()}"
        )
