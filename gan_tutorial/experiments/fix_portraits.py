"""Chapter 9's pictures of the fixes: each fix trained once on the ring with the same seed, as
the mode benchmark trains it, and what it ends with (samples, and the discriminator's output over
the plane).

    python -m gan_tutorial bench portraits          # seed 2, each row's budget (about 10 min)

Seed 2 is a seed on which the plain GAN of the table ends on one mode. The pictures show what a
fix changes in one run; how often it helps is the table's question (`mode_bench`). The results
(`write`: ``portraits.npz``) ship with the package; `load` reads them.
"""

import datetime
import io
import json
from importlib import resources
from pathlib import Path

import numpy as np

from gan_tutorial import arguments
from gan_tutorial.experiments import mode_bench
from gan_tutorial.experiments.mode_bench import Fix

__all__ = ["MINIMAX", "ROWS", "run", "write", "read", "load"]

# The saturating generator loss of the original game, the contrast for the non-saturating one.
MINIMAX = Fix("minimax", "the minimax game's saturating generator loss", {"loss": "minimax"})
ROWS = (
    MINIMAX,
    *(
        mode_bench.FIXES[name]
        for name in (
            "gan",
            "wgan-gp",
            "hinge",
            "spectral-norm",
            "r1",
            "ttur",
            "minibatch-std",
            "unrolled-5",
            "pacgan2",
        )
    ),
)
LIMIT = 1.5  # the square [-LIMIT, LIMIT]^2 of the ring's heat maps (radius 1)


def run(rows=ROWS, seed=2, steps=None, resolution=64, num_samples=1000, log=print, command=None):
    """Train every fix of ``rows`` (`Fix` objects or names) on the PacGAN ring with ``seed`` for
    its budget (or ``steps``), as `mode_bench.run_one` does. Returns a dict: ``meta`` (command,
    date, seed, limit, and per fix its name, description, steps, seconds, ``probabilities``,
    ``pointwise`` and the mode report of 2,500 samples) and, per fix, ``samples``
    ``(num_samples, 2)`` and ``scores`` ``(resolution, resolution)``: D(x) (or the critic's score)
    on a grid over ``[-LIMIT, LIMIT]^2``, row ``i`` at ``y = grid[i]``; all NaN where the
    discriminator does not score single points (packing, minibatch standard deviation)."""
    resolution = arguments.integer("resolution", resolution, minimum=2)
    num_samples = arguments.integer("num_samples", num_samples)
    if num_samples > mode_bench.NUM_EVAL_SAMPLES:
        raise ValueError(
            f"num_samples must be at most {mode_bench.NUM_EVAL_SAMPLES} (the samples scored), "
            f"got {num_samples}"
        )
    axis = np.linspace(-LIMIT, LIMIT, resolution, dtype=np.float32)
    grid = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)
    meta = {
        "command": command,
        "date": datetime.date.today().isoformat(),
        "benchmark": "pacgan-ring",
        "seed": int(seed),
        "limit": LIMIT,
        "fixes": [],
    }
    arrays = {}
    for fix in rows:
        fix = mode_bench._get_fix(fix)
        gan, mixture, result = mode_bench.train_one("pacgan-ring", fix, seed, steps)
        samples = gan.generate(mode_bench.NUM_EVAL_SAMPLES, seed=seed + 1)
        report = mode_bench.score_samples(samples, mixture)
        preset = fix.apply(mode_bench.BASES["pacgan-ring"])
        pointwise = preset.pack == 1 and not preset.minibatch_std
        scores = np.full(len(grid), np.nan)
        if pointwise:
            logits = gan.discriminator(grid, training=False)
            scores = np.asarray(gan.adversarial_loss.output(logits)).reshape(-1)
        arrays[f"{fix.name}/samples"] = samples[:num_samples].astype(np.float32)
        arrays[f"{fix.name}/scores"] = scores.reshape(resolution, resolution).astype(np.float32)
        meta["fixes"].append(
            {
                "name": fix.name,
                "description": fix.description,
                "probabilities": gan.adversarial_loss.probabilistic,
                "pointwise": pointwise,
            }
            | result
            | {k: report[k] for k in ("modes", "modes_min_count", "high_quality", "reverse_kl")}
        )
        log(
            f"{fix.name:>14}: {report['modes']} modes, {report['high_quality']:.1%} high "
            f"quality ({result['steps']} steps, {result['seconds']:.0f} s)"
        )
    return {"meta": meta} | arrays


def write(portraits, out):
    """Write ``out/portraits.npz`` (the arrays, and ``meta`` as JSON text) atomically; returns
    its path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "portraits.npz"
    arrays = {k: v for k, v in portraits.items() if k != "meta"}
    meta = json.dumps(mode_bench._finite(portraits["meta"]), allow_nan=False)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, meta=np.array(meta), **arrays)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(buffer.getvalue())
    partial.replace(path)
    return path


def read(path):
    """What `write` wrote to ``path``, as `run` returned it (an infinite reverse KL is
    ``None`` in ``meta``)."""
    with np.load(path) as npz:
        portraits = {k: npz[k] for k in npz.files if k != "meta"}
        portraits["meta"] = json.loads(str(npz["meta"]))
    return portraits


def load():
    """The portraits that ship with the package (made by the command in their ``meta``)."""
    with resources.as_file(
        resources.files("gan_tutorial.experiments") / "results" / "portraits.npz"
    ) as path:
        return read(path)
