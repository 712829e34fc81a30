"""Text data for the text GANs: a character `Vocabulary`, English words from the `english-words`
package (offline), and `load_corpus` for a learner's own text file or URL (checksummed, cached).

Sequences are arrays of token ids ``(n, max_length)``: the characters of a word, one END token,
then PAD up to ``max_length``.
"""

import random
import urllib.parse
import warnings
from pathlib import Path

import numpy as np

from gan_tutorial.data.download import cache_dir, download, sha256_of

__all__ = [
    "PAD",
    "START",
    "END",
    "UNK",
    "Vocabulary",
    "english_words",
    "words_from_text",
    "load_corpus",
    "one_hot_dataset",
    "cache_dir",
]

PAD, START, END, UNK = "<pad>", "<s>", "</s>", "<unk>"
SPECIALS = (PAD, START, END, UNK)


class Vocabulary:
    """Maps characters to ids and back. Ids 0-3 are PAD, START, END and UNK; the characters
    follow in sorted order.

    Args:
        characters: the characters of the texts (an iterable of single-character strings).
    """

    def __init__(self, characters):
        chars = set(characters)
        bad = [c for c in chars if not isinstance(c, str) or len(c) != 1]
        if bad:
            raise ValueError(
                f"characters must be single characters, got {sorted(map(repr, bad))[:5]}"
            )
        if not chars:
            raise ValueError("characters is empty: a vocabulary needs at least one character")
        self.tokens = list(SPECIALS) + sorted(chars)
        self.index = {token: i for i, token in enumerate(self.tokens)}
        self.pad_id, self.start_id, self.end_id, self.unk_id = range(4)

    @classmethod
    def from_texts(cls, texts):
        """The vocabulary of every character in ``texts`` (strings)."""
        texts = list(texts)
        if not texts:
            raise ValueError("texts is empty: cannot build a vocabulary from no text")
        return cls(c for text in texts for c in text)

    def __len__(self):
        return len(self.tokens)

    @property
    def characters(self):
        return self.tokens[len(SPECIALS) :]

    def encode(self, text, unknown="error"):
        """Ids of the characters of ``text``. ``unknown``: ``"error"`` (default) or ``"unk"``."""
        if unknown not in ("error", "unk"):
            raise ValueError(f"unknown must be 'error' or 'unk', got {unknown!r}")
        ids = []
        for position, char in enumerate(text):
            if char in self.index and char not in SPECIALS:
                ids.append(self.index[char])
            elif unknown == "unk":
                ids.append(self.unk_id)
            else:
                raise ValueError(
                    f"character {char!r} at position {position} of {text!r} is not in the "
                    f"vocabulary ({''.join(self.characters)}); pass unknown='unk' to map it to "
                    f"{UNK}"
                )
        return ids

    def encode_batch(self, texts, max_length, unknown="error"):
        """``(len(texts), max_length)`` int32 ids: each text, END, then PAD. A text needs
        ``len(text) + 1 <= max_length``."""
        texts = list(texts)
        if not texts:
            raise ValueError("texts is empty")
        out = np.full((len(texts), int(max_length)), self.pad_id, dtype=np.int32)
        for row, text in enumerate(texts):
            ids = self.encode(text, unknown) + [self.end_id]
            if len(ids) > max_length:
                raise ValueError(
                    f"{text!r} has {len(text)} characters; with its end token it needs "
                    f"max_length >= {len(ids)}, got max_length={max_length}"
                )
            out[row, : len(ids)] = ids
        return out

    def decode(self, ids):
        """The text of one id sequence, up to its first END or PAD; a START or UNK inside it
        shows as ``<s>`` or ``<unk>`` (so a malformed sample is never mistaken for a word)."""
        chars = []
        for i in np.asarray(ids).reshape(-1):
            i = int(i)
            if i in (self.end_id, self.pad_id):
                break
            chars.append(self.tokens[i] if 0 <= i < len(self.tokens) else UNK)
        return "".join(chars)

    def decode_batch(self, ids):
        """Texts of a batch of id sequences ``(n, length)``, or of distributions
        ``(n, length, vocab)`` (their most likely tokens)."""
        ids = np.asarray(ids)
        if ids.ndim == 3:
            ids = ids.argmax(-1)
        return [self.decode(row) for row in ids]

    def get_config(self):
        return {"characters": self.characters}


def words_from_text(text, min_length=3, max_length=8):
    """The distinct lower-case alphabetic (a-z) words of ``text`` with ``min_length`` to
    ``max_length`` letters, sorted."""
    if min_length < 1 or max_length < min_length:
        raise ValueError(
            f"need 1 <= min_length <= max_length, got min_length={min_length}, "
            f"max_length={max_length}"
        )
    words = set()
    for token in text.lower().split():
        token = token.strip(".,;:!?\"'()[]{}-_")
        if token.isascii() and token.isalpha() and min_length <= len(token) <= max_length:
            words.add(token)
    return sorted(words)


def english_words(min_length=3, max_length=8, held_out=0.1, limit=None, seed=0):
    """English words from the `english-words` package (Webster's second edition word list,
    offline): lower-case, a-z only, ``min_length`` to ``max_length`` letters.

    Returns ``(train, held_out_words, dictionary)``: a seeded random split of the words
    (``limit`` caps how many are used), and the set of all the list's words with ``min_length``
    to ``max_length`` letters, for asking "is this a real word of the kind we train on?".
    """
    from english_words import get_english_words_set

    if not 0 < held_out < 1:
        raise ValueError(f"held_out must be a fraction in (0, 1), got {held_out}")
    every = {w for w in get_english_words_set(["web2"], lower=True) if w.isascii() and w.isalpha()}
    words = sorted(w for w in every if min_length <= len(w) <= max_length)
    if not words:
        raise ValueError(f"no words with {min_length} to {max_length} letters")
    dictionary = set(words)
    random.Random(seed).shuffle(words)
    if limit is not None:
        words = words[: int(limit)]
    n_held = max(1, int(round(len(words) * held_out)))
    return words[n_held:], words[:n_held], dictionary


def load_corpus(path_or_url, sha256=None, cache=None, timeout=30):
    """The text of a local file or of an ``http(s)`` URL, decoded as UTF-8.

    A URL is downloaded once into ``cache`` (default `cache_dir()`) and read from there after.
    With ``sha256`` the file's checksum is verified (a mismatch deletes the download and raises);
    without it, a warning gives the checksum to pin next time. An empty text raises.
    """
    source = str(path_or_url)
    scheme = urllib.parse.urlparse(source).scheme
    if scheme in ("http", "https"):
        path, actual = download(source, sha256=sha256, cache=cache, timeout=timeout)
    elif scheme in ("", "file"):
        path = Path(urllib.parse.urlparse(source).path if scheme == "file" else source)
        if not path.is_file():
            raise FileNotFoundError(f"path_or_url: no file at {path}")
        actual = sha256_of(path)
        if sha256 is not None and actual != sha256.lower():
            raise ValueError(f"sha256 mismatch for {source}: expected {sha256}, got {actual}")
    else:
        raise ValueError(f"path_or_url must be a file path or an http(s) URL, got {source!r}")
    if sha256 is None:
        warnings.warn(f"no sha256 given for {source}; its sha256 is {actual}", stacklevel=2)
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise ValueError(f"the corpus at {source} is empty")
    return text


def one_hot_dataset(ids, vocab_size, batch_size, seed=0, repeat=False):
    """A shuffled `tf.data.Dataset` of one-hot batches ``(batch_size, length, vocab_size)``
    made from token ids ``(n, length)`` on the fly."""
    ids = np.asarray(ids, dtype=np.int32)
    if ids.ndim != 2 or len(ids) == 0:
        raise ValueError(f"ids must be a non-empty array (n, length), got shape {ids.shape}")
    if not 1 <= int(batch_size) <= len(ids):
        raise ValueError(
            f"batch_size must be between 1 and the {len(ids)} sequences, got {batch_size}"
        )
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(f"ids must lie in [0, {vocab_size}), got {ids.min()} to {ids.max()}")
    import tensorflow as tf  # a tf.data pipeline, which Keras 3 reads on every backend

    ds = tf.data.Dataset.from_tensor_slices(ids).shuffle(len(ids), seed=seed)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.map(lambda x: tf.one_hot(x, vocab_size)).prefetch(tf.data.AUTOTUNE)
