"""The mode-collapse benchmark of chapter 9: every fix against the same plain GAN, over seeds,
beside the published tables of PacGAN (Lin et al. 2018) and VEEGAN (Srivastava et al. 2017).

    python -m gan_tutorial bench modes                 # the full protocol (5 seeds per row)
    python -m gan_tutorial bench modes --quick         # a few hundred steps, to try the command

Each row is the benchmark's base recipe (a `Preset`) with one change (a `Fix`); the last row,
``r1-long``, gives the R1 penalty (chosen after a first look at the grid) four times the budget.
Three more runs check the first table (chapter 9 reads them):

    python -m gan_tutorial bench modes --fixes r1-long --benchmarks pacgan-grid \
        --first-seed 5 --name modes_confirm          # the chosen row on seeds it was not chosen on
    python -m gan_tutorial bench modes --fixes wgan-gp-paper hinge-long --seeds 3 \
        --name modes_followup                        # the ring's weak rows, as in their paper
    python -m gan_tutorial bench modes --fixes unrolled-5-long --seeds 3 \
        --name modes_followup_unrolled               # or trained four times longer

Every run is scored on 2,500 samples with `gan_tutorial.metrics.mode_report`; a run whose
generator diverges (non-finite samples) is recorded as covering nothing, with ``diverged``. The
results (JSON and a Markdown table, with the command and the date) are what chapter 9 shows;
`load_results` reads the copy shipped with the package. In the JSON, ``null`` stands for an
infinite reverse KL (no sample near any mode).
"""

import dataclasses
import datetime
import json
import math
import platform
import re
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np

from gan_tutorial import data, losses
from gan_tutorial.experiments.presets import Preset
from gan_tutorial.metrics.modes import NUM_EVAL_SAMPLES

__all__ = [
    "BASES",
    "FIXES",
    "FOLLOW_UPS",
    "PUBLISHED",
    "Fix",
    "run_one",
    "train_one",
    "score_samples",
    "run",
    "summarize",
    "to_markdown",
    "target_met",
    "load_results",
    "read",
    "write",
]

METRICS = ("modes", "modes_min_count", "high_quality", "reverse_kl")

# The base recipes: a plain non-saturating GAN, Adam with a cosine decay, one discriminator step
# per generator step. The batch of 240 is a multiple of every pack size (2, 3, 4) and of the
# minibatch-std group (4).
BASES = {
    "pacgan-ring": Preset(
        "pacgan-ring",
        "8 Gaussians, radius 1, std 0.01 (PacGAN / VEEGAN)",
        lambda: data.benchmark("pacgan-ring"),
        steps=3000,
        hidden=(128, 128, 128),
        batch_size=240,
        cosine_decay=True,
    ),
    "pacgan-grid": Preset(
        "pacgan-grid",
        "25 Gaussians on {-4,-2,0,2,4}^2, std 0.05 (PacGAN / VEEGAN)",
        lambda: data.benchmark("pacgan-grid"),
        steps=5000,
        hidden=(256, 256, 256),
        batch_size=240,
        cosine_decay=True,
    ),
}


@dataclasses.dataclass(frozen=True)
class Fix:
    """A row of the table: ``changes`` are `Preset` fields set on the base recipe,
    ``steps_factor`` scales its step budget, and ``benchmarks`` (names of `BASES`) limits the
    benchmarks it runs on."""

    name: str
    description: str
    changes: dict = dataclasses.field(default_factory=dict)
    steps_factor: float = 1.0
    benchmarks: tuple = None  # the benchmarks it runs on (default: every one asked for)

    def apply(self, base):
        """The base `Preset` with this fix."""
        steps = int(round(base.steps * self.steps_factor))
        return dataclasses.replace(
            base, name=f"{base.name}/{self.name}", steps=steps, **self.changes
        )


FIXES = {
    fix.name: fix
    for fix in [
        Fix("gan", "plain GAN, non-saturating loss (the baseline)"),
        Fix(
            "wgan-gp",
            "Wasserstein loss, gradient penalty 10, 5 critic steps, the paper's Adam "
            "(1e-4, betas 0.5 and 0.9)",
            {
                "loss": losses.Wasserstein(gradient_penalty=10.0),
                "d_steps": 5,
                "learning_rate": 1e-4,
                "beta_2": 0.9,
            },
        ),
        Fix("hinge", "hinge loss", {"loss": "hinge"}),
        Fix(
            "spectral-norm",
            "spectral normalization of every D layer",
            {"spectral_normalization": True},
        ),
        Fix("r1", "R1 penalty, gamma 0.5", {"r1_weight": 0.5}),
        Fix(
            "ttur",
            "two time-scales: D at 4x G's learning rate",
            {"learning_rate": 5e-4, "d_learning_rate": 2e-3},
        ),
        Fix("minibatch-std", "minibatch standard deviation feature in D", {"minibatch_std": True}),
        Fix(
            "unrolled-5",
            "unrolled GAN, 5 SGD steps of D's initial learning rate",
            {"unroll_steps": 5},
        ),
        Fix("pacgan2", "PacGAN, packs of 2", {"pack": 2}),
        Fix("pacgan3", "PacGAN, packs of 3", {"pack": 3}),
        Fix("pacgan4", "PacGAN, packs of 4", {"pack": 4}),
        Fix("r1-long", "R1 penalty, gamma 0.5, four times the steps", {"r1_weight": 0.5}, 4.0),
    ]
}

# Rows that check the first table's weak rows on the ring, where they covered fewer modes than
# the plain GAN (`run` with ``fixes=FOLLOW_UPS``): WGAN-GP as its paper trains it (Gulrajani et
# al. 2017, Algorithm 1: a new real batch for each of the five critic steps, a constant learning
# rate), and the hinge loss and the unrolled GAN with four times the steps.
_WGAN_GP_PAPER = FIXES["wgan-gp"].changes | {"fresh_real": True, "cosine_decay": False}
FOLLOW_UPS = {
    fix.name: fix
    for fix in [
        Fix(
            "wgan-gp-paper",
            "WGAN-GP as in its paper: wgan-gp with a new real batch per critic step and a "
            "constant learning rate",
            _WGAN_GP_PAPER,
            benchmarks=("pacgan-ring",),
        ),
        Fix(
            "hinge-long",
            "hinge loss, four times the steps",
            {"loss": "hinge"},
            4.0,
            ("pacgan-ring",),
        ),
        Fix(
            "unrolled-5-long",
            "unrolled GAN, four times the steps",
            {"unroll_steps": 5},
            4.0,
            ("pacgan-ring",),
        ),
    ]
}

# Published means (2,500 samples, their own networks and budgets). PacGAN trained for about
# 400,000 generator steps.
PUBLISHED = [
    {
        "benchmark": "pacgan-ring",
        "row": "GAN",
        "source": "PacGAN Table 1",
        "modes": 6.3,
        "high_quality": 0.982,
        "reverse_kl": 0.45,
    },
    {
        "benchmark": "pacgan-ring",
        "row": "PacGAN2",
        "source": "PacGAN Table 1",
        "modes": 7.9,
        "high_quality": 0.956,
        "reverse_kl": 0.07,
    },
    {
        "benchmark": "pacgan-grid",
        "row": "GAN",
        "source": "PacGAN Table 1",
        "modes": 17.3,
        "high_quality": 0.948,
        "reverse_kl": 0.70,
    },
    {
        "benchmark": "pacgan-grid",
        "row": "PacGAN4",
        "source": "PacGAN Table 1",
        "modes": 24.8,
        "high_quality": 0.936,
        "reverse_kl": 0.04,
    },
    {
        "benchmark": "pacgan-grid",
        "row": "Unrolled GAN",
        "source": "VEEGAN Table 1",
        "modes": 23.6,
        "high_quality": 0.16,
        "reverse_kl": None,
    },
    {
        "benchmark": "pacgan-grid",
        "row": "VEEGAN",
        "source": "VEEGAN Table 1",
        "modes": 24.6,
        "high_quality": 0.40,
        "reverse_kl": None,
    },
]
TARGET = {
    "benchmark": "pacgan-grid",
    "published_row": "PacGAN4",
    "max_steps": 20000,
    "min_seeds": 5,
}


def run_one(base, fix, seed, steps=None, verbose=0):
    """Train ``fix`` (a `Fix` or its name) on ``base`` (a `Preset` or a name of `BASES`) with
    ``seed``; ``steps`` overrides the row's budget. Returns the metrics of 2,500 samples, the
    steps and the training time in seconds."""
    gan, mixture, result = train_one(base, fix, seed, steps, verbose)
    samples = gan.generate(NUM_EVAL_SAMPLES, seed=seed + 1)
    return result | score_samples(samples, mixture)


def train_one(base, fix, seed, steps=None, verbose=0):
    """The training of `run_one`: returns the trained `GAN`, the benchmark's mixture and
    ``{"seed", "steps", "seconds"}``."""
    import keras  # noqa: F401  (the heavy imports only when something trains)

    from gan_tutorial.experiments.runner import make_dataset
    from gan_tutorial.seeding import set_seed

    base = BASES[base] if isinstance(base, str) else base
    fix = _get_fix(fix)
    preset = fix.apply(base)
    steps = preset.steps if steps is None else int(steps)
    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps}")
    set_seed(seed)
    mixture = preset.make_data()
    chunk = math.gcd(steps, 100)
    gan = preset.build(mixture, seed=seed, steps=steps, steps_per_execution=chunk)
    start = time.perf_counter()
    gan.fit(
        make_dataset(mixture, preset.data_batch_size, seed),
        epochs=1,
        steps_per_epoch=steps,
        verbose=verbose,
        shuffle=False,
    )
    seconds = time.perf_counter() - start
    return gan, mixture, {"seed": int(seed), "steps": steps, "seconds": round(seconds, 2)}


def score_samples(samples, mixture):
    """`mode_report` of ``samples`` with ``diverged``: non-finite samples cover nothing."""
    from gan_tutorial.metrics import mode_report

    if not np.all(np.isfinite(samples)):
        empty = [0] * mixture.num_modes
        nothing = {"modes": 0, "modes_min_count": 0, "high_quality": 0.0}
        return nothing | {"reverse_kl": math.inf, "histogram": empty, "diverged": True}
    return mode_report(samples, mixture) | {"diverged": False}


def _get_fix(fix):
    if isinstance(fix, Fix):
        return fix
    known = FIXES | FOLLOW_UPS
    if fix not in known:
        raise ValueError(f"unknown fix {fix!r}: expected one of {', '.join(known)}")
    return known[fix]


def summarize(runs):
    """Mean and sample standard deviation (0 for one run) of each metric over ``runs``.

    A run with no sample near any mode has an infinite reverse KL; the mean is then infinite
    and the standard deviation None (the JSON files write ``Infinity`` and ``null``)."""
    if not runs:
        raise ValueError("runs is empty: need at least one run to summarize")
    summary = {}
    for key in METRICS + ("seconds",):
        values = np.array([r[key] for r in runs], dtype=np.float64)
        if not np.all(np.isfinite(values)):
            summary[key] = {"mean": float("inf"), "std": None}
            continue
        spread = float(values.std(ddof=1)) if len(values) > 1 else 0.0
        summary[key] = {"mean": float(values.mean()), "std": spread}
    return summary


def run(
    benchmarks=tuple(BASES),
    fixes=tuple(FIXES),
    seeds=5,
    steps=None,
    log=print,
    command=None,
    out=None,
    first_seed=0,
    name="modes",
):
    """The whole table: every fix on every benchmark (those a fix is limited to) for seeds
    ``first_seed .. first_seed + seeds - 1``. ``steps`` (an int) replaces every row's budget
    (for a quick run). With ``out``, the results so far are written there (`write`, as
    ``name``.json and .md) after every row. Returns the results dict."""
    if int(seeds) < 1:
        raise ValueError(f"seeds must be >= 1, got {seeds}")
    if int(first_seed) < 0:
        raise ValueError(f"first_seed must be >= 0, got {first_seed}")
    _check_name(name)
    for benchmark in benchmarks:
        if benchmark not in BASES:
            raise ValueError(f"unknown benchmark {benchmark!r}: expected one of {', '.join(BASES)}")
    fixes = [_get_fix(f) for f in fixes]
    import keras

    from gan_tutorial import backend

    results = {
        "command": command,
        "date": datetime.date.today().isoformat(),
        "machine": (
            f"{platform.machine()}, {platform.system()}, Python {sys.version.split()[0]}, "
            f"TensorFlow {backend.version()}, Keras {keras.__version__}, "
            f"{len(backend.devices('GPU'))} GPU"
        ),
        "steps_override": None if steps is None else int(steps),
        "first_seed": int(first_seed),
        "num_eval_samples": NUM_EVAL_SAMPLES,
        "rows": [],
        "published": PUBLISHED,
    }
    rows = results["rows"]
    for benchmark in benchmarks:
        for fix in fixes:
            if fix.benchmarks is not None and benchmark not in fix.benchmarks:
                continue
            runs = []
            for seed in range(int(first_seed), int(first_seed) + int(seeds)):
                result = run_one(benchmark, fix, seed, steps=steps)
                runs.append(result)
                log(
                    f"{benchmark:>12} {fix.name:>14} seed {seed}: "
                    f"{'DIVERGED, ' if result['diverged'] else ''}{result['modes']:2d} modes, "
                    f"{result['high_quality']:.1%} HQ, reverse KL {result['reverse_kl']:.3f} "
                    f"({result['steps']} steps, {result['seconds']:.0f} s)"
                )
            rows.append(
                {
                    "benchmark": benchmark,
                    "fix": fix.name,
                    "description": fix.description,
                    "steps": runs[0]["steps"],
                    "runs": runs,
                    "summary": summarize(runs),
                }
            )
            results["target"] = target_met(results)
            if out is not None:
                write(results, out, name)
    results["target"] = target_met(results)
    return results


def target_met(results):
    """Whether some row on the grid beats PacGAN4 on all three numbers (more modes, more
    high-quality samples, lower reverse KL, comparing means) with at most 20,000 generator steps
    and at least five seeds.

    Returns a dict: ``met``; ``row``, ``steps``, ``seeds``, ``means`` and ``stds`` of the row that
    meets it (or, if none does, of the closest one: most criteria beaten, then most modes);
    ``clear``: whether the row beats the published means even one standard deviation away from
    its own (a margin larger than the spread over seeds); ``published``: PacGAN4's row."""
    published = next(
        p
        for p in PUBLISHED
        if p["benchmark"] == TARGET["benchmark"] and p["row"] == TARGET["published_row"]
    )
    best = None
    for row in results["rows"]:
        if row["benchmark"] != TARGET["benchmark"]:
            continue
        means = {k: row["summary"][k]["mean"] for k in METRICS}
        beaten = [
            means["modes"] > published["modes"],
            means["high_quality"] > published["high_quality"],
            means["reverse_kl"] < published["reverse_kl"],
        ]
        ok = (
            all(beaten)
            and row["steps"] <= TARGET["max_steps"]
            and len(row["runs"]) >= TARGET["min_seeds"]
        )
        score = (ok, sum(beaten), means["modes"], means["high_quality"], -means["reverse_kl"])
        if best is None or score > best[0]:
            best = (score, row, means, ok)
    if best is None:
        return {"met": False, "row": None, "published": published}
    _, row, means, ok = best
    stds = {k: row["summary"][k]["std"] for k in METRICS}
    clear = None not in stds.values() and (
        means["modes"] - stds["modes"] > published["modes"]
        and means["high_quality"] - stds["high_quality"] > published["high_quality"]
        and means["reverse_kl"] + stds["reverse_kl"] < published["reverse_kl"]
    )
    return {
        "met": bool(ok),
        "clear": bool(ok and clear),
        "row": row["fix"],
        "steps": row["steps"],
        "seeds": len(row["runs"]),
        "means": means,
        "stds": stds,
        "published": published,
    }


def _cell(summary, key, percent=False, digits=1):
    mean, std = summary[key]["mean"], summary[key]["std"]
    if std is None:
        return "∞ (a run with no mode)"
    if percent:
        return f"{100 * mean:.{digits}f} ± {100 * std:.{digits}f}"
    return f"{mean:.{digits}f} ± {std:.{digits}f}"


def to_markdown(results):
    """The table as Markdown: one section per benchmark, our rows then the published ones."""
    lines = [
        "Mode-collapse benchmark: mean ± standard deviation over seeds, "
        f"{results['num_eval_samples']:,} samples per run.",
        "",
        f"Made by `{results['command']}` on {results['date']} ({results['machine']}).",
    ]
    for name in dict.fromkeys(row["benchmark"] for row in results["rows"]):
        lines += [
            "",
            f"### {name}",
            "",
            "| row | steps | seeds | modes | modes ≥ 20 | high quality % | reverse KL | s/run |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in results["rows"]:
            if row["benchmark"] != name:
                continue
            s = row["summary"]
            lines.append(
                f"| {row['fix']} | {row['steps']:,} | {len(row['runs'])} | {_cell(s, 'modes')} | "
                f"{_cell(s, 'modes_min_count')} | {_cell(s, 'high_quality', percent=True)} | "
                f"{_cell(s, 'reverse_kl', digits=3)} | {s['seconds']['mean']:.0f} |"
            )
        for p in results["published"]:
            if p["benchmark"] != name:
                continue
            kl = "–" if p["reverse_kl"] is None else f"{p['reverse_kl']:.2f}"
            lines.append(
                f"| *{p['row']} ({p['source']})* | | | {p['modes']} | | "
                f"{100 * p['high_quality']:.1f} | {kl} | |"
            )
    target = results.get("target") or target_met(results)
    if target["row"] is not None:
        m, p = target["means"], target["published"]
        if target["met"]:
            margin = "by more than one standard deviation" if target["clear"] else "on the means"
            verdict = f"met, {margin}: our best grid row"
        else:
            verdict = "not met: the closest grid row"
        lines += [
            "",
            f"Target ({verdict}), {target['row']} ({target['steps']:,} steps, "
            f"{target['seeds']} seeds): {m['modes']:.1f} modes, {100 * m['high_quality']:.1f}% "
            f"high quality, reverse KL {m['reverse_kl']:.3f}; PacGAN4 (about 400,000 steps): "
            f"{p['modes']} modes, {100 * p['high_quality']:.1f}%, {p['reverse_kl']:.2f}.",
        ]
    if results.get("steps_override") is not None:
        lines += [
            "",
            f"Every row ran {results['steps_override']:,} steps (`--steps` or `--quick`): "
            "a check of the command, not the protocol.",
        ]
    return "\n".join(lines) + "\n"


def write(results, out, name="modes"):
    """Write ``out/NAME.json`` and ``out/NAME.md``; returns the two paths."""
    _check_name(name)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / f"{name}.json", out / f"{name}.md"
    json_path.write_text(json.dumps(_finite(results), indent=1, allow_nan=False) + "\n")
    md_path.write_text(to_markdown(results))
    return json_path, md_path


def _finite(value):
    """``value`` with every infinite float replaced by None (strict JSON has no Infinity)."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def read(path):
    """Results written by `write` to ``path`` (a modes.json), with the reverse KL of runs that
    covered no mode infinite again."""
    results = json.loads(Path(path).read_text())
    for row in results["rows"]:
        for run_ in row["runs"]:
            if run_["reverse_kl"] is None:
                run_["reverse_kl"] = math.inf
        kl = row["summary"]["reverse_kl"]
        if kl["mean"] is None:
            kl["mean"] = math.inf
    if results.get("target", {}).get("means", {}).get("reverse_kl", 0) is None:
        results["target"]["means"]["reverse_kl"] = math.inf
    return results


def load_results(name="modes"):
    """Results that ship with the package (made by the command they name), as written by
    `write`: ``"modes"`` (the table), or ``"modes_confirm"``, ``"modes_followup"`` and
    ``"modes_followup_unrolled"`` (the runs that check it; see the module's docstring)."""
    _check_name(name)
    with resources.as_file(
        resources.files("gan_tutorial.experiments") / "results" / f"{name}.json"
    ) as path:
        if not path.is_file():
            raise ValueError(f"no shipped results called {name!r} (no {path.name})")
        return read(path)


def _check_name(name):
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ValueError(f"name must be a file name of letters, digits, '_' and '-', got {name!r}")
