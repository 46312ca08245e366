"""The command line's shared options (powermap.cli_shared) and what moved out of cli.py into the library:
validate's answer (render.validation), the pipeline summary in Chinese (PortfolioResult.summary(lang=))."""

import json
from pathlib import Path

import pandas as pd
import typer
from typer.testing import CliRunner

from powermap.cli import app
from powermap.cli_crm import current
from powermap.cli_shared import Inputs, reads
from powermap.errors import Problem
from powermap.portfolio.local import score
from powermap.render.validation import problems_markdown, validation_json

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def test_reads_gives_one_inputs_value_with_the_options_in_the_order_named(tmp_path):
    seen = []
    probe = typer.Typer()

    @probe.command()
    @reads("file", "out", "links", "as_of", "lang", "encoding")
    def command(inputs: Inputs, out: Path = typer.Option(..., "-o"), lang: str = typer.Option("en", "--lang")):
        seen.append((inputs, out, lang, current()))

    @probe.command()
    def other() -> None:  # a second command, so Typer keeps the command's name
        pass

    contacts = tmp_path / "deal.csv"
    done = runner.invoke(
        probe, ["command", str(contacts), "-o", "x.html", "--as-of", "2026-11-15", "--from", "hubspot", "--lang", "zh"]
    )
    assert done.exit_code == 0, done.output
    inputs, out, lang, read = seen[0]
    assert inputs == Inputs(contacts, as_of="2026-11-15", read=read) and (out, lang) == (Path("x.html"), "zh")
    assert inputs.read.profile == "hubspot"  # the CRM read options come with it
    shown = runner.invoke(probe, ["command", "--help"]).output
    order = ["-o", "--links", "--as-of", "--lang", "--encoding", "--from"]
    assert [shown.index(f"  {option} ") for option in order] == sorted(shown.index(f"  {o} ") for o in order)
    assert "--stage" not in shown  # an input option the command does not name is not given


def test_a_bad_encoding_is_a_usage_error_before_the_command_runs():
    done = runner.invoke(app, ["validate", str(SAMPLES / "manufacturer.csv"), "--encoding", "no-such-codec"])
    assert done.exit_code == 2 and "--encoding" in done.output


def test_analyze_gaps_out_is_checked_as_every_table_path(tmp_path):
    done = runner.invoke(app, ["analyze", str(SAMPLES / "manufacturer.csv"), "--gaps-out", str(tmp_path / "g.txt")])
    assert done.exit_code == 2
    assert "g.txt: expected a .csv, .parquet or .xlsx file name" in " ".join(done.output.split())
    assert not (tmp_path / "g.txt").exists()


def test_validation_answers_as_json_and_markdown():
    problem = Problem("deal.csv", "unknown stance", 3, "stance", "a|b<script>")
    document = json.loads(validation_json([problem]))
    assert document == {"valid": False, "problems": [problem.to_dict()]}
    table = problems_markdown("deal.csv", [problem])
    assert "a\\|b" in table and "<script>" not in table
    assert (
        problems_markdown("deal.csv", [], {"contacts": 2, "links": 0}) == "**deal.csv**: valid, 2 contacts, 0 links\n"
    )


def test_the_pipeline_summary_says_its_count_in_the_readers_language():
    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    first = table["account"].iloc[0]
    table.loc[table["account"] == first, "stance"] = "maybe"  # one account with a bad stance: skipped
    result = score(table, "account", as_of="2026-11-15")
    english, chinese = result.summary(reasons=False), result.summary(reasons=False, lang="zh")
    n = len(result.accounts)
    assert english.startswith(f"{n} accounts scored, 1 skipped: ")
    assert chinese.startswith(f"已评分 {n} 个客户，跳过 1 个：") and chinese.endswith(english.split(": ", 1)[1])
