"""Each gap rule fires on the account built from its principle, and stays silent on its near twin."""

import re

import pytest
from accounts import add, build, found, frame, handled, trusted

import powermap
from powermap.analysis.gaps import CODES, RULES
from powermap.policy import Policy


def test_healthy_account_has_no_gaps_and_low_risk():
    pm = build()
    assert found(pm) == []
    cover = pm.coverage()
    assert cover["risk"] == "low" and cover["coverage"] >= 85
    assert cover["roles_engaged"] == 6 and cover["mid_level_allies"] == 3 and cover["owners"] == 2


def test_every_contract_code_has_a_documented_rule():
    assert list(RULES) != [] and set(RULES) == set(CODES)
    for code in CODES:
        doc = RULES[code].__doc__ or ""
        assert re.search(r"docs/methodology\.md §\d", doc) and "domain.md" not in doc, code


# -- missing and uncovered roles (docs/methodology.md §3) --------------------------------------------------


def test_missing_inside_coach():
    pm = build(frame(ana={"roles": ""}))
    assert found(pm) == [("missing-role", "inside_coach", ())]  # coach-deepened stays silent: same problem
    assert pm.gaps().iloc[0]["severity"] == "high"


def test_inside_coach_named_in_crm_words_is_not_missing():
    assert found(build(frame(ana={"roles": "Coach"}))) == []


def test_uncovered_key_user():
    pm = build(frame(opm={"relationship": 0}, eng={"relationship": 0}))
    assert found(pm) == [("uncovered-role", "key_user", ("opm",))]


def test_key_user_with_a_business_relationship_is_covered():
    assert found(build(frame(opm={"relationship": 1}))) == []


# -- decision power (§5) ---------------------------------------------------------------------


def test_unreached_president():
    pm = build(frame(ceo={"relationship": 0, "title": "President"}))
    assert found(pm) == [("decision-maker-unreached", "decision_maker", ("ceo",))]
    assert "Margaret Olsen (President)" in pm.gaps().iloc[0]["message"]


def test_president_with_business_relationship_is_reached():
    assert found(build(frame(ceo={"relationship": "business"}), stage=4)) == []


# -- initiator (§1) ----------------------------------------------------------------------------


def test_staff_level_initiator():
    pm = build(frame(itm={"roles": ""}, eng={"roles": "champion", "stance": 2, "relationship": 3}))
    assert found(pm) == [("weak-initiator", "initiator", ("eng",))]


def test_mid_level_initiator_with_moderate_influence_is_not_weak():
    assert found(build(frame(itm={"influence": 3}))) == []


def test_initiator_with_influence_two_is_weak_even_when_mid_level():
    assert found(build(frame(itm={"influence": 2}))) == [("weak-initiator", "initiator", ("itm",))]


# -- mid-level allies (§2 principle 1) ------------------------------------------------------------


def test_few_mid_level_allies_names_candidates():
    pm = build(frame(fim={"stance": 0}, opm={"stance": 0}))
    [(code, _, candidates)] = found(pm)
    assert code == "few-mid-level-allies" and set(candidates) == {"fim", "opm"}
    assert "Only 1 engaged mid-level supporter" in pm.gaps().iloc[0]["message"]


def test_two_mid_level_allies_meet_the_default_minimum_but_not_a_stricter_policy():
    pm = build(frame(opm={"stance": 0}))
    assert found(pm) == []
    strict = Policy(min_mid_level_allies=3)
    assert [g[0] for g in found(pm, strict)] == ["few-mid-level-allies"]


# -- executives (§2 principle 2) ------------------------------------------------------------------


def test_bypassed_department_head():
    df = add(
        frame(),
        ("plm", "Brian Kessler", "Plant Manager", "Operations", "mid", "coo", "", 3, 0, 0, "", "", ""),
        (
            "tec",
            "Ana Silva",
            "Maintenance Technician",
            "Operations",
            "staff",
            "plm",
            "",
            1,
            1,
            1,
            "Dana Ruiz",
            "2026-11-01",
            "",
        ),
    )
    pm = build(df)
    assert found(pm) == [("bypassed-mid-level", None, ("coo", "plm"))]  # a manager, not a gatekeeper
    gap = pm.gaps().iloc[0]
    assert gap["severity"] == "medium" and "Brian Kessler" in gap["message"] and "Victor Castellanos" in gap["message"]
    assert "gatekeeper" not in gap["message"] + gap["advice"] and "cheap to win" not in gap["advice"]


def test_department_head_in_the_loop_is_not_bypassed():
    df = add(
        frame(),
        (
            "plm",
            "Brian Kessler",
            "Plant Manager",
            "Operations",
            "mid",
            "coo",
            "",
            3,
            0,
            1,
            "Dana Ruiz",
            "2026-11-01",
            "",
        ),
        (
            "tec",
            "Ana Silva",
            "Maintenance Technician",
            "Operations",
            "staff",
            "plm",
            "",
            1,
            1,
            1,
            "Dana Ruiz",
            "2026-11-01",
            "",
        ),
    )
    assert found(build(df)) == []


def test_tagged_gatekeeper_skipped():
    assert found(build(frame(ea={"relationship": 0}))) == [("bypassed-gatekeeper", None, ("ceo", "ea"))]


def test_opposed_gatekeeper_is_high_severity():
    pm = build(frame(ea={"stance": -1}))
    assert found(pm) == [("bypassed-gatekeeper", None, ("ceo", "ea"))]
    assert pm.gaps().iloc[0]["severity"] == "high"


def test_gatekeeper_of_an_executive_we_do_not_engage_is_not_bypassed():
    df = frame(ea={"relationship": 0}, ceo={"relationship": 0})
    assert ("bypassed-gatekeeper", None, ("ceo", "ea")) not in found(build(df))


# -- opposition (§1 key user, §5) -----------------------------------------------------------------


def test_resistant_key_user_is_one_gap_not_two():
    pm = build(frame(opm={"stance": "blocker", "influence": 5}))
    assert found(pm) == [("resistant-key-user", "key_user", ("opm",))]


def test_neutral_key_user_is_not_resistant():
    assert found(build(frame(opm={"stance": "neutral"}))) == []


def test_blocking_cfo():
    pm = build(frame(cfo={"stance": -2}))
    assert found(pm) == [("influential-blocker", None, ("cfo",))]  # senior-leaders-satisfied stays silent


def test_opposed_engineer_of_low_influence_is_not_an_influential_blocker():
    assert found(build(frame(eng={"stance": -1}))) == []


# -- threads (§5) -------------------------------------------------------------------------------


def test_two_contact_deal():
    df = frame(**{p: {"relationship": 0} for p in ("ceo", "ea", "cfo", "coo", "itm", "opm", "fim", "eng")})
    pm = build(df)
    single = [g for g in found(pm) if g[0] == "single-threaded"]
    assert single == [("single-threaded", None, ("cto", "ana"))]  # most influential first
    gap = pm.gaps().set_index("code").loc["single-threaded"]
    assert gap["severity"] == "high" and "Henrik Sato" in gap["message"] and "Ravi Iyer" in gap["message"]


def test_three_threads_held_by_two_sellers_are_enough():
    df = frame(**{p: {"relationship": 0} for p in ("ea", "cfo", "coo", "itm", "opm", "fim", "eng")})
    assert all(g[0] != "single-threaded" for g in found(build(df)))


def test_every_thread_held_by_one_seller():
    pm = build(frame(**{p: {"owner": "Dana Ruiz"} for p in ("cfo", "cto", "itm", "ana")}))
    [(code, _, people)] = found(pm)
    assert code == "single-threaded" and len(people) == 10
    assert "Dana Ruiz" in pm.gaps().iloc[0]["message"]


# -- time (§7) ----------------------------------------------------------------------------------


def test_stale_contact_with_the_decision_maker():
    pm = build(frame(ceo={"last_contact": "2026-09-15"}))  # 61 days before as_of
    assert found(pm) == [("stale-relationship", None, ("ceo",))]
    assert "61 days" in pm.gaps().iloc[0]["message"] and pm.gaps().iloc[0]["severity"] == "high"


def test_sixty_days_is_not_stale():
    assert found(build(frame(ceo={"last_contact": "2026-09-16"}))) == []


# -- technical engagement (§1) --------------------------------------------------------------------


def _without_engaged_technical(df):
    df = frame(cto={"roles": ""})
    return add(
        df, ("arc", "Mei Chen", "Solution Architect", "IT", "staff", "itm", "technical buyer", 3, 1, 0, "", "", "")
    )


@pytest.mark.parametrize("technicality, severity", [("high", "high"), ("medium", "medium"), ("low", "low")])
def test_no_technical_engagement_at_stage_4(technicality, severity):
    pm = build(_without_engaged_technical(frame()), stage=4, technicality=technicality)
    assert found(pm) == [("late-technical-engagement", "technical_supporter", ("arc",))]  # not also uncovered-role
    assert pm.gaps().iloc[0]["severity"] == severity


def test_no_technical_engagement_at_stage_2_is_not_late():
    assert found(build(handled(_without_engaged_technical(frame())), stage=2)) == [
        ("uncovered-role", "technical_supporter", ("arc",))
    ]


# -- information (§5, §7) -------------------------------------------------------------------------


def test_competitor_leaning_cto():
    pm = build(frame(cto={"competitor": "Kestrel Automation"}))
    assert found(pm) == [("competitor-aligned", None, ("cto",))]
    assert "Kestrel Automation" in pm.gaps().iloc[0]["message"]


def test_a_champion_with_ties_to_a_competitor_is_kept_and_guarded_not_won_back():
    """Our champion who once worked for the competitor is still a risk (what we tell them may reach it), but the
    advice is not to learn "what they fear about us": they are ours. The near twin, a neutral CTO, is won back."""
    ours = build(frame(cto={"competitor": "Kestrel Automation", "stance": 2, "relationship": 3}))
    assert found(ours) == [("competitor-aligned", None, ("cto",))]
    gap = ours.gaps().iloc[0]
    assert gap["message"].startswith("An influential contact who supports us also has ties to Kestrel Automation")
    assert "fear about us" not in gap["advice"] and "share proposals and prices with care" in gap["advice"]
    zh = ours.gaps(lang="zh").iloc[0]
    assert "支持我们的" in zh["message"] and "谨慎分享" in zh["advice"]
    neutral = build(frame(cto={"competitor": "Kestrel Automation", "stance": 0}))
    assert "what draws them to Kestrel Automation" in neutral.gaps().iloc[0]["advice"]


def test_competitor_leaning_engineer_without_influence_is_not_flagged():
    assert found(build(frame(eng={"competitor": "Kestrel Automation"}))) == []


def test_unknown_stance_of_a_role_holder():
    pm = build(frame(opm={"stance": ""}))
    assert found(pm) == [("unknown-attributes", None, ("opm",))]


def test_unknown_influence_of_someone_without_a_role_is_not_a_gap():
    assert found(build(frame(eng={"influence": ""}))) == []


# -- stages (§6) --------------------------------------------------------------------------------


def test_coach_not_deepened_by_stage_4_and_overdue_at_stage_5():
    at4 = build(frame(ana={"relationship": 1}), stage=4)
    assert found(at4) == [("stage-readiness", "coach-deepened", ("ana",))]
    assert at4.gaps().iloc[0]["severity"] == "medium"
    assert build(frame(ana={"relationship": 1}), stage=5).gaps().iloc[0]["severity"] == "high"
    assert found(build(handled(frame(ana={"relationship": 1})), stage=3)) == []


def test_a_close_coach_who_doubts_us_is_no_inside_source_by_stage_4():
    skeptic = build(frame(ana={"relationship": 2, "stance": -1}), stage=4)
    assert ("stage-readiness", "coach-deepened", ("ana",)) in found(skeptic)
    neutral = build(frame(ana={"relationship": 2, "stance": 0}), stage=4)  # healthy: close, and not against us
    assert "coach-deepened" not in {g[1] for g in found(neutral)}
    unknown = build(frame(ana={"relationship": 2, "stance": ""}), stage=4)  # an unknown stance is its own gap
    assert "coach-deepened" not in {g[1] for g in found(unknown)}


def test_the_plan_wins_a_close_coach_who_doubts_us_over():
    pm = build(frame(ana={"relationship": 2, "stance": -1}), stage=4)
    steps = pm.plan(steps=4)
    won = steps[(steps["contact"] == "ana") & steps["kind"].isin(["neutralise", "convert"])]
    assert len(won) and "stage-readiness" in won.iloc[0]["resolves"]


def test_evaluation_stage_needs_every_role_leaning_to_us():
    pm = build(trusted(frame(opm={"stance": 0})), stage=6)
    assert found(pm) == [("stage-readiness", "evaluation-team-leaning", ("opm",))]


def test_signing_stage_needs_executives_to_interact():
    df = frame(**{p: {"relationship": 1} for p in ("ceo", "cfo", "cto", "coo")})
    assert ("stage-readiness", "executives-interact", ("ceo", "cfo", "cto", "coo")) in [
        (c, r, tuple(sorted(p, key=["ceo", "cfo", "cto", "coo"].index)))
        for c, r, p in found(build(df, stage=8))
        if r == "executives-interact"
    ]
    assert all(g[1] != "executives-interact" for g in found(build(frame(), stage=8)))


def test_no_stage_means_no_stage_rules():
    assert found(build(frame(ana={"relationship": 1}), stage=None)) == []


# -- vocabularies and files ----------------------------------------------------------------------


def test_miller_heiman_and_crm_role_names_give_the_same_analysis():
    crm = frame(
        ceo={"roles": "Economic Buyer"},
        cto={"roles": "Technical Buyer"},
        itm={"roles": "Champion"},
        opm={"roles": "User Buyer"},
        ana={"roles": "Coach"},
        cfo={"roles": "Influencer; Finance"},
    )
    crm.loc[crm["id"] == "cfo", "roles"] = "Advisor | Finance"
    assert found(build(crm)) == []
    blocked = frame(ceo={"roles": "Economic Buyer", "relationship": "none"})
    assert found(build(blocked)) == [("decision-maker-unreached", "decision_maker", ("ceo",))]


def test_chinese_gbk_file_is_flagged_with_chinese_advice(tmp_path):
    zh = {"executive": "高层", "mid": "中层", "staff": "基层"}
    roles = {
        "decision maker": "核心决策者",
        "gatekeeper": "守门人",
        "advisor; finance": "辅助决策者;掌握财务者",
        "technical supporter": "技术支持者",
        "": "",
        "initiator": "首倡者",
        "key user": "关键使用者",
        "purchaser": "采购者",
        "inside coach": "内部支持者",
    }
    df = frame(opm={"stance": -2})
    df["level"] = df["level"].map(zh)
    df["roles"] = df["roles"].map(roles)
    df.columns = [
        "编号",
        "姓名",
        "职务",
        "部门",
        "层级",
        "上级",
        "角色",
        "影响力",
        "态度",
        "关系",
        "负责人",
        "最后联系",
        "竞争对手",
    ]
    path = tmp_path / "客户.csv"
    df.to_csv(path, index=False, encoding="gbk")
    pm = powermap.load(path, stage=5, technicality="high", as_of="2026-11-15")
    assert found(pm) == [("resistant-key-user", "key_user", ("opm",))]
    gap = pm.gaps(lang="zh").iloc[0]
    assert "Gary Lindholm" in gap["message"] and "关键使用者" in gap["message"]


def test_every_gap_code_has_a_short_name_in_both_languages():
    from powermap.text.advice_words import GAP_NAMES

    assert set(GAP_NAMES) == set(CODES)
    assert all(names["en"] and names["zh"] for names in GAP_NAMES.values())
