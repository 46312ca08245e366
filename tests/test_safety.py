"""Safe to share and safe to open: spreadsheets that cannot run formulas, writes that never leave half a file
or overwrite an input, quiet ends on Ctrl-C and closed pipes, and one scoring never disturbing another."""

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLES
from openpyxl import load_workbook
from typer.testing import CliRunner

from powermap import portfolio
from powermap.cli import app
from powermap.io.sheets import neutralise, spreadsheet_safe, write_table
from powermap.io.writing import OutputError, atomic_path, check_outputs, write_text
from powermap.sim.synth import pipeline

runner = CliRunner()

PAYLOADS = [
    '=HYPERLINK("http://x.example/a";"click")',
    "@SUM(1)",
    "+1+1",
    "-2+3",
    "\tcmd",
    "\r=1",
    "=cmd|' /C calc'!A0",
]
# a bare carriage return inside a quoted CSV cell is an input-reading matter (hostile inputs): not in the pipeline
NAMES = [p for p in PAYLOADS if "\r" not in p]


# -- formula-safe spreadsheets ------------------------------------------------------------------------------------


def test_text_cells_that_start_a_formula_get_a_quote_and_nothing_else_changes():
    for payload in PAYLOADS:
        assert neutralise(payload) == "'" + payload
    for harmless in ("Acme", "", "-12", "+3.5", "1e5", "a=b", " =x", "'quoted", "赢单"):
        assert neutralise(harmless) == harmless
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5
    frame = pd.DataFrame({"=name": ["=1+1", "ok"], "n": [-1, 2], "share": [-0.5, 0.25], "ids": [("a", "=b"), ("c",)]})
    safe = spreadsheet_safe(frame)
    assert list(safe.columns) == ["'=name", "n", "share", "ids"]
    assert safe["'=name"].tolist() == ["'=1+1", "ok"]
    assert safe["n"].tolist() == [-1, 2] and safe["n"].dtype.kind == "i" and safe["share"].dtype.kind == "f"
    assert safe["ids"].tolist() == ["a;=b", "c"]  # joined text does not start with a formula character
    assert frame["=name"].tolist() == ["=1+1", "ok"]  # the caller's frame is unchanged


def _hostile_pipeline(tmp_path: Path) -> Path:
    contacts = pipeline(6, 8, seed=4).astype(str)
    accounts = sorted(contacts["account"].unique())
    contacts["account_name"] = contacts["account"].map(dict(zip(accounts, NAMES)))
    contacts.loc[contacts.index[::3], "name"] = '=HYPERLINK("http://x.example";"me")'
    contacts.loc[contacts.index[1::3], "title"] = "@SUM(A1:A9)"
    path = tmp_path / "hostile.csv"
    contacts.to_csv(path, index=False)
    return path


def _cells(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        book = load_workbook(path)
        sheet = book.active
        return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)] + [
            c.data_type for row in sheet.iter_rows() for c in row
        ]
    return pd.read_csv(path, dtype=str, keep_default_na=False).to_numpy().ravel().tolist()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_portfolio_spreadsheet_output_is_formula_safe(tmp_path, suffix):
    source = _hostile_pipeline(tmp_path)
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    table["owner"] = "=cmd|' /C calc'!A0"  # the plan names the owner who acts in each step
    table.to_csv(source, index=False)
    out, contacts, gaps, plans = (tmp_path / f"{n}{suffix}" for n in ("accounts", "contacts", "gaps", "plans"))
    outputs = ["-o", str(out), "--contacts-out", str(contacts), "--gaps-out", str(gaps), "--plan-out", str(plans)]
    done = runner.invoke(app, ["portfolio", str(source), "--by", "account", *outputs, "--jobs", "1"])
    assert done.exit_code == 0, done.output
    steps = pd.read_csv(plans, dtype=str) if suffix == ".csv" else pd.read_excel(plans, dtype=str)
    assert (steps["member"] == "'=cmd|' /C calc'!A0").any()
    for path in (out, contacts, gaps, plans):
        cells = _cells(path)
        assert not [
            c
            for c in cells
            if isinstance(c, str)
            and c.startswith(("=", "+", "-", "@", "\t", "\r"))
            and not c.lstrip("+-").replace(".", "", 1).isdigit()
        ], path
        if suffix == ".xlsx":
            assert "f" not in cells  # no cell of the workbook is a formula
    accounts = (
        pd.read_csv(out, dtype=str, keep_default_na=False)
        if suffix == ".csv"
        else pd.read_excel(out, dtype=str, keep_default_na=False)
    )
    # names are read with surrounding whitespace trimmed ("\tcmd" is "cmd"), then neutralised
    assert sorted(accounts["account_name"]) == sorted(neutralise(p.strip()) for p in NAMES)
    if suffix == ".csv":  # numbers stay numbers
        typed = pd.read_csv(out)
        assert typed["coverage"].dtype.kind == "f" and typed["contacts"].dtype.kind == "i"
    else:
        sheet = load_workbook(out).active
        header = [c.value for c in sheet[1]]
        assert isinstance(sheet.cell(2, header.index("coverage") + 1).value, (int, float))


def test_parquet_outputs_keep_the_text_exactly(tmp_path):
    source = _hostile_pipeline(tmp_path)
    out, contacts = tmp_path / "accounts.parquet", tmp_path / "contacts.parquet"
    done = runner.invoke(
        app,
        ["portfolio", str(source), "--by", "account", "-o", str(out), "--contacts-out", str(contacts), "--jobs", "1"],
    )
    assert done.exit_code == 0, done.output
    assert sorted(pd.read_parquet(out)["account_name"]) == sorted(p.strip() for p in NAMES)
    assert (pd.read_parquet(contacts)["name"] == '=HYPERLINK("http://x.example";"me")').any()


def test_the_simulators_csv_files_are_formula_safe(tmp_path):
    from powermap.sim.simulate import main as simulate

    contacts, outcomes = tmp_path / "c.csv", tmp_path / "o.csv"
    simulate([str(contacts), str(outcomes), "--accounts", "40", "--people", "12"])
    for path in (contacts, outcomes):
        assert not any(str(c).startswith(("=", "@")) for c in _cells(path))


# -- atomic, checked writes ---------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_previous_file_byte_identical_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "accounts.csv"
    target.write_bytes(b"the previous good file\n")
    before = target.read_bytes()

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full_disk)
    with pytest.raises(OutputError) as caught:
        write_table(pd.DataFrame({"a": [1]}), target)
    assert str(target) in str(caught.value) and "No space left on device" in str(caught.value)
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["accounts.csv"]

    with pytest.raises(KeyboardInterrupt):  # killed mid-write (Ctrl-C): the same
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half a fi")
            raise KeyboardInterrupt
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["accounts.csv"]


def test_a_full_disk_in_the_cli_is_exit_1_naming_the_path(tmp_path, monkeypatch):
    out = tmp_path / "accounts.csv"
    out.write_text("previous\n")
    monkeypatch.setattr(
        pd.DataFrame, "to_csv", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device"))
    )
    done = runner.invoke(
        app, ["portfolio", str(SAMPLES / "pipeline.csv"), "--by", "account", "-o", str(out), "--jobs", "1"]
    )
    assert done.exit_code == 1 and f"cannot write {out}" in done.output and "No space left" in done.output
    assert "Traceback" not in done.output and out.read_text() == "previous\n"


def test_a_folder_that_cannot_be_made_is_exit_1_naming_the_path(tmp_path):
    blocker = tmp_path / "reports"
    blocker.write_text("a file where a folder should be")
    out = blocker / "map.html"
    done = runner.invoke(app, ["html", str(SAMPLES / "hospital.csv"), "-o", str(out)])
    assert done.exit_code == 1 and f"cannot write {out}" in done.output and "Traceback" not in done.output
    made = runner.invoke(app, ["html", str(SAMPLES / "hospital.csv"), "-o", str(tmp_path / "new" / "map.html")])
    assert made.exit_code == 0 and (tmp_path / "new" / "map.html").is_file()  # a missing folder is created


def test_every_command_refuses_to_overwrite_its_input(tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_bytes((SAMPLES / "hospital.csv").read_bytes())
    before = contacts.read_bytes()
    same = str(tmp_path / "." / "contacts.csv")  # the same file by another spelling
    for command in (
        ["html", str(contacts), "-o", same],
        ["report", str(contacts), "-o", same],
        ["portfolio", str(contacts), "--by", "name", "-o", same],
        [
            "portfolio",
            str(SAMPLES / "pipeline.csv"),
            "--by",
            "account",
            "-o",
            str(tmp_path / "a.csv"),
            "--contacts-out",
            str(tmp_path / "a.csv"),
        ],
    ):
        done = runner.invoke(app, command)
        assert done.exit_code == 1, command
        assert "cannot write" in done.output and (
            "is the input file" in done.output or "is also the output" in done.output
        )
        assert contacts.read_bytes() == before
    png = tmp_path / "c.png"
    png.write_bytes(b"\x89PNG not really")
    assert runner.invoke(app, ["chart", str(png), "-o", str(png)]).exit_code in (1, 2)
    assert png.read_bytes() == b"\x89PNG not really"
    link = tmp_path / "link.csv"
    link.symlink_to(contacts)
    with pytest.raises(OutputError, match="is the input file"):
        check_outputs([link], [contacts])


def test_learn_refuses_a_model_path_that_is_its_outcomes_file(tmp_path):
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_bytes((SAMPLES / "history_outcomes.csv").read_bytes())
    done = runner.invoke(
        app,
        ["learn", str(SAMPLES / "history.csv"), "--by", "account", "--outcomes", str(outcomes), "-o", str(outcomes)],
    )
    assert done.exit_code == 1 and "is the input file" in done.output
    assert outcomes.read_bytes() == (SAMPLES / "history_outcomes.csv").read_bytes()


def test_an_atomic_write_keeps_a_new_files_usual_permissions(tmp_path):
    path = write_text(tmp_path / "out.txt", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


# -- quiet ends: closed pipes and Ctrl-C, with real processes -------------------------------------------------------


def test_a_closed_pipe_ends_quietly_with_status_141(tmp_path):
    # `powermap analyze ... | head -1`: the reader closes after the first line. The output must be bigger than the
    # pipe's buffer (64 KiB on Linux): an output that fits is all written before the reader closes, and a
    # command that wrote everything it had ends with 0, as `cat small | head -1` does.
    from powermap.sim.synth import organisation

    contacts, _ = organisation(600, seed=1)
    big = tmp_path / "big.csv"
    contacts.to_csv(big, index=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "powermap.cli", "analyze", str(big), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in error and "BrokenPipe" not in error and "Exception ignored" not in error
    shell = subprocess.run(
        f"'{sys.executable}' -m powermap.cli analyze '{big}' --format json | head -3; echo status ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shell.stdout.splitlines()[-1] == "status 141" and len(shell.stdout.splitlines()) == 4
    assert "Traceback" not in shell.stderr and "Error" not in shell.stderr


def _children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="watches the worker processes start through /proc",
)
def test_ctrl_c_mid_run_exits_130_quietly_and_keeps_the_previous_output(tmp_path):
    source = tmp_path / "big.parquet"
    pipeline(3000, 40, seed=2).astype(str).to_parquet(source, index=False)
    out = tmp_path / "accounts.csv"
    out.write_text("the previous good table\n")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "powermap.cli",
            "portfolio",
            str(source),
            "--by",
            "account",
            "-o",
            str(out),
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not _children(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the worker processes have started: the file is read and scoring is under way
    time.sleep(0.5)  # past the fork itself, whose after-fork hooks Python runs with exceptions ignored
    assert process.poll() is None, "finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=120)
    assert process.returncode == 130, error.decode()[-2000:]
    assert b"Traceback" not in error and b"KeyboardInterrupt" not in error and b"Aborted" not in error
    assert out.read_text() == "the previous good table\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.csv", "big.parquet"]


# -- no shared state between scorings -----------------------------------------------------------------------------


def test_two_concurrent_parallel_scorings_do_not_interfere():
    first, second = pipeline(60, 20, seed=5), pipeline(45, 25, seed=6)
    expected = [portfolio.score(first, "account").accounts, portfolio.score(second, "account").accounts]
    got: dict[int, pd.DataFrame] = {}

    def run(i, frame):
        got[i] = portfolio.score(frame, "account", n_jobs=2, rows_per_chunk=200).accounts

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for i in (0, 1):
        pd.testing.assert_frame_equal(got[i], expected[i])


# -- the public constructor validates ---------------------------------------------------------------------------


def test_a_bare_powermap_from_a_users_frame_is_validated():
    from powermap import InputError, load
    from powermap.facade import PowerMap

    pm = PowerMap(pd.DataFrame({"id": ["a", "b"], "name": ["Ann", "Bo"]}))
    assert len(pm) == 2 and {"influence", "stance", "level"} <= set(pm.contacts.columns)
    assert "missing-role" in set(pm.gaps()["code"])
    with pytest.raises(InputError) as caught:
        PowerMap(pd.DataFrame({"id": ["a", "a"], "name": ["Ann", "Bo"], "influence": ["huge", ""]}))
    text = str(caught.value)
    assert "row 2, column 'influence': 'huge'" in text and "row 3, column 'id'" in text
    hospital = load(SAMPLES / "hospital.csv", stage=5)
    again = PowerMap(hospital.contacts, hospital.links, hospital.account)  # a map's own tables, rebuilt
    pd.testing.assert_frame_equal(again.gaps(), hospital.gaps())
    assert again.account == hospital.account


def test_the_package_checks_itself_without_assert_statements():
    """Module-level consistency checks must survive ``python -O``, which strips assert statements."""
    import ast

    source = Path(__file__).resolve().parent.parent / "src" / "powermap"
    for module in source.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        assert not [n for n in tree.body if isinstance(n, ast.Assert)], module.name
    done = subprocess.run(
        [sys.executable, "-O", "-c", "import powermap.learn.model, powermap.analysis.gaps, powermap.render.text"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_learn_silences_only_its_own_training_notes(tmp_path, monkeypatch):
    """The notes are printed once as `note:` lines; any other warning (a library's) still reaches the user."""
    import warnings

    from powermap.learn import model as learn

    real_fit = learn.fit

    def fit(*args, **kwargs):
        warnings.warn("a library's own warning", UserWarning, stacklevel=2)
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(learn, "fit", fit)
    contacts = tmp_path / "history.csv"
    frame = pd.read_csv(SAMPLES / "history.csv", dtype=str, keep_default_na=False)
    frame[frame["account"].isin(sorted(frame["account"].unique())[:120])].to_csv(contacts, index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = runner.invoke(
            app,
            [
                "learn",
                str(contacts),
                "--by",
                "account",
                "--outcomes",
                str(SAMPLES / "history_outcomes.csv"),
                "-o",
                str(tmp_path / "m.model"),
                "--jobs",
                "1",
            ],
        )
    assert done.exit_code == 0, done.output
    assert "note: 480 accounts in" in done.output  # outcomes naming accounts not in this cut of the history
    messages = [str(w.message) for w in caught]
    assert "a library's own warning" in messages and not any("not found in" in m for m in messages)


def test_output_errors_are_worded_in_chinese_with_lang_zh(tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_bytes((SAMPLES / "hospital.csv").read_bytes())
    done = runner.invoke(app, ["html", str(contacts), "-o", str(contacts), "--lang", "zh"])
    assert done.exit_code == 1 and f"无法写入 {contacts}: 这是输入文件 {contacts}" in done.output
    blocker = tmp_path / "x"
    blocker.write_text("")
    done = runner.invoke(app, ["report", str(contacts), "-o", str(blocker / "r.html"), "--lang", "zh"])
    assert done.exit_code == 1 and "无法创建文件夹" in done.output
