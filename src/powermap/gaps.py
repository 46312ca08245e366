"""The gap rules: where a deal is exposed, one small function per rule, in one catalogue.

Every rule runs over a batch of one or many accounts at once and returns raw
gaps: the account, the code, a severity, the people involved (positions),
an optional role or stage condition, and the facts its message needs. Rules
run in catalogue order; a specific rule records what it covered so that a
general one stays silent about the same problem (one problem, one gap).
Messages and advice are worded by :mod:`powermap.advice`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from .batch import Batch
from .policy import Policy
from .vocab import ROLES

__all__ = ["RULES", "CODES", "SEVERITIES", "Context", "RawGap", "find_gaps"]

SEVERITIES = ("high", "medium", "low")


@dataclass
class RawGap:
    account: int
    code: str
    severity: str
    contacts: list[int]
    role: str | None = None
    condition: str | None = None
    fields: dict = field(default_factory=dict)


@dataclass
class Context:
    """What every rule reads: the batch, per-contact scores, per-account coverage and facts."""

    batch: Batch
    scores: pd.DataFrame
    cover: pd.DataFrame
    facts: dict  # arrays per account code: stage (float, NaN unknown), technicality, as_of (datetime64)
    policy: Policy
    covered: set = field(default_factory=set)  # (account, kind, key) a specific rule already reported
    fired: list = field(default_factory=list)   # the gaps found so far, in catalogue order

    def __post_init__(self) -> None:
        s, c = self.scores, self.batch.contacts
        self.code = self.batch.code
        self.flags = self.batch.role_flags
        self.engaged = s["engaged"].to_numpy(dtype=bool)
        self.supporter = s["supporter"].to_numpy(dtype=bool)
        self.opposed = s["opposed"].to_numpy(dtype=bool)
        self.level = self.batch.column("level")
        self.influence = c["influence"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        self.stance_known = c["stance"].notna().to_numpy()
        self.relationship = c["relationship"].to_numpy(dtype=int)
        self.eff = s["effective_influence"].to_numpy(dtype=float)
        n_in_account = self.batch.size[self.code]
        top = np.maximum(1, np.ceil(n_in_account * (1 - self.policy.top_influence_quantile)))
        self.top_influence = s["influence_rank"].to_numpy() <= top
        self.stage = self.facts["stage"]
        self.any_role = np.zeros(self.batch.n, dtype=bool)
        for r in ROLES:
            self.any_role |= self.flags[r]

    def count(self, mask: np.ndarray) -> np.ndarray:
        return self.batch.count(mask)

    def members(self, mask: np.ndarray) -> dict[int, list[int]]:
        """Positions where ``mask`` holds, grouped by account code (positions are grouped by account)."""
        positions = np.flatnonzero(mask)
        if len(positions) == 0:
            return {}
        codes = self.code[positions]
        cuts = np.flatnonzero(codes[1:] != codes[:-1]) + 1
        groups = np.split(positions, cuts)
        return dict(zip(codes[np.concatenate([[0], cuts])].tolist(), (g.tolist() for g in groups)))

    @property
    def influential(self) -> np.ndarray:
        """Decision makers, advisors, and the most influential (top quarter, or influence >= 4)."""
        decisive = self.flags["decision_maker"] | self.flags["advisor"]
        return decisive | self.top_influence | (self.influence >= self.policy.high_influence)

    def by_influence(self, positions: list[int]) -> list[int]:
        return sorted(positions, key=lambda p: -self.eff[p])


Rule = Callable[[Context], list[RawGap]]
RULES: dict[str, Rule] = {}


def rule(code: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        RULES[code] = function
        return function
    return register


# Specific rules first: each may silence a more general one below it.


@rule("decision-maker-unreached")
def decision_maker_unreached(ctx: Context) -> list[RawGap]:
    """There are decision makers and none of them is engaged.

    docs/methodology.md §5 (decision power): never reaching the top decision maker from
    start to end of a deal is very dangerous. This is the decision maker's
    case of ``uncovered-role``, which therefore never reports them.
    """
    dm = ctx.flags["decision_maker"]
    unreached = (ctx.count(dm) > 0) & (ctx.count(dm & ctx.engaged) == 0)
    holders = ctx.members(dm & unreached[ctx.code])
    return [RawGap(a, "decision-maker-unreached", "high", ctx.by_influence(holders[a]), role="decision_maker")
            for a in np.flatnonzero(unreached)]


@rule("late-technical-engagement")
def late_technical_engagement(ctx: Context) -> list[RawGap]:
    """At stage 3 or later no technical supporter is engaged; severity follows the product's technicality.

    docs/methodology.md §1 (technical supporter): start technical exchanges as early and
    as fully as possible; the more technical the product, the more they sway
    the decision maker. Covers ``missing-role`` and ``uncovered-role`` for
    technical supporters in such accounts.
    """
    ts = ctx.flags["technical_supporter"]
    late = (ctx.stage >= 3) & (ctx.count(ts & ctx.engaged) == 0)
    holders = ctx.members(ts & late[ctx.code])
    gaps = []
    for a in np.flatnonzero(late):
        technicality = ctx.facts["technicality"][a]
        severity = {"high": "high", "medium": "medium", "low": "low"}[technicality]
        ctx.covered.add((a, "role", "technical_supporter"))
        gaps.append(RawGap(a, "late-technical-engagement", severity, ctx.by_influence(holders.get(a, [])),
                           role="technical_supporter", fields={"stage": int(ctx.stage[a])}))
    return gaps


@rule("resistant-key-user")
def resistant_key_user(ctx: Context) -> list[RawGap]:
    """A key user is opposed (one gap per person).

    docs/methodology.md §1 (key user): more than half of user departments resist a new
    system because it changes their work; left alone they predict failure.
    Covers ``influential-blocker`` for the same person.
    """
    gaps = []
    for position in np.flatnonzero(ctx.flags["key_user"] & ctx.opposed):
        a = int(ctx.code[position])
        ctx.covered.add((a, "person", int(position)))
        gaps.append(RawGap(a, "resistant-key-user", "high", [int(position)], role="key_user"))
    return gaps


_MISSING_SEVERITY = {"decision_maker": "high", "initiator": "high", "inside_coach": "high",
                     "technical_supporter": "medium", "key_user": "medium", "advisor": "medium"}


@rule("missing-role")
def missing_role(ctx: Context) -> list[RawGap]:
    """Nobody holds one of the six buying roles (one gap per role).

    docs/methodology.md §3: missing any one of the buying influences can sink the deal;
    cover them all (一网打尽). Silent for technical supporters where
    ``late-technical-engagement`` already reports them.
    """
    gaps = []
    for role in ROLES:
        for a in np.flatnonzero(ctx.count(ctx.flags[role]) == 0):
            if (a, "role", role) not in ctx.covered:
                gaps.append(RawGap(int(a), "missing-role", _MISSING_SEVERITY[role], [], role=role))
    return gaps


@rule("uncovered-role")
def uncovered_role(ctx: Context) -> list[RawGap]:
    """A role is held but none of its holders is engaged (not for decision makers).

    docs/methodology.md §3: identifying a buying influence is only half the work; until
    someone of ours has a relationship with them, they are covered on paper only.
    """
    gaps = []
    for role in ROLES:
        if role == "decision_maker":
            continue
        held = ctx.flags[role]
        uncovered = (ctx.count(held) > 0) & (ctx.count(held & ctx.engaged) == 0)
        holders = ctx.members(held & uncovered[ctx.code])
        for a in np.flatnonzero(uncovered):
            if (a, "role", role) not in ctx.covered:
                severity = "high" if role in ("initiator", "inside_coach") else "medium"
                gaps.append(RawGap(int(a), "uncovered-role", severity, ctx.by_influence(holders[a]), role=role))
    return gaps


@rule("weak-initiator")
def weak_initiator(ctx: Context) -> list[RawGap]:
    """Every initiator is staff level or has influence <= 2 (policy ``weak_initiator_max_influence``).

    docs/methodology.md §1 (initiator): the higher the initiator's rank and influence,
    the higher the win chance; a low-ranked or low-influence initiator makes
    the deal very hard to push, however enthusiastic.
    """
    init = ctx.flags["initiator"]
    weak = init & ((ctx.level == "staff") | (ctx.influence <= ctx.policy.weak_initiator_max_influence))
    fires = (ctx.count(init) > 0) & (ctx.count(init) == ctx.count(weak))
    holders = ctx.members(init & fires[ctx.code])
    return [RawGap(int(a), "weak-initiator", "high", ctx.by_influence(holders[a]), role="initiator")
            for a in np.flatnonzero(fires)]


@rule("few-mid-level-allies")
def few_mid_level_allies(ctx: Context) -> list[RawGap]:
    """Fewer engaged mid-level supporters than the policy minimum (default 2).

    docs/methodology.md §2 principle 1: ally with more mid-level managers. Long sales
    cycles see reorganisations; today's bystander is tomorrow's key person.
    ``contacts`` holds the most influential mid-level people not yet allies
    and not opposed: the candidates to win.
    """
    mid = ctx.level == "mid"
    allies = mid & ctx.engaged & ctx.supporter
    count = ctx.count(allies)
    minimum = ctx.policy.min_mid_level_allies
    few = count < minimum
    candidates = ctx.members(mid & ~allies & ~ctx.opposed & few[ctx.code])
    gaps = []
    for a in np.flatnonzero(few):
        severity = "high" if count[a] == 0 else "medium"
        gaps.append(RawGap(int(a), "few-mid-level-allies", severity, ctx.by_influence(candidates.get(a, []))[:3],
                           fields={"count": int(count[a]), "minimum": minimum}))
    return gaps


@rule("bypassed-gatekeeper")
def bypassed_gatekeeper(ctx: Context) -> list[RawGap]:
    """We engage an executive, but a gatekeeper on the way to them is not engaged or is opposed.

    The gatekeepers of an engaged executive are the people tagged gatekeeper
    or advisor who report to them, and the manager reporting to them through
    whom our engaged contacts in their organisation report. docs/methodology.md §2
    principle 2: many deals are lost by secretly going around mid-level
    managers to reach their executive (偷偷绕开中层); advance through the
    normal business path. One gap per executive and gatekeeper; silent for a
    gatekeeper already reported as a resistant key user, and for an engaged,
    opposed gatekeeper who is influential (we did not go around them: that is
    ``influential-blocker``); an opposed gatekeeper reported here is not
    reported again as an influential blocker.
    """
    parent = ctx.batch.parent
    depth = ctx.batch.contacts["depth"].fillna(-1).to_numpy(dtype=np.int64)
    executive_engaged = (ctx.level == "executive") & ctx.engaged
    influential = ctx.influential
    pairs: dict[tuple[int, int], None] = {}
    # tagged gatekeepers and advisors who report to an engaged executive
    tagged = np.flatnonzero((ctx.flags["gatekeeper"] | ctx.flags["advisor"]) & (parent >= 0))
    for g in tagged[executive_engaged[parent[tagged]]]:
        pairs[(int(parent[g]), int(g))] = None
    # the executive's direct report on the reporting path of each engaged contact below them
    below = np.flatnonzero(ctx.engaged & (depth >= 2))
    child, node = below.copy(), parent[below]
    while len(node):
        hit = executive_engaged[node]
        for e, m in zip(node[hit], child[hit]):
            pairs[(int(e), int(m))] = None
        step = parent[node] >= 0
        child, node = node[step], parent[node[step]]
    gaps = []
    for executive, gatekeeper in pairs:
        if executive == gatekeeper or (ctx.engaged[gatekeeper] and not ctx.opposed[gatekeeper]):
            continue
        a = int(ctx.code[executive])
        if (a, "person", gatekeeper) in ctx.covered:  # their opposition is reported already
            continue
        state = "opposed" if ctx.opposed[gatekeeper] else "not_engaged"
        if state == "opposed" and ctx.engaged[gatekeeper] and influential[gatekeeper]:
            continue  # we did not go around them: an influential opponent, reported by influential-blocker
        if state == "opposed":
            ctx.covered.add((a, "person", gatekeeper))
        gaps.append(RawGap(a, "bypassed-gatekeeper", "high" if state == "opposed" else "medium",
                           [executive, gatekeeper], fields={"state": state}))
    return gaps


@rule("influential-blocker")
def influential_blocker(ctx: Context) -> list[RawGap]:
    """An opposed contact is a decision maker or advisor, or among the most influential.

    Most influential: effective influence in the account's top quarter, or
    declared influence >= 4. docs/methodology.md §5: relationship power starts by
    scoring and ranking every key person's influence; an influential opponent
    can undo the rest of the map. One gap per person.
    """
    gaps = []
    for position in np.flatnonzero(ctx.opposed & ctx.influential):
        a = int(ctx.code[position])
        if (a, "person", int(position)) not in ctx.covered:
            gaps.append(RawGap(a, "influential-blocker", "high", [int(position)]))
    return gaps


@rule("single-threaded")
def single_threaded(ctx: Context) -> list[RawGap]:
    """Fewer than 3 engaged contacts (policy ``min_threads``), or one of our people holds them all.

    docs/methodology.md §5 (relationship power): keep widening the allies and the
    support base; a deal hanging on one thread, or on one of our sellers,
    breaks when that thread does.
    """
    owners = ctx.batch.column("owner")
    count = ctx.count(ctx.engaged)
    owner_count = ctx.batch.distinct("owner", ctx.engaged)
    unowned = ctx.count(ctx.engaged & (owners == ""))
    suspect = (count < ctx.policy.min_threads) | ((owner_count == 1) & (unowned == 0))
    engaged = ctx.members(ctx.engaged & suspect[ctx.code])
    gaps = []
    for a in np.flatnonzero(suspect).tolist():
        people = ctx.by_influence(engaged.get(a, []))
        if count[a] < ctx.policy.min_threads:
            gaps.append(RawGap(a, "single-threaded", "high", people, fields={"variant": "few", "count": int(count[a])}))
            continue
        held_by = {owners[p] for p in people}
        if len(held_by) == 1 and "" not in held_by:
            gaps.append(RawGap(a, "single-threaded", "high", people,
                               fields={"variant": "one-owner", "count": int(count[a]), "owner": held_by.pop()}))
    return gaps


@rule("stale-relationship")
def stale_relationship(ctx: Context) -> list[RawGap]:
    """A key contact was last contacted more than the policy's days (default 60) before ``as_of``.

    Key: a decision maker, advisor, initiator or inside coach, or influence
    >= 4. A contact never contacted is not stale (``uncovered-role`` and
    ``decision-maker-unreached`` speak for them). docs/methodology.md §7: power
    structures change over time; a relationship left alone decays. One gap
    per person.
    """
    key = (ctx.flags["decision_maker"] | ctx.flags["advisor"] | ctx.flags["initiator"] | ctx.flags["inside_coach"]
           | (ctx.influence >= ctx.policy.high_influence))
    last = ctx.batch.contacts["last_contact"].to_numpy(dtype="datetime64[ns]")
    as_of = ctx.facts["as_of"][ctx.code]
    days = (as_of - last) / np.timedelta64(1, "D")
    gaps = []
    for position in np.flatnonzero(key & (days > ctx.policy.stale_days)):
        severity = "high" if ctx.flags["decision_maker"][position] else "medium"
        gaps.append(RawGap(int(ctx.code[position]), "stale-relationship", severity, [int(position)],
                           fields={"days": int(days[position])}))
    return gaps


@rule("unknown-attributes")
def unknown_attributes(ctx: Context) -> list[RawGap]:
    """Holders of the six roles whose stance or influence is unknown (one gap per account).

    docs/methodology.md §7 (information asymmetry): the seller never sees everything;
    the map should say what it does not know, so the team can find out
    through interviews, observation and questionnaires.
    """
    unknown = ctx.any_role & (~ctx.stance_known | np.isnan(ctx.influence))
    gaps = []
    for a, people in ctx.members(unknown).items():
        for p in people:
            ctx.covered.add((a, "unknown", p))
        gaps.append(RawGap(a, "unknown-attributes", "low", ctx.by_influence(people)))
    return gaps


@rule("competitor-aligned")
def competitor_aligned(ctx: Context) -> list[RawGap]:
    """A contact with influence >= 4 or a decision role (decision maker, advisor) leans to a competitor.

    docs/methodology.md §5 (information power): know the competitors and who they are
    working; an influential contact leaning elsewhere is lost unless we learn
    why. One gap per person.
    """
    competitor = ctx.batch.column("competitor")
    decisive = ctx.flags["decision_maker"] | ctx.flags["advisor"]
    leaning = (competitor != "") & (decisive | (ctx.influence >= ctx.policy.high_influence))
    return [RawGap(int(ctx.code[p]), "competitor-aligned", "high" if decisive[p] else "medium", [int(p)],
                   fields={"competitor": competitor[p]}) for p in np.flatnonzero(leaning)]


# -- stage readiness (docs/methodology.md §6) -------------------------------------------------------------


def _stage_conditions(ctx: Context) -> list[tuple[str, int, np.ndarray, np.ndarray, int | None, tuple]]:
    """(condition id, stage from which it applies, met per account, the people involved (a mask) and how many
    to name at most, codes that cover it)."""
    A = len(ctx.batch.accounts)
    engaged, level = ctx.engaged, ctx.level
    departments = ctx.cover["departments"].to_numpy()
    departments_engaged = ctx.cover["departments_engaged"].to_numpy()
    executive = level == "executive"
    key_people = ctx.any_role | (ctx.influence >= ctx.policy.high_influence)
    unknown_key = key_people & ~ctx.stance_known
    coach = ctx.flags["inside_coach"]
    commercial = ctx.flags["purchaser"] | ctx.flags["finance"]
    six_roles = ctx.any_role
    opposed_exec = executive & ctx.opposed
    flagged = {p for (a, kind, p) in ctx.covered if kind == "person"}
    blocker_positions = {g.contacts[0] for g in ctx.fired if g.code == "influential-blocker"} | flagged
    unflagged_opposed_exec = opposed_exec.copy()
    for p in blocker_positions:
        unflagged_opposed_exec[p] = False
    unknown_reported = np.zeros(ctx.batch.n, dtype=bool)
    for (_, kind, p) in ctx.covered:
        if kind == "unknown":
            unknown_reported[p] = True
    nobody = np.zeros(ctx.batch.n, dtype=bool)
    return [
        ("handler-engaged", 1, ctx.count(engaged) > 0, nobody, None, ("single-threaded",)),
        ("handler-mid-level", 2, ctx.count(engaged & ((level == "mid") | executive)) > 0, engaged, None, ()),
        ("departments-contacted", 3, departments_engaged >= np.minimum(2, np.maximum(departments, 1)), engaged, None, ()),
        ("key-attitudes-known", 3, ctx.count(unknown_key & ~unknown_reported) == 0, unknown_key & ~unknown_reported,
         None, ()),
        ("coach-deepened", 4, ctx.count(coach & (ctx.relationship >= 2)) > 0, coach, None,
         ("missing-role:inside_coach", "uncovered-role:inside_coach")),
        ("senior-leaders-satisfied", 4,
         (ctx.count(executive & ctx.supporter) > 0) & (ctx.count(unflagged_opposed_exec) == 0),
         opposed_exec | (executive & ~ctx.supporter), 5, ()),
        ("more-departments-engaged", 5, departments_engaged >= np.minimum(3, np.maximum(departments, 1)), nobody,
         None, ()),
        ("senior-leader-reached", 5, ctx.count(engaged & (executive | ctx.flags["decision_maker"])) > 0, nobody,
         None, ("decision-maker-unreached",)),
        ("evaluation-team-leaning", 6, ctx.count(six_roles & ~ctx.supporter) == 0, six_roles & ~ctx.supporter, None, ()),
        ("commercial-contacts-engaged", 7, ctx.count(commercial & engaged) > 0, commercial, None, ()),
        ("executives-interact", 8, ctx.count(executive & (ctx.relationship >= 2)) > 0, executive, 5, ()),
    ] if A else []


@rule("stage-readiness")
def stage_readiness(ctx: Context) -> list[RawGap]:
    """A relationship or information condition of the deal's stage is not met (one gap per condition).

    docs/methodology.md §6: each of the eight stages of a project sale has a
    relationship and information condition the power map should show by
    then; conditions of earlier stages still hold later. An unmet condition
    of an earlier stage is overdue (high); one of the current stage, medium.
    Silent where a specific gap already reports the same problem.
    """
    fired = {(g.account, g.code) for g in ctx.fired} | {(g.account, f"{g.code}:{g.role}") for g in ctx.fired}
    gaps = []
    for condition, from_stage, met, involved, limit, covered_by in _stage_conditions(ctx):
        due = (ctx.stage >= from_stage) & ~np.asarray(met, dtype=bool)
        if not due.any():
            continue
        people = ctx.members(involved & due[ctx.code])
        for a in np.flatnonzero(due).tolist():
            if any((a, code) in fired for code in covered_by):
                continue
            severity = "high" if ctx.stage[a] > from_stage else "medium"
            gaps.append(RawGap(a, "stage-readiness", severity, ctx.by_influence(people.get(a, []))[:limit],
                               condition=condition, fields={"stage": int(ctx.stage[a]), "condition_stage": from_stage}))
    return gaps


# The contract's table order, used to present gaps
CODES = ("missing-role", "uncovered-role", "decision-maker-unreached", "weak-initiator", "few-mid-level-allies",
         "bypassed-gatekeeper", "resistant-key-user", "influential-blocker", "single-threaded", "stale-relationship",
         "late-technical-engagement", "stage-readiness", "unknown-attributes", "competitor-aligned")
assert set(CODES) == set(RULES)


def find_gaps(ctx: Context) -> list[RawGap]:
    """Run every rule of the catalogue over the batch, specific rules first."""
    ctx.fired = []
    for function in RULES.values():
        ctx.fired.extend(function(ctx))
    return ctx.fired
