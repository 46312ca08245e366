"""The gap rules: where a deal is exposed, one small function per rule, in one catalogue.

Every rule runs over a batch of one or many accounts at once and returns raw
gaps: the account, the code, a severity, the people involved (positions),
an optional role or stage condition, and the facts its message needs.

Rules run in the explicit order of :data:`ORDER`, never in the order they
are written. A specific rule may record what it covered (``ctx.mark``) so
that a more general one stays silent about the same problem (one problem,
one gap); a rule hears only the rules it declares in ``silenced_by``, and
each of those runs before it (checked at import). Moving the functions
around in this file therefore changes nothing.
Messages and advice are worded by :mod:`powermap.text.advice`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from powermap.analysis.batch import Batch
from powermap.analysis.gates import gatekeeper_pairs, nearest_executive_above
from powermap.analysis.holders import count_holders, held, holders_of
from powermap.core.graph import KIND_BITS
from powermap.policy import Policy
from powermap.vocab import ROLES

__all__ = [
    "RULES",
    "ORDER",
    "SILENCED_BY",
    "CODES",
    "SEVERITIES",
    "KILLERS",
    "SUBJECT",
    "Context",
    "RawGap",
    "find_gaps",
    "deal_killers",
]

SEVERITIES = ("high", "medium", "low")

# departments whose name says they are the technical organisation (IT, engineering, R&D, 信息, 技术 ...)
_TECHNICAL_DEPARTMENT = re.compile(
    r"(\b(it|ict|is|information|informatics|technology|technologies|technical|engineering|r\s*&\s*d|rd|"
    r"digital|data|systems)\b)|信息|技术|科技|研发|工程|数据|數據|資訊|技術|研發",
    re.IGNORECASE,
)


def _technical(names: np.ndarray) -> np.ndarray:
    """Whether each department or title names the technical organisation (each distinct name read once)."""
    codes, unique = pd.factorize(pd.Series(names, dtype=object).fillna(""))
    found = np.array([bool(_TECHNICAL_DEPARTMENT.search(str(u))) for u in unique], dtype=bool)
    return found[codes] if len(unique) else np.zeros(len(names), dtype=bool)


@dataclass
class RawGap:
    account: int
    code: str
    severity: str
    contacts: list[int]
    role: str | None = None
    condition: str | None = None
    fields: dict = field(default_factory=dict)
    killer: str | None = None  # the kind of deal-killer this gap is (see deal_killers), or None


@dataclass
class Context:
    """What every rule reads: the batch, per-contact scores, per-account coverage and facts."""

    batch: Batch
    scores: pd.DataFrame
    cover: pd.DataFrame
    facts: dict  # arrays per account code: stage (float, NaN unknown), technicality, as_of (datetime64)
    policy: Policy
    covered: dict = field(default_factory=dict)  # (account, kind, key) -> codes of the rules that reported it
    fired: list = field(default_factory=list)  # every gap found so far, in ORDER
    hears: frozenset = frozenset()  # the codes the running rule declared in silenced_by
    running: str = ""  # the code of the running rule

    def __post_init__(self) -> None:
        s, c = self.scores, self.batch.contacts
        self.code = self.batch.code
        self.flags = self.batch.role_flags
        self.engaged = s["engaged"].to_numpy(dtype=bool)
        self.supporter = s["supporter"].to_numpy(dtype=bool)
        self.opposed = s["opposed"].to_numpy(dtype=bool)
        self.level = self.batch.column("level")
        self.executive = self.level == "executive"
        self.influence = c["influence"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        self.stance = c["stance"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
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
        self.roles_held = sum((self.flags[r].astype(int) for r in ROLES), np.zeros(self.batch.n, dtype=int))
        # the handler (经手人): only people tagged so; an account where nobody is has no known handler (the
        # initiator believes in us, the handler runs the project: one never stands in for the other)
        self.handler = self.flags["handler"]
        self.handler_known = self.count(self.handler) > 0
        self.technicality = self.facts["technicality"]
        self._bypass: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # _bypass_pairs, found once
        # the decision maker's circle by links: whom a decision maker trusts, or who influences them by a link
        self.trusted_by_decider = np.zeros(self.batch.n, dtype=bool)
        bits = self.batch.bits
        if bits is not None and len(bits):
            linked = (bits & (KIND_BITS["trusts"] | KIND_BITS["influences"])) > 0
            to_decider = linked & self.flags["decision_maker"][self.batch.dst]
            self.trusted_by_decider[self.batch.src[to_decider]] = True

    # -- declared silences ---------------------------------------------------------------------

    def mark(self, account: int, kind: str, key) -> None:
        """Record that the running rule reported ``(kind, key)`` in ``account``."""
        self.covered.setdefault((int(account), kind, key), set()).add(self.running)

    def is_covered(self, account: int, kind: str, key) -> bool:
        """Whether a rule the running rule declared in ``silenced_by`` already reported ``(kind, key)``."""
        return bool(self.covered.get((int(account), kind, key), set()) & self.hears)

    def heard(self) -> list[RawGap]:
        """The gaps found so far by the rules the running rule declared in ``silenced_by``."""
        return [g for g in self.fired if g.code in self.hears]

    # -- helpers -------------------------------------------------------------------------------

    def count(self, mask: np.ndarray) -> np.ndarray:
        return self.batch.count(mask)

    def members(self, mask: np.ndarray) -> dict[int, list[int]]:
        """Positions where ``mask`` holds, grouped by account code (positions are grouped by account)."""
        return _grouped(np.flatnonzero(mask), self.code)

    def ranked(self, mask: np.ndarray) -> dict[int, list[int]]:
        """:meth:`members`, each account's people by influence (:meth:`by_influence`), sorted all at once."""
        positions = np.flatnonzero(mask)
        return _grouped(positions[np.lexsort((-self.eff[positions], self.code[positions]))], self.code)

    def covered_accounts(self, kind: str, key) -> np.ndarray:
        """Per account ``a``: whether a rule the running rule hears reported ``(kind, key)`` there (:meth:`is_covered`
        of every account at once)."""
        out = np.zeros(len(self.batch.accounts), dtype=bool)
        out[[k[0] for k, codes in self.covered.items() if k[1] == kind and k[2] == key and codes & self.hears]] = True
        return out

    def covered_people(self, kind: str) -> np.ndarray:
        """Per position ``p``: whether a rule the running rule hears reported ``(kind, p)`` (:meth:`is_covered`
        of every person at once)."""
        out = np.zeros(self.batch.n, dtype=bool)
        out[[key[2] for key, codes in self.covered.items() if key[1] == kind and codes & self.hears]] = True
        return out

    @cached_property
    def unmet_doubtful(self) -> np.ndarray:
        """Contacts tagged inside coach or initiator whom we do not engage yet and who have a competitor entry: no
        plan of ours has reached them, and none should: they are not our coach or champion (``divided-loyalty``,
        medium; the role gaps read the roles without them). Read by several rules, made once."""
        ours = self.flags["inside_coach"] | self.flags["initiator"]
        return ours & (self.batch.column("competitor") != "") & ~self.engaged

    @property
    def influential(self) -> np.ndarray:
        """Decision makers, advisors, influencers, the most influential (top quarter, or influence >= 4), and
        executives whose influence is unknown (an unknown is never read as "not influential")."""
        decisive = self.flags["decision_maker"] | self.flags["advisor"] | self.flags["influencer"]
        unknown_executive = self.executive & np.isnan(self.influence)
        return decisive | self.top_influence | (self.influence >= self.policy.high_influence) | unknown_executive

    def by_influence(self, positions: list[int]) -> list[int]:
        return sorted(positions, key=lambda p: -self.eff[p])

    def nearest_executive_above(self, positions: np.ndarray) -> np.ndarray:
        """For each position, the nearest executive above it on the reporting line (-1 when none)."""
        return nearest_executive_above(self.batch.parent, self.executive, positions)

    def above(self, mask: np.ndarray) -> np.ndarray:
        """Everyone above a contact where ``mask`` holds, on the reporting line."""
        parent = self.batch.parent
        out = np.zeros(self.batch.n, dtype=bool)
        node = parent[np.flatnonzero(mask)]
        for _ in range(self.batch.n + 1):
            node = node[node >= 0]
            node = node[~out[node]]
            if not len(node):
                break
            out[node] = True
            node = parent[node]
        return out


def _grouped(positions: np.ndarray, code: np.ndarray) -> dict[int, list[int]]:
    """``positions`` (each account's together) as lists per account code, in their order."""
    if len(positions) == 0:
        return {}
    codes = code[positions]
    bounds = [0, *(np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist(), len(positions)]
    people = positions.tolist()
    return {a: people[i:j] for a, i, j in zip(codes[bounds[:-1]].tolist(), bounds[:-1], bounds[1:])}


Rule = Callable[[Context], list[RawGap]]
RULES: dict[str, Rule] = {}
SILENCED_BY: dict[str, tuple[str, ...]] = {}


def rule(code: str, silenced_by: tuple[str, ...] = ()) -> Callable[[Rule], Rule]:
    """Register a rule under ``code``; ``silenced_by`` names the rules whose reports it hears."""

    def register(function: Rule) -> Rule:
        RULES[code] = function
        SILENCED_BY[code] = tuple(silenced_by)
        return function

    return register


# -- opposition ---------------------------------------------------------------------------------


@rule("veto-risk")
def veto_risk(ctx: Context) -> list[RawGap]:
    """An opposed person who can veto the deal: a technical supporter we engage when the product is highly
    technical, or a finance contact from the evaluation stage on.

    docs/methodology.md §1 (technical supporter): the more technical the
    product, the more they sway the decision maker; §3 (tags): the technical
    gatekeeper has a say and a veto over the solution, and finance guards the
    budget that the evaluation and negotiation stages (6-8) spend. An
    engaged opposed technical supporter is not someone we went around: they
    are a veto we face. High, one gap per person, and a deal-killer; covers
    every other opposition gap for the same person.
    """
    technical = ctx.flags["technical_supporter"] & ctx.engaged & (ctx.technicality[ctx.code] == "high")
    finance = ctx.flags["finance"] & (ctx.stage[ctx.code] >= ctx.policy.finance_veto_from_stage)
    gaps = []
    for p in np.flatnonzero(ctx.opposed & (technical | finance)).tolist():
        a = int(ctx.code[p])
        ctx.mark(a, "person", p)
        role = "technical_supporter" if technical[p] else None
        gaps.append(
            RawGap(a, "veto-risk", "high", [p], role=role, fields={"variant": "technical" if role else "finance"})
        )
    return gaps


@rule("resistant-key-user", silenced_by=("veto-risk",))
def resistant_key_user(ctx: Context) -> list[RawGap]:
    """A key user is opposed or skeptical (one gap per person).

    docs/methodology.md §1 (key user): more than half of user departments
    resist a new purchase because any new system means change for them; left
    alone they complain and predict failure. An opponent (-2) is high; a
    skeptic (-1) is medium until the buying criteria are set (policy
    ``skeptic_high_from_stage``, stage 4), then high. Covers
    ``influential-blocker``, ``opposed-staff`` and the bypass codes for the
    same person.
    """
    people = np.flatnonzero(ctx.flags["key_user"] & ctx.opposed & ~ctx.covered_people("person"))
    skeptic = ctx.stance[people] > -2
    late = ctx.stage[ctx.code[people]] >= ctx.policy.skeptic_high_from_stage
    gaps = []
    for p, a, doubt, due in zip(people.tolist(), ctx.code[people].tolist(), skeptic.tolist(), late.tolist()):
        ctx.mark(a, "person", p)
        gaps.append(
            RawGap(
                a,
                "resistant-key-user",
                "medium" if doubt and not due else "high",
                [p],
                role="key_user",
                fields={"variant": "skeptic" if doubt else "blocker"},
            )
        )
    return gaps


@rule("late-technical-engagement")
def late_technical_engagement(ctx: Context) -> list[RawGap]:
    """At stage 3 or later no technical supporter is engaged; severity follows the product's technicality.

    docs/methodology.md §1 (technical supporter): start technical exchanges as
    early and as fully as possible; the more technical the product, the more
    they sway the decision maker. Covers ``missing-role`` and
    ``uncovered-role`` for technical supporters in such accounts.
    """
    ts = ctx.flags["technical_supporter"]
    late = (ctx.stage >= 3) & (ctx.count(ts & ctx.engaged) == 0)
    holders = ctx.ranked(ts & late[ctx.code])
    gaps = []
    for a in np.flatnonzero(late).tolist():
        technicality = ctx.facts["technicality"][a]
        severity = {"high": "high", "medium": "medium", "low": "low"}[technicality]
        ctx.mark(a, "role", "technical_supporter")
        gaps.append(
            RawGap(
                int(a),
                "late-technical-engagement",
                severity,
                holders.get(a, []),
                role="technical_supporter",
                fields={"stage": int(ctx.stage[a])},
            )
        )
    return gaps


# -- executives: reached, at the right time, by the right road ---------------------------------------


def _mid_level_minimum(ctx: Context) -> np.ndarray:
    """The mid-level ally minimum of each account: the policy's, or every mid-level manager on the map when
    the organisation has fewer."""
    return np.minimum(ctx.policy.min_mid_level_allies, ctx.count(ctx.level == "mid"))


def _mid_level_allies(ctx: Context) -> np.ndarray:
    return ctx.count((ctx.level == "mid") & ctx.engaged & ctx.supporter)


@rule("decision-maker-unreached")
def decision_maker_unreached(ctx: Context) -> list[RawGap]:
    """There are decision makers and none of them is engaged; severity follows the stage.

    docs/methodology.md §5 (decision power): never reaching the top decision
    maker from start to end of a deal is very dangerous; §2 principle 2 and
    §6: the top is reached through the handler and the mid-level, a senior
    leader by stage 5 (requirements & formal proposal) at the latest. From
    stage 5 (policy ``executive_access_stage``), or when the stage is
    unknown: high. Before it: low when the road is in place (an engaged
    handler and enough mid-level allies), else medium. This is the decision
    maker's case of ``uncovered-role``, which therefore never reports them.
    """
    dm = ctx.flags["decision_maker"]
    unreached = (ctx.count(dm) > 0) & (ctx.count(dm & ctx.engaged) == 0)
    holders = ctx.ranked(dm & unreached[ctx.code])
    road = (ctx.count(ctx.handler & ctx.engaged) > 0) & (_mid_level_allies(ctx) >= _mid_level_minimum(ctx))
    gaps = []
    for a in np.flatnonzero(unreached).tolist():
        stage = ctx.stage[a]
        if np.isnan(stage) or stage >= ctx.policy.executive_access_stage:
            severity, variant = "high", "unknown" if np.isnan(stage) else "due"
        else:
            severity, variant = ("low" if road[a] else "medium"), "early"
        gaps.append(
            RawGap(
                a,
                "decision-maker-unreached",
                severity,
                holders[a],
                role="decision_maker",
                fields={
                    "variant": variant,
                    "stage": None if np.isnan(stage) else int(stage),
                    "due_stage": ctx.policy.executive_access_stage,
                },
            )
        )
    return gaps


@rule("executive-too-early")
def executive_too_early(ctx: Context) -> list[RawGap]:
    """Early in the deal we engage an executive while the road to them (the handler, the mid-level) is not.

    docs/methodology.md §2 principle 2: seeing the top early does not by
    itself win; if the relationship cannot be built fast the executive sends
    us back to the mid-level, and many deals are lost by going around the
    mid-level to reach their executive. §6: a handler drives stages 1-3.
    Fires up to stage 3 (policy ``early_executive_max_stage``) while another
    executive is engaged, in two cases: a handler is known but none is
    engaged and the nearest executive above a handler (the project's owner)
    is not engaged either (``contacts``: the owner, the handler, then the
    executives we engage); or no handler is known and no mid-level manager is
    engaged (variant ``no-handler``; ``contacts``: the executives we engage).
    One gap per account.
    """
    early = ctx.stage <= ctx.policy.early_executive_max_stage  # NaN: unknown stage, never early
    engaged_top = ctx.count(ctx.executive & ctx.engaged) > 0
    known = early & engaged_top & ctx.handler_known & (ctx.count(ctx.handler & ctx.engaged) == 0)
    unknown = early & engaged_top & ~ctx.handler_known & (ctx.count((ctx.level == "mid") & ctx.engaged) == 0)
    fires = known | unknown
    if not fires.any():
        return []
    handlers = np.flatnonzero(ctx.handler & known[ctx.code])
    owners = ctx.nearest_executive_above(handlers)
    road: dict[int, list[int]] = {int(a): [] for a in np.flatnonzero(unknown)}
    for h, o in zip(handlers.tolist(), owners.tolist()):
        a = int(ctx.code[h])
        if o >= 0 and not ctx.engaged[o] and a not in road:
            road[a] = [o, h]
    engaged = ctx.ranked(ctx.executive & ctx.engaged & fires[ctx.code])
    return [
        RawGap(
            a,
            "executive-too-early",
            "high",
            [*road[a], *engaged[a]],
            fields={
                "stage": int(ctx.stage[a]),
                "due_stage": ctx.policy.executive_access_stage,
                "variant": "road" if road[a] else "no-handler",
            },
        )
        for a in sorted(road)
        if a in engaged
    ]


def _bypass_pairs(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(engaged executive, person on the way to them, kind), as arrays: :func:`gatekeeper_pairs` of the executives
    we engage."""
    if ctx._bypass is None:
        ctx._bypass = gatekeeper_pairs(
            ctx.executive & ctx.engaged,
            parent=ctx.batch.parent,
            executive=ctx.executive,
            gatekeeper=ctx.flags["gatekeeper"],
            advisor=ctx.flags["advisor"],
            engaged=ctx.engaged,
            depth=ctx.batch.contacts["depth"].fillna(-1).to_numpy(dtype=np.int64),
            src=ctx.batch.src,
            dst=ctx.batch.dst,
        )
    return ctx._bypass


_BYPASS_KINDS = {"gatekeeper": 0, "advisor": 1, "mid-level": 2}


def _bypassed(ctx: Context, code: str, kind: str) -> list[RawGap]:
    executives, people, kinds = _bypass_pairs(ctx)
    opposed = ctx.opposed[people]
    keep = kinds == _BYPASS_KINDS[kind]
    keep &= ~(ctx.engaged[people] & ~opposed)  # engaged and not opposed: not gone around
    keep &= ~ctx.covered_people("person")[people]  # their opposition is reported already
    keep &= ~(opposed & ctx.engaged[people] & ctx.influential[people])  # an influential opponent we did not go
    # around: reported by influential-blocker
    executives, people, opposed = executives[keep], people[keep], opposed[keep]
    gaps = []
    for a, executive, person, against, level in zip(
        ctx.code[executives].tolist(),
        executives.tolist(),
        people.tolist(),
        opposed.tolist(),
        ctx.level[people].tolist(),
    ):
        if against:
            ctx.mark(a, "person", person)
        elif kind == "advisor":
            ctx.mark(a, "role", "advisor")
        gaps.append(
            RawGap(
                a,
                code,
                "high" if against else "medium",
                [executive, person],
                role="advisor" if kind == "advisor" else None,
                fields={"state": "opposed" if against else "not_engaged", "level": str(level or "")},
            )
        )
    return gaps


@rule("bypassed-gatekeeper", silenced_by=("veto-risk", "resistant-key-user"))
def bypassed_gatekeeper(ctx: Context) -> list[RawGap]:
    """We engage an executive, but the gatekeeper near them (tagged ``gatekeeper``) is not engaged or is opposed.

    docs/methodology.md §3 (gatekeeper): close to the leader, often an
    assistant or secretary, controls the information that reaches them;
    cheap to win over, costly to ignore. One gap per executive and
    gatekeeper; an opposed gatekeeper is high and is not reported again as an
    influential blocker.
    """
    return _bypassed(ctx, "bypassed-gatekeeper", "gatekeeper")


@rule("bypassed-mid-level", silenced_by=("veto-risk", "resistant-key-user"))
def bypassed_mid_level(ctx: Context) -> list[RawGap]:
    """We engage an executive and people below them, but not the manager in between through whom they report.

    docs/methodology.md §2 principle 2: many deals are lost by going around
    mid-level managers to reach their executive; in a well-run organisation
    the executive listens to the mid-level's report, not the vendor's;
    advance through the normal business path. One gap per executive and
    manager; silent for an engaged, opposed, influential manager (we did not
    go around them: that is ``influential-blocker``).
    """
    return _bypassed(ctx, "bypassed-mid-level", "mid-level")


@rule("advisor-not-won", silenced_by=("veto-risk", "resistant-key-user"))
def advisor_not_won(ctx: Context) -> list[RawGap]:
    """We engage an executive, but an advisor reporting to them is not engaged or is opposed.

    docs/methodology.md §1 (advisor): near the decision maker, gives them
    "objective" advice and has very large influence on the decision; treat
    them as a decision maker. One gap per executive and advisor; covers
    ``uncovered-role`` for advisors in the account.
    """
    return _bypassed(ctx, "advisor-not-won", "advisor")


# -- roles ---------------------------------------------------------------------------------------

_MISSING_SEVERITY = {
    "decision_maker": "high",
    "initiator": "high",
    "inside_coach": "high",
    "technical_supporter": "medium",
    "key_user": "medium",
    "advisor": "medium",
}


@rule("missing-role", silenced_by=("late-technical-engagement",))
def missing_role(ctx: Context) -> list[RawGap]:
    """Nobody holds one of the six buying roles (one gap per role).

    docs/methodology.md §3: missing any one of the buying influences can sink
    the deal; cover them all (一网打尽). §6: the buying team forms at stage 3
    (the project is set up); before it, at stages 1-2 (policy
    ``early_roles_max_stage``), the roles are still being found, so a missing
    role is one step lower (high becomes medium, medium low). Silent for
    technical supporters where ``late-technical-engagement`` already reports
    them. An inside coach or initiator tied to a competitor whom we have not
    met holds no role of ours (``divided-loyalty``): where they are the only
    one tagged, the role is missing (``fields["holder"]`` is ``"doubtful"``).
    """
    early = _early(ctx)
    gaps = []
    for role in ROLES:
        severity = _MISSING_SEVERITY[role]
        held = _held_for_us(ctx, role)
        tagged = ctx.count(ctx.flags[role]) > 0  # held only by a coach or initiator we may not trust
        for a in np.flatnonzero((ctx.count(held) == 0) & ~ctx.covered_accounts("role", role)).tolist():
            fields = {"holder": "doubtful"} if tagged[a] else {}
            gaps.append(
                RawGap(a, "missing-role", _lower(severity) if early[a] else severity, [], role=role, fields=fields)
            )
    return gaps


def _held_for_us(ctx: Context, role: str) -> np.ndarray:
    """The holders of ``role`` who count for the role gaps: an inside coach or initiator with ties to a competitor
    whom we have not met is none of ours (the advice is to find another, never to engage or arm them)."""
    held = ctx.flags[role]
    return held & ~ctx.unmet_doubtful if role in ("inside_coach", "initiator") else held


def _early(ctx: Context) -> np.ndarray:
    """Per account: the stage is known and the buying team is not formed yet (policy ``early_roles_max_stage``)."""
    return ctx.stage <= ctx.policy.early_roles_max_stage  # NaN: unknown stage, never early


def _lower(severity: str) -> str:
    return SEVERITIES[min(SEVERITIES.index(severity) + 1, len(SEVERITIES) - 1)]


@rule("uncovered-role", silenced_by=("late-technical-engagement", "advisor-not-won", "weak-initiator"))
def uncovered_role(ctx: Context) -> list[RawGap]:
    """A role is held but none of its holders is engaged (not for decision makers).

    docs/methodology.md §3: identifying a buying influence is only half the
    work; until someone of ours has a relationship with them, they are
    covered on paper only. High for the initiator and the inside coach, one
    step lower at stages 1-2, as for ``missing-role``. Silent for the
    initiator where ``weak-initiator`` reports them (it says that none is
    engaged yet): one problem, one gap.
    """
    early = _early(ctx)
    gaps = []
    for role in ROLES:
        if role == "decision_maker":
            continue
        held = _held_for_us(ctx, role)
        uncovered = (ctx.count(held) > 0) & (ctx.count(held & ctx.engaged) == 0)
        holders = ctx.ranked(held & uncovered[ctx.code])
        severity = "high" if role in ("initiator", "inside_coach") else "medium"
        for a in np.flatnonzero(uncovered & ~ctx.covered_accounts("role", role)).tolist():
            gaps.append(RawGap(a, "uncovered-role", _lower(severity) if early[a] else severity, holders[a], role=role))
    return gaps


@rule("weak-initiator")
def weak_initiator(ctx: Context) -> list[RawGap]:
    """Every initiator is staff level or has influence <= 2 (policy ``weak_initiator_max_influence``).

    docs/methodology.md §1 (initiator): the higher the initiator's rank and
    influence, the higher the win chance; a low-ranked or low-influence
    initiator makes the deal very hard to push, however enthusiastic. High;
    medium at stages 1-2 (policy ``early_roles_max_stage``), while there is
    still time to find a stronger one.

    The remedy is a stronger initiator, whether or not we know the weak ones
    and whether or not they support us: this gap says so too
    (``fields["also"]``: ``unmet``, ``against`` or ``unmet-against``), and
    ``uncovered-role`` and ``unsupportive-initiator`` are silent for them, so
    one problem is one gap and one kind for the grade. With none on our side
    it is high at any stage, as ``unsupportive-initiator`` is.
    """
    init = _held_for_us(ctx, "initiator")
    weak = init & ((ctx.level == "staff") | (ctx.influence <= ctx.policy.weak_initiator_max_influence))
    fires = (ctx.count(init) > 0) & (ctx.count(init) == ctx.count(weak))
    holders = ctx.ranked(init & fires[ctx.code])
    early = _early(ctx)
    # what uncovered-role and unsupportive-initiator would say of the same initiators: said here, in one gap
    unmet = ctx.count(init & ctx.engaged) == 0
    against = (ctx.count(init & ctx.supporter) == 0) & (ctx.count(init & ctx.stance_known & ~ctx.supporter) > 0)
    gaps = []
    for a in np.flatnonzero(fires).tolist():
        ctx.mark(a, "role", "initiator")
        also = "-".join(word for word, holds in (("unmet", unmet[a]), ("against", against[a])) if holds)
        severity = "medium" if early[a] and not against[a] else "high"  # no initiator for us is high at any stage
        gaps.append(
            RawGap(a, "weak-initiator", severity, holders[a], role="initiator", fields={"also": also} if also else {})
        )
    return gaps


@rule("unsupportive-initiator", silenced_by=("weak-initiator",))
def unsupportive_initiator(ctx: Context) -> list[RawGap]:
    """No initiator supports us, and at least one of them is known to be neutral or against us.

    docs/methodology.md §1 (initiator): the initiator believes in us and our
    product and willingly recommends us inside; one who does not support us
    recommends nobody, or someone else. An unknown stance is
    ``unknown-attributes``, not this. Silent where ``weak-initiator``
    reports the same initiators (it says that none supports us).
    """
    init = _held_for_us(ctx, "initiator")
    not_supportive = init & ctx.stance_known & ~ctx.supporter
    fires = (ctx.count(init & ctx.supporter) == 0) & (ctx.count(not_supportive) > 0)
    fires &= ~ctx.covered_accounts("role", "initiator")
    holders = ctx.ranked(not_supportive & fires[ctx.code])
    return [
        RawGap(a, "unsupportive-initiator", "high", holders[a], role="initiator")
        for a in np.flatnonzero(fires).tolist()
    ]


@rule("role-concentration")
def role_concentration(ctx: Context) -> list[RawGap]:
    """One person holds three or more of the six roles, or a second role their department contradicts.

    docs/methodology.md §3: roles overlap, one person can hold several; §1:
    the key user heads the department that will use the product, the
    technical supporter is the customer's technical staff. Coverage counts
    roles per role, so one friend tagged with everything reads as a covered
    account. Fires for a person holding ``role_concentration_min_roles`` (3)
    of the six roles, or two where one does not fit their department: a
    technical supporter outside the technical organisation (IT, engineering,
    R&D, 信息, 技术 ... in the department, or a technical title such as chief
    engineer) when the account has one, or a key user inside it when the
    account has other departments. One gap per person, medium.

    Three roles on one person are only a problem where they hide one (§1:
    for smaller purchases the decision maker may be a department head, who
    also uses the product): the ``many`` variant fires when the product is
    highly technical, the account is large (policy
    ``role_concentration_large_account``, 30 people on the map), or the
    person is the only technical supporter and nobody else of the technical
    organisation is engaged.
    """
    two = ctx.roles_held >= 2
    many = ctx.roles_held >= ctx.policy.role_concentration_min_roles
    if not two.any():
        return []
    text = ctx.batch.column("department")
    technical = _technical(text)
    known = (text != "") & pd.notna(text)
    has_technical = ctx.count(known & technical) > 0
    has_other = ctx.count(known & ~technical) > 0
    technical_title = np.zeros(ctx.batch.n, dtype=bool)
    candidates = np.flatnonzero(two & ctx.flags["technical_supporter"])
    technical_title[candidates] = _technical(ctx.batch.column("title")[candidates])
    misplaced_ts = (
        two & ctx.flags["technical_supporter"] & known & ~technical & ~technical_title & has_technical[ctx.code]
    )
    misplaced_ku = two & ctx.flags["key_user"] & known & technical & has_other[ctx.code]
    if many.any():
        ts = ctx.flags["technical_supporter"]
        technical_engaged = ctx.count(ctx.engaged & (ts | (known & technical)))
        others = technical_engaged[ctx.code] - ctx.engaged.astype(int)  # engaged technical people besides them
        alone_technical = ts & (ctx.count(ts) == 1)[ctx.code] & (others <= 0)
        hides = (ctx.technicality == "high") | (ctx.batch.size >= ctx.policy.role_concentration_large_account)
        many &= hides[ctx.code] | alone_technical
    people = np.flatnonzero(many | misplaced_ts | misplaced_ku)
    variants = np.where(many[people], "many", np.where(misplaced_ts[people], "technical", "user")).tolist()
    held = np.stack([ctx.flags[r][people] for r in ROLES], axis=1).tolist()
    gaps = []
    for p, a, variant, flags, department in zip(
        people.tolist(), ctx.code[people].tolist(), variants, held, text[people].tolist()
    ):
        roles = [r for r, holds in zip(ROLES, flags) if holds]
        gaps.append(
            RawGap(
                a,
                "role-concentration",
                "medium",
                [p],
                fields={"variant": variant, "roles": roles, "count": len(roles), "department": str(department or "")},
            )
        )
    return gaps


# -- allies and threads ------------------------------------------------------------------------------


@rule("few-mid-level-allies")
def few_mid_level_allies(ctx: Context) -> list[RawGap]:
    """Fewer engaged mid-level supporters than the minimum (policy ``min_mid_level_allies``, 2).

    docs/methodology.md §2 principle 1: ally with more mid-level managers.
    Long sales cycles see reorganisations; today's bystander is tomorrow's key
    person. The minimum is never more than the mid-level managers on the map:
    a small firm whose only manager is our ally has all there is.
    ``contacts`` holds the most influential mid-level people not yet allies
    and not opposed (at most ``max_candidates``): the candidates to win.
    """
    mid = ctx.level == "mid"
    allies = mid & ctx.engaged & ctx.supporter
    count = ctx.count(allies)
    minimum = _mid_level_minimum(ctx)
    few = count < minimum
    candidates = ctx.ranked(mid & ~allies & ~ctx.opposed & few[ctx.code])
    gaps = []
    for a in np.flatnonzero(few).tolist():
        severity = "high" if count[a] == 0 else "medium"
        gaps.append(
            RawGap(
                int(a),
                "few-mid-level-allies",
                severity,
                candidates.get(a, [])[: ctx.policy.max_candidates],
                fields={"count": int(count[a]), "minimum": int(minimum[a])},
            )
        )
    return gaps


@rule(
    "influential-blocker",
    silenced_by=("veto-risk", "resistant-key-user", "bypassed-gatekeeper", "bypassed-mid-level", "advisor-not-won"),
)
def influential_blocker(ctx: Context) -> list[RawGap]:
    """An opposed contact is a decision maker, advisor or influencer, or among the most influential.

    Most influential: effective influence in the account's top quarter, or
    declared influence >= 4; an executive of unknown influence counts as
    possibly influential. docs/methodology.md §5: relationship power starts by
    scoring and ranking every key person's influence; an influential opponent
    can undo the rest of the map. One gap per person. High; a skeptic (-1)
    who neither decides nor advises is medium until the buying criteria are
    set (policy ``skeptic_high_from_stage``, stage 4), as a skeptical key user.
    """
    deciders = ctx.flags["decision_maker"] | ctx.flags["advisor"]
    people = np.flatnonzero(ctx.opposed & ctx.influential & ~ctx.covered_people("person"))
    code = ctx.code[people]
    skeptic = ctx.stance[people] > -2
    early = ctx.stage[code] < ctx.policy.skeptic_high_from_stage  # NaN: unknown stage, never early
    medium = skeptic & early & ~deciders[people]
    gaps = []
    for p, a, doubt, low in zip(people.tolist(), code.tolist(), skeptic.tolist(), medium.tolist()):
        ctx.mark(a, "person", p)
        gaps.append(
            RawGap(
                a,
                "influential-blocker",
                "medium" if low else "high",
                [p],
                fields={"variant": "skeptic" if doubt else "blocker"},
            )
        )
    return gaps


@rule(
    "opposed-staff",
    silenced_by=(
        "veto-risk",
        "resistant-key-user",
        "bypassed-gatekeeper",
        "bypassed-mid-level",
        "advisor-not-won",
        "influential-blocker",
    ),
)
def opposed_staff(ctx: Context) -> list[RawGap]:
    """Several staff-level people of one user department are against us (policy ``opposed_staff_min``, 2).

    docs/methodology.md §5 (relationship power): widen the support base, win
    the "small players" too, not only the key person; §1 (key user): a user
    department that resists complains and predicts failure. A user
    department is one where a key user sits. One gap per department.
    """
    departments = ctx.batch.column("department")
    key_user_departments = {
        (int(ctx.code[p]), departments[p]) for p in np.flatnonzero(ctx.flags["key_user"]) if departments[p]
    }
    groups: dict[tuple[int, str], list[int]] = {}
    for p in np.flatnonzero(ctx.opposed & (ctx.level == "staff")).tolist():
        a = int(ctx.code[p])
        key = (a, departments[p])
        if key in key_user_departments and not ctx.is_covered(a, "person", p):
            groups.setdefault(key, []).append(p)
    return [
        RawGap(
            a,
            "opposed-staff",
            "medium",
            ctx.by_influence(people),
            fields={"count": len(people), "department": department},
        )
        for (a, department), people in groups.items()
        if len(people) >= ctx.policy.opposed_staff_min
    ]


@rule("single-threaded")
def single_threaded(ctx: Context) -> list[RawGap]:
    """Fewer than 3 engaged contacts (policy ``min_threads``), or one of our people holds them all.

    docs/methodology.md §5 (relationship power): keep widening the allies and
    the support base; a deal hanging on one thread, or on one of our sellers,
    breaks when that thread does.
    """
    count = ctx.count(ctx.engaged)
    # held by the owner and, with an activity log, everyone of ours it saw touch them (analysis.holders)
    owner_count = count_holders(ctx.batch, ctx.engaged)
    unowned = ctx.count(ctx.engaged & ~held(ctx.batch))
    suspect = (count < ctx.policy.min_threads) | ((owner_count == 1) & (unowned == 0))
    engaged = ctx.ranked(ctx.engaged & suspect[ctx.code])
    gaps = []
    for a in np.flatnonzero(suspect).tolist():
        people = engaged.get(a, [])
        if count[a] < ctx.policy.min_threads:
            gaps.append(RawGap(a, "single-threaded", "high", people, fields={"variant": "few", "count": int(count[a])}))
            continue
        held_by = holders_of(ctx.batch, people)
        if len(held_by) == 1 and "" not in held_by:
            gaps.append(
                RawGap(
                    a,
                    "single-threaded",
                    "high",
                    people,
                    fields={"variant": "one-owner", "count": int(count[a]), "owner": held_by.pop()},
                )
            )
    return gaps


# -- time and change -----------------------------------------------------------------------------


@rule("stale-relationship")
def stale_relationship(ctx: Context) -> list[RawGap]:
    """A key contact was last contacted more than the policy's days (default 60) before ``as_of``.

    Key: a decision maker, advisor, initiator, inside coach or influencer, or
    influence >= 4. A contact never contacted is not stale (``uncovered-role``
    and ``decision-maker-unreached`` speak for them). docs/methodology.md §7:
    power structures change over time; a relationship left alone decays. One
    gap per person.
    """
    key = (
        ctx.flags["decision_maker"]
        | ctx.flags["advisor"]
        | ctx.flags["initiator"]
        | ctx.flags["inside_coach"]
        | ctx.flags["influencer"]
        | (ctx.influence >= ctx.policy.high_influence)
    )
    last = ctx.batch.contacts["last_contact"].to_numpy(dtype="datetime64[ns]")
    as_of = ctx.facts["as_of"][ctx.code]
    days = (as_of - last) / np.timedelta64(1, "D")
    people = np.flatnonzero(key & (days > ctx.policy.stale_days))
    severity = np.where(ctx.flags["decision_maker"][people], "high", "medium").tolist()
    limit = ctx.policy.stale_days
    return [
        RawGap(a, "stale-relationship", level, [p], fields={"days": int(d), "limit": limit})
        for p, a, level, d in zip(people.tolist(), ctx.code[people].tolist(), severity, days[people].tolist())
    ]


@rule("divided-loyalty")
def divided_loyalty(ctx: Context) -> list[RawGap]:
    """An inside coach (内部支持者) or an initiator of ours has a competitor entry: their loyalty is divided.

    docs/methodology.md §1 (inside coach): screen widely and keep those who
    really trust us; §5 (information power): know the competitors and who
    they are working. A coach who also serves a competitor (an ex-employee of
    theirs, a friend of their seller) passes our plans on, and advice routed
    through them reaches the competitor. High, one gap per person
    (``contacts`` names them, so no advice or plan step goes through them), a
    deal-killer; covers ``competitor-aligned`` and ``power-shift``'s
    competitor variant for the same person.

    An inside coach or initiator whom we do not engage yet has heard none of
    our plans: medium and no deal-killer (``fields["met"]`` is ``"no"``), and
    they do not hold the role for the role gaps (``missing-role``,
    ``uncovered-role``, ``weak-initiator``, ``unsupportive-initiator``), whose
    advice would send us to them or arm them. Engaging them makes the gap
    high, a deal-killer, so the plan never proposes it.
    """
    competitor = ctx.batch.column("competitor")
    ours = ctx.flags["inside_coach"] | ctx.flags["initiator"]
    unmet = ctx.unmet_doubtful
    gaps = []
    for p in np.flatnonzero(ours & (competitor != "")).tolist():
        a = int(ctx.code[p])
        ctx.mark(a, "person", p)
        ctx.mark(a, "loyalty", p)
        if ctx.flags["inside_coach"][p]:  # advice elsewhere in the account must not send us to them
            ctx.mark(a, "doubtful-coach", None)
        role = "inside_coach" if ctx.flags["inside_coach"][p] else "initiator"
        fields = {"competitor": competitor[p], **({"met": "no"} if unmet[p] else {})}
        gaps.append(RawGap(a, "divided-loyalty", "medium" if unmet[p] else "high", [p], role=role, fields=fields))
    return gaps


@rule("power-shift", silenced_by=("veto-risk", "resistant-key-user", "influential-blocker", "divided-loyalty"))
def power_shift(ctx: Context) -> list[RawGap]:
    """Someone new in role at executive or mid level whose influence is unknown, who leans to a competitor,
    who is against us, or who now sits above our initiator or handler without being on our side.

    docs/methodology.md §7: power structures change over time through
    reorganisations and new projects; §2 principle 1: someone unrelated today
    can be a key person tomorrow. New: ``in_role_since`` within
    ``power_shift_days`` (90) before ``as_of``. High when they lean to a
    competitor or oppose us (a promoted skeptic), or when they sit above our
    champion or handler from stage 4 on (policy ``shift_killer_from_stage``:
    the buying criteria are being set), else medium. Covers
    ``competitor-aligned`` for the same person; silent where the person's
    loyalty, or (for a newcomer merely against us) their opposition, is
    reported already. One gap per person.
    """
    if "in_role_since" not in ctx.batch.contacts.columns:
        return []
    since = pd.to_datetime(ctx.batch.contacts["in_role_since"], errors="coerce").to_numpy(dtype="datetime64[ns]")
    days = (ctx.facts["as_of"][ctx.code] - since) / np.timedelta64(1, "D")
    new = (days >= 0) & (days <= ctx.policy.power_shift_days) & (ctx.executive | (ctx.level == "mid"))
    if not new.any():
        return []
    competitor = ctx.batch.column("competitor")
    leaning = competitor != ""
    ours = ctx.above((ctx.flags["initiator"] | ctx.handler) & ctx.engaged & ctx.supporter)
    unknown = np.isnan(ctx.influence)
    fires = new & (unknown | leaning | ctx.opposed | (ours & ~(ctx.engaged & ctx.supporter)))
    late = ctx.stage >= ctx.policy.shift_killer_from_stage
    above = ours & ~(ctx.engaged & ctx.supporter)
    against = ~leaning & ~above  # the reason is their opposition, or what we do not know of them
    # one problem, one gap: their loyalty or (reason opposed or unknown) their opposition is reported already
    fires &= ~(ctx.covered_people("loyalty") | (against & ctx.covered_people("person")))
    people = np.flatnonzero(fires)
    code = ctx.code[people]
    reason = np.where(
        leaning[people],
        "competitor",
        np.where(above[people], "above", np.where(ctx.opposed[people], "opposed", "unknown")),
    )
    high = leaning[people] | ctx.opposed[people] | (above[people] & late[code])
    gaps = []
    for p, a, why, severe, d, lean, up, rival in zip(
        people.tolist(),
        code.tolist(),
        reason.tolist(),
        high.tolist(),
        days[people].tolist(),
        leaning[people].tolist(),
        above[people].tolist(),
        competitor[people].tolist(),
    ):
        if lean:
            ctx.mark(a, "person", p)
        gaps.append(
            RawGap(
                a,
                "power-shift",
                "high" if severe else "medium",
                [p],
                fields={"days": int(d), "reason": why, "competitor": rival or "", "above": up},
            )
        )
    return gaps


# -- information ---------------------------------------------------------------------------------


@rule("unknown-attributes", silenced_by=("divided-loyalty",))
def unknown_attributes(ctx: Context) -> list[RawGap]:
    """Holders of the six roles whose stance or influence is unknown (one gap per account).

    docs/methodology.md §7 (information asymmetry): the seller never sees
    everything; the map should say what it does not know, so the team can
    find out through interviews, observation and questionnaires. Where our
    inside coach's loyalty is divided (``divided-loyalty``), the advice does
    not send us to them (``fields["coach"]`` is ``"doubtful"``).
    """
    unknown = ctx.any_role & (~ctx.stance_known | np.isnan(ctx.influence))
    gaps = []
    for a, people in ctx.ranked(unknown).items():
        for p in people:
            ctx.mark(a, "unknown", p)
        fields = {"coach": "doubtful"} if ctx.is_covered(a, "doubtful-coach", None) else {}
        gaps.append(RawGap(a, "unknown-attributes", "low", people, fields=fields))
    return gaps


@rule("competitor-aligned", silenced_by=("divided-loyalty", "power-shift"))
def competitor_aligned(ctx: Context) -> list[RawGap]:
    """A contact with influence >= 4, a decision role (decision maker, advisor), or an executive of unknown
    influence leans to a competitor.

    docs/methodology.md §5 (information power): know the competitors and who
    they are working; an influential contact leaning elsewhere is lost unless
    we learn why. One gap per person. Where our inside coach's loyalty is
    divided, the advice does not send us through them. Where the contact
    supports us (``fields["stance"]`` is ``"supports"``), the advice is to
    keep their support and guard what we share, not to win them back.
    """
    competitor = ctx.batch.column("competitor")
    decisive = ctx.flags["decision_maker"] | ctx.flags["advisor"]
    possibly = (ctx.influence >= ctx.policy.high_influence) | (ctx.executive & np.isnan(ctx.influence))
    leaning = (competitor != "") & (decisive | possibly) & ~ctx.covered_people("person")
    people = np.flatnonzero(leaning)
    code = ctx.code[people]
    doubtful = ctx.covered_accounts("doubtful-coach", None)[code]
    # one of ours with such ties is no opponent to win back: what we tell them may reach the competitor
    ours = ctx.supporter[people]
    return [
        RawGap(
            a,
            "competitor-aligned",
            "high" if decides else "medium",
            [p],
            fields={
                "competitor": rival,
                **({"coach": "doubtful"} if doubt else {}),
                **({"stance": "supports"} if supports else {}),
            },
        )
        for p, a, decides, rival, doubt, supports in zip(
            people.tolist(),
            code.tolist(),
            decisive[people].tolist(),
            competitor[people].tolist(),
            doubtful.tolist(),
            ours.tolist(),
        )
    ]


# -- stage readiness (docs/methodology.md §6) ---------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A stage's relationship or information condition, per account."""

    id: str
    stage: int  # from this stage on it applies
    met: np.ndarray  # per account
    involved: np.ndarray  # per contact: the people to name
    limit: int | None = None  # how many to name at most
    covered_by: tuple = ()  # gap codes (or code:role) that already report the same problem
    high_when_due: bool = False  # high from its own stage, not only once overdue
    until: int | None = None  # the last stage it applies to: its part of the sale is over after it


def _stage_conditions(ctx: Context) -> list[Condition]:
    if not len(ctx.batch.accounts):
        return []
    p = ctx.policy
    engaged, level, executive, rel = ctx.engaged, ctx.level, ctx.executive, ctx.relationship
    departments = ctx.cover["departments"].to_numpy()
    departments_engaged = ctx.cover["departments_engaged"].to_numpy()
    key_people = ctx.any_role | (ctx.influence >= p.high_influence)
    coach = ctx.flags["inside_coach"]
    commercial = ctx.flags["purchaser"] | ctx.flags["finance"]
    handler = ctx.handler
    known_handler = ctx.handler_known
    engaged_handler = ctx.count(handler & engaged) > 0
    # the handler's later conditions are met trivially where the handler is unknown or never engaged: that is
    # one problem, reported once (handler-identified, handler-engaged), not three times
    unreached_handler = ~known_handler | ~engaged_handler
    say = (level == "mid") | executive | (ctx.influence >= p.handler_min_influence)
    deciders = ctx.flags["decision_maker"] | ctx.flags["advisor"]
    evaluators = np.zeros(ctx.batch.n, dtype=bool)  # the buying team: every role but the inside coach, who may
    for r in ROLES:  # sit outside the purchase
        if r != "inside_coach":
            evaluators |= ctx.flags[r]
    blocked = {key[2] for key, codes in ctx.covered.items() if key[1] == "person" and codes & ctx.hears}
    opposed_exec = executive & ctx.opposed
    unflagged_opposed_exec = opposed_exec.copy()
    unflagged_opposed_exec[list(blocked)] = False
    unknown_reported = np.zeros(ctx.batch.n, dtype=bool)
    unknown_reported[[key[2] for key, codes in ctx.covered.items() if key[1] == "unknown" and codes & ctx.hears]] = True
    unknown_key = key_people & ~ctx.stance_known & ~unknown_reported
    nobody = np.zeros(ctx.batch.n, dtype=bool)

    def share_min(n: int) -> np.ndarray:
        return departments_engaged >= np.minimum(n, np.maximum(departments, 1))

    return [
        Condition("handler-identified", 1, known_handler, nobody, until=p.early_executive_max_stage),
        Condition("handler-engaged", 1, ~known_handler | engaged_handler, handler & ~engaged),
        Condition(
            "handler-mid-level",
            2,
            unreached_handler | (ctx.count(handler & engaged & say) > 0),
            handler & engaged,
        ),
        Condition(
            "handler-personal-needs",
            2,
            unreached_handler | (ctx.count(handler & (rel >= p.deep_relationship)) > 0),
            handler & (rel < p.deep_relationship),
        ),
        Condition(
            "handler-bond",
            3,
            unreached_handler | (ctx.count(handler & (rel >= p.trusted_relationship)) > 0),
            handler & (rel < p.trusted_relationship),
        ),
        Condition("departments-contacted", 3, share_min(p.stage3_min_departments), engaged),
        Condition("key-attitudes-known", 3, ctx.count(unknown_key) == 0, unknown_key),
        Condition(
            "coach-deepened",
            4,
            # a coach who doubts us is no inside source, however close (domain: only those who really trust us)
            ctx.count(coach & (rel >= p.deep_relationship) & ~ctx.opposed) > 0,
            coach,
            covered_by=("missing-role:inside_coach", "uncovered-role:inside_coach"),
        ),
        Condition(
            "senior-leaders-satisfied",
            4,
            (ctx.count(executive & ctx.supporter) > 0) & (ctx.count(unflagged_opposed_exec) == 0),
            opposed_exec | (executive & ~ctx.supporter),
            p.max_named,
        ),
        Condition("more-departments-engaged", 5, share_min(p.stage5_min_departments), nobody),
        Condition(
            "senior-leader-reached",
            5,
            ctx.count(engaged & (executive | ctx.flags["decision_maker"])) > 0,
            nobody,
            covered_by=("decision-maker-unreached",),
        ),
        Condition(
            "key-people-feelings",
            5,
            ctx.count(deciders & engaged & (rel < p.deep_relationship)) == 0,
            deciders & engaged & (rel < p.deep_relationship),
            p.max_named,
        ),
        Condition(
            "evaluation-team-leaning", 6, ctx.count(ctx.any_role & ~ctx.supporter) == 0, ctx.any_role & ~ctx.supporter
        ),
        Condition(
            "evaluators-trusted",
            6,
            ctx.count(evaluators & (rel < p.evaluation_relationship)) == 0,
            evaluators & (rel < p.evaluation_relationship),
            high_when_due=True,
        ),
        Condition(
            "commercial-contacts-engaged", 7, ctx.count(commercial & engaged) > 0, commercial, high_when_due=True
        ),
        Condition(
            "executives-interact", 8, ctx.count(executive & (rel >= p.deep_relationship)) > 0, executive, p.max_named
        ),
    ]


@rule(
    "stage-readiness",
    silenced_by=(
        "veto-risk",
        "divided-loyalty",
        "single-threaded",
        "missing-role",
        "uncovered-role",
        "decision-maker-unreached",
        "resistant-key-user",
        "bypassed-gatekeeper",
        "bypassed-mid-level",
        "advisor-not-won",
        "influential-blocker",
        "unknown-attributes",
    ),
)
def stage_readiness(ctx: Context) -> list[RawGap]:
    """A relationship or information condition of the deal's stage is not met (one gap per condition).

    docs/methodology.md §6: each of the eight stages of a project sale has a
    relationship and information condition the power map should show by
    then; conditions of earlier stages still hold later: stage 1 a handler
    identified and engaged, stage 2 an influential handler (mid level or
    influence >= 3, policy ``handler_min_influence``) whose personal needs
    are understood, stage 3 a special bond with the handler, stage 5 the key
    people's feelings, stage 6 every evaluator at the highest layer (§4,
    policy ``evaluation_relationship``), stage 7 procurement and finance
    engaged. An unmet condition of an earlier stage is overdue (high); one of
    the current stage, medium, except the evaluation stage's depth (winning
    it means about 75% win chance) and the negotiation's commercial roles,
    high when due. No handler identified is medium, and only in the
    handler's own stages (1-3, policy ``early_executive_max_stage``). Silent
    where a specific gap already reports the same problem.
    """
    reported: dict[str, list[int]] = {}  # the accounts where each heard code (and code:role) was reported
    for g in ctx.heard():
        reported.setdefault(g.code, []).append(g.account)
        reported.setdefault(f"{g.code}:{g.role}", []).append(g.account)
    gaps = []
    for c in _stage_conditions(ctx):
        due = (ctx.stage >= c.stage) & ~np.asarray(c.met, dtype=bool)
        if c.until is not None:
            due &= ctx.stage <= c.until
        if not due.any():
            continue
        people = ctx.ranked(c.involved & due[ctx.code])
        for code in c.covered_by:
            due[reported.get(code, [])] = False
        accounts = np.flatnonzero(due)
        stages = ctx.stage[accounts]
        high = ((stages > c.stage) & (c.until is None)) | c.high_when_due
        for a, stage, severe in zip(accounts.tolist(), stages.astype(np.int64).tolist(), high.tolist()):
            gaps.append(
                RawGap(
                    a,
                    "stage-readiness",
                    "high" if severe else "medium",
                    people.get(a, [])[: c.limit],
                    condition=c.id,
                    fields={"stage": stage, "condition_stage": c.stage},
                )
            )
    return gaps


# The order rules run in: a rule that silences another runs before it (checked below).
ORDER = (
    "veto-risk",
    "resistant-key-user",
    "late-technical-engagement",
    "decision-maker-unreached",
    "executive-too-early",
    "bypassed-gatekeeper",
    "bypassed-mid-level",
    "advisor-not-won",
    "weak-initiator",
    "missing-role",
    "uncovered-role",
    "unsupportive-initiator",
    "role-concentration",
    "few-mid-level-allies",
    "influential-blocker",
    "opposed-staff",
    "single-threaded",
    "stale-relationship",
    "divided-loyalty",
    "power-shift",
    "unknown-attributes",
    "competitor-aligned",
    "stage-readiness",
)

# The contract's table order, used to present gaps
CODES = (
    "missing-role",
    "uncovered-role",
    "decision-maker-unreached",
    "weak-initiator",
    "few-mid-level-allies",
    "bypassed-gatekeeper",
    "resistant-key-user",
    "influential-blocker",
    "single-threaded",
    "stale-relationship",
    "late-technical-engagement",
    "stage-readiness",
    "unknown-attributes",
    "competitor-aligned",
    "bypassed-mid-level",
    "advisor-not-won",
    "executive-too-early",
    "role-concentration",
    "power-shift",
    "unsupportive-initiator",
    "opposed-staff",
    "veto-risk",
    "divided-loyalty",
)


def _check_catalogue() -> None:
    if set(CODES) != set(RULES) or sorted(ORDER) != sorted(RULES):
        raise ImportError("gaps: CODES, ORDER and the registered rules disagree")
    for code, silencers in SILENCED_BY.items():
        late = [s for s in silencers if s not in RULES or ORDER.index(s) > ORDER.index(code)]
        if late:
            raise ImportError(f"gaps: {code} is silenced by {late}, which do not run before it")


_check_catalogue()


# the kinds of deal-killer, in the order the headline prefers when an account has several
KILLERS = ("opposed-decider", "veto", "divided-loyalty", "power-shift", "unreached")
# the codes about one person, and where the gap names them: the first contact, or the second (the executive
# comes first); the other codes name people concerned (candidates, holders, engaged contacts), not a subject
SUBJECT = {
    "bypassed-gatekeeper": 1,
    "bypassed-mid-level": 1,
    "advisor-not-won": 1,
    "veto-risk": 0,
    "resistant-key-user": 0,
    "influential-blocker": 0,
    "divided-loyalty": 0,
    "power-shift": 0,
    "competitor-aligned": 0,
    "stale-relationship": 0,
    "decision-maker-unreached": 0,
    "weak-initiator": 0,
    "unsupportive-initiator": 0,
    "role-concentration": 0,
}


def deal_killers(ctx: Context, gaps: list[RawGap]) -> None:
    """Mark the gaps that are deal-killers (``killer``): any one of them makes the deal high risk.

    docs/methodology.md "Risk": a coach reads the worst problem first, and
    some problems lose the deal whatever else is fine:

    - ``opposed-decider``: a decision maker or advisor with high influence
      (>= 4, or unknown) opposes us, or someone a decision maker trusts or is
      influenced by through a link (§1: the advisor, the decision maker's
      trusted person, is treated as a decision maker; §5 decision power);
    - ``veto``: an opposed person who can veto (``veto-risk``, §1, §3);
    - ``divided-loyalty``: a coach or supporter also serves a competitor
      (§1 inside coach, §5 information power); not one we have not met;
    - ``power-shift``: from stage 4 (policy ``shift_killer_from_stage``) a
      newcomer we do not know, or who opposes us, sits above our champion
      or handler (§7 power shifts);
    - ``unreached``: from stage 6 (policy ``killer_unreached_from_stage``)
      nobody has reached the decision maker (§5: never reaching the top
      decision maker is very dangerous; §6: the evaluation picks the vendor).
    """
    deciders = (ctx.flags["decision_maker"] | ctx.flags["advisor"] | ctx.trusted_by_decider) & ctx.opposed
    deciders &= (ctx.influence >= ctx.policy.high_influence) | np.isnan(ctx.influence)
    if not gaps:
        return
    code = np.array([gap.code for gap in gaps], dtype=object)
    at = [SUBJECT.get(gap.code, -1) for gap in gaps]
    subject = np.array([g.contacts[k] if 0 <= k < len(g.contacts) else -1 for g, k in zip(gaps, at)], dtype=np.int64)
    stage = ctx.stage[np.array([gap.account for gap in gaps], dtype=np.int64)]
    someone = np.where(subject >= 0, subject, 0)
    shift = np.array([g.code == "power-shift" and bool(g.fields["above"]) for g in gaps], dtype=bool)
    # a coach or initiator we have not met has heard none of our plans: their ties are a warning, not a lost deal
    divided = np.array([g.code == "divided-loyalty" and "met" not in g.fields for g in gaps], dtype=bool)
    stranger = ~ctx.engaged[someone] | ~ctx.stance_known[someone] | ctx.opposed[someone]
    # the first that holds, in this order, decides (a power shift of someone on our side is no killer)
    cases = [
        (code == "veto-risk", "veto"),
        (divided, "divided-loyalty"),
        ((subject >= 0) & deciders[someone] & (code != "stage-readiness"), "opposed-decider"),
        (shift & (stage >= ctx.policy.shift_killer_from_stage), "power-shift"),
        ((code == "decision-maker-unreached") & (stage >= ctx.policy.killer_unreached_from_stage), "unreached"),
    ]
    decided = np.zeros(len(gaps), dtype=bool)
    for holds, kind in cases:
        now = holds & ~decided
        decided |= now
        for i in np.flatnonzero(now).tolist():
            gaps[i].killer = None if kind == "power-shift" and not stranger[i] else kind


def find_gaps(ctx: Context) -> list[RawGap]:
    """Run every rule in :data:`ORDER` over the batch; each hears only the rules it declares; then mark the
    deal-killers (:func:`deal_killers`)."""
    ctx.fired, ctx.covered = [], {}
    for code in ORDER:
        ctx.running, ctx.hears = code, frozenset(SILENCED_BY[code])
        ctx.fired.extend(RULES[code](ctx))
    ctx.running, ctx.hears = "", frozenset()
    deal_killers(ctx, ctx.fired)
    return ctx.fired
