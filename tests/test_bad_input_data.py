"""Wrong calls of the data, metrics and theory functions (issue 19): each was accepted, or failed
with an error that did not say which argument was wrong ("invalid literal for int()", an
IndexError, NumPy's "Quantiles must be in the range [0, 1]"). Each now raises where the value
enters, naming the argument, the value and what was expected."""

import numpy as np
import pytest

from gan_tutorial import data, metrics, theory
from gan_tutorial.data import images

NAN, INF = float("nan"), float("inf")
RING = data.ring()
RING_SAMPLES = RING.sample(100, seed=0)
TABLE = np.random.default_rng(0).normal(size=(20, 3))
GRID = np.linspace(-3, 3, 7)
DENSITY = np.ones(7) / 6


def refused(id, call, error, message):
    return pytest.param(call, error, message, id=id)


def check(call, error, message):
    with pytest.raises(error, match=message):
        call()


TOY_DATA = [
    refused(
        "sampling_a_fractional_number_of_points_from_a_ring",
        lambda: RING.sample(2.7),
        ValueError,
        "num_samples must be >= 1 and a whole number, got 2.7",
    ),
    refused(
        "sampling_a_string_number_of_points",
        lambda: RING.sample("abc"),
        TypeError,
        "num_samples must be a finite number, got 'abc'",
    ),
    refused(
        "sampling_True_points",
        lambda: RING.sample(True),
        TypeError,
        "num_samples must be a finite number, got True",
    ),
    refused(
        "a_ring_of_True_modes",
        lambda: data.ring(num_modes=True),
        TypeError,
        "num_modes must be an integer >= 1, got True",
    ),
    refused(
        "a_gaussian_with_a_string_std",
        lambda: data.gaussian_1d(std="a"),
        TypeError,
        "std must be a finite number > 0, got 'a'",
    ),
    refused(
        "a_gaussian_with_a_list_of_stds",
        lambda: data.gaussian_1d(std=[1, 2]),
        TypeError,
        r"std must be a finite number > 0, got \[1, 2\]",
    ),
    refused(
        "a_gaussian_with_a_nan_mean",
        lambda: data.gaussian_1d(mean=NAN),
        ValueError,
        "mean must be a finite number, got nan",
    ),
    refused(
        "a_1d_mixture_of_no_modes",
        lambda: data.mixture_1d([], []),
        ValueError,
        r"means must be a list of finite numbers, got \[\]",
    ),
    refused(
        "a_1d_mixture_with_more_stds_than_means",
        lambda: data.mixture_1d([0.0, 1.0], [0.1, 0.1, 0.1]),
        ValueError,
        r"stds must be 2 finite numbers > 0 \(one per mean\), got \[0.1, 0.1, 0.1\]",
    ),
    refused(
        "a_benchmark_named_by_a_list",
        lambda: data.benchmark(["pacgan-ring"]),
        ValueError,
        r"unknown benchmark \['pacgan-ring'\]: expected one of pacgan-ring",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), TOY_DATA)
def test_toy_data_refuses(call, error, message):
    check(call, error, message)


MODES = [
    refused(
        "the_reverse_kl_of_a_histogram_with_nan",
        lambda: metrics.reverse_kl_to_uniform([NAN, 1]),
        ValueError,
        r"histogram must be non-negative finite counts, shape \(modes,\), got \[nan",
    ),
    refused(
        "the_reverse_kl_of_a_histogram_with_inf",
        lambda: metrics.reverse_kl_to_uniform([INF, 1]),
        ValueError,
        r"histogram must be non-negative finite counts, shape \(modes,\), got \[inf",
    ),
    refused(
        "a_mode_report_against_a_mixture_named_by_a_string",
        lambda: metrics.mode_report(RING_SAMPLES, "ring"),
        TypeError,
        r"mixture must be a GaussianMixture \(e.g. data.ring\(\)\), got 'ring'",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), MODES)
def test_mode_measures_refuse(call, error, message):
    check(call, error, message)


IMAGES = np.zeros((4, 8, 8, 1), "float32")
IMAGE_DATA = [
    refused(
        "turning_nan_images_into_pixels",
        lambda: images.to_pixels(np.full((1, 2, 2, 1), NAN)),
        ValueError,
        "images holds 4 NaN values",
    ),
    refused(
        "scaling_pixels_by_a_max_value_of_0",
        lambda: images.scale_pixels(np.zeros((1, 2, 2)), max_value=0),
        ValueError,
        "max_value must be a finite number > 0, got 0",
    ),
    refused(
        "scaling_pixels_by_a_nan_max_value",
        lambda: images.scale_pixels(np.ones((1, 2, 2)), max_value=NAN),
        ValueError,
        "max_value must be a finite number > 0, got nan",
    ),
    refused(
        "scaling_pixels_by_a_negative_max_value",
        lambda: images.scale_pixels(np.zeros((1, 2, 2)), max_value=-1),
        ValueError,
        "max_value must be a finite number > 0, got -1",
    ),
    refused(
        "a_dataset_of_nan_images",
        lambda: images.image_dataset(np.full((4, 2, 2, 1), NAN), batch_size=2),
        ValueError,
        "images holds 16 NaN or inf values",
    ),
    refused(
        "a_dataset_of_no_images",
        lambda: images.image_dataset(np.zeros((0, 8, 8, 1)), batch_size=2),
        ValueError,
        r"images must have shape \(n >= 1, h, w, channels\), got \(0, 8, 8, 1\)",
    ),
    refused(
        "a_dataset_with_fractional_labels",
        lambda: images.image_dataset(IMAGES, labels=[0.5, 1.7, 2, 3], batch_size=4),
        ValueError,
        r"labels must be whole numbers >= 0, got \[0.5, 1.7\]",
    ),
    refused(
        "a_dataset_with_negative_labels",
        lambda: images.image_dataset(IMAGES, labels=[0, 1, -2, 3], batch_size=4),
        ValueError,
        r"labels must be whole numbers >= 0, got \[-2\]",
    ),
    refused(
        "a_dataset_with_string_labels",
        lambda: images.image_dataset(IMAGES, labels=["a", "b", "c", "d"], batch_size=4),
        TypeError,
        r"labels must be class indices \(ints\), got dtype <U1",
    ),
    refused(
        "a_dataset_in_batches_of_2_5",
        lambda: images.image_dataset(IMAGES, batch_size=2.5),
        ValueError,
        "batch_size must be an integer >= 1, got 2.5",
    ),
    refused(
        "holding_out_2_5_digits",
        lambda: images.digits_8x8(held_out=2.5),
        ValueError,
        "held_out must be an integer >= 0, got 2.5",
    ),
    refused(
        "the_frechet_distance_of_strings",
        lambda: metrics.frechet_distance([["a", "b"], ["c", "d"]], np.zeros((3, 2))),
        TypeError,
        r"features_a must be an array of numbers, shape \(n, d\), got \[\['a', 'b'\]",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), IMAGE_DATA)
def test_image_data_and_measures_refuse(call, error, message):
    check(call, error, message)


TEXT = [
    refused(
        "bleu_of_one_id_row_instead_of_a_list_of_rows",
        lambda: metrics.bleu(np.array([1, 2, 3]), [[1, 2, 3]]),
        TypeError,
        r"hypotheses must be a list of token sequences, each a list of hashable tokens "
        r"\(ints, strings\), got array\(\[1, 2, 3\]\)",
    ),
    refused(
        "bleu_of_a_3d_array",
        lambda: metrics.bleu(np.zeros((2, 3, 4), int), [[1, 2]]),
        TypeError,
        "hypotheses must be a list of token sequences, each a list of hashable tokens",
    ),
    refused(
        "distinct_n_of_sequences_of_lists",
        lambda: metrics.distinct_n([[[1], [2]]], 1),
        TypeError,
        r"sequences must be a list of token sequences, each a list of hashable tokens .*\[\[\[1\]",
    ),
    refused(
        "character_ngrams_of_length_2_5",
        lambda: metrics.char_ngrams(["ab"], n=2.5),
        ValueError,
        "n must be an integer >= 1, got 2.5",
    ),
    refused(
        "character_ngrams_of_a_string_length",
        lambda: metrics.char_ngrams(["ab"], n="3"),
        TypeError,
        "n must be an integer >= 1, got '3'",
    ),
    refused(
        "character_ngrams_of_a_string_instead_of_a_list_of_words",
        lambda: metrics.char_ngrams("hello", n=2),
        TypeError,
        "words must be a list of strings, got the string 'hello'",
    ),
    refused(
        "a_word_report_of_a_string",
        lambda: metrics.word_report("abc", ["a"], ["b"], ["c"]),
        TypeError,
        "samples must be a list of strings, got the string 'abc'",
    ),
    refused(
        "the_ngram_jsd_of_numbers",
        lambda: metrics.ngram_jsd(["ab"], [1, 2]),
        TypeError,
        "words_b must be a list of strings, got 1 among them",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), TEXT)
def test_text_measures_refuse(call, error, message):
    check(call, error, message)


def _baseline():
    return metrics.GaussianBaseline().fit(TABLE, np.arange(20) % 2)


TABLES = [
    refused(
        "distances_to_records_scaled_by_0",
        lambda: metrics.distance_to_closest_record(TABLE, TABLE, scale=0),
        ValueError,
        r"scale must be a finite number > 0 or one per column \(3\), got 0.0",
    ),
    refused(
        "distances_to_records_scaled_by_2_numbers_for_3_columns",
        lambda: metrics.distance_to_closest_record(TABLE, TABLE, scale=[1, 1]),
        ValueError,
        r"scale must be a finite number > 0 or one per column \(3\), got \[1.0, 1.0\]",
    ),
    refused(
        "a_privacy_report_at_quantile_1_5",
        lambda: metrics.privacy_report(TABLE, TABLE, TABLE, quantile=1.5),
        ValueError,
        r"quantile must be a number in \[0, 1\], got 1.5",
    ),
    refused(
        "a_privacy_report_at_a_negative_quantile",
        lambda: metrics.privacy_report(TABLE, TABLE, TABLE, quantile=-0.1),
        ValueError,
        r"quantile must be a number in \[0, 1\], got -0.1",
    ),
    refused(
        "a_privacy_report_at_a_nan_quantile",
        lambda: metrics.privacy_report(TABLE, TABLE, TABLE, quantile=NAN),
        ValueError,
        "quantile must be a finite number, got nan",
    ),
    refused(
        "baseline_rows_of_a_fractional_class",
        lambda: _baseline().sample(2, y=[0.5, 1]),
        ValueError,
        r"y holds unknown classes \[0.5\]; fitted \[0, 1\]",
    ),
    refused(
        "a_table_split_with_a_string_test_size",
        lambda: data.load_table("wine", test_size="0.3"),
        TypeError,
        "test_size must be a finite number, got '0.3'",
    ),
    refused(
        "a_table_named_by_a_list",
        lambda: data.load_table(["wine"]),
        ValueError,
        r"unknown table \['wine'\]",
    ),
    refused(
        "scaling_a_row_of_nan",
        lambda: data.ColumnScaler().fit(TABLE).transform(np.full((1, 3), NAN)),
        ValueError,
        "x holds 3 NaN or infinite values",
    ),
    refused(
        "unscaling_a_row_of_inf",
        lambda: data.ColumnScaler().fit(TABLE).inverse_transform(np.full((1, 3), INF)),
        ValueError,
        "z holds 3 NaN or infinite values",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), TABLES)
def test_tables_and_their_measures_refuse(call, error, message):
    check(call, error, message)


def _play(**kwargs):
    arguments = dict(field=theory.bilinear_field, start=[1.0, 1.0], lr=0.1, steps=2) | kwargs
    return theory.gradient_play(**arguments)


THEORY = [
    refused(
        "the_value_of_a_nan_discriminator",
        lambda: theory.value_function(np.full(7, NAN), DENSITY, DENSITY, GRID),
        ValueError,
        r"d must hold values in \[0, 1\] on the grid, got \[nan, nan, nan\]",
    ),
    refused(
        "the_optimal_discriminator_of_a_nan_density",
        lambda: theory.optimal_discriminator([NAN], [1.0]),
        ValueError,
        "p_data must be a density: finite and >= 0 everywhere",
    ),
    refused(
        "the_bilinear_field_at_a_state_of_1_number",
        lambda: theory.bilinear_field([1.0]),
        ValueError,
        r"state must have shape \(\.\.\., 2\), got \(1,\)",
    ),
    refused(
        "the_bilinear_field_at_a_state_of_3_numbers",
        lambda: theory.bilinear_field([1.0, 2.0, 3.0]),
        ValueError,
        r"state must have shape \(\.\.\., 2\), got \(3,\)",
    ),
    refused(
        "the_dirac_gan_field_with_a_negative_r1_weight",
        lambda: theory.dirac_gan_field([1.0, 1.0], r1_weight=-1),
        ValueError,
        "r1_weight must be a finite number >= 0, got -1",
    ),
    refused(
        "the_dirac_gan_jacobian_with_a_nan_r1_weight",
        lambda: theory.dirac_gan_jacobian(r1_weight=NAN),
        ValueError,
        "r1_weight must be a finite number >= 0, got nan",
    ),
    refused(
        "the_dirac_gan_jacobian_with_a_string_r1_weight",
        lambda: theory.dirac_gan_jacobian(r1_weight="a"),
        TypeError,
        "r1_weight must be a finite number >= 0, got 'a'",
    ),
    refused(
        "a_numerical_jacobian_with_steps_of_0",
        lambda: theory.numerical_jacobian(theory.bilinear_field, [1.0, 1.0], eps=0),
        ValueError,
        "eps must be a finite number > 0, got 0",
    ),
    refused(
        "gradient_play_at_a_nan_learning_rate",
        lambda: _play(lr=NAN),
        ValueError,
        "lr must be a finite number, got nan",
    ),
    refused(
        "gradient_play_at_an_infinite_learning_rate",
        lambda: _play(lr=INF),
        ValueError,
        "lr must be a finite number, got inf",
    ),
    refused(
        "gradient_play_at_a_string_learning_rate",
        lambda: _play(lr="0.1"),
        TypeError,
        "lr must be a finite number, got '0.1'",
    ),
    refused(
        "gradient_play_for_2_5_steps",
        lambda: _play(steps=2.5),
        ValueError,
        "steps must be an integer >= 0, got 2.5",
    ),
    refused(
        "gradient_play_for_infinitely_many_steps",
        lambda: _play(steps=INF),
        ValueError,
        "steps must be an integer >= 0, got inf",
    ),
    refused(
        "gradient_play_from_a_nan_start",
        lambda: _play(start=[NAN, 1.0]),
        ValueError,
        r"start must be finite numbers, got \[nan, 1.0\]",
    ),
    refused(
        "gradient_play_of_a_field_named_by_a_string",
        lambda: _play(field="bilinear"),
        TypeError,
        "field must be a function of the state, got 'bilinear'",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), THEORY)
def test_theory_refuses(call, error, message):
    check(call, error, message)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (dict(epochs=0), "epochs must be an integer >= 1, got 0"),
        (dict(epochs=2.5), "epochs must be an integer >= 1, got 2.5"),
        (dict(seed=0.5), "seed must be an integer >= 0, got 0.5"),
    ],
    ids=["0_epochs", "2_5_epochs", "seed_0_5"],
)
def test_a_digit_judge_of_bad_settings_is_refused_before_training_or_caching(
    tmp_path, settings, message
):
    from gan_tutorial.metrics import DigitJudge

    with pytest.raises(ValueError, match=message):
        DigitJudge.load_or_train(image_size=8, cache=tmp_path, shipped=False, **settings)
    assert list(tmp_path.iterdir()) == []


def test_a_digit_judge_refuses_nan_images():
    from gan_tutorial.metrics import DigitJudge, digit_classifier

    judge = DigitJudge(digit_classifier(image_size=8))
    with pytest.raises(ValueError, match="images holds 64 NaN or inf values"):
        judge.features(np.full((1, 8, 8, 1), NAN))
    with pytest.raises(ValueError, match="k must be an integer >= 1, got 0"):
        judge.report(np.zeros((4, 8, 8, 1)), np.zeros((4, 8, 8, 1)), k=0)
