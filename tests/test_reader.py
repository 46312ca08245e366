"""One reader for every path: the single map, the local pipeline, the library's score() and the Spark engine read
through the same preparer and date reader; each bug below failed on the code before the fix."""

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import powermap
from powermap.cli import app
from powermap.errors import InputError
from powermap.policy import Policy
from powermap.portfolio import local as scorer

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"

# a new CFO under a CEO we know: the power-shift gap needs in_role_since, the recency checks need last_contact
TEAM = {
    "id": ["ceo", "cfo", "eng"],
    "name": ["Ana Ruiz", "Bo Chen", "Cy Park"],
    "title": ["Chief Executive Officer", "Chief Financial Officer", "Process Engineer"],
    "reports_to": ["", "ceo", "cfo"],
    "roles": ["decision maker", "finance", "key user"],
    "relationship": ["2", "", "1"],
    "stance": ["1", "0", "1"],
    "influence": ["5", "", "2"],
    "in_role_since": ["2019-03-01", "2026-10-01", ""],
}


def team(**columns) -> pd.DataFrame:
    return pd.DataFrame({**TEAM, **columns})


def problems_of(call) -> list[str]:
    with pytest.raises(InputError) as info:
        call()
    return [str(p) for p in info.value.problems]


# -- 1. in_role_since survives every rebuild of the table ---------------------------------------------------


@pytest.mark.parametrize(
    "last_contact", [["2026-11-13", "2026-11-02", ""], ["11/13/2026", "11/02/2026", ""]], ids=["iso", "us"]
)
def test_in_role_since_is_kept_whatever_the_dates_look_like(last_contact):
    pm = powermap.from_frame(team(last_contact=last_contact), stage=4, as_of="2026-11-15")
    since = pm.contacts.set_index("id")["in_role_since"]
    assert since["cfo"] == pd.Timestamp("2026-10-01") and pd.isna(since["eng"])
    assert "power-shift" in set(pm.gaps()["code"])


def test_in_role_since_in_a_crm_export_is_read_with_the_export_dates(tmp_path):
    path = tmp_path / "hubspot.csv"
    path.write_text(
        "Record ID,First Name,Last Name,Job Title,Buying Role,Reports To,Last Activity Date,In Role Since\n"
        "1,Ana,Ruiz,CEO,Decision Maker,,11/13/2026,03/01/2019\n"
        "2,Bo,Chen,CFO,Budget Holder,Ana Ruiz,11/02/2026,10/01/2026\n",
        encoding="utf-8",
    )
    pm = powermap.load(path, stage=4, as_of="2026-11-15")
    assert pm.reading.profile == "hubspot"
    assert pm.contacts.set_index("name")["in_role_since"].tolist() == [
        pd.Timestamp("2019-03-01"),
        pd.Timestamp("2026-10-01"),
    ]


def test_a_pipeline_picked_by_account_keeps_in_role_since(tmp_path):
    frame = team(last_contact=["2026-11-13", "2026-11-02", ""]).assign(account_name="Acme")
    path = tmp_path / "pipeline.csv"
    pd.concat([frame, frame.assign(account_name="Bolt", id=["b1", "b2", "b3"], reports_to=["", "b1", "b2"])]).to_csv(
        path, index=False
    )
    pm = powermap.load(path, stage=4, as_of="2026-11-15", read={"account": "Acme"})
    assert pm.contacts["in_role_since"].notna().sum() == 2


# -- 2. a map's own tables are taken as they are -------------------------------------------------------------


def test_a_maps_own_tables_are_not_validated_again():
    pm = powermap.from_frame(team(last_contact=["2026-11-13", "2026-11-02", ""]), stage=4, as_of="2026-11-15")
    again = powermap.PowerMap(pm.contacts, pm.links, pm.account)
    pd.testing.assert_frame_equal(again.contacts, pm.contacts)
    assert "given" not in set(again.contacts["level_source"])  # inferred levels stay inferred
    assert "activity" in set(again.contacts["relationship_source"])  # engagement from activity stays so
    assert again.analysis().coverage["confidence"].iat[0] == pm.analysis().coverage["confidence"].iat[0]


def test_a_users_own_frame_is_still_validated():
    frame = team(last_contact=["2026-11-13", "2026-11-02", ""]).assign(reports_to=["", "zz", "cfo"])
    assert any("reports to nobody" in p for p in problems_of(lambda: powermap.PowerMap(frame)))


# -- 3 and 4. one bad account stays with its account, in the CLI and the library ----------------------------


def hubspot_pipeline(tmp_path, bad_role: str) -> Path:
    sample = pd.read_csv(SAMPLES / "hubspot_contacts.csv", dtype=str, keep_default_na=False)
    other = sample.assign(**{"Record ID": "8" + sample["Record ID"].str[1:], "Associated Company": "Harbor Bank"})
    other.loc[0, "Buying Role"] = bad_role
    path = tmp_path / "hubspot_pipeline.csv"
    pd.concat([sample, other]).to_csv(path, index=False)
    return path


def test_one_bad_account_of_a_crm_pipeline_is_skipped_not_the_run(tmp_path):
    path = hubspot_pipeline(tmp_path, "Decison Makr")
    out = tmp_path / "accounts.csv"
    result = runner.invoke(
        app, ["portfolio", str(path), "--by", "Associated Company", "--as-of", "2026-11-15", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 account scored, 1 skipped: 'Harbor Bank'" in result.output
    said = " ".join(result.output.split())
    assert "'Decison Makr': value not mapped (nearest known value: 'Decision Maker')" in said
    assert pd.read_csv(out)["Associated Company"].tolist() == ["Pinecrest Credit Union"]


def test_a_healthy_crm_pipeline_scores_every_account_as_the_single_map_does(tmp_path):
    path = hubspot_pipeline(tmp_path, "Decision Maker")
    result = scorer.score_file(path, "Associated Company", as_of="2026-11-15")
    assert result.summary() == "2 accounts scored, 0 skipped"
    alone = powermap.load(SAMPLES / "hubspot_contacts.csv", as_of="2026-11-15")
    pinecrest = result.accounts.set_index("Associated Company").loc["Pinecrest Credit Union"]
    assert pinecrest["coverage"] == pytest.approx(alone.coverage()["coverage"])


def test_the_librarys_score_reads_us_dates_as_from_frame_does():
    frame = team(last_contact=["11/13/2026", "11/02/2026", ""]).assign(account="Acme")
    result = scorer.score(frame, by="account", as_of="2026-11-15")
    assert result.summary() == "1 account scored, 0 skipped"
    alone = powermap.from_frame(team(last_contact=["11/13/2026", "11/02/2026", ""]), as_of="2026-11-15")
    assert result.accounts["coverage"].iat[0] == pytest.approx(alone.coverage()["coverage"])


# -- 5. the store saves the same contacts both ways -----------------------------------------------------------


def test_a_table_saved_as_a_map_and_as_a_pipeline_shows_no_change(tmp_path):
    from powermap.store import Store

    frame = team(last_contact=["2026-11-13", "2026-11-02", ""], relationship=["", "", "1"]).assign(account="Acme")
    store = Store(tmp_path / "pm.db")
    result = scorer.score(frame, by="account", as_of="2026-11-15")
    store.save_portfolio(result, frame)
    pm = powermap.from_frame(frame.drop(columns="account"), name="Acme", as_of="2026-11-20")
    store.save(pm)
    people = store.diff("Acme").to_dict()["people"]
    assert people["changed"] == []


# -- 6. dates with a zone, in every place a date is read ------------------------------------------------------


def test_a_zoned_as_of_is_read_as_the_date_written():
    pm = powermap.from_frame(team(), as_of="2026-11-15T09:30:00Z")
    assert pm.account.as_of == dt.date(2026, 11, 15)
    result = runner.invoke(
        app, ["analyze", str(SAMPLES / "hospital.csv"), "--as-of", "2026-11-15T09:30:00Z", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["account"]["as_of"] == "2026-11-15"


def test_what_if_takes_a_zoned_last_contact_and_names_a_bad_one():
    pm = powermap.from_frame(team(), stage=4, as_of="2026-11-15")
    after = pm.what_if("ceo", last_contact="2026-11-14T09:00:00Z").after
    assert after.contacts.set_index("id").at["ceo", "last_contact"] == pd.Timestamp("2026-11-14")
    assert problems_of(lambda: pm.what_if("ceo", last_contact="next week")) == [
        "what_if, column 'last_contact': 'next week': not a date: expected an ISO date such as 2026-03-31"
    ]


# -- 7. an ambiguous date column is one problem ---------------------------------------------------------------


def test_an_ambiguous_date_column_is_said_once():
    found = problems_of(lambda: powermap.from_frame(team(last_contact=["03/04/2026", "03/05/2026", ""])))
    assert len(found) == 1 and "read two ways" in found[0]
    # a cell that is no date at all in that column is still named
    found = problems_of(lambda: powermap.from_frame(team(last_contact=["03/04/2026", "soon", ""])))
    assert len(found) == 2 and any("'soon': not a date" in p for p in found)


def test_a_dated_column_that_decides_its_order_is_read():
    pm = powermap.from_frame(team(last_contact=["03/04/2026", "13/05/2026", ""]), as_of="2026-11-15")
    assert pm.contacts["last_contact"].iat[0] == pd.Timestamp("2026-04-03")


# -- the plausible window (issue 29, point 9) -----------------------------------------------------------------


def test_a_date_outside_the_plausible_window_is_refused_everywhere():
    found = problems_of(lambda: powermap.from_frame(team(last_contact=["1500-06-01", "", ""]), as_of="2026-11-15"))
    assert found == [
        "contacts, row 2, column 'last_contact': '1500-06-01': date outside the plausible window: "
        "expected a date from 1900 to 2199 (policy earliest_year, latest_year)"
    ]
    result = runner.invoke(app, ["analyze", str(SAMPLES / "hospital.csv"), "--as-of", "1000-01-01"])
    assert result.exit_code == 1
    assert "'1000-01-01': date outside the plausible window" in result.output
    portfolio = scorer.score(
        team(last_contact=["2026-11-13", "", ""], in_role_since=["", "3026-01-01", ""]).assign(account="Acme"),
        by="account",
        as_of="2026-11-15",
    )
    assert portfolio.summary().startswith("0 accounts scored, 1 skipped: 'Acme'")


def test_the_window_is_a_policy_setting_and_its_edges_are_inside():
    pm = powermap.from_frame(team(last_contact=["1900-01-01", "2199-12-31", ""]), as_of="2026-11-15")
    assert pm.contacts["last_contact"].notna().sum() == 2
    wide = Policy(earliest_year=1400)
    pm = powermap.load(SAMPLES / "hospital.csv", as_of="1500-01-01", policy=wide)
    assert pm.account.as_of == dt.date(1500, 1, 1)


# -- 8. the map's role filter and link widths -----------------------------------------------------------------


def test_the_maps_role_filter_has_a_chip_for_every_role_and_a_zero_weight_link_is_thin():
    from powermap.render.map import map_data
    from powermap.vocab import ROLES, TAGS

    pm = powermap.from_frame(team(roles=["decision maker", "handler", "legal"]), as_of="2026-11-15")
    for lang in ("en", "zh"):
        legend = {r["id"] for r in map_data(pm, lang=lang)["legend"]["roles"]}
        assert {*ROLES, *TAGS} <= legend
    script = (Path(powermap.__file__).parent / "render" / "templates" / "map.js").read_text(encoding="utf-8")
    assert not re.search(r"e\.weight \|\| 0\.5", script)  # 0 is a weight, not a missing one


# -- 9. the Spark module's example imports what exists --------------------------------------------------------


def test_the_spark_modules_example_imports_what_exists():
    import powermap.portfolio.spark as spark_module

    imports = [line.strip() for line in spark_module.__doc__.splitlines() if line.strip().startswith("from ")]
    assert imports
    for line in imports:
        exec(line, {})


# -- 10. today is asked once per run ---------------------------------------------------------------------------


def test_the_default_as_of_is_decided_once_for_every_chunk(monkeypatch):
    days = iter(range(100))

    def clock():  # a run past midnight: each call a day later
        return dt.date(2026, 11, 1) + dt.timedelta(days=next(days))

    for module in ("powermap.io.dates", "powermap.io.validate", "powermap.portfolio.local"):
        monkeypatch.setattr(f"{module}.today", clock)
    frames = [
        team().assign(account=f"A{i}", id=[f"{i}a", f"{i}b", f"{i}c"], reports_to=["", f"{i}a", f"{i}b"])
        for i in range(6)
    ]
    result = scorer.score(pd.concat(frames), by="account", rows_per_chunk=3)
    assert result.accounts["as_of"].nunique() == 1


# -- 11. dead code is gone -----------------------------------------------------------------------------------


def test_dead_code_is_gone():
    import powermap.io.read
    import powermap.io.writing
    import powermap.render.chart

    assert not hasattr(powermap.render.chart, "tree_layout")
    assert not hasattr(powermap.io.writing, "write_bytes")
    assert not hasattr(powermap.io.read, "_original_key")


def test_a_cluster_partition_whose_table_cannot_be_read_skips_its_accounts_saying_why():
    frame = pd.concat(
        [
            team(last_contact=["03/04/2026", "03/05/2026", ""]).assign(account="Acme"),
            team(last_contact=["03/04/2026", "", ""], id=["b1", "b2", "b3"], reports_to=["", "b1", "b2"]).assign(
                account="Bolt"
            ),
        ]
    )
    out = scorer.score_frame(frame, by="account", as_of="2026-11-15")
    assert out["account"].tolist() == ["Acme", "Bolt"]
    assert out["risk"].isna().all() and (out["problems"] == 1).all()
    assert out["skipped_reason"].str.contains("read two ways").all()
    healthy = scorer.score_frame(frame, by="account", as_of="2026-11-15", read={"dayfirst": True})
    assert healthy["skipped_reason"].isna().all()


def test_the_stores_dates_are_read_by_the_one_date_reader(tmp_path):
    from powermap.store import Store, StoreError

    store = Store(tmp_path / "pm.db")
    for day in ("2026-10-15", "2026-11-15"):
        store.save(powermap.from_frame(team(), name="Acme", as_of=day))
    change = store.diff("Acme", "2026-10-15T08:00:00Z", "2026-11-15T18:00:00+01:00")
    assert (change.to_dict()["from"], change.to_dict()["to"]) == ("2026-10-15", "2026-11-15")
    with pytest.raises(StoreError, match="not a date: '1000-01-01'"):
        store.diff("Acme", "1000-01-01")


def test_a_chunk_whose_dates_read_two_ways_is_decided_by_the_whole_file(tmp_path):
    frames = [
        team(last_contact=[f"0{i + 1}/0{i + 2}/2026", "", ""]).assign(
            account=f"A{i}", id=[f"{i}a", f"{i}b", f"{i}c"], reports_to=["", f"{i}a", f"{i}b"]
        )
        for i in range(6)
    ]
    frames[-1].loc[1, "last_contact"] = "11/13/2026"  # only the last account shows the file is month first
    path = tmp_path / "pipeline.csv"
    pd.concat(frames).to_csv(path, index=False)
    result = scorer.score_file(path, "account", rows_per_chunk=3, as_of="2026-11-15")
    assert result.summary() == "6 accounts scored, 0 skipped"
    whole = scorer.score(pd.concat(frames), "account", as_of="2026-11-15")
    pd.testing.assert_frame_equal(result.accounts, whole.accounts)


def test_a_streamed_chunk_refuses_a_long_cell_and_keeps_a_long_chinese_one(tmp_path):
    """The chunked reader's cell check reads Arrow's byte lengths: a cell over the limit in characters is
    refused with its row and column (its account skipped, the others scored); a Chinese cell of fewer
    characters but more bytes than the limit is kept as it is."""
    from powermap.io.read import LIMITS

    frame = pd.read_csv("data/samples/pipeline.csv", dtype=str, keep_default_na=False)
    accounts = frame["account"].unique()[:3]
    frame = frame[frame["account"].isin(accounts)].reset_index(drop=True)
    chinese = "张" * (LIMITS["cell_chars"] // 2)  # 16,383 characters, 49,149 bytes
    frame.loc[0, "title"] = chinese
    long_row = int(frame.index[frame["account"] == accounts[1]][0])
    frame.loc[long_row, "department"] = "x" * (LIMITS["cell_chars"] + 5)
    path = tmp_path / "pipeline.csv"
    frame.to_csv(path, index=False)

    result = scorer.score_file(path, by="account", rows_per_chunk=40)

    assert list(result.accounts["account"]) == [accounts[0], accounts[2]]
    assert list(result.skipped["account"]) == [accounts[1]]
    refused = [p for p in result.problems if "characters: at most" in p.message]
    assert [(p.row, p.column) for p in refused] == [(long_row + 2, "department")]
    assert not [p for p in result.problems if p.row == 2]  # the Chinese title is kept, not refused


def test_the_bounded_readers_quick_field_check_agrees_with_the_exact_count():
    """Blocks checked a window at a time give the exact count's answer whenever they give one: the same
    carried-over stretch, and never a pass where a stretch without a delimiter is over the limit."""
    import io

    import numpy as np

    from powermap.io.bounds import BoundedReader

    def exact(reader: BoundedReader, data: bytes) -> int | None:
        stops = np.flatnonzero(np.isin(np.frombuffer(data, dtype=np.uint8), reader.stops))
        stretches = np.diff(stops, prepend=-1, append=len(data)) - 1
        stretches[0] += reader.run
        return None if (stretches > reader.longest).any() else int(stretches[-1])

    rng = np.random.default_rng(0)
    quick_answers = 0
    for _ in range(3000):
        reader = BoundedReader(io.BytesIO(b""), "f.csv", b",;\t", cell_chars=int(rng.integers(2, 20)))
        reader.run = int(rng.integers(0, reader.longest + 3))
        size = int(rng.integers(1, 600))
        stop_share = rng.choice([0.001, 0.01, 0.05, 0.3])
        data = np.where(rng.random(size) < stop_share, rng.choice(list(b",;\t\n\r"), size), ord("a"))
        block = data.astype(np.uint8).tobytes()
        quick = reader._quick_run(block)
        if quick is not None:
            quick_answers += 1
            assert quick == exact(reader, block)
    assert quick_answers > 500
    ordinary = BoundedReader(io.BytesIO(b""), "f.csv", b",;\t")
    assert ordinary._quick_run(Path("data/samples/pipeline.csv").read_bytes()) is not None  # taken on real text
