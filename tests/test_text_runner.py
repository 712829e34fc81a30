"""The text recipe from the command line (`python -m gan_tutorial train text`): a run on a small
corpus end to end, resumed; every method; every bad input refused before anything is written."""

import json
import re

import numpy as np
import pytest

from gan_tutorial.__main__ import main
from gan_tutorial.data.download import sha256_of
from gan_tutorial.experiments.runner import UsageError
from gan_tutorial.experiments.text import TextRecipe, load_text, train_text

NOUNS = ["cat", "dog", "bird", "fox", "cow", "hen", "owl", "pig"]
VERBS = ["sees", "likes", "chases", "finds", "hears"]
ADJECTIVES = ["big", "small", "red", "old", "quick"]


def sentences(n=400, seed=0):
    """Sentences of a small grammar: "The old fox sees a cat." (one per line)."""
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(n):
        subject = [rng.choice(["the", "a"]), *rng.choice(ADJECTIVES, rng.integers(0, 2))]
        obj = [rng.choice(["the", "a"]), *rng.choice(ADJECTIVES, rng.integers(0, 2))]
        words = [*subject, rng.choice(NOUNS), rng.choice(VERBS), *obj, rng.choice(NOUNS)]
        lines.append(" ".join(words).capitalize() + ".")
    return "\n".join(lines) + "\n"


TINY = TextRecipe(embedding_dim=16, hidden_dim=32, mle_steps=30, num_rollouts=2)


@pytest.fixture()
def corpus_file(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(sentences())
    return path


def test_train_text_from_a_url_writes_everything_and_resumes(cli, server, corpus_file, tmp_path):
    folder, url = server
    (folder / "corpus.txt").write_bytes(corpus_file.read_bytes())
    out = tmp_path / "run"
    args = ["--corpus", f"{url}/corpus.txt", "--sha256", sha256_of(corpus_file), "--unit", "line"]
    args += ["--max-length", "10", "--mle-steps", "40", "--log-every", "10"]
    args += ["--out", str(out), "--quiet"]
    first = cli("train", "text", "--steps", "20", *args)
    assert first.returncode == 0, first.stderr[-3000:]
    result = json.loads((out / "metrics.json").read_text())
    assert result["steps"] == 20 and result["resumed_from"] is None
    assert result["command"].startswith("python -m gan_tutorial train text --steps 20 --corpus")
    assert result["settings"]["method"] == "gan" and result["settings"]["level"] == "word"
    assert result["corpus"]["sha256"] == sha256_of(corpus_file)
    assert result["corpus_report"]["sentences"] == 400
    # 18 tokens (16 words, 'the', '.') against guessing among them
    assert result["held_out_nll"] < np.log(18)
    measures = result["by_temperature"]["1.0"]
    assert {"bleu_2", "bleu_5", "self_bleu_3", "distinct_2", "empty", "length_distance"} <= set(
        measures
    )
    assert len(measures["examples"]) == 10 and all(isinstance(s, str) for s in measures["examples"])
    assert sorted(p.name for p in (out / "samples").iterdir()) == [
        "step_0000010.txt",
        "step_0000020.txt",
    ]
    assert len((out / "samples" / "step_0000020.txt").read_text().splitlines()) == 50
    header, *rows = (out / "history.csv").read_text().splitlines()
    assert {"d_loss", "nll", "empty", "bleu_3"} <= set(header.split(",")) and len(rows) == 2
    assert any((out / "logs").rglob("events.out.tfevents.*"))
    vocab = json.loads((out / "vocab.json").read_text())
    assert vocab["tokens"][:4] == ["<pad>", "<s>", "</s>", "<unk>"] and "fox" in vocab["tokens"]

    second = cli("train", "text", "--steps", "30", *args)
    assert second.returncode == 0, second.stderr[-3000:]
    result = json.loads((out / "metrics.json").read_text())
    assert result["steps"] == 30 and result["resumed_from"] == 20

    checkpoint = (out / "checkpoint.keras").read_bytes()
    with pytest.raises(UsageError, match="holds another run.*'vocab_size': 100"):
        train_text(f"{url}/corpus.txt", vocab_size=100, unit="line", max_length=10, out=out)
    assert (out / "checkpoint.keras").read_bytes() == checkpoint


@pytest.mark.parametrize(("method", "steps"), [("mle", 30), ("seqgan", 2)])
def test_every_method_trains_and_resumes(method, steps, corpus_file, tmp_path):
    """MLE and SeqGAN through the runner (the GAN runs from the command line above), each
    resumed once from its checkpoint."""
    common = dict(
        corpus=str(corpus_file),
        unit="line",
        max_length=10,
        method=method,
        mle_steps=30,
        out=tmp_path,
        log_every=steps,
        recipe=TINY,
        num_eval_samples=100,
        verbose=0,
    )
    first = train_text(steps=steps, **common)
    assert first["steps"] == steps and first["resumed_from"] is None
    second = train_text(steps=2 * steps, **common)
    assert second["steps"] == 2 * steps and second["resumed_from"] == steps
    # 14 words, 'the', 'a' and '.' (and END) against guessing among the 22 tokens
    assert second["held_out_nll"] < np.log(22)


def test_the_book_corpora_load_by_name():
    words, source = load_text("english-words", level="char", max_length=9)
    assert source == {"name": "english-words"} and words.vocab.level == "char"
    assert words.report["too_long"] == 0 and words.report["sentences"] > 80_000
    wordnet, _ = load_text("wordnet", vocab_size=2000, max_length=16)
    assert wordnet.report["sentences"] > 30_000 and len(wordnet.vocab) == 2000
    known, _ = load_text("wordnet", vocab_size=2000, max_length=16, unknown="skip")
    assert known.report["held_out_unk_share"] == 0 and known.report["train"] > 3000


def bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    binary = tmp_path / "model.bin"
    binary.write_bytes(b"\x00\x01\x02 binary")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le caf\u00e9 est bon.\n".encode("latin-1") * 200)
    few = tmp_path / "few.txt"
    few.write_text(sentences(20))
    monotone = tmp_path / "monotone.txt"
    monotone.write_text("A b a b.\n" * 200)
    good = tmp_path / "good.txt"
    good.write_text(sentences())
    return [
        ([str(empty)], "empty.txt is empty"),
        ([str(binary)], "model.bin is a binary file"),
        ([str(latin)], "latin.txt is not UTF-8 text: byte 0xe9"),
        ([str(few), "--unit", "line"], "20 sentences of at most 31 tokens.*min_sentences=100"),
        ([str(good), "--max-length", "4"], "every one of the 400 sentences has more than 3 tokens"),
        ([str(monotone), "--unit", "line"], "3 distinct tokens; a vocabulary needs >= 5"),
        ([str(good), "--sha256", "0" * 64], "sha256 mismatch for .*good.txt"),
        ([str(tmp_path / "missing.txt")], "no file at .*missing.txt"),
    ]


def run_main(capsys, *args):
    """``python -m gan_tutorial ARGS`` in this process: ``(exit status, last line of stderr)``."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return exit_info.value.code, capsys.readouterr().err.strip().splitlines()[-1]


def test_bad_input_is_a_usage_error_and_writes_nothing(cli, capsys, tmp_path):
    out = tmp_path / "out"
    for corpus, message in bad_inputs(tmp_path):
        status, last = run_main(capsys, "train", "text", "--corpus", *corpus, "--out", str(out))
        assert status == 2, (corpus, last)
        assert last.startswith(f"python -m gan_tutorial: error: --corpus {corpus[0]}: "), last
        assert re.search(message, last), (message, last)
        assert not out.exists()
    # and from the shell: a usage error, no traceback
    result = cli("train", "text", "--corpus", str(tmp_path / "empty.txt"), "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "empty.txt is empty" in result.stderr and not out.exists()


def test_bad_settings_are_refused(capsys, tmp_path, corpus_file):
    for args, message in [
        (["--method", "wgan"], "invalid choice: 'wgan'"),
        (["--level", "byte"], "invalid choice: 'byte'"),
        (["--unknown", "drop"], "invalid choice: 'drop'"),
        (["--vocab-size", "0"], "--vocab-size must be >= 1, got 0"),
        (["--max-length", "-3"], "--max-length must be >= 1, got -3"),
        (["--steps", "0"], "--steps must be >= 1, got 0"),
        (["--strategy", "mirrored"], "--strategy default only"),
    ]:
        status, last = run_main(capsys, "train", "text", "--corpus", str(corpus_file), *args)
        assert status == 2 and message in last, (args, last)
    status, last = run_main(capsys, "train", "ring-8", "--corpus", str(corpus_file))
    assert status == 2 and "--corpus go with the text and words presets only" in last
    # chapter 6's words preset is the text recipe on the word list, letter by letter
    status, last = run_main(capsys, "train", "words", "--vocab-size", "3")
    assert status == 2 and "--corpus english-words: vocab_size must be an integer >= 9" in last
    with pytest.raises(UsageError, match="--method must be one of gan, seqgan, mle, got 'gpt'"):
        train_text(corpus=str(corpus_file), method="gpt", out=tmp_path)
