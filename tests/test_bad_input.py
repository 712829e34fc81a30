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


# ------------------------------------------- the training side: one case per wrong call (issue 19)
def _gan(latent_dim=4, dim=2):
    from gan_tutorial import GAN, models

    gan = GAN(
        models.mlp_generator(latent_dim, dim, hidden=(8,)), models.mlp_discriminator(dim, (8,))
    )
    gan.compile()
    return gan


def _text_models(vocab_size=10, max_length=5):
    from gan_tutorial.models import GRUDiscriminator, LSTMGenerator

    return (
        LSTMGenerator(vocab_size, max_length, embedding_dim=4, hidden_dim=8),
        GRUDiscriminator(vocab_size, max_length, 4, 8),
    )


def _seqgan_call(name):
    from gan_tutorial import seqgan

    g, d = _text_models()
    ids = np.array([[3, 4, 2, 0, 0], [5, 6, 7, 2, 0]])
    calls = {
        "negatives": lambda: seqgan.negatives(g, np.where(ids == 6, 99, ids)),
        "rollouts": lambda: seqgan.rollout_rewards(g, d, ids - 5, num_rollouts=2),
        "prefixes": lambda: seqgan.complete(g, ids, [-3, 9], np.zeros((2, 5))),
        "uniforms": lambda: seqgan.complete(g, ids, [1, 1], np.zeros((2, 2))),
        "seqgan": lambda: seqgan.SeqGAN(g, "x"),
    }
    return calls[name]()


def _plot(name):
    from gan_tutorial import plots

    records = [(0, np.zeros((4, 1))), (1, np.ones((4, 1)))]
    calls = {
        "density_2d": lambda: plots.plot_density_1d(data.ring()),
        "density_empty": lambda: plots.plot_density_1d(data.gaussian_1d(), samples=[]),
        "histograms": lambda: plots.plot_histograms_over_training(records, data.gaussian_1d(), 0),
        "scatters": lambda: plots.plot_samples_over_training(records, ncols=-1),
        "losses": lambda: plots.plot_losses({"d_loss": [1.0]}, keys="d_loss"),
        "tiles": lambda: plots.tile_images(np.zeros((3, 4, 4, 1)), ncols=0),
        "snapshot": lambda: plots.plot_gan_snapshot([0, 1], [np.nan, 1], [0, 1], [0.5, 0.5]),
    }
    return calls[name]()


def _fit_with(callback):
    gan = _gan()
    gan.fit(np.zeros((64, 2), "float32"), epochs=1, callbacks=[callback], verbose=0)


@pytest.mark.parametrize(
    ("what_the_user_did", "error", "message"),
    [
        ("set_seed(1.5)", ValueError, "seed must be an integer >= 0, got 1.5"),
        ("set_seed(None)", TypeError, "seed must be an integer >= 0, got None"),
        ("set_seed(2**32)", ValueError, r"seed must be an integer in \[0, 2\*\*32\)"),
        ("PackSamples(m='a')", TypeError, "m must be an integer >= 1, got 'a'"),
        ("MinibatchStd(epsilon=-1)", ValueError, "epsilon must be a finite number >= 0, got -1"),
        ("MinibatchStd(group_size=2.5)", ValueError, "group_size must be an integer >= 2"),
        ("gradient_penalty(4 real, 3 fake)", ValueError, "real and fake must have the same shape"),
        ("unrolled_logits(steps=-1)", ValueError, "steps must be an integer >= 0, got -1"),
        ("Wasserstein(gradient_penalty=True)", TypeError, "gradient_penalty must be a finite"),
        ("losses.get({'name': 'wasserstein', 'bogus': 1})", TypeError, "does not fit Wasserstein"),
        ("GAN.generate(2.7)", ValueError, "num_samples must be an integer >= 1, got 2.7"),
        ("GAN.generate(4, batch_size=0)", ValueError, "batch_size must be an integer >= 1, got 0"),
        ("GAN.sample_from(z with NaN)", ValueError, "z holds NaN or infinite values"),
        ("GAN.compile(unroll_learning_rate=inf)", ValueError, "unroll_learning_rate must be"),
        ("SampleRecorder(num_samples=2.5)", ValueError, "num_samples must be an integer >= 1"),
        (
            "SampleRecorder(grid 5 wide) for 2-D samples",
            ValueError,
            r"grid must be points \('n', 2",
        ),
        ("ModeEvaluation('ring')", TypeError, "mixture must be a GaussianMixture, got 'ring'"),
        ("ModeEvaluation(folder=a file)", ValueError, "is a file; it must be a folder"),
        ("ModeEvaluation(num_samples=0)", ValueError, "num_samples must be an integer >= 1, got 0"),
        ("ModeEvaluation(1-D mixture) on 2-D samples", ValueError, "has points of dimension 1"),
        ("TemperatureAnnealing(beta_max=inf)", ValueError, "beta_max must be a finite number"),
        ("TemperatureAnnealing(beta_max='100')", TypeError, "beta_max must be a finite number"),
        ("TabularGAN(0, 2)", ValueError, "num_columns must be an integer >= 1, got 0"),
        ("TabularGAN(2.5, 2)", ValueError, "num_columns must be an integer >= 1, got 2.5"),
        ("TabularGAN(3, 1)", ValueError, "num_classes must be an integer >= 2, got 1"),
        ("negatives(real ids with 99)", ValueError, r"real_ids must hold token ids in \[0, 10\)"),
        ("rollout_rewards(ids -5)", ValueError, r"ids must hold token ids in \[0, 10\)"),
        ("complete(prefix_lengths=[-3, 9])", ValueError, r"prefix_lengths must be 2 lengths in"),
        ("complete(uniforms (2, 2))", ValueError, r"uniforms must have shape \(2, 5\)"),
        ("SeqGAN(generator, 'x')", TypeError, "discriminator must be a keras.Model"),
        ("cut_at_every_position(1-D ids)", ValueError, r"ids must have shape \(batch, T\)"),
        ("plot_density_1d(ring)", ValueError, "mixture must be 1D, got 'ring of 8'"),
        ("plot_density_1d(samples=[])", ValueError, "samples must be finite and not empty"),
        ("plot_histograms_over_training(ncols=0)", ValueError, "ncols must be an integer >= 1"),
        ("plot_samples_over_training(ncols=-1)", ValueError, "ncols must be an integer >= 1"),
        ("plot_losses(keys='d_loss')", TypeError, "keys must be a list of metric names"),
        ("tile_images(ncols=0)", ValueError, "ncols must be an integer >= 1, got 0"),
        ("plot_gan_snapshot(NaN density)", ValueError, "the three curves must be finite"),
        ("sentence_measures(max_references=-1)", ValueError, "max_references must be an integer"),
        ("load_text('wordnet', unit='bogus')", ValueError, "--unit must be sentence or line"),
        ("load_text(lowercase='no')", TypeError, "lowercase must be True or False, got 'no'"),
        ("train_text(recipe='x')", TypeError, "recipe must be a TextRecipe, got 'x'"),
        ("train_text(num_eval_samples=0)", ValueError, "num_eval_samples must be an integer >= 1"),
    ],
)
def test_the_training_side_refuses(what_the_user_did, error, message, tmp_path):
    import keras

    from gan_tutorial import fixes, losses, set_seed
    from gan_tutorial.callbacks import ModeEvaluation, SampleRecorder, TemperatureAnnealing
    from gan_tutorial.experiments.text import load_text, sentence_measures, train_text
    from gan_tutorial.text_gan import cut_at_every_position

    afile = tmp_path / "afile"
    afile.write_text("keep")
    calls = {
        "set_seed(1.5)": lambda: set_seed(1.5),
        "set_seed(None)": lambda: set_seed(None),
        "set_seed(2**32)": lambda: set_seed(2**32),
        "PackSamples(m='a')": lambda: fixes.PackSamples(m="a"),
        "MinibatchStd(epsilon=-1)": lambda: fixes.MinibatchStd(epsilon=-1),
        "MinibatchStd(group_size=2.5)": lambda: fixes.MinibatchStd(group_size=2.5),
        "gradient_penalty(4 real, 3 fake)": lambda: fixes.gradient_penalty(
            _gan().discriminator, np.zeros((4, 2)), np.zeros((3, 2))
        ),
        "unrolled_logits(steps=-1)": lambda: fixes.unrolled_logits(
            _gan().discriminator, losses.get("minimax"), np.zeros((4, 2)), np.zeros((4, 2)), -1, 0.1
        ),
        "Wasserstein(gradient_penalty=True)": lambda: losses.Wasserstein(gradient_penalty=True),
        "losses.get({'name': 'wasserstein', 'bogus': 1})": lambda: losses.get(
            {"name": "wasserstein", "bogus": 1}
        ),
        "GAN.generate(2.7)": lambda: _gan().generate(2.7),
        "GAN.generate(4, batch_size=0)": lambda: _gan().generate(4, batch_size=0),
        "GAN.sample_from(z with NaN)": lambda: _gan().sample_from(np.full((1, 4), np.nan)),
        "GAN.compile(unroll_learning_rate=inf)": lambda: _gan().compile(
            unroll_steps=2, unroll_learning_rate=float("inf")
        ),
        "SampleRecorder(num_samples=2.5)": lambda: SampleRecorder(num_samples=2.5),
        "SampleRecorder(grid 5 wide) for 2-D samples": lambda: _fit_with(
            SampleRecorder(4, grid=np.zeros((3, 5)))
        ),
        "ModeEvaluation('ring')": lambda: ModeEvaluation("ring"),
        "ModeEvaluation(folder=a file)": lambda: ModeEvaluation(data.ring(), folder=afile),
        "ModeEvaluation(num_samples=0)": lambda: ModeEvaluation(data.ring(), num_samples=0),
        "ModeEvaluation(1-D mixture) on 2-D samples": lambda: _fit_with(
            ModeEvaluation(data.gaussian_1d(), num_samples=10)
        ),
        "TemperatureAnnealing(beta_max=inf)": lambda: TemperatureAnnealing(float("inf")),
        "TemperatureAnnealing(beta_max='100')": lambda: TemperatureAnnealing("100"),
        "TabularGAN(0, 2)": lambda: TabularGAN(0, 2),
        "TabularGAN(2.5, 2)": lambda: TabularGAN(2.5, 2),
        "TabularGAN(3, 1)": lambda: TabularGAN(3, 1),
        "negatives(real ids with 99)": lambda: _seqgan_call("negatives"),
        "rollout_rewards(ids -5)": lambda: _seqgan_call("rollouts"),
        "complete(prefix_lengths=[-3, 9])": lambda: _seqgan_call("prefixes"),
        "complete(uniforms (2, 2))": lambda: _seqgan_call("uniforms"),
        "SeqGAN(generator, 'x')": lambda: _seqgan_call("seqgan"),
        "cut_at_every_position(1-D ids)": lambda: cut_at_every_position(
            keras.ops.zeros((5,), "int32"), 2, 0
        ),
        "plot_density_1d(ring)": lambda: _plot("density_2d"),
        "plot_density_1d(samples=[])": lambda: _plot("density_empty"),
        "plot_histograms_over_training(ncols=0)": lambda: _plot("histograms"),
        "plot_samples_over_training(ncols=-1)": lambda: _plot("scatters"),
        "plot_losses(keys='d_loss')": lambda: _plot("losses"),
        "tile_images(ncols=0)": lambda: _plot("tiles"),
        "plot_gan_snapshot(NaN density)": lambda: _plot("snapshot"),
        "sentence_measures(max_references=-1)": lambda: sentence_measures(
            [["a"]], [["a"], ["b"]], max_references=-1
        ),
        "load_text('wordnet', unit='bogus')": lambda: load_text("wordnet", unit="bogus"),
        "load_text(lowercase='no')": lambda: load_text("wordnet", lowercase="no"),
        "train_text(recipe='x')": lambda: train_text(recipe="x", out=tmp_path / "run"),
        "train_text(num_eval_samples=0)": lambda: train_text(
            num_eval_samples=0, out=tmp_path / "run"
        ),
    }
    with pytest.raises(error, match=message):
        calls[what_the_user_did]()
    assert afile.read_text() == "keep" and not (tmp_path / "run").exists()


def test_sampling_a_tabular_gan_whose_training_diverged_says_so():
    """Its NaN rows were returned as synthetic data."""
    x, y = np.random.default_rng(0).normal(size=(40, 2)), np.array([0, 1] * 20)
    synthesizer = TabularGAN(2, 2, hidden=(4,)).fit(x, y, steps=1)
    generator = synthesizer.gan.generator
    generator.set_weights([np.full_like(w, np.nan) for w in generator.get_weights()])
    with pytest.raises(FloatingPointError, match="wrote 10 NaN or infinite values: its training"):
        synthesizer.sample(5)
