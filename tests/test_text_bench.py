"""`python -m gan_tutorial bench text`: the command writes its table and throughput, refuses bad
arguments, and the results that ship with the package are whole."""

import json

import pytest

from gan_tutorial.__main__ import main
from gan_tutorial.experiments import text_bench


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
