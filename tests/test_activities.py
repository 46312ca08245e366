"""--activities: Salesforce, HubSpot and calendar activity read as exported, with the traps each source carries."""

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
import activity_account as A
import crm_account as C

import powermap
from powermap.analysis.touches import contact_facts
from powermap.cli import app
from powermap.errors import InputError
from powermap.policy import Policy

# the calendar holds meetings only: its hand count leaves out the calls and the email
HAND_CALENDAR = {
    "ceo": ("2026-10-20", 1, 1, 1),
    "cfo": ("2026-11-15", 1, 1, 1),
    "coo": ("2026-11-10", 2, 2, 2),
    "cio": ("2026-11-10", 7, 7, 7),
}


def _source(tmp_path, source):
    """(contacts file, read options, hand count, person id -> map id) for one source."""
    if source == "salesforce":
        contacts, roles = C.salesforce(tmp_path)
        read = {"contact_roles": roles, "users": C.users(tmp_path), "activities": tuple(A.salesforce(tmp_path))}
        ids = {p[0]: C.sf_id(i) for i, p in enumerate(C.PEOPLE)}
        return contacts, read, A.HAND, ids
    if source == "hubspot":
        ids = {p[0]: str(51000 + i) for i, p in enumerate(C.PEOPLE)}
        return C.hubspot(tmp_path), {"activities": (A.hubspot(tmp_path),)}, A.HAND, ids
    contacts, _ = C.salesforce(tmp_path)
    ids = {p[0]: C.sf_id(i) for i, p in enumerate(C.PEOPLE)}
    return contacts, {"activities": (A.calendar(tmp_path),)}, HAND_CALENDAR, ids


@pytest.mark.parametrize("source", ["salesforce", "hubspot", "calendar"])
def test_each_source_gives_the_hand_count(tmp_path, source):
    contacts, read, hand, ids = _source(tmp_path, source)
    pm = powermap.load(contacts, read=read, **C.FACTS)
    facts = contact_facts(pm.activity, A.AS_OF, Policy()).set_index("contact")
    got = {
        pid: (
            facts.at[ids[pid], "last_touch"].date().isoformat(),
            int(facts.at[ids[pid], "touches"]),
            int(facts.at[ids[pid], "meetings"]),
            int((pm.activity["counts"] & (pm.activity["contact"] == ids[pid])).sum()),
        )
        for pid in hand
    }
    assert got == hand
    assert set(facts.index) == {ids[p] for p in hand}  # the declined assistant and the rest: no touch
    unmatched = pm.activity.loc[~pm.activity["match"].isin(["contact", "team"]), "match"].value_counts().to_dict()
    assert unmatched.get("other-account") == 1  # Northwind's contact: counted and reported, never attached
    assert unmatched.get("nobody", 0) >= 1
    assert pm.activity.loc[pm.activity["match"] == "other-account", "contact"].tolist() == [""]


@pytest.mark.parametrize("source", ["salesforce", "hubspot", "calendar"])
def test_the_log_marks_what_it_decided_and_a_given_depth_wins(tmp_path, source):
    contacts, read, hand, ids = _source(tmp_path, source)
    pm = powermap.load(contacts, read=read, **C.FACTS)
    c = pm.contacts.set_index("id")
    for pid, suggested in A.SUGGESTED.items():
        if pid not in hand:
            continue
        assert c.at[ids[pid], "relationship"] == suggested
        assert c.at[ids[pid], "relationship_source"] == "activity-log"
    assert c.at[ids["cio"], "touches"] == 7
    assert c.at[ids["cfo"], "last_contact"] == pd.Timestamp("2026-11-15")  # later than the export's 2026-06-01
    assert c.at[ids["cfo"], "last_contact_source"] == "activity-log"
    assert c.at[ids["coo"], "last_contact_source"] == "given"  # the export's 11-10 equals the log's: given stays
    assert c.at[ids["ea"], "relationship_source"] != "activity-log"  # declined: the log says nothing of her
    links = pm.links.loc[pm.links["kind"] == "works_with"]
    assert [(a, b) for a, b in zip(links["source"], links["target"])] == [tuple(sorted((ids["coo"], ids["cio"])))]
    assert links["weight"].tolist() == [pytest.approx(2 / 6)]
    assert "Tom Becker" in c.at[ids["cio"], "touched_by"].split(";")


def test_a_given_relationship_wins_and_the_disagreement_is_a_note(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    frame = pd.read_csv(contacts, dtype=str, keep_default_na=False)
    frame["relationship"] = ["3" if i == 3 else "" for i in range(len(frame))]  # cio: trusted, the log says 2
    frame.to_csv(contacts, index=False)
    pm = powermap.load(contacts, read={"activities": (A.calendar(tmp_path),)}, **C.FACTS)
    cio = pm.contacts.set_index("id").loc[C.sf_id(3)]
    assert (cio["relationship"], cio["relationship_source"]) == (3, "given")
    assert any(f"{C.sf_id(3)} (given 3, log 2)" in n for n in pm.reading.notes)


def test_owner_filled_from_the_log_only_where_empty(tmp_path):
    contacts = C.hubspot(tmp_path)
    frame = pd.read_csv(contacts, dtype=str, keep_default_na=False)
    frame.loc[frame["Record ID"] == "51003", "Contact owner"] = ""  # cio: no owner in the CRM
    frame.to_csv(contacts, index=False)
    pm = powermap.load(contacts, read={"activities": (A.hubspot(tmp_path),)}, **C.FACTS)
    c = pm.contacts.set_index("id")
    assert c.at["51003", "owner"] == "Tom Becker"  # 6 of his 7 touches
    assert c.at["51000", "owner"] == "Dana Ruiz"  # the CRM's own owner stays


def test_a_meeting_near_midnight_counts_by_its_utc_date(tmp_path):
    ics = A.calendar(tmp_path)
    contacts, _ = C.salesforce(tmp_path)
    m = powermap.load(contacts, read={"activities": (ics,)}, **C.FACTS).activity
    tokyo = m.loc[m["subject"] == "tokyo"].iloc[0]
    late = m.loc[m["subject"] == "late"].iloc[0]
    assert (tokyo["when"], bool(tokyo["counts"])) == ("2026-11-15", True)  # 11-16 07:30 in Tokyo
    assert (late["when"], bool(late["counts"]), late["reason"]) == ("2026-11-16", False, "after-as-of")  # 20:00 LA
    later = powermap.load(contacts, read={"activities": (ics,)}, **{**C.FACTS, "as_of": "2026-11-16"}).activity
    assert bool(later.loc[later["subject"] == "late", "counts"].iloc[0])


def test_the_calendar_traps(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    m = powermap.load(contacts, read={"activities": (A.calendar(tmp_path),)}, **C.FACTS).activity
    sync = m.loc[m["subject"] == "sync"]
    assert sync["when"].tolist() == A.SYNC  # weekly from 10-06, the EXDATE 10-13 out, none after as_of
    assert m.loc[m["person"] == "grace.liu@brightwater.example", "reason"].tolist() == ["declined"]
    assert m.loc[m["subject"] == "cancelled", "reason"].tolist() == ["cancelled"]
    assert not (m["person"].str.contains("ourco.example")).any()  # the organizer is our team, never a contact
    assert m.loc[m["subject"] == "prep", "match"].tolist() == ["nobody"]


def test_an_event_and_its_eventrelation_row_count_once(tmp_path):
    contacts, read, _, ids = _source(tmp_path, "salesforce")
    m = powermap.load(contacts, read=read, **C.FACTS).activity
    coo = m.loc[(m["contact"] == ids["coo"]) & (m["when"] == "2026-10-20")]
    assert coo["source"].tolist() == ["salesforce-event", "salesforce-eventrelation"]
    assert coo["counts"].tolist() == [True, False]
    assert coo["reason"].tolist() == ["", "duplicate"]
    team = m.loc[m["match"] == "team", "person"].tolist()
    assert team == ["Dana Ruiz", "Tom Becker"]  # the users invited, named by --users


def test_an_eventrelation_without_its_event_is_a_problem_naming_the_row(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    _, _, relations = A.salesforce(tmp_path)
    with pytest.raises(InputError) as error:
        powermap.load(contacts, read={"activities": (relations,)}, **C.FACTS)
    first = error.value.problems[0]
    assert (first.row, first.column) == (2, "EventId")
    assert "Event export" in first.message


def test_bad_input_names_file_row_and_column(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    bad = tmp_path / "tasks.csv"
    bad.write_text("Id,WhoId,ActivityDate,Status\n00T1,003x,2026-11-02,Completed\n00T2,003y,soon,Completed\n")
    with pytest.raises(InputError) as error:
        powermap.load(contacts, read={"activities": (bad,)}, **C.FACTS)
    (problem,) = error.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (str(bad), 3, "ActivityDate", "soon")
    other = tmp_path / "people.csv"
    other.write_text("id,name\n1,Ann\n")
    with pytest.raises(InputError, match="not an activity export"):
        powermap.load(contacts, read={"activities": (other,)}, **C.FACTS)
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\n")
    with pytest.raises(InputError, match="iCalendar"):
        powermap.load(contacts, read={"activities": (broken,)}, **C.FACTS)


def test_a_name_two_contacts_share_matches_nobody_and_says_who(tmp_path):
    contacts = tmp_path / "c.csv"
    contacts.write_text("id,name\n1,Ann Lee\n2,ann lee\n3,Bo Chen\n")
    tasks = tmp_path / "tasks.csv"
    tasks.write_text(
        "Subject,Name,Date,Status,Task Subtype\nCall,ANN  LEE,11/02/2026,Completed,Call\n"
        "Call,bo chen,11/13/2026,Completed,Call\n"
    )
    m = powermap.load(contacts, read={"activities": (tasks,)}, as_of="2026-11-15").activity
    assert m["contact"].tolist() == ["", "3"]
    assert m["reason"].iat[0] == "ambiguous name: 1, 2"


def test_activity_command_reports_sources_team_weeks_and_unmatched(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    files = [str(f) for f in A.salesforce(tmp_path)]
    runner = CliRunner()
    args = ["activity", *files, "--contacts", str(contacts), "--users", str(C.users(tmp_path)), "--as-of", A.AS_OF]
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    assert "salesforce-eventrelation: 8 touch rows, 3 counted (not counted: the same activity twice 2, declined 1)" in (
        out.output
    )
    assert "Tom Becker: 7" in out.output and "2026-W46: 4" in out.output
    assert "another account's person: 1" in out.output
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).output)
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("powermap.render").joinpath("activity.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert (data["counted"], data["contacts_touched"], data["unmatched"]) == (14, 4, {"nobody": 2, "other-account": 1})
    zh = runner.invoke(app, [*args, "--lang", "zh"]).output
    assert "按团队成员" in zh and "同一活动重复" in zh


def test_activities_on_every_contacts_command(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    out = CliRunner().invoke(
        app, ["validate", str(contacts), "--activities", str(A.calendar(tmp_path)), "--as-of", A.AS_OF]
    )
    assert out.exit_code == 0, out.output
    assert "11 counted for 4 contact(s)" in out.output


def test_analyze_json_carries_the_log_and_keeps_the_schema(tmp_path):
    import jsonschema

    from powermap.render.text import json_schema

    contacts, _ = C.salesforce(tmp_path)
    args = ["analyze", str(contacts), "--activities", str(A.calendar(tmp_path)), "--as-of", A.AS_OF, "--format", "json"]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    jsonschema.validate(data, json_schema())
    cio = next(c for c in data["contacts"] if c["id"] == C.sf_id(3))
    assert (cio["touches"], cio["touched_by"], cio["relationship_source"]) == (
        7,
        "Tom Becker;Dana Ruiz",
        "activity-log",
    )
    assert cio["last_contact_source"] == "activity-log" and cio["last_contact"] == "2026-11-10"


def test_portfolio_reads_the_log_for_its_accounts(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    ics = A.calendar(tmp_path)
    args = ["portfolio", str(contacts), "--by", "AccountId", "-o", str(tmp_path / "p.csv"), "--activities", str(ics)]
    out = CliRunner().invoke(app, [*args, "--as-of", A.AS_OF, "--jobs", "1"])
    assert out.exit_code == 0, out.output
    assert "note: activities: " in out.output  # the pipeline's run (tests/test_activities_pipeline.py)


def test_the_team_members_the_log_saw_hold_the_contact_for_the_plan(tmp_path):
    from powermap.plan.team import holders

    contacts, read, _, ids = _source(tmp_path, "salesforce")
    pm = powermap.load(contacts, read=read, **C.FACTS)
    held = holders(pm, None)
    assert held[ids["cio"]] == [("Tom Becker", 2), ("Dana Ruiz", 1)]  # the owner first, then the kick-off's host
    assert [m for m, _ in held[ids["ea"]]] == ["Dana Ruiz"]  # declined: the log adds nobody beside her owner


def test_a_calendar_that_would_never_end_is_refused(tmp_path):
    contacts, _ = C.salesforce(tmp_path)
    ics = tmp_path / "minutely.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:spam\r\nDTSTAMP:20200101T000000Z\r\n"
        b"DTSTART:20200101T000000Z\r\nRRULE:FREQ=MINUTELY\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(InputError, match="event spam repeats minutely"):
        powermap.load(contacts, read={"activities": (ics,)}, **C.FACTS)


def test_a_log_holding_less_does_not_take_back_the_crms_recent_activity(tmp_path):
    contacts = tmp_path / "c.csv"
    contacts.write_text("id,name,last_contact\n1,Ann Lee,2026-11-01\n2,Bo Chen,\n")
    tasks = tmp_path / "tasks.csv"
    tasks.write_text("Subject,WhoId,ActivityDate,Status\nCall,1,2026-03-02,Completed\nCall,2,2026-03-13,Completed\n")
    c = powermap.load(contacts, read={"activities": (tasks,)}, as_of="2026-11-15").contacts.set_index("id")
    assert (c.at["1", "relationship"], c.at["1", "relationship_source"]) == (1, "activity")  # the CRM: 14 days ago
    assert (c.at["2", "relationship"], c.at["2", "relationship_source"]) == (0, "activity-log")  # old touch only
    assert c.at["1", "last_contact"] == pd.Timestamp("2026-11-01") and c.at["1", "last_contact_source"] == "given"


def test_hubspot_contacts_by_email_and_an_unknown_person_of_this_account(tmp_path):
    contacts = C.hubspot(tmp_path)  # emails first@brightwater.example
    log = tmp_path / "hubspot_activities.csv"
    log.write_text(
        "Activity ID,Activity type,Activity date,Activity assigned to,Associated Contact,Associated Company,"
        "Call outcome\n"
        "1,CALL,2026-11-02T10:00:00Z,Dana Ruiz,Helen@brightwater.example,Brightwater Foods,Connected\n"
        "2,CALL,2026-11-03T10:00:00Z,Dana Ruiz,new.hire@brightwater.example,Brightwater Foods,Connected\n"
        "3,CALL,2026-11-04T10:00:00Z,Dana Ruiz,helen@brightwater.example,Brightwater Foods,No answer\n"
    )
    m = powermap.load(contacts, read={"activities": (log,)}, **C.FACTS).activity
    assert m["match"].tolist() == ["contact", "unknown", "contact"]
    assert m["contact"].tolist() == ["51000", "", "51000"]
    assert m["counts"].tolist() == [True, False, False]
    assert m["reason"].tolist() == ["", "", "not-held"]


def test_a_map_read_with_a_log_and_the_crms_own_columns_is_not_validated_again(tmp_path):
    # the map's own tables carry the CRM's extra columns (Email, Phone) and the log's (touches, touched_by) after
    # the validated ones: rebuilding the map from them keeps what was inferred or defaulted as it was
    contacts, read, _, _ = _source(tmp_path, "salesforce")
    pm = powermap.load(contacts, read=read, **C.FACTS)
    assert {"Email", "touches", "touched_by"} <= set(pm.contacts.columns)
    again = powermap.PowerMap(pm.contacts, pm.links, pm.account)
    pd.testing.assert_frame_equal(again.contacts, pm.contacts)
    assert again.analysis().coverage["confidence"].iat[0] == pm.analysis().coverage["confidence"].iat[0]
