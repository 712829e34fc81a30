"""SeqGAN's synthetic oracle benchmark (Yu et al. 2017), chapter 7:
``python -m gan_tutorial bench seqgan-oracle [--quick]``.

An oracle LSTM (`gan_tutorial.data.oracle`) writes the training data. A generator of the same
shape, initialized N(0, 0.1^2), is pretrained by maximum likelihood (MLE), a discriminator is
pretrained on real against generated sequences, then SeqGAN's adversarial steps follow. After
each phase: NLL-oracle (the oracle's mean NLL per token of the generator's samples: quality) and
NLL-test (the generator's NLL of held-out oracle data: coverage), beside the published values.

The published protocol: 10,000 sequences of 20 tokens over 5,000 tokens, batch 64, Adam 0.01 with
gradient clipping 5.0 for the generator, 120 MLE epochs, 50 discriminator pretraining rounds (new
negatives each round, 3 epochs), 200 adversarial steps, each one generator update with 16 rollouts
and 5 discriminator rounds of 3 epochs. Ours uses a GRU discriminator (the paper: a CNN with
highway layers) and its own draw of the oracle, so its numbers are comparable in kind, not to the
third decimal.
"""

import dataclasses
import datetime
import json
import platform
import time
from importlib import resources
from pathlib import Path

import keras
import numpy as np

from gan_tutorial.data.oracle import oracle as make_oracle
from gan_tutorial.data.oracle import reinitialize, sequence_nll
from gan_tutorial.models import GRUDiscriminator, LSTMGenerator
from gan_tutorial.seeding import set_seed
from gan_tutorial.seqgan import SeqGAN, negatives

__all__ = [
    "PUBLISHED",
    "PROTOCOLS",
    "Protocol",
    "estimated_seconds",
    "load_results",
    "run",
    "to_markdown",
    "write",
]

# NLL-oracle at length 20, as printed in the papers (SeqGAN; RankGAN, LeakGAN, RelGAN)
PUBLISHED = {
    "random": 10.310,
    "MLE": 9.038,
    "SeqGAN": 8.736,
    "RankGAN": 8.247,
    "LeakGAN": 7.038,
    "RelGAN": 6.680,
}


@dataclasses.dataclass(frozen=True)
class Protocol:
    """Every size and budget of one run of the benchmark."""

    name: str
    vocab_size: int = 5000
    length: int = 20
    hidden_dim: int = 32  # and the embedding size, of the oracle and the generator
    num_sequences: int = 10_000  # training data; as many again are held out
    batch_size: int = 64
    g_learning_rate: float = 0.01
    g_clipnorm: float = 5.0
    mle_epochs: int = 120
    d_learning_rate: float = 1e-4
    d_pretrain_rounds: int = 50
    d_epochs: int = 3
    adversarial_steps: int = 200
    d_rounds_per_step: int = 5
    num_rollouts: int = 16
    rollout_update: float = 0.8
    eval_samples: int = 10_000
    eval_every: int = 20  # adversarial steps between evaluations


PROTOCOLS = {
    "published": Protocol("published"),
    # finishes in a few minutes on a 2-core CPU; checks the pipeline, measures little
    "quick": Protocol(
        "quick",
        mle_epochs=15,
        d_pretrain_rounds=3,
        d_epochs=1,
        adversarial_steps=20,
        d_rounds_per_step=1,
        eval_samples=2000,
        eval_every=5,
    ),
}


def _evaluate(oracle, generator, held_out, protocol, seed):
    samples = generator.sample(protocol.eval_samples, seed=seed)
    return {
        "nll_oracle": sequence_nll(oracle, samples),
        "nll_test": sequence_nll(generator, held_out[: protocol.eval_samples]),
    }


def run(protocol, seed=0, command=None, log=print):
    """Runs ``protocol`` (a `Protocol` or a name in `PROTOCOLS`); returns the results as a dict
    (``rows``: the oracle itself, its entropy; the random, MLE and SeqGAN generators;
    ``curve``: NLL-oracle over the adversarial steps)."""
    if isinstance(protocol, str):
        if protocol not in PROTOCOLS:
            raise ValueError(f"unknown protocol {protocol!r}; choose from {sorted(PROTOCOLS)}")
        protocol = PROTOCOLS[protocol]
    p = protocol
    start = time.perf_counter()
    set_seed(seed)
    oracle = make_oracle(p.vocab_size, p.length, p.hidden_dim, p.hidden_dim, seed=seed)
    train = oracle.sample(p.num_sequences, seed=seed + 1)
    held_out = oracle.sample(p.num_sequences, seed=seed + 2)
    generator = LSTMGenerator(
        p.vocab_size,
        p.length,
        latent_dim=0,
        embedding_dim=p.hidden_dim,
        hidden_dim=p.hidden_dim,
        fixed_length=True,
        seed=seed,
    )
    reinitialize(generator, 0.1, seed=seed + 3)
    # the oracle scoring its own held-out samples: its entropy per token. NLL-test (a
    # cross-entropy) cannot go below it; NLL-oracle can, by a generator that gives up diversity
    floor = sequence_nll(oracle, held_out[: p.eval_samples])
    rows = {"oracle": {"nll_oracle": floor, "nll_test": floor}}
    rows["random"] = _evaluate(oracle, generator, held_out, p, seed + 4)
    log(f"random generator: {rows['random']}")

    generator.compile(
        optimizer=keras.optimizers.Adam(p.g_learning_rate, global_clipnorm=p.g_clipnorm)
    )
    clock = time.perf_counter()
    generator.fit(train, batch_size=p.batch_size, epochs=p.mle_epochs, verbose=0)
    timings = {"mle_epoch": (time.perf_counter() - clock) / p.mle_epochs}
    rows["MLE"] = _evaluate(oracle, generator, held_out, p, seed + 4)
    log(f"after {p.mle_epochs} MLE epochs: {rows['MLE']}")

    discriminator = GRUDiscriminator(p.vocab_size, p.length, embedding_dim=64, hidden_dim=64)
    discriminator.compile(
        optimizer=keras.optimizers.Adam(p.d_learning_rate),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
    )

    d_seconds = 0.0  # all discriminator training, its negatives' sampling included

    def train_discriminator(rounds, round_seed):
        nonlocal d_seconds
        clock = time.perf_counter()
        history = {"binary_accuracy": [float("nan")]}
        for r in range(rounds):
            ids, labels = negatives(generator, train, seed=round_seed + r)
            history = discriminator.fit(
                ids, labels, batch_size=p.batch_size, epochs=p.d_epochs, verbose=0
            ).history
        d_seconds += time.perf_counter() - clock
        return history["binary_accuracy"][-1]

    accuracy = train_discriminator(p.d_pretrain_rounds, 10_000 * (seed + 1))
    log(f"discriminator pretrained, {p.d_pretrain_rounds} rounds: accuracy {accuracy:.3f}")

    seqgan = SeqGAN(generator, discriminator, p.num_rollouts, p.rollout_update, seed=seed + 5)
    seqgan.compile(
        g_optimizer=keras.optimizers.Adam(p.g_learning_rate, global_clipnorm=p.g_clipnorm),
        d_optimizer=keras.optimizers.Adam(p.d_learning_rate),
        d_steps=0,  # the discriminator trains in rounds of its own fit, as in the original
    )
    rng = np.random.default_rng(seed + 6)
    curve = [(0, rows["MLE"]["nll_oracle"])]
    timings["generator_step"] = 0.0
    for step in range(1, p.adversarial_steps + 1):
        batch = train[rng.choice(len(train), p.batch_size, replace=False)]
        clock = time.perf_counter()
        logs = seqgan.fit(batch, batch_size=p.batch_size, epochs=1, verbose=0).history
        timings["generator_step"] += (time.perf_counter() - clock) / p.adversarial_steps
        train_discriminator(p.d_rounds_per_step, 20_000 * (seed + 1) + 10 * step)
        if step % p.eval_every == 0 or step == p.adversarial_steps:
            nll = sequence_nll(oracle, generator.sample(p.eval_samples, seed=seed + 4))
            curve.append((step, nll))
            log(f"adversarial step {step}: NLL-oracle {nll:.3f}, reward {logs['reward'][-1]:.3f}")
    d_epochs = (p.d_pretrain_rounds + p.adversarial_steps * p.d_rounds_per_step) * p.d_epochs
    timings["d_epoch"] = d_seconds / d_epochs
    rows["SeqGAN"] = _evaluate(oracle, generator, held_out, p, seed + 4)
    log(f"after {p.adversarial_steps} adversarial steps: {rows['SeqGAN']}")
    return {
        "command": command,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "versions": {"keras": keras.__version__},
        "seconds": time.perf_counter() - start,
        "timings": timings,
        "protocol": dataclasses.asdict(p),
        "seed": seed,
        "rows": rows,
        "curve": curve,
        "published": PUBLISHED,
    }


def estimated_seconds(timings, protocol="published"):
    """The training time (seconds) of ``protocol`` (a `Protocol` or a name) estimated from the
    per-phase ``timings`` of a run of the same sizes on the same machine (seconds per MLE epoch,
    per discriminator epoch, per generator step with its rollouts); evaluations not counted."""
    p = PROTOCOLS[protocol] if isinstance(protocol, str) else protocol
    d_epochs = (p.d_pretrain_rounds + p.adversarial_steps * p.d_rounds_per_step) * p.d_epochs
    return (
        p.mle_epochs * timings["mle_epoch"]
        + d_epochs * timings["d_epoch"]
        + p.adversarial_steps * timings["generator_step"]
    )


def to_markdown(results):
    """The results as a Markdown table beside the published NLL-oracle values."""
    lines = [
        f"SeqGAN oracle benchmark, protocol `{results['protocol']['name']}`, seed "
        f"{results['seed']}: `{results['command']}` ({results['date']}, "
        f"{results['seconds'] / 60:.0f} min)",
        "",
        "| generator | NLL-oracle (ours) | NLL-test (ours) | NLL-oracle (published) |",
        "|---|---|---|---|",
    ]
    for name, row in results["rows"].items():
        published = results["published"].get(name)
        lines.append(
            f"| {name} | {row['nll_oracle']:.3f} | {row['nll_test']:.3f} "
            f"| {'' if published is None else f'{published:.3f}'} |"
        )
    for name in ("RankGAN", "LeakGAN", "RelGAN"):
        lines.append(f"| {name} | | | {results['published'][name]:.3f} |")
    return "\n".join(lines) + "\n"


def write(results, out):
    """Writes ``out/seqgan_oracle_<protocol>.json`` and ``.md``; returns both paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"seqgan_oracle_{results['protocol']['name']}"
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=1) + "\n")
    md_path.write_text(to_markdown(results))
    return json_path, md_path


def load_results(protocol="quick"):
    """The results of ``protocol`` that ship with the package (made by the command they name)."""
    name = f"seqgan_oracle_{protocol}.json"
    with resources.as_file(resources.files("gan_tutorial") / "results" / name) as path:
        if not path.exists():
            raise FileNotFoundError(f"no shipped results for protocol {protocol!r}: {path}")
        return json.loads(path.read_text())
