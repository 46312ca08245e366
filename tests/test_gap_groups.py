"""One problem, one line: gaps of one kind are grouped in every output a person reads, the people named once
and the advice given once, the most severe first; ``--detail`` and the JSON keep one row per gap."""

import json
import re

import pytest
from accounts import add, build, frame, trusted
from conftest import hartwell
from typer.testing import CliRunner

from powermap.cli import app
from powermap.render import text as output
from powermap.render.map import map_data
from powermap.render.report import report_html
from powermap.sim.synth import organisation

QUIET = {  # three key contacts gone quiet at different lengths (the map is as of 2026-11-15)
    "cfo": {"last_contact": "2026-04-17"},  # 212 days
    "coo": {"last_contact": "2026-07-01"},
    "cto": {"last_contact": "2026-08-20"},
}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A generated 300-person organisation (6 levels deep, 8 departments and more), as a user's CSV files."""
    contacts, links = organisation(300, seed=3)
    folder = tmp_path_factory.mktemp("big")
    contacts.to_csv(folder / "contacts.csv", index=False)
    links.to_csv(folder / "links.csv", index=False)
    return folder


def _analyze(*args):
    done = CliRunner().invoke(app, ["analyze", *map(str, args)])
    assert done.exit_code == 0, done.output
    return done.output


def test_a_300_person_account_prints_each_kind_of_advice_once(big):
    args = [big / "contacts.csv", "--links", big / "links.csv", "--stage", "5", "--as-of", "2027-03-01"]
    result = json.loads(_analyze(*args, "--format", "json"))
    assert len(result["gaps"]) > len(result["gap_groups"])  # the account has repeated kinds to group
    for lang in ("en", "zh"):
        text = _analyze(*args, "--lang", lang)
        advice = [line.strip() for line in text.splitlines() if line.strip().startswith("→")]
        assert len(advice) == len(set(advice)), "an advice printed twice"
        grouped = json.loads(_analyze(*args, "--format", "json", "--lang", lang))["gap_groups"]
        assert len(re.findall(r"^(high|medium|low|高|中|低) ", text, re.M)) == len(grouped)
        names = {c["id"]: c["name"] for c in result["contacts"]}
        for group in grouped:  # every person of every gap is named once, under their kind
            block = text[text.index(group["message"]) :]
            for person in group["contacts"]:
                assert names[person] in block
    detail = _analyze(*args, "--detail")
    assert len(re.findall(r"^(high|medium|low) ", detail, re.M)) == len(result["gaps"])


def test_stale_contacts_are_one_line_naming_the_longest_silence():
    pm = build(frame(**QUIET))
    result = output.analysis_json(pm)
    stale = [g for g in result["gaps"] if g["code"] == "stale-relationship"]
    assert len(stale) == 3  # JSON keeps one row per person
    [group] = [g for g in result["gap_groups"] if g["code"] == "stale-relationship"]
    assert group["count"] == 3 and group["message"].startswith("Stale: 3 key contacts")
    assert "Catherine Brandt at 212 days" in group["message"]
    assert len(group["advice"]) == 1
    text = output.plain_text(result)
    assert text.count(stale[0]["advice"]) == 1
    assert "People: Catherine Brandt, Henrik Sato, Victor Castellanos." in text
    zh = output.analysis_json(pm, lang="zh")
    [group] = [g for g in zh["gap_groups"] if g["code"] == "stale-relationship"]
    assert "3位关键联系人" in group["message"] and "212天" in group["message"]


def test_a_lone_gap_keeps_its_own_message():
    result = output.analysis_json(build(frame(cfo=QUIET["cfo"])))
    [gap] = [g for g in result["gaps"] if g["code"] == "stale-relationship"]
    [group] = [g for g in result["gap_groups"] if g["code"] == "stale-relationship"]
    assert group["count"] == 1 and group["message"] == gap["message"] and group["advice"] == [gap["advice"]]
    row = next(r for r in output.gap_rows(result) if r.label == "stale-relationship")
    assert row.people is None  # the message names them already


def test_groups_are_most_severe_first_and_markdown_lists_each_kind_once():
    result = output.analysis_json(build(frame(**QUIET), stage=6))
    severities = [g["severity"] for g in result["gap_groups"]]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    md = output.markdown(result)
    rows = [line for line in md.splitlines() if line.startswith("| ") and "`" not in line[:3]]
    body = [r for r in rows if r.split("|")[1].strip() in ("high", "medium", "low")]
    assert len(body) == len(result["gap_groups"])
    assert len(output.markdown(result, detail=True).splitlines()) > len(md.splitlines())


def test_the_map_panel_and_the_report_give_each_advice_once():
    pm = build(frame(**QUIET))
    data = map_data(pm)
    stale = [g for g in data["gap_groups"] if g["message"].startswith("Stale")]
    assert len(stale) == 1 and stale[0]["count"] == 3 and stale[0]["people_line"]
    assert len(data["gaps"]) > len(data["gap_groups"])  # each person's own gaps stay for their tooltip
    html = report_html(pm, with_map=False)
    [gap] = [g for g in output.analysis_json(pm)["gaps"] if g["code"] == "stale-relationship"][:1]
    assert html.count(gap["advice"].replace("'", "&#39;")) == 1


def test_advice_that_names_people_is_given_once_without_the_names():
    # two leaders we engage, each with a gatekeeper we never met: the bypass advice names each pair
    gate = ("ea2", "Rosa Vega", "Assistant to the COO", "Operations", "staff", "coo", "gatekeeper", 2, 0, 0, "", "", "")
    pm = build(add(frame(ea={"relationship": 0}), gate))
    for lang, names in (("en", ("Joanne Pruitt", "Rosa Vega")), ("zh", ("Joanne Pruitt", "Rosa Vega"))):
        result = output.analysis_json(pm, lang=lang)
        gaps = [g for g in result["gaps"] if g["code"] == "bypassed-gatekeeper"]
        assert len(gaps) == 2 and gaps[0]["advice"] != gaps[1]["advice"]  # each names its own pair
        [group] = [g for g in result["gap_groups"] if g["code"] == "bypassed-gatekeeper"]
        [advice] = group["advice"]
        assert not any(name in advice for name in names + ("Margaret Olsen", "Victor Castellanos"))
        text = output.plain_text(result, lang=lang)
        assert all(name in text for name in names)  # the people line names them, once
        assert sum(text.count(g["advice"]) for g in gaps) == 0 and text.count(advice) == 1
    assert "在亲近中保持足够的专业距离" in advice


def test_missing_roles_share_their_advice_and_keep_each_roles_own():
    pm = build(frame(ana={"roles": ""}, itm={"roles": ""}))  # no inside coach, no initiator
    result = output.analysis_json(pm)
    missing = [g for g in result["gaps"] if g["code"] == "missing-role"]
    assert len(missing) == 2
    [group] = [g for g in result["gap_groups"] if g["code"] == "missing-role"]
    assert group["message"] == "Nobody on the map holds these 2 roles: initiator, inside coach." or (
        group["message"] == "Nobody on the map holds these 2 roles: inside coach, initiator."
    )
    shared, *per_role = group["advice"]
    assert all(g["advice"].startswith(shared) for g in missing)
    assert sorted(line.split(":")[0] for line in per_role) == ["Initiator", "Inside coach"]


def _opposed(pid, name, department, manager):
    return (pid, name, "Analyst", department, "staff", manager, "", 1, -1, 1, "Dana Ruiz", "2026-11-01", "")


def test_opposed_staff_in_two_departments_is_one_line_naming_each_department():
    df = add(
        frame(itm={"roles": "initiator; key user"}),
        _opposed("op1", "Ian Marsh", "Operations", "opm"),
        _opposed("op2", "Jo Kent", "Operations", "opm"),
        _opposed("an1", "Lu Chen", "IT", "itm"),
        _opposed("an2", "Mo Diaz", "IT", "itm"),
    )
    pm = build(df)
    for lang, line in (
        ("en", "Staff are against us in 2 user departments: Operations (2), IT (2)."),
        ("zh", "2个使用部门有基层员工反对我们：Operations（2人）、IT（2人）。"),
    ):
        result = output.analysis_json(pm, lang=lang)
        assert sum(g["code"] == "opposed-staff" for g in result["gaps"]) == 2
        [group] = [g for g in result["gap_groups"] if g["code"] == "opposed-staff"]
        assert group["message"] == line
        assert len(group["advice"]) == 1
    [panel] = [g for g in map_data(pm)["gap_groups"] if g["message"].startswith("Staff are against us")]
    assert panel["count"] == 2


def test_a_technical_and_a_budget_veto_are_one_line_with_both_answers():
    df = trusted(frame(cto={"stance": -2}, fim={"roles": "purchaser; finance", "stance": -1}))
    pm = build(df, stage=6)
    for lang, line, answers in (
        ("en", "2 people who can veto our solution or stop its budget oppose us.", ("engineer to engineer", "payback")),
        ("zh", "2位握有否决权或掌管预算的人反对我们。", ("双方工程师", "投资回收期")),
    ):
        result = output.analysis_json(pm, lang=lang)
        vetoes = [g for g in result["gaps"] if g["code"] == "veto-risk"]
        assert len(vetoes) == 2 and vetoes[0]["advice"] != vetoes[1]["advice"]
        [group] = [g for g in result["gap_groups"] if g["code"] == "veto-risk"]
        [advice] = group["advice"]
        assert group["message"] == line and all(a in advice for a in answers)


def test_every_kind_of_gap_that_can_repeat_on_one_account_has_its_own_line():
    """A kind that can fire more than once per account (per person, per department, per role or condition) never
    falls back to the bare count ("veto risk: 2 times.")."""
    from powermap.analysis.gaps import RULES
    from powermap.analysis.same_gap import PER_PERSON
    from powermap.text.words import entries

    repeatable = PER_PERSON | {"opposed-staff", "missing-role", "uncovered-role", "stage-readiness"}
    assert repeatable <= set(RULES)
    texts = entries("gap_group")
    assert sorted(code for code in repeatable if code not in texts) == []


def test_managers_gone_around_are_listed_with_whom_we_went_around_them_to_reach():
    """Two VPs reached over the heads of their managers: the grouped line pairs each manager with the VP, as the
    plain list of four names ("People: p1, p12, p7, p42") did not say who was gone around to reach whom."""
    contacts, links = organisation(300, seed=11)
    pm = __import__("powermap").from_frame(contacts, links, stage=6, technicality="high", as_of="2026-11-15")
    result = output.analysis_json(pm)
    gaps = [g for g in result["gaps"] if g["code"] == "bypassed-mid-level"]
    assert len(gaps) >= 2
    names = {c["id"]: c["name"] for c in result["contacts"]}
    text = output.plain_text(result)
    [line] = [line.strip() for line in text.splitlines() if line.strip().startswith("Gone around: ")]
    for gap in gaps:
        executive, manager = gap["contacts"][:2]
        assert f"{names[manager]} on the way to {names[executive]}" in line
    zh = output.plain_text(output.analysis_json(pm, lang="zh"), lang="zh")
    assert [line for line in zh.splitlines() if line.strip().startswith("被绕过的：") and "（通往" in line]


def test_a_group_never_lists_a_medium_gap_under_a_high_badge():
    """The initiator and the key user both not engaged yet: the headline says one serious problem, and the list
    agrees (one high line, the initiator's; the key user on a medium line of its own), where one line "high x2"
    named both roles."""
    pm = build(frame(itm={"relationship": 0}, opm={"relationship": 0}))
    result = output.analysis_json(pm)
    assert result["score"]["why"] == "LOW: no deal-killer; one serious problem to fix: role not covered"
    groups = output.gap_groups(result)
    roles = [
        (g["severity"], g["count"], [x["role"] for x in g["gaps"]]) for g in groups if g["code"] == "uncovered-role"
    ]
    assert roles == [("high", 1, ["initiator"]), ("medium", 1, ["key_user"])]
    assert all({group["severity"]} == {gap["severity"] for gap in group["gaps"]} for group in groups)
    panel = map_data(pm)["gap_groups"]
    assert [g["severity"] for g in panel] == [g["severity"] for g in result["gap_groups"]] == ["high"] + ["medium"] * 3
    assert len(re.findall(r"^high ", output.plain_text(result), re.M)) == 1


def test_the_list_opens_on_the_gap_the_risk_line_names():
    """Hartwell: the risk line names the CFO, whom the CEO trusts, opposing us (the deal-killer); the key user
    against us came first in every list (its rule comes first), so the reader met another problem before the
    one the score is about. Now the CFO's line opens the terminal, Markdown, the map's panel and the report."""
    pm = hartwell()
    result = output.analysis_json(pm)
    named = result["gaps"][result["score"]["why_gap"]]
    assert named["contacts"] == ["M05"] and named["deal_killer"] == "opposed-decider"
    assert "Catherine Brandt" in result["score"]["why"]
    first = result["gap_groups"][0]
    assert first["contacts"] == ["M05"] and first["message"].startswith("An influential contact opposes us")
    assert [g["code"] for g in result["gaps"][:1]] == ["resistant-key-user"]  # the gaps' own order is kept
    assert map_data(pm)["gap_groups"][0]["message"] == first["message"]
    plain = output.plain_text(result)
    assert plain.index(first["message"]) < plain.index("A key user opposes us")
    html = report_html(pm, with_map=False)
    assert html.index("An influential contact opposes us") < html.index("A key user opposes us")
    assert map_data(pm, redact=True)["gap_groups"][0]["message"].startswith("A key user opposes us")  # no line


def test_a_risk_line_that_names_no_gap_leaves_the_list_in_its_order():
    """A low-risk deal with nothing serious: its line names no gap, and the groups stay most severe first, then
    in the gaps' order."""
    result = output.analysis_json(build(frame(**QUIET)))
    assert result["score"]["risk"] == "low" and result["score"]["why_gap"] is None
    order = list(dict.fromkeys((g["code"], g["severity"]) for g in result["gaps"]))
    ranked = sorted(order, key=lambda k: ["high", "medium", "low"].index(k[1]))
    assert [(g["code"], g["severity"]) for g in result["gap_groups"]] == ranked
