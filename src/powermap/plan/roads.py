"""What must come before a move: the gatekeepers to meet first, the person an opponent listens to (the lever),
and the road to each deal-killer (:func:`killer_road`).
"""

from __future__ import annotations

import numpy as np

from powermap.analysis.same_gap import gap_subject
from powermap.plan.moves import Candidate, Costs, person_changes
from powermap.plan.paths import carriers, closed_gates, may_introduce, warm_path
from powermap.plan.state import State
from powermap.policy import Policy

__all__ = ["gates_to_open", "gate_share", "road_to", "unwon", "lever_of", "killer_road", "road_entry"]


def gates_to_open(s: State, i: int, exclude: set) -> list[int]:
    """The gatekeepers of ``i`` we could engage before ``i`` (not engaged yet, and a plan may name them)."""
    return [g for g in closed_gates(s, i) if not s.engaged[g] and s.ids[g] not in exclude]


def gate_share(s: State, candidate: Candidate, exclude: set) -> float:
    """The part of the way to ``candidate.lever_for`` that meeting its people opens: the share of that person's
    gatekeepers still to meet (one plant manager of four opens a quarter of the way to their VP, the four met
    together all of it)."""
    target = s.at.get(candidate.lever_for) if candidate.lever_for is not None else None
    gates = {s.ids[g] for g in gates_to_open(s, target, exclude)} if target is not None else set()
    if not gates:
        return 1.0
    return len(gates & {contact for contact, _ in person_changes(candidate)}) / len(gates)


def road_to(s: State, target: int, exclude: set) -> dict[str, dict]:
    """The engagements that reach ``target`` without going around anyone, in order: the gatekeepers' own
    gatekeepers first, then the gatekeepers, then the target (as ``{id: change}``, a grouped candidate's people)."""
    order: list[int] = []
    seen: set[int] = set()

    def visit(i: int) -> None:
        seen.add(i)
        for g in gates_to_open(s, i, exclude):
            if g not in seen:
                visit(g)
        order.append(i)

    visit(target)
    return {s.ids[i]: {"relationship": 1} for i in order}


def unwon(s: State, i: int) -> bool:
    """Someone we know to be neutral (not for us yet, not against us): winning them comes first."""
    return bool(s.stance[i] == 0)


def lever_of(s: State, target: int, costs: Costs, exclude: set) -> int | None:
    """The person ``target`` listens to most (strongest influence on them, mid-level preferred), not opposed and
    of a known stance; an executive above them only when nobody else reaches them (the decision maker is not spent
    on the VP who reports to her, while the VP's own managers can bring him round). None where no such person is
    needed: one of ours already brings us to ``target`` as strongly (:func:`_lever_needed`)."""
    prefer = dict(costs.prefer)
    above = set(s.executives_above(target))
    # someone whose stance we do not know cannot be won over by a step (the plan converts known stances only), so
    # they would never carry us to the opponent; nor would someone the way to the opponent does not let through
    # (around the gatekeepers we have not met): the step after the lever would go through someone else
    usable = [
        (u, w)
        for u, w in s.into.get(target)
        if not (s.opposed[u] or s.disloyal[u] or s.ids[u] in exclude or np.isnan(s.stance[u]))
        and may_introduce(s, u, target)
    ]
    for tier in ([(u, w) for u, w in usable if u not in above], usable):
        best, strength = None, 0.0
        for u, w in tier:
            value = w * prefer.get(s.level[u], 0.8)
            if value > strength:
                best, strength = u, value
        if best is not None:
            return best if _lever_needed(s, target, best, costs, exclude) else None
    return None


def _lever_needed(s: State, target: int, lever: int, costs: Costs, exclude: set) -> bool:
    """Whether an opponent waits for the person they listen to: only while that person, once ours, would bring us
    to them more strongly than anyone of ours who already can (the peer manager who is our champion brings round
    the skeptic whose own report is the person she listens to; the controller she trusts comes first)."""
    prefer = dict(costs.prefer)
    introducers = s.introducers(target)
    ok = carriers(s, target, exclude)

    def strength(u: int) -> float:
        return introducers.get(u, 0.0) * prefer.get(s.level[u], 0.8)

    best = max((strength(u) for u in introducers if ok[u] and may_introduce(s, u, target)), default=0.0)
    return strength(lever) > best


def killer_road(s: State, costs: Costs, exclude: set, policy: Policy, depth: int = 3) -> dict[tuple[str, str], tuple]:
    """The moves that remove a deal-killer, and those each needs first: ``{(contact, "engage" or "win"): (for whom,
    why)}``, ``why`` being ``"gatekeeper"`` or ``"lever"`` (``(None, None)`` for a killer's own move).

    A deal-killer loses the deal whatever else is fine (docs/methodology.md, Risk), so a coach works on it
    first: the decision maker nobody reached is engaged, the opposed decider, the vetoing engineer and the
    stranger above our champion are won. Where that move must wait, what it waits for is on the road too, up to
    ``depth`` moves back: the gatekeeper we must engage or win before the executive they keep, the person an
    opponent listens to (engaged, then won), the manager who would bring us to someone nobody of ours reaches.
    A divided loyalty has no move of the map's (no step changes whom a coach also serves): it is no road.
    """
    road: dict[tuple[str, str], tuple] = {}
    todo: list[tuple[int, str, int, str | None, str | None]] = []
    for gap in s.gap_rows:
        if not isinstance(gap.deal_killer, str) or gap.deal_killer == "divided-loyalty":
            continue
        if gap.code == "decision-maker-unreached":
            todo += [(s.at[p], "engage", 0, None, None) for p in gap.contacts if p in s.at]
            continue
        subject = gap_subject(gap.code, gap.contacts)
        if subject is None or subject not in s.at:
            continue
        i = s.at[subject]
        todo.append((i, "win" if s.engaged[i] or s.opposed[i] else "engage", 0, None, None))
    while todo:
        i, move, steps, for_whom, why = todo.pop()
        if s.ids[i] in exclude or (s.ids[i], move) in road:
            continue
        road[s.ids[i], move] = (for_whom, why)
        if steps >= depth:
            continue
        lever = None
        if move == "engage":
            for g in closed_gates(s, i):
                todo.append((g, "win" if s.engaged[g] or s.opposed[g] else "engage", steps + 1, s.ids[i], "gatekeeper"))
            if warm_path(s, i, costs, exclude) is None:  # nobody of ours carries us there: who would
                manager = int(s.parent[i])
                early = s.stage is not None and s.stage < policy.executive_access_stage
                if s.executive[i] and early:  # an executive in their time: through whom they listen to
                    lever = lever_of(s, i, costs, exclude)
                elif manager >= 0 and not s.executive[manager] and not s.engaged[manager] and not s.opposed[manager]:
                    # their own manager, never up through an executive
                    todo.append((manager, "engage", steps + 1, s.ids[i], "gatekeeper"))
        else:
            if not s.engaged[i]:
                todo.append((i, "engage", steps + 1, for_whom, why))
            if s.opposed[i]:
                lever = lever_of(s, i, costs, exclude)
        if lever is not None and (not s.engaged[lever] or not s.supporter[lever]):
            todo.append((lever, "win" if s.engaged[lever] else "engage", steps + 1, s.ids[i], "lever"))
    return road


def road_entry(candidate: Candidate, road: dict[tuple[str, str], tuple]) -> tuple | None:
    """The road's ``(for whom, why)`` of the first of a candidate's people whose move it makes, or None."""
    move = {"engage": "engage", "neutralise": "win", "convert": "win"}.get(candidate.kind)
    if move is None:
        return None
    return next((road[contact, move] for contact, _ in person_changes(candidate) if (contact, move) in road), None)
