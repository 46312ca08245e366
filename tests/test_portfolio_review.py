"""A pipeline's review, what a coach reads first after `powermap portfolio`: the risk mix, the gaps most accounts
have and the riskiest deals (high risk first, then the latest stage), the same whether the tables were held in
memory or written as the chunks came back."""

import pandas as pd
import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from powermap import portfolio
from powermap.cli import app
from powermap.portfolio.review import KEPT, Review

runner = CliRunner()
PIPELINE = SAMPLES / "pipeline.csv"
RANK = {"high": 0, "medium": 1, "low": 2}


@pytest.fixture(scope="module")
def scored():
    return portfolio.score_file(PIPELINE, "account", as_of="2026-11-15", plan=1)


def _urgency(row) -> tuple:
    """The order the review promises, written out: high risk first, latest stage, most points, least coverage."""
    stage = 0 if pd.isna(row["stage"]) else int(row["stage"])
    return (RANK[row["risk"]], -stage, -int(row["risk_points"]), float(row["coverage"]), str(row["account"]))


def test_the_risk_mix_and_common_gaps_count_every_account(scored):
    accounts = scored.accounts
    review = scored.review()
    risk = review.risk_table().set_index("risk")
    for grade in ("high", "medium", "low"):
        assert risk.at[grade, "accounts"] == (accounts["risk"] == grade).sum()
    assert risk["accounts"].sum() == len(accounts) == review.accounts == 200
    assert risk["share"].sum() == pytest.approx(1.0)
    common = review.common_gaps(n=5)
    assert len(common) == 5 and common["accounts"].is_monotonic_decreasing
    for code, n in zip(common["code"], common["accounts"]):
        # an account counts once however many gaps of the code it has
        assert n == sum(code in codes.split(";") for codes in accounts["gaps"].fillna(""))
    every = review.common_gaps(n=100)
    assert common["accounts"].min() >= every["accounts"].iloc[5]  # nothing left out outranks the five shown


def test_the_riskiest_deals_come_high_risk_first_then_latest_stage(scored):
    accounts = scored.accounts
    shown = scored.review(top=5).riskiest
    assert len(shown) == 5 and "plan_action" in shown
    expected = sorted(accounts.to_dict("records"), key=_urgency)[:5]
    assert shown["account"].tolist() == [row["account"] for row in expected]
    assert (shown["risk"] == "high").all()
    # the tricky case of the order: a late-stage high-risk deal outranks one with more risk points earlier on
    high = accounts[accounts["risk"] == "high"]
    assert shown["stage"].iat[0] == high["stage"].max()
    assert shown["risk_points"].iat[0] < high["risk_points"].max() or high["stage"].nunique() == 1
    first = accounts.set_index("account").loc[shown["account"].iat[0]]
    assert shown["plan_action"].iat[0] == first["plan_action"]  # the account's own first action


def test_a_streamed_run_counts_what_the_whole_run_holds(tmp_path, scored):
    targets = {"accounts": tmp_path / "accounts.csv", "plans": tmp_path / "plans.csv"}
    streamed = portfolio.score_file(
        PIPELINE, "account", as_of="2026-11-15", plan=1, rows_per_chunk=300, n_jobs=1, write_to=targets
    )
    assert streamed.accounts.empty  # nothing held: the review was counted as the chunks went by
    mine, whole = streamed.review(top=KEPT), scored.review(top=KEPT)
    assert mine.accounts == whole.accounts
    pd.testing.assert_frame_equal(mine.risk_table(), whole.risk_table())
    pd.testing.assert_frame_equal(mine.common_gaps(n=50), whole.common_gaps(n=50))
    pd.testing.assert_frame_equal(mine.riskiest, whole.riskiest)
    with pytest.raises(ValueError, match="kept its 20 riskiest"):
        streamed.review(top=KEPT + 1)
    assert len(scored.review(top=50).riskiest) == 50  # a run held in memory keeps every row
    assert streamed.review(top=0).riskiest.empty


def test_an_unknown_stage_ranks_after_every_known_one():
    accounts = pd.DataFrame(
        {
            "deal": ["late", "unknown", "early"],
            "stage": pd.array([7, None, 2], dtype="Int64"),
            "coverage": [50.0, 10.0, 50.0],
            "risk": ["high", "high", "high"],
            "risk_points": [10, 30, 10],
            "n_gaps": [5, 9, 5],
            "gaps": ["a", "a;b", "b"],
        }
    )
    assert Review.of(accounts, "deal").riskiest["deal"].tolist() == ["late", "early", "unknown"]


def test_the_command_prints_the_review_after_the_count(tmp_path, scored):
    out = tmp_path / "accounts.csv"
    done = runner.invoke(
        app, ["portfolio", str(PIPELINE), "--by", "account", "-o", str(out), "--as-of", "2026-11-15", "--top", "3"]
    )
    assert done.exit_code == 0, done.output
    text = done.output
    written = pd.read_csv(out)
    counts = written["risk"].value_counts()
    assert f"Risk: {counts['high']} high" in text and f"{counts['medium']} medium" in text
    common = scored.review().common_gaps(n=5)
    lines = text.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Most common gaps")))
    rows = [line.split() for line in lines[start + 3 : start + 8]]  # title, header, rule, then a row per gap
    assert rows == [[code, str(n), f"{share:.0%}"] for code, n, share in common.itertuples(index=False)]
    assert "Riskiest deals, latest stage first" in text
    riskiest = scored.review(top=4).riskiest["account"].tolist()
    assert all(key in text for key in riskiest[:3]) and riskiest[3] not in text
    assert text.index("200 accounts scored") < text.index("Risk:")
    assert "first action" not in text  # no plan asked for

    planned = runner.invoke(
        app, ["portfolio", str(PIPELINE), "--by", "account", "-o", str(tmp_path / "p.csv"), "--plan", "--top", "2"]
    )
    assert planned.exit_code == 0, planned.output
    actions = planned.output[planned.output.index("Their first actions") :]
    first = " ".join(scored.review(top=1).riskiest["plan_action"].iat[0].split())
    assert first in " ".join(line[12:].strip() for line in actions.splitlines()[3:] if line.strip())

    none = runner.invoke(
        app, ["portfolio", str(PIPELINE), "--by", "account", "-o", str(tmp_path / "b.csv"), "--top", "0"]
    )
    assert none.exit_code == 0 and "Risk:" in none.output and "Riskiest deals" not in none.output


def test_the_review_in_chinese_names_gaps_in_chinese(tmp_path):
    done = runner.invoke(
        app,
        ["portfolio", str(PIPELINE), "--by", "account", "-o", str(tmp_path / "a.csv"), "--lang", "zh", "--top", "2"],
    )
    assert done.exit_code == 0, done.output
    assert "风险：高 " in done.output and "最常见的缺口" in done.output and "阶段条件未满足" in done.output
    assert "stage-readiness" not in done.output and "风险最高的项目" in done.output


def test_hostile_account_names_are_shown_as_text_not_obeyed(tmp_path):
    table = pd.read_csv(PIPELINE, dtype=str, keep_default_na=False)
    riskiest = table["account"].iat[0]
    table.loc[table["account"] == riskiest, "account_name"] = "Evil\x1b]52;c;cm0gLXJmIH4=\x07 [bold]Corp[/bold]"
    table.loc[table["account"] == riskiest, "stage"] = "8"  # and the riskiest: a late deal
    table.loc[table["account"] == riskiest, "relationship"] = "0"
    path = tmp_path / "pipeline.csv"
    table.to_csv(path, index=False)
    done = runner.invoke(app, ["portfolio", str(path), "--by", "account", "-o", str(tmp_path / "a.csv"), "--top", "20"])
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.output and "\x07" not in done.output
    assert "Evil\\x1b]52;c;cm0gLXJmIH4=\\x07" in done.output and "[bold]Corp[/bold]" in done.output


def test_merged_reviews_of_the_parts_equal_the_review_of_the_whole():
    """The Spark engine counts each partition's review and merges them on the driver: the merge of any split of
    the accounts table gives the whole table's risk mix, gap counts and riskiest deals."""
    accounts = portfolio.score(pd.read_csv(PIPELINE, dtype=str, keep_default_na=False), by="account").accounts
    whole = Review.of(accounts, "account").top(KEPT)
    merged = Review("account")
    for part in (accounts.iloc[:7], accounts.iloc[7:90], accounts.iloc[90:91], accounts.iloc[91:0], accounts.iloc[91:]):
        review = Review("account")
        review.add(part)
        merged.merge(review)
    assert (merged.accounts, merged.risk, merged.gap_accounts) == (whole.accounts, whole.risk, whole.gap_accounts)
    pd.testing.assert_frame_equal(merged.riskiest, whole.riskiest)
    assert merged.common_gaps().equals(whole.common_gaps()) and merged.risk_table().equals(whole.risk_table())


def test_with_store_since_the_review_says_how_each_deals_risk_moved(tmp_path):
    """A coach's Monday question, what changed since last week: one deal's decision maker turned against us (a
    deal-killer), one new deal."""
    from powermap.sim.synth import pipeline

    october = pipeline(12, 25, seed=4).astype(str)
    october["as_of"] = "2026-10-15"
    scored = portfolio.score(october, by="account").accounts.set_index("account")
    turned = scored.index[scored["risk"] != "high"][0]  # a deal that can still get riskier
    november = october.copy()
    november["as_of"] = "2026-11-15"
    mine = november["account"] == turned
    november.loc[mine & november["roles"].str.contains("decision maker"), "stance"] = "-2"
    newcomer = pipeline(1, 25, seed=9).astype(str).assign(account="ACC-NEW", account_name="New deal")
    november = pd.concat([november, newcomer.assign(as_of="2026-11-15")], ignore_index=True)
    store = tmp_path / "deals.db"
    paths = {}
    for name, frame in (("oct", october), ("nov", november)):
        paths[name] = tmp_path / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    base = ["portfolio", "--by", "account", "--jobs", "1", "--store", str(store)]
    first = runner.invoke(app, [base[0], str(paths["oct"]), *base[1:], "-o", str(tmp_path / "a.csv")])
    assert first.exit_code == 0, first.output
    assert "Since" not in first.output and "change" not in first.output  # nothing to compare with yet
    done = runner.invoke(
        app,
        [base[0], str(paths["nov"]), *base[1:], "-o", str(tmp_path / "b.csv"), "--since", "2026-10-31", "--top", "13"],
    )
    assert done.exit_code == 0, done.output
    table = pd.read_csv(tmp_path / "b.csv", keep_default_na=False).set_index("account")
    assert table.at[turned, "risk_change"] == f"{scored.at[turned, 'risk']} -> high"
    assert table.at["ACC-NEW", "risk_change"] == ""  # read back from CSV: never stored before
    rank = {"high": 0, "medium": 1, "low": 2}
    moved = [c.split(" -> ") for c in table["risk_change"] if c]
    riskier = sum(rank[b] < rank[a] for a, b in moved)
    safer = len(moved) - riskier
    assert riskier >= 1
    line = f"Since 2026-10-31: {riskier} riskier · {safer} safer · {12 - len(moved)} the same · 1 not stored before"
    assert line in done.output
    row = next(text for text in done.output.splitlines() if text.startswith(turned))
    assert f"{scored.at[turned, 'risk']} → high" in row  # the deal's own move, in its row of the riskiest
