"""The second round of hostile inputs (nothing lost, nothing leaked, nothing unbounded).

Like the first round (``test_hostile_inputs.py``), every command runs in a
subprocess under an address-space limit and a timeout; the hostile files are
made here, in the test's temporary folder.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLES
from test_hostile_inputs import HEADER, MEMORY, fine, refused, run
from typer.testing import CliRunner

from powermap.cli import app
from powermap.io.read import LIMITS

runner = CliRunner()

# -- readers that refuse what they cannot read whole ----------------------------------------------


def test_a_pipeline_the_fast_reader_gives_up_on_exits_cleanly_under_load(tmp_path):
    """The streaming reader gives up on a file the whole reader then refuses; pyarrow's read-ahead thread calling
    back into a Python file object aborted the process as it exited, under load about one run in four ("terminate
    called without an active exception", exit -6 instead of 1). Twenty-four runs, eight at a time."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "pipe.csv"
    rows = [
        f"A{a:02d},{a}-{p},Person {a}-{p},{'Engineer' if p else 'CEO'},{f'{a}-0' if p else ''},"
        f"{'key user' if p else 'decision maker'}"
        for a in range(30)
        for p in range(3)
    ]
    rows[20] = rows[20].replace("Engineer", '"Engineer')
    path.write_text("account,id,name,title,reports_to,roles\n" + "\n".join(rows) + "\n")

    def one(k: int) -> tuple[int, str]:
        result = run("portfolio", path, "--by", "account", "-o", tmp_path / f"out{k}.csv", "--jobs", "1")
        return result.returncode, result.stderr[-300:]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(24)))
    assert all(code == 1 for code, _ in results), [r for r in results if r[0] != 1]


def test_an_unclosed_quote_is_refused_naming_the_row_where_it_opens(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('id,name,title,roles\na,Ann,CEO,decision maker\nb,Bob,"CFO,advisor\nc,Cy,CTO,key user\n')
    refused(run("validate", path), f"{path}, row 3", "never closed")


def test_a_pipeline_with_an_unclosed_quote_scores_nothing_silently(tmp_path):
    rows = [
        f"A{a:02d},{a}-{p},Person {a}-{p},{'CEO' if p == 0 else 'Engineer'},{'' if p == 0 else f'{a}-0'},"
        f"{'decision maker' if p == 0 else 'key user'}"
        for a in range(30)
        for p in range(3)
    ]
    rows[20] = rows[20].replace("Engineer", '"Engineer')  # row 22 of the file: Cy's title opens a quote
    path = tmp_path / "pipe.csv"
    path.write_text("account,id,name,title,reports_to,roles\n" + "\n".join(rows) + "\n")
    out = tmp_path / "out.csv"
    refused(run("portfolio", path, "--by", "account", "-o", out, "--jobs", "1"), f"{path}, row 22", "never closed")
    assert not out.exists()
    rows[20] = rows[20].replace('"Engineer', "Engineer")
    path.write_text("account,id,name,title,reports_to,roles\n" + "\n".join(rows) + "\n")
    assert "30 accounts scored, 0 skipped" in fine(run("portfolio", path, "--by", "account", "-o", out, "--jobs", "1"))


def test_quotes_inside_a_field_and_quoted_line_breaks_still_read(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text('id,name,title,roles\na,Ann,27" screen buyer,decision maker\nb,Bob,"multi\nline",advisor\n')
    assert "valid: 2 contacts" in fine(run("validate", path))


def test_a_file_of_nul_bytes_is_refused_before_it_is_read_whole(tmp_path):
    path = tmp_path / "zeros.csv"
    with path.open("wb") as out:
        out.write(HEADER.encode())
        out.truncate(1536 * 2**20)  # 1.5 GiB of NUL bytes after the header, a sparse file
    refused(run("validate", path, memory=1024 * 2**20, timeout=60), f"{path}, line 2", "a NUL character")


def test_the_chunked_reader_refuses_a_giant_last_field_within_memory(tmp_path):
    path = tmp_path / "tail.csv"
    with path.open("w") as out:
        out.write((SAMPLES / "pipeline.csv").read_text())
        out.write("ACC-999999,Tail,t1,Tail Person,")
        for _ in range(600):
            out.write("x" * 2**20)
        out.write("\n")
    refused(
        run(
            "portfolio",
            path,
            "--by",
            "account",
            "-o",
            tmp_path / "o.csv",
            "--jobs",
            "1",
            memory=1536 * 2**20,
            timeout=120,
        ),
        f"at most {LIMITS['cell_chars']:,}",
    )


# -- one output guard for every command that writes ------------------------------------------------


def test_export_refuses_its_input_a_link_to_it_and_a_folder(tmp_path):
    contacts = tmp_path / "v.csv"
    contacts.write_bytes((SAMPLES / "hospital.csv").read_bytes())
    before = contacts.read_bytes()
    refused(run("export", contacts, "--to", "hubspot", "-o", contacts), "would destroy the input")
    (tmp_path / "link.csv").symlink_to(contacts)
    refused(run("export", contacts, "--to", "hubspot", "-o", tmp_path / "link.csv"), "would destroy the input")
    (tmp_path / "folder.csv").mkdir()
    refused(run("export", contacts, "--to", "hubspot", "-o", tmp_path / "folder.csv"), "is a folder")
    assert contacts.read_bytes() == before


def test_export_on_a_full_disk_keeps_the_previous_export(tmp_path, monkeypatch):
    out = tmp_path / "import.csv"
    out.write_text("the previous export\n")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("csv.writer", full)
    done = runner.invoke(app, ["export", str(SAMPLES / "hospital.csv"), "--to", "salesforce", "-o", str(out)])
    assert done.exit_code == 1 and f"cannot write {out}" in done.output and "No space left" in done.output
    assert out.read_text() == "the previous export\n" and [p.name for p in tmp_path.iterdir()] == ["import.csv"]


def test_export_writes_no_live_formula_the_full_width_ones_included(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        "id,name,title,roles\n"
        '"=HYPERLINK(""http://x.example"",""a"")",Ann,CEO,decision maker\n'
        "@cfo,Bob,CFO,advisor\n+u1,Cy,CTO,technical buyer\n＝1+1,Di,COO,key user\nu5,Ed,Buyer,purchaser\n"
    )
    out = tmp_path / "o.csv"
    text = fine(run("export", path, "--to", "salesforce", "--opportunity", '=HYPERLINK("x")', "-o", out))
    assert "written with a leading '" in text
    cells = pd.read_csv(out, dtype=str, keep_default_na=False).to_numpy().ravel().tolist()
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "＝"))], cells
    assert "'@cfo" in cells and "u5" in cells  # a harmless id is written as it is


def test_no_output_replaces_the_store(tmp_path):
    store = tmp_path / "deals.db"
    fine(run("snapshot", SAMPLES / "hospital.csv", "--store", store))
    before = store.read_bytes()
    refused(run("report", SAMPLES / "hospital.csv", "--store", store, "-o", store), "is the snapshot store")
    pipeline = tmp_path / "P.csv"
    refused(
        run("portfolio", SAMPLES / "pipeline.csv", "--by", "account", "--store", pipeline, "-o", pipeline),
        "would destroy every snapshot",
    )
    assert store.read_bytes() == before and not pipeline.exists()


def test_a_300_character_name_is_refused_and_a_240_character_one_written(tmp_path):
    long = tmp_path / ("a" * 300 + ".html")
    text = refused(run("html", SAMPLES / "hospital.csv", "-o", long), "choose a shorter name")
    assert "at most 255" in text
    legal = tmp_path / ("b" * 240 + ".html")
    fine(run("html", SAMPLES / "hospital.csv", "-o", legal))
    assert legal.is_file() and [p.name for p in tmp_path.iterdir()] == [legal.name]


# -- stores ------------------------------------------------------------------------------------------


def test_portfolio_into_a_store_with_every_account_skipped_shows_why(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("account,id,name,roles,influence\nA1,a,Ann,decision maker,99\nA2,b,Bob,advisor,77\n")
    text = fine(run("portfolio", path, "--by", "account", "--store", tmp_path / "s.db", "-o", tmp_path / "o.csv"))
    assert "saved 0 account snapshots" in text and "0 accounts scored, 2 skipped" in text
    assert "row 2, column 'influence'" in text and "row 3, column 'influence'" in text


def test_a_full_temporary_folder_during_the_account_sort_reads_the_file_whole(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from powermap.portfolio.local import score_file

    lines = (SAMPLES / "pipeline.csv").read_text().splitlines(keepends=True)
    path = tmp_path / "scattered.csv"
    path.write_text("".join([lines[0], *lines[1:200:2], *lines[2:200:2]]))  # every account's rows apart

    class Full:
        def __init__(self, *args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pq, "ParquetWriter", Full)
    result = score_file(path, by="account", rows_per_chunk=20, n_jobs=1)
    expected = score_file(SAMPLES / "pipeline.csv", by="account", n_jobs=1)
    assert not result.skipped.shape[0] and set(result.accounts["account"]) <= set(expected.accounts["account"])
    assert len(result.accounts) == len({line.split(",")[0] for line in lines[1:200]})
    assert any("No space left on device" in note and "TMPDIR" in note for note in result.notes), result.notes


@pytest.fixture
def store_with_one_snapshot(tmp_path) -> Path:
    store = tmp_path / "deals.db"
    fine(run("snapshot", SAMPLES / "hospital.csv", "--store", store, "--name", "Acme"))
    return store


DAMAGES = {
    "version": "UPDATE powermap_schema SET value = 'two' WHERE key = 'version'",
    "json": "UPDATE snapshots SET figures = '{bad'",
    "date": "UPDATE snapshots SET as_of = 'not a date' WHERE id = 1",
    "risk": "UPDATE snapshots SET risk = 'extreme'",
    "roles": "UPDATE contacts SET roles = 'decision_maker;{bad'",
    "contact date": "UPDATE contacts SET last_contact = '2026-99-99'",
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_store_is_a_clear_error_on_every_command_that_reads_it(tmp_path, damage):
    import sqlite3

    store = tmp_path / "deals.db"
    for day in ("2026-10-01", "2026-11-01"):
        assert (
            runner.invoke(
                app,
                ["snapshot", str(SAMPLES / "hospital.csv"), "--store", str(store), "--name", "Acme", "--as-of", day],
            ).exit_code
            == 0
        )
    with sqlite3.connect(store) as connection:
        connection.execute(DAMAGES[damage])
    commands = {
        "history": ["history", "Acme", "--store", str(store)],
        "diff": ["diff", "Acme", "--store", str(store)],
        "report": [
            "report",
            str(SAMPLES / "hospital.csv"),
            "--name",
            "Acme",
            "--store",
            str(store),
            "-o",
            str(tmp_path / "r.html"),
        ],
        "snapshot": [
            "snapshot",
            str(SAMPLES / "hospital.csv"),
            "--store",
            str(store),
            "--name",
            "Acme",
            "--as-of",
            "2026-12-01",
        ],
    }
    failed = []
    for name, args in commands.items():
        done = runner.invoke(app, args)
        assert done.exception is None or isinstance(done.exception, SystemExit), (name, done.exception)
        if done.exit_code:
            assert "the store is damaged" in done.output and str(store) in done.output, (name, done.output)
            failed.append(name)
    assert failed, "every command read the damaged store without noticing"


# -- the terminal escaping helper on every path -------------------------------------------------------------------

ACTING = "\x1b]0;pwned\x07\x1b[2J\u202e\x9b31m"  # window title, clear screen, bidi override, 8-bit CSI
RAW = ("\x1b", "\x07", "\u202e", "\x9b")


def _raw(text: str) -> list[str]:
    return [c for c in RAW if c in text]


def test_snapshot_history_and_diff_show_escapes_never_send_them(tmp_path):
    store = tmp_path / "deals.db"
    account = f"Evil{ACTING}Co"
    hospital = (SAMPLES / "hospital.csv").read_text()
    later = tmp_path / "later.csv"
    frame = pd.read_csv(SAMPLES / "hospital.csv", dtype=str, keep_default_na=False)
    frame.loc[1, "name"] = f"Mallory{ACTING}"
    frame.loc[2, "title"] = f"CTO{ACTING}"
    frame.to_csv(later, index=False)
    (tmp_path / "first.csv").write_text(hospital)
    outputs = [
        fine(run("snapshot", tmp_path / "first.csv", "--store", store, "--name", account, "--as-of", "2026-10-01")),
        fine(run("snapshot", later, "--store", store, "--name", account, "--as-of", "2026-11-01")),
    ]
    for fmt in ("table", "json", "markdown"):
        outputs.append(fine(run("diff", account, "--store", store, "--format", fmt)))
        outputs.append(fine(run("history", account, "--store", store, "--format", fmt)))
    for text in outputs:
        assert not _raw(text), (_raw(text), text)
    assert "Evil\\x1b]0;pwned" in outputs[0] and "CTO\\x1b]0;pwned" in outputs[2]
    import json

    # the JSON is the same data: a reader gets the text back as it was saved
    changed = json.loads(outputs[4])["people"]["changed"]
    assert json.loads(outputs[4])["account"] == account and "CTO" + ACTING in [c["after"] for c in changed]


def test_validate_shows_a_crm_exports_headers_and_the_same_person_warning_escaped(tmp_path):
    lines = (SAMPLES / "hubspot_contacts.csv").read_text().splitlines()
    lines[0] = lines[0].replace("Phone Number", f"Phone{ACTING}")
    lines.append(lines[1].replace("70101", "70199").replace("Gloria", f"Gloria{ACTING}"))
    lines.append(lines[-1].replace("70199", "70198"))
    path = tmp_path / "hubspot.csv"
    path.write_text("\n".join(lines) + "\n")
    text = run("validate", path)
    out = text.stdout + text.stderr
    assert "Phone\\x1b]0;pwned" in out and "the same person twice" in out, out
    assert not _raw(out), _raw(out)
    analyzed = run("analyze", path)
    assert "the same person twice" in analyzed.stderr and not _raw(analyzed.stdout + analyzed.stderr)


# -- resource bounds -------------------------------------------------------------------------------------------


def test_exact_betweenness_is_capped_to_what_the_largest_map_can_afford(tmp_path):
    from powermap.policy import RANGES

    data = tmp_path / "ok.csv"
    data.write_text(HEADER + "ceo,Ana Ruiz,CEO,,decision maker,5,supporter,business\n")
    policy = tmp_path / "policy.toml"
    policy.write_text("exact_betweenness_max_nodes = 1000000\n")
    refused(run("analyze", data, "--policy", policy), "exact_betweenness_max_nodes", "from 0 to 5000")
    # the highest value allowed, on a map of that size with links across it (every person exact), stays bounded
    people = int(RANGES["exact_betweenness_max_nodes"][1])
    rows = [
        f"p{i},Person {i},Staff,{'' if i == 0 else f'p{(i - 1) // 4}'},{'decision maker' if i == 0 else ''},3,0,1"
        for i in range(people)
    ]
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "\n".join(rows) + "\n")
    links = tmp_path / "links.csv"
    pairs = [(i, (i * 7919 + 13) % people) for i in range(people)]
    links.write_text("source,target,kind\n" + "\n".join(f"p{a},p{b},influences" for a, b in pairs if a != b) + "\n")
    policy.write_text(f"exact_betweenness_max_nodes = {people}\n")
    out = tmp_path / "a.json"
    fine(
        run(
            "analyze",
            big,
            "--links",
            links,
            "--policy",
            policy,
            "--format",
            "json",
            "-o",
            out,
            memory=2 * 2**30,  # 450 MB resident, measured (2,000 people exact before took 450 MB, 20,000: 23 GB)
            timeout=300,
        )
    )
    assert out.stat().st_size > 0


def test_a_long_reporting_cycle_is_named_once(tmp_path):
    people = 5_000
    rows = [f"p{i},Person {i},Staff,p{(i + 1) % people},,3,0,1" for i in range(people)]
    path = tmp_path / "cycle.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    result = run("validate", path, timeout=120)
    text = refused(result, f"{path}, row 2, column 'reports_to'", "(5,000 people in all)")
    assert text.count("reporting lines form a cycle") == 1
    assert text.count("part of the reporting cycle named on row 2") == people - 1
    assert len(text) < 300 * people  # each member's line is short (listing the cycle each time: 25 MB here)


def test_a_chart_of_many_links_draws_the_strongest_and_says_so():
    import numpy as np
    from matplotlib.patches import FancyArrowPatch

    import powermap
    from powermap.render.chart import CHART_MAX_LINKS

    people = 300
    rng = np.random.default_rng(4)
    contacts = pd.DataFrame(
        {
            "id": [f"p{i}" for i in range(people)],
            "name": [f"Person {i}" for i in range(people)],
            "reports_to": ["" if i == 0 else f"p{(i - 1) // 5}" for i in range(people)],
            "roles": ["decision maker" if i == 0 else "" for i in range(people)],
        }
    )
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, people, size=(3 * CHART_MAX_LINKS, 2)) if a != b}
    links = pd.DataFrame(
        {
            "source": [f"p{a}" for a, _ in pairs],
            "target": [f"p{b}" for _, b in pairs],
            "kind": "influences",
            "weight": rng.random(len(pairs)).round(3),
        }
    )
    pm = powermap.from_frame(contacts, links, stage=4, as_of="2026-11-15")
    figure = pm.plot(focus="all")
    arrows = [p for p in figure.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == CHART_MAX_LINKS
    texts = [t.get_text() for t in figure.texts]
    assert f"the {CHART_MAX_LINKS:,} strongest of {len(pm.links):,} drawn" in " ".join(texts)
    small = powermap.from_frame(contacts, links.head(50), stage=4, as_of="2026-11-15").plot(focus="all")
    assert len([p for p in small.axes[0].patches if isinstance(p, FancyArrowPatch)]) == 50
    assert "strongest" not in " ".join(t.get_text() for t in small.texts)


# -- names ------------------------------------------------------------------------------------------------------


def test_composed_and_decomposed_spellings_of_an_account_are_one_account(tmp_path):
    from powermap.store.db import Store

    store = tmp_path / "deals.db"
    composed, decomposed = "Caf\u00e9 Ltd", "Cafe\u0301 Ltd"
    fine(run("snapshot", SAMPLES / "hospital.csv", "--store", store, "--name", composed, "--as-of", "2026-10-01"))
    again = run("snapshot", SAMPLES / "hospital.csv", "--store", store, "--name", decomposed, "--as-of", "2026-10-01")
    assert again.returncode == 1 and "already" in again.stdout + again.stderr  # the same date is not saved twice
    fine(run("snapshot", SAMPLES / "hospital.csv", "--store", store, "--name", decomposed, "--as-of", "2026-11-01"))
    with Store(store, create=False) as db:
        assert db.accounts() == [composed] and len(db.history(decomposed)) == 2 and len(db.history(composed)) == 2


def test_cyrillic_and_latin_look_alike_ids_are_warned(tmp_path):
    path = tmp_path / "lookalike.csv"
    path.write_text(
        "id,name,title,reports_to,roles\nceo,Ana,CEO,,decision maker\nc\u0435o,Bo,CFO,ceo,advisor\n"
        "\u0438\u0432\u0430\u043d,Ivan,CTO,ceo,technical buyer\n\u043f\u0451\u0442\u0440,Pyotr,COO,ceo,key user\n",
        encoding="utf-8",
    )
    text = fine(run("validate", path))
    assert "ids 'ceo' (row 2) and 'c\u0435o' (row 3) look the same" in text and "Cyrillic, Latin" in text
    assert text.count("look the same") == 1  # ids wholly in Cyrillic are ordinary ids
    assert "look the same" in run("analyze", path).stderr


# -- text that breaks outputs ------------------------------------------------------------------------------------

RLO = "\u202e"


def _hostile_names_map():
    import powermap

    frame = pd.read_csv(SAMPLES / "manufacturer.csv", dtype=str, keep_default_na=False)
    where = frame.index[frame["id"] == "M05"][0]  # the CFO, named in two gaps and the plan
    frame.loc[where, "name"] = f"Cathy{RLO}Evil"
    frame.loc[frame["id"] == "M13", "name"] = "Gary\x01\x1b[2J\x0bLind"  # control characters
    return powermap.from_frame(frame, stage=4, as_of="2026-11-15", name=f"Acme{RLO} Ltd")


def _sentences_with(text: str, needle: str) -> list[str]:
    return [m.group() for m in __import__("re").finditer(f'[^<>"]*{needle}[^<>"]*', text)]


def test_a_right_to_left_override_in_a_name_reorders_only_that_name_in_html():
    from powermap.plan.actions import plan_actions
    from powermap.render.map import power_map_html
    from powermap.render.report import report_html

    pm = _hostile_names_map()
    plan = plan_actions(pm, steps=5)
    page = report_html(pm, with_map=False, plan=plan)
    mapped = power_map_html(pm, plan=plan["actions"])
    assert any("Cathy" in a["action"] for a in plan["actions"]), "the plan names the CFO"
    for html in (page, mapped):
        quoted = [s for s in _sentences_with(html, f"Cathy{RLO}Evil") if len(s) > len(f"Cathy{RLO}Evil") + 2]
        assert quoted, "the CFO's gaps quote her name"
        for sentence in quoted:
            assert f"\u2068Cathy{RLO}Evil\u2069" in sentence, sentence  # isolated: the sentence reads in order
    assert "Cathy" in page and "Evil" in page  # every character the user wrote is kept


def test_control_characters_in_names_never_break_the_svg_charts(tmp_path):
    import base64
    import re
    import xml.dom.minidom

    from powermap.render.report import report_html

    pm = _hostile_names_map()
    page = report_html(pm, with_map=False)
    images = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)
    from powermap.render.chart import chart_pages

    assert len(images) == 2 + len(chart_pages(pm, focus="all"))  # two coverage charts, then the org chart's pages
    for image in images:
        xml.dom.minidom.parseString(base64.b64decode(image))  # well-formed XML, so the browser draws it
    out = tmp_path / "chart.svg"
    pm_file = tmp_path / "ctl.csv"
    pm.contacts.drop(columns=["roles"]).assign(roles=[";".join(r) for r in pm.contacts["roles"]]).to_csv(
        pm_file, index=False
    )
    fine(run("chart", pm_file, "-o", out, "--focus", "all"))
    svg = out.read_text()
    xml.dom.minidom.parseString(svg)
    assert "Gary\\x01\\x1b[2J\\x0bLind" in svg  # shown as escapes


def test_charts_as_built_show_control_characters_as_text_not_missing_glyphs():
    # a notebook shows a figure inline without save_figure: the escapes must be there when the chart is drawn, so
    # that no "missing glyph" box is drawn and each label is measured (cards, overlaps) for what it shows
    import re
    import warnings

    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from powermap.render.chart import chart_pages
    from powermap.render.coverage_charts import influence_support, role_grid

    control = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    pm = _hostile_names_map()
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # matplotlib's "Glyph 1 missing from font(s)"
        figures = [
            *chart_pages(pm.deal, focus="all"),
            role_grid(pm.deal),
            influence_support(pm.deal, label_top=30),
        ]
    try:
        texts = [t.get_text() for figure in figures for t in figure.findobj(Text)]
        assert not [t for t in texts if control.search(t)]
        assert any("Gary\\x01\\x1b[2J\\x0bLind" in t for t in texts)
        assert any("Acme\\u202e Ltd" in t for t in texts)  # the account's name in the headings
    finally:
        for figure in figures:
            plt.close(figure)


def _chain_tree(nodes: int) -> dict:
    """A 'tree' whose every inner node has one leaf child and one inner child: as deep as it is long."""
    inner = list(range(0, nodes - 1, 2))
    tree = {k: [] for k in ("feature", "threshold", "missing_left", "left", "right", "leaf", "value")}
    for i in range(nodes):
        is_inner = i in set(inner)
        tree["feature"].append(0 if is_inner else -1)
        tree["threshold"].append(0.5)
        tree["missing_left"].append(True)
        tree["left"].append(i + 1 if is_inner else -1)
        tree["right"].append(i + 2 if is_inner and i + 2 < nodes else (i + 1 if is_inner else -1))
        tree["leaf"].append(not is_inner)
        tree["value"].append(float(i))
    return tree


def test_a_crafted_model_with_deep_or_countless_trees_is_refused():
    import numpy as np

    from powermap.learn.persist import MAX_TREE_DEPTH, MAX_TREES, DamagedModel, FrozenCalibrated

    def model(trees: list[dict]) -> dict:
        return {"method": "sigmoid", "a": -1.0, "b": 0.0, "gbm": {"baseline": 0.0, "trees": trees}}

    with pytest.raises(DamagedModel, match=f"deeper than {MAX_TREE_DEPTH} levels"):
        FrozenCalibrated.from_data(model([_chain_tree(4 * MAX_TREE_DEPTH + 1)]), n_features=1)
    small = _chain_tree(7)  # three levels of decisions: x <= 0.5 goes left to a leaf at once
    with pytest.raises(DamagedModel, match=f"at most {MAX_TREES:,}"):
        FrozenCalibrated.from_data(model([small] * (MAX_TREES + 1)), n_features=1)
    frozen = FrozenCalibrated.from_data(model([small]), n_features=1)
    assert frozen.trees[0].depth == 4  # the levels a walk takes, not the node count
    assert frozen.trees[0].predict(np.array([[0.0], [1.0], [np.nan]])).tolist() == [1.0, 6.0, 1.0]


def test_a_text_file_of_more_lines_than_are_read_whole_is_refused_before_it_is_held(tmp_path, monkeypatch):
    from powermap.errors import InputError
    from powermap.io import read

    path = tmp_path / "long.csv"
    path.write_text(HEADER + "".join(f"p{i},Person {i},Staff,,,3,0,1\n" for i in range(50_000)))
    monkeypatch.setitem(read.LIMITS, "lines", 20_000)
    with pytest.raises(InputError) as caught:
        read.read_account(path)
    assert "more than 20,000 lines" in str(caught.value) and "in chunks" in str(caught.value)
    monkeypatch.setitem(read.LIMITS, "lines", 50_001)  # the header and every row: read
    assert len(read.read_account(path).contacts.frame) == 50_000


def test_a_store_name_longer_than_the_file_system_takes_is_a_clear_error(tmp_path):
    store = tmp_path / ("s" * 300 + ".db")
    refused(run("snapshot", SAMPLES / "hospital.csv", "--store", store), "cannot be a store file", "File name too long")


def test_every_command_shows_hostile_names_as_escapes_on_the_terminal(tmp_path):
    frame = pd.read_csv(SAMPLES / "hospital.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "name"] = f"Ann{ACTING}\x01"
    frame.loc[1, "title"] = f"CFO{ACTING}"
    path = tmp_path / "hostile.csv"
    frame.to_csv(path, index=False)
    pipeline = tmp_path / "pipeline.csv"
    frame.assign(account=f"Acme{ACTING}").to_csv(pipeline, index=False)
    name = ("--name", f"Acme{ACTING}")
    commands = [
        ("validate", path),
        ("analyze", path, *name),
        ("analyze", path, *name, "--format", "markdown"),
        ("plan", path, *name),
        ("chart", path, *name, "-o", tmp_path / "c.svg"),
        ("html", path, *name, "-o", tmp_path / "m.html"),
        ("report", path, *name, "-o", tmp_path / "r.html"),
        ("export", path, "--to", "hubspot", "-o", tmp_path / "e.csv"),
        ("portfolio", pipeline, "--by", "account", "-o", tmp_path / "p.csv", "--jobs", "1"),
        ("snapshot", path, *name, "--store", tmp_path / "s.db"),
    ]
    for args in commands:
        # the report draws three charts into one page: more address space than the other commands (not resident)
        result = run(*args, memory=3 * 2**30 if args[0] == "report" else MEMORY)
        text = result.stdout + result.stderr
        assert result.returncode == 0, (args[0], text)
        assert not _raw(text), (args[0], _raw(text), text)
    import xml.dom.minidom

    xml.dom.minidom.parse(str(tmp_path / "c.svg"))
