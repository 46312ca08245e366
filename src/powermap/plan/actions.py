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

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

import numpy as np
import pandas as pd

from powermap.analysis.batch import Batch, copies, make_batch
from powermap.analysis.gates import gatekeeper_pairs
from powermap.analysis.run import Analysis, analyze_batch, analyze_made, deal_and_analysis, one_map
from powermap.analysis.same_gap import BYPASS, GapMatcher, gap_items, gap_subject
from powermap.core.collector import paused_collector
from powermap.core.deal import Deal
from powermap.core.graph import EMPTY_LINKS
from powermap.io.activity import engagement_from_activity
from powermap.io.validate import Account, reporting_depth
from powermap.plan.whatif import blank_row, changed_contacts, new_person, new_person_row, typed_added
from powermap.policy import Policy
from powermap.text.words import words
from powermap.vocab import ROLE_LABELS

__all__ = ["plan", "plan_actions", "plan_many", "plan_pipeline", "Costs", "KINDS", "ACTION_FIELDS"]

KINDS = ("engage", "deepen", "convert", "neutralise", "find", "refresh", "second-owner")
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
# what a copy that changes no line, no role and no declared influence keeps of its map's scores (metrics.scores)
STRUCTURE = ("pagerank", "brokerage", "reach_to_decision", "effective_influence", "influence_rank")
GROUPED = ("engage", "deepen", "convert", "neutralise")  # the kinds a coach does with several people at once
FOLLOWS = ("neutralise", "convert", "engage")  # the actions on a person whose gain their lever shares
PEER_WEIGHT = 0.5  # how strongly a peer under the same manager introduces us (a manager to a report: 1, up: 0.5)


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
    allies); an action that
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
class _Candidate:
    kind: str
    contact: str
    change: dict
    reason: str
    lever_for: str | None = None
    member: str | None = None
    role: str | None = None
    first: int = 0  # a line: how many of its people (the ones a step would go around) are met first


def _own(candidate: _Candidate) -> str:
    """The person a step is for: its contact, or for a line (:meth:`_Planner.lines`) the first person after the
    people it meets first."""
    return list(candidate.change["people"])[candidate.first] if candidate.first else candidate.contact


def person_changes(candidate: _Candidate) -> list[tuple[str, dict]]:
    """Each person a candidate changes, with their change: one, or several for a grouped step (``{"people":
    {id: change, ...}}``, what :func:`powermap.plan.whatif.what_if` takes as ``people``)."""
    if "people" in candidate.change:
        return list(candidate.change["people"].items())
    return [(candidate.contact, candidate.change)]


@dataclass
class _Scored:
    candidate: _Candidate
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
    around: list = field(default_factory=list)  # the people a gap it opens says we went around (bypass gaps)
    killers: int = 0  # the deal-killers the map still has after it
    road: tuple = (None, None)  # on a deal-killer's road: (for whom, why), said in its sentence when it is taken


# -- the state of one step -------------------------------------------------------------------------------------


class _Shared:
    """A pipeline's contacts as the arrays a state reads, converted once for all accounts (:func:`plan_pipeline`):
    each account's first state is cut out of them instead of being rebuilt from its own frame."""

    def __init__(self, contacts: pd.DataFrame, analysis: Analysis):
        self.plain = one_map(contacts)  # every account's rows, in the batch's order
        self.cells: dict[str, list] = {}  # columns of plain as Python values, as _State.cell reads them
        batch = make_batch(contacts)  # grouped by account already: the rows keep their order
        self.arrays = _arrays(self.plain)
        scores = analysis.scores
        self.eff = scores["effective_influence"].to_numpy(dtype=float)
        self.structure = {k: scores[k].to_numpy(dtype=float) for k in STRUCTURE}
        self.batch = batch
        self.parent, self.src, self.dst, self.weight = batch.parent, batch.src, batch.dst, batch.weight
        self.cover = analysis.coverage.drop(columns=["account"]).to_dict("records")
        gaps = analysis.gaps
        self.gap_rows = list(gaps.drop(columns=["account"]).itertuples(index=False))  # one pass for all accounts
        self.gap_items = gap_items(gaps)
        keys = gaps["account"].to_numpy(dtype=object)
        edges = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True]) if len(keys) else np.array([0])
        self.gap_runs = {keys[a]: (int(a), int(b)) for a, b in zip(edges[:-1], edges[1:])}
        # an executive's pairs keep the order the account's own call gives them: each kind of pair is found in
        # position order, and the positions run account by account
        keepers, people = _gatekeepers(self.arrays, self.parent, self.src, self.dst)
        order = np.argsort(keepers, kind="stable")
        self._keepers, self._people = keepers[order], people[order]

    def gatekeepers(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """The (executive, person on the way to them) pairs of the account at rows ``start:stop``, as positions in
        the account (:func:`_gatekeepers` of its own arrays)."""
        a, b = np.searchsorted(self._keepers, [start, stop])
        return self._keepers[a:b] - start, self._people[a:b] - start


@dataclass
class _Rows:
    """One account of a :class:`_Shared` pipeline: its rows ``start:stop``, its key and position in the batch
    and its facts."""

    shared: _Shared
    start: int
    stop: int
    key: Any
    code: int
    account: Account


def _arrays(c: pd.DataFrame) -> dict[str, Any]:
    """The columns of contacts a state reads, as arrays."""
    # someone who leans to a competitor carries no introduction of ours, whatever their stance
    competitor = c["competitor"] if "competitor" in c.columns else pd.Series([""] * len(c))
    roles = c["roles"].tolist()
    return {
        "ids": c["id"].to_numpy(dtype=object),
        "gatekeeper": np.array(["gatekeeper" in r for r in roles], dtype=bool),
        "advisor": np.array(["advisor" in r for r in roles], dtype=bool),
        "level": c["level"].to_numpy(dtype=object, na_value=None),
        "stance": c["stance"].to_numpy(dtype=float, na_value=np.nan),
        "rel": c["relationship"].to_numpy(dtype=int),
        "roles": np.asarray(c["roles"].to_numpy(dtype=object), dtype=object),
        "owner": c["owner"].to_numpy(dtype=object),
        "dept": c["department"].to_numpy(dtype=object),
        "depth": c["depth"].to_numpy(dtype=float, na_value=np.inf),
        "disloyal": competitor.fillna("").astype(str).str.strip().ne("").to_numpy(),
        # the team members an activity log saw touch each contact (--activities), when the map has them
        "touched_by": c["touched_by"].to_numpy(dtype=object) if "touched_by" in c.columns else None,
    }


def _owner(value: Any) -> str:
    """An owner as a change sets it (``changed_contacts``)."""
    return str(value).strip()


def _columns_of(change: dict) -> set[str]:
    """The contact columns a person's change sets (a relationship given is marked so)."""
    return {*change, "relationship_source"} if "relationship" in change else set(change)


def _gatekeepers(
    arrays: dict[str, Any], parent: np.ndarray, src: np.ndarray, dst: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every executive and each person on the way to them (:func:`~powermap.analysis.gates.gatekeeper_pairs` of
    every executive), from a state's :func:`_arrays`."""
    executive = arrays["level"] == "executive"
    depth = arrays["depth"]
    keepers, people, _ = gatekeeper_pairs(
        executive,
        parent=parent,
        executive=executive,
        gatekeeper=arrays["gatekeeper"],
        advisor=arrays["advisor"],
        engaged=arrays["rel"] >= 1,
        depth=np.where(np.isfinite(depth), depth, -1),
        src=src,
        dst=dst,
    )
    return keepers, people


class _Edges:
    """The influence edges around each person, as ``[(other, weight), ...]`` in the edges' order: grouped by one
    end once, each person's list made when first asked for (a plan reads the edges of a few people)."""

    def __init__(self, key: np.ndarray, other: np.ndarray, weight: np.ndarray):
        order = np.argsort(key, kind="stable")
        self.key, self.other, self.weight = key[order], other[order], weight[order]
        self.made: dict[int, list[tuple[int, float]]] = {}

    def get(self, k: int) -> list[tuple[int, float]]:
        if k not in self.made:
            a, b = np.searchsorted(self.key, [k, k + 1])
            self.made[k] = list(zip(self.other[a:b].tolist(), self.weight[a:b].tolist()))
        return self.made[k]


class _State:
    """One map with its analysis and the arrays the candidates and paths read.

    ``pm`` is the map, or one account's rows of a pipeline's shared arrays (the map is then made only when the
    next step needs it). :meth:`after` makes the state a step leaves on a pipeline's account the same way."""

    def __init__(self, pm: Deal | _Rows, analysis: Analysis | None = None):
        self.analysis = analysis  # None for a pipeline's account: its rows of the pipeline's analysis are read
        self._pm: Deal | None = None
        self._c: pd.DataFrame | None = None
        self._batch: Batch | None = None
        self._rows: _Rows | None = None
        self._cells: dict[str, list] = {}
        # a step's state on a pipeline's account (after): the state before it and the step
        self._before: tuple[_State, _Candidate] | None = None
        self.applied: list[tuple[int, dict]] = []  # the cells the steps so far changed in the shared rows, in order
        if isinstance(pm, _Rows):
            self._rows, self.account = pm, pm.account
            shared, a, b = pm.shared, pm.start, pm.stop
            arrays: dict[str, Any] = {k: None if v is None else v[a:b] for k, v in shared.arrays.items()}
            self.eff = shared.eff[a:b]
            self._structure = {k: v[a:b] for k, v in shared.structure.items()}
            self.cover = shared.cover[pm.code]
            g0, g1 = shared.gap_runs.get(pm.key, (0, 0))
            self.gap_rows = shared.gap_rows[g0:g1]
            self.gap_items = shared.gap_items[g0:g1]
            parent = shared.parent[a:b]
            self.parent = np.where(parent >= 0, parent - a, parent)
            e0, e1 = np.searchsorted(shared.src, [a, b])  # edges never leave an account and run by source
            src, dst, weight = shared.src[e0:e1] - a, shared.dst[e0:e1] - a, shared.weight[e0:e1]
        else:
            self._pm, self.account = pm, pm.account
            self._c = one_map(pm.contacts)  # the copies get an account column of their own
            arrays = _arrays(self._c)
            assert analysis is not None
            self.eff = analysis.scores["effective_influence"].to_numpy(dtype=float)
            self._structure = {k: analysis.scores[k].to_numpy(dtype=float) for k in STRUCTURE}
            self.cover = analysis.coverage.iloc[0]
            self.gap_rows = list(analysis.gaps.itertuples(index=False))
            self.gap_items = gap_items(analysis.gaps)
            self.parent = self.batch.parent
            src, dst, weight = self.batch.src, self.batch.dst, self.batch.weight
        if self._rows is not None:  # the pipeline's pairs, found once for all accounts
            keepers, people = self._rows.shared.gatekeepers(self._rows.start, self._rows.stop)
        else:
            keepers, people = _gatekeepers(arrays, self.parent, src, dst)
        self._derive(arrays, src, dst, weight, keepers, people)

    @classmethod
    def after(cls, before: _State, step: _Candidate, source: tuple) -> _State:
        """The state ``step`` leaves on a pipeline's account (no person added): ``before``'s shared rows with the
        step's cells changed, read from the analysed copy, no map or graph of its own made (as for the first
        state, the map is made only when asked for). The same state as ``_State(_apply(before.pm, step),
        _copy_analysis(source))``."""
        assert before._rows is not None and "add" not in step.change
        self = cls.__new__(cls)
        self.analysis = None  # read from the copies' tables, as a pipeline's first state is from its own
        self._pm, self._c, self._batch, self._cells = None, None, None, {}
        self._rows, self.account, self._before = before._rows, before.account, (before, step)
        changed = [(before.at[contact], change) for contact, change in person_changes(step)]
        self.applied = [*before.applied, *changed]
        arrays = dict(before._arrays)
        converters: dict[str, tuple[str, Callable[[Any], Any]]] = {
            "relationship": ("rel", int),
            "stance": ("stance", float),
            "owner": ("owner", _owner),
        }
        for column, (name, convert) in converters.items():
            at = [(i, change[column]) for i, change in changed if column in change]
            if at:
                arrays[name] = arrays[name].copy()
                for i, value in at:
                    arrays[name][i] = convert(value)
        copies, j = source
        self.eff = copies.scores("effective_influence", j)
        self._structure = {k: copies.scores(k, j) for k in STRUCTURE}
        self.cover = copies.cover(j)
        self.gap_rows = copies.gap_rows(j)
        self.gap_items = copies.items.get(j, [])
        self.parent = before.parent
        src, dst, weight = before._edges
        self._derive(arrays, src, dst, weight, *_gatekeepers(arrays, self.parent, src, dst))
        return self

    def _derive(
        self,
        arrays: dict[str, Any],
        src: np.ndarray,
        dst: np.ndarray,
        weight: np.ndarray,
        keepers: np.ndarray,
        on_the_way: np.ndarray,
    ) -> None:
        """What the candidates and paths read, from the map's arrays, influence edges and gatekeeper pairs."""
        self._arrays, self._edges = arrays, (src, dst, weight)
        self.ids = arrays["ids"]
        self.at = {cid: i for i, cid in enumerate(self.ids)}
        self.n = len(self.ids)
        self.level, self.stance, self.rel = arrays["level"], arrays["stance"], arrays["rel"]
        self.roles = list(arrays["roles"])
        self.owner, self.dept, self.depth = arrays["owner"], arrays["dept"], arrays["depth"]
        self._least_known: tuple | None = None
        self._matcher: GapMatcher | None = None
        self.engaged = self.rel >= 1
        leaning = np.nan_to_num(self.stance, nan=0)
        self.leaning = leaning.tolist()  # the stance, 0 where unknown
        self.opposed = leaning <= -1
        self.supporter = leaning >= 1
        self.executive = self.level == "executive"
        gaps = self.gap_rows
        self.bypassed = {gap.contacts[0] for gap in gaps if gap.code == "bypassed-gatekeeper"}
        self.disloyal = arrays["disloyal"]
        self.touched_by = arrays["touched_by"]
        self.stage = self.account.stage
        positive = weight > 0
        self.out = _Edges(src[positive], dst[positive], weight[positive])  # whom each person influences
        self.into = _Edges(dst[positive], src[positive], weight[positive])  # who influences each person
        # the executives a gap's advice says not to go through: the one we went around, for the people we went around
        # (and their own people); the executives met too early, for everyone until the road to them is won
        self.not_through: dict[int, set[int]] = {}
        self.never_through: set[int] = set()
        for code, people in ((gap.code, gap.contacts) for gap in gaps):
            if code not in BYPASS and code != "executive-too-early":
                continue
            at = [self.at[p] for p in people if p in self.at]
            if code in BYPASS and len(at) > 1:
                self.not_through.setdefault(at[1], set()).add(at[0])
            elif code == "executive-too-early":  # the executives we engage: after the road to them, or alone
                self.never_through.update(i for i in at if self.engaged[i] and self.executive[i])
        self.ancestors = []
        parent = self.parent.tolist()  # walked in Python: plain ints, not numpy scalars
        for i in range(self.n):
            chain: list[int] = []
            p = parent[i]
            while p >= 0 and len(chain) < self.n:
                chain.append(p)
                p = parent[p]
            self.ancestors.append(chain)
        self.children: dict[int, list[int]] = {}
        for child, p in enumerate(parent):
            if p >= 0:
                self.children.setdefault(p, []).append(child)
        self._neighbours: dict[int, list[tuple[int, float]]] = {}
        # the people on the way to each executive, as the gaps that say we went around them read them
        self.gatekeepers: dict[int, list[int]] = {}
        for a, g in zip(keepers.tolist(), on_the_way.tolist()):
            self.gatekeepers.setdefault(a, []).append(g)
        self.briefed = self._briefed(arrays["gatekeeper"] | arrays["advisor"])

    def _briefed(self, tagged: np.ndarray) -> dict[int, set[int]]:
        """Per decision maker the deal cannot wait for (the ``unreached`` deal-killer): the managers in between who
        are briefed after the meeting rather than met before it.

        Such a decision maker is met through one line, the normal business path (docs/methodology.md §2): one
        person on the way to them who is ours (engaged, not against us), or who is met first anyway (their
        assistant or advisor, or a manager against us, won first), is enough. The managers in between who are
        neither engaged nor against us are no longer met before the decision maker; the meeting opens their
        ``bypassed-mid-level`` gaps, which the next steps close. Where everyone on the way is such a manager, the
        one most of our supporters report through stays, the line to open.
        """
        due = {
            self.at[p]
            for gap in self.gap_rows
            if gap.code == "decision-maker-unreached" and gap.deal_killer == "unreached"
            for p in gap.contacts
            if p in self.at
        }
        briefed: dict[int, set[int]] = {}
        ours_below: dict[int, int] = {}
        if due:
            for p in np.flatnonzero(self.engaged & self.supporter).tolist():
                for a in self.ancestors[p]:
                    ours_below[a] = ours_below.get(a, 0) + 1
        for i in sorted(due):
            gates = self.gatekeepers.get(i, [])
            waiting = [g for g in gates if not (tagged[g] or self.opposed[g] or self.engaged[g])]
            if len(waiting) == len(gates) and waiting:  # no line open, and none met first anyway: one to open stays
                own = {
                    g: sum(not self.engaged[x] or self.opposed[x] for x in self.gatekeepers.get(g, [])) for g in gates
                }
                best = max(gates, key=lambda g: (ours_below.get(g, 0), -own[g], float(self.eff[g]), -g))
                waiting.remove(best)
            if waiting:
                briefed[i] = set(waiting)
        return briefed

    @property
    def pm(self) -> Deal:
        """The deal (made from the pipeline's rows, or the map before the step, on first use)."""
        if self._pm is None:
            if self._before is not None:
                before, step = self._before
                self._pm = _apply(before.pm, step)
            else:
                self._pm = Deal.trusted(self.c, None, self.account)
        return self._pm

    @property
    def c(self) -> pd.DataFrame:
        """The map's contacts, without an account column."""
        if self._c is None:
            if self._before is not None:
                self._c = one_map(self.pm.contacts)
            else:
                assert self._rows is not None
                self._c = self._rows.shared.plain.iloc[self._rows.start : self._rows.stop].reset_index(drop=True)
        return self._c

    @property
    def rows_frame(self) -> tuple[pd.DataFrame, int]:
        """A frame holding the map's contacts (no account column) and the position of its first one: the
        pipeline's shared frame for a pipeline's account, so that no frame of its own is cut."""
        if self._rows is not None:  # its own frame, where one was cut, holds the same rows
            return self._rows.shared.plain, self._rows.start
        return self.c, 0

    @property
    def batch(self) -> Batch:
        """The graph as positions; a step's copies repeat it."""
        if self._batch is None:
            self._batch = make_batch(self.c, self.pm.links)
        return self._batch

    @property
    def links(self) -> pd.DataFrame:
        """The map's links (none for a pipeline's account: a pipeline has no links file)."""
        return EMPTY_LINKS if self._rows is not None and self._pm is None else self.pm.links

    def cell(self, i: int, column: str) -> Any:
        """Contact ``i``'s value in ``column`` (read where the rows are: no frame of the map's own is cut but for a
        column the steps so far changed)."""
        frame, start = self.rows_frame
        cells = self._cells if self._rows is None else self._rows.shared.cells
        if self.applied and any(column in _columns_of(change) for _, change in self.applied):
            frame, start, cells = self.c, 0, self._cells
        if column not in cells:  # each column boxed once (a pipeline's once for all its accounts)
            cells[column] = frame[column].tolist()
        return cells[column][start + i]

    @property
    def matcher(self) -> GapMatcher:
        """The map's gaps indexed for matching against its copies' (:class:`GapMatcher`), made once."""
        if self._matcher is None:
            self._matcher = GapMatcher(self.gap_items)
        return self._matcher

    def barred(self, target: int) -> set[int]:
        """The people a gap's advice says not to introduce us to ``target``: the executive we went around, for the
        person we went around and everyone below them; the executives we met too early."""
        barred = set(self.never_through)
        for person in (target, *self.ancestors[target]):
            barred |= self.not_through.get(person, set())
        return barred

    def neighbours(self, u: int) -> list[tuple[int, float]]:
        """Whom ``u`` can introduce us to, with the strength of the introduction: the people ``u`` influences
        (their reports and manager included) and their peers under the same manager, but an executive only by
        someone they listen to (an influence on them: their assistant, advisor, reports, trusted links)."""
        if u not in self._neighbours:
            near = dict(self.out.get(u))
            p = self.parent[u]
            if p >= 0:
                for v in self.children.get(int(p), []):
                    if v != u and v not in near and self.level[v] != "executive":
                        near[v] = PEER_WEIGHT
            self._neighbours[u] = list(near.items())
        return self._neighbours[u]

    def introducers(self, target: int) -> dict[int, float]:
        """Who can introduce us to ``target`` directly, with the strength: everyone whose :meth:`neighbours`
        hold ``target``."""
        near = dict(self.into.get(target))
        p = self.parent[target]
        if p >= 0 and self.level[target] != "executive":
            for v in self.children.get(int(p), []):
                if v != target and v not in near:
                    near[v] = PEER_WEIGHT
        return near

    def least_known(self) -> tuple[str, Any]:
        """Where we know least (a placeholder's place): the department with the most influence among people we do
        not engage, and its highest person (the map's top person and everyone when no department is named)."""
        if self._least_known is None:
            # each named department's sum with compensation, as pandas' group sum adds (the same float, so the
            # same department on a near tie); the first in name order of the largest
            sums: dict[str, float] = {}
            lost: dict[str, float] = {}
            for d, value in zip(self.dept.tolist(), (self.eff * ~self.engaged).tolist()):
                if not isinstance(d, str) or d == "":
                    continue
                total = sums.get(d, 0.0)
                y = value - lost.get(d, 0.0)
                t = total + y
                lost[d] = t - total - y
                sums[d] = t
            dept = ""
            for d in sorted(sums):
                if dept == "" or sums[d] > sums[dept]:
                    dept = d
            members = np.flatnonzero(self.dept == dept) if dept else np.arange(self.n)
            manager = self.ids[members[np.argmin(self.depth[members])]] if len(members) else None
            self._least_known = (dept, manager)
        return self._least_known

    def has(self, i: int, role: str) -> bool:
        return role in self.roles[i]

    def executives_above(self, i: int) -> list[int]:
        """The executives above ``i`` on the reporting line (whom a plan does not spend on ``i``)."""
        return [u for u in self.ancestors[i] if self.executive[u]]

    def structure(self) -> dict[str, np.ndarray]:
        return self._structure


# -- candidates ------------------------------------------------------------------------------------------------


def _placeholder(s: _State, role: str, lang: str) -> _Candidate:
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
    return _Candidate("find", pid, {"add": person}, "missing-role", role=role)


def _candidates(
    s: _State,
    team: pd.DataFrame | None,
    policy: Policy,
    costs: Costs,
    exclude: set,
    lang: str,
    members: list[str],
    hide_coach: bool = False,
) -> list[_Candidate]:
    out: dict[tuple, _Candidate] = {}
    # the severity of the gap a candidate can touch (then the team's and influence's wishes): on a big account
    # the candidates kept are those of the most severe gaps, each with the lever or gatekeeper it needs
    priority: dict[tuple, int] = {}
    touching = [3]
    as_of = pd.Timestamp(s.account.as_of).date().isoformat()

    def due(contact: str) -> bool:
        i = s.at.get(contact)
        return i is None or not s.executive[i] or s.stage is None or s.stage >= policy.executive_access_stage

    def key_of(candidate: _Candidate) -> tuple:
        return (candidate.contact, repr(sorted(candidate.change.items(), key=lambda kv: kv[0])))

    def add(candidate: _Candidate) -> None:
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
            add(_Candidate("engage", s.ids[i], {"relationship": 1}, reason, lever_for=lever_for))

    def neutralise(i: int, reason: str) -> None:
        if s.opposed[i]:
            add(_Candidate("neutralise", s.ids[i], {"stance": 0}, reason))

    def convert(i: int, reason: str) -> None:
        if s.opposed[i]:
            neutralise(i, reason)
        elif not np.isnan(s.stance[i]) and s.stance[i] < 2:
            add(_Candidate("convert", s.ids[i], {"stance": int(s.stance[i]) + 1}, reason))

    def win(i: int, reason: str) -> None:
        engage(i, reason)
        convert(i, reason)

    def deepen(i: int, to: int, reason: str, member: str | None = None) -> None:
        if s.engaged[i] and s.rel[i] < to <= 3:
            add(_Candidate("deepen", s.ids[i], {"relationship": to}, reason, member=member))

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
            and not _blocked(s, _Candidate(kind, p, change, reason), costs, exclude, policy)
        }
        if len(people) > 1:
            first = next(iter(people))
            met = dict(list(people.items())[: costs.group_size])
            add(_Candidate(kind, first, {"people": met}, reason, lever_for=lever_for))

    by_eff = [int(i) for i in np.argsort(-s.eff, kind="stable")]
    for gap in s.gap_rows:
        touching[0] = SEVERITY_RANK.get(gap.severity, 3)
        if hide_coach and (gap.role == "inside_coach" or "coach" in str(gap.condition)):
            continue  # a redacted plan says nothing about the coach role
        people = [s.at[p] for p in gap.contacts if p in s.at]
        code = gap.code
        if code == "missing-role":
            add(_placeholder(s, gap.role, lang))
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
                    add(_Candidate("second-owner", s.ids[i], {"owner": member}, code, member=member))
                elif held:
                    member = words("action.second_seller", lang)
                    add(_Candidate("second-owner", s.ids[held[0]], {"owner": member}, code, member=member))
        elif code == "stale-relationship":
            add(_Candidate("refresh", s.ids[people[0]], {"last_contact": as_of}, code))
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
    alike: dict[tuple, list[_Candidate]] = {}
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
                    add(_Candidate("engage", cid, {"relationship": int(desired)}, "desired", member=member))
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
            lever = _lever(s, pos, costs, exclude)
            if lever is not None and not s.engaged[lever]:
                engage(lever, "lever", lever_for=cand.contact)
            elif lever is not None and _unwon(s, lever):  # a warm path runs only through a supporter
                to = int(s.stance[lever]) + 1
                add(_Candidate("convert", s.ids[lever], {"stance": to}, "lever", lever_for=cand.contact))
        if cand.kind == "engage":  # an executive's gatekeeper before the executive
            for g in _closed_gates(s, pos):
                engage(g, "gatekeeper", lever_for=cand.contact)
                if s.engaged[g] and s.opposed[g]:  # one we know who is against us: brought round, in a gap or not
                    add(_Candidate("neutralise", s.ids[g], {"stance": 0}, "gatekeeper", lever_for=cand.contact))
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


def _closed_gates(s: _State, i: int) -> list[int]:
    """The gatekeepers of ``i`` (tagged gatekeeper or advisor, reporting to them) we do not engage or who oppose us,
    but for the managers briefed after a due decision maker (:meth:`_State._briefed`)."""
    briefed = s.briefed.get(i, ())
    return [g for g in s.gatekeepers.get(i, []) if (not s.engaged[g] or s.opposed[g]) and g not in briefed]


def _gates_to_open(s: _State, i: int, exclude: set) -> list[int]:
    """The gatekeepers of ``i`` we could engage before ``i`` (not engaged yet, and a plan may name them)."""
    return [g for g in _closed_gates(s, i) if not s.engaged[g] and s.ids[g] not in exclude]


def _gate_share(s: _State, candidate: _Candidate, exclude: set) -> float:
    """The part of the way to ``candidate.lever_for`` that meeting its people opens: the share of that person's
    gatekeepers still to meet (one plant manager of four opens a quarter of the way to their VP, the four met
    together all of it)."""
    target = s.at.get(candidate.lever_for) if candidate.lever_for is not None else None
    gates = {s.ids[g] for g in _gates_to_open(s, target, exclude)} if target is not None else set()
    if not gates:
        return 1.0
    return len(gates & {contact for contact, _ in person_changes(candidate)}) / len(gates)


def _road(s: _State, target: int, exclude: set) -> dict[str, dict]:
    """The engagements that reach ``target`` without going around anyone, in order: the gatekeepers' own
    gatekeepers first, then the gatekeepers, then the target (as ``{id: change}``, a grouped candidate's people)."""
    order: list[int] = []
    seen: set[int] = set()

    def visit(i: int) -> None:
        seen.add(i)
        for g in _gates_to_open(s, i, exclude):
            if g not in seen:
                visit(g)
        order.append(i)

    visit(target)
    return {s.ids[i]: {"relationship": 1} for i in order}


def _unwon(s: _State, i: int) -> bool:
    """Someone we know to be neutral (not for us yet, not against us): winning them comes first."""
    return bool(s.stance[i] == 0)


def _lever(s: _State, target: int, costs: Costs, exclude: set) -> int | None:
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
        and _allowed(s, u, target)
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


def _lever_needed(s: _State, target: int, lever: int, costs: Costs, exclude: set) -> bool:
    """Whether an opponent waits for the person they listen to: only while that person, once ours, would bring us
    to them more strongly than anyone of ours who already can (the peer manager who is our champion brings round
    the skeptic whose own report is the person she listens to; the controller she trusts comes first)."""
    prefer = dict(costs.prefer)
    introducers = s.introducers(target)
    ok = carriers(s, target, exclude)

    def strength(u: int) -> float:
        return introducers.get(u, 0.0) * prefer.get(s.level[u], 0.8)

    best = max((strength(u) for u in introducers if ok[u] and _allowed(s, u, target)), default=0.0)
    return strength(lever) > best


def _killer_road(s: _State, costs: Costs, exclude: set, policy: Policy, depth: int = 3) -> dict[tuple[str, str], tuple]:
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
            for g in _closed_gates(s, i):
                todo.append((g, "win" if s.engaged[g] or s.opposed[g] else "engage", steps + 1, s.ids[i], "gatekeeper"))
            if warm_path(s, i, costs, exclude) is None:  # nobody of ours carries us there: who would
                manager = int(s.parent[i])
                early = s.stage is not None and s.stage < policy.executive_access_stage
                if s.executive[i] and early:  # an executive in their time: through whom they listen to
                    lever = _lever(s, i, costs, exclude)
                elif manager >= 0 and not s.executive[manager] and not s.engaged[manager] and not s.opposed[manager]:
                    # their own manager, never up through an executive
                    todo.append((manager, "engage", steps + 1, s.ids[i], "gatekeeper"))
        else:
            if not s.engaged[i]:
                todo.append((i, "engage", steps + 1, for_whom, why))
            if s.opposed[i]:
                lever = _lever(s, i, costs, exclude)
        if lever is not None and (not s.engaged[lever] or not s.supporter[lever]):
            todo.append((lever, "win" if s.engaged[lever] else "engage", steps + 1, s.ids[i], "lever"))
    return road


def _on_road(candidate: _Candidate, road: dict[tuple[str, str], tuple]) -> tuple | None:
    """The road's ``(for whom, why)`` of the first of a candidate's people whose move it makes, or None."""
    move = {"engage": "engage", "neutralise": "win", "convert": "win"}.get(candidate.kind)
    if move is None:
        return None
    return next((road[contact, move] for contact, _ in person_changes(candidate) if (contact, move) in road), None)


# -- paths -----------------------------------------------------------------------------------------------------


def _allowed(s: _State, u: int, v: int) -> bool:
    """No jump over a manager on the reporting line, and no way into someone around their gatekeeper."""
    if v in s.ancestors[u][1:] or u in s.ancestors[v][1:]:
        return False
    keepers = s.gatekeepers.get(v, [])
    if keepers and u not in keepers and s.parent[v] != u and _closed_gates(s, v):
        return False
    return True


def carriers(s: _State, target: int, exclude: set) -> np.ndarray:
    """Who may introduce us on the way to ``target``: people we engage who support us, none who leans to a
    competitor, none excluded (the inside coach of a redacted plan), none a gap's advice bars (see
    :meth:`_State.barred`), never the target."""
    ok = s.engaged & s.supporter & ~s.opposed & ~s.disloyal
    for i in s.barred(target):
        ok[i] = False
    for cid in exclude:
        if cid in s.at:
            ok[s.at[cid]] = False
    ok[target] = False
    return ok


def warm_path(s: _State, target: int, costs: Costs, exclude: set) -> list[int] | None:
    """The chain of introductions to ``target`` (target excluded) a person would make, or None.

    Everyone on it is a carrier (:func:`carriers`) and each introduces the next: the people they influence, their
    manager, their reports and their peers under one manager (docs/methodology.md §2). In order: someone who can
    introduce ``target`` directly (their own reports, peers or manager); then the strongest longer chain; for
    someone below the executive layer, both first without any executive, since going up through an executive to
    reach the people below them is the bypass the methodology warns against; for an executive, both first without
    the executives above them (the decision maker is not spent on the VP whose own managers are ours). Strength:
    product of the introductions' weights times each carrier's level preference.

    >>> import powermap
    >>> pm = powermap.from_frame(
    ...     pd.DataFrame({"id": ["ceo", "dir", "e1", "e2"], "name": ["Ana", "Bo", "Cy", "Di"],
    ...                   "title": ["CEO", "Director", "Engineer", "Engineer"], "reports_to": ["", "ceo", "dir", "dir"],
    ...                   "level": ["executive", "mid", "staff", "staff"], "stance": [2, 0, 2, 1],
    ...                   "relationship": [2, 0, 2, 1]}), stage=3)
    >>> s = _State(pm, pm.analysis())
    >>> [s.ids[p] for p in warm_path(s, s.at["dir"], Costs(), set())]  # his own engineer, not the CEO above him
    ['e1']
    """
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
        direct = [(w * factor(u), -u, u) for u, w in introducers.items() if usable[u] and _allowed(s, u, target)]
        if direct:
            return [max(direct)[2]]
        path = _strongest(s, target, usable, factor)
        if path is not None:
            return path
    return None


def _strongest(s: _State, target: int, usable: np.ndarray, factor) -> list[int] | None:
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
            if not _allowed(s, u, v):
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


# -- scoring ---------------------------------------------------------------------------------------------------


def _apply(pm: Deal, candidate: _Candidate) -> Deal:
    contacts = pm.contacts.copy()
    if "add" in candidate.change:
        contacts = new_person(contacts, {**candidate.change["add"], "id": candidate.contact})
    else:
        for contact, change in person_changes(candidate):
            i = int(np.flatnonzero(contacts["id"].to_numpy() == contact)[0])
            contacts = changed_contacts(contacts, i, **change)
    return pm.replace(contacts=contacts)


def _analyse_many(work: list[tuple[_State, list[_Candidate]]], policy: Policy) -> list[list[tuple]]:
    """Coverage, risk, risk points, gap items and source of the map each candidate changes, for the candidates of
    one map or of many (a pipeline's accounts), all analysed as one batch (the copies that add a person as a
    second one: their graph differs): per map, the numbers of each of its candidates."""
    same_links, added_links, same_structure = [], [], []
    picks, dates, cells, changes, sizes = [], [], [], [], []  # the copies that change a cell, built at once below
    # the cells earlier steps changed in a pipeline's shared rows (_State.after): set before the copies' own
    base_cells: list[int] = []
    base_changes: list[dict] = []
    sources: dict[int, tuple[pd.DataFrame, int]] = {}  # the frames the copies' rows come from, with their offsets
    # where every copy is an account of one batch (a pipeline's shared one, or one map's own), the copies' graph
    # is moved from it: (the batch, its contacts' columns) by id, and each copy's account code in it
    graphs: dict[int, tuple[Batch, pd.Index]] = {}
    codes: list[int] = []
    offset, copied = 0, 0
    same_facts: list[dict] = []
    added_facts: list[dict] = []
    where: list[list[tuple[str, int]]] = []
    additions: list[tuple[_State, _Candidate]] = []  # the copies that add a person, built at once below
    for s, candidates in work:
        a = s.account
        fact = {"stage": a.stage, "technicality": a.technicality, "as_of": pd.Timestamp(a.as_of)}
        spots = []
        same = [c for c in candidates if "add" not in c.change]
        if same:
            K, n, first = len(same), s.n, len(same_facts)
            frame, start = s.rows_frame
            if id(frame) not in sources:
                sources[id(frame)] = (frame, offset)
                offset += len(frame)
            picks.append(sources[id(frame)][1] + start + np.tile(np.arange(n), K))
            dates.append(np.full(n * K, np.datetime64(pd.Timestamp(a.as_of), "ns")))
            for j, c in enumerate(same):
                for i, change in s.applied:
                    base_cells.append(copied + j * n + i)
                    base_changes.append(change)
                for contact, change in person_changes(c):
                    cells.append(copied + j * n + s.at[contact])
                    changes.append(change)
            sizes += [n] * K
            copied += n * K
            if s._rows is not None:
                graphs[id(s._rows.shared)] = (s._rows.shared.batch, s._rows.shared.plain.columns)
                codes += [s._rows.code] * K
            else:
                graphs[id(s)] = (s.batch, s.c.columns)
                codes += [0] * K
            same_links += _tiled_links(s.links, range(first, first + K))
            same_structure.append({key: np.tile(value, K) for key, value in s.structure().items()})
            same_facts += [fact] * K
        for c in candidates:
            if "add" in c.change:
                additions.append((s, c))
                added_links += _tiled_links(s.links, [len(added_facts)])
                added_facts.append(fact)
        k_same = iter(range(len(same_facts) - len(same), len(same_facts)))
        k_added = iter(range(len(added_facts) - len(candidates) + len(same), len(added_facts)))
        for c in candidates:
            spots.append(("added", next(k_added)) if "add" in c.change else ("same", next(k_same)))
        where.append(spots)
    same_frames = []
    if sources:  # engagement from activity on each map, its copies' cells changed, and engagement again
        days = policy.activity_engagement_days
        when = pd.Series(np.concatenate(dates))
        read = [frame for frame, _ in sources.values()]
        whole = read[0] if len(read) == 1 else pd.concat(read, ignore_index=True)
        big = whole.iloc[np.concatenate(picks)].reset_index(drop=True)
        if base_cells:
            _change_cells(big, base_cells, base_changes)
        big = engagement_from_activity(big, when, days)
        _change_cells(big, cells, changes)
        copy_of = np.repeat(np.arange(len(same_facts)), sizes)
        big.insert(0, "account", copy_of.astype(object))
        same_frames.append(engagement_from_activity(big, when, days))
    added_frames = [_added_copies(additions)] if additions else []
    results: dict[str, tuple] = {}
    for name, frames, links, facts, structure in (
        ("same", same_frames, same_links, same_facts, same_structure),
        ("added", added_frames, added_links, added_facts, None),
    ):
        if not frames:
            continue
        big = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        big["account"] = big["account"].astype(object)
        big_links = pd.concat(links, ignore_index=True) if links else None
        frame = pd.DataFrame(facts, index=pd.Index(range(len(facts)), dtype=object))
        if structure:  # the graph of each copy is its map's: its structure too
            joined = {key: np.concatenate([x[key] for x in structure]) for key in STRUCTURE}
            if len(graphs) == 1:  # a map's links are in its batch already
                source, columns = next(iter(graphs.values()))
                changed = {c for change in [*base_changes, *changes] for c in change} | {
                    "relationship",
                    "relationship_source",
                }
                kept = tuple(c for c in columns if c not in changed)
                batch = copies(source, np.asarray(codes, dtype=np.int64), big, kept=kept)
            else:
                batch = make_batch(big, big_links)
            result = analyze_made(batch, frame, policy, messages=False, structure=joined)
        else:
            result = analyze_batch(big, big_links, frame, policy, messages=False)
        per_account = _gap_items(result.gaps)
        numbers = list(zip(*(result.coverage[c].tolist() for c in ("coverage", "risk", "risk_points"))))
        results[name] = (_Copies(result, per_account), per_account, numbers)
    out = []
    for spots in where:
        found = []
        for name, k in spots:
            result, per_account, numbers = results[name]
            coverage, risk, points = numbers[k]
            found.append((float(coverage), str(risk), int(points), per_account.get(k, []), (result, k)))
        out.append(found)
    return out


def _added_copies(additions: list[tuple[_State, _Candidate]]) -> pd.DataFrame:
    """The copies of maps that each add one person (a ``find`` candidate), as one frame with an ``account`` column
    ``0..K-1``: copy ``k`` is its map's rows then the new person (what ``plan.whatif.new_person`` gives), made at
    once (one frame of new rows, one concatenation, the depths of all copies in one pass)."""
    sources: dict[int, tuple[pd.DataFrame, int]] = {}
    blanks: dict[int, dict] = {}
    rows, parents, picks = [], [], []
    base_cells: list[int] = []  # the cells earlier steps changed in a pipeline's shared rows (_State.after)
    base_changes: list[dict] = []
    offset, size = 0, 0
    for s, c in additions:
        frame, start = s.rows_frame
        if id(frame) not in sources:
            sources[id(frame)] = (frame, offset)
            blanks[id(frame)] = blank_row(frame)
            offset += len(frame)
        person = {**c.change["add"], "id": c.contact}
        rows.append(new_person_row(blanks[id(frame)], person))
        picks.append(np.arange(s.n) + sources[id(frame)][1] + start)
        manager = rows[-1]["reports_to"]
        parents.append(np.where(s.parent >= 0, s.parent + size, -1))
        parents.append(np.array([s.at[manager] + size if manager is not None else -1]))
        for i, change in s.applied:
            base_cells.append(size + i)
            base_changes.append(change)
        size += s.n + 1
    read = [frame for frame, _ in sources.values()]
    columns = read[0].columns
    new = pd.DataFrame(rows)[columns]
    whole = pd.concat([*read, new], ignore_index=True)
    order = np.concatenate([x for k, pick in enumerate(picks) for x in (pick, np.array([offset + k]))])
    big = typed_added(whole.iloc[order].reset_index(drop=True))
    if base_cells:
        _change_cells(big, base_cells, base_changes)
    depth, _ = reporting_depth(np.concatenate(parents).astype(np.int64))
    big["depth"] = pd.array(depth, dtype="Int64")
    big.insert(0, "account", np.repeat(np.arange(len(additions)), [s.n + 1 for s, _ in additions]).astype(object))
    return big


def _tiled_links(links: pd.DataFrame, accounts) -> list[pd.DataFrame]:
    accounts = list(accounts)
    if not len(links) or not accounts:
        return []
    big = links.iloc[np.tile(np.arange(len(links)), len(accounts))].reset_index(drop=True)
    big["account"] = np.repeat(np.asarray(accounts), len(links)).astype(object)
    return [big]


def _change_cells(big: pd.DataFrame, rows: list[int], changes: list[dict]) -> None:
    """Each row's change, column by column (what changed_contacts does to one row, for all rows at once)."""
    cells: dict[str, tuple[list, list]] = {}
    for row, change in zip(rows, changes):
        for column, value in change.items():
            cells.setdefault(column, ([], []))[0].append(row)
            cells[column][1].append(value)
    for column, (at, values) in cells.items():
        if column == "last_contact":
            array = big[column].to_numpy(dtype="datetime64[ns]", copy=True)
            array[at] = pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[ns]")
            big[column] = array
        elif column == "owner":
            _set_cells(big, column, at, [_owner(v) for v in values])
        else:  # stance, relationship: integers as the input parses them
            big[column] = big[column].astype("Int64")
            _set_cells(big, column, at, [int(v) for v in values])
            if column == "relationship":
                _set_cells(big, "relationship_source", at, ["given"] * len(at))


def _set_cells(big: pd.DataFrame, column: str, at: list[int], values: list) -> None:
    array = big[column].array.copy()  # the column's own type: no text converted to Python objects and back
    array[at] = values
    big[column] = array


def _gap_items(gaps: pd.DataFrame) -> dict[Any, list[tuple]]:
    """Per account of a batch's gaps table, its gaps as :func:`powermap.analysis.same_gap.match_gaps` takes them."""
    if gaps.empty:
        return {}
    items: dict[Any, list[tuple]] = {}
    for account, item in zip(gaps["account"].tolist(), gap_items(gaps)):
        items.setdefault(account, []).append(item)
    return items


def _gap_changes(matcher: GapMatcher, after: list[tuple]) -> tuple[list[tuple], list[tuple], list[dict]]:
    """The gaps a change resolves and opens, ``(code, severity, contacts, condition)`` each, and the gaps whose code
    it changes (``{"from", "to"}``: one person's problem under another name): the one identity of
    :mod:`powermap.analysis.same_gap` (a gap whose people or severity changed is none of these)."""
    before = matcher.before
    opened, closed, changed = matcher.match(after)
    changes = [{"from": before[i][0][0], "to": after[j][0][0]} for i, j in changed if before[i][0][0] != after[j][0][0]]
    return (
        [(before[i][0][0], before[i][2], before[i][1], before[i][0][2]) for i in closed],
        [(after[j][0][0], after[j][2], after[j][1], after[j][0][2]) for j in opened],
        changes,
    )


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


def _score(
    s: _State, candidates: list[_Candidate], numbers: list[tuple], costs: Costs, policy: Policy
) -> list[_Scored]:
    """Each candidate's gain from its analysed ``numbers`` (coverage, risk, risk points, gaps, source)."""
    matcher = s.matcher  # lines and choose score the same map's candidates: its gaps are indexed once
    cov0, risk0, points0 = float(s.cover["coverage"]), str(s.cover["risk"]), int(s.cover["risk_points"])
    table = {
        "high": policy.points_per_high_gap,
        "medium": policy.points_per_medium_gap,
        "low": policy.points_per_low_gap,
    }
    people0 = _person_points(s.gap_items, table)
    per_gap = {"high": costs.high_gap, "medium": costs.medium_gap, "low": costs.low_gap}
    scored = []
    for candidate, (cov, risk, points, after, source) in zip(candidates, numbers):
        gone, new, changes = _gap_changes(matcher, after)
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
            _Scored(
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
            )
        )
    return scored


def _same_grade_people(scored: list[_Scored], blocked: set) -> None:
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
            item.people = 0.0


class _Copies:
    """The analysis of a batch of copies (accounts ``0..K-1``, every table grouped by copy in that order), each
    copy's own rows cut out when a step takes it: each table is read once for all its copies."""

    def __init__(self, result: Analysis, items: dict[Any, list[tuple]]):
        self.result = result
        self.items = items  # each copy's gaps as the gap identity reads them (:func:`_gap_items`)
        self._tables: dict[str, tuple[pd.DataFrame, np.ndarray]] = {}
        self._read: dict[tuple, Any] = {}  # columns, gap rows and coverage rows, each read once for all copies

    def _table(self, name: str) -> tuple[pd.DataFrame, np.ndarray]:
        if name not in self._tables:
            table = getattr(self.result, name)
            self._tables[name] = (table.drop(columns=["account"]), table["account"].to_numpy(dtype=np.int64))
        return self._tables[name]

    def _run(self, name: str, j: int) -> tuple[int, int]:
        a, b = np.searchsorted(self._table(name)[1], [j, j + 1])
        return int(a), int(b)

    def rows(self, name: str, j: int) -> pd.DataFrame:
        """Copy ``j``'s rows of table ``name`` (``scores``, ``coverage``, ``gaps``, ``roles``), no account column."""
        a, b = self._run(name, j)
        return self._table(name)[0].iloc[a:b].reset_index(drop=True)

    def scores(self, column: str, j: int) -> np.ndarray:
        """Copy ``j``'s values of a scores column, as floats."""
        if ("scores", column) not in self._read:
            self._read["scores", column] = self._table("scores")[0][column].to_numpy(dtype=float)
        a, b = self._run("scores", j)
        return self._read["scores", column][a:b]

    def gap_rows(self, j: int) -> list:
        """Copy ``j``'s gaps as rows (``itertuples``, as a map's own are read)."""
        if ("gaps",) not in self._read:
            self._read["gaps",] = list(self._table("gaps")[0].itertuples(index=False))
        a, b = self._run("gaps", j)
        return self._read["gaps",][a:b]

    def killers(self, j: int) -> int:
        """How many deal-killers copy ``j`` still has (gaps whose ``deal_killer`` is set)."""
        if ("killers",) not in self._read:
            table, account = self._table("gaps")
            killer = table["deal_killer"].notna().to_numpy(dtype=bool)
            self._read["killers",] = np.bincount(account[killer], minlength=len(self.result.coverage))
        return int(self._read["killers",][j])

    def cover(self, j: int) -> dict[str, Any]:
        """Copy ``j``'s coverage row."""
        if ("coverage",) not in self._read:
            self._read["coverage",] = self._table("coverage")[0].to_dict("records")
        return self._read["coverage",][j]


def _copy_analysis(source: tuple) -> Analysis:
    """One copy's analysis, cut out of the batch it was analysed in (the numbers of the map it stands for)."""
    copies, j = source
    return Analysis(*(copies.rows(name, j) for name in ("scores", "coverage", "gaps", "roles")))


def _cost(s: _State, item: _Scored, costs: Costs, exclude: set, path: bool = True) -> None:
    """Fill ``via``, ``cold`` and ``cost`` of a scored candidate (without ``path``: the cost before distance, a
    lower bound)."""
    cand = item.candidate
    if "people" in cand.change:  # one meeting: the dearest person's cost, a little more for each other person
        parts = []
        for contact, change in person_changes(cand):
            part = replace(item, candidate=replace(cand, contact=contact, change=change), via=[], cold=None)
            _cost(s, part, costs, exclude, path)
            parts.append(part)
        item.via, item.cold = parts[0].via, parts[0].cold  # the way to the first, who brings the others
        item.cost = max(part.cost for part in parts) + costs.group_person * (len(parts) - 1)
        return
    kind_cost = dict(costs.kind)[cand.kind]
    if cand.kind == "find":
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


def _cold_route(s: _State, i: int, exclude: set) -> str:
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


def _blocked(s: _State, cand: _Candidate, costs: Costs, exclude: set, policy: Policy) -> bool:
    """Gatekeeper first; an opponent is won through the person they listen to once we know that person (unless the
    opponent guards the way to that person: then directly); before
    the stage the methodology gives executives (policy ``executive_access_stage``), an executive only through the
    people they listen to, never cold (docs/methodology.md §2 principle 2, §6)."""
    if cand.kind == "find":
        return False
    if "people" in cand.change:  # a group is met only when each of its people could be met alone
        return any(
            _blocked(s, replace(cand, contact=contact, change=change), costs, exclude, policy)
            for contact, change in person_changes(cand)
        )
    i = s.at[cand.contact]
    if cand.contact in s.bypassed:
        return True
    if cand.kind == "convert" and not s.engaged[i]:  # we win over people we have met: engage them first
        return True
    if cand.kind == "engage" and _closed_gates(s, i):
        # a gatekeeper is met before the person they keep, unless they keep nobody we could meet first: the
        # vice-president we go to for the chief executive comes after the managers our contacts report through
        if cand.reason != "gatekeeper" or _gates_to_open(s, i, exclude):
            return True
    early = s.stage is not None and s.stage < policy.executive_access_stage
    if cand.kind == "engage" and early and s.level[i] == "executive" and warm_path(s, i, costs, exclude) is None:
        return True
    if cand.kind in ("neutralise", "convert") and s.opposed[i]:
        lever = _lever(s, i, costs, exclude)
        # an opponent who is himself the gatekeeper on the way to the person he listens to is met directly: the
        # lever cannot come first (the engineer who can veto, answered engineer to engineer)
        guarded = lever is not None and not s.engaged[lever] and i in _closed_gates(s, lever)
        if lever is not None and (not s.engaged[lever] or _unwon(s, lever)) and not guarded:
            return True
    return False


# -- the plan --------------------------------------------------------------------------------------------------


def _member(s: _State, item: _Scored, holders: dict, lead: Callable[[], str | None]) -> str | None:
    cand = item.candidate
    if cand.member:
        return cand.member
    who = item.via[0] if item.via else cand.contact
    known = sorted(holders.get(who, []), key=lambda h: -h[1])
    if known:  # who knows the introducer; on a cold step, who owns the person (they have met, or are to)
        return known[0][0]
    if cand.contact in s.at:  # cold: the one of ours who knows most people in their department
        dept = s.dept[s.at[cand.contact]]
        near = pd.Series(s.owner[(s.dept == dept) & s.engaged & (s.owner != "")])
        if len(near):
            return str(near.value_counts().index[0])
    return lead()


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


class _Planner:
    """The plan of one account as it is made, step by step: the map the earlier steps made and what they took.

    A step is split in two so that many accounts can share one analysis: :meth:`propose` gives the candidates to
    analyse, :meth:`choose` takes their numbers (from :func:`_analyse_many`) and applies the best. ``powermap plan``
    and the pipeline's plan columns both run these (:func:`_plan_together`), so their steps are the same.
    """

    def __init__(
        self,
        pm: Deal | _Rows,
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
        if not isinstance(pm, _Rows):  # a pipeline's rows (plan_pipeline) have no team and are not redacted
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
        self._state = s = _State(pm, analysis)
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
        self._candidates: list[_Candidate] = []
        self._blocked: set = set()
        self._road_for: dict[int, _Candidate] = {}  # a gatekeeper's candidate (by id): the road it begins
        self._to_killers: dict[tuple[str, str], tuple] = {}  # this step's road to the deal-killers (_killer_road)
        self._line_of: dict[int, _Candidate] = {}  # a step that goes around someone (by id): the same step with them
        self._scored: dict[int, _Scored] = {}  # the candidates scored before their lines were analysed

    @property
    def lead(self) -> str | None:
        """Who leads for us where nobody else is named: the owner of most engaged contacts on the first map."""
        if self._lead is None:
            owner, rel = self._first_people
            engaged_owners = pd.Series(owner[(rel >= 1) & (owner != "")], dtype=object)
            self._lead = (
                str(engaged_owners.value_counts().index[0])
                if len(engaged_owners)
                else (self.members[0] if self.members else None),
            )
        return self._lead[0]

    def propose(self) -> list[_Candidate]:
        """The candidates of the next step that need the analysis of their changed map (none once done)."""
        if self.done:
            return []
        s, costs = self.state, self.costs
        candidates = [
            c
            for c in _candidates(s, self.team, self.policy, costs, self.exclude, self.lang, self.members, self.redact)
            if (c.contact, c.kind) not in self.taken or c.kind in ("deepen", "convert")
        ]
        candidates += self._road_moves(candidates)
        if not candidates:
            self.done = True
            return []
        # a blocked candidate is never taken: it is analysed only when a lever's gain reads its own
        self._blocked = {id(c) for c in candidates if _blocked(s, c, costs, self.exclude, self.policy)}
        followed = {(c.lever_for, k) for c in candidates if c.lever_for is not None for k in FOLLOWS}
        self._candidates = candidates
        roads = self._roads_of(candidates)
        self._blocked.update(id(road) for road in roads)
        return [c for c in candidates if id(c) not in self._blocked or (c.contact, c.kind) in followed] + roads

    def _road_moves(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """The moves on a deal-killer's road (:func:`_killer_road`) that no gap offers as a step: a manager against
        us on the way to the decision maker, in no gap of their own, is still brought round before her."""
        s = self.state
        killed = any(isinstance(gap.deal_killer, str) for gap in s.gap_rows)
        self._to_killers = _killer_road(s, self.costs, self.exclude, self.policy) if killed else {}
        have = {(c.contact, c.kind) for c in candidates if "people" not in c.change}
        moves = []
        for (contact, move), (for_whom, why) in self._to_killers.items():
            i = s.at[contact]
            if move == "engage" and not s.engaged[i]:
                step = _Candidate("engage", contact, {"relationship": 1}, why or "road-move", lever_for=for_whom)
            elif move == "win" and s.opposed[i]:
                step = _Candidate("neutralise", contact, {"stance": 0}, why or "road-move", lever_for=for_whom)
            elif move == "win" and s.engaged[i] and not np.isnan(s.stance[i]) and s.stance[i] < 1:
                step = _Candidate(
                    "convert", contact, {"stance": int(s.stance[i]) + 1}, why or "road-move", lever_for=for_whom
                )
            else:
                continue
            if (contact, step.kind) not in have and (contact, step.kind) not in self.taken:
                have.add((contact, step.kind))
                moves.append(step)
        return moves

    def _roads_of(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """The road of each gatekeeper who keeps another gatekeeper: their gain is a share of what meeting
        everyone on the way to the person at the end gains (that person's own engagement, analysed alone, goes
        around the gatekeepers; so would the gatekeeper's in between). Each road is one copy, never a step."""
        s = self.state
        gates = [c for c in candidates if c.kind == "engage" and c.reason == "gatekeeper"]
        gate_of = {c.contact: c for c in gates if "people" not in c.change}  # a group (met together) keeps nobody
        roads: dict[str, _Candidate] = {}
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
                roads[target] = _Candidate("engage", target, {"people": _road(s, s.at[target], self.exclude)}, "road")
            self._road_for[id(c)] = roads[target]
        return list(roads.values())

    def lines(self, proposed: list[_Candidate], numbers: list[tuple]) -> list[_Candidate]:
        """The steps that would go around someone, each again with the people it goes around met first (the manager
        between the specialist we meet and the vice-president we know): principle 1, never around the mid-level.
        Read from the analysed ``numbers`` (the gaps a step opens say whom it goes around); the lines still need
        their own analysis, and :meth:`choose` takes a step that goes around someone only where its line does too.
        """
        s, costs = self.state, self.costs
        scored = _score(s, proposed, numbers, costs, self.policy)
        self._scored = {id(x.candidate): x for x in scored}
        self._line_of = {}
        made: dict[str, _Candidate] = {}
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
                if _blocked(s, line, costs, self.exclude, self.policy):
                    continue
                made[key] = line
            self._line_of[id(cand)] = made[key]
        self._candidates += list(made.values())
        return list(made.values())

    def choose(self, proposed: list[_Candidate], numbers: list[tuple]) -> dict | None:
        """Score the proposed candidates with their analysed ``numbers``, take the best gain per cost and move the
        map on; None (and done) when nothing helps."""
        s, costs, blocked = self.state, self.costs, self._blocked
        fresh = [k for k, c in enumerate(proposed) if id(c) not in self._scored]
        found = dict(
            zip(fresh, _score(s, [proposed[k] for k in fresh], [numbers[k] for k in fresh], costs, self.policy))
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
        _same_grade_people(scored, blocked)
        # a lever shares only what a step that may follow it gains: never one that opens a deal-killer
        gains = {
            (x.candidate.contact, x.candidate.kind): x.gain
            for x in scored
            if x.candidate.reason != "road" and id(x.candidate) not in lines and not x.opens_high
        }
        roads = {id(x.candidate): 0.0 if x.opens_high else x.gain for x in scored if x.candidate.reason == "road"}
        for item in scored:
            if item.candidate.reason == "desired":  # the depth the team wants with the step's own person
                own = _own(item.candidate)
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
                        follow *= _gate_share(s, item.candidate, self.exclude)
                item.gain += costs.lever_share * max(0.0, follow)
        useful = [x for x in scored if x.gain > 1e-9 and id(x.candidate) not in blocked and not x.opens_high]
        useful = self._killer_first(scored, useful)
        if not useful:
            self.done = True
            return None
        # a lever taken is a road begun: the next step walks it (win the lever, then the person they move) before
        # another road is begun, so that a lever's step is followed by the step that resolves the gap
        going = [x for x in useful if _own(x.candidate) in self.pursued | self.levers]
        useful = going or useful
        # the path search is the dear part of a cost: run it in order of the best ratio a candidate could reach
        # (its cost without the distance), and stop once no candidate left can beat the best found
        order = {id(c): k for k, c in enumerate(self._candidates)}
        for item in useful:
            _cost(s, item, costs, self.exclude, path=False)
        useful.sort(key=lambda x: (-(x.gain / x.cost), order[id(x.candidate)]))
        best = None
        for item in useful:
            if best is not None and item.gain / item.cost < best.gain / best.cost:
                break
            _cost(s, item, costs, self.exclude)
            if best is None or (item.gain / item.cost, item.gain, -order[id(item.candidate)]) > (
                best.gain / best.cost,
                best.gain,
                -order[id(best.candidate)],
            ):
                best = item
        # useful is not empty, so its first item is taken; _score gives every candidate its source
        assert best is not None and best.source is not None
        return self._take(best)

    def _killer_first(self, scored: list[_Scored], useful: list[_Scored]) -> list[_Scored]:
        """While the map has a deal-killer: the useful steps that remove one, else the next moves on the road to
        one (:func:`_killer_road`; such a move may gain nothing yet, but it may not cost a gap), else ``useful``."""
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
            why = _on_road(x.candidate, moves)
            if why is None or x.gain < -1e-9 or x.killers > killers or x.opens_high or id(x.candidate) in self._blocked:
                continue
            on_road.append(x)
            if x.candidate.lever_for is None and "people" not in x.candidate.change:
                x.road = why
        return on_road or useful

    def _take(self, best: _Scored) -> dict:
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
            self.levers.add(_own(best.candidate))
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
    def state(self) -> _State:
        if self._next is not None:
            candidate, source = self._next
            before = self._state
            if before._rows is not None and "add" not in candidate.change:  # a pipeline's rows, its graph kept
                self._state = _State.after(before, candidate, source)
            else:
                self._state = _State(_apply(before.pm, candidate), _copy_analysis(source))
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
    planner = _Planner(
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
        _Planner(pm, team=None, policy=policy, lang=lang, redact=False, costs=costs, analysis=analysis)
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
    shared = _Shared(contacts, analysis)
    planners = [
        _Planner(
            _Rows(shared, int(a), int(b), keys[a], code, account),
            team=None,
            policy=policy,
            lang=lang,
            redact=False,
            costs=costs,
        )
        for code, (a, b, account) in enumerate(zip(bounds[:-1], bounds[1:], accounts))
    ]
    return _plan_together(planners, steps, policy)


def _plan_together(planners: list[_Planner], steps: int, policy: Policy) -> list[dict[str, Any]]:
    """Run the planners step by step, the candidates of all of them analysed as one batch per step."""
    with paused_collector():  # the copies' gaps and their matches live until a step is chosen: no collector walks
        _steps_together(planners, steps, policy)
    return [p.result() for p in planners]


def _analysed(work: list[tuple[_State, list[_Candidate]]], policy: Policy) -> list[list[tuple]]:
    """:func:`_analyse_many`, the maps on a pipeline's shared rows apart from those with rows of their own (a person
    added by an earlier step): the copies of each kind share one way of making their graph."""
    groups: dict[bool, list[int]] = {}
    for k, (s, _) in enumerate(work):
        groups.setdefault(s._rows is not None, []).append(k)
    found: list[list[tuple]] = [[] for _ in work]
    for group in groups.values():
        for k, numbers in zip(group, _analyse_many([work[k] for k in group], policy)):
            found[k] = numbers
    return found


def _steps_together(planners: list[_Planner], steps: int, policy: Policy) -> None:
    for _ in range(steps):
        if not _step_together(planners, policy):
            break


def _step_together(planners: list[_Planner], policy: Policy) -> bool:
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
