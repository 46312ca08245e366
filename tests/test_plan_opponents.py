"""Several influential blockers: the plan goes after the most influential first, the one the risk line names, where
a warm path reaches them (docs/plan.md, Big accounts).

The grade counts influential blockers as one kind of problem, and the plan counts each person won beyond it; alone,
that weighs a skeptical VP Finance like a skeptical planner, so a plan spent its steps on the cheaper planners and
never reached the VP its own headline named (the shape of the 300-person synthetic account, where the risk line
names "influential blocker, Person p2 (Vice President, Finance)"). Hand-built accounts, as in
tests/test_plan_grade.py.
"""

from conftest import hartwell
from test_plan_routes import COLUMNS, account  # the small accounts of the warm-path rules, built the same way

import powermap
from powermap.plan.actions import plan_actions
from powermap.plan.moves import RISK_RANK
from powermap.plan.scoring import worst_blocker
from powermap.plan.state import State

# stage 4: every role covered and our champions in each department; four influential skeptics: the VP Finance (we
# know her, and her Finance Manager is our champion), and three specialists, each under a manager who is ours
PLANT = [
    ("ceo", "Ana Ruiz", "CEO", "executive", "", "decision maker", 2, 2, 5, "Executive Office"),
    ("vpf", "Nina Falk", "VP Finance", "executive", "ceo", "finance", -1, 1, 5, "Finance"),
    ("fm", "Paul Hess", "Finance Manager", "mid", "vpf", "", 2, 2, 3, "Finance"),
    ("vpo", "Olaf Berg", "VP Operations", "executive", "ceo", "", 1, 2, 4, "Operations"),
    ("om", "Omar Lutz", "Operations Manager", "mid", "vpo", "initiator; handler", 2, 3, 3, "Operations"),
    ("it", "Ivy Chen", "IT Manager", "mid", "vpo", "technical supporter", 2, 2, 3, "IT"),
    ("qm", "Gus Moll", "Quality Manager", "mid", "vpo", "key user", 2, 2, 3, "Quality"),
    ("pl", "Ute Klein", "Quality Planner", "staff", "qm", "inside coach", 2, 2, 2, "Quality"),
    ("s1", "Sam Kerr", "Operations Planner", "staff", "om", "", -1, 0, 4, "Operations"),
    ("s2", "Tina Vogt", "Quality Engineer", "staff", "qm", "", -1, 0, 4, "Quality"),
    ("s3", "Max Roth", "IT Architect", "staff", "it", "", -1, 0, 4, "IT"),
]
SPECIALISTS = {"s1", "s2", "s3"}


def plant(**people: dict) -> powermap.PowerMap:
    """The account at stage 4, each person named with the columns that change for them."""
    rows = [tuple(people.get(row[0], {}).get(column, value) for column, value in zip(COLUMNS, row)) for row in PLANT]
    return account(rows, stage=4, last_contact="2026-11-01")


def blocker_steps(actions: list[dict]) -> list[str]:
    return [a["contact"] for a in actions if "influential-blocker" in a["resolves"]]


def test_the_most_influential_blocker_the_headline_names_is_won_first():
    pm = plant()
    assert "influential blocker, Nina Falk (VP Finance)" in pm.coverage()["why"]
    blockers = pm.gaps().query("code == 'influential-blocker'")["contacts"].map(lambda c: c[0])
    assert set(blockers) == {"vpf", *SPECIALISTS}
    actions = plan_actions(pm, steps=5)["actions"]
    # she costs more to bring round than a planner (an executive, 5.0 against 3.5), yet weighs far more
    first = actions[0]
    assert (first["kind"], first["contact"], first["via"]) == ("neutralise", "vpf", ["fm"])
    assert first["resolves"] == ["influential-blocker"] and first["cost"] > actions[-1]["cost"]
    # the specialists still follow: each is a problem of its own
    assert set(blocker_steps(actions)) >= {"vpf", "s1", "s2"}


def test_the_weight_grows_with_how_far_her_influence_exceeds_the_others():
    state = State(plant().deal, plant().analysis())
    person, above = worst_blocker(state)
    assert person == "vpf" and 0.5 < above <= 1.0  # at most twice: never at any price
    # blockers alike in influence: no one of them weighs more than a near tie
    alike = plant(vpf={"stance": 0}, s3={"influence": 4})
    person, above = worst_blocker(State(alike.deal, alike.analysis()))
    assert person in SPECIALISTS and above < 0.1
    # one blocker: the grade already counts them in full
    one = plant(s1={"stance": 1}, s2={"stance": 1}, s3={"stance": 1})
    assert worst_blocker(State(one.deal, one.analysis())) == (None, 0.0)


def test_a_worst_blocker_no_warm_path_reaches_waits_for_the_cheap_steps():
    # nobody of ours reaches the VP Finance (her manager is neutral, her Finance Manager unknown to us): the plan
    # does not buy a cold confrontation with her before the three warm steps on the specialists
    pm = plant(ceo={"stance": 0}, fm={"stance": 0, "relationship": 0})
    assert "influential blocker, Nina Falk (VP Finance)" in pm.coverage()["why"]
    actions = plan_actions(pm, steps=5)["actions"]
    assert blocker_steps(actions)[:3] == ["s1", "s2", "s3"]
    assert "vpf" not in [a["contact"] for a in actions[:4]]


# -- one person's problem under another name ---------------------------------------------------------------------

# stage 4: we know the VP Operations and the process engineer under the plant manager, who opposes us and whom we
# went around (a bypassed manager, high); the finance manager is an influential blocker already (a kind the grade
# counts once, high)
AROUND_OPPONENT = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 1, 2, 5, "Executive Office"),
    ("vpo", "Vera Pohl", "VP Operations", "executive", "ceo", "", 2, 2, 4, "Operations"),
    ("pm", "Piet Maas", "Plant Manager", "mid", "vpo", "", -1, 0, 4, "Operations"),
    ("pe", "Lena Vos", "Process Engineer", "staff", "pm", "initiator", 2, 2, 2, "Operations"),
    ("cfo", "Omar Haddad", "Chief Financial Officer", "executive", "ceo", "", 0, 1, 4, "Finance"),
    ("fm", "Rita Kane", "Finance Manager", "mid", "cfo", "finance", -1, 1, 4, "Finance"),
    ("it", "Mia Sato", "IT Manager", "mid", "ceo", "technical supporter", 2, 2, 3, "IT"),
    ("an", "Tom Berg", "IT Analyst", "staff", "it", "coach", 2, 3, 2, "IT"),
]


def test_a_step_that_only_renames_a_problem_is_no_step():
    """Meeting the plant manager who opposes us turns 'the manager we went around' into 'an influential blocker':
    the same person's problem, as severe, under another name (the one gap identity), and coverage falls (an engaged
    opponent weighs against us). The grade counts each kind of problem once, so the new name fell into a kind
    already counted and the risk points dropped by three: the plan took that as a gain and spent step 3 on the
    meeting before bringing him round at step 4. Each step now moves the map: it resolves a gap, raises the
    coverage or lowers the risk."""
    pm = account(AROUND_OPPONENT, stage=4, owner=["Dana", "Tom"] * 4, last_contact=["2026-11-10"] * 8)
    gaps = pm.gaps()
    assert [tuple(c) for c in gaps.loc[gaps["code"] == "bypassed-mid-level", "contacts"]] == [("vpo", "pm")]
    met = pm.what_if("pm", relationship=1).after.gaps()  # met: the same problem, now an influential blocker
    assert [tuple(c) for c in met.loc[met["code"] == "influential-blocker", "contacts"]] == [("pm",), ("fm",)]
    assert "bypassed-mid-level" not in set(met["code"])

    actions = plan_actions(pm, steps=4)["actions"]
    assert ("engage", "pm") not in [(a["kind"], a["contact"]) for a in actions], [a["action"] for a in actions]
    cover, rank = pm.coverage(), RISK_RANK
    coverage, risk = float(cover["coverage"]), rank[str(cover["risk"])]
    for action in actions:
        assert action["resolves"] or action["coverage_after"] > coverage or rank[action["risk_after"]] < risk, action
        coverage, risk = action["coverage_after"], rank[action["risk_after"]]


def test_a_lever_that_renames_a_problem_is_still_the_way_to_a_deal_killer():
    """The tricky healthy case: meeting the plant controller the CFO listens to (the CFO who opposes us, whom the
    CEO trusts: a deal-killer) turns her from an influential blocker into a manager we went around, the same
    problem under another name, and moves nothing else. The name is no gain, but the step is the lever to her: it
    is still step 1, and bringing her round at step 3 removes the deal-killer."""
    first, _, third = plan_actions(hartwell(), steps=3)["actions"]
    assert (first["kind"], first["contact"]) == ("engage", "M20")
    assert "whom Catherine Brandt (Chief Financial Officer) listens to" in first["action"]
    assert first["changes"] == [{"from": "influential-blocker", "to": "bypassed-mid-level"}]
    assert (first["resolves"], first["risk_after"]) == ([], "high")
    assert (third["kind"], third["contact"], third["risk_after"]) == ("neutralise", "M05", "medium")
