"""`powermap plan`: the next moves a seasoned coach would write, with their warm paths, scored by the real analysis."""

import json

import pandas as pd
import pytest
from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import powermap
from powermap import InputError
from powermap.cli import app
from powermap.plan.actions import ACTION_FIELDS, plan, plan_actions
from powermap.plan.batch import STEP_COLUMNS
from powermap.plan.team import read_team
from powermap.sim.synth import organisation

HARTWELL = dict(
    links=SAMPLES / "manufacturer_links.csv",
    name="Hartwell Precision Castings",
    stage=4,
    technicality="high",
    as_of="2026-11-15",
)
HARTWELL_ARGS = [
    str(SAMPLES / "manufacturer.csv"),
    "--links",
    str(SAMPLES / "manufacturer_links.csv"),
    "--stage",
    "4",
    "--technicality",
    "high",
    "--as-of",
    "2026-11-15",
    "--name",
    "Hartwell Precision Castings",
]
runner = CliRunner()
PIPELINE_FACTS = ["account_name", "stage", "technicality", "as_of"]


def _account_map(rows: pd.DataFrame) -> powermap.PowerMap:
    """One account's rows of a pipeline table as its own map (what ``powermap plan`` reads for it alone)."""
    return powermap.from_frame(
        rows.drop(columns=["account", *PIPELINE_FACTS]),
        name=rows["account_name"].iloc[0],
        stage=rows["stage"].iloc[0],
        technicality=rows["technicality"].iloc[0],
        as_of=rows["as_of"].iloc[0],
    )


@pytest.fixture(scope="module")
def hartwell():
    return powermap.load(SAMPLES / "manufacturer.csv", **HARTWELL)


@pytest.fixture(scope="module")
def hartwell_plan(hartwell):
    return plan(hartwell, steps=7)


@pytest.fixture(scope="module")
def utility():
    return powermap.load(SAMPLES / "chinese_utility.csv", stage=3, technicality="medium", as_of="2026-11-15")


@pytest.fixture(scope="module")
def hospital():
    return powermap.load(SAMPLES / "hospital.csv", stage=5, technicality="high", as_of="2026-11-15")


def replay(pm, actions):
    """Apply each action's change with what_if, in order; check the plan's numbers and gaps at every step."""
    state = pm
    for action in actions:
        change = state.what_if(action["contact"], **action["change"])
        after = change.after
        cover = after.coverage()
        assert action["coverage_after"] == pytest.approx(float(cover["coverage"]), abs=1e-9)
        assert action["risk_after"] == cover["risk"]
        # one identity of "the same gap": the plan resolves and opens exactly what what_if resolves and opens
        assert action["resolves"] == list(dict.fromkeys(change.resolved["code"])), action
        assert action["opens"] == list(dict.fromkeys(change.opened["code"])), action
        was = change.changed
        renamed = [] if was.empty else [{"from": b, "to": a} for b, a in zip(was["code_before"], was["code"]) if a != b]
        assert action["changes"] == renamed, action  # one person's gap under another code: neither of those
        yield state, action
        state = after


def check_path(state, action):
    """The via path is a chain of introductions (an influence edge, or a manager, report or peer under one manager)
    from someone we engage, and everyone on it is engaged by this step, supports us and leans to no competitor."""
    via = list(action["via"])
    if not via:
        return
    contacts = state.contacts.set_index("id")
    for person in via:
        assert contacts.at[person, "relationship"] >= 1, (person, action["action"])
        assert contacts.at[person, "stance"] >= 1, (person, action["action"])
        assert not contacts.at[person, "competitor"], (person, action["action"])
    manager = contacts["reports_to"].fillna("").to_dict()
    for u, v in zip(via, via[1:] + [action["contact"]]):
        related = manager.get(u) == v or manager.get(v) == u or (manager.get(u) and manager.get(u) == manager.get(v))
        assert state.graph.has_edge(u, v) or related, (u, v)


# -- the samples: what a coach would write ----------------------------------------------------------------------


def test_hartwell_works_on_the_opposed_production_manager_through_his_plant_manager(hartwell_plan):
    lindholm = hartwell_plan[hartwell_plan["contact"] == "M13"].iloc[0]
    assert lindholm["kind"] == "neutralise" and lindholm["change"] == {"stance": 0}
    assert lindholm["via"] == ["M09"]  # Brian Kessler, the plant manager he reports to, our champion
    assert "resistant-key-user" in lindholm["resolves"]
    assert lindholm["action"].startswith(
        "Ask Brian Kessler (Plant Manager, initiator, champion) to bring Gary Lindholm"
    )
    assert lindholm["member"] == "Dana Ruiz"  # who holds Brian Kessler


def test_hartwell_reaches_the_cfo_through_the_controller_she_trusts(hartwell_plan):
    ranks = dict(zip(zip(hartwell_plan["contact"], hartwell_plan["kind"]), hartwell_plan["rank"]))
    # she is the deal-killer, so her road comes first: the person she listens to (cold: we met him once), then
    # win him, then her through him
    assert (ranks[("M20", "engage")], ranks[("M20", "convert")], ranks[("M05", "neutralise")]) == (1, 2, 3)
    greer = hartwell_plan[hartwell_plan["contact"] == "M20"].iloc[0]
    assert "whom Catherine Brandt (Chief Financial Officer) listens to" in greer["action"]
    assert "no warm path: cold approach through" in greer["action"]
    brandt = hartwell_plan[(hartwell_plan["contact"] == "M05")].iloc[0]
    assert brandt["via"] == ["M20"]
    assert brandt["risk_after"] == "medium"  # the deal-killer gone; the CEO not seen since July is next


def test_hartwell_loops_in_the_coos_assistant_before_anything_with_the_coo(hartwell_plan):
    # early in the plan (after the deal-killer's road and the stale CEO), and before the COO
    first = hartwell_plan.iloc[:5]
    assert ("M08", "engage") in set(zip(first["contact"], first["kind"]))
    pruitt = hartwell_plan[hartwell_plan["contact"] == "M08"].iloc[0]
    assert pruitt["resolves"] == ["bypassed-gatekeeper"]
    later = hartwell_plan[hartwell_plan["rank"] < pruitt["rank"]]
    assert "M03" not in set(later["contact"])
    assert "M08" not in {p for via in hartwell_plan["via"] for p in via}


def test_hartwell_refreshes_the_ceo_it_has_not_seen_since_july(hartwell_plan):
    okafor = hartwell_plan[hartwell_plan["contact"] == "M01"].iloc[0]
    assert okafor["kind"] == "refresh" and okafor["change"] == {"last_contact": "2026-11-15"}
    assert okafor["resolves"] == ["stale-relationship"] and okafor["severity"] == "high"
    assert "129 days ago" in okafor["action"]


def test_utility_first_widens_the_single_thread_through_the_initiator(utility):
    steps = plan(utility, steps=3, lang="zh")
    first = steps.iloc[0]
    assert first["kind"] == "engage" and first["via"] == ["C09"]
    assert "single-threaded" in first["resolves"]
    assert first["action"].startswith("请吴晓峰（调度中心主任，首倡者，拥护者）引荐我们认识")
    # the chief engineer, the technical voice nobody engaged, comes in the first four steps
    steps = plan(utility, steps=4, lang="zh")
    assert "late-technical-engagement" in {code for codes in steps["resolves"] for code in codes}


def test_a_cold_approach_is_made_by_the_one_of_ours_who_owns_the_person(utility):
    """蒋红梅 swapped cards with 李婷 at the May expo and nobody has met her since: nobody introduces us, so 李婷
    approaches her, not the seller who leads elsewhere on the account (王磊)."""
    steps = plan(utility, steps=8, lang="zh")
    cold = steps[steps["contact"] == "C14"].iloc[0]
    assert cold["via"] == [] and "没有熟人引荐" in cold["action"]
    assert cold["member"] == "李婷"


def test_hospital_finds_an_inside_coach_and_goes_through_the_presidents_office(hospital):
    """At stage 5 the President nobody reached is due (her gap's advice: arrange the meeting now): her assistant,
    then she, through the CIO who is ours; the chiefs in between are briefed after. A stronger initiator than the
    nurse specialist tagged (a weak initiator: the gap's own remedy) and an inside coach come next."""
    steps = plan(hospital, steps=5)
    finds = steps[steps["kind"] == "find"]
    assert [resolved[0] for resolved in finds["resolves"]] == ["weak-initiator", "missing-role"]
    assert finds.iloc[0]["action"].startswith("Find an initiator in ")
    first = finds.iloc[1]
    assert first["rank"] <= 4 and first["resolves"] == ["missing-role"]
    president = steps.set_index("contact").loc["H01"]
    assert president["rank"] <= 2 and president["via"] == ["H04"]  # the CIO, ours, right after her assistant
    assert "decision-maker-unreached" in president["resolves"]
    assert first["action"].startswith("Find an inside coach in ")
    assert set(first["change"]["add"]) >= {"name", "department", "roles", "relationship"}
    # the president is never approached before the people on the way to her
    assert (
        "H01" not in set(steps["contact"])
        or steps.set_index("contact").at["H01", "rank"] > steps.set_index("contact").at["H02", "rank"]
    )


# -- an initiator we already know ---------------------------------------------------------------------------------


def _weak_initiator_account(**changed: dict) -> powermap.PowerMap:
    """Stage 4: the only initiator is a specialist of little influence (a weak initiator); the VP of Operations,
    met and for us, has the rank and influence the methodology asks of an initiator."""
    people = pd.DataFrame(
        {
            "id": ["ceo", "vp", "mgr", "spec", "it", "cfo", "coach"],
            "name": ["Ana Ruiz", "Ben Okafor", "Cleo Hart", "Dev Patel", "Eli Moss", "Fay Lin", "Gus Berg"],
            "title": ["CEO", "VP Operations", "Plant Manager", "Planner", "IT Manager", "CFO", "Buyer"],
            "department": ["Board", "Operations", "Operations", "Operations", "IT", "Finance", "Finance"],
            "reports_to": ["", "ceo", "vp", "mgr", "ceo", "ceo", "cfo"],
            "level": ["executive", "executive", "mid", "staff", "mid", "executive", "staff"],
            "roles": ["decision maker", "", "key user", "initiator", "technical buyer", "advisor", "coach"],
            "influence": [5, 4, 2, 2, 3, 4, 2],
            "stance": [1, 2, 1, 2, 1, 1, 2],
            "relationship": [2, 2, 1, 2, 2, 2, 3],
            "competitor": [""] * 7,
        }
    )
    people = people.astype(object)  # a cell may be left empty, as a file leaves it
    for who, change in changed.items():
        for column, value in change.items():
            people.loc[people["id"] == who, column] = value
    return powermap.from_frame(people, name="Orland Foods", stage=4, technicality="medium", as_of="2026-11-15")


def test_a_weak_initiator_is_answered_by_arming_the_senior_supporter_we_know():
    """The gap's own advice, "look for a higher-ranked, more influential person who believes in us, and arm
    them": the VP is on the map, met and for us, so the plan arms her rather than looking for a stranger; the
    decision maker, for us too, is the one the case is carried to and is never armed."""
    pm = _weak_initiator_account()
    assert "weak-initiator" in set(pm.gaps()["code"])
    actions = plan_actions(pm, steps=5)["actions"]
    armed = [a for a in actions if a["kind"] == "arm"]
    assert [a["contact"] for a in armed] == ["vp"]
    step = armed[0]
    assert step["rank"] == 1 and step["resolves"] == ["weak-initiator"]
    assert step["change"] == {"roles": "initiator"} and step["via"] == []
    assert step["action"].startswith("Make Ben Okafor (VP Operations, champion) our initiator: arm them")
    assert not [a for a in actions if a["kind"] == "find" and a["change"]["add"]["roles"] == "initiator"]
    for _ in replay(pm, actions):  # what_if takes the roles change as the plan made it
        pass
    zh = plan_actions(pm, steps=1, lang="zh")["actions"][0]["action"]
    assert zh.startswith("把Ben Okafor（VP Operations，拥护者）培养为我们的首倡者")


@pytest.mark.parametrize(
    "vp",
    [
        {"competitor": "Kestrel Automation"},  # tied to a competitor: would carry our material to them
        {"roles": "coach"},  # our inside coach: that relationship stays confidential
        {"relationship": 0},  # never met: nobody arms a stranger
        {"stance": 0},  # met but not for us: not someone who believes in us
        {"influence": 2},  # no more influence than the initiator we have
    ],
)
def test_nobody_is_armed_who_could_not_carry_the_deal_for_us(vp):
    """The tricky healthy cases: the same account, the VP unfit to be our initiator. The next fit person is armed
    instead (the CFO: senior, influential, met and for us), never the CEO who decides nor our coach."""
    pm = _weak_initiator_account(vp=vp)
    actions = plan_actions(pm, steps=6)["actions"]
    assert [a["contact"] for a in actions if a["kind"] == "arm"] == ["cfo"]


def test_a_vp_whose_influence_nobody_scored_is_armed_as_a_crm_export_gives_him():
    """A CRM export has no influence scores: the VP is still a VP (the weak-initiator rule would not call him weak),
    and the plan arms him; a staff member of unknown influence is never armed."""
    pm = _weak_initiator_account(vp={"influence": ""}, cfo={"influence": ""})
    assert [a["contact"] for a in plan_actions(pm, steps=3)["actions"] if a["kind"] == "arm"] == ["vp"]
    staff = {"level": "staff", "influence": ""}
    unfit = {"vp": {"competitor": "Kestrel Automation"}, "cfo": staff, "it": staff}
    assert not [a for a in plan_actions(_weak_initiator_account(**unfit), steps=6)["actions"] if a["kind"] == "arm"]


def test_with_nobody_fit_on_the_map_the_plan_looks_for_an_initiator():
    """The VP tied to a competitor, the CFO neutral, the IT manager of little influence: the gap's remedy is
    still a stronger initiator, found."""
    pm = _weak_initiator_account(vp={"competitor": "Kestrel Automation"}, cfo={"stance": 0}, it={"influence": 2})
    actions = plan_actions(pm, steps=6)["actions"]
    assert not [a for a in actions if a["kind"] == "arm"]
    found = [a for a in actions if "weak-initiator" in a["resolves"]]
    assert found and found[0]["kind"] == "find" and found[0]["action"].startswith("Find an initiator in ")


def test_an_initiator_against_us_is_answered_by_arming_one_who_believes_in_us():
    """``unsupportive-initiator``'s advice: answer what holds the initiator back, or arm another who believes in
    us. The plant's planner, tagged initiator, senior enough and a skeptic: arming the VP ends the gap at once;
    bringing the planner round is still done, as the blocker he is. With nobody fit to arm, he is won (neutral,
    then a supporter), as before."""
    skeptic = {"level": "mid", "influence": 4, "stance": -1}
    actions = plan_actions(_weak_initiator_account(spec=skeptic), steps=3)["actions"]
    assert [(a["kind"], a["contact"], a["resolves"]) for a in actions[:2]] == [
        ("arm", "vp", ["unsupportive-initiator"]),
        ("neutralise", "spec", ["influential-blocker"]),
    ]
    unfit = {"vp": {"competitor": "Kestrel Automation"}, "cfo": {"stance": 0}, "it": {"influence": 2}}
    actions = plan_actions(_weak_initiator_account(spec=skeptic, **unfit), steps=3)["actions"]
    assert [(a["kind"], a["contact"], a["resolves"]) for a in actions[:2]] == [
        ("neutralise", "spec", ["influential-blocker"]),
        ("convert", "spec", ["unsupportive-initiator"]),
    ]


def test_what_if_sets_roles_as_the_input_reads_them_and_names_a_bad_one():
    pm = _weak_initiator_account()
    change = pm.what_if("vp", roles=["advisor", "首倡者"])
    assert change.after.contacts.set_index("id").at["vp", "roles"] == ("advisor", "initiator")
    assert "weak-initiator" in set(change.resolved["code"])
    with pytest.raises(InputError) as error:
        pm.what_if("vp", roles="initiator; kingmaker")
    problem = error.value.problems[0]
    assert (problem.column, problem.value) == ("roles", "kingmaker")
    assert problem.message.startswith("unknown role: expected initiator")
    assert pm.contacts.set_index("id").at["vp", "roles"] == ()  # the map asked is left as it was


# -- the numbers are the analysis' own ---------------------------------------------------------------------------


@pytest.mark.parametrize("sample", ["hartwell", "utility", "hospital"])
def test_every_step_is_what_analyze_gives_on_the_changed_map(sample, request):
    pm = request.getfixturevalue(sample)
    actions = plan_actions(pm, steps=8)["actions"]
    assert len(actions) >= 7
    for state, action in replay(pm, actions):
        check_path(state, action)
        assert action["cost"] > 0


def test_json_contract(hartwell):
    result = runner.invoke(app, ["plan", *HARTWELL_ARGS, "--format", "json", "--steps", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"account", "coverage", "risk", "actions", "steps"} and data["steps"] == 3
    assert data["account"]["name"] == "Hartwell Precision Castings"
    assert data["coverage"] == hartwell.coverage()["coverage"] and data["risk"] == hartwell.coverage()["risk"]
    assert [a["rank"] for a in data["actions"]] == [1, 2, 3]
    for action in data["actions"]:
        assert list(action) == ACTION_FIELDS
        assert action["kind"] in ("engage", "deepen", "convert", "neutralise", "find", "refresh", "second-owner", "arm")
        assert isinstance(action["change"], dict) and isinstance(action["via"], list)
        assert action["severity"] in ("high", "medium", "low", None)
        assert all(set(c) == {"from", "to"} for c in action["changes"])


def test_table_and_markdown_show_the_sentences(tmp_path):
    table = runner.invoke(app, ["plan", *HARTWELL_ARGS, "--steps", "4"])
    assert table.exit_code == 0
    assert "Meet Richard Okafor" in table.stdout and "Dana Ruiz" in table.stdout
    md = runner.invoke(
        app,
        [
            "plan",
            str(SAMPLES / "chinese_utility.csv"),
            "--stage",
            "3",
            "--as-of",
            "2026-11-15",
            "--format",
            "markdown",
            "--lang",
            "zh",
            "--steps",
            "2",
        ],
    )
    assert md.exit_code == 0
    assert "| 1 | 请吴晓峰" in md.stdout and "行动计划" in md.stdout


def test_redacted_plan_never_routes_through_the_inside_coach(utility, hartwell):
    for pm, coach in ((utility, "C11"), (hartwell, "M10")):
        result = plan_actions(pm, steps=5, redact=True)
        assert all(coach not in a["via"] and a["contact"] != coach for a in result["actions"])
        assert all(a["member"] is None for a in result["actions"])
        assert "inside coach" not in json.dumps(result)


# -- the team's own relationships --------------------------------------------------------------------------------


def test_team_table_strongest_relationship_counts_and_desired_depth_adds_actions(tmp_path, hartwell):
    team = tmp_path / "team.csv"
    team.write_text(
        "contact,member,relationship,desired\n"
        "M20,Priya Nair,business,\n"  # Priya knows the plant controller: a warm path to the CFO
        "M09,Priya Nair,0,\n"
        "M04,Tom Becker,1,trusted\n",
        encoding="utf-8",
    )
    members = read_team(team, hartwell)
    steps = plan(hartwell, steps=8, team=members)
    brandt = steps[steps["contact"] == "M05"].iloc[0]
    assert brandt["via"] == ["M20"] and brandt["member"] == "Priya Nair"
    # Priya knows him already: no engaging, but he carries us only once he is for us
    kinds = set(zip(steps["contact"], steps["kind"]))
    assert ("M20", "engage") not in kinds and ("M20", "convert") in kinds
    desai = plan(hartwell, steps=12, team=members)
    deepen = desai[(desai["contact"] == "M04") & (desai["kind"] == "deepen")]
    assert len(deepen) == 1 and deepen.iloc[0]["change"] == {"relationship": 3}
    assert deepen.iloc[0]["member"] == "Tom Becker"


def test_bad_team_tables_are_exit_1_with_file_row_column(tmp_path):
    team = tmp_path / "team.csv"
    team.write_text(
        "contact,member,relationship,desired\n"
        "m20,Priya Nair,1,\n"
        "M09,,1,\n"
        "M04,Tom Becker,5,\n"
        "M05,Tom Becker,1,ecstatic\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["plan", *HARTWELL_ARGS, "--team", str(team)])
    assert result.exit_code == 1
    err = result.stderr
    assert "4 problems" in err
    assert f"{team}, row 2, column 'contact': 'm20': names nobody in the contacts (did you mean 'M20'?)" in err
    assert f"{team}, row 3, column 'member'" in err
    assert f"{team}, row 4, column 'relationship': '5': relationship out of range: expected 0 to 3" in err
    assert f"{team}, row 5, column 'desired': 'ecstatic'" in err
    assert "Traceback" not in result.output
    missing = tmp_path / "missing.csv"
    missing.write_text("contact,depth\nM20,1\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", *HARTWELL_ARGS, "--team", str(missing)])
    assert result.exit_code == 1 and "missing required column 'member'" in result.stderr
    assert runner.invoke(app, ["plan", *HARTWELL_ARGS, "--steps", "0"]).exit_code == 2
    assert runner.invoke(app, ["plan", str(SAMPLES / "nothing.csv")]).exit_code == 1


def test_team_table_from_a_notebook_frame_is_validated_too(hartwell):
    with pytest.raises(InputError) as error:
        read_team(pd.DataFrame({"contact": ["M20"], "member": ["Priya"], "relationship": ["-1"]}), hartwell)
    assert error.value.problems[0].column == "relationship"


# -- a property: on any map, the plan's numbers and paths are real -----------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(6, 40), seed=st.integers(0, 10_000), stage=st.integers(1, 8))
def test_random_maps_plans_are_the_analysis_of_the_changed_map(n, seed, stage):
    contacts, links = organisation(n, seed)
    pm = powermap.from_frame(contacts, links, stage=stage, as_of="2026-11-15")
    actions = plan_actions(pm, steps=3)["actions"]
    for state, action in replay(pm, actions):
        check_path(state, action)


# -- where the plan shows: the map and the coach's report -------------------------------------------------------


def _embedded(page: str) -> dict:
    import re

    block = re.search(r'<script type="application/json" id="powermap-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_map_lists_the_plan_and_a_redacted_map_hides_the_coach_and_owners(hartwell):
    from powermap.render.map import power_map_html

    page = hartwell.to_html(plan=6)  # the production manager comes after the CFO's lever (the deal-killer first)
    data = _embedded(page)
    assert [a["rank"] for a in data["plan"]] == [1, 2, 3, 4, 5, 6]
    lindholm = next(a for a in data["plan"] if a["contact"] == "M13")
    assert lindholm["via"] == ["M09"] and lindholm["member"] == "Dana Ruiz"
    assert 'id="plan"' in page and "powermap:show" in page
    assert "plan" not in _embedded(power_map_html(hartwell))  # opt-in: the plain map is unchanged
    redacted = _embedded(hartwell.to_html(plan=5, redact=True))
    assert all("M10" not in a["via"] and a["member"] is None for a in redacted["plan"])
    with pytest.raises(TypeError, match="pm.to_html"):  # the renderer draws a plan; it does not make one
        power_map_html(hartwell, plan=5)


def test_plan_text_in_the_map_and_report_is_data_never_markup():
    from hostile import PAYLOADS

    pm = powermap.from_frame(
        pd.DataFrame(
            {
                "id": ["ceo", "cfo", "eng"],
                "name": [PAYLOADS["name"], PAYLOADS["title"], "Cy"],
                "reports_to": ["", "ceo", "ceo"],
                "roles": ["decision maker; initiator", "advisor", "key user; technical buyer; coach"],
                "stance": [1, -2, 0],
                "relationship": [2, 0, 1],
                "influence": [5, 4, 3],
                "owner": ["Kim", "", "Lee"],
            }
        ),
        as_of="2026-11-15",
    )
    page = pm.to_html(plan=3)
    actions = _embedded(page)["plan"]
    # kept exactly
    assert any(PAYLOADS["name"] in a["action"] for a in actions) and any(
        PAYLOADS["title"] in a["action"] for a in actions
    )
    assert PAYLOADS["name"] not in page and PAYLOADS["title"] not in page  # and never live in the page
    report = pm.report(with_map=False, plan_steps=3)
    assert PAYLOADS["name"] not in report and "&lt;/script&gt;&lt;script&gt;window.__pwned" in report


def test_report_has_a_plan_section_in_both_languages(hartwell, utility):
    page = hartwell.report(with_map=False)
    assert "Plan: the next moves" in page and "Ask Brian Kessler (Plant Manager, initiator, champion)" in page
    zh = utility.report(with_map=False, lang="zh", plan_steps=2)
    assert "行动计划：下一步" in zh and "请吴晓峰" in zh
    assert "Plan: the next moves" not in hartwell.report(with_map=False, plan_steps=0)


def test_a_deal_one_seller_holds_gets_a_second_owner_from_the_team():
    from accounts import build, frame

    one_seller = frame()
    one_seller["owner"] = "Dana Ruiz"
    pm = build(one_seller)
    assert list(pm.gaps()["code"]) == ["single-threaded"]
    team = pd.DataFrame({"contact": ["cto"], "member": ["Tom Becker"], "relationship": ["0"], "desired": [""]})
    first = pm.plan(steps=1, team=team).iloc[0]
    assert first["kind"] == "second-owner" and first["member"] == "Tom Becker"
    assert first["change"] == {"owner": "Tom Becker"} and first["resolves"] == ["single-threaded"]
    assert first["contact"] == "cto"  # the contact Tom already knows
    team = pd.DataFrame({"contact": ["ana"], "member": ["Tom Becker"], "relationship": ["1"], "desired": [""]})
    assert pm.plan(steps=1, team=team).iloc[0]["contact"] == "ceo"  # the coach's trust is personal: never handed over
    after = pm.what_if(first["contact"], **first["change"]).after
    assert after.coverage()["coverage"] == first["coverage_after"] and after.gaps().empty


def test_portfolio_plan_adds_the_first_action_of_each_account(tmp_path):
    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    table = table[table["account"].isin(table["account"].unique()[:12])]
    source = tmp_path / "pipeline.csv"
    table.to_csv(source, index=False)
    out = tmp_path / "accounts.csv"
    result = runner.invoke(app, ["portfolio", str(source), "--by", "account", "-o", str(out), "--plan", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    accounts = pd.read_csv(out)
    assert {
        "plan_action",
        "plan_kind",
        "plan_contact",
        "plan_change",
        "plan_resolves",
        "plan_coverage_after",
        "plan_risk_after",
        "plan_cost",
    } <= set(accounts.columns)
    assert accounts["plan_kind"].notna().sum() >= 10
    for row in accounts.dropna(subset=["plan_kind"]).head(4).itertuples():
        pm = _account_map(table[table["account"] == row.account])
        change = pm.what_if(row.plan_contact, **json.loads(row.plan_change))
        assert (
            change.coverage_after == pytest.approx(row.plan_coverage_after) and change.risk_after == row.plan_risk_after
        )
        # a step on a deal-killer's road may resolve nothing itself (the lever or gatekeeper on the way)
        resolves = row.plan_resolves.split(";") if isinstance(row.plan_resolves, str) else []
        assert set(resolves) <= set(change.resolved["code"])
    plain = runner.invoke(
        app, ["portfolio", str(source), "--by", "account", "-o", str(tmp_path / "plain.csv"), "--jobs", "1"]
    )
    assert plain.exit_code == 0
    assert not any(c.startswith("plan_") for c in pd.read_csv(tmp_path / "plain.csv").columns)


def test_portfolio_plan_out_writes_each_accounts_steps_and_step_one_stays_on_the_accounts(tmp_path):
    """``--plan-out FILE --plan-steps N``: one row per account and step in FILE (any table format), the accounts
    table's ``plan_*`` columns its step 1; more steps with nowhere to write them is a usage error."""
    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    source = tmp_path / "pipeline.csv"
    table[table["account"].isin(table["account"].unique()[:8])].to_csv(source, index=False)
    base = ["portfolio", str(source), "--by", "account", "--as-of", "2026-11-15", "--jobs", "1"]
    out, plans = tmp_path / "accounts.csv", tmp_path / "plans.xlsx"
    result = runner.invoke(app, [*base, "-o", str(out), "--plan-out", str(plans), "--plan-steps", "2"])
    assert result.exit_code == 0, result.output
    steps = pd.read_excel(plans, dtype={"change": str})
    assert list(steps.columns) == ["account", *STEP_COLUMNS]
    assert set(steps["step"]) == {1, 2} and steps["account"].nunique() >= 7
    accounts = pd.read_csv(out)
    first = steps[steps["step"] == 1].set_index("account")
    for row in accounts.dropna(subset=["plan_kind"]).itertuples():
        assert (row.plan_action, row.plan_kind, row.plan_cost) == tuple(
            first.loc[row.account, ["action", "kind", "cost"]]
        )
    refused = runner.invoke(app, [*base, "-o", str(tmp_path / "again.csv"), "--plan", "--plan-steps", "3"])
    assert refused.exit_code == 2 and "--plan-out" in refused.output
    assert not (tmp_path / "again.csv").exists()


def test_a_person_still_to_be_found_never_carries_a_path():
    pm = powermap.from_frame(
        pd.DataFrame(
            {
                "id": ["a", "b"],
                "name": ["Ana", "Bo"],
                "reports_to": ["", "a"],
                "roles": ["decision maker", "key user"],
                "stance": ["", "blocker"],
            }
        ),
        stage=5,  # the executive is due: approached cold when nobody carries us
        as_of="2026-11-15",
    )
    actions = plan_actions(pm, steps=6)["actions"]
    found = {a["contact"] for a in actions if a["kind"] == "find"}
    assert found and all(not set(a["via"]) & found for a in actions)
    ana = next(a for a in actions if a["contact"] == "a")
    assert "no warm path: cold approach through their own office" in ana["action"] and ana["cost"] >= 3
    for _ in replay(pm, actions):
        pass


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pipelines_first_action_is_powermap_plans_step_one_on_every_account(lang):
    """One planner: ``portfolio --plan`` is ``powermap plan`` step 1, in the chosen language, on every account."""
    from powermap import portfolio

    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    if lang == "zh":  # the Chinese run on a slice: the numbers are the same, only the sentences differ
        table = table[table["account"].isin(table["account"].unique()[:40])]
    result = portfolio.score(table, by="account", contacts_scores=False, plan=True, lang=lang).accounts
    compared = 0
    for account, rows in table.groupby("account", sort=False):
        steps = plan_actions(_account_map(rows), steps=1, lang=lang)["actions"]
        row = result.loc[result["account"] == account].iloc[0]
        if not steps:
            assert pd.isna(row["plan_kind"]), account
            continue
        first = steps[0]
        got = (row["plan_action"], row["plan_kind"], row["plan_contact"], json.loads(row["plan_change"]))
        assert got == (first["action"], first["kind"], first["contact"], first["change"]), account
        assert row["plan_resolves"] == ";".join(first["resolves"]) and row["plan_cost"] == first["cost"]
        assert row["plan_coverage_after"] == first["coverage_after"] and row["plan_risk_after"] == first["risk_after"]
        compared += 1
    assert compared >= 30
    if lang == "zh":
        assert not result["plan_action"].dropna().str.contains("Ask|Engage|bring", regex=True).any()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pipelines_plans_are_powermap_plans_steps_on_every_account(lang):
    """``portfolio --plan-out --plan-steps 3``: every account's rows are ``powermap plan --steps 3`` on that
    account, field by field, and the accounts table's ``plan_*`` columns are its step 1."""
    from powermap import portfolio

    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    table = table[table["account"].isin(table["account"].unique()[: 40 if lang == "en" else 12])]
    result = portfolio.score(table, by="account", contacts_scores=False, plan=3, lang=lang)
    plans = result.plans.astype(object).where(result.plans.notna(), None)
    steps_seen = set()
    for account, rows in table.groupby("account", sort=False):
        want = [
            {
                "account": account,
                "step": a["rank"],
                "action": a["action"],
                "kind": a["kind"],
                "contact": a["contact"],
                "change": a["change"],
                "via": ";".join(a["via"]),
                "member": a["member"],
                "resolves": ";".join(a["resolves"]),
                "opens": ";".join(a["opens"]),
                "severity": a["severity"],
                "coverage_after": a["coverage_after"],
                "risk_after": a["risk_after"],
                "cost": a["cost"],
            }
            for a in plan_actions(_account_map(rows), steps=3, lang=lang)["actions"]
        ]
        got = plans[plans["account"] == account].to_dict("records")
        for row in got:
            row["change"] = json.loads(row["change"])
        assert got == want, account
        steps_seen.update(row["step"] for row in got)
        first = result.accounts.loc[result.accounts["account"] == account].iloc[0]
        if want:
            assert (first["plan_action"], first["plan_cost"]) == (want[0]["action"], want[0]["cost"]), account
        else:
            assert pd.isna(first["plan_action"]), account
    assert steps_seen == {1, 2, 3}
