"""BLEU and Self-BLEU against NLTK's documented values, closed forms and a plain re-implementation
that loops over every reference."""

import math
from collections import Counter

import numpy as np
import pytest

from gan_tutorial.metrics import bleu, self_bleu

# The example of NLTK's sentence_bleu docstring (Papineni et al.'s)
HYP1 = "It is a guide to action which ensures that the military always obeys the commands of the party".split()  # noqa: E501
REF1A = "It is a guide to action that ensures that the military will forever heed Party commands".split()  # noqa: E501
REF1B = "It is the guiding principle which guarantees the military forces always being under the command of the Party".split()  # noqa: E501
REF1C = "It is the practical guide for the army always to heed the directions of the party".split()


def test_nltks_documented_values():
    assert bleu([HYP1], [REF1A, REF1B, REF1C]) == pytest.approx(0.5046, abs=1e-4)
    assert bleu([HYP1], [REF1A]) == pytest.approx(0.4118, abs=1e-4)


def test_closed_forms():
    assert bleu([[1, 2, 3, 4, 5]], [[1, 2, 3, 4, 5]]) == pytest.approx(1.0)
    assert bleu([[1, 2, 3]], [[4, 5, 6]]) == 0.0
    # 3 of 4 unigrams, 2 of 3 bigrams, 1 of 2 trigrams, no 4-gram: method 1 puts 0.1 / 1 there
    expected = math.exp((math.log(3 / 4) + math.log(2 / 3) + math.log(1 / 2) + math.log(0.1)) / 4)
    assert bleu([list("abcd")], [list("abce")]) == pytest.approx(expected)
    assert bleu([list("abcd")], [list("abce")], n=2) == pytest.approx(math.sqrt(3 / 4 * 2 / 3))
    # brevity: a hypothesis of 2 tokens against a reference of 4 is penalised by exp(1 - 4/2)
    assert bleu([list("ab")], [list("abcd")], n=1) == pytest.approx(math.exp(1 - 2))


def test_self_bleu_never_scores_a_sample_against_itself():
    assert self_bleu([[1, 2, 3, 4], [5, 6, 7, 8]]) == 0.0  # with itself it would be 1
    assert self_bleu([[1, 2, 3, 4]] * 3) == pytest.approx(1.0)  # copies of each other


def _reference_bleu(hypothesis, references, n):
    """Sentence BLEU written the plain way: clip against every reference in turn."""
    log_p = 0.0
    for k in range(1, n + 1):
        grams = Counter(tuple(hypothesis[i : i + k]) for i in range(len(hypothesis) - k + 1))
        best = Counter()
        for ref in references:
            ref_grams = Counter(tuple(ref[i : i + k]) for i in range(len(ref) - k + 1))
            for g in grams:
                best[g] = max(best[g], ref_grams[g])
        match = sum(min(c, best[g]) for g, c in grams.items())
        if k == 1 and match == 0:
            return 0.0
        log_p += math.log((match or 0.1) / max(1, sum(grams.values())))
    closest = min((len(r) for r in references), key=lambda r: (abs(r - len(hypothesis)), r))
    bp = 1.0 if len(hypothesis) > closest else math.exp(1 - closest / len(hypothesis))
    return bp * math.exp(log_p / n)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_matches_a_plain_loop_over_references(n):
    rng = np.random.default_rng(n)
    sequences = [list(rng.integers(0, 6, size=rng.integers(3, 9))) for _ in range(40)]
    hyps, refs = sequences[:15], sequences[15:]
    expected = np.mean([_reference_bleu(h, refs, n) for h in hyps])
    assert bleu(hyps, refs, n) == pytest.approx(expected, rel=1e-12)
    expected_self = np.mean(
        [_reference_bleu(s, sequences[:i] + sequences[i + 1 :], n) for i, s in enumerate(sequences)]
    )
    assert self_bleu(sequences, n) == pytest.approx(expected_self, rel=1e-12)
    ids = np.array([s[:3] for s in sequences])  # rows of an id array work too
    assert bleu(ids[:5], ids[5:], n) == pytest.approx(bleu(ids[:5].tolist(), ids[5:].tolist(), n))


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="hypotheses is empty"):
        bleu([], [[1, 2]])
    with pytest.raises(ValueError, match="references is empty"):
        bleu([[1, 2]], [])
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        bleu([[1, 2]], [[1, 2]], n=0)
    with pytest.raises(ValueError, match="at least 2 samples"):
        self_bleu([[1, 2]])
