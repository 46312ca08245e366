"""What a coach reads first of a scored pipeline: how many deals stand at each risk, the gaps most accounts
share, and the riskiest deals, latest stage first (:meth:`powermap.portfolio.local.Portfolio.review`).

A :class:`Review` is built from the accounts table, part by part as :func:`powermap.portfolio.local.score_file`
writes it, so memory stays flat however long the pipeline: only counts and the few riskiest rows are kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

__all__ = ["Review", "RISKS", "KEPT", "MOVES"]

RISKS = ("high", "medium", "low")
_RANK = {r: k for k, r in enumerate(RISKS)}  # high first
KEPT = 20  # the riskiest rows a streamed review keeps: Portfolio.review(top) shows up to this many
# the accounts table's columns a row of the riskiest deals shows (the plan's first action where it has one)
SHOWN = ["account_name", "stage", "coverage", "risk", "risk_change", "risk_points", "n_gaps", "gaps", "plan_action"]
# how an account's risk moved since its stored snapshot (the ``risk_change`` of ``portfolio --store --since``)
MOVES = ("riskier", "safer", "same", "new")


@dataclass
class Review:
    """A pipeline's risk mix, its most common gaps and its riskiest deals.

    by : the account column of the accounts table.
    accounts : how many accounts were read.
    risk : accounts per risk grade.
    gap_accounts : per gap code, how many accounts have at least one such gap.
    riskiest : the riskiest accounts' rows (``by`` and :data:`SHOWN` where the table has them): high risk first,
        then the latest stage (an unknown stage last), the most risk points, the lowest coverage, the account.
    moves : where the table says how each account's risk moved since its stored snapshot (``risk_change``:
        ``"medium -> high"``, ``""`` the same, empty for an account not stored before), how many accounts
        moved each way (:data:`MOVES`); empty otherwise.

    Examples
    --------
    >>> accounts = pd.DataFrame({"account": ["A", "B", "C"], "account_name": ["Ash", "Birch", "Cedar"],
    ...     "stage": [3, 7, 5], "coverage": [40.0, 62.5, 80.0], "risk": ["high", "high", "low"],
    ...     "risk_points": [18, 12, 2], "n_gaps": [9, 6, 2],
    ...     "gaps": ["single-threaded;weak-initiator", "single-threaded", ""]})
    >>> review = Review.of(accounts, "account")
    >>> review.risk_table()["accounts"].tolist()
    [2, 0, 1]
    >>> review.riskiest["account"].tolist()  # both high: the later stage first
    ['B', 'A', 'C']
    >>> review.common_gaps()[["code", "accounts"]].values.tolist()
    [['single-threaded', 2], ['weak-initiator', 1]]
    """

    by: str
    keep: int = KEPT
    accounts: int = 0
    risk: Counter = field(default_factory=Counter)
    gap_accounts: Counter = field(default_factory=Counter)
    riskiest: pd.DataFrame | None = None
    moves: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, accounts: pd.DataFrame, by: str, keep: int | None = None) -> Review:
        """The review of a whole accounts table (keeping every row: :meth:`top` cuts it)."""
        review = cls(by, keep=len(accounts) if keep is None else keep)
        review.add(accounts)
        return review

    def add(self, accounts: pd.DataFrame) -> None:
        """Count one part of the accounts table in (a streamed file's rows as each part comes back)."""
        if accounts.empty:
            return
        self.accounts += len(accounts)
        self.risk.update(accounts["risk"].astype(str).tolist())
        codes = accounts["gaps"].fillna("").astype(str)
        self.gap_accounts.update(code for code in codes.str.split(";").explode().tolist() if code)
        if "risk_change" in accounts:
            self.moves.update(_move(change) for change in accounts["risk_change"].tolist())
        self._rank_in(accounts[[self.by, *(c for c in SHOWN if c in accounts.columns)]])

    def merge(self, other: Review) -> None:
        """Count in a review of another part of the same table (a Spark partition's): the counts add up, the
        riskiest of both are ranked together and the first ``keep`` kept (the larger of the two reviews' own).

        Examples
        --------
        >>> accounts = pd.DataFrame({"account": ["A", "B", "C"], "stage": [3, 7, 5], "risk": ["high", "high", "low"],
        ...     "gaps": ["single-threaded;weak-initiator", "single-threaded", ""]})
        >>> first, second = Review("account"), Review("account")
        >>> first.add(accounts.iloc[:1]); second.add(accounts.iloc[1:])
        >>> first.merge(second)
        >>> whole = Review.of(accounts, "account")
        >>> (first.accounts, first.risk, first.gap_accounts) == (whole.accounts, whole.risk, whole.gap_accounts)
        True
        >>> first.riskiest["account"].tolist()
        ['B', 'A', 'C']
        """
        self.accounts += other.accounts
        self.risk.update(other.risk)
        self.gap_accounts.update(other.gap_accounts)
        self.moves.update(other.moves)
        self.keep = max(self.keep, other.keep)
        if other.riskiest is not None and not other.riskiest.empty:
            self._rank_in(other.riskiest)

    def _rank_in(self, rows: pd.DataFrame) -> None:
        """Rank ``rows`` with the riskiest kept so far and keep the first ``keep``."""
        both = rows if self.riskiest is None else pd.concat([self.riskiest, rows], ignore_index=True)
        self.riskiest = _riskiest_first(both, self.by).head(self.keep).reset_index(drop=True)

    def top(self, n: int) -> Review:
        """The same review showing only its ``n`` riskiest deals."""
        if n < 0:
            raise ValueError(f"top: expected 0 or more, got {n}")
        if self.riskiest is not None and n > self.keep and self.keep < self.accounts:
            raise ValueError(f"top: this review kept its {self.keep} riskiest deals, not {n}")
        return replace(self, riskiest=None if self.riskiest is None else self.riskiest.head(n))

    def risk_table(self) -> pd.DataFrame:
        """One row per risk grade, high first: ``risk``, ``accounts``, ``share`` (0-1)."""
        counts = [self.risk.get(r, 0) for r in RISKS]
        share = np.array(counts, dtype=float) / self.accounts if self.accounts else np.zeros(len(RISKS))
        return pd.DataFrame({"risk": list(RISKS), "accounts": counts, "share": share})

    def common_gaps(self, n: int = 5) -> pd.DataFrame:
        """The ``n`` gap codes most accounts have, most first (ties by code): ``code``, ``accounts``, ``share``."""
        ranked = sorted(self.gap_accounts.items(), key=lambda item: (-item[1], item[0]))[:n]
        frame = pd.DataFrame(ranked, columns=["code", "accounts"]).astype({"accounts": "int64"})
        frame["share"] = frame["accounts"] / self.accounts if self.accounts else 0.0
        return frame

    def risk_moves(self) -> pd.DataFrame | None:
        """How many accounts got riskier, safer, stayed the same or were not stored before (``move``,
        ``accounts``), where the table says how each account's risk moved; None where it does not."""
        if not self.moves:
            return None
        return pd.DataFrame({"move": list(MOVES), "accounts": [self.moves.get(m, 0) for m in MOVES]})


def _move(change: object) -> str:
    if not isinstance(change, str):
        return "new"
    if not change.strip():
        return "same"
    before, _, after = change.partition(" -> ")
    return "riskier" if _RANK.get(after.strip(), 0) < _RANK.get(before.strip(), 0) else "safer"


def _riskiest_first(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    risk = rows["risk"].astype(str).map(_RANK).fillna(len(RISKS))
    stage = pd.to_numeric(rows["stage"], errors="coerce").fillna(0) if "stage" in rows else 0
    points = pd.to_numeric(rows["risk_points"], errors="coerce").fillna(0) if "risk_points" in rows else 0
    coverage = pd.to_numeric(rows["coverage"], errors="coerce").fillna(0) if "coverage" in rows else 0
    keys = pd.DataFrame(
        {"risk": risk, "stage": -stage, "points": -points, "coverage": coverage, "key": rows[by].astype(str)}
    ).reset_index(drop=True)
    return rows.iloc[keys.sort_values(list(keys.columns), kind="stable").index.to_numpy()]
