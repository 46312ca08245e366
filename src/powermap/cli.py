"""The powermap command line: a thin layer over the Python API.

Exit status (contract): 0 done (whatever the gaps), 1 invalid input (every
problem printed, with file, row and column) or an output that cannot be
written, 2 wrong usage, 130 interrupted (Ctrl-C), 141 the output pipe was
closed by its reader (``| head``).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from powermap.cli_crm import read_options
from powermap.text.words import count, words

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Influence maps of a customer organisation, and where the deal is exposed.",
)


def _print_version(value: bool) -> None:
    if value:
        from powermap import __version__

        print(f"powermap {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print powermap's version and exit."
    ),
) -> None:
    """Influence maps of a customer organisation, and where the deal is exposed."""


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class Engine(str, Enum):
    local = "local"
    spark = "spark"


class Kind(str, Enum):
    logistic = "logistic"
    gbm = "gbm"


class Layout(str, Enum):
    tree = "tree"
    free = "free"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


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
StoreOpt = typer.Option(
    None,
    "--store",
    help="Snapshot store: a SQLite file (powermap.db, sqlite:///path) or postgresql+psycopg://user@host/db.",
)


def _use_encoding(encoding: Optional[str]) -> None:
    """Make ``--encoding`` the encoding of every file this command reads (None: decide from the bytes).

    Every reading command calls this first, so one command's choice never carries over to the next."""
    from powermap.io.encoding import check_encoding
    from powermap.io.read import FORCED_ENCODING

    try:
        FORCED_ENCODING.set(check_encoding(encoding) if encoding is not None else None)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--encoding") from None


def _refuse_too_large(file: Path, reason: Optional[str], hint: str = "") -> None:
    """Exit 1 with why the map is too large for this output (``reason`` from chart_too_large/map_too_large)."""
    if reason:
        print(f"{_safe(file)}: {reason}{hint}", file=sys.stderr)
        raise typer.Exit(1)


def _emit(text: str, piece: int = 1 << 16) -> None:
    """Write ``text`` to stdout in pieces no bigger than a pipe's buffer: one huge write to a pipe whose reader
    has gone (``| head``) can end early without an error, and the command would then claim success."""
    for start in range(0, len(text), piece):
        sys.stdout.write(text[start : start + piece])
        sys.stdout.flush()


def _safe_json(document: str) -> str:
    from powermap.text.safe import json_text

    return json_text(document)


def _safe(text) -> str:
    """User text for the terminal: control sequences shown, never obeyed."""
    from powermap.text.safe import terminal

    return terminal(text)


def _load(file: Path, links: Optional[Path], name, stage, technicality, as_of, policy=None):
    from powermap.cli_crm import current
    from powermap.facade import load

    pm = load(
        file, links=links, name=name, stage=stage, technicality=technicality, as_of=as_of, read=current(), policy=policy
    )
    for warning in pm.reading.warnings if pm.reading else []:
        print(f"warning: {_safe(warning)}", file=sys.stderr)
    return pm


def _read_contacts(file: Path):
    """A pipeline's contacts as text, through the export profiles (``--from`` and the other read options)."""
    from powermap.cli_crm import current
    from powermap.io.read import read_account
    from powermap.portfolio.local import read_pipeline

    return read_pipeline(read_account(file).contacts, current())


PROBLEMS_SHOWN = 40  # beyond this, commands other than validate point to it for the full list


def _load_or_exit(file: Path, links: Optional[Path], name, stage, technicality, as_of, policy: Optional[Path] = None):
    """The map and the policy, or every problem printed and exit status 1."""
    from powermap.errors import InputError
    from powermap.policy import load_policy

    try:
        rules = load_policy(policy)
        return _load(file, links, name, stage, technicality, as_of, rules), rules
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1) from None


@contextmanager
def _font_warnings():
    """Draw inside this block: a missing CJK font is said on stderr, in one line, not as a Python warning."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        if warning.category.__name__ == "MissingFontWarning":
            print(f"warning: {warning.message}", file=sys.stderr)


@contextmanager
def _writing(outputs=(), inputs=(), lang: str = "en", stores=()):
    """Check the outputs against the inputs first, then write inside this block: a file that cannot be
    written (or would overwrite an input) is one line on stderr and exit status 1, never a traceback."""
    from powermap.cli_crm import current
    from powermap.io.writing import OutputError, check_outputs

    options = current()  # the files the read options name are inputs too
    read = [options.contact_roles, options.users] if options is not None else []
    try:
        check_outputs(outputs, [*inputs, *read], stores)
        yield
    except OutputError as error:
        print(error.text(lang), file=sys.stderr)
        raise typer.Exit(1) from None


def _store_file(store: Optional[str]) -> Optional[Path]:
    """The file a SQLite ``--store`` lives in (an input no output may replace), else None."""
    from powermap.store.db import store_file

    return store_file(store) if store is not None else None


def _refuse_overwriting(outputs, inputs, lang: str = "en", stores=()) -> None:
    """Exit 1, before any work, when an output is one of the inputs or a store's file, or two outputs are one file."""
    with _writing(outputs, inputs, lang, stores):
        pass


def _print_problems(error, limit: int | None = PROBLEMS_SHOWN) -> None:
    from rich.console import Console

    from powermap.io.validate import MANY_ACCOUNTS

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    n = len(error.problems)
    console.print(f"[bold red]{n} problem{'s' if n != 1 else ''} in the input[/]", markup=True)
    hint = [p for p in error.problems if p.row is None and MANY_ACCOUNTS in p.message]
    if (
        hint and limit is not None
    ):  # a pipeline file: the hint is the answer, the rest (repeated ids ...) follow from it
        console.print(f"  {_safe(hint[0])}", markup=False)
        if n > 1:
            console.print(
                f"  the other {n - 1} problem{'s' if n != 2 else ''} (repeated ids, facts that differ between rows) "
                "come from the accounts sharing one table: `powermap validate` lists them all",
                markup=False,
            )
        return
    shown = error.problems if limit is None else error.problems[:limit]
    for problem in shown:
        console.print(f"  {_safe(problem)}", markup=False)
    if len(shown) < n:
        console.print(f"  ... and {n - len(shown)} more: `powermap validate` lists them all", markup=False)


def _scored(result, lang: str) -> str:
    """How many accounts a pipeline run scored and skipped, in the reader's language (the skipped ones named
    after it, with their problems as the readers word them)."""
    summary = result.summary(reasons=not result.problems)
    if lang == "en":
        return summary
    counted = words("done.scored", lang).format(n=len(result.accounts), skipped=len(result.skipped))
    return counted + ("：" + summary.split(": ", 1)[1] if ": " in summary else "")


def _print_skipped(console, problems: list) -> None:
    """The problems of the accounts a pipeline run skipped: the first ``PROBLEMS_SHOWN``, then a count."""
    for problem in problems[:PROBLEMS_SHOWN]:
        console.print(f"  {_safe(problem)}", markup=False)
    if len(problems) > PROBLEMS_SHOWN:
        console.print(f"  ... and {len(problems) - PROBLEMS_SHOWN} more problems", markup=False)


@app.command()
@read_options
def validate(
    file: Path = FileArg,
    links: Optional[Path] = LinksOpt,
    name: Optional[str] = NameOpt,
    stage: Optional[str] = StageOpt,
    technicality: Optional[str] = TechOpt,
    as_of: Optional[str] = AsOfOpt,
    format: Format = typer.Option(Format.table, "--format", help="table, json or markdown."),
    encoding: Optional[str] = EncodingOpt,
) -> None:
    """List every problem in the input; exit 0 when clean, 1 when not."""
    from powermap.cli_crm import print_reading
    from powermap.errors import InputError

    _use_encoding(encoding)
    try:
        pm = _load(file, links, name, stage, technicality, as_of)
    except InputError as error:
        reading = getattr(error, "reading", None)
        if format is Format.json:
            print(
                _safe_json(
                    json.dumps(
                        {
                            "valid": False,
                            "problems": [p.to_dict() for p in error.problems],
                            **({"input": reading.to_dict()} if reading else {}),
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
            )
        elif format is Format.markdown:
            print(_problems_markdown(file, error.problems))
            raise typer.Exit(1) from None
        elif reading is not None and reading.profile != "plain":
            print_reading(reading)
        _print_problems(error, limit=None)
        raise typer.Exit(1) from None
    summary = pm.summary()
    if format is Format.json:
        print(
            _safe_json(
                json.dumps(
                    {
                        "valid": True,
                        "problems": [],
                        "summary": summary,
                        **({"input": pm.reading.to_dict()} if pm.reading else {}),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
        return
    if format is Format.markdown:
        print(_problems_markdown(file, [], summary))
        return
    if pm.reading is not None and (pm.reading.profile != "plain" or pm.reading.unused or pm.reading.notes):
        print_reading(pm.reading)
    inferred = summary["level_inferred"]
    print(
        f"{_safe(file)}: valid: {summary['contacts']} contacts, {summary['links']} links"
        + (f"; level inferred for {inferred} (marked level_source)" if inferred else "")
        + (
            f"; relationship defaulted to none for {summary['relationship_defaulted']}"
            if summary["relationship_defaulted"]
            else ""
        )
        + (
            f"; relationship from recent activity for {summary['relationship_from_activity']}"
            f" (relationship_source = activity)"
            if summary.get("relationship_from_activity")
            else ""
        )
        + (
            f"; relationship from the activity log for {summary['relationship_from_activity_log']}"
            f" (relationship_source = activity-log)"
            if summary.get("relationship_from_activity_log")
            else ""
        )
    )


def _problems_markdown(file: Path, problems, summary: Optional[dict] = None) -> str:
    """validate's answer as a pasteable Markdown table (file, row, column, value, problem)."""
    from powermap.text.safe import markdown_text as _md

    if not problems:
        assert summary is not None  # a clean file is always reported with its summary
        return f"**{_md(file)}**: valid, {summary['contacts']} contacts, {summary['links']} links\n"
    n = len(problems)
    lines = [
        f"**{_md(file)}**: {n} problem{'s' if n != 1 else ''}",
        "",
        "| file | row | column | value | problem |",
        "|---|---|---|---|---|",
    ]
    for p in problems:
        d = p.to_dict()
        lines.append(
            "| "
            + " | ".join(_md("" if d.get(k) is None else d[k]) for k in ("file", "row", "column", "value", "message"))
            + " |"
        )
    return "\n".join(lines) + "\n"


ANALYZE_SUFFIXES = {".txt": "text", ".md": "markdown", ".json": "json"}


@app.command()
@read_options
def analyze(
    file: Path = FileArg,
    links: Optional[Path] = LinksOpt,
    name: Optional[str] = NameOpt,
    stage: Optional[str] = StageOpt,
    technicality: Optional[str] = TechOpt,
    as_of: Optional[str] = AsOfOpt,
    format: Optional[Format] = typer.Option(
        None,
        "--format",
        show_default=False,
        help="table (default), json or markdown. A table printed to a pipe or file is plain text, with no line cut.",
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of messages and advice: en or zh."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    encoding: Optional[str] = EncodingOpt,
    out: Optional[Path] = typer.Option(
        None, "-o", "--out", help="Write the analysis to this file instead: .txt (plain text), .md or .json."
    ),
    gaps_out: Optional[Path] = typer.Option(
        None, "--gaps-out", help="Also write the gaps as a table: .csv, .xlsx or .parquet (one row per gap)."
    ),
    detail: bool = typer.Option(
        False, "--detail", help="One row per gap and person instead of one per kind of gap (JSON always has both)."
    ),
) -> None:
    """Score the map and list the gaps where the deal is exposed."""
    from powermap.render import text as output

    _use_encoding(encoding)
    kind = _analyze_kind(format, out)
    if gaps_out is not None and gaps_out.suffix.lower() not in (".csv", ".xlsx", ".parquet"):
        raise typer.BadParameter(f"{gaps_out}: expected a .csv, .xlsx or .parquet file name", param_hint="--gaps-out")
    _refuse_overwriting([out, gaps_out], [file, links, policy], lang.value)
    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    result = output.analysis_json(pm, policy=rules, lang=lang.value)
    if pm.reading is not None:
        result["input"] = pm.reading.to_dict()  # additive key: what was read, and the columns not used
    if gaps_out is not None:
        with _writing(lang=lang.value):
            _write(output.gaps_frame(result), gaps_out)
    if kind == "json":
        text = _safe_json(json.dumps(result, ensure_ascii=False, indent=2)) + "\n"
    elif kind == "markdown":
        text = output.markdown(result, lang=lang.value, detail=detail)
    elif kind == "text" or not sys.stdout.isatty():  # a pipe or a file: plain text, never a cut-off table
        text = output.plain_text(result, lang=lang.value, detail=detail)
    else:
        output.print_table(result, lang=lang.value, detail=detail)
        if pm.reading is not None:
            _print_input(pm.reading, lang.value)
        return
    if kind != "json" and pm.reading is not None:
        text += "".join(f"{line}\n" for line in _input_lines(pm.reading, lang.value))
    if out is None:
        _emit(text)
        return
    from powermap.io.writing import write_text

    with _writing(lang=lang.value):
        write_text(out, text)
    people, gaps = count(len(pm), "people", lang.value), count(len(result["gaps"]), "gaps", lang.value)
    print(
        words("done.analysis", lang.value).format(out=out, account=_safe(pm.account.name), people=people, gaps=gaps),
        file=sys.stderr,
    )


def _analyze_kind(format: Optional[Format], out: Optional[Path]) -> str:
    """What analyze writes: the --format, or the suffix of -o (they must agree when both are given)."""
    if out is None:
        return (format or Format.table).value
    kind = ANALYZE_SUFFIXES.get(out.suffix.lower())
    if kind is None:
        raise typer.BadParameter(f"{out}: expected a .txt, .md or .json file name", param_hint="-o")
    if format is not None and {"table": "text"}.get(format.value, format.value) != kind:
        raise typer.BadParameter(
            f"--format {format.value} does not match {out.name}; leave out --format, the suffix chooses it",
            param_hint="--format",
        )
    return kind


class Focus(str, Enum):
    auto = "auto"
    key = "key"
    all = "all"


@app.command()
@read_options
def chart(
    file: Path = FileArg,
    out: Path = typer.Option(..., "-o", "--out", help="Image to write: .png, .svg or .pdf."),
    links: Optional[Path] = LinksOpt,
    name: Optional[str] = NameOpt,
    stage: Optional[str] = StageOpt,
    technicality: Optional[str] = TechOpt,
    as_of: Optional[str] = AsOfOpt,
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the title, legend, roles and gaps."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    focus: Focus = typer.Option(
        Focus.auto,
        "--focus",
        help="auto: everyone if they fit an A4 landscape page, else the key people (decision makers, role holders, "
        "people in gaps, the managers between them) and a box per department counting the rest; key: that always; "
        "all: everyone (in a PDF, one page per department).",
    ),
    encoding: Optional[str] = EncodingOpt,
) -> None:
    """Draw the static org chart (PNG, SVG or PDF).

    A4 landscape pages, names 7 pt or more: stance, relationship, roles and gaps.
    """
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise typer.BadParameter(f"{out}: expected a .png, .svg or .pdf file name")
    _use_encoding(encoding)
    _refuse_overwriting([out], [file, links, policy], lang.value)
    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    from powermap.render.chart import chart_too_large

    _refuse_too_large(file, chart_too_large(pm, lang=lang.value))
    import matplotlib

    matplotlib.use("Agg")  # the command line draws to files only (never in a library call)
    from powermap.io.writing import atomic_path
    from powermap.render.chart import chart_pages, org_chart, save_figure, save_pages

    with _font_warnings(), _writing(lang=lang.value):
        if out.suffix.lower() == ".pdf":
            figures = chart_pages(pm, lang=lang.value, policy=rules, focus=focus.value)
            with atomic_path(out) as tmp:
                save_pages(figures, tmp)
        else:  # an image has one page: everyone on it for --focus all
            figures = [org_chart(pm, lang=lang.value, policy=rules, focus=focus.value)]
            with atomic_path(out) as tmp:
                save_figure(figures[0], tmp, dpi=150, format=out.suffix.lower().lstrip("."))
    print(words("done.chart", lang.value).format(out=out, people=count(len(pm), "people", lang.value)))


@app.command()
@read_options
def html(
    file: Path = FileArg,
    out: Path = typer.Option(..., "-o", "--out", help="HTML file to write."),
    links: Optional[Path] = LinksOpt,
    name: Optional[str] = NameOpt,
    stage: Optional[str] = StageOpt,
    technicality: Optional[str] = TechOpt,
    as_of: Optional[str] = AsOfOpt,
    redact: bool = typer.Option(
        False,
        "--redact",
        help="Leave out notes, owners, competitor leanings and who is an inside coach, for a map you forward.",
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of gaps and advice: en or zh."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    layout: Layout = typer.Option(
        Layout.tree,
        "--layout",
        help="How the map opens: tree (the org chart) or free (physics from the org chart; up to 500 people).",
    ),
    encoding: Optional[str] = EncodingOpt,
    plan: int = typer.Option(
        0,
        "--plan",
        min=0,
        max=50,
        help="Add the plan's first N actions to the map's panel; clicking one shows its path (0: no plan).",
    ),
) -> None:
    """Write the interactive power map (one offline HTML file).

    One self-contained file: it needs no server and no network.
    """
    from powermap.plan.actions import plan_actions
    from powermap.render.map import map_too_large, write_html

    _use_encoding(encoding)
    _refuse_overwriting([out], [file, links, policy], lang.value)
    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    _refuse_too_large(file, map_too_large(pm, lang=lang.value))
    with _writing(lang=lang.value):
        actions = (
            plan_actions(pm, steps=plan, redact=redact, lang=lang.value, policy=rules)["actions"] if plan else None
        )
        write_html(pm, out, redact=redact, lang=lang.value, policy=rules, layout=layout.value, plan=actions)
    done = "done.map_redacted" if redact else "done.map"
    print(words(done, lang.value).format(out=out, people=count(len(pm), "people", lang.value)))


@app.command()
@read_options
def report(
    file: Path = FileArg,
    out: Path = typer.Option(..., "-o", "--out", help="HTML file to write."),
    links: Optional[Path] = LinksOpt,
    name: Optional[str] = NameOpt,
    stage: Optional[str] = StageOpt,
    technicality: Optional[str] = TechOpt,
    as_of: Optional[str] = AsOfOpt,
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of gaps, advice and headings: en or zh."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    no_map: bool = typer.Option(False, "--no-map", help="Leave the interactive map out (a smaller file)."),
    encoding: Optional[str] = EncodingOpt,
    store: Optional[str] = typer.Option(
        None,
        "--store",
        help="A snapshot store: adds 'Since last review' "
        "(changes since the account's previous snapshot) and coverage over "
        "time. Read only.",
    ),
) -> None:
    """Write the coach's report (HTML): score, gaps, advice, charts.

    Score, risk, coverage, every gap with its advice, the charts and the interactive map.
    """
    from powermap.plan.actions import plan_actions
    from powermap.render.map import map_too_large
    from powermap.render.report import write_report

    _use_encoding(encoding)
    _refuse_overwriting([out], [file, links, policy], lang.value, [_store_file(store)])
    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    review = _since_last_review(pm, store, rules, lang.value) if store is not None else None
    if not no_map:
        _refuse_too_large(file, map_too_large(pm, lang=lang.value), "; or leave the map out with --no-map")
    with _font_warnings(), _writing(lang=lang.value):
        plan = plan_actions(pm, steps=5, policy=rules, lang=lang.value)
        write_report(
            pm,
            out,
            policy=rules,
            lang=lang.value,
            with_map=not no_map,
            plan=plan,
            **({"review": review} if review is not None else {}),
        )
    people = count(len(pm), "people", lang.value)
    print(words("done.report", lang.value).format(out=out, account=_safe(pm.account.name), people=people))


@app.command()
def template(
    out: Path = typer.Option(..., "-o", "--out", help="Workbook to write (.xlsx)."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Headers, drop-down values and example: en or zh."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
) -> None:
    """Write a blank contacts workbook with drop-down lists.

    Every column, drop-down lists of the allowed values and an example row.
    """
    from powermap.io.template import write_template

    if out.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"{out}: expected an .xlsx file name", param_hint="-o")
    if out.exists() and not force:
        raise typer.BadParameter(
            f"{out} exists and may hold your contacts: not replaced; give another name, or --force", param_hint="-o"
        )
    with _writing(lang=lang.value):
        write_template(out, lang=lang.value)
    print(words("done.template", lang.value).format(out=out))


@app.command()
@read_options
def portfolio(
    file: Path = FileArg,
    by: str = typer.Option(..., "--by", help="The column naming each row's account."),
    out: Path = typer.Option(..., "-o", "--out", help="Accounts table to write: .csv, .xlsx or .parquet."),
    contacts_out: Optional[Path] = typer.Option(
        None, "--contacts-out", help="Also write per-contact scores (.csv, .xlsx or .parquet)."
    ),
    gaps_out: Optional[Path] = typer.Option(
        None, "--gaps-out", help="Also write every gap with its message (.csv, .xlsx or .parquet)."
    ),
    as_of: Optional[str] = AsOfOpt,
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the summary and of messages in --gaps-out."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    jobs: int = typer.Option(-1, "--jobs", help="Worker processes (-1: every core)."),
    engine: Engine = typer.Option(
        Engine.local, "--engine", help="local (this machine) or spark (needs powermap[spark])."
    ),
    model: Optional[Path] = typer.Option(
        None, "--model", help="A model from `powermap learn`: adds win_probability and drivers to every account."
    ),
    encoding: Optional[str] = EncodingOpt,
    plan: bool = typer.Option(False, "--plan", help="Add each account's first action (plan_* columns)."),
    store: Optional[str] = StoreOpt,
    since: Optional[str] = typer.Option(
        None,
        "--since",
        help="With --store: add coverage_change, "
        "risk_change, gaps_opened, gaps_closed since the latest snapshot "
        "on or before this date.",
    ),
    replace: bool = typer.Option(
        False, "--replace", help="With --store: replace snapshots already saved for the same account and date."
    ),
) -> None:
    """Score every account of a pipeline table.

    Accounts with bad rows are reported and skipped.
    """
    from rich.console import Console

    from powermap.cli_crm import current
    from powermap.errors import InputError
    from powermap.io.sheets import table_path
    from powermap.policy import load_policy
    from powermap.portfolio import local as scorer

    for target in (out, contacts_out, gaps_out):
        if target is not None:
            try:
                table_path(target)
            except ValueError as error:
                raise typer.BadParameter(str(error)) from None
    _use_encoding(encoding)
    _refuse_overwriting([out, contacts_out, gaps_out], [file, policy, model], lang.value, [_store_file(store)])
    console = Console(stderr=True, highlight=False)
    if (since is not None or replace) and store is None:
        raise typer.BadParameter("--since and --replace need --store")
    if engine is Engine.spark and store is not None:
        raise typer.BadParameter("--store works with --engine local only")
    if engine is Engine.spark:
        if contacts_out is not None or gaps_out is not None or model is not None:
            raise typer.BadParameter("--contacts-out, --gaps-out and --model work with --engine local only")
        try:
            rules = load_policy(policy)
        except InputError as error:
            _print_problems(error)
            raise typer.Exit(1) from None
        _portfolio_spark(file, by, out, rules, as_of, console)
        return
    try:
        rules = load_policy(policy)
        win_model = _load_model(model) if model is not None else None
        if store is not None:  # a snapshot keeps every contact row: the file is read whole
            raw = _read_contacts(file)
            with _progress(console) as advance:
                result = scorer.score(
                    raw,
                    by,
                    read={"profile": "plain"},  # read through the export profiles above
                    policy=rules,
                    lang=lang.value,
                    n_jobs=jobs,
                    progress=advance,
                    as_of=as_of,
                    messages=gaps_out is not None,
                    contacts_scores=contacts_out is not None or win_model is not None,
                    plan=plan,
                )
        else:
            raw = None
            with _progress(console) as advance:  # CSV and Parquet are read in chunks of whole accounts
                result = scorer.score_file(
                    file,
                    by,
                    read=current(),
                    policy=rules,
                    lang=lang.value,
                    n_jobs=jobs,
                    progress=advance,
                    as_of=as_of,
                    messages=gaps_out is not None,
                    plan=plan,
                    contacts_scores=contacts_out is not None or win_model is not None,
                )
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    accounts = result.accounts if win_model is None else win_model.annotate(result)
    if store is not None:
        accounts = _portfolio_store(result, accounts, raw, store, since, replace, file, console)
    with _writing(lang=lang.value):
        try:
            dataclasses.replace(result, accounts=accounts).to_files(out, contacts=contacts_out, gaps=gaps_out)
        except ValueError as error:  # a table too long for an Excel sheet: said plainly, nothing half-written
            print(f"error: {error}", file=sys.stderr)
            raise typer.Exit(1) from None
    console.print(_safe(_scored(result, lang.value)), markup=False)
    for note in result.notes:
        console.print(f"note: {_safe(note)}", markup=False)
    if win_model is not None:
        console.print(
            f"win_probability and drivers from {model} ({win_model.kind} model trained "
            f"{win_model.trained_at_[:10]} on {win_model.n_train_} closed accounts, cross-validated "
            f"ROC AUC {win_model.cv_['roc_auc']:.2f})",
            markup=False,
        )
    _print_skipped(console, result.problems)


def _input_lines(reading, lang: str) -> list[str]:
    """The profile read, the columns not used, and notes on what was inferred."""
    from powermap.text.words import section

    w = section("reading", lang)
    lines = []
    if reading.profile != "plain":
        lines.append(f"{w['read_as']}: {reading.label}")
    if reading.unused:
        lines.append(f"{w['unused']}: {', '.join(reading.unused)}")
    lines += [f"{w['notes']}: {n}" for n in reading.notes]
    return [_safe(line) for line in lines]


def _print_input(reading, lang: str) -> None:
    """After the analysis table: what :func:`_input_lines` says."""
    for line in _input_lines(reading, lang):
        print(line)


@app.command()
@read_options
def plan(
    file: Path = FileArg,
    links: Optional[Path] = LinksOpt,
    name: Optional[str] = NameOpt,
    stage: Optional[str] = StageOpt,
    technicality: Optional[str] = TechOpt,
    as_of: Optional[str] = AsOfOpt,
    steps: int = typer.Option(5, "--steps", min=1, max=50, help="How many actions, in order of work."),
    team: Optional[Path] = typer.Option(
        None, "--team", help="The team's relationships: contact, member, relationship, desired (optional)."
    ),
    format: Format = typer.Option(Format.table, "--format", help="table, json or markdown."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the actions: en or zh."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    redact: bool = typer.Option(
        False, "--redact", help="Plan on the redacted map: no owners, and no inside coach on any path."
    ),
    encoding: Optional[str] = EncodingOpt,
) -> None:
    """Rank the next moves: whom to work on, and through whom.

    Each move says what it buys; each step is scored on the map the earlier steps made.
    """
    from powermap.errors import InputError
    from powermap.plan.actions import plan_actions
    from powermap.plan.team import read_team
    from powermap.render.plan_text import plan_markdown, plan_plain_text, print_plan

    _use_encoding(encoding)
    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    try:
        members = read_team(team, pm) if team is not None else None
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    result = plan_actions(pm, steps=steps, team=members, policy=rules, lang=lang.value, redact=redact)
    if format is Format.json:
        print(_safe_json(json.dumps(result, ensure_ascii=False, indent=2)))
    elif format is Format.markdown:
        print(plan_markdown(result, lang=lang.value))
    elif not sys.stdout.isatty():  # a pipe or a file: plain text like analyze's, never a box table
        from powermap.text.safe import terminal_data

        _emit(plan_plain_text(terminal_data(result), lang=lang.value))
    else:
        from powermap.text.safe import terminal_data

        print_plan(terminal_data(result), lang=lang.value)


# -- history: dated snapshots in a store ------------------------------------------------------------------------

StoreReq = typer.Option(
    ...,
    "--store",
    help="Snapshot store: a SQLite file (powermap.db, sqlite:///path) or postgresql+psycopg://user@host/db.",
)


@contextmanager
def _store_or_exit(url: str, policy=None, create: bool = True):
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


@app.command()
@read_options
def snapshot(
    file: Path = FileArg,
    store: str = StoreReq,
    links: Optional[Path] = LinksOpt,
    name: Optional[str] = NameOpt,
    stage: Optional[str] = StageOpt,
    technicality: Optional[str] = TechOpt,
    as_of: Optional[str] = AsOfOpt,
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    replace: bool = typer.Option(False, "--replace", help="Replace the account's snapshot of the same date."),
    encoding: Optional[str] = EncodingOpt,
) -> None:
    """Save the map as the account's dated snapshot.

    The contacts, links and analysis figures, on the map's as-of date.
    """
    _use_encoding(encoding)
    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    with _store_or_exit(store, rules) as db:
        info = db.save(pm, replace=replace)
    print(
        f"{_safe(db.shown)}: {'replaced' if info.replaced else 'saved'} {_safe(info.account)} on "
        f"{info.as_of.isoformat()}: "
        f"{info.people} people, coverage {info.coverage:.0f}, risk {info.risk}, {info.n_gaps} gaps"
    )


@app.command()
def history(
    account: str = typer.Argument(..., metavar="ACCOUNT", help="The account's name in the store."),
    store: str = StoreReq,
    format: Format = typer.Option(Format.table, "--format", help="table, json or markdown."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of headings: en or zh."),
) -> None:
    """One row per snapshot of the account, and the trend.

    Date, people, coverage, risk and gaps of each snapshot; and the coverage trend.
    """
    from powermap.store import view

    with _store_or_exit(store, create=False) as db:
        frame = db.history(account)
    if format is Format.json:
        print(_safe_json(json.dumps(view.history_json(account, frame), ensure_ascii=False, indent=2)))
    elif format is Format.markdown:
        print(view.history_markdown(account, frame, lang.value))
    else:
        view.print_history(account, frame, lang.value)


@app.command()
def diff(
    account: str = typer.Argument(..., metavar="ACCOUNT", help="The account's name in the store."),
    store: str = StoreReq,
    since: Optional[str] = typer.Option(
        None, "--from", help="The earlier snapshot's date (default: the one before --to)."
    ),
    until: Optional[str] = typer.Option(None, "--to", help="The later snapshot's date (default: the latest)."),
    format: Format = typer.Option(Format.table, "--format", help="table, json or markdown."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of headings: en or zh."),
) -> None:
    """What changed in the account between two snapshots.

    People, fields, links, gaps, coverage and risk.
    """
    from powermap.store import view

    with _store_or_exit(store, create=False) as db:
        change = db.diff(account, since, until)
    if format is Format.json:
        print(_safe_json(view.diff_json(change)))
    elif format is Format.markdown:
        print(view.diff_markdown(change, lang.value))
    else:
        view.print_diff(change, lang.value)


def _portfolio_store(result, accounts, raw, url: str, since: Optional[str], replace: bool, file: Path, console):
    """Save every scored account as a snapshot (one transaction) and, with --since, add the change columns."""
    from powermap.store.db import file_sha256
    from powermap.store.history import portfolio_changes

    with _store_or_exit(url) as db:
        if since is not None:
            accounts = accounts.copy()
            changes = portfolio_changes(result, db, since)
            for column in ("coverage_change", "risk_change", "gaps_opened", "gaps_closed"):
                accounts[column] = changes[column].to_numpy()
        saved = db.save_portfolio(result, raw, replace=replace, source_name=file.name, source_sha256=file_sha256(file))
    console.print(f"{_safe(db.shown)}: saved {len(saved)} account snapshots in one transaction", markup=False)
    return accounts


def _since_last_review(pm, url: str, policy, lang: str):
    """The report's 'Since last review' data, or exit 1 when the store cannot be read."""
    from powermap.store.report import since_last_review

    with _store_or_exit(url, policy, create=False) as db:
        return since_last_review(pm, db, policy=policy, lang=lang)


def _load_model(path: Path):
    from powermap.learn.model import load

    return load(path)


@app.command()
@read_options
def learn(
    file: Path = FileArg,
    by: str = typer.Option(..., "--by", help="The column naming each row's account."),
    outcomes: Path = typer.Option(
        ..., "--outcomes", help="Closed deals: the --by column and 'won' (1/0, true/false, won/lost, 赢单/丢单)."
    ),
    out: Path = typer.Option(
        ..., "-o", "--out", help="The model file to write (its card goes beside it, as OUT.card.json)."
    ),
    kind: Kind = typer.Option(
        Kind.logistic, "--kind", help="logistic (calibrated, readable coefficients) or gbm (gradient-boosted trees)."
    ),
    report: Optional[Path] = typer.Option(
        None, "--report", help="Also draw the evaluation (ROC, calibration, effects): .png, .svg or .pdf."
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the tables and the --report figure: en or zh."),
    folds: int = typer.Option(5, "--folds", help="Folds of the stratified cross-validation.", min=2),
    seed: int = typer.Option(0, "--seed", help="Seed of the folds and the bootstrap."),
    as_of: Optional[str] = AsOfOpt,
    policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
    jobs: int = typer.Option(-1, "--jobs", help="Worker processes for scoring (-1: every core)."),
    encoding: Optional[str] = EncodingOpt,
) -> None:
    """Learn from closed deals what went with a win.

    Which power-map figures and gaps went with a win; saves the model and its card.
    """
    import warnings

    from rich.console import Console

    from powermap.cli_crm import current
    from powermap.errors import InputError
    from powermap.io.outcomes import read_outcomes
    from powermap.learn import model as learner
    from powermap.policy import load_policy
    from powermap.portfolio import local as scorer

    if report is not None and report.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise typer.BadParameter(f"{report}: expected a .png, .svg or .pdf file name")
    _use_encoding(encoding)
    _refuse_overwriting([out, out.with_name(out.name + ".card.json"), report], [file, outcomes, policy])
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        rules = load_policy(policy)
        read_outcomes(outcomes, by)  # a bad outcomes file is reported before any scoring
        with _progress(err) as advance:
            result = scorer.score_file(
                file, by, read=current(), policy=rules, n_jobs=jobs, progress=advance, as_of=as_of
            )
        _print_skipped(err, result.problems)
        with warnings.catch_warnings():
            # the notes are printed below, from model.notes_; every other warning is left to show
            warnings.simplefilter("ignore", learner.TrainingNote)
            model = learner.fit(
                result, outcomes, by, kind=kind.value, cv=folds, random_state=seed, contacts_name=str(file)
            )
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    err.print(_safe(_scored(result, lang.value)), markup=False)
    for note in model.notes_:
        err.print(f"note: {note}", markup=False)
    with _writing():
        card = model.save(out)
    _print_learned(model, lang.value)
    kind_name = words(f"done.model_kind.{model.kind}", lang.value)
    print(words("done.model", lang.value).format(out=out, kind=kind_name, n=model.n_train_, card=card))
    if report is not None:
        import matplotlib

        matplotlib.use("Agg")
        with _font_warnings(), _writing(lang=lang.value):
            model.report().save(report, lang=lang.value)
        print(words("done.model_report", lang.value).format(out=report))


def _print_learned(model, lang: str = "en") -> None:
    from rich.console import Console
    from rich.table import Table

    from powermap.text.words import section

    w, features, units = section("learn.table", lang), section("learn.features", lang), section("learn.units", lang)
    says = section("learn.says", lang)
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or captured: wide enough that the tables do not wrap every line
        console = Console(highlight=False, width=120)
    s = model.cv_
    method = words("learn.method", lang).format(folds=model.cv)
    scores = Table(title=w["scores"].format(method=method, n=model.n_train_, won=model.n_won_), title_justify="left")
    for column in ("", w["model"], w["no_skill"], w["coverage_alone"]):
        scores.add_column(column, justify="right" if column else "left")
    coverage = s.get("coverage_roc_auc")
    scores.add_row("ROC AUC", f"{s['roc_auc']:.3f}", "0.500", f"{coverage:.3f}" if coverage is not None else "")
    scores.add_row(w["brier"], f"{s['brier']:.3f}", f"{s['baseline']['brier']:.3f}", "")
    scores.add_row(w["accuracy"], f"{s['accuracy']:.3f}", f"{s['baseline']['accuracy']:.3f}", "")
    console.print(scores)
    effects = Table(title=w["effects"], title_justify="left")
    for column in ("feature", "unit", "effect", "interval", "rule_says", "data_says"):
        effects.add_column(w[column], justify="right" if column in ("effect", "interval") else "left")
    table = model.effects_.reindex(model.effects_["effect"].abs().sort_values(ascending=False).index).head(12)
    unit_key = {"+1 sd": "figure", "0 -> 1": "switch"}
    for row in table.itertuples():
        interval = f"{row.low:+.2f} .. {row.high:+.2f}" if row.low == row.low else ""
        effects.add_row(
            features.get(row.feature, row.description),
            units.get(unit_key.get(row.unit, ""), row.unit),
            f"{row.effect:+.2f}",
            interval,
            says.get(row.rule_says, row.rule_says),
            says.get(row.data_says, row.data_says),
        )
    console.print(effects)


def _portfolio_spark(file: Path, by: str, out: Path, rules, as_of, console) -> None:
    from powermap.cli_crm import current
    from powermap.errors import InputError

    try:
        from powermap.portfolio import spark as engine

        session = engine.session()
    except ImportError as error:
        console.print(str(error), markup=False)
        raise typer.Exit(2) from None
    try:
        result = engine.score_file(file, by, policy=rules, as_of=as_of, spark=session, read=current()).cache()
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    with _writing():
        engine.write(result, out)
    skipped = result.filter(result["skipped_reason"].isNotNull()).count()
    console.print(f"{result.count() - skipped} accounts scored, {skipped} skipped (Spark)", markup=False)


def _write(frame, path: Path) -> None:
    """A table to .csv, .xlsx (formula-safe) or .parquet (exact), atomically: see powermap.io.sheets."""
    from powermap.io.sheets import write_table

    try:
        write_table(frame, path)
    except ValueError as error:  # a table too long for an Excel sheet: said plainly, nothing half-written
        print(f"error: {error}", file=sys.stderr)
        raise typer.Exit(1) from None


class _progress:
    """A Rich progress bar on a terminal; silent otherwise."""

    def __init__(self, console):
        self.console = console
        self.bar = None

    def __enter__(self):
        if not self.console.is_terminal:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress(
            "scoring accounts",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("accounts", total=None)
        return lambda done, total: self.bar.update(task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def _register_crm() -> None:
    from powermap.cli_crm import register

    register(app, _load_or_exit)


_register_crm()


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


def main() -> None:
    """Entry point of the ``powermap`` console script.

    Ctrl-C ends any command quietly with status 130; a closed output pipe (``powermap analyze ... | head``)
    ends it quietly with status 141, as it would a command the shell stopped by SIGPIPE. Output files are
    written atomically (powermap.io.writing), so neither leaves a half-written file.
    """
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


if __name__ == "__main__":
    main()
