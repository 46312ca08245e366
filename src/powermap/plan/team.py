"""The account team's own relationships: which of our people know whom, how deeply, and how deeply they should.

A contacts table has one ``owner`` and one ``relationship`` per person. Real
teams have several sellers, engineers and executives who each know some of
the customer's people. A team table adds them::

    contact,member,relationship,desired
    M05,Priya Nair,1,2
    M05,Dana Ruiz,0,

The analysis uses the strongest relationship any of our people has with a
contact (and that person as its owner); the plan picks which of our people
should act, and a ``desired`` depth above the current one becomes an action.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.core.deal import Deal
from powermap.errors import InputError, Problem
from powermap.io.read import RawTable, frame_to_text, read_links
from powermap.io.validate import match_headers, missing_column, parse_column, vocab_explainer, vocab_parser

__all__ = ["TEAM_COLUMNS", "read_team", "validate_team", "with_team", "holders", "holders_of"]

TEAM_COLUMNS: dict[str, list[str]] = {
    "contact": ["contact", "contact id", "contact_id", "id", "person", "联系人", "联系人编号", "客户联系人"],
    "member": ["member", "team member", "seller", "rep", "our person", "owner", "我方人员", "团队成员", "负责人"],
    "relationship": ["relationship", "depth", "relationship depth", "current", "关系", "关系深度", "当前关系"],
    "desired": ["desired", "target", "desired depth", "desired relationship", "goal", "目标", "目标关系", "期望关系"],
}
TEAM_FRAME_COLUMNS = ["contact", "member", "relationship", "desired", "row"]


def validate_team(raw: RawTable, contact_ids) -> tuple[pd.DataFrame, list[Problem]]:
    """The team table as ``contact, member, relationship (0-3), desired (0-3 or NA), row``, and every problem.

    ``contact`` must name a contact id, ``member`` must not be empty, the
    depths are 0-3 or the vocabulary's words (``business``, ``personal``,
    ``trusted``, 业务, ...); ``desired`` may be empty.
    """
    problems: list[Problem] = []
    headers = match_headers(raw, TEAM_COLUMNS, problems)
    for canon in ("contact", "member", "relationship"):
        if canon not in headers:
            problems.append(missing_column(raw, canon, TEAM_COLUMNS))
    if any(p.row is None for p in problems) or raw.frame.empty:
        return pd.DataFrame(columns=TEAM_FRAME_COLUMNS), problems
    frame = raw.frame
    ids = pd.Index(list(contact_ids))
    out = pd.DataFrame(index=frame.index)
    out["contact"] = frame[headers["contact"]].astype(str).str.strip()
    for i in np.flatnonzero(~out["contact"].isin(ids).to_numpy()):
        value = out["contact"].iat[i]
        close = [c for c in ids if str(c).casefold() == value.casefold()]
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(
            raw.problem(
                f"names nobody in the contacts{hint}: expected a contact id",
                index=int(i),
                column=headers["contact"],
                value=value,
            )
        )
    out["member"] = frame[headers["member"]].astype(str).str.strip()
    for i in np.flatnonzero((out["member"] == "").to_numpy()):
        problems.append(
            raw.problem(
                "empty member: every row names one of our people", index=int(i), column=headers["member"], value=""
            )
        )
    depth = vocab_parser(vocab.RELATIONSHIPS, 0, 3)
    explain = vocab_explainer(vocab.RELATIONSHIPS, "0 to 3")
    relationship = parse_column(raw, headers["relationship"], depth, problems, explain)
    for i in np.flatnonzero(
        relationship.isna().to_numpy() & (frame[headers["relationship"]].astype(str).str.strip() == "").to_numpy()
    ):
        problems.append(
            raw.problem(
                "empty relationship: expected 0 to 3 (none, business, personal, trusted)",
                index=int(i),
                column=headers["relationship"],
                value="",
            )
        )
    out["relationship"] = pd.array(relationship, dtype="Int64")
    if "desired" in headers:
        out["desired"] = pd.array(parse_column(raw, headers["desired"], depth, problems, explain), dtype="Int64")
    else:
        out["desired"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    duplicated = out.duplicated(["contact", "member"], keep="first").to_numpy()
    for i in np.flatnonzero(duplicated):
        problems.append(
            raw.problem(
                f"the same member and contact twice ({out['member'].iat[i]}): keep one row",
                index=int(i),
                column=headers["member"],
                value=out["member"].iat[i],
            )
        )
    out["row"] = list(raw.rows)
    return out[TEAM_FRAME_COLUMNS].reset_index(drop=True), problems


def read_team(source: str | Path | pd.DataFrame, pm: Deal) -> pd.DataFrame:
    """Read and validate a team table (a file, or a notebook's DataFrame) against the map's contacts.

    Raises
    ------
    InputError
        With every problem, each naming file, row and column.
    """
    if isinstance(source, pd.DataFrame):
        raw = RawTable("team", frame_to_text(source), list(range(2, len(source) + 2)))
    else:
        raw = read_links(source)
    team, problems = validate_team(raw, pm.contacts["id"])
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.file, p.row or 0)))
    return team


def with_team(pm: Deal, team: pd.DataFrame | None) -> Deal:
    """The deal (of a deal or a map) with each contact's relationship raised to the strongest any of our people has.

    Where a team member's relationship is stronger than the contact's own
    ``relationship``, it becomes the contact's relationship and that member
    its ``owner`` (the first such member in the file on a tie). A contact
    with no owner gets the team's strongest holder. Nothing is ever lowered.
    """
    deal: Deal = getattr(pm, "deal", pm)
    if team is None or team.empty:
        return deal
    contacts = deal.contacts.copy()
    best = (
        team.dropna(subset=["relationship"])
        .sort_values(["relationship", "row"], ascending=[False, True])
        .drop_duplicates("contact")
        .set_index("contact")
    )
    position = pd.Series(np.arange(len(contacts)), index=contacts["id"])
    for contact, row in best.iterrows():
        i = int(position[contact])
        depth = int(row["relationship"])
        current = int(contacts.at[i, "relationship"])
        if depth > current or (depth >= current and contacts.at[i, "owner"] == "" and depth > 0):
            contacts.at[i, "relationship"] = max(depth, current)
            contacts.at[i, "relationship_source"] = "given"
            contacts.at[i, "owner"] = row["member"]
    return deal.replace(contacts=contacts)


def holders(pm: Deal, team: pd.DataFrame | None) -> dict[str, list[tuple[str, int]]]:
    """Per contact id, our people who know them and how deeply: the owner first, then the team table's rows,
    then the team members an activity log saw touch them (business, 1)."""
    contacts = pm.contacts.copy()
    touched = contacts["touched_by"] if "touched_by" in contacts else None
    return holders_of(contacts["id"], contacts["owner"], contacts["relationship"], team, touched)


def holders_of(
    ids: Sequence[str],
    owners: Sequence[str],
    relationships: Sequence[int],
    team: pd.DataFrame | None,
    touched_by: Sequence[str] | None = None,
) -> dict[str, list[tuple[str, int]]]:
    """:func:`holders` from the map's columns of those names, row for row (``touched_by``: an activity log's
    members, ``;``-separated; None when the map has none)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for cid, owner, depth in zip(ids, owners, relationships):
        if owner:
            out.setdefault(cid, []).append((owner, int(depth)))
    if team is not None:
        for cid, member, depth in zip(team["contact"], team["member"], team["relationship"]):
            people = out.setdefault(cid, [])
            if all(m != member for m, _ in people):
                people.append((member, int(depth) if depth is not pd.NA else 0))
    if touched_by is not None:  # an activity log's team members (--activities): each has touched them, business
        for cid, members in zip(ids, touched_by):
            for member in filter(None, str(members).split(";")):
                people = out.setdefault(cid, [])
                if all(m != member for m, _ in people):
                    people.append((member, 1))
    return out
