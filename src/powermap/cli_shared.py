"""What every powermap command shares: its options, declared once, and the few steps around the library call.

A reading command takes its inputs through one decorator, :func:`reads`, as ``sqlite-utils`` shares its
options: the contacts file, ``--links``, ``--name``, ``--stage``, ``--technicality``, ``--as-of``,
``--encoding`` and the CRM read options (``--from``, ``--activities``, ... from :mod:`powermap.cli_crm`)
arrive as one :class:`Inputs` value. The other shared options (``--lang``, ``--format``, ``-o/--out``,
``--store``, ``--jobs``, ``--policy``) are declared here too, so the commands in :mod:`powermap.cli`
only parse, call the library and print.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from powermap.cli_crm import current, read_options

if TYPE_CHECKING:
    from powermap.io.profiles import ReadOptions

__all__ = [
    "Format",
    "Lang",
    "Inputs",
    "reads",
    "lang_option",
    "format_option",
    "out_option",
    "PolicyOpt",
    "StoreOpt",
    "StoreReq",
    "jobs_option",
    "PROBLEMS_SHOWN",
    "safe",
    "safe_json",
    "emit",
    "load_map",
    "load_or_exit",
    "load_args_or_exit",
    "print_problems",
    "print_skipped",
    "writing",
    "refuse_overwriting",
    "refuse_too_large",
    "store_file",
    "store_or_exit",
    "font_warnings",
    "write_table_or_exit",
    "check_table_paths",
    "progress",
    "input_lines",
    "run",
    "EXIT_INTERRUPTED",
    "EXIT_BROKEN_PIPE",
]


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


# -- the options, declared once -----------------------------------------------------------------------------------

FileArg = typer.Argument(
    ...,
    metavar="FILE",
    help="Contacts: CSV/TSV, XLSX, JSON, YAML or Parquet (or a single-file account).",
    show_default=False,
)
LinksOpt = typer.Option(None, "--links", help="A links table: source, target, kind, weight.")
NameOpt = typer.Option(None, "--name", help="Account name (default: the file's name).")
StageOpt = typer.Option(
    None,
    "--stage",
    help="Sales stage, 1-8 or its name: 1 planning, 2 visit, 3 proposal, "
    "4 demo, 5 requirements (or tender), 6 evaluation, 7 negotiation, 8 signing (Chinese names "
    "too; docs/methodology.md §6). Without it the stage rules are not checked.",
)
TechOpt = typer.Option(None, "--technicality", help="low, medium or high.")
AsOfOpt = typer.Option(None, "--as-of", help="The date the map describes (ISO; default today).")
EncodingOpt = typer.Option(
    None,
    "--encoding",
    help="Read text files (CSV, JSON, YAML) in this encoding, e.g. "
    "cp1252 or gb18030 (default: decided from the bytes; an unclear file is refused).",
)
PolicyOpt = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML).")
STORE_HELP = "Snapshot store: a SQLite file (powermap.db, sqlite:///path) or postgresql+psycopg://user@host/db."
StoreOpt = typer.Option(None, "--store", help=STORE_HELP)
StoreReq = typer.Option(..., "--store", help=STORE_HELP)


def lang_option(help: str) -> Any:
    """``--lang`` (en or zh, default en), with what the language applies to in this command."""
    return typer.Option(Lang.en, "--lang", help=help)


def format_option(help: str = "table, json or markdown.") -> Any:
    """``--format`` (table, json or markdown; default table)."""
    return typer.Option(Format.table, "--format", help=help)


def out_option(help: str) -> Any:
    """A required ``-o/--out``, with what is written there."""
    return typer.Option(..., "-o", "--out", help=help)


def jobs_option(help: str = "Worker processes (-1: every free core).") -> Any:
    """``--jobs`` (default -1: every free core)."""
    return typer.Option(-1, "--jobs", help=help)


_INPUTS: dict[str, tuple[Any, Any]] = {
    "file": (Path, FileArg),
    "links": (Optional[Path], LinksOpt),
    "name": (Optional[str], NameOpt),
    "stage": (Optional[str], StageOpt),
    "technicality": (Optional[str], TechOpt),
    "as_of": (Optional[str], AsOfOpt),
    "encoding": (Optional[str], EncodingOpt),
}


@dataclasses.dataclass(frozen=True)
class Inputs:
    """What a reading command reads: the contacts file, the facts given beside it, and how to read it.

    ``read`` holds the CRM read options (``--from``, ``--contact-roles``, ``--activities``, ...), as
    :func:`powermap.cli_crm.current` gives them inside the command.

    Examples
    --------
    >>> Inputs(Path("deal.csv"), as_of="2026-11-15").files()
    [PosixPath('deal.csv'), None]
    """

    file: Path
    links: Optional[Path] = None
    name: Optional[str] = None
    stage: Optional[str] = None
    technicality: Optional[str] = None
    as_of: Optional[str] = None
    read: Optional[ReadOptions] = None

    def files(self) -> list[Optional[Path]]:
        """The files read (the contacts, and the links when given): no output may replace one."""
        return [self.file, self.links]


def reads(*order: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command the input options and the CRM read options; it receives them as ``inputs: Inputs``.

    ``order`` names the command's options in the order ``--help`` shows them: the input options
    (``file``, ``links``, ``name``, ``stage``, ``technicality``, ``as_of``, ``encoding``) among the command's own
    parameters. A command leaves out the input options it does not take. ``--encoding`` is applied before
    the command runs (:func:`use_encoding`).
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)
        own = {n: p for n, p in signature.parameters.items() if n != "inputs"}
        taken = [n for n in order if n in _INPUTS]
        names = [*(n for n in order if n in _INPUTS or n in own), *(n for n in own if n not in order)]
        parameters = [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=_INPUTS[n][1], annotation=_INPUTS[n][0])
            if n in taken
            else own[n].replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for n in names
        ]

        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Any:
            given = {n: kwargs.pop(n, None) for n in taken}
            use_encoding(given.pop("encoding", None))
            return func(**kwargs, inputs=Inputs(**given, read=current()))

        # inspect (so Typer) reads a function's __signature__; typeshed does not declare it on functools.wraps' result
        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        annotations = {n: a for n, a in getattr(func, "__annotations__", {}).items() if n != "inputs"}
        wrapper.__annotations__ = {**annotations, **{n: _INPUTS[n][0] for n in taken}}
        return read_options(wrapper)

    return decorate


def use_encoding(encoding: Optional[str]) -> None:
    """Make ``--encoding`` the encoding of every file this command reads (None: decide from the bytes).

    Every reading command calls this first, so one command's choice never carries over to the next."""
    from powermap.io.encoding import check_encoding
    from powermap.io.read import FORCED_ENCODING

    try:
        FORCED_ENCODING.set(check_encoding(encoding) if encoding is not None else None)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--encoding") from None


# -- printing ------------------------------------------------------------------------------------------------------


def safe(text: Any) -> str:
    """User text for the terminal: control sequences shown, never obeyed."""
    from powermap.text.safe import terminal

    return terminal(text)


def safe_json(document: str) -> str:
    """A JSON document for the terminal (:func:`powermap.text.safe.json_text`)."""
    from powermap.text.safe import json_text

    return json_text(document)


def emit(text: str, piece: int = 1 << 16) -> None:
    """Write ``text`` to stdout in pieces no bigger than a pipe's buffer: one huge write to a pipe whose reader
    has gone (``| head``) can end early without an error, and the command would then claim success."""
    for start in range(0, len(text), piece):
        sys.stdout.write(text[start : start + piece])
        sys.stdout.flush()


PROBLEMS_SHOWN = 40  # beyond this, commands other than validate point to it for the full list


def print_problems(error: Any, limit: int | None = PROBLEMS_SHOWN) -> None:
    """An input's problems on stderr: the first ``limit`` (all with None), then a count."""
    from rich.console import Console

    from powermap.io.validate import MANY_ACCOUNTS

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    n = len(error.problems)
    console.print(f"[bold red]{n} problem{'s' if n != 1 else ''} in the input[/]", markup=True)
    hint = [p for p in error.problems if p.row is None and MANY_ACCOUNTS in p.message]
    if (
        hint and limit is not None
    ):  # a pipeline file: the hint is the answer, the rest (repeated ids ...) follow from it
        console.print(f"  {safe(hint[0])}", markup=False)
        if n > 1:
            console.print(
                f"  the other {n - 1} problem{'s' if n != 2 else ''} (repeated ids, facts that differ between rows) "
                "come from the accounts sharing one table: `powermap validate` lists them all",
                markup=False,
            )
        return
    shown = error.problems if limit is None else error.problems[:limit]
    for problem in shown:
        console.print(f"  {safe(problem)}", markup=False)
    if len(shown) < n:
        console.print(f"  ... and {n - len(shown)} more: `powermap validate` lists them all", markup=False)


def print_skipped(console: Any, problems: list) -> None:
    """The problems of the accounts a pipeline run skipped: the first ``PROBLEMS_SHOWN``, then a count."""
    for problem in problems[:PROBLEMS_SHOWN]:
        console.print(f"  {safe(problem)}", markup=False)
    if len(problems) > PROBLEMS_SHOWN:
        console.print(f"  ... and {len(problems) - PROBLEMS_SHOWN} more problems", markup=False)


def input_lines(reading: Any, lang: str) -> list[str]:
    """The profile read, the columns not used, and notes on what was inferred."""
    from powermap.text.words import section

    w = section("reading", lang)
    lines = []
    if reading.profile != "plain":
        lines.append(f"{w['read_as']}: {reading.label}")
    if reading.unused:
        lines.append(f"{w['unused']}: {', '.join(reading.unused)}")
    lines += [f"{w['notes']}: {n}" for n in reading.notes]
    return [safe(line) for line in lines]


# -- reading -------------------------------------------------------------------------------------------------------


def load_map(inputs: Inputs, policy: Any = None) -> Any:
    """The map the inputs describe, read through the command's read options; reading warnings on stderr."""
    from powermap.facade import load

    pm = load(
        inputs.file,
        links=inputs.links,
        name=inputs.name,
        stage=inputs.stage,
        technicality=inputs.technicality,
        as_of=inputs.as_of,
        read=inputs.read,
        policy=policy,
    )
    for warning in pm.reading.warnings if pm.reading else []:
        print(f"warning: {safe(warning)}", file=sys.stderr)
    return pm


def load_or_exit(inputs: Inputs, policy: Optional[Path] = None) -> tuple[Any, Any]:
    """The map and the policy, or every problem printed and exit status 1."""
    from powermap.errors import InputError
    from powermap.policy import load_policy

    try:
        rules = load_policy(policy)
        return load_map(inputs, rules), rules
    except InputError as error:
        print_problems(error)
        raise typer.Exit(1) from None


def load_args_or_exit(file: Path, links: Optional[Path], name, stage, technicality, as_of) -> tuple[Any, Any]:
    """:func:`load_or_exit` for the commands of :mod:`powermap.cli_crm`, which name the inputs one by one."""
    return load_or_exit(Inputs(file, links, name, stage, technicality, as_of, read=current()))


# -- writing -------------------------------------------------------------------------------------------------------


@contextmanager
def writing(outputs=(), inputs=(), lang: str = "en", stores=()) -> Iterator[None]:
    """Check the outputs against the inputs first, then write inside this block: a file that cannot be
    written (or would overwrite an input) is one line on stderr and exit status 1, never a traceback."""
    from powermap.io.writing import OutputError, check_outputs

    options = current()  # the files the read options name are inputs too
    read = [options.contact_roles, options.users] if options is not None else []
    try:
        check_outputs(outputs, [*inputs, *read], stores)
        yield
    except OutputError as error:
        print(error.text(lang), file=sys.stderr)
        raise typer.Exit(1) from None


def refuse_overwriting(outputs, inputs, lang: str = "en", stores=()) -> None:
    """Exit 1, before any work, when an output is one of the inputs or a store's file, or two outputs are one file."""
    with writing(outputs, inputs, lang, stores):
        pass


def refuse_too_large(file: Path, reason: Optional[str], hint: str = "") -> None:
    """Exit 1 with why the map is too large for this output (``reason`` from chart_too_large/map_too_large)."""
    if reason:
        print(f"{safe(file)}: {reason}{hint}", file=sys.stderr)
        raise typer.Exit(1)


def check_table_paths(*paths: Optional[Path], hint: Optional[str] = None) -> None:
    """Usage error (exit 2) unless every given path names a table powermap writes (:func:`io.sheets.table_path`)."""
    from powermap.io.sheets import table_path

    for path in paths:
        if path is not None:
            try:
                table_path(path)
            except ValueError as error:
                raise typer.BadParameter(str(error), param_hint=hint) from None


def write_table_or_exit(frame: Any, path: Path) -> None:
    """A table to .csv, .xlsx (formula-safe) or .parquet (exact), atomically: see powermap.io.sheets."""
    from powermap.io.sheets import write_table

    try:
        write_table(frame, path)
    except ValueError as error:  # a table too long for an Excel sheet: said plainly, nothing half-written
        print(f"error: {error}", file=sys.stderr)
        raise typer.Exit(1) from None


@contextmanager
def font_warnings() -> Iterator[None]:
    """Draw inside this block: a missing CJK font is said on stderr, in one line, not as a Python warning."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        if warning.category.__name__ == "MissingFontWarning":
            print(f"warning: {warning.message}", file=sys.stderr)


# -- the store -----------------------------------------------------------------------------------------------------


def store_file(store: Optional[str]) -> Optional[Path]:
    """The file a SQLite ``--store`` lives in (an input no output may replace), else None."""
    if store is None:
        return None  # SQLAlchemy is not imported for a run without a store
    from powermap.store.db import store_file as file_of

    return file_of(store)


@contextmanager
def store_or_exit(url: str, policy: Any = None, create: bool = True) -> Iterator[Any]:
    """The store, or its problem said in one line and exit status 1 (never a traceback)."""
    from rich.console import Console

    from powermap.store.db import Store, StoreError

    try:
        store = Store(url, policy=policy, create=create)
    except StoreError as error:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"error: {error}", markup=False)
        raise typer.Exit(1) from None
    try:
        yield store
    except StoreError as error:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"error: {error}", markup=False)
        raise typer.Exit(1) from None
    finally:
        store.close()


@contextmanager
def progress(console: Any) -> Iterator[Optional[Callable[[int, Optional[int]], None]]]:
    """A Rich progress bar on a terminal, as ``advance(done, total)``; silent (None) otherwise."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "scoring accounts", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True
    )
    bar.start()
    try:
        task = bar.add_task("accounts", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
    finally:
        bar.stop()


# -- running: Ctrl-C and a closed pipe end a command quietly ---------------------------------------------------------


class _Stop(BaseException):
    """Ctrl-C or a closed output pipe: caught in :func:`main` only (a BaseException, so that no layer in
    between, Click's included, turns it into a message or another exit status)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class _PipeGuard:
    """sys.stdout or sys.stderr, where writing to a pipe its reader has closed stops the command quietly."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise _Stop(EXIT_BROKEN_PIPE) from None

    def flush(self):
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise _Stop(EXIT_BROKEN_PIPE) from None

    def __getattr__(self, name):
        return getattr(self._stream, name)


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports `yes | head`: the reader had what it wanted


_INTERRUPTED: list[bool] = []


def _interrupted(signum, frame) -> None:
    # remembered as well as raised: Python ignores an exception raised while it runs a finaliser or an
    # after-fork hook, and main() still ends with 130 then
    _INTERRUPTED.append(True)
    raise _Stop(EXIT_INTERRUPTED)


def _quiet_exit(status: int) -> None:
    import os

    if status == EXIT_BROKEN_PIPE:
        # nothing more can reach the closed pipe: send what Python still flushes at exit to /dev/null
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.__stdout__, sys.__stderr__):
            if stream is None:  # no such stream (pythonw, some embedders)
                continue
            try:
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError, AttributeError):
                pass
    sys.exit(status)


def run(app: typer.Typer) -> None:
    """Run the command line ``app``: Ctrl-C ends any command quietly with status 130, a closed output pipe
    with status 141 (as a shell reports a command stopped by SIGPIPE)."""
    import signal

    signal.signal(signal.SIGINT, _interrupted)
    sys.stdout, sys.stderr = _PipeGuard(sys.stdout), _PipeGuard(sys.stderr)
    try:
        app()
        if _INTERRUPTED:
            _quiet_exit(EXIT_INTERRUPTED)
    except _Stop as stop:
        _quiet_exit(stop.status)
    except KeyboardInterrupt:
        _quiet_exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _quiet_exit(EXIT_BROKEN_PIPE)
    except SystemExit as done:
        # Click turns a broken pipe it meets itself (in --help, say) into status 1 behind a PacifyFlushWrapper
        if done.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _quiet_exit(EXIT_BROKEN_PIPE)
        if _INTERRUPTED and done.code in (0, None):
            _quiet_exit(EXIT_INTERRUPTED)
        raise
