"""Each candidate's gain from its analysed map: what it resolves and opens (the one gap identity of
:mod:`powermap.analysis.same_gap`), the risk points and grade it moves (:func:`score_candidates`).
"""

from __future__ import annotations

from powermap.analysis.risk import item_points, severity_points
from powermap.analysis.same_gap import BYPASS, GapMatcher
from powermap.plan.moves import RISK_RANK, Candidate, Costs, Scored, person_changes
from powermap.plan.state import State
from powermap.policy import Policy

__all__ = ["DEPTH_NEXT", "PER_OPPONENT", "score_candidates", "same_grade_people"]


def _gap_changes(
    matcher: GapMatcher, after: list[tuple]
) -> tuple[list[tuple], list[tuple], list[dict], list[tuple[int, int]]]:
    """The gaps a change resolves and opens, ``(code, severity, contacts, condition)`` each, the gaps whose code
    it changes (``{"from", "to"}``: one person's problem under another name) and those pairs' positions
    ``(before, after)``: the one identity of :mod:`powermap.analysis.same_gap` (a gap whose people or severity
    changed is none of these)."""
    before = matcher.before
    opened, closed, changed = matcher.match(after)
    renamed = [(i, j) for i, j in changed if before[i][0][0] != after[j][0][0]]
    return (
        [(before[i][0][0], before[i][2], before[i][1], before[i][0][2]) for i in closed],
        [(after[j][0][0], after[j][2], after[j][1], after[j][0][2]) for j in opened],
        [{"from": before[i][0][0], "to": after[j][0][0]} for i, j in renamed],
        renamed,
    )


def _as_before(matcher: GapMatcher, after: list[tuple], renamed: list[tuple[int, int]]) -> list[tuple]:
    """The gaps after a change with each renamed gap under the code it had: one person's problem, as severe under
    its new name, is the same problem, so the grade's counting of kinds must not make its new name a gain (the
    opposed manager we went around, met, is an influential blocker: a kind already counted) nor a loss."""
    kept = list(after)
    for i, j in renamed:
        kept[j] = (matcher.before[i][0], after[j][1], after[j][2])
    return kept


# the stage conditions on how deep a relationship runs that name only people we engage (the handler's personal
# needs and bond, the key people's feelings): meeting someone shows the next step on them
DEPTH_NEXT = frozenset({"handler-personal-needs", "handler-bond", "key-people-feelings"})


def _next_on_met(gap: tuple, met: set[str]) -> bool:
    """Whether an opened gap is the next step on the people a step meets for the first time (deepen what was just
    begun), not a problem the step made: a depth condition of the stage naming only them."""
    return bool(met) and gap[0] == "stage-readiness" and gap[3] in DEPTH_NEXT and 0 < len(gap[2]) and set(gap[2]) <= met


# the gaps about one opponent or one person we went around: each person is its own problem to the plan
PER_OPPONENT = frozenset({"influential-blocker", *BYPASS})


def _person_points(items: list[tuple], points: dict[str, int]) -> int:
    """The risk points the grade leaves out for blockers and bypassed people: the grade counts each kind of
    problem once (ten influential blockers weigh one), the plan counts each person (the nine others too)."""
    kinds: dict[tuple, list[int]] = {}
    for key, _, severity in items:
        if key[0] in PER_OPPONENT:
            kinds.setdefault(key[:3], []).append(points.get(severity, 0))
    return sum(sum(p) - max(p) for p in kinds.values())


def worst_blocker(s: State) -> tuple[str | None, float]:
    """Of several influential blockers, the most influential by effective influence (where their gaps share a
    severity, the one a risk line names as the worst of them; the first in the gap table on a tie), and how far
    that exceeds the others' mean, at most 1 (twice theirs): ``(None, 0.0)`` with fewer than two (the grade counts
    a single blocker in full already). The extra weight scales with the points of her gap's severity, so a skeptic
    early in the deal (medium) weighs less than a blocker (high), however influential."""
    blockers = [g[1][0] for g in s.gap_items if g[0][0] == "influential-blocker" and len(g[1]) == 1 and g[1][0] in s.at]
    if len(blockers) < 2:
        return None, 0.0
    weight = [float(s.eff[s.at[p]]) for p in blockers]
    top = max(range(len(blockers)), key=weight.__getitem__)
    others = (sum(weight) - weight[top]) / (len(weight) - 1)
    return blockers[top], min(1.0, weight[top] / others - 1) if others > 0 else 1.0


def score_candidates(
    s: State, candidates: list[Candidate], numbers: list[tuple], costs: Costs, policy: Policy
) -> list[Scored]:
    """Each candidate's gain from its analysed ``numbers`` (coverage, risk, risk points, gaps, source)."""
    matcher = s.matcher  # lines and choose score the same map's candidates: its gaps are indexed once
    cov0, risk0, points0 = float(s.cover["coverage"]), str(s.cover["risk"]), int(s.cover["risk_points"])
    table = severity_points(policy)
    people0 = _person_points(s.gap_items, table)
    worst, above = worst_blocker(s)
    per_gap = {"high": costs.high_gap, "medium": costs.medium_gap, "low": costs.low_gap}
    scored = []
    for candidate, (cov, risk, points, after, source) in zip(candidates, numbers):
        gone, new, changes, renamed = _gap_changes(matcher, after)
        if renamed:  # what the grade's counting of kinds makes of a new name is no gain (nor loss)
            kept = _as_before(matcher, after, renamed)
            points += item_points(kept, policy) - item_points(after, policy)
            after = kept
        met = (
            {contact for contact, _ in person_changes(candidate) if contact in s.at and not s.engaged[s.at[contact]]}
            if candidate.kind == "engage"
            else set()
        )
        # a person found brings the next steps on them (the handler found, their personal needs next): those gaps
        # were hidden behind the one the finding resolves, not made by it
        # so does a person met for the first time: their relationship is deepened next (a business meeting does not
        # reach the personal layer the stage asks of the handler and the key people)
        caused = [g for g in new if not _next_on_met(g, met)]  # what it opens, less the next steps on whom it meets
        made = [g for g in caused if candidate.kind != "find" or tuple(g[2]) != (candidate.contact,)]
        gaps = sum(per_gap.get(g[1], 0.0) for g in gone) - sum(per_gap.get(g[1], 0.0) for g in made)
        points -= sum(table.get(g[1], 0) for g in new) - sum(table.get(g[1], 0) for g in caused)
        # each blocker or bypassed person won counts; one surfacing costs what the grade says, no more (a
        # deal-killer's step that shows a second bypassed manager is still the step to take)
        people = costs.risk_point * max(0, people0 - _person_points(after, table))
        # the most influential of several blockers weighs more, up to twice as much, the more their influence
        # exceeds the others': the risk line names them the worst, and a coach goes after them first
        extra = sum(
            costs.risk_point * table.get(g[1], 0) * above
            for g in gone
            if worst is not None and g[0] == "influential-blocker" and tuple(g[2]) == (worst,)
        )
        people += extra
        gain = (
            (cov - cov0)
            + costs.risk_point * (points0 - points)
            + people
            + costs.risk_level * (RISK_RANK[risk0] - RISK_RANK[risk])
            + gaps
        )
        severities = {g[1] for g in gone}
        severity = next((sv for sv in ("high", "medium", "low") if sv in severities), None)
        scored.append(
            Scored(
                candidate,
                cov,
                risk,
                list(dict.fromkeys(g[0] for g in gone)),
                list(dict.fromkeys(g[0] for g in new)),
                severity,
                float(gain),
                source=source,
                opens_high=sum(g[1] == "high" for g in caused) > sum(g[1] == "high" for g in gone),
                changes=changes,
                people=float(people),
                around=list(dict.fromkeys(g[2][-1] for g in new if g[0] in BYPASS and len(g[2]) > 1)),
                killers=source[0].killers(source[1]),
                worst=float(extra),
            )
        )
    return scored


def same_grade_people(scored: list[Scored], blocked: set) -> None:
    """Extra people won count only against steps that leave the deal at the same grade: where a step that may be
    taken lowers the risk grade further, the others lose their ``people`` part of the gain.

    A coach removes the problem that grades the deal before collecting more allies (docs/methodology.md, Risk):
    the second bypassed manager won weighs against a step that leaves the grade where it is, never against the
    step that lowers it. Where no step lowers the grade (a deal-killer no step touches, a deal already low) each
    person won counts as before.
    """
    takeable = [
        RISK_RANK[x.risk_after]
        for x in scored
        if x.gain - x.people > 1e-9 and id(x.candidate) not in blocked and not x.opens_high
    ]
    if not takeable:
        return
    best = min(takeable)
    for item in scored:
        if RISK_RANK[item.risk_after] > best:
            item.gain -= item.people
            item.people = item.worst = 0.0
