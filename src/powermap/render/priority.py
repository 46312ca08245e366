"""Who a map or a chart shows first: the people the reader came for sit where the view opens.

The interactive map orders each manager's reports by it (the sub-tree holding the first person comes first, top
left), and so does every page of the static chart, whose overview keeps only the people it ranks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["shown_first"]


def shown_first(
    ids: Sequence[str],
    roles: Sequence[Sequence[str]],
    gaps: Iterable[tuple[str, Sequence[str]]],
    rank: Sequence[float],
    named: Iterable[str] = (),
) -> np.ndarray:
    """Each person's place in the order a view shows people, lower first; ``inf`` for nobody in particular.

    The tiers, each ordered by influence rank: -1 the people the risk line under the score names (``named``: the
    deal-killer, or the worst problem, so the person the headline is about is on the first screen), 0 decision
    makers and people in high-severity gaps, 1 other role holders, 2 other people named in gaps.

    Parameters
    ----------
    ids, roles : sequence
        Each person's id and buying roles.
    gaps : iterable of (severity, contacts)
        The map's gaps.
    rank : sequence of float
        Each person's influence rank (1 the most influential; NaN unknown, after everyone known).
    named : iterable of str
        The people of the gap the risk line names (:func:`powermap.analysis.run.why_gap`).

    Examples
    --------
    >>> shown_first(["ceo", "cfo", "eng", "ana"], [["decision_maker"], ["advisor"], [], []],
    ...             [("high", ["cfo"]), ("medium", ["eng"])], [1, 2, 3, 4]).round(2).tolist()
    [0.2, 0.4, 2.6, inf]
    >>> shown_first(["ceo", "cfo"], [["decision_maker"], ["advisor"]], [("high", ["cfo"])], [1, 2],
    ...             named=["cfo"]).round(2).tolist()  # the CFO the risk line names comes first
    [0.33, -0.33]
    """
    n = len(ids)
    gaps = list(gaps)
    high = {p for severity, people in gaps if severity == "high" for p in people}
    in_gaps = {p for _, people in gaps for p in people}
    first = set(named)
    out = np.full(n, np.inf)
    for i, (person, held) in enumerate(zip(ids, roles)):
        if person in first:
            tier = -1
        elif "decision_maker" in held or person in high:
            tier = 0
        elif held:
            tier = 1
        elif person in in_gaps:
            tier = 2
        else:
            continue
        place = rank[i]
        out[i] = tier + (n if place != place else float(place)) / (n + 1)
    return out
