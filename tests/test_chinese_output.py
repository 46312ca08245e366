"""Chinese output is Chinese: every command run with ``--lang zh`` on every sample shows no English UI word.

What may stay in Latin letters is the user's own data (names, titles, departments, companies in the samples),
file names, what the user types (commands and options in backticks) and a few abbreviations that Chinese
readers use as they are (AUC, ROC, Brier, CSV, HTML).
"""

import csv
import re
from html.parser import HTMLParser

import pytest
from conftest import SAMPLES
from test_samples import ACCOUNTS
from typer.testing import CliRunner

from powermap.cli import app

KEPT = {"AUC", "ROC", "Brier", "CSV", "HTML", "PDF", "PNG", "SVG", "CRM", "ID", "powermap"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


DATA_COLUMNS = {"name", "title", "department", "owner", "competitor", "notes"}  # what the user wrote, not vocabulary


def _user_words() -> set[str]:
    """The words of the samples' people (names, titles, departments, owners, competitors, notes) and file names:
    the user's data, shown as given. Levels, roles and stances are vocabulary and must come out in Chinese."""
    words: set[str] = set()
    for file in ACCOUNTS:
        path = SAMPLES / file
        words |= set(WORD.findall(path.stem))
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column in DATA_COLUMNS & set(row):
                    words |= set(WORD.findall(row[column]))
    return words


USER = _user_words()


class _Visible(HTMLParser):
    """The text a reader sees on a page: no script, style or attribute (the embedded map is its own page)."""

    def __init__(self):
        super().__init__()
        self.hidden, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def english(text: str, extra: set[str] = frozenset()) -> list[str]:
    """The English words in ``text`` that are neither user data nor something the user types."""
    text = re.sub(r"`[^`]*`", " ", text)  # a command to type stays as typed
    text = re.sub(r"(?<!\w)--?[a-z][\w-]*", " ", text)  # options
    text = re.sub(r"\S+\.(csv|xlsx|json|md|txt|html|png|svg|pdf|parquet|db|joblib)\b", " ", text)  # file names
    text = re.sub(r"docs/\S+", " ", text)
    found = [w for w in WORD.findall(text) if w not in USER | KEPT | set(extra) and not w.isupper()]
    return sorted(set(found))


def _args(file: str) -> list[str]:
    facts = ACCOUNTS[file]
    args = [str(SAMPLES / file), "--stage", str(facts["stage"]), "--as-of", facts["as_of"]]
    args += ["--technicality", facts["technicality"]]
    return args + (["--links", str(facts["links"])] if "links" in facts else [])


def _run(*args) -> str:
    done = CliRunner().invoke(app, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done.output


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
def test_every_command_in_chinese_shows_no_english_word(file, tmp_path):
    args = _args(file)
    shown = {
        "analyze": _run("analyze", *args, "--lang", "zh"),
        "analyze --detail": _run("analyze", *args, "--lang", "zh", "--detail"),
        "analyze markdown": _run("analyze", *args, "--lang", "zh", "--format", "markdown"),
        "analyze -o": _run("analyze", *args, "--lang", "zh", "-o", tmp_path / "a.txt"),
        "plan": _run("plan", *args, "--lang", "zh"),
        "plan markdown": _run("plan", *args, "--lang", "zh", "--format", "markdown"),
        "chart": _run("chart", *args, "--lang", "zh", "-o", tmp_path / "c.svg"),
        "html": _run("html", *args, "--lang", "zh", "-o", tmp_path / "m.html"),
        "report": _run("report", *args, "--lang", "zh", "--no-map", "-o", tmp_path / "r.html"),
        "template": _run("template", "--lang", "zh", "-o", tmp_path / "t.xlsx"),
    }
    shown["analyze -o file"] = (tmp_path / "a.txt").read_text(encoding="utf-8")
    shown["report page"] = _visible((tmp_path / "r.html").read_text(encoding="utf-8"))
    found = {command: english(text) for command, text in shown.items()}
    assert not {command: words for command, words in found.items() if words}


def test_history_and_diff_in_chinese_show_no_english_word(tmp_path):
    store = tmp_path / "deals.db"
    args = _args("manufacturer.csv")
    _run("snapshot", *args, "--store", store)
    later = [a if a != "2026-11-15" else "2026-12-15" for a in args]
    _run("snapshot", *later, "--store", store)
    name = "manufacturer"
    shown = {
        "history": _run("history", name, "--store", store, "--lang", "zh"),
        "diff": _run("diff", name, "--store", store, "--lang", "zh"),
        "diff markdown": _run("diff", name, "--store", store, "--lang", "zh", "--format", "markdown"),
    }
    found = {command: english(text) for command, text in shown.items()}
    assert not {command: words for command, words in found.items() if words}


def test_the_check_finds_english_where_it_is():
    assert english("缺口（3）：stage-readiness，Catherine Brandt 反对我们") == ["stage-readiness"]
    assert english("运行 `powermap analyze t.xlsx`，或加 --lang") == []
    assert english("层级 executive、mid") == ["executive", "mid"]  # vocabulary is not the user's data


def test_learn_in_chinese_shows_no_english_word(tmp_path):
    out = _run(
        "learn",
        SAMPLES / "history.csv",
        "--by",
        "account",
        "--outcomes",
        SAMPLES / "history_outcomes.csv",
        "--lang",
        "zh",
        "--folds",
        "2",
        "--jobs",
        "1",
        "-o",
        tmp_path / "model.joblib",
    )
    assert "对赢单对数几率影响最大的因素" in out
    assert not english(out)


def test_portfolio_in_chinese_shows_no_english_word(tmp_path):
    out = _run(
        "portfolio",
        SAMPLES / "pipeline.csv",
        "--by",
        "account",
        "--lang",
        "zh",
        "--jobs",
        "1",
        "-o",
        tmp_path / "p.csv",
    )
    assert "已评分 200 个客户" in out and not english(out)


def test_the_chinese_reports_plan_lists_resolved_gaps_with_the_chinese_comma(tmp_path):
    """The gaps a step resolves are joined as a Chinese list ("支持面太窄、阶段条件未满足"), not with ", "."""
    out = tmp_path / "report.html"
    args = ["report", str(SAMPLES / "chinese_utility.csv"), "--lang", "zh", "-o", str(out)]
    args += ["--stage", "3", "--technicality", "medium", "--as-of", "2026-11-15"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    plan = page[page.index('<section class="plan">') :]
    assert re.search(r"</span>、<span", plan)
    assert not re.search(r"</span>, <span", plan)


def test_the_chinese_report_joins_names_and_roles_with_the_chinese_comma(tmp_path):
    """A gap's people ("吴晓峰、赵雨桐") and a person's roles ("首倡者、经手人") are Chinese lists, as the gap
    messages above them are, and its labels take full-width brackets and colons; the report wrote ", ", " ("
    and ": " there."""
    out = tmp_path / "report.html"
    args = ["report", str(SAMPLES / "chinese_utility.csv"), "--lang", "zh", "-o", str(out), "--stage", "3"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    people = re.findall(r'<div class="people">([^<]*)</div>', page)
    assert "吴晓峰、赵雨桐" in people
    assert not [line for line in people if ", " in line]
    table = page[page.index("<table", page.index('<div class="people">')) :]
    assert "首倡者、经手人" in table and "首倡者, " not in table
    # and its labels: full-width brackets and colons, as the gap messages write them
    assert "<title>chinese_utility：教练报告</title>" in page
    assert re.search(r'<div class="what">风险（\d+ 风险分）</div>', page)
    assert '<div class="what">置信度：关键信息已知的比例</div>' in page
    assert "阶段 3（提交初步方案）" in page and "阶段 3 (" not in page  # the stage's name, as the terminal writes it
