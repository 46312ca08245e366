"""The map one step of a plan works on: its arrays, edges, reporting lines and gaps as the candidates and paths
read them (:class:`State`), cut out of a pipeline's shared arrays (:class:`Shared`) or made from one map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from powermap.analysis.batch import Batch, make_batch
from powermap.analysis.gates import gatekeeper_pairs
from powermap.analysis.run import Analysis, one_map
from powermap.analysis.same_gap import BYPASS, GapMatcher, gap_items
from powermap.core.deal import Deal
from powermap.core.graph import EMPTY_LINKS
from powermap.io.validate import Account
from powermap.plan.moves import Candidate, person_changes
from powermap.plan.whatif import changed_contacts, new_person, roles_cell

__all__ = ["STRUCTURE", "PEER_WEIGHT", "Shared", "Rows", "owner_value", "State", "apply_step"]


# what a copy that changes no line, no decision maker and no declared influence keeps of its map's scores
# (metrics.scores: the structure reads the decision makers' roles only)
STRUCTURE = ("pagerank", "brokerage", "reach_to_decision", "effective_influence", "influence_rank")


PEER_WEIGHT = 0.5  # how strongly a peer under the same manager introduces us (a manager to a report: 1, up: 0.5)


class Shared:
    """A pipeline's contacts as the arrays a state reads, converted once for all accounts (:func:`powermap.plan.actions.plan_pipeline`):
    each account's first state is cut out of them instead of being rebuilt from its own frame."""

    def __init__(self, contacts: pd.DataFrame, analysis: Analysis):
        self.plain = one_map(contacts)  # every account's rows, in the batch's order
        self.cells: dict[str, list] = {}  # columns of plain as Python values, as State.cell reads them
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
class Rows:
    """One account of a :class:`Shared` pipeline: its rows ``start:stop``, its key and position in the batch
    and its facts."""

    shared: Shared
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
        "influence": c["influence"].to_numpy(dtype=float, na_value=np.nan),  # as declared, 1-5
        "depth": c["depth"].to_numpy(dtype=float, na_value=np.inf),
        "disloyal": competitor.fillna("").astype(str).str.strip().ne("").to_numpy(),
        # the team members an activity log saw touch each contact (--activities), when the map has them
        "touched_by": c["touched_by"].to_numpy(dtype=object) if "touched_by" in c.columns else None,
    }


def owner_value(value: Any) -> str:
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


class State:
    """One map with its analysis and the arrays the candidates and paths read.

    ``pm`` is the map, or one account's rows of a pipeline's shared arrays (the map is then made only when the
    next step needs it). :meth:`after` makes the state a step leaves on a pipeline's account the same way."""

    def __init__(self, pm: Deal | Rows, analysis: Analysis | None = None):
        self.analysis = analysis  # None for a pipeline's account: its rows of the pipeline's analysis are read
        self._pm: Deal | None = None
        self._c: pd.DataFrame | None = None
        self._batch: Batch | None = None
        self._rows: Rows | None = None
        self._cells: dict[str, list] = {}
        # a step's state on a pipeline's account (after): the state before it and the step
        self._before: tuple[State, Candidate] | None = None
        self.applied: list[tuple[int, dict]] = []  # the cells the steps so far changed in the shared rows, in order
        if isinstance(pm, Rows):
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
    def after(cls, before: State, step: Candidate, source: tuple) -> State:
        """The state ``step`` leaves on a pipeline's account (no person added): ``before``'s shared rows with the
        step's cells changed, read from the analysed copy, no map or graph of its own made (as for the first
        state, the map is made only when asked for). The same state as ``State(apply_step(before.pm, step),
        copy_analysis(source))``."""
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
            "owner": ("owner", owner_value),
            "roles": ("roles", roles_cell),  # a tuple per person, set into its one cell
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
        self.influence = arrays["influence"]
        self._least_known: tuple | None = None
        self._matcher: GapMatcher | None = None
        self.engaged = self.rel >= 1
        leaning = np.where(np.isnan(self.stance), 0.0, self.stance)
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
        self.paths: dict[tuple, list[int] | None] = {}  # each warm path found on this map (paths.warm_path)
        # the people on the way to each executive, as the gaps that say we went around them read them
        self.gatekeepers: dict[int, list[int]] = {}
        for a, g in zip(keepers.tolist(), on_the_way.tolist()):
            self.gatekeepers.setdefault(a, []).append(g)
        self.briefed = self._briefed(arrays["gatekeeper"] | arrays["advisor"])

    def _briefed(self, tagged: np.ndarray) -> dict[int, set[int]]:
        """Per decision maker who is due: the managers in between who are briefed after the meeting rather than
        met before it. She is due where the analysis says so: her ``decision-maker-unreached`` gap is high at a
        known stage (from policy ``executive_access_stage``, its advice's "arrange the meeting now"; from
        ``killer_unreached_from_stage`` it is the ``unreached`` deal-killer too).

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
            if gap.code == "decision-maker-unreached"
            and ((gap.severity == "high" and self.stage is not None) or gap.deal_killer == "unreached")
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
                self._pm = apply_step(before.pm, step)
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
    def rows_structure(self) -> dict[str, np.ndarray]:
        """The :data:`STRUCTURE` scores of every row of :attr:`rows_frame`'s frame (a step changes no line, role
        or declared influence: a pipeline's account keeps its rows' scores of the pipeline's analysis)."""
        if self._rows is not None:
            return self._rows.shared.structure
        return self._structure

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


def apply_step(pm: Deal, candidate: Candidate) -> Deal:
    contacts = pm.contacts.copy()
    if "add" in candidate.change:
        contacts = new_person(contacts, {**candidate.change["add"], "id": candidate.contact})
    else:
        for contact, change in person_changes(candidate):
            i = int(np.flatnonzero(contacts["id"].to_numpy() == contact)[0])
            contacts = changed_contacts(contacts, i, **change)
    return pm.replace(contacts=contacts)
