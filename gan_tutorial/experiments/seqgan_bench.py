"""SeqGAN's synthetic oracle benchmark (Yu et al. 2017), chapter 7:
``python -m gan_tutorial bench seqgan-oracle [--protocol published|quick|chapter|...]``.

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

The ``chapter`` protocol is chapter 7's run (vocabulary 1,000, 8 MLE epochs, 40 adversarial steps
with one discriminator update each); its results and generator weights ship with the package
(`load_results`, `load_generator`), so the chapter computes its tables from the trained models
without spending minutes of its page on the adversarial steps.
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
from gan_tutorial.files import write_atomically
from gan_tutorial.models import GRUDiscriminator, LSTMGenerator
from gan_tutorial.seeding import set_seed
from gan_tutorial.seqgan import SeqGAN, negatives

__all__ = [
    "PUBLISHED",
    "PROTOCOLS",
    "Protocol",
    "estimated_seconds",
    "load_generator",
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
    num_sequences: int = 10_000  # training data
    num_held_out: int = 10_000  # held-out data (NLL-test)
    batch_size: int = 64
    g_learning_rate: float = 0.01
    g_clipnorm: float = 5.0
    mle_epochs: int = 120
    d_learning_rate: float = 1e-4
    d_pretrain_learning_rate: float | None = None  # None: d_learning_rate
    d_pretrain_rounds: int = 50
    d_epochs: int = 3
    adversarial_steps: int = 200
    d_rounds_per_step: int = 5  # rounds of the discriminator's own fit after each step
    d_steps: int = 0  # discriminator updates inside each adversarial step (SeqGAN's d_steps)
    num_rollouts: int = 16
    rollout_update: float = 0.8
    constant_reward: float | None = None  # a control run: this reward instead of the rollouts'
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
    # chapter 7 (about 3 minutes on a 2-core CPU); the chapter loads its results and weights
    "chapter": Protocol(
        "chapter",
        vocab_size=1000,
        num_sequences=5000,
        num_held_out=2000,
        mle_epochs=8,
        d_pretrain_learning_rate=1e-3,
        d_pretrain_rounds=1,
        d_epochs=2,
        adversarial_steps=40,
        d_rounds_per_step=0,
        d_steps=1,
        eval_samples=2000,
        eval_every=5,
    ),
}
# chapter 7's control: the same updates with every reward 0.5 (a discriminator that says nothing)
PROTOCOLS["chapter-constant-reward"] = dataclasses.replace(
    PROTOCOLS["chapter"], name="chapter-constant-reward", constant_reward=0.5
)


def _evaluate(oracle, generator, held_out, protocol, seed):
    samples = generator.sample(protocol.eval_samples, seed=seed)
    return {
        "nll_oracle": sequence_nll(oracle, samples),
        "nll_test": sequence_nll(generator, held_out[: protocol.eval_samples]),
    }


def _protocol(protocol):
    if isinstance(protocol, Protocol):
        return protocol
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}; choose from {sorted(PROTOCOLS)}")
    return PROTOCOLS[protocol]


def _generator(p, seed):
    return LSTMGenerator(
        p.vocab_size,
        p.length,
        latent_dim=0,
        embedding_dim=p.hidden_dim,
        hidden_dim=p.hidden_dim,
        fixed_length=True,
        seed=seed,
    )


def _stem(protocol_name, seed):
    return f"seqgan_oracle_{protocol_name}_seed{seed}"


def _weights_path(folder, protocol_name, seed, phase):
    return Path(folder) / f"{_stem(protocol_name, seed)}_{phase}_weights.npz"


def _save_weights(model, path):
    # the weights alone, in `get_weights` order (no optimizer state, nothing built or drawn:
    # saving does not change the run)
    write_atomically(path, lambda file: np.savez(file, *model.get_weights()))


def run(protocol, seed=0, command=None, log=print, weights_dir=None):
    """Runs ``protocol`` (a `Protocol` or a name in `PROTOCOLS`); returns the results as a dict
    (``rows``: the oracle itself, its entropy; the random, MLE and SeqGAN generators;
    ``curve``: both NLLs and the mean reward over the adversarial steps). With ``weights_dir``
    the MLE and the final SeqGAN generator are saved there
    (``seqgan_oracle_<protocol>_seed<seed>_<MLE|SeqGAN>_weights.npz``, `get_weights` order)."""
    p = _protocol(protocol)
    start = time.perf_counter()
    set_seed(seed)
    oracle = make_oracle(p.vocab_size, p.length, p.hidden_dim, p.hidden_dim, seed=seed)
    train = oracle.sample(p.num_sequences, seed=seed + 1)
    held_out = oracle.sample(p.num_held_out, seed=seed + 2)
    generator = _generator(p, seed)
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
    if weights_dir is not None:
        _save_weights(generator, _weights_path(weights_dir, p.name, seed, "MLE"))

    discriminator = GRUDiscriminator(p.vocab_size, p.length, embedding_dim=64, hidden_dim=64)
    pretrain_rate = p.d_pretrain_learning_rate or p.d_learning_rate
    discriminator.compile(
        optimizer=keras.optimizers.Adam(pretrain_rate),
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
    discriminator.optimizer.learning_rate.assign(p.d_learning_rate)  # for the later rounds

    seqgan = SeqGAN(
        generator,
        discriminator,
        p.num_rollouts,
        p.rollout_update,
        constant_reward=p.constant_reward,
        seed=seed + 5,
    )
    seqgan.compile(
        g_optimizer=keras.optimizers.Adam(p.g_learning_rate, global_clipnorm=p.g_clipnorm),
        d_optimizer=keras.optimizers.Adam(p.d_learning_rate),
        d_steps=p.d_steps,  # SeqGAN's protocol: 0, and rounds of the discriminator's own fit
    )
    rng = np.random.default_rng(seed + 6)
    curve = [{"step": 0, **rows["MLE"], "reward": None}]
    timings["generator_step"] = 0.0
    for step in range(1, p.adversarial_steps + 1):
        batch = train[rng.choice(len(train), p.batch_size, replace=False)]
        clock = time.perf_counter()
        logs = seqgan.fit(batch, batch_size=p.batch_size, epochs=1, verbose=0).history
        timings["generator_step"] += (time.perf_counter() - clock) / p.adversarial_steps
        train_discriminator(p.d_rounds_per_step, 20_000 * (seed + 1) + 10 * step)
        if step % p.eval_every == 0 or step == p.adversarial_steps:
            point = _evaluate(oracle, generator, held_out, p, seed + 4)
            curve.append({"step": step, **point, "reward": logs["reward"][-1]})
            log(
                f"adversarial step {step}: NLL-oracle {point['nll_oracle']:.3f}, NLL-test "
                f"{point['nll_test']:.3f}, reward {logs['reward'][-1]:.3f}"
            )
    d_epochs = (p.d_pretrain_rounds + p.adversarial_steps * p.d_rounds_per_step) * p.d_epochs
    timings["d_epoch"] = d_seconds / d_epochs
    rows["SeqGAN"] = _evaluate(oracle, generator, held_out, p, seed + 4)
    log(f"after {p.adversarial_steps} adversarial steps: {rows['SeqGAN']}")
    if weights_dir is not None:
        _save_weights(generator, _weights_path(weights_dir, p.name, seed, "SeqGAN"))
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
        "discriminator_accuracy": accuracy,
        "curve": curve,
        "published": PUBLISHED,
    }


def estimated_seconds(timings, protocol="published"):
    """The training time (seconds) of ``protocol`` (a `Protocol` or a name) estimated from the
    per-phase ``timings`` of a run of the same sizes on the same machine (seconds per MLE epoch,
    per discriminator epoch, per generator step with its rollouts); evaluations not counted."""
    p = _protocol(protocol)
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
    """Writes ``out/seqgan_oracle_<protocol>_seed<seed>.json`` and ``.md`` (each written whole
    or not at all); returns both paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = _stem(results["protocol"]["name"], results["seed"])
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    write_atomically(
        json_path, lambda file: file.write((json.dumps(results, indent=1) + "\n").encode())
    )
    write_atomically(md_path, lambda file: file.write(to_markdown(results).encode()))
    return json_path, md_path


def load_results(protocol="quick", seed=0):
    """The results of ``protocol`` with ``seed`` that ship with the package (made by the command
    they name)."""
    name = f"{_stem(protocol, seed)}.json"
    with resources.as_file(resources.files("gan_tutorial.experiments") / "results" / name) as path:
        if not path.exists():
            raise FileNotFoundError(
                f"no shipped results for protocol {protocol!r}, seed {seed}: {path}"
            )
        return json.loads(path.read_text())


def load_generator(protocol="chapter", phase="SeqGAN", seed=0):
    """The generator that ``protocol``'s shipped run with ``seed`` saved after ``phase`` ("MLE"
    or "SeqGAN"), an `LSTMGenerator` with those weights."""
    p = _protocol(protocol)
    if phase not in ("MLE", "SeqGAN"):
        raise ValueError(f"phase must be 'MLE' or 'SeqGAN', got {phase!r}")
    generator = _generator(p, seed=0)
    generator.sample(1, seed=0)  # builds the weights
    name = _weights_path("", p.name, seed, phase).name
    with resources.as_file(resources.files("gan_tutorial.experiments") / "results" / name) as path:
        if not path.exists():
            raise FileNotFoundError(
                f"no shipped weights for protocol {p.name!r}, seed {seed}: {path}"
            )
        with np.load(path) as saved:
            generator.set_weights([saved[f"arr_{i}"] for i in range(len(saved.files))])
    return generator
