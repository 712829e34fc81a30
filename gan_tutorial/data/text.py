"""Text data for the text GANs: a character `Vocabulary`, English words from the `english-words`
package (offline), and `load_corpus` for a learner's own text file or URL (checksummed, cached).

Sequences are arrays of token ids ``(n, max_length)``: the characters of a word, one END token,
then PAD up to ``max_length``.
"""

import dataclasses
import random
import re
import urllib.parse
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from gan_tutorial import arguments
from gan_tutorial.data.download import cache_dir, check_sha256, download, sha256_of

__all__ = [
    "Corpus",
    "PAD",
    "START",
    "END",
    "UNK",
    "Vocabulary",
    "detokenize",
    "english_words",
    "prepare_corpus",
    "split_sentences",
    "tokenize",
    "words_from_text",
    "wordnet_examples",
    "load_corpus",
    "one_hot_dataset",
    "cache_dir",
]

PAD, START, END, UNK = "<pad>", "<s>", "</s>", "<unk>"
SPECIALS = (PAD, START, END, UNK)


_WORD = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")
_NO_SPACE_BEFORE = set(".,;:!?)]}%\u2019\u201d")
_NO_SPACE_AFTER = set("([{$\u2018\u201c")
_JOINERS = set("-\u2013\u2014/")  # hyphens, dashes and slashes bind the tokens on each side
_QUOTES = set("\"'")


def tokenize(text, level="word"):
    """The tokens of ``text``: its characters (``level="char"``), or its words and punctuation
    marks (``"word"``): a word is a run of letters and digits, with apostrophes inside it
    (``don't``, ``O'Brien``); every other visible character is a token of its own."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {text!r:.60}")
    if level == "char":
        return list(text)
    if level == "word":
        return _WORD.findall(text)
    raise ValueError(f"level must be 'word' or 'char', got {level!r}")


def detokenize(tokens, level="word"):
    """The text of ``tokens``, the inverse of `tokenize`: characters joined; words joined by
    spaces except before closing punctuation, after opening brackets, around hyphens, dashes and
    slashes, and inside straight quotes (which alternate between opening and closing).
    ``tokenize(detokenize(t)) == t`` for any tokens `tokenize` makes; for text written with
    the usual spacing, ``detokenize(tokenize(text)) == text``."""
    if isinstance(tokens, str) or not hasattr(tokens, "__iter__"):
        raise TypeError(f"tokens must be a list of strings, got {tokens!r:.60}")
    if level == "char":
        return "".join(tokens)
    if level != "word":
        raise ValueError(f"level must be 'word' or 'char', got {level!r}")
    out, open_quote, glue = [], False, True  # glue: no space before the next token
    for token in tokens:
        closing = token in _QUOTES and open_quote
        if out and not glue and not closing and token not in _NO_SPACE_BEFORE | _JOINERS:
            out.append(" ")
        out.append(token)
        glue = token in _NO_SPACE_AFTER or token in _JOINERS
        if token in _QUOTES:
            open_quote, glue = not open_quote, not open_quote
    return "".join(out)


class Vocabulary:
    """Maps tokens to ids and back. Ids 0-3 are PAD, START, END and UNK; the tokens follow.

    Args:
        tokens: the tokens: single characters for ``level="char"`` (kept sorted), or words and
            punctuation marks for ``level="word"`` (kept in the given order; `from_texts` gives
            the most frequent first).
        level: ``"char"`` or ``"word"``: how `encode` splits a text (`tokenize`) and `decode`
            joins one (`detokenize`).
        lowercase: whether `encode` lower-cases a text first.
    """

    def __init__(self, tokens, level="char", lowercase=False):
        if level not in ("char", "word"):
            raise ValueError(f"level must be 'word' or 'char', got {level!r}")
        tokens = list(tokens)
        bad = [t for t in tokens if not isinstance(t, str) or not t or t in SPECIALS]
        bad += [t for t in tokens if level == "char" and isinstance(t, str) and len(t) != 1]
        if bad:
            kind = "single characters" if level == "char" else "non-empty strings, not specials"
            raise ValueError(f"tokens must be {kind}, got {sorted(map(repr, bad))[:5]}")
        if not tokens:
            raise ValueError("tokens is empty: a vocabulary needs at least one token")
        if len(set(tokens)) != len(tokens):
            raise ValueError("tokens has repeats: each token must appear once")
        self.level, self.lowercase = level, bool(lowercase)
        self.tokens = list(SPECIALS) + (sorted(tokens) if level == "char" else tokens)
        self.index = {token: i for i, token in enumerate(self.tokens)}
        self.pad_id, self.start_id, self.end_id, self.unk_id = range(4)

    @classmethod
    def from_texts(cls, texts, level="char", max_size=None, lowercase=False):
        """The vocabulary of ``texts`` (strings): every token, or with ``max_size`` the
        ``max_size - 4`` most frequent ones (ties in alphabetical order), the rest becoming UNK
        when encoded with ``unknown="unk"``."""
        if isinstance(texts, str):
            raise TypeError(f"texts must be a list of strings, got the string {texts[:30]!r}")
        texts = list(texts)
        if not texts:
            raise ValueError("texts is empty: cannot build a vocabulary from no text")
        counts = Counter(
            token
            for text in texts
            for token in tokenize(text.lower() if lowercase else text, level)
        )
        if max_size is not None:
            max_size = arguments.integer("max_size", max_size, minimum=len(SPECIALS) + 1)
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
        kept = ranked if max_size is None else ranked[: max_size - len(SPECIALS)]
        return cls(kept, level=level, lowercase=lowercase)

    def __len__(self):
        return len(self.tokens)

    @property
    def characters(self):
        """The tokens after the four specials (for ``level="char"``: the characters)."""
        return self.tokens[len(SPECIALS) :]

    def encode(self, text, unknown="error"):
        """Ids of the tokens of ``text``. ``unknown``: ``"error"`` (default) or ``"unk"``."""
        if unknown not in ("error", "unk"):
            raise ValueError(f"unknown must be 'error' or 'unk', got {unknown!r}")
        ids = []
        for position, token in enumerate(
            tokenize(text.lower() if self.lowercase else text, self.level)
        ):
            if token in self.index and token not in SPECIALS:
                ids.append(self.index[token])
            elif unknown == "unk":
                ids.append(self.unk_id)
            else:
                known = "".join(self.characters) if self.level == "char" else f"{len(self)} tokens"
                kind = "character" if self.level == "char" else "token"
                raise ValueError(
                    f"{kind} {token!r} at position {position} of {text!r} is not in the "
                    f"vocabulary ({known}); pass unknown='unk' to map it to {UNK}"
                )
        return ids

    def encode_batch(self, texts, max_length, unknown="error"):
        """``(len(texts), max_length)`` int32 ids: each text, END, then PAD. A text needs
        ``len(tokens) + 1 <= max_length``."""
        if isinstance(texts, str):
            raise TypeError(f"texts must be a list of strings, got the string {texts[:30]!r}")
        max_length = arguments.integer("max_length", max_length)
        texts = list(texts)
        if not texts:
            raise ValueError("texts is empty")
        out = np.full((len(texts), max_length), self.pad_id, dtype=np.int32)
        kind = "characters" if self.level == "char" else "tokens"
        for row, text in enumerate(texts):
            ids = self.encode(text, unknown) + [self.end_id]
            if len(ids) > max_length:
                raise ValueError(
                    f"{text!r} has {len(ids) - 1} {kind}; with its end token it needs "
                    f"max_length >= {len(ids)}, got max_length={max_length}"
                )
            out[row, : len(ids)] = ids
        return out

    def decode(self, ids):
        """The text of one id sequence, up to its first END or PAD; a START or UNK inside it
        shows as ``<s>`` or ``<unk>`` (so a malformed sample is never mistaken for text)."""
        ids = np.asarray(ids)
        if ids.ndim != 1:
            raise ValueError(
                f"ids must be one sequence (length,), got shape {ids.shape}; "
                "decode_batch decodes a batch"
            )
        if ids.dtype.kind not in "iu" and not (
            ids.dtype.kind == "f" and np.all(ids == np.round(ids))
        ):
            raise ValueError(f"ids must be whole-number token ids, got {ids.tolist()!r:.60}")
        tokens = []
        for i in ids:
            i = int(i)
            if i in (self.end_id, self.pad_id):
                break
            tokens.append(self.tokens[i] if 0 <= i < len(self.tokens) else UNK)
        return detokenize(tokens, self.level)

    def decode_batch(self, ids):
        """Texts of a batch of id sequences ``(n, length)``, or of distributions
        ``(n, length, vocab)`` (their most likely tokens)."""
        ids = np.asarray(ids)
        if ids.ndim == 3:
            ids = ids.argmax(-1)
        if ids.ndim != 2:
            raise ValueError(
                f"ids must be a batch (n, length) or distributions (n, length, vocab), got shape "
                f"{ids.shape}; decode decodes one sequence"
            )
        return [self.decode(row) for row in ids]

    def get_config(self):
        return {"tokens": self.characters, "level": self.level, "lowercase": self.lowercase}


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u2019\u201d)\]]*\s+(?=[\"'\u2018\u201c(\[]*[A-Z0-9])")


def split_sentences(text, unit="sentence"):
    """The sentences of ``text`` (``unit="sentence"``: paragraphs are split at blank lines, the
    lines of a paragraph joined, and a sentence ends at ``.``, ``!`` or ``?`` (and any closing
    quotes or brackets) followed by a space and a capital letter or a digit), or its non-empty
    lines (``"line"``). Whitespace inside a sentence becomes single spaces."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {text!r:.60}")
    if unit not in ("sentence", "line"):
        raise ValueError(f"unit must be 'sentence' or 'line', got {unit!r}")
    if unit == "line":
        pieces = text.splitlines()
    else:
        paragraphs = re.split(r"\n\s*\n", text)
        pieces = [
            p for paragraph in paragraphs for p in _split_paragraph(" ".join(paragraph.split()))
        ]
    return [" ".join(p.split()) for p in pieces if p.strip()]


def _split_paragraph(paragraph):
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        # the match starts after the full stop: its closing quotes or brackets stay with it
        pieces.append(paragraph[start : match.start() + len(match.group(0).rstrip())])
        start = match.end()
    return pieces + [paragraph[start:]]


@dataclasses.dataclass
class Corpus:
    """Sentences of a text, split and encoded by `prepare_corpus`.

    Attributes:
        vocab: the `Vocabulary`, built from the training sentences.
        train, held_out: the sentences (strings, as `vocab` decodes them: lower-cased if asked).
        train_ids, held_out_ids: their ids ``(n, max_length)``: tokens, END, PAD.
        max_length: tokens per sequence, END included.
        report: what preparing it did: sentences found, too long (and whether skipped or cut),
            the share of UNK among the held-out tokens, the vocabulary's size.
    """

    vocab: Vocabulary
    train: list
    held_out: list
    train_ids: np.ndarray
    held_out_ids: np.ndarray
    max_length: int
    report: dict


def prepare_corpus(
    text,
    level="word",
    unit="sentence",
    vocab_size=5000,
    max_length=32,
    lowercase=True,
    held_out=0.1,
    too_long="skip",
    min_sentences=100,
    seed=0,
    unknown="keep",
):
    """Splits ``text`` (a string, or a list of sentences) into sentences (`split_sentences` with
    ``unit``; a list is taken as it is), tokens (``level``:
    ``"word"`` or ``"char"``) and a seeded train/held-out split (``held_out``: the held-out
    share), and encodes both with a vocabulary of at most ``vocab_size`` tokens (the training
    sentences' most frequent; the rest become UNK). A sentence needs ``max_length - 1`` tokens
    or fewer (one place for END); longer ones are skipped (``too_long="skip"``) or cut
    (``"cut"``), and the count is reported. ``unknown="skip"`` drops the sentences (of both
    splits) with a token outside the vocabulary instead of encoding it as UNK: a smaller corpus
    of common words. Returns a `Corpus`; raises, naming the problem, when fewer than
    ``min_sentences`` sentences remain or the vocabulary has fewer than 5 tokens besides the
    specials."""
    if isinstance(text, bytes) or not hasattr(text, "__iter__"):
        raise TypeError(f"text must be a string or a list of sentences, got {text!r:.60}")
    if level not in ("word", "char"):
        raise ValueError(f"level must be 'word' or 'char', got {level!r}")
    if unit not in ("sentence", "line"):
        raise ValueError(f"unit must be 'sentence' or 'line', got {unit!r}")
    if too_long not in ("skip", "cut"):
        raise ValueError(f"too_long must be 'skip' or 'cut', got {too_long!r}")
    if unknown not in ("keep", "skip"):
        raise ValueError(f"unknown must be 'keep' or 'skip', got {unknown!r}")
    if not isinstance(lowercase, bool):
        raise TypeError(f"lowercase must be True or False, got {lowercase!r}")
    if not 0 < arguments.real("held_out", held_out) < 1:
        raise ValueError(f"held_out must be a fraction in (0, 1), got {held_out}")
    vocab_size = arguments.integer("vocab_size", vocab_size, minimum=len(SPECIALS) + 5)
    max_length = arguments.integer("max_length", max_length, minimum=2)
    min_sentences = arguments.integer("min_sentences", min_sentences)
    if seed is not None:
        arguments.integer("seed", seed, minimum=0)
    if isinstance(text, str):  # split before lower-casing: a sentence starts upper-case
        sentences = split_sentences(text, unit)
    else:
        sentences = [" ".join(str(sentence).split()) for sentence in text]
        sentences = [sentence for sentence in sentences if sentence]
    tokenized = [tokenize(s.lower() if lowercase else s, level) for s in sentences]
    limit = max_length - 1
    long = sum(len(tokens) > limit for tokens in tokenized)
    if too_long == "skip":
        tokenized = [tokens for tokens in tokenized if len(tokens) <= limit]
    else:
        tokenized = [tokens[:limit] for tokens in tokenized]
    if not tokenized and long:
        raise ValueError(
            f"every one of the {long} sentences has more than {limit} tokens, the most that "
            f"max_length={max_length} allows (one place is END): raise max_length"
        )
    if len(tokenized) < min_sentences:
        raise ValueError(
            f"the text has {len(tokenized)} sentences of at most {limit} tokens "
            f"({len(sentences)} in all, {long} longer), fewer than min_sentences={min_sentences}"
        )
    order = np.random.default_rng(seed).permutation(len(tokenized))
    n_held = max(1, int(round(len(tokenized) * held_out)))
    if n_held >= len(tokenized):
        raise ValueError(
            f"held_out={held_out} of the {len(tokenized)} sentences leaves none for training: "
            "lower held_out"
        )
    held_tokens = [tokenized[i] for i in order[:n_held]]
    train_tokens = [tokenized[i] for i in order[n_held:]]
    counts = Counter(token for tokens in train_tokens for token in tokens)
    ranked = sorted(counts, key=lambda t: (-counts[t], t))[: vocab_size - len(SPECIALS)]
    if len(ranked) < 5:
        raise ValueError(f"the text has {len(ranked)} distinct tokens; a vocabulary needs >= 5")
    skipped = 0
    if unknown == "skip":
        known = set(ranked)
        kept = len(train_tokens) + len(held_tokens)
        train_tokens = [tokens for tokens in train_tokens if known.issuperset(tokens)]
        held_tokens = [tokens for tokens in held_tokens if known.issuperset(tokens)]
        skipped = kept - len(train_tokens) - len(held_tokens)
        if len(train_tokens) + len(held_tokens) < min_sentences or not held_tokens:
            raise ValueError(
                f"{len(train_tokens) + len(held_tokens)} sentences ({len(held_tokens)} held out) "
                f"have every token among the {len(ranked)} most frequent, fewer than "
                f"min_sentences={min_sentences}: raise vocab_size, or keep unknown tokens "
                "(unknown='keep')"
            )
    vocab = Vocabulary(ranked, level=level, lowercase=False)  # the text is lower-cased already

    def encode(token_lists):
        ids = np.full((len(token_lists), max_length), vocab.pad_id, dtype=np.int32)
        for row, tokens in enumerate(token_lists):
            ids[row, : len(tokens)] = [vocab.index.get(t, vocab.unk_id) for t in tokens]
            ids[row, len(tokens)] = vocab.end_id
        return ids

    train_ids, held_ids = encode(train_tokens), encode(held_tokens)
    held_real = held_ids[held_ids > vocab.end_id]  # the held-out tokens, specials aside
    report = {
        "sentences": len(sentences),
        "too_long": long,
        "too_long_handling": too_long,
        "unknown_skipped": skipped,
        "train": len(train_tokens),
        "held_out": len(held_tokens),
        "vocab_size": len(vocab),
        "held_out_unk_share": float(np.mean(held_real == vocab.unk_id)) if held_real.size else 0.0,
    }
    return Corpus(
        vocab,
        [detokenize(t, level) for t in train_tokens],
        [detokenize(t, level) for t in held_tokens],
        train_ids,
        held_ids,
        max_length,
        report,
    )


def words_from_text(text, min_length=3, max_length=8):
    """The distinct lower-case alphabetic (a-z) words of ``text`` with ``min_length`` to
    ``max_length`` letters, sorted."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {text!r:.60}")
    arguments.integer("min_length", min_length)
    arguments.integer("max_length", max_length)
    if max_length < min_length:
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

    if not 0 < arguments.real("held_out", held_out) < 1:
        raise ValueError(f"held_out must be a fraction in (0, 1), got {held_out}")
    arguments.integer("min_length", min_length)
    arguments.integer("max_length", max_length)
    if limit is not None:
        limit = arguments.integer("limit", limit, minimum=2)
    every = {w for w in get_english_words_set(["web2"], lower=True) if w.isascii() and w.isalpha()}
    words = sorted(w for w in every if min_length <= len(w) <= max_length)
    if not words:
        raise ValueError(f"no words with {min_length} to {max_length} letters")
    dictionary = set(words)
    random.Random(seed).shuffle(words)
    if limit is not None:
        words = words[:limit]
    n_held = max(1, int(round(len(words) * held_out)))
    if n_held >= len(words):
        raise ValueError(
            f"held_out={held_out} of the {len(words)} words leaves none for training: lower "
            "held_out or raise limit"
        )
    return words[n_held:], words[:n_held], dictionary


WORDNET = Path("/usr/share/wordnet")  # where Debian's wordnet-base puts the database


def wordnet_examples(folder=WORDNET, min_words=4):
    """The example sentences of WordNet 3.0 (Princeton University's lexical database of English;
    licence: the WordNet 3.0 licence, which allows use, copying and distribution with its
    notice), as installed by Debian's ``wordnet-base`` package: the quoted examples in the
    glosses of ``data.noun``, ``data.verb``, ``data.adj`` and ``data.adv``, with at least
    ``min_words`` words, each starting with a capital letter and ending with a full stop (added
    where the example has none), without repeats, sorted. About 35,000 sentences, median 7
    words: "The boss exploded when he heard of the resignation of the secretary."."""
    folder = Path(folder)
    files = [folder / f"data.{part}" for part in ("noun", "verb", "adj", "adv")]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(
            f"WordNet's data files are not in {folder} (missing {', '.join(missing)}): install "
            "Debian's wordnet-base package (apt-get install wordnet-base; make book and make "
            "test do it), or pass folder= where they are"
        )
    sentences = set()
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("  ") or " | " not in line:  # the licence header, or no gloss
                continue
            for example in re.findall(r'"([^"]+)"', line.split(" | ", 1)[1]):
                example = " ".join(example.replace("`", "'").split())
                if len(example.split()) < min_words:
                    continue
                example = example[0].upper() + example[1:]
                sentences.add(example if example[-1] in ".!?" else example + ".")
    if not sentences:
        raise ValueError(f"no examples of at least {min_words} words in {folder}")
    return sorted(sentences)


def load_corpus(path_or_url, sha256=None, cache=None, timeout=30):
    """The text of a local file or of an ``http(s)`` URL, decoded as UTF-8.

    A URL is downloaded once into ``cache`` (default `cache_dir()`) and read from there after.
    With ``sha256`` the file's checksum is verified (a mismatch deletes the download and raises);
    without it, a warning gives the checksum to pin next time. An empty, binary or non-UTF-8
    file raises, naming the file.
    """
    check_sha256(sha256)
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
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise ValueError(f"the corpus at {source} is a binary file (it has NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"the corpus at {source} is not UTF-8 text: byte {raw[error.start]:#04x} at offset "
            f"{error.start} ({error.reason}); convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None
    if not text.strip():
        raise ValueError(f"the corpus at {source} is empty")
    return text


def one_hot_dataset(ids, vocab_size, batch_size, seed=0, repeat=False):
    """A shuffled `tf.data.Dataset` of one-hot batches ``(batch_size, length, vocab_size)``
    made from token ids ``(n, length)`` on the fly."""
    vocab_size = arguments.integer("vocab_size", vocab_size)
    batch_size = arguments.integer("batch_size", batch_size)
    ids = np.asarray(ids)
    if ids.ndim != 2 or ids.size == 0:
        raise ValueError(f"ids must be a non-empty array (n, length), got shape {ids.shape}")
    if ids.dtype.kind not in "iu" and not (ids.dtype.kind == "f" and np.all(ids == np.round(ids))):
        raise ValueError(f"ids must be whole-number token ids, got dtype {ids.dtype}")
    if not 1 <= batch_size <= len(ids):
        raise ValueError(
            f"batch_size must be between 1 and the {len(ids)} sequences, got {batch_size}"
        )
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(f"ids must lie in [0, {vocab_size}), got {ids.min()} to {ids.max()}")
    ids = ids.astype(np.int32)
    import tensorflow as tf  # a tf.data pipeline, which Keras 3 reads on every backend

    ds = tf.data.Dataset.from_tensor_slices(ids).shuffle(len(ids), seed=seed)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.map(lambda x: tf.one_hot(x, vocab_size)).prefetch(tf.data.AUTOTUNE)
