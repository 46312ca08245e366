"""The command line: contract exit codes (0 ok, 1 invalid input, 2 usage) and outputs."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from powermap.cli import app

runner = CliRunner()


def test_validate_clean_and_bad(write):
    good = write("good.csv", "id,name,reports_to\na,Ann,\nb,Bo,a\n")
    bad = write("bad.csv", "id,name,reports_to,stance\na,Ann,,\nb,Bo,zz,maybe\n")
    ok = runner.invoke(app, ["validate", str(good)])
    assert ok.exit_code == 0 and "valid: 2 contacts" in ok.output
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "row 3, column 'reports_to': 'zz'" in result.output and "row 3, column 'stance': 'maybe'" in result.output
    assert "Traceback" not in result.output


def test_validate_json_lists_problems(write):
    bad = write("bad.csv", "id,name\na,Ann\na,Bo\n")
    result = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    assert payload["problems"][0] | {"file": None} == {
        "file": None,
        "row": 3,
        "column": "id",
        "value": "a",
        "message": "duplicate id: already used on row 2; ids must be unique",
    }


def test_usage_errors_exit_2(write):
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    assert runner.invoke(app, ["analyze", str(write("a.csv", "id,name\na,A\n")), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


def test_analyze_json_has_the_contract_shape(write):
    path = write("a.csv", "id,name,roles\na,Ann,decision maker\nb,Bo,coach\n")
    result = runner.invoke(app, ["analyze", str(path), "--format", "json", "--stage", "3", "--name", "Acme"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert {"account", "score", "coverage", "gaps", "contacts"} <= set(payload)
    assert payload["account"]["name"] == "Acme" and payload["account"]["stage"] == 3
    assert [c["id"] for c in payload["contacts"]] == ["a", "b"]


def test_console_script_runs_as_a_process(write):
    path = write("a.csv", "id,name\na,Ann\n")
    done = subprocess.run([sys.executable, "-m", "powermap.cli", "validate", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and "valid" in done.stdout
