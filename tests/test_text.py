import hashlib
import http.server
import math
import socket
import threading
import time
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from gan_tutorial import GAN, data, metrics
from gan_tutorial.callbacks import TemperatureAnnealing
from gan_tutorial.models import GRUDiscriminator, LSTMGenerator

WORDS = ["cat", "dog", "bird", "fish", "cow"]


@pytest.fixture(scope="module")
def vocab():
    return data.Vocabulary.from_texts(WORDS)


# ----------------------------------------------------------------------------- vocabulary
def test_vocabulary_round_trip(vocab):
    assert vocab.tokens[:4] == ["<pad>", "<s>", "</s>", "<unk>"]
    assert len(vocab) == 4 + len(set("".join(WORDS)))
    ids = vocab.encode_batch(WORDS, max_length=6)
    assert ids.shape == (5, 6) and ids.dtype == np.int32
    np.testing.assert_array_equal(ids[0], vocab.encode("cat") + [2, 0, 0])
    assert vocab.decode_batch(ids) == WORDS
    assert vocab.decode_batch(np.eye(len(vocab))[ids]) == WORDS  # distributions too


def test_vocabulary_errors_name_the_problem(vocab):
    with pytest.raises(ValueError, match="character 'z' at position 0 of 'zoo'"):
        vocab.encode("zoo")
    assert vocab.encode("zoo", unknown="unk")[0] == vocab.unk_id
    with pytest.raises(ValueError, match=r"'bird' has 4 characters.*max_length >= 5, got max_len"):
        vocab.encode_batch(["bird"], max_length=4)
    with pytest.raises(ValueError, match="texts is empty"):
        data.Vocabulary.from_texts([])
    with pytest.raises(ValueError, match="single characters"):
        data.Vocabulary(["ab"])


def test_english_words_are_offline_lower_alpha_and_split():
    train, held, dictionary = data.english_words(3, 6, held_out=0.2, limit=5000, seed=1)
    assert len(train) == 4000 and len(held) == 1000 and not set(train) & set(held)
    assert all(
        w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 6 for w in train + held
    )
    assert set(train) <= dictionary and "cat" in dictionary and len(dictionary) > 30_000
    assert all(3 <= len(w) <= 6 for w in dictionary)
    assert data.english_words(3, 6, held_out=0.2, limit=5000, seed=1)[0] == train


def test_words_from_text():
    text = "The cat, the DOG and 3 birds-- a Cat's x!"
    assert data.words_from_text(text, 3, 5) == ["and", "birds", "cat", "dog", "the"]


# -------------------------------------------------------------------------- load_corpus
def test_load_corpus_downloads_verifies_and_caches(server, tmp_path):
    folder, base = server
    body = "the cat sat on the mat\n"
    (folder / "corpus.txt").write_text(body)
    digest = hashlib.sha256(body.encode()).hexdigest()
    cache = tmp_path / "cache"
    assert data.load_corpus(f"{base}/corpus.txt", sha256=digest, cache=cache) == body
    assert len(list(cache.iterdir())) == 1
    (folder / "corpus.txt").unlink()  # the server no longer has it: the cache answers
    assert data.load_corpus(f"{base}/corpus.txt", sha256=digest, cache=cache) == body


def test_load_corpus_rejects_a_wrong_checksum_and_forgets_the_download(server, tmp_path):
    folder, base = server
    (folder / "corpus.txt").write_text("tampered")
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match="sha256 mismatch"):
        data.load_corpus(f"{base}/corpus.txt", sha256="0" * 64, cache=cache)
    assert not list(cache.iterdir())


class Faulty(http.server.BaseHTTPRequestHandler):
    """/short announces 1,000 bytes and sends 19; /slow answers after 2 s; anything else: 404."""

    def do_GET(self):
        if self.path == "/short":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"the first 19 bytes.")
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args):
        pass


def test_a_failed_download_names_the_url_and_caches_nothing(tmp_path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Faulty)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{unused.getsockname()[1]}/c.txt"  # nothing listens there
    cache = tmp_path / "cache"
    try:
        with pytest.raises(OSError, match=rf"incomplete download of {base}/short: 19 of the 1000"):
            data.load_corpus(f"{base}/short", cache=cache)
        with pytest.raises(OSError, match=rf"cannot download {base}/missing: HTTP 404 Not Found"):
            data.load_corpus(f"{base}/missing", cache=cache)
        with pytest.raises(OSError, match=rf"{base}/slow"):
            data.load_corpus(f"{base}/slow", cache=cache, timeout=0.5)
        with pytest.raises(OSError, match=rf"cannot download {closed}: .*refused"):
            data.load_corpus(closed, cache=cache)
    finally:
        httpd.shutdown()
    assert list(cache.iterdir()) == []


def test_load_corpus_without_checksum_warns_with_it(server, tmp_path):
    folder, base = server
    (folder / "c.txt").write_text("words words")
    with pytest.warns(UserWarning, match=hashlib.sha256(b"words words").hexdigest()):
        data.load_corpus(f"{base}/c.txt", cache=tmp_path / "cache")


def test_load_corpus_local_files_and_errors(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("hello there")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert data.load_corpus(path) == "hello there"
        (tmp_path / "empty.txt").write_text("  \n")
        with pytest.raises(ValueError, match="is empty"):
            data.load_corpus(tmp_path / "empty.txt")
        (tmp_path / "latin1.txt").write_bytes("caf\u00e9 au lait".encode("latin-1"))
        with pytest.raises(
            ValueError, match=r"latin1.txt is not UTF-8 text: byte 0xe9 at offset 3"
        ):
            data.load_corpus(tmp_path / "latin1.txt")
        (tmp_path / "model.bin").write_bytes(b"PK\x03\x04\x00\x00binary")
        with pytest.raises(ValueError, match=r"model.bin is a binary file \(it has NUL bytes\)"):
            data.load_corpus(tmp_path / "model.bin")
    with pytest.raises(FileNotFoundError, match="path_or_url: no file"):
        data.load_corpus(tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="file path or an http"):
        data.load_corpus("ftp://example.org/x.txt")


# ------------------------------------------------------------------------------- models
def small_pair(vocab, length=6, **kwargs):
    g = LSTMGenerator(
        len(vocab), length, latent_dim=4, embedding_dim=8, hidden_dim=16, seed=0, **kwargs
    )
    return g, GRUDiscriminator(len(vocab), length, embedding_dim=8, hidden_dim=16)


def test_generator_writes_distributions_and_pads_after_end(vocab):
    g, _ = small_pair(vocab, straight_through=True)
    out = keras.ops.convert_to_numpy(g(np.random.default_rng(0).normal(size=(64, 4))))
    assert out.shape == (64, 6, len(vocab))
    np.testing.assert_allclose(out.sum(-1), 1, atol=1e-5)
    ids = out.argmax(-1)
    for row in ids:
        ends = np.flatnonzero(row == vocab.end_id)
        if len(ends):
            assert np.all(row[ends[0] + 1 :] == vocab.pad_id)
    hard = g.sample(64, temperature=1.0, seed=3)
    assert hard.shape == (64, 6)
    for row in hard:
        ends = np.flatnonzero(row == vocab.end_id)
        if len(ends):
            assert np.all(row[ends[0] + 1 :] == vocab.pad_id)


def test_soft_sequences_spend_at_most_one_end(vocab):
    """With a hot relaxation (tau = 5) each sequence's END mass over all positions is at most 1,
    and what is not yet ended plus what has ended is always 1."""
    g, _ = small_pair(vocab, tau=5.0)
    out = keras.ops.convert_to_numpy(g(np.random.default_rng(1).normal(size=(256, 4))))
    end_mass = out[:, :, vocab.end_id].sum(axis=1)
    assert end_mass.max() <= 1 + 1e-5 and end_mass.min() > 0.1
    np.testing.assert_allclose(out.sum(-1), 1, atol=1e-5)


def test_discriminator_reads_ids_and_one_hot_alike(vocab):
    _, d = small_pair(vocab)
    ids = vocab.encode_batch(WORDS, 6)
    by_ids = keras.ops.convert_to_numpy(d(ids))
    by_one_hot = keras.ops.convert_to_numpy(d(np.eye(len(vocab), dtype="float32")[ids]))
    assert by_ids.shape == (5, 1)
    np.testing.assert_allclose(by_ids, by_one_hot, atol=1e-6)
    # the lookup is the bias-free dense layer applied to one-hot vectors
    w = d.embed.kernel.numpy()
    np.testing.assert_allclose(np.eye(len(vocab))[ids] @ w, w[ids], atol=1e-7)


def test_gradients_flow_through_the_relaxed_path_and_not_the_hard_one(vocab):
    g, d = small_pair(vocab)
    z = tf.random.normal((16, 4), seed=1)
    with tf.GradientTape(persistent=True) as tape:
        soft = g(z, training=True)
        relaxed_score = tf.reduce_sum(d(soft))
        hard_score = tf.reduce_sum(d(tf.argmax(soft, axis=-1, output_type=tf.int32)))
    relaxed = tape.gradient(relaxed_score, g.trainable_weights)
    hard = tape.gradient(hard_score, g.trainable_weights)
    assert len(g.trainable_weights) >= 7
    for weight, grad in zip(g.trainable_weights, relaxed):
        assert grad is not None and float(tf.reduce_max(tf.abs(grad))) > 0, weight.path
    assert all(grad is None for grad in hard)


def test_text_models_reject_bad_input(vocab):
    with pytest.raises(ValueError, match="tau must be a finite number > 0"):
        LSTMGenerator(len(vocab), 6, tau=0.0)
    g, d = small_pair(vocab)
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        g.sample(4, temperature=-1.0)
    g.compile(optimizer="adam")
    with pytest.raises(ValueError, match=r"x must be token ids of shape \(n, 6\), got \(8, 7\)"):
        g.fit(np.zeros((8, 7), np.int32), verbose=0)
    with pytest.raises(ValueError, match=r"distributions must have shape \(batch, length, "):
        d(np.zeros((2, 6, 3), np.float32))
    with pytest.raises(ValueError, match="ids must lie in"):
        data.one_hot_dataset(np.full((4, 6), 99), len(vocab), 2)
    with pytest.raises(ValueError, match="batch_size must be between 1 and the 4 sequences"):
        data.one_hot_dataset(np.zeros((4, 6), np.int32), len(vocab), 8)
    ids, z = g.sample(3, seed=1, return_z=True)
    assert ids.shape == (3, 6) and z.shape == (3, 4)


def test_generator_saves_and_loads(vocab, tmp_path):
    g, _ = small_pair(vocab)
    g.tau.assign(0.3)
    g.save(tmp_path / "g.keras")
    again = keras.models.load_model(tmp_path / "g.keras")
    assert float(again.tau) == pytest.approx(0.3)
    np.testing.assert_array_equal(again.sample(8, seed=5), g.sample(8, seed=5))


def test_temperature_annealing_follows_the_schedule(vocab):
    g, d = small_pair(vocab)
    gan = GAN(g, d)
    gan.compile(d_optimizer="adam", g_optimizer="adam")
    annealing = TemperatureAnnealing(beta_max=100, steps=10)
    ids = vocab.encode_batch(WORDS * 8, 6)
    gan.fit(
        data.one_hot_dataset(ids, len(vocab), 4),
        epochs=2,
        verbose=0,
        shuffle=False,
        callbacks=[annealing],
    )
    assert annealing.tau_at(0) == 1.0 and annealing.tau_at(10) == pytest.approx(0.01)
    assert annealing.tau_at(5) == pytest.approx(0.1)
    assert float(g.tau) == pytest.approx(0.01)  # 20 steps, past the 10 of the schedule
    with pytest.raises(ValueError, match="beta_max must be a finite number >= 1"):
        TemperatureAnnealing(beta_max=0.5)


# ------------------------------------------------------------------------------ metrics
def test_word_report_known_answers():
    report = metrics.word_report(
        ["cat", "cat", "dog", "xqz", ""],
        dictionary={"cat", "dog", "emu"},
        train_words=["cat"],
        held_out_words=["dog", "emu"],
    )
    assert report["real"] == pytest.approx(3 / 5)
    assert report["new_real"] == pytest.approx(1 / 5)
    assert report["copied"] == pytest.approx(2 / 5)
    assert report["distinct"] == pytest.approx(4 / 5)
    assert metrics.ngram_jsd(["abc", "abd"], ["abc", "abd"]) == pytest.approx(0)
    assert metrics.ngram_jsd(["aaa"], ["bbb"]) == pytest.approx(math.log(2))
    assert metrics.char_ngrams(["at"], 2) == {"^a": 1, "at": 1, "t$": 1}
    with pytest.raises(ValueError, match="samples is empty"):
        metrics.word_report([], set(), [], [])


# ------------------------------------------------------------------------------ quality
def test_mle_pretraining_then_adversarial_training_make_real_words():
    """A short seeded run: 4 MLE epochs on 8,100 words take the real-word fraction of samples at
    temperature 0.7 from about 0 (untrained) to several percent, and 100 adversarial steps keep
    it well above the untrained generator's."""
    keras.utils.set_random_seed(0)
    train, held, dictionary = data.english_words(3, 6, limit=9000, seed=0)
    vocab = data.Vocabulary.from_texts(train)
    ids = vocab.encode_batch(train, 7)
    g = LSTMGenerator(len(vocab), 7, latent_dim=8, embedding_dim=16, hidden_dim=64, seed=0)

    def real_fraction():
        samples = vocab.decode_batch(g.sample(2000, temperature=0.7, seed=1))
        return metrics.word_report(samples, dictionary, train, held)["real"]

    untrained = real_fraction()
    g.compile(optimizer=keras.optimizers.Adam(3e-3), steps_per_execution=25)
    history = g.fit(ids, batch_size=128, epochs=4, verbose=0)
    assert history.history["nll"][-1] < 2.6  # log(30) = 3.4 for a uniform guess
    after_mle = real_fraction()
    gan = GAN(g, GRUDiscriminator(len(vocab), 7, embedding_dim=16, hidden_dim=64), seed=0)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
        steps_per_execution=25,
    )
    gan.fit(
        data.one_hot_dataset(ids, len(vocab), 64),
        epochs=1,
        steps_per_epoch=100,
        shuffle=False,
        verbose=0,
    )
    after_gan = real_fraction()
    assert untrained < 0.01
    assert after_mle > untrained + 0.05, (untrained, after_mle)
    assert after_gan > untrained + 0.03, (untrained, after_mle, after_gan)


# ------------------------------------------------------------------------- real text
PROSE = (
    'He said "no." Then (quietly) he left... It was a well-known road; don\'t ask! Why? '
    '"Because," she said.\n\nA new paragraph: it\'s here, with 3 cats and 12 dogs.'
)


def test_sentences_split_at_full_stops_and_paragraphs():
    assert data.split_sentences(PROSE) == [
        'He said "no."',
        "Then (quietly) he left...",
        "It was a well-known road; don't ask!",
        "Why?",
        '"Because," she said.',
        "A new paragraph: it's here, with 3 cats and 12 dogs.",
    ]
    assert data.split_sentences("one\n\n  two  lines\nthree\n", unit="line") == [
        "one",
        "two lines",
        "three",
    ]
    assert data.split_sentences("  \n\n \n") == []
    with pytest.raises(ValueError, match="unit must be 'sentence' or 'line', got 'word'"):
        data.split_sentences(PROSE, unit="word")


def test_tokens_round_trip_words_punctuation_and_unicode():
    for sentence in data.split_sentences(PROSE) + ["Caf\u00e9 \u00fcber na\u00efve\u2014ok?"]:
        tokens = data.tokenize(sentence)
        assert data.detokenize(tokens) == sentence
        assert data.tokenize(sentence, "char") == list(sentence)
        assert data.detokenize(list(sentence), "char") == sentence
    assert data.tokenize("don't stop, O'Brien!") == ["don't", "stop", ",", "O'Brien", "!"]
    # any tokens survive a round trip through text, even oddly spaced ones
    rng = np.random.default_rng(0)
    pool = data.tokenize(PROSE) + ["(", "-", "'", "\u2014", "$", "x"]
    for _ in range(200):
        tokens = list(rng.choice(pool, size=rng.integers(1, 12)))
        assert data.tokenize(data.detokenize(tokens)) == tokens
    with pytest.raises(ValueError, match="level must be 'word' or 'char', got 'byte'"):
        data.tokenize("a", "byte")


def test_a_word_vocabulary_keeps_the_most_frequent_tokens_and_maps_the_rest_to_unk():
    texts = ["the cat sat.", "the dog sat.", "the cat ran!"]
    vocab = data.Vocabulary.from_texts(texts, level="word", max_size=4 + 4)
    assert vocab.tokens[4:] == ["the", ".", "cat", "sat"]  # by count, ties alphabetical
    ids = vocab.encode("the dog sat.", unknown="unk")
    assert ids == [4, vocab.unk_id, 7, 5]
    assert vocab.decode(ids + [vocab.end_id, 6]) == "the <unk> sat."
    with pytest.raises(ValueError, match=r"token 'dog' at position 1 of 'the dog sat.'"):
        vocab.encode("the dog sat.")
    with pytest.raises(ValueError, match=r"'the cat sat.' has 4 tokens.*max_length >= 5"):
        vocab.encode_batch(["the cat sat."], max_length=4)
    upper = data.Vocabulary.from_texts(["The Cat"], level="word", lowercase=True)
    assert upper.encode("THE cat") == [upper.index["the"], upper.index["cat"]]
    with pytest.raises(ValueError, match="max_size must be an integer >= 5, got 3"):
        data.Vocabulary.from_texts(texts, level="word", max_size=3)
    with pytest.raises(ValueError, match="tokens has repeats"):
        data.Vocabulary(["a", "a"], level="word")


def corpus_text(n=300, seed=0):
    rng = np.random.default_rng(seed)
    words = ["cat", "dog", "bird", "sees", "likes", "the", "a", "big", "small", "red"]
    lines = []
    for _ in range(n):
        length = rng.integers(3, 9)
        lines.append(" ".join(rng.choice(words, size=length)).capitalize() + ".")
    return " ".join(lines)


def test_prepare_corpus_splits_encodes_and_reports():
    text = corpus_text() + " " + " ".join(["Word"] * 40) + "."  # one sentence of 41 tokens
    corpus = data.prepare_corpus(text, vocab_size=12, max_length=12, held_out=0.2, seed=1)
    report = corpus.report
    assert report["sentences"] == 301 and report["too_long"] == 1
    assert report["train"] + report["held_out"] == 300 and report["held_out"] == 60
    assert len(corpus.vocab) == 12 and corpus.vocab.tokens[4] in ("the", "a", ".")
    assert corpus.train_ids.shape == (240, 12) and corpus.held_out_ids.shape == (60, 12)
    assert 0.1 < report["held_out_unk_share"] < 0.5  # 11 words and '.' in a vocabulary of 8
    whole = data.prepare_corpus(text, vocab_size=100, max_length=12, held_out=0.2, seed=1)
    assert whole.report["held_out_unk_share"] == 0 and len(whole.vocab) == 4 + 11
    # every row: tokens, one END, then PAD; decoding gives back the (lower-cased) sentence
    for ids, sentence in zip(whole.train_ids, whole.train):
        end = list(ids).index(whole.vocab.end_id)
        assert set(ids[end + 1 :]) <= {whole.vocab.pad_id}
        assert whole.vocab.decode(ids) == sentence and sentence == sentence.lower()
    again = data.prepare_corpus(text, vocab_size=12, max_length=12, held_out=0.2, seed=1)
    np.testing.assert_array_equal(again.train_ids, corpus.train_ids)
    cut = data.prepare_corpus(text, max_length=12, too_long="cut", seed=1)
    assert cut.report["train"] + cut.report["held_out"] == 301
    chars = data.prepare_corpus(text, level="char", max_length=60, seed=1)
    assert chars.vocab.level == "char" and set(chars.vocab.characters) <= set(
        "abcdeghiklmnorstwy ."
    )


def test_prepare_corpus_can_keep_only_sentences_of_known_words():
    text = corpus_text(n=2000)
    common = data.prepare_corpus(text, vocab_size=12, max_length=12, seed=1, unknown="skip")
    report = common.report
    assert report["held_out_unk_share"] == 0 and len(common.vocab) == 12
    assert 0 < report["unknown_skipped"] < 2000
    assert report["train"] + report["held_out"] + report["unknown_skipped"] == 2000
    assert not (common.train_ids == common.vocab.unk_id).any()
    assert all("<unk>" not in sentence for sentence in common.train + common.held_out)
    kept = data.prepare_corpus(text, vocab_size=12, max_length=12, seed=1)
    assert kept.report["unknown_skipped"] == 0 and kept.report["held_out_unk_share"] > 0
    with pytest.raises(ValueError, match=r"among the 5 most frequent.*raise vocab_size"):
        data.prepare_corpus(text, vocab_size=9, max_length=12, seed=1, unknown="skip")
    with pytest.raises(ValueError, match="unknown must be 'keep' or 'skip', got 'drop'"):
        data.prepare_corpus(text, unknown="drop")


def test_prepare_corpus_names_what_is_wrong():
    text = corpus_text()
    with pytest.raises(ValueError, match=r"every one of the 300 sentences has more than 2 tokens"):
        data.prepare_corpus(text, max_length=3)
    with pytest.raises(ValueError, match=r"300 in all, 0 longer\), fewer than min_sentences=400"):
        data.prepare_corpus(text, min_sentences=400)
    with pytest.raises(ValueError, match="has 2 distinct tokens; a vocabulary needs >= 5"):
        data.prepare_corpus("Ha. " * 200, max_length=4)
    with pytest.raises(ValueError, match="too_long must be 'skip' or 'cut', got 'drop'"):
        data.prepare_corpus(text, too_long="drop")
    with pytest.raises(ValueError, match="vocab_size must be an integer >= 9, got 4"):
        data.prepare_corpus(text, vocab_size=4)
    with pytest.raises(ValueError, match=r"held_out must be a fraction in \(0, 1\), got 1"):
        data.prepare_corpus(text, held_out=1)


# ------------------------------------------------------------------------ sentence measures
def test_sentence_measures_have_known_answers():
    ids = np.array([[5, 6, 5, 6, 2, 0], [7, 2, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0], [5, 6, 7, 8, 9, 4]])
    sequences = metrics.sequences_from_ids(ids, end_id=2, pad_id=0)
    assert sequences == [[5, 6, 5, 6], [7], [], [5, 6, 7, 8, 9, 4]]
    # bigrams: (5,6) (6,5) (5,6) | - | - | (5,6) (6,7) (7,8) (8,9) (9,4): 6 distinct of 8
    assert metrics.distinct_n(sequences, 2) == pytest.approx(6 / 8)
    assert metrics.distinct_n([[1, 2, 3]], 1) == 1.0 and metrics.distinct_n([[1]], 2) == 0.0
    assert metrics.length_distance(sequences, sequences) == 0.0
    assert metrics.length_distance([[1], [2]], [[1, 2], [3, 4]]) == 1.0
    # lengths {4, 1, 0, 6} against {4, 4}: 1/4 of the mass matches
    assert metrics.length_distance(sequences, [[1, 2, 3, 4]] * 2) == pytest.approx(0.75)
    report = metrics.collapse_report(sequences, [[1, 2, 3, 4]] * 2)
    assert report["empty"] == 0.25 and report["one_token"] == 0.25 and report["distinct"] == 1.0
    assert report["mean_length"] == 2.75 and report["reference_mean_length"] == 4.0
    collapsed = metrics.collapse_report([[]] * 10, [[1, 2, 3]])
    assert collapsed["empty"] == 1.0 and collapsed["distinct"] == 0.1
    assert collapsed["length_distance"] == 1.0
    with pytest.raises(ValueError, match="samples is empty"):
        metrics.collapse_report([], [[1]])
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        metrics.distinct_n(sequences, 0)
    with pytest.raises(ValueError, match=r"ids must be an array \(n, length\), got shape \(3,\)"):
        metrics.sequences_from_ids(np.arange(3), 2, 0)


def test_wordnet_examples_are_read_from_the_glosses(tmp_path):
    header = "  1 This software and database is being provided to you, the LICENSEE, by  \n"
    line = (
        '00002684 03 n 02 object 0 001 @ 00001930 n 0000 | a thing; "it was a `big\' object"; '
        '"tiny"; "the object of my affection is here"  \n'
    )
    for part in ("noun", "verb", "adj"):
        (tmp_path / f"data.{part}").write_text(header + line)
    with pytest.raises(FileNotFoundError, match=r"missing .*data\.adv\): install Debian's"):
        data.wordnet_examples(tmp_path)
    (tmp_path / "data.adv").write_text(header + '00001 02 r 01 x 0 000 | in a way; "He did it!"\n')
    assert data.wordnet_examples(tmp_path, min_words=3) == [
        "He did it!",
        "It was a 'big' object.",
        "The object of my affection is here.",
    ]
    assert data.wordnet_examples(tmp_path, min_words=6) == ["The object of my affection is here."]


def test_the_wordnet_corpus_has_enough_sentences_for_a_text_gan():
    """Debian's wordnet-base (make test installs it): WordNet 3.0's examples, a real English
    sentence corpus that works offline."""
    sentences = data.wordnet_examples()
    assert len(sentences) > 30_000
    lengths = [len(s.split()) for s in sentences]
    assert 5 <= np.median(lengths) <= 10 and min(lengths) >= 4
    assert all(s[0].isupper() or not s[0].isalpha() for s in sentences[:1000])
    assert not any('"' in s for s in sentences)
    corpus = data.prepare_corpus(sentences, vocab_size=5000, max_length=24, seed=0)
    assert corpus.report["sentences"] == len(sentences) and corpus.report["too_long"] < 500
    assert corpus.report["train"] > 30_000 and corpus.report["held_out_unk_share"] < 0.2
