"""Who of our team holds each contact: the given owner and, with an activity log, everyone of ours it saw touch them.

A contacts table read with an activity log (``--activities``) carries
``touched_by``: our team members who touched each contact in the log, most
touches first (:func:`powermap.analysis.touches.contact_facts`). The threads
the ``single-threaded`` gap and the ``owners`` figure count are then held by
the owner *and* those members: a contact whose owner field names one seller
but whom three of ours met is held by three. Without the column, the owner
alone holds a contact, as before.

Examples
--------
>>> import pandas as pd
>>> contacts = pd.DataFrame({"id": ["a", "b", "c"], "owner": ["Dana", "", "Tom"],
...                          "touched_by": ["Dana;Priya", "Tom", "Priya"]})
>>> holder_lists(contacts["owner"], contacts["touched_by"])
[['Dana', 'Priya'], ['Tom'], ['Tom', 'Priya']]
>>> print(owner_notes(contacts["id"], contacts["owner"], contacts["touched_by"])[0].split(": ", 1)[1])
c (owner Tom; the log: Priya)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["holder_lists", "count_holders", "held", "holders_of", "owner_notes"]


def _members(text) -> list[str]:
    return [m for m in str(text).split(";") if m] if text is not None and text == text else []


def holder_lists(owners: Iterable, touched_by: Iterable | None = None) -> list[list[str]]:
    """Per contact, our people holding them: the owner first, then the log's members not already named."""
    out = []
    touched = touched_by if touched_by is not None else [None] * len(list(owners))
    for owner, members in zip(owners, touched):
        people = [str(owner)] if owner is not None and owner == owner and str(owner) else []
        people += [m for m in _members(members) if m not in people]
        out.append(people)
    return out


_LAST: list = [None, None]  # the last batch asked about and its pairs: a rule and a figure ask of the same batch


def _pairs(batch) -> tuple[np.ndarray, np.ndarray]:
    """(contact position, holder code) of every holder of every contact (a holder once per contact)."""
    if _LAST[0] is batch:
        return _LAST[1]
    _LAST[0], _LAST[1] = batch, _holder_pairs(batch)
    return _LAST[1]


def _holder_pairs(batch) -> tuple[np.ndarray, np.ndarray]:
    owner = pd.Series(batch.column("owner"), dtype=object).fillna("").astype(str)
    members = pd.Series(batch.column("touched_by"), dtype=object).fillna("").astype(str).str.split(";").explode()
    pairs = pd.DataFrame(
        {
            "p": np.concatenate([np.arange(len(owner)), members.index.to_numpy(dtype=np.int64)]),
            "w": np.concatenate([owner.to_numpy(dtype=object), members.to_numpy(dtype=object)]),
        }
    )
    pairs = pairs.loc[(pairs["w"] != "").to_numpy()].drop_duplicates()
    codes = pd.factorize(pairs["w"].to_numpy(dtype=object))[0]
    return pairs["p"].to_numpy(dtype=np.int64), np.asarray(codes, dtype=np.int64)


def _has_log(batch) -> bool:
    return "touched_by" in batch.contacts.columns


def count_holders(batch, mask: np.ndarray) -> np.ndarray:
    """How many distinct people of ours hold the contacts where ``mask`` holds, per account of ``batch``
    (:class:`powermap.analysis.batch.Batch`): distinct owners without a log."""
    if not _has_log(batch):
        return batch.distinct("owner", mask)
    position, codes = _pairs(batch)
    keep = np.asarray(mask, dtype=bool)[position]
    width = int(codes.max()) + 1 if len(codes) else 1
    pairs = np.unique(batch.code[position[keep]] * width + codes[keep])
    return np.bincount(pairs // width, minlength=len(batch.accounts))


def held(batch) -> np.ndarray:
    """Whether each contact of ``batch`` has someone of ours holding them (an owner, or a touch in the log)."""
    owners = batch.column("owner")
    if not _has_log(batch):
        return owners != ""
    position, _ = _pairs(batch)
    return np.bincount(position, minlength=batch.n) > 0


def holders_of(batch, people: Iterable[int]) -> set[str]:
    """Our people holding any of these contacts (positions in ``batch``); '' when one of them has nobody."""
    owners = batch.column("owner")
    touched = batch.column("touched_by") if _has_log(batch) else None
    out: set[str] = set()
    for p in people:
        names = holder_lists([owners[p]], [touched[p]] if touched is not None else None)[0]
        out |= set(names) if names else {""}
    return out


def owner_notes(ids: Iterable, owners: Iterable, touched_by: Iterable, limit: int = 10) -> list[str]:
    """A note naming the contacts whose given owner the log never saw touch them while others of ours did."""
    differ = [
        f"{cid} (owner {owner}; the log: {', '.join(_members(members))})"
        for cid, owner, members in zip(ids, owners, touched_by)
        if str(owner) and _members(members) and str(owner) not in _members(members)
    ]
    if not differ:
        return []
    more = f"; and {len(differ) - limit} more" if len(differ) > limit else ""
    return [
        "a given owner is not among the team members the activity log saw touch the contact (the owner is kept): "
        + "; ".join(differ[:limit])
        + more
    ]
