"""The latent deal simulator (powermap.sim.latent): deterministic by seed, blind to powermap's analysis, and its
outcomes move with the latent terms as docs/calibration.md says, over many draws of otherwise identical deals."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from powermap.sim import latent

ROOT = Path(__file__).resolve().parent.parent
DRAWS = 3000  # copies of one account: the win rate's standard error is below 1 point


def account(**changes: dict) -> pd.DataFrame:
    """A true table of one realistic 12-person account at stage 5, high technicality, won about two times in three:
    a neutral CEO who decides, a CFO, a COO our handler's chain runs through, a plant manager who champions us and
    handles the project, a neutral IT manager who assesses, the production manager who will use the line, an
    engineer who is our inside coach. ``changes`` maps a person's
    id to the cells that differ (``{"ceo": {"stance": -2}}``); ``stage`` and ``technicality`` change every row."""
    rows = [
        # id, level, reports_to, roles, influence, stance, relationship, competitor
        ("ceo", "executive", "", "decision maker", 5, 0, 1, ""),
        ("cfo", "executive", "ceo", "advisor;finance", 5, 0, 1, ""),
        ("coo", "executive", "ceo", "", 4, 0, 1, ""),
        ("ea", "staff", "ceo", "gatekeeper", 2, 0, 1, ""),
        ("plant", "mid", "coo", "champion;handler", 3, 2, 3, ""),
        ("prod", "mid", "coo", "key user", 3, 1, 1, ""),
        ("itm", "mid", "cfo", "technical buyer", 4, 0, 2, ""),
        ("eng", "staff", "plant", "coach", 2, 2, 2, ""),
        ("op1", "staff", "prod", "", 1, 0, 0, ""),
        ("op2", "staff", "prod", "", 1, 1, 0, ""),
        ("dev", "staff", "itm", "influencer", 2, 1, 1, ""),
        ("buyer", "staff", "cfo", "", 2, 0, 0, ""),
    ]
    columns = ["id", "level", "reports_to", "roles", "influence", "stance", "relationship", "competitor"]
    table = pd.DataFrame(rows, columns=columns, dtype=object)
    table.insert(0, "account", "A")
    table["stage"], table["technicality"] = changes.pop("stage", 5), changes.pop("technicality", "high")
    for person, cells in changes.items():
        for column, value in cells.items():
            table.loc[table["id"] == person, column] = value
    return table


def win_rate(table: pd.DataFrame, seed: int = 0) -> float:
    """The share won of DRAWS copies of one account, each with its own draw of the unseen and of the outcome (the
    same draws for every account compared, so that a difference is the terms' and not the dice's)."""
    copies = table.iloc[np.tile(np.arange(len(table)), DRAWS)].reset_index(drop=True)
    copies["account"] = np.repeat([f"A{k:05d}" for k in range(DRAWS)], len(table))
    _, won = latent.draw_outcomes(latent.latent_terms(latent.read_truth(copies)), seed=seed)
    return float(won.mean())


def terms(table: pd.DataFrame) -> pd.Series:
    return latent.latent_terms(latent.read_truth(table)).iloc[0]


# -- deterministic, valid, independent ----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_deals_and_another_seed_others():
    a, b, c = (latent.closed_deals(40, 15, seed=s) for s in (5, 5, 6))
    pd.testing.assert_frame_equal(a.contacts, b.contacts)
    pd.testing.assert_frame_equal(a.outcomes, b.outcomes)
    pd.testing.assert_frame_equal(a.terms, b.terms)
    assert not a.contacts.equals(c.contacts)
    assert not a.outcomes["won"].equals(c.outcomes["won"])


def test_powermap_reads_every_simulated_account_and_the_history_is_plausible():
    from powermap import portfolio

    deals = latent.closed_deals(150, 30, seed=2)
    result = portfolio.score(deals.contacts, by="account")
    assert result.skipped.empty and not result.problems
    assert len(result.accounts) == 150
    assert 0.3 < deals.probability.mean() < 0.5  # about 40% won, as INTERCEPT says
    assert set(result.accounts["account"]) == set(deals.outcomes["account"])


def test_the_outcomes_never_ask_powermaps_analysis(monkeypatch):
    expected = latent.closed_deals(40, 15, seed=9)

    def refuse(*args, **kwargs):
        raise AssertionError("the latent simulator asked powermap's analysis")

    import powermap.analysis.run
    import powermap.learn.model
    import powermap.portfolio.local

    for module, name in [
        (powermap.analysis.run, "analyze_batch"),
        (powermap.analysis.run, "one_map"),
        (powermap.portfolio.local, "score"),
        (powermap.learn.model, "features"),
    ]:
        monkeypatch.setattr(module, name, refuse)
    again = latent.closed_deals(40, 15, seed=9)
    pd.testing.assert_frame_equal(expected.outcomes, again.outcomes)
    pd.testing.assert_series_equal(expected.probability, again.probability)


def test_the_simulator_imports_nothing_of_the_analysis():
    code = (
        "import sys; from powermap.sim.latent import closed_deals; closed_deals(20, 10, seed=1); "
        "print(sorted(m for m in sys.modules if m.startswith('powermap')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = ast.literal_eval(done.stdout)  # a printed list of module names
    assert loaded == ["powermap", "powermap.sim", "powermap.sim.latent", "powermap.sim.synth"]


def test_the_seller_sees_a_noisy_copy_of_the_world():
    deals = latent.closed_deals(200, 25, seed=3)
    seen, truth = deals.contacts, deals.truth
    stance = pd.to_numeric(seen["stance"].replace("", np.nan))
    engaged = truth["relationship"] >= 1
    assert stance[engaged].notna().all()  # we always write down a stance of someone we talk to
    assert stance[~engaged].isna().mean() > 0.2  # not of everyone else
    trusted = truth["relationship"] == 3
    assert (stance[trusted] == truth.loc[trusted, "stance"]).all()  # a trusted relationship reads true
    shallow = truth["relationship"] == 1
    misread = stance[shallow] != truth.loc[shallow, "stance"]
    assert 0.1 < misread.mean() < 0.4
    assert (stance[shallow][misread] > truth.loc[shallow, "stance"][misread]).mean() > 0.5  # mostly too kind
    tagged = seen["roles"].str.contains("handler")
    assert 0.45 < tagged[truth["handler"]].mean() < 0.75 and not tagged[~truth["handler"]].any()
    assert (truth.groupby("account")["handler"].sum() == 1).all()  # one handler per account


def test_a_true_table_with_an_unknown_word_or_a_missing_stance_is_refused():
    with pytest.raises(ValueError, match="role words the latent model does not know: chief cheerleader"):
        latent.read_truth(account(plant={"roles": "chief cheerleader"}))
    with pytest.raises(ValueError, match=r"every stance: row 4 \(plant\)"):
        latent.read_truth(account(plant={"stance": ""}))


# -- the terms, as documented ------------------------------------------------------------------------------------


def test_the_healthy_account_has_none_of_the_bad_terms():
    healthy = terms(account())
    zero = ["no_supporting_initiator", "decision_maker_unreached", "key_user_resists", "technical_veto"]
    zero += ["coach_disloyal", "mid_level_bypassed", "finance_opposed_late", "handler_weak", "uncovered_influences"]
    assert healthy[zero].eq(0).all(), healthy[zero]
    assert healthy["initiator_strength"] == 0.5 and healthy["coach_loyal"] == 1 and healthy["handler_bond"] == 1


def test_an_opposed_decision_maker_loses_more_often_than_a_supporter():
    supporter, opposed = account(ceo={"stance": 1}), account(ceo={"stance": -2})
    assert terms(opposed)["decision_maker_stance"] == -2
    assert win_rate(opposed) < win_rate(supporter) - 0.2


def test_an_unreached_decision_maker_weighs_more_late_in_the_deal():
    early = win_rate(account(stage=2)) - win_rate(account(stage=2, ceo={"relationship": 0}))
    late = win_rate(account(stage=8)) - win_rate(account(stage=8, ceo={"relationship": 0}))
    assert late > early + 0.1 and early > 0


def test_a_senior_initiator_helps_more_than_a_junior_one():
    junior = account(plant={"roles": "handler"}, eng={"roles": "coach;champion"})
    assert terms(junior)["initiator_strength"] == 0.25
    assert win_rate(account()) > win_rate(junior) + 0.03


def test_an_opposed_technical_supporter_vetoes_only_a_technical_purchase():
    """Principle 5 of the review (the technical guide's veto): at high technicality an opposed, influential
    technical supporter is a veto; at low technicality the same person weighs far less."""
    veto = account(itm={"stance": -2})
    assert terms(veto)["technical_veto"] == 1
    assert terms(account(technicality="low", itm={"stance": -2}))["technical_veto"] == 0
    high_cost = win_rate(account()) - win_rate(veto)
    low_cost = win_rate(account(technicality="low")) - win_rate(account(technicality="low", itm={"stance": -2}))
    assert high_cost > low_cost + 0.1


def test_a_coach_from_a_competitor_hurts_while_a_loyal_one_helps():
    disloyal = account(eng={"competitor": "Kestrel Automation"})
    assert terms(disloyal)[["coach_loyal", "coach_disloyal"]].tolist() == [0, 1]
    assert win_rate(disloyal) < win_rate(account()) - 0.15
    # the tricky healthy case: a competitor tie of someone who is not the coach is no leak
    assert terms(account(dev={"competitor": "Kestrel Automation"}))[["coach_loyal", "coach_disloyal"]].tolist() == [
        1,
        0,
    ]


def test_going_around_the_mid_level_costs_and_an_uninvolved_manager_does_not_count():
    around = account(prod={"relationship": 0})  # the COO is engaged, the using department's manager is not
    assert terms(around)["mid_level_bypassed"] == 1
    assert win_rate(around) < win_rate(account()) - 0.05
    # a manager under an engaged executive who holds no part and manages nobody who does is not the deal's path
    bystander = account()
    bystander.loc[len(bystander)] = ["A", "qa", "mid", "coo", "", 3, 0, 0, "", 5, "high"]
    assert terms(bystander)["mid_level_bypassed"] == 0


def test_a_resisting_key_user_and_an_opposed_late_finance_lower_the_odds():
    assert win_rate(account(prod={"stance": -1})) < win_rate(account()) - 0.1
    late = account(stage=7, cfo={"stance": -1})
    assert terms(late)["finance_opposed_late"] == 1
    assert terms(account(stage=4, cfo={"stance": -1}))["finance_opposed_late"] == 0


def test_the_four_buying_influences_must_all_be_engaged():
    nobody_technical = account(itm={"relationship": 0}, dev={"relationship": 0})
    assert terms(nobody_technical)["uncovered_influences"] == 1
    # the other influences stand in for the advisor: an engaged influencer covers "others"
    assert terms(account(cfo={"relationship": 0}))["uncovered_influences"] == 0
    assert win_rate(nobody_technical) < win_rate(account())


# -- the calibration report (benchmarks/calibration.py) stays runnable on whatever grade the library returns -------


@pytest.fixture(scope="module")
def calibration():
    import importlib.util

    spec = importlib.util.spec_from_file_location("calibration", ROOT / "benchmarks" / "calibration.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_report_counts_every_deal_once_and_its_intervals_are_wilsons(calibration):
    low, high = calibration.wilson(5, 10)
    assert (round(low, 3), round(high, 3)) == (0.237, 0.763)  # the textbook Wilson interval of 5 in 10
    assert calibration.wilson(0, 12)[0] == pytest.approx(0.0, abs=1e-12)
    table = pd.DataFrame(
        {"risk": ["high"] * 40 + ["medium"] * 50 + ["low"] * 10, "won": [0, 0, 0, 1] * 10 + [0, 1] * 25 + [1] * 9 + [0]}
    )
    rates = calibration.rates(table).set_index("risk")
    assert rates.loc[["high", "medium", "low"], "accounts"].sum() == rates.loc["all", "accounts"] == 100
    assert rates["rate"].round(2).to_dict() == {"high": 0.25, "medium": 0.5, "low": 0.9, "all": 0.44}
    assert calibration.grade_order(table["risk"]).tolist()[::45] == [0.0, 1.0, 2.0]  # high, medium, low
    with pytest.raises(SystemExit, match="risk levels this report does not know: \\['critical'\\]"):
        calibration.grade_order(pd.Series(["high", "critical"]))


def test_the_report_runs_end_to_end_on_both_simulators(calibration, capsys):
    calibration.main(["--accounts", "120", "--bootstrap", "10", "--seed", "3"])
    out = capsys.readouterr().out
    assert "### Latent deal model" in out and "### Circular sample simulator" in out
    assert out.count("| risk grade (high < medium < low) |") == 2
    assert out.count("`gap_decision-maker-unreached`") == 2  # learn's effects, on both
    assert "the true map alone" in out and "| `technical_veto` |" in out  # the grade against each latent term
