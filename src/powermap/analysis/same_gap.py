"""When a gap before a change and a gap after it are the same gap: one definition for ``what_if``, the plan's
``resolves`` and ``opens``, and the store's diff between two dates.

A gap is its code, role and stage condition; for a gap about one person (a resistant key user, a stale
relationship, an executive and the gatekeeper we went around) the people are part of what it is, so the same rule
on someone else is another gap. Any other gap stays the same gap when its people change (the mid-level
candidates, the holders of an uncovered role): it is *changed*, never both resolved and opened.

One person's problem can also change its name: when a change ends a gap about one person and opens another
gap about the same person at the same severity (the CFO, an influential blocker, is now a mid-level manager
we went around), that is one gap whose code *changed*, not a resolve and an open. The person a gap is about
is its only person, or for a bypass (``[executive, person]``) the person gone around.

>>> before = [(gap_key("few-mid-level-allies", None, None, ["M04"]), ["M04"], "high")]
>>> after = [(gap_key("few-mid-level-allies", None, None, ["M07"]), ["M07"], "high")]
>>> match_gaps(before, after)
([], [], [(0, 0)])
>>> before = [(gap_key("stale-relationship", None, None, ["M01"]), ["M01"], "medium")]
>>> after = [(gap_key("stale-relationship", None, None, ["M02"]), ["M02"], "medium")]
>>> match_gaps(before, after)
([0], [0], [])
>>> before = [(gap_key("influential-blocker", None, None, ["M05"]), ["M05"], "high")]
>>> after = [(gap_key("bypassed-mid-level", None, None, ["M01", "M05"]), ["M01", "M05"], "high")]
>>> match_gaps(before, after)
([], [], [(0, 0)])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = [
    "PER_PERSON",
    "BYPASS",
    "gap_key",
    "gap_subject",
    "gap_items",
    "match_gaps",
    "match_gap_frames",
    "GapMatcher",
]

# gaps about one person (or one executive and their gatekeeper): the people are part of what the gap is
PER_PERSON = frozenset(
    {
        "resistant-key-user",
        "bypassed-gatekeeper",
        "bypassed-mid-level",
        "advisor-not-won",
        "influential-blocker",
        "stale-relationship",
        "competitor-aligned",
        "power-shift",
        "role-concentration",
        "veto-risk",
        "divided-loyalty",
    }
)

# gaps about the executive and the person we went around them to reach (``[executive, person]``)
BYPASS = frozenset({"bypassed-gatekeeper", "bypassed-mid-level", "advisor-not-won"})


def gap_subject(code: str, contacts: Sequence[str]) -> str | None:
    """The one person a gap is about, or None for a gap about a role, a stage condition or a group.

    Examples
    --------
    >>> gap_subject("influential-blocker", ["M05"]), gap_subject("bypassed-mid-level", ["M01", "M05"])
    ('M05', 'M05')
    >>> gap_subject("few-mid-level-allies", ["M04"]) is None
    True
    """
    if code not in PER_PERSON or not len(contacts):
        return None
    if code in BYPASS:
        return str(contacts[-1])
    return str(contacts[0]) if len(contacts) == 1 else None


def gap_key(code: str, role: Any, condition: Any, contacts: Sequence[str] = ()) -> tuple[str, str, str, str]:
    """What a gap is about: its code, role and condition, and for a gap about a person, the people (in any order).

    Parameters
    ----------
    code, role, condition : str
        The gap's fields (an empty role or condition is ``None``, NaN or ``""``).
    contacts : sequence of str
        The gap's people.

    Returns
    -------
    tuple
        ``(code, role, condition, people)``, ``people`` empty unless the code is in :data:`PER_PERSON`.
    """
    people = ",".join(sorted(str(c) for c in contacts)) if code in PER_PERSON else ""
    return (code, role if isinstance(role, str) else "", condition if isinstance(condition, str) else "", people)


def match_gaps(before: Sequence[tuple], after: Sequence[tuple]) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Pair the gaps of two maps: each gap is ``(key, contacts)`` or ``(key, contacts, severity)``, ``key`` from
    :func:`gap_key`.

    Gaps with the same key and the same people (and severity, where given) are the same, unchanged gap; of those
    left, gaps with the same key are paired in order as one gap whose people or severity changed; of those still
    left, a gap about one person (:func:`gap_subject`) and a gap of another code about the same person at the
    same severity (where given) are paired as one gap whose code changed; the rest opened (only after) or closed
    (only before). One rule can fire more than once (an opposed staff group per department), so keys alone do
    not identify a gap.

    Returns
    -------
    opened, closed, changed
        Positions in ``after``, positions in ``before``, and ``(before, after)`` pairs (the code of a pair may
        differ: ``before[i][0][0]`` is the code it had).
    """

    return GapMatcher(before).match(after)


def _severe_alike(b: tuple, a: tuple) -> bool:
    return len(b) < 3 or len(a) < 3 or b[2] == a[2]


class GapMatcher:
    """:func:`match_gaps` with the gaps before indexed once, for comparing one map with many changed copies of it
    (the plan's candidates): ``GapMatcher(before).match(after) == match_gaps(before, after)``."""

    def __init__(self, before: Sequence[tuple]):
        self.before = before
        self.by_people: dict[tuple, list[int]] = {}
        self.by_key: dict[tuple, list[int]] = {}
        for i, gap in enumerate(before):
            self.by_people.setdefault((gap[0], frozenset(gap[1])), []).append(i)
            self.by_key.setdefault(gap[0], []).append(i)
        # a gap met again exactly, the only one of its key and people: no set to build
        self.exact: dict[tuple, int] = {}
        for group in self.by_people.values():
            gap = before[group[0]]
            if len(group) == 1 and isinstance(gap[1], tuple):
                self.exact[gap] = group[0]

    def match(self, after: Sequence[tuple]) -> tuple[list[int], list[int], list[tuple[int, int]]]:
        """``opened, closed, changed`` as :func:`match_gaps` returns them."""
        before, used, unmatched = self.before, set(), []
        for j, gap in enumerate(after):
            i = self.exact.get(gap) if isinstance(gap[1], tuple) else None
            if i is None or i in used:
                same = self.by_people.get((gap[0], frozenset(gap[1])), ())
                i = next((i for i in same if i not in used and _severe_alike(before[i], gap)), None)
            if i is None:
                unmatched.append(j)
            else:
                used.add(i)
        still, changed = [], []
        for j in unmatched:
            i = next((i for i in self.by_key.get(after[j][0], ()) if i not in used), None)
            if i is None:
                still.append(j)
            else:
                used.add(i)
                changed.append((i, j))
        left = [i for i in range(len(before)) if i not in used]

        def renamed(b: tuple, a: tuple) -> bool:  # the same person's problem under another code, as severe
            subject = gap_subject(a[0][0], a[1])
            return (
                subject is not None
                and b[0][0] != a[0][0]
                and gap_subject(b[0][0], b[1]) == subject
                and _severe_alike(b, a)
            )

        opened = []
        for j in still:
            i = next((i for i in left if renamed(before[i], after[j])), None)
            if i is None:
                opened.append(j)
            else:
                left.remove(i)
                changed.append((i, j))
        return opened, left, changed


def gap_items(gaps: pd.DataFrame) -> list[tuple]:
    """``(key, contacts, severity)`` per row of a gaps table, as :func:`match_gaps` takes them."""
    if gaps.empty:
        return []
    columns = (gaps[c].tolist() for c in ("code", "role", "condition", "contacts", "severity"))
    made: dict[tuple, tuple] = {}  # a plan's copies repeat their map's gaps: each distinct row is keyed once
    items = []
    for row in zip(*columns):
        code, role, condition, people, severity = row
        hashable = isinstance(people, tuple)
        item = made.get(row) if hashable else None
        if item is None:
            item = (gap_key(code, role, condition, people), tuple(people), severity)
            if hashable:
                made[row] = item
        items.append(item)
    return items


def match_gap_frames(before: pd.DataFrame, after: pd.DataFrame) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """:func:`match_gaps` on two gaps tables (``code, role, condition, contacts, severity``): row positions."""
    return match_gaps(gap_items(before), gap_items(after))
