"""Chapter 10's tables and measures of synthetic data: the bundled tables split as stated,
scaling that round-trips, utility (TSTR of a perfect copy is TRTR), fidelity and privacy with
known answers, the Gaussian baseline, and clear errors for bad tables."""

import numpy as np
import pytest

from gan_tutorial.data.tables import ColumnScaler, check_table, load_table
from gan_tutorial.metrics.synthetic import (
    GaussianBaseline,
    class_balance,
    correlation_gap,
    distance_to_closest_record,
    ks_statistics,
    privacy_report,
    utility,
)


@pytest.fixture(scope="module")
def wine():
    return load_table("wine", test_size=0.3, seed=0)


def test_the_bundled_tables_split_stratified(wine):
    assert wine.x_train.shape == (124, 13) and wine.x_test.shape == (54, 13)
    assert wine.num_classes == 3 and len(wine.feature_names) == 13
    whole = np.bincount(np.concatenate([wine.y_train, wine.y_test]))
    assert whole.tolist() == [59, 71, 48]  # scikit-learn's wine table
    assert np.abs(np.bincount(wine.y_test) / 54 - whole / whole.sum()).max() < 0.02
    cancer = load_table("breast_cancer")
    assert cancer.x_train.shape[1] == 30 and cancer.num_classes == 2
    again = load_table("wine", test_size=0.3, seed=0)
    np.testing.assert_array_equal(again.x_test, wine.x_test)


def test_scaling_round_trips(wine):
    scaler = ColumnScaler().fit(wine.x_train)
    z = scaler.transform(wine.x_train)
    np.testing.assert_allclose(z.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(z.std(0), 1, atol=1e-12)
    back = scaler.inverse_transform(z)
    assert np.abs(back - wine.x_train).max() <= 1e-12 * np.abs(wine.x_train).max()
    constant = np.column_stack([np.arange(5.0), np.full(5, 7.0)])
    scaler = ColumnScaler().fit(constant)
    assert np.all(scaler.transform(constant)[:, 1] == 0)
    np.testing.assert_array_equal(scaler.inverse_transform(scaler.transform(constant))[:, 1], 7.0)


def test_bad_tables_get_clear_errors():
    x, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"1 missing or infinite values \(first at row 2"):
        check_table(np.where(np.arange(8).reshape(4, 2) == 4, np.nan, x), y)
    with pytest.raises(ValueError, match=r"non-numeric columns \[1\]"):
        check_table(np.array([[1, "a"], [2, "b"], [3, "c"], [4, "d"]], dtype=object), y)
    with pytest.raises(ValueError, match=r"single class \(0\)"):
        check_table(x, np.zeros(4, int))
    with pytest.raises(ValueError, match=r"shape \(rows >= 2, columns >= 1\)"):
        check_table(np.ones(4), y)
    with pytest.raises(ValueError, match=r"one label per row, shape \(4,\)"):
        check_table(x, np.array([0, 1]))
    with pytest.raises(ValueError, match="integer class labels"):
        check_table(x, np.array([0.0, 1.0, 0.0, 1.0]))
    with pytest.raises(ValueError, match="unknown table 'iris'"):
        load_table("iris")
    with pytest.raises(ValueError, match="test_size must be in"):
        load_table("wine", test_size=1.5)
    with pytest.raises(RuntimeError, match="fit the scaler"):
        ColumnScaler().transform(x)
    with pytest.raises(ValueError, match=r"z must have shape \(rows, 2\)"):
        ColumnScaler().fit(x).inverse_transform(np.ones((3, 5)))


def test_tstr_of_a_perfect_copy_is_trtr(wine):
    result = utility(wine.x_train, wine.y_train, *vars_of(wine))
    for scores in result.values():
        assert scores["TSTR"] == scores["TRTR"]
    assert result["logistic regression"]["TRTR"]["accuracy"] > 0.9  # the wine table is easy
    assert result["random forest"]["TRTR"]["roc_auc"] > 0.95


def test_utility_without_trtr_scores_the_same_tstr(wine):
    rng = np.random.default_rng(0)
    rows = rng.integers(0, len(wine.x_train), 300)
    x, y = wine.x_train[rows] + 0.1 * rng.normal(size=(300, 13)), wine.y_train[rows]
    both = utility(x, y, *vars_of(wine))
    alone = utility(x, y, *vars_of(wine), trtr=False)
    assert {name: set(scores) for name, scores in alone.items()} == {
        name: {"TSTR"} for name in both
    }
    assert all(alone[name]["TSTR"] == both[name]["TSTR"] for name in both)


def test_tstr_of_noise_is_chance(wine):
    rng = np.random.default_rng(0)
    noise = rng.normal(size=wine.x_train.shape)
    labels = rng.integers(0, 3, size=len(noise))
    result = utility(noise, labels, *vars_of(wine))
    for scores in result.values():
        assert scores["TSTR"]["roc_auc"] < 0.7 < scores["TRTR"]["roc_auc"]


def vars_of(table):
    return table.x_train, table.y_train, table.x_test, table.y_test


def test_fidelity_measures_have_known_answers():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(500, 3))
    assert np.all(ks_statistics(x, x) == 0) and correlation_gap(x, x) == 0
    shifted = x + np.array([0.0, 10.0, 0.0])
    assert ks_statistics(x, shifted)[1] == 1.0 and ks_statistics(x, shifted)[0] == 0
    correlated = np.column_stack([x[:, 0], x[:, 0], x[:, 2]])  # columns 0 and 1 equal
    assert correlation_gap(x, correlated) == pytest.approx(1 - np.corrcoef(x[:, 0], x[:, 1])[0, 1])
    assert class_balance(np.array([0, 0, 1, 2]), 4).tolist() == [0.5, 0.25, 0.25, 0.0]
    with pytest.raises(ValueError, match="real has 3 columns, synthetic 2"):
        ks_statistics(x, x[:, :2])


def test_distance_to_closest_record(wine):
    assert np.all(distance_to_closest_record(wine.x_train, wine.x_train) == 0)
    # one column, scale 1: distances are plain gaps
    reference = np.array([[0.0], [10.0]])
    got = distance_to_closest_record(np.array([[1.0], [7.0], [10.0]]), reference, scale=1.0)
    np.testing.assert_allclose(got, [1.0, 3.0, 0.0])


def test_privacy_report_flags_copies_and_spares_fresh_rows(wine):
    fresh = privacy_report(wine.x_test, wine.x_train, wine.x_test)
    assert fresh["closer_than_fresh"] == pytest.approx(0.05, abs=0.02)  # the yardstick itself
    copies = privacy_report(wine.x_train, wine.x_train, wine.x_test)
    assert copies["closer_than_fresh"] == 1.0 and copies["synthetic_median"] == 0.0
    assert copies["holdout_median"] > 0
    assert copies["closer_to_train"] == copies["membership_auc"] == 1.0


def test_the_gaussian_baseline_matches_each_class(wine):
    baseline = GaussianBaseline().fit(wine.x_train, wine.y_train)
    x, y = baseline.sample(20000, seed=0)
    assert np.abs(class_balance(y, 3) - class_balance(wine.y_train, 3)).max() < 0.01
    for c in range(3):
        real = wine.x_train[wine.y_train == c]
        scale = real.std(0)
        assert np.abs((x[y == c].mean(0) - real.mean(0)) / scale).max() < 0.05
    asked, labels = baseline.sample(10, y=np.full(10, 2))
    assert labels.tolist() == [2] * 10 and asked.shape == (10, 13)
    with pytest.raises(ValueError, match=r"unknown classes \[5\]"):
        baseline.sample(3, y=np.array([5, 5, 5]))
    tstr = utility(x[:2000], y[:2000], *vars_of(wine))
    assert tstr["logistic regression"]["TSTR"]["accuracy"] > 0.85  # a fair baseline
