import numpy as np
import pytest

from gan_tutorial.data import images
from gan_tutorial.metrics import DigitJudge


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def judge_8(cache):
    return DigitJudge.load_or_train(image_size=8, cache=cache)


def test_the_8x8_judge_tells_real_digits_from_noise(judge_8):
    assert judge_8.test_accuracy >= 0.9
    (x_train, _), (x_test, _) = images.digits_8x8()
    real = judge_8.report(x_test, x_train)
    assert real["fid"] < 1.0
    assert real["precision"] > 0.8 and real["recall"] > 0.8
    assert real["classes_covered"] == 10 and real["class_kl"] < 0.05
    noise = np.random.default_rng(0).uniform(-1, 1, x_test.shape).astype("float32")
    fake = judge_8.report(noise, x_train)
    assert fake["fid"] > 20 * real["fid"]
    assert fake["recall"] < 0.1 and fake["confidence"] < real["confidence"]
    one_digit = x_test[np.argsort(judge_8.probabilities(x_test).argmax(1))[:50]]
    collapsed = judge_8.report(np.repeat(one_digit[:1], 100, axis=0), x_train)
    assert collapsed["classes_covered"] == 1 and collapsed["class_kl"] == pytest.approx(np.log(10))


def test_the_judge_is_cached_after_the_first_training(judge_8, cache):
    files = list(cache.glob("digit-classifier-*-8px-*.keras"))
    assert len(files) == 1
    written = files[0].stat().st_mtime_ns
    again = DigitJudge.load_or_train(image_size=8, cache=cache)
    assert files[0].stat().st_mtime_ns == written  # loaded, not trained and saved again
    for a, b in zip(judge_8.classifier.get_weights(), again.classifier.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert again.test_accuracy == judge_8.test_accuracy


def test_the_judge_names_what_is_wrong(judge_8):
    with pytest.raises(
        ValueError, match=r"fake must have shape \(n, 8, 8, 1\), got \(3, 28, 28, 1\)"
    ):
        judge_8.report(np.zeros((3, 28, 28, 1)), np.zeros((3, 8, 8, 1)))
    with pytest.raises(ValueError, match="image_size must be 8 or 28, got 32"):
        DigitJudge.load_or_train(image_size=32)


def test_chapter_4s_judge_ships_with_the_package_and_loads_without_training(tmp_path):
    import json
    from importlib import resources

    results = resources.files("gan_tutorial.experiments") / "results"
    about = json.loads((results / "digit_judge_28px_seed0_3ep.json").read_text())
    assert about["command"].startswith("python -m gan_tutorial bench digit-judge")
    judge = DigitJudge.load_or_train(image_size=28, seed=0, epochs=3, cache=tmp_path)
    assert list(tmp_path.iterdir()) == []  # loaded, not trained and cached
    assert judge.test_accuracy == about["test_accuracy"] >= 0.96
    with np.load(results / "digit_judge_28px_seed0_3ep_weights.npz") as saved:
        for i, weights in enumerate(judge.classifier.get_weights()):
            np.testing.assert_array_equal(weights, saved[f"arr_{i}"])


def test_the_judge_command_writes_weights_that_load_as_shipped(tmp_path, capsys):
    from gan_tutorial.__main__ import main

    out, cache = tmp_path / "out", tmp_path / "cache"
    assert (
        main(["bench", "digit-judge", "--image-size", "8", "--epochs", "2", "--out", str(out)]) == 0
    )
    assert "test accuracy" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        "digit_judge_8px_seed0_2ep.json",
        "digit_judge_8px_seed0_2ep_weights.npz",
    ]
    loaded = DigitJudge.load_or_train(image_size=8, epochs=2, cache=cache, shipped=out)
    assert not cache.exists()  # read from `out`, not trained
    trained = DigitJudge.load_or_train(image_size=8, epochs=2, cache=cache, shipped=False)
    assert len(list(cache.glob("*.keras"))) == 1  # without shipped weights it trains
    # the command trains as load_or_train does (same seed, same machine): the same classifier
    for a, b in zip(loaded.classifier.get_weights(), trained.classifier.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert loaded.test_accuracy == trained.test_accuracy > 0.5  # chance: 0.1


def test_the_judge_command_refuses_a_bad_epoch_count_before_any_work(tmp_path, capsys):
    from gan_tutorial.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["bench", "digit-judge", "--epochs", "0", "--out", str(tmp_path / "run")])
    assert exit_.value.code == 2
    assert "--epochs must be >= 1, got 0" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()
