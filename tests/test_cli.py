import json
import re

import pytest

from gan_tutorial.experiments import presets
from gan_tutorial.experiments.runner import UsageError, make_strategy, plan_epochs, train


def test_train_writes_everything_and_resumes(cli, tmp_path):
    out = tmp_path / "run"
    first = cli(
        "train", "gaussian-1d", "--steps", "200", "--log-every", "100", "--out", str(out), "--quiet"
    )
    assert first.returncode == 0, first.stderr[-3000:]
    result = json.loads((out / "metrics.json").read_text())
    assert result["steps"] == 200 and result["resumed_from"] is None
    assert result["command"] == (
        f"python -m gan_tutorial train gaussian-1d --steps 200 --log-every 100 --out {out} --quiet"
    )
    assert set(result["metrics"]) == {
        "modes",
        "modes_min_count",
        "high_quality",
        "reverse_kl",
        "histogram",
    }
    assert (out / "checkpoint.keras").is_file()
    assert sorted(p.name for p in (out / "samples").iterdir()) == [
        "step_0000100.png",
        "step_0000200.png",
    ]
    assert any((out / "logs").rglob("events.out.tfevents.*"))
    header, *rows = (out / "history.csv").read_text().splitlines()
    assert "d_loss" in header and "high_quality" in header and len(rows) == 2

    second = cli(
        "train", "gaussian-1d", "--steps", "400", "--log-every", "100", "--out", str(out), "--quiet"
    )
    assert second.returncode == 0, second.stderr[-3000:]
    result = json.loads((out / "metrics.json").read_text())
    assert result["resumed_from"] == 200 and result["steps"] == 400
    assert len((out / "history.csv").read_text().splitlines()) == 1 + 4


def test_a_1d_preset_learns_its_gaussian(tmp_path):
    """The gaussian-1d preset's 3,000 steps put nearly all samples within 3 std of the mean."""
    result = train("gaussian-1d", out=tmp_path, verbose=0)
    assert result["steps"] == 3000
    assert result["metrics"]["high_quality"] > 0.97  # 0.9973 for the exact distribution


def test_ring_preset_covers_all_eight_modes(tmp_path):
    """The quality test of the one training loop: with seed 0, 4,000 steps of chapter 1's recipe
    cover all 8 modes of the ring, each with at least 20 of 2,500 samples, and most samples lie
    within 3 std of a mode (0.70 to 0.85 over seeds 0-4 when this test was written)."""
    result = train("ring-8", steps=4000, seed=0, out=tmp_path, verbose=0)
    metrics = result["metrics"]
    assert metrics["modes"] == 8 and metrics["modes_min_count"] == 8, metrics
    assert metrics["high_quality"] > 0.5, metrics
    assert metrics["reverse_kl"] < 0.1, metrics


def test_bad_arguments_get_clear_errors(cli):
    unknown = cli("train", "ring-9")
    assert unknown.returncode == 2 and "invalid choice: 'ring-9'" in unknown.stderr
    uneven = cli("train", "ring-8", "--steps", "700", "--out", "unused")
    assert uneven.returncode == 2
    assert "steps (700) must be a positive multiple of log_every (500)" in uneven.stderr
    assert plan_epochs(600, 100, done=200) == (2, 6)
    with pytest.raises(UsageError, match="resume with the first run's --log-every"):
        plan_epochs(600, 300, done=200)
    with pytest.raises(UsageError, match="past the 400 steps asked for"):
        plan_epochs(400, 100, done=600)
    with pytest.raises(ValueError, match="unknown preset 'nope'"):
        presets.get("nope")
    mirrored_words = cli("train", "words", "--strategy", "mirrored")
    assert mirrored_words.returncode == 2 and "--strategy default only" in mirrored_words.stderr
    with pytest.raises(ValueError, match="unknown strategy 'tpu'"):
        make_strategy("tpu")


def test_a_run_folder_holds_one_run_and_survives_a_failed_save(tmp_path, monkeypatch):
    """A second run into a folder must be the same run (preset, seed, --log-every), or it is
    refused before anything is written; a checkpoint that fails half-way through saving leaves
    the last one intact and resumable; a damaged checkpoint or a file as --out is a usage
    error."""
    import keras

    out = tmp_path / "run"
    train("gaussian-1d", steps=100, log_every=100, out=out, verbose=0)
    checkpoint = (out / "checkpoint.keras").read_bytes()
    metrics = (out / "metrics.json").read_text()
    other = "another run (log_every 100, preset gaussian-1d, seed 0), not this one (log_every 100"
    with pytest.raises(UsageError, match=re.escape(f"{other}, preset mixture-1d, seed 0)")):
        train("mixture-1d", steps=200, log_every=100, out=out, verbose=0)
    with pytest.raises(UsageError, match=r"not this one \(log_every 50, preset gaussian-1d"):
        train("gaussian-1d", steps=200, log_every=50, out=out, verbose=0)
    with pytest.raises(UsageError, match="not this one .*seed 1"):
        train("gaussian-1d", steps=200, log_every=100, seed=1, out=out, verbose=0)
    assert (out / "checkpoint.keras").read_bytes() == checkpoint
    assert (out / "metrics.json").read_text() == metrics

    def broken_save(model, path, *args, **kwargs):
        with open(path, "wb") as file:
            file.write(b"half a checkpoint")
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(keras.Model, "save", broken_save)
        with pytest.raises(OSError, match="disk full"):
            train("gaussian-1d", steps=200, log_every=100, out=out, verbose=0)
    assert (out / "checkpoint.keras").read_bytes() == checkpoint
    assert sorted(p.name for p in out.glob(".*")) == []  # no temporary file left
    resumed = train("gaussian-1d", steps=200, log_every=100, out=out, verbose=0)
    assert resumed["resumed_from"] == 100 and resumed["steps"] == 200

    (out / "checkpoint.keras").write_bytes(b"garbage")
    with pytest.raises(UsageError, match=r"checkpoint .*checkpoint.keras cannot be loaded"):
        train("gaussian-1d", steps=300, log_every=100, out=out, verbose=0)
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    with pytest.raises(UsageError, match="--out .*afile is a file; it must be a folder"):
        train("ring-8", steps=100, log_every=100, out=afile, verbose=0)
    assert afile.read_text() == "not a folder"
