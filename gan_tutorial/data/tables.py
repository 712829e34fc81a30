"""Numeric tables with a class label, for synthetic-data experiments (chapter 10): scikit-learn's
bundled breast cancer and wine tables (offline), checked, split, and scaled for a GAN.

Shapes: features ``x`` ``(rows, columns)`` float64; labels ``y`` ``(rows,)`` ints in
[0, classes).
"""

import dataclasses

import numpy as np

from gan_tutorial import arguments

__all__ = ["TABLES", "ColumnScaler", "Table", "check_features", "check_table", "load_table"]

TABLES = ("breast_cancer", "wine")


def check_features(x, name="x"):
    """Checks a numeric table; returns it as float64 or raises `ValueError` naming what is
    wrong (shape, non-numeric columns, missing values)."""
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 1:
        raise ValueError(
            f"{name} must be a table of shape (rows >= 2, columns >= 1), got {x.shape}"
        )
    if x.dtype == object or not np.issubdtype(x.dtype, np.number):
        bad = [j for j in range(x.shape[1]) if not _numeric_column(x[:, j])]
        raise ValueError(f"{name} has non-numeric columns {bad}: encode them as numbers first")
    x = x.astype(np.float64)
    if not np.all(np.isfinite(x)):
        rows, cols = np.nonzero(~np.isfinite(x))
        raise ValueError(
            f"{name} has {len(rows)} missing or infinite values (first at row {rows[0]}, "
            f"column {cols[0]}): impute or drop them first"
        )
    return x


def check_table(x, y, name="x"):
    """Checks a table and its labels; returns float64 features and int64 labels, or raises
    `ValueError` naming what is wrong (`check_features`, or labels that are not one integer
    >= 0 per row, or a single class)."""
    x = check_features(x, name)
    y = np.asarray(y)
    if y.shape != (x.shape[0],):
        raise ValueError(f"y must have one label per row, shape ({x.shape[0]},); got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        raise ValueError("y must hold integer class labels >= 0")
    if len(np.unique(y)) < 2:
        raise ValueError(f"y holds a single class ({y[0]}): a classifier needs at least two")
    return x, y.astype(np.int64)


def _numeric_column(column):
    try:
        np.asarray(column, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return True


@dataclasses.dataclass(frozen=True)
class Table:
    """A labelled table split into training and held-out rows (stratified by class)."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    feature_names: tuple
    class_names: tuple

    @property
    def num_classes(self):
        return len(self.class_names)


def load_table(name, test_size=0.3, seed=0):
    """One of scikit-learn's bundled tables (``TABLES``), split into a stratified ``Table``
    with ``test_size`` of the rows held out."""
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    loaders = {"breast_cancer": datasets.load_breast_cancer, "wine": datasets.load_wine}
    if not isinstance(name, str) or name not in loaders:
        raise ValueError(f"unknown table {name!r}; choose from {list(TABLES)}")
    if not 0 < arguments.real("test_size", test_size) < 1:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    bunch = loaders[name]()
    x, y = check_table(bunch.data, bunch.target)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, stratify=y, random_state=seed
    )
    return Table(
        name,
        x_train,
        y_train,
        x_test,
        y_test,
        tuple(str(f) for f in bunch.feature_names),
        tuple(str(c) for c in bunch.target_names),
    )


class ColumnScaler:
    """Per-column standardization for a GAN: ``transform`` maps each column to mean 0 and
    standard deviation 1 (a constant column to 0), ``inverse_transform`` maps generated rows
    back to the table's units. Fitted on the training rows only."""

    def fit(self, x):
        x = check_features(x)
        self.mean_ = x.mean(axis=0)
        std = x.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def _check(self, x, name):
        if not hasattr(self, "mean_"):
            raise RuntimeError("fit the scaler on the training rows first")
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.mean_):
            raise ValueError(f"{name} must have shape (rows, {len(self.mean_)}), got {x.shape}")
        if not np.all(np.isfinite(x)):
            raise ValueError(f"{name} holds {int((~np.isfinite(x)).sum())} NaN or infinite values")
        return x

    def transform(self, x):
        return (self._check(x, "x") - self.mean_) / self.scale_

    def inverse_transform(self, z):
        return self._check(z, "z") * self.scale_ + self.mean_
