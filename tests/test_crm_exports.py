"""The four exports that needed hand work (issue 27): each reads as exported to the map of its hand-reshaped table.

Dynamics 365 with its Stakeholders (connection roles by contact name) and
Modified On, Zoho's deal contact roles by name, Pipedrive's custom person
fields, and a Blue Sheet with a title block above its header.
"""

import csv
from pathlib import Path

import crm_account as A
import pandas as pd
import pytest
from crm_account import write_csv

import powermap
from powermap.errors import InputError

COLUMNS = ["id", "name", "title", "department", "reports_to", "roles", "stance", "relationship", "owner"]
NAMES = {p[0]: f"{p[1]} {p[2]}" for p in A.PEOPLE}


def assert_same_map(got, want):
    """The same people, managers, roles, stances, relationships and owners; the same score and gaps."""
    g = got.contacts.set_index("name")[COLUMNS[2:]].sort_index()
    w = want.contacts.set_index("name")[COLUMNS[2:]].sort_index()
    pd.testing.assert_frame_equal(g.drop(columns="reports_to"), w.drop(columns="reports_to"), check_dtype=False)
    managers = {i: n for i, n in zip(got.contacts["id"], got.contacts["name"])}
    want_managers = {i: n for i, n in zip(want.contacts["id"], want.contacts["name"])}
    assert (
        g["reports_to"].map(lambda v: managers.get(v, "")).tolist()
        == w["reports_to"].map(lambda v: want_managers.get(v, "")).tolist()
    )
    g_cov, w_cov = got.coverage(), want.coverage()
    for figure in ("coverage", "risk", "engaged", "supporters", "opposed", "roles_held", "threads"):
        assert g_cov[figure] == w_cov[figure], figure
    assert sorted(got.gaps()["code"]) == sorted(want.gaps()["code"])


def _hand(folder: Path, roles: dict[str, str], stance: dict[str, int], ids=None, owner=True) -> Path:
    rows = []
    for pid, _f, _l, title, dept, boss, _r, _s, _last, owner_of, _values in A.PEOPLE:
        owner_name = owner_of if owner else ""
        key = (lambda p: ids[p]) if ids else (lambda p: p)
        rows.append(
            [
                key(pid),
                NAMES[pid],
                title,
                dept,
                key(boss) if boss else "",
                roles.get(pid, ""),
                stance.get(pid, ""),
                "",
                owner_name,
            ]
        )
    return write_csv(folder / "hand.csv", COLUMNS, rows)


def test_dynamics_stakeholders_join_by_name_and_modified_on_is_no_activity(tmp_path):
    export = A.dynamics(tmp_path)
    rows = list(csv.reader(open(export, encoding="utf-8")))
    header = rows[0]
    keep = [i for i, h in enumerate(header) if h not in ("Connection Role", "Last Activity")]
    with open(export, "w", newline="", encoding="utf-8") as f:  # the contacts export: no activity, an edit date
        w = csv.writer(f)
        w.writerow([header[i] for i in keep] + ["Modified On"])
        w.writerows([[r[i] for i in keep] + ["11/14/2026 08:00"] for r in rows[1:]])
    stakeholders = [
        ["Plant 4 line automation", "  " + NAMES[p].upper() + " ", p_values[2]]
        for p, *_, p_values in [(q[0], q[10]) for q in A.PEOPLE]
        if p_values[2]
    ]
    stakeholders.append(["Plant 4 line automation", "marcus  lind", "Blocker"])
    roles_file = write_csv(
        tmp_path / "stakeholders.csv", ["Connected From", "Connected To", "As this Role"], stakeholders
    )
    pm = powermap.load(export, read={"contact_roles": roles_file}, **A.FACTS)
    assert pm.reading.profile == "dynamics"
    assert pm.reading.mapping["Modified On"] == "kept, not used (when the record was edited: not an activity)"
    assert pm.coverage()["engaged"] == 0  # an edit yesterday is not a contact: nobody is engaged by it
    assert any("by name" in n for n in pm.reading.notes)
    ids = dict(zip(NAMES.values(), pm.contacts["id"]))
    reverse = {pid: ids[NAMES[pid]] for pid in NAMES}
    roles = {p[0]: A.ROLE_READ[p[10][2]] for p in A.PEOPLE}
    hand = powermap.load(_hand(tmp_path, roles, {"cfo": -2}, reverse), **A.FACTS)
    assert_same_map(pm, hand)


def test_a_role_row_whose_name_two_contacts_share_names_the_candidates(tmp_path):
    contacts = write_csv(tmp_path / "c.csv", ["id", "name"], [["1", "Ann Lee"], ["2", "ANN LEE"], ["3", "Bo Chen"]])
    roles = write_csv(
        tmp_path / "r.csv", ["Contact Name", "Contact Role"], [["ann lee", "Legal"], ["Bo Chen", "Purchasing"]]
    )
    with pytest.raises(InputError) as info:
        powermap.load(contacts, read={"contact_roles": roles}, as_of=A.AS_OF)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (str(roles), 2, "Contact Name", "ann lee")
    assert "2 contacts: 1 (row 2), 2 (row 3)" in problem.message


ZOHO = {  # Zoho's standard deal contact roles, one per person who has a role
    "ceo": ("Economic Decision Maker", "decision_maker"),
    "cfo": ("Purchasing", "purchaser"),
    "cio": ("Developer/Evaluator", "technical_supporter"),
    "coo": ("Executive Sponsor", "initiator"),
    "ea": ("Product Management", ""),
    "plant": ("Legal", "legal"),
}


def test_zoho_contact_roles_by_name_with_zoho_standard_roles(tmp_path):
    rows = [
        [str(4_000_000 + i), p[1], p[2], p[3], p[4], NAMES.get(p[5], ""), p[9], f"{p[1].lower()}@bw.example"]
        for i, p in enumerate(A.PEOPLE)
    ]
    contacts = write_csv(
        tmp_path / "zoho_contacts.csv",
        ["Record Id", "First Name", "Last Name", "Title", "Department", "Reporting To", "Contact Owner", "Email"],
        rows,
    )
    present = {p[0] for p in A.PEOPLE}
    role_rows = [[NAMES[p], value, "Plant 4"] for p, (value, _) in ZOHO.items() if p in present]
    roles = write_csv(tmp_path / "zoho_roles.csv", ["Contact Name", "Contact Role", "Deal Name"], role_rows)
    pm = powermap.load(contacts, read={"contact_roles": roles}, **A.FACTS)
    ids = {p[0]: str(4_000_000 + i) for i, p in enumerate(A.PEOPLE)}
    hand = powermap.load(_hand(tmp_path, {p: r for p, (_, r) in ZOHO.items()}, {}, ids), **A.FACTS)
    assert_same_map(pm, hand)


def test_pipedrive_custom_person_fields_by_their_label(tmp_path):
    stance_word = {2: "Champion", 1: "Supporter", 0: "Neutral", -1: "Skeptic", -2: "Blocker"}
    rows = [
        [
            str(700 + i),
            NAMES[p[0]],
            p[3],
            "Brightwater Foods",
            A.ROLE_READ[p[10][0]].replace("_", " "),
            NAMES.get(p[5], ""),
            stance_word.get(p[7], "") if p[7] is not None else "",
            p[9],
            "2026-11-14 09:00:00",
        ]
        for i, p in enumerate(A.PEOPLE)
    ]
    export = write_csv(
        tmp_path / "pipedrive.csv",
        [
            "Person - ID",
            "Person - Name",
            "Person - Job title",
            "Person - Organization",
            "Person - Buying role",
            "Person - Reports to",
            "Person - Label",
            "Person - Owner",
            "Person - Update time",
        ],
        rows,
    )
    pm = powermap.load(export, **A.FACTS)
    assert pm.reading.mapping["Person - Buying role"].startswith("roles")
    assert pm.reading.mapping["Person - Reports to"].startswith("reports_to")
    assert pm.reading.mapping["Person - Update time"].startswith("kept, not used (when the record was edited")
    assert pm.reading.mapping["Person - Label"] == "stance"
    assert any("'Person - Label' holds stance words only" in n for n in pm.reading.notes)
    ids = {p[0]: str(700 + i) for i, p in enumerate(A.PEOPLE)}
    roles = {p[0]: A.ROLE_READ[p[10][0]] for p in A.PEOPLE}
    stance = {p[0]: p[7] for p in A.PEOPLE if p[7] is not None}
    hand = _hand(tmp_path, roles, stance, ids)
    frame = [r for r in csv.reader(open(hand, encoding="utf-8"))]
    for r in frame[1:]:
        r[3] = ""  # Pipedrive's person has no department
    write_csv(hand, frame[0], frame[1:])
    assert_same_map(pm, powermap.load(hand, **A.FACTS))


def test_bluesheet_title_block_is_skipped_and_said(tmp_path):
    export = A.bluesheet(tmp_path)
    body = export.read_text(encoding="utf-8")
    titled = tmp_path / "bluesheet_titled.csv"
    titled.write_text("Blue Sheet\nOpportunity: Plant 4 line automation\nDate: 2026-11-14\n\n" + body, encoding="utf-8")
    pm = powermap.load(titled, **A.FACTS)
    assert any("title block above the header skipped: the header is row 5" in n for n in pm.reading.notes)
    assert_same_map(pm, powermap.load(A.bluesheet_carried(tmp_path), **A.FACTS))
    bad = tmp_path / "bad.csv"
    bad.write_text("Blue Sheet\nOpportunity: X\n\n" + body.replace("Helen Park,", "Helen Park,,,", 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        powermap.load(bad, **A.FACTS)
    assert [p.row for p in info.value.problems] == [5]  # rows numbered as in the file, title block included


def test_a_title_block_padded_with_delimiters_is_skipped_too(tmp_path):
    body = A.bluesheet(tmp_path).read_text(encoding="utf-8")
    width = body.splitlines()[0].count(",")
    titled = tmp_path / "padded.csv"
    titled.write_text(f"Blue Sheet{',' * width}\nDate: 2026-11-14{',' * width}\n" + body, encoding="utf-8")
    pm = powermap.load(titled, **A.FACTS)
    assert any("2 row(s) of a title block above the header skipped: the header is row 3" in n for n in pm.reading.notes)
    assert_same_map(pm, powermap.load(A.bluesheet_carried(tmp_path), **A.FACTS))


def test_pipedrive_labels_that_are_not_stances_stay_unused_and_said(tmp_path):
    path = write_csv(
        tmp_path / "p.csv",
        ["Person - ID", "Person - Name", "Person - Label"],
        [["1", "Ann Lee", "Hot lead"], ["2", "Bo Chen", "Customer"]],
    )
    pm = powermap.load(path, as_of=A.AS_OF)
    assert pm.contacts["stance"].isna().all()
    assert any("labels that are not stances (Hot lead, Customer)" in n for n in pm.reading.notes)
