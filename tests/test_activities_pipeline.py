"""--activities on portfolio and learn: one log for a whole pipeline, each touch given to its account's contact."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
import activities_pipeline as P
import activity_account as A
import crm_account as C

import powermap
from powermap.cli import app
from powermap.errors import InputError
from powermap.portfolio import local as portfolio
from powermap.sim.simulate import closed_deals
from powermap.sim.synth import pipeline

runner = CliRunner()
FIGURES = ["coverage", "risk", "n_gaps", "gaps", "engaged", "threads", "owners", "levels_engaged"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A 30-account pipeline without relationships (the log decides who is engaged), and its activity log."""
    folder = tmp_path_factory.mktemp("pipeline")
    table = pipeline(30, 25, seed=5).drop(columns=["relationship"])
    path = folder / "pipeline.csv"
    table.to_csv(path, index=False)
    return table, path, P.hubspot_log(table, folder / "activities.csv", 600, seed=2), folder


def test_each_account_through_portfolio_equals_analyze_with_its_own_activities(files):
    table, path, log, folder = files
    result = portfolio.score_file(path, by="account", read={"activities": (log,)}, messages=True)
    plain = portfolio.score_file(path, by="account")
    accounts = result.accounts.set_index("account")
    assert (accounts["engaged"].to_numpy() > plain.accounts["engaged"].to_numpy()).sum() >= 20  # the log counts
    for key in ["ACC-000000", "ACC-000007", "ACC-000019", "ACC-000029"]:
        contacts, alone = P.one_account(table, log, key, folder)
        facts = table[table["account"] == key].iloc[0]
        pm = powermap.load(
            contacts,
            read={"activities": (alone,)},
            name=facts["account_name"],
            stage=int(facts["stage"]),
            technicality=facts["technicality"],
            as_of=facts["as_of"],
        )
        cover, row = pm.coverage(), accounts.loc[key]
        for column in FIGURES:
            expected = ";".join(sorted(set(pm.gaps()["code"]))) if column == "gaps" else cover.get(column)
            if column == "n_gaps":
                expected = len(pm.gaps())
            assert row[column] == expected, (key, column)
        mine = result.contacts[result.contacts["account"] == key].set_index("id")
        scores = pm.scores().set_index("id").loc[mine.index]
        assert mine["relationship"].tolist() == scores["relationship"].tolist(), key
        assert list(result.gaps.loc[result.gaps["account"] == key, "message"]) == list(pm.gaps()["message"])


@pytest.mark.parametrize("source", ["salesforce", "hubspot", "calendar"])
def test_a_crm_export_as_a_pipeline_of_one_gives_what_analyze_gives(tmp_path, source):
    if source == "hubspot":
        contacts, by, read = C.hubspot(tmp_path), "Company Name", {"activities": (A.hubspot(tmp_path),)}
    else:
        contacts, roles = C.salesforce(tmp_path)
        log = tuple(A.salesforce(tmp_path)) if source == "salesforce" else (A.calendar(tmp_path),)
        by, read = "AccountId", {"contact_roles": roles, "users": C.users(tmp_path), "activities": log}
    pm = powermap.load(contacts, read=read, as_of=A.AS_OF)
    result = portfolio.score_file(contacts, by=by, read=read, as_of=A.AS_OF)
    row, cover = result.accounts.iloc[0], pm.coverage()
    for column in ("coverage", "risk", "engaged", "threads", "owners"):
        assert row[column] == cover[column], column
    assert row["gaps"] == ";".join(sorted(set(pm.gaps()["code"])))
    assert result.activity["counted"] == int(pm.activity["counts"].sum())


def test_touches_nobody_can_take_are_counted_and_reported_not_attached(files, tmp_path):
    table, path, log, _ = files
    result = portfolio.score_file(path, by="account", read={"activities": (log,)})
    assert result.activity["unmatched"] == {
        "nobody": 1,
        "unknown": 1,
        "other-account": 1,
        "ambiguous": 1,
        "skipped-account": 0,
    }
    note = result.notes[0]
    assert "1 nobody, 1 unknown, 1 other-account, 1 ambiguous" in note and "603 matched" not in note
    # the ambiguous c1 (no company) and Northwind's c1 reach no account: the log without them gives the same
    touches = pd.read_csv(log, dtype=str, keep_default_na=False)
    clean = tmp_path / "clean.csv"
    touches[touches["Subject"] != "trap"].to_csv(clean, index=False)
    again = portfolio.score_file(path, by="account", read={"activities": (clean,)})
    pd.testing.assert_frame_equal(again.accounts, result.accounts)
    assert again.activity["counted"] == result.activity["counted"]


def test_an_account_named_by_the_log_takes_its_own_c1_not_another_accounts(tmp_path):
    table = pipeline(3, 6, seed=1).drop(columns=["relationship"])
    path = tmp_path / "p.csv"
    table.to_csv(path, index=False)
    rows = [
        [str(k), "MEETING", d, "Dana Ruiz", "c1;c2", "Customer 000002", "", "Completed", "m"]
        for k, d in enumerate(["2026-10-01", "2026-10-08", "2026-10-15", "2026-10-20", "2026-10-27", "2026-11-03"])
    ]  # six held meetings: a personal relationship (2) by the policy's rule
    log = tmp_path / "log.csv"
    pd.DataFrame(rows, columns=P.HEADER).to_csv(log, index=False)
    result = portfolio.score_file(path, by="account", read={"activities": (log,)})
    plain = portfolio.score_file(path, by="account")
    changed = result.contacts["relationship"].to_numpy() != plain.contacts["relationship"].to_numpy()
    assert result.contacts.loc[changed, ["account", "id"]].values.tolist() == [
        ["ACC-000002", "c1"],
        ["ACC-000002", "c2"],
    ]
    assert set(result.contacts.loc[changed, "relationship"]) == {2}
    assert result.activity["works_with"] == 1 and result.activity["counted"] == 12


def test_streamed_chunks_workers_scattered_rows_and_the_whole_file_agree(files, tmp_path):
    table, path, log, _ = files
    read = {"activities": (log,)}
    whole = portfolio.score(table, by="account", read=read)
    streamed = portfolio.score_file(path, by="account", read=read, rows_per_chunk=100)
    pooled = portfolio.score_file(path, by="account", read=read, rows_per_chunk=100, n_jobs=2)
    scattered = tmp_path / "scattered.csv"
    table.sample(frac=1, random_state=3).to_csv(scattered, index=False)
    spilled = portfolio.score_file(scattered, by="account", read=read, rows_per_chunk=100)
    for other in (streamed, pooled, spilled):  # the scattered file's accounts come in its own order
        pd.testing.assert_frame_equal(
            other.accounts.sort_values("account", ignore_index=True), whole.accounts, check_dtype=False
        )
        assert other.activity == whole.activity and other.notes[0] == whole.notes[0]


def test_an_account_skipped_for_its_problems_says_its_touches_were_not_used(files, tmp_path):
    table, _, log, _ = files
    broken = table.copy()
    broken.loc[broken["account"] == "ACC-000003", "name"] = ""
    result = portfolio.score(broken, by="account", read={"activities": (log,)})
    skipped = int(pd.read_csv(log, dtype=str)["Associated Company"].eq("Customer 000003").sum())
    assert result.activity["unmatched"]["skipped-account"] > 0
    assert result.activity["unmatched"]["skipped-account"] >= skipped - 1  # each of its rows, one per contact
    assert "of accounts skipped for their problems" in result.notes[0]


def test_portfolio_command_reads_the_log_and_says_what_it_left(files, tmp_path):
    _, path, log, _ = files
    out = tmp_path / "accounts.csv"
    done = runner.invoke(
        app, ["portfolio", str(path), "--by", "account", "-o", str(out), "--activities", str(log), "--jobs", "1"]
    )
    assert done.exit_code == 0, done.output
    assert "note: activities: " in done.output and "1 ambiguous" in done.output
    assert len(pd.read_csv(out)) == 30


def test_spark_refuses_a_log_and_says_what_to_do(files, tmp_path):
    _, path, log, _ = files
    args = ["portfolio", str(path), "--by", "account", "-o", str(tmp_path / "a.csv"), "--engine", "spark"]
    done = runner.invoke(app, [*args, "--activities", str(log)])
    assert done.exit_code == 1
    assert "--engine local (the default) and --activities" in done.output
    from powermap.portfolio.activities import refuse

    with pytest.raises(InputError, match="local engine only"):
        refuse({"activities": (log,)})


def test_learn_reads_the_log_and_its_features_come_from_it(tmp_path):
    history = closed_deals(160, 15, seed=3)
    contacts = history.contacts.drop(columns=["relationship"])
    path, outcomes = tmp_path / "closed.csv", tmp_path / "outcomes.csv"
    contacts.to_csv(path, index=False)
    history.outcomes.to_csv(outcomes, index=False)
    log = P.hubspot_log(contacts, tmp_path / "activities.csv", 1500, seed=4)
    from powermap.learn import model as learner

    with_log = learner.features(portfolio.score_file(path, by="account", read={"activities": (log,)}))
    without = learner.features(portfolio.score_file(path, by="account"))
    assert not np.allclose(with_log.to_numpy(dtype=float), without.to_numpy(dtype=float))
    model = tmp_path / "win.model"
    args = ["learn", str(path), "--by", "account", "--outcomes", str(outcomes), "-o", str(model), "--jobs", "1"]
    done = runner.invoke(app, [*args, "--activities", str(log)])
    assert done.exit_code == 0, done.output
    assert "note: activities: " in done.output and model.is_file()


def _one_seller_account(tmp_path):
    """Four engaged people all owned by Dana in the CRM; the log shows Tom and Priya meeting two of them."""
    contacts = tmp_path / "contacts.csv"
    pd.DataFrame(
        {
            "id": ["p1", "p2", "p3", "p4"],
            "name": ["Ana Ruiz", "Ben Ode", "Cam Lee", "Dee Park"],
            "title": ["CEO", "VP Finance", "Head of IT", "Procurement Manager"],
            "reports_to": ["", "p1", "p1", "p2"],
            "roles": ["decision maker", "finance", "technical buyer", "procurement"],
            "relationship": [2, 2, 2, 1],
            "stance": [1, 1, 1, 0],
            "owner": ["Dana Ruiz"] * 4,
        }
    ).to_csv(contacts, index=False)
    rows = [
        ["1", "MEETING", "2026-11-02", "Tom Becker", "p2;p3", "", "", "Completed", "review"],
        ["2", "CALL", "2026-11-05", "Priya Nair", "p3", "", "Connected", "", "call"],
    ]
    log = tmp_path / "log.csv"
    pd.DataFrame(rows, columns=P.HEADER).to_csv(log, index=False)
    return contacts, log


def test_single_threaded_and_the_owners_read_who_of_ours_the_log_saw(tmp_path):
    contacts, log = _one_seller_account(tmp_path)
    facts = dict(stage=4, as_of="2026-11-15")
    without = powermap.load(contacts, **facts)
    with_log = powermap.load(contacts, read={"activities": (log,)}, **facts)
    one_owner = lambda pm: [g for g in pm.gaps().to_dict("records") if g["code"] == "single-threaded"]  # noqa: E731
    assert one_owner(without) and without.coverage()["owners"] == 1
    assert not one_owner(with_log) and with_log.coverage()["owners"] == 3  # Dana, Tom and Priya hold threads
    note = next(n for n in with_log.reading.notes if n.startswith("a given owner is not among"))
    assert "p2 (owner Dana Ruiz; the log: Tom Becker)" in note and "p3 (owner Dana Ruiz; the log: " in note


def test_the_holders_rule_is_the_same_in_a_pipeline(tmp_path):
    contacts, log = _one_seller_account(tmp_path)
    table = pd.read_csv(contacts).assign(account="A1", stage=4, as_of="2026-11-15")
    result = portfolio.score(table, by="account", read={"activities": (log,)})
    assert result.accounts.loc[0, "owners"] == 3 and "single-threaded" not in result.accounts.loc[0, "gaps"]
