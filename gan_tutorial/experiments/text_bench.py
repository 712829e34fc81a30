"""The text recipe on three corpora (chapter 11):
``python -m gan_tutorial bench text [--protocol quick|full] [--seeds N] [--out DIR]``.

For every corpus and seed, `experiments.text.TextRecipe` trains what ``train text`` trains:

- ``MLE``: the generator by maximum likelihood (early stopping on held-out NLL);
- ``GAN``: its own MLE pretraining, then the Gumbel-softmax `TextGAN` (exact end-token gradient,
  the likelihood term);
- ``GAN-adversarial-only``: the control of the likelihood term: the same pretrained generator
  fine-tuned by the same `TextGAN` with ``likelihood_weight=0``;
- ``SeqGAN``: the MLE generator above, fine-tuned by SeqGAN's policy gradient;
- ``untrained``: the generator before any training, the floor of every measure.

Each is scored at several temperatures on samples against the held-out sentences: BLEU-2..5
(quality), Self-BLEU-3 and distinct-2 (diversity: lower Self-BLEU is more diverse), the
collapse measures, and the held-out NLL per token (the same at every temperature). Rows give
the mean and the spread (min..max) over seeds.

The corpora are the three kinds the recipe must serve: `english-words` letter by letter (one
word per line, at most 8 letters), WordNet's example sentences word by word (vocabulary 2,000,
sentences with rarer words skipped) and letter by letter (at most 32 characters). Each keeps one
train/held-out split (seed 0) for every training seed.

It also times a training step of each method at the word-level corpus's sizes and prints its
throughput in tokens per second, as a ratio to the MLE step timed in the same run.

The ``quick`` protocol (600 MLE steps at most, 200 GAN steps, 20 SeqGAN steps) runs on a CPU in
about an hour for 3 seeds; its results ship with the package (`load_results`). ``full`` is the
recipe's defaults (4,000 MLE steps at most, 2,000 GAN steps, 300 SeqGAN steps): a GPU run.
``smoke`` checks the command in a minute and measures nothing.
"""

import dataclasses
import datetime
import json
import platform
import time
from importlib import resources
from pathlib import Path

import numpy as np

from gan_tutorial import metrics
from gan_tutorial.callbacks import TemperatureAnnealing
from gan_tutorial.experiments.text import TextRecipe, id_batches, load_text, sentence_measures
from gan_tutorial.files import write_atomically
from gan_tutorial.seeding import set_seed

__all__ = [
    "CORPORA",
    "METHODS",
    "PROTOCOLS",
    "Protocol",
    "load_results",
    "run",
    "throughput",
    "to_markdown",
    "write",
]

# name -> the arguments of `experiments.text.load_text`
CORPORA = {
    "words-char": dict(
        corpus="english-words", level="char", unit="line", vocab_size=100, max_length=9
    ),
    "wordnet-word": dict(
        corpus="wordnet", level="word", vocab_size=2000, max_length=16, unknown="skip"
    ),
    "wordnet-char": dict(corpus="wordnet", level="char", vocab_size=100, max_length=32),
}
METHODS = ("MLE", "GAN", "GAN-adversarial-only", "SeqGAN")
MEASURES = ("bleu_2", "bleu_3", "bleu_4", "bleu_5", "self_bleu_3", "distinct_2", "empty")
MEASURES += ("distinct", "length_distance", "mean_length", "reference_mean_length")


@dataclasses.dataclass(frozen=True)
class Protocol:
    """The budgets of one run of the benchmark."""

    name: str
    mle_steps: int = 4000  # at most (early stopping)
    mle_epoch_steps: int = 200
    gan_steps: int = 2000
    seqgan_steps: int = 300
    num_samples: int = 1000  # per temperature
    max_references: int = 2000
    temperatures: tuple = (0.7, 0.85, 1.0)
    throughput_steps: int = 50
    throughput_corpus: str = "wordnet-word"  # whose sizes the steps are timed at
    seqgan_pretrain_sentences: int | None = None  # the discriminator's pretraining data (None: all)


PROTOCOLS = {
    "full": Protocol("full"),
    "quick": Protocol("quick", mle_steps=600, gan_steps=200, seqgan_steps=20, num_samples=500),
    # checks the command in seconds; measures nothing
    "smoke": Protocol(
        "smoke",
        mle_steps=10,
        gan_steps=2,
        seqgan_steps=1,
        num_samples=20,
        temperatures=(1.0,),
        throughput_steps=2,
        throughput_corpus="words-char",
        seqgan_pretrain_sentences=256,
    ),
}


def _protocol(protocol):
    if isinstance(protocol, Protocol):
        return protocol
    if protocol not in PROTOCOLS:
        raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}, got {protocol!r}")
    return PROTOCOLS[protocol]


def _scores(generator, corpus, references, p, seed):
    """NLL and the measures at each temperature of ``generator`` on ``corpus``."""
    TextRecipe().compile_mle(generator)  # for evaluate; nothing is trained
    nll = float(generator.evaluate(corpus.held_out_ids, batch_size=512, verbose=0))
    vocab = corpus.vocab
    scores = {}
    for temperature in p.temperatures:
        ids = generator.sample(p.num_samples, temperature, seed=seed)
        samples = metrics.sequences_from_ids(ids, vocab.end_id, vocab.pad_id)
        measures = sentence_measures(samples, references, p.max_references)
        scores[str(temperature)] = {k: measures[k] for k in MEASURES} | {
            "nll": nll,
            "examples": vocab.decode_batch(ids[:5]),
        }
    return scores


def run_one(corpus_name, seed, protocol="quick", methods=METHODS, log=print):
    """Trains ``methods`` on one corpus with one seed; returns ``{method: {temperature:
    measures}}`` (also for ``"untrained"``: the generator before training) and the seconds each
    took."""
    p = _protocol(protocol)
    recipe = TextRecipe(mle_epoch_steps=min(p.mle_epoch_steps, p.mle_steps))
    corpus, _ = load_text(seed=0, **CORPORA[corpus_name])
    size, length = len(corpus.vocab), corpus.max_length
    vocab = corpus.vocab
    references = metrics.sequences_from_ids(corpus.held_out_ids, vocab.end_id, vocab.pad_id)
    rows, seconds = {}, {}
    set_seed(seed)
    untrained = recipe.generator(size, length, "mle", seed)
    rows["untrained"] = _scores(untrained, corpus, references, p, seed + 1)
    if "MLE" in methods or "SeqGAN" in methods:
        clock = time.perf_counter()
        mle = recipe.generator(size, length, "mle", seed)
        mle.set_weights(untrained.get_weights())
        recipe.pretrain(mle, corpus.train_ids, corpus.held_out_ids, seed, p.mle_steps)
        seconds["MLE"] = time.perf_counter() - clock
        if "MLE" in methods:
            rows["MLE"] = _scores(mle, corpus, references, p, seed + 1)
            log(f"{corpus_name} seed {seed} MLE: {_brief(rows['MLE'])}")
        if "SeqGAN" in methods:
            clock = time.perf_counter()
            generator = recipe.generator(size, length, "seqgan", seed)
            generator.set_weights(mle.get_weights())
            seqgan = recipe.seqgan(generator, corpus.train_ids[: p.seqgan_pretrain_sentences], seed)
            batches = id_batches(corpus.train_ids, recipe.batch_size, seed)
            seqgan.fit(batches, epochs=1, steps_per_epoch=p.seqgan_steps, verbose=0)
            seconds["SeqGAN"] = time.perf_counter() - clock
            rows["SeqGAN"] = _scores(generator, corpus, references, p, seed + 1)
            log(f"{corpus_name} seed {seed} SeqGAN: {_brief(rows['SeqGAN'])}")
    adversarial = [m for m in ("GAN", "GAN-adversarial-only") if m in methods]
    if adversarial:
        clock = time.perf_counter()
        pretrained = recipe.generator(size, length, "gan", seed)
        recipe.pretrain(pretrained, corpus.train_ids, corpus.held_out_ids, seed, p.mle_steps)
        pretraining = time.perf_counter() - clock
    for method in adversarial:
        clock = time.perf_counter()
        weight = recipe.gan_likelihood_weight if method == "GAN" else 0.0
        variant = dataclasses.replace(recipe, gan_likelihood_weight=weight)
        generator = recipe.generator(size, length, "gan", seed)
        generator.set_weights(pretrained.get_weights())
        gan = variant.gan(generator, seed)
        batches = id_batches(corpus.train_ids, recipe.batch_size, seed, size)
        annealing = TemperatureAnnealing(recipe.beta_max, p.gan_steps)
        gan.fit(batches, epochs=1, steps_per_epoch=p.gan_steps, callbacks=[annealing], verbose=0)
        seconds[method] = pretraining + time.perf_counter() - clock
        rows[method] = _scores(generator, corpus, references, p, seed + 1)
        log(f"{corpus_name} seed {seed} {method}: {_brief(rows[method])}")
    return rows, seconds


def _brief(scores):
    return (
        ", ".join(
            f"T={t}: BLEU-3 {s['bleu_3']:.3f} Self-BLEU-3 {s['self_bleu_3']:.3f}"
            for t, s in scores.items()
        )
        + f", NLL {next(iter(scores.values()))['nll']:.3f}"
    )


def throughput(corpus_name="wordnet-word", steps=50, repeats=2, seed=0):
    """Training tokens per second of one step of each method at ``corpus_name``'s sizes (the
    recipe's batch), each the fastest of ``repeats`` timings of ``steps`` steps after a warm-up,
    and their ratios to the MLE step's."""
    recipe = TextRecipe()
    corpus, _ = load_text(seed=0, **CORPORA[corpus_name])
    size, length = len(corpus.vocab), corpus.max_length
    set_seed(seed)

    def mle():
        model = recipe.compile_mle(recipe.generator(size, length, "mle", seed), 1)
        return model, id_batches(corpus.train_ids, recipe.mle_batch_size, seed)

    def gan():
        model = recipe.gan(recipe.generator(size, length, "gan", seed), seed, 1)
        return model, id_batches(corpus.train_ids, recipe.batch_size, seed, size)

    def seqgan():
        generator = recipe.generator(size, length, "seqgan", seed)
        return recipe.seqgan(generator, corpus.train_ids[:512], seed), id_batches(
            corpus.train_ids, recipe.batch_size, seed
        )

    per_second = {}
    for name, make in (("MLE", mle), ("GAN", gan), ("SeqGAN", seqgan)):
        model, batches = make()
        model.fit(batches, epochs=1, steps_per_epoch=2, verbose=0)  # traces the step
        timings = []
        for _ in range(repeats):
            clock = time.perf_counter()
            model.fit(batches, epochs=1, steps_per_epoch=steps, verbose=0)
            timings.append(time.perf_counter() - clock)
        per_second[name] = recipe.batch_size * length * steps / min(timings)
    return {
        "corpus": corpus_name,
        "vocab_size": size,
        "max_length": length,
        "batch_size": recipe.batch_size,
        "steps": steps,
        "tokens_per_second": per_second,
        "ratio_to_mle": {name: rate / per_second["MLE"] for name, rate in per_second.items()},
    }


def _summary(values):
    values = [float(v) for v in values]
    return {"mean": float(np.mean(values)), "min": min(values), "max": max(values)}


def run(
    protocol="quick", seeds=3, corpora=tuple(CORPORA), methods=METHODS, command=None, log=print
):
    """Runs the benchmark; returns the results (``runs``: every corpus, seed and method;
    ``table``: per corpus, method and temperature, each measure's mean, min and max over seeds;
    ``throughput``)."""
    p = _protocol(protocol)
    start = time.perf_counter()
    runs, seconds = {}, {}
    for corpus_name in corpora:
        for seed in range(seeds):
            rows, took = run_one(corpus_name, seed, p, methods, log)
            runs[f"{corpus_name}/{seed}"] = rows
            seconds[f"{corpus_name}/{seed}"] = took
    table = {}
    for corpus_name in corpora:
        for method in ("untrained", *methods):
            for temperature in p.temperatures:
                scores = [
                    runs[f"{corpus_name}/{s}"][method][str(temperature)] for s in range(seeds)
                ]
                table[f"{corpus_name}/{method}/{temperature}"] = {
                    k: _summary([s[k] for s in scores]) for k in (*MEASURES, "nll")
                }
    log("timing the steps")
    speed = throughput(p.throughput_corpus, steps=p.throughput_steps)
    return {
        "command": command,
        "protocol": dataclasses.asdict(p),
        "corpora": {name: CORPORA[name] for name in corpora},
        "seeds": seeds,
        "runs": runs,
        "seconds_per_run": seconds,
        "table": table,
        "throughput": speed,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "seconds": time.perf_counter() - start,
    }


def to_markdown(results):
    """The table (mean and min..max over seeds) and the throughput, as Markdown."""
    p = results["protocol"]
    lines = [
        f"Text recipe benchmark, protocol `{p['name']}`, {results['seeds']} seeds: "
        f"`{results['command']}` ({results['date']}, {results['seconds'] / 60:.0f} min)",
        "",
        "| corpus | method | T | BLEU-3 | BLEU-5 | Self-BLEU-3 | distinct-2 | NLL | empty | "
        "length distance |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def cell(summary, digits=3, scale=1.0):
        m, lo, hi = (summary[k] * scale for k in ("mean", "min", "max"))
        return f"{m:.{digits}f} ({lo:.{digits}f}..{hi:.{digits}f})"

    for key, row in results["table"].items():
        corpus_name, method, temperature = key.split("/")
        lines.append(
            f"| {corpus_name} | {method} | {temperature} | {cell(row['bleu_3'])} | "
            f"{cell(row['bleu_5'])} | {cell(row['self_bleu_3'])} | {cell(row['distinct_2'])} | "
            f"{cell(row['nll'])} | {cell(row['empty'], 1, 100)}% | "
            f"{cell(row['length_distance'], 2)} |"
        )
    speed = results["throughput"]
    lines += [
        "",
        f"Training throughput at {speed['corpus']}'s sizes (vocabulary {speed['vocab_size']}, "
        f"length {speed['max_length']}, batch {speed['batch_size']}), on {results['machine']}:",
        "",
        "| step | tokens / s | ratio to MLE |",
        "|---|---|---|",
    ]
    for name, rate in speed["tokens_per_second"].items():
        lines.append(f"| {name} | {rate:,.0f} | {speed['ratio_to_mle'][name]:.3f} |")
    return "\n".join(lines) + "\n"


def write(results, out):
    """Writes ``out/text_<protocol>.json`` and ``.md`` (each written whole or not at all);
    returns both paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"text_{results['protocol']['name']}"
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    text = json.dumps(results, indent=1) + "\n"
    write_atomically(json_path, lambda file: file.write(text.encode()))
    write_atomically(md_path, lambda file: file.write(to_markdown(results).encode()))
    return json_path, md_path


def load_results(protocol="quick"):
    """The results of ``protocol`` that ship with the package (made by the command they name)."""
    name = f"text_{protocol}.json"
    with resources.as_file(resources.files("gan_tutorial.experiments") / "results" / name) as path:
        if not path.exists():
            raise FileNotFoundError(f"no shipped results for protocol {protocol!r}: {path}")
        return json.loads(path.read_text())
