"""Which people each page of the static org chart draws, and which it folds into department boxes.

A page is A4 landscape at its natural size with no text under 7 pt, so it
holds a few dozen cards. An organisation that fits is drawn whole. A larger
one opens on an overview: the people who matter most (ranked by the caller:
decision makers and people in serious gaps first) with the managers between
them and the top, and one box per department counting the people left out.
``--focus all`` adds one page per department (more where a department does
not fit one), so everyone is drawn at a readable size.

The pages are plain data; :mod:`powermap.render.chart` draws them with the
card layout of :mod:`powermap.render.layout`, the one the HTML map uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from powermap.render.layout import OrgLayout, org_layout

__all__ = [
    "Fold",
    "Page",
    "page_cards",
    "page_layout",
    "overview_page",
    "department_pages",
    "departments",
    "with_managers",
]


@dataclass
class Fold:
    """A department box: ``count`` people of ``department`` not drawn, under the drawn person ``anchor`` (-1: top)."""

    anchor: int
    department: str
    count: int
    hidden: tuple[int, ...] = ()  # the positions of the people it counts


@dataclass
class Page:
    """The people one chart page draws (positions into the contacts, in order) and its department boxes.

    ``part`` is ``(department, k, of)`` on a department page, None on the overview or a whole-organisation page.
    """

    people: np.ndarray
    boxes: list[Fold] = field(default_factory=list)
    part: tuple[str, int, int] | None = None
    shared: bool = False  # several small departments, each under the manager its head reports to


def departments(parent: np.ndarray, department, name) -> np.ndarray:
    """Each person's department on the chart: the reporting tree under one of the top person's direct reports.

    It is named by that report's ``department`` cell (or, where empty, their
    name); the top person and anyone outside a reporting line keep their own
    cell. One box per department then folds whole sub-organisations, however
    finely the ``department`` column divides them.

    The top person's own department is the leadership: a report in the same
    cell (the general manager under the chairman, a vice-president in the
    leadership team) is one of them, not the head of a department, and the
    people under them in other cells head the departments.

    Parameters
    ----------
    parent : ndarray of int
        Each person's manager as a position (-1: nobody).
    department, name : sequence of str
        The contacts' department cells (empty or None where unknown) and names.

    Examples
    --------
    >>> departments(np.array([-1, 0, 1, 0]), ["Board", "IT", "Help desk", None], ["A", "B", "C", "D"]).tolist()
    ['Board', 'IT', 'IT', 'D']
    >>> departments(np.array([-1, 0, 1, 2, 1]), ["Board", "Board", "Board", "Water", "Finance"],
    ...             ["Chair", "GM", "VP", "Plant", "CFO"]).tolist()
    ['Board', 'Board', 'Board', 'Water', 'Finance']
    """
    parent = np.asarray(parent, dtype=int)
    cells = ["" if d is None or (isinstance(d, float) and np.isnan(d)) else str(d).strip() for d in department]
    out = np.array([""] * len(parent), dtype=object)
    leading = np.zeros(len(parent), dtype=bool)  # the top people and those in their own department under them
    for node in _preorder(parent):  # managers first
        boss = parent[node]
        if boss < 0:
            out[node] = cells[node]
            leading[node] = True
        elif leading[boss] and cells[node] and cells[node] == out[boss]:
            out[node] = out[boss]
            leading[node] = True
        elif leading[boss]:
            out[node] = cells[node] or str(name[node])
        else:
            out[node] = out[boss]
    return out


def _preorder(parent: np.ndarray) -> list[int]:
    children: list[list[int]] = [[] for _ in range(len(parent))]
    roots: list[int] = []
    for child, boss in enumerate(parent):
        (children[boss] if boss >= 0 else roots).append(child)
    order = list(roots)
    k = 0
    while k < len(order):
        order.extend(children[order[k]])
        k += 1
    return order


def with_managers(parent: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``keep`` plus every manager between a kept person and the top."""
    keep = keep.copy()
    for i in np.flatnonzero(keep):
        boss = parent[i]
        while boss >= 0 and not keep[boss]:
            keep[boss] = True
            boss = parent[boss]
    return keep


def folds(parent: np.ndarray, keep: np.ndarray, dept: np.ndarray, scope: np.ndarray | None = None) -> list[Fold]:
    """One box per department for the people in ``scope`` (default: everyone) that ``keep`` leaves out.

    The box hangs under the department's top-most drawn member, or under the
    nearest drawn manager of its top-most member, or at the top.
    """
    parent = np.asarray(parent, dtype=int)
    scope = np.ones(len(parent), dtype=bool) if scope is None else scope
    depth = np.zeros(len(parent), dtype=int)
    for node in _preorder(parent):
        if parent[node] >= 0:
            depth[node] = depth[parent[node]] + 1
    boxes = []
    for name in dict.fromkeys(dept[scope & ~keep]):  # in order of first appearance
        members = np.flatnonzero((dept == name) & scope)
        hidden = int((~keep[members]).sum())
        drawn = members[keep[members]]
        if len(drawn):
            anchor = int(drawn[np.argmin(depth[drawn])])
        else:
            anchor = int(parent[members[np.argmin(depth[members])]])
            while anchor >= 0 and not keep[anchor]:
                anchor = int(parent[anchor])
        boxes.append(Fold(anchor, str(name), hidden, tuple(int(i) for i in members[~keep[members]])))
    return boxes


def page_cards(parent: np.ndarray, page: Page) -> np.ndarray:
    """The manager of every card on ``page`` as a card position (people first, then the boxes; -1: none)."""
    where = {int(p): k for k, p in enumerate(page.people)}
    cards = [where.get(int(parent[p]), -1) for p in page.people]
    cards += [where.get(box.anchor, -1) for box in page.boxes]
    return np.array(cards, dtype=int)


def page_layout(
    parent: np.ndarray,
    page: Page,
    priority: np.ndarray,
    *,
    aspect: float,
    max_width: float,
    max_height: float | None = None,
) -> OrgLayout:
    """The card layout of one page: its people by ``priority`` (lower first), the department boxes last.

    With ``max_height``, wider aims are tried too (a reporting tree packs
    unevenly) and the first layout inside ``max_width`` x ``max_height`` wins;
    failing that, the least tall.
    """
    rank = np.concatenate([np.asarray(priority, dtype=float)[page.people], np.full(len(page.boxes), np.inf)])
    cards = page_cards(parent, page)
    best = None
    for stretch in (1.0, 1.5, 2.2, 3.5) if max_height is not None else (1.0,):
        lay = org_layout(cards, priority=rank, aspect=aspect * stretch, max_width=max_width)
        if max_height is None or lay.height <= max_height + 1e-6:
            return lay
        best = lay if best is None or lay.height < best.height else best
    assert best is not None
    return best


Fits = Callable[[Page], bool]


def overview_page(
    parent: np.ndarray, priority: np.ndarray, dept: np.ndarray, fits: Fits, *, whole: bool = True
) -> Page:
    """Everyone if they fit a page; else the most important people that fit, the rest in department boxes.

    Parameters
    ----------
    parent : ndarray of int
        Each person's manager as a position (-1: nobody).
    priority : ndarray of float
        Lower matters more; ``inf``: nobody the overview needs (drawn only as
        the manager of someone it needs, or folded). The top of each
        reporting tree and the heads of its departments come first anyway.
    dept : ndarray of str
        Each person's department (:func:`departments`).
    fits : callable
        Whether a page fits the paper at the chart's text size.
    whole : bool
        Draw everyone when everyone fits (False: the key people all the same).
    """
    parent = np.asarray(parent, dtype=int)
    n = len(parent)
    everyone = Page(np.arange(n))
    if n == 0 or (whole and fits(everyone)):
        return everyone
    top = parent < 0
    heads = top | ((parent >= 0) & top[np.maximum(parent, 0)])
    candidates = [int(i) for i in np.argsort(np.asarray(priority, dtype=float), kind="stable") if priority[i] < np.inf]

    def page(k: int, with_heads: bool) -> Page:
        keep = (heads if with_heads else top).copy()
        keep[candidates[:k]] = True
        keep = with_managers(parent, keep)
        return Page(np.flatnonzero(keep), folds(parent, keep, dept))

    with_heads = fits(page(0, True))
    low, high = 0, len(candidates)  # the largest k whose page fits: fits(page(low)) holds
    while low < high:
        mid = (low + high + 1) // 2
        if fits(page(mid, with_heads)):
            low = mid
        else:
            high = mid - 1
    chosen = page(low, with_heads)
    # a box that stands for one person takes the room of that person's card: draw them instead, where it fits
    keep = np.zeros(n, dtype=bool)
    keep[chosen.people] = True
    for box in chosen.boxes:
        if box.count != 1:
            continue
        alone = np.flatnonzero((dept == box.department) & ~keep)
        trial = keep.copy()
        trial[alone] = True
        trial = with_managers(parent, trial)
        if fits(Page(np.flatnonzero(trial), folds(parent, trial, dept))):
            keep = trial
    return Page(np.flatnonzero(keep), folds(parent, keep, dept))


def department_pages(parent: np.ndarray, dept: np.ndarray, fits: Fits) -> list[Page]:
    """Everyone, department by department: one page each, more where a department does not fit one, and small
    departments side by side on one page while they fit (its title names them all).

    A department too large for a page is split along its reporting lines: a
    page of its head and direct reports with the rest in a box, then each
    team under its manager (drawn again there), as many to a page as fit.
    Everyone is drawn at least once; only managers twice.
    """
    parent = np.asarray(parent, dtype=int)
    pages: list[Page] = []
    # the page small departments share (its place in pages, and its departments in order): a small department
    # joins it while they fit together, wherever the larger departments between them went
    shared: tuple[int, list[str]] | None = None
    for name in dict.fromkeys(dept.tolist()):
        members = dept == name
        parts = _split(parent, members, str(name), fits)
        if len(parts) == 1 and shared is not None:
            at, names = shared
            together = _under_managers(parent, np.isin(dept, [*names, name]))
            if fits(Page(np.flatnonzero(together))):
                names.append(str(name))
                pages[at] = Page(np.flatnonzero(together), [], (" · ".join(names), 1, 1), shared=True)
                continue
        pages.extend(Page(p.people, p.boxes, (str(name), k + 1, len(parts))) for k, p in enumerate(parts))
        if len(parts) == 1:
            shared = (len(pages) - 1, [str(name)])
    return pages


def _under_managers(parent: np.ndarray, members: np.ndarray) -> np.ndarray:
    """``members`` and the manager each of their top people reports to (drawn again there, for the reporting line)."""
    out = members.copy()
    heads = np.flatnonzero(members & (parent >= 0))
    heads = heads[~members[parent[heads]]]
    out[parent[heads]] = True
    return out


def _split(parent: np.ndarray, members: np.ndarray, name: str, fits: Fits) -> list[Page]:
    """Pages that together draw every member (``members``: a mask), each page fitting."""
    whole = Page(np.flatnonzero(members))
    if fits(whole):
        return [whole]
    inside = np.where(members & (parent >= 0) & members[np.maximum(parent, 0)], parent, -1)
    children: dict[int, list[int]] = {}
    for i in np.flatnonzero(members):
        children.setdefault(int(inside[i]), []).append(int(i))
    roots = children.get(-1, [])

    def subtree(root: int) -> np.ndarray:
        mask = np.zeros(len(parent), dtype=bool)
        stack = [root]
        while stack:
            node = stack.pop()
            mask[node] = True
            stack.extend(children.get(node, []))
        return mask

    pages: list[Page] = []
    if len(roots) == 1:
        # one manager over everything: the manager and the direct reports first, each team folded into a box
        root = roots[0]
        keep = np.zeros(len(parent), dtype=bool)
        keep[root] = True
        keep[children.get(root, [])] = True
        head = Page(np.flatnonzero(keep), folds(parent, keep, np.where(members, name, ""), members))
        if not fits(head):  # a span too wide for one page: the manager alone, the reports as teams below
            keep[children.get(root, [])] = False
            head = Page(np.flatnonzero(keep))
        pages.append(head)
        rest = members & ~keep
        # each team with its manager again at its head, so no page holds people without their reporting line
        groups = [subtree(c) for c in children.get(root, [])]
        groups = [g for g in groups if (g & rest).any()]
    else:
        groups = [subtree(r) for r in roots]
    current = np.zeros(len(parent), dtype=bool)
    for group in groups:
        trial = current | group
        if fits(Page(np.flatnonzero(trial))):
            current = trial
            continue
        if current.any():
            pages.append(Page(np.flatnonzero(current)))
        if fits(Page(np.flatnonzero(group))):
            current = group
        else:
            pages.extend(_split(parent, group, name, fits))
            current = np.zeros(len(parent), dtype=bool)
    if current.any():
        pages.append(Page(np.flatnonzero(current)))
    return pages
