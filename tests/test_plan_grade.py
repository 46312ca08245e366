"""The grade before extra allies: a step that lowers the deal's risk grade is not outranked by the second bypassed
manager won (docs/plan.md, Big accounts); where no step can lower the grade, each person won counts again.

Hand-built accounts, as in tests/test_plan_routes.py: the catch case is the shape of the sample pipeline's
ACC-000008 (a stale champion CEO and an uncovered inside coach grade the deal MEDIUM, while the VP Finance went
around two of her managers), the healthy one the shape of gen01's ACC-000006 (a deal-killer no step touches).
"""

import pandas as pd

import powermap
from powermap.plan.actions import plan_actions

COLUMNS = ["id", "name", "title", "level", "reports_to", "roles", "stance", "relationship", "influence", "department"]

# stage 3: the CEO, our champion, last met 70 days ago (a high stale relationship); the inside coach, in a department
# nobody of ours knows, never engaged (a high uncovered role): two serious problems, MEDIUM. The VP Finance went
# around three of her managers (their analysts are ours); the controlling manager is a supporter and a key user.
FINANCE = [
    ("ceo", "Ana Ruiz", "CEO", "executive", "", "decision maker", 2, 1, 5, "Executive Office"),
    ("vpo", "Olaf Berg", "VP Operations", "executive", "ceo", "", 1, 1, 4, "Operations"),
    ("vpf", "Nina Falk", "VP Finance", "executive", "ceo", "finance", 2, 1, 3, "Finance"),
    ("m1", "Paul Hess", "Finance Manager", "mid", "vpf", "", None, 0, 4, "Finance"),
    ("m2", "Rita Moss", "Controlling Manager", "mid", "vpf", "key user", 2, 0, 5, "Finance"),
    ("m3", "Lea Wolf", "Treasury Manager", "mid", "vpf", "", 1, 0, 3, "Finance"),
    ("s3", "Max Roth", "Treasury Analyst", "staff", "m3", "", 1, 2, 2, "Finance"),
    ("s1", "Sam Kerr", "Accountant", "staff", "m1", "", 2, 2, 2, "Finance"),
    ("s2", "Tina Vogt", "Cost Analyst", "staff", "m2", "influencer", 2, 2, 2, "Finance"),
    ("om", "Omar Lutz", "Operations Manager", "mid", "vpo", "initiator; handler", 2, 3, 3, "Operations"),
    ("it", "Ivy Chen", "IT Manager", "mid", "vpo", "technical supporter", 2, 2, 4, "IT"),
    ("qm", "Gus Moll", "Quality Manager", "mid", "vpo", "", 0, 0, 3, "Quality"),
    ("pl", "Ute Klein", "Quality Planner", "staff", "qm", "inside coach", 2, 0, 3, "Quality"),
]
IDS = [row[0] for row in FINANCE]
LAST = {"ceo": "2026-09-06", "it": "2026-09-01"}  # 70 and 75 days before the map's date


def finance(competitor: dict[str, str] | None = None) -> powermap.PowerMap:
    contacts = pd.DataFrame(FINANCE, columns=COLUMNS)
    contacts["last_contact"] = [LAST.get(i, "2026-11-01") for i in IDS]
    contacts["competitor"] = [(competitor or {}).get(i, "") for i in IDS]
    return powermap.from_frame(contacts, stage=3, technicality="medium", as_of="2026-11-15")


def test_the_call_that_lowers_the_grade_comes_before_the_second_bypassed_manager():
    pm = finance()
    score = pm.coverage()
    assert score["risk"] == "medium" and "stale relationship" in score["why"]  # the CEO's silence grades the deal
    assert {"bypassed-mid-level", "stale-relationship", "uncovered-role"} <= set(pm.gaps()["code"])
    first = plan_actions(pm, steps=2)["actions"][0]
    # meeting the CEO again (one call) makes the deal LOW; bringing in the controlling manager wins an ally and one
    # of three managers we went around, but leaves it MEDIUM: the extra manager won does not outrank the grade
    assert (first["kind"], first["contact"], first["risk_after"]) == ("refresh", "ceo", "low")
    assert pm.what_if("m2", relationship=1).risk_after == "medium"


def test_where_no_step_can_lower_the_grade_each_manager_won_counts_again():
    # the same account, but our initiator also works for a competitor: a deal-killer no step of the plan touches,
    # so the deal stays HIGH whatever we do and the managers we went around weigh one by one
    pm = finance(competitor={"om": "Northwind Software"})
    assert pm.coverage()["risk"] == "high"
    actions = plan_actions(pm, steps=4)["actions"]
    assert all(a["risk_after"] == "high" for a in actions)
    ranks = {(a["kind"], a["contact"]): a["rank"] for a in actions}
    # the two managers still gone around are met together before the CEO's overdue call, which only moves points
    group = [a for a in actions if a["kind"] == "engage" and set(a["change"].get("people", {})) == {"m1", "m3"}]
    assert group, [a["action"] for a in actions]
    assert group[0]["rank"] < ranks.get(("refresh", "ceo"), 99)
    assert "om" not in {p for a in actions for p in a["via"]}  # and never through the divided initiator
