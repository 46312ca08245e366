"""The compact org layout shared by the interactive map, the static chart and the report.

Every person is a card (name on the first line, the title wrapped under it).
A manager's reports that manage nobody are stacked in a column under the
manager, as org-chart software does, instead of one ultra-wide row; sub-trees
are packed into rows whose width keeps each part of the map near a target
aspect ratio (the screen's), so a 300-person organisation is a block, not a
58:1 strip. Reporting lines are elbow connectors that run in the gaps between
cards (a spine down the manager's left side, a bar in the gap above each row),
so they never cross a card.

Coordinates are in CSS-pixel-like units (a card is ``CARD_W`` x ``CARD_H``):
the map uses them as they are, the static chart scales them to inches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["OrgLayout", "org_layout", "CARD_W", "CARD_H"]

CARD_W, CARD_H = 190.0, 60.0  # one person's card
H_GAP, V_GAP = 20.0, 26.0  # between sub-trees side by side / between a manager and a row of reports
LEAF_GAP = 6.0  # between stacked cards
SCREEN_ASPECT = 1.55  # the map's panel on a 1366x768 screen (1066 x ~690 px)
PACKING_SLACK = 1.6  # greedy rows leave gaps: aim wider so the result lands near the target


@dataclass
class OrgLayout:
    """Card centres, the whole drawing's size, and one connector per reporting line.

    Attributes
    ----------
    x, y : ndarray of float
        Centre of each person's card (y grows downwards, as on a screen).
    width, height : float
        Size of the whole drawing (top-left corner at 0, 0).
    connectors : list of (manager, report, points)
        The reporting line from a manager's card to one report's card, as an
        ``(k, 2)`` array of points (an elbow path through the gaps).
    """

    x: np.ndarray
    y: np.ndarray
    width: float
    height: float
    connectors: list[tuple[int, int, np.ndarray]] = field(default_factory=list)

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else float("inf")


def _pack_rows(sizes: list[tuple[float, float]], max_row: float) -> list[list[int]]:
    """Greedy rows of items (in order) no wider than ``max_row`` (an item wider than that gets a row alone)."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for k, (w, _) in enumerate(sizes):
        extra = w if not rows[-1] else H_GAP + w
        if rows[-1] and used + extra > max_row:
            rows.append([k])
            used = w
        else:
            rows[-1].append(k)
            used += extra
    return rows


def org_layout(
    parent: np.ndarray,
    *,
    priority: np.ndarray | None = None,
    aspect: float = SCREEN_ASPECT,
    max_width: float | None = None,
) -> OrgLayout:
    """Lay out a reporting forest as cards: leaf reports stacked, sub-trees packed near ``aspect``.

    Parameters
    ----------
    parent : ndarray of int
        Each person's manager as a position (-1: nobody). Must be a forest
        (loading already refuses reporting cycles).
    priority : ndarray, optional
        Lower comes first among siblings (top-left): a sub-tree's priority is
        its best member's, so the decision makers and the people in serious
        gaps sit where the map opens. Ties keep the input order.
    aspect : float
        Target width / height of every manager's block and of the whole map.
    max_width : float, optional
        No row wider than this (the static chart's page width), unless one
        sub-tree alone is wider.

    Returns
    -------
    OrgLayout

    Examples
    --------
    >>> import numpy as np
    >>> lay = org_layout(np.array([-1, 0, 0, 0]))  # a manager and three reports
    >>> bool(len(set(lay.x[1:])) == 1 and lay.y[1] < lay.y[2] < lay.y[3])  # stacked in one column
    True
    """
    parent = np.asarray(parent, dtype=int)
    n = len(parent)
    if n == 0:
        return OrgLayout(np.zeros(0), np.zeros(0), 0.0, 0.0, [])
    best = _layout_once(parent, priority, aspect, max_width)
    # Nested blocks each near the target do not add up to a whole near it: re-aim a few times (small maps only;
    # large ones average out).
    aim = aspect

    def fits(lay: OrgLayout) -> bool:
        return max_width is None or lay.width <= max_width + 1e-6

    def off(lay: OrgLayout) -> float:
        return abs(math.log(lay.aspect / aspect)) if lay.height else 0.0

    for _ in range(6 if n <= 2000 else 0):
        if fits(best) and off(best) < 0.15:
            break
        aim *= aspect / best.aspect if max_width is None or fits(best) else 0.8 * (max_width / best.width) ** 2
        trial = _layout_once(parent, priority, aim, max_width)
        if (fits(trial), -off(trial), -trial.width) > (fits(best), -off(best), -best.width):
            best = trial
    return best


def _layout_once(parent: np.ndarray, priority, aspect: float, max_width: float | None) -> OrgLayout:
    n = len(parent)
    children: list[list[int]] = [[] for _ in range(n + 1)]  # position n: a virtual root over every tree
    root = n
    for child, boss in enumerate(parent):
        children[boss if boss >= 0 else root].append(child)
    order = [root]  # pre-order without recursion (reporting chains can be thousands deep)
    k = 0
    while k < len(order):
        order.extend(children[order[k]])
        k += 1
    best = np.full(n + 1, np.inf)
    if priority is not None:
        best[:n] = np.asarray(priority, dtype=float)
    for node in reversed(order):
        if node != root and parent[node] >= 0:
            best[parent[node]] = min(best[parent[node]], best[node])
    rank = {node: k for k, node in enumerate(range(n + 1))}
    for node in range(n + 1):
        if len(children[node]) > 1:
            children[node].sort(key=lambda c: (best[c], rank[c]))

    size = np.zeros((n + 1, 2))
    # per node: items (kind, members, dx, dy, bar_y) relative to the node's block top-left
    items: dict[int, list[tuple[str, list[int], float, float, float]]] = {}
    for node in reversed(order):
        kids = children[node]
        top = 0.0 if node == root else CARD_H + V_GAP
        indent = 0.0 if node == root else H_GAP
        if not kids:
            size[node] = (CARD_W, CARD_H)
            continue
        leaves = [c for c in kids if not children[c]]
        subs = [c for c in kids if children[c]]
        boxes: list[tuple[str, list[int], float, float]] = []
        if leaves:
            per_column = max(6, math.ceil(math.sqrt(2 * len(leaves))))
            for start in range(0, len(leaves), per_column):
                column = leaves[start : start + per_column]
                boxes.append(("column", column, CARD_W, len(column) * CARD_H + (len(column) - 1) * LEAF_GAP))
        boxes.extend(("tree", [c], size[c, 0], size[c, 1]) for c in subs)
        dims = [(w, h) for _, _, w, h in boxes]
        widest = max(w for w, _ in dims)
        area = sum((w + H_GAP) * (h + V_GAP) for w, h in dims)
        if not subs and node != root:
            row_limit = float("inf")  # a plain team: its columns side by side
        else:
            row_limit = max(widest, math.sqrt(area * aspect * PACKING_SLACK))
        if max_width is not None:
            row_limit = max(widest, min(row_limit, max_width - indent))
        placed = []
        y = top
        right = CARD_W if node != root else 0.0
        for row in _pack_rows(dims, row_limit):
            x = indent
            bar = y - V_GAP / 2
            for k in row:
                kind, members, w, h = boxes[k]
                placed.append((kind, members, x, y, bar))
                x += w + H_GAP
            right = max(right, x - H_GAP)
            y += max(dims[k][1] for k in row) + V_GAP
        items[node] = placed
        size[node] = (right, y - V_GAP)

    xs = np.zeros(n)
    ys = np.zeros(n)
    connectors: list[tuple[int, int, np.ndarray]] = []
    origin = {root: (0.0, 0.0)}
    for node in order:
        bx, by = origin[node]
        if node != root:
            xs[node], ys[node] = bx + CARD_W / 2, by + CARD_H / 2
        spine = bx + H_GAP / 2
        for kind, members, dx, dy, bar in items.get(node, ()):
            left, top = bx + dx, by + dy
            if kind == "tree":
                origin[members[0]] = (left, top)
                if node != root:
                    cx = left + CARD_W / 2
                    connectors.append(
                        (
                            node,
                            members[0],
                            np.array([(spine, by + CARD_H), (spine, by + bar), (cx, by + bar), (cx, top)]),
                        )
                    )
                continue
            column_x = left - H_GAP / 2
            for j, leaf in enumerate(members):
                origin[leaf] = (left, top + j * (CARD_H + LEAF_GAP))
                if node != root:
                    mid = top + j * (CARD_H + LEAF_GAP) + CARD_H / 2
                    points = [
                        (spine, by + CARD_H),
                        (spine, by + bar),
                        (column_x, by + bar),
                        (column_x, mid),
                        (left, mid),
                    ]
                    if column_x == spine:
                        points = [(spine, by + CARD_H), (spine, mid), (left, mid)]
                    connectors.append((node, leaf, np.array(points)))
    return OrgLayout(xs, ys, float(size[root, 0]), float(size[root, 1]), connectors)
