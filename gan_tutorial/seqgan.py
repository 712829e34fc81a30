"""SeqGAN (Yu et al. 2017, chapter 7): the generator as a policy that writes one token at a time,
trained by REINFORCE with the discriminator's verdict as the reward.

A finished sequence gets its reward from the discriminator directly. A prefix ``y_1..y_t``
(t < T) gets the mean verdict on ``num_rollouts`` completions of it, sampled by a *rollout*
network, a copy of the generator that lags behind it (``theta_roll <- 0.8 theta_roll + 0.2
theta_G`` after every generator update). The generator's loss is
``-sum_batch sum_t log pi(y_t | y_<t) * (R_t - b_t)`` (a sum, as in the original code, whose
gradient clipping assumes it), with ``b_t`` the batch's mean reward at step t when ``baseline``
is on; in variable-length text the tokens after the first END do not count.

All ``num_rollouts x (T - 1)`` completions of a batch advance together in one graph
(`rollout_rewards`); `rollout_rewards_loop` runs them one prefix and one rollout at a time, the
way the original code does, and gives the same rewards for the same seed. Sampling uses the
inverse of the cumulative distribution with uniforms drawn up front, so both see the same
random numbers.

Shapes: ids ``(batch, T)`` ints; rewards ``(batch, T)`` in [0, 1].
"""

import math
import numbers

import keras
import numpy as np
from keras import ops

from gan_tutorial import arguments, backend, losses
from gan_tutorial.gan import check_learning_rate
from gan_tutorial.models.recurrent import LSTMGenerator, check_id_array

__all__ = [
    "PerPrefixRollouts",
    "SeqGAN",
    "complete",
    "negatives",
    "rollout_rewards",
    "rollout_rewards_loop",
]


def _block_size(vocab_size):
    """Tokens per block of `_draw`'s two-level search: a divisor of ``vocab_size`` near its
    square root where there is one (no padding), else the rounded-up square root."""
    root = max(1, math.isqrt(vocab_size))
    divisors = [b for b in range(root, 2 * root + 1) if vocab_size % b == 0]
    return divisors[0] if divisors else root + 1


def _draw(model, out, u, temperature):
    """The token whose cumulative probability first exceeds ``u`` ``(rows, 1)``: a sample of
    ``softmax(to_logits(out) / temperature)``, ``(rows,)`` int32.

    The search runs in two levels, as a cumulative sum over the whole vocabulary is the slowest
    part of a rollout on a CPU: first the block of ``B`` tokens where the cumulative mass crosses
    ``u`` (a cumulative sum over the ``V / B`` block masses), then the token inside that block.
    Up to rounding it is the same token as a single cumulative sum finds."""
    vocab = model.vocab_size
    probabilities = ops.softmax(model.to_logits(out) / temperature, axis=-1)
    size = _block_size(vocab)
    count = -(-vocab // size)
    if count * size > vocab:  # zero-probability padding up to whole blocks
        probabilities = ops.pad(probabilities, [[0, 0], [0, count * size - vocab]])
    blocks = ops.reshape(probabilities, (-1, count, size))
    mass = ops.sum(blocks, axis=-1)  # (rows, count)
    cumulative = ops.cumsum(mass, axis=-1)
    block = ops.minimum(ops.sum(ops.cast(cumulative < u, "int32"), axis=-1), count - 1)
    before = ops.take_along_axis(cumulative - mass, block[:, None], axis=-1)  # (rows, 1)
    inside = ops.take_along_axis(blocks, block[:, None, None], axis=1)[:, 0]  # (rows, size)
    below = ops.cumsum(inside, axis=-1) + before < u
    token = block * size + ops.sum(ops.cast(below, "int32"), axis=-1)
    return ops.minimum(token, vocab - 1)


def _after_end(model, token, alive):
    """PAD for rows that have written END already; returns the token and the new alive flags."""
    if model.fixed_length:
        return token, alive
    token = ops.where(alive, token, model.pad_id)
    return token, ops.logical_and(alive, ops.not_equal(token, model.end_id))


def complete(model, ids, prefix_lengths, uniforms, z=None, temperature=1.0):
    """Complete each row of ``ids`` ``(rows, T)``: its first ``prefix_lengths[r]`` tokens are
    kept, the rest sampled from ``model`` (an `LSTMGenerator`) one token at a time, token p with
    the uniform ``uniforms[r, p]`` (inverse-CDF sampling). Length 0 samples a whole sequence.
    ``z``: ``(rows, latent_dim)`` (default zeros). Returns ids ``(rows, T)``, int32."""
    arguments.positive("temperature", temperature)
    if not ops.is_tensor(ids):
        check_id_array("ids", ids, model.vocab_size, model.max_length)
        rows = len(ids)
        lengths = np.asarray(prefix_lengths)
        if lengths.shape != (rows,) or lengths.min() < 0 or lengths.max() > model.max_length:
            raise ValueError(
                f"prefix_lengths must be {rows} lengths in [0, {model.max_length}], got "
                f"{lengths.tolist()}"
            )
        if tuple(np.shape(uniforms)) != (rows, model.max_length):
            raise ValueError(
                f"uniforms must have shape ({rows}, {model.max_length}), got {np.shape(uniforms)}"
            )
    ids = ops.convert_to_tensor(ids, "int32")
    rows, length = ops.shape(ids)[0], model.max_length
    if z is None:
        z = ops.zeros((rows, model.latent_dim))
    prefix_lengths = ops.convert_to_tensor(prefix_lengths, "int32")
    x, state = model._start(z)
    alive = ops.ones((rows,), dtype="bool")
    tokens = []
    for p in range(length):
        out, state = model.cell(x, state)
        sampled = _draw(model, out, uniforms[:, p : p + 1], temperature)
        token, alive = _after_end(model, ops.where(p < prefix_lengths, ids[:, p], sampled), alive)
        tokens.append(token)
        x = model.embedding(token)
    return ops.stack(tokens, axis=1)


def _check(model, ids, num_rollouts, temperature):
    """Checks the arguments; returns ``ids`` as int32 with PAD after the first END (variable
    length), as the model's own samples are."""
    if not isinstance(model, LSTMGenerator):
        raise TypeError(f"the rollout network must be an LSTMGenerator, got {type(model).__name__}")
    if not ops.is_tensor(ids):
        check_id_array("ids", ids, model.vocab_size, model.max_length)
    ids = ops.convert_to_tensor(ids, "int32")
    if len(ids.shape) != 2 or ids.shape[1] != model.max_length:
        raise ValueError(f"ids must have shape (batch, {model.max_length}), got {tuple(ids.shape)}")
    arguments.integer("num_rollouts", num_rollouts)
    arguments.positive("temperature", temperature)
    if model.fixed_length:
        return ids
    return ops.where(_written(model, ids) > 0, ids, model.pad_id)


def _written(model, ids):
    """1.0 where a token is written (up to and including the first END), 0.0 after it."""
    ends = ops.cast(ops.equal(ids, model.end_id), "int32")
    ends_before = ops.cumsum(ends, axis=1) - ends
    return ops.cast(ops.equal(ends_before, 0), "float32")


def _uniforms(num_rollouts, length, batch, seed):
    """The uniforms of every rollout: ``(num_rollouts, length - 1, batch, length)``."""
    return keras.random.uniform((num_rollouts, length - 1, batch, length), seed=seed)


def _verdict(discriminator, ids):
    return ops.sigmoid(ops.cast(discriminator(ids, training=False), "float32"))[:, 0]


def rollout_rewards(rollout, discriminator, ids, num_rollouts=16, seed=None, temperature=1.0):
    """SeqGAN's rewards ``(batch, T)`` for ids ``(batch, T)``: at t < T - 1 (0-based), the mean
    of sigmoid(D) over ``num_rollouts`` completions of ``ids[:, :t + 1]`` by ``rollout``; at the
    last step sigmoid(D(ids)). ``seed``: an int or a `keras.random.SeedGenerator`.

    All ``num_rollouts x (T - 1) x batch`` completions advance together, one position at a
    time, and no work is repeated: one teacher-forced pass over ``ids`` gives the network's
    state after every prefix, a completion joins at the end of its prefix with that state, and
    at position p only the completions already sampling are computed (the rows are ordered by
    prefix length, so they are the first ones). That is half the cell and vocabulary work of
    completing every row from the start."""
    ids = _check(rollout, ids, num_rollouts, temperature)
    n, length, batch = int(num_rollouts), rollout.max_length, ops.shape(ids)[0]
    uniforms = _uniforms(n, length, batch, seed)  # (n, T - 1, batch, T), as in the loop
    uniforms = ops.transpose(uniforms, (1, 0, 2, 3))  # rows ordered by prefix, then rollout
    block = n * batch  # the completions of one prefix length

    def tile(x):  # (batch, ...) -> (n * batch, ...)
        return ops.reshape(
            ops.broadcast_to(x[None], (n, *ops.shape(x))), (block, *ops.shape(x)[1:])
        )

    # the teacher-forced pass: the output and state at every position, and whether END came
    x, state = rollout._start(ops.zeros((batch, rollout.latent_dim)))
    forced = []
    alive = ops.ones((batch,), dtype="bool")
    for p in range(length):
        out, state = rollout.cell(x, state)
        forced.append((out, state, alive))
        if not rollout.fixed_length:
            alive = ops.logical_and(alive, ops.not_equal(ids[:, p], rollout.end_id))
        x = rollout.embedding(ids[:, p])

    sampled = []  # sampled[p]: tokens at position p of the first p blocks, (p * block,)
    state = alive = token = None
    for p in range(1, length):
        out_new, state_new, alive_new = forced[p]
        out_new, state_new, alive_new = tile(out_new), [tile(s) for s in state_new], tile(alive_new)
        if token is None:
            out, state, alive = out_new, state_new, alive_new
        else:
            out_old, state_old = rollout.cell(rollout.embedding(token), state)
            out = ops.concatenate([out_old, out_new], axis=0)
            state = [ops.concatenate([a, b], axis=0) for a, b in zip(state_old, state_new)]
            alive = ops.concatenate([alive, alive_new], axis=0)
        u = ops.reshape(uniforms[:p, :, :, p], (p * block, 1))
        token, alive = _after_end(rollout, _draw(rollout, out, u, temperature), alive)
        sampled.append(token)

    # completion rows (prefix t, rollout, batch): sampled after the prefix, the given ids in it
    columns = [ops.tile(ids[:, 0], ((length - 1) * n,))]
    for p in range(1, length):
        given = ops.tile(ids[:, p], ((length - 1 - p) * n,))
        columns.append(ops.concatenate([sampled[p - 1], given], axis=0))
    completions = ops.stack(columns, axis=1)  # ((T - 1) * n * batch, T)
    verdicts = ops.reshape(_verdict(discriminator, completions), (length - 1, n, batch))
    partial = ops.transpose(ops.mean(verdicts, axis=1))  # (batch, T - 1)
    return ops.concatenate([partial, _verdict(discriminator, ids)[:, None]], axis=1)


class PerPrefixRollouts:
    """The same rewards as `rollout_rewards`, computed one rollout and one prefix at a time
    (``num_rollouts x (T - 1)`` calls of a compiled completion of the whole batch), as the
    original code does: the reference the batched version is tested and timed against. Unlike
    the original, each call also computes the distributions at the prefix's positions.

        rewards = PerPrefixRollouts(rollout, discriminator)(ids, num_rollouts=16, seed=3)
    """

    def __init__(self, rollout, discriminator, temperature=1.0):
        arguments.positive("temperature", temperature)
        self.rollout, self.temperature = rollout, temperature
        self._complete = backend.function(
            lambda prefix, lengths, u: complete(
                rollout, prefix, lengths, u, temperature=temperature
            )
        )
        self._verdict = backend.function(lambda x: _verdict(discriminator, x))

    def __call__(self, ids, num_rollouts=16, seed=None):
        ids = _check(self.rollout, ids, num_rollouts, self.temperature)
        n, length, batch = int(num_rollouts), self.rollout.max_length, ops.shape(ids)[0]
        uniforms = _uniforms(n, length, batch, seed)
        rewards = np.zeros((int(batch), length), dtype=np.float32)
        for i in range(n):
            for t in range(length - 1):
                lengths = ops.full((batch,), t + 1, dtype="int32")
                completion = self._complete(ids, lengths, uniforms[i, t])
                rewards[:, t] += ops.convert_to_numpy(self._verdict(completion)) / n
        rewards[:, -1] = ops.convert_to_numpy(self._verdict(ids))
        return rewards


def rollout_rewards_loop(rollout, discriminator, ids, num_rollouts=16, seed=None, temperature=1.0):
    """`PerPrefixRollouts` in one call (it compiles its functions on every call)."""
    return PerPrefixRollouts(rollout, discriminator, temperature)(ids, num_rollouts, seed)


@keras.saving.register_keras_serializable(package="gan_tutorial")
class SeqGAN(keras.Model):
    """SeqGAN's adversarial training as a `keras.Model`: ``fit(real_ids)`` runs, per batch,

    1. one policy-gradient update of the generator on a batch of its own samples, rewarded by
       `rollout_rewards` (the loss sums over tokens and the batch, as the original code does;
       clip the gradient in the optimizer, e.g. ``Adam(0.01, global_clipnorm=5.0)``);
    2. the rollout network's lag update ``theta_roll <- r theta_roll + (1 - r) theta_G`` (the
       original copies the embedding instead of lagging it);
    3. ``d_steps`` discriminator updates, each on the real batch against new samples (0: the
       discriminator is trained elsewhere, e.g. by its own ``fit`` as SeqGAN's protocol does).

    Pretrain both networks first, as SeqGAN does: the generator by maximum likelihood (its own
    ``fit``), the discriminator on real against generated ids (`negatives`). The generator
    samples with z = 0: use ``latent_dim=0``.

    Args:
        generator: an `LSTMGenerator` (the policy).
        discriminator: a model from ids ``(batch, T)`` to one logit, e.g. `GRUDiscriminator`.
        num_rollouts: Monte-Carlo completions per prefix (16 in the paper).
        rollout_update: r of the lag update (0.8 in the paper).
        baseline: subtract the batch's mean reward at each step (variance reduction).
        constant_reward: a number: every token gets this reward instead of the rollouts' (no
            rollouts are run). A control run: the same updates without what the discriminator
            says, which only raise the likelihood of the generator's own samples (sharpening).
        seed: seed of the sampling.

    Metrics: ``g_loss``, ``d_loss``, ``reward`` (the mean final reward, i.e. D's mean output on
    the generator's samples before its update), ``d_real``, ``d_fake``.
    """

    def __init__(
        self,
        generator,
        discriminator,
        num_rollouts=16,
        rollout_update=0.8,
        baseline=False,
        constant_reward=None,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not isinstance(generator, LSTMGenerator):
            raise TypeError(f"generator must be an LSTMGenerator, got {type(generator).__name__}")
        if not isinstance(discriminator, keras.Model):
            raise TypeError(
                f"discriminator must be a keras.Model (e.g. a GRUDiscriminator), got "
                f"{type(discriminator).__name__}"
            )
        arguments.integer("num_rollouts", num_rollouts)
        if not 0.0 <= arguments.real("rollout_update", rollout_update) < 1.0:
            raise ValueError(f"rollout_update must be in [0, 1), got {rollout_update}")
        if constant_reward is not None and not (
            isinstance(constant_reward, numbers.Real)
            and not isinstance(constant_reward, bool)
            and math.isfinite(constant_reward)
        ):
            raise ValueError(
                f"constant_reward must be None or a finite number, got {constant_reward!r}"
            )
        self.constant_reward = None if constant_reward is None else float(constant_reward)
        self.generator, self.discriminator = generator, discriminator
        config = dict(generator.get_config(), name="rollout")
        self.rollout = LSTMGenerator.from_config(config)
        self.rollout.set_weights(generator.get_weights())
        self.num_rollouts, self.rollout_update = int(num_rollouts), float(rollout_update)
        self.baseline, self.seed = bool(baseline), seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.trackers = {
            name: keras.metrics.Mean(name=name)
            for name in ("g_loss", "d_loss", "reward", "d_real", "d_fake")
        }
        self.built = True

    def compile(self, g_optimizer="adam", d_optimizer="adam", d_steps=1, **kwargs):
        """Two optimizers (distinct instances) and the discriminator updates per generator
        update (an integer >= 0); ``kwargs`` go to `keras.Model.compile`."""
        arguments.integer("d_steps", d_steps, minimum=0)
        g_optimizer, d_optimizer = (
            keras.optimizers.get(g_optimizer),
            keras.optimizers.get(d_optimizer),
        )
        if g_optimizer is d_optimizer:
            raise ValueError("g_optimizer and d_optimizer must be two optimizer instances")
        for name, optimizer in (("g_optimizer", g_optimizer), ("d_optimizer", d_optimizer)):
            check_learning_rate(name, optimizer)
        super().compile(optimizer=None, **kwargs)
        g_optimizer.build(self.generator.trainable_variables)
        d_optimizer.build(self.discriminator.trainable_variables)
        self.g_optimizer, self.d_optimizer, self.optimizer = g_optimizer, d_optimizer, g_optimizer
        self.d_steps = int(d_steps)

    @property
    def metrics(self):
        return list(self.trackers.values())

    def fit(self, x=None, *args, **kwargs):
        """`keras.Model.fit` on real token ids ``(n, max_length)``; an array is checked first."""
        g = self.generator
        check_id_array("x", x, g.vocab_size, g.max_length)
        return super().fit(x, *args, **kwargs)

    # ------------------------------------------------------------------------ serialization
    def get_config(self):
        return {
            "name": self.name,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "num_rollouts": self.num_rollouts,
            "rollout_update": self.rollout_update,
            "baseline": self.baseline,
            "constant_reward": self.constant_reward,
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        generator = keras.saving.deserialize_keras_object(config.pop("generator"), custom_objects)
        discriminator = keras.saving.deserialize_keras_object(
            config.pop("discriminator"), custom_objects
        )
        return cls(generator, discriminator, **config)

    def get_compile_config(self):
        if not self.compiled:
            return None
        return {
            "g_optimizer": keras.optimizers.serialize(self.g_optimizer),
            "d_optimizer": keras.optimizers.serialize(self.d_optimizer),
            "d_steps": self.d_steps,
            "steps_per_execution": self.steps_per_execution,
        }

    def compile_from_config(self, config):
        config = dict(config)
        self.compile(
            g_optimizer=keras.optimizers.deserialize(config.pop("g_optimizer")),
            d_optimizer=keras.optimizers.deserialize(config.pop("d_optimizer")),
            **config,
        )

    def _sample(self, batch):
        length = self.generator.max_length
        uniforms = keras.random.uniform((batch, length), seed=self.seed_generator)
        empty = ops.zeros((batch, length), "int32")
        return complete(self.generator, empty, ops.zeros((batch,), "int32"), uniforms)

    def train_step(self, data):
        real, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        real = ops.cast(real, "int32")
        batch = ops.shape(real)[0]
        g = self.generator

        fake = self._sample(batch)
        if self.constant_reward is None:
            rewards = rollout_rewards(
                self.rollout, self.discriminator, fake, self.num_rollouts, self.seed_generator
            )
        else:
            rewards = ops.full(ops.shape(fake), self.constant_reward)
        advantages = (
            rewards - ops.mean(rewards, axis=0, keepdims=True) if self.baseline else rewards
        )
        if g.fixed_length:
            mask = ops.ones_like(fake, dtype="float32")
        else:  # a PAD written before END is an action too; what follows END is not
            mask = _written(g, fake)
        with backend.GradientTape() as tape:
            log_p = g.log_probs(fake)
            picked = ops.take_along_axis(log_p, ops.expand_dims(fake, -1), axis=-1)[..., 0]
            g_loss = -ops.sum(picked * ops.stop_gradient(advantages) * mask)
        g_vars = g.trainable_weights
        self.g_optimizer.apply_gradients(zip(tape.gradient(g_loss, g_vars), g_vars))
        r = self.rollout_update
        for rolling, current in zip(self.rollout.trainable_weights, g_vars, strict=True):
            rolling.assign(r * rolling + (1.0 - r) * current)

        d_vars = self.discriminator.trainable_weights
        for _ in range(self.d_steps):
            negatives = self._sample(batch)
            with backend.GradientTape() as tape:
                real_logits = self.discriminator(real, training=True)
                fake_logits = self.discriminator(negatives, training=True)
                d_loss = losses.Minimax().discriminator_loss(real_logits, fake_logits)
            if d_vars:  # a fixed judge (no weights) is not trained
                self.d_optimizer.apply_gradients(zip(tape.gradient(d_loss, d_vars), d_vars))

        values = {"g_loss": g_loss, "reward": ops.mean(rewards[:, -1])}
        if self.d_steps:
            values["d_loss"] = d_loss
            values["d_real"] = ops.mean(ops.sigmoid(real_logits))
            values["d_fake"] = ops.mean(ops.sigmoid(fake_logits))
        for name, value in values.items():
            self.trackers[name].update_state(value)
        return {name: self.trackers[name].result() for name in values}


def negatives(generator, real_ids, seed=0):
    """A discriminator's training set: ``(ids, labels)`` with the ``real_ids`` (label 1) and as
    many samples of ``generator`` (label 0), shuffled; for pretraining a discriminator with
    ``discriminator.fit(ids, labels)``."""
    check_id_array("real_ids", real_ids, generator.vocab_size, generator.max_length)
    real_ids = np.asarray(real_ids)
    fake = generator.sample(len(real_ids), seed=seed)
    ids = np.concatenate([real_ids, fake]).astype(np.int32)
    labels = np.concatenate([np.ones(len(real_ids)), np.zeros(len(fake))]).astype(np.float32)
    order = np.random.default_rng(seed).permutation(len(ids))
    return ids[order], labels[order]
