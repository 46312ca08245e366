"""Learn from outcomes: which coverage figures and gaps went with a team's won and lost deals.

Methodology (``docs/methodology.md``) says what usually matters; a team's own closed
deals say what mattered for them. :func:`fit` scores a pipeline of closed
accounts with :func:`powermap.portfolio.score`, joins their outcomes (won or
lost), trains a scikit-learn model on powermap's own per-account figures,
evaluates it by stratified cross-validation, and returns a :class:`WinModel`
that gives each open account a ``win_probability`` and the three ``drivers``
that pull it down most.

Features (:data:`FEATURES`, in this order; one row per account)
----------------------------------------------------------------
Figures, from ``Portfolio.accounts``:
``contacts`` (people on the map), ``threads`` (engaged contacts), ``owners``
(our people holding them), ``levels_engaged`` (of executive, mid, staff),
``departments_engaged``, ``mid_level_allies`` (engaged mid-level
supporters), ``supporters``, ``opposed``, ``support_share`` and
``opposition_share`` (shares of the account's effective influence),
``confidence`` (how much of the map is known).

Roles engaged, 0/1, from ``Portfolio.contacts``: ``engaged_initiator``,
``engaged_key_user``, ``engaged_inside_coach``, ``engaged_advisor`` (1 when a
holder of the role is engaged). The decision maker and the technical
supporter are left out: ``gap_decision-maker-unreached`` and
``gap_late-technical-engagement`` say nearly the same, and two copies of one
fact would split its coefficient between them.

Gaps, 0/1: ``gap_<code>`` for each of the codes of
:data:`powermap.analysis.gaps.CODES`, in that order (1 when the account has the gap).

The methodology's own summaries (``coverage``, ``risk``) are not features:
they are fixed weightings of the same figures, and the report compares the
learned model with them.

Models
------
``kind="logistic"`` (default): standardised features, an L2-regularised
logistic regression, wrapped in ``CalibratedClassifierCV`` (sigmoid, fitted
on out-of-fold scores with ``ensemble=False``): one regression trained on all
the accounts, whose coefficients are the readable effects, and one monotone
calibration map on top of it for the probabilities. Drivers are the
regression's per-account contributions ``coef_j * (x_j - mean_j) / sd_j`` to
the log-odds: the account against the average training account.

``kind="gbm"``: a shallow ``HistGradientBoostingClassifier``, calibrated the
same way. It can find thresholds and interactions but has no coefficients:
its effects are the mean change in log-odds when a figure goes from half a
standard deviation below its mean to half above (a gap or role from 0 to 1),
and a driver is the change in log-odds when that one feature is set to its
training mean (a tree reads a 0/1 mean as the more common value).

Evaluation: out-of-fold probabilities from stratified K-fold
cross-validation (``cv=5``) give the ROC AUC (per fold too), the Brier score,
the log loss and a calibration curve, beside the no-skill baseline (always
the training win rate: AUC 0.5, Brier ``p (1 - p)``) and the AUC of the
methodology's coverage score on the same accounts.

>>> from powermap.sim.simulate import closed_deals
>>> deals = closed_deals(120, 20, seed=3)
>>> model = fit(deals.contacts, deals.outcomes, by="account", n_bootstrap=0)
>>> model.n_train_, round(model.cv_["roc_auc"], 1) > 0.5
(120, True)
"""

from __future__ import annotations

import datetime as dt
import io
import json
import platform
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone

from powermap.analysis.gaps import CODES
from powermap.errors import InputError, Problem
from powermap.io.outcomes import read_outcomes
from powermap.portfolio.local import Portfolio
from powermap.text.words import section, words
from powermap.vocab import ROLES

__all__ = [
    "FEATURES",
    "FIGURES",
    "ROLE_FEATURES",
    "GAP_FEATURES",
    "DESCRIPTIONS",
    "MIN_ACCOUNTS",
    "MIN_PER_CLASS",
    "WinModel",
    "Report",
    "TrainingNote",
    "features",
    "fit",
    "load",
    "check_training",
]

FIGURES: tuple[str, ...] = (
    "contacts",
    "threads",
    "owners",
    "levels_engaged",
    "departments_engaged",
    "mid_level_allies",
    "supporters",
    "opposed",
    "support_share",
    "opposition_share",
    "confidence",
)
# the decision maker and the technical supporter are left out: the gaps decision-maker-unreached and
# late-technical-engagement say the same, and two copies of one fact would split its coefficient
_ROLES_LEFT_OUT = ("decision_maker", "technical_supporter")
ROLE_FEATURES: tuple[str, ...] = tuple(f"engaged_{r}" for r in ROLES if r not in _ROLES_LEFT_OUT)
GAP_FEATURES: tuple[str, ...] = tuple(f"gap_{code}" for code in CODES)
FEATURES: tuple[str, ...] = FIGURES + ROLE_FEATURES + GAP_FEATURES

#: feature -> what it measures, in words (the model card, the report, the drivers)
DESCRIPTIONS: dict[str, str] = section("learn.features", "en")
if set(DESCRIPTIONS) != set(FEATURES):  # a gap code added without its words in the catalogue
    raise ImportError("powermap.learn.model: the text catalogue's learn.features must describe every feature")
_SHARES = ("support_share", "opposition_share", "confidence")
# what the methodology says each feature does to the win chance (docs/methodology.md): every gap lowers it, every role
# engaged raises it, breadth and support raise it, opposition lowers it; the map's size says nothing
RULE_SAYS: dict[str, str] = {
    **{f: "raises" for f in FIGURES},
    "contacts": "nothing",
    "opposed": "lowers",
    "opposition_share": "lowers",
    **{f: "raises" for f in ROLE_FEATURES},
    **{f: "lowers" for f in GAP_FEATURES},
}

MIN_ACCOUNTS = 30  # closed accounts needed to learn anything
MIN_PER_CLASS = 10  # won and lost each: 5-fold cross-validation with a calibration fold inside every fold
FORMAT = 2  # 1 was a pickle behind a header, never read now
_PICKLE_MAGIC = b"powermap-win-model\n"  # how format 1 files begin: recognised, refused, never unpickled
_MAX_MODEL_BYTES = 64 * 2**20


class TrainingNote(UserWarning):
    """What :func:`fit` left out of training and why (also in ``WinModel.notes_``)."""


def _kind(feature: str) -> str:
    return "gap" if feature.startswith("gap_") else "role" if feature.startswith("engaged_") else "figure"


# -- features ---------------------------------------------------------------------------------------------


def features(result: Portfolio) -> pd.DataFrame:
    """The model's features of every scored account: one row per account (indexed by it), :data:`FEATURES` columns.

    ``result`` must keep its per-contact scores (``portfolio.score(..., contacts_scores=True)``, the default):
    the roles engaged are read from them.
    """
    accounts = result.accounts.set_index(result.by)
    table = accounts[list(FIGURES)].astype(float)
    contacts = result.contacts
    if len(accounts) and not {"roles", "engaged"} <= set(contacts.columns):
        raise ValueError("features need the per-contact scores: score with contacts_scores=True")
    if len(contacts):
        engaged = contacts.loc[contacts["engaged"].astype(bool), [result.by, "roles"]].explode("roles")
    else:
        engaged = pd.DataFrame(columns=[result.by, "roles"])
    for feature in ROLE_FEATURES:
        holders = set(engaged.loc[engaged["roles"] == feature.removeprefix("engaged_"), result.by])
        table[feature] = table.index.isin(holders).astype(float)
    codes = accounts["gaps"].fillna("").str.split(";")
    for code in CODES:
        table[f"gap_{code}"] = codes.map(lambda found, code=code: code in found).astype(float)
    table.index = table.index.astype(str)
    table.index.name = result.by
    return table


def _check_features(X: Any) -> pd.DataFrame:
    if isinstance(X, Portfolio):
        X = features(X)
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"expected a DataFrame of the features or a Portfolio, not {type(X).__name__}")
    missing = [f for f in FEATURES if f not in X.columns]
    if missing:
        raise ValueError(f"missing feature columns: {', '.join(missing)} (see powermap.learn.model.FEATURES)")
    X = X[list(FEATURES)].astype(float)
    bad = [f for f in FEATURES if not np.isfinite(X[f].to_numpy()).all()]
    if bad:
        raise ValueError(f"features with missing or infinite values: {', '.join(bad)}")
    return X


def check_training(y: pd.Series | np.ndarray, file: str = "outcomes", cv: int = 5) -> None:
    """Refuse, with the reason, to learn from too few closed accounts or from one class only.

    Raises
    ------
    InputError
        Fewer than :data:`MIN_ACCOUNTS` accounts, fewer than
        :data:`MIN_PER_CLASS` (or ``cv``) won or lost, or every account won (or lost).
    """
    y = np.asarray(y)
    n, won = len(y), int((y == 1).sum())
    lost = n - won
    need = max(MIN_PER_CLASS, cv)
    counts = f"{n} closed account{'s' if n != 1 else ''} ({won} won, {lost} lost)"
    if n and (won == 0 or lost == 0):
        message = (
            f"all {counts.split(' (')[0]} are {'won' if lost == 0 else 'lost'}: a model learns what "
            "separates won from lost deals and needs both; add closed deals of the other outcome"
        )
    elif n < MIN_ACCOUNTS or min(won, lost) < need:
        message = (
            f"only {counts} to learn from: learning needs at least {MIN_ACCOUNTS} closed accounts, with at "
            f"least {need} won and {need} lost, for {cv}-fold cross-validation to mean anything; "
            "add more closed deals"
        )
    else:
        return
    raise InputError([Problem(file, message)])


# -- the model ---------------------------------------------------------------------------------------------


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


# the boosted trees are shallow and slow-learning: a few hundred closed deals is a small training set
GBM_SETTINGS: dict[str, Any] = {
    "max_depth": 3,
    "max_iter": 150,
    "learning_rate": 0.05,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
}


class WinModel(BaseEstimator):
    """How likely an account is to be won, given its power map, learned from closed deals.

    Parameters
    ----------
    kind : {"logistic", "gbm"}
        A calibrated logistic regression (readable coefficients) or a
        calibrated gradient-boosted model (thresholds, interactions).
    C : float
        Inverse L2 regularisation strength of the logistic regression.
    cv : int
        Folds of the stratified cross-validation that evaluates the model.
    n_bootstrap : int
        Bootstrap refits for the 90% intervals of the logistic effects (0: none).
    random_state : int
        Seed of the folds, the bootstrap and the boosted trees.

    Attributes
    ----------
    estimator_ : CalibratedClassifierCV fitted on all the training accounts.
    mean_, scale_ : Series, the training features' means and standard deviations.
    cv_ : dict, the cross-validated scores: ``roc_auc``, ``roc_auc_folds``, ``brier``, ``log_loss``,
        ``baseline`` (no skill), ``coverage_roc_auc``, and the ``roc`` and ``calibration`` curves.
    effects_ : DataFrame, one row per feature: the effect on the log-odds of a win, its interval,
        odds ratio, what the methodology says and what the data says.
    n_train_, n_won_ : int. notes_ : list of str, what was left out of training and why.

    See Also
    --------
    fit : Score a pipeline of closed deals, join their outcomes and train.
    load : Read a saved model.

    Examples
    --------
    >>> from powermap.sim.simulate import closed_deals
    >>> deals = closed_deals(40, 10, seed=3)  # 40 simulated closed accounts: 16 won, 24 lost
    >>> model = WinModel(n_bootstrap=0, cv=3).fit(deals.features, deals.outcomes["won"])
    >>> model.n_train_, model.n_won_
    (40, 16)
    >>> model.predict_proba(deals.features).shape
    (40, 2)
    >>> len(model.drivers(deals.features.head(1)).iloc[0]) <= 3
    True
    """

    def __init__(
        self, kind: str = "logistic", *, C: float = 1.0, cv: int = 5, n_bootstrap: int = 100, random_state: int = 0
    ):
        self.kind = kind
        self.C = C
        self.cv = cv
        self.n_bootstrap = n_bootstrap
        self.random_state = random_state

    # construction ------------------------------------------------------------------------------------
    def _base(self):
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        if self.kind == "logistic":
            return Pipeline([("scale", StandardScaler()), ("logistic", LogisticRegression(C=self.C, max_iter=2000))])
        if self.kind == "gbm":
            return HistGradientBoostingClassifier(**GBM_SETTINGS, random_state=self.random_state)
        raise ValueError(f"kind must be 'logistic' or 'gbm', not {self.kind!r}")

    def _make(self):
        from sklearn.calibration import CalibratedClassifierCV

        return CalibratedClassifierCV(self._base(), method="sigmoid", cv=self.cv, ensemble=False)

    def describe(self) -> str:
        """The estimator in words (the model card's ``estimator``)."""
        settings = ", ".join(f"{name}={value}" for name, value in GBM_SETTINGS.items())
        base = (
            f"StandardScaler + LogisticRegression(C={self.C})"
            if self.kind == "logistic"
            else f"HistGradientBoostingClassifier({settings})"
        )
        return f"CalibratedClassifierCV(sigmoid, ensemble=False) over {base}"

    # fitting -----------------------------------------------------------------------------------------
    def fit(self, X: pd.DataFrame | Portfolio, y, *, coverage: Any = None) -> WinModel:
        """Train on closed accounts: ``X`` their features (:func:`features`), ``y`` 1 won / 0 lost.

        ``coverage``, optional, is the methodology's coverage score of the same accounts, to compare.

        Parameters
        ----------
        X : DataFrame or Portfolio
            One row per closed account with the :data:`FEATURES` columns, or a
            scored pipeline (its features are taken).
        y : array-like
            1 for won, 0 for lost, in the order of ``X``'s rows.
        coverage : array-like, optional
            The coverage score of the same accounts (for ``cv_["coverage_roc_auc"]``).

        Returns
        -------
        WinModel
            This model, fitted on every account, with its cross-validated
            scores (``cv_``) and effects (``effects_``).

        Raises
        ------
        InputError
            Too few closed accounts, too few won or lost, or one outcome only.

        Examples
        --------
        >>> from powermap.sim.simulate import closed_deals
        >>> deals = closed_deals(40, 10, seed=3)  # 40 simulated closed accounts: 16 won, 24 lost
        >>> model = WinModel(n_bootstrap=0, cv=3).fit(deals.features, deals.outcomes["won"])
        >>> sorted(model.cv_)[:4], list(model.effects_.columns[:3])
        (['accuracy', 'baseline', 'brier', 'calibration'], ['feature', 'kind', 'description'])
        """
        from threadpoolctl import threadpool_limits

        # a history is hundreds or thousands of rows: the BLAS and OpenMP thread pools cost more than they
        # save there, and on a busy machine many times more (measured: 10 s against 1.4 s on two loaded cores)
        with threadpool_limits(limits=1):
            return self._fit(X, y, coverage)

    def _fit(self, X, y, coverage) -> WinModel:
        from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score, roc_curve
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        X = _check_features(X)
        y = np.asarray(y).astype(int)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} accounts but y has {len(y)} outcomes")
        if not np.isin(y, (0, 1)).all():
            raise ValueError("y must be 1 (won) or 0 (lost)")
        check_training(y, "training data", self.cv)
        self._make()  # reject a bad kind before any work
        self.classes_ = np.array([0, 1])
        self.feature_names_in_ = np.array(FEATURES, dtype=object)
        self.mean_ = X.mean()
        self.scale_ = X.std(ddof=0)
        self.n_train_, self.n_won_ = len(y), int(y.sum())
        self.estimator_ = self._make().fit(X, y)

        folds = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
        oof = cross_val_predict(self._make(), X, y, cv=folds, method="predict_proba")[:, 1]
        fold_auc = [float(roc_auc_score(y[test], oof[test])) for _, test in folds.split(X, y)]
        rate = float(y.mean())
        fpr, tpr, _ = roc_curve(y, oof)
        self.cv_ = {
            "folds": self.cv,
            "method": words("learn.method").format(folds=self.cv),
            "roc_auc": float(roc_auc_score(y, oof)),
            "roc_auc_folds": fold_auc,
            "brier": float(brier_score_loss(y, oof)),
            "log_loss": float(log_loss(y, oof)),
            "baseline": {
                "what": "always the training win rate (no skill)",
                "roc_auc": 0.5,
                "brier": rate * (1 - rate),
                "accuracy": max(rate, 1 - rate),
            },
            "accuracy": float(((oof >= 0.5) == y).mean()),
            "coverage_roc_auc": (
                float(roc_auc_score(y, np.asarray(coverage, dtype=float))) if coverage is not None else None
            ),
            "roc": {"fpr": fpr.tolist(), "tpr": tpr.tolist()},
            "calibration": _calibration(y, oof),
            "oof_probability": oof.tolist(),
        }
        self.effects_ = self._effects(X, y)
        self.notes_: list[str] = []
        self.training_: dict[str, Any] = {}
        self.trained_at_ = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        return self

    @property
    def linear_(self):
        """The logistic regression pipeline fitted on all the training accounts (``kind="logistic"``)."""
        if self.kind != "logistic":
            raise AttributeError("a gbm model has no linear part")
        if not hasattr(self.estimator_, "calibrated_classifiers_"):
            raise AttributeError(
                "a model read from a file keeps the regression's numbers, not scikit-learn's "
                "objects: see contributions()"
            )
        return self.estimator_.calibrated_classifiers_[0].estimator

    def _linear_terms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The scaler's means and scales and the regression's coefficients, fitted here or read from a file."""
        from powermap.learn.persist import FrozenCalibrated

        if isinstance(self.estimator_, FrozenCalibrated):
            return self.estimator_.mean, self.estimator_.scale, self.estimator_.coef
        scaler, logistic = self.linear_["scale"], self.linear_["logistic"]
        return scaler.mean_, scaler.scale_, logistic.coef_[0]

    def _steps(self) -> pd.Series:
        """The unit of each effect: one standard deviation of a figure, 0 -> 1 for a role or a gap."""
        return pd.Series([self.scale_[f] if _kind(f) == "figure" else 1.0 for f in FEATURES], index=list(FEATURES))

    def _linear_effects(self, X: pd.DataFrame, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        steps = self._steps().to_numpy()
        coef = self.linear_["logistic"].coef_[0] / np.where(
            self.linear_["scale"].scale_ > 0, self.linear_["scale"].scale_, 1.0
        )
        effect = coef * steps
        if not self.n_bootstrap:
            return effect, np.full_like(effect, np.nan), np.full_like(effect, np.nan)
        rng = np.random.default_rng(self.random_state)
        draws = []
        for _ in range(self.n_bootstrap):
            take = rng.integers(0, len(y), len(y))
            if y[take].min() == y[take].max():
                continue
            part = clone(self._base()).fit(X.iloc[take], y[take])
            scale = np.where(part["scale"].scale_ > 0, part["scale"].scale_, 1.0)
            draws.append(part["logistic"].coef_[0] / scale * steps)
        low, high = np.percentile(np.array(draws), [5, 95], axis=0)
        return effect, low, high

    def _tree_effects(self, X: pd.DataFrame) -> np.ndarray:
        effect = np.empty(len(FEATURES))
        for j, f in enumerate(FEATURES):
            lo, hi = (
                (0.0, 1.0)
                if _kind(f) != "figure"
                else (self.mean_[f] - self.scale_[f] / 2, self.mean_[f] + self.scale_[f] / 2)
            )
            both = pd.concat([X.assign(**{f: lo}), X.assign(**{f: hi})])
            p = self.estimator_.predict_proba(both)[:, 1]
            effect[j] = float(np.mean(_logit(p[len(X) :]) - _logit(p[: len(X)])))
        return effect

    def _effects(self, X: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:
        if self.kind == "logistic":
            effect, low, high = self._linear_effects(X, y)
        else:
            effect = self._tree_effects(X)
            low = high = np.full_like(effect, np.nan)
        table = pd.DataFrame(
            {
                "feature": list(FEATURES),
                "kind": [_kind(f) for f in FEATURES],
                "description": [DESCRIPTIONS[f] for f in FEATURES],
                "unit": [
                    words("learn.units.figure" if _kind(f) == "figure" else "learn.units.switch") for f in FEATURES
                ],
                "effect": effect,
                "low": low,
                "high": high,
                "odds_ratio": np.exp(effect),
                "mean": self.mean_.to_numpy(),
            }
        )
        binary = [f for f in FEATURES if _kind(f) != "figure"]
        present = X[binary].to_numpy() == 1
        with np.errstate(invalid="ignore", divide="ignore"):
            rate_with = (present * y[:, None]).sum(0) / present.sum(0)
            rate_without = (~present * y[:, None]).sum(0) / (~present).sum(0)
        table["win_rate_with"] = pd.Series(rate_with, index=binary).reindex(FEATURES).to_numpy()
        table["win_rate_without"] = pd.Series(rate_without, index=binary).reindex(FEATURES).to_numpy()
        table["rule_says"] = [RULE_SAYS[f] for f in FEATURES]
        if self.kind == "logistic" and self.n_bootstrap:
            says = np.where(low > 0, "raises", np.where(high < 0, "lowers", "unclear"))
        else:
            says = np.where(effect >= 0.1, "raises", np.where(effect <= -0.1, "lowers", "little effect"))
        table["data_says"] = says
        return table

    # using it -------------------------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "estimator_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("this WinModel is not trained yet: call fit() or powermap.learn.fit()")

    def predict_proba(self, X: pd.DataFrame | Portfolio) -> np.ndarray:
        """Probabilities of [lost, won] per account (scikit-learn's layout: column 1 is the win probability).

        Parameters
        ----------
        X : DataFrame or Portfolio
            The accounts' features (:func:`features`), or a scored pipeline.

        Returns
        -------
        ndarray of shape (n_accounts, 2)
            Each row sums to 1.

        Examples
        --------
        >>> from powermap.sim.simulate import closed_deals
        >>> deals = closed_deals(40, 10, seed=3)  # 40 simulated closed accounts: 16 won, 24 lost
        >>> model = WinModel(n_bootstrap=0, cv=3).fit(deals.features, deals.outcomes["won"])
        >>> p = model.predict_proba(deals.features)
        >>> p.shape, bool(((p >= 0) & (p <= 1)).all())
        ((40, 2), True)
        """
        self._check_fitted()
        return self.estimator_.predict_proba(_check_features(X))

    def predict(self, X: pd.DataFrame | Portfolio) -> np.ndarray:
        """1 where a win is more likely than not."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def contributions(self, X: pd.DataFrame | Portfolio) -> pd.DataFrame:
        """Per account and feature, how much the feature moves the log-odds of a win against the typical account.

        Logistic: ``coef_j * (x_j - mean_j) / sd_j`` (the standardised regression's terms; they add up to the
        account's log-odds minus the average account's). GBM: log-odds at ``x`` minus log-odds with feature
        ``j`` set to its training mean.
        """
        self._check_fitted()
        X = _check_features(X)
        if self.kind == "logistic":
            mean, scale, coef = self._linear_terms()
            z = (X.to_numpy() - mean) / np.where(scale > 0, scale, 1.0)
            return pd.DataFrame(z * coef, index=X.index, columns=list(FEATURES))
        parts = []
        for start in range(0, len(X), 2000):  # accounts x features rows at a time: bounded memory on big pipelines
            chunk = X.iloc[start : start + 2000]
            base = _logit(self.estimator_.predict_proba(chunk)[:, 1])
            moved = pd.concat([chunk.assign(**{f: self.mean_[f]}) for f in FEATURES])
            p = _logit(self.estimator_.predict_proba(moved)[:, 1]).reshape(len(FEATURES), len(chunk)).T
            parts.append(base[:, None] - p)
        values = np.vstack(parts) if parts else np.empty((0, len(FEATURES)))
        return pd.DataFrame(values, index=X.index, columns=list(FEATURES))

    def drivers(self, X: pd.DataFrame | Portfolio, n: int = 3, *, actionable: bool = True) -> pd.Series:
        """Per account, the ``n`` features that pull its win probability down most, as text (a tuple each).

        Each reads like ``no engaged decision maker (-0.8)``: the feature, its value where it is a figure,
        and its contribution to the log-odds against the typical account (:meth:`contributions`). Only
        features that pull down by at least 0.05 are listed. With ``actionable`` (the default), a pull from
        being *better* than typical by the methodology's own reading (a gap absent, a role engaged, a figure
        the rules want high above its mean) is not listed: a history can give such a feature a
        counter-intuitive sign, but no one would open a gap to win a deal. :meth:`contributions` keeps
        every term.
        """
        X = _check_features(X)
        c = self.contributions(X)
        values, parts = X.to_numpy(), c.to_numpy()
        pulls = parts < -0.05  # a pull under 0.05 log-odds is not worth a line
        if actionable:
            mean = self.mean_.to_numpy()
            for j, f in enumerate(FEATURES):
                kind, rule = _kind(f), RULE_SAYS[f]
                if kind == "gap":
                    pulls[:, j] &= values[:, j] >= 0.5
                elif kind == "role":
                    pulls[:, j] &= values[:, j] < 0.5
                elif rule == "raises":
                    pulls[:, j] &= values[:, j] < mean[j]
                elif rule == "lowers":
                    pulls[:, j] &= values[:, j] > mean[j]
        order = np.argsort(np.where(pulls, parts, np.inf), axis=1, kind="stable")[:, :n]
        out = []
        for i in range(len(X)):
            out.append(
                tuple(
                    _driver_text(FEATURES[j], values[i, j], self.mean_.iat[j], parts[i, j])
                    for j in order[i]
                    if pulls[i, j]
                )
            )
        return pd.Series(out, index=X.index, name="drivers", dtype=object)

    def annotate(self, result: Portfolio) -> pd.DataFrame:
        """A copy of the portfolio's accounts with ``win_probability`` and ``drivers`` added.

        Parameters
        ----------
        result : Portfolio
            Open accounts scored with their per-contact scores
            (:func:`powermap.portfolio.score`, ``contacts_scores=True``).

        Returns
        -------
        DataFrame
            ``result.accounts`` with ``win_probability`` (0-1) and ``drivers``
            (:meth:`drivers`: up to three features that pull it down most).

        Examples
        --------
        >>> from powermap.portfolio.local import score
        >>> from powermap.sim.synth import pipeline
        >>> from powermap.sim.simulate import closed_deals
        >>> deals = closed_deals(40, 10, seed=3)  # 40 simulated closed accounts: 16 won, 24 lost
        >>> model = WinModel(n_bootstrap=0, cv=3).fit(deals.features, deals.outcomes["won"])
        >>> open_deals = model.annotate(score(pipeline(5, 20, seed=7), by="account"))
        >>> len(open_deals), list(open_deals.columns[-2:])
        (5, ['win_probability', 'drivers'])
        """
        X = features(result)
        accounts = result.accounts.copy()
        if accounts.empty:
            return accounts.assign(win_probability=pd.Series(dtype=float), drivers=pd.Series(dtype=object))
        accounts["win_probability"] = self.predict_proba(X)[:, 1]
        accounts["drivers"] = self.drivers(X).to_numpy()
        return accounts

    # reading it -----------------------------------------------------------------------------------------
    def card(self) -> dict[str, Any]:
        """The model card: what it is, what it was trained on, how well it does, with which library versions."""
        self._check_fitted()
        cv = {k: v for k, v in self.cv_.items() if k not in ("oof_probability", "roc")}
        effects = self.effects_.replace({np.nan: None})
        return {
            "model": "powermap win model",
            "format": FORMAT,
            "kind": self.kind,
            "estimator": self.describe(),
            "params": self.get_params(),
            "trained_at": self.trained_at_,
            "training": {
                "accounts": self.n_train_,
                "won": self.n_won_,
                "lost": self.n_train_ - self.n_won_,
                "win_rate": self.n_won_ / self.n_train_,
                **getattr(self, "training_", {}),
                "notes": list(self.notes_),
            },
            "features": [{"name": f, "kind": _kind(f), "description": DESCRIPTIONS[f]} for f in FEATURES],
            "scores": cv,
            "effects": effects[["feature", "effect", "low", "high", "rule_says", "data_says"]].to_dict("records"),
            "versions": _versions(),
            "intended_use": "Ranks a team's open deals by how similar power maps fared in the same team's closed "
            "deals. Trained on history: it shows association, not cause; retrain when the team's "
            "way of selling or its market changes.",
        }

    def report(self) -> Report:
        """Figures and plots of the evaluation: scores, effects, ROC and calibration curves (:class:`Report`)."""
        self._check_fitted()
        cal = self.cv_["calibration"]
        return Report(
            scores={k: v for k, v in self.cv_.items() if k not in ("roc", "calibration", "oof_probability")},
            effects=self.effects_.copy(),
            roc=pd.DataFrame(self.cv_["roc"]),
            calibration=pd.DataFrame(cal),
            kind=self.kind,
            n_train=self.n_train_,
            n_won=self.n_won_,
        )

    # persistence ---------------------------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """The model as plain data (numbers, text, lists): what :meth:`save` writes as JSON."""
        from powermap.learn.persist import estimator_data

        self._check_fitted()
        effects = self.effects_.astype(object).where(self.effects_.notna(), None)
        return {
            "model": "powermap win model",
            "format": FORMAT,
            "kind": self.kind,
            "versions": _versions(),
            "trained_at": self.trained_at_,
            "params": self.get_params(),
            "features": list(FEATURES),
            "mean": self.mean_.tolist(),
            "scale": self.scale_.tolist(),
            "n_train": int(self.n_train_),
            "n_won": int(self.n_won_),
            "cv": self.cv_,
            "effects": {c: effects[c].tolist() for c in effects.columns},
            "notes": list(self.notes_),
            "training": getattr(self, "training_", {}),
            "estimator": estimator_data(self.estimator_),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WinModel:
        """A model from :meth:`to_data`'s output; its probabilities are the saved model's, number for number.

        Raises
        ------
        ValueError
            The data does not describe a powermap win model of this format (with what is wrong).
        """
        from powermap.learn.persist import FrozenCalibrated

        if data.get("features") != list(FEATURES):
            raise ValueError("its features are not this powermap's")
        params = data["params"]
        model = cls(
            str(params["kind"]),
            C=float(params["C"]),
            cv=int(params["cv"]),
            n_bootstrap=int(params["n_bootstrap"]),
            random_state=int(params["random_state"]),
        )
        if model.kind not in ("logistic", "gbm") or data["kind"] != model.kind:
            raise ValueError(f"unknown model kind {data['kind']!r}")
        model.estimator_ = FrozenCalibrated.from_data(data["estimator"], len(FEATURES))
        if model.estimator_.kind != model.kind:
            raise ValueError(f"a {model.kind} model holding a {model.estimator_.kind} estimator")
        model.classes_ = np.array([0, 1])
        model.feature_names_in_ = np.array(FEATURES, dtype=object)
        model.mean_ = pd.Series(np.asarray(data["mean"], dtype=float), index=list(FEATURES))
        model.scale_ = pd.Series(np.asarray(data["scale"], dtype=float), index=list(FEATURES))
        model.n_train_, model.n_won_ = int(data["n_train"]), int(data["n_won"])
        model.cv_ = dict(data["cv"])
        model.effects_ = pd.DataFrame(data["effects"]).fillna(np.nan).infer_objects()
        for column in ("effect", "low", "high", "odds_ratio", "mean", "win_rate_with", "win_rate_without"):
            model.effects_[column] = model.effects_[column].astype(float)
        if list(model.effects_["feature"]) != list(FEATURES):
            raise ValueError("its effects do not list this powermap's features")
        model.notes_ = [str(n) for n in data["notes"]]
        model.training_ = dict(data["training"])
        model.trained_at_ = str(data["trained_at"])
        return model

    def save(self, path: str | Path) -> Path:
        """Write the model to ``path`` as JSON data (never a pickle) and its card to ``path.card.json``.

        Both are written atomically: a failed write leaves any previous file unchanged. Returns the card's path.

        Parameters
        ----------
        path : str or Path
            The model file.

        Returns
        -------
        Path
            The model card's path (``path`` with ``.card.json`` added).

        See Also
        --------
        powermap.learn.load : Read it back (its example saves and reads a model).
        """
        from powermap.io.writing import write_text

        self._check_fitted()
        path = Path(path)
        text = json.dumps(self.to_data(), ensure_ascii=False, allow_nan=False, default=_json_default)
        card_path = path.with_name(path.name + ".card.json")
        card = json.dumps(self.card(), indent=2, ensure_ascii=False, default=_json_default) + "\n"
        write_text(path, text + "\n")
        write_text(card_path, card)
        return card_path

    @classmethod
    def load(cls, path: str | Path) -> WinModel:
        """Read a model written by :meth:`save`. Nothing in the file is ever run: it is JSON numbers and text.

        Raises
        ------
        InputError
            No such file; not a powermap model; a model saved as a pickle by an older powermap (refused
            unread: a pickle can run code; train it again); a damaged file.
        """
        path = Path(path)
        file = str(path)
        if not path.is_file():
            raise InputError([Problem(file, "no such model file: train one with `powermap learn`")])
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(len(_PICKLE_MAGIC))
        if head == _PICKLE_MAGIC:
            raise InputError(
                [
                    Problem(
                        file,
                        "a model saved by an older powermap as a pickle, a format that can run "
                        "code when it is opened: powermap no longer opens such files. Train it "
                        "again with `powermap learn` (its card, "
                        f"{path.name}.card.json, says how it was trained)",
                    )
                ]
            )
        hint = " (this is the model card; pass the model file beside it)" if path.name.endswith(".card.json") else ""
        not_model = InputError(
            [Problem(file, f"not a powermap model: expected a file written by `powermap learn` or WinModel.save{hint}")]
        )
        if size > _MAX_MODEL_BYTES or not head.lstrip().startswith(b"{"):
            raise not_model
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise InputError(
                [
                    Problem(
                        file, "a damaged powermap model: it is not complete JSON; train it again with `powermap learn`"
                    )
                ]
            ) from None
        if (
            not isinstance(data, dict)
            or data.get("model") != "powermap win model"
            or not isinstance(data.get("estimator"), dict)
        ):
            raise not_model
        if data.get("format") != FORMAT:
            raise InputError(
                [
                    Problem(
                        file,
                        f"a powermap model of format {data.get('format')}; this powermap reads "
                        f"format {FORMAT}: train it again with `powermap learn`",
                    )
                ]
            )
        try:
            return cls.from_data(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(
                [Problem(file, f"a damaged powermap model ({exc}): train it again with `powermap learn`")]
            ) from None


def _driver_text(feature: str, value: float, mean: float, contribution: float) -> str:
    amount = f"{contribution:+.1f}" if round(contribution, 1) != 0 else f"{contribution:+.2f}"
    kind = _kind(feature)
    if kind == "gap":
        text = DESCRIPTIONS[feature] if value >= 0.5 else f"without the {feature.removeprefix('gap_')} gap"
    elif kind == "role":
        text = DESCRIPTIONS[feature] if value >= 0.5 else f"no {DESCRIPTIONS[feature]}"
    elif feature in _SHARES:
        text = f"{DESCRIPTIONS[feature]} {value:.0%} (typical {mean:.0%})"
    else:
        text = f"{DESCRIPTIONS[feature]} {value:g} (typical {mean:.1f})"
    return f"{text} ({amount})"


def _calibration(y: np.ndarray, p: np.ndarray, bins: int = 10) -> dict[str, list]:
    """Observed win rate against mean predicted probability, in bins of equal size (quantiles)."""
    order = np.argsort(p, kind="stable")
    groups = [g for g in np.array_split(order, min(bins, len(p))) if len(g)]
    return {
        "predicted": [float(p[g].mean()) for g in groups],
        "observed": [float(y[g].mean()) for g in groups],
        "accounts": [int(len(g)) for g in groups],
    }


def _versions() -> dict[str, str]:
    import joblib
    import sklearn

    from powermap import __version__

    return {
        "powermap": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "joblib": joblib.__version__,
        "python": platform.python_version(),
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


# -- the report ----------------------------------------------------------------------------------------------


class Report:
    """What the evaluation found: ``scores`` (dict), ``effects`` (DataFrame), the ``roc`` and ``calibration``
    curves (DataFrames) and their figures (:meth:`figure`, or one by one). Shows itself in Jupyter."""

    def __init__(
        self,
        scores: dict,
        effects: pd.DataFrame,
        roc: pd.DataFrame,
        calibration: pd.DataFrame,
        kind: str,
        n_train: int,
        n_won: int,
    ):
        self.scores, self.effects, self.roc, self.calibration = scores, effects, roc, calibration
        self.kind, self.n_train, self.n_won = kind, n_train, n_won

    def summary(self) -> str:
        s = self.scores
        folds = np.array(s["roc_auc_folds"])
        lines = [
            words("learn.headline").format(
                kind=self.kind, n=self.n_train, won=self.n_won, lost=self.n_train - self.n_won, method=s["method"]
            ),
            f"ROC AUC {s['roc_auc']:.3f} (folds {folds.min():.2f}-{folds.max():.2f}; no skill 0.5"
            + (f"; the coverage score alone {s['coverage_roc_auc']:.3f}" if s.get("coverage_roc_auc") else "")
            + ")",
            f"Brier score {s['brier']:.3f} (no skill {s['baseline']['brier']:.3f}); log loss {s['log_loss']:.3f}",
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def table(self) -> pd.DataFrame:
        """The effects, most negative first: what lowered the win chance in this history, then what raised it."""
        columns = [
            "feature",
            "description",
            "unit",
            "effect",
            "low",
            "high",
            "odds_ratio",
            "win_rate_with",
            "win_rate_without",
            "rule_says",
            "data_says",
        ]
        return self.effects.sort_values("effect")[columns].reset_index(drop=True)

    def roc_figure(self, lang: str = "en"):
        from powermap.learn.plot import roc

        return roc(self, lang)

    def calibration_figure(self, lang: str = "en"):
        from powermap.learn.plot import calibration

        return calibration(self, lang)

    def effects_figure(self, lang: str = "en"):
        from powermap.learn.plot import effects

        return effects(self, lang)

    def figure(self, lang: str = "en"):
        """ROC curve, calibration curve and effects in one matplotlib Figure."""
        from powermap.learn.plot import report_figure

        return report_figure(self, lang)

    def save(self, path: str | Path, dpi: int = 120, lang: str = "en") -> Path:
        """Write :meth:`figure` to an image (png, svg or pdf)."""
        import matplotlib.pyplot as plt

        from powermap.io.writing import atomic_path

        path = Path(path)
        figure = self.figure(lang)
        try:
            with atomic_path(path) as tmp:
                figure.savefig(tmp, dpi=dpi)
        finally:
            plt.close(figure)
        return path

    def _repr_html_(self) -> str:
        import base64
        import html

        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        figure = self.figure()
        figure.savefig(buffer, format="png", dpi=90)
        plt.close(figure)
        image = base64.b64encode(buffer.getvalue()).decode()
        text = "<br>".join(html.escape(line) for line in self.summary().splitlines())
        return f"<p>{text}</p><img src='data:image/png;base64,{image}'/>"


# -- the functions ---------------------------------------------------------------------------------------------


def fit(
    pipeline: Any,
    outcomes: Any,
    by: str,
    *,
    kind: str = "logistic",
    policy=None,
    cv: int = 5,
    n_bootstrap: int = 100,
    random_state: int = 0,
    n_jobs: int = 1,
    C: float = 1.0,
    contacts_name: str | None = None,
) -> WinModel:
    """Learn from closed deals which power-map figures and gaps went with a win.

    Parameters
    ----------
    pipeline : DataFrame, path or Portfolio
        The closed accounts' contacts, one row per contact with the ``by``
        column (as for :func:`powermap.portfolio.score`), or its result.
    outcomes : path, DataFrame, Series or mapping
        Each closed account's outcome (:func:`powermap.io.outcomes.read_outcomes`).
    by : str
        The account column.
    kind : {"logistic", "gbm"}
        See :class:`WinModel`.
    policy : Policy, optional
        The thresholds the accounts are scored with.
    cv, n_bootstrap, random_state : int
        See :class:`WinModel`.
    n_jobs : int
        Worker processes for the scoring (as in :func:`powermap.portfolio.score`).
    C : float
        See :class:`WinModel`.
    contacts_name : str, optional
        How to name the contacts in notes (default: the file, or "contacts").

    Returns
    -------
    WinModel
        Trained and cross-validated. Accounts of the pipeline without an
        outcome (open deals), outcomes naming no scored account, and accounts
        skipped as invalid are left out; ``notes_`` says how many (and a
        :class:`TrainingNote` warning).

    Raises
    ------
    InputError
        A bad outcomes table, or too few closed accounts, or one outcome only.

    See Also
    --------
    WinModel.annotate : Win probabilities and drivers for open accounts.

    Examples
    --------
    >>> from powermap.sim.simulate import closed_deals
    >>> deals = closed_deals(40, 10, seed=3)  # 40 simulated closed accounts: 16 won, 24 lost
    >>> model = fit(deals.contacts, deals.outcomes, by="account", cv=3, n_bootstrap=0)
    >>> model.n_train_, model.n_won_, model.notes_
    (40, 16, [])

    The bundled history trains the same way (600 accounts, a few seconds):
    ``fit("data/samples/history.csv", "data/samples/history_outcomes.csv", by="account")``.
    """
    from powermap.portfolio import local as portfolio

    contacts_file = contacts_name or (str(pipeline) if isinstance(pipeline, (str, Path)) else "contacts")
    y_all = read_outcomes(outcomes, by)
    outcomes_file = str(outcomes) if isinstance(outcomes, (str, Path)) else "outcomes"
    if isinstance(pipeline, Portfolio):
        result = pipeline
    elif isinstance(pipeline, (str, Path)):
        result = portfolio.score_file(pipeline, by, policy=policy, n_jobs=n_jobs)
    else:
        result = portfolio.score(pipeline, by, policy=policy, n_jobs=n_jobs)
    X_all = features(result)
    known = X_all.index.isin(y_all.index)
    X = X_all.loc[known]
    y = y_all.reindex(X.index)
    notes = []
    skipped = set(result.skipped[result.by].astype(str)) if len(result.skipped) else set()
    invalid = [a for a in y_all.index if a in skipped]
    unknown = [a for a in y_all.index if a not in X_all.index and a not in skipped]
    if invalid:
        notes.append(
            f"{len(invalid)} closed account{'s' if len(invalid) != 1 else ''} left out because their "
            f"contacts are invalid ({_few(invalid)}); see the problems above"
        )
    if unknown:
        notes.append(
            f"{len(unknown)} account{'s' if len(unknown) != 1 else ''} in {outcomes_file} not found in "
            f"{contacts_file} ({_few(unknown)}): left out"
        )
    open_ = int((~known).sum())
    if open_:
        notes.append(
            f"{open_} account{'s' if open_ != 1 else ''} in {contacts_file} without an outcome "
            f"({_few(list(X_all.index[~known]))}): treated as open, not used for training"
        )
    check_training(y.to_numpy(), outcomes_file, cv)
    coverage = result.accounts.set_index(result.by)["coverage"]
    coverage.index = coverage.index.astype(str)
    model = WinModel(kind, C=C, cv=cv, n_bootstrap=n_bootstrap, random_state=random_state)
    model.fit(X, y.to_numpy(), coverage=coverage.reindex(X.index).to_numpy())
    model.notes_ = notes
    model.training_ = {
        "by": by,
        "contacts": contacts_file,
        "outcomes": outcomes_file,
        "outcomes_given": int(len(y_all)),
        "left_out": {"invalid": len(invalid), "not_in_contacts": len(unknown), "open": open_},
    }
    for note in notes:
        warnings.warn(note, TrainingNote, stacklevel=2)
    return model


def _few(items: list, k: int = 3) -> str:
    shown = ", ".join(map(str, items[:k]))
    return shown + (f" and {len(items) - k} more" if len(items) > k else "")


def load(path: str | Path) -> WinModel:
    """Read a model saved by :meth:`WinModel.save` (see there for the checks).

    Nothing in the file is ever run: it is JSON numbers and text.

    Parameters
    ----------
    path : str or Path
        The model file (not its ``.card.json``).

    Returns
    -------
    WinModel
        The trained model, predicting as the saved one did.

    Raises
    ------
    InputError
        No such file; not a powermap model; a model pickled by an older
        powermap (refused unread); a damaged file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from powermap.sim.simulate import closed_deals
    >>> deals = closed_deals(40, 10, seed=3)  # 40 simulated closed accounts: 16 won, 24 lost
    >>> model = WinModel(n_bootstrap=0, cv=3).fit(deals.features, deals.outcomes["won"])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "win.json"
    >>> _ = model.save(path)
    >>> again = load(path)
    >>> bool((again.predict_proba(deals.features) == model.predict_proba(deals.features)).all())
    True
    """
    return WinModel.load(path)
