"""The networks and the text data refuse what they cannot use (issue 19): each wrong call below
was accepted (and built, split or decoded something wrong) or failed deep inside Keras,
TensorFlow or NumPy without naming the argument. Now it raises where the value enters, naming
the argument, the value and what was expected."""

import numpy as np
import pytest

from gan_tutorial import data, models
from gan_tutorial.data import oracle
from gan_tutorial.data.download import download

SENTENCES = [f"the cat number {i} sat on a mat ." for i in range(120)]


def _vocab():
    return data.Vocabulary(list("abcdefgh"))


def _generator():
    return models.LSTMGenerator(10, 5, latent_dim=0, embedding_dim=4, hidden_dim=4)


def _one_hot(ids=((4, 5, 2, 0), (6, 7, 2, 0)), vocab_size=10, batch_size=2):
    return data.one_hot_dataset(np.array(ids), vocab_size, batch_size)


CASES = [
    # ------------------------------------------------------------------------- text data
    pytest.param(
        lambda: data.tokenize(123), TypeError, "text must be a string, got 123", id="tokenize(123)"
    ),
    pytest.param(
        lambda: data.split_sentences(123),
        TypeError,
        "text must be a string, got 123",
        id="split_sentences(123)",
    ),
    pytest.param(
        lambda: data.words_from_text(123),
        TypeError,
        "text must be a string, got 123",
        id="words_from_text(123)",
    ),
    pytest.param(
        lambda: data.detokenize("hello"),
        TypeError,
        "tokens must be a list of strings, got 'hello'",
        id="detokenize('hello')",
    ),
    pytest.param(
        lambda: _vocab().encode_batch("abc", 4),
        TypeError,
        "texts must be a list of strings, got the string",
        id="encode_batch('abc', 4)",
    ),
    pytest.param(
        lambda: _vocab().encode_batch(["ab"], max_length=-1),
        ValueError,
        "max_length must be an integer >= 1, got -1",
        id="encode_batch(max_length=-1)",
    ),
    pytest.param(
        lambda: _vocab().encode_batch(["ab"], max_length="5"),
        TypeError,
        "max_length must be an integer >= 1, got '5'",
        id="encode_batch(max_length='5')",
    ),
    pytest.param(
        lambda: _vocab().decode([[5, 6], [7, 8]]),
        ValueError,
        r"ids must be one sequence \(length,\), got shape \(2, 2",
        id="decode(a batch)",
    ),
    pytest.param(
        lambda: _vocab().decode([4.9, 5.7]),
        ValueError,
        r"whole-number token ids, got \[4.9, 5.7\]",
        id="decode(fractional ids)",
    ),
    pytest.param(
        lambda: _vocab().decode_batch([5, 6, 7]),
        ValueError,
        r"ids must be a batch .* got shape \(3,\)",
        id="decode_batch(one sequence)",
    ),
    pytest.param(
        lambda: data.prepare_corpus(123),
        TypeError,
        "text must be a string or a list of sentences, got 123",
        id="prepare_corpus(123)",
    ),
    pytest.param(
        lambda: data.prepare_corpus(SENTENCES, unit="bogus"),
        ValueError,
        "unit must be 'sentence' or 'line', got 'bogus'",
        id="prepare_corpus(a list, unit='bogus')",
    ),
    pytest.param(
        lambda: data.prepare_corpus(SENTENCES, held_out=0.999),
        ValueError,
        "held_out=0.999 of the 120 sentences leaves none for training",
        id="prepare_corpus(held_out=0.999)",
    ),
    pytest.param(
        lambda: data.prepare_corpus(SENTENCES, held_out="0.1"),
        TypeError,
        "held_out must be a finite number, got '0.1'",
        id="prepare_corpus(held_out='0.1')",
    ),
    pytest.param(
        lambda: data.prepare_corpus(SENTENCES, min_sentences=-3),
        ValueError,
        "min_sentences must be an integer >= 1, got -3",
        id="prepare_corpus(min_sentences=-3)",
    ),
    pytest.param(
        lambda: data.prepare_corpus(SENTENCES, lowercase="no"),
        TypeError,
        "lowercase must be True or False, got 'no'",
        id="prepare_corpus(lowercase='no')",
    ),
    pytest.param(
        lambda: data.prepare_corpus(SENTENCES, seed=-1),
        ValueError,
        "seed must be an integer >= 0, got -1",
        id="prepare_corpus(seed=-1)",
    ),
    pytest.param(
        lambda: data.words_from_text("a b", min_length="3"),
        TypeError,
        "min_length must be an integer >= 1, got '3'",
        id="words_from_text(min_length='3')",
    ),
    pytest.param(
        lambda: data.english_words(min_length="3"),
        TypeError,
        "min_length must be an integer >= 1, got '3'",
        id="english_words(min_length='3')",
    ),
    pytest.param(
        lambda: data.english_words(limit=2, held_out=0.9),
        ValueError,
        "held_out=0.9 of the 2 words leaves none for training",
        id="english_words(limit=2, held_out=0.9)",
    ),
    pytest.param(
        lambda: data.load_corpus("corpus.txt", sha256=123),
        TypeError,
        "sha256 must be a string of 64 hex digits, got 123",
        id="load_corpus(sha256=123)",
    ),
    pytest.param(
        lambda: data.load_corpus("corpus.txt", sha256="abc"),
        ValueError,
        "sha256 must be 64 hex digits, got 'abc'",
        id="load_corpus(sha256='abc')",
    ),
    pytest.param(
        lambda: _one_hot(vocab_size=10.5),
        ValueError,
        "vocab_size must be an integer >= 1, got",
        id="one_hot_dataset(vocab_size=10.5)",
    ),
    pytest.param(
        lambda: _one_hot(vocab_size="10"),
        TypeError,
        "vocab_size must be an integer >= 1, got",
        id="one_hot_dataset(vocab_size='10')",
    ),
    pytest.param(
        lambda: _one_hot(batch_size=1.5),
        ValueError,
        "batch_size must be an integer >= 1, got",
        id="one_hot_dataset(batch_size=1.5)",
    ),
    pytest.param(
        lambda: _one_hot(ids=np.array([[4.7, 5.7, 2.0, 0.0]] * 2)),
        ValueError,
        "ids must be whole-number token ids, got dtype",
        id="one_hot_dataset(ids 4.7)",
    ),
    # -------------------------------------------------------------------------- networks
    pytest.param(
        lambda: models.mlp_generator(2, 2, hidden=64),
        TypeError,
        "hidden must be a tuple of layer widths, e.g. .*, got 64",
        id="mlp_generator(hidden=64)",
    ),
    pytest.param(
        lambda: models.mlp_generator(2, 2, hidden=(64, 0)),
        ValueError,
        "every width in hidden must be an integer >= 1, got 0",
        id="mlp_generator(hidden=(64, 0))",
    ),
    pytest.param(
        lambda: models.mlp_generator(2.5, 2),
        ValueError,
        "latent_dim must be an integer >= 1, got 2.5",
        id="mlp_generator(2.5, 2)",
    ),
    pytest.param(
        lambda: models.mlp_generator(-1, 2),
        ValueError,
        "latent_dim must be an integer >= 1, got -1",
        id="mlp_generator(-1, 2)",
    ),
    pytest.param(
        lambda: models.mlp_generator(2, 0),
        ValueError,
        "output_dim must be an integer >= 1, got 0",
        id="mlp_generator(2, 0)",
    ),
    pytest.param(
        lambda: models.mlp_discriminator(2, pack=0),
        ValueError,
        "pack must be an integer >= 1, got 0",
        id="mlp_discriminator(pack=0)",
    ),
    pytest.param(
        lambda: models.mlp_discriminator(2, pack=-3),
        ValueError,
        "pack must be an integer >= 1, got -3",
        id="mlp_discriminator(pack=-3)",
    ),
    pytest.param(
        lambda: models.mlp_discriminator(2, hidden=(), minibatch_std=True),
        ValueError,
        r"minibatch_std needs a hidden layer .* got hidden=\(\)",
        id="mlp_discriminator(hidden=(), minibatch_std=True)",
    ),
    pytest.param(
        lambda: models.dcgan_generator(num_classes=1),
        ValueError,
        "num_classes must be an integer >= 2, got",
        id="dcgan_generator(num_classes=1)",
    ),
    pytest.param(
        lambda: models.dcgan_generator(latent_dim="64"),
        TypeError,
        "latent_dim must be a positive integer",
        id="dcgan_generator(latent_dim='64')",
    ),
    pytest.param(
        lambda: models.dcgan_discriminator(dropout="0.3"),
        TypeError,
        "dropout must be a finite number, got",
        id="dcgan_discriminator(dropout='0.3')",
    ),
    pytest.param(
        lambda: models.dirac_generator(theta=float("nan")),
        ValueError,
        "theta must be a finite number, got nan",
        id="dirac_generator(theta=nan)",
    ),
    pytest.param(
        lambda: models.dirac_generator(theta="a"),
        TypeError,
        "theta must be a finite number, got 'a'",
        id="dirac_generator(theta='a')",
    ),
    pytest.param(
        lambda: models.linear_discriminator(psi=float("inf")),
        ValueError,
        "psi must be a finite number, got inf",
        id="linear_discriminator(psi=inf)",
    ),
    pytest.param(
        lambda: models.LSTMGenerator(10.9, 5),
        ValueError,
        "vocab_size must be an integer >= 5, got 10.9",
        id="LSTMGenerator(10.9, 5)",
    ),
    pytest.param(
        lambda: models.LSTMGenerator(10, 5, hidden_dim=0),
        ValueError,
        "hidden_dim must be an integer >= 1, got 0",
        id="LSTMGenerator(hidden_dim=0)",
    ),
    pytest.param(
        lambda: models.LSTMGenerator(10, 5, embedding_dim=-2),
        ValueError,
        "embedding_dim must be an integer >= 1, got -2",
        id="LSTMGenerator(embedding_dim=-2)",
    ),
    pytest.param(
        lambda: _generator().log_probs([[99, 1, 2, 3, 4]]),
        ValueError,
        r"ids must hold token ids in \[0, 10\) .* got 1 to 99",
        id="LSTMGenerator.log_probs(ids with 99)",
    ),
    pytest.param(
        lambda: _generator().log_probs([[-1, 1, 2, 3, 4]]),
        ValueError,
        r"ids must hold token ids in \[0, 10\) .* got -1 to 4",
        id="LSTMGenerator.log_probs(ids with -1)",
    ),
    pytest.param(
        lambda: _generator().sample(2.5),
        ValueError,
        "num_samples must be an integer >= 1, got 2.5",
        id="LSTMGenerator.sample(2.5)",
    ),
    pytest.param(
        lambda: models.GRUDiscriminator(10, 5, hidden_dim=0),
        ValueError,
        "hidden_dim must be an integer >= 1, got 0",
        id="GRUDiscriminator(hidden_dim=0)",
    ),
    pytest.param(
        lambda: models.GRUDiscriminator(10, 5, 4, 4)(np.array([[99, 1, 2, 3, 4]])),
        ValueError,
        r"ids must hold token ids in \[0, 10\) .* got 1 to 99",
        id="GRUDiscriminator called on ids with 99",
    ),
    # ---------------------------------------------------------------- the synthetic oracle
    pytest.param(
        lambda: oracle.sequence_nll(oracle.oracle(10, 5, 4, 4), np.ones((2, 5), int), batch_size=0),
        ValueError,
        "batch_size must be an integer >= 1, got 0",
        id="sequence_nll(batch_size=0)",
    ),
    pytest.param(
        lambda: oracle.sequence_nll(
            oracle.oracle(10, 5, 4, 4), np.ones((2, 5), int), batch_size=-1
        ),
        ValueError,
        "batch_size must be an integer >= 1, got -1",
        id="sequence_nll(batch_size=-1)",
    ),
    pytest.param(
        lambda: oracle.sequence_nll(models.mlp_discriminator(5), np.ones((2, 5), int)),
        TypeError,
        "model must be an LSTMGenerator, got Sequential",
        id="sequence_nll(a dense model)",
    ),
    pytest.param(
        lambda: oracle.reinitialize(_generator(), "a"),
        TypeError,
        "stddev must be a finite number > 0, got 'a'",
        id="reinitialize(generator, 'a')",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_the_models_and_text_data_refuse(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_download_with_a_malformed_checksum_fetches_and_caches_nothing(server, tmp_path):
    """It downloaded the file, then failed on ``sha256.lower()`` (an int) or deleted it after a
    certain mismatch (a checksum that is not 64 hex digits)."""
    folder, base = server
    (folder / "corpus.txt").write_text("the cat sat on the mat\n")
    cache = tmp_path / "cache"
    with pytest.raises(TypeError, match="sha256 must be a string of 64 hex digits, got 123"):
        download(f"{base}/corpus.txt", sha256=123, cache=cache)
    with pytest.raises(ValueError, match="sha256 must be 64 hex digits, got 'sha256:0'"):
        download(f"{base}/corpus.txt", sha256="sha256:0", cache=cache)
    with pytest.raises(ValueError, match="timeout must be a finite number > 0, got 0"):
        download(f"{base}/corpus.txt", cache=cache, timeout=0)
    with pytest.raises(TypeError, match="cache must be a folder's path, got 5"):
        download(f"{base}/corpus.txt", cache=5)
    assert not cache.exists()


def test_reinitializing_with_an_infinite_spread_leaves_the_weights_alone():
    """``reinitialize(model, inf)`` set every weight to +-inf."""
    generator = _generator()
    before = generator.get_weights()
    with pytest.raises(ValueError, match="stddev must be a finite number > 0, got inf"):
        oracle.reinitialize(generator, float("inf"))
    for old, new in zip(before, generator.get_weights()):
        np.testing.assert_array_equal(old, new)
