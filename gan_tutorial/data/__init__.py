"""Data sets: toy mixtures that know their modes, text, digit images, labelled tables."""

from gan_tutorial.data import images
from gan_tutorial.data.tables import ColumnScaler, Table, load_table
from gan_tutorial.data.text import (
    Vocabulary,
    english_words,
    load_corpus,
    one_hot_dataset,
    words_from_text,
)
from gan_tutorial.data.toy import GaussianMixture, benchmark, gaussian_1d, grid, mixture_1d, ring

__all__ = [
    "ColumnScaler",
    "GaussianMixture",
    "Table",
    "Vocabulary",
    "benchmark",
    "english_words",
    "images",
    "gaussian_1d",
    "grid",
    "load_corpus",
    "load_table",
    "mixture_1d",
    "one_hot_dataset",
    "ring",
    "words_from_text",
]
