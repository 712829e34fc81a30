"""Chapter 4's DCGAN command: the recipe, the written run and the shipped conditional run."""

import os

import numpy as np
import pytest

from gan_tutorial.experiments import dcgan_digits


def test_a_written_generator_loads_back_and_makes_the_same_digits(tmp_path):
    gan = dcgan_digits.build(num_classes=10, seed=3)
    results = {"conditional": True, "seed": 3, "report": {"fid": 1.0}}
    json_path, weights_path = dcgan_digits.write(gan, results, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([json_path.name, weights_path.name])
    umask = os.umask(0)
    os.umask(umask)
    assert json_path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert dcgan_digits.load_results(True, 3, folder=tmp_path) == results
    labels = np.arange(8) % 10
    loaded = dcgan_digits.load_gan(True, 3, folder=tmp_path)
    other = dcgan_digits.build(num_classes=10, seed=4)  # other weights, other digits
    made = gan.generate(8, seed=1, labels=labels)
    np.testing.assert_array_equal(loaded.generate(8, seed=1, labels=labels), made)
    assert np.abs(other.generate(8, seed=1, labels=labels) - made).max() > 0.1
    with pytest.raises(FileNotFoundError, match="no dcgan_digits_conditional_seed5.json in"):
        dcgan_digits.load_results(True, 5, folder=tmp_path)


def test_the_shipped_conditional_generator_is_the_one_its_results_measured():
    from gan_tutorial.metrics import DigitJudge

    shipped = dcgan_digits.load_results(conditional=True)
    assert shipped["command"].startswith("python -m gan_tutorial bench dcgan-digits")
    gan = dcgan_digits.load_gan(conditional=True)
    judge = DigitJudge.load_or_train(image_size=28, seed=0, epochs=3)
    asked = np.arange(1000) % 10
    fake = gan.generate(1000, seed=1, labels=asked)
    made = judge.probabilities(fake).argmax(axis=1)
    read = np.array([np.mean(made[asked == k] == k) for k in range(10)])
    # the same digits on the machine that made them; another machine rounds floats
    # differently in the generator and the judge and reads a few differently
    assert abs(read.mean() - np.mean(shipped["read_as_asked"])) < 0.05
    assert np.abs(read - shipped["read_as_asked"]).max() < 0.2
    untrained = dcgan_digits.build(num_classes=10).generate(1000, seed=1, labels=asked)
    assert np.mean(judge.probabilities(untrained).argmax(axis=1) == asked) < 0.3


def test_the_command_refuses_a_bad_epoch_count_before_any_work(tmp_path, capsys):
    from gan_tutorial.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["bench", "dcgan-digits", "--epochs", "0", "--out", str(tmp_path / "run")])
    assert exit_.value.code == 2
    assert "--epochs must be >= 1, got 0" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()
    with pytest.raises(ValueError, match="epochs must be an integer >= 1, got 2.5"):
        dcgan_digits.run(epochs=2.5)
