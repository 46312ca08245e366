"""The win model as data: numbers in JSON, read back without running anything.

A model a coach is sent must not be able to run code on the machine that
scores with it, so :meth:`powermap.learn.WinModel.save` never pickles. The
fitted estimator is written as its own numbers, and :class:`FrozenCalibrated`
computes exactly what scikit-learn's estimator computed from them:

- ``logistic``: the scaler's means and scales, the regression's coefficients
  and intercept; the log-odds are ``((x - mean) / scale) @ coef + intercept``.
- ``gbm``: the baseline and every tree of the ``HistGradientBoostingClassifier``
  (per node: feature, threshold, where a missing value goes, children, leaf
  value); the log-odds are the baseline plus each tree's leaf, in tree order.
- both: the sigmoid calibration ``p = 1 / (1 + exp(a * f + b))`` over those
  log-odds (``CalibratedClassifierCV(method="sigmoid", ensemble=False)``).

The arithmetic is done in the same order as scikit-learn's, so the
probabilities are the same numbers, bit for bit (tested).

>>> import numpy as np
>>> frozen = FrozenCalibrated.from_data({"method": "sigmoid", "a": -1.0, "b": 0.0,
...     "logistic": {"mean": [0.0], "scale": [1.0], "coef": [2.0], "intercept": 0.5}}, n_features=1)
>>> frozen.predict_proba(np.array([[0.0]])).round(3).tolist()
[[0.378, 0.622]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import expit

__all__ = ["FrozenCalibrated", "estimator_data", "DamagedModel"]


# bounds on a model file's boosted trees, far above what `powermap learn` makes (150 trees of 3 levels), so that a
# crafted file inside the size limit cannot make every prediction slow
MAX_TREES = 2_000
MAX_TREE_DEPTH = 32


class DamagedModel(ValueError):
    """The numbers of a model file do not make a model (wrong lengths, a tree that is not a tree)."""


def estimator_data(estimator: Any) -> dict[str, Any]:
    """The numbers of a fitted ``CalibratedClassifierCV(sigmoid, ensemble=False)`` over powermap's base models."""
    if isinstance(estimator, FrozenCalibrated):
        return estimator.to_data()
    (calibrated,) = estimator.calibrated_classifiers_
    (calibrator,) = calibrated.calibrators
    base = calibrated.estimator
    data: dict[str, Any] = {"method": "sigmoid", "a": float(calibrator.a_), "b": float(calibrator.b_)}
    if hasattr(base, "named_steps"):  # StandardScaler + LogisticRegression
        scaler, logistic = base.named_steps["scale"], base.named_steps["logistic"]
        data["logistic"] = {
            "mean": scaler.mean_.tolist(),
            "scale": scaler.scale_.tolist(),
            "coef": logistic.coef_[0].tolist(),
            "intercept": float(logistic.intercept_[0]),
        }
    else:  # HistGradientBoostingClassifier, binary: one tree per iteration
        trees = []
        for (predictor,) in base._predictors:
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported in a saved model")
            trees.append(
                {
                    "feature": nodes["feature_idx"].tolist(),
                    "threshold": nodes["num_threshold"].tolist(),
                    "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
                    "left": nodes["left"].tolist(),
                    "right": nodes["right"].tolist(),
                    "leaf": nodes["is_leaf"].astype(bool).tolist(),
                    "value": nodes["value"].tolist(),
                }
            )
        data["gbm"] = {"baseline": float(np.ravel(base._baseline_prediction)[0]), "trees": trees}
    return data


class _Tree:
    def __init__(self, tree: dict[str, Any], n_features: int):
        self.feature = np.asarray(tree["feature"], dtype=np.intp)
        self.threshold = np.asarray(tree["threshold"], dtype=np.float64)
        self.missing_left = np.asarray(tree["missing_left"], dtype=bool)
        self.left = np.asarray(tree["left"], dtype=np.intp)
        self.right = np.asarray(tree["right"], dtype=np.intp)
        self.leaf = np.asarray(tree["leaf"], dtype=bool)
        self.value = np.asarray(tree["value"], dtype=np.float64)
        n = len(self.feature)
        if n == 0 or any(
            len(a) != n for a in (self.threshold, self.missing_left, self.left, self.right, self.leaf, self.value)
        ):
            raise DamagedModel("a tree's node arrays differ in length")
        inner = ~self.leaf
        index = np.arange(n)
        # children come after their parent (scikit-learn numbers nodes depth first): every walk ends at a leaf
        if inner.any() and not (
            (self.left[inner] > index[inner]).all()
            and (self.right[inner] > index[inner]).all()
            and (self.left[inner] < n).all()
            and (self.right[inner] < n).all()
            and (self.feature[inner] >= 0).all()
            and (self.feature[inner] < n_features).all()
        ):
            raise DamagedModel("a tree's nodes do not form a tree over the model's features")
        # the levels a walk can take, counted from the root: a crafted chain of nodes must not cost a walk
        # as long as the file is (powermap's trees are MAX_TREE_DEPTH levels at most by far)
        levels, frontier = 1, np.array([0], dtype=np.intp)
        while (frontier := frontier[inner[frontier]]).size:
            levels += 1
            if levels > MAX_TREE_DEPTH:
                raise DamagedModel(f"a tree deeper than {MAX_TREE_DEPTH} levels")
            frontier = np.unique(np.concatenate([self.left[frontier], self.right[frontier]]))
        self.depth = levels

    def predict(self, X: np.ndarray) -> np.ndarray:
        node = np.zeros(len(X), dtype=np.intp)
        rows = np.arange(len(X))
        for _ in range(self.depth):
            inner = ~self.leaf[node]
            if not inner.any():
                break
            at, where = node[inner], rows[inner]
            x = X[where, self.feature[at]]
            go_left = np.where(np.isnan(x), self.missing_left[at], x <= self.threshold[at])
            node[inner] = np.where(go_left, self.left[at], self.right[at])
        return self.value[node]


class FrozenCalibrated:
    """A calibrated binary classifier computed from saved numbers (see the module's text)."""

    classes_ = np.array([0, 1])

    def __init__(self, data: dict[str, Any], n_features: int):
        self._data = data
        self.n_features = n_features
        self.a, self.b = float(data["a"]), float(data["b"])
        if data.get("method") != "sigmoid" or not (np.isfinite(self.a) and np.isfinite(self.b)):
            raise DamagedModel("the calibration is not a sigmoid with finite numbers")
        if "logistic" in data:
            part = data["logistic"]
            self.mean = np.asarray(part["mean"], dtype=np.float64)
            self.scale = np.asarray(part["scale"], dtype=np.float64)
            self.coef = np.asarray(part["coef"], dtype=np.float64)
            self.intercept = np.float64(part["intercept"])
            if not (self.mean.shape == self.scale.shape == self.coef.shape == (n_features,)):
                raise DamagedModel(f"the regression has {len(self.coef)} coefficients for {n_features} features")
            self.trees = None
        elif "gbm" in data:
            self.baseline = np.float64(data["gbm"]["baseline"])
            if len(data["gbm"]["trees"]) > MAX_TREES:
                raise DamagedModel(f"{len(data['gbm']['trees']):,} trees: at most {MAX_TREES:,} are read")
            self.trees = [_Tree(tree, n_features) for tree in data["gbm"]["trees"]]
        else:
            raise DamagedModel("neither a logistic regression nor boosted trees")

    @classmethod
    def from_data(cls, data: dict[str, Any], n_features: int) -> FrozenCalibrated:
        try:
            return cls(data, n_features)
        except DamagedModel:
            raise
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise DamagedModel(f"{type(exc).__name__}: {exc}") from None

    def to_data(self) -> dict[str, Any]:
        return self._data

    @property
    def kind(self) -> str:
        return "logistic" if self.trees is None else "gbm"

    def _array(self, X: Any) -> np.ndarray:
        X = np.array(X.to_numpy(dtype=np.float64) if hasattr(X, "to_numpy") else X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"expected {self.n_features} features, got shape {X.shape}")
        return X

    def decision_function(self, X: Any) -> np.ndarray:
        """The uncalibrated log-odds (what the base estimator's ``decision_function`` gives)."""
        X = self._array(X)
        if self.trees is None:
            X -= self.mean
            X /= self.scale
            return (X @ self.coef.reshape(-1, 1) + self.intercept).ravel()
        raw = np.zeros(len(X), dtype=np.float64)
        raw += self.baseline
        for tree in self.trees:
            raw += tree.predict(X)
        return raw

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities of [lost, won], as ``CalibratedClassifierCV.predict_proba`` gives them."""
        T = self.decision_function(X)
        proba = np.zeros((len(T), 2))
        proba[:, 1] = expit(-(self.a * T + self.b))
        proba[:, 0] = 1.0 - proba[:, 1]
        proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba
