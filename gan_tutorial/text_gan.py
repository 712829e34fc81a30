"""What text adds to the one `GAN` loop: real text as one-hot sequences, and the annealing of the
Gumbel-softmax temperature. The adversarial step itself is `GAN.train_step`, unchanged: the
`LSTMGenerator` writes soft one-hot sequences and the `GRUDiscriminator` reads them through the
same embedding matrix as the real text.

    gan = GAN(LSTMGenerator(vocab_size, max_length), GRUDiscriminator(vocab_size, max_length))
    gan.compile(d_optimizer=..., g_optimizer=...)
    gan.fit(one_hot_dataset(ids, vocab_size, 64), epochs=..., callbacks=[TemperatureAnnealing(..)])
"""

import keras
import numpy as np
import tensorflow as tf

__all__ = ["one_hot_dataset", "TemperatureAnnealing"]


def one_hot_dataset(ids, vocab_size, batch_size, seed=0, repeat=False):
    """A shuffled `tf.data.Dataset` of one-hot batches ``(batch_size, length, vocab_size)``
    made from token ids ``(n, length)`` on the fly."""
    ids = np.asarray(ids, dtype=np.int32)
    if ids.ndim != 2 or len(ids) == 0:
        raise ValueError(f"ids must be a non-empty array (n, length), got shape {ids.shape}")
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(f"ids must lie in [0, {vocab_size}), got {ids.min()} to {ids.max()}")
    ds = tf.data.Dataset.from_tensor_slices(ids).shuffle(len(ids), seed=seed)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.map(lambda x: tf.one_hot(x, vocab_size)).prefetch(tf.data.AUTOTUNE)


class TemperatureAnnealing(keras.callbacks.Callback):
    """Anneals the generator's Gumbel-softmax temperature during `GAN.fit`:
    ``tau_n = beta_max ** (-n / steps)`` after generator step n, from 1 down to ``1 / beta_max``
    at ``steps`` and constant after (RelGAN's exponential schedule, Nie et al. 2019).
    ``history`` holds ``(step, tau)`` pairs."""

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
