"""The snapshot store: round trips, exact diffs, history, the commands, and nothing lost when a save is
interrupted or two savers meet. Every store test runs against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import powermap
from powermap.cli import app
from powermap.facade_store import Store  # its load gives maps
from powermap.render import text as output
from powermap.store.db import SnapshotExists, StoreError
from powermap.store.history import DIFF_FIELDS, diff_maps

sys.path.insert(0, str(Path(__file__).parent))
import postgres  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
runner = CliRunner()


# -- servers -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for the session. Outside CI a machine without one skips these tests;
    in CI (CI or POWERMAP_REQUIRE_POSTGRES set, as .ci/run does) that is a failure: the store must be
    tested against a real server there."""
    try:
        cluster = postgres.start()
    except postgres.NoServer as why:
        if os.environ.get("CI") or os.environ.get("POWERMAP_REQUIRE_POSTGRES"):
            pytest.fail(f"CI needs a PostgreSQL server for the store tests: {why}")
        pytest.skip(f"no PostgreSQL server: {why}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A new, empty store: a SQLite file, or a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "deals.db")
    return request.getfixturevalue("pg_cluster").database()


# -- versions of one account, made by hand -----------------------------------------------------------------


def sample_contacts() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLES / "manufacturer.csv", dtype=str, keep_default_na=False)
    frame["Region"] = ["EMEA" if i % 2 else "Americas" for i in range(len(frame))]  # a column of the user's own
    return frame


def sample_links() -> pd.DataFrame:
    return pd.read_csv(SAMPLES / "manufacturer_links.csv", dtype=str, keep_default_na=False)


def version(
    contacts: pd.DataFrame, links: pd.DataFrame | None, as_of: str, name: str = "Hartwell"
) -> powermap.PowerMap:
    return powermap.from_frame(contacts, links, name=name, stage=4, technicality="high", as_of=as_of)


def later(contacts: pd.DataFrame) -> pd.DataFrame:
    """One month on: every diffed field changes on someone, one person leaves, one joins."""
    c = contacts.copy()
    at = {i: k for k, i in enumerate(c["id"])}

    def put(person: str, column: str, value: str) -> None:
        c.iat[at[person], c.columns.get_loc(column)] = value

    put("M05", "stance", "2")  # the CFO, a blocker, now a champion
    put("M03", "relationship", "3")
    put("M06", "influence", "5")
    put("M07", "level", "executive")
    put("M08", "roles", "technical_supporter;gatekeeper")
    put("M09", "reports_to", "M01")
    put("M10", "owner", "Priya Natarajan")
    put("M01", "last_contact", "2026-11-20")
    put("M11", "competitor", "Forgeline")
    put("M12", "title", "Head of Continuous Improvement")
    put("M13", "department", "Quality & Improvement")
    c = c[c["id"] != "M02"]  # the CEO's assistant left
    new = {col: "" for col in c.columns}
    new.update(
        id="M90",
        name="Nina Vogel",
        title="Plant Controller",
        department="Finance",
        reports_to="M05",
        roles="finance",
        influence="3",
        stance="1",
        relationship="1",
        Region="EMEA",
    )
    return pd.concat([c, pd.DataFrame([new])], ignore_index=True)


FIELD_CHANGES = {  # person, field -> (before, after) as the diff reports them; before is the sample's own
    ("M05", "stance"): (-2, 2),
    ("M03", "relationship"): (2, 3),
    ("M06", "influence"): (3, 5),
    ("M07", "level"): ("mid", "executive"),
    ("M08", "roles"): (["gatekeeper"], ["technical_supporter", "gatekeeper"]),
    ("M09", "reports_to"): ("M03", "M01"),
    ("M10", "owner"): ("Tom Becker", "Priya Natarajan"),
    ("M01", "last_contact"): ("2026-07-09", "2026-11-20"),
    ("M11", "competitor"): (None, "Forgeline"),
    ("M12", "title"): ("Supply Chain Director", "Head of Continuous Improvement"),
    ("M13", "department"): ("Production", "Quality & Improvement"),
}


@pytest.fixture(scope="module")
def pair():
    before = version(sample_contacts(), sample_links(), "2026-10-15")
    links = sample_links()
    links = pd.concat(
        [links.iloc[1:], pd.DataFrame([{"source": "M90", "target": "M05", "kind": "trusts", "weight": "0.9"}])]
    )
    after = version(later(sample_contacts()), links, "2026-11-15")
    return before, after


# -- round trips and diffs ---------------------------------------------------------------------------------


def test_round_trip_gives_the_same_map_and_analysis(store_url, pair):
    before, after = pair
    with Store(store_url) as store:
        store.save(before)
        store.save(after)
        for original in (before, after):
            back = store.load("Hartwell", original.account.as_of)
            pd.testing.assert_frame_equal(back.contacts, original.contacts)
            pd.testing.assert_frame_equal(back.links, original.links)
            assert back.account == original.account
            for table in ("scores", "coverage", "gaps", "roles"):
                pd.testing.assert_frame_equal(getattr(back.analysis(), table), getattr(original.analysis(), table))
        assert list(store.load("Hartwell").contacts["Region"]) == list(after.contacts["Region"])  # latest by default
        assert store.load("Hartwell").account.as_of.isoformat() == "2026-11-15"


def test_chinese_account_round_trips(store_url):
    pm = powermap.load(SAMPLES / "chinese_utility.csv", name="华东电网", as_of="2026-11-01")
    with Store(store_url) as store:
        store.save(pm)
        back = store.load("华东电网")
    pd.testing.assert_frame_equal(back.contacts, pm.contacts)
    assert output.analysis_json(back, lang="zh") == output.analysis_json(pm, lang="zh")


def test_diff_is_exact_on_a_hand_made_pair(store_url, pair):
    before, after = pair
    with Store(store_url) as store:
        store.save(before)
        store.save(after)
        change = store.diff("Hartwell").to_dict()
    assert change["account"] == "Hartwell" and (change["from"], change["to"]) == ("2026-10-15", "2026-11-15")
    assert change["people"]["added"] == ["M90"]
    assert change["people"]["removed"] == ["M02"]
    found = {(c["id"], c["field"]): (c["before"], c["after"]) for c in change["people"]["changed"]}
    assert found == FIELD_CHANGES
    assert {f for _, f in found} == set(DIFF_FIELDS)  # every field the diff promises was exercised
    first_link = sample_links().iloc[0]
    assert change["links"]["removed"] == [
        {
            "source": first_link["source"],
            "target": first_link["target"],
            "kind": first_link["kind"],
            "weight": float(first_link["weight"]),
        }
    ]
    assert change["links"]["added"] == [{"source": "M90", "target": "M05", "kind": "trusts", "weight": 0.9}]
    # coverage and risk are those `analyze` gives for each version on its own
    for side, pm in (("before", before), ("after", after)):
        result = output.analysis_json(pm)
        assert change["coverage"][side] == result["score"]["coverage"]
        assert change["risk"][side] == result["score"]["risk"]
    # gaps: what analyze lists for each version, paired by code and people
    codes_before = [g["code"] for g in output.analysis_json(before)["gaps"]]
    codes_after = [g["code"] for g in output.analysis_json(after)["gaps"]]
    assert "influential-blocker" in change["gaps"]["closed"]  # the CFO is no longer a blocker
    for code in change["gaps"]["closed"]:
        assert codes_before.count(code) > codes_after.count(code) or code in codes_after
    for code in change["gaps"]["opened"]:
        assert code in codes_after
    assert len(codes_after) == len(codes_before) - len(change["gaps"]["closed"]) + len(change["gaps"]["opened"])
    # the same diff from the maps themselves, without a store
    assert diff_maps(before, after).to_dict() == change


def test_gap_pairing_keeps_repeated_rules_apart():
    from powermap.store.history import gap_key, match_gaps

    def gap(code, *people, severity="high"):
        return (gap_key(code, None, None, people), people, severity)

    before = [
        gap("bypassed-gatekeeper", "M03", "M08"),
        gap("few-mid-level-allies", "M04"),
        gap("stale-relationship", "M01", severity="medium"),
    ]
    after = [
        gap("bypassed-gatekeeper", "M01", "M05"),  # another executive: another gap
        gap("bypassed-gatekeeper", "M08", "M03"),  # the same people in another order: the same gap
        gap("few-mid-level-allies", "M04", "M07"),  # other candidates: the same gap, changed
        gap("stale-relationship", "M02", severity="medium"),  # someone else gone stale: another gap
    ]
    opened, closed, changed = match_gaps(before, after)
    assert opened == [0, 3] and closed == [2] and changed == [(1, 2)]


def test_the_store_and_what_if_agree_on_the_same_gap():
    """One identity: the store's diff of a change is what_if's resolved/opened/changed of it."""
    from powermap.store.history import diff_maps

    hartwell_map = powermap.load(
        SAMPLES / "manufacturer.csv", links=SAMPLES / "manufacturer_links.csv", stage=4, as_of="2026-11-15"
    )
    for contact, change in (("M13", {"stance": 0}), ("M09", {"relationship": 3}), ("M04", {"stance": 2})):
        result = hartwell_map.what_if(contact, **change)
        gaps = diff_maps(hartwell_map, result.after).to_dict()["gaps"]
        for change, frame in (("closed", result.resolved), ("opened", result.opened), ("changed", result.changed)):
            codes = gaps[change] if change != "changed" else [g["code"] for g in gaps["changed"]]
            assert sorted(codes) == sorted(frame["code"]), (contact, change)


def test_no_change_is_an_empty_diff(store_url, pair):
    before, _ = pair
    with Store(store_url) as store:
        store.save(before)
        store.save(version(sample_contacts(), sample_links(), "2026-12-01"))
        change = store.diff("Hartwell")
    assert change.empty
    assert change.to_dict()["people"] == {"added": [], "removed": [], "changed": []}


def test_same_day_is_refused_unless_replaced(store_url, pair):
    before, after = pair
    with Store(store_url) as store:
        store.save(before)
        with pytest.raises(SnapshotExists, match="already has a snapshot on 2026-10-15"):
            store.save(version(later(sample_contacts()), None, "2026-10-15"))
        assert store.history("Hartwell")["people"].tolist() == [len(before)]
        info = store.save(version(later(sample_contacts()), None, "2026-10-15"), replace=True)
        assert info.replaced
        history = store.history("Hartwell")
        assert history["people"].tolist() == [len(after)] and history["links"].tolist() == [0]


def test_history_never_recomputes(store_url, pair):
    """The figures come from the store as saved: a stricter policy later does not rewrite the past."""
    before, after = pair
    with Store(store_url) as store:
        store.save(before)
    strict = powermap.policy.Policy(risk_medium_below=95)
    with Store(store_url, policy=strict) as store:
        store.save(after)
        history = store.history("Hartwell")
    assert history["risk"].tolist() == [before.coverage()["risk"], after.coverage(strict)["risk"]]
    assert history["coverage"].tolist() == [before.coverage()["coverage"], after.coverage()["coverage"]]
    assert history["n_gaps"].tolist() == [len(before.gaps()), len(after.gaps(strict))]


def test_both_backends_give_identical_results(tmp_path, pg_cluster, pair):
    before, after = pair
    results = []
    for url in (str(tmp_path / "a.db"), pg_cluster.database()):
        with Store(url) as store:
            store.save(before)
            store.save(after)
            history = store.history("Hartwell").drop(columns=["saved_at"])
            results.append((history, store.diff("Hartwell").to_dict(), output.analysis_json(store.load("Hartwell"))))
    pd.testing.assert_frame_equal(results[0][0], results[1][0])
    assert results[0][1] == results[1][1]
    assert results[0][2] == results[1][2]


# -- refusing what is not ours -----------------------------------------------------------------------------


def test_a_file_that_is_not_a_store_is_refused_and_untouched(tmp_path):
    csv = tmp_path / "contacts.csv"
    shutil.copy(SAMPLES / "manufacturer.csv", csv)
    before = csv.read_bytes()
    with pytest.raises(StoreError, match="not a powermap store"):
        Store(csv)
    assert csv.read_bytes() == before
    other = tmp_path / "crm.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO deals (name) VALUES ('Hartwell')")
    db.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="a SQLite database but not a powermap store .*deals"):
        Store(other)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv", "crm.sqlite"]  # no -wal, no -shm


def test_a_postgres_database_with_our_table_names_is_refused(pg_cluster):
    import sqlalchemy as sa

    url = pg_cluster.database()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE snapshots (id int, note text)")
        connection.exec_driver_sql("INSERT INTO snapshots VALUES (1, 'theirs')")
    with pytest.raises(StoreError, match="not a powermap store"):
        Store(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT note FROM snapshots").all() == [("theirs",)]
    engine.dispose()


def test_another_schema_version_is_refused_and_untouched(store_url, pair):
    import sqlalchemy as sa

    with Store(store_url) as store:
        store.save(pair[0])
    engine = sa.create_engine(store_url if "://" in store_url else f"sqlite:///{store_url}")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE powermap_schema SET value = '2' WHERE key = 'version'")
    engine.dispose()
    snapshot = Path(store_url).read_bytes() if "://" not in store_url else None
    with pytest.raises(StoreError, match="made by a newer powermap .*version 2.*reads version 1"):
        Store(store_url)
    if snapshot is not None:
        assert Path(store_url).read_bytes() == snapshot
    result = runner.invoke(app, ["history", "Hartwell", "--store", store_url])
    assert result.exit_code == 1 and "made by a newer powermap" in result.output and "Traceback" not in result.output


# -- the commands ------------------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path, pair):
    before, after = pair
    one, two = tmp_path / "october.csv", tmp_path / "november.csv"
    sample_contacts().to_csv(one, index=False)
    later(sample_contacts()).to_csv(two, index=False)
    links = tmp_path / "links.csv"
    sample_links().to_csv(links, index=False)
    return one, two, links


def test_snapshot_history_and_diff_commands(store_url, files):
    one, two, links = files
    common = ["--store", store_url, "--name", "Hartwell", "--stage", "4", "--technicality", "high"]
    done = runner.invoke(app, ["snapshot", str(one), "--links", str(links), "--as-of", "2026-10-15", *common])
    assert done.exit_code == 0, done.output
    assert "saved Hartwell on 2026-10-15: 36 people" in done.output
    again = runner.invoke(app, ["snapshot", str(one), "--links", str(links), "--as-of", "2026-10-15", *common])
    assert (
        again.exit_code == 1 and "already has a snapshot on 2026-10-15" in again.output and "--replace" in again.output
    )
    assert runner.invoke(app, ["snapshot", str(two), "--as-of", "2026-11-15", *common]).exit_code == 0

    table = runner.invoke(app, ["history", "Hartwell", "--store", store_url])
    assert table.exit_code == 0
    assert "2026-10-15" in table.output and "2026-11-15" in table.output and "coverage over time" in table.output
    history = json.loads(runner.invoke(app, ["history", "Hartwell", "--store", store_url, "--format", "json"]).output)
    rows = history["snapshots"]
    assert [r["as_of"] for r in rows] == ["2026-10-15", "2026-11-15"]
    assert [r["people"] for r in rows] == [36, 36]
    assert rows[0]["source"] == "october.csv" and len(rows[0]["source_sha256"]) == 64
    pm = powermap.load(one, links=links, name="Hartwell", stage=4, technicality="high", as_of="2026-10-15")
    assert rows[0]["coverage"] == output.analysis_json(pm)["score"]["coverage"]
    assert rows[0]["n_gaps"] == len(output.analysis_json(pm)["gaps"])
    markdown = runner.invoke(app, ["history", "Hartwell", "--store", store_url, "--format", "markdown", "--lang", "zh"])
    assert "| 日期 | 人数 | 覆盖度 | 风险 | 缺口数 |" in markdown.output

    change = json.loads(runner.invoke(app, ["diff", "Hartwell", "--store", store_url, "--format", "json"]).output)
    assert set(change) == {"account", "from", "to", "people", "links", "gaps", "coverage", "risk"}
    assert set(change["people"]) == {"added", "removed", "changed"}
    assert {"opened", "closed"} <= set(change["gaps"])
    assert set(change["coverage"]) == {"before", "after"} and set(change["risk"]) == {"before", "after"}
    assert change["people"]["added"] == ["M90"] and change["people"]["removed"] == ["M02"]
    assert len(change["links"]["removed"]) == len(sample_links())  # the November file came without links
    same = json.loads(
        runner.invoke(
            app,
            [
                "diff",
                "Hartwell",
                "--store",
                store_url,
                "--from",
                "2026-10-15",
                "--to",
                "2026-11-15",
                "--format",
                "json",
            ],
        ).output
    )
    assert same == change
    text = runner.invoke(app, ["diff", "Hartwell", "--store", store_url])
    assert text.exit_code == 0 and "Nina Vogel" in text.output and "Grace Whitfield" in text.output
    # people by name everywhere (links and gaps too), and a stage condition never under "role"
    shown = text.output[text.output.index("links removed") :]
    assert "Catherine Brandt" in shown and not re.search(r"\bM\d\d\b", shown)
    assert "stage condition" in text.output and "handler-bond" not in text.output
    zh = runner.invoke(app, ["diff", "Hartwell", "--store", store_url, "--format", "markdown", "--lang", "zh"])
    from powermap.text.safe import markdown_text  # Markdown syntax in the cells is escaped (brackets, signs)

    # full-width brackets and colons, as every Chinese output writes them ("反对者（-2）", "覆盖度 89 → 91（+2）")
    stance_row = "| " + " | ".join(markdown_text(c) for c in ("态度", "反对者（-2）", "拥护者（+2）")) + " |"
    assert "### 新增人员" in zh.output and stance_row in zh.output
    assert re.search(r"覆盖度 \d+ → \d+（[+-]\d+）", zh.output) and " (" not in zh.output
    zh_history = runner.invoke(app, ["history", "Hartwell", "--store", store_url, "--lang", "zh"])
    assert "覆盖度走势：" in zh_history.output and "覆盖度走势:" not in zh_history.output
    hostile = later(sample_contacts())
    hostile.loc[hostile["id"] == "M90", "name"] = "<img src=x onerror=alert(1)>|Nina"
    hostile_file = one.parent / "hostile.csv"
    hostile.to_csv(hostile_file, index=False)
    runner.invoke(app, ["snapshot", str(hostile_file), "--as-of", "2026-12-01", *common])
    markdown = runner.invoke(
        app, ["diff", "Hartwell", "--store", store_url, "--from", "2026-10-15", "--format", "markdown"]
    ).output
    assert markdown_text("<img src=x onerror=alert(1)>|Nina") in markdown and "<img" not in markdown


def test_a_bad_file_saves_nothing(store_url, tmp_path, files):
    one, _, _ = files
    bad = tmp_path / "bad.csv"
    frame = sample_contacts()
    frame.loc[3, "stance"] = "enthusiastic"
    frame.to_csv(bad, index=False)
    result = runner.invoke(app, ["snapshot", str(bad), "--store", store_url, "--name", "Hartwell"])
    assert result.exit_code == 1 and "row 5" in result.output and "stance" in result.output
    assert (
        runner.invoke(
            app, ["snapshot", str(one), "--store", store_url, "--name", "Hartwell", "--as-of", "2026-10-15"]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            app, ["snapshot", str(bad), "--store", store_url, "--name", "Hartwell", "--as-of", "2026-11-15"]
        ).exit_code
        == 1
    )
    with Store(store_url) as store:
        assert store.history("Hartwell")["as_of"].astype(str).tolist() == ["2026-10-15"]


def test_commands_explain_missing_accounts_dates_and_stores(store_url, files, tmp_path):
    one, _, _ = files
    runner.invoke(app, ["snapshot", str(one), "--store", store_url, "--name", "Hartwell", "--as-of", "2026-10-15"])
    cases = [
        (["history", "Nobody"], "no snapshots of 'Nobody'; accounts in the store: Hartwell"),
        (["diff", "Hartwell"], "no snapshot before 2026-10-15"),
        (["diff", "Hartwell", "--from", "2026-09-01", "--to", "2026-10-15"], "no snapshot of 'Hartwell' on 2026-09-01"),
        (["diff", "Hartwell", "--from", "last month"], "not a date"),
    ]
    for args, message in cases:
        result = runner.invoke(app, [*args, "--store", store_url])
        assert result.exit_code == 1, args
        assert message in result.output, (args, result.output)
    empty = runner.invoke(app, ["history", "Hartwell", "--store", str(tmp_path / "none.db")])
    assert empty.exit_code == 1 and "no powermap store here yet" in empty.output
    assert not (tmp_path / "none.db").exists() or (tmp_path / "none.db").stat().st_size == 0


def test_report_says_what_changed_since_last_review(files, tmp_path):
    """(SQLite only: the report reads the store through the same calls the backend tests cover.)"""
    one, two, links = files
    store_url = str(tmp_path / "deals.db")
    runner.invoke(
        app,
        [
            "snapshot",
            str(one),
            "--links",
            str(links),
            "--store",
            store_url,
            "--name",
            "Hartwell",
            "--as-of",
            "2026-10-15",
        ],
    )
    out = tmp_path / "report.html"
    hostile = later(sample_contacts())
    hostile.loc[hostile["id"] == "M90", "name"] = "<script>alert(1)</script>Nina"
    hostile_file = tmp_path / "hostile.csv"
    hostile.to_csv(hostile_file, index=False)
    result = runner.invoke(
        app,
        [
            "report",
            str(hostile_file),
            "--links",
            str(links),
            "--name",
            "Hartwell",
            "--as-of",
            "2026-11-15",
            "--store",
            store_url,
            "-o",
            str(out),
            "--no-map",
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Since last review" in page and "Compared with the snapshot of 2026-10-15." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Nina" in page and "<script>alert(1)" not in page
    from powermap.render.chart import chart_pages

    reported = powermap.load(hostile_file, links=links, name="Hartwell", as_of="2026-11-15")
    org_pages = len(chart_pages(reported, focus="all"))
    # the coverage over time, the two coverage charts and the org chart's pages
    assert "Coverage over time" in page and page.count("data:image/svg+xml;base64,") == 3 + org_pages
    review = page.split("Since last review")[1].split("<h2>")[0]
    assert '<span title="influential-blocker">influential blocker</span>' in review  # named, its code a tooltip
    # nothing was saved by the report
    with Store(store_url) as store:
        assert len(store.history("Hartwell")) == 1
    plain = tmp_path / "plain.html"
    assert runner.invoke(app, ["report", str(two), "-o", str(plain), "--no-map"]).exit_code == 0
    assert "Since last review" not in plain.read_text(encoding="utf-8")


# -- the pipeline ------------------------------------------------------------------------------------------


def pipeline_file(tmp_path: Path, as_of: str, flip: bool = False) -> Path:
    from powermap.sim.synth import pipeline

    frame = pipeline(12, 25, seed=4)
    frame["as_of"] = as_of
    if flip:  # the first account's opponents all come round
        first = frame["account"] == frame["account"].iloc[0]
        frame.loc[first & frame["stance"].isin(["-2", "-1", -2, -1]), "stance"] = "2"
        frame = frame[~((frame["account"] == frame["account"].iloc[-1]) & (frame["id"] == frame["id"].iloc[-1]))]
    path = tmp_path / f"pipeline-{as_of}.csv"
    frame.to_csv(path, index=False)
    return path


def test_portfolio_saves_every_account_and_reports_change_since(store_url, tmp_path):
    october, november = pipeline_file(tmp_path, "2026-10-15"), pipeline_file(tmp_path, "2026-11-15", flip=True)
    out1, out2 = tmp_path / "oct.csv", tmp_path / "nov.csv"
    done = runner.invoke(
        app, ["portfolio", str(october), "--by", "account", "-o", str(out1), "--jobs", "1", "--store", store_url]
    )
    assert done.exit_code == 0, done.output
    first = pd.read_csv(out1)
    assert "coverage_change" not in first.columns  # without --since the table is as it always was
    again = runner.invoke(
        app,
        [
            "portfolio",
            str(october),
            "--by",
            "account",
            "-o",
            str(tmp_path / "x.csv"),
            "--jobs",
            "1",
            "--store",
            store_url,
        ],
    )
    assert again.exit_code == 1 and "already has snapshots of" in again.output
    done = runner.invoke(
        app,
        [
            "portfolio",
            str(november),
            "--by",
            "account",
            "-o",
            str(out2),
            "--jobs",
            "1",
            "--store",
            store_url,
            "--since",
            "2026-10-31",
        ],
    )
    assert done.exit_code == 0, done.output
    table = pd.read_csv(out2, keep_default_na=False)
    assert list(table.columns[-4:]) == ["coverage_change", "risk_change", "gaps_opened", "gaps_closed"]
    with Store(store_url) as store:
        for row in table.itertuples(index=False):
            name = row.account_name
            change = store.diff(name, "2026-10-15", "2026-11-15").to_dict()
            assert row.coverage_change == pytest.approx(
                round(change["coverage"]["after"] - change["coverage"]["before"], 1)
            )
            assert row.gaps_opened == len(change["gaps"]["opened"]) and row.gaps_closed == len(change["gaps"]["closed"])
            expected_risk = (
                ""
                if change["risk"]["before"] == change["risk"]["after"]
                else f"{change['risk']['before']} -> {change['risk']['after']}"
            )
            assert row.risk_change == expected_risk
            # each saved account is the one-account analysis of its rows
            pm = store.load(name, "2026-11-15")
            assert pm.coverage()["coverage"] == row.coverage
        assert len(store.accounts()) == 12
        assert table["coverage_change"].abs().sum() > 0


def test_portfolio_save_is_one_transaction(store_url, tmp_path):
    """A clash on one account saves none of them."""
    october = pipeline_file(tmp_path, "2026-10-15")
    from powermap.io.read import read_account
    from powermap.portfolio.local import score

    raw = read_account(october).contacts
    result = score(raw, "account")
    with Store(store_url) as store:
        one = result.accounts["account_name"].iloc[3]
        store.save(version(sample_contacts(), None, "2026-10-15", name=one))
        with pytest.raises(SnapshotExists, match=one):
            store.save_portfolio(result, raw)
        assert store.accounts() == [one]
        saved = store.save_portfolio(result, raw, replace=True)
        assert len(saved) == 12 and sum(s.replaced for s in saved) == 1


# -- nothing lost ------------------------------------------------------------------------------------------


def _saver(store_url: str, file: Path, as_of: str, name: str = "Hartwell", env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "powermap.cli",
            "snapshot",
            str(file),
            "--store",
            store_url,
            "--name",
            name,
            "--as-of",
            as_of,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _wait_for(path: Path, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the saver ended early: {process.communicate()}")
        assert time.time() < deadline, "the saver never reached its pause"
        time.sleep(0.05)


def test_a_save_killed_midway_leaves_the_store_as_it_was(store_url, files, tmp_path):
    one, two, _ = files
    assert (
        runner.invoke(
            app, ["snapshot", str(one), "--store", store_url, "--name", "Hartwell", "--as-of", "2026-10-15"]
        ).exit_code
        == 0
    )
    with Store(store_url) as store:
        history_before = store.history("Hartwell")
        map_before = output.analysis_json(store.load("Hartwell"))
    marker = tmp_path / "inside-transaction"
    saver = _saver(store_url, two, "2026-11-15", env={"POWERMAP_STORE_TEST_PAUSE": f"contacts:{marker}"})
    _wait_for(marker, saver)  # the contacts of the new snapshot are written, the transaction is open
    saver.send_signal(signal.SIGKILL)
    saver.wait()
    with Store(store_url) as store:
        pd.testing.assert_frame_equal(store.history("Hartwell"), history_before)
        assert output.analysis_json(store.load("Hartwell")) == map_before
        store.save(version(later(sample_contacts()), None, "2026-11-15"))  # and the store still takes saves
        assert len(store.history("Hartwell")) == 2
    if "://" not in store_url:
        with sqlite3.connect(store_url) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert db.execute("SELECT count(*) FROM contacts").fetchone() == (36 + 36,)


def test_a_pipeline_save_killed_midway_saves_no_account(store_url, tmp_path):
    october = pipeline_file(tmp_path, "2026-10-15")
    with Store(store_url) as store:
        store.save(version(sample_contacts(), None, "2026-09-15"))
        before = store.history("Hartwell")
    marker = tmp_path / "inside-pipeline-transaction"
    saver = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "powermap.cli",
            "portfolio",
            str(october),
            "--by",
            "account",
            "-o",
            str(tmp_path / "out.csv"),
            "--jobs",
            "1",
            "--store",
            store_url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "POWERMAP_STORE_TEST_PAUSE": f"portfolio:{marker}"},
    )
    _wait_for(marker, saver)  # every snapshot row is written, the transaction is open
    saver.send_signal(signal.SIGKILL)
    saver.wait()
    with Store(store_url) as store:
        assert store.accounts() == ["Hartwell"]
        pd.testing.assert_frame_equal(store.history("Hartwell"), before)


def test_two_savers_at_once_both_succeed(store_url, files, tmp_path):
    one, two, _ = files
    marker = tmp_path / "first-holds-the-store"
    first = _saver(store_url, one, "2026-10-15", env={"POWERMAP_STORE_TEST_PAUSE": f"contacts:{marker}"})
    _wait_for(marker, first)
    second = _saver(store_url, two, "2026-11-15", name="Hartwell")
    time.sleep(4)  # the second starts and queues behind the first's open transaction
    assert second.poll() is None, second.communicate()
    marker.unlink()
    out1, out2 = first.communicate(timeout=120), second.communicate(timeout=120)
    assert first.returncode == 0, out1
    assert second.returncode == 0, out2
    with Store(store_url) as store:
        assert store.history("Hartwell")["as_of"].astype(str).tolist() == ["2026-10-15", "2026-11-15"]


def test_a_saver_that_waits_too_long_is_told_the_store_is_busy(store_url, files, tmp_path):
    one, two, _ = files
    marker = tmp_path / "holding"
    first = _saver(store_url, one, "2026-10-15", env={"POWERMAP_STORE_TEST_PAUSE": f"contacts:{marker}"})
    _wait_for(marker, first)
    second = _saver(store_url, two, "2026-11-15", env={"POWERMAP_STORE_TIMEOUT": "0.5"})
    _, err = second.communicate(timeout=120)
    marker.unlink()
    assert second.returncode == 1
    assert "store busy" in err and "try again" in err and "Traceback" not in err
    first.communicate(timeout=120)
    assert first.returncode == 0
    with Store(store_url) as store:
        assert store.history("Hartwell")["as_of"].astype(str).tolist() == ["2026-10-15"]


def test_report_on_an_account_new_to_the_store(tmp_path, files):
    _, two, _ = files
    store_url = str(tmp_path / "deals.db")
    powermap.Store(store_url).close()  # an empty store
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        [
            "report",
            str(two),
            "--name",
            "Hartwell",
            "--as-of",
            "2026-11-15",
            "--store",
            store_url,
            "-o",
            str(out),
            "--no-map",
            "--lang",
            "zh",
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "自上次评审以来" in page and "这是 Hartwell 在存储中的第一份快照" in page


def test_unreachable_server_is_one_clear_line_without_the_password(tmp_path):
    url = f"postgresql+psycopg://coach:s3cret@/powermap?host={tmp_path}&port=1"
    with pytest.raises(StoreError) as caught:
        powermap.Store(url)
    assert "cannot open the store" in str(caught.value) and "s3cret" not in str(caught.value)
    result = runner.invoke(app, ["history", "Hartwell", "--store", url])
    assert result.exit_code == 1 and "s3cret" not in result.output and "Traceback" not in result.output
    folder = runner.invoke(app, ["history", "Hartwell", "--store", str(tmp_path)])
    assert folder.exit_code == 1 and "is a folder" in folder.output
