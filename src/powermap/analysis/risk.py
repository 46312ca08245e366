"""The risk grade of each account, as a coach reads it: the deal-killers first, then the worst problems.

The rule, with the principle each part encodes, is docs/methodology.md "Risk"; the gap rules mark the
deal-killers (:func:`powermap.analysis.gaps.deal_killers`), this module grades and says why in one line.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from powermap.analysis.gaps import CODES, KILLERS, SEVERITIES
from powermap.policy import Policy

__all__ = ["risk_level", "risk_points", "item_points", "severity_points", "grade", "REASONS"]

# why an account has its grade: a deal-killer's kind, or one of these
REASONS = (*KILLERS, "serious", "coverage", "worst", "one", "none")


def risk_points(gaps: pd.DataFrame, policy: Policy, accounts: int) -> np.ndarray:
    """Each kind of problem counts once per account, with its most severe gap: a code, or for a code that
    names a role or a stage condition, that role or condition. Five stale contacts are one kind of problem;
    three unmet stage conditions, three.

    Examples
    --------
    >>> gaps = pd.DataFrame({"account": [0, 0, 0, 1], "code": ["stale-relationship"] * 3 + ["missing-role"],
    ...                      "severity": ["high", "medium", "high", "medium"], "role": [None] * 3 + ["advisor"],
    ...                      "condition": [None] * 4})
    >>> risk_points(gaps, Policy(), 2).tolist()
    [3, 1]
    """
    if not len(gaps):
        return np.zeros(accounts, dtype=int)
    points = _lookup(gaps["severity"], severity_points(policy)).astype(float)
    code = _lookup(gaps["code"], {c: i for i, c in enumerate(CODES)}).astype(np.int64)
    condition, role = (gaps[c].to_numpy(dtype=object, na_value=None) for c in ("condition", "role"))
    detail_code, details = pd.factorize(np.where(pd.isna(condition), role, condition), use_na_sentinel=False)
    account = gaps["account"].to_numpy(dtype=np.int64)
    key = (account * len(CODES) + code) * max(len(details), 1) + detail_code
    order = np.lexsort((-points, key))  # per kind, its most severe gap first
    first = np.r_[True, key[order][1:] != key[order][:-1]]
    return np.bincount(account[order][first], weights=points[order][first], minlength=accounts).astype(np.int64)


def severity_points(policy: Policy) -> dict[str, int]:
    """The risk points of one gap of each severity (policy ``points_per_high_gap`` ...)."""
    return {
        "high": policy.points_per_high_gap,
        "medium": policy.points_per_medium_gap,
        "low": policy.points_per_low_gap,
    }


def item_points(items: Iterable[tuple], policy: Policy) -> int:
    """:func:`risk_points` of one account whose gaps come as items ``(key, contacts, severity)``, ``key`` as
    :func:`powermap.analysis.same_gap.gap_key` makes it (``code, role, condition, ...``, an empty role or condition
    ``""``): how the plan counts a changed copy of a map without a table.

    Examples
    --------
    >>> items = [(("stale-relationship", "", "", "M01"), ("M01",), "high"),
    ...          (("stale-relationship", "", "", "M02"), ("M02",), "medium"),
    ...          (("missing-role", "advisor", "", ""), (), "medium")]
    >>> item_points(items, Policy())
    4
    """
    table = severity_points(policy)
    kinds: dict[tuple, int] = {}
    for key, _, severity in items:
        kind = (key[0], key[2] or key[1])  # the stage condition, else the role
        kinds[kind] = max(kinds.get(kind, 0), table.get(severity, 0))
    return sum(kinds.values())


def _lookup(values: pd.Series, table: dict) -> np.ndarray:
    """``values`` mapped through ``table``, each distinct value looked up once (no text column mapped row by row)."""
    codes, uniques = pd.factorize(values)
    return np.array([table[u] for u in uniques])[codes]


def risk_level(
    coverage: np.ndarray,
    points: np.ndarray,
    policy: Policy,
    killed: np.ndarray | None = None,
    serious: np.ndarray | None = None,
) -> np.ndarray:
    """low / medium / high from the deal-killers, the serious problems, the risk points and the coverage score.

    docs/methodology.md "Risk": any deal-killer (``killed``) makes the deal
    high whatever else is fine. Otherwise the worst problems weigh: high only
    when serious problems pile up, the risk points reaching
    ``risk_points_high`` (36: twelve kinds of high gap), or when the map barely
    covers the account (coverage below ``risk_high_below``, 20); medium when
    ``risk_serious_medium`` (2) kinds of high gap are open (``serious``),
    the points reach ``risk_points_medium`` (15: many smaller problems add
    up), or coverage is below ``risk_medium_below`` (55); else low: at most
    one serious problem, work to do rather than a risk. The gap rules make
    severities stage-aware, so the same map grades differently early and
    late in a sale. ``benchmarks/risk_levels.py`` shows how the levels spread
    over the samples.

    Examples
    --------
    >>> risk_level(np.array([90.0, 90.0, 90.0, 90.0]), np.array([3, 6, 6, 0]), Policy(),
    ...            np.array([False, False, False, True]), np.array([1, 2, 1, 0]))
    array(['low', 'medium', 'low', 'high'], dtype='<U6')
    """
    coverage, points = np.asarray(coverage, dtype=float), np.asarray(points)
    killed = np.zeros(len(points), dtype=bool) if killed is None else np.asarray(killed, dtype=bool)
    serious = np.zeros(len(points), dtype=np.int64) if serious is None else np.asarray(serious)
    high = killed | (coverage < policy.risk_high_below) | (points >= policy.risk_points_high)
    medium = (
        (coverage < policy.risk_medium_below)
        | (points >= policy.risk_points_medium)
        | (serious >= policy.risk_serious_medium)
    )
    return np.where(high, "high", np.where(medium, "medium", "low"))


def _first_per_account(account: np.ndarray, keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """The row of each account (that has rows) whose ``keys`` are least, compared in turn; the first on a tie."""
    if not len(account):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(account)), *keys[::-1], account))
    ordered = account[order]
    return order[np.concatenate([[True], ordered[1:] != ordered[:-1]])]


def grade(gaps: pd.DataFrame, coverage: np.ndarray, policy: Policy, accounts: int) -> pd.DataFrame:
    """Per account (rows in account-code order): ``risk``, ``risk_points``, ``risk_reason`` and ``reason_gap``.

    ``gaps`` has the columns ``account`` (code), ``code``, ``severity``,
    ``role``, ``condition`` and ``deal_killer``, and optionally ``weight``
    (the effective influence of the person a gap is about: among gaps of the
    top severity, the worst is about the most influential person). ``risk_reason`` is one of
    :data:`REASONS`: the deal-killer's kind (the first kind of
    :data:`powermap.analysis.gaps.KILLERS` the account has), ``serious``
    (several kinds of high gap, led by the worst), ``coverage`` (the score
    set the grade), ``worst`` (the grade's worst gap), ``one`` (low, with one
    serious problem to fix) or ``none``. ``reason_gap`` is the
    position in ``gaps`` of the gap the reason names (-1 for none).
    """
    points = risk_points(gaps, policy, accounts)
    reason = np.full(accounts, "none", dtype=object)
    at = np.full(accounts, -1, dtype=np.int64)
    killed = np.zeros(accounts, dtype=bool)
    account = gaps["account"].to_numpy(dtype=np.int64) if len(gaps) else np.zeros(0, dtype=np.int64)
    kinds = gaps["deal_killer"].to_numpy(dtype=object, na_value=None) if len(gaps) else np.zeros(0, dtype=object)
    rank = {k: i for i, k in enumerate(KILLERS)}
    rows = np.flatnonzero(pd.notna(kinds)) if len(kinds) else np.zeros(0, dtype=np.int64)
    killer_rank = np.array([rank[k] for k in kinds[rows]], dtype=np.int64)
    first = rows[_first_per_account(account[rows], (killer_rank,))]  # each account's first gap of its first kind
    killed[account[first]] = True
    at[account[first]] = first
    reason[account[first]] = kinds[first]
    severity = gaps["severity"].to_numpy(dtype=object) if len(gaps) else np.zeros(0, dtype=object)
    high_kinds = np.zeros(accounts, dtype=np.int64)
    if len(gaps):  # the distinct (code, role, condition) of each account's high gaps, counted as integer rows
        high = severity == SEVERITIES[0]
        kinds = [account[high], pd.factorize(gaps["code"].to_numpy(dtype=object)[high])[0]]
        for column in ("role", "condition"):
            values = gaps[column].to_numpy(dtype=object, na_value=None)[high]
            kinds.append(pd.factorize(np.where(pd.isna(values), "", values))[0])
        counted = np.unique(np.stack(kinds, axis=1), axis=0)
        high_kinds = np.bincount(counted[:, 0], minlength=accounts)
    level = risk_level(coverage, points, policy, killed, high_kinds)
    worst = np.full(accounts, -1, dtype=np.int64)
    weight = gaps["weight"].to_numpy(dtype=float) if "weight" in gaps.columns else np.zeros(len(gaps))
    severity_rank = pd.Index(SEVERITIES).get_indexer(severity) if len(gaps) else np.zeros(0, dtype=np.int64)
    # per account: the most severe gap, about the most influential person (the first such gap on a tie)
    best_rows = _first_per_account(account, (severity_rank, -weight))
    worst[account[best_rows]] = best_rows
    open_ = ~killed
    low = open_ & (level == "low")
    one = low & (high_kinds > 0)  # low, with one serious problem to fix: say which
    graded = open_ & ~low
    poor = coverage < np.where(level == "high", policy.risk_high_below, policy.risk_medium_below)
    serious = graded & (worst >= 0) & (high_kinds >= 2)
    thin = graded & ~serious & (poor | (worst < 0))
    named = graded & ~serious & ~thin
    reason[one], reason[serious], reason[thin], reason[named] = "one", "serious", "coverage", "worst"
    at = np.where(one | serious | named, worst, at)
    return pd.DataFrame(
        {"risk": level, "risk_points": points, "risk_reason": reason, "reason_gap": at, "serious": high_kinds}
    )
