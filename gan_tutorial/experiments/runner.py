"""The one runner of command-line training: a step budget, and an output folder that a second
run resumes from. `train` runs a preset of `presets`, `experiments.text.train_text` the text
recipe; both go through `fit_resumable`.

    out/run.json           what the run is (preset or settings, seed, log_every): a second run
                           into the folder must be the same run, or it is refused
    out/checkpoint.keras   the whole GAN (networks, optimizers, loss), saved every log_every steps
                           (whole or not at all: a run killed while saving keeps the last one)
    out/logs/              TensorBoard logs (losses, D outputs, the run's own measures)
    out/history.csv        the same numbers as a table
    out/samples/           the generator's samples every log_every steps (pictures or text)
    out/metrics.json       final metrics, the command that made them, and how long it took
"""

import json
import math
import os
import time
from pathlib import Path

import keras
import tensorflow as tf

from gan_tutorial import backend
from gan_tutorial.callbacks import ModeEvaluation
from gan_tutorial.experiments import presets
from gan_tutorial.files import write_atomically
from gan_tutorial.metrics import mode_report
from gan_tutorial.metrics.modes import NUM_EVAL_SAMPLES
from gan_tutorial.seeding import set_seed

__all__ = [
    "SaveAtomically",
    "train",
    "fit_resumable",
    "make_dataset",
    "make_strategy",
    "UsageError",
    "plan_epochs",
    "steps_done",
    "write_metrics",
]


class UsageError(ValueError):
    """A command-line argument that cannot work (the command line reports it as a usage error)."""


def plan_epochs(steps, log_every, done=0):
    """``(initial_epoch, epochs)`` for `fit` to run from step ``done`` to ``steps`` in epochs of
    ``log_every`` steps. A resumed run must keep the first run's ``log_every`` and may not ask
    for fewer steps than it has already done."""
    steps, log_every, done = int(steps), int(log_every), int(done)
    if steps < 1 or log_every < 1 or steps % log_every:
        raise UsageError(f"steps ({steps}) must be a positive multiple of log_every ({log_every})")
    if done % log_every:
        raise UsageError(
            f"the checkpoint is at step {done}, not a multiple of log_every "
            f"({log_every}): resume with the first run's --log-every"
        )
    if done > steps:
        raise UsageError(f"the checkpoint is at step {done}, past the {steps} steps asked for")
    return done // log_every, steps // log_every


def make_strategy(name):
    """``"default"`` (one device) or ``"mirrored"`` (all local GPUs, or the CPU)."""
    chosen = backend.strategy(name)
    if chosen is not None:
        return chosen
    raise UsageError(f"unknown strategy {name!r}: expected 'default' or 'mirrored'")


def make_dataset(mixture, batch_size, seed, pool_size=100_000):
    """An endless, shuffled `tf.data.Dataset` of batches ``(batch_size, dim)`` drawn from a pool
    of ``pool_size`` samples of ``mixture``."""
    pool = mixture.sample(pool_size, seed=seed)
    ds = tf.data.Dataset.from_tensor_slices(pool).shuffle(pool_size, seed=seed).repeat()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


def steps_done(model):
    """Training steps behind ``model``: those of a GAN's generator optimizer, or of a model
    trained alone (a language model) its optimizer's."""
    optimizer = getattr(model, "g_optimizer", None) or model.optimizer
    return int(optimizer.iterations.numpy())


class SaveAtomically(keras.callbacks.Callback):
    """Saves the model to ``path`` (``.keras``) after every epoch, whole or not at all: into a
    temporary file beside it, then renamed over it, so that a run killed or failing while saving
    leaves the previous checkpoint as it was."""

    def __init__(self, path):
        super().__init__()
        self.path = Path(path)

    def on_epoch_end(self, epoch, logs=None):
        temporary = self.path.with_name(f".{self.path.stem}.saving.keras")
        try:
            self.model.save(temporary)
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)


def _check_folder(out, identity):
    """Refuses an ``out`` that is a file, or that holds another run than ``identity``; writes
    ``out/run.json`` for a new run."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; it must be a folder (new, or a run's)")
    record = out / "run.json"
    if record.exists():
        try:
            saved = json.loads(record.read_text())
        except (OSError, ValueError) as error:
            raise UsageError(f"--out {out}: {record} cannot be read ({error})") from None
        if saved != identity:
            raise UsageError(
                f"--out {out} holds another run ({_describe(saved)}), not this one "
                f"({_describe(identity)}): resume it with its own settings, or pass another --out"
            )
    elif (out / "checkpoint.keras").exists():
        return  # a run from before run.json: nothing to compare with
    text = json.dumps(identity, indent=1, sort_keys=True) + "\n"
    write_atomically(record, lambda file: file.write(text.encode()))


def _describe(identity):
    return ", ".join(f"{key} {value}" for key, value in sorted(identity.items()))


def fit_resumable(build, make_data, out, steps, log_every, callbacks=(), verbose=2, identity=None):
    """Trains the model in ``out/checkpoint.keras`` if there is one, else the one ``build()``
    returns (a `GAN`, a `SeqGAN`, or a compiled model trained alone), up to ``steps`` steps in
    all (`steps_done`), in epochs of ``log_every`` steps.

    ``identity``: what makes the run this run (a dict: preset or settings, seed); with
    ``log_every`` it is written to ``out/run.json``, and a folder that holds another run is
    refused (`UsageError`, naming both) before anything is read or written. ``make_data(done)``:
    the training dataset when ``done`` steps are behind (seed it with ``done``, so that a
    resumed run does not replay the first run's batches). After every epoch ``callbacks`` run,
    then the history is appended to ``out/history.csv``, TensorBoard logs written to
    ``out/logs`` and the checkpoint saved (`SaveAtomically`). Returns ``(gan, resumed_from,
    seconds)``: ``resumed_from`` is the checkpoint's step, or None for a new run."""
    out = Path(out)
    identity = {**(identity or {}), "log_every": int(log_every)}
    _check_folder(out, identity)
    checkpoint = out / "checkpoint.keras"
    resumed = checkpoint.exists()
    if resumed:
        try:
            gan = keras.models.load_model(checkpoint)
        except Exception as error:  # Keras raises many kinds for a damaged file
            raise UsageError(
                f"--out {out}: the checkpoint {checkpoint} cannot be loaded "
                f"({type(error).__name__}: {str(error)[:200]}); move it away to start afresh"
            ) from None
    else:
        gan = build()
    done = steps_done(gan)
    initial_epoch, epochs = plan_epochs(steps, log_every, done)
    start = time.perf_counter()
    if initial_epoch < epochs:
        gan.fit(
            make_data(done),
            epochs=epochs,
            initial_epoch=initial_epoch,
            steps_per_epoch=log_every,
            shuffle=False,  # the datasets shuffle themselves
            callbacks=[
                *callbacks,
                keras.callbacks.CSVLogger(str(out / "history.csv"), append=True),
                keras.callbacks.TensorBoard(str(out / "logs")),
                SaveAtomically(checkpoint),
            ],
            verbose=verbose,
        )
    return gan, done if resumed else None, time.perf_counter() - start


def write_metrics(out, result):
    """Writes ``result`` to ``out/metrics.json`` (atomically) and returns it."""
    text = json.dumps(result, indent=2) + "\n"
    write_atomically(Path(out) / "metrics.json", lambda file: file.write(text.encode()))
    return result


def train(
    preset, steps=None, seed=0, out=None, strategy="default", log_every=500, verbose=2, command=None
):
    """Train ``preset`` (a name from `gan_tutorial.experiments.presets`) for ``steps`` generator
    steps.

    If ``out`` holds a checkpoint, training resumes from it (at the last multiple of
    ``log_every``) up to ``steps`` in all, with the networks, optimizers and learning-rate
    schedule it saved; the noise and the data order start afresh. A schedule keeps the length
    of the first run: resuming with a larger ``steps`` continues at its final learning rate.
    Returns the dict written to ``out/metrics.json``.
    """
    preset = presets.get(preset) if isinstance(preset, str) else preset
    steps = preset.steps if steps is None else int(steps)
    log_every = int(log_every)
    plan_epochs(steps, log_every)  # checks the arguments before any work
    out = Path(out if out is not None else Path("runs") / preset.name)
    set_seed(seed)
    distribution = make_strategy(strategy)
    replicas = distribution.num_replicas_in_sync
    mixture = preset.make_data()
    with distribution.scope():
        gan, resumed_from, seconds = fit_resumable(
            lambda: preset.build(
                mixture,
                seed=seed,
                steps=steps,
                steps_per_execution=1 if replicas > 1 else math.gcd(100, log_every),
            ),
            lambda done: make_dataset(mixture, preset.data_batch_size, seed + done),
            out,
            steps,
            log_every,
            [ModeEvaluation(mixture, out / "samples", NUM_EVAL_SAMPLES, seed=seed + 1)],
            verbose,
            identity={"preset": preset.name, "seed": seed},
        )
    final = mode_report(gan.generate(NUM_EVAL_SAMPLES, seed=seed + 1), mixture)
    return write_metrics(
        out,
        {
            "command": command,
            "preset": preset.name,
            "description": preset.description,
            "steps": int(gan.g_optimizer.iterations.numpy()),
            "resumed_from": resumed_from,
            "seed": seed,
            "strategy": strategy,
            "replicas": replicas,
            "devices": backend.devices(),
            "train_seconds": round(seconds, 2),
            "num_eval_samples": NUM_EVAL_SAMPLES,
            "metrics": final,
        },
    )
