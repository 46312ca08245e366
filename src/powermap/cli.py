"""The powermap command line: a thin layer over the Python API.

Each command parses its options (declared once in :mod:`powermap.cli_shared`), calls the library and prints.

Exit status (contract): 0 done (whatever the gaps), 1 invalid input (every
problem printed, with file, row and column) or an output that cannot be
written, 2 wrong usage, 130 interrupted (Ctrl-C), 141 the output pipe was
closed by its reader (``| head``).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from powermap.cli_crm import register
from powermap.cli_shared import (
    Format,
    Inputs,
    Lang,
    PolicyOpt,
    StoreOpt,
    StoreReq,
    check_table_paths,
    emit,
    font_warnings,
    format_option,
    input_lines,
    jobs_option,
    lang_option,
    load_args_or_exit,
    load_map,
    load_or_exit,
    out_option,
    print_problems,
    print_skipped,
    progress,
    reads,
    refuse_overwriting,
    refuse_too_large,
    run,
    safe,
    safe_json,
    store_file,
    store_or_exit,
    write_table_or_exit,
    writing,
)
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


class Engine(str, Enum):
    local = "local"
    spark = "spark"


class Kind(str, Enum):
    logistic = "logistic"
    gbm = "gbm"


class Layout(str, Enum):
    tree = "tree"
    free = "free"


class Focus(str, Enum):
    auto = "auto"
    key = "key"
    all = "all"


@app.command()
@reads("file", "links", "name", "stage", "technicality", "as_of", "format", "encoding")
def validate(inputs: Inputs, format: Format = format_option()) -> None:
    """List every problem in the input; exit 0 when clean, 1 when not."""
    from powermap.cli_crm import print_reading
    from powermap.errors import InputError
    from powermap.render.validation import problems_markdown, valid_line, validation_json

    try:
        pm = load_map(inputs)
    except InputError as error:
        reading = getattr(error, "reading", None)
        if format is Format.json:
            print(validation_json(error.problems, reading=reading))
        elif format is Format.markdown:
            print(problems_markdown(inputs.file, error.problems))
            raise typer.Exit(1) from None
        elif reading is not None and reading.profile != "plain":
            print_reading(reading)
        print_problems(error, limit=None)
        raise typer.Exit(1) from None
    summary = pm.summary()
    if format is Format.json:
        print(validation_json([], summary, pm.reading))
    elif format is Format.markdown:
        print(problems_markdown(inputs.file, [], summary))
    else:
        if pm.reading is not None and (pm.reading.profile != "plain" or pm.reading.unused or pm.reading.notes):
            print_reading(pm.reading)
        print(valid_line(inputs.file, summary))


ANALYZE_SUFFIXES = {".txt": "text", ".md": "markdown", ".json": "json"}


@app.command()
@reads("file", "links", "name", "stage", "technicality", "as_of", "format", "lang", "policy", "encoding", "out")
def analyze(
    inputs: Inputs,
    format: Optional[Format] = typer.Option(
        None,
        "--format",
        show_default=False,
        help="table (default), json or markdown. A table printed to a pipe or file is plain text, with no line cut.",
    ),
    lang: Lang = lang_option("Language of messages and advice: en or zh."),
    policy: Optional[Path] = PolicyOpt,
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

    kind = _analyze_kind(format, out)
    check_table_paths(gaps_out, hint="--gaps-out")
    refuse_overwriting([out, gaps_out], [*inputs.files(), policy], lang.value)
    pm, rules = load_or_exit(inputs, policy)
    result = output.analysis_json(pm, policy=rules, lang=lang.value)
    if pm.reading is not None:
        result["input"] = pm.reading.to_dict()  # additive key: what was read, and the columns not used
    if gaps_out is not None:
        with writing(lang=lang.value):
            write_table_or_exit(output.gaps_frame(result), gaps_out)
    if kind == "json":
        text = safe_json(json.dumps(result, ensure_ascii=False, indent=2)) + "\n"
    elif kind == "markdown":
        text = output.markdown(result, lang=lang.value, detail=detail)
    elif kind == "text" or not sys.stdout.isatty():  # a pipe or a file: plain text, never a cut-off table
        text = output.plain_text(result, lang=lang.value, detail=detail)
    else:
        output.print_table(result, lang=lang.value, detail=detail)
        for line in input_lines(pm.reading, lang.value) if pm.reading is not None else []:
            print(line)
        return
    if kind != "json" and pm.reading is not None:
        text += "".join(f"{line}\n" for line in input_lines(pm.reading, lang.value))
    if out is None:
        emit(text)
        return
    from powermap.io.writing import write_text

    with writing(lang=lang.value):
        write_text(out, text)
    people, gaps = count(len(pm), "people", lang.value), count(len(result["gaps"]), "gaps", lang.value)
    print(
        words("done.analysis", lang.value).format(out=out, account=safe(pm.account.name), people=people, gaps=gaps),
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


@app.command()
@reads("file", "out", "links", "name", "stage", "technicality", "as_of", "lang", "policy", "focus", "encoding")
def chart(
    inputs: Inputs,
    out: Path = out_option("Image to write: .png, .svg or .pdf."),
    lang: Lang = lang_option("Language of the title, legend, roles and gaps."),
    policy: Optional[Path] = PolicyOpt,
    focus: Focus = typer.Option(
        Focus.auto,
        "--focus",
        help="auto: everyone if they fit an A4 landscape page, else the key people (decision makers, role holders, "
        "people in gaps, the managers between them) and a box per department counting the rest; key: that always; "
        "all: everyone (in a PDF, one page per department).",
    ),
) -> None:
    """Draw the static org chart (PNG, SVG or PDF).

    A4 landscape pages, names 7 pt or more: stance, relationship, roles and gaps.
    """
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise typer.BadParameter(f"{out}: expected a .png, .svg or .pdf file name")
    refuse_overwriting([out], [*inputs.files(), policy], lang.value)
    pm, rules = load_or_exit(inputs, policy)
    from powermap.render.chart import chart_too_large

    refuse_too_large(inputs.file, chart_too_large(pm, lang=lang.value))
    import matplotlib

    matplotlib.use("Agg")  # the command line draws to files only (never in a library call)
    from powermap.io.writing import atomic_path
    from powermap.render.chart import chart_pages, org_chart, save_figure, save_pages

    with font_warnings(), writing(lang=lang.value):
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
@reads(
    "file", "out", "links", "name", "stage", "technicality", "as_of", "redact", "lang", "policy", "layout", "encoding"
)
def html(
    inputs: Inputs,
    out: Path = out_option("HTML file to write."),
    redact: bool = typer.Option(
        False,
        "--redact",
        help="Leave out notes, owners, competitor leanings and who is an inside coach, for a map you forward.",
    ),
    lang: Lang = lang_option("Language of gaps and advice: en or zh."),
    policy: Optional[Path] = PolicyOpt,
    layout: Layout = typer.Option(
        Layout.tree,
        "--layout",
        help="How the map opens: tree (the org chart) or free (physics from the org chart; up to 500 people).",
    ),
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

    refuse_overwriting([out], [*inputs.files(), policy], lang.value)
    pm, rules = load_or_exit(inputs, policy)
    refuse_too_large(inputs.file, map_too_large(pm, lang=lang.value))
    with writing(lang=lang.value):
        actions = (
            plan_actions(pm, steps=plan, redact=redact, lang=lang.value, policy=rules)["actions"] if plan else None
        )
        write_html(pm, out, redact=redact, lang=lang.value, policy=rules, layout=layout.value, plan=actions)
    done = "done.map_redacted" if redact else "done.map"
    print(words(done, lang.value).format(out=out, people=count(len(pm), "people", lang.value)))


@app.command()
@reads("file", "out", "links", "name", "stage", "technicality", "as_of", "lang", "policy", "no_map", "encoding")
def report(
    inputs: Inputs,
    out: Path = out_option("HTML file to write."),
    lang: Lang = lang_option("Language of gaps, advice and headings: en or zh."),
    policy: Optional[Path] = PolicyOpt,
    no_map: bool = typer.Option(False, "--no-map", help="Leave the interactive map out (a smaller file)."),
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

    refuse_overwriting([out], [*inputs.files(), policy], lang.value, [store_file(store)])
    pm, rules = load_or_exit(inputs, policy)
    review = _since_last_review(pm, store, rules, lang.value) if store is not None else None
    if not no_map:
        refuse_too_large(inputs.file, map_too_large(pm, lang=lang.value), "; or leave the map out with --no-map")
    with font_warnings(), writing(lang=lang.value):
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
    print(words("done.report", lang.value).format(out=out, account=safe(pm.account.name), people=people))


def _since_last_review(pm, url: str, policy, lang: str):
    """The report's 'Since last review' data, or exit 1 when the store cannot be read."""
    from powermap.store.report import since_last_review

    with store_or_exit(url, policy, create=False) as db:
        return since_last_review(pm, db, policy=policy, lang=lang)


@app.command()
def template(
    out: Path = out_option("Workbook to write (.xlsx)."),
    lang: Lang = lang_option("Headers, drop-down values and example: en or zh."),
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
    with writing(lang=lang.value):
        write_template(out, lang=lang.value)
    print(words("done.template", lang.value).format(out=out))


@app.command()
@reads(
    "file", "by", "out", "contacts_out", "gaps_out", "as_of", "lang", "policy", "jobs", "engine", "model", "encoding"
)
def portfolio(
    inputs: Inputs,
    by: str = typer.Option(..., "--by", help="The column naming each row's account."),
    out: Path = out_option("Accounts table to write: .csv, .xlsx or .parquet."),
    contacts_out: Optional[Path] = typer.Option(
        None, "--contacts-out", help="Also write per-contact scores (.csv, .xlsx or .parquet)."
    ),
    gaps_out: Optional[Path] = typer.Option(
        None, "--gaps-out", help="Also write every gap with its message (.csv, .xlsx or .parquet)."
    ),
    lang: Lang = lang_option("Language of the summary and of messages in --gaps-out."),
    policy: Optional[Path] = PolicyOpt,
    jobs: int = jobs_option(),
    engine: Engine = typer.Option(
        Engine.local, "--engine", help="local (this machine) or spark (needs powermap[spark])."
    ),
    model: Optional[Path] = typer.Option(
        None, "--model", help="A model from `powermap learn`: adds win_probability and drivers to every account."
    ),
    plan: bool = typer.Option(False, "--plan", help="Add each account's first action (plan_* columns)."),
    plan_out: Optional[Path] = typer.Option(
        None,
        "--plan-out",
        help="Also write each account's plan, one row per step (.csv, .xlsx or .parquet); implies --plan.",
    ),
    plan_steps: int = typer.Option(
        1, "--plan-steps", min=1, max=50, help="Steps of each account's plan in --plan-out (powermap plan's first N)."
    ),
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
    review_top: Optional[int] = typer.Option(
        None,
        "--top",
        min=0,
        max=20,
        help="Riskiest deals to list after the risk mix and the most common gaps (default 5; 0: none).",
    ),
) -> None:
    """Score every account of a pipeline table.

    Accounts with bad rows are reported and skipped. The summary says how many deals stand at each risk, the
    gaps most accounts have, and the riskiest deals (high risk first, then the latest stage).
    """
    from rich.console import Console

    from powermap.errors import InputError
    from powermap.policy import load_policy
    from powermap.portfolio import local as scorer
    from powermap.portfolio.activities import refuse as refuse_log

    file, as_of = inputs.file, inputs.as_of
    check_table_paths(out, contacts_out, gaps_out, plan_out)
    if plan_steps > 1 and plan_out is None:
        raise typer.BadParameter(
            "steps after the first are written to --plan-out: give it a file", param_hint="--plan-steps"
        )
    outputs = [out, contacts_out, gaps_out, plan_out]
    refuse_overwriting(outputs, [file, policy, model], lang.value, [store_file(store)])
    console = Console(stderr=True, highlight=False)
    if (since is not None or replace) and store is None:
        raise typer.BadParameter("--since and --replace need --store")
    if engine is Engine.spark and store is not None:
        raise typer.BadParameter("--store works with --engine local only")
    if engine is Engine.spark and (contacts_out, gaps_out, model, plan_out) != (None,) * 4:
        raise typer.BadParameter("--contacts-out, --gaps-out, --plan-out and --model work with --engine local only")
    top = 5 if review_top is None else review_top
    try:
        rules = load_policy(policy)
        if engine is Engine.spark:
            refuse_log(inputs.read)  # an activity log is matched by the local engine only
            return _portfolio_spark(inputs, by, out, rules, console, plan=plan, lang=lang.value, top=top)
        win_model = _load_model(model) if model is not None else None
        steps = plan_steps if plan_out is not None else int(plan)  # --plan-out plans; its steps go there
        options: dict[str, Any] = dict(policy=rules, lang=lang.value, n_jobs=jobs, as_of=as_of, plan=steps)
        options.update(messages=gaps_out is not None, contacts_scores=contacts_out is not None or win_model is not None)
        raw = _read_contacts(inputs) if store is not None else None  # a snapshot keeps every contact row: read whole
        with progress(console) as advance:
            if raw is not None:  # read through the export profiles above
                result = scorer.score(
                    raw,
                    by,
                    read={"profile": "plain", "activities": inputs.read.activities if inputs.read else ()},
                    progress=advance,
                    **options,
                )
            else:
                # CSV and Parquet are read in chunks of whole accounts; without a model the tables are written as
                # the chunks come back (memory stays flat), and gap rows are only built for --gaps-out
                streamed = (
                    dict(accounts=out, contacts=contacts_out, gaps=gaps_out, plans=plan_out)
                    if win_model is None
                    else None
                )
                with writing(lang=lang.value):
                    try:
                        result = scorer.score_file(
                            file,
                            by,
                            read=inputs.read,
                            progress=advance,
                            gap_rows=gaps_out is not None,
                            write_to=streamed,
                            **options,
                        )
                    except ValueError as error:  # a table too long for an Excel sheet: said plainly
                        print(f"error: {error}", file=sys.stderr)
                        raise typer.Exit(1) from None
    except InputError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    accounts = result.accounts if win_model is None else win_model.annotate(result)
    if store is not None:
        accounts = _portfolio_store(result, accounts, raw, store, since, replace, file, console)
    with writing(lang=lang.value):
        try:
            if result.written is None:
                dataclasses.replace(result, accounts=accounts).to_files(
                    out, contacts=contacts_out, gaps=gaps_out, plans=plan_out
                )
        except ValueError as error:  # a table too long for an Excel sheet: said plainly, nothing half-written
            print(f"error: {error}", file=sys.stderr)
            raise typer.Exit(1) from None
    console.print(safe(result.summary(reasons=not result.problems, lang=lang.value)), markup=False)
    if result.n_scored:  # of the table as written: with --since it says how each account's risk moved
        _print_review(dataclasses.replace(result, accounts=accounts).review(top=top), by, lang.value, console, since)
    for note in result.notes:
        console.print(f"note: {safe(note)}", markup=False)
    if win_model is not None:
        console.print(
            words("done.model_used", lang.value).format(
                model=safe(str(model)),
                kind=words(f"done.model_kind.{win_model.kind}", lang.value),
                date=win_model.trained_at_[:10],
                n=win_model.n_train_,
                auc=f"{win_model.cv_['roc_auc']:.2f}",
            ),
            markup=False,
        )
    print_skipped(console, result.problems)


def _print_review(review, by: str, lang: str, console, since: Optional[str] = None) -> None:
    """The pipeline review after the count (:class:`powermap.portfolio.review.Review`), of either engine."""
    from powermap.render.review_text import print_review

    print_review(
        review.risk_table(),
        review.common_gaps(),
        review.riskiest,
        by,
        lang,
        console,
        moves=review.risk_moves(),
        since=since,
    )


def _read_contacts(inputs: Inputs):
    """A pipeline's contacts as text, through the export profiles (``--from`` and the other read options)."""
    from powermap.io.read import read_account
    from powermap.portfolio.local import read_pipeline

    return read_pipeline(read_account(inputs.file).contacts, inputs.read)


def _portfolio_store(result, accounts, raw, url: str, since: Optional[str], replace: bool, file: Path, console):
    """Save every scored account as a snapshot (one transaction) and, with --since, add the change columns."""
    from powermap.store.db import file_sha256
    from powermap.store.history import portfolio_changes

    with store_or_exit(url) as db:
        if since is not None:
            accounts = accounts.copy()
            changes = portfolio_changes(result, db, since)
            for column in ("coverage_change", "risk_change", "gaps_opened", "gaps_closed"):
                accounts[column] = changes[column].to_numpy()
        saved = db.save_portfolio(result, raw, replace=replace, source_name=file.name, source_sha256=file_sha256(file))
    console.print(f"{safe(db.shown)}: saved {len(saved)} account snapshots in one transaction", markup=False)
    return accounts


def _portfolio_spark(
    inputs: Inputs, by: str, out: Path, rules, console, plan: bool = False, lang: str = "en", top: int = 5
) -> None:
    import warnings

    # PySpark 4 warns on every run that it does not fully support pandas 3; the paths this engine uses give the
    # local engine's numbers exactly (tests/test_spark.py), so the command does not pass the warning on (only
    # while it runs: the filters of a process that calls the command in-process are left as they were)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        _spark_run(inputs, by, out, rules, console, plan, lang, top)


def _spark_run(inputs: Inputs, by: str, out: Path, rules, console, plan: bool, lang: str, top: int) -> None:
    from powermap.errors import InputError

    try:
        from powermap.portfolio import spark as engine

        session = engine.session()
    except ImportError as error:
        console.print(str(error), markup=False)
        raise typer.Exit(2) from None
    try:
        result = engine.score_file(
            inputs.file, by, policy=rules, as_of=inputs.as_of, spark=session, read=inputs.read, plan=plan
        ).cache()
    except InputError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    with writing():
        engine.write(result, out)
    skipped = result.filter(result["skipped_reason"].isNotNull()).count()
    scored = result.count() - skipped
    engine_name = words("done.engine", lang).format(engine="Spark")
    console.print(words("done.scored", lang).format(n=scored, skipped=skipped) + engine_name, markup=False)
    if scored:
        _print_review(engine.review(result, by).top(top), by, lang, console)


@app.command()
@reads(
    "file",
    "links",
    "name",
    "stage",
    "technicality",
    "as_of",
    "steps",
    "team",
    "format",
    "lang",
    "policy",
    "redact",
    "encoding",
)
def plan(
    inputs: Inputs,
    steps: int = typer.Option(5, "--steps", min=1, max=50, help="How many actions, in order of work."),
    team: Optional[Path] = typer.Option(
        None, "--team", help="The team's relationships: contact, member, relationship, desired (optional)."
    ),
    format: Format = format_option(),
    lang: Lang = lang_option("Language of the actions: en or zh."),
    policy: Optional[Path] = PolicyOpt,
    redact: bool = typer.Option(
        False, "--redact", help="Plan on the redacted map: no owners, and no inside coach on any path."
    ),
) -> None:
    """Rank the next moves: whom to work on, and through whom.

    Each move says what it buys; each step is scored on the map the earlier steps made.
    """
    from powermap.errors import InputError
    from powermap.plan.actions import plan_actions
    from powermap.plan.team import read_team
    from powermap.render.plan_text import plan_markdown, plan_plain_text, print_plan
    from powermap.text.safe import terminal_data

    pm, rules = load_or_exit(inputs, policy)
    try:
        members = read_team(team, pm) if team is not None else None
    except InputError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    result = plan_actions(pm, steps=steps, team=members, policy=rules, lang=lang.value, redact=redact)
    if format is Format.json:
        print(safe_json(json.dumps(result, ensure_ascii=False, indent=2)))
    elif format is Format.markdown:
        print(plan_markdown(result, lang=lang.value))
    elif not sys.stdout.isatty():  # a pipe or a file: plain text like analyze's, never a box table
        emit(plan_plain_text(terminal_data(result), lang=lang.value))
    else:
        print_plan(terminal_data(result), lang=lang.value)


# -- history: dated snapshots in a store ------------------------------------------------------------------------


@app.command()
@reads("file", "store", "links", "name", "stage", "technicality", "as_of", "policy", "replace", "encoding")
def snapshot(
    inputs: Inputs,
    store: str = StoreReq,
    policy: Optional[Path] = PolicyOpt,
    replace: bool = typer.Option(False, "--replace", help="Replace the account's snapshot of the same date."),
) -> None:
    """Save the map as the account's dated snapshot.

    The contacts, links and analysis figures, on the map's as-of date.
    """
    pm, rules = load_or_exit(inputs, policy)
    with store_or_exit(store, rules) as db:
        info = db.save(pm, replace=replace)
    print(
        f"{safe(db.shown)}: {'replaced' if info.replaced else 'saved'} {safe(info.account)} on "
        f"{info.as_of.isoformat()}: "
        f"{info.people} people, coverage {info.coverage:.0f}, risk {info.risk}, {info.n_gaps} gaps"
    )


@app.command()
def history(
    account: str = typer.Argument(..., metavar="ACCOUNT", help="The account's name in the store."),
    store: str = StoreReq,
    format: Format = format_option(),
    lang: Lang = lang_option("Language of headings: en or zh."),
) -> None:
    """One row per snapshot of the account, and the trend.

    Date, people, coverage, risk and gaps of each snapshot; and the coverage trend.
    """
    from powermap.store import view

    with store_or_exit(store, create=False) as db:
        frame = db.history(account)
    if format is Format.json:
        print(safe_json(json.dumps(view.history_json(account, frame), ensure_ascii=False, indent=2)))
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
    format: Format = format_option(),
    lang: Lang = lang_option("Language of headings: en or zh."),
) -> None:
    """What changed in the account between two snapshots.

    People, fields, links, gaps, coverage and risk.
    """
    from powermap.store import view

    with store_or_exit(store, create=False) as db:
        change = db.diff(account, since, until)
    if format is Format.json:
        print(safe_json(view.diff_json(change)))
    elif format is Format.markdown:
        print(view.diff_markdown(change, lang.value))
    else:
        view.print_diff(change, lang.value)


def _load_model(path: Path):
    from powermap.learn.model import load

    return load(path)


@app.command()
@reads(
    "file", "by", "outcomes", "out", "kind", "report", "lang", "folds", "seed", "as_of", "policy", "jobs", "encoding"
)
def learn(
    inputs: Inputs,
    by: str = typer.Option(..., "--by", help="The column naming each row's account."),
    outcomes: Path = typer.Option(
        ..., "--outcomes", help="Closed deals: the --by column and 'won' (1/0, true/false, won/lost, 赢单/丢单)."
    ),
    out: Path = out_option("The model file to write (its card goes beside it, as OUT.card.json)."),
    kind: Kind = typer.Option(
        Kind.logistic, "--kind", help="logistic (calibrated, readable coefficients) or gbm (gradient-boosted trees)."
    ),
    report: Optional[Path] = typer.Option(
        None, "--report", help="Also draw the evaluation (ROC, calibration, effects): .png, .svg or .pdf."
    ),
    lang: Lang = lang_option("Language of the tables and the --report figure: en or zh."),
    folds: int = typer.Option(5, "--folds", help="Folds of the stratified cross-validation.", min=2),
    seed: int = typer.Option(0, "--seed", help="Seed of the folds and the bootstrap."),
    policy: Optional[Path] = PolicyOpt,
    jobs: int = jobs_option("Worker processes for scoring (-1: every free core)."),
) -> None:
    """Learn from closed deals what went with a win.

    Which power-map figures and gaps went with a win; saves the model and its card.
    """
    import warnings

    from rich.console import Console

    from powermap.errors import InputError
    from powermap.io.outcomes import read_outcomes
    from powermap.learn import model as learner
    from powermap.learn.tables import learned_tables
    from powermap.policy import load_policy
    from powermap.portfolio import local as scorer

    file = inputs.file
    if report is not None and report.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise typer.BadParameter(f"{report}: expected a .png, .svg or .pdf file name")
    refuse_overwriting([out, out.with_name(out.name + ".card.json"), report], [file, outcomes, policy])
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        rules = load_policy(policy)
        read_outcomes(outcomes, by)  # a bad outcomes file is reported before any scoring
        with progress(err) as advance:
            result = scorer.score_file(
                file, by, read=inputs.read, policy=rules, n_jobs=jobs, progress=advance, as_of=inputs.as_of
            )
        print_skipped(err, result.problems)
        for note in result.notes:  # an activity log's matching (--activities), said per run
            err.print(f"note: {safe(note)}", markup=False)
        with warnings.catch_warnings():
            # the notes are printed below, from model.notes_; every other warning is left to show
            warnings.simplefilter("ignore", learner.TrainingNote)
            model = learner.fit(
                result, outcomes, by, kind=kind.value, cv=folds, random_state=seed, contacts_name=str(file)
            )
    except InputError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    err.print(safe(result.summary(reasons=not result.problems, lang=lang.value)), markup=False)
    for note in model.notes_:
        err.print(f"note: {note}", markup=False)
    with writing():
        card = model.save(out)
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or captured: wide enough that the tables do not wrap every line
        console = Console(highlight=False, width=120)
    for table in learned_tables(model, lang.value):
        console.print(table)
    kind_name = words(f"done.model_kind.{model.kind}", lang.value)
    print(words("done.model", lang.value).format(out=out, kind=kind_name, n=model.n_train_, card=card))
    if report is not None:
        import matplotlib

        matplotlib.use("Agg")
        with font_warnings(), writing(lang=lang.value):
            model.report().save(report, lang=lang.value)
        print(words("done.model_report", lang.value).format(out=report))


register(app, load_args_or_exit)


def main() -> None:
    """Entry point of the ``powermap`` console script.

    Ctrl-C ends any command quietly with status 130; a closed output pipe (``powermap analyze ... | head``)
    ends it quietly with status 141, as it would a command the shell stopped by SIGPIPE. Output files are
    written atomically (powermap.io.writing), so neither leaves a half-written file.
    """
    import os

    # pyarrow's buffers (the CSV reader's, pandas' text columns) from the C library's allocator: mimalloc reserves
    # a large arena up front, which leaves a command run under an address-space limit no room for a thread.
    # Read when pyarrow is first imported, which is after this line.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    run(app)


if __name__ == "__main__":
    main()
