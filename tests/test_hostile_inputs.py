"""Hostile and odd input files: each ends with a clear message (or a clean run), bounded in time and memory.

Every case runs the real command line in a subprocess under an address-space
limit and a timeout, so a reader that expands a small file without bound
fails the test instead of the machine. The hostile files are made here, in
the test's temporary folder; none is committed.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from powermap.io.read import LIMITS

MEMORY = int(1.5 * 2**30)  # address space for one command (the CLI on a small map needs under 1 GiB)

HEADER = "id,name,title,reports_to,roles,influence,stance,relationship\n"
ROWS = (
    "ceo,Ana Ruiz,CEO,,decision maker,5,supporter,business\n"
    "cfo,Bo Chen,CFO,ceo,advisor,4,neutral,business\n"
    "eng,Cy Diaz,Engineer,cfo,technical buyer,3,champion,trusted\n"
)


def run(*args: object, memory: int = MEMORY, timeout: float = 60) -> subprocess.CompletedProcess:
    """``powermap ARGS`` in a subprocess with at most ``memory`` bytes of address space and ``timeout`` seconds."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "COLUMNS": "250"}
    return subprocess.run(
        [sys.executable, "-m", "powermap.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env=env,
    )


def refused(result: subprocess.CompletedProcess, *needles: str) -> str:
    """Exit 1, no traceback, and every needle in the message."""
    text = result.stdout + result.stderr
    assert result.returncode == 1, text
    assert "Traceback" not in text and "Error:" not in text.replace("InputError", ""), text
    for needle in needles:
        assert needle in text, (needle, text)
    return text


def fine(result: subprocess.CompletedProcess) -> str:
    text = result.stdout + result.stderr
    assert result.returncode == 0, text
    return text


# -- YAML ---------------------------------------------------------------------------------------


def _alias_bomb(levels: int = 9, width: int = 9, mapping: bool = False) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        if mapping:
            body = ", ".join(f"k{i}: *a{level - 1}" for i in range(width))
            lines.append(f"a{level}: &a{level} {{{body}}}")
        else:
            lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    lines.append(f"contacts: [{{id: x, name: *a{levels - 1}}}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("mapping", [False, True], ids=["list", "dict"])
def test_yaml_alias_bomb_is_refused_with_the_limit(tmp_path, mapping):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_alias_bomb(mapping=mapping))
    assert bomb.stat().st_size < 1000
    refused(run("validate", bomb, timeout=30), str(bomb), "line", f"{LIMITS['alias_values']:,} values")


def test_yaml_alias_loop_is_refused(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.write_text("contacts:\n  - &me {id: a, name: Ana, notes: [*me]}\n")
    refused(run("validate", loop), str(loop), "line 2", "refers to the value that holds it")


def test_yaml_python_tag_never_runs(tmp_path):
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.yaml"
    evil.write_text(f"contacts:\n  - id: a\n    name: !!python/object/apply:os.system ['touch {marker}']\n")
    refused(run("validate", evil), str(evil), "line 3", "python/object/apply", "plain data only")
    assert not marker.exists()


def test_yaml_document_nested_too_deep(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("contacts:\n  - id: a\n    name: Ana\n    notes: " + "[" * 5000 + "]" * 5000 + "\n")
    refused(run("validate", deep), str(deep), f"nested deeper than {LIMITS['document_nesting']} levels")


# -- JSON -----------------------------------------------------------------------------------------


def test_json_nested_past_the_recursion_limit(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('[{"id": "a", "name": "Ana", "notes": ' + "[" * 100_000 + "]" * 100_000 + "}]")
    refused(run("validate", deep), str(deep), f"nested deeper than {LIMITS['document_nesting']} levels")


def test_json_cell_nested_deeper_than_a_cell_may_be(tmp_path):
    deep = tmp_path / "deep.json"
    depth = LIMITS["nesting"] + 10
    contacts = [{"id": "a", "name": "Ana"}, {"id": "b", "name": "Bo", "notes": json.loads("[" * depth + "]" * depth)}]
    deep.write_text(json.dumps(contacts))
    refused(
        run("validate", deep),
        f"{deep} contacts, record 2, column 'notes'",
        f"nested more than {LIMITS['nesting']} levels",
    )


# -- XLSX -----------------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "contacts"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _rewrite(path: Path, replace: dict[str, bytes | None]) -> None:
    """Rewrite parts of a workbook (zip), adding the parts it did not have."""
    source = zipfile.ZipFile(path)
    parts = {info.filename: source.read(info) for info in source.infolist()}
    source.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in {**parts, **replace}.items():
            target.writestr(name, data)


CONTACT_ROWS = [
    ["id", "name", "roles", "influence"],
    ["ceo", "Ana Ruiz", "decision maker", 5],
    ["cfo", "Bo Chen", "advisor", 4],
]


def test_xlsx_claiming_the_whole_sheet_reads_only_its_real_rows(tmp_path):
    book = _workbook(tmp_path / "claims.xlsx", CONTACT_ROWS)
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml")
    claimed = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    assert claimed != sheet
    _rewrite(book, {"xl/worksheets/sheet1.xml": claimed})
    assert "valid: 2 contacts" in fine(run("validate", book, memory=MEMORY, timeout=30))


def test_xlsx_stray_cell_beyond_the_last_column_is_refused(tmp_path):
    book = _workbook(tmp_path / "wide.xlsx", CONTACT_ROWS)
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml").decode()
    stray = '<row r="9"><c r="XFE9" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _rewrite(book, {"xl/worksheets/sheet1.xml": sheet.replace("</sheetData>", stray).encode()})
    refused(run("validate", book), f"{book} [contacts], row 9", f"at most {LIMITS['columns']:,} columns")


def _with_huge_part(book: Path, name: str, head: bytes, tail: bytes, size: int) -> None:
    """Replace (or add) part ``name`` of the workbook with ``head``, spaces and ``tail``: ``size`` bytes once
    expanded, a few hundred kilobytes compressed (streamed: the test never holds it whole)."""
    source = zipfile.ZipFile(book)
    parts = {info.filename: source.read(info) for info in source.infolist() if info.filename != name}
    source.close()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)
        with target.open(name, "w", force_zip64=True) as stream:
            stream.write(head)
            chunk, left = b" " * 2**20, size - len(head) - len(tail)
            while left > 0:
                stream.write(chunk[:left])
                left -= len(chunk)
            stream.write(tail)


def test_xlsx_zip_bomb_is_refused_before_it_is_expanded(tmp_path):
    book = _workbook(tmp_path / "bomb.xlsx", CONTACT_ROWS)
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"<sheetData>")
    _with_huge_part(book, "xl/worksheets/sheet1.xml", head + b"<sheetData>", tail, LIMITS["xlsx_part_bytes"] + 2**20)
    assert book.stat().st_size < 2 * 2**20
    refused(
        run("validate", book, timeout=30),
        str(book),
        "xl/worksheets/sheet1.xml",
        f"at most {LIMITS['xlsx_part_bytes']:,}",
    )


def test_xlsx_huge_shared_string_is_refused(tmp_path):
    book = _workbook(tmp_path / "strings.xlsx", CONTACT_ROWS)
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t xml:space="preserve">'
    )
    _with_huge_part(book, "xl/sharedStrings.xml", head, b"</t></si></sst>", LIMITS["xlsx_part_bytes"] + 2**20)
    refused(run("validate", book, timeout=30), str(book), "xl/sharedStrings.xml", "at most")


def test_xlsx_cell_over_the_cell_limit_names_row_and_column(tmp_path):
    book = _workbook(tmp_path / "cell.xlsx", [*CONTACT_ROWS, ["eng", "Cy Diaz", "key user", "LONGTEXT"]])
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml")
    _rewrite(book, {"xl/worksheets/sheet1.xml": sheet.replace(b"LONGTEXT", b"x" * 100_000)})
    refused(
        run("validate", book),
        f"{book} [contacts], row 4, column 'influence'",
        "100,000 characters",
        f"at most {LIMITS['cell_chars']:,}",
    )


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_field_of_200_megabytes_is_refused_within_memory(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("w") as out:
        out.write(HEADER + ROWS + 'dev,Dee Park,"')
        for _ in range(200):
            out.write("n" * 2**20)
        out.write('",eng,key user,2,neutral,business\n')
    refused(run("validate", big, memory=2 * 2**30, timeout=120), f"{big}, line 5", f"at most {LIMITS['cell_chars']:,}")


def test_csv_cell_over_the_limit_names_row_and_column(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(HEADER + ROWS.replace("Engineer", "E" * 40_000))
    refused(
        run("validate", path),
        f"{path}, row 4, column 'title'",
        "40,000 characters",
        f"at most {LIMITS['cell_chars']:,}",
    )


def test_nul_bytes_are_refused_with_their_line(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes((HEADER + ROWS).encode().replace(b"Bo Chen", b"Bo\x00Chen"))
    refused(run("validate", path), f"{path}, line 3", "a NUL character")


# -- odd values -----------------------------------------------------------------------------------

HUGE = "9" * 400


@pytest.mark.parametrize("column", ["influence", "stance", "relationship"])
def test_400_digit_number_is_out_of_range(tmp_path, column):
    path = tmp_path / "huge.csv"
    cells = {"influence": "3", "stance": "1", "relationship": "2", column: HUGE}
    path.write_text(
        HEADER + f"a,Ana,CEO,,decision maker,{cells['influence']},{cells['stance']},{cells['relationship']}\n"
    )
    refused(run("validate", path), f"{path}, row 2, column '{column}'", "out of range")


def test_400_digit_stage_is_refused(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + ROWS)
    refused(run("analyze", path, "--stage", HUGE), "column 'stage'", "expected 1 to 8")


def test_duplicate_column_names_are_named(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,name,foo,foo\na,Ana,1,2\n")
    refused(run("validate", path), str(path), "columns 3 (C) and 4 (D) are both named 'foo'")


def test_portfolio_duplicate_by_column_is_named(tmp_path):
    path = tmp_path / "pipe.csv"
    path.write_text("acct,id,name,acct\nx,a,Ana,x\n")
    out = tmp_path / "out.csv"
    refused(run("portfolio", path, "--by", "acct", "-o", out), "columns 1 (A) and 4 (D) are both named 'acct'")
    assert not out.exists()


def test_nameless_empty_columns_are_dropped_and_the_file_is_fine(tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("id,name,,\na,Ana,,\nb,Bo,,\n")
    assert "valid: 2 contacts" in fine(run("validate", path))


def test_portfolio_skips_only_the_account_with_a_bad_cell(tmp_path):
    path = tmp_path / "pipe.csv"
    rows = ["account,id,name,reports_to,roles,influence,stance,relationship"]
    for account in ("north", "south", "west", "east"):
        influence = HUGE if account == "south" else "4"
        name = "N" * 40_000 if account == "east" else "Bo"
        rows += [f"{account},ceo,Ana,,decision maker,{influence},1,2", f"{account},cfo,{name},ceo,advisor,3,0,1"]
    path.write_text("\n".join(rows) + "\n")
    out = tmp_path / "out.csv"
    text = fine(run("portfolio", path, "--by", "account", "-o", out, "--jobs", "1"))
    assert "2 accounts scored, 2 skipped" in text and "'south' (" in text and "'east' (" in text
    assert "out of range" in text and "40,000 characters" in text and "empty name" not in text
    assert [line.split(",")[0] for line in sorted(out.read_text().splitlines()[1:])] == ["north", "west"]


# -- policy ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("weight_declared = nan", "expected a finite number from 0 to 1"),
        ("weight_reach = inf", "expected a finite number from 0 to 1"),
        ("pagerank_alpha = 7", "out of range: expected a number from 0.01 to 0.99"),
        ("top_influence_quantile = 5.0", "out of range: expected a number from 0 to 1"),
        (f"stale_days = {HUGE}", "out of range: expected a whole number from 1 to 36500"),
    ],
)
def test_policy_values_are_range_checked_with_their_line(tmp_path, setting, expected):
    data = tmp_path / "ok.csv"
    data.write_text(HEADER + ROWS)
    policy = tmp_path / "policy.toml"
    policy.write_text(f"# team thresholds\nmin_threads = 3\n{setting}\n")
    key = setting.split(" =")[0]
    refused(run("analyze", data, "--policy", policy), f"{policy}, line 3, column '{key}'", expected)


def test_yaml_policy_nan_is_refused(tmp_path):
    data = tmp_path / "ok.csv"
    data.write_text(HEADER + ROWS)
    policy = tmp_path / "policy.yaml"
    policy.write_text("weight_declared: .nan\n")
    refused(run("analyze", data, "--policy", policy), f"{policy}, line 1, column 'weight_declared'", "finite")


# -- linear in columns ------------------------------------------------------------------------------


def test_ten_thousand_extra_columns_validate_in_bounded_time(tmp_path):
    path = tmp_path / "wide.csv"
    extra = [f"x{i}" for i in range(10_000)]
    lines = [",".join(["id", "name", *extra])]
    lines += [",".join([f"p{r}", f"Person {r}", *(str(r) for _ in extra)]) for r in range(5)]
    path.write_text("\n".join(lines) + "\n")
    assert "valid: 5 contacts" in fine(run("validate", path, timeout=90))  # quadratic took 254 s


def test_more_columns_than_excel_allows_are_refused(tmp_path):
    path = tmp_path / "too-wide.csv"
    path.write_text(",".join(["id", "name", *(f"x{i}" for i in range(LIMITS["columns"]))]) + "\na,Ana\n")
    refused(run("validate", path), str(path), f"at most {LIMITS['columns']:,}")


# -- encodings ------------------------------------------------------------------------------------

WESTERN = "id,name,title\nrm,Renée Müller,Directrice Générale\nfb,François Brandt,Geschäftsführer\n"


def test_windows_1252_file_reads_right(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(WESTERN.encode("cp1252"))
    result = run("analyze", path, "--format", "json")
    fine(result)
    people = {c["id"]: c for c in json.loads(result.stdout)["contacts"]}
    assert people["rm"]["name"] == "Renée Müller" and people["rm"]["title"] == "Directrice Générale"
    assert people["fb"]["title"] == "Geschäftsführer"


def test_gbk_file_still_reads_as_chinese(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("编号,姓名,职务\nC01,王建国,董事长\nC02,赵丽华,信息中心主任\n".encode("gbk"))
    result = run("analyze", path, "--format", "json")
    fine(result)
    people = json.loads(result.stdout)["contacts"]
    assert [p["name"] for p in people] == ["王建国", "赵丽华"]


def test_unclear_encoding_is_refused_with_both_readings_and_encoding_decides(tmp_path):
    path = tmp_path / "unclear.csv"
    # as GB18030, 'ÄÖ' is the character '闹' and 'ée' is '閑': one sign for each reading, neither wins
    path.write_bytes("id,name\nx,Renée ÄÖ\n".encode("cp1252"))
    text = refused(
        run("validate", path), f"{path}:", "cannot tell the encoding", "GB18030", "Windows-1252", "--encoding"
    )
    assert "Renée ÄÖ" in text and "Ren閑 闹" in text
    assert "Renée ÄÖ" in fine(run("analyze", path, "--encoding", "cp1252", "--format", "json"))
    assert "Ren閑 闹" in fine(run("analyze", path, "--encoding", "gb18030", "--format", "json"))


def test_unknown_encoding_name_is_a_usage_error(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + ROWS)
    result = run("validate", path, "--encoding", "klingon")
    assert result.returncode == 2 and "unknown encoding 'klingon'" in result.stderr


# -- text that acts on the reader -------------------------------------------------------------------

ESCAPES = {
    "clear": "\x1b[2J\x1b[H",
    "title": "\x1b]0;pwned\x07",
    "clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "csi8": "\x9b31m",
    "bidi": "\u202e",
}


def test_terminal_output_shows_control_sequences_never_sends_them(tmp_path):
    path = tmp_path / "esc.csv"
    name = "Eve" + "".join(ESCAPES.values())
    path.write_text(HEADER + f"eve,{name},CEO{ESCAPES['title']},,decision maker,5,1,2\n", encoding="utf-8")
    for args in (("analyze", path), ("analyze", path, "--format", "markdown"), ("analyze", path, "--lang", "zh")):
        out = fine(run(*args))
        assert "\x1b]" not in out and "\x9b" not in out and "\u202e" not in out and "\x07" not in out
        assert "Eve\\x1b" in out or "Eve\\\\x1b" in out  # shown as an escape (doubled in Markdown)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"eve,Eve,CEO,,decision maker,{ESCAPES['clipboard']},1,2\n")
    text = refused(run("validate", bad), "column 'influence'")
    assert "\x1b" not in text and "\x07" not in text


def test_markdown_output_has_no_images_links_or_scripts(tmp_path):
    path = tmp_path / "md.csv"
    path.write_text(
        HEADER + 'ceo,"![x](http://tracker.example/p.gif)",'
        '"[click](javascript:alert(1)) <img src=x onerror=alert(1)>",,decision maker,5,1,2\n'
    )
    out = fine(run("analyze", path, "--format", "markdown", "--name", "[Acme](javascript:alert(2))"))
    assert "![" not in out and "](" not in out and "javascript:" not in out and "<img" not in out
    assert "!\\[x\\]\\(http\\://tracker.example/p.gif)" in out  # only what would act is escaped


# -- invisible differences --------------------------------------------------------------------------


def test_ids_differing_only_in_invisible_characters_are_a_duplicate(tmp_path):
    path = tmp_path / "zw.csv"
    path.write_text(
        HEADER + "boss,Ana,CEO,,decision maker,5,1,2\nboss\u200b,Ana Ruiz,CEO,,advisor,4,1,2\n"
        "cafe\u0301,Bo,CFO,boss,,3,0,1\ncaf\u00e9,Cy,CTO,boss,,3,0,1\n"
    )
    text = refused(
        run("validate", path),
        f"{path}, row 3, column 'id'",
        "looks the same as 'boss' on row 2",
        f"{path}, row 5, column 'id'",
        "on row 4",
    )
    assert "invisible" in text


def test_reports_to_with_a_zero_width_space_finds_its_manager(tmp_path):
    path = tmp_path / "zw.csv"
    path.write_text(HEADER + "boss,Ana,CEO,,decision maker,5,1,2\nbo,Bo,CFO,\u200bboss\u200b,advisor,4,1,2\n")
    assert "valid: 2 contacts" in fine(run("validate", path))


# -- big single maps --------------------------------------------------------------------------------


def _star(path: Path, reports: int) -> Path:
    lines = [HEADER.strip(), "boss,Boss,CEO,,decision maker,5,1,2"]
    lines += [f"p{i},Person {i},Engineer,boss,,2,0,1" for i in range(reports)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _chain(path: Path, depth: int) -> Path:
    lines = [HEADER.strip(), "p0,Person 0,CEO,,decision maker,5,1,2"]
    lines += [f"p{i},Person {i},Manager,p{i - 1},,2,0,1" for i in range(1, depth)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_chart_of_ten_thousand_reports_points_to_html(tmp_path):
    path = _star(tmp_path / "star.csv", 10_000)
    out = tmp_path / "star.png"
    refused(run("chart", path, "-o", out, timeout=120), "10,001 people", "at most 1,000", "powermap html")
    assert not out.exists()


def test_chart_of_a_deep_chain_points_to_html(tmp_path):
    from powermap.render.chart import CHART_MAX_LEVELS

    path = _chain(tmp_path / "chain.csv", 150)
    refused(
        run("chart", path, "-o", tmp_path / "chain.png", timeout=120),
        "150 reporting levels",
        f"{CHART_MAX_LEVELS} levels",
        "powermap html",
    )


def test_a_reporting_chain_100000_deep_is_refused_with_the_limit(tmp_path):
    path = _chain(tmp_path / "chain.csv", 100_000)
    levels = LIMITS["reporting_levels"]
    refused(
        run("analyze", path, timeout=180),
        f"{path}, row {levels + 2}, column 'reports_to'",
        f"more than {levels} levels deep",
    )


def test_analyze_ten_thousand_reports_under_one_manager(tmp_path):
    path = _star(tmp_path / "star.csv", 10_000)
    result = run("analyze", path, "--format", "json", timeout=180)
    fine(result)
    assert len(json.loads(result.stdout)["contacts"]) == 10_001


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("influence", "nan", "unknown influence"),
        ("stance", "inf", "unknown stance"),
        ("relationship", "-inf", "unknown relationship"),
        ("last_contact", "2026-02-30", "not a date"),
        ("last_contact", "99999-01-01", "not a date"),
        ("last_contact", "0000-00-00", "not a date"),
    ],
)
def test_nan_inf_and_odd_dates_are_named(tmp_path, column, value, expected):
    cells = {
        "id": "a",
        "name": "Ana",
        "influence": "3",
        "stance": "1",
        "relationship": "2",
        "last_contact": "2026-01-05",
        column: value,
    }
    path = tmp_path / "odd.csv"
    path.write_text(",".join(cells) + "\n" + ",".join(cells.values()) + "\n")
    refused(run("validate", path), f"{path}, row 2, column '{column}'", expected)


def test_portfolio_skips_an_account_whose_chain_is_too_deep(tmp_path):
    path = tmp_path / "pipe.csv"
    rows = [
        "account,id,name,reports_to,roles,influence,stance,relationship",
        "ok,ceo,Ana,,decision maker,4,1,2",
        "ok,cfo,Bo,ceo,advisor,3,0,1",
        "deep,p0,Top,,decision maker,4,1,2",
    ]
    rows += [f"deep,p{i},Person {i},p{i - 1},,2,0,1" for i in range(1, 1000)]
    path.write_text("\n".join(rows) + "\n")
    text = fine(run("portfolio", path, "--by", "account", "-o", tmp_path / "out.csv", "--jobs", "1"))
    assert "1 account scored, 1 skipped: 'deep'" in text


def test_html_above_its_limit_is_refused_with_the_reason(tmp_path):
    from powermap.render.map import MAP_MAX_PEOPLE

    path = _star(tmp_path / "big.csv", MAP_MAX_PEOPLE)
    out = tmp_path / "big.html"
    refused(run("html", path, "-o", out, timeout=180), f"{MAP_MAX_PEOPLE + 1:,} people", f"at most {MAP_MAX_PEOPLE:,}")
    assert not out.exists()


# -- the same rules through the Python API ---------------------------------------------------------


def test_load_takes_an_encoding_and_decides_one_otherwise(tmp_path):
    import powermap

    path = tmp_path / "western.csv"
    path.write_bytes(WESTERN.encode("cp1252"))
    assert powermap.load(path).contacts["name"].tolist() == ["Renée Müller", "François Brandt"]
    forced = powermap.load(path, encoding="latin-1").contacts["name"].tolist()
    assert forced == ["Renée Müller", "François Brandt"]
    assert powermap.load(path).contacts["title"].tolist()[0] == "Directrice Générale"


def test_contacts_json_by_column_equals_the_cell_by_cell_build():
    import powermap
    from powermap.render.text import CONTACT_FIELDS, SCORE_FIELDS, _people, jsonable
    from powermap.sim.synth import organisation

    contacts, links = organisation(300, seed=4)
    contacts.loc[3, "notes"] = None
    pm = powermap.from_frame(contacts, links, stage=4, as_of="2026-11-15")
    scores = pm.scores()
    by_cell = pm.contacts.set_index("id", drop=False)
    score_rows = scores.set_index("id")

    def known(value):  # an empty text cell is unknown, null in the JSON like every other unknown
        return None if isinstance(value, str) and not value.strip() else value

    expected = [
        jsonable(
            {**{f: known(by_cell.at[i, f]) for f in CONTACT_FIELDS}, **{f: score_rows.at[i, f] for f in SCORE_FIELDS}}
        )
        for i in by_cell.index
    ]
    assert _people(pm.contacts, scores) == expected
    assert any(value is None for person in expected for value in person.values())  # unknowns are covered


def test_json_output_escapes_c1_and_bidi_controls_but_keeps_the_data(tmp_path):
    path = tmp_path / "c1.csv"
    path.write_text(HEADER + "eve,Eve\x9b2J\u202e,CEO,,decision maker,5,1,2\n", encoding="utf-8")
    result = run("analyze", path, "--format", "json")
    fine(result)
    assert "\x9b" not in result.stdout and "\u202e" not in result.stdout
    assert json.loads(result.stdout)["contacts"][0]["name"] == "Eve\x9b2J\u202e"


def test_frame_with_a_repeated_column_is_refused():
    import pandas as pd

    import powermap
    from powermap import InputError

    frame = pd.DataFrame([["a", "Ana", 1, 2]], columns=["id", "name", "foo", "foo"])
    with pytest.raises(InputError, match="'foo' appears more than once"):
        powermap.from_frame(frame)


def test_yaml_with_ordinary_anchors_still_loads(tmp_path):
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "defaults: &team {owner: Dana Ruiz, relationship: business}\n"
        "contacts:\n"
        "  - {<<: *team, id: ceo, name: Ana Ruiz, roles: [decision maker]}\n"
        "  - {<<: *team, id: cfo, name: Bo Chen, reports_to: ceo, roles: [advisor]}\n"
    )
    result = run("analyze", path, "--format", "json")
    fine(result)
    people = json.loads(result.stdout)["contacts"]
    assert [p["owner"] for p in people] == ["Dana Ruiz", "Dana Ruiz"]


def test_portfolio_takes_the_encoding_option(tmp_path):
    path = tmp_path / "pipe.csv"
    path.write_bytes("account,id,name\nA1,x,Renée ÄÖ\nA2,y,Bo\n".encode("cp1252"))
    out = tmp_path / "out.csv"
    refused(run("portfolio", path, "--by", "account", "-o", out), "cannot tell the encoding")
    fine(
        run(
            "portfolio",
            path,
            "--by",
            "account",
            "-o",
            out,
            "--encoding",
            "cp1252",
            "--jobs",
            "1",
            "--contacts-out",
            tmp_path / "people.csv",
        )
    )
    assert "Renée ÄÖ" in (tmp_path / "people.csv").read_text(encoding="utf-8")


def test_report_of_a_map_too_big_to_draw_says_why_the_chart_is_missing():
    import powermap
    from powermap.render.chart import CHART_MAX_PEOPLE
    from powermap.sim.synth import organisation

    contacts, links = organisation(CHART_MAX_PEOPLE + 50, seed=2)
    pm = powermap.from_frame(contacts, links, stage=4, as_of="2026-11-15")
    with pytest.raises(ValueError, match="powermap html"):
        pm.plot()
    page = pm.report(with_map=False)
    assert f"at most {CHART_MAX_PEOPLE:,} people" in page


def test_yaml_policy_alias_bomb_is_refused(tmp_path):
    data = tmp_path / "ok.csv"
    data.write_text(HEADER + ROWS)
    policy = tmp_path / "policy.yaml"
    policy.write_text(_alias_bomb(mapping=True).replace("contacts: [{id: x, name: *a8}]", "stale_days: *a8"))
    refused(run("analyze", data, "--policy", policy, timeout=30), str(policy), f"{LIMITS['alias_values']:,} values")
