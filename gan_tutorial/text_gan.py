"""What text adds to the one `GAN` loop: real text as one-hot sequences, and the annealing of the
Gumbel-softmax temperature. The adversarial step itself is `GAN.train_step`, unchanged: the
`LSTMGenerator` writes soft one-hot sequences and the `GRUDiscriminator` reads them through the
same embedding matrix as the real text.

    gan = GAN(LSTMGenerator(vocab_size, max_length), GRUDiscriminator(vocab_size, max_length))
    gan.compile(d_optimizer=..., g_optimizer=...)
    gan.fit(one_hot_dataset(ids, vocab_size, 64), epochs=..., callbacks=[TemperatureAnnealing(..)])
"""

import json
import math
import time
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from gan_tutorial.metrics.text import word_report

__all__ = ["one_hot_dataset", "TemperatureAnnealing", "SampleLog", "train_words"]


def one_hot_dataset(ids, vocab_size, batch_size, seed=0, repeat=False):
    """A shuffled `tf.data.Dataset` of one-hot batches ``(batch_size, length, vocab_size)``
    made from token ids ``(n, length)`` on the fly."""
    ids = np.asarray(ids, dtype=np.int32)
    if ids.ndim != 2 or len(ids) == 0:
        raise ValueError(f"ids must be a non-empty array (n, length), got shape {ids.shape}")
    if not 1 <= int(batch_size) <= len(ids):
        raise ValueError(
            f"batch_size must be between 1 and the {len(ids)} sequences, got {batch_size}"
        )
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(f"ids must lie in [0, {vocab_size}), got {ids.min()} to {ids.max()}")
    ds = tf.data.Dataset.from_tensor_slices(ids).shuffle(len(ids), seed=seed)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.map(lambda x: tf.one_hot(x, vocab_size)).prefetch(tf.data.AUTOTUNE)


class TemperatureAnnealing(keras.callbacks.Callback):
    """Anneals the generator's Gumbel-softmax temperature during `GAN.fit`:
    ``tau_n = beta_max ** (-n / steps)`` at generator step n, from 1 down to ``1 / beta_max``
    at ``steps`` and constant after (RelGAN's exponential schedule, Nie et al. 2019). It is set
    before each call into TensorFlow, so with ``steps_per_execution=k`` it changes every k steps.
    ``history`` holds ``(step, tau)`` pairs. On a resumed run the schedule is that of the new
    ``steps``."""

    def __init__(self, beta_max=100.0, steps=1000):
        super().__init__()
        if not beta_max >= 1:
            raise ValueError(f"beta_max must be >= 1, got {beta_max}")
        if int(steps) < 1:
            raise ValueError(f"steps must be >= 1, got {steps}")
        self.beta_max, self.steps = float(beta_max), int(steps)
        self.history = []

    def tau_at(self, step):
        return self.beta_max ** (-min(step, self.steps) / self.steps)

    def on_train_batch_begin(self, batch, logs=None):
        step = int(self.model.g_optimizer.iterations.numpy())
        tau = self.tau_at(step)
        self.model.generator.tau.assign(tau)
        self.history.append((step, tau))


class SampleLog(keras.callbacks.Callback):
    """After every epoch: word measures of ``num_samples`` generated words (at temperature 1)
    added to the logs, and the first 50 samples written to ``folder/step_0001000.txt``."""

    def __init__(
        self, vocab, dictionary, train_words, held_out_words, folder, num_samples=2000, seed=0
    ):
        super().__init__()
        self.vocab, self.dictionary = vocab, dictionary
        self.train_words, self.held_out_words = train_words, held_out_words
        self.folder, self.num_samples, self.seed = Path(folder), num_samples, seed

    def on_epoch_end(self, epoch, logs=None):
        generator = self.model.generator
        words = self.vocab.decode_batch(generator.sample(self.num_samples, 1.0, seed=self.seed))
        report = word_report(words, self.dictionary, self.train_words, self.held_out_words)
        if logs is not None:
            logs.update(report)
        self.folder.mkdir(parents=True, exist_ok=True)
        step = int(self.model.g_optimizer.iterations.numpy())
        (self.folder / f"step_{step:07d}.txt").write_text("\n".join(words[:50]) + "\n")


def train_words(
    steps=20000,
    seed=0,
    out="runs/words",
    log_every=1000,
    mle_epochs=20,
    limit=None,
    hidden_dim=256,
    verbose=2,
    command=None,
):
    """The text GAN of chapter 6 at a larger budget: maximum-likelihood pretraining for
    ``mle_epochs``, then ``steps`` adversarial steps (straight-through Gumbel-softmax, annealed
    temperature), on English words of 3 to 8 letters (``limit`` caps how many).

    ``out`` gets ``checkpoint.keras`` (a second run resumes the adversarial phase from it),
    TensorBoard logs, ``history.csv``, sample words every ``log_every`` steps and
    ``metrics.json`` (held-out NLL and word measures at several temperatures). Returns that dict.
    """
    from gan_tutorial.data import Vocabulary, english_words
    from gan_tutorial.gan import GAN
    from gan_tutorial.models import GRUDiscriminator, LSTMGenerator
    from gan_tutorial.seeding import set_seed
    from gan_tutorial.train import plan_epochs

    steps, log_every = int(steps), int(log_every)
    plan_epochs(steps, log_every)  # checks the arguments before any work
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    checkpoint = out / "checkpoint.keras"
    set_seed(seed)
    train, held, dictionary = english_words(3, 8, limit=limit, seed=seed)
    vocab, max_length = Vocabulary.from_texts(train), 9
    ids, held_ids = vocab.encode_batch(train, max_length), vocab.encode_batch(held, max_length)
    start = time.perf_counter()
    if checkpoint.exists():
        gan = keras.models.load_model(checkpoint)
        resumed_from = int(gan.g_optimizer.iterations.numpy())
    else:
        resumed_from = None
        generator = LSTMGenerator(
            len(vocab),
            max_length,
            latent_dim=16,
            embedding_dim=32,
            hidden_dim=hidden_dim,
            straight_through=True,
            seed=seed,
        )
        generator.compile(optimizer=keras.optimizers.Adam(3e-3), steps_per_execution=50)
        generator.fit(ids, batch_size=128, epochs=mle_epochs, verbose=verbose)
        gan = GAN(generator, GRUDiscriminator(len(vocab), max_length, 32, hidden_dim), seed=seed)
        gan.compile(
            d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
            g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
            steps_per_execution=math.gcd(25, log_every),  # whole epochs of log_every
        )
    done = int(gan.g_optimizer.iterations.numpy())
    callbacks = [
        TemperatureAnnealing(beta_max=100, steps=steps),
        SampleLog(vocab, dictionary, train, held, out / "samples", seed=seed + 1),
        keras.callbacks.CSVLogger(str(out / "history.csv"), append=True),
        keras.callbacks.TensorBoard(str(out / "logs")),
        keras.callbacks.ModelCheckpoint(str(checkpoint)),
    ]
    initial_epoch, epochs = plan_epochs(steps, log_every, done)
    if initial_epoch < epochs:
        gan.fit(
            one_hot_dataset(ids, len(vocab), 64, seed=seed + done, repeat=True),
            epochs=epochs,
            initial_epoch=initial_epoch,
            steps_per_epoch=log_every,
            callbacks=callbacks,
            verbose=verbose,
            shuffle=False,
        )
    generator = gan.generator
    generator.compile(optimizer="adam")  # for evaluate
    result = {
        "command": command,
        "preset": "words",
        "steps": int(gan.g_optimizer.iterations.numpy()),
        "resumed_from": resumed_from,
        "seed": seed,
        "train_words": len(train),
        "held_out_nll": float(generator.evaluate(held_ids, batch_size=512, verbose=0)),
        "seconds": round(time.perf_counter() - start, 2),
        "by_temperature": {
            str(t): word_report(
                vocab.decode_batch(generator.sample(2000, t, seed=seed + 2)),
                dictionary,
                train,
                held,
            )
            for t in (0.5, 0.7, 1.0)
        },
    }
    (out / "metrics.json").write_text(json.dumps(result, indent=2) + "\n")
    return result
