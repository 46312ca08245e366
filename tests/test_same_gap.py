"""One gap identity (powermap.analysis.same_gap): one person's gap that changes its code at the same severity is
one changed gap, in what_if, the plan and the store's diff; and the cases that stay a resolve and an open."""

from __future__ import annotations

import pytest
from conftest import hartwell as load_hartwell
from hypothesis import given, settings
from hypothesis import strategies as st

from powermap.analysis.same_gap import gap_key, gap_subject, match_gaps
from powermap.plan.actions import plan_actions
from powermap.render.plan_text import plan_markdown, plan_plain_text
from powermap.render.report import report_html
from powermap.store.history import diff_maps
from powermap.store.view import diff_markdown

BLOCKER, BYPASSED = "influential-blocker", "bypassed-mid-level"


def gap(code, *people, severity="high", role=None):
    return (gap_key(code, role, None, people), people, severity)


@pytest.fixture(scope="module")
def hartwell():
    return load_hartwell()


# -- the catch: the CFO, an influential blocker, becomes a mid-level manager we went around ---------------------


def test_a_blocker_who_becomes_a_bypassed_manager_is_one_changed_gap():
    before = [gap(BLOCKER, "M05"), gap("stale-relationship", "M01")]
    after = [gap(BYPASSED, "M01", "M05"), gap("stale-relationship", "M01")]
    assert match_gaps(before, after) == ([], [], [(0, 0)])
    # the store's pipeline diff pairs gaps without severities: the same pairing
    assert match_gaps([b[:2] for b in before], [a[:2] for a in after]) == ([], [], [(0, 0)])


def test_what_if_reports_the_hartwell_controller_as_a_changed_gap_with_the_code_it_had(hartwell):
    # engaging the controller the CFO listens to: the CFO is now a mid-level manager we went around
    change = hartwell.what_if("M20", relationship=1)
    assert BLOCKER not in set(change.resolved["code"]) and BYPASSED not in set(change.opened["code"])
    row = change.changed.loc[change.changed["code"] == BYPASSED].iloc[0]
    assert row["code_before"] == BLOCKER and row["severity"] == row["severity_before"] == "high"
    assert tuple(row["contacts_before"]) == ("M05",) and "M05" in tuple(row["contacts"])


def test_the_store_diff_shows_the_code_before_and_after(hartwell):
    change = hartwell.what_if("M20", relationship=1)
    gaps = diff_maps(hartwell, change.after).to_dict()["gaps"]
    assert BLOCKER not in gaps["closed"] and BYPASSED not in gaps["opened"]
    (renamed,) = [g for g in gaps["changed"] if g["code"] == BYPASSED]
    assert renamed["code_before"] == BLOCKER and renamed["contacts_before"] == ["M05"]
    assert all("code_before" in g for g in gaps["changed"])  # every changed gap says the code it had
    assert f"{BLOCKER} → {BYPASSED}" in diff_markdown(diff_maps(hartwell, change.after))
    assert "有影响力的反对者 → 绕开了中层" in diff_markdown(diff_maps(hartwell, change.after), lang="zh")


def test_the_hartwell_plan_says_the_blocker_changes_rather_than_resolves_and_opens(hartwell):
    result = plan_actions(hartwell, steps=1)  # the road to the deal-killer, the CFO, begins with her controller
    step = result["actions"][0]
    assert step["contact"] == "M20"
    assert step["changes"] == [{"from": BLOCKER, "to": BYPASSED}]
    assert BLOCKER not in step["resolves"] and BYPASSED not in step["opens"]
    text = plan_plain_text(result)
    assert "(changes: influential blocker → mid-level bypassed)" in text
    assert "resolves: influential blocker" not in text and "opens: mid-level bypassed" not in text
    zh = plan_actions(hartwell, steps=1, lang="zh")
    assert zh["actions"][0]["changes"] == step["changes"]
    assert "转为：" in plan_plain_text(zh, lang="zh")


# -- the healthy cases: two problems stay two ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # a blocker won over while a manager we went around turns hostile: another severity, two problems
        ([gap(BLOCKER, "M05")], [gap(BYPASSED, "M01", "M05", severity="medium")], ([0], [0], [])),
        # another person: the CFO's opposition ends, the COO is gone around
        ([gap(BLOCKER, "M05")], [gap(BYPASSED, "M01", "M06")], ([0], [0], [])),
        # the executive of a bypass is not the person it is about
        ([gap(BLOCKER, "M01")], [gap(BYPASSED, "M01", "M05")], ([0], [0], [])),
        # gaps about a role or a group are not one person's gap, even with one name in them
        ([gap("uncovered-role", "M04", role="advisor")], [gap("few-mid-level-allies", "M04")], ([0], [0], [])),
        # one person can hold two problems: the one that stays is unchanged, the other resolved
        ([gap(BLOCKER, "M05"), gap(BYPASSED, "M01", "M05")], [gap(BYPASSED, "M01", "M05")], ([], [0], [])),
        # two of one person's problems end, one new one opens: one pair, the other resolved
        (
            [gap(BLOCKER, "M05"), gap("stale-relationship", "M05")],
            [gap(BYPASSED, "M01", "M05")],
            ([], [1], [(0, 0)]),
        ),
        # one assessor's veto ends, another's begins: a veto is about its person, so two problems
        (
            [gap("veto-risk", "M10", role="technical_supporter")],
            [gap("veto-risk", "M11", role="technical_supporter")],
            ([0], [0], []),
        ),
        # one coach's tie to a competitor ends, another coach's begins: two problems
        (
            [gap("divided-loyalty", "M07", role="inside_coach")],
            [gap("divided-loyalty", "M08", role="inside_coach")],
            ([0], [0], []),
        ),
        # the same code for the same person is the same gap, never "changed"
        ([gap("stale-relationship", "M02", severity="medium")], [gap("stale-relationship", "M02")], ([], [], [(0, 0)])),
    ],
)
def test_two_problems_stay_two(before, after, expected):
    assert match_gaps(before, after) == expected


def test_an_influential_blocker_we_meet_who_can_veto_is_one_problem_renamed():
    # engaged at a highly technical purchase, the opposed CTO is a veto, no longer an influential blocker
    before = [gap(BLOCKER, "M10")]
    after = [gap("veto-risk", "M10", role="technical_supporter")]
    assert match_gaps(before, after) == ([], [], [(0, 0)])


def test_what_if_meeting_the_opposed_cto_we_went_around_renames_his_problem_a_veto():
    from accounts import build, frame

    pm = build(frame(cto={"stance": -2, "relationship": 0}))  # a highly technical purchase
    change = pm.what_if("cto", relationship=1)
    assert "veto-risk" not in set(change.opened["code"]) and BYPASSED not in set(change.resolved["code"])
    row = change.changed.loc[change.changed["code"] == "veto-risk"].iloc[0]
    assert row["code_before"] == BYPASSED and tuple(row["contacts"]) == ("cto",)


def test_the_person_a_gap_is_about():
    assert gap_subject("veto-risk", ["M10"]) == "M10" and gap_subject("divided-loyalty", ["M07"]) == "M07"
    assert gap_subject("bypassed-gatekeeper", ["M03", "M08"]) == "M08"
    assert gap_subject("advisor-not-won", ("M01", "M09")) == "M09"
    assert gap_subject("stale-relationship", ["M02"]) == "M02"
    assert gap_subject("single-threaded", ["M02"]) is None
    assert gap_subject("influential-blocker", []) is None


# -- a plan shorter than asked says so ----------------------------------------------------------------------------


def test_a_plan_shorter_than_asked_says_so_in_one_line(hartwell):
    result = plan_actions(hartwell, steps=12)
    made = len(result["actions"])
    assert 0 < made < 12 and result["steps"] == 12
    line = f"Only {made} of the 12 steps asked: no other action the analysis can see makes the map better."
    assert plan_plain_text(result).count(line) == 1
    assert line in plan_markdown(result)
    zh = plan_actions(hartwell, steps=12, lang="zh")
    assert f"只找到{len(zh['actions'])}步（要求12步）" in plan_plain_text(zh, lang="zh")
    report = report_html(hartwell, plan=result)
    assert report.count(line) == 1
    assert 'changes: <span title="influential-blocker → bypassed-mid-level">' in report  # the renamed blocker
    full = plan_actions(hartwell, steps=2)
    assert "Only" not in plan_plain_text(full) and "Only" not in plan_markdown(full)


# -- the index pairs exactly as the definition reads, on any two lists ---------------------------------------------


def _pairs_by_definition(before, after):
    """match_gaps as its docstring defines it, scanning: the first gap left that is the same, then the first of the
    same key, then the first about the same person under another code."""

    def alike(b, a):
        return len(b) < 3 or len(a) < 3 or b[2] == a[2]

    left, unmatched, still, changed, opened = list(range(len(before))), [], [], [], []
    for j, a in enumerate(after):
        i = next(
            (i for i in left if before[i][0] == a[0] and set(before[i][1]) == set(a[1]) and alike(before[i], a)), None
        )
        (unmatched.append(j) if i is None else left.remove(i))
    for j in unmatched:
        i = next((i for i in left if before[i][0] == after[j][0]), None)
        if i is None:
            still.append(j)
        else:
            left.remove(i)
            changed.append((i, j))
    for j in still:
        subject = gap_subject(after[j][0][0], after[j][1])
        i = next(
            (
                i
                for i in left
                if subject is not None
                and before[i][0][0] != after[j][0][0]
                and gap_subject(before[i][0][0], before[i][1]) == subject
                and alike(before[i], after[j])
            ),
            None,
        )
        if i is None:
            opened.append(j)
        else:
            left.remove(i)
            changed.append((i, j))
    return opened, left, changed


_GAP = st.builds(
    lambda code, people, severity, sized: (
        (gap_key(code, None, None, people), tuple(people), severity)
        if sized
        else (gap_key(code, None, None, people), tuple(people))
    ),
    st.sampled_from([BLOCKER, BYPASSED, "stale-relationship", "few-mid-level-allies", "uncovered-role"]),
    st.lists(st.sampled_from(["M01", "M02", "M05"]), min_size=1, max_size=2),
    st.sampled_from(["high", "medium"]),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_GAP, max_size=7), st.lists(_GAP, max_size=7))
def test_the_pairs_are_those_of_the_definition(before, after):
    assert match_gaps(before, after) == _pairs_by_definition(before, after)
