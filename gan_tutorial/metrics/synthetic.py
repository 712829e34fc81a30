"""Is synthetic tabular data any good, and what does it leak? (chapter 10)

- utility: train on synthetic, test on real (TSTR) against train on real, test on real (TRTR),
  for logistic regression and a random forest, by accuracy and ROC AUC;
- fidelity: per-column Kolmogorov-Smirnov statistics, the largest difference between the two
  correlation matrices, the class balance;
- memorization: each synthetic row's distance to its closest training record (DCR); the
  holdout test (are the synthetic rows closer to the training rows than to as many held-out
  rows?) and a distance-based membership-inference attack, both 0.5 for a generator that
  never saw the training rows.

Tables are float arrays ``(rows, columns)``; labels int arrays ``(rows,)``.
"""

import numpy as np

from gan_tutorial import arguments
from gan_tutorial.data.tables import check_features, check_table

__all__ = [
    "GaussianBaseline",
    "class_balance",
    "closer_to_train_share",
    "correlation_gap",
    "distance_to_closest_record",
    "ks_statistics",
    "membership_auc",
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


def _scale(scale, reference):
    """The per-column divisor of the distances: ``scale`` checked, or by default the standard
    deviation of each column of ``reference`` (1 for a constant column). ``(columns,)``."""
    if scale is None:
        std = reference.std(axis=0)
        return np.where(std > 0, std, 1.0)
    scale = np.asarray(scale, dtype=np.float64)
    positive = np.all(np.isfinite(scale) & (scale > 0))
    if scale.shape not in ((), (reference.shape[1],)) or not positive:
        raise ValueError(
            f"scale must be a finite number > 0 or one per column ({reference.shape[1]}), got "
            f"{scale.tolist()}"
        )
    return np.broadcast_to(scale, (reference.shape[1],))


def _tables(synthetic, train, holdout, scale):
    """The three tables checked, with the same columns, divided by ``scale`` (default: the
    training rows' standard deviations)."""
    synthetic = check_features(synthetic, "synthetic")
    train = check_features(train, "train")
    holdout = check_features(holdout, "holdout")
    if not synthetic.shape[1] == train.shape[1] == holdout.shape[1]:
        raise ValueError(
            f"the tables have different columns: {synthetic.shape[1]} synthetic, "
            f"{train.shape[1]} train, {holdout.shape[1]} holdout"
        )
    scale = _scale(scale, train)
    return synthetic / scale, train / scale, holdout / scale


def _nearest(synthetic, train, holdout, chunk=1000):
    """All the distances the memorization measures need, in one pass over the scaled tables,
    ``chunk`` synthetic rows at a time: for each synthetic row, the distance to its closest
    training row and to its closest held-out row, ``(s,)`` each, and the index of its closest
    real row (training rows first, then held-out rows), ``(s,)``; for each real row, the
    distance to its closest synthetic row, ``(n + m,)``."""
    from scipy.spatial.distance import cdist

    real = np.concatenate([train, holdout])  # (n + m, columns)
    n, s = len(train), len(synthetic)
    to_train, to_holdout, nearest = np.empty(s), np.empty(s), np.empty(s, dtype=np.int64)
    real_to_synthetic = np.full(len(real), np.inf)
    for start in range(0, s, chunk):
        rows = slice(start, start + chunk)
        d = cdist(synthetic[rows], real)  # (chunk, n + m)
        to_train[rows], to_holdout[rows] = d[:, :n].min(axis=1), d[:, n:].min(axis=1)
        nearest[rows] = d.argmin(axis=1)
        real_to_synthetic = np.minimum(real_to_synthetic, d.min(axis=0))
    return to_train, to_holdout, nearest, real_to_synthetic


def _share(to_train, to_holdout, n, m):
    """The per-row share of `closer_to_train_share` from the distances of `_nearest`."""
    t = np.sum(to_train < to_holdout) + 0.5 * np.sum(to_train == to_holdout)
    per_train, per_holdout = t / n, (len(to_train) - t) / m
    return float(per_train / (per_train + per_holdout))


def _auc(members, others):
    """ROC AUC of the score "minus the distance" for members against non-members, by ranks
    (Mann-Whitney): the chance that a member is closer than a non-member, ties half."""
    from scipy.stats import rankdata

    ranks = rankdata(-np.concatenate([members, others]))  # average ranks for ties
    n, m = len(members), len(others)
    return float((ranks[:n].sum() - n * (n + 1) / 2) / (n * m))


def distance_to_closest_record(queries, reference, scale=None):
    """For every row of ``queries``, the Euclidean distance to its closest row of
    ``reference`` after dividing each column by ``scale`` (default: the reference's standard
    deviation, so that every column counts alike). ``(len(queries),)``."""
    from sklearn.neighbors import NearestNeighbors

    queries = check_features(queries, "queries")
    reference = check_features(reference, "reference")
    if queries.shape[1] != reference.shape[1]:
        raise ValueError(f"queries have {queries.shape[1]} columns, reference {reference.shape[1]}")
    scale = _scale(scale, reference)
    neighbours = NearestNeighbors(n_neighbors=1).fit(reference / scale)
    distances, _ = neighbours.kneighbors(queries / scale)
    return distances[:, 0]


def closer_to_train_share(synthetic, train, holdout, scale=None):
    """The holdout test of memorization (Platzer and Reutterer 2021): is each synthetic row
    closer to a training row than to a held-out row, as often as it would be if the generator
    had never seen the training rows?

    ``synthetic`` ``(s, columns)``, ``train`` ``(n, columns)``, ``holdout`` ``(m, columns)``;
    each column divided by ``scale`` (default: the training rows' standard deviation). Every
    synthetic row is matched to its closest real row; ``t`` of the matches fall on training
    rows and ``h = s - t`` on held-out rows (a tie counts half to each). Returns the training
    rows' share of the matches *per row*, ``(t / n) / (t / n + h / m)``, a float in [0, 1];
    with ``n == m`` it is plainly the share of synthetic rows closer to training than to
    held-out rows.

    Held-out rows come from the same population as the training rows, so a generator that
    never saw the training rows matches every real row alike: about 0.5 (`privacy_report`
    says how far from it chance goes). More is memorization: a generator that writes training
    rows scores 1, one that writes held-out rows 0. A generator that only writes the dense
    middle of the data lands near members and non-members alike, so unlike the distance to
    the closest record alone this does not mistake concentration for memorization.

    Why per row rather than drawing ``m`` of the ``n`` training rows to compare equal sets:
    a drawn set misses the very row that a copy copies with probability ``1 - m / n``, so on
    a 124 / 54 split a copier of the training rows would score about 0.73, no more than a
    generator that writes rows near, but not on, several training rows.
    """
    synthetic, train, holdout = _tables(synthetic, train, holdout, scale)
    to_train, to_holdout, _, _ = _nearest(synthetic, train, holdout)
    return _share(to_train, to_holdout, len(train), len(holdout))


def membership_auc(synthetic, train, holdout, scale=None):
    """A distance-based membership-inference attack, in the spirit of GAN-Leaks
    (Chen et al. 2020) and LOGAN (Hayes et al. 2019): an attacker who holds the synthetic
    rows guesses that a real row was a training row when some synthetic row lies close to
    it. Each training row (a member) and each held-out row (a non-member) is scored by minus
    its distance to the closest synthetic row; the return value is the attack's ROC AUC, the
    chance that a random member scores higher than a random non-member (ties half).

    ``synthetic`` ``(s, columns)``, ``train`` ``(n, columns)``, ``holdout`` ``(m, columns)``;
    each column divided by ``scale`` (default: the training rows' standard deviation). Returns
    a float in [0, 1]: 0.5 is an attack that learns nothing (a generator that never saw the
    training rows; by chance it strays from 0.5 by a standard deviation of
    ``sqrt((n + m + 1) / (12 n m))``), 1 one that tells every member from every non-member (a
    copier of every training row). The AUC does not depend on the ratio of members to
    non-members: with all ``n`` training rows it equals, exactly, the average over every draw
    of ``m`` of them, the equal-size comparison.
    """
    synthetic, train, holdout = _tables(synthetic, train, holdout, scale)
    _, _, _, real_to_synthetic = _nearest(synthetic, train, holdout)
    n = len(train)
    return _auc(real_to_synthetic[:n], real_to_synthetic[n:])


def _chance_sd(nearest, n, m, shuffles=200, seed=0):
    """How far from 0.5 the two measures stray by chance: their standard deviations when the
    synthetic rows do not depend on which real rows were the training rows, that is, over
    shuffles of the real rows' train / held-out labels (a permutation test). For the AUC it is
    the Mann-Whitney formula; for the share, ``shuffles`` random shuffles (``seed``) of the
    labels under the matches ``nearest`` ``(s,)`` (ties, which continuous data do not have,
    go to the first real row)."""
    s = len(nearest)
    matches = np.bincount(nearest, minlength=n + m)  # (n + m,): synthetic rows matched to each
    keys = np.random.default_rng(seed).random((shuffles, n + m))
    members = np.argpartition(keys, n, axis=1)[:, :n]  # (shuffles, n): shuffled training rows
    t = matches[members].sum(axis=1)  # (shuffles,)
    per_train, per_holdout = t / n, (s - t) / m
    return {
        "closer_to_train": float(np.std(per_train / (per_train + per_holdout))),
        "membership_auc": float(np.sqrt((n + m + 1) / (12 * n * m))),
    }


def privacy_report(synthetic, train, holdout, quantile=0.05):
    """Memorization of the training rows, measured against held-out real rows (which the
    generator never saw); distances in units of the training rows' standard deviations.

    ``synthetic`` ``(s, columns)``, ``train`` ``(n, columns)``, ``holdout`` ``(m, columns)``.
    Returns a dict: ``synthetic_dcr`` ``(s,)`` and ``holdout_dcr`` ``(m,)``, the distances of
    the synthetic and of the held-out rows to their closest training row, and their medians;
    ``threshold``, the ``quantile`` of ``holdout_dcr``, and ``closer_than_fresh``, the share of
    synthetic rows closer to a training row than that (about ``quantile`` for rows no closer
    than fresh data; more for a copier, but also for a generator that writes only the dense
    middle of each class: closeness alone is concentration as much as memorization);
    ``closer_to_train``, the holdout test of `closer_to_train_share`, and ``membership_auc``,
    the attack of `membership_auc`, both about 0.5 without memorization; ``chance_sd``, their
    standard deviations by chance (``{"closer_to_train": ..., "membership_auc": ...}``, over
    shuffles of which real rows count as training rows), the yardstick for "about".
    """
    if not 0 <= arguments.real("quantile", quantile) <= 1:
        raise ValueError(f"quantile must be a number in [0, 1], got {quantile!r}")
    synthetic, train, holdout = _tables(synthetic, train, holdout, None)
    n, m = len(train), len(holdout)
    to_train, to_holdout, nearest, real_to_synthetic = _nearest(synthetic, train, holdout)
    holdout_dcr = distance_to_closest_record(holdout, train, scale=1.0)
    threshold = float(np.quantile(holdout_dcr, quantile))
    return {
        "synthetic_dcr": to_train,
        "holdout_dcr": holdout_dcr,
        "synthetic_median": float(np.median(to_train)),
        "holdout_median": float(np.median(holdout_dcr)),
        "threshold": threshold,
        "closer_than_fresh": float(np.mean(to_train < threshold)),
        "closer_to_train": _share(to_train, to_holdout, n, m),
        "membership_auc": _auc(real_to_synthetic[:n], real_to_synthetic[n:]),
        "chance_sd": _chance_sd(nearest, n, m),
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
