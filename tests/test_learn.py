"""Learning from outcomes: a known effect is recovered, noise is not learned, models round-trip as data and a
pickled model is refused unread, and bad outcome files are answered with every problem, never a traceback."""

import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLES
from sklearn.metrics import roc_auc_score
from typer.testing import CliRunner

from powermap import learn, portfolio
from powermap.analysis.gaps import CODES
from powermap.cli import app
from powermap.errors import InputError
from powermap.io.outcomes import read_outcomes
from powermap.sim.simulate import TRUE_EFFECTS, closed_deals

runner = CliRunner()


@pytest.fixture(scope="module")
def history():
    return closed_deals(400, 25, seed=11)


@pytest.fixture(scope="module")
def held_out():
    """Pipelines the model has never seen: another seed, so other organisations and engagement."""
    return closed_deals(600, 25, seed=12)


@pytest.fixture(scope="module")
def model(history):
    return learn.fit(history.contacts, history.outcomes, by="account", n_bootstrap=60)


def _effect(model, feature):
    return model.effects_.set_index("feature").loc[feature]


# -- what the model learns ------------------------------------------------------------------------------------


def test_features_are_the_documented_list(history):
    result = portfolio.score(history.contacts, by="account")
    X = learn.features(result)
    assert list(X.columns) == list(learn.FEATURES) and len(learn.FEATURES) == 11 + 4 + len(CODES)
    assert [f.removeprefix("gap_") for f in learn.GAP_FEATURES] == list(CODES)
    accounts = result.accounts.set_index("account")
    for code in ("decision-maker-unreached", "single-threaded"):
        expected = accounts["gaps"].str.split(";").map(lambda g, code=code: code in g)
        assert (X[f"gap_{code}"] == expected.astype(float)).all()
    engaged_coach = result.contacts[
        result.contacts["engaged"] & result.contacts["roles"].map(lambda r: "inside_coach" in r)
    ]["account"].unique()
    assert set(X.index[X["engaged_inside_coach"] == 1]) == set(engaged_coach)
    pd.testing.assert_frame_equal(X, history.features)  # the simulator drew its outcomes from these


def test_a_known_strong_effect_is_recovered_with_the_right_sign(model):
    for feature in ("gap_decision-maker-unreached", "engaged_inside_coach"):
        row = _effect(model, feature)
        assert np.sign(row["effect"]) == np.sign(TRUE_EFFECTS[feature])
        assert row["data_says"] == ("lowers" if TRUE_EFFECTS[feature] < 0 else "raises")  # its interval excludes 0
    coef = pd.Series(model.linear_["logistic"].coef_[0], index=learn.FEATURES)
    assert coef["gap_decision-maker-unreached"] < 0 < coef["engaged_inside_coach"]


def test_held_out_auc_beats_no_skill_clearly_and_nears_the_oracle(model, held_out):
    result = portfolio.score(held_out.contacts, by="account")
    p = model.predict_proba(result)[:, 1]
    y = held_out.outcomes.set_index("account")["won"].reindex(learn.features(result).index)
    auc = roc_auc_score(y, p)
    oracle = roc_auc_score(y, held_out.probability.reindex(y.index))
    assert auc > 0.5 + 0.2  # the majority-class baseline ranks nothing: AUC 0.5
    assert auc > oracle - 0.05, (auc, oracle)
    assert model.cv_["roc_auc"] > 0.7 and model.cv_["brier"] < model.cv_["baseline"]["brier"] - 0.03


def test_shuffled_labels_give_auc_near_one_half(history, held_out):
    # one permutation's cross-validated AUC on 400 deals swings by about +-0.06 around 0.5 (0.41 to 0.54 over
    # seeds 0-4): the mean of five permutations is what "no signal" must come near
    fits = []
    for seed in range(5):
        shuffled = history.outcomes.assign(won=np.random.default_rng(seed).permutation(history.outcomes["won"]))
        fits.append((shuffled, learn.fit(history.contacts, shuffled, by="account", n_bootstrap=0)))
    assert abs(np.mean([fit.cv_["roc_auc"] for _, fit in fits]) - 0.5) < 0.05
    shuffled, noise = fits[0]
    # and the calibrated probabilities stay close to the win rate: it learned that there was nothing to learn
    p = noise.predict_proba(held_out.features)[:, 1]
    assert p.std() < 0.05 and abs(p.mean() - shuffled["won"].mean()) < 0.05


def test_gbm_option_learns_too(history):
    gbm = learn.fit(history.contacts, history.outcomes, by="account", kind="gbm")
    assert gbm.cv_["roc_auc"] > 0.7
    assert _effect(gbm, "gap_decision-maker-unreached")["effect"] < 0
    drivers = gbm.drivers(history.features.head(20))
    assert all(isinstance(d, tuple) and len(d) <= 3 for d in drivers)
    # a tree model's contribution: the log-odds now minus the log-odds with that one feature at its training mean
    X = history.features.head(5)
    c = gbm.contributions(X)
    p = gbm.predict_proba(X)[:, 1]
    moved = gbm.predict_proba(X.assign(mid_level_allies=gbm.mean_["mid_level_allies"]))[:, 1]
    np.testing.assert_allclose(c["mid_level_allies"], np.log(p / (1 - p)) - np.log(moved / (1 - moved)), atol=1e-9)


def test_scores_baselines_and_calibration_are_reported(model, history):
    cv = model.cv_
    rate = history.outcomes["won"].mean()
    assert cv["baseline"]["brier"] == pytest.approx(rate * (1 - rate))
    assert len(cv["roc_auc_folds"]) == 5 and min(cv["roc_auc_folds"]) > 0.6
    coverage = portfolio.score(history.contacts, by="account").accounts["coverage"]
    assert cv["coverage_roc_auc"] == pytest.approx(roc_auc_score(history.outcomes["won"], coverage))
    cal = pd.DataFrame(cv["calibration"])
    assert cal["accounts"].sum() == 400 and cal["predicted"].is_monotonic_increasing
    assert np.abs(cal["predicted"] - cal["observed"]).mean() < 0.1


# -- drivers and probabilities on open accounts ------------------------------------------------------------------


def test_contributions_add_up_to_the_regressions_log_odds(model, held_out):
    X = held_out.features.head(50)
    total = model.contributions(X).sum(axis=1).to_numpy()
    logit = model.linear_.decision_function(X) - model.linear_["logistic"].intercept_[0]
    np.testing.assert_allclose(total, logit, atol=1e-9)


def test_annotate_adds_probability_and_readable_drivers(model, held_out):
    result = portfolio.score(held_out.contacts.head(3000), by="account")
    before = result.accounts.copy()
    accounts = model.annotate(result)
    pd.testing.assert_frame_equal(result.accounts, before)  # the caller's frame is unchanged
    assert accounts["win_probability"].between(0, 1).all()
    unreached = accounts[accounts["gaps"].str.contains("decision-maker-unreached")]
    assert (
        len(unreached)
        and unreached["drivers"]
        .map(lambda d: any(text.startswith("no engaged decision maker (-") for text in d))
        .mean()
        > 0.5
    )
    for drivers in accounts["drivers"]:
        assert len(drivers) <= 3 and all(";" not in d and d.endswith(")") for d in drivers)
        values = [float(d.rsplit("(", 1)[1].rstrip(")")) for d in drivers]
        assert values == sorted(values) and all(v < 0 for v in values)


# -- files ----------------------------------------------------------------------------------------------------


def test_save_load_round_trip_gives_identical_probabilities(model, held_out, tmp_path):
    card_path = model.save(tmp_path / "win.model")
    loaded = learn.load(tmp_path / "win.model")
    X = held_out.features
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    pd.testing.assert_frame_equal(loaded.contributions(X), model.contributions(X))
    assert list(loaded.drivers(X.head(30))) == list(model.drivers(X.head(30)))
    pd.testing.assert_frame_equal(
        loaded.annotate(portfolio.score(held_out.contacts.head(2000), by="account")),
        model.annotate(portfolio.score(held_out.contacts.head(2000), by="account")),
    )
    card = json.loads(card_path.read_text(encoding="utf-8"))
    assert card_path.name == "win.model.card.json"
    assert [f["name"] for f in card["features"]] == list(learn.FEATURES)
    assert card["training"]["accounts"] == 400
    assert card["training"]["won"] + card["training"]["lost"] == 400
    assert card["scores"]["roc_auc"] == model.cv_["roc_auc"] and "brier" in card["scores"]
    assert {"scikit-learn", "powermap", "numpy", "joblib"} <= set(card["versions"]) and card["trained_at"]


class _RunsCode:
    """What an attacker would pickle: unpickling it calls os.system, which writes a marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        import os

        return os.system, (f"echo pwned > '{self.marker}'",)


def _pickled_model_file(path, marker):
    """A file laid out exactly as powermap <= 0.1 saved models: magic, a JSON header of this environment's
    versions (so no version check stops it), then a joblib pickle: here one that runs a shell command."""
    import io

    import joblib
    import sklearn

    payload = io.BytesIO()
    joblib.dump(_RunsCode(marker), payload)
    header = {"format": 1, "kind": "logistic", "versions": {"scikit-learn": sklearn.__version__}, "trained_at": "x"}
    path.write_bytes(b"powermap-win-model\n" + json.dumps(header).encode() + b"\n" + payload.getvalue())
    return path


def test_the_crafted_payload_really_runs_code_under_pickle(tmp_path):
    """The attack file of the next test is a real one: unpickled, it runs its command."""
    import joblib

    marker = tmp_path / "ran"
    path = _pickled_model_file(tmp_path / "evil.model", marker)
    with open(path, "rb") as handle:
        handle.readline(), handle.readline()
        joblib.load(handle)
    assert marker.read_text().strip() == "pwned"


def test_an_old_pickled_model_is_refused_unread_and_nothing_runs(tmp_path, history):
    marker = tmp_path / "ran"
    path = _pickled_model_file(tmp_path / "team.model", marker)
    with pytest.raises(InputError) as caught:
        learn.load(path)
    message = str(caught.value)
    assert "pickle" in message and "powermap learn" in message and "older powermap" in message
    assert not marker.exists()
    contacts = tmp_path / "open.csv"
    history.contacts.head(300).to_csv(contacts, index=False)
    done = runner.invoke(
        app,
        [
            "portfolio",
            str(contacts),
            "--by",
            "account",
            "-o",
            str(tmp_path / "a.csv"),
            "--model",
            str(path),
            "--jobs",
            "1",
        ],
    )
    assert done.exit_code == 1 and "Train it again with `powermap learn`" in done.output
    assert "Traceback" not in done.output and not marker.exists() and not (tmp_path / "a.csv").exists()


def test_a_model_file_is_json_data_and_gbm_round_trips_exactly(history, held_out, tmp_path):
    gbm = learn.fit(history.contacts, history.outcomes, by="account", kind="gbm", n_bootstrap=0)
    path = tmp_path / "gbm.model"
    gbm.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: numbers and text, nothing to run
    assert data["model"] == "powermap win model" and data["kind"] == "gbm" and data["format"] == learn.model.FORMAT
    assert len(data["estimator"]["gbm"]["trees"]) == 150
    loaded = learn.load(path)
    X = held_out.features
    np.testing.assert_array_equal(loaded.predict_proba(X), gbm.predict_proba(X))
    pd.testing.assert_frame_equal(loaded.contributions(X.head(40)), gbm.contributions(X.head(40)))
    assert list(loaded.drivers(X.head(40))) == list(gbm.drivers(X.head(40)))
    pd.testing.assert_frame_equal(loaded.effects_, gbm.effects_)
    card, original = loaded.card(), gbm.card()
    assert card["scores"] == original["scores"] and card["effects"] == original["effects"]
    assert card["training"] == original["training"] and card["params"] == original["params"]
    loaded.save(tmp_path / "again.model")  # a loaded model saves to the same data
    assert json.loads((tmp_path / "again.model").read_text())["estimator"] == data["estimator"]


def test_a_tampered_model_file_is_reported_as_damaged(model, tmp_path):
    path = tmp_path / "m.model"
    model.save(path)
    data = json.loads(path.read_text())
    data["estimator"]["logistic"]["coef"] = data["estimator"]["logistic"]["coef"][:3]
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="damaged powermap model"):
        learn.load(path)
    data = json.loads((tmp_path / "m.model.card.json").read_text())
    (tmp_path / "c.model").write_text(json.dumps(data))
    with pytest.raises(InputError, match="not a powermap model"):
        learn.load(tmp_path / "c.model")


def test_files_that_are_not_models_get_clear_errors(model, tmp_path):
    csv = tmp_path / "accounts.csv"
    csv.write_text("account,won\nA,1\n")
    with pytest.raises(InputError, match="not a powermap model"):
        learn.load(csv)
    card = model.save(tmp_path / "m.model")
    with pytest.raises(InputError, match="model card"):
        learn.load(card)
    with pytest.raises(InputError, match="no such model file"):
        learn.load(tmp_path / "missing.model")
    truncated = tmp_path / "cut.model"
    truncated.write_bytes((tmp_path / "m.model").read_bytes()[:400])
    with pytest.raises(InputError, match="damaged"):
        learn.load(truncated)


# -- outcomes --------------------------------------------------------------------------------------------------


def test_outcome_words_and_headers_in_english_and_chinese(write):
    path = write("o.csv", "客户编号,结果\nA,赢单\nB,丢单\nC,TRUE\nD,no\nE,Closed Won\nF,0\nA,赢\n")
    assert read_outcomes(path, by="客户编号").to_dict() == {"A": 1, "B": 0, "C": 1, "D": 0, "E": 1, "F": 0}
    gbk = write("g.csv", "account,输赢\nA,输\nB,中标\n", encoding="gb18030")
    assert read_outcomes(gbk, by="account").to_dict() == {"A": 0, "B": 1}


def test_bad_outcome_files_name_every_problem(write):
    path = write("o.csv", "account,won\nA,won\nB,wonn\nC,\n,lost\nA,lost\n")
    with pytest.raises(InputError) as caught:
        read_outcomes(path, by="account")
    lines = [str(p) for p in caught.value.problems]
    assert any("row 3, column 'won': 'wonn': unknown outcome (did you mean 'won'?)" in x for x in lines), lines
    assert any("row 4, column 'won'" in x and "no outcome for account 'C'" in x for x in lines)
    assert any("row 5" in x and "no account named" in x for x in lines)
    assert any("row 6" in x and "'A' is lost here but won on row 2" in x for x in lines)
    assert all(str(path) in x for x in lines)


def test_missing_columns_are_named(write):
    with pytest.raises(InputError, match="no outcome column: expected 'won'.*found columns: 'account', 'amount'"):
        read_outcomes(write("o.csv", "account,amount\nA,3\n"), by="account")
    with pytest.raises(InputError, match="no column 'deal'"):
        read_outcomes(write("p.csv", "account,won\nA,1\n"), by="deal")


def test_too_few_accounts_or_one_class_is_refused(history):
    few = history.outcomes.head(20)
    with pytest.raises(InputError, match="only 20 closed accounts .* at least 30 closed accounts, with at least 10"):
        learn.fit(history.contacts, few, by="account")
    all_won = history.outcomes.head(60).assign(won=1)
    with pytest.raises(InputError, match="all 60 closed accounts are won: .* needs both"):
        learn.fit(history.contacts, all_won, by="account")


def test_unmatched_accounts_are_left_out_and_counted(history):
    outcomes = pd.concat(
        [history.outcomes.iloc[:300], pd.DataFrame({"account": ["GHOST-1", "GHOST-2"], "won": [1, 0]})]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = learn.fit(history.contacts, outcomes, by="account", n_bootstrap=0)
    notes = [str(w.message) for w in caught]
    assert model.n_train_ == 300
    assert any("2 accounts in outcomes not found in contacts (GHOST-1, GHOST-2)" in n for n in notes), notes
    assert any("100 accounts in contacts without an outcome" in n and "open" in n for n in notes), notes
    assert model.notes_ == notes and model.card()["training"]["left_out"] == {
        "invalid": 0,
        "not_in_contacts": 2,
        "open": 100,
    }


# -- report ---------------------------------------------------------------------------------------------------


def test_report_has_scores_effects_and_figures(model):
    from matplotlib.figure import Figure

    report = model.report()
    assert report.scores["roc_auc"] == model.cv_["roc_auc"] and "ROC AUC" in report.summary()
    table = report.table()
    assert table["effect"].is_monotonic_increasing and len(table) == len(learn.FEATURES)
    for figure in (report.figure(), report.roc_figure(), report.calibration_figure(), report.effects_figure()):
        assert isinstance(figure, Figure) and figure.axes
    assert "<img src='data:image/png;base64," in report._repr_html_()


def test_the_effects_figure_draws_an_interval_that_misses_its_effect(model):
    """A percentile bootstrap from few resamples may not hold the point estimate: drawn as it is, no error."""
    report = model.report()
    effects = report.effects.copy()
    effects.loc[effects.index[0], ["low", "high"]] = effects.loc[effects.index[0], "effect"] + np.array([0.2, 0.5])
    report.effects = effects
    figure = report.effects_figure()
    segments = figure.axes[0].collections[-1].get_segments()
    assert len(segments) == len(effects)  # one interval per feature, the odd one included


def test_the_report_figure_speaks_chinese(model):
    from matplotlib.text import Text

    figure = model.report().figure(lang="zh")
    texts = [t.get_text() for t in figure.findobj(Text) if t.get_text().strip()]
    assert any("校准" in t for t in texts) and any("缺口" in t for t in texts)
    english = {w for t in texts for w in re.findall(r"[A-Za-z]+", t)} - {"ROC", "AUC", "Brier"}
    assert not english, f"English words in the Chinese figure: {sorted(english)}"
    # the model's kind too, in the headline and the effects' title: "逻辑回归模型", as the command says it
    assert sum("逻辑回归" in t for t in texts) == 2 and model.kind == "logistic"


# -- command line ----------------------------------------------------------------------------------------------


def test_learn_then_portfolio_with_the_model(history, held_out, tmp_path):
    contacts, outcomes = tmp_path / "closed.csv", tmp_path / "outcomes.csv"
    history.contacts.to_csv(contacts, index=False)
    history.outcomes.assign(won=history.outcomes["won"].map({1: "won", 0: "lost"})).to_csv(outcomes, index=False)
    model_path, picture = tmp_path / "win.model", tmp_path / "report.png"
    done = runner.invoke(
        app,
        [
            "learn",
            str(contacts),
            "--by",
            "account",
            "--outcomes",
            str(outcomes),
            "-o",
            str(model_path),
            "--report",
            str(picture),
            "--jobs",
            "1",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "ROC AUC" in done.output and "decision maker" in done.output
    assert model_path.is_file() and picture.stat().st_size > 10_000
    assert (tmp_path / "win.model.card.json").is_file()

    open_deals = tmp_path / "open.csv"
    held_out.contacts.head(2000).to_csv(open_deals, index=False)
    out = tmp_path / "accounts.csv"
    scored = runner.invoke(
        app,
        ["portfolio", str(open_deals), "--by", "account", "-o", str(out), "--model", str(model_path), "--jobs", "1"],
    )
    assert scored.exit_code == 0, scored.output
    table = pd.read_csv(out)
    assert table["win_probability"].between(0, 1).all() and table["drivers"].notna().any()
    assert "win_probability and drivers from" in scored.output
    chinese = runner.invoke(
        app,
        ["portfolio", str(open_deals), "--by", "account", "-o", str(out), "--model", str(model_path), "--lang", "zh"],
    )
    assert chinese.exit_code == 0, chinese.output
    # the model's line is said in the reader's language, as the count above it (it was English under --lang zh)
    assert "基于" in chinese.output and "逻辑回归模型" in chinese.output and "model trained" not in chinese.output


def test_cli_errors_exit_1_and_usage_errors_exit_2(history, tmp_path, write):
    contacts = tmp_path / "closed.csv"
    history.contacts.to_csv(contacts, index=False)
    bad = write("bad.csv", "account,won\nDEAL-000001,maybe\n")
    done = runner.invoke(
        app, ["learn", str(contacts), "--by", "account", "--outcomes", str(bad), "-o", str(tmp_path / "m.model")]
    )
    assert done.exit_code == 1 and "row 2, column 'won': 'maybe': unknown outcome" in done.output
    assert "Traceback" not in done.output
    few = write("few.csv", "account,won\nDEAL-000001,1\nDEAL-000002,0\n")
    done = runner.invoke(
        app,
        [
            "learn",
            str(contacts),
            "--by",
            "account",
            "--outcomes",
            str(few),
            "-o",
            str(tmp_path / "m.model"),
            "--jobs",
            "1",
        ],
    )
    assert done.exit_code == 1 and "at least 30 closed accounts" in done.output
    not_model = write("nm.model", "hello")
    done = runner.invoke(
        app, ["portfolio", str(contacts), "--by", "account", "-o", str(tmp_path / "a.csv"), "--model", str(not_model)]
    )
    assert done.exit_code == 1 and "not a powermap model" in done.output
    done = runner.invoke(
        app,
        [
            "learn",
            str(contacts),
            "--by",
            "account",
            "--outcomes",
            str(few),
            "-o",
            str(tmp_path / "m.model"),
            "--kind",
            "forest",
        ],
    )
    assert done.exit_code == 2
    done = runner.invoke(
        app,
        [
            "portfolio",
            str(contacts),
            "--by",
            "account",
            "-o",
            str(tmp_path / "a.csv"),
            "--model",
            str(not_model),
            "--engine",
            "spark",
        ],
    )
    assert done.exit_code == 2 and "--model" in done.output


def test_outcomes_from_a_workbook_and_invalid_accounts_left_out_with_a_note(history, tmp_path):
    workbook = tmp_path / "outcomes.xlsx"
    history.outcomes.assign(won=history.outcomes["won"].map({1: "Closed Won", 0: "Closed Lost"})).rename(
        columns={"won": "Status"}
    ).to_excel(workbook, index=False)
    contacts = history.contacts.astype(str)
    contacts.loc[(contacts["account"] == "DEAL-000007") & (contacts["id"] == "c1"), "roles"] = "chief cheerleader"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = learn.fit(contacts, workbook, by="account", n_bootstrap=0)
    assert model.n_train_ == 399
    assert any(
        "1 closed account left out because their contacts are invalid (DEAL-000007)" in str(w.message) for w in caught
    )


# -- the bundled sample ----------------------------------------------------------------------------------------


def test_the_sample_history_is_what_the_documented_simulator_writes():
    contacts = pd.read_csv(SAMPLES / "history.csv", dtype=str, keep_default_na=False)
    outcomes = read_outcomes(SAMPLES / "history_outcomes.csv", by="account")
    assert contacts["account"].nunique() == len(outcomes) == 600
    assert set(contacts["account"]) == set(outcomes.index)
    assert 0.3 < outcomes.mean() < 0.6
    assert (SAMPLES / "history.csv").stat().st_size < 4_000_000
    again = closed_deals(600, 30, seed=2026)
    assert again.outcomes.set_index("account")["won"].to_dict() == outcomes.to_dict()
