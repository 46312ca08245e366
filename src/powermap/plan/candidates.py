"""The candidate moves of one step, from the map's gaps (:func:`candidates_of`), and those a coach would not take
yet (:func:`is_blocked`).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import islice

import numpy as np
import pandas as pd

from powermap.plan.moves import GROUPED, SEVERITY_RANK, Candidate, Costs, person_changes
from powermap.plan.paths import closed_gates, warm_path
from powermap.plan.roads import gates_to_open, lever_of, unwon
from powermap.plan.state import State
from powermap.policy import Policy
from powermap.text.words import words
from powermap.vocab import ROLE_LABELS

__all__ = ["candidates_of", "is_blocked", "armable"]


def _placeholder(s: State, role: str, lang: str) -> Candidate:
    """A person the team must find to hold a missing role, placed where such a person usually sits."""
    top = int(np.flatnonzero(s.parent < 0)[0]) if (s.parent < 0).any() else 0
    if role == "decision_maker":
        dept, manager = s.dept[top], s.ids[top]
    else:
        dept, manager = s.least_known()
        if role == "advisor":
            dept, manager = s.dept[top], s.ids[top]
        elif manager is not None and not s.engaged[s.at[manager]]:
            # whom they will report to is found with them: placed under a head we do not know, the person
            # found would read as someone we went around that head to reach
            manager = None
    label = ROLE_LABELS[role][lang]
    name = words("action.to_find", lang).format(label=label)
    level = {"decision_maker": "executive", "inside_coach": "staff"}.get(role, "mid")
    pid, k = f"new-{role}", 2
    while pid in s.at:
        pid, k = f"new-{role}-{k}", k + 1
    person = {
        "name": name,
        "department": dept,
        "reports_to": manager,
        "roles": role,
        "level": level,
        "influence": 5 if role == "decision_maker" else 3,
        "stance": 0 if role == "decision_maker" else 1,
        "relationship": 2 if role == "inside_coach" else 1,
    }
    return Candidate("find", pid, {"add": person}, "missing-role", role=role)


def armable(s: State, policy: Policy) -> list[int]:
    """The people a plan may arm as our initiator, executives first, then the most influential: engaged
    supporters of mid or executive level whose declared influence is not at most ``weak_initiator_max_influence``
    (an initiator the ``weak-initiator`` gap would not call weak; a CRM export without influence scores still has
    its VPs), not tied to a competitor, not an initiator already, not the decision maker (who decides on the case
    the initiator carries to them) and not the inside coach (that relationship stays confidential; an initiator
    promotes us in the open)."""
    strong = (
        s.engaged
        & s.supporter
        & ~s.disloyal
        & ((s.level == "mid") | s.executive)
        & ~(s.influence <= policy.weak_initiator_max_influence)  # an unknown influence (NaN) is not a weak one
    )
    people = [
        i
        for i in np.flatnonzero(strong).tolist()
        if not {"initiator", "decision_maker", "inside_coach"} & set(s.roles[i])
    ]
    # "prefer initiators with the most influence and highest position" (docs/methodology.md §1): rank first
    return sorted(people, key=lambda i: (s.level[i] != "executive", -float(s.eff[i]), i))


def candidates_of(
    s: State,
    team: pd.DataFrame | None,
    policy: Policy,
    costs: Costs,
    exclude: set,
    lang: str,
    members: list[str],
    hide_coach: bool = False,
) -> list[Candidate]:
    out: dict[tuple, Candidate] = {}
    # the severity of the gap a candidate can touch (then the team's and influence's wishes): on a big account
    # the candidates kept are those of the most severe gaps, each with the lever or gatekeeper it needs
    priority: dict[tuple, int] = {}
    touching = [3]
    as_of = pd.Timestamp(s.account.as_of).date().isoformat()

    def due(contact: str) -> bool:
        i = s.at.get(contact)
        return i is None or not s.executive[i] or s.stage is None or s.stage >= policy.executive_access_stage

    def key_of(candidate: Candidate) -> tuple:
        change = candidate.change
        if len(change) == 1:  # one column set to a plain value: the pair itself
            ((column, value),) = change.items()
            if not isinstance(value, dict):
                return (candidate.contact, column, value)
        return (candidate.contact, repr(sorted(change.items(), key=lambda kv: kv[0])))

    def add(candidate: Candidate) -> None:
        if candidate.contact in exclude:
            return
        key = key_of(candidate)
        had = out.get(key)
        # the same move asked by a gap of its own and as the way to someone else (the manager we meet for an ally
        # is also the way in to his vice-president): one step, taken for both (its own gain, and its share of the
        # gain of the person it leads to), where that person may be met now (an executive not before the stage
        # the methodology gives executives: the stage's own work comes first)
        if had is None or (
            candidate.lever_for is not None
            and had.lever_for is None
            and had.member is None
            and due(candidate.lever_for)
        ):
            out[key] = candidate
        priority[key] = min(priority.get(key, 3), touching[0])

    def engage(i: int, reason: str, lever_for: str | None = None) -> None:
        if not s.engaged[i]:
            add(Candidate("engage", s.ids[i], {"relationship": 1}, reason, lever_for=lever_for))

    def neutralise(i: int, reason: str) -> None:
        if s.opposed[i]:
            add(Candidate("neutralise", s.ids[i], {"stance": 0}, reason))

    def convert(i: int, reason: str) -> None:
        if s.opposed[i]:
            neutralise(i, reason)
        elif not np.isnan(s.stance[i]) and s.stance[i] < 2:
            add(Candidate("convert", s.ids[i], {"stance": int(s.stance[i]) + 1}, reason))

    def arm(reason: str) -> None:
        """The initiator the methodology asks for may be on the map already: someone senior and influential whom
        we know and who supports us, armed to promote us (the two highest and most influential, the first taken
        on equal gain: arming one may concentrate too many roles on them; finding one stays a step)."""
        for i in armable(s, policy)[:2]:
            roles = ";".join((*s.roles[i], "initiator"))
            add(Candidate("arm", s.ids[i], {"roles": roles}, reason, role="initiator"))

    def win(i: int, reason: str) -> None:
        engage(i, reason)
        convert(i, reason)

    def deepen(i: int, to: int, reason: str, member: str | None = None) -> None:
        if s.engaged[i] and s.rel[i] < to <= 3:
            add(Candidate("deepen", s.ids[i], {"relationship": to}, reason, member=member))

    def group(kind: str, people: dict[str, dict], reason: str, lever_for: str | None = None) -> None:
        """Several people met together: never one who leans to a competitor (the meeting would reach them), nor the
        inside coach (the relationship is kept confidential: the coach is met alone), nor one who must first be
        reached another way (their gatekeeper or the person they listen to comes first)."""
        if len(people) < 2:
            return
        people = {
            p: change
            for p, change in people.items()
            if p not in exclude
            and not s.disloyal[s.at[p]]
            and not s.has(s.at[p], "inside_coach")
            and not is_blocked(s, Candidate(kind, p, change, reason), costs, exclude, policy)
        }
        if len(people) > 1:
            first = next(iter(people))
            met = dict(list(people.items())[: costs.group_size])
            add(Candidate(kind, first, {"people": met}, reason, lever_for=lever_for))

    by_eff = [int(i) for i in np.argsort(-s.eff, kind="stable")]
    for gap in s.gap_rows:
        touching[0] = SEVERITY_RANK.get(gap.severity, 3)
        if hide_coach and (gap.role == "inside_coach" or "coach" in str(gap.condition)):
            continue  # a redacted plan says nothing about the coach role
        people = [s.at[p] for p in gap.contacts if p in s.at]
        code = gap.code
        if code == "missing-role":
            add(_placeholder(s, gap.role, lang))
            if gap.role == "initiator":
                arm(code)
        elif code == "weak-initiator":  # a stronger initiator, met and believing in us: the gap's own remedy
            add(_placeholder(s, "initiator", lang))
            arm(code)
        elif code in ("uncovered-role", "decision-maker-unreached", "late-technical-engagement"):
            for i in people[:3]:
                engage(i, code)
            if not people and isinstance(gap.role, str):
                add(_placeholder(s, gap.role, lang))
        elif code == "few-mid-level-allies":
            for i in people:
                win(i, code)
            # the allies still missing, won together: those we know and who are not for us yet
            mid = s.level == "mid"
            missing = min(policy.min_mid_level_allies, int(mid.sum())) - int((mid & s.engaged & s.supporter).sum())
            known = [i for i in people if s.engaged[i] and not s.supporter[i]][: max(missing, 0)]
            group("convert", {s.ids[i]: {"stance": 1} for i in known}, code)
        elif code in ("bypassed-gatekeeper", "bypassed-mid-level", "advisor-not-won"):
            if len(people) > 1:  # the executive, then the person on the way to them
                win(people[1], code)
        elif code in (
            "resistant-key-user",
            "influential-blocker",
            "veto-risk",
            "unsupportive-initiator",
            "power-shift",
        ):
            if people:
                win(people[0], code)
            if code == "unsupportive-initiator":  # its advice's other remedy: another who believes in us, armed
                arm(code)
        elif code == "opposed-staff":
            for i in people[:3]:
                neutralise(i, code)
            for dept in dict.fromkeys(s.dept[i] for i in people if s.dept[i]):
                group("neutralise", {s.ids[i]: {"stance": 0} for i in people if s.dept[i] == dept}, code)
        elif code == "executive-too-early":  # the road to the top first: the project's owner and the handler
            for i in people[:2]:
                engage(i, code)
        elif code == "single-threaded":
            if int(s.cover["engaged"]) < policy.min_threads:
                for i in [i for i in by_eff if not s.engaged[i] and not s.opposed[i]][:3]:
                    engage(i, code)
            else:
                sole = s.owner[people[0]] if people else ""
                others = [m for m in members if m != sole]
                held = [i for i in people if not s.has(i, "inside_coach")]  # the coach's trust is personal
                if (
                    held and others
                ):  # the member and contact who already know each other best, else the most influential
                    knows = (
                        {}
                        if team is None
                        else {(c, m): int(d) for c, m, d in zip(team["contact"], team["member"], team["relationship"])}
                    )
                    _, i, member = max(
                        ((knows.get((s.ids[i], m), -1), -a, -b), i, m)
                        for a, i in enumerate(held)
                        for b, m in enumerate(others)
                    )
                    add(Candidate("second-owner", s.ids[i], {"owner": member}, code, member=member))
                elif held:
                    member = words("action.second_seller", lang)
                    add(Candidate("second-owner", s.ids[held[0]], {"owner": member}, code, member=member))
        elif code == "stale-relationship":
            add(Candidate("refresh", s.ids[people[0]], {"last_contact": as_of}, code))
        elif code == "stage-readiness":
            condition = gap.condition
            if condition in ("handler-engaged", "senior-leader-reached", "handler-mid-level"):
                wanted = {
                    "handler-engaged": ("executive", "mid"),
                    "handler-mid-level": ("mid",),
                    "senior-leader-reached": ("executive",),
                }[condition]
                for i in [i for i in by_eff if s.level[i] in wanted and not s.opposed[i] and not s.engaged[i]][:3]:
                    engage(i, code)
            elif condition in ("departments-contacted", "more-departments-engaged"):
                reached = set(s.dept[s.engaged])
                seen: set = set()
                for i in by_eff:
                    if s.dept[i] and s.dept[i] not in reached and s.dept[i] not in seen and not s.opposed[i]:
                        seen.add(s.dept[i])
                        engage(i, code)
                    if len(seen) == 3:
                        break
            elif condition == "coach-deepened":  # a coach who doubts us is won over first
                for i in people:
                    deepen(i, 2, code)
                    if s.opposed[i]:
                        convert(i, code)
            elif condition in ("senior-leaders-satisfied", "evaluation-team-leaning"):
                for i in people[:3]:
                    win(i, code)
            elif condition == "commercial-contacts-engaged":
                for i in people[:3]:
                    engage(i, code)
            elif condition == "executives-interact":
                for i in people[:3]:
                    deepen(i, 2, code) if s.engaged[i] else engage(i, code)
            elif condition == "evaluators-trusted":  # every evaluator at the evaluation's layer: met together
                depth = policy.evaluation_relationship
                for i in people[:3]:
                    deepen(i, depth, code) if s.engaged[i] else engage(i, code)
                group("deepen", {s.ids[i]: {"relationship": depth} for i in people if s.engaged[i]}, code)
            elif condition == "handler-identified":  # nobody tagged handler: find the one who runs the project
                add(_placeholder(s, "handler", lang))
            elif condition in ("handler-personal-needs", "key-people-feelings", "handler-bond"):
                depth = policy.trusted_relationship if condition == "handler-bond" else policy.deep_relationship
                for i in people[:3]:
                    deepen(i, depth, code) if s.engaged[i] else engage(i, code)
    # the same step for several gaps of one kind in one department: one meeting ("meet the four plant managers")
    alike: dict[tuple, list[Candidate]] = {}
    for cand in out.values():
        pos = s.at.get(cand.contact)
        if cand.kind in GROUPED and "people" not in cand.change and pos is not None and s.dept[pos]:
            alike.setdefault((cand.kind, cand.reason, s.dept[pos], cand.change.get("relationship")), []).append(cand)
    for (kind, reason, _, _), same in alike.items():
        touching[0] = min(priority[key_of(c)] for c in same)
        group(kind, {c.contact: c.change for c in same}, reason)
    touching[0] = 3
    if team is not None:
        for cid, member, desired in zip(team["contact"], team["member"], team["desired"]):
            if desired is pd.NA or cid not in s.at:
                continue
            i = s.at[cid]
            if int(desired) > s.rel[i]:
                if s.engaged[i]:
                    deepen(i, int(desired), "desired", member)
                else:
                    add(Candidate("engage", cid, {"relationship": int(desired)}, "desired", member=member))
    # the most influential people we know and who are not for us yet: win them over (a deeper relationship
    # alone moves no figure the analysis reads; the gaps and the team's desired depths ask for that)
    for i in by_eff[:6]:
        if s.engaged[i] and not s.opposed[i] and not s.supporter[i]:
            convert(i, "influence")
    work = list(out.values())
    gates: dict[tuple, dict[str, int]] = {}  # (the person they keep, their department): gatekeepers to meet
    for cand in work:  # grows: a gatekeeper's own gatekeepers come before them, down to the people we know
        made = len(out)
        pos = s.at.get(cand.contact)
        if pos is None:
            continue
        touching[0] = priority[key_of(cand)]
        if cand.kind in ("neutralise", "convert") and s.opposed[pos]:
            # the person an opponent listens to, when we do not know them yet
            lever = lever_of(s, pos, costs, exclude)
            if lever is not None and not s.engaged[lever]:
                engage(lever, "lever", lever_for=cand.contact)
            elif lever is not None and unwon(s, lever):  # a warm path runs only through a supporter
                to = int(s.stance[lever]) + 1
                add(Candidate("convert", s.ids[lever], {"stance": to}, "lever", lever_for=cand.contact))
        if cand.kind == "engage":  # an executive's gatekeeper before the executive
            for g in closed_gates(s, pos):
                engage(g, "gatekeeper", lever_for=cand.contact)
                if s.engaged[g] and s.opposed[g]:  # one we know who is against us: brought round, in a gap or not
                    add(Candidate("neutralise", s.ids[g], {"stance": 0}, "gatekeeper", lever_for=cand.contact))
                if not s.engaged[g] and s.dept[g] and "people" not in cand.change:
                    gates.setdefault((cand.contact, s.dept[g]), {})[s.ids[g]] = priority[key_of(cand)]
        work.extend(islice(out.values(), made, None))
    # the gatekeepers of one person in one department, met together: one meeting opens the way ("meet the four
    # plant managers in Operations, the way in to the VP"), where one by one it would take four steps
    for (lever_for, _), keepers in gates.items():
        touching[0] = min(keepers.values())
        ranked = sorted(keepers, key=lambda p: s.depth[s.at[p]])  # from the top down: the first brings the others
        group("engage", {p: {"relationship": 1} for p in ranked}, "gatekeeper", lever_for)
    # stable: the gaps' own order within a severity, a group before the single steps it holds
    kept = sorted(out, key=lambda key: (priority[key], "people" not in out[key].change))[: costs.max_candidates]
    return [out[key] for key in kept]


def is_blocked(s: State, cand: Candidate, costs: Costs, exclude: set, policy: Policy) -> bool:
    """Gatekeeper first; an opponent is won through the person they listen to once we know that person (unless the
    opponent guards the way to that person: then directly); before
    the stage the methodology gives executives (policy ``executive_access_stage``), an executive only through the
    people they listen to, never cold (docs/methodology.md §2 principle 2, §6)."""
    if cand.kind == "find":
        return False
    if "people" in cand.change:  # a group is met only when each of its people could be met alone
        return any(
            is_blocked(s, replace(cand, contact=contact, change=change), costs, exclude, policy)
            for contact, change in person_changes(cand)
        )
    i = s.at[cand.contact]
    if cand.contact in s.bypassed:
        return True
    if cand.kind == "convert" and not s.engaged[i]:  # we win over people we have met: engage them first
        return True
    if cand.kind == "engage" and closed_gates(s, i):
        # a gatekeeper is met before the person they keep, unless they keep nobody we could meet first: the
        # vice-president we go to for the chief executive comes after the managers our contacts report through
        if cand.reason != "gatekeeper" or gates_to_open(s, i, exclude):
            return True
    early = s.stage is not None and s.stage < policy.executive_access_stage
    if cand.kind == "engage" and early and s.level[i] == "executive" and warm_path(s, i, costs, exclude) is None:
        return True
    if cand.kind in ("neutralise", "convert") and s.opposed[i]:
        lever = lever_of(s, i, costs, exclude)
        # an opponent who is himself the gatekeeper on the way to the person he listens to is met directly: the
        # lever cannot come first (the engineer who can veto, answered engineer to engineer)
        guarded = lever is not None and not s.engaged[lever] and i in closed_gates(s, lever)
        if lever is not None and (not s.engaged[lever] or unwon(s, lever)) and not guarded:
            return True
    return False
