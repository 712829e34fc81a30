"""The text recipe transfers: a short seeded run on each of the benchmark's three corpora (the
word list letter by letter, WordNet's sentences word by word and letter by letter) does not
collapse and beats the untrained generator on BLEU-3. The benchmark command writes its table, and
the results that ship with the package are whole."""

import json

import pytest

from gan_tutorial.__main__ import main
from gan_tutorial.experiments import text_bench
from gan_tutorial.experiments.text_bench import Protocol

SHORT = Protocol(
    "short",
    mle_steps=100,
    mle_epoch_steps=100,
    gan_steps=25,
    num_samples=400,
    max_references=500,
    temperatures=(1.0,),
)


@pytest.mark.parametrize("corpus", list(text_bench.CORPORA))
def test_the_recipe_transfers_to_every_corpus(corpus):
    """The recipe's defaults, 100 MLE steps then 25 GAN steps, seed 0: fewer than 5% empty
    samples, more than 90% distinct ones, the length distribution within 0.35 (total variation)
    of the held-out sentences' and the mean length within 10% of theirs, and BLEU-3 at least 0.05
    above and twice the untrained generator's."""
    rows, _ = text_bench.run_one(corpus, seed=0, protocol=SHORT, methods=("GAN",), log=print)
    gan, untrained = rows["GAN"]["1.0"], rows["untrained"]["1.0"]
    assert gan["empty"] < 0.05, gan
    assert gan["distinct"] > 0.9, gan
    assert gan["length_distance"] < 0.35, gan
    assert abs(gan["mean_length"] / gan["reference_mean_length"] - 1) < 0.1, gan
    assert gan["bleu_3"] > max(untrained["bleu_3"] + 0.05, 2 * untrained["bleu_3"]), (
        gan["bleu_3"],
        untrained["bleu_3"],
    )


def test_the_bench_command_writes_its_table(tmp_path, capsys):
    out = tmp_path / "bench"
    argv = ["bench", "text", "--protocol", "smoke", "--seeds", "1", "--corpora", "words-char"]
    assert main([*argv, "--methods", "MLE", "--out", str(out)]) == 0
    results = json.loads((out / "text_smoke.json").read_text())
    assert results["command"] == "python -m gan_tutorial " + " ".join(
        [*argv, "--methods", "MLE", "--out", str(out)]
    )
    assert set(results["table"]) == {"words-char/untrained/1.0", "words-char/MLE/1.0"}
    speed = results["throughput"]
    assert set(speed["ratio_to_mle"]) == {"MLE", "GAN", "SeqGAN"}
    assert speed["ratio_to_mle"]["MLE"] == 1.0
    assert all(rate > 0 for rate in speed["tokens_per_second"].values())
    markdown = (out / "text_smoke.md").read_text()
    assert "| words-char | MLE | 1.0 |" in markdown and "ratio to MLE" in markdown
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--seeds", "0"], "--seeds must be >= 1, got 0"),
        (["--protocol", "huge"], "invalid choice: 'huge'"),
        (["--corpora", "novels"], "invalid choice: 'novels'"),
    ],
)
def test_the_bench_command_refuses_bad_arguments(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(["bench", "text", *argv, "--out", str(tmp_path / "out")])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_shipped_results_are_whole():
    """The quick protocol's results, as chapter 11 reads them: three seeds of every method on
    every corpus, and the command that made them."""
    results = text_bench.load_results("quick")
    assert results["command"] == "python -m gan_tutorial bench text --protocol quick"
    assert results["seeds"] == 3
    for corpus in text_bench.CORPORA:
        for method in ("untrained", *text_bench.METHODS):
            for temperature in results["protocol"]["temperatures"]:
                row = results["table"][f"{corpus}/{method}/{temperature}"]
                assert row["bleu_3"]["min"] <= row["bleu_3"]["mean"] <= row["bleu_3"]["max"]
    assert results["throughput"]["ratio_to_mle"]["MLE"] == 1.0
    with pytest.raises(FileNotFoundError, match="no shipped results for protocol 'nope'"):
        text_bench.load_results("nope")
