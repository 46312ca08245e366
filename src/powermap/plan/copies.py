"""Every candidate's changed map, analysed as one batch (:func:`analyse_many`): the candidates of one map or of
a pipeline's accounts are copies of their maps, each with its change, analysed as the accounts of a pipeline.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from powermap.analysis.batch import Batch, copies, make_batch
from powermap.analysis.run import Analysis, analyze_batch, analyze_made
from powermap.analysis.same_gap import gap_items
from powermap.io.activity import engagement_from_activity
from powermap.io.validate import reporting_depth
from powermap.plan.moves import Candidate, person_changes
from powermap.plan.state import STRUCTURE, State, owner_value
from powermap.plan.whatif import blank_row, new_person_row, roles_cell, typed_added
from powermap.policy import Policy

__all__ = ["analyse_many", "added_copies", "copy_analysis"]


def analyse_many(work: list[tuple[State, list[Candidate]]], policy: Policy) -> list[list[tuple]]:
    """Coverage, risk, risk points, gap items and source of the map each candidate changes, for the candidates of
    one map or of many (a pipeline's accounts), all analysed as one batch (the copies that add a person as a
    second one: their graph differs): per map, the numbers of each of its candidates."""
    same_links, added_links = [], []
    picks, dates, cells, changes, sizes = [], [], [], [], []  # the copies that change a cell, built at once below
    # the cells earlier steps changed in a pipeline's shared rows (State.after): set before the copies' own
    base_cells: list[int] = []
    base_changes: list[dict] = []
    sources: dict[int, tuple[pd.DataFrame, int]] = {}  # the frames the copies' rows come from, with their offsets
    structures: list[dict[str, np.ndarray]] = []  # each source frame's rows' structure scores, in the same order
    # where every copy is an account of one batch (a pipeline's shared one, or one map's own), the copies' graph
    # is moved from it: (the batch, its contacts' columns) by id, and each copy's account code in it
    graphs: dict[int, tuple[Batch, pd.Index]] = {}
    codes: list[int] = []
    offset, copied = 0, 0
    same_facts: list[dict] = []
    added_facts: list[dict] = []
    where: list[list[tuple[str, int]]] = []
    additions: list[tuple[State, Candidate]] = []  # the copies that add a person, built at once below
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
                structures.append(s.rows_structure)
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
    same_structure = None  # the graph of each copy is its map's: its structure too, row for row
    if sources:  # engagement from activity on each map, its copies' cells changed, and engagement again
        days = policy.activity_engagement_days
        when = pd.Series(np.concatenate(dates))
        read = [frame for frame, _ in sources.values()]
        whole = read[0] if len(read) == 1 else pd.concat(read, ignore_index=True)
        rows = np.concatenate(picks)
        big = whole.iloc[rows].reset_index(drop=True)
        same_structure = {
            key: (structures[0][key] if len(structures) == 1 else np.concatenate([x[key] for x in structures]))[rows]
            for key in STRUCTURE
        }
        if base_cells:
            _change_cells(big, base_cells, base_changes)
        big = engagement_from_activity(big, when, days)
        _change_cells(big, cells, changes)
        copy_of = np.repeat(np.arange(len(same_facts)), sizes)
        big.insert(0, "account", copy_of.astype(object))
        same_frames.append(engagement_from_activity(big, when, days))
    added_frames = [added_copies(additions)] if additions else []
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
        if structure is not None:
            if len(graphs) == 1:  # a map's links are in its batch already
                source, columns = next(iter(graphs.values()))
                changed = {c for change in [*base_changes, *changes] for c in change} | {
                    "relationship",
                    "relationship_source",
                }
                # the few roles a step sets (an initiator armed) are set over the map's own flags, not read again
                # for every copy: each such row's roles as its cells were changed above
                armed = [
                    row for row, change in zip([*base_cells, *cells], [*base_changes, *changes]) if "roles" in change
                ]
                roles = dict(zip(armed, big["roles"].to_numpy(dtype=object)[armed]))
                kept = tuple(c for c in columns if c not in changed or c == "roles")
                batch = copies(source, np.asarray(codes, dtype=np.int64), big, kept=kept, roles=roles)
            else:
                batch = make_batch(big, big_links)
            result = analyze_made(batch, frame, policy, messages=False, structure=structure)
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


def added_copies(additions: list[tuple[State, Candidate]]) -> pd.DataFrame:
    """The copies of maps that each add one person (a ``find`` candidate), as one frame with an ``account`` column
    ``0..K-1``: copy ``k`` is its map's rows then the new person (what ``plan.whatif.new_person`` gives), made at
    once (one frame of new rows, one concatenation, the depths of all copies in one pass)."""
    sources: dict[int, tuple[pd.DataFrame, int]] = {}
    blanks: dict[int, dict] = {}
    rows, parents, picks = [], [], []
    base_cells: list[int] = []  # the cells earlier steps changed in a pipeline's shared rows (State.after)
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
            _set_cells(big, column, at, [owner_value(v) for v in values])
        elif column == "roles":  # a tuple per cell: set one by one
            array = big[column].to_numpy(dtype=object, copy=True)
            for row, value in zip(at, values):
                array[row] = roles_cell(value)
            big[column] = array
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


def copy_analysis(source: tuple) -> Analysis:
    """One copy's analysis, cut out of the batch it was analysed in (the numbers of the map it stands for)."""
    copies, j = source
    return Analysis(*(copies.rows(name, j) for name in ("scores", "coverage", "gaps", "roles")))
