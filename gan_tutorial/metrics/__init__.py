"""Metrics that take arrays (later: image metrics)."""

from gan_tutorial.metrics.modes import (
    assign_modes,
    mode_histogram,
    mode_report,
    reverse_kl_to_uniform,
)
from gan_tutorial.metrics.text import char_ngrams, ngram_jsd, word_report

__all__ = [
    "assign_modes",
    "char_ngrams",
    "mode_histogram",
    "mode_report",
    "ngram_jsd",
    "reverse_kl_to_uniform",
    "word_report",
]
