"""Training runs longer than a notebook: a preset, a step budget, and an output folder that a
second run resumes from.

    out/checkpoint.keras   the whole GAN (networks, optimizers, loss), saved every log_every steps
    out/logs/              TensorBoard logs (losses, D outputs, mode metrics)
    out/history.csv        the same numbers as a table
    out/samples/           a picture of 2,500 generated samples every log_every steps
    out/metrics.json       final metrics, the command that made them, and how long it took
"""

import json
import math
import time
from pathlib import Path

import keras
import tensorflow as tf

from gan_tutorial import presets
from gan_tutorial.callbacks import ModeEvaluation
from gan_tutorial.metrics import mode_report
from gan_tutorial.metrics.modes import NUM_EVAL_SAMPLES
from gan_tutorial.seeding import set_seed

__all__ = ["train", "make_dataset", "make_strategy", "UsageError", "plan_epochs"]


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
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    raise UsageError(f"unknown strategy {name!r}: expected 'default' or 'mirrored'")


def make_dataset(mixture, batch_size, seed, pool_size=100_000):
    """An endless, shuffled `tf.data.Dataset` of batches ``(batch_size, dim)`` drawn from a pool
    of ``pool_size`` samples of ``mixture``."""
    pool = mixture.sample(pool_size, seed=seed)
    ds = tf.data.Dataset.from_tensor_slices(pool).shuffle(pool_size, seed=seed).repeat()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


def train(
    preset, steps=None, seed=0, out=None, strategy="default", log_every=500, verbose=2, command=None
):
    """Train ``preset`` (a name from `gan_tutorial.presets`) for ``steps`` generator steps.

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
    out.mkdir(parents=True, exist_ok=True)
    checkpoint = out / "checkpoint.keras"
    set_seed(seed)
    distribution = make_strategy(strategy)
    replicas = distribution.num_replicas_in_sync
    mixture = preset.make_data()

    with distribution.scope():
        if checkpoint.exists():
            gan = keras.models.load_model(checkpoint)
        else:
            gan = preset.build(
                mixture,
                seed=seed,
                steps=steps,
                steps_per_execution=1 if replicas > 1 else math.gcd(100, log_every),
            )
    done = int(gan.g_optimizer.iterations.numpy())
    resumed_from = done if checkpoint.exists() else None

    evaluation = ModeEvaluation(mixture, out / "samples", NUM_EVAL_SAMPLES, seed=seed + 1)
    callbacks = [
        evaluation,
        keras.callbacks.CSVLogger(str(out / "history.csv"), append=True),
        keras.callbacks.TensorBoard(str(out / "logs")),
        keras.callbacks.ModelCheckpoint(str(checkpoint)),
    ]
    initial_epoch, epochs = plan_epochs(steps, log_every, done)
    start = time.perf_counter()
    if initial_epoch < epochs:
        gan.fit(
            make_dataset(mixture, preset.batch_size, seed + done),
            epochs=epochs,
            initial_epoch=initial_epoch,
            steps_per_epoch=log_every,
            callbacks=callbacks,
            verbose=verbose,
            shuffle=False,  # the dataset shuffles itself
        )
    seconds = time.perf_counter() - start
    final = mode_report(gan.generate(NUM_EVAL_SAMPLES, seed=seed + 1), mixture)
    result = {
        "command": command,
        "preset": preset.name,
        "description": preset.description,
        "steps": int(gan.g_optimizer.iterations.numpy()),
        "resumed_from": resumed_from,
        "seed": seed,
        "strategy": strategy,
        "replicas": replicas,
        "devices": [d.name for d in tf.config.list_logical_devices()],
        "train_seconds": round(seconds, 2),
        "num_eval_samples": NUM_EVAL_SAMPLES,
        "metrics": final,
    }
    (out / "metrics.json").write_text(json.dumps(result, indent=2) + "\n")
    return result
