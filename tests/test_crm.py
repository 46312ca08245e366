"""CRM exports read as exported: profiles, role rows, dates, managers by name, engagement from activity, export."""

import csv
import json

import crm_account as A
import pandas as pd
import pytest
from typer.testing import CliRunner

import powermap
from powermap.cli import app
from powermap.errors import InputError
from powermap.policy import Policy

runner = CliRunner()


def problems_of(path, **kwargs):
    with pytest.raises(InputError) as info:
        powermap.load(path, **{**A.FACTS, **kwargs})
    return info.value.problems


def by_name(pm):
    return pm.contacts.set_index("name")


# -- the same account from every CRM ---------------------------------------------------------


def _export(crm, folder):
    if crm == "salesforce":
        contacts, roles = A.salesforce(folder)
        return contacts, {"contact_roles": roles, "users": A.users(folder)}
    return getattr(A, crm)(folder), {}


@pytest.mark.parametrize("crm", A.CRMS)
def test_each_export_scores_as_the_table_reduced_to_what_it_carries(tmp_path, crm):
    path, read = _export(crm, tmp_path)
    pm = powermap.load(path, **A.FACTS, read=read)
    carried = A.bluesheet_carried(tmp_path) if crm == "bluesheet" else A.handmade(tmp_path, crm)
    expected = powermap.load(carried, **A.FACTS)
    assert pm.reading.profile == crm and pm.reading.detected
    got, want = pm.coverage(), expected.coverage()
    for figure in ("coverage", "risk", "engaged", "supporters", "opposed", "roles_held", "threads"):
        assert got[figure] == want[figure], figure
    assert sorted(pm.gaps()["code"]) == sorted(expected.gaps()["code"])
    assert pm.coverage()["engaged"] == 13  # engagement from activity: CRMs carry no relationship depth


def test_salesforce_export_reads_names_ids_managers_owners_dates_and_roles(tmp_path):
    contacts, roles = A.salesforce(tmp_path)
    pm = powermap.load(contacts, **A.FACTS, read={"contact_roles": roles, "users": A.users(tmp_path)})
    c = by_name(pm)
    assert c.loc["Helen Park", "id"] == A.sf_id(0)  # the 18-character Id as exported
    # ReportsToId given as a 15-character Id matches the 18-character contact Id
    assert c.loc["Marcus Lind", "reports_to"] == A.sf_id(0)
    assert c.loc["Nina Shah", "reports_to"] == c.loc["Ivan Petrov", "id"]
    assert c.loc["Helen Park", "roles"] == ("decision_maker",)
    assert c.loc["Ivan Petrov", "roles"] == ("technical_supporter",)  # Evaluator
    assert c.loc["Grace Liu", "roles"] == ()  # Other: no role, not an error
    assert c.loc["Sofia Reyes", "owner"] == "Tom Becker"  # --users named the owner id
    assert str(c.loc["Laura Chen", "last_contact"].date()) == "2026-11-05"  # 11/5/2026, US
    assert c.loc["Laura Chen", "relationship"] == 1 and c.loc["Laura Chen", "relationship_source"] == "activity"
    assert c.loc["Marcus Lind", "relationship"] == 0  # last activity in June: not engaged
    assert "Email" in pm.reading.unused and "Phone" in pm.reading.unused


def test_salesforce_owner_ids_stay_ids_without_users(tmp_path):
    contacts, roles = A.salesforce(tmp_path)
    pm = powermap.load(contacts, **A.FACTS, read={"contact_roles": roles})
    assert by_name(pm).loc["Sofia Reyes", "owner"] == A.USERS["Tom Becker"]
    assert any("--users FILE" in n for n in pm.reading.notes)


def test_salesforce_ids_match_case_sensitively(write):
    path = write(
        "sf.csv",
        "Id,FirstName,LastName,ReportsToId,OwnerId,LastActivityDate\n"
        "0035g00000BwAbcQAM,Ann,Lee,,0055g00000DrUiZAAQ,11/14/2026\n"
        "0035g00000BwDefQAM,Bo,Wu,0035g00000BWABC,0055g00000DrUiZAAQ,11/13/2026\n",
    )
    [problem] = problems_of(path)
    assert (problem.row, problem.column, problem.value) == (3, "ReportsToId", "0035g00000BWABC")


def test_role_rows_add_up_and_the_opportunity_is_picked(write, tmp_path):
    contacts, _ = A.salesforce(tmp_path)
    roles = write(
        "roles.csv",
        f"""\
        ContactId,OpportunityId,Role,IsPrimary
        {A.sf_id(0)},006A,Decision Maker,true
        {A.sf_id(0, long=False)},006A,Executive Sponsor,false
        {A.sf_id(5)},006A,Evaluator,false
        {A.sf_id(5)},006B,Decision Maker,false
        """,
    )
    result = runner.invoke(app, ["validate", str(contacts), "--contact-roles", str(roles)])
    assert result.exit_code == 1
    assert "roles of 2 opportunities (006A, 006B): pick one with --opportunity ID" in result.output
    pm = powermap.load(contacts, **A.FACTS, read={"contact_roles": roles, "opportunity": "006A"})
    c = by_name(pm)
    assert c.loc["Helen Park", "roles"] == ("decision_maker", "initiator")
    assert c.loc["Ivan Petrov", "roles"] == ("technical_supporter",)
    result = runner.invoke(app, ["validate", str(contacts), "--contact-roles", str(roles), "--opportunity", "006C"])
    assert result.exit_code == 1 and "--opportunity '006C' is not in column 'OpportunityId'" in result.output


def test_role_row_for_a_missing_contact_and_an_unknown_role(write, tmp_path):
    contacts, _ = A.salesforce(tmp_path)
    roles = write(
        "roles.csv",
        f"ContactId,OpportunityId,Role\n0035g00000ZZZZZQAM,006A,Decision Maker\n{A.sf_id(1)},006A,Econommic Buyer\n",
    )
    result = runner.invoke(app, ["validate", str(contacts), "--contact-roles", str(roles)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        "row 2, column 'ContactId': '0035g00000ZZZZZQAM': this role row names a contact who is not in" in result.output
    )
    assert (
        "row 3, column 'Role': 'Econommic Buyer': value not mapped (nearest known value: 'Economic Buyer')"
        in result.output
    )


def test_hubspot_export_reads_multi_valued_roles_stance_and_managers_by_name(tmp_path):
    pm = powermap.load(A.hubspot(tmp_path), **A.FACTS)
    c = by_name(pm)
    assert c.loc["Sofia Reyes", "roles"] == ("initiator",) and c.loc["Sofia Reyes", "stance"] == 2  # Champion
    assert c.loc["Omar Haddad", "roles"] == () and c.loc["Omar Haddad", "stance"] == -2  # Blocker: a stance
    assert c.loc["Jonas Berg", "roles"] == ("legal",)  # Legal and Compliance: the legal tag
    assert c.loc["Marcus Lind", "roles"] == ("finance",)  # Budget Holder
    assert c.loc["Marcus Lind", "reports_to"] == c.loc["Helen Park", "id"]  # "HELEN PARK": by name
    assert str(c.loc["Fatima Noor", "last_contact"].date()) == "2026-11-12"  # ISO timestamp with a zone
    assert any("'Helen Park' is the name of contact 51000" in n for n in pm.reading.notes)


def test_hubspot_multi_valued_cell_and_stance_given_wins(write):
    path = write(
        "hs.csv",
        "Record ID,First Name,Last Name,Buying Role,Stance,Contact owner\n"
        "1,Ann,Lee,Decision Maker;Budget Holder;Champion,neutral,Dana\n"
        "2,Bo,Wu,,,Dana\n",
    )
    c = powermap.load(path).contacts.set_index("id")
    assert c.loc["1", "roles"] == ("decision_maker", "finance", "initiator") and c.loc["1", "stance"] == 0
    assert c.loc["2", "roles"] == ()  # a blank picklist


def test_hubspot_unknown_value_is_a_problem_unless_lenient(write):
    path = write(
        "hs.csv",
        "Record ID,First Name,Last Name,Buying Role,Contact owner\n1,Ann,Lee,Champoin,Dana\n"
        "2,Bo,Wu,Decision Maker,Dana\n",
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        "row 2, column 'Buying Role': 'Champoin': value not mapped (nearest known value: 'Champion')" in result.output
    )
    assert "Buying Role 'Champoin' (rows 2); nearest known value 'Champion'" in result.output
    lenient = runner.invoke(app, ["validate", str(path), "--lenient"])
    assert lenient.exit_code == 0 and "value 'Champoin' on 1 row(s) not mapped" in lenient.output


def test_dynamics_parent_contact_and_ambiguous_manager_names(write):
    path = write(
        "dyn.csv",
        """\
        (Do Not Modify) Contact,(Do Not Modify) Row Checksum,Full Name,Connection Role,Parent Contact,Owner
        g1,x,Alex Kim,Decision Maker,,Dana
        g2,x,Alex  Kim,Technical,,Dana
        g3,x,Sam Ode,Stakeholder,alex kim,Dana
        g4,x,Lee Ray,Technicall,Nobody Known,Dana
        """,
    )
    problems = problems_of(path)
    messages = {(p.row, p.column): p.message for p in problems}
    assert "names 2 contacts: g1 (row 2), g2 (row 3); give the manager's id instead" in messages[(4, "Parent Contact")]
    assert "reports to nobody in the file" in messages[(5, "Parent Contact")]
    assert "nearest known value: 'Technical'" in messages[(5, "Connection Role")]


def test_bluesheet_rule_and_bad_values(write):
    path = write(
        "bs.csv",
        """\
        Buying Influence,Role,Degree of Influence,Mode,Rating,Coverage
        Ann Lee,Economic Buyer,High,Growth,,Dana Ruiz
        Bo Wu,Technical Buyer,Low,Overconfident,+4,No
        Cy Po,Coach,Medium,Even Keel,-5,Yes
        """,
    )
    c = powermap.load(path).contacts.set_index("name")
    assert (
        c.loc["Ann Lee", "influence"],
        c.loc["Ann Lee", "stance"],
        c.loc["Ann Lee", "relationship"],
        c.loc["Ann Lee", "owner"],
    ) == (4, 1, 1, "Dana Ruiz")  # Mode where no Rating; Coverage names the owner
    assert (c.loc["Bo Wu", "influence"], c.loc["Bo Wu", "stance"], c.loc["Bo Wu", "relationship"]) == (2, 2, 0)
    assert (c.loc["Cy Po", "stance"], c.loc["Cy Po", "roles"], c.loc["Cy Po", "relationship"]) == (
        -2,
        ("inside_coach",),
        1,
    )
    bad = write("bad.csv", "Buying Influence,Role,Mode,Rating\nAnn,User Buyer,Growing,+7\n")
    messages = {p.column: p.message for p in problems_of(bad)}
    assert "nearest known value: 'Growth'" in messages["Mode"] and "a rating from -5 to +5" in messages["Rating"]


# -- dates ---------------------------------------------------------------------------------------


def test_dates_us_day_first_serial_and_ambiguous(write):
    header = "id,name,last_contact\n"
    us = powermap.load(write("us.csv", header + "a,Ann,11/15/2026\nb,Bo,03/04/2026\n")).contacts
    assert [str(d.date()) for d in us["last_contact"]] == ["2026-11-15", "2026-03-04"]
    dayfirst = powermap.load(write("eu.csv", header + "a,Ann,15/11/2026\nb,Bo,03/04/2026\n")).contacts
    assert [str(d.date()) for d in dayfirst["last_contact"]] == ["2026-11-15", "2026-04-03"]
    serial = powermap.load(write("xl.csv", header + "a,Ann,46341\nb,Bo,2026-11-02T08:00:00+01:00\n")).contacts
    assert [str(d.date()) for d in serial["last_contact"]] == ["2026-11-15", "2026-11-02"]
    ambiguous = write("amb.csv", header + "a,Ann,03/04/2026\nb,Bo,05/06/2026\n")
    result = runner.invoke(app, ["validate", str(ambiguous)])
    assert result.exit_code == 1
    assert (
        "column 'last_contact': dates such as '03/04/2026' read two ways: 2026-03-04 (month first, US) or "
        "2026-04-03 (day first)"
    ) in result.output and "--dayfirst" in result.output
    decided = powermap.load(ambiguous, read={"dayfirst": True}).contacts
    assert str(decided.loc[0, "last_contact"].date()) == "2026-04-03"
    assert runner.invoke(app, ["validate", str(ambiguous), "--monthfirst"]).exit_code == 0


# -- the plain table: CRM labels, no-role values, level words, managers by name --------------------


def test_crm_labels_no_role_values_level_words_and_names(write):
    path = write(
        "zoho.csv",
        """\
        Record Id,First Name,Last Name,Title,Level,Reporting To,Contact Role,Last Activity Time,Description,Contact Owner
        z1,Ann,Lee,CEO,VP,,Decision Maker,2026-11-14 10:22:00,met at expo,Dana
        z2,Bo,Wu,Head of IT,Head of,Ann Lee,-None-,2026-11-01 09:00:00,,Dana
        z3,Cy,Po,Engineer,Mgr,Bo Wu,Other,,,Tom
        z4,Di,Ma,Analyst,Director,Bo Wu,Employee; Unknown,,,Tom
        z5,Ed,Fu,Counsel,Director,Ann Lee,Legal and Compliance,,,Tom
        """,
    )
    pm = powermap.load(path, as_of="2026-11-15")
    c = pm.contacts.set_index("id")
    assert c.loc["z2", "reports_to"] == "z1" and c.loc["z3", "reports_to"] == "z2"
    assert list(c["level"]) == ["executive", "mid", "mid", "mid", "mid"]
    assert c.loc["z2", "roles"] == () and c.loc["z4", "roles"] == () and c.loc["z5", "roles"] == ("legal",)
    assert c.loc["z1", "notes"] == "met at expo" and c.loc["z1", "relationship_source"] == "activity"
    assert any("'Ann Lee' is the name of contact z1" in n for n in pm.reading.notes)


@pytest.mark.parametrize("header", ["REPORTSTOID", "Reporting To", "Reports To Id"])
def test_manager_header_aliases(write, header):
    path = write("m.csv", f"Person - Name,Record Id,{header}\nAnn Lee,p1,\nBo Wu,p2,p1\n")
    assert powermap.load(path).contacts.set_index("id").loc["p2", "reports_to"] == "p1"


def test_several_accounts_warn_and_account_picks_one(write):
    path = write(
        "many.csv",
        """\
        Record ID,First Name,Last Name,Buying Role,Company Name,Email
        1,Ann,Lee,Decision Maker,Acme,ann@acme.example
        2,Bo,Wu,End User,Acme,bo@acme.example
        3,Bo,Wu,End User,Acme,bo@acme.example
        4,Cy,Po,Champion,Globex,cy@globex.example
        """,
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert (
        "the file holds 2 accounts in column 'Company Name' ('Acme', 'Globex'): pick one with --account NAME, "
        'or score them all with `powermap portfolio FILE --by "Company Name"`'
    ) in result.output
    assert "the same person twice (same name and email): Bo Wu on rows 3, 4" in result.output
    pm = powermap.load(path, read={"account": "globex"})
    assert list(pm.contacts["name"]) == ["Cy Po"] and pm.contacts.loc[0, "row"] == 5


# -- engagement from activity ---------------------------------------------------------------------


def test_activity_engagement_policy_switch_and_given_relationship_wins(write, tmp_path):
    path = write("a.csv", "id,name,relationship,last_contact\na,Ann,,2026-11-01\nb,Bo,0,2026-11-01\nc,Cy,,2026-05-01\n")
    pm = powermap.load(path, as_of="2026-11-15")
    assert list(pm.contacts["relationship"]) == [1, 0, 0]
    assert list(pm.contacts["relationship_source"]) == ["activity", "given", "default"]
    off = Policy(activity_engagement_days=0)
    assert pm.coverage(off)["engaged"] == 0 and pm.coverage()["engaged"] == 1
    assert list(powermap.load(path, as_of="2026-11-15", policy=off).contacts["relationship"]) == [0, 0, 0]
    policy = tmp_path / "p.toml"
    policy.write_text("activity_engagement_days = 0\n")
    result = runner.invoke(
        app, ["analyze", str(path), "--as-of", "2026-11-15", "--format", "json", "--policy", str(policy)]
    )
    assert json.loads(result.stdout)["coverage"]["engaged"] == 0


def test_analyze_json_and_table_say_what_was_read(tmp_path):
    path = A.hubspot(tmp_path)
    result = runner.invoke(app, ["analyze", str(path), "--as-of", A.AS_OF, "--stage", "4", "--format", "json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["input"]["profile"] == "hubspot"
    assert payload["input"]["unused_columns"] == ["Email", "Company Name", "Lifecycle Stage"]
    sources = {c["id"]: c.get("relationship_source") for c in payload["contacts"]}
    assert sources["51008"] == "activity"
    table = runner.invoke(app, ["analyze", str(path), "--as-of", A.AS_OF])
    assert "columns not used: Email, Company Name, Lifecycle Stage" in table.output
    assert "relationship from activity: 13 contact(s)" in table.output


# -- write back ------------------------------------------------------------------------------------


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_export_to_hubspot_and_back(tmp_path):
    path = A.hubspot(tmp_path)
    out = tmp_path / "back.csv"
    result = runner.invoke(app, ["export", str(path), "--to", "hubspot", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert rows[0] == ["Record ID", "Buying Role"]
    written = dict(rows[1:])
    assert (
        written["51002"] == "Champion" and written["51007"] == "Blocker" and written["51013"] == "Legal and Compliance"
    )
    original = {c.id: (c.roles, c.stance) for c in powermap.load(path).contacts.itertuples()}
    # importing the written roles gives the roles and the +-2 stances back
    merged = tmp_path / "merged.csv"
    with open(merged, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Record ID", "First Name", "Last Name", "Buying Role"])
        for rid, role in rows[1:]:
            w.writerow([rid, "X", rid, role])
    again = {c.id: (c.roles, c.stance) for c in powermap.load(merged).contacts.itertuples()}
    for rid in again:
        assert again[rid][0] == original[rid][0]
        if not pd.isna(original[rid][1]) and original[rid][1] in (2, -2):
            assert again[rid][1] == original[rid][1]


def test_export_to_salesforce_writes_contact_role_rows(tmp_path):
    contacts, roles = A.salesforce(tmp_path)
    out = tmp_path / "ocr.csv"
    result = runner.invoke(
        app,
        [
            "export",
            str(contacts),
            "--contact-roles",
            str(roles),
            "--to",
            "salesforce",
            "-o",
            str(out),
            "--opportunity",
            "0065g00000BwOp1AAE",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert rows[0] == ["ContactId", "OpportunityId", "Role", "IsPrimary", "Stance"]
    assert [A.sf_id(0), "0065g00000BwOp1AAE", "Decision Maker", "false", ""] in rows
    assert all(len(r[0]) == 18 for r in rows[1:])  # the contacts' own Ids
    assert {r[2] for r in rows[1:]} <= {
        "Decision Maker",
        "Economic Buyer",
        "Executive Sponsor",
        "Technical Buyer",
        "Business User",
        "Influencer",
        "Other",
    }


# -- the bundled CRM samples (data/samples/README.md, section 5) ------------------------------------


def test_salesforce_sample_reads_as_its_story():
    from conftest import SAMPLES

    read = {
        "contact_roles": SAMPLES / "salesforce_contact_roles.csv",
        "opportunity": "0065g00000CvTms1AA",
        "users": SAMPLES / "salesforce_users.csv",
    }
    pm = powermap.load(
        SAMPLES / "salesforce_contacts.csv", name="Corvane Logistics", stage=5, as_of="2026-11-15", read=read
    )
    c = by_name(pm)
    assert c.loc["Elena Marsh", "roles"] == ("decision_maker",)  # Decision Maker + Economic Buyer
    assert c.loc["Brandon Tully", "roles"] == ("key_user", "influencer")
    assert c.loc["Lucia Ferraro", "roles"] == () and c.loc["Derek Osei", "roles"] == ()
    assert c.loc["Raj Malhotra", "owner"] == "Dana Ruiz"
    assert int((pm.contacts["relationship_source"] == "activity").sum()) == 8
    codes = set(pm.gaps()["code"])
    assert {"missing-role", "stale-relationship", "bypassed-mid-level", "unknown-attributes"} <= codes
    # several serious problems but no deal-killer (data/samples/README.md): medium, and the line says so
    cover = pm.coverage()
    assert cover["risk"] == "medium" and "serious problems, none a deal-killer" in cover["why"]
    missing = runner.invoke(
        app,
        [
            "validate",
            str(SAMPLES / "salesforce_contacts.csv"),
            "--contact-roles",
            str(SAMPLES / "salesforce_contact_roles.csv"),
        ],
    )
    assert missing.exit_code == 1 and "0065g00000CvTms1AA, 0065g00000CvRnw2AA" in missing.output


def test_hubspot_sample_reads_as_its_story():
    from conftest import SAMPLES

    pm = powermap.load(SAMPLES / "hubspot_contacts.csv", name="Pinecrest Credit Union", stage=4, as_of="2026-11-15")
    c = by_name(pm)
    ceo = c.loc["Gloria Vance", "id"]
    assert (c.loc[["Howard Lim", "Renee Dubois", "Colleen Pratt"], "reports_to"] == ceo).all()
    assert c.loc["Howard Lim", "roles"] == ("finance", "decision_maker")
    assert (c.loc["Renee Dubois", "roles"], c.loc["Renee Dubois", "stance"]) == (("initiator",), 2)
    assert (c.loc["Colleen Pratt", "roles"], c.loc["Colleen Pratt", "stance"]) == ((), -2)
    assert c.loc["Nate Brooks", "roles"] == ("legal",)
    gaps = pm.gaps()
    assert "late-technical-engagement" in set(gaps["code"]) and "few-mid-level-allies" in set(gaps["code"])
    # no technical value in HubSpot's picklist: said once, as late technical engagement at stage 4
    assert set(gaps.loc[gaps["code"] == "missing-role", "role"]) == {"inside_coach", "advisor"}
    # the Chief Risk Officer opposes us, but she neither decides nor advises: serious, not a deal-killer
    cover = pm.coverage()
    assert cover["risk"] == "medium" and "none a deal-killer" in cover["why"] and "Colleen Pratt" in cover["why"]


def test_portfolio_scores_a_crm_export_by_its_account_column(write, tmp_path):
    path = write(
        "multi.csv",
        """\
        Record ID,First Name,Last Name,Buying Role,Company Name,Reports To,Last Activity Date
        1,Ann,Lee,Decision Maker,Acme,,11/14/2026
        2,Bo,Wu,End User,Acme,Ann Lee,11/02/2026
        3,Cy,Po,Champion,Globex,,10/30/2026
        4,Di,Ma,Blocker,Globex,Cy Po,
        """,
    )
    out = tmp_path / "accounts.csv"
    result = runner.invoke(
        app, ["portfolio", str(path), "--by", "Company Name", "-o", str(out), "--jobs", "1", "--as-of", "2026-11-15"]
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out).set_index("Company Name")
    assert table.loc["Acme", "engaged"] == 2  # both active within 90 days
    assert (table.loc["Globex", "engaged"], table.loc["Globex", "opposed"]) == (1, 1)  # Champion; Blocker


def test_from_forces_a_profile_and_an_unknown_one_is_refused(write):
    path = write("t.csv", "id,name,role\na,Ann,Budget Holder\nb,Bo,Blocker\n")
    with pytest.raises(InputError):  # plain: Blocker is no role in powermap's own words
        powermap.load(path)
    pm = powermap.load(path, read={"profile": "hubspot"})
    c = pm.contacts.set_index("id")
    assert c.loc["a", "roles"] == ("finance",) and c.loc["b", "stance"] == -2 and not pm.reading.detected
    result = runner.invoke(app, ["validate", str(path), "--from", "zoho"])
    assert result.exit_code == 2


def test_validate_json_carries_what_was_read(tmp_path):
    result = runner.invoke(app, ["validate", str(A.dynamics(tmp_path)), "--format", "json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["input"]["profile"] == "dynamics"
    assert {"column": "Connection Role", "read_as": "roles (+stance)"} in payload["input"]["columns"]  # Blocker -2
    assert {
        "column": "(Do Not Modify) Modified On",
        "read_as": "kept, not used (when the record was edited: not an activity)",
    } in payload["input"]["columns"]
    assert payload["input"]["unused_columns"] == [
        "(Do Not Modify) Row Checksum",
        "(Do Not Modify) Modified On",
        "Company Name",
    ]
