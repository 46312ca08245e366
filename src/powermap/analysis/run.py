"""The whole analysis of one or many accounts: scores, coverage, gaps and risk, as tidy tables.

``analyze_batch`` is the one implementation: a single map is a batch of one
(:meth:`PowerMap.analysis`), a pipeline a batch of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from powermap.analysis.batch import SINGLE, Batch, make_batch
from powermap.analysis.coverage import coverage as coverage_table
from powermap.analysis.coverage import role_coverage
from powermap.analysis.gaps import CODES, SEVERITIES, Context, find_gaps
from powermap.analysis.metrics import scores as contact_scores
from powermap.policy import Policy
from powermap.text import advice
from powermap.text.words import words

__all__ = ["Analysis", "analyze_batch", "analyze_made", "analyze_single", "one_map", "risk_level", "GAP_COLUMNS"]

GAP_COLUMNS = ["account", "code", "severity", "role", "condition", "contacts", "message", "advice"]


@dataclass(frozen=True)
class Analysis:
    """Tidy results: one row per contact (``scores``), per account (``coverage``), per gap (``gaps``),
    per account and role (``roles``). Every table has an ``account`` column."""

    scores: pd.DataFrame
    coverage: pd.DataFrame
    gaps: pd.DataFrame
    roles: pd.DataFrame


def risk_level(coverage: np.ndarray, points: np.ndarray, policy: Policy) -> np.ndarray:
    """low / medium / high from the coverage score and the gaps' risk points.

    Risk points: each kind of problem found in the account (a gap code, or
    its role or stage condition where it names one) counts once, with its
    most severe gap: 3 for high, 1 for medium, 0 for low
    (``points_per_high_gap``, ``points_per_medium_gap``,
    ``points_per_low_gap``). High risk when coverage is below
    ``risk_high_below`` (55) or the points reach ``risk_points_high`` (21:
    seven kinds of high gap); medium when coverage is below
    ``risk_medium_below`` (70) or the points reach ``risk_points_medium`` (6:
    two kinds of high gap); else low. ``benchmarks/risk_levels.py`` shows how
    the levels spread over the samples and relate to won and lost deals.
    """
    coverage, points = np.asarray(coverage, dtype=float), np.asarray(points)
    high = (coverage < policy.risk_high_below) | (points >= policy.risk_points_high)
    medium = (coverage < policy.risk_medium_below) | (points >= policy.risk_points_medium)
    return np.where(high, "high", np.where(medium, "medium", "low"))


def _risk_points(policy: Policy) -> dict[str, int]:
    return {
        "high": policy.points_per_high_gap,
        "medium": policy.points_per_medium_gap,
        "low": policy.points_per_low_gap,
    }


def _risk_points_per_account(gaps: pd.DataFrame, policy: Policy, accounts: int) -> np.ndarray:
    """Each kind of problem counts once per account, with its most severe gap: a code, or for a code that
    names a role or a stage condition, that role or condition. Five stale contacts are one kind of problem;
    three unmet stage conditions, three."""
    if not len(gaps):
        return np.zeros(accounts, dtype=int)
    points = _lookup(gaps["severity"], _risk_points(policy)).astype(float)
    code = _lookup(gaps["code"], {c: i for i, c in enumerate(CODES)}).astype(np.int64)
    condition, role = (gaps[c].to_numpy(dtype=object, na_value=None) for c in ("condition", "role"))
    detail_code, details = pd.factorize(np.where(pd.isna(condition), role, condition), use_na_sentinel=False)
    account = gaps["account"].to_numpy(dtype=np.int64)
    key = (account * len(CODES) + code) * max(len(details), 1) + detail_code
    order = np.lexsort((-points, key))  # per kind, its most severe gap first
    first = np.r_[True, key[order][1:] != key[order][:-1]]
    return np.bincount(account[order][first], weights=points[order][first], minlength=accounts).astype(np.int64)


def _lookup(values: pd.Series, table: dict) -> np.ndarray:
    """``values`` mapped through ``table``, each distinct value looked up once (no text column mapped row by row)."""
    codes, uniques = pd.factorize(values)
    return np.array([table[u] for u in uniques])[codes]


def _codes_per_account(rows: list[tuple], accounts: int) -> list[str]:
    """Each account's distinct gap codes, sorted and joined with ';' ('' where it has none)."""
    found: list[set] = [set() for _ in range(accounts)]
    for row in rows:
        found[row[0]].add(row[1])
    return [";".join(sorted(codes)) for codes in found]


def _facts_by_code(batch: Batch, facts: pd.DataFrame) -> dict[str, np.ndarray]:
    """Account facts as arrays in account-code order: stage (float, NaN unknown), technicality, as_of."""
    if not facts.index.equals(batch.accounts):
        facts = facts.reindex(batch.accounts)
    as_of = facts["as_of"]
    if as_of.dtype.kind != "M":
        as_of = pd.to_datetime(as_of)
    return {
        "stage": pd.to_numeric(facts["stage"], errors="coerce").to_numpy(dtype=float),
        "technicality": facts["technicality"].fillna("medium").to_numpy(dtype=object),
        "as_of": as_of.to_numpy(dtype="datetime64[ns]"),
    }


def _labels(batch: Batch, lang: str) -> np.ndarray:
    """How people are named in messages: "Name (Title)", with full-width brackets in Chinese."""
    names, titles = batch.column("name"), batch.column("title")
    pattern = words("format.person", lang)
    return np.array([pattern.format(name=n, about=t) if t else n for n, t in zip(names, titles)], dtype=object)


def _with_activity(contacts: pd.DataFrame, facts: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Engagement from recent activity where the relationship is not given (powermap.io.activity)."""
    from powermap.io.activity import engagement_from_activity

    if "account" in contacts.columns:
        as_of = contacts["account"].map(pd.to_datetime(facts["as_of"]))
    else:
        as_of = pd.to_datetime(facts["as_of"]).iloc[0]
    return engagement_from_activity(contacts, as_of, policy.activity_engagement_days)


def analyze_batch(
    contacts: pd.DataFrame,
    links: pd.DataFrame | None,
    facts: pd.DataFrame,
    policy: Policy | None = None,
    lang: str = "en",
    *,
    keyed: bool = True,
    messages: bool = True,
    structure: dict[str, np.ndarray] | None = None,
) -> Analysis:
    """Analyse every account of a validated contacts table at once.

    Parameters
    ----------
    contacts, links : DataFrame
        Validated tables (``powermap.load``); with an ``account`` column for
        many accounts.
    facts : DataFrame
        Indexed by account key: ``stage`` (1-8 or NaN), ``technicality``, ``as_of``.
    policy : Policy, optional
    lang : {"en", "zh"}
        Language of the gaps' messages and advice.
    keyed : bool
        Whether the tables carry the ``account`` column (False for one map).
    messages : bool
        Word each gap's message and advice (a pipeline of thousands of
        accounts may only need the codes; the numbers are the same).
    structure : dict, optional
        PageRank, brokerage and reach to the decision per contact (in the
        batch's order), when the caller already has them for the same graph
        (see :func:`powermap.analysis.metrics.scores`).
    """
    policy = policy or Policy()
    batch = make_batch(_with_activity(contacts, facts, policy), links)
    return analyze_made(batch, facts, policy, lang, keyed=keyed, messages=messages, structure=structure)


def analyze_made(
    batch: Batch,
    facts: pd.DataFrame,
    policy: Policy,
    lang: str = "en",
    *,
    keyed: bool = True,
    messages: bool = True,
    structure: dict[str, np.ndarray] | None = None,
) -> Analysis:
    """:func:`analyze_batch` of a batch made already, from contacts whose engagement from activity is applied
    (a plan builds the batch of its copies from the map's own, looking nothing up again)."""
    scores = contact_scores(batch, policy, structure)
    cover = coverage_table(batch, scores, policy)
    ctx = Context(batch, scores, cover, _facts_by_code(batch, facts), policy)
    raw = find_gaps(ctx)

    labels, ids = (_labels(batch, lang) if messages else None), batch.column("id")
    rows = []
    for gap in raw:
        message = text = None
        if labels is not None:  # only when messages are asked for
            message, text = advice.word_gap(
                gap.code, gap.fields, [labels[p] for p in gap.contacts], lang, gap.role, gap.condition
            )
        rows.append(
            (
                gap.account,
                gap.code,
                gap.severity,
                gap.role,
                gap.condition,
                tuple(ids[p] for p in gap.contacts),
                message,
                text,
            )
        )
    severity_rank, code_rank = {s: i for i, s in enumerate(SEVERITIES)}, {c: i for i, c in enumerate(CODES)}
    rows.sort(key=lambda r: (r[0], severity_rank[r[2]], code_rank[r[1]]))
    gaps = pd.DataFrame(rows, columns=GAP_COLUMNS)

    points = _risk_points_per_account(gaps, policy, len(batch.accounts))
    cover["risk_points"] = points
    cover["risk"] = risk_level(cover["coverage"].to_numpy(), points, policy)
    cover["n_gaps"] = np.bincount(gaps["account"].to_numpy(dtype=np.int64), minlength=len(batch.accounts))
    cover["gaps"] = _codes_per_account(rows, len(batch.accounts))
    roles = role_coverage(batch, scores)
    if not keyed:
        return Analysis(
            scores.drop(columns=["account"]),
            cover.drop(columns=["account"]),
            gaps.drop(columns=["account"]),
            roles.drop(columns=["account"]),
        )
    gaps["account"] = batch.accounts[gaps["account"].to_numpy(dtype=np.int64)]
    roles["account"] = batch.accounts[roles["account"].to_numpy(dtype=np.int64)]
    return Analysis(scores, cover, gaps, roles)


def one_map(contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts of one map as the analysis reads them: a column named ``account`` (kept from the file,
    e.g. a pipeline's account key) is the user's own and plays no part, since a batch keys its accounts by it."""
    return contacts.drop(columns="account", errors="ignore")


def analyze_single(
    contacts: pd.DataFrame, links: pd.DataFrame, account, policy: Policy | None = None, lang: str = "en"
) -> Analysis:
    """One account: a batch of one, with the account column dropped from every table."""
    contacts = one_map(contacts)
    facts = pd.DataFrame(
        {"stage": [account.stage], "technicality": [account.technicality], "as_of": [pd.Timestamp(account.as_of)]},
        index=[SINGLE],
    )
    return analyze_batch(contacts, links, facts, policy, lang, keyed=False)
