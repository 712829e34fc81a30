"""Chapter 10's memorization measures against known answers: the holdout test
(`closer_to_train_share`) and the distance-based membership-inference attack (`membership_auc`)
score a copier of the training rows 1, a copier of the held-out rows 0, a generator that never saw
the training rows about 0.5; hand-counted answers, ties counting half; bad input is refused with
an error that names the argument, the value and what was expected."""

import numpy as np
import pytest

from gan_tutorial.metrics import closer_to_train_share, membership_auc, privacy_report


def gaussian(rows, seed, columns=5):
    return np.random.default_rng(seed).normal(size=(rows, columns))


TRAIN, HOLDOUT = gaussian(124, 0), gaussian(54, 1)  # wine's sizes


def test_a_copier_of_equally_many_training_rows_scores_1_and_of_held_out_rows_0():
    train = TRAIN[:54]
    assert closer_to_train_share(train, train, HOLDOUT) == 1.0
    assert membership_auc(train, train, HOLDOUT) == 1.0
    assert closer_to_train_share(HOLDOUT, train, HOLDOUT) == 0.0
    assert membership_auc(HOLDOUT, train, HOLDOUT) == 0.0


def test_a_copier_of_a_larger_training_set_scores_1_too():
    assert closer_to_train_share(TRAIN, TRAIN, HOLDOUT) == 1.0
    assert membership_auc(TRAIN, TRAIN, HOLDOUT) == 1.0


def test_the_share_counts_matches_per_row_of_each_set():
    """Four training rows, two held-out ones, in one column: three synthetic rows match a
    training row (0.2, 5.9 and 9.1), one a held-out row (2.4), one ties (3.5, between 3 and
    4). Per row: 3.5 / 4 training matches against 1.5 / 2 held-out ones."""
    train = np.array([[0.0], [3.0], [6.0], [9.0]])
    holdout = np.array([[2.5], [4.0]])
    synthetic = np.array([[0.2], [2.4], [3.5], [5.9], [9.1]])
    got = closer_to_train_share(synthetic, train, holdout, scale=1.0)
    assert got == pytest.approx((3.5 / 4) / (3.5 / 4 + 1.5 / 2), abs=1e-12)
    # the two sets' parts swap when they do
    swapped = closer_to_train_share(synthetic, holdout, train, scale=1.0)
    assert swapped == pytest.approx(1 - got, abs=1e-12)


def test_hand_counted_answers_and_ties_count_half():
    # members at 0.1 and 1.5 from the synthetic row, non-members at 1 and 2: of the four
    # (member, non-member) pairs, the member is closer in three
    synthetic = np.array([[0.0], [100.0]])
    got = membership_auc(synthetic, [[0.1], [1.5]], [[1.0], [2.0]], scale=1.0)
    assert got == 0.75
    # one training and one held-out row at distance 1 from the only synthetic row near them
    tie = closer_to_train_share([[0.0], [50.0]], [[1.0], [60.0]], [[-1.0], [45.0]], scale=1.0)
    assert tie == 0.25  # row 0: a tie (0.5); row 50: held-out 45 is closer than 60 (0)
    assert membership_auc([[0.0], [0.0]], [[1.0], [5.0]], [[-1.0], [5.0]], scale=1.0) == 0.5


@pytest.mark.parametrize(("members", "others"), [(500, 500), (1000, 300)])
def test_a_generator_that_never_saw_the_training_rows_scores_about_one_half(members, others):
    """Training and held-out rows, and 2,000 synthetic rows, all independent draws of one
    5-dimensional Gaussian. Over 60 such draws the share had a standard deviation of 0.012
    (500 / 500 rows) and 0.017 (1,000 / 300), the AUC 0.022 and 0.019; the tolerances are
    between 3.5 and 5 of them."""
    for seed in range(3):
        train, holdout = gaussian(members, seed), gaussian(others, 10 + seed)
        synthetic = gaussian(2000, 20)
        assert closer_to_train_share(synthetic, train, holdout) == pytest.approx(0.5, abs=0.06)
        assert membership_auc(synthetic, train, holdout) == pytest.approx(0.5, abs=0.08)


def test_columns_count_alike_by_default():
    synthetic = gaussian(300, 2)
    wide = np.array([1.0, 1000.0, 1.0, 0.001, 1.0])  # the same tables in other units
    for measure in (closer_to_train_share, membership_auc):
        plain = measure(synthetic, TRAIN, HOLDOUT)
        assert measure(synthetic * wide, TRAIN * wide, HOLDOUT * wide) == pytest.approx(plain)


def test_the_privacy_report_holds_both_measures():
    synthetic = gaussian(200, 3)
    report = privacy_report(synthetic, TRAIN, HOLDOUT)
    assert report["closer_to_train"] == closer_to_train_share(synthetic, TRAIN, HOLDOUT)
    assert report["membership_auc"] == membership_auc(synthetic, TRAIN, HOLDOUT)
    copies = privacy_report(TRAIN[:54], TRAIN[:54], HOLDOUT)
    assert copies["closer_to_train"] == copies["membership_auc"] == 1.0
    assert copies["closer_than_fresh"] == 1.0 and copies["synthetic_median"] == 0.0


def test_the_chance_yardstick_has_known_answers():
    """Chance is the spread over shuffles of which real rows are training rows. The AUC's is
    the Mann-Whitney formula. Rows that all match one real row score 1 when it is a training
    row (probability p = n / (n + m)) and 0 when not: a standard deviation of sqrt(p (1 - p)).
    For independent draws it is the spread over fresh draws of all three tables."""
    chance = privacy_report(np.repeat(TRAIN[:1], 50, axis=0), TRAIN, HOLDOUT)["chance_sd"]
    assert chance["membership_auc"] == pytest.approx(np.sqrt(179 / (12 * 124 * 54)))
    p = 124 / 178
    assert chance["closer_to_train"] == pytest.approx(np.sqrt(p * (1 - p)), rel=0.1)
    shares, spreads = [], []
    for seed in range(40):
        train, holdout = gaussian(124, 100 + seed, 13), gaussian(54, 200 + seed, 13)
        report = privacy_report(gaussian(1000, 300 + seed, 13), train, holdout)
        shares.append(report["closer_to_train"])
        spreads.append(report["chance_sd"]["closer_to_train"])
    assert np.mean(spreads) == pytest.approx(np.std(shares), rel=0.25)


@pytest.mark.parametrize("measure", [closer_to_train_share, membership_auc])
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"scale": 0},
            ValueError,
            r"scale must be a finite number > 0 or one per column \(5\), got 0.0",
        ),
        (
            {"scale": [1.0, 2.0]},
            ValueError,
            r"scale must be a finite number > 0 or one per column \(5\), got \[1.0, 2.0\]",
        ),
        (
            {"holdout": HOLDOUT[:, :3]},
            ValueError,
            "the tables have different columns: 5 synthetic, 5 train, 3 holdout",
        ),
        (
            {"synthetic": TRAIN[0]},
            ValueError,
            r"synthetic must be a table of shape \(rows >= 2, columns >= 1\), got \(5,\)",
        ),
        (
            {"train": np.where(TRAIN == TRAIN[3, 2], np.nan, TRAIN)},
            ValueError,
            r"train has 1 missing or infinite values \(first at row 3, column 2\)",
        ),
    ],
    ids=["scale_0", "two_scales_for_5_columns", "holdout_of_3_columns", "one_row", "a_nan"],
)
def test_bad_input_is_refused_by_name(measure, kwargs, error, message):
    arguments = {"synthetic": gaussian(10, 4), "train": TRAIN, "holdout": HOLDOUT} | kwargs
    with pytest.raises(error, match=message):
        measure(**arguments)
