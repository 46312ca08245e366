"""Words that are true: plural forms, Chinese with no English UI word, the plan in a pipe and at 80 columns."""

import io
import os
import subprocess
import sys

import pytest
from accounts import build, frame
from conftest import SAMPLES
from rich.console import Console

import powermap
from powermap.plan.actions import plan_actions
from powermap.render.plan_text import print_plan

UTILITY = dict(stage=3, as_of="2026-11-15")


def test_one_engaged_contact_is_singular_in_both_languages():
    # only the CEO is engaged: every other relationship is none
    lone = frame(**{p: {"relationship": 0} for p in ("ea", "cfo", "cto", "coo", "itm", "opm", "fim", "ana", "eng")})
    gaps = build(lone).gaps()
    [message] = gaps.loc[gaps["code"] == "single-threaded", "message"]
    assert message.startswith("Only 1 engaged contact: Margaret Olsen") and "(s)" not in message
    zh = build(lone).gaps(lang="zh")
    [message] = zh.loc[zh["code"] == "single-threaded", "message"]
    assert message.startswith("只有1位已建立关系的联系人：")
    two = frame(**{p: {"relationship": 0} for p in ("ea", "cfo", "cto", "coo", "opm", "fim", "ana", "eng")})
    gaps = build(two).gaps()
    assert gaps.loc[gaps["code"] == "single-threaded", "message"].iloc[0].startswith("Only 2 engaged contacts:")


def test_piped_plan_is_plain_text_like_analyze():
    args = [sys.executable, "-m", "powermap.cli", "plan", str(SAMPLES / "manufacturer.csv")]
    args += ["--links", str(SAMPLES / "manufacturer_links.csv"), "--stage", "4", "--as-of", "2026-11-15"]
    done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert not set("│┃━─┏└") & set(done.stdout)
    result = plan_actions(
        powermap.load(
            SAMPLES / "manufacturer.csv", links=SAMPLES / "manufacturer_links.csv", stage=4, as_of="2026-11-15"
        )
    )
    lines = [line.strip() for line in done.stdout.splitlines()]
    for action in result["actions"]:  # each sentence whole on its own line, then its facts on the next
        at = lines.index(f"{action['rank']}. {action['action']}")
        assert lines[at + 1].startswith("who acts: ")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_table_at_80_columns_cuts_no_header_and_breaks_no_word(lang):
    result = plan_actions(powermap.load(SAMPLES / "chinese_utility.csv", **UTILITY), lang=lang)
    console = Console(file=io.StringIO(), width=80, force_terminal=True, color_system=None)
    print_plan(result, lang=lang, console=console)
    shown = console.file.getvalue()
    assert "…" not in shown
    assert "之后的覆盖度" in shown.replace("┃", "").replace(" ", "").replace("\n", "") or lang == "en"
    if lang == "zh":
        assert "stage-readiness" not in shown and "single-threaded" not in shown  # the kinds by name
    else:
        for word in ("coverage", "after", "resolves", "Engage", "supporter"):
            assert word in shown


def test_every_command_summary_is_one_short_sentence_never_cut():
    done = subprocess.run(
        [sys.executable, "-m", "powermap.cli", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    commands = done.stdout[done.stdout.index("Commands:") :].splitlines()[1:]
    summaries = [line.split(None, 1)[1] for line in commands if line.strip()]
    assert len(summaries) >= 13
    for summary in summaries:
        assert not summary.endswith("...") and summary.endswith("."), summary
        assert summary.count(". ") == 0 and len(summary) <= 64, summary


def test_analyze_on_a_pipeline_file_stops_after_the_hint_with_a_count():
    args = [sys.executable, "-m", "powermap.cli", "analyze", str(SAMPLES / "pipeline.csv")]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3, done.stderr[:2000]
    assert "powermap portfolio FILE --by account" in lines[1]
    count = int(lines[0].split()[0])
    assert f"the other {count - 1} problems" in lines[2] and "duplicate id" not in done.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_maps_role_filter_names_each_role_once(lang):
    from powermap.render.map import map_data

    roles = map_data(powermap.load(SAMPLES / "hospital.csv"), lang=lang)["legend"]["roles"]
    for role in roles:  # never "Initiator initiator" (首倡 首倡者): the chip only where it says something new
        assert role["label"].endswith(role["name"])
        chip = role["label"][: -len(role["name"])].strip()
        assert not chip or chip.casefold() not in role["name"].casefold()
    assert {r["label"] for r in roles} >= ({"initiator", "DM decision maker"} if lang == "en" else {"首倡者"})


def test_the_quickstart_describes_the_chart_it_draws():
    """Notebook 01's words about the org chart name every entry of the chart's legend, and none of the chart it
    used to draw (colour for stance with green for us, size for influence, a ring for relationship)."""
    import matplotlib
    import nbformat

    matplotlib.use("Agg")
    notebook = nbformat.read(SAMPLES.parent.parent / "notebooks" / "01-quickstart.ipynb", as_version=4)
    [prose] = [c.source for c in notebook.cells if c.cell_type == "markdown" and "The org chart" in c.source]
    pm = powermap.load(SAMPLES / "manufacturer.csv", links=SAMPLES / "manufacturer_links.csv", **UTILITY)
    legend = [t.get_text() for t in pm.plot().legends[0].get_texts()]
    flat = " ".join(prose.split())
    for entry in legend:  # "++ champion", "trusted by (arrow: ...)": the words before any explanation
        assert entry.split(" (")[0] in flat, entry
    for stale in ("size is", "ring", "green for us", "white unknown"):
        assert stale not in flat
