"""Callbacks that let a notebook watch a GAN learn, and the text GAN's temperature schedule."""

from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

from gan_tutorial import arguments, plots
from gan_tutorial.data import GaussianMixture
from gan_tutorial.metrics import mode_report

__all__ = ["SampleRecorder", "ModeEvaluation", "TemperatureAnnealing"]


class SampleRecorder(keras.callbacks.Callback):
    """Records the generator's samples for one fixed batch of noise during training.

    After ``fit``, ``recorder.samples`` is a list of ``(epoch, samples)`` pairs: epoch 0 is before
    training, then every ``every`` epochs and the last epoch. ``samples`` is a NumPy array
    ``(num_samples, *sample_shape)``; the noise is the same each time, so the pictures show the
    same points moving. For a conditional GAN the labels are 0, 1, ..., num_classes - 1 in
    turn, so a grid with ``num_classes`` columns shows one class per column.

    With ``grid`` (points ``(n, *sample_shape)``), it also records the discriminator's output on
    them in ``recorder.discriminator_outputs``, ``(epoch, values)`` pairs with ``values`` of shape
    ``(n,)``: D(x) in [0, 1] for the probabilistic losses, the critic's score otherwise.

    Args:
        num_samples: how many samples to record each time.
        every: record every this many epochs (an integer >= 1).
        seed: seed of the fixed noise.
        grid: optional points at which to record the discriminator.
    """

    def __init__(self, num_samples=1000, every=1, seed=0, grid=None):
        super().__init__()
        self.num_samples = arguments.integer("num_samples", num_samples)
        self.every = arguments.integer("every", every)
        self.seed = seed
        self.grid = None if grid is None else np.asarray(grid, dtype=np.float32)
        if self.grid is not None and (self.grid.ndim < 2 or not np.isfinite(self.grid).all()):
            raise ValueError(
                f"grid must be finite points (n, *sample_shape), got shape {self.grid.shape}"
            )
        self.samples = []
        self.discriminator_outputs = []
        self._noise = None
        self._epochs = None

    def _record(self, epoch):
        if self._noise is None:
            rng = np.random.default_rng(self.seed)
            shape = (self.num_samples, self.model.latent_dim)
            self._noise = rng.standard_normal(shape).astype(np.float32)
        fake = self.model.sample_from(self._noise)
        self.samples.append((epoch, np.asarray(fake)))
        if self.grid is not None:
            if getattr(self.model, "conditional", False):
                raise ValueError("grid: the discriminator of a conditional GAN also needs labels")
            logits = self.model.discriminator.predict(self.grid, batch_size=4096, verbose=0)
            values = self.model.adversarial_loss.output(logits)
            self.discriminator_outputs.append((epoch, np.asarray(values).reshape(-1)))

    def on_train_begin(self, logs=None):
        sample_shape = tuple(self.model.generator.output_shape[1:])
        if self.grid is not None and self.grid.shape[1:] != sample_shape:
            raise ValueError(
                f"grid must be points {('n', *sample_shape)} like the generator's samples, "
                f"got shape {self.grid.shape}"
            )
        self._epochs = self.params.get("epochs")
        if not self.samples:
            self._record(0)

    def on_epoch_end(self, epoch, logs=None):
        done = epoch + 1
        if done % self.every == 0 or done == self._epochs:
            self._record(done)


class ModeEvaluation(keras.callbacks.Callback):
    """After every epoch: the mode metrics of ``num_samples`` generated samples, added to the
    epoch's logs (so TensorBoard and CSV loggers placed after it record them), and a picture of
    the samples saved as ``folder/step_0001000.png`` when ``folder`` is given."""

    def __init__(self, mixture, folder=None, num_samples=2500, seed=0):
        super().__init__()
        if not isinstance(mixture, GaussianMixture):
            raise TypeError(f"mixture must be a GaussianMixture, got {mixture!r}")
        if folder is not None and Path(folder).exists() and not Path(folder).is_dir():
            raise ValueError(f"folder {str(folder)!r} is a file; it must be a folder")
        self.mixture = mixture
        self.folder = Path(folder) if folder is not None else None
        self.num_samples = arguments.integer("num_samples", num_samples)
        self.seed = seed
        self.last_report = None

    def on_train_begin(self, logs=None):
        sample_shape = tuple(self.model.generator.output_shape[1:])
        if sample_shape != (self.mixture.dim,):
            raise ValueError(
                f"mixture {self.mixture.name!r} has points of dimension {self.mixture.dim}; the "
                f"generator writes samples of shape {sample_shape}"
            )

    def on_epoch_end(self, epoch, logs=None):
        samples = self.model.generate(self.num_samples, seed=self.seed)
        report = mode_report(samples, self.mixture)
        self.last_report = report
        if logs is not None:
            logs.update({k: v for k, v in report.items() if k != "histogram"})
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            step = int(self.model.g_optimizer.iterations.numpy())
            if self.mixture.dim == 2:
                fig = plots.plot_samples_2d(samples, self.mixture, title=f"step {step}")
            else:
                fig = plots.plot_density_1d(self.mixture, samples, title=f"step {step}")
            fig.savefig(self.folder / f"step_{step:07d}.png", dpi=80)
            plt.close(fig)


class TemperatureAnnealing(keras.callbacks.Callback):
    """Anneals the generator's Gumbel-softmax temperature during `GAN.fit`:
    ``tau_n = beta_max ** (-n / steps)`` at generator step n, from 1 down to ``1 / beta_max``
    at ``steps`` and constant after (RelGAN's exponential schedule, Nie et al. 2019). It is set
    before each call into TensorFlow, so with ``steps_per_execution=k`` it changes every k steps.
    ``history`` holds ``(step, tau)`` pairs. On a resumed run the schedule is that of the new
    ``steps``."""

    def __init__(self, beta_max=100.0, steps=1000):
        super().__init__()
        beta_max = arguments.real("beta_max", beta_max)
        if beta_max < 1:
            raise ValueError(f"beta_max must be a finite number >= 1, got {beta_max!r}")
        self.beta_max, self.steps = beta_max, arguments.integer("steps", steps)
        self.history = []

    def tau_at(self, step):
        return self.beta_max ** (-min(step, self.steps) / self.steps)

    def on_train_batch_begin(self, batch, logs=None):
        step = int(self.model.g_optimizer.iterations.numpy())
        tau = self.tau_at(step)
        self.model.generator.tau.assign(tau)
        self.history.append((step, tau))
