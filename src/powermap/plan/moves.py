"""What a plan's step is: the candidate moves (one change to one person, or several met together), their
scores, and what they cost and gain (:class:`Costs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "KINDS",
    "ACTION_FIELDS",
    "RISK_RANK",
    "SEVERITY_RANK",
    "GROUPED",
    "FOLLOWS",
    "Costs",
    "Candidate",
    "own_person",
    "person_changes",
    "Scored",
]


KINDS = ("engage", "deepen", "convert", "neutralise", "find", "refresh", "second-owner", "arm")


ACTION_FIELDS = [
    "rank",
    "action",
    "kind",
    "contact",
    "change",
    "via",
    "member",
    "resolves",
    "opens",
    "changes",
    "severity",
    "coverage_after",
    "risk_after",
    "cost",
]


RISK_RANK = {"low": 0, "medium": 1, "high": 2}


SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


GROUPED = ("engage", "deepen", "convert", "neutralise")  # the kinds a coach does with several people at once


FOLLOWS = ("neutralise", "convert", "engage")  # the actions on a person whose gain their lever shares


@dataclass(frozen=True)
class Costs:
    """What an action costs and what it is worth, in one place (the plan's policy).

    cost = kind + level of the person + ``hop`` per person between our first contact and them (``cold`` when
    nobody we engage reaches them) + ``opposed`` per step of opposition (a skeptic 1, a blocker 2).

    gain = coverage points gained + ``risk_point`` per risk point removed (3 per high gap, 1 per medium one)
    + ``risk_level`` per step the risk level falls + ``high_gap``, ``medium_gap`` or ``low_gap`` per gap of that
    severity resolved, less the same per gap opened (the risk points of one rule count once: the tenth blocker won
    moves no point, yet it is one blocker fewer), + ``risk_point`` per risk point of each influential blocker
    and each person we went around beyond the first of their kind (the grade weighs ten blockers as one kind of
    problem; the plan weighs each person won, while one surfacing costs only what the grade counts), this last part
    only for a step whose grade after is as low as any step that may be taken reaches (the grade first, then extra
    allies), the most influential of several blockers weighing up to twice as much (as far as her influence
    exceeds the others' mean: :func:`powermap.plan.scoring.worst_blocker`); an action that
    closes a gap between a team member's relationship and its ``desired`` depth gains ``desired`` per step; the
    engagement of the person an opponent listens to (or of an executive's gatekeeper) gains ``lever_share`` of
    what the follow-up action on that person gains; the gatekeeper of a gatekeeper (a manager on the way to the
    vice-president who is the way to the CEO) gains ``lever_share`` of an equal part of what meeting everyone on
    that road gains.

    A path's strength is the product of the influence weights along it (as ``reach_to_decision`` reads them)
    times ``prefer[level]`` for every person on it who carries us, and ``not_supporter`` for each of them who
    is not a supporter: mid-level allies first (docs/methodology.md §2).

    A grouped step (several people met together, its ``change`` a mapping per contact) costs what its dearest
    person's step would cost, as one meeting, plus ``group_person`` for each other person; it holds at most
    ``group_size`` people.
    """

    kind: tuple = (
        ("engage", 1.0),
        ("deepen", 1.0),
        ("convert", 2.0),
        ("neutralise", 2.5),
        ("find", 3.0),
        ("refresh", 0.5),
        ("second-owner", 1.0),
        ("arm", 2.0),
    )
    level: tuple = (("executive", 1.5), ("mid", 0.5), ("staff", 0.0))
    unknown_level: float = 0.5
    deepen_step: float = 1.0
    hop: float = 0.5
    cold: float = 3.0
    opposed: float = 1.0
    risk_point: float = 3.0
    risk_level: float = 8.0
    low_gap: float = 0.5
    medium_gap: float = 0.5
    high_gap: float = 0.5
    lever_share: float = 0.5
    desired: float = 1.0
    prefer: tuple = (("mid", 1.0), ("staff", 0.8), ("executive", 0.6))
    not_supporter: float = 0.8
    max_candidates: int = 40
    group_person: float = 0.5
    group_size: int = 6


@dataclass
class Candidate:
    kind: str
    contact: str
    change: dict
    reason: str
    lever_for: str | None = None
    member: str | None = None
    role: str | None = None
    first: int = 0  # a line: how many of its people (the ones a step would go around) are met first


def own_person(candidate: Candidate) -> str:
    """The person a step is for: its contact, or for a line (:meth:`Planner.lines`) the first person after the
    people it meets first."""
    return list(candidate.change["people"])[candidate.first] if candidate.first else candidate.contact


def person_changes(candidate: Candidate) -> list[tuple[str, dict]]:
    """Each person a candidate changes, with their change: one, or several for a grouped step (``{"people":
    {id: change, ...}}``, what :func:`powermap.plan.whatif.what_if` takes as ``people``)."""
    if "people" in candidate.change:
        return list(candidate.change["people"].items())
    return [(candidate.contact, candidate.change)]


@dataclass
class Scored:
    candidate: Candidate
    coverage_after: float
    risk_after: str
    resolves: list
    opens: list
    severity: str | None
    gain: float
    cost: float = 0.0
    via: list = field(default_factory=list)
    cold: str | None = None
    source: tuple | None = None  # (batch analysis, copy) this candidate's numbers came from
    opens_high: bool = False  # it opens more high-severity gaps (deal-killers) than it closes: never a step
    changes: list = field(default_factory=list)  # one person's gap under another code: [{"from", "to"}]
    people: float = 0.0  # the part of ``gain`` that counts each blocker or bypassed person won beyond the grade
    worst: float = 0.0  # the part of ``people`` for the most influential of several blockers: no lever shares it
    around: list = field(default_factory=list)  # the people a gap it opens says we went around (bypass gaps)
    killers: int = 0  # the deal-killers the map still has after it
    road: tuple = (None, None)  # on a deal-killer's road: (for whom, why), said in its sentence when it is taken
