"""What a new user reaches for in the first hour: a version, a blank template, spreadsheets out, a CSV of the gaps,
"did you mean" for a misspelt column, numeric ids in what-if, honest wording, and a help that answers at once."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from accounts import build
from conftest import SAMPLES
from openpyxl import load_workbook
from test_samples import ACCOUNTS
from typer.testing import CliRunner

import powermap
from powermap.cli import app
from powermap.io.sheets import write_table
from powermap.io.template import TEMPLATE_EXAMPLE
from powermap.render import text as output

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"powermap {powermap.__version__}"
    from importlib.metadata import version

    assert powermap.__version__ == version("powermap")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_is_a_blank_sheet_with_drop_downs_and_an_example_that_loads(tmp_path, lang):
    path = tmp_path / "contacts.xlsx"
    result = runner.invoke(app, ["template", "-o", str(path), "--lang", lang])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    example = [c.value for c in sheet[2]]
    assert len(header) == 14 and sheet.max_row == 2
    assert example[1] == TEMPLATE_EXAMPLE[lang]["name"]
    lists = {}
    for rule in sheet.data_validations.dataValidation:
        column = header[ord(str(rule.sqref).split(":")[0][0]) - ord("A")]
        lists[column] = rule.formula1.strip('"').split(",")
    level, stance = ("level", "stance") if lang == "en" else ("层级", "态度")
    assert lists[level] == (["executive", "mid", "staff"] if lang == "en" else ["高层", "中层", "基层"])
    assert len(lists[stance]) == 5
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    pm = powermap.load(path)  # the template as written is valid input
    assert list(pm.contacts["name"]) == [TEMPLATE_EXAMPLE[lang]["name"]]
    assert pm.contacts["level"][0] == "executive" and pm.contacts["stance"][0] == 0
    # every offered value is one powermap accepts: a filled-in row with each of them loads
    rows = pd.DataFrame(
        {
            header[0]: [str(i) for i in range(5)],
            header[1]: list("ABCDE"),
            stance: lists[stance],
            level: (lists[level] * 2)[:5],
            header[header.index(level) + 2]: ";".join(lists[header[header.index(level) + 2]]),
        }
    )
    csv = tmp_path / "filled.csv"
    rows.to_csv(csv, index=False)
    assert len(powermap.load(csv)) == 5


def test_template_never_replaces_a_file(tmp_path):
    path = tmp_path / "contacts.xlsx"
    path.write_bytes(b"my contacts")
    result = runner.invoke(app, ["template", "-o", str(path)])
    assert result.exit_code == 2 and path.read_bytes() == b"my contacts"
    assert runner.invoke(app, ["template", "-o", str(path), "--force"]).exit_code == 0
    assert load_workbook(path).worksheets[0]["B1"].value == "name"


def test_xlsx_tables_hold_values_never_formulas(tmp_path):  # a formula-like text is kept, quoted (OWASP)
    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("http://x","y")', "Ann"], "ids": [("a", "b"), ()], "coverage": [12.5, None], "n": [1, 2]}
    )
    path = write_table(frame, tmp_path / "t.xlsx")
    rows = [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]
    assert rows == [
        ["name", "ids", "coverage", "n"],
        ['\'=HYPERLINK("http://x","y")', "a;b", 12.5, 1],
        ["Ann", None, None, 2],
    ]
    assert all(c.data_type != "f" for row in load_workbook(path).active.iter_rows() for c in row)


def test_portfolio_writes_xlsx_and_says_each_problem_once(tmp_path, write):
    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    first = table["account"].iloc[0]
    table.loc[table.index[0], "roles"] = "chief cheerleader"
    source = tmp_path / "pipeline.csv"
    table.to_csv(source, index=False)
    out = tmp_path / "accounts.xlsx"
    result = runner.invoke(app, ["portfolio", str(source), "--by", "account", "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.count("chief cheerleader") == 1
    assert f"199 accounts scored, 1 skipped: '{first}' (1 problem)" in result.output
    accounts = pd.read_excel(out)
    assert len(accounts) == 199 and {"account", "coverage", "risk"} <= set(accounts.columns)


def test_an_empty_account_name_is_named_as_such():
    from powermap import portfolio

    frame = pd.DataFrame(
        {"account": ["A", "A", ""], "id": ["a", "b", "c"], "name": ["Ann", "Bo", "Cy"], "reports_to": ["", "a", ""]}
    )
    result = portfolio.score(frame, by="account", as_of="2026-11-15")
    assert "(empty account name)" in result.summary() and "'A'" not in result.summary().split("skipped")[1]


def test_did_you_mean_for_the_by_column():
    result = runner.invoke(app, ["portfolio", str(SAMPLES / "pipeline.csv"), "--by", "acount", "-o", "x.csv"])
    assert (
        result.exit_code == 1 and "no column 'acount' to group accounts by (did you mean 'account'?)" in result.output
    )


def test_analyze_gaps_out_is_one_row_per_gap(tmp_path):
    facts = ACCOUNTS["chinese_utility.csv"]
    target = tmp_path / "gaps.csv"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(SAMPLES / "chinese_utility.csv"),
            "--stage",
            "3",
            "--as-of",
            facts["as_of"],
            "--lang",
            "zh",
            "--format",
            "json",
            "--gaps-out",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    gaps = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert list(gaps["code"]) == [g["code"] for g in payload["gaps"]]
    assert list(gaps["advice"]) == [g["advice"] for g in payload["gaps"]]
    assert list(gaps["contacts"]) == [";".join(g["contacts"]) for g in payload["gaps"]]
    assert "孙立新" in gaps.loc[gaps["code"] == "decision-maker-unreached", "names"].iloc[0]


def test_without_a_stage_the_output_says_the_stage_rules_were_not_checked():
    path = SAMPLES / "hospital.csv"
    without = runner.invoke(app, ["analyze", str(path), "--as-of", "2026-11-15", "--format", "json"])
    payload = json.loads(without.stdout)
    assert payload["notes"] == [{"code": "stage-unknown", "message": output.STAGE_UNKNOWN["en"]}]
    assert "stage-readiness" not in {g["code"] for g in payload["gaps"]}
    staged = json.loads(
        runner.invoke(app, ["analyze", str(path), "--as-of", "2026-11-15", "--stage", "5", "--format", "json"]).stdout
    )
    assert staged["notes"] == [] and "stage-readiness" in {g["code"] for g in staged["gaps"]}
    for fmt in ("table", "markdown"):
        text = runner.invoke(app, ["analyze", str(path), "--format", fmt, "--lang", "zh"]).stdout
        assert "阶段未知：未检查阶段规则" in text
    assert "stage unknown: stage rules not checked" in runner.invoke(app, ["analyze", str(path)]).stdout


def test_what_if_finds_whole_number_ids_in_any_form(write):
    path = write(
        "n.csv", "id,name,reports_to,roles,stance\n1,Ann,,decision maker,\n2,Bo,1,key user,blocker\n3,Cy,1,,\n"
    )
    pm = powermap.load(path)
    for given in (2, "2", 2.0, " 2 "):
        change = pm.what_if(given, stance="supporter")
        assert "resistant-key-user" in set(change.resolved["code"]), given
        assert change.after.contacts.set_index("id").loc["2", "stance"] == 1
    with pytest.raises(powermap.InputError, match=r"no contact with this id \(ids look like '1', '2', '3'\)"):
        pm.what_if(7, stance=1)


def test_what_if_counts_a_changed_gap_once():
    from accounts import frame

    pm = build(frame(itm={"stance": 0}, opm={"stance": 0}, fim={"stance": 0}))  # no mid-level ally left
    before = pm.gaps().set_index("code").loc["few-mid-level-allies"]
    assert tuple(before["contacts"]) == ("itm", "opm", "fim")
    change = pm.what_if("itm", stance="supporter")  # one ally: the gap stays, with the other candidates
    assert "few-mid-level-allies" not in set(change.resolved["code"]) | set(change.opened["code"])
    row = change.changed.set_index("code").loc["few-mid-level-allies"]
    assert tuple(row["contacts_before"]) == ("itm", "opm", "fim") and tuple(row["contacts"]) == ("opm", "fim")
    # the initiator who now supports us also closes unsupportive-initiator: one gap resolved, one changed
    assert list(change.resolved["code"]) == ["unsupportive-initiator"]
    assert repr(change).endswith("1 gap resolved, 0 opened, 1 changed>")
    both = pm.what_if("itm", stance="supporter").after.what_if("opm", stance="supporter")
    assert list(both.resolved["code"]) == ["few-mid-level-allies"] and "1 gap resolved" in repr(both)


def test_empty_text_is_unknown_like_every_other_unknown(write):
    path = write("e.csv", "id,name,title,owner,competitor,stance\na,Ann,,,,\nb,Bo,CTO,Dana,Kestrel,supporter\n")
    pm = powermap.load(path)
    assert pm.graph.nodes["a"]["competitor"] is None and pm.graph.nodes["a"]["title"] is None
    assert pm.graph.nodes["a"]["stance"] is None and pm.graph.nodes["b"]["competitor"] == "Kestrel"
    payload = output.analysis_json(pm)
    ann = next(c for c in payload["contacts"] if c["id"] == "a")
    assert ann["competitor"] is None and ann["title"] is None and ann["owner"] is None and ann["stance"] is None


def test_validate_markdown_prints_a_table(write):
    bad = write("bad.csv", "id,name,stance\na,Ann|Lee,\na,Bo,maybe\n")
    result = runner.invoke(app, ["validate", str(bad), "--format", "markdown"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[2] == "| file | row | column | value | problem |"
    from powermap.text.safe import markdown_text

    assert any(line.startswith(f"| {markdown_text(str(bad))} | 3 | stance | maybe |") for line in lines)
    good = runner.invoke(app, ["validate", str(SAMPLES / "hospital.csv"), "--format", "markdown"])
    assert good.exit_code == 0 and "valid, 45 contacts" in good.stdout


def test_help_and_usage_errors_load_no_heavy_module():
    probe = (
        "import sys\nfrom powermap.cli import app\n"
        "try:\n    app(['analyze', '--format', 'xml', 'x.csv'])\nexcept SystemExit as e:\n    code = e.code\n"
        "heavy = sorted(m for m in ('pandas', 'networkx', 'matplotlib', 'sklearn', 'numpy', 'scipy') if m in sys.modules)\n"
        "print(code, heavy)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "2 []", done.stdout + done.stderr
    done = subprocess.run(
        [sys.executable, "-c", "import sys, powermap; print(powermap.__version__, 'pandas' in sys.modules)"],
        capture_output=True,
        text=True,
    )
    assert done.stdout.split() == [powermap.__version__, "False"]


def test_the_package_api_still_answers_after_lazy_imports():
    import powermap.io.validate  # the validation module has its own name: nothing shadows the load function

    assert callable(powermap.load) and powermap.load.__module__ == "powermap.facade"
    assert callable(powermap.io.validate.validate_contacts)
    assert powermap.PowerMap.__name__ == "PowerMap" and "from_frame" in dir(powermap)
    for name in ("Policy", "load_policy", "Analysis", "InputError", "Problem"):
        assert name in powermap.__all__ and getattr(powermap, name).__name__ == name


def test_notebook_users_get_jupyterlab_from_an_extra_and_one_line_to_open_the_notebooks():
    import shutil
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(req.startswith("jupyterlab>=") for req in extras["notebook"])
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert '.venv/bin/pip install -e ".[notebook]" && .venv/bin/jupyter lab notebooks/' in readme
    jupyter = Path(sys.executable).parent / "jupyter-lab"
    if not jupyter.exists() and shutil.which("jupyter-lab") is None:
        pytest.skip("the [notebook] extra is not installed here")
    done = subprocess.run(
        [str(jupyter if jupyter.exists() else "jupyter-lab"), "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.split(".")[0] >= "4"


def test_the_report_says_when_the_stage_rules_were_not_checked():
    from powermap.render.report import report_html

    pm = powermap.load(SAMPLES / "hospital.csv", as_of="2026-11-15")
    page = report_html(pm, lang="zh", with_map=False)
    assert output.STAGE_UNKNOWN["zh"] in page
    staged = report_html(powermap.load(SAMPLES / "hospital.csv", stage=5, as_of="2026-11-15"), with_map=False)
    assert output.STAGE_UNKNOWN["en"] not in staged


def test_a_table_too_long_for_excel_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    from powermap.io import sheets

    monkeypatch.setattr(sheets, "EXCEL_MAX_ROWS", 3)
    with pytest.raises(ValueError, match="do not fit an Excel sheet"):
        write_table(pd.DataFrame({"a": [1, 2, 3]}), tmp_path / "t.xlsx")
    assert not list(tmp_path.iterdir())
    write_table(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.xlsx")


def test_did_you_mean_for_the_by_column_of_the_outcomes(write):
    from powermap.io.outcomes import read_outcomes

    path = write("outcomes.csv", "account,won\nA,1\nB,0\n")
    with pytest.raises(
        powermap.InputError, match=r"no column 'acount' naming the account .*\(did you mean 'account'\?\)"
    ):
        read_outcomes(path, "acount")
