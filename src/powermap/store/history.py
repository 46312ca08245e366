"""What changed between two dated versions of one account's map: people, fields, links, gaps, coverage.

A :class:`Version` is one account on one date with the analysis as it was
computed then (from a store, nothing is recomputed; from a map, its
analysis). :func:`diff_versions` compares two of them; the result's
:meth:`Diff.to_dict` is the JSON contract of ``powermap diff --format json``.

>>> import pandas as pd, powermap
>>> people = pd.DataFrame({"id": ["ceo", "cto"], "name": ["Ana", "Bo"], "reports_to": ["", "ceo"],
...                        "roles": ["decision maker", "technical buyer"], "stance": ["neutral", "skeptic"]})
>>> before = powermap.from_frame(people, name="Acme", as_of="2026-09-01")
>>> after = powermap.from_frame(people.assign(stance=["neutral", "supporter"]), name="Acme", as_of="2026-10-01")
>>> change = diff_maps(before, after)
>>> change.to_dict()["people"]["changed"]
[{'id': 'cto', 'name': 'Bo', 'field': 'stance', 'before': -1, 'after': 1}]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from powermap.analysis.run import deal_and_analysis
from powermap.analysis.same_gap import gap_key, match_gaps
from powermap.io.validate import Account

if TYPE_CHECKING:
    from powermap.analysis.run import Analysis
    from powermap.core.deal import Deal
    from powermap.policy import Policy

__all__ = [
    "Version",
    "Diff",
    "people_records",
    "link_records",
    "diff_versions",
    "diff_maps",
    "version_of",
    "sparkline",
    "DIFF_FIELDS",
    "gap_key",
    "match_gaps",
    "portfolio_changes",
]

# The fields compared person by person, in the order a change is listed.
DIFF_FIELDS = (
    "stance",
    "relationship",
    "influence",
    "level",
    "roles",
    "reports_to",
    "owner",
    "last_contact",
    "competitor",
    "title",
    "department",
)
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Version:
    """One account on one date: its people, links and gaps, and its analysis figures as computed then.

    ``people`` holds one dict per person (``id``, ``name`` and the :data:`DIFF_FIELDS` as JSON values),
    ``links`` one ``(source, target, kind, weight)`` per link, ``gaps`` one ``(code, severity, role,
    condition, contacts)`` per gap: plain values, so a diff needs no DataFrame.
    """

    account: Account
    people: list[dict[str, Any]]
    links: list[tuple]
    gaps: list[tuple]
    coverage: float
    risk: str
    figures: dict[str, float] = field(default_factory=dict)
    source: str | None = None


def people_records(contacts: pd.DataFrame) -> list[dict[str, Any]]:
    """The people of a contacts frame as the diff compares them."""
    names = ["id", "name", *[f for f in DIFF_FIELDS if f in contacts.columns]]
    columns = {name: contacts[name].tolist() for name in names}
    return [
        {name: (values[k] if name in ("id", "name") else _plain(name, values[k])) for name, values in columns.items()}
        for k in range(len(contacts))
    ]


def link_records(links: pd.DataFrame) -> list[tuple]:
    if links is None or links.empty:
        return []
    return list(
        zip(
            links["source"].tolist(),
            links["target"].tolist(),
            links["kind"].tolist(),
            links["weight"].astype(float).tolist(),
        )
    )


def version_of(pm: Deal, policy: Policy | None = None, *, analysis: Analysis | None = None) -> Version:
    """A deal's (or a map's) own version: its tables and its analysis (``analysis``, else made now with ``policy``)."""
    pm, analysis = deal_and_analysis(pm, policy, analysis=analysis)
    cover = analysis.coverage.iloc[0]
    gaps = list(analysis.gaps[["code", "severity", "role", "condition", "contacts"]].itertuples(index=False, name=None))
    figures = {k: float(v) for k, v in cover.items() if k not in ("risk", "gaps") and _is_number(v)}
    return Version(
        pm.account,
        people_records(pm.contacts),
        link_records(pm.links),
        gaps,
        float(cover["coverage"]),
        str(cover["risk"]),
        figures,
        source=pm.source,
    )


def _is_number(value: Any) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False


def _plain(name: str, value: Any) -> Any:
    """A field's value as JSON: ints for scales, ISO dates, lists for roles, None for empty or unknown."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if name == "roles":
        return list(value)
    if name == "last_contact":
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, (np.integer, int)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return value if value != "" else None
    return value


@dataclass(frozen=True)
class Diff:
    """What changed in one account between two dates.

    Attributes
    ----------
    account : str
    before, after : date
    people : DataFrame
        One row per change: ``id, name, change`` (``added``, ``removed``,
        ``changed``), ``field``, ``before``, ``after`` (field rows only for ``changed``).
    links : DataFrame
        ``change`` (``added``/``removed``), ``source, target, kind, weight``.
    gaps : DataFrame
        ``change`` (``opened``/``closed``/``changed``), ``code, severity, role, condition``,
        ``contacts`` (ids; after for opened and changed, before for closed), ``contacts_before`` and
        ``code_before`` (for changed: the code it had, another where one person's gap changed its name).
    coverage, risk : tuple
        (before, after).
    names : dict
        Each id's name (the later one where it changed), so a reader sees people, not ids.
    """

    account: str
    before: dt.date
    after: dt.date
    people: pd.DataFrame
    links: pd.DataFrame
    gaps: pd.DataFrame
    coverage: tuple[float, float]
    risk: tuple[str, str]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Nothing changed: same people, fields, links, gaps and figures."""
        return (
            self.people.empty
            and self.links.empty
            and self.gaps.empty
            and self.coverage[0] == self.coverage[1]
            and self.risk[0] == self.risk[1]
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``powermap diff --format json``."""
        p, g = self.people, self.gaps

        def ids(change: str) -> list[str]:
            return p.loc[p["change"] == change, "id"].tolist()

        changed = [
            {"id": r.id, "name": r.name, "field": r.field, "before": r.before, "after": r.after}
            for r in p.loc[p["change"] == "changed"].itertuples(index=False)
        ]

        def link_list(change: str) -> list[dict]:
            rows = self.links.loc[self.links["change"] == change]
            return [
                {"source": r.source, "target": r.target, "kind": r.kind, "weight": float(r.weight)}
                for r in rows.itertuples(index=False)
            ]

        def gap_list(change: str) -> list[dict]:
            rows = g.loc[g["change"] == change]
            out = []
            for r in rows.itertuples(index=False):
                item = {
                    "code": r.code,
                    "severity": r.severity,
                    "role": r.role,
                    "condition": r.condition,
                    "contacts": list(r.contacts),
                }
                if change == "changed":
                    item["contacts_before"] = list(r.contacts_before)
                    item["code_before"] = r.code_before
                out.append(item)
            return out

        return {
            "account": self.account,
            "from": self.before.isoformat(),
            "to": self.after.isoformat(),
            "people": {"added": ids("added"), "removed": ids("removed"), "changed": changed},
            "links": {"added": link_list("added"), "removed": link_list("removed")},
            "gaps": {
                "opened": g.loc[g["change"] == "opened", "code"].tolist(),
                "closed": g.loc[g["change"] == "closed", "code"].tolist(),
                "opened_detail": gap_list("opened"),
                "closed_detail": gap_list("closed"),
                "changed": gap_list("changed"),
            },
            "coverage": {"before": self.coverage[0], "after": self.coverage[1]},
            "risk": {"before": self.risk[0], "after": self.risk[1]},
        }


def _people(a: list[dict], b: list[dict]) -> pd.DataFrame:
    before = {p["id"]: p for p in a}
    after = {p["id"]: p for p in b}
    rows: list[tuple] = [(i, p["name"], "added", None, None, None) for i, p in after.items() if i not in before]
    rows += [(i, p["name"], "removed", None, None, None) for i, p in before.items() if i not in after]
    for i, new in after.items():
        old = before.get(i)
        if old is None:
            continue
        rows += [
            (i, new["name"], "changed", name, old.get(name), new.get(name))
            for name in DIFF_FIELDS
            if old.get(name) != new.get(name)
        ]
    # object columns: a stance that went from -1 to 1 stays an int, not a float beside a None
    return pd.DataFrame(rows, columns=["id", "name", "change", "field", "before", "after"], dtype=object)


def _links(a: list[tuple], b: list[tuple]) -> pd.DataFrame:
    before = list(dict.fromkeys((s, t, k, round(float(w), 6)) for s, t, k, w in a))
    after = list(dict.fromkeys((s, t, k, round(float(w), 6)) for s, t, k, w in b))
    old, new = set(before), set(after)
    rows = [("added", *k) for k in after if k not in old] + [("removed", *k) for k in before if k not in new]
    frame = pd.DataFrame(rows, columns=["change", "source", "target", "kind", "weight"], dtype=object)
    frame["weight"] = frame["weight"].astype(float)
    return frame


def _gaps(a: list[tuple], b: list[tuple]) -> pd.DataFrame:
    def items(gaps: list[tuple]) -> list[tuple]:
        return [
            (gap_key(code, role, condition, people), tuple(people), severity)
            for code, severity, role, condition, people in gaps
        ]

    before, after = items(a), items(b)
    opened, closed, changed = match_gaps(before, after)
    rows = [("opened", *after[j][0][:3], after[j][2], after[j][1], (), None) for j in opened]
    rows += [("closed", *before[i][0][:3], before[i][2], before[i][1], (), None) for i in closed]
    rows += [("changed", *after[j][0][:3], after[j][2], after[j][1], before[i][1], before[i][0][0]) for i, j in changed]
    rank = {"opened": 0, "closed": 1, "changed": 2}
    rows = sorted(
        (
            (change, code, severity, role or None, condition or None, people, people_before, code_before)
            for change, code, role, condition, severity, people, people_before, code_before in rows
        ),
        key=lambda r: (rank[r[0]], SEVERITY_ORDER.get(r[2], 3)),
    )
    columns = ["change", "code", "severity", "role", "condition", "contacts", "contacts_before", "code_before"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def diff_versions(a: Version, b: Version) -> Diff:
    """What changed from version ``a`` to version ``b`` of one account."""
    return Diff(
        b.account.name,
        a.account.as_of,
        b.account.as_of,
        _people(a.people, b.people),
        _links(a.links, b.links),
        _gaps(a.gaps, b.gaps),
        (a.coverage, b.coverage),
        (a.risk, b.risk),
        {str(p["id"]): str(p.get("name") or p["id"]) for p in [*a.people, *b.people]},
    )


def diff_maps(a: Deal, b: Deal, policy: Policy | None = None) -> Diff:
    """What changed from map ``a`` to map ``b`` (two dated versions of one account), analysed with ``policy``.

    Parameters
    ----------
    a, b : Deal or PowerMap
        The earlier and the later map.
    policy : Policy, optional
        The thresholds both maps are analysed with.

    Returns
    -------
    Diff
        People added, removed and changed field by field, links, gaps opened,
        closed and changed, and coverage and risk before and after.

    See Also
    --------
    powermap.Store.diff : The same between two saved snapshots.

    Examples
    --------
    >>> import pandas as pd, powermap
    >>> people = pd.DataFrame({"id": ["ceo", "ops"], "name": ["Ana", "Bo"], "reports_to": ["", "ceo"],
    ...     "roles": ["decision maker", "key user"], "stance": ["neutral", "blocker"], "relationship": [1, 1]})
    >>> before = powermap.from_frame(people, name="Acme", as_of="2026-09-01")
    >>> after = powermap.from_frame(people.assign(stance=["neutral", "neutral"]), name="Acme", as_of="2026-10-01")
    >>> change = diff_maps(before, after)
    >>> change.to_dict()["gaps"]["closed"], change.to_dict()["people"]["changed"][0]["after"]
    (['resistant-key-user'], 0)
    """
    return diff_versions(version_of(a, policy), version_of(b, policy))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], low: float = 0.0, high: float = 100.0) -> str:
    """A one-line chart of values on a fixed scale (coverage is 0-100, so a flat line means no change).

    >>> sparkline([0, 50, 100])
    '▁▅█'
    """
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(" ")
            continue
        share = (min(max(float(v), low), high) - low) / (high - low) if high > low else 0.0
        out.append(SPARKS[int(round(share * (len(SPARKS) - 1)))])
    return "".join(out)


def portfolio_changes(result, store, since: str | dt.date) -> pd.DataFrame:
    """A scored pipeline's change per account since its latest stored snapshot on or before ``since``.

    Returns ``result.accounts`` with ``coverage_change`` (points), ``risk_change``
    (``"medium -> high"``, empty when the same), ``gaps_opened`` and ``gaps_closed``
    (how many gaps, paired as in :func:`match_gaps`) added; these are empty for an
    account with no snapshot that old.
    """
    accounts = result.accounts.copy()
    by = result.by
    keys = accounts[by].astype(str)
    names = [str(n) if isinstance(n, str) and n else k for n, k in zip(accounts["account_name"], keys)]
    then = store.as_of_then(since, names)
    now: dict[str, list] = {}
    gaps = result.gaps
    if len(gaps):
        for key, code, role, condition, people in zip(
            gaps[by].astype(str), gaps["code"], gaps["role"], gaps["condition"], gaps["contacts"]
        ):
            now.setdefault(key, []).append((gap_key(code, role, condition, people), tuple(people)))
    risk_change: list[str | None]  # None for an account not stored before
    coverage_change, risk_change, opened, closed = [], [], [], []
    for name, key, cov, risk in zip(names, keys, accounts["coverage"], accounts["risk"]):
        if name not in then:
            coverage_change.append(np.nan)
            risk_change.append(None)
            opened.append(pd.NA)
            closed.append(pd.NA)
            continue
        _, cov0, risk0, before = then[name]
        gaps_opened, gaps_closed, _ = match_gaps(before, now.get(key, []))
        coverage_change.append(round(float(cov) - cov0, 1))
        risk_change.append("" if risk0 == risk else f"{risk0} -> {risk}")
        opened.append(len(gaps_opened))
        closed.append(len(gaps_closed))
    accounts["coverage_change"] = coverage_change
    accounts["risk_change"] = risk_change
    accounts["gaps_opened"] = pd.array(opened, dtype="Int64")
    accounts["gaps_closed"] = pd.array(closed, dtype="Int64")
    return accounts
