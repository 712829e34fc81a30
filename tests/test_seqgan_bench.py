"""The SeqGAN oracle benchmark on a tiny protocol: every phase runs, MLE beats the random
generator on both NLLs, and the results are written with the published values beside them."""

import json

import pytest

from gan_tutorial import seqgan_bench
from gan_tutorial.seqgan_bench import Protocol

TINY = Protocol(
    "tiny",
    vocab_size=40,
    length=8,
    hidden_dim=16,
    num_sequences=640,
    mle_epochs=8,
    d_pretrain_rounds=1,
    d_epochs=1,
    adversarial_steps=2,
    d_rounds_per_step=1,
    num_rollouts=2,
    eval_samples=400,
    eval_every=1,
)


@pytest.fixture(scope="module")
def results():
    return seqgan_bench.run(TINY, seed=0, command="test", log=lambda line: None)


def test_every_phase_is_measured_and_mle_learns_the_oracle(results):
    rows = results["rows"]
    assert list(rows) == ["oracle", "random", "MLE", "SeqGAN"]
    assert rows["oracle"]["nll_test"] < rows["MLE"]["nll_test"]  # cross-entropy >= entropy
    assert rows["MLE"]["nll_oracle"] < rows["random"]["nll_oracle"] - 0.2
    assert rows["MLE"]["nll_test"] < rows["random"]["nll_test"] - 0.2
    assert [step for step, _ in results["curve"]] == [0, 1, 2]


def test_the_time_of_a_protocol_is_estimated_from_the_phases_it_timed(results):
    timings = results["timings"]
    assert sorted(timings) == ["d_epoch", "generator_step", "mle_epoch"]
    assert all(0 < seconds < results["seconds"] for seconds in timings.values())
    # 8 MLE epochs, (1 + 2 x 1) discriminator epochs, 2 generator steps
    expected = 8 * timings["mle_epoch"] + 3 * timings["d_epoch"] + 2 * timings["generator_step"]
    assert seqgan_bench.estimated_seconds(timings, TINY) == pytest.approx(expected)
    # the published protocol: 120 + (50 + 200 x 5) x 3 epochs + 200 steps
    unit = {"mle_epoch": 1.0, "d_epoch": 1.0, "generator_step": 1.0}
    assert seqgan_bench.estimated_seconds(unit) == 120 + 3150 + 200
    assert seqgan_bench.estimated_seconds(timings, TINY) < results["seconds"]  # evaluations too


def test_results_are_written_as_json_and_markdown(results, tmp_path):
    json_path, md_path = seqgan_bench.write(results, tmp_path)
    assert json_path.name == "seqgan_oracle_tiny.json"
    assert json.loads(json_path.read_text())["rows"] == json.loads(json.dumps(results["rows"]))
    table = md_path.read_text()
    assert "| MLE |" in table and "9.038" in table and "| RelGAN | | | 6.680 |" in table


def test_unknown_protocol_is_named():
    with pytest.raises(ValueError, match="unknown protocol 'full'"):
        seqgan_bench.run("full")
    with pytest.raises(FileNotFoundError, match="no shipped results for protocol 'tiny'"):
        seqgan_bench.load_results("tiny")


def test_the_command_line_runs_a_protocol_and_writes_its_tables(monkeypatch, tmp_path, capsys):
    from gan_tutorial.__main__ import main

    monkeypatch.setitem(seqgan_bench.PROTOCOLS, "quick", TINY)  # the tiny budgets, same path
    assert main(["bench", "seqgan-oracle", "--quick", "--out", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "seqgan_oracle_tiny.json").read_text())
    assert written["command"].endswith("bench seqgan-oracle --quick --out " + str(tmp_path))
    assert written["protocol"]["name"] == "tiny"
    assert "| SeqGAN |" in capsys.readouterr().out
