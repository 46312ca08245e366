"""The whole analysis of one or many accounts: scores, coverage, gaps and risk, as tidy tables.

``analyze_batch`` is the one implementation: a single map is a batch of one
(:meth:`PowerMap.analysis`), a pipeline a batch of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from powermap.analysis.batch import SINGLE, Batch, make_batch
from powermap.analysis.coverage import coverage as coverage_table
from powermap.analysis.coverage import role_coverage
from powermap.analysis.gap_rows import GAP_COLUMNS, codes_per_account, gap_table
from powermap.analysis.gaps import SUBJECT, Context, RawGap, find_gaps
from powermap.analysis.metrics import scores as contact_scores
from powermap.analysis.risk import grade, risk_level
from powermap.policy import Policy
from powermap.text import advice
from powermap.text.advice import people
from powermap.text.advice_words import GAP_NAMES
from powermap.text.words import words

if TYPE_CHECKING:
    from powermap.core.deal import Deal

__all__ = [
    "Analysis",
    "analyze",
    "analyze_batch",
    "analyze_made",
    "deal_and_analysis",
    "one_map",
    "risk_level",
    "worded",
    "worded_gaps",
    "why_gap",
    "GAP_COLUMNS",
]


@dataclass(frozen=True)
class Facts:
    """What wording an analysis needs besides its tables (no words): the batch, its gaps as found (in the order
    of the gap table), the grade's reasons per account and the account facts."""

    batch: Batch
    found: list[RawGap]
    graded: pd.DataFrame
    stage: np.ndarray


@dataclass(frozen=True)
class Analysis:
    """Tidy results: one row per contact (``scores``), per account (``coverage``), per gap (``gaps``),
    per account and role (``roles``). Every table has an ``account`` column (but a single map's).

    An analysis of :func:`analyze` holds no words: each gap row keeps its code, severity, role,
    condition and contacts, with ``message`` and ``advice`` None, and ``coverage["why"]`` is None;
    :func:`worded` gives the same analysis in a language."""

    scores: pd.DataFrame
    coverage: pd.DataFrame
    gaps: pd.DataFrame
    roles: pd.DataFrame
    facts: Facts | None = field(default=None, repr=False, compare=False)


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

    if "account" in contacts.columns:  # each account's date, looked up once per account (not per contact)
        dates = pd.to_datetime(facts["as_of"])
        codes, keys = pd.factorize(contacts["account"])
        at = np.append(dates.index.get_indexer(keys), -1)[codes]  # -1: no such account (no date)
        per_account = np.append(dates.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
        as_of = pd.Series(per_account[at], index=contacts.index)
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

    gaps, order = gap_table(raw, batch.column("id"), scores["effective_influence"].to_numpy(dtype=float), ctx.opposed)
    found = [raw[i] for i in order.tolist()]

    graded = grade(gaps, cover["coverage"].to_numpy(dtype=float), policy, len(batch.accounts))
    gaps = gaps.drop(columns="weight")
    cover["risk_points"] = graded["risk_points"].to_numpy()
    cover["risk"] = graded["risk"].to_numpy()
    cover["risk_reason"] = graded["risk_reason"].to_numpy()
    cover["why"] = None
    cover["n_gaps"] = np.bincount(gaps["account"].to_numpy(dtype=np.int64), minlength=len(batch.accounts))
    cover["gaps"] = codes_per_account(
        gaps["account"].to_numpy(dtype=np.int64), gaps["code"].to_numpy(), len(batch.accounts)
    )
    roles = role_coverage(batch, scores)
    wording = Facts(batch, found, graded, ctx.stage)
    if not keyed:
        result = Analysis(
            scores.drop(columns=["account"]),
            cover.drop(columns=["account"]),
            gaps.drop(columns=["account"]),
            roles.drop(columns=["account"]),
            wording,
        )
    else:
        gaps["account"] = batch.accounts[gaps["account"].to_numpy(dtype=np.int64)]
        roles["account"] = batch.accounts[roles["account"].to_numpy(dtype=np.int64)]
        result = Analysis(scores, cover, gaps, roles, wording)
    return worded(result, lang) if messages else result


def worded_gaps(analysis: Analysis, lang: str = "en") -> pd.DataFrame:
    """The analysis's gap table with each gap's ``message`` and ``advice`` in ``lang`` (a new table).

    Parameters
    ----------
    analysis : Analysis
        As :func:`analyze` gives it (word-free) or already worded.
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        The gap rows, their fields and codes as they are, with ``message`` and ``advice``.

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    stage=4, technicality="high", as_of="2026-11-15")
    >>> plain = analyze(pm.deal)
    >>> plain.gaps["message"].iat[0] is None
    True
    >>> worded_gaps(plain, "zh")["message"].iat[0]
    '关键使用者Gary Lindholm（Production Manager）对我们持反对态度。'
    """
    facts = _facts_of(analysis)
    labels = _labels(facts.batch, lang)
    gaps = analysis.gaps.copy()
    worded_rows = [
        advice.word_gap(gap.code, gap.fields, [labels[p] for p in gap.contacts], lang, gap.role, gap.condition)
        for gap in facts.found
    ]
    gaps["message"] = [m for m, _ in worded_rows]
    gaps["advice"] = [a for _, a in worded_rows]
    if not worded_rows:  # an empty table keeps the column types of an analysis worded at once
        gaps["message"] = gaps["message"].astype(object)
        gaps["advice"] = gaps["advice"].astype(object)
    return gaps


def worded(analysis: Analysis, lang: str = "en") -> Analysis:
    """The same analysis with its words in ``lang``: each gap's message and advice, and each account's why line.

    The numbers are those of ``analysis`` (nothing is analysed again).

    Parameters
    ----------
    analysis : Analysis
        As :func:`analyze` gives it.
    lang : {"en", "zh"}

    Returns
    -------
    Analysis

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    stage=4, technicality="high", as_of="2026-11-15")
    >>> worded(analyze(pm.deal)).coverage["why"].iat[0]
    'HIGH: Catherine Brandt (Chief Financial Officer), whom the decision maker trusts, opposes us'
    """
    facts = _facts_of(analysis)
    gaps = worded_gaps(analysis, lang)
    cover = analysis.coverage.copy()
    plain = gaps.drop(columns="account") if "account" in gaps.columns else gaps
    codes = [int(gap.account) for gap in facts.found]
    cover["why"] = _why(facts, plain.assign(account=codes), cover, _labels(facts.batch, lang), lang)
    return replace(analysis, coverage=cover, gaps=gaps)


def deal_and_analysis(subject: Any, policy: Policy | None = None, lang: str = "en", analysis: Analysis | None = None):
    """The deal a renderer draws and its analysis worded in ``lang``.

    Parameters
    ----------
    subject : Deal or PowerMap
        A deal, or a map (:class:`powermap.PowerMap`: its ``deal``, and its analysis as it keeps it).
    policy : Policy, optional
        The thresholds, when ``analysis`` is not given.
    lang : {"en", "zh"}
    analysis : Analysis, optional
        The deal's analysis (word-free or worded); analysed here (once) when not given.

    Returns
    -------
    tuple of (Deal, Analysis)

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", stage=4, as_of="2026-11-15")
    >>> deal, result = deal_and_analysis(pm.deal, lang="zh")
    >>> deal is pm.deal, bool(result.gaps["message"].notna().all())
    (True, True)
    """
    deal = getattr(subject, "deal", subject)
    if analysis is None:
        kept = getattr(subject, "analysis", None)  # a map keeps one analysis per policy, worded per language
        if callable(kept):
            return deal, kept(policy, lang)
        analysis = analyze(deal, policy)
    return deal, worded(analysis, lang) if analysis.facts is not None else analysis


def why_gap(analysis: Analysis) -> int | None:
    """The row of a single map's ``gaps`` that its risk line names: the deal-killer, or the worst of the serious
    problems ("the worst: influential blocker, Person p4"); None where the line names no gap, or where the
    analysis is not one map's (a pipeline's) or keeps no facts.

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    stage=4, technicality="high", as_of="2026-11-15")
    >>> result = analyze(pm.deal)
    >>> gap = result.gaps.iloc[why_gap(result)]
    >>> gap["code"], gap["contacts"], gap["deal_killer"]
    ('influential-blocker', ('M05',), 'opposed-decider')
    """
    facts = analysis.facts
    if facts is None or len(facts.graded) != 1 or len(facts.found) != len(analysis.gaps):
        return None
    row = int(facts.graded["reason_gap"].iat[0])
    return row if row >= 0 else None


def _facts_of(analysis: Analysis) -> Facts:
    if analysis.facts is None:
        raise ValueError("this analysis keeps no facts to word it with: make it with analyze()")
    return analysis.facts


def _why(facts: Facts, gaps: pd.DataFrame, cover: pd.DataFrame, labels: np.ndarray, lang: str) -> list[str]:
    """Each account's grade and why, in one line ("HIGH: the CFO, who decides, opposes us")."""
    batch, graded = facts.batch, facts.graded
    first = batch.start
    ids = batch.column("id")
    decider = batch.role_flags["decision_maker"]
    advisor = batch.role_flags["advisor"] & ~decider
    competitor = batch.column("competitor")
    lines = []
    for a, (level, reason, row, serious) in enumerate(
        zip(graded["risk"], graded["risk_reason"], graded["reason_gap"], graded["serious"])
    ):
        stage = facts.stage[a]
        values: dict = {
            "coverage": float(cover["coverage"].iat[a]),
            "count": int(serious),
            "stage": "-" if np.isnan(stage) else int(stage),
        }
        key = str(reason)
        if row >= 0:
            code, contacts = gaps["code"].iat[int(row)], gaps["contacts"].iat[int(row)]
            where = SUBJECT.get(code, -1)
            members = range(first[a], first[a] + batch.size[a])
            person = next((p for p in members if 0 <= where < len(contacts) and ids[p] == contacts[where]), None)
            values["person"] = labels[person] if person is not None else people([], lang)
            values["worst"] = GAP_NAMES[code][lang]
            if person is not None and key in ("serious", "worst", "one"):
                values["worst"] = words("risk_why.about", lang).format(problem=values["worst"], person=labels[person])
            if key == "opposed-decider" and person is not None and not decider[person]:
                key = "opposed-advisor" if advisor[person] else "opposed-trusted"  # trusted by a link
            values["competitor"] = str(competitor[person] or "") if person is not None else ""
            role = gaps["role"].iat[int(row)]  # whom a divided loyalty is about: our inside coach or initiator
            values["role"] = advice.role_label(role, lang) if isinstance(role, str) and role else ""
        why = words(f"risk_why.{key}", lang).format(**values)
        lines.append(words("risk_why.line", lang).format(grade=words(f"risk.{level}", lang).upper(), why=why))
    return lines


def one_map(contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts of one map as the analysis reads them: a column named ``account`` (kept from the file,
    e.g. a pipeline's account key) is the user's own and plays no part, since a batch keys its accounts by it."""
    return contacts.drop(columns="account", errors="ignore")


def analyze(deal: Deal, policy: Policy | None = None) -> Analysis:
    """The analysis of one deal, holding no words: a batch of one, with the account column dropped from every table.

    Parameters
    ----------
    deal : Deal
        The validated deal (:class:`powermap.core.deal.Deal`).
    policy : Policy, optional
        The thresholds and weights (default: :class:`powermap.Policy`'s defaults).

    Returns
    -------
    Analysis
        ``scores``, ``coverage``, ``gaps``, ``roles``; the gaps' ``message`` and ``advice`` and the
        coverage's ``why`` are None until :func:`worded`.

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    stage=4, technicality="high", as_of="2026-11-15")
    >>> result = analyze(pm.deal)
    >>> result.gaps["code"].tolist()[:2], float(result.coverage["coverage"].iat[0])
    (['resistant-key-user', 'influential-blocker'], 89.2)
    """
    account = deal.account
    facts = pd.DataFrame(
        {"stage": [account.stage], "technicality": [account.technicality], "as_of": [pd.Timestamp(account.as_of)]},
        index=[SINGLE],
    )
    return analyze_batch(one_map(deal.contacts), deal.links, facts, policy, keyed=False, messages=False)
