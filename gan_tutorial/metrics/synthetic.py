"""Is synthetic tabular data any good, and what does it leak? (chapter 10)

- utility: train on synthetic, test on real (TSTR) against train on real, test on real (TRTR),
  for logistic regression and a random forest, by accuracy and ROC AUC;
- fidelity: per-column Kolmogorov-Smirnov statistics, the largest difference between the two
  correlation matrices, the class balance;
- privacy: each synthetic row's distance to its closest training record (DCR), against the
  same distance for held-out real rows, and the share of near-copies.

Tables are float arrays ``(rows, columns)``; labels int arrays ``(rows,)``.
"""

import numpy as np

from gan_tutorial import arguments
from gan_tutorial.data.tables import check_features, check_table

__all__ = [
    "GaussianBaseline",
    "class_balance",
    "correlation_gap",
    "distance_to_closest_record",
    "ks_statistics",
    "privacy_report",
    "utility",
]


def _classifiers(seed):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {
        "logistic regression": make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        "random forest": RandomForestClassifier(n_estimators=200, random_state=seed),
    }


def _scores(model, x_test, y_test, classes):
    from sklearn.metrics import accuracy_score, roc_auc_score

    probabilities = np.zeros((len(x_test), len(classes)))
    probabilities[:, np.searchsorted(classes, model.classes_)] = model.predict_proba(x_test)
    if len(classes) == 2:
        auc = roc_auc_score(y_test, probabilities[:, 1])
    else:
        auc = roc_auc_score(y_test, probabilities, multi_class="ovr", labels=classes)
    return {"accuracy": accuracy_score(y_test, model.predict(x_test)), "roc_auc": auc}


def utility(x_synthetic, y_synthetic, x_train, y_train, x_test, y_test, seed=0, trtr=True):
    """TSTR and TRTR: each classifier trained on the synthetic rows and, separately, on the
    real training rows, both scored on the real held-out rows. Returns
    ``{classifier: {"TSTR": {"accuracy", "roc_auc"}, "TRTR": {...}}}``; with ``trtr=False``
    only ``"TSTR"`` (for a caller who scores many synthetic tables against the same real rows
    and needs TRTR once)."""
    x_synthetic, y_synthetic = check_table(x_synthetic, y_synthetic, "x_synthetic")
    x_train, y_train = check_table(x_train, y_train, "x_train")
    x_test, y_test = check_table(x_test, y_test, "x_test")
    if not x_synthetic.shape[1] == x_train.shape[1] == x_test.shape[1]:
        raise ValueError(
            f"the tables have different columns: {x_synthetic.shape[1]} synthetic, "
            f"{x_train.shape[1]} training, {x_test.shape[1]} held-out"
        )
    from sklearn.base import clone

    classes = np.unique(np.concatenate([y_train, y_test]))
    results = {}
    for name, classifier in _classifiers(seed).items():
        results[name] = {}
        settings = {"TSTR": (x_synthetic, y_synthetic), "TRTR": (x_train, y_train)}
        for setting, (x, y) in list(settings.items())[: 2 if trtr else 1]:
            model = clone(classifier).fit(x, y)
            results[name][setting] = _scores(model, x_test, y_test, classes)
    return results


def ks_statistics(real, synthetic):
    """The two-sample Kolmogorov-Smirnov statistic of every column, ``(columns,)`` in [0, 1]:
    0 is the same distribution of values, 1 no overlap."""
    from scipy.stats import ks_2samp

    real, synthetic = check_features(real, "real"), check_features(synthetic, "synthetic")
    if real.shape[1] != synthetic.shape[1]:
        raise ValueError(f"real has {real.shape[1]} columns, synthetic {synthetic.shape[1]}")
    return np.array([ks_2samp(real[:, j], synthetic[:, j]).statistic for j in range(real.shape[1])])


def correlation_gap(real, synthetic):
    """The largest absolute difference between the Pearson correlation matrices of the two
    tables (0: the same correlations; at most 2). A constant column counts as uncorrelated."""
    real, synthetic = check_features(real, "real"), check_features(synthetic, "synthetic")
    if real.shape[1] != synthetic.shape[1]:
        raise ValueError(f"real has {real.shape[1]} columns, synthetic {synthetic.shape[1]}")

    def corr(x):
        with np.errstate(invalid="ignore", divide="ignore"):
            c = np.corrcoef(x, rowvar=False)
        return np.nan_to_num(np.atleast_2d(c))

    return float(np.abs(corr(real) - corr(synthetic)).max())


def class_balance(y, num_classes):
    """The share of each class among the labels ``y``, ``(num_classes,)``."""
    y = np.asarray(y)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"y must be a non-empty vector of labels, got shape {y.shape}")
    num_classes = arguments.integer("num_classes", num_classes, minimum=1)
    whole = y.dtype.kind in "iu" or (y.dtype.kind == "f" and np.all(y == np.round(y)))
    if not whole or y.min() < 0 or y.max() >= num_classes:
        raise ValueError(
            f"y must hold whole-number labels in [0, {num_classes}), got {y.dtype} values from "
            f"{y.min()} to {y.max()}"
        )
    y = y.astype(np.int64)
    return np.bincount(y, minlength=num_classes)[:num_classes] / len(y)


def distance_to_closest_record(queries, reference, scale=None):
    """For every row of ``queries``, the Euclidean distance to its closest row of
    ``reference`` after dividing each column by ``scale`` (default: the reference's standard
    deviation, so that every column counts alike). ``(len(queries),)``."""
    from sklearn.neighbors import NearestNeighbors

    queries = check_features(queries, "queries")
    reference = check_features(reference, "reference")
    if queries.shape[1] != reference.shape[1]:
        raise ValueError(f"queries have {queries.shape[1]} columns, reference {reference.shape[1]}")
    if scale is None:
        std = reference.std(axis=0)
        scale = np.where(std > 0, std, 1.0)
    scale = np.asarray(scale, dtype=np.float64)
    positive = np.all(np.isfinite(scale) & (scale > 0))
    if scale.shape not in ((), (reference.shape[1],)) or not positive:
        raise ValueError(
            f"scale must be a finite number > 0 or one per column ({reference.shape[1]}), got "
            f"{scale.tolist()}"
        )
    neighbours = NearestNeighbors(n_neighbors=1).fit(reference / scale)
    distances, _ = neighbours.kneighbors(queries / scale)
    return distances[:, 0]


def privacy_report(synthetic, train, holdout, quantile=0.05):
    """Distances to the closest training record: of the synthetic rows and, as the yardstick,
    of held-out real rows (which the generator never saw). A near-copy is a synthetic row
    closer to a training row than ``quantile`` of the held-out rows are. Returns the two
    distance arrays, their medians, the threshold and the share of near-copies (about
    ``quantile`` for a generator that copies no more than fresh data would)."""
    if not 0 <= arguments.real("quantile", quantile) <= 1:
        raise ValueError(f"quantile must be a number in [0, 1], got {quantile!r}")
    train = check_features(train, "train")
    std = train.std(axis=0)
    scale = np.where(std > 0, std, 1.0)
    synthetic_dcr = distance_to_closest_record(synthetic, train, scale)
    holdout_dcr = distance_to_closest_record(holdout, train, scale)
    threshold = float(np.quantile(holdout_dcr, quantile))
    return {
        "synthetic_dcr": synthetic_dcr,
        "holdout_dcr": holdout_dcr,
        "synthetic_median": float(np.median(synthetic_dcr)),
        "holdout_median": float(np.median(holdout_dcr)),
        "threshold": threshold,
        "near_copies": float(np.mean(synthetic_dcr < threshold)),
    }


class GaussianBaseline:
    """Not a GAN: one multivariate Gaussian per class (mean and covariance of its training
    rows) and the training class shares. The baseline a tabular GAN has to beat."""

    def fit(self, x, y):
        x, y = check_table(x, y)
        self.classes_ = np.unique(y)
        self.shares_ = np.array([np.mean(y == c) for c in self.classes_])
        self.means_, self.covariances_ = [], []
        for c in self.classes_:
            rows = x[y == c]
            if len(rows) < 2:
                raise ValueError(f"class {c} has {len(rows)} row: a covariance needs two")
            self.means_.append(rows.mean(axis=0))
            self.covariances_.append(np.atleast_2d(np.cov(rows, rowvar=False)))
        return self

    def sample(self, num_rows, seed=0, y=None):
        """``num_rows`` synthetic rows and their labels, classes in the training shares (or
        the labels ``y`` asked for)."""
        if not hasattr(self, "classes_"):
            raise RuntimeError("fit the baseline first")
        num_rows = arguments.integer("num_rows", num_rows, minimum=1)
        rng = np.random.default_rng(seed)
        if y is None:
            y = rng.choice(self.classes_, size=num_rows, p=self.shares_)
        y = np.asarray(y)
        if y.shape != (num_rows,):
            raise ValueError(f"y must hold num_rows={num_rows} labels, got shape {y.shape}")
        unknown = set(np.unique(y).tolist()) - set(self.classes_.tolist())
        if unknown:
            raise ValueError(
                f"y holds unknown classes {sorted(unknown)}; fitted {self.classes_.tolist()}"
            )
        x = np.zeros((len(y), len(self.means_[0])))
        for i, c in enumerate(self.classes_):
            rows = y == c
            x[rows] = rng.multivariate_normal(
                self.means_[i], self.covariances_[i], size=int(rows.sum()), method="eigh"
            )
        return x, y
