"""Measures for generated text. Words: how many are real, new, copied, distinct, and how close
their character n-gram statistics are to held-out words. Token sequences (sentences): distinct
n-grams, the distance between length distributions, and the signs of a collapse (empty or
one-token samples); BLEU and Self-BLEU are in `bleu`."""

import math
import reprlib
from collections import Counter

import numpy as np

from gan_tutorial import arguments

__all__ = [
    "char_ngrams",
    "ngram_jsd",
    "word_report",
    "sequences_from_ids",
    "distinct_n",
    "length_distance",
    "collapse_report",
]


def _as_words(name, words):
    if isinstance(words, (str, bytes)):
        raise TypeError(
            f"{name} must be a list of strings, got the string {words[:30]!r} (wrap it in a list)"
        )
    words = list(words)
    wrong = [w for w in words if not isinstance(w, str)]
    if wrong:
        raise TypeError(f"{name} must be a list of strings, got {wrong[0]!r} among them")
    return words


def char_ngrams(words, n=3):
    """Counts of the character n-grams of ``words``, each padded with ``^`` at the start and
    ``$`` at the end (so "at" gives ^a, at, t$ for n = 2)."""
    n = arguments.integer("n", n)
    counts = Counter()
    for word in _as_words("words", words):
        padded = "^" * (n - 1) + word + "$"
        counts.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return counts


def ngram_jsd(words_a, words_b, n=3):
    """Jensen-Shannon divergence (nats, 0 to log 2) between the character n-gram distributions
    of two lists of words."""
    words_a, words_b = _as_words("words_a", words_a), _as_words("words_b", words_b)
    a, b = char_ngrams(words_a, n), char_ngrams(words_b, n)
    total_a, total_b = sum(a.values()), sum(b.values())
    if total_a == 0 or total_b == 0:
        raise ValueError("both word lists must contain at least one word")
    jsd = 0.0
    for gram in a.keys() | b.keys():
        p, q = a[gram] / total_a, b[gram] / total_b
        m = 0.5 * (p + q)
        if p > 0:
            jsd += 0.5 * p * math.log(p / m)
        if q > 0:
            jsd += 0.5 * q * math.log(q / m)
    return jsd


def word_report(samples, dictionary, train_words, held_out_words, n=3):
    """For generated strings ``samples``:

    - ``real``: fraction that are words of ``dictionary``;
    - ``new_real``: fraction that are held-out words (real words the model never saw);
    - ``copied``: fraction that are training words;
    - ``distinct``: distinct samples / samples;
    - ``ngram_jsd``: `ngram_jsd` of the non-empty samples to the held-out words.
    """
    n = arguments.integer("n", n)
    samples = _as_words("samples", samples)
    if not samples:
        raise ValueError("samples is empty")
    held_out_words = _as_words("held_out_words", held_out_words)
    dictionary = set(_as_words("dictionary", dictionary))
    train, held = set(_as_words("train_words", train_words)), set(held_out_words)
    count = len(samples)
    non_empty = [s for s in samples if s]
    return {
        "real": sum(s in dictionary for s in samples) / count,
        "new_real": sum(s in held for s in samples) / count,
        "copied": sum(s in train for s in samples) / count,
        "distinct": len(set(samples)) / count,
        "ngram_jsd": ngram_jsd(non_empty, held_out_words, n) if non_empty else math.log(2),
    }


def sequences_from_ids(ids, end_id, pad_id):
    """The token sequences of an id array ``(n, length)``: each row up to its first END or PAD,
    as a list of ints (what BLEU and the measures below take)."""
    ids = np.asarray(ids)
    if ids.ndim != 2:
        raise ValueError(f"ids must be an array (n, length), got shape {ids.shape}")
    sequences = []
    for row in ids.tolist():
        stops = [i for i, token in enumerate(row) if token in (end_id, pad_id)]
        sequences.append(row[: stops[0]] if stops else row)
    return sequences


def _as_sequences(name, sequences):
    if isinstance(sequences, (str, bytes)):
        raise TypeError(
            f"{name} must be a list of token sequences, got the string {sequences[:30]!r} "
            "(split it into tokens and wrap it in a list)"
        )
    try:
        as_lists = [list(s) for s in sequences]
        hash(tuple(map(tuple, as_lists)))
    except TypeError:
        raise TypeError(
            f"{name} must be a list of token sequences, each a list of hashable tokens (ints, "
            f"strings), got {reprlib.repr(sequences)}"
        ) from None
    sequences = as_lists
    if not sequences:
        raise ValueError(f"{name} is empty: need at least one sequence")
    return sequences


def distinct_n(sequences, n=2):
    """Distinct n-grams over all the n-grams of ``sequences`` (token lists), in [0, 1]: 1 when no
    n-gram repeats anywhere, near 0 when the samples repeat each other (Li et al. 2016). 0 if
    no sequence has n tokens."""
    n = arguments.integer("n", n)
    grams = Counter()
    for sequence in _as_sequences("sequences", sequences):
        grams.update(tuple(sequence[i : i + n]) for i in range(len(sequence) - n + 1))
    total = sum(grams.values())
    return len(grams) / total if total else 0.0


def length_distance(samples, references):
    """The total variation distance between the length distributions of two sets of sequences,
    in [0, 1]: 0 when every length is as common among the samples as among the references, 1
    when they share no length."""
    a = Counter(len(s) for s in _as_sequences("samples", samples))
    b = Counter(len(s) for s in _as_sequences("references", references))
    na, nb = sum(a.values()), sum(b.values())
    return 0.5 * sum(abs(a[k] / na - b[k] / nb) for k in a.keys() | b.keys())


def collapse_report(samples, references):
    """The signs of a text generator's collapse, for token sequences ``samples`` against real
    ``references``:

    - ``empty``, ``one_token``: shares of samples with no token (END first) or one token;
    - ``distinct``: distinct samples / samples;
    - ``length_distance``: `length_distance` to the references;
    - ``mean_length``, ``reference_mean_length``: mean tokens per sequence.
    """
    samples = _as_sequences("samples", samples)
    references = _as_sequences("references", references)
    lengths = [len(s) for s in samples]
    return {
        "empty": sum(n == 0 for n in lengths) / len(samples),
        "one_token": sum(n == 1 for n in lengths) / len(samples),
        "distinct": len({tuple(s) for s in samples}) / len(samples),
        "length_distance": length_distance(samples, references),
        "mean_length": float(np.mean(lengths)),
        "reference_mean_length": float(np.mean([len(s) for s in references])),
    }
