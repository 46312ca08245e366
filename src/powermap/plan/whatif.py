"""What if: change one person and see which gaps open or close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.analysis.run import deal_and_analysis
from powermap.analysis.same_gap import match_gap_frames
from powermap.core.deal import Deal
from powermap.core.graph import manager_positions
from powermap.errors import InputError, Problem
from powermap.io.dates import EARLIEST_YEAR, LATEST_YEAR, parse_date
from powermap.io.validate import date_explainer, reporting_depth, vocab_explainer, vocab_parser

__all__ = [
    "WhatIf",
    "what_if",
    "changed_contacts",
    "blank_row",
    "new_person_row",
    "typed_added",
    "PERSON_CHANGES",
    "roles_cell",
]

PERSON_CHANGES = ("stance", "relationship", "owner", "last_contact", "roles")  # what a change to one person may set


@dataclass(frozen=True)
class WhatIf:
    """The changed map, the gaps it resolves, opens and changes, and how coverage and risk move.

    A gap that is still there after the change but names other people or has another severity (the
    mid-level candidates, a stage condition now met by fewer people), or one person's gap that is now
    another code at the same severity (an influential blocker now a mid-level manager we went around), is
    ``changed`` (with ``severity_before``, ``contacts_before`` and ``code_before``), never counted as both
    resolved and opened.
    """

    before: Any  # a Deal here; PowerMap.what_if gives maps
    after: Any
    resolved: pd.DataFrame
    opened: pd.DataFrame
    coverage_before: float
    coverage_after: float
    risk_before: str
    risk_after: str
    changed: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __repr__(self) -> str:
        return (
            f"<WhatIf coverage {self.coverage_before} -> {self.coverage_after}, risk {self.risk_before} -> "
            f"{self.risk_after}; {_count(len(self.resolved), 'gap')} resolved, {len(self.opened)} opened, "
            f"{len(self.changed)} changed>"
        )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _value(word: int | str, vocabulary: vocab.Vocabulary, low: int, high: int, column: str) -> int:
    """The input's own parsing: a number in range, or one of the vocabulary's words."""
    text = str(word).strip()
    try:
        return vocab_parser(vocabulary, low, high)(text)
    except ValueError:
        explain = vocab_explainer(vocabulary, f"{low} to {high}")
        raise InputError([Problem("what_if", explain(text), column=column, value=text)]) from None


def _date(value) -> pd.Timestamp:
    """A last contact as the input reads it (one date reader: an ISO date or timestamp, with or without a zone,
    or a date object), at midnight."""
    if isinstance(value, dt.datetime):
        return pd.Timestamp(value.date())
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    text = str(value).strip()
    try:
        return pd.Timestamp(parse_date(text))
    except ValueError:
        explain = date_explainer((EARLIEST_YEAR, LATEST_YEAR))
        raise InputError([Problem("what_if", explain(text), column="last_contact", value=text)]) from None


def _find(contacts: pd.DataFrame, id) -> int:
    """The position of the contact ``id`` names: its text, or a number written another way (2, 2.0, "2")."""
    ids = contacts["id"].astype(str).to_numpy()
    text = str(id).strip()
    if isinstance(id, float) and id.is_integer():
        text = str(int(id))
    where = np.flatnonzero(ids == text)
    if len(where) == 0:
        stripped = np.char.strip(ids.astype(str))
        where = np.flatnonzero(stripped == text)
    if len(where) == 0:
        number = pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0]
        if number == number:  # not NaN: match ids that are the same number ("007" for 7)
            numbers = pd.to_numeric(pd.Series(ids), errors="coerce").to_numpy()
            where = np.flatnonzero(numbers == number)
            if len(where) > 1:
                where = where[:0]
    if len(where) == 0:
        sample = ", ".join(repr(i) for i in ids[:3]) + (", ..." if len(ids) > 3 else "")
        raise InputError(
            [Problem("what_if", f"no contact with this id (ids look like {sample})", column="id", value=str(id))]
        )
    return int(where[0])


def new_person(contacts: pd.DataFrame, person: dict) -> pd.DataFrame:
    """``contacts`` with one person added (a placeholder the team must find): the person's columns as given,
    words parsed as the input parses them, every other column empty."""
    pid = str(person.get("id", "")).strip()
    if not pid or (contacts["id"] == pid).any():
        raise InputError([Problem("what_if", "a new person needs an id no contact has", column="id", value=pid)])
    manager = person.get("reports_to") or None
    if manager is not None and not (contacts["id"] == manager).any():
        raise InputError([Problem("what_if", "names nobody in the contacts", column="reports_to", value=str(manager))])
    row = new_person_row(blank_row(contacts), {**person, "id": pid})
    added = typed_added(pd.concat([contacts, pd.DataFrame([row])[contacts.columns]], ignore_index=True))
    depth, _ = reporting_depth(manager_positions(added["id"], added["reports_to"]))
    added["depth"] = pd.array(depth, dtype="Int64")
    return added


def blank_row(contacts: pd.DataFrame) -> dict[str, Any]:
    """An empty row of ``contacts``: '' in a text column, NA in any other.

    >>> blank_row(pd.DataFrame({"id": ["a"], "influence": pd.array([3], dtype="Int64")}))
    {'id': '', 'influence': <NA>}
    """
    return {
        column: ("" if pd.api.types.is_string_dtype(contacts[column]) or contacts[column].dtype == object else pd.NA)
        for column in contacts.columns
    }


def roles_cell(value: Any) -> tuple[str, ...]:
    """Roles as the input's ``roles`` column reads them: one text (``"initiator; key user"``) or a list of words,
    each a role or tag id or one of its words in English or Chinese."""
    text = value if isinstance(value, str) else ";".join(str(v) for v in value)
    roles, unknown = vocab.parse_roles(text)
    if unknown:
        expected = "unknown role: expected " + ", ".join((*vocab.ROLES, *vocab.TAGS)) + " (or their words)"
        raise InputError([Problem("what_if", expected, column="roles", value=unknown[0])])
    return roles


def new_person_row(blank: dict[str, Any], person: dict) -> dict[str, Any]:
    """The row of a new person (``person`` holds its ``id``; ``blank`` is :func:`blank_row` of the contacts): the
    person's columns as given, words parsed as the input parses them, every other column empty (no check
    against the contacts: :func:`what_if` makes those).

    >>> row = new_person_row({"id": "", "team": ""}, {"id": "new", "roles": "advisor", "stance": "supporter"})
    >>> row["roles"], row["stance"], row["relationship"], row["team"]
    (('advisor',), 1, 0, '')
    """
    pid = str(person["id"])
    manager = person.get("reports_to") or None
    roles = roles_cell(person.get("roles", ()))
    level = person.get("level")
    row = dict(blank)
    row.update(
        {
            "id": pid,
            "name": str(person.get("name", pid)),
            "title": str(person.get("title", "")),
            "department": str(person.get("department", "")),
            "reports_to": manager,
            "roles": tuple(roles),
            "level": vocab.LEVELS.lookup(level) if level else pd.NA,
            "level_source": "given" if level else "unknown",
            "influence": _value(person["influence"], vocab.INFLUENCE_WORDS, 1, 5, "influence")
            if person.get("influence") is not None
            else pd.NA,
            "stance": _value(person["stance"], vocab.STANCES, -2, 2, "stance")
            if person.get("stance") is not None
            else pd.NA,
            "relationship": _value(person.get("relationship", 0), vocab.RELATIONSHIPS, 0, 3, "relationship"),
            "relationship_source": "given",
            "owner": str(person.get("owner", "") or ""),
            "last_contact": pd.NaT,
            "depth": pd.NA,
            "row": pd.NA,
        }
    )
    return row


def typed_added(added: pd.DataFrame) -> pd.DataFrame:
    """Contacts with new people's rows appended (:func:`new_person_row`), their number and date columns typed as
    the input types them (``depth`` is the caller's to fill)."""
    for column in ("influence", "stance", "relationship", "depth"):
        added[column] = added[column].astype("Int64")
    added["last_contact"] = pd.to_datetime(added["last_contact"])
    return added


def changed_contacts(
    contacts: pd.DataFrame, i: int, *, stance=None, relationship=None, owner=None, last_contact=None, roles=None
) -> pd.DataFrame:
    """``contacts`` (a copy, changed in place) with row ``i``'s stance, relationship, owner, last contact or roles
    set."""
    if stance is not None:
        contacts["stance"] = contacts["stance"].astype("Int64")
        contacts.loc[i, "stance"] = _value(stance, vocab.STANCES, -2, 2, "stance")
    if relationship is not None:
        contacts.loc[i, "relationship"] = _value(relationship, vocab.RELATIONSHIPS, 0, 3, "relationship")
        contacts.loc[i, "relationship_source"] = "given"
    if owner is not None:
        contacts.loc[i, "owner"] = str(owner).strip()
    if last_contact is not None:
        contacts.loc[i, "last_contact"] = _date(last_contact)
    if roles is not None:  # a tuple per cell: set as one object, never spread over the row
        cells = contacts["roles"].tolist()
        cells[i] = roles_cell(roles)
        contacts["roles"] = pd.Series(cells, index=contacts.index, dtype=object)
    return contacts


def what_if(
    pm: Any,
    id: str | int,
    *,
    stance=None,
    relationship=None,
    remove: bool = False,
    policy=None,
    owner: str | None = None,
    last_contact=None,
    add: dict | None = None,
    people: dict | None = None,
    roles=None,
) -> WhatIf:
    """The change to ``pm`` (a deal or a map), as :meth:`powermap.PowerMap.what_if` describes; ``before`` and
    ``after`` are deals (the map's method gives maps)."""
    deal: Deal = getattr(pm, "deal", pm)
    contacts = deal.contacts.copy()
    links = deal.links.copy()
    if add is not None:
        contacts = new_person(contacts, {**add, "id": str(id).strip()})
        return _diff(pm, deal.replace(contacts=contacts, links=links), policy)
    i = _find(contacts, id)
    id = contacts.at[i, "id"]
    if remove:
        manager = contacts.at[i, "reports_to"]
        # the removed person's reports now report to their manager: the chart keeps its shape
        contacts.loc[contacts["reports_to"] == id, "reports_to"] = manager
        contacts = contacts.drop(index=i).reset_index(drop=True)
        links = links[(links["source"] != id) & (links["target"] != id)]
        depth, _ = reporting_depth(manager_positions(contacts["id"], contacts["reports_to"]))
        contacts["depth"] = pd.array(depth, dtype="Int64")
    else:
        contacts = changed_contacts(
            contacts, i, stance=stance, relationship=relationship, owner=owner, last_contact=last_contact, roles=roles
        )
        for other, change in (people or {}).items():  # a grouped step: several people changed at once
            unknown = set(change) - set(PERSON_CHANGES)
            if unknown:
                expected = "a change to one person sets stance, relationship, owner, last_contact or roles"
                raise InputError([Problem("what_if", expected, column="people", value=f"{other}: {min(unknown)}")])
            contacts = changed_contacts(contacts, _find(contacts, other), **change)
    after = deal.replace(contacts=contacts, links=links)
    return _diff(pm, after, policy)


def _diff(pm: Any, after: Deal, policy) -> WhatIf:
    before, was_analysis = deal_and_analysis(pm, policy)
    _, after_analysis = deal_and_analysis(after, policy)
    before_gaps, after_gaps = was_analysis.gaps.copy(), after_analysis.gaps.copy()
    opened, closed, changed = match_gap_frames(before_gaps, after_gaps)
    cb, ca = was_analysis.coverage.iloc[0], after_analysis.coverage.iloc[0]
    pairs = after_gaps.iloc[[j for _, j in changed]].reset_index(drop=True)
    was = before_gaps.iloc[[i for i, _ in changed]].reset_index(drop=True)
    return WhatIf(
        before,
        after,
        before_gaps.iloc[closed].reset_index(drop=True),
        after_gaps.iloc[opened].reset_index(drop=True),
        float(cb["coverage"]),
        float(ca["coverage"]),
        str(cb["risk"]),
        str(ca["risk"]),
        pairs.assign(
            severity_before=was["severity"].to_numpy(),
            contacts_before=was["contacts"].to_numpy(),
            code_before=was["code"].to_numpy(),
        ),
    )
