"""Measures for generated words: how many are real, new, copied, distinct, and how close their
character n-gram statistics are to held-out words."""

import math
from collections import Counter

__all__ = ["char_ngrams", "ngram_jsd", "word_report"]


def char_ngrams(words, n=3):
    """Counts of the character n-grams of ``words``, each padded with ``^`` at the start and
    ``$`` at the end (so "at" gives ^a, at, t$ for n = 2)."""
    if int(n) < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    counts = Counter()
    for word in words:
        padded = "^" * (n - 1) + word + "$"
        counts.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return counts


def ngram_jsd(words_a, words_b, n=3):
    """Jensen-Shannon divergence (nats, 0 to log 2) between the character n-gram distributions
    of two lists of words."""
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
    samples = list(samples)
    if not samples:
        raise ValueError("samples is empty")
    dictionary, train, held = set(dictionary), set(train_words), set(held_out_words)
    count = len(samples)
    non_empty = [s for s in samples if s]
    return {
        "real": sum(s in dictionary for s in samples) / count,
        "new_real": sum(s in held for s in samples) / count,
        "copied": sum(s in train for s in samples) / count,
        "distinct": len(set(samples)) / count,
        "ngram_jsd": ngram_jsd(non_empty, held_out_words, n) if non_empty else math.log(2),
    }
