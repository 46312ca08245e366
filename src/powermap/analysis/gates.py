"""Who stands on the way to an executive: one definition for the gaps that say we went around them and for the plan
that meets them first (docs/methodology.md §2 principle 2).

Plain functions over a batch's arrays (positions, the reporting line as ``parent``, the influence edges as
``src``/``dst``), so the analysis and the planner read the same people.

>>> import numpy as np
>>> parent = np.array([-1, 0, 1, 1, 2])  # CEO, VP, two managers, an engineer under the first manager
>>> executive = np.array([True, True, False, False, False])
>>> nearest_executive_above(parent, executive, np.array([4, 2]))
array([1, 1])
>>> engaged = np.array([False, False, False, False, True])
>>> people = dict(gatekeeper=np.zeros(5, bool), advisor=np.zeros(5, bool), engaged=engaged)
>>> gatekeeper_pairs(executive, parent=parent, executive=executive, depth=np.array([0, 1, 2, 2, 3]),
...                  src=np.zeros(0, int), dst=np.zeros(0, int), **people)
(array([1, 0]), array([2, 1]), array([2, 2]))
"""

from __future__ import annotations

import numpy as np

__all__ = ["nearest_executive_above", "gatekeeper_pairs"]


def nearest_executive_above(parent: np.ndarray, executive: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """For each position, the nearest executive above it on the reporting line (-1 when none)."""
    out = np.full(len(positions), -1, dtype=np.int64)
    node = parent[positions] if len(positions) else np.zeros(0, dtype=np.int64)
    todo = np.arange(len(positions))
    for _ in range(len(parent) + 1):
        alive = node >= 0
        todo, node = todo[alive], node[alive]
        if not len(node):
            break
        hit = executive[node]
        out[todo[hit]] = node[hit]
        todo, node = todo[~hit], parent[node[~hit]]
    return out


def gatekeeper_pairs(
    of: np.ndarray,
    *,
    parent: np.ndarray,
    executive: np.ndarray,
    gatekeeper: np.ndarray,
    advisor: np.ndarray,
    engaged: np.ndarray,
    depth: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(executive, person on the way to them, kind: 0 gatekeeper, 1 advisor, 2 mid-level), as arrays, for the
    executives where ``of`` holds (the analysis: those we engage; the plan: every executive).

    On the way: a ``gatekeeper`` or ``advisor`` reporting to the executive or
    linked with them (a trusts, influences or allies link, either way); a
    ``gatekeeper`` whose nearest executive up the reporting line is them
    (a secretary in the leader's office, reporting to the office director);
    and the executive's direct report through whom our engaged contacts report.
    Each pair once, in the order of that list (the reporting line first, then
    links, then the direct reports), never a person with themself.
    """
    n = len(parent)
    near = gatekeeper | advisor
    tagged = np.flatnonzero(near & (parent >= 0))
    tagged = tagged[of[parent[tagged]]]
    executives, people = [parent[tagged]], [tagged]
    keepers = np.flatnonzero(gatekeeper)
    above = nearest_executive_above(parent, executive, keepers)
    found = above >= 0
    found[found] = of[above[found]]
    executives.append(above[found])
    people.append(keepers[found])
    for one, other in ((src, dst), (dst, src)):
        linked = near[one] & of[other]
        executives.append(other[linked])
        people.append(one[linked])
    below = np.flatnonzero(engaged & (depth >= 2))
    child, node = below.copy(), parent[below]
    while len(node):
        hit = of[node]
        executives.append(node[hit])
        people.append(child[hit])
        step = parent[node] >= 0
        child, node = node[step], parent[node[step]]
    e = np.concatenate(executives).astype(np.int64)
    g = np.concatenate(people).astype(np.int64)
    _, first = np.unique(e * max(n, 1) + g, return_index=True)
    first = np.sort(first)
    first = first[e[first] != g[first]]
    e, g = e[first], g[first]
    kind = np.where(gatekeeper[g], 0, np.where(advisor[g], 1, 2))
    return e, g, kind
