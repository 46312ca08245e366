"""The next moves on one account: candidate actions scored by re-running the analysis, in a greedy order of work,
each with the warm path to its person and the member of our team who should act.

Every candidate is one change to one person, exactly what :meth:`PowerMap.what_if` takes. All candidates of a
step are analysed together as one batch (each a copy of the map with its change, as accounts of a pipeline), so
``coverage_after`` and ``risk_after`` are the numbers ``analyze`` gives on the changed map. The greedy order takes
the best gain per cost, applies it, and scores the next step on the changed map: actions are cumulative.

>>> import pandas as pd, powermap
>>> pm = powermap.from_frame(pd.DataFrame({
...     "id": ["ceo", "cfo", "plm", "ops", "eng"], "name": ["Ana", "Bo", "Cy", "Di", "Ed"],
...     "title": ["CEO", "CFO", "Plant Manager", "Production Manager", "Engineer"],
...     "reports_to": ["", "ceo", "ceo", "plm", "plm"],
...     "roles": ["decision maker", "advisor", "initiator; technical buyer", "key user", "coach"],
...     "stance": [1, 0, 2, -2, 1], "relationship": [2, 0, 2, 1, 2], "influence": [5, 4, 4, 3, 2],
...     "owner": ["Kim", "", "Lee", "Lee", "Kim"]}), stage=3, as_of="2026-11-15")
>>> steps = plan(pm, steps=2)
>>> steps[["kind", "contact", "via", "member"]].values.tolist()
[['neutralise', 'ops', ['plm'], 'Lee'], ['convert', 'ops', ['plm'], 'Lee']]
>>> steps["action"][0]
'Ask Cy (Plant Manager, initiator, technical supporter, champion) to bring Di (Production Manager, key user, \
blocker) round: hear out and answer the objections until they are at least neutral'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from powermap.analysis.run import Analysis, deal_and_analysis
from powermap.core.collector import paused_collector
from powermap.core.deal import Deal
from powermap.io.validate import Account
from powermap.plan.candidates import candidates_of, is_blocked
from powermap.plan.copies import analyse_many, copy_analysis
from powermap.plan.moves import ACTION_FIELDS, FOLLOWS, KINDS, Candidate, Costs, Scored, own_person, person_changes
from powermap.plan.paths import fill_cost
from powermap.plan.roads import gate_share, killer_road, road_entry, road_to
from powermap.plan.scoring import same_grade_people, score_candidates
from powermap.plan.state import Rows, Shared, State, apply_step
from powermap.policy import Policy

__all__ = ["plan", "plan_actions", "plan_many", "plan_pipeline", "Costs", "KINDS", "ACTION_FIELDS"]


def _member(s: State, item: Scored, holders: dict, lead: Callable[[], str | None]) -> str | None:
    cand = item.candidate
    if cand.member:
        return cand.member
    who = item.via[0] if item.via else cand.contact
    known = sorted(holders.get(who, []), key=lambda h: -h[1])
    if known:  # who knows the introducer; on a cold step, who owns the person (they have met, or are to)
        return known[0][0]
    if cand.contact in s.at:  # cold: the one of ours who knows most people in their department
        dept = s.dept[s.at[cand.contact]]
        near = _most_frequent(s.owner[(s.dept == dept) & s.engaged & (s.owner != "")].tolist())
        if near is not None:
            return near
    return lead()


def _most_frequent(owners: list) -> str | None:
    """The owner of most of the given contacts, the first met on a tie (as a sorted value_counts gives it)."""
    return str(Counter(owners).most_common(1)[0][0]) if owners else None


def plan_actions(
    pm: Deal,
    *,
    steps: int = 5,
    team: pd.DataFrame | None = None,
    policy: Policy | None = None,
    lang: str = "en",
    redact: bool = False,
    costs: Costs | None = None,
    analysis: Analysis | None = None,
) -> dict[str, Any]:
    """The plan as the contract's JSON object: ``account``, ``coverage``, ``risk``, ``actions``, ``steps``.

    Each action holds exactly ``rank, action, kind, contact, change, via,
    member, resolves, opens, changes, severity, coverage_after, risk_after, cost``
    (``changes``: ``[{"from", "to"}]``, one person's gap that is now another
    code at the same severity, neither resolved nor opened).
    See :func:`plan` for the parameters; ``redact`` plans on the redacted map
    (:func:`powermap.render.map.redacted`) and never routes through an inside coach.

    Parameters
    ----------
    pm : Deal or PowerMap
        The account's map.
    steps, team, policy, lang, redact, costs, analysis
        As in :func:`plan`.

    Returns
    -------
    dict
        ``account`` (its facts), ``coverage`` and ``risk`` before any action,
        ``actions``, a list of dicts (JSON values only), in order of work, and
        ``steps``, the number asked for (more than the actions when nothing else helps).

    See Also
    --------
    plan : The same actions as a DataFrame.

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    stage=4, technicality="high", as_of="2026-11-15")
    >>> result = plan_actions(pm, steps=1)
    >>> result["coverage"], result["risk"], len(result["actions"])
    (89.2, 'high', 1)
    >>> first = result["actions"][0]
    >>> first["contact"], first["change"], first["member"], first["resolves"]  # the deal-killer's road first
    ('M20', {'relationship': 1}, 'Tom Becker', [])
    """
    result = _run(pm, steps=steps, team=team, policy=policy, lang=lang, redact=redact, costs=costs, analysis=analysis)
    result["actions"] = [{k: a[k] for k in ACTION_FIELDS} for a in result["actions"]]
    result["steps"] = steps  # asked for: fewer actions means nothing else helps
    return result


class Planner:
    """The plan of one account as it is made, step by step: the map the earlier steps made and what they took.

    A step is split in two so that many accounts can share one analysis: :meth:`propose` gives the candidates to
    analyse, :meth:`choose` takes their numbers (from :func:`analyse_many`) and applies the best. ``powermap plan``
    and the pipeline's plan columns both run these (:func:`_plan_together`), so their steps are the same.
    """

    def __init__(
        self,
        pm: Deal | Rows,
        *,
        team: pd.DataFrame | None,
        policy: Policy,
        lang: str,
        redact: bool,
        costs: Costs,
        analysis: Analysis | None = None,
    ):
        from powermap.plan.team import holders_of, with_team

        self.policy, self.costs, self.lang, self.redact = policy, costs, lang, redact
        if not isinstance(pm, Rows):  # a pipeline's rows (plan_pipeline) have no team and are not redacted
            if (team is not None and not team.empty) or redact:
                analysis = None  # the deal changes here: its own analysis is made below
            elif analysis is None:
                _, analysis = deal_and_analysis(pm, policy)  # the map's own analysis, as it keeps it
            pm = with_team(pm, team)  # a deal (of a deal or a map)
        self.exclude: set = set()
        if redact:
            assert isinstance(pm, Deal)
            from powermap.core.deal import CONFIDENTIAL_ROLE

            self.exclude = {
                cid for cid, roles in zip(pm.contacts["id"], pm.contacts["roles"]) if CONFIDENTIAL_ROLE in roles
            }
            pm, team = pm.redacted(), None
        self.team, self.account = team, pm.account
        if analysis is None and isinstance(pm, Deal):
            _, analysis = deal_and_analysis(pm, policy)
        self._state = s = State(pm, analysis)
        touched = s.touched_by
        self.holders = holders_of(s.ids, s.owner, s.rel, team, touched)
        self.members = list(
            dict.fromkeys([o for o in s.owner if o] + (list(team["member"]) if team is not None else []))
        )
        self._lead: tuple | None = None  # made from the first map's owners when first needed
        self._first_people = (s.owner, s.rel)
        self._next: tuple | None = None
        self.first = self.state.cover
        self.actions: list[dict] = []
        self.taken: set = set()
        self.pursued: set = set()  # the people a lever step was taken for, until a step on them is taken
        self.levers: set = set()  # the levers engaged and not yet won
        self.done = False
        self._candidates: list[Candidate] = []
        self._blocked: set = set()
        self._road_for: dict[int, Candidate] = {}  # a gatekeeper's candidate (by id): the road it begins
        self._to_killers: dict[tuple[str, str], tuple] = {}  # this step's road to the deal-killers (killer_road)
        self._line_of: dict[int, Candidate] = {}  # a step that goes around someone (by id): the same step with them
        self._scored: dict[int, Scored] = {}  # the candidates scored before their lines were analysed

    @property
    def lead(self) -> str | None:
        """Who leads for us where nobody else is named: the owner of most engaged contacts on the first map."""
        if self._lead is None:
            owner, rel = self._first_people
            most = _most_frequent(owner[(rel >= 1) & (owner != "")].tolist())
            self._lead = (most if most is not None else (self.members[0] if self.members else None),)
        return self._lead[0]

    def propose(self) -> list[Candidate]:
        """The candidates of the next step that need the analysis of their changed map (none once done)."""
        if self.done:
            return []
        s, costs = self.state, self.costs
        candidates = [
            c
            for c in candidates_of(s, self.team, self.policy, costs, self.exclude, self.lang, self.members, self.redact)
            if (c.contact, c.kind) not in self.taken or c.kind in ("deepen", "convert")
        ]
        candidates += self._road_moves(candidates)
        if not candidates:
            self.done = True
            return []
        # a blocked candidate is never taken: it is analysed only when a lever's gain reads its own
        self._blocked = {id(c) for c in candidates if is_blocked(s, c, costs, self.exclude, self.policy)}
        followed = {(c.lever_for, k) for c in candidates if c.lever_for is not None for k in FOLLOWS}
        self._candidates = candidates
        roads = self._roads_of(candidates)
        self._blocked.update(id(road) for road in roads)
        return [c for c in candidates if id(c) not in self._blocked or (c.contact, c.kind) in followed] + roads

    def _road_moves(self, candidates: list[Candidate]) -> list[Candidate]:
        """The moves on a deal-killer's road (:func:`killer_road`) that no gap offers as a step: a manager against
        us on the way to the decision maker, in no gap of their own, is still brought round before her."""
        s = self.state
        killed = any(isinstance(gap.deal_killer, str) for gap in s.gap_rows)
        self._to_killers = killer_road(s, self.costs, self.exclude, self.policy) if killed else {}
        have = {(c.contact, c.kind) for c in candidates if "people" not in c.change}
        moves = []
        for (contact, move), (for_whom, why) in self._to_killers.items():
            i = s.at[contact]
            if move == "engage" and not s.engaged[i]:
                step = Candidate("engage", contact, {"relationship": 1}, why or "road-move", lever_for=for_whom)
            elif move == "win" and s.opposed[i]:
                step = Candidate("neutralise", contact, {"stance": 0}, why or "road-move", lever_for=for_whom)
            elif move == "win" and s.engaged[i] and not np.isnan(s.stance[i]) and s.stance[i] < 1:
                step = Candidate(
                    "convert", contact, {"stance": int(s.stance[i]) + 1}, why or "road-move", lever_for=for_whom
                )
            else:
                continue
            if (contact, step.kind) not in have and (contact, step.kind) not in self.taken:
                have.add((contact, step.kind))
                moves.append(step)
        return moves

    def _roads_of(self, candidates: list[Candidate]) -> list[Candidate]:
        """The road of each gatekeeper who keeps another gatekeeper: their gain is a share of what meeting
        everyone on the way to the person at the end gains (that person's own engagement, analysed alone, goes
        around the gatekeepers; so would the gatekeeper's in between). Each road is one copy, never a step."""
        s = self.state
        gates = [c for c in candidates if c.kind == "engage" and c.reason == "gatekeeper"]
        gate_of = {c.contact: c for c in gates if "people" not in c.change}  # a group (met together) keeps nobody
        roads: dict[str, Candidate] = {}
        self._road_for = {}
        for c in gates:
            if c.lever_for not in gate_of:
                continue  # the gatekeeper of the person at the end: that person's own gain is shared
            target: str | None = c.lever_for
            seen = {c.contact}
            while target in gate_of and target not in seen:
                seen.add(target)
                target = gate_of[target].lever_for
            if target is None or target not in s.at:
                continue
            if target not in roads:
                roads[target] = Candidate("engage", target, {"people": road_to(s, s.at[target], self.exclude)}, "road")
            self._road_for[id(c)] = roads[target]
        return list(roads.values())

    def lines(self, proposed: list[Candidate], numbers: list[tuple]) -> list[Candidate]:
        """The steps that would go around someone, each again with the people it goes around met first (the manager
        between the specialist we meet and the vice-president we know): principle 1, never around the mid-level.
        Read from the analysed ``numbers`` (the gaps a step opens say whom it goes around); the lines still need
        their own analysis, and :meth:`choose` takes a step that goes around someone only where its line does too.
        """
        s, costs = self.state, self.costs
        scored = score_candidates(s, proposed, numbers, costs, self.policy)
        self._scored = {id(x.candidate): x for x in scored}
        self._line_of = {}
        made: dict[str, Candidate] = {}
        for item in scored:
            cand = item.candidate
            if cand.kind != "engage" or cand.reason == "road" or id(cand) in self._blocked or not item.around:
                continue
            mine = dict(person_changes(cand))
            briefed = {s.ids[g] for contact in mine if contact in s.at for g in s.briefed.get(s.at[contact], ())}
            around = [
                p
                for p in item.around
                if p not in mine
                and p not in briefed  # met after a due decision maker, not with her (State._briefed)
                and p in s.at
                and p not in self.exclude
                and not s.engaged[s.at[p]]  # an opponent we know is not gone around: the gap is their opposition
                and not s.disloyal[s.at[p]]
            ]
            if not around or len(around) + len(mine) > costs.group_size:
                continue
            around.sort(key=lambda p: s.depth[s.at[p]])  # from the top down: each brings us to the next
            people = {**{p: {"relationship": 1} for p in around}, **mine}
            key = repr(sorted((p, sorted(c.items())) for p, c in people.items()))
            if key not in made:
                # met first, the first person is the line's contact (``via`` leads to them, who brings the others)
                line = replace(cand, contact=around[0], change={"people": people}, first=len(around))
                if is_blocked(s, line, costs, self.exclude, self.policy):
                    continue
                made[key] = line
            self._line_of[id(cand)] = made[key]
        self._candidates += list(made.values())
        return list(made.values())

    def choose(self, proposed: list[Candidate], numbers: list[tuple]) -> dict | None:
        """Score the proposed candidates with their analysed ``numbers``, take the best gain per cost and move the
        map on; None (and done) when nothing helps."""
        s, costs, blocked = self.state, self.costs, self._blocked
        fresh = [k for k, c in enumerate(proposed) if id(c) not in self._scored]
        found = dict(
            zip(
                fresh,
                score_candidates(s, [proposed[k] for k in fresh], [numbers[k] for k in fresh], costs, self.policy),
            )
        )
        scored = [found[k] if k in found else self._scored[id(c)] for k, c in enumerate(proposed)]
        self._scored = {}
        # a step that goes around someone is not taken where the same step with them does not
        lines = {id(line) for line in self._line_of.values()}
        by_id = {id(x.candidate): x for x in scored}
        for item in scored:
            line = by_id.get(id(self._line_of.get(id(item.candidate))))
            if line is not None and not line.opens_high and not set(item.around) & set(line.around):
                blocked.add(id(item.candidate))
        same_grade_people(scored, blocked)
        # a lever shares only what a step that may follow it gains: never one that opens a deal-killer
        # nor the weight of the worst blocker: that is theirs to win, not a reason to spend a step on someone else
        gains = {
            (x.candidate.contact, x.candidate.kind): x.gain - x.worst
            for x in scored
            if x.candidate.reason != "road" and id(x.candidate) not in lines and not x.opens_high
        }
        roads = {id(x.candidate): 0.0 if x.opens_high else x.gain for x in scored if x.candidate.reason == "road"}
        for item in scored:
            if item.candidate.reason == "desired":  # the depth the team wants with the step's own person
                own = own_person(item.candidate)
                wanted = dict(person_changes(item.candidate))[own]["relationship"]
                item.gain += costs.desired * (int(wanted) - int(s.rel[s.at[own]]))
            if item.candidate.lever_for is not None:
                road = self._road_for.get(id(item.candidate))
                if road is not None:  # every person met on the road takes an equal part of what the road gains
                    on_road = set(road.change["people"]) & {contact for contact, _ in person_changes(item.candidate)}
                    follow = roads[id(road)] * len(on_road) / len(road.change["people"])
                else:
                    follow = max(gains.get((item.candidate.lever_for, k), 0.0) for k in FOLLOWS)
                    if item.candidate.reason == "gatekeeper":
                        follow *= gate_share(s, item.candidate, self.exclude)
                item.gain += costs.lever_share * max(0.0, follow)
        useful = [x for x in scored if x.gain > 1e-9 and id(x.candidate) not in blocked and not x.opens_high]
        useful = self._killer_first(scored, useful)
        if not useful:
            self.done = True
            return None
        # a lever taken is a road begun: the next step walks it (win the lever, then the person they move) before
        # another road is begun, so that a lever's step is followed by the step that resolves the gap
        going = [x for x in useful if own_person(x.candidate) in self.pursued | self.levers]
        useful = going or useful
        # the path search is the dear part of a cost: run it in order of the best ratio a candidate could reach
        # (its cost without the distance), and stop once no candidate left can beat the best found
        order = {id(c): k for k, c in enumerate(self._candidates)}
        for item in useful:
            fill_cost(s, item, costs, self.exclude, path=False)
        useful.sort(key=lambda x: (-(x.gain / x.cost), order[id(x.candidate)]))
        best = None
        for item in useful:
            if best is not None and item.gain / item.cost < best.gain / best.cost:
                break
            fill_cost(s, item, costs, self.exclude)
            if best is None or (item.gain / item.cost, item.gain, -order[id(item.candidate)]) > (
                best.gain / best.cost,
                best.gain,
                -order[id(best.candidate)],
            ):
                best = item
        # useful is not empty, so its first item is taken; score_candidates gives every candidate its source
        assert best is not None and best.source is not None
        return self._take(best)

    def _killer_first(self, scored: list[Scored], useful: list[Scored]) -> list[Scored]:
        """While the map has a deal-killer: the useful steps that remove one, else the next moves on the road to
        one (:func:`killer_road`; such a move may gain nothing yet, but it may not cost a gap), else ``useful``."""
        s = self.state
        killers = sum(isinstance(gap.deal_killer, str) for gap in s.gap_rows)
        if not killers:
            return useful
        fewer = [x for x in useful if x.killers < killers]
        if fewer:
            return fewer
        moves = self._to_killers  # read by propose on this map
        on_road = []
        for x in scored:
            why = road_entry(x.candidate, moves)
            if why is None or x.gain < -1e-9 or x.killers > killers or x.opens_high or id(x.candidate) in self._blocked:
                continue
            on_road.append(x)
            if x.candidate.lever_for is None and "people" not in x.candidate.change:
                x.road = why
        return on_road or useful

    def _take(self, best: Scored) -> dict:
        from powermap.render import plan_text

        s = self.state
        for_whom, why = best.road
        if for_whom is not None and not best.resolves:  # a move on a deal-killer's road that resolves nothing itself
            best.candidate = replace(best.candidate, lever_for=for_whom, reason=why)
        member = None if self.redact else _member(s, best, self.holders, lambda: self.lead)
        action = {
            "rank": len(self.actions) + 1,
            "action": plan_text.sentence(
                s, best, member, self.lang, frozenset(a["via"][0] for a in self.actions if a["via"])
            ),
            "kind": best.candidate.kind,
            "contact": best.candidate.contact,
            "change": best.candidate.change,
            "via": best.via,
            "member": member,
            "resolves": best.resolves,
            "opens": best.opens,
            "changes": best.changes,
            "severity": best.severity,
            "coverage_after": best.coverage_after,
            "risk_after": best.risk_after,
            "cost": round(best.cost, 2),
            "gain": round(best.gain, 2),
            "lever_for": best.candidate.lever_for,
            "cold": best.cold is not None,
        }
        self.actions.append(action)
        self.taken.add((best.candidate.contact, best.candidate.kind))
        if best.candidate.lever_for is not None:
            self.pursued.add(best.candidate.lever_for)
            self.levers.add(own_person(best.candidate))
        elif best.candidate.kind in ("neutralise", "convert", "engage"):
            self.pursued.difference_update(contact for contact, _ in person_changes(best.candidate))
        if best.candidate.contact in self.levers and s.supporter[s.at[best.candidate.contact]]:
            self.levers.discard(best.candidate.contact)
        if best.candidate.kind == "convert":  # won over: the lever's road is walked
            self.levers.discard(best.candidate.contact)
        if best.candidate.kind == "find":
            self.exclude.add(best.candidate.contact)  # a person still to be found carries nobody on a path
        if member and best.candidate.kind != "second-owner":
            for contact, _ in person_changes(best.candidate):
                self.holders.setdefault(contact, []).append((member, 1))
        assert best.source is not None
        self._next = (best.candidate, best.source)  # the map this step makes, analysed when a next step asks
        return action

    @property
    def state(self) -> State:
        if self._next is not None:
            candidate, source = self._next
            before = self._state
            if before._rows is not None and "add" not in candidate.change:  # a pipeline's rows, its graph kept
                self._state = State.after(before, candidate, source)
            else:
                self._state = State(apply_step(before.pm, candidate), copy_analysis(source))
            self._next = None
        return self._state

    def result(self) -> dict[str, Any]:
        from powermap.render.text import jsonable

        return jsonable(
            {
                "account": self.account.to_dict(),
                "coverage": self.first["coverage"],
                "risk": self.first["risk"],
                "actions": self.actions,
            }
        )


def _run(
    pm: Deal,
    *,
    steps: int,
    team: pd.DataFrame | None,
    policy: Policy | None,
    lang: str,
    redact: bool,
    costs: Costs | None,
    analysis: Analysis | None = None,
) -> dict[str, Any]:
    planner = Planner(
        pm, team=team, policy=policy or Policy(), lang=lang, redact=redact, costs=costs or Costs(), analysis=analysis
    )
    return _plan_together([planner], steps, planner.policy)[0]


def plan_many(
    maps: list[Deal],
    analyses: list[Analysis],
    *,
    steps: int = 1,
    policy: Policy | None = None,
    lang: str = "en",
    costs: Costs | None = None,
) -> list[dict[str, Any]]:
    """The plans of many accounts at once (a pipeline's), each exactly :func:`plan_actions` of its map.

    Every step analyses the candidates of all accounts as one batch, the way a pipeline is analysed.

    Parameters
    ----------
    maps : list of Deal or PowerMap
        The accounts.
    analyses : list of Analysis
        Each map's analysis (one account's rows of a pipeline's analysis, account column dropped).
    steps, policy, lang, costs
        As in :func:`plan`.

    Returns
    -------
    list of dict
        One plan per map, as :func:`plan_actions` returns it (without the ``account`` facts' checks).
    """
    policy, costs = policy or Policy(), costs or Costs()
    planners = [
        Planner(pm, team=None, policy=policy, lang=lang, redact=False, costs=costs, analysis=analysis)
        for pm, analysis in zip(maps, analyses)
    ]
    return _plan_together(planners, steps, policy)


def plan_pipeline(
    contacts: pd.DataFrame,
    analysis: Analysis,
    accounts: list[Account],
    *,
    steps: int = 1,
    policy: Policy | None = None,
    lang: str = "en",
    costs: Costs | None = None,
) -> list[dict[str, Any]]:
    """:func:`plan_many` of a pipeline's accounts, read from the pipeline's own tables: each account's first
    state is cut out of arrays converted once for the whole pipeline (no map of its own is made until a step
    needs one), so the plans are those of :func:`plan_many` on each account's map, at the pipeline's pace.

    Parameters
    ----------
    contacts : DataFrame
        The validated contacts of the batch the pipeline was analysed as (an ``account`` column, each account's
        rows together, in the batch's order; no links).
    analysis : Analysis
        The batch's analysis: its scores row for row with ``contacts``, a coverage row per account in the
        batch's order, each account's gaps together.
    accounts : list of Account
        Each account's facts, in the batch's order.
    steps, policy, lang, costs
        As in :func:`plan`.

    Returns
    -------
    list of dict
        One plan per account, as :func:`plan_many` returns it.
    """
    policy, costs = policy or Policy(), costs or Costs()
    contacts = contacts.reset_index(drop=True)
    keys = contacts["account"].to_numpy(dtype=object)
    bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True]) if len(keys) else np.array([0])
    if len(bounds) - 1 != len(accounts) or len(analysis.coverage) != len(accounts):
        raise ValueError("plan_pipeline: one Account and one coverage row are needed for each account, in order")
    if not np.array_equal(analysis.coverage["account"].to_numpy(dtype=object), keys[bounds[:-1]]):
        raise ValueError("plan_pipeline: the coverage rows are not in the contacts' order of accounts")
    if len(analysis.scores) != len(contacts):
        raise ValueError("plan_pipeline: the scores are not row for row with the contacts")
    shared = Shared(contacts, analysis)
    planners = [
        Planner(
            Rows(shared, int(a), int(b), keys[a], code, account),
            team=None,
            policy=policy,
            lang=lang,
            redact=False,
            costs=costs,
        )
        for code, (a, b, account) in enumerate(zip(bounds[:-1], bounds[1:], accounts))
    ]
    return _plan_together(planners, steps, policy)


def _plan_together(planners: list[Planner], steps: int, policy: Policy) -> list[dict[str, Any]]:
    """Run the planners step by step, the candidates of all of them analysed as one batch per step."""
    with paused_collector():  # the copies' gaps and their matches live until a step is chosen: no collector walks
        _steps_together(planners, steps, policy)
    return [p.result() for p in planners]


def _analysed(work: list[tuple[State, list[Candidate]]], policy: Policy) -> list[list[tuple]]:
    """:func:`analyse_many`, the maps on a pipeline's shared rows apart from those with rows of their own (a person
    added by an earlier step): the copies of each kind share one way of making their graph."""
    groups: dict[bool, list[int]] = {}
    for k, (s, _) in enumerate(work):
        groups.setdefault(s._rows is not None, []).append(k)
    found: list[list[tuple]] = [[] for _ in work]
    for group in groups.values():
        for k, numbers in zip(group, analyse_many([work[k] for k in group], policy)):
            found[k] = numbers
    return found


def _steps_together(planners: list[Planner], steps: int, policy: Policy) -> None:
    for _ in range(steps):
        if not _step_together(planners, policy):
            break


def _step_together(planners: list[Planner], policy: Policy) -> bool:
    """One step of every planner not done yet; False when none was left. (A function of its own, so that a
    step's analysed copies are freed before the next step analyses its own.)"""
    work = [(p, p.propose()) for p in planners if not p.done]
    work = [(p, proposed) for p, proposed in work if not p.done]
    if not work:
        return False
    numbers = _analysed([(p.state, proposed) for p, proposed in work], policy)
    lines = [p.lines(proposed, found) for (p, proposed), found in zip(work, numbers)]
    lined = [(p.state, line) for (p, _), line in zip(work, lines) if line]
    more = iter(_analysed(lined, policy) if lined else [])
    for (p, proposed), found, line in zip(work, numbers, lines):
        p.choose(proposed + line, found + next(more) if line else found)
    return True


def plan(
    pm: Deal,
    *,
    steps: int = 5,
    team: pd.DataFrame | None = None,
    policy: Policy | None = None,
    lang: str = "en",
    redact: bool = False,
    costs: Costs | None = None,
    analysis: Analysis | None = None,
) -> pd.DataFrame:
    """The next ``steps`` moves on the account, in order, one row per action.

    Each step is the candidate with the best gain per cost on the map the
    earlier steps made (cumulative): ``coverage_after`` is what ``analyze``
    gives on the input with this and every earlier ``change`` applied.

    Parameters
    ----------
    pm : Deal or PowerMap
        The account's map.
    steps : int
        How many actions at most (fewer when nothing left helps).
    team : DataFrame, optional
        The team's relationships (:func:`powermap.plan.team.read_team`): the
        analysis uses the strongest, the plan picks who acts, ``desired``
        depths add actions.
    policy : Policy, optional
        The thresholds the gains are measured with.
    lang : {"en", "zh"}
        Language of the ``action`` sentences.
    redact : bool
        Plan on the redacted map: no owners, and no inside coach on any path.
    costs : Costs, optional
        What actions cost and what they are worth.
    analysis : Analysis, optional
        The deal's analysis under ``policy`` (made here when not given; dropped where a team or redaction
        changes the deal).

    Returns
    -------
    DataFrame
        ``rank, action, kind, contact, change, via, member, resolves, opens,
        changes, severity, coverage_after, risk_after, cost, gain``.

    See Also
    --------
    plan_actions : The same plan as a JSON object.
    powermap.PowerMap.what_if : What one action's ``change`` does.

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    stage=4, technicality="high", as_of="2026-11-15")
    >>> steps = plan(pm, steps=3)
    >>> # the CFO the CEO trusts opposes us (a deal-killer): the controller she listens to, won, brings her round
    >>> steps[["kind", "contact", "risk_after"]].values.tolist()
    [['engage', 'M20', 'high'], ['convert', 'M20', 'high'], ['neutralise', 'M05', 'medium']]
    >>> steps.at[0, "changes"]  # the CFO, an influential blocker, is now a mid-level manager we went around
    [{'from': 'influential-blocker', 'to': 'bypassed-mid-level'}]
    >>> plan(pm, steps=1, lang="zh")["action"][0]
    '接触Nathan Greer（Plant Controller，中立），Catherine Brandt（Chief Financial Officer）听取此人的意见：没有熟人引荐：通过Finance直接接触'
    """
    result = _run(pm, steps=steps, team=team, policy=policy, lang=lang, redact=redact, costs=costs, analysis=analysis)
    return pd.DataFrame(result["actions"], columns=[*ACTION_FIELDS, "gain"])
