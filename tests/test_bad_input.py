"""Entry points that accepted what they cannot use (issue 19): each now refuses it, naming the
argument, the value and what was expected."""

import numpy as np
import pytest

from gan_tutorial import data
from gan_tutorial.data import images
from gan_tutorial.metrics.synthetic import class_balance
from gan_tutorial.tabular import TabularGAN


def test_small_entry_points_refuse_what_they_cannot_use():
    """Issue 19's list: each of these was accepted and gave a wrong or endless result."""
    with pytest.raises(ValueError, match="limit must be an integer >= 2, got -5"):
        data.english_words(limit=-5)
    with pytest.raises(ValueError, match=r"labels in \[0, 2\), got int64 values from 0 to 5"):
        class_balance(np.array([0, 1, 5]), 2)
    np.testing.assert_allclose(class_balance([0.0, 1.0, 1.0, 1.0], 2), [0.25, 0.75])
    with pytest.raises(ValueError, match="std must be finite and > 0, got \\[nan"):
        data.ring(std=float("nan"))
    with pytest.raises(ValueError, match="centers must be finite numbers"):
        data.GaussianMixture([[float("nan"), 0.0]], 1.0)
    with pytest.raises(ValueError, match="pixels must be finite, got 1 NaN or inf"):
        images.scale_pixels(np.array([[[0.0, np.nan]]]))
    x, y = np.zeros((8, 2), "float32"), np.array([0, 1] * 4)
    gan = TabularGAN(2, 2, hidden=(4,))
    for steps in (0, -3):
        with pytest.raises(ValueError, match=f"steps must be an integer >= 1, got {steps}"):
            gan.fit(x, y, steps=steps)
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0, got -1.0"):
        gan.fit(x, y, steps=1, learning_rate=-1.0)


def test_token_ids_outside_the_vocabulary_are_refused_at_fit():
    """It failed deep in TensorFlow ("segment_ids[8] = 163 is out of range")."""
    import keras

    from gan_tutorial.models import GRUDiscriminator, LSTMGenerator
    from gan_tutorial.seqgan import SeqGAN

    g = LSTMGenerator(10, 4, embedding_dim=4, hidden_dim=8)
    g.compile(optimizer=keras.optimizers.Adam(1e-3))
    ids = np.array([[3, 4, 2, 0], [5, 163, 2, 0]])
    with pytest.raises(ValueError, match=r"x must hold token ids in \[0, 10\) .* got 0 to 163"):
        g.fit(ids, verbose=0)
    with pytest.raises(ValueError, match=r"token ids of shape \(n, 4\), got \(2, 3\)"):
        g.evaluate(ids[:, :3], verbose=0)
    gan = SeqGAN(g, GRUDiscriminator(10, 4, 4, 8), num_rollouts=2)
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3))
    with pytest.raises(ValueError, match="must hold whole-number token ids, got dtype <U"):
        gan.fit(np.array([["a", "b", "c", "d"]]), verbose=0)
    with pytest.raises(ValueError, match=r"x must hold token ids in \[0, 10\)"):
        gan.fit(ids, verbose=0)


def test_a_packing_discriminator_needs_batches_it_can_pack():
    """It failed in a TensorFlow reshape: the batch size is not known when the step is traced."""
    from gan_tutorial import GAN, models

    gan = GAN(models.mlp_generator(4, 2), models.mlp_discriminator(2, pack=4), seed=0)
    gan.compile()
    x = np.zeros((30, 2), "float32")
    with pytest.raises(ValueError, match="packs 4 samples.*32 on 30 samples makes a batch of 30"):
        gan.fit(x, verbose=0)
    with pytest.raises(ValueError, match="batch_size 8 on 30 samples makes a batch of 6"):
        gan.fit(x, batch_size=8, verbose=0)
    gan.fit(x[:24], batch_size=8, verbose=0)  # three batches of 8
    assert int(gan.g_optimizer.iterations.numpy()) == 3


def test_the_command_line_refuses_bad_seeds_files_as_out_and_zero_sizes(tmp_path, capsys):
    """--seed out of NumPy's range was a traceback after the corpus was prepared; a bench with
    --out a file trained, then failed to write; --vocab-size 0 on a 2-D preset was ignored."""
    from gan_tutorial.__main__ import main

    afile = tmp_path / "afile"
    afile.write_text("keep")
    for argv, message in [
        (["train", "ring-8", "--seed", "-1"], "--seed: must be in [0, 2**32), got -1"),
        (["train", "text", "--seed", "5000000000"], "must be in [0, 2**32), got 5000000000"),
        (["bench", "digit-judge", "--seed", "x"], "--seed: must be an integer, got 'x'"),
        (["bench", "digit-judge", "--out", str(afile)], "is a file; it must be a folder"),
        (["bench", "text", "--protocol", "smoke", "--out", str(afile)], "is a file"),
        (["train", "ring-8", "--vocab-size", "0"], "--vocab-size go with the text"),
    ]:
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2, argv
        assert message in capsys.readouterr().err, argv
    assert afile.read_text() == "keep"


def test_a_zero_or_negative_temperature_and_a_bad_seqgan_rate_are_refused():
    import keras

    from gan_tutorial.models import GRUDiscriminator, LSTMGenerator, gumbel_softmax
    from gan_tutorial.seqgan import SeqGAN

    for tau in (0.0, -1.0, float("inf")):
        with pytest.raises(ValueError, match=f"tau must be a finite number > 0, got {tau}"):
            gumbel_softmax(np.zeros((2, 3), "float32"), tau)
    gan = SeqGAN(LSTMGenerator(10, 4), GRUDiscriminator(10, 4), num_rollouts=2)
    with pytest.raises(ValueError, match="g_optimizer's learning_rate must be a finite number"):
        gan.compile(g_optimizer=keras.optimizers.Adam(-1.0), d_optimizer="adam")


def test_strings_where_lists_belong_and_labels_that_do_not_match_are_refused():
    """A string was read letter by letter as a list of one-letter sequences; TabularGAN returned
    the float labels it was asked for while generating their truncations; the baseline returned
    2 rows for 5."""
    from gan_tutorial import metrics
    from gan_tutorial.metrics.synthetic import GaussianBaseline

    with pytest.raises(TypeError, match="hypotheses must be a list of token sequences"):
        metrics.bleu("the cat", [["the", "cat"]], 2)
    with pytest.raises(TypeError, match="sequences must be a list of token sequences"):
        metrics.distinct_n("hello", 2)
    with pytest.raises(TypeError, match="texts must be a list of strings, got the string"):
        data.Vocabulary.from_texts("hello world", level="word")
    x, y = np.random.default_rng(0).normal(size=(40, 2)), np.array([0, 1] * 20)
    gan = TabularGAN(2, 2, hidden=(4,))
    gan.fit(x, y, steps=1)
    with pytest.raises(ValueError, match=r"labels must be 2 ints in \[0, 2\), got float64"):
        gan.sample(2, labels=[0.5, 1.7])
    baseline = GaussianBaseline().fit(x, y)
    with pytest.raises(ValueError, match=r"y must hold num_rows=5 labels, got shape \(2,\)"):
        baseline.sample(5, y=[0, 1])


def test_mode_measures_and_toy_data_refuse_settings_that_mean_nothing():
    """A negative threshold reported 0 modes, a negative min_count every mode; radius 0 and
    spacing 0 put every mode in one place; an infinite weight made the weights NaN."""
    from gan_tutorial.metrics import mode_report

    ring = data.ring()
    samples = ring.sample(100, seed=0)
    for threshold in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="threshold must be a finite number of stds > 0"):
            mode_report(samples, ring, threshold=threshold)
    with pytest.raises(ValueError, match="min_count must be an integer >= 1, got -5"):
        mode_report(samples, ring, min_count=-5)
    with pytest.raises(ValueError, match="radius must be a finite number > 0, got 0"):
        data.ring(radius=0)
    with pytest.raises(ValueError, match="spacing must be a finite number > 0, got 0"):
        data.grid(spacing=0)
    with pytest.raises(ValueError, match="weights must be 2 positive numbers"):
        data.GaussianMixture([[0.0], [1.0]], 0.1, weights=[float("inf"), 1.0])
