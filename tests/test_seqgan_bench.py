"""The SeqGAN oracle benchmark on a tiny protocol: every phase runs, MLE beats the random
generator on both NLLs, and the results are written with the published values beside them."""

import dataclasses
import json
import os

import pytest

from gan_tutorial.data.oracle import oracle, sequence_nll
from gan_tutorial.experiments import seqgan_bench
from gan_tutorial.experiments.seqgan_bench import Protocol

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
def weights_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("weights")


@pytest.fixture(scope="module")
def results(weights_dir):
    return seqgan_bench.run(
        TINY, seed=0, command="test", log=lambda line: None, weights_dir=weights_dir
    )


def test_every_phase_is_measured_and_mle_learns_the_oracle(results):
    rows = results["rows"]
    assert list(rows) == ["oracle", "random", "MLE", "SeqGAN"]
    assert rows["oracle"]["nll_test"] < rows["MLE"]["nll_test"]  # cross-entropy >= entropy
    assert rows["MLE"]["nll_oracle"] < rows["random"]["nll_oracle"] - 0.2
    assert rows["MLE"]["nll_test"] < rows["random"]["nll_test"] - 0.2
    assert [point["step"] for point in results["curve"]] == [0, 1, 2]
    assert results["curve"][0]["nll_test"] == rows["MLE"]["nll_test"]
    assert results["curve"][-1]["nll_oracle"] == rows["SeqGAN"]["nll_oracle"]


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
    assert json_path.name == "seqgan_oracle_tiny_seed0.json"
    assert json.loads(json_path.read_text())["rows"] == json.loads(json.dumps(results["rows"]))
    table = md_path.read_text()
    assert "| MLE |" in table and "9.038" in table and "| RelGAN | | | 6.680 |" in table
    umask = os.umask(0)
    os.umask(umask)
    assert json_path.stat().st_mode & 0o777 == md_path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_generators_are_saved_whole_and_the_shipped_ones_are_those_of_the_results(
    results, weights_dir
):
    saved = sorted(weights_dir.iterdir())
    names = [f"seqgan_oracle_tiny_seed0_{phase}_weights.npz" for phase in ("MLE", "SeqGAN")]
    assert [path.name for path in saved] == names
    umask = os.umask(0)
    os.umask(umask)
    assert all(path.stat().st_mode & 0o777 == 0o666 & ~umask for path in saved)
    # the shipped chapter run: its MLE generator scores the regenerated held-out data as the
    # results say (the same weights, the same data)
    shipped = seqgan_bench.load_results("chapter")
    p = seqgan_bench.PROTOCOLS["chapter"]
    truth = oracle(p.vocab_size, p.length, p.hidden_dim, p.hidden_dim, seed=shipped["seed"])
    held_out = truth.sample(p.num_held_out, seed=shipped["seed"] + 2)
    for phase in ("MLE", "SeqGAN"):
        generator = seqgan_bench.load_generator("chapter", phase)
        nll = sequence_nll(generator, held_out[: p.eval_samples])
        # the same number on the machine that made it; another machine's rounding changes the
        # held-out samples a little, while MLE and SeqGAN are 0.35 nats apart
        assert nll == pytest.approx(shipped["rows"][phase]["nll_test"], abs=0.05)
    with pytest.raises(ValueError, match="phase must be 'MLE' or 'SeqGAN', got 'GAN'"):
        seqgan_bench.load_generator("chapter", "GAN")


def test_saving_the_weights_does_not_change_the_run(results):
    again = seqgan_bench.run(TINY, seed=0, command="test", log=lambda line: None)
    assert again["rows"] == results["rows"] and again["curve"] == results["curve"]


def test_the_control_differs_from_the_chapter_only_in_its_reward():
    chapter, control = (
        seqgan_bench.PROTOCOLS[name] for name in ("chapter", "chapter-constant-reward")
    )
    assert control.constant_reward == 0.5 and chapter.constant_reward is None
    assert dataclasses.replace(control, name="chapter", constant_reward=None) == chapter


def test_unknown_protocol_is_named():
    with pytest.raises(ValueError, match="unknown protocol 'full'"):
        seqgan_bench.run("full")
    with pytest.raises(FileNotFoundError, match="no shipped results for protocol 'tiny'"):
        seqgan_bench.load_results("tiny")


def test_the_command_line_runs_a_protocol_and_writes_its_tables(monkeypatch, tmp_path, capsys):
    from gan_tutorial.__main__ import main

    monkeypatch.setitem(seqgan_bench.PROTOCOLS, "quick", TINY)  # the tiny budgets, same path
    assert main(["bench", "seqgan-oracle", "--quick", "--out", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "seqgan_oracle_tiny_seed0.json").read_text())
    assert written["command"].endswith("bench seqgan-oracle --quick --out " + str(tmp_path))
    assert written["protocol"]["name"] == "tiny"
    assert "| SeqGAN |" in capsys.readouterr().out


def test_quick_and_another_protocol_is_a_usage_error(capsys):
    from gan_tutorial.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["bench", "seqgan-oracle", "--quick", "--protocol", "chapter"])
    assert exit_.value.code == 2
    assert "--quick is --protocol quick; it cannot go with --protocol chapter" in (
        capsys.readouterr().err
    )
