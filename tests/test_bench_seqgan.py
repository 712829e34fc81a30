"""The rollout benchmark (bench/seqgan_rollouts.py): a smoke run that checks both ways agree."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_smoke_run_times_both_and_they_agree(capsys):
    spec = importlib.util.spec_from_file_location(
        "seqgan_rollouts", ROOT / "bench/seqgan_rollouts.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.main(
        ["--vocab", "60", "--length", "6", "--batch", "4", "--rollouts", "3", "--repeats", "1"]
    )
    assert result["max_reward_difference"] < 1e-5
    assert result["seconds"]["batched"] > 0 and result["seconds"]["per_prefix_loop"] > 0
    assert result["speedup"] == result["seconds"]["per_prefix_loop"] / result["seconds"]["batched"]
    assert result["completions_per_batch"] == 3 * 5 * 4
    assert "per-prefix loop" in capsys.readouterr().out
