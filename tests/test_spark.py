"""The Spark engine gives exactly the local engine's numbers (local[2] session; PySpark comes with `.[spark]`)."""

import re

import numpy as np
import pandas as pd
import pytest

pyspark = pytest.importorskip("pyspark")

from powermap import portfolio  # noqa: E402
from powermap.portfolio import spark as engine  # noqa: E402
from powermap.sim.synth import pipeline  # noqa: E402


@pytest.fixture(scope="session")
def session():
    spark = engine.session("local[2]", "powermap-tests", shuffle_partitions=2)
    yield spark
    spark.stop()


def test_spark_equals_the_local_engine(session):
    table = pipeline(40, 25, seed=9).astype(str)
    table.loc[(table["account"] == "ACC-000007") & (table["id"] == "c2"), "reports_to"] = "ghost"  # one bad account
    local = portfolio.score(table, by="account")
    remote = engine.score(session.createDataFrame(table), by="account", partitions=3).toPandas()
    scored = remote[remote["skipped_reason"].isna()].sort_values("account").reset_index(drop=True)
    mine = local.accounts.sort_values("account").reset_index(drop=True)
    assert list(scored["account"]) == list(mine["account"]) and len(scored) == 39
    for column in ("coverage", "support_share", "opposition_share", "confidence"):
        np.testing.assert_array_equal(scored[column].to_numpy(float), mine[column].to_numpy(float), err_msg=column)
    for column in ("n_gaps", "risk_points", "engaged", "owners", "mid_level_allies", "stage"):
        np.testing.assert_array_equal(scored[column].to_numpy(float), mine[column].to_numpy(float), err_msg=column)
    for column in ("risk", "gaps", "account_name"):
        assert scored[column].tolist() == mine[column].tolist(), column
    bad = remote[remote["skipped_reason"].notna()]
    assert list(bad["account"]) == ["ACC-000007"] and "reports to nobody" in bad.iloc[0]["skipped_reason"]


def test_missing_account_column(session):
    frame = session.createDataFrame(pd.DataFrame({"id": ["a"], "name": ["Ann"]}))
    with pytest.raises(ValueError, match="no column 'deal'"):
        engine.score(frame, by="deal")


def test_cli_spark_engine(session, tmp_path):
    from typer.testing import CliRunner

    from powermap.cli import app

    source = tmp_path / "pipeline.parquet"
    pipeline(12, 20, seed=4).astype(str).to_parquet(source, index=False)
    out = tmp_path / "accounts.csv"
    result = CliRunner().invoke(app, ["portfolio", str(source), "--by", "account", "-o", str(out), "--engine", "spark"])
    assert result.exit_code == 0, result.output
    assert "12 accounts scored, 0 skipped (Spark)" in result.output
    assert "Riskiest deals, latest stage first" in result.output  # the review, as the local engine prints it
    local = portfolio.score_file(source, by="account").accounts.sort_values("account")
    written = pd.read_csv(out).sort_values("account")
    np.testing.assert_array_equal(written["coverage"].to_numpy(float), local["coverage"].to_numpy(float))


def test_cli_spark_engine_adds_the_first_action_the_local_engine_gives(session, tmp_path):
    """``--plan`` on Spark: each account's first action, as the local engine writes it (never dropped)."""
    from typer.testing import CliRunner

    from powermap.cli import app
    from powermap.plan.batch import PLAN_COLUMNS

    source = tmp_path / "pipeline.csv"
    pipeline(12, 20, seed=4).astype(str).to_csv(source, index=False)
    runner = CliRunner()
    base = ["portfolio", str(source), "--by", "account", "--as-of", "2026-11-15"]
    for engine_name in ("spark", "local"):
        result = runner.invoke(
            app, [*base, "-o", str(tmp_path / f"{engine_name}.csv"), "--plan", "--engine", engine_name]
        )
        assert result.exit_code == 0, result.output
    remote = pd.read_csv(tmp_path / "spark.csv", keep_default_na=False).sort_values("account")
    local = pd.read_csv(tmp_path / "local.csv", keep_default_na=False).sort_values("account")
    assert (remote["plan_kind"] != "").sum() >= 10
    assert remote[PLAN_COLUMNS].to_numpy().tolist() == local[PLAN_COLUMNS].to_numpy().tolist()
    refused = runner.invoke(app, [*base, "-o", str(tmp_path / "x.csv"), "--engine", "spark", "--plan-out", "p.csv"])
    assert refused.exit_code == 2 and "--plan-out" in refused.output and "local only" in refused.output


def test_score_file_names_the_file_when_it_cannot_be_read_by_account(session, tmp_path):
    from powermap import InputError

    source = tmp_path / "pipeline.csv"
    pipeline(3, 10, seed=2).to_csv(source, index=False)
    with pytest.raises(
        InputError,
        match=r"pipeline\.csv: no column 'acount' to group accounts by \(did you mean "
        r"'account'\?\)",
    ):
        engine.score_file(source, by="acount", spark=session)
    with pytest.raises(InputError, match=r"pipeline\.xlsx: the Spark engine reads \.parquet or \.csv files"):
        engine.score_file(tmp_path / "pipeline.xlsx", by="account", spark=session)
    scored = engine.score_file(source, by="account", spark=session)
    engine.write(scored, tmp_path / "accounts.parquet")
    assert sorted(pd.read_parquet(tmp_path / "accounts.parquet")["account"]) == sorted(
        pipeline(3, 10, seed=2)["account"].unique()
    )


def test_the_spark_review_is_the_local_engines(session):
    """Each partition counts its own review and the driver merges them: the risk mix, the common gaps and the
    riskiest deals are those of the local engine, a skipped account counted in none."""
    from powermap.portfolio.review import KEPT

    table = pipeline(60, 25, seed=9).astype(str)
    table.loc[(table["account"] == "ACC-000007") & (table["id"] == "c2"), "reports_to"] = "ghost"  # one bad account
    local = portfolio.score(table, by="account").review(top=KEPT)
    remote = engine.review(engine.score(session.createDataFrame(table), by="account", partitions=3), "account")
    assert remote.accounts == local.accounts == 59
    assert remote.risk_table().equals(local.risk_table())
    assert remote.common_gaps(10).equals(local.common_gaps(10))
    shown = ["account", "stage", "risk", "risk_points", "coverage", "n_gaps", "gaps"]
    assert remote.riskiest[shown].astype(str).values.tolist() == local.riskiest[shown].astype(str).values.tolist()


def test_cli_spark_prints_the_review_in_the_language_asked(session, tmp_path):
    """``--top`` and ``--lang`` work with ``--engine spark``: the same deals as the local engine lists, in Chinese."""
    from typer.testing import CliRunner

    from powermap.cli import app

    source = tmp_path / "pipeline.csv"
    pipeline(30, 20, seed=4).astype(str).to_csv(source, index=False)
    base = ["portfolio", str(source), "--by", "account", "--as-of", "2026-11-15", "--top", "3", "--lang", "zh"]
    printed = {}
    for name in ("spark", "local"):
        result = CliRunner().invoke(app, [*base, "-o", str(tmp_path / f"{name}.csv"), "--engine", name])
        assert result.exit_code == 0, result.output
        printed[name] = result.output
    assert "已评分 30 个客户，跳过 0 个（Spark）" in printed["spark"]
    review = printed["local"][printed["local"].index("风险：") :]
    assert review in printed["spark"] and "风险最高的项目" in review
    assert len(set(re.findall(r"ACC-\d{6}", review))) == 3
