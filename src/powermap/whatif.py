"""What if: change one person and see which gaps open or close."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import vocab
from .load import _vocab_explainer, _vocab_parser, reporting_depth
from .model import PowerMap
from .problems import InputError, Problem

__all__ = ["WhatIf", "what_if"]


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
                f"{self.risk_after}; {_gaps(len(self.resolved))} resolved, {len(self.opened)} opened>")


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


def what_if(pm: PowerMap, id: str, *, stance=None, relationship=None, remove: bool = False, policy=None) -> WhatIf:
    contacts = pm.contacts
    where = np.flatnonzero(contacts["id"].to_numpy() == id)
    if len(where) == 0:
        raise InputError([Problem("what_if", "no contact with this id", column="id", value=str(id))])
    i = int(where[0])
    links = pm.links
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
        if stance is not None:
            contacts["stance"] = contacts["stance"].astype("Int64")
            contacts.loc[i, "stance"] = _value(stance, vocab.STANCES, -2, 2, "stance")
        if relationship is not None:
            contacts.loc[i, "relationship"] = _value(relationship, vocab.RELATIONSHIPS, 0, 3, "relationship")
            contacts.loc[i, "relationship_source"] = "given"
    after = PowerMap(contacts, links, pm.account, source=pm.source, _validated=True)
    before_gaps, after_gaps = pm.gaps(policy), after.gaps(policy)
    kb, ka = _gap_key(before_gaps), _gap_key(after_gaps)
    cb, ca = pm.coverage(policy), after.coverage(policy)
    return WhatIf(pm, after, before_gaps[~kb.isin(ka)].reset_index(drop=True),
                  after_gaps[~ka.isin(kb)].reset_index(drop=True),
                  float(cb["coverage"]), float(ca["coverage"]), str(cb["risk"]), str(ca["risk"]))


def _gaps(n: int) -> str:
    return f"{n} gap" if n == 1 else f"{n} gaps"
