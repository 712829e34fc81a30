"""BLEU and Self-BLEU of generated token sequences (chapter 7; Papineni et al. 2002, Zhu et al.
2018), computed as NLTK's ``sentence_bleu`` with ``SmoothingFunction().method1`` does, averaged
over the hypotheses: the usual protocol of the text-GAN literature (SeqGAN, Texygen).

A sequence is any list of hashable tokens (ints, strings) or a row of an id array; strip padding
first. BLEU-n uses the 1- to n-grams with equal weights 1/n.
"""

import math
import reprlib
from collections import Counter

from gan_tutorial import arguments

__all__ = ["bleu", "self_bleu"]

EPSILON = 0.1  # method 1: a zero count of matching n-grams becomes EPSILON


def _ngrams(sequence, k):
    return Counter(tuple(sequence[i : i + k]) for i in range(len(sequence) - k + 1))


def _sequences(name, sequences):
    if isinstance(sequences, (str, bytes)):
        raise TypeError(
            f"{name} must be a list of token sequences, got the string {sequences[:30]!r} "
            "(split it into tokens and wrap it in a list)"
        )
    try:
        as_tuples = [tuple(s.tolist() if hasattr(s, "tolist") else s) for s in sequences]
        hash(tuple(as_tuples))
    except TypeError:
        raise TypeError(
            f"{name} must be a list of token sequences, each a list of hashable tokens (ints, "
            f"strings), got {reprlib.repr(sequences)}"
        ) from None
    sequences = as_tuples
    if not sequences:
        raise ValueError(f"{name} is empty: BLEU needs at least one sequence")
    return sequences


def _check_n(n):
    arguments.integer("n", n)
    return int(n)


class _References:
    """For each n-gram of the references, its two largest counts in any one reference and the
    index of the reference with the largest, so that a reference can be left out in O(1)."""

    def __init__(self, references, n):
        self.top = [{} for _ in range(n + 1)]  # top[k][gram] = (best, owner, second)
        for index, reference in enumerate(references):
            for k in range(1, n + 1):
                table = self.top[k]
                for gram, count in _ngrams(reference, k).items():
                    best, owner, second = table.get(gram, (0, -1, 0))
                    if count > best:
                        table[gram] = (count, index, best)
                    elif count > second:
                        table[gram] = (best, owner, count)
        self.lengths = Counter(len(r) for r in references)

    def max_count(self, k, gram, leave_out):
        best, owner, second = self.top[k].get(gram, (0, -1, 0))
        return second if owner == leave_out else best

    def closest_length(self, length, leave_out_length=None):
        lengths = self.lengths
        if leave_out_length is not None:
            lengths = lengths.copy()
            lengths[leave_out_length] -= 1
        candidates = [r for r, c in lengths.items() if c > 0]
        return min(candidates, key=lambda r: (abs(r - length), r))


def _sentence_bleu(hypothesis, references, n, leave_out=-1):
    matches, totals = [], []
    for k in range(1, n + 1):
        counts = _ngrams(hypothesis, k)
        matches.append(
            sum(min(c, references.max_count(k, g, leave_out)) for g, c in counts.items())
        )
        totals.append(max(1, sum(counts.values())))
    if matches[0] == 0:
        return 0.0
    length = len(hypothesis)
    closest = references.closest_length(length, length if leave_out >= 0 else None)
    brevity = 1.0 if length > closest else math.exp(1 - closest / length)
    log_precision = sum(math.log((m if m > 0 else EPSILON) / t) for m, t in zip(matches, totals))
    return brevity * math.exp(log_precision / n)


def bleu(hypotheses, references, n=4):
    """Mean over ``hypotheses`` of each one's BLEU-n against all of ``references`` (a float in
    [0, 1]). For generated text: the hypotheses are samples, the references held-out data;
    higher means the samples' n-grams are found in real text (quality)."""
    n = _check_n(n)
    hypotheses = _sequences("hypotheses", hypotheses)
    table = _References(_sequences("references", references), n)
    return sum(_sentence_bleu(h, table, n) for h in hypotheses) / len(hypotheses)


def self_bleu(samples, n=4):
    """Mean over ``samples`` of each one's BLEU-n against all the *other* samples (never itself):
    high when the samples repeat each other's n-grams (low diversity). Needs >= 2 samples."""
    n = _check_n(n)
    samples = _sequences("samples", samples)
    if len(samples) < 2:
        raise ValueError(f"self_bleu needs at least 2 samples, got {len(samples)}")
    table = _References(samples, n)
    return sum(_sentence_bleu(s, table, n, leave_out=i) for i, s in enumerate(samples)) / len(
        samples
    )
