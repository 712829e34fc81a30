"""Data sets: toy mixtures that know their modes, text, digit images, labelled tables."""

from gan_tutorial.data import images
from gan_tutorial.data.tables import ColumnScaler, Table, load_table
from gan_tutorial.data.text import (
    Corpus,
    Vocabulary,
    detokenize,
    english_words,
    load_corpus,
    one_hot_dataset,
    prepare_corpus,
    split_sentences,
    tokenize,
    wordnet_examples,
    words_from_text,
)
from gan_tutorial.data.toy import GaussianMixture, benchmark, gaussian_1d, grid, mixture_1d, ring

__all__ = [
    "ColumnScaler",
    "Corpus",
    "GaussianMixture",
    "Table",
    "Vocabulary",
    "benchmark",
    "detokenize",
    "english_words",
    "images",
    "gaussian_1d",
    "grid",
    "load_corpus",
    "load_table",
    "mixture_1d",
    "one_hot_dataset",
    "prepare_corpus",
    "ring",
    "split_sentences",
    "tokenize",
    "wordnet_examples",
    "words_from_text",
]
