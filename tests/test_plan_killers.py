"""A deal-killer first: while one is open, the plan's step removes it, or is the next move on the road to it.

A deal-killer loses the deal whatever else is fine (docs/methodology.md, Risk), so a coach works on it before the
cheaper gaps: the decision maker nobody reached at stage 6, the opposed person the decision maker trusts. The road
still follows the warm-path rules (docs/plan.md): no step goes around an opponent, and a killer no step can remove
(a coach who also serves a competitor) leaves the plan to the other gaps.
"""

import pandas as pd
from test_plan_routes import COLUMNS, account  # the small accounts of the warm-path rules, built the same way

import powermap
from powermap.plan.actions import plan_actions


def killers(pm: powermap.PowerMap) -> set[str]:
    return set(pm.gaps()["deal_killer"].dropna())


# stage 6, evaluation: nobody has met the CEO, and neither VP we know is for us yet (nobody carries us to her). Our
# initiator, the IT manager, is a former employee of a competitor (a second deal-killer, which no step removes), so
# the grade stays high whatever the plan does first, and cheaper work waits: the coach to deepen, the key user our
# plant manager can bring
UNREACHED = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 1, 0, 5, "Executive Office"),
    ("vpi", "Ivan Roth", "VP IT", "executive", "ceo", "technical supporter", 0, 1, 4, "IT"),
    ("vpo", "Vera Pohl", "VP Operations", "executive", "ceo", "", 0, 2, 4, "Operations"),
    ("m1", "Mia Sato", "IT Manager", "mid", "vpi", "initiator", 2, 3, 3, "IT"),
    ("m2", "Carl Weiss", "Plant Manager", "mid", "vpo", "", 2, 2, 3, "Operations"),
    ("m3", "Hal Berg", "Maintenance Manager", "mid", "vpo", "", 1, 2, 3, "Operations"),
    ("s1", "Dora Lind", "Process Engineer", "staff", "m2", "key user", 1, 0, 3, "Operations"),
    ("s2", "Eli Park", "Planner", "staff", "m3", "coach", 1, 1, 2, "Operations"),
]
COMPETITOR = ["", "", "", "Kestrel Automation", "", "", "", ""]


def test_the_decision_maker_nobody_reached_at_stage_six_is_met_first_even_cold():
    pm = account(UNREACHED, stage=6, competitor=COMPETITOR)
    assert killers(pm) == {"unreached", "divided-loyalty"} and "uncovered-role" in set(pm.gaps()["code"])
    actions = plan_actions(pm, steps=3)["actions"]
    assert (actions[0]["contact"], actions[0]["kind"]) == ("ceo", "engage")
    assert "decision-maker-unreached" in actions[0]["resolves"] and "no warm path" in actions[0]["action"]
    assert {a["contact"] for a in actions[1:]} == {"s1", "s2"}  # the cheaper work follows


def test_a_killer_no_step_removes_leaves_the_cheap_work_first():
    """The tricky healthy case: the same map at stage 4, where the unreached CEO is no deal-killer yet and the
    divided loyalty is one no step removes: the plan is ranked by gain per cost, the key user first."""
    pm = account(UNREACHED, stage=4, competitor=COMPETITOR)
    assert killers(pm) == {"divided-loyalty"}
    actions = plan_actions(pm, steps=3)["actions"]
    assert actions[0]["contact"] == "s1" and len(actions) == 3
    assert "m1" not in {p for a in actions for p in a["via"]}  # never through the initiator who serves a competitor


# stage 6: the CEO is unreached, and the VP Operations through whom our people report is a skeptic we know; the
# plant manager under him, ours, is the person he listens to
AROUND = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 1, 0, 5, "Executive Office"),
    ("vpo", "Vera Pohl", "VP Operations", "executive", "ceo", "", -1, 2, 4, "Operations"),
    ("m1", "Carl Weiss", "Plant Manager", "mid", "vpo", "initiator", 2, 2, 3, "Operations"),
    ("m2", "Mia Sato", "Maintenance Manager", "mid", "vpo", "key user", 1, 2, 3, "Operations"),
    ("s1", "Dora Lind", "Process Engineer", "staff", "m1", "coach; technical supporter", 2, 3, 2, "Operations"),
]


def test_the_road_to_the_ceo_never_goes_around_the_skeptic_vp_it_wins_him_first():
    """The CEO's step waits for the VP our people report through (going around a skeptic is never a step); the VP
    is brought round by the managers he listens to, never by the CEO above him, and then the CEO is met."""
    pm = account(AROUND, stage=6)
    assert "unreached" in killers(pm)
    actions = plan_actions(pm, steps=2)["actions"]
    assert [(a["contact"], a["kind"]) for a in actions] == [("vpo", "neutralise"), ("ceo", "engage")]
    assert actions[0]["via"] and set(actions[0]["via"]) <= {"m1", "m2"}
    assert "decision-maker-unreached" in actions[1]["resolves"]
    assert not [a["action"] for a in actions if {"bypassed-mid-level", "bypassed-gatekeeper"} & set(a["opens"])]


# stage 6: the CEO is unreached; the VP Operations, through whom our engineers report, is not met yet, and neither
# are the four plant managers between the engineers and him
PLANTS = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 1, 0, 5, "Executive Office"),
    ("cfo", "Ben Cho", "VP Finance", "executive", "ceo", "finance", 2, 3, 4, "Finance"),
    ("vpo", "Vera Pohl", "VP Operations", "executive", "ceo", "", 0, 0, 4, "Operations"),
    *[(f"m{k}", f"Manager {k}", f"Plant Manager {k}", "mid", "vpo", "", 1, 0, 3, "Operations") for k in range(1, 5)],
    *[
        (f"s{k}", f"Engineer {k}", f"Process Engineer {k}", "staff", f"m{k}", "", 2, 2, 2, "Operations")
        for k in range(1, 5)
    ],
]


def test_the_four_plant_managers_on_the_way_to_the_vp_are_met_together():
    """Each plant manager is a gatekeeper of the VP (our engineers report through them), and the VP is the way to
    the CEO: one meeting with the four opens the way, then the VP, then the CEO; nobody is gone around."""
    pm = account(PLANTS, stage=6)
    assert "unreached" in killers(pm)
    actions = plan_actions(pm, steps=3)["actions"]
    assert [a["contact"] for a in actions] == ["m1", "vpo", "ceo"]
    assert set(actions[0]["change"]["people"]) == {"m1", "m2", "m3", "m4"}
    assert "the 4 people in Operations together" in actions[0]["action"]
    assert actions[0]["action"].endswith("Manager 4), the way in to Vera Pohl (VP Operations)")
    zh = plan_actions(pm, steps=1, lang="zh")["actions"][0]["action"]
    assert "Operations的4位人员（Manager 1、Manager 2、Manager 3、Manager 4），这是接触Vera Pohl" in zh
    assert actions[-1]["via"] == ["cfo"]  # the CEO through the VP we know, who reports to her
    # and the VP is won over through her own managers, never through the CEO above her
    later = plan_actions(pm, steps=5)["actions"]
    assert any(a["contact"] == "vpo" and a["kind"] == "convert" for a in later)
    assert all("ceo" not in a["via"] for a in later), [a["action"] for a in later]
    assert not [a["action"] for a in actions if {"bypassed-mid-level", "bypassed-gatekeeper"} & set(a["opens"])]


# a highly technical purchase at stage 5: the head of engineering, whom we know, opposes us (a veto); the only person
# she listens to is her VP, whom we have not met, and the way to him goes through her (our developer reports to
# her): the VP cannot come first
GUARD = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 1, 2, 5, "Executive Office"),
    ("vpi", "Ivan Roth", "VP IT", "executive", "ceo", "", 0, 0, 4, "IT"),
    ("eng", "Eva Lund", "Head of Engineering", "mid", "vpi", "technical supporter", -1, 2, 4, "IT"),
    ("mgr", "Mia Sato", "IT Operations Manager", "mid", "vpi", "initiator; key user", 2, 2, 3, "IT"),
    ("dev", "Dan Roe", "Developer", "staff", "eng", "", -1, 1, 2, "IT"),
    ("ops", "Ola Berg", "Operator", "staff", "mgr", "coach", 2, 3, 2, "IT"),
]


def test_an_opponent_who_guards_the_way_to_the_person_she_listens_to_is_met_directly():
    """Before, her step waited for her VP and the VP's for her: the plan stopped after one step, the veto untouched.
    Now the peer manager who is ours brings her round first, as the veto's advice says (engineer to engineer)."""
    contacts = pd.DataFrame(GUARD, columns=COLUMNS)
    pm = powermap.from_frame(contacts, stage=5, technicality="high", as_of="2026-11-15")
    assert killers(pm) == {"veto"}
    actions = plan_actions(pm, steps=3)["actions"]
    first = actions[0]
    assert (first["contact"], first["kind"], first["via"]) == ("eng", "neutralise", ["mgr"])
    assert "veto-risk" in first["resolves"] and first["risk_after"] != "high"
    assert len(actions) == 3


# stage 6: the CEO is unreached. Our deal runs through Sales: its VP is our champion. Three other VPs, none of them
# against us, have a manager each whom we engage, so each of them stands between those managers and the CEO
ONE_LINE = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 1, 0, 5, "Executive Office"),
    ("vps", "Sam Ortiz", "VP Sales", "executive", "ceo", "", 2, 2, 4, "Sales"),
    ("ms", "Lea Brandt", "Sales Operations Manager", "mid", "vps", "initiator; key user", 2, 3, 3, "Sales"),
    ("vph", "Hana Roy", "VP HR", "executive", "ceo", "", 0, 0, 3, "HR"),
    ("mh", "Ken Aoki", "HR Manager", "mid", "vph", "", 1, 1, 3, "HR"),
    ("vpf", "Finn Moe", "VP Finance", "executive", "ceo", "finance", 0, 0, 4, "Finance"),
    ("mf", "Cora Vance", "Controller", "mid", "vpf", "", 1, 1, 3, "Finance"),
    ("vpt", "Tom Reyes", "VP IT", "executive", "ceo", "technical supporter", 1, 0, 3, "IT"),
    ("mt", "Ida Kahn", "IT Manager", "mid", "vpt", "", 1, 1, 3, "IT"),
    ("co", "Bea Lowe", "Sales Analyst", "staff", "ms", "coach", 2, 3, 2, "Sales"),
]


def engages(action: dict, contact: str) -> bool:
    people = action["change"].get("people", {action["contact"]: action["change"]})
    return action["kind"] == "engage" and contact in people


def test_the_due_decision_maker_is_met_through_the_line_that_carries_the_deal():
    """At stage 6 the CEO nobody reached is a deal-killer. Our champion, the VP Sales, is the normal business path
    to her: she is met through him at once, not after a road through every other VP (before: the VPs HR, Finance
    and IT, one by one, each step resolving nothing). The VPs not against us are briefed after: the meeting shows
    we went around them (`bypassed-mid-level`), and meeting them closes those gaps."""
    pm = account(ONE_LINE, stage=6)
    assert "unreached" in killers(pm)
    actions = plan_actions(pm, steps=5)["actions"]
    first = actions[0]
    assert engages(first, "ceo") and first["via"] == ["vps"], first["action"]
    assert "decision-maker-unreached" in first["resolves"] and first["risk_after"] != "high"
    # every later step on a VP met after her closes the gap that says we went around them
    for action in actions[1:]:
        if action["contact"] in {"vph", "vpf", "vpt"} and action["kind"] == "engage":
            assert "bypassed-mid-level" in action["resolves"], action["action"]
    assert all(a["resolves"] or a["coverage_after"] > b["coverage_after"] for b, a in zip(actions, actions[1:]))


def test_before_the_decision_maker_is_due_every_vp_in_between_comes_first():
    """The tricky healthy case: the same map at stage 4. The unreached CEO is no deal-killer yet, so nobody is gone
    around to reach her: a step that engages her comes only once every VP in between is engaged."""
    pm = account(ONE_LINE, stage=4)
    assert "unreached" not in killers(pm)
    state = pm
    for action in plan_actions(pm, steps=6)["actions"]:
        if engages(action, "ceo"):
            people = state.contacts.set_index("id")
            met_with = set(action["change"].get("people", {}))
            assert all(people.at[vp, "relationship"] >= 1 or vp in met_with for vp in ("vph", "vpf", "vpt"))
        state = state.what_if(action["contact"], **action["change"]).after


def test_a_vp_against_us_or_the_ceos_assistant_still_comes_before_the_due_ceo():
    """Only the managers in between who are not against us are briefed after: a VP who opposes us is brought round
    first (going around an opponent is never a step), and the CEO's assistant, the gatekeeper near the leader, is
    met first and introduces us."""
    against = [(*r[:6], -1, *r[7:]) if r[0] == "vpf" else r for r in ONE_LINE]
    assistant = [
        *ONE_LINE,
        ("ea", "Eli Park", "CEO's Assistant", "staff", "ceo", "gatekeeper", 1, 0, 2, "Executive Office"),
    ]
    for rows, first, column, at_least in ((against, "vpf", "stance", 0), (assistant, "ea", "relationship", 1)):
        pm = account(rows, stage=6)
        assert "unreached" in killers(pm)
        actions = plan_actions(pm, steps=3)["actions"]
        state, met = pm, False
        for action in actions:
            if engages(action, "ceo"):
                met = True
                assert state.contacts.set_index("id").at[first, column] >= at_least, action["action"]
            state = state.what_if(action["contact"], **action["change"]).after
        assert met and actions[0]["contact"] == first, [a["action"] for a in actions]


# stage 6: the CEO is unreached and her chief of staff, whom she listens to (an advisor, for us), is the way to her.
# Meeting him shows the next step on him: the key people's feelings want a personal relationship
ADVISED = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 1, 0, 5, "Executive Office"),
    ("cos", "Rui Costa", "Chief of Staff", "mid", "ceo", "advisor", 1, 0, 4, "Executive Office"),
    ("vps", "Sam Ortiz", "VP Sales", "executive", "ceo", "", 2, 2, 4, "Sales"),
    ("ms", "Lea Brandt", "Sales Operations Manager", "mid", "vps", "initiator; key user", 2, 3, 3, "Sales"),
    ("co", "Bea Lowe", "Sales Analyst", "staff", "ms", "coach", 2, 3, 2, "Sales"),
    ("mt", "Ida Kahn", "IT Manager", "mid", "vps", "technical supporter", 1, 2, 3, "IT"),
    ("fin", "Cora Vance", "Finance Manager", "mid", "vps", "finance", 1, 2, 3, "Finance"),
]


def test_meeting_the_advisor_is_a_step_though_it_shows_the_next_one_on_him():
    """Meeting someone for the first time cannot reach the personal layer the stage asks of the key people: the
    depth gap it shows about him alone is the next step on him, not a problem the meeting made. Before, that gap
    counted as a new high one, so the advisor was never met and the CEO behind him never reached."""
    pm = account(ADVISED, stage=6)
    assert "unreached" in killers(pm)
    actions = plan_actions(pm, steps=4)["actions"]
    assert [(a["contact"], a["kind"]) for a in actions[:2]] == [("cos", "engage"), ("ceo", "engage")]
    assert "stage-readiness" in actions[0]["opens"]  # said as it is: what_if shows the condition opened
    assert "decision-maker-unreached" in actions[1]["resolves"] and actions[1]["via"] == ["cos"]
    deepened = [a for a in actions if a["kind"] == "deepen" and "cos" in a["change"].get("people", {a["contact"]: 0})]
    assert deepened and "stage-readiness" in deepened[0]["resolves"], [a["action"] for a in actions]


def test_before_the_stage_asks_for_feelings_meeting_the_advisor_shows_nothing_to_discount():
    """The tricky healthy case: at stage 4 the key people's feelings are not asked for yet, so meeting the advisor
    opens no gap at all, and the plan reads it as before: he is met through a carrier, never cold."""
    pm = account(ADVISED, stage=4)
    met = [a for a in plan_actions(pm, steps=4)["actions"] if a["contact"] == "cos" and a["kind"] == "engage"]
    assert met and not met[0]["opens"] and met[0]["via"], [a["action"] for a in met]


# stage 7: the CEO, our champion, is unreached. Her advisor, the VP Finance, must be met first; our accountant
# reports to him through the finance manager, a skeptic we know, of too little influence to be a gap of his own
GUARDED_ADVISOR = [
    ("ceo", "Ana Ruiz", "Chief Executive Officer", "executive", "", "decision maker", 2, 0, 5, "Executive Office"),
    ("vpf", "Finn Moe", "VP Finance", "executive", "ceo", "advisor", None, 0, 4, "Finance"),
    ("fm", "Gus Hale", "Finance Manager", "mid", "vpf", "", -1, 2, 2, "Finance"),
    ("acc", "Ivy Cole", "Accountant", "staff", "fm", "key user", 2, 2, 2, "Finance"),
    ("vpo", "Vera Pohl", "VP Operations", "executive", "ceo", "", 2, 2, 4, "Operations"),
    ("pm", "Carl Weiss", "Plant Manager", "mid", "vpo", "initiator", 2, 3, 3, "Operations"),
    ("co", "Dora Lind", "Planner", "staff", "pm", "coach", 2, 3, 2, "Operations"),
    ("it", "Mia Sato", "IT Manager", "mid", "vpo", "technical supporter", 1, 2, 3, "IT"),
]


def test_a_skeptic_on_the_road_in_no_gap_of_his_own_is_still_brought_round():
    """The road to the CEO runs through her advisor, and the way to him through a skeptic manager no gap names
    (no gap, no step was offered on him). Before, the plan found no step at all. Now the accountant brings him
    round, the advisor is met, and the CEO is met through the VP who is ours: the risk falls to medium."""
    pm = account(GUARDED_ADVISOR, stage=7)
    assert "unreached" in killers(pm) and "fm" not in {p for people in pm.gaps()["contacts"] for p in people}
    actions = plan_actions(pm, steps=3)["actions"]
    assert [(a["contact"], a["kind"]) for a in actions] == [("fm", "neutralise"), ("vpf", "engage"), ("ceo", "engage")]
    assert actions[0]["via"] == ["acc"] and actions[2]["via"] == ["vpo"] and actions[2]["risk_after"] == "medium"
    assert actions[0]["action"].endswith("until they are at least neutral, the way in to Finn Moe (VP Finance)")
    zh = plan_actions(pm, steps=1, lang="zh")["actions"][0]["action"]
    assert zh.endswith("至少使其转为中立，这是接触Finn Moe（VP Finance）的必经之路")


def test_with_time_to_spare_the_skeptic_is_won_and_introduces_us_to_his_vp():
    """The same map at stage 4, no deal-killer: the same gatekeeper step is offered (before, none was and the plan
    was empty), and with no killer to hurry, he is won over too and then introduces us to his VP, warm."""
    pm = account(GUARDED_ADVISOR, stage=4)
    assert not killers(pm)
    actions = plan_actions(pm, steps=4)["actions"]
    advisor = next(a for a in actions if a["contact"] == "vpf")
    assert advisor["via"] == ["fm"] and [a["contact"] for a in actions].index("vpf") > 0
    assert next(a for a in actions if a["contact"] == "ceo")["rank"] > advisor["rank"]
