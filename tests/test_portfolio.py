"""Pipelines: every account scored exactly as `analyze` scores it alone; bad accounts skipped, never fatal."""

import numpy as np
import pandas as pd
import pytest
from accounts import frame as healthy_frame
from conftest import SAMPLES
from typer.testing import CliRunner

import powermap
from powermap import portfolio
from powermap.cli import app
from powermap.errors import InputError
from powermap.sim.synth import pipeline

runner = CliRunner()


def _as_pipeline_rows(path, key, stage, technicality):
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    return raw.assign(account=key, stage=str(stage), technicality=technicality, as_of="2026-11-15")


@pytest.fixture(scope="module")
def mixed():
    """Two sample accounts in English and Chinese headers can't share one table, so: English samples + synthetic."""
    hospital = _as_pipeline_rows(SAMPLES / "hospital.csv", "HOSP", 5, "high")
    manufacturer = _as_pipeline_rows(SAMPLES / "manufacturer.csv", "MANU", 4, "high")
    synthetic = pipeline(30, 25, seed=3).astype(str).drop(columns=["account_name"])
    table = pd.concat([hospital, synthetic, manufacturer], ignore_index=True).fillna("")
    return table.sample(frac=1, random_state=4).reset_index(drop=True)  # accounts' rows interleaved


def _alone(table, key):
    rows = table[table["account"] == key]
    facts = rows.iloc[0]
    contacts = rows.drop(columns=["account", "stage", "technicality", "as_of"])
    return powermap.from_frame(contacts, stage=facts["stage"], technicality=facts["technicality"], as_of=facts["as_of"])


def test_every_account_equals_its_analysis_alone(mixed):
    result = portfolio.score(mixed, by="account", messages=True)
    assert result.skipped.empty and len(result.accounts) == 32
    accounts = result.accounts.set_index("account")
    for key in ["HOSP", "MANU", *sorted(set(mixed["account"]) - {"HOSP", "MANU"})[:8]]:
        pm = _alone(mixed, key)
        cover = pm.coverage()
        row = accounts.loc[key]
        assert row["coverage"] == cover["coverage"] and row["risk"] == cover["risk"], key
        assert row["n_gaps"] == len(pm.gaps()) and row["gaps"] == ";".join(sorted(set(pm.gaps()["code"])))
        for column in ("support_share", "confidence", "mid_level_allies", "owners"):
            assert row[column] == cover[column], (key, column)
        mine = result.contacts[result.contacts["account"] == key].set_index("id")
        alone = pm.scores().set_index("id").loc[mine.index]
        for column in ("pagerank", "brokerage", "effective_influence", "influence_rank", "support"):
            np.testing.assert_array_equal(
                mine[column].to_numpy(dtype=float), alone[column].to_numpy(dtype=float), err_msg=f"{key} {column}"
            )
        gaps = result.gaps[result.gaps["account"] == key]
        assert list(gaps["message"]) == list(pm.gaps()["message"])


def test_hospital_in_a_pipeline_keeps_its_story(mixed):
    row = portfolio.score(mixed, by="account").accounts.set_index("account").loc["HOSP"]
    assert set(row["gaps"].split(";")) == {
        "decision-maker-unreached",
        "missing-role",
        "weak-initiator",
        "few-mid-level-allies",
        "unknown-attributes",
        "stage-readiness",
    }


def test_two_processes_give_the_same_numbers(mixed):
    one = portfolio.score(mixed, by="account", rows_per_chunk=200)
    two = portfolio.score(mixed, by="account", rows_per_chunk=200, n_jobs=2)
    pd.testing.assert_frame_equal(one.accounts, two.accounts)
    pd.testing.assert_frame_equal(one.contacts, two.contacts)


def test_a_bad_account_is_skipped_with_its_reasons_and_the_rest_scored():
    table = pipeline(6, 20, seed=2)
    bad = table["account"] == "ACC-000002"
    table.loc[bad & (table["id"] == "c3"), "roles"] = "chief cheerleader"
    table.loc[table["account"] == "ACC-000004", "stage"] = np.where(
        table.loc[table["account"] == "ACC-000004", "id"] == "c0", 3, 4
    )
    before = table.copy()
    result = portfolio.score(table, by="account")
    pd.testing.assert_frame_equal(table, before)  # the caller's frame is never changed
    assert sorted(result.accounts["account"]) == ["ACC-000000", "ACC-000001", "ACC-000003", "ACC-000005"]
    skipped = result.skipped.set_index("account")
    assert (
        "unknown role" in skipped.loc["ACC-000002", "reason"]
        and "chief cheerleader" in skipped.loc["ACC-000002", "reason"]
    )
    assert "stage differs within account 'ACC-000004'" in skipped.loc["ACC-000004", "reason"]
    assert result.summary().startswith("4 accounts scored, 2 skipped")


def test_ids_are_unique_within_an_account_not_across():
    a = healthy_frame().assign(account="A")
    b = healthy_frame().assign(account="B")
    result = portfolio.score(pd.concat([a, b]), by="account", as_of="2026-11-15")
    assert result.skipped.empty and len(result.accounts) == 2


def test_reports_to_must_name_someone_in_the_same_account():
    a = healthy_frame().assign(account="A")
    b = healthy_frame().assign(account="B")
    b.loc[b["id"] == "eng", "reports_to"] = "nobody-here"
    result = portfolio.score(pd.concat([a, b]), by="account")
    assert list(result.accounts["account"]) == ["A"] and "reports to nobody" in result.skipped.iloc[0]["reason"]


def test_missing_account_column_is_fatal():
    with pytest.raises(InputError, match="no column 'deal'"):
        portfolio.score(healthy_frame(), by="deal")


def test_cli_writes_csv_and_parquet(tmp_path):
    out, contacts, gaps = tmp_path / "accounts.parquet", tmp_path / "contacts.csv", tmp_path / "gaps.csv"
    result = runner.invoke(
        app,
        [
            "portfolio",
            str(SAMPLES / "pipeline.csv"),
            "--by",
            "account",
            "-o",
            str(out),
            "--contacts-out",
            str(contacts),
            "--gaps-out",
            str(gaps),
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "200 accounts scored, 0 skipped" in result.output
    accounts = pd.read_parquet(out)
    assert len(accounts) == 200 and {"account", "coverage", "risk", "n_gaps", "gaps"} <= set(accounts.columns)
    assert set(accounts["risk"]) == {"low", "medium", "high"}
    per_contact = pd.read_csv(contacts)
    assert per_contact["account"].nunique() == 200 and "effective_influence" in per_contact
    assert pd.read_csv(gaps)["message"].notna().all()


def test_cli_problems_and_usage(tmp_path, write):
    assert (
        runner.invoke(
            app, ["portfolio", str(SAMPLES / "pipeline.csv"), "--by", "deal", "-o", str(tmp_path / "x.csv")]
        ).exit_code
        == 1
    )
    assert (
        runner.invoke(
            app, ["portfolio", str(SAMPLES / "pipeline.csv"), "--by", "account", "-o", str(tmp_path / "x.txt")]
        ).exit_code
        == 2
    )  # .csv, .xlsx or .parquet


# -- streaming: a file scored in chunks of whole accounts -----------------------------------------------------------


def _streamed_equals_whole(path, **options):
    from powermap.io.read import read_account

    whole = portfolio.score(read_account(path).contacts, "account", as_of="2026-11-01")
    streamed = portfolio.score_file(path, "account", as_of="2026-11-01", **options)
    pd.testing.assert_frame_equal(streamed.accounts, whole.accounts)
    pd.testing.assert_frame_equal(streamed.contacts, whole.contacts)
    # missing conditions may be None or NaN depending on how many pieces were joined: the same gaps either way
    pd.testing.assert_frame_equal(
        streamed.gaps.astype(object).fillna(""), whole.gaps.astype(object).fillna(""), check_dtype=False
    )
    pd.testing.assert_frame_equal(
        streamed.skipped.sort_values("account", ignore_index=True),
        whole.skipped.sort_values("account", ignore_index=True),
    )
    assert [str(p) for p in streamed.problems] == [str(p) for p in whole.problems]
    return streamed


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_grouped_file_scored_in_chunks_gives_the_same_result_with_the_same_row_numbers(tmp_path, suffix):
    from powermap.sim.synth import pipeline

    frame = pipeline(120, 25, seed=3).astype(str)
    frame.loc[5, "influence"] = "huge"  # a bad account, skipped, its problem naming row 7 (record 6)
    frame.loc[frame["account"] == frame["account"].iloc[400], "stage"] = "zz"
    path = tmp_path / f"pipeline{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_parquet(path, index=False)
    chunks = []
    streamed = _streamed_equals_whole(
        path, rows_per_chunk=300, progress=lambda done, total: chunks.append((done, total))
    )
    assert len(chunks) >= 8 and chunks[-1][0] == 120 and not streamed.notes  # many chunks, every account
    assert len(streamed.skipped) == 2
    _streamed_equals_whole(path, rows_per_chunk=300, n_jobs=2)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_scattered_rows_are_sorted_out_in_a_second_pass_with_the_same_result(tmp_path, monkeypatch, suffix):
    from powermap.sim.synth import pipeline

    frame = pipeline(60, 20, seed=4).astype(str).sample(frac=1, random_state=2)
    frame.loc[frame.index[7], "influence"] = "huge"
    path = tmp_path / f"shuffled{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_parquet(path, index=False)
    streamed = _streamed_equals_whole(path, rows_per_chunk=200)  # the accounts in the file's order, too
    assert len(streamed.accounts) == 59 and len(streamed.skipped) == 1 and len(streamed.notes) == 1
    assert "are not together, so the file was sorted out by account through temporary files" in streamed.notes[0]
    assert "sort it by 'account'" in streamed.notes[0]
    if suffix == ".parquet":
        return
    monkeypatch.setitem(portfolio.score_file.__kwdefaults__, "rows_per_chunk", 200)  # chunks smaller than the file
    done = runner.invoke(app, ["portfolio", str(path), "--by", "account", "-o", str(tmp_path / "a.csv"), "--jobs", "1"])
    said = " ".join(done.output.split())  # Rich folds long lines
    assert done.exit_code == 0 and "note:" in said and "sort it by 'account'" in said


def test_files_the_chunked_reader_is_unsure_of_are_read_whole_and_problems_named(tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("account,id,name\nA,1,张三\nA,2,李四\n".encode("gb18030"))
    assert len(portfolio.score_file(gbk, "account", rows_per_chunk=1).accounts) == 1
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("account,id,name\nA,1,Ann\nA,2,Bo,extra\n")
    with pytest.raises(InputError, match="row 3"):
        portfolio.score_file(ragged, "account")
    missing = tmp_path / "nocol.csv"
    missing.write_text("id,name\n1,Ann\n")
    with pytest.raises(InputError, match="no column 'account'"):
        portfolio.score_file(missing, "account")
    empty = tmp_path / "header.csv"
    empty.write_text("account,id,name\n")
    with pytest.raises(InputError, match="no contacts"):
        portfolio.score_file(empty, "account")


def test_to_files_writes_each_table_given_a_path_and_refuses_a_bad_suffix_before_writing(tmp_path):
    from powermap.sim.synth import pipeline as synth_pipeline

    result = portfolio.score(synth_pipeline(4, 15, seed=3), by="account")
    with pytest.raises(ValueError, match=r"gaps\.txt: expected a \.csv, \.parquet or \.xlsx file name"):
        result.to_files(tmp_path / "accounts.csv", gaps=tmp_path / "gaps.txt")
    assert not list(tmp_path.iterdir())  # nothing written: the suffixes are checked first
    written = result.to_files(tmp_path / "accounts.parquet", contacts=tmp_path / "contacts.csv")
    assert [p.name for p in written] == ["accounts.parquet", "contacts.csv"]
    pd.testing.assert_frame_equal(
        pd.read_parquet(written[0]), result.accounts.reset_index(drop=True), check_dtype=False
    )
    assert len(pd.read_csv(written[1])) == len(result.contacts)


# -- tables written as the chunks come back: memory flat, bytes those of the whole write -----------------------------


def _tables(folder, suffix=".csv"):
    return {name: folder / f"{name}{suffix}" for name in ("accounts", "contacts", "gaps", "plans")}


@pytest.mark.parametrize("jobs", [1, 2])
def test_tables_streamed_as_chunks_come_back_are_byte_identical_to_the_whole_write(tmp_path, mixed, jobs):
    # 32 accounts, two of them real samples with empty cells, one made bad (skipped), in chunks of ~150 contacts
    table = mixed.sort_values("account", kind="stable").reset_index(drop=True)
    table.loc[table["account"] == "ACC-000007", "influence"] = "huge"
    table.loc[table.index[0], "name"] = "=HYPERLINK(1)"  # the formula guard, applied chunk by chunk
    path = tmp_path / "pipeline.csv"
    table.to_csv(path, index=False)
    options = dict(as_of="2026-11-01", messages=True, plan=2, rows_per_chunk=150, n_jobs=jobs)
    whole = portfolio.score_file(path, "account", **options)
    assert len(whole.accounts) == 31 and len(whole.skipped) == 1
    (tmp_path / "whole").mkdir()
    whole.to_files(**_tables(tmp_path / "whole"))
    (tmp_path / "streamed").mkdir()
    progress = []
    streamed = portfolio.score_file(
        path, "account", write_to=_tables(tmp_path / "streamed"), progress=lambda d, t: progress.append(d), **options
    )
    assert len(progress) >= 6  # many chunks, each written as it came back
    assert streamed.written == list(_tables(tmp_path / "streamed").values())
    assert streamed.accounts.empty and streamed.contacts.empty and streamed.gaps.empty  # none held in memory
    assert streamed.plans.empty and whole.plans["step"].max() == 2
    assert streamed.n_scored == 31 and streamed.summary() == whole.summary()
    assert [str(p) for p in streamed.problems] == [str(p) for p in whole.problems]
    for name in ("accounts", "contacts", "gaps", "plans"):
        assert (tmp_path / "streamed" / f"{name}.csv").read_bytes() == (tmp_path / "whole" / f"{name}.csv").read_bytes()
    assert "'=HYPERLINK(1)" in (tmp_path / "streamed" / "contacts.csv").read_text()
    assert sorted(p.name for p in (tmp_path / "streamed").iterdir()) == [
        "accounts.csv",
        "contacts.csv",
        "gaps.csv",
        "plans.csv",
    ]


def test_parquet_and_xlsx_targets_and_a_scattered_file_write_what_the_whole_run_writes(tmp_path):
    from powermap.sim.synth import pipeline as synth_pipeline

    frame = synth_pipeline(30, 15, seed=5).astype(str)
    grouped, scattered = tmp_path / "grouped.csv", tmp_path / "scattered.csv"
    frame.to_csv(grouped, index=False)
    frame.sample(frac=1, random_state=1).to_csv(scattered, index=False)  # read twice: nothing streamed half-way
    for path in (grouped, scattered):
        whole = portfolio.score_file(path, "account", as_of="2026-11-01", rows_per_chunk=100)
        folder = tmp_path / path.stem
        folder.mkdir()
        targets = {"accounts": folder / "a.parquet", "contacts": folder / "c.csv", "gaps": folder / "g.xlsx"}
        streamed = portfolio.score_file(path, "account", as_of="2026-11-01", rows_per_chunk=100, write_to=targets)
        assert streamed.n_scored == 30 and streamed.notes == whole.notes
        pd.testing.assert_frame_equal(pd.read_parquet(targets["accounts"]), whole.accounts, check_dtype=False)
        whole.to_files(contacts=tmp_path / "whole.csv")
        assert targets["contacts"].read_bytes() == (tmp_path / "whole.csv").read_bytes()
        assert len(pd.read_excel(targets["gaps"])) == len(whole.gaps) > 30
        assert sorted(p.name for p in folder.iterdir()) == ["a.parquet", "c.csv", "g.xlsx"]  # no temporary file left


def test_gap_rows_are_built_only_when_asked_and_the_numbers_do_not_change():
    from powermap.sim.synth import pipeline as synth_pipeline

    table = synth_pipeline(12, 20, seed=6)
    with_rows = portfolio.score(table, "account", as_of="2026-11-01")
    without = portfolio.score(table, "account", as_of="2026-11-01", gap_rows=False)
    assert len(with_rows.gaps) > 12 and without.gaps.empty
    pd.testing.assert_frame_equal(without.accounts, with_rows.accounts)  # n_gaps, gaps, risk: all the same


def test_cli_streams_its_tables_and_keeps_gap_rows_only_for_gaps_out(tmp_path):
    path = SAMPLES / "pipeline.csv"
    args = ["portfolio", str(path), "--by", "account", "--as-of", "2026-11-01", "--jobs", "1"]
    done = runner.invoke(app, [*args, "-o", str(tmp_path / "a.csv"), "--gaps-out", str(tmp_path / "g.csv")])
    assert done.exit_code == 0, done.output
    assert "200 accounts scored, 0 skipped" in done.output
    whole = portfolio.score_file(path, "account", as_of="2026-11-01", messages=True)
    whole.to_files(tmp_path / "wa.csv", gaps=tmp_path / "wg.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "wa.csv").read_bytes()
    assert (tmp_path / "g.csv").read_bytes() == (tmp_path / "wg.csv").read_bytes()


def test_the_chunked_csv_reader_keeps_arrow_text_columns_with_the_whole_readers_cells_and_rows(tmp_path):
    from powermap.io.chunks import text_chunks
    from powermap.io.read import read_account

    frame = pipeline(40, 20, seed=5).astype(str)
    frame.loc[4, "title"] = 'VP, "Ops"\nnight shift'  # quoted: a comma, quotes and a line break in one cell
    lines = frame.to_csv(index=False).split("\n")
    path = tmp_path / "pipe.csv"
    path.write_text("\n".join([*lines[:40], "," * 17, "", *lines[40:]]))  # two blank rows: dropped, numbers kept
    chunks = list(text_chunks(path, 70))
    whole = read_account(path).contacts
    assert len(chunks) > 5
    assert all(isinstance(kind, pd.StringDtype) for chunk in chunks for kind in chunk.frame.dtypes)
    joined = pd.concat([chunk.frame for chunk in chunks], ignore_index=True)
    assert joined.to_numpy(dtype=object).tolist() == whole.frame.to_numpy(dtype=object).tolist()
    assert np.concatenate([np.asarray(chunk.rows) for chunk in chunks]).tolist() == list(map(int, whole.rows))
    assert joined["title"][4] == 'VP, "Ops"\nnight shift' and np.diff(np.asarray(whole.rows)).max() == 3


def test_default_workers_are_the_cores_other_programs_leave_free():
    import os

    from powermap.portfolio.local import free_cores

    assert free_cores(load=0.0, cores=2) == 2
    assert free_cores(load=1.7, cores=2) == 1  # one core's worth of other work: one worker, in this process
    assert free_cores(load=9.0, cores=2) == 1  # never fewer than one
    assert 1 <= free_cores() <= (os.cpu_count() or 1)


def test_the_free_cores_are_measured_now_not_read_off_the_load_average():
    """Another program spinning while the meter runs counts as about one busy core, whatever the 1-minute load
    average still remembers; this process's own work does not count."""
    import subprocess
    import sys
    import time

    from powermap.portfolio.cores import CoreMeter, cpu_sample

    if cpu_sample() is None:
        pytest.skip("no /proc/stat here: the load average decides")
    own = CoreMeter()
    deadline = time.monotonic() + 0.4
    while time.monotonic() < deadline:  # this process busy: not another program's load
        pass
    alone = own.busy_elsewhere()
    assert alone is not None
    spinner = subprocess.Popen(
        [sys.executable, "-c", "import time\nend = time.time() + 3\nwhile time.time() < end: pass"]
    )
    try:
        time.sleep(0.5)  # the interpreter started and spinning
        meter = CoreMeter()
        time.sleep(0.5)
        spinning = meter.busy_elsewhere()
        assert spinning is not None and spinning >= 0.6 and spinning >= alone + 0.4
    finally:
        spinner.kill()
        spinner.wait()


def test_the_plan_of_a_file_whose_accounts_rows_are_interleaved(tmp_path):
    """A file whose accounts' rows are interleaved within a chunk (an export sorted by date, not by account): each
    account's plan is the one of the same rows grouped by account (the plan read the rows in the file's order,
    not the analysis's, and stopped with an internal error)."""
    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    interleaved = table[table["account"].isin(table["account"].unique()[:12])].sample(frac=1, random_state=3)
    codes, _ = pd.factorize(interleaved["account"])
    together = interleaved.iloc[np.argsort(codes, kind="stable")]
    found = {}
    for name, rows in (("interleaved", interleaved), ("together", together)):
        path = tmp_path / f"{name}.csv"
        rows.to_csv(path, index=False)
        result = portfolio.score_file(path, "account", as_of="2026-11-15", plan=2, contacts_scores=False)
        found[name] = (
            result.accounts.sort_values("account").reset_index(drop=True),
            result.plans.sort_values(["account", "step"]).reset_index(drop=True),
        )
    assert len(found["interleaved"][1]) >= 20
    for got, want in zip(found["interleaved"], found["together"]):
        pd.testing.assert_frame_equal(got, want)
