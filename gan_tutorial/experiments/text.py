"""Text GANs on any text: one recipe for every corpus, and the runner of

    python -m gan_tutorial train text --corpus PATH_OR_URL [--level word|char]
        [--method gan|seqgan|mle] [--vocab-size N] [--max-length T] [--steps N] [--out DIR]

The recipe (`TextRecipe`): an LSTM generator pretrained by maximum likelihood, then, for
``method="gan"``, fine-tuned against a GRU discriminator through the straight-through
Gumbel-softmax with exact gradients for the end token (`TextGAN`, chapter 6), or for
``"seqgan"`` by SeqGAN's policy gradient with a pretrained discriminator (chapter 7);
``"mle"`` is the pretraining alone, the baseline every text GAN must beat. The same defaults
serve every corpus; nothing is tuned per corpus.

A run folder holds what `runner.fit_resumable` writes (checkpoint, TensorBoard logs,
``history.csv``) and:

    out/vocab.json          the vocabulary and how the corpus was prepared (a resumed run checks
                            that its corpus gives the same one)
    out/samples/            50 samples at every checkpoint, with the measures in the logs
    out/metrics.json        held-out NLL, BLEU, Self-BLEU, distinct-n and the collapse measures at
                            several temperatures, and the command that made them
"""

import dataclasses
import hashlib
import json
import time
from pathlib import Path

import keras
import numpy as np

from gan_tutorial import arguments, data, metrics
from gan_tutorial.experiments.runner import (
    UsageError,
    fit_resumable,
    plan_epochs,
    steps_done,
    write_metrics,
)
from gan_tutorial.files import write_atomically
from gan_tutorial.models import GRUDiscriminator, LSTMGenerator
from gan_tutorial.seeding import set_seed
from gan_tutorial.seqgan import SeqGAN, negatives
from gan_tutorial.text_gan import TextGAN

__all__ = [
    "BUILTIN_CORPORA",
    "METHODS",
    "TextRecipe",
    "TextSamples",
    "load_text",
    "sentence_measures",
    "train_text",
]

METHODS = ("gan", "seqgan", "mle")
TEMPERATURES = (0.7, 1.0)


def _wordnet():
    return data.wordnet_examples()


def _english_words():
    train, held, _ = data.english_words(3, 8, held_out=0.1)
    return sorted(train + held)


# the book's corpora, by name: a list of sentences (or words) each
BUILTIN_CORPORA = {"wordnet": _wordnet, "english-words": _english_words}


@dataclasses.dataclass(frozen=True)
class TextRecipe:
    """The defaults of the text recipe, the same for every corpus and level.

    Sizes: ``embedding_dim`` and ``hidden_dim`` for both networks; ``latent_dim`` of the
    Gumbel-softmax GAN's generator (SeqGAN's and MLE's write with no noise, as a language
    model does). Maximum likelihood: Adam at ``mle_learning_rate`` on batches of
    ``mle_batch_size``, at most ``mle_steps`` steps, stopped when the held-out NLL has not
    improved for ``mle_patience`` epochs of ``mle_epoch_steps`` (a small corpus is not overfit,
    a large one not cut short). The GAN: Adam(``gan_learning_rate``, beta_1 0.5) for both
    players, batches of ``batch_size``, the temperature annealed from 1 to ``1 / beta_max``, and
    the real batch's likelihood in the generator's loss with weight ``gan_likelihood_weight``
    (`TextGAN`: without it, sentences written letter by letter shorten).
    SeqGAN: Adam(``seqgan_learning_rate``, clipnorm 5) for the policy (a tenth of chapter 7's
    oracle setting: at 1e-3, 20 steps lost held-out likelihood on every corpus of the text
    benchmark and shortened sentences written letter by letter), ``num_rollouts`` completions
    per prefix, a baseline, the discriminator pretrained for ``d_pretrain_epochs`` on real
    against generated text.
    """

    embedding_dim: int = 64
    hidden_dim: int = 128
    latent_dim: int = 16
    mle_steps: int = 4000
    mle_epoch_steps: int = 200
    mle_patience: int = 2
    mle_batch_size: int = 64
    mle_learning_rate: float = 3e-3
    batch_size: int = 64
    gan_learning_rate: float = 1e-4
    beta_max: float = 100.0
    gan_likelihood_weight: float = 1.0
    seqgan_learning_rate: float = 1e-4
    num_rollouts: int = 8
    d_pretrain_epochs: int = 2

    def generator(self, vocab_size, max_length, method, seed):
        """A new `LSTMGenerator` for ``method``."""
        return LSTMGenerator(
            vocab_size,
            max_length,
            latent_dim=self.latent_dim if method == "gan" else 0,
            embedding_dim=self.embedding_dim,
            hidden_dim=self.hidden_dim,
            straight_through=True,
            seed=seed,
        )

    def discriminator(self, vocab_size, max_length):
        return GRUDiscriminator(vocab_size, max_length, self.embedding_dim, self.hidden_dim)

    def compile_mle(self, generator, steps_per_execution=50):
        generator.compile(
            optimizer=keras.optimizers.Adam(self.mle_learning_rate),
            steps_per_execution=steps_per_execution,
        )
        return generator

    def pretrain(self, generator, ids, held_out_ids, seed, steps=None, verbose=0):
        """Maximum likelihood on ``ids`` for at most ``steps`` (default ``mle_steps``) batches,
        in epochs of ``mle_epoch_steps``, stopped when the held-out NLL has not improved for
        ``mle_patience`` epochs (the best weights are kept). Returns the Keras history."""
        steps = self.mle_steps if steps is None else int(steps)
        per_epoch = min(self.mle_epoch_steps, steps)
        self.compile_mle(generator, steps_per_execution=_divisor(50, per_epoch))
        stop = keras.callbacks.EarlyStopping(
            monitor="val_nll", mode="min", patience=self.mle_patience, restore_best_weights=True
        )
        return generator.fit(
            id_batches(ids, self.mle_batch_size, seed),
            epochs=max(1, steps // per_epoch),
            steps_per_epoch=per_epoch,
            validation_data=(held_out_ids,),
            validation_batch_size=512,
            callbacks=[stop],
            shuffle=False,  # the dataset shuffles itself
            verbose=verbose,
        )

    def gan(self, generator, seed, steps_per_execution=25):
        """The Gumbel-softmax GAN (`TextGAN`: exact end-token gradients, the likelihood term)
        around ``generator``, compiled."""
        discriminator = self.discriminator(generator.vocab_size, generator.max_length)
        gan = TextGAN(
            generator, discriminator, likelihood_weight=self.gan_likelihood_weight, seed=seed
        )
        gan.compile(
            d_optimizer=keras.optimizers.Adam(self.gan_learning_rate, beta_1=0.5),
            g_optimizer=keras.optimizers.Adam(self.gan_learning_rate, beta_1=0.5),
            steps_per_execution=steps_per_execution,
        )
        return gan

    def seqgan(self, generator, ids, seed, steps_per_execution=1):
        """SeqGAN around ``generator``, its discriminator pretrained on ``ids`` against the
        generator's samples, compiled."""
        discriminator = self.discriminator(generator.vocab_size, generator.max_length)
        discriminator.compile(
            optimizer=keras.optimizers.Adam(1e-3),
            loss=keras.losses.BinaryCrossentropy(from_logits=True),
        )
        pairs, labels = negatives(generator, ids, seed=seed)
        discriminator.fit(
            pairs, labels, batch_size=self.batch_size, epochs=self.d_pretrain_epochs, verbose=0
        )
        gan = SeqGAN(generator, discriminator, self.num_rollouts, baseline=True, seed=seed)
        gan.compile(
            g_optimizer=keras.optimizers.Adam(self.seqgan_learning_rate, global_clipnorm=5.0),
            d_optimizer=keras.optimizers.Adam(1e-4),
            steps_per_execution=steps_per_execution,
        )
        return gan


def id_batches(ids, batch_size, seed, one_hot_size=None):
    """An endless, shuffled `tf.data.Dataset` of batches of ``ids`` ``(batch_size, T)`` (one-hot
    ``(batch_size, T, one_hot_size)`` if given)."""
    if one_hot_size is not None:
        return data.one_hot_dataset(ids, one_hot_size, batch_size, seed=seed, repeat=True)
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices(np.asarray(ids, np.int32))
    ds = ds.shuffle(len(ids), seed=seed).repeat()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


def load_text(
    corpus,
    level="word",
    unit="sentence",
    vocab_size=5000,
    max_length=32,
    lowercase=True,
    sha256=None,
    min_sentences=100,
    seed=0,
    unknown="keep",
):
    """``(Corpus, source)``: a book corpus by name (`BUILTIN_CORPORA`), or a text file or
    ``http(s)`` URL (`data.load_corpus`), split and encoded by `data.prepare_corpus`. Every
    problem with the input raises `UsageError`, naming the corpus and what was wrong."""
    corpus = str(corpus)
    if level not in ("word", "char"):
        raise UsageError(f"--level must be word or char, got {level!r}")
    if unit not in ("sentence", "line"):
        raise UsageError(f"--unit must be sentence or line, got {unit!r}")
    if not isinstance(lowercase, bool):
        raise TypeError(f"lowercase must be True or False, got {lowercase!r}")
    try:
        if corpus in BUILTIN_CORPORA and not Path(corpus).exists():
            text, source = BUILTIN_CORPORA[corpus](), {"name": corpus}
        else:
            text = data.load_corpus(corpus, sha256=sha256)
            # the file's checksum (UTF-8 decodes and encodes back byte for byte)
            source = {"path_or_url": corpus, "sha256": hashlib.sha256(text.encode()).hexdigest()}
        prepared = data.prepare_corpus(
            text,
            level=level,
            unit=unit,
            vocab_size=vocab_size,
            max_length=max_length,
            lowercase=lowercase,
            min_sentences=min_sentences,
            seed=seed,
            unknown=unknown,
        )
    except (OSError, TypeError, ValueError) as error:
        raise UsageError(f"--corpus {corpus}: {error}") from None
    return prepared, source


def _count(option, value):
    """``value`` as an int >= 1, or a `UsageError` naming ``option``."""
    try:
        return arguments.integer(option, value)
    except (TypeError, ValueError) as error:
        raise UsageError(str(error)) from None


def sentence_measures(samples, references, max_references=2000):
    """The measures of generated token sequences against real ones (lists of token lists):
    BLEU-2..5 against ``references`` (the first ``max_references``), Self-BLEU-2..5,
    distinct-1..3 and `metrics.collapse_report`."""
    references = references[: arguments.integer("max_references", max_references)]
    report = {f"bleu_{n}": metrics.bleu(samples, references, n) for n in (2, 3, 4, 5)}
    report |= {f"self_bleu_{n}": metrics.self_bleu(samples, n) for n in (2, 3, 4, 5)}
    report |= {f"distinct_{n}": metrics.distinct_n(samples, n) for n in (1, 2, 3)}
    return report | metrics.collapse_report(samples, references)


class TextSamples(keras.callbacks.Callback):
    """After every epoch: ``num_samples`` samples of the generator at temperature 1, their
    collapse measures and BLEU-3 added to the logs, and the first 50 written to
    ``folder/step_0001000.txt``. Works for an `LSTMGenerator` trained alone or inside a GAN."""

    def __init__(self, vocab, references, folder, num_samples=500, seed=0):
        super().__init__()
        self.vocab, self.references = vocab, references
        self.folder, self.seed = Path(folder), seed
        self.num_samples = arguments.integer("num_samples", num_samples)

    def on_epoch_end(self, epoch, logs=None):
        generator = getattr(self.model, "generator", self.model)
        ids = generator.sample(self.num_samples, 1.0, seed=self.seed)
        samples = metrics.sequences_from_ids(ids, self.vocab.end_id, self.vocab.pad_id)
        report = metrics.collapse_report(samples, self.references)
        report["bleu_3"] = metrics.bleu(samples[:200], self.references[:2000], 3)
        if logs is not None:
            logs.update(report)
        step = steps_done(self.model)
        text = "\n".join(self.vocab.decode_batch(ids[:50])) + "\n"
        write_atomically(self.folder / f"step_{step:07d}.txt", lambda f: f.write(text.encode()))


def _vocab_record(corpus, source, settings):
    return {
        "source": source,
        "settings": settings,
        "tokens": corpus.vocab.tokens,
        "report": corpus.report,
    }


def _check_same_run(out, record):
    """A run folder holds one run: a second run must bring the same corpus and settings."""
    path = Path(out) / "vocab.json"
    if not path.exists():
        return
    saved = json.loads(path.read_text())
    if saved.get("settings") != record["settings"]:
        raise UsageError(
            f"--out {out} holds another run ({saved.get('settings')}), not this one "
            f"({record['settings']}): resume it with its own settings, or pass another --out"
        )
    if saved.get("tokens") != record["tokens"]:
        raise UsageError(
            f"--out {out} holds a run on another corpus (its vocabulary differs): resume it "
            "with its own --corpus, or pass another --out"
        )


def train_text(
    corpus="wordnet",
    level="word",
    method="gan",
    vocab_size=5000,
    max_length=32,
    steps=None,
    mle_steps=None,
    unit="sentence",
    lowercase=True,
    unknown="keep",
    sha256=None,
    out="runs/text",
    log_every=500,
    seed=0,
    recipe=None,
    num_eval_samples=1000,
    verbose=2,
    command=None,
):
    """Trains the text recipe on ``corpus`` (see `load_text`) and returns the dict written to
    ``out/metrics.json``. ``method``: ``"gan"``, ``"seqgan"`` or ``"mle"``. ``steps``: the
    adversarial steps (default 2000 for the GAN, 300 for SeqGAN), or for ``"mle"`` the
    maximum-likelihood steps (default ``recipe.mle_steps``); ``mle_steps``: the pretraining of
    the adversarial methods (default ``recipe.mle_steps``). A second run into ``out`` resumes
    the first (it must bring the same corpus and settings)."""
    recipe = TextRecipe() if recipe is None else recipe
    if not isinstance(recipe, TextRecipe):
        raise TypeError(f"recipe must be a TextRecipe, got {recipe!r}")
    if method not in METHODS:
        raise UsageError(f"--method must be one of {', '.join(METHODS)}, got {method!r}")
    default_steps = {"gan": 2000, "seqgan": 300, "mle": recipe.mle_steps}[method]
    steps = _count("--steps", default_steps if steps is None else steps)
    mle_steps = _count("--mle-steps", recipe.mle_steps if mle_steps is None else mle_steps)
    num_eval_samples = _count("num_eval_samples", num_eval_samples)
    log_every = min(_count("--log-every", log_every), steps)
    plan_epochs(steps, log_every)  # checks the arguments before any work
    prepared, source = load_text(
        corpus, level, unit, vocab_size, max_length, lowercase, sha256, seed=seed, unknown=unknown
    )
    settings = {
        "level": level,
        "unit": unit,
        "method": method,
        "vocab_size": vocab_size,
        "max_length": max_length,
        "lowercase": lowercase,
        "unknown": unknown,
        "seed": seed,
        "mle_steps": mle_steps if method != "mle" else None,
    }
    record = _vocab_record(prepared, source, settings)
    if Path(out).exists() and not Path(out).is_dir():
        raise UsageError(f"--out {out} is a file; it must be a folder (new, or a run's)")
    _check_same_run(out, record)
    out = Path(out)
    text = json.dumps(record, indent=1) + "\n"
    write_atomically(out / "vocab.json", lambda f: f.write(text.encode()))

    set_seed(seed)
    vocab, size, length = prepared.vocab, len(prepared.vocab), prepared.max_length
    references = metrics.sequences_from_ids(prepared.held_out_ids, vocab.end_id, vocab.pad_id)

    def build():
        generator = recipe.generator(size, length, method, seed)
        if method == "mle":
            return recipe.compile_mle(generator, steps_per_execution=_divisor(50, log_every))
        recipe.pretrain(
            generator, prepared.train_ids, prepared.held_out_ids, seed, mle_steps, verbose
        )
        if method == "gan":
            return recipe.gan(generator, seed, steps_per_execution=_divisor(25, log_every))
        return recipe.seqgan(generator, prepared.train_ids, seed)

    def make_data(done):
        if method == "mle":
            return id_batches(prepared.train_ids, recipe.mle_batch_size, seed + done)
        one_hot = size if method == "gan" else None
        return id_batches(prepared.train_ids, recipe.batch_size, seed + done, one_hot)

    callbacks = [TextSamples(vocab, references, out / "samples", seed=seed + 1)]
    if method == "gan":
        from gan_tutorial.callbacks import TemperatureAnnealing

        callbacks.insert(0, TemperatureAnnealing(recipe.beta_max, steps))
    start = time.perf_counter()
    model, resumed_from, _ = fit_resumable(
        build, make_data, out, steps, log_every, callbacks, verbose, {"preset": "text", **settings}
    )
    done = steps_done(model)
    generator = getattr(model, "generator", model)
    if generator is not model:
        recipe.compile_mle(generator)  # for evaluate; nothing is trained
    nll = float(generator.evaluate(prepared.held_out_ids, batch_size=512, verbose=0))
    by_temperature = {}
    for temperature in TEMPERATURES:
        ids = generator.sample(num_eval_samples, temperature, seed=seed + 2)
        samples = metrics.sequences_from_ids(ids, vocab.end_id, vocab.pad_id)
        by_temperature[str(temperature)] = sentence_measures(samples, references) | {
            "examples": vocab.decode_batch(ids[:10])
        }
    return write_metrics(
        out,
        {
            "command": command,
            "preset": "text",
            "corpus": source,
            "settings": settings,
            "corpus_report": prepared.report,
            "steps": done,
            "resumed_from": resumed_from,
            "held_out_nll": nll,
            "seconds": round(time.perf_counter() - start, 2),
            "num_eval_samples": num_eval_samples,
            "by_temperature": by_temperature,
        },
    )


def _divisor(preferred, log_every):
    """The largest divisor of ``log_every`` up to ``preferred`` (steps per execution that end
    every epoch on time)."""
    return max(d for d in range(1, preferred + 1) if log_every % d == 0)
