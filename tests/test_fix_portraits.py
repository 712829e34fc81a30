import numpy as np
import pytest

from gan_tutorial.experiments import fix_portraits
from gan_tutorial.experiments.mode_bench import BASES


def test_the_command_writes_samples_scores_and_reports(cli, tmp_path):
    done = cli(
        "bench", "portraits", "--steps", "20", "--fixes", "minimax", "pacgan2",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    portraits = fix_portraits.read(tmp_path / "portraits.npz")
    meta = portraits["meta"]
    assert meta["command"].endswith(f"--out {tmp_path}") and meta["seed"] == 2
    assert [f["name"] for f in meta["fixes"]] == ["minimax", "pacgan2"]
    assert all(f["steps"] == 20 for f in meta["fixes"])
    minimax, packed = meta["fixes"]
    assert minimax["pointwise"] and minimax["probabilities"] and not packed["pointwise"]
    scores = portraits["minimax/scores"]
    assert scores.shape == (64, 64) and np.all((scores >= 0) & (scores <= 1))
    assert np.all(np.isnan(portraits["pacgan2/scores"]))
    assert portraits["pacgan2/samples"].shape == (1000, 2)
    assert not list(tmp_path.glob("*.partial"))


def test_bad_arguments_are_usage_errors(cli, tmp_path):
    done = cli("bench", "portraits", "--steps", "0", "--out", str(tmp_path))
    assert done.returncode == 2 and "--steps must be >= 1, got 0" in done.stderr
    done = cli("bench", "portraits", "--fixes", "dropout", "--out", str(tmp_path))
    assert done.returncode == 2 and "invalid choice: 'dropout'" in done.stderr
    assert not any(tmp_path.iterdir())
    with pytest.raises(ValueError, match="num_samples must be at most 2500"):
        fix_portraits.run(num_samples=3000)


def test_the_shipped_portraits_are_whole():
    """Every row at its own budget with seed 2, with its samples, its discriminator's scores
    (where it scores single points: D(x) in [0, 1], a critic's score finite) and its report."""
    portraits = fix_portraits.load()
    meta = portraits["meta"]
    assert meta["command"].startswith("python -m gan_tutorial bench portraits")
    assert "--steps" not in meta["command"] and meta["seed"] == 2
    assert [f["name"] for f in meta["fixes"]] == [f.name for f in fix_portraits.ROWS]
    for fix, entry in zip(fix_portraits.ROWS, meta["fixes"]):
        assert entry["steps"] == fix.apply(BASES["pacgan-ring"]).steps
        assert portraits[f"{fix.name}/samples"].shape == (1000, 2)
        scores = portraits[f"{fix.name}/scores"]
        assert scores.shape == (64, 64)
        assert np.all(np.isfinite(scores)) == entry["pointwise"]
        if entry["probabilities"] and entry["pointwise"]:
            assert np.all((scores >= 0) & (scores <= 1))
        assert 0 <= entry["modes"] <= 8
        assert entry["reverse_kl"] is None or entry["reverse_kl"] >= 0
