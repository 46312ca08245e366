"""The seasoned coach's principles: each has an account that should be caught and a tricky healthy twin.

Stage-aware relationship depth and the handler, executive access at the right time and by the right road,
three kinds of "gatekeeper", one person holding many roles, power that shifts, the small players, and the
words of the advice. The accounts are one-change variants of ``accounts.HEALTHY`` (a stage-5 account).
"""

import ast
import random
import sys
import types
from pathlib import Path

import pandas as pd
import pytest
from accounts import add, build, found, frame, gap, handled, trusted

import powermap
from powermap.analysis import gaps as gaps_module
from powermap.analysis.batch import make_batch
from powermap.analysis.coverage import coverage as coverage_table
from powermap.analysis.metrics import scores as contact_scores
from powermap.analysis.run import _facts_by_code
from powermap.errors import InputError
from powermap.policy import Policy, load_policy
from powermap.render.text import json_schema


def codes(pm, policy=None) -> list[str]:
    return sorted({g[0] for g in found(pm, policy)})


# -- 1. relationship depth per stage, and the handler (docs/methodology.md §4, §6) -----------------------


def _business_layer_only():
    """Every role holder supportive, but every relationship at the business layer."""
    return frame(**{p: {"relationship": 1} for p in ("ceo", "ea", "cfo", "cto", "coo", "itm", "opm", "fim", "ana")})


def test_stage_6_with_every_evaluator_at_the_business_layer_is_not_low_risk():
    pm = build(_business_layer_only(), stage=6)
    [people] = [set(p) for c, d, p in found(pm) if d == "evaluators-trusted"]
    assert people == {"ceo", "cfo", "cto", "itm", "opm"}  # the inside coach is not on the buying team
    assert gap(pm, "stage-readiness", "evaluators-trusted")["severity"] == "high"  # the decisive stage
    assert pm.coverage()["risk"] != "low"


def test_stage_6_with_evaluators_only_at_the_personal_layer_is_not_enough():
    # the evaluation is won at the highest layer (个人情感层次), not the personal one
    pm = build(stage=6)
    assert found(pm) == [("stage-readiness", "evaluators-trusted", ("ceo", "cto", "cfo", "opm"))]
    assert gap(pm, "stage-readiness", "evaluators-trusted")["severity"] == "high"


def test_stage_6_with_every_evaluator_trusted_is_healthy():
    pm = build(trusted(frame()), stage=6)
    assert found(pm) == [] and pm.coverage()["risk"] == "low"


def test_an_inside_coach_who_also_evaluates_is_on_the_evaluation_team():
    pm = build(trusted(frame(ana={"roles": "inside coach; technical supporter", "relationship": 1})), stage=6)
    assert ("stage-readiness", "evaluators-trusted", ("ana",)) in found(pm)
    assert ("stage-readiness", "evaluators-trusted", ("ana",)) not in found(
        build(trusted(frame(ana={"relationship": 1})), stage=6)
    )  # a coach alone is not judged as an evaluator


def test_tagged_handler_needs_personal_needs_understood_by_stage_2():
    df = frame(fim={"roles": "purchaser; 经手人", "relationship": 1})
    at2 = build(df, stage=2)
    assert found(at2) == [("stage-readiness", "handler-personal-needs", ("fim",))]
    assert "personal needs" in gap(at2, "stage-readiness")["message"]
    assert found(build(df, stage=1)) == []


def test_tagged_handler_at_the_personal_layer_meets_stage_2_but_not_stage_3():
    df = frame(fim={"roles": "purchaser; handler", "relationship": 2})
    assert found(build(df, stage=2)) == []
    assert found(build(df, stage=3)) == [("stage-readiness", "handler-bond", ("fim",))]
    assert found(build(frame(fim={"roles": "purchaser; handler", "relationship": 3}), stage=3)) == []


def test_without_a_handler_tag_no_handler_is_identified_and_the_initiator_never_stands_in():
    # the initiator believes in us, the handler runs the project: untagged, the map says none is known
    for stage in (1, 3):
        pm = build(frame(itm={"relationship": 2}), stage=stage)
        assert found(pm) == [("stage-readiness", "handler-identified", ())]
        row = gap(pm, "stage-readiness", "handler-identified")
        assert row["severity"] == "medium" and "handler" in row["message"]
    assert found(build(frame(itm={"relationship": 2}), stage=4)) == []  # the handler's stages (1-3) are over


def test_the_tagged_handler_passes_what_the_initiator_would_have():
    assert found(build(handled(frame()), stage=3)) == []
    df = handled(frame(itm={"relationship": 2}))
    assert found(build(df, stage=3)) == [("stage-readiness", "handler-bond", ("itm",))]


def test_stage_5_asks_for_the_key_peoples_feelings():
    pm = build(frame(cfo={"relationship": 1}), stage=5)
    assert found(pm) == [("stage-readiness", "key-people-feelings", ("cfo",))]
    assert found(build(frame(cfo={"relationship": 1}), stage=4)) == []


# -- 2. executive access: when and by which road (§2 principle 2, §5, §6) --------------------------------


def test_unreached_decision_maker_at_stage_2_with_the_road_in_place_is_low():
    pm = build(handled(frame(ceo={"relationship": 0})), stage=2)
    assert found(pm) == [("decision-maker-unreached", "decision_maker", ("ceo",))]
    row = gap(pm, "decision-maker-unreached")
    assert row["severity"] == "low" and "stage 5" in row["advice"] and "start to end" not in row["advice"]


def test_unreached_decision_maker_is_high_from_stage_5_and_when_the_stage_is_unknown():
    for stage in (5, None):
        assert gap(build(frame(ceo={"relationship": 0}), stage=stage), "decision-maker-unreached")["severity"] == "high"


def test_unreached_decision_maker_at_stage_2_without_mid_level_allies_is_medium():
    df = frame(ceo={"relationship": 0}, opm={"stance": 0}, fim={"stance": 0})
    assert gap(build(df, stage=2), "decision-maker-unreached")["severity"] == "medium"


def _president_visited_early():
    """The president visited; the CTO who owns the project and the handler (itm) never contacted."""
    return handled(frame(ceo={"relationship": 2}, cto={"relationship": 0}, itm={"relationship": 0}))


def test_president_visited_at_stage_2_around_the_owner_and_the_handler():
    pm = build(_president_visited_early(), stage=2)
    [contacts] = [p for c, d, p in found(pm) if c == "executive-too-early"]
    assert contacts[:3] == ("cto", "itm", "ceo")  # the owner, the handler, then the executives we engage
    row = gap(pm, "executive-too-early")
    assert row["severity"] == "high" and row["message"].startswith("At stage 2 we engage Margaret Olsen")
    assert "Henrik Sato" in row["message"] and "Lena Kowalski" in row["message"]


def test_president_visited_with_the_owner_engaged_is_not_too_early():
    assert "executive-too-early" not in codes(build(handled(frame(itm={"relationship": 0})), stage=2))


def test_president_visited_at_stage_4_is_not_too_early():
    assert "executive-too-early" not in codes(build(_president_visited_early(), stage=4))


# -- 3. three kinds of "gatekeeper" (§1 advisor, §2 principle 2, §3 gatekeeper) -----------------------------


def test_gatekeeper_advice_quotes_the_methodology_and_accuses_nobody():
    row = gap(build(frame(ea={"relationship": 0})), "bypassed-gatekeeper")
    assert "professional distance within the closeness" in row["advice"]
    assert "secretly" not in row["advice"].lower()
    zh = build(frame(ea={"relationship": 0})).gaps(lang="zh").iloc[0]
    assert "偷偷" not in zh["advice"] and "在亲近中保持足够的专业距离" in zh["advice"]


def test_advisor_reporting_to_an_engaged_executive_not_won():
    pm = build(frame(cfo={"relationship": 0}))
    assert ("advisor-not-won", "advisor", ("ceo", "cfo")) in found(pm)
    assert ("uncovered-role", "advisor", ("cfo",)) not in found(pm)  # one problem, one gap
    row = gap(pm, "advisor-not-won")
    assert "gatekeeper" not in row["message"] and "decision maker" in row["advice"]


def test_advisor_of_an_executive_we_do_not_engage_is_the_uncovered_role():
    pm = build(frame(cfo={"relationship": 0}, ceo={"relationship": 0}))
    assert "advisor-not-won" not in codes(pm) and ("uncovered-role", "advisor", ("cfo",)) in found(pm)


# -- 4. one person holding many roles (§3 roles overlap) ------------------------------------------------


def test_one_friend_tagged_with_four_roles():
    df = frame(
        ana={"roles": "initiator; technical supporter; key user; inside coach"},
        itm={"roles": ""},
        cto={"roles": ""},
        opm={"roles": ""},
    )
    pm = build(df)
    assert ("role-concentration", None, ("ana",)) in found(pm)
    row = gap(pm, "role-concentration")
    assert "4 of the six roles" in row["message"] and "Verify each role separately" in row["advice"]


def test_technical_supporter_in_operations_who_is_also_key_user():
    pm = build(frame(opm={"roles": "key user; technical supporter"}))
    assert found(pm) == [("role-concentration", None, ("opm",))]
    assert "outside the technical organisation" in gap(pm, "role-concentration")["message"]


def test_two_roles_that_fit_are_not_concentration():
    # an advisor who is also the finance controller (a tag), a chief engineer who advises and evaluates
    df = frame(cto={"roles": "technical supporter; advisor", "title": "Chief Engineer"})
    assert "role-concentration" not in codes(build(df))


# -- 5. power that shifts (§7) ----------------------------------------------------------------------------


def _with_since(df, **since):
    df = df.copy()
    df["in_role_since"] = [since.get(i, "") for i in df["id"]]
    return df


def test_new_coo_of_unknown_influence():
    pm = build(_with_since(frame(coo={"influence": ""}), coo="2026-10-01"))
    assert ("power-shift", None, ("coo",)) in found(pm)
    assert "45 days" in gap(pm, "power-shift")["message"]


def test_new_cto_above_our_initiator_not_yet_on_our_side():
    # from stage 4 a newcomer above our champion who is not with us is high; we know them, so no deal-killer
    pm = build(_with_since(frame(cto={"stance": 0}), cto="2026-09-01"))
    assert ("power-shift", None, ("cto",)) in found(pm)
    row = gap(pm, "power-shift")
    assert row["severity"] == "high" and "above our initiator" in row["message"] and row["deal_killer"] is None
    early = build(_with_since(frame(cto={"stance": 0}), cto="2026-09-01"), stage=3)
    assert gap(early, "power-shift")["severity"] == "medium"


def test_a_stranger_new_above_our_champion_at_stage_5_is_a_deal_killer():
    # influence unknown and never met: worded as the stranger above our champion, not as "influence unknown"
    df = _with_since(frame(cto={"stance": "", "influence": "", "relationship": 0}), cto="2026-09-01")
    pm = build(df)
    row = gap(pm, "power-shift")
    assert row["severity"] == "high" and row["deal_killer"] == "power-shift"
    assert "above our initiator" in row["message"]
    assert pm.coverage()["risk"] == "high" and pm.coverage()["why"].startswith("HIGH: Henrik Sato")
    assert gap(build(df, stage=3), "power-shift")["deal_killer"] is None  # before the criteria are set


def test_new_executive_leaning_to_a_competitor_is_one_high_gap():
    pm = build(_with_since(frame(coo={"influence": "", "competitor": "Kestrel"}), coo="2026-11-01"))
    assert [g for g in found(pm) if g[2] == ("coo",)] == [("power-shift", None, ("coo",))]
    assert gap(pm, "power-shift")["severity"] == "high"


def test_a_redacted_map_still_shows_a_power_shift():
    from powermap.render.map import redacted

    df = _with_since(frame(coo={"influence": ""}), coo="2026-10-01")
    df["crm_id"] = "003-secret"  # a column of the user's own: a forwarded map leaves it out
    shared = powermap.PowerMap.of(redacted(build(df)))
    assert ("power-shift", None, ("coo",)) in found(shared)
    assert "crm_id" not in shared.contacts and shared.contacts["owner"].eq("").all()


def test_settled_or_known_newcomers_are_no_power_shift():
    old = _with_since(frame(coo={"influence": ""}), coo="2026-06-01")  # 167 days: settled
    assert "power-shift" not in codes(build(old))
    ours = _with_since(frame(), cto="2026-10-20")  # new, known influence, engaged supporter
    assert "power-shift" not in codes(build(ours))


def test_in_role_since_is_read_with_chinese_headers_and_checked(tmp_path):
    df = _with_since(frame(coo={"influence": ""}), coo="2026-10-01").rename(columns={"in_role_since": "到任日期"})
    path = tmp_path / "a.csv"
    df.to_csv(path, index=False)
    pm = powermap.load(path, stage=5, technicality="high", as_of="2026-11-15")
    assert pm.contacts.set_index("id").loc["coo", "in_role_since"] == pd.Timestamp("2026-10-01")
    assert "power-shift" in codes(pm)
    df.loc[df["id"] == "coo", "到任日期"] = "last autumn"
    df.to_csv(path, index=False)
    with pytest.raises(InputError) as error:
        powermap.load(path)
    assert "到任日期" in str(error.value) and "last autumn" in str(error.value)


def test_opposed_executive_of_unknown_influence_is_possibly_influential():
    pm = build(frame(coo={"influence": "", "stance": -1}))
    assert ("influential-blocker", None, ("coo",)) in found(pm)
    assert "skeptical" in gap(pm, "influential-blocker")["message"]


def test_executive_of_unknown_influence_leaning_to_a_competitor():
    assert ("competitor-aligned", None, ("coo",)) in found(build(frame(coo={"influence": "", "competitor": "Kestrel"})))


# -- 6. smaller ones that mislead (§1, §2 principle 1, §5) ------------------------------------------------------

SMALL_FIRM = [
    (
        "own",
        "Ines Park",
        "Owner & Managing Director",
        "Management",
        "executive",
        "",
        "decision maker",
        5,
        1,
        2,
        "Dana Ruiz",
        "2026-11-02",
        "",
    ),
    (
        "mgr",
        "Tom Alvarez",
        "Operations Manager",
        "Operations",
        "mid",
        "own",
        "initiator; key user",
        4,
        2,
        3,
        "Dana Ruiz",
        "2026-11-10",
        "",
    ),
    (
        "it",
        "Sam Cho",
        "IT Administrator",
        "IT",
        "staff",
        "mgr",
        "technical supporter; inside coach",
        2,
        1,
        2,
        "Tom Becker",
        "2026-11-05",
        "",
    ),
    (
        "acc",
        "Ruth Kim",
        "Accountant",
        "Finance",
        "staff",
        "own",
        "advisor; finance",
        3,
        1,
        2,
        "Tom Becker",
        "2026-11-01",
        "",
    ),
]


def test_small_firm_whose_only_manager_is_our_ally_has_enough_mid_level_allies():
    pm = build(frame(SMALL_FIRM))
    assert "few-mid-level-allies" not in codes(pm)
    assert "few-mid-level-allies" in codes(build(frame(SMALL_FIRM, mgr={"stance": 0})))


def _shop_floor(*stances):
    rows = [
        (
            f"op{i}",
            f"Operator {i}",
            "Line Operator",
            "Operations",
            "staff",
            "opm",
            "",
            1,
            s,
            1,
            "Dana Ruiz",
            "2026-11-01",
            "",
        )
        for i, s in enumerate(stances)
    ]
    return add(frame(), *rows)


def test_several_opposed_staff_in_the_user_department():
    pm = build(_shop_floor(-1, -2, 1))
    assert found(pm) == [("opposed-staff", None, ("op0", "op1"))]
    assert "Operations" in gap(pm, "opposed-staff")["message"]


def test_one_opposed_operator_is_not_a_pattern():
    assert found(build(_shop_floor(-1, 0, 1))) == []


def test_skeptical_key_user_is_medium_and_worded_as_doubt_early_then_high():
    early = build(frame(opm={"stance": -1}), stage=1)
    row = gap(early, "resistant-key-user")
    assert row["severity"] == "medium" and "skeptical" in row["message"] and "opposes" not in row["message"]
    assert gap(build(frame(opm={"stance": -1}), stage=5), "resistant-key-user")["severity"] == "high"
    assert gap(build(frame(opm={"stance": -2}), stage=1), "resistant-key-user")["severity"] == "high"


def test_opposed_influencer_is_an_influential_blocker():
    assert found(build(frame(eng={"stance": -1, "roles": "influencer"}))) == [("influential-blocker", None, ("eng",))]


def test_initiator_who_does_not_support_us():
    pm = build(frame(itm={"stance": 0}))
    assert ("unsupportive-initiator", "initiator", ("itm",)) in found(pm)
    assert "unsupportive-initiator" not in codes(build(frame(itm={"stance": ""})))  # unknown: unknown-attributes


# -- 7. the words -------------------------------------------------------------------------------------------


def test_stale_message_gives_the_days_and_the_limit():
    pm = build(frame(ceo={"last_contact": "2026-07-09"}))
    row = gap(pm, "stale-relationship")
    assert "129 days since the last contact (limit 60)" in row["message"] and "more than" not in row["message"]
    zh = pm.gaps(lang="zh").iloc[0]["message"]
    assert "129天" in zh and "上限60天" in zh


def test_no_mid_level_ally_says_none_yet():
    pm = build(
        frame(
            itm={"stance": 0, "roles": ""},
            opm={"stance": 0},
            fim={"stance": 0},
            ana={"roles": "inside coach; initiator"},
        )
    )
    en = gap(pm, "few-mid-level-allies")["message"]
    assert en.startswith("No engaged mid-level supporter yet") and "Only 0" not in en
    zh = pm.gaps(lang="zh").set_index("code").loc["few-mid-level-allies", "message"]
    assert "还没有" in zh and "只有0" not in zh


def test_one_decision_maker_is_worded_without_all_and_without_nested_brackets():
    zh = build(frame(ceo={"relationship": 0})).gaps(lang="zh").iloc[0]["message"]
    assert "均" not in zh and zh.count("（") == 1


def test_one_uncovered_holder_is_not_any_one_of_them():
    message = gap(build(frame(opm={"relationship": 0}, eng={"relationship": 0})), "uncovered-role")["message"]
    assert "none of them" not in message and "is not engaged yet" in message


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stage_advice_is_concrete_for_each_condition(lang):
    coach = build(frame(ana={"relationship": 1}), stage=4).gaps(lang=lang).iloc[0]["advice"]
    feelings = build(frame(cfo={"relationship": 1}), stage=5).gaps(lang=lang).iloc[0]["advice"]
    assert coach != feelings
    assert ("inside coach" in coach) if lang == "en" else ("内部支持者" in coach)


def test_whatif_counts_one_gap_in_the_singular():
    pm = build(frame(ceo={"relationship": 0}))
    change = pm.what_if("ceo", relationship=2)
    assert "1 gap resolved" in repr(change)


def test_every_code_has_words_in_both_languages():
    from powermap.text.advice_words import STAGE_ADVICE, STAGE_CONDITIONS, TEXTS

    assert set(STAGE_ADVICE) == set(STAGE_CONDITIONS)
    for key, text in TEXTS.items():
        assert set(text) == {"en", "zh"}, key
    for code in gaps_module.CODES:
        assert any(k == code or k.startswith(code + ".") for k in TEXTS), code


def test_new_codes_are_in_the_json_schema():
    import json

    schema = json_schema()
    text = json.dumps(schema)
    for code in gaps_module.CODES:
        assert f'"{code}"' in text, code
    from powermap.text.advice_words import STAGE_CONDITIONS

    for condition in STAGE_CONDITIONS:
        assert f'"{condition}"' in text, condition


# -- rule order: explicit, with declared silences (order of definition changes nothing) ----------------------


def _shuffled_module(seed: int):
    """gaps.py with its rule functions written in a shuffled order, loaded as a fresh module."""
    source = Path(gaps_module.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    slots = [
        i
        for i, node in enumerate(tree.body)
        if isinstance(node, ast.FunctionDef)
        and any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "rule" for d in node.decorator_list)
    ]
    rules = [tree.body[i] for i in slots]
    random.Random(seed).shuffle(rules)
    for i, node in zip(slots, rules):
        tree.body[i] = node
    module = types.ModuleType(f"powermap._gaps_shuffled_{seed}")
    module.__package__ = "powermap"
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        exec(compile(tree, "gaps_shuffled.py", "exec"), module.__dict__)
    finally:
        del sys.modules[module.__name__]
    return module.__dict__, [r.name for r in rules]


def _raw(namespace, contacts, facts):
    batch = make_batch(contacts)
    policy = Policy()
    scores = contact_scores(batch, policy)
    ctx = namespace["Context"](
        batch, scores, coverage_table(batch, scores, policy), _facts_by_code(batch, facts), policy
    )
    return sorted(
        (g.account, g.code, g.severity, tuple(g.contacts), g.role, g.condition, repr(sorted(g.fields.items())))
        for g in namespace["find_gaps"](ctx)
    )


def _pipeline():
    """The sample pipeline, validated, with its facts, as analyze_batch gets them."""
    from powermap.io.read import read_account
    from powermap.io.validate import validate_contacts

    raw = read_account(Path(__file__).parent.parent / "data" / "samples" / "pipeline.csv").contacts
    contacts, problems = validate_contacts(raw, by="account")
    assert problems == []
    first = contacts.groupby("account", sort=False).first()
    facts = pd.DataFrame(
        {
            "stage": pd.to_numeric(first["stage"]),
            "technicality": first["technicality"],
            "as_of": pd.to_datetime(first["as_of"]),
        }
    )
    return contacts.drop(columns=["stage", "technicality", "as_of", "account_name"]), facts


def test_shuffling_the_rules_definition_order_changes_no_gap():
    contacts, facts = _pipeline()
    original = _raw(vars(gaps_module), contacts, facts)
    assert len({g[1] for g in original}) >= 15  # most rules have something to say on the pipeline
    for seed in (1, 2, 3):
        namespace, order = _shuffled_module(seed)
        assert sorted(order) == sorted(f.__name__ for f in gaps_module.RULES.values())
        assert list(namespace["RULES"]) != list(gaps_module.RULES)  # registered in another order
        assert _raw(namespace, contacts, facts) == original


def test_a_rule_silenced_by_a_later_rule_is_refused_at_import():
    namespace, _ = _shuffled_module(0)
    namespace["SILENCED_BY"]["missing-role"] = ("stage-readiness",)
    with pytest.raises(ImportError, match="missing-role"):
        namespace["_check_catalogue"]()


# -- the constants the rules and the score use live in the Policy ----------------------------------------------


def test_moved_constants_are_read_from_the_policy(tmp_path):
    pm = build(frame(fim={"stance": 0}, opm={"stance": 0}, itm={"roles": "initiator; handler"}), stage=2)
    assert len(pm.gaps().set_index("code").loc["few-mid-level-allies", "contacts"]) == 2
    assert len(pm.gaps(Policy(max_candidates=1)).set_index("code").loc["few-mid-level-allies", "contacts"]) == 1
    unreached = build(handled(frame(ceo={"relationship": 0})), stage=3)
    assert gap(unreached, "decision-maker-unreached")["severity"] == "low"
    strict = unreached.gaps(Policy(executive_access_stage=3)).set_index("code")
    assert strict.loc["decision-maker-unreached", "severity"] == "high"
    # risk: one low gap is low by default, medium when a low gap weighs the medium threshold's 15 points
    assert unreached.coverage()["risk"] == "low"
    heavy = unreached.coverage(Policy(points_per_low_gap=15))
    assert heavy["risk"] == "medium" and heavy["risk_points"] == 15
    path = tmp_path / "policy.toml"
    path.write_text("decision_engaged_share = 0.5\nrisk_points_high = 20\n", encoding="utf-8")
    policy = load_policy(path)
    assert policy.decision_engaged_share == 0.5 and policy.risk_points_high == 20
    assert build(frame(ceo={"stance": 0})).coverage(policy)["points_decision"] == 7.5
