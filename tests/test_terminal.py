"""What a person reads in a terminal, a pipe or a saved file: every word of every gap, never cut off.

Chinese has no spaces to wrap at, so a table cell that wraps on spaces cuts it; these tests render the
analysis of every sample, in English and Chinese, at 80 and 160 columns and through a pipe, and put each
gap's message and advice back together from what was printed.
"""

import io
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import SAMPLES
from rich.cells import cell_len
from rich.console import Console
from test_samples import ACCOUNTS

import powermap
import powermap.sim.synth
from powermap.render import text as output


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _analysis(file, lang):
    return output.analysis_json(powermap.load(SAMPLES / file, **ACCOUNTS[file]), lang=lang)


def _cells(rendered: str, title: str, column: int) -> list[str]:
    """The text of one column of a Rich table, one string per row, put back together across wrapped lines."""
    lines = rendered.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows, current = [], []
    for line in lines[start + 1 :]:
        if line.startswith("│"):
            current.append(line.split("│")[column + 1])
        elif line[:1] in ("├", "└") and current:
            rows.append("".join(c.strip() for c in current))
            current = []
        if line.startswith("└"):
            break
    return rows


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 160])
def test_terminal_table_folds_every_gap_and_name(file, lang, width):
    result = _analysis(file, lang)
    buffer = io.StringIO()
    output.print_table(
        result, lang=lang, console=Console(file=buffer, width=width, force_terminal=True, color_system=None)
    )
    rendered = buffer.getvalue()
    assert "…" not in rendered
    assert max(cell_len(line) for line in rendered.splitlines()) <= width  # Chinese characters are two cells wide
    shown = _cells(rendered, output.LABELS[lang]["gaps"], 2)
    rows = output.gap_rows(result, lang)
    assert len(shown) == len(rows) > 0
    assert len(rows) == len({(g["code"], g["severity"]) for g in result["gaps"]})  # one row per kind of gap
    for row, cell in zip(rows, shown):
        assert _squash(cell) == _squash(row.message + (row.people or "") + "".join("→" + a for a in row.advice))
    top = sorted(result["contacts"], key=lambda c: (c["influence_rank"], c["name"]))[:10]
    people = _rows(rendered, output.LABELS[lang]["people"])
    assert [_squash(row[1]) for row in people] == [_squash(c["name"]) for c in top]
    assert [_squash(row[2]) for row in people] == [_squash(c["title"] or "") for c in top]
    if lang == "en":  # wrapped between words, never inside one ("Catheri/ne", "decisi/on maker")
        shown_people = rendered[rendered.index(output.LABELS[lang]["people"]) :]
        words = {w for c in top for w in f"{c['name']} {c['title'] or ''}".split()}
        words |= {w for c in top for r in c["roles"] for w in output.role_label(r).split()}
        words = {w.strip(",") for w in words if cell_len(w) == len(w) or len(w) <= 4}  # long Chinese may fold
        broken = [w for w in words if not re.search(rf"(?<!\S){re.escape(w)}(?![^\s,])", shown_people)]
        assert not broken, f"words broken across lines: {broken}"


CLOSING = "，。、：；！？）》」』"


@pytest.mark.parametrize("width", [80, 120])
def test_chinese_lines_never_start_with_closing_punctuation_nor_cut_a_latin_name(width):
    """A 300-person account analysed in Chinese: its people have Latin names ("Person p0") inside Chinese
    sentences. No line of the gaps table starts with "，" or "。" (避头尾), no name is cut ("Pe/rson p0"), and no
    role in the people table is cut ("核心决策/者")."""
    contacts, links = powermap.sim.synth.organisation(300, seed=11)
    pm = powermap.from_frame(contacts, links, name="Big", stage=6, technicality="high", as_of="2026-11-15")
    result = output.analysis_json(pm, lang="zh")
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=True, color_system=None)
    output.print_table(result, lang="zh", console=console)
    rendered = buffer.getvalue()
    cells = [line.split("│")[3].strip() for line in rendered.splitlines() if line.startswith("│")]
    assert cells and not [line for line in cells if line[:1] in CLOSING]
    assert not [line for line in cells if re.search(r"(?<![A-Za-z])(P|Pe|Per|Pers|Perso)$", line)]
    assert sum("Person p" in line for line in cells) >= 8  # the case: names inside Chinese sentences
    people = rendered[rendered.index(output.LABELS["zh"]["people"]) :]
    assert "核心决策者" in people and "核心决策\n" not in people


def _rows(rendered: str, title: str) -> list[list[str]]:
    """The body rows of a table with no column lines: the columns start where the header's labels start (in
    display cells), and a row starts where its first cell (the rank) is filled."""
    lines = rendered.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))

    def cells(line: str) -> list[str]:  # one entry per display cell; a wide character fills two
        out: list[str] = []
        for ch in line:
            out += [ch] + ["\0"] * (cell_len(ch) - 1)
        return out

    header = cells(lines[start + 1])
    starts = [k for k, ch in enumerate(header) if ch.strip() and (k == 0 or not header[k - 1].strip())]
    rows: list[list[str]] = []
    for line in lines[start + 3 :]:
        if not line.strip():
            break
        row = cells(line)
        parts = ["".join(row[a:b]).replace("\0", "").strip() for a, b in zip(starts, starts[1:] + [len(row)])]
        if parts[0]:
            rows.append(parts)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], parts)]
    return rows


def _plain_text_has_every_gap(text: str, result: dict, lang: str) -> None:
    """Each kind of gap is a line with its code, then its message, its people and its advice each whole on one
    line; every gap's people are named under its kind, and no advice is said twice."""
    lines = [line.strip() for line in text.splitlines()]
    for row in output.gap_rows(result, lang):
        at = lines.index(" ".join(row.message.split()))
        assert lines[at - 1].endswith(row.label)
        follow = ([row.people] if row.people else []) + ["→ " + " ".join(a.split()) for a in row.advice]
        assert lines[at + 1 : at + 1 + len(follow)] == follow
    for gap in result["gaps"]:
        assert any(
            gap["message"] == row.message or set(gap["contacts"]) <= set(group["contacts"])
            for row, group in zip(output.gap_rows(result, lang), output.gap_groups(result, lang))
        )
    advice = [line for line in lines if line.startswith("→ ")]
    assert len(advice) == len(set(advice))


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_piped_output_is_plain_text_with_no_line_cut(file, lang):
    args = [sys.executable, "-m", "powermap.cli", "analyze", str(SAMPLES / file), "--lang", lang]
    facts = ACCOUNTS[file]
    args += [
        "--name",
        facts["name"],
        "--stage",
        str(facts["stage"]),
        "--technicality",
        facts["technicality"],
        "--as-of",
        facts["as_of"],
    ] + (["--links", str(facts["links"])] if "links" in facts else [])
    done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout and "│" not in done.stdout
    result = _analysis(file, lang)
    _plain_text_has_every_gap(done.stdout, result, lang)
    for person in sorted(result["contacts"], key=lambda c: (c["influence_rank"], c["name"]))[:10]:
        assert person["name"] in done.stdout and (person["title"] or "") in done.stdout


def test_plain_text_keeps_user_text_on_its_own_line():
    pm = powermap.from_frame(
        __import__("pandas").DataFrame(
            {
                "id": ["a", "b"],
                "name": ["Ann\nHIGH fake-gap", "Bo"],
                "reports_to": ["", "a"],
                "roles": ["decision maker", "key user"],
                "stance": ["", "blocker"],
            }
        )
    )
    text = output.plain_text(output.analysis_json(pm))
    assert "\nHIGH fake-gap" not in text and "Ann HIGH fake-gap" in text


@pytest.mark.parametrize("suffix", [".txt", ".md", ".json"])
def test_analyze_writes_the_format_its_file_name_says(tmp_path, suffix):
    from typer.testing import CliRunner

    from powermap.cli import app

    facts = ACCOUNTS["hospital.csv"]
    target = tmp_path / "reports" / f"hospital{suffix}"
    args = [
        "analyze",
        str(SAMPLES / "hospital.csv"),
        "--stage",
        str(facts["stage"]),
        "--as-of",
        facts["as_of"],
        "--lang",
        "zh",
        "-o",
        str(target),
    ]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    text = target.read_text(encoding="utf-8")
    result = output.analysis_json(
        powermap.load(SAMPLES / "hospital.csv", stage=facts["stage"], as_of=facts["as_of"]), lang="zh"
    )
    if suffix == ".json":
        written = json.loads(text)
        assert written.pop("input")["profile"] == "plain"  # additive key: what was read
        assert written == result
    elif suffix == ".md":
        assert text == output.markdown(result, lang="zh")
    else:
        assert text == output.plain_text(result, lang="zh")
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_analyze_output_file_refuses_an_unknown_suffix_or_a_contradicting_format(tmp_path):
    from typer.testing import CliRunner

    from powermap.cli import app

    runner = CliRunner()
    source = str(SAMPLES / "hospital.csv")
    assert runner.invoke(app, ["analyze", source, "-o", str(tmp_path / "a.html")]).exit_code == 2
    assert runner.invoke(app, ["analyze", source, "--format", "json", "-o", str(tmp_path / "a.md")]).exit_code == 2
    assert not list(tmp_path.iterdir())
