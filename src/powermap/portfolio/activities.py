"""One activity log for a whole pipeline: read once, each touch given to its account's contact, applied per account.

Contact ids are unique only within an account (``c1`` may be a contact of
every account), so a touch is matched against the whole pipeline before any
account is scored (:func:`assign`): by id, email or name as
:func:`powermap.analysis.touches.match_touches` matches them, and, where the
file names the account (Salesforce ``AccountId``, HubSpot ``Associated
Company``), only among that account's contacts. A touch that fits exactly one
contact goes to that contact's account; one that fits contacts of several
accounts (the same id, email or name, no account to decide) is
``ambiguous`` and counted, never given to either. Each account then gets the
same rule as ``powermap analyze --activities`` (:func:`apply_log`, through
:func:`powermap.analysis.touches.apply_touches`): last touch, touches,
suggested depth, owner where empty, ``works_with`` links.

Examples
--------
>>> import pandas as pd
>>> from powermap.io.activities import TOUCH_COLUMNS
>>> keys = pd.DataFrame({"account": ["A", "A", "B"], "id": ["c1", "c2", "c1"], "email": ["", "", ""],
...                      "name": ["Ann Lee", "Bo Chan", "Cy Diaz"], "account_name": ["Acme", "Acme", "Bolt"]})
>>> touches = pd.DataFrame([
...     ["hubspot", "h.csv", 2, "1", "call", "2026-11-02", "held", "c1", "id", "Dana", "Bolt", ""],
...     ["hubspot", "h.csv", 3, "2", "call", "2026-11-03", "held", "c1", "id", "Dana", "", ""],
...     ["hubspot", "h.csv", 4, "3", "call", "2026-11-04", "held", "bo chan", "name", "Dana", "", ""],
...     ["hubspot", "h.csv", 5, "4", "call", "2026-11-05", "held", "c9", "id", "Dana", "Northwind", ""],
...     ["hubspot", "h.csv", 6, "5", "task", "2026-11-06", "held", "", "", "Dana", "", ""]], columns=TOUCH_COLUMNS)
>>> assign(touches, keys)[["found", "account_key", "contact"]].values.tolist()
[['contact', 'B', 'c1'], ['ambiguous', '', ''], ['contact', 'A', 'c2'], ['other-account', '', ''], ['nobody', '', '']]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.errors import InputError, Problem
from powermap.io.profiles import COMMON_COLUMNS, sf15
from powermap.policy import Policy

__all__ = ["PipelineLog", "UNMATCHED", "assign", "contact_keys", "pipeline_log", "apply_log", "log_note", "refuse"]

N = vocab.normalize_word
SEP = "\x1e"  # between an account key and a contact id: one key per contact across the pipeline
# Whose a touch is across the pipeline, beside "contact" and "team": nobody attached, a person of a pipeline
# account who is not in its contacts (or matches no one), a person of an account not in the pipeline, a person
# who fits contacts of several accounts (or two contacts of one by name).
UNMATCHED = ("nobody", "unknown", "other-account", "ambiguous")
_EMAIL_HEADERS = {N(h) for h in (*COMMON_COLUMNS["email"], "email")}


def _fold(text: str) -> str:
    return "".join(str(text).casefold().split())


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1].casefold() if "@" in email else ""


@dataclass
class PipelineLog:
    """The touches of a pipeline's activity log, each with ``found`` (``contact``, ``team`` or one of
    :data:`UNMATCHED`), ``account_key`` and ``contact`` (the contact's id within its account; '' when none).

    files : how many files were read; notes : what the reader said (a calendar's period).
    """

    touches: pd.DataFrame
    files: int
    notes: list[str] = field(default_factory=list)
    users: dict[str, str] | None = None
    _rows: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _activity: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64), repr=False)
    _team: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64), repr=False)

    def __post_init__(self) -> None:
        self._activity = pd.factorize(self.touches["activity"].astype(str).to_numpy(dtype=object))[0]
        self._team = np.flatnonzero((self.touches["found"] == "team").to_numpy())
        keys = self.touches["account_key"].to_numpy(dtype=object)
        given = np.flatnonzero(keys != "")
        if len(given):
            codes, names = pd.factorize(keys[given])
            order = np.argsort(codes, kind="stable")
            bounds = np.cumsum(np.bincount(codes, minlength=len(names)))[:-1]
            self._rows = {str(k): given[part] for k, part in zip(names, np.split(order, bounds))}

    def accounts(self) -> set[str]:
        """The accounts with at least one touch of their contacts."""
        return set(self._rows)

    def for_accounts(self, accounts) -> pd.DataFrame:
        """The touches of these accounts' contacts (``person`` the contact's pipeline-wide key, ``account`` SEP
        ``id``), with our team's rows of the same activities (who attended beside the owner)."""
        parts = [self._rows[a] for a in accounts if a in self._rows]
        rows = np.concatenate(parts) if parts else np.array([], dtype=int)
        t = self.touches
        mine = t.iloc[rows]
        team = t.iloc[self._team[np.isin(self._activity[self._team], self._activity[rows])]]
        mine = mine.assign(person=mine["account_key"] + SEP + mine["contact"], person_kind="id")
        return pd.concat([mine, team]).sort_index(kind="stable")[t.columns[:12]].reset_index(drop=True)


def contact_keys(contacts: pd.DataFrame, account_names: pd.Series | None = None) -> pd.DataFrame:
    """``account, id, email, name, account_name``: what a touch is matched by, for validated contacts of a
    pipeline (an ``account`` column); ``account_names``: each account's name, indexed by its key."""
    emails = [c for c in contacts.columns if N(str(c)) in _EMAIL_HEADERS]
    email = contacts[emails[0]].astype(str).str.strip() if emails else pd.Series("", index=contacts.index)
    account = contacts["account"].astype(str)
    names = account.map(account_names) if account_names is not None else pd.Series("", index=contacts.index)
    return pd.DataFrame(
        {
            "account": account.to_numpy(dtype=object),
            "id": contacts["id"].astype(str).to_numpy(dtype=object),
            "email": email.to_numpy(dtype=object),
            "name": contacts["name"].astype(str).to_numpy(dtype=object),
            "account_name": names.fillna("").astype(str).to_numpy(dtype=object),
        }
    )


def assign(touches: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """``touches`` with ``found``, ``account_key`` and ``contact``: whose each touch is across the pipeline.

    ``keys`` is :func:`contact_keys` of every account. A touch whose account (as the file names it, by key or
    name, case and space insensitive) is a pipeline account is matched among that account's contacts only;
    one naming no pipeline account is another account's (``other-account``) when the log names pipeline
    accounts elsewhere, else (the log's account column says something else, such as Salesforce ids beside a
    pipeline keyed by name) matched among all. Matched once: ``contact``; several times:
    ``ambiguous``. Not matched: ``team`` (a Salesforce user id, our email domain), ``nobody``, ``unknown``
    (of a pipeline account, or matching no one) or ``other-account`` (an account, or an email domain, that
    is none of the pipeline's).
    """
    # what a person is found by -> account -> the contacts (ids) of that account it finds
    by_id: dict[str, dict[str, list[str]]] = {}
    by_email: dict[str, dict[str, list[str]]] = {}
    by_name: dict[str, dict[str, list[str]]] = {}
    accounts: dict[str, set[str]] = {}
    for account, cid, email, name, account_name in keys.itertuples(index=False):
        by_id.setdefault(cid, {}).setdefault(account, []).append(cid)
        if sf15(cid) != cid:
            by_id.setdefault(sf15(cid), {}).setdefault(account, []).append(cid)
        if email.strip():
            by_email.setdefault(email.strip().casefold(), {}).setdefault(account, []).append(cid)
        by_name.setdefault(_fold(name), {}).setdefault(account, []).append(cid)
        for text in (account, account_name):
            if str(text).strip():
                accounts.setdefault(_fold(text), set()).add(account)
    domains = {_domain(e) for e in by_email}
    # a log that names pipeline accounts names them all the same way: one naming none of them is another
    # account's; a log that names none (Salesforce AccountIds beside a pipeline keyed by name) is matched on people
    speaks = any(_fold(a) in accounts for a in pd.unique(touches["account"]) if str(a).strip())
    team_domains = {_domain(t) for t in pd.unique(touches["team"]) if "@" in str(t)} - domains

    def decide(person: str, kind: str, account: str) -> tuple[str, str, str]:
        named = accounts.get(_fold(account)) if account else None
        if account and named is None and speaks:
            return "other-account", "", ""
        table: dict[str, list[str]] = {}
        if kind == "id":
            table = by_id.get(person) or by_id.get(sf15(person)) or {}
        elif kind == "email":
            table = by_email.get(person.casefold(), {})
        elif kind == "name":
            table = by_name.get(_fold(person), {})
        within = [a for a in named if a in table] if named is not None else list(table)
        if len(within) == 1 and len(set(table[within[0]])) == 1:
            return "contact", within[0], table[within[0]][0]
        if within:
            return "ambiguous", "", ""
        if not person:
            return "nobody", "", ""
        if (kind == "id" and person.startswith("005")) or (kind == "email" and _domain(person) in team_domains):
            return "team", "", ""
        if named is not None:
            return "unknown", "", ""
        if account or (kind == "email" and domains and _domain(person) not in domains):
            return "other-account", "", ""
        return "unknown", "", ""

    out = touches.reset_index(drop=True)
    columns = [out[c].astype(str).to_numpy(dtype=object) for c in ("person", "person_kind", "account")]
    codes, distinct = pd.factorize(np.asarray([SEP.join(k) for k in zip(*columns)], dtype=object))
    decided = np.array([decide(*k.split(SEP)) for k in distinct], dtype=object).reshape(-1, 3)
    for j, column in enumerate(("found", "account_key", "contact")):
        out[column] = decided[codes, j] if len(out) else np.array([], dtype=object)
    return out


def pipeline_log(paths, keys: pd.DataFrame, until, users: dict[str, str] | None = None, dayfirst=None) -> PipelineLog:
    """Read the activity files once (calendars up to ``until``, the latest ``as_of`` of the pipeline) and
    :func:`assign` every touch over ``keys`` (:func:`contact_keys` of the whole pipeline)."""
    from powermap.analysis.touches import read_touches

    touches, files = read_touches(paths, until, users, dayfirst)
    return PipelineLog(assign(touches, keys), len(files), [n for f in files for n in f.notes], users)


def apply_log(
    contacts: pd.DataFrame, facts: pd.DataFrame, log: PipelineLog, policy: Policy
) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, int]]:
    """The validated contacts of some accounts (an ``account`` column) with their touches applied, the
    ``works_with`` links (with ``account``; None when none) and counts for the run's note.

    ``facts`` is indexed by account with ``as_of`` (the accounts' facts, as scored); accounts of one date are
    applied together, each contact under its account's key so that no touch crosses accounts. As for one
    map, the CRM's own recent last activity is applied first
    (:func:`powermap.io.activity.engagement_from_activity`), then the log.
    """
    from powermap.analysis.touches import apply_touches
    from powermap.io.activity import engagement_from_activity

    counts = {"counted": 0, "contacts": 0, "works_with": 0}
    have = log.accounts()
    touched = [a for a in facts.index if a in have]
    if not touched:
        return contacts, None, counts
    account = contacts["account"].astype(str)
    keyed = (account + SEP + contacts["id"].astype(str)).to_numpy(dtype=object)
    empty = pd.DataFrame(columns=["source", "target", "kind", "weight", "kind_source", "weight_source", "row"])
    pieces: list[pd.DataFrame] = []
    positions: list[np.ndarray] = []
    links: list[pd.DataFrame] = []
    left = np.ones(len(contacts), dtype=bool)
    for as_of, group in facts.loc[touched].groupby("as_of", sort=True):
        rows = account.isin(set(group.index)).to_numpy()
        left &= ~rows
        part = contacts.loc[rows].assign(id=keyed[rows])
        part = engagement_from_activity(part, pd.Timestamp(as_of), policy.activity_engagement_days)
        part, new, matched, _ = apply_touches(
            part, empty, log.for_accounts(group.index), pd.Timestamp(as_of), policy, users=log.users
        )
        part["id"] = contacts.loc[rows, "id"].to_numpy()
        pieces.append(part)
        positions.append(np.flatnonzero(rows))
        counted = matched.loc[matched["counts"].to_numpy(dtype=bool)]
        counts["counted"] += len(counted)
        counts["contacts"] += int(counted["contact"].nunique())
        if len(new):
            source = new["source"].str.split(SEP, n=1, expand=True)
            target = new["target"].str.split(SEP, n=1, expand=True)
            same = (source[0] == target[0]).to_numpy()
            links.append(
                new.loc[same].assign(
                    account=source[0][same].to_numpy(),
                    source=source[1][same].to_numpy(),
                    target=target[1][same].to_numpy(),
                )
            )
            counts["works_with"] += int(same.sum())
    if left.any():
        rest = contacts.loc[left].assign(touches=0, touched_by="")
        rest["last_contact_source"] = np.where(pd.to_datetime(rest["last_contact"]).notna(), "given", "")
        pieces.append(rest)
        positions.append(np.flatnonzero(left))
    order = np.argsort(np.concatenate(positions), kind="stable")
    out = pd.concat(pieces).iloc[order]
    out.index = contacts.index
    out["touches"] = out["touches"].astype(int)
    out["relationship"] = out["relationship"].astype(contacts["relationship"].dtype)
    joined = pd.concat(links, ignore_index=True) if links else None
    return out, joined, counts


def log_note(log: PipelineLog, counts: dict[str, int], skipped: set[str]) -> str:
    """The run's note: rows read, counted, and every touch not given to a scored account's contact, by why."""
    found = log.touches["found"]
    of_skipped = int((log.touches["account_key"].isin(skipped)).sum()) if skipped else 0
    unmatched = {k: int((found == k).sum()) for k in UNMATCHED}
    said = ", ".join(f"{v} {k}" for k, v in unmatched.items() if v)
    accounts = log.touches.loc[found == "contact", "account_key"].nunique()
    return (
        f"activities: {len(log.touches)} touch row(s) read from {log.files} file(s); "
        f"{int((found == 'contact').sum())} matched to contacts of {accounts} account(s), {counts.get('counted', 0)} "
        f"counted for {counts.get('contacts', 0)} contact(s) (held, on or before each account's as_of)"
        + (f"; {counts['works_with']} works_with link(s)" if counts.get("works_with") else "")
        + (f"; not matched to a contact: {said}" if said else "; every touch matched a contact or our team")
        + (f"; {of_skipped} of accounts skipped for their problems" if of_skipped else "")
    )


def refuse(read: Any, engine: str = "spark") -> None:
    """Raise :class:`InputError` when the read options (``--activities``) give a log to an engine that does
    not read one, saying what to do.

    >>> refuse({"activities": ()})
    >>> try:
    ...     refuse({"activities": ("tasks.csv",)})
    ... except InputError as error:
    ...     print(error.problems[0].message[:60])
    --activities is read by the local engine only (--engine spar
    """
    activities = read.get("activities") if isinstance(read, dict) else getattr(read, "activities", ())
    if activities:
        raise InputError(
            [
                Problem(
                    str(Path(str(activities[0]))),
                    f"--activities is read by the local engine only (--engine {engine} does not match a log to "
                    "its accounts): run portfolio with --engine local (the default) and --activities, or "
                    "leave --activities out",
                )
            ]
        )
