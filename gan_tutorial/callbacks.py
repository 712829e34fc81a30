"""Callbacks that let a notebook watch a GAN learn."""

import keras
import numpy as np

__all__ = ["SampleRecorder"]


class SampleRecorder(keras.callbacks.Callback):
    """Records the generator's samples for one fixed batch of noise during training.

    After ``fit``, ``recorder.samples`` is a list of ``(epoch, samples)`` pairs: epoch 0 is before
    training, then every ``every`` epochs and the last epoch. ``samples`` is a NumPy array
    ``(num_samples, *sample_shape)``; the noise is the same each time, so the pictures show the
    same points moving.

    Args:
        num_samples: how many samples to record each time.
        every: record every this many epochs (an integer >= 1).
        seed: seed of the fixed noise.
    """

    def __init__(self, num_samples=1000, every=1, seed=0):
        super().__init__()
        if int(num_samples) < 1:
            raise ValueError(f"num_samples must be >= 1, got {num_samples}")
        if int(every) < 1:
            raise ValueError(f"every must be an integer >= 1, got {every}")
        self.num_samples = int(num_samples)
        self.every = int(every)
        self.seed = seed
        self.samples = []
        self._noise = None
        self._epochs = None

    def _record(self, epoch):
        if self._noise is None:
            rng = np.random.default_rng(self.seed)
            shape = (self.num_samples, self.model.latent_dim)
            self._noise = rng.standard_normal(shape).astype(np.float32)
        fake = self.model.generator.predict(self._noise, batch_size=4096, verbose=0)
        self.samples.append((epoch, np.asarray(fake)))

    def on_train_begin(self, logs=None):
        self._epochs = self.params.get("epochs")
        if not self.samples:
            self._record(0)

    def on_epoch_end(self, epoch, logs=None):
        done = epoch + 1
        if done % self.every == 0 or done == self._epochs:
            self._record(done)
