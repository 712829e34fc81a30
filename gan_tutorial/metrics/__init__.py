"""Metrics that take arrays: mode coverage, words and sentences (BLEU, distinct n-grams, lengths,
collapse), image features, synthetic tables."""

from gan_tutorial.metrics.bleu import bleu, self_bleu
from gan_tutorial.metrics.digits import DigitJudge, digit_classifier
from gan_tutorial.metrics.images import frechet_distance, precision_recall
from gan_tutorial.metrics.modes import (
    assign_modes,
    mode_histogram,
    mode_report,
    reverse_kl_to_uniform,
)
from gan_tutorial.metrics.synthetic import (
    GaussianBaseline,
    class_balance,
    closer_to_train_share,
    correlation_gap,
    distance_to_closest_record,
    ks_statistics,
    membership_auc,
    privacy_report,
    utility,
)
from gan_tutorial.metrics.text import (
    char_ngrams,
    collapse_report,
    distinct_n,
    length_distance,
    ngram_jsd,
    sequences_from_ids,
    word_report,
)

__all__ = [
    "DigitJudge",
    "GaussianBaseline",
    "digit_classifier",
    "assign_modes",
    "bleu",
    "char_ngrams",
    "class_balance",
    "closer_to_train_share",
    "collapse_report",
    "correlation_gap",
    "distance_to_closest_record",
    "distinct_n",
    "frechet_distance",
    "ks_statistics",
    "length_distance",
    "membership_auc",
    "mode_histogram",
    "mode_report",
    "ngram_jsd",
    "precision_recall",
    "privacy_report",
    "reverse_kl_to_uniform",
    "self_bleu",
    "sequences_from_ids",
    "utility",
    "word_report",
]
