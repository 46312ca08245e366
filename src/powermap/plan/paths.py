"""The way to a person: who may introduce us (:func:`carriers`), the warm path of introductions (:func:`warm_path`),
who to go through when nobody carries us, and what reaching them costs (:func:`fill_cost`).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import replace

import numpy as np

from powermap.plan.moves import Costs, Scored, person_changes
from powermap.plan.state import State

__all__ = ["closed_gates", "may_introduce", "carriers", "warm_path", "fill_cost"]


def closed_gates(s: State, i: int) -> list[int]:
    """The gatekeepers of ``i`` (tagged gatekeeper or advisor, reporting to them) we do not engage or who oppose us,
    but for the managers briefed after a due decision maker (:meth:`State._briefed`)."""
    briefed = s.briefed.get(i, ())
    return [g for g in s.gatekeepers.get(i, []) if (not s.engaged[g] or s.opposed[g]) and g not in briefed]


def may_introduce(s: State, u: int, v: int) -> bool:
    """No jump over a manager on the reporting line, and no way into someone around their gatekeeper."""
    if v in s.ancestors[u][1:] or u in s.ancestors[v][1:]:
        return False
    keepers = s.gatekeepers.get(v, [])
    if keepers and u not in keepers and s.parent[v] != u and closed_gates(s, v):
        return False
    return True


def carriers(s: State, target: int, exclude: set) -> np.ndarray:
    """Who may introduce us on the way to ``target``: people we engage who support us, none who leans to a
    competitor, none excluded (the inside coach of a redacted plan), none a gap's advice bars (see
    :meth:`State.barred`), never the target."""
    ok = s.engaged & s.supporter & ~s.opposed & ~s.disloyal
    for i in s.barred(target):
        ok[i] = False
    for cid in exclude:
        if cid in s.at:
            ok[s.at[cid]] = False
    ok[target] = False
    return ok


def warm_path(s: State, target: int, costs: Costs, exclude: set) -> list[int] | None:
    """The chain of introductions to ``target`` (target excluded) a person would make, or None.

    Everyone on it is a carrier (:func:`carriers`) and each introduces the next: the people they influence, their
    manager, their reports and their peers under one manager (docs/methodology.md §2). In order: someone who can
    introduce ``target`` directly (their own reports, peers or manager); then the strongest longer chain; for
    someone below the executive layer, both first without any executive, since going up through an executive to
    reach the people below them is the bypass the methodology warns against; for an executive, both first without
    the executives above them (the decision maker is not spent on the VP whose own managers are ours). Strength:
    product of the introductions' weights times each carrier's level preference.

    >>> import pandas as pd, powermap
    >>> pm = powermap.from_frame(
    ...     pd.DataFrame({"id": ["ceo", "dir", "e1", "e2"], "name": ["Ana", "Bo", "Cy", "Di"],
    ...                   "title": ["CEO", "Director", "Engineer", "Engineer"], "reports_to": ["", "ceo", "dir", "dir"],
    ...                   "level": ["executive", "mid", "staff", "staff"], "stance": [2, 0, 2, 1],
    ...                   "relationship": [2, 0, 2, 1]}), stage=3)
    >>> s = State(pm, pm.analysis())
    >>> [s.ids[p] for p in warm_path(s, s.at["dir"], Costs(), set())]  # his own engineer, not the CEO above him
    ['e1']
    """
    key = (target, id(costs), frozenset(exclude))  # a step asks for the same person's path several times
    if key not in s.paths:
        s.paths[key] = _warm_path(s, target, costs, exclude)
    found = s.paths[key]
    return None if found is None else list(found)


def _warm_path(s: State, target: int, costs: Costs, exclude: set) -> list[int] | None:
    prefer = dict(costs.prefer)
    ok = carriers(s, target, exclude)
    if s.level[target] != "executive":
        tiers = [ok & ~s.executive, ok]
    else:  # an executive: through the people they listen to before the executive above them (not spent on them)
        above = np.zeros(s.n, dtype=bool)
        above[s.executives_above(target)] = True
        tiers = [ok & ~above, ok]
    introducers = s.introducers(target)

    def factor(i: int) -> float:
        return prefer.get(s.level[i], 0.8)

    for usable in tiers:
        direct = [(w * factor(u), -u, u) for u, w in introducers.items() if usable[u] and may_introduce(s, u, target)]
        if direct:
            return [max(direct)[2]]
        path = _strongest(s, target, usable, factor)
        if path is not None:
            return path
    return None


def _strongest(s: State, target: int, usable: np.ndarray, factor) -> list[int] | None:
    """The strongest chain of introductions from a usable person to ``target`` through usable people (Dijkstra on
    minus the log of the strength)."""
    dist = {i: -math.log(factor(i)) for i in np.flatnonzero(usable).tolist()}
    previous: dict[int, int] = {}
    heap = [(d, i) for i, d in dist.items()]
    heapq.heapify(heap)
    done: set = set()
    best_end, best = None, math.inf
    while heap:
        d, u = heapq.heappop(heap)
        if u in done or d > dist.get(u, math.inf):
            continue
        done.add(u)
        if d >= best:
            break
        for v, w in s.neighbours(u):
            if not may_introduce(s, u, v):
                continue
            if v == target:
                total = d - math.log(w)
                if total < best:
                    best, best_end = total, u
                continue
            if not usable[v]:
                continue
            nd = d - math.log(w) - math.log(factor(v))
            if nd < dist.get(v, math.inf):
                dist[v], previous[v] = nd, u
                heapq.heappush(heap, (nd, v))
    if best_end is None:
        return None
    path = [best_end]
    while path[-1] in previous:
        path.append(previous[path[-1]])
    return path[::-1]


def fill_cost(s: State, item: Scored, costs: Costs, exclude: set, path: bool = True) -> None:
    """Fill ``via``, ``cold`` and ``cost`` of a scored candidate (without ``path``: the cost before distance, a
    lower bound)."""
    cand = item.candidate
    if "people" in cand.change:  # one meeting: the dearest person's cost, a little more for each other person
        parts = []
        for contact, change in person_changes(cand):
            part = replace(item, candidate=replace(cand, contact=contact, change=change), via=[], cold=None)
            fill_cost(s, part, costs, exclude, path)
            parts.append(part)
        item.via, item.cold = parts[0].via, parts[0].cold  # the way to the first, who brings the others
        item.cost = max(part.cost for part in parts) + costs.group_person * (len(parts) - 1)
        return
    kinds = dict(costs.kind)
    # a table of costs written before a kind was added prices it as the step it is closest to (arming someone we
    # know: deepening with them)
    kind_cost = kinds[cand.kind] if cand.kind in kinds else kinds["deepen"]
    # a person to find costs what finding costs; arming a supporter we know costs the same at any rank (no way in
    # to find): the most senior is offered first, so on equal gain the higher one is armed (docs/methodology.md §1)
    if cand.kind in ("find", "arm"):
        item.cost = kind_cost
        return
    i = s.at[cand.contact]
    if cand.kind == "deepen":
        kind_cost += costs.deepen_step * (int(cand.change["relationship"]) - int(s.rel[i]) - 1)
    level = dict(costs.level).get(s.level[i], costs.unknown_level)
    opposition = costs.opposed * max(0.0, -s.leaning[i])
    through = cand.kind in ("convert", "neutralise") or not s.engaged[i]
    distance = 0.0
    if through and path:
        route = warm_path(s, i, costs, exclude)
        if route is None and s.engaged[i]:
            route = []  # our own relationship carries it
        if route is None:
            item.cold = _cold_route(s, i, exclude)
            distance = costs.cold
        else:
            item.via = [s.ids[p] for p in route]
            distance = costs.hop * max(0, len(route) - 1)
    item.cost = kind_cost + level + opposition + distance


def _cold_route(s: State, i: int, exclude: set) -> str:
    """Who to go through when nobody carries us: someone we know (engaged, not against us) who stands next to them,
    never someone a plan may not name or go through (the redacted inside coach, a competitor's ally, an executive a
    gap's advice bars); else their department (""). For most people that is their manager; for an executive, first
    someone on the way to them (the assistant or manager met as "the way in", who knows us though they are not for
    us yet), and only then the executive above them (not spent on the people below them, as on a warm path)."""
    barred = s.barred(i)

    def known(u: int) -> bool:
        return (
            bool(s.engaged[u] and not s.opposed[u] and not s.disloyal[u])
            and s.ids[u] not in exclude
            and u not in barred
        )

    manager = [int(s.parent[i])] if s.parent[i] >= 0 else []
    gates = s.gatekeepers.get(i, [])
    order = [*gates, *manager] if s.executive[i] else [*manager, *gates]
    return next((s.ids[u] for u in order if known(u)), "")
