"""The rollout benchmark (`gan_tutorial.experiments.seqgan_rollouts`): a smoke run that checks
both ways agree."""

from gan_tutorial.experiments import seqgan_rollouts as bench


def test_a_smoke_run_times_both_and_they_agree(capsys):
    result = bench.main(
        ["--vocab", "60", "--length", "6", "--batch", "4", "--rollouts", "3", "--repeats", "1"]
    )
    assert result["max_reward_difference"] < 1e-5
    assert result["seconds"]["batched"] > 0 and result["seconds"]["per_prefix_loop"] > 0
    assert result["speedup"] == result["seconds"]["per_prefix_loop"] / result["seconds"]["batched"]
    assert result["completions_per_batch"] == 3 * 5 * 4
    assert "per-prefix loop" in capsys.readouterr().out
