"""What if: change one person and see which gaps open or close."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import vocab
from .load import _vocab_explainer, _vocab_parser, reporting_depth
from .model import PowerMap
from .problems import InputError, Problem

__all__ = ["WhatIf", "what_if", "changed_contacts"]


@dataclass(frozen=True)
class WhatIf:
    """The changed map, the gaps it resolves and opens, and how coverage and risk move."""

    before: PowerMap
    after: PowerMap
    resolved: pd.DataFrame
    opened: pd.DataFrame
    coverage_before: float
    coverage_after: float
    risk_before: str
    risk_after: str

    def __repr__(self) -> str:
        return (f"<WhatIf coverage {self.coverage_before} -> {self.coverage_after}, risk {self.risk_before} -> "
                f"{self.risk_after}; {len(self.resolved)} gaps resolved, {len(self.opened)} opened>")


def _value(word: int | str, vocabulary: vocab.Vocabulary, low: int, high: int, column: str) -> int:
    """The input's own parsing: a number in range, or one of the vocabulary's words."""
    text = str(word).strip()
    try:
        return _vocab_parser(vocabulary, low, high)(text)
    except ValueError:
        explain = _vocab_explainer(vocabulary, f"{low} to {high}")
        raise InputError([Problem("what_if", explain(text), column=column, value=text)]) from None


def _gap_key(gaps: pd.DataFrame) -> pd.Series:
    return gaps["code"] + "|" + gaps["role"].fillna("") + "|" + gaps["condition"].fillna("") + "|" + \
        gaps["contacts"].map(lambda c: ",".join(c))


def _new_person(contacts: pd.DataFrame, person: dict) -> pd.DataFrame:
    """``contacts`` with one person added (a placeholder the team must find): the person's columns as given,
    words parsed as the input parses them, every other column empty."""
    pid = str(person.get("id", "")).strip()
    if not pid or (contacts["id"] == pid).any():
        raise InputError([Problem("what_if", "a new person needs an id no contact has", column="id", value=pid)])
    manager = person.get("reports_to") or None
    if manager is not None and not (contacts["id"] == manager).any():
        raise InputError([Problem("what_if", "names nobody in the contacts", column="reports_to", value=str(manager))])
    roles = person.get("roles", ())
    if isinstance(roles, str):
        roles, unknown = vocab.parse_roles(roles)
        if unknown:
            raise InputError([Problem("what_if", "unknown role", column="roles", value=unknown[0])])
    level = person.get("level")
    row = {column: ("" if pd.api.types.is_string_dtype(contacts[column]) or contacts[column].dtype == object
                    else pd.NA) for column in contacts.columns}
    row.update({"id": pid, "name": str(person.get("name", pid)), "title": str(person.get("title", "")),
                "department": str(person.get("department", "")), "reports_to": manager, "roles": tuple(roles),
                "level": vocab.LEVELS.lookup(level) if level else pd.NA, "level_source": "given" if level else "unknown",
                "influence": _value(person["influence"], vocab.INFLUENCE_WORDS, 1, 5, "influence")
                if person.get("influence") is not None else pd.NA,
                "stance": _value(person["stance"], vocab.STANCES, -2, 2, "stance")
                if person.get("stance") is not None else pd.NA,
                "relationship": _value(person.get("relationship", 0), vocab.RELATIONSHIPS, 0, 3, "relationship"),
                "relationship_source": "given", "owner": str(person.get("owner", "") or ""),
                "last_contact": pd.NaT, "depth": pd.NA, "row": pd.NA})
    added = pd.concat([contacts, pd.DataFrame([row])[contacts.columns]], ignore_index=True)
    for column in ("influence", "stance", "relationship", "depth"):
        added[column] = added[column].astype("Int64")
    added["last_contact"] = pd.to_datetime(added["last_contact"])
    parent = added["reports_to"].map(pd.Series(np.arange(len(added)), index=added["id"]))
    depth, _ = reporting_depth(parent.fillna(-1).to_numpy(dtype=np.int64))
    added["depth"] = pd.array(depth, dtype="Int64")
    return added


def changed_contacts(contacts: pd.DataFrame, i: int, *, stance=None, relationship=None, owner=None,
                     last_contact=None) -> pd.DataFrame:
    """``contacts`` (a copy, changed in place) with row ``i``'s stance, relationship, owner or last contact set."""
    if stance is not None:
        contacts["stance"] = contacts["stance"].astype("Int64")
        contacts.loc[i, "stance"] = _value(stance, vocab.STANCES, -2, 2, "stance")
    if relationship is not None:
        contacts.loc[i, "relationship"] = _value(relationship, vocab.RELATIONSHIPS, 0, 3, "relationship")
        contacts.loc[i, "relationship_source"] = "given"
    if owner is not None:
        contacts.loc[i, "owner"] = str(owner).strip()
    if last_contact is not None:
        contacts.loc[i, "last_contact"] = pd.Timestamp(last_contact)
    return contacts


def what_if(pm: PowerMap, id: str, *, stance=None, relationship=None, remove: bool = False, policy=None,
            owner: str | None = None, last_contact=None, add: dict | None = None) -> WhatIf:
    contacts = pm.contacts
    links = pm.links
    if add is not None:
        contacts = _new_person(contacts, {**add, "id": id})
        after = PowerMap(contacts, links, pm.account, source=pm.source)
        return _diff(pm, after, policy)
    where = np.flatnonzero(contacts["id"].to_numpy() == id)
    if len(where) == 0:
        raise InputError([Problem("what_if", "no contact with this id", column="id", value=str(id))])
    i = int(where[0])
    if remove:
        manager = contacts.at[i, "reports_to"]
        # the removed person's reports now report to their manager: the chart keeps its shape
        contacts.loc[contacts["reports_to"] == id, "reports_to"] = manager
        contacts = contacts.drop(index=i).reset_index(drop=True)
        links = links[(links["source"] != id) & (links["target"] != id)]
        parent = contacts["reports_to"].map(pd.Series(np.arange(len(contacts)), index=contacts["id"]))
        depth, _ = reporting_depth(parent.fillna(-1).to_numpy(dtype=np.int64))
        contacts["depth"] = pd.array(depth, dtype="Int64")
    else:
        contacts = changed_contacts(contacts, i, stance=stance, relationship=relationship, owner=owner,
                                    last_contact=last_contact)
    after = PowerMap(contacts, links, pm.account, source=pm.source)
    return _diff(pm, after, policy)


def _diff(pm: PowerMap, after: PowerMap, policy) -> WhatIf:
    before_gaps, after_gaps = pm.gaps(policy), after.gaps(policy)
    kb, ka = _gap_key(before_gaps), _gap_key(after_gaps)
    cb, ca = pm.coverage(policy), after.coverage(policy)
    return WhatIf(pm, after, before_gaps[~kb.isin(ka)].reset_index(drop=True),
                  after_gaps[~ka.isin(kb)].reset_index(drop=True),
                  float(cb["coverage"]), float(ca["coverage"]), str(cb["risk"]), str(ca["risk"]))
