"""The powermap command line: a thin layer over the Python API.

Exit status (contract): 0 done (whatever the gaps), 1 invalid input (every
problem printed, with file, row and column), 2 wrong usage.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Influence maps of a customer organisation, and where the deal is exposed.")


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


FileArg = typer.Argument(..., metavar="FILE", help="Contacts: CSV/TSV, XLSX, JSON, YAML or Parquet (or a single-file account).",
                         show_default=False)
LinksOpt = typer.Option(None, "--links", help="A links table: source, target, kind, weight.")
NameOpt = typer.Option(None, "--name", help="Account name (default: the file's name).")
StageOpt = typer.Option(None, "--stage", help="Sales stage: 1-8 or its name (e.g. demo, negotiation).")
TechOpt = typer.Option(None, "--technicality", help="low, medium or high.")
AsOfOpt = typer.Option(None, "--as-of", help="The date the map describes (ISO; default today).")


def _load(file: Path, links: Optional[Path], name, stage, technicality, as_of):
    from .model import load

    return load(file, links=links, name=name, stage=stage, technicality=technicality, as_of=as_of)


PROBLEMS_SHOWN = 40  # beyond this, commands other than validate point to it for the full list


def _load_or_exit(file: Path, links: Optional[Path], name, stage, technicality, as_of, policy: Optional[Path] = None):
    """The map and the policy, or every problem printed and exit status 1."""
    from .policy import load_policy
    from .problems import InputError

    try:
        return _load(file, links, name, stage, technicality, as_of), load_policy(policy)
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


def _print_problems(error, limit: int | None = PROBLEMS_SHOWN) -> None:
    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    n = len(error.problems)
    console.print(f"[bold red]{n} problem{'s' if n != 1 else ''} in the input[/]", markup=True)
    shown = error.problems if limit is None else error.problems[:limit]
    for problem in shown:
        console.print(f"  {problem}", markup=False)
    if len(shown) < n:
        console.print(f"  ... and {n - len(shown)} more: `powermap validate` lists them all", markup=False)


@app.command()
def validate(file: Path = FileArg, links: Optional[Path] = LinksOpt, name: Optional[str] = NameOpt,
             stage: Optional[str] = StageOpt, technicality: Optional[str] = TechOpt,
             as_of: Optional[str] = AsOfOpt,
             format: Format = typer.Option(Format.table, "--format", help="table or json.")) -> None:
    """List every problem in the input; exit 0 when clean, 1 when not."""
    from .problems import InputError

    try:
        pm = _load(file, links, name, stage, technicality, as_of)
    except InputError as error:
        if format is Format.json:
            print(json.dumps({"valid": False, "problems": [p.to_dict() for p in error.problems]},
                             ensure_ascii=False, indent=2))
        _print_problems(error, limit=None)
        raise typer.Exit(1) from None
    summary = pm.summary()
    if format is Format.json:
        print(json.dumps({"valid": True, "problems": [], "summary": summary}, ensure_ascii=False, indent=2))
        return
    inferred = summary["level_inferred"]
    print(f"{file}: valid: {summary['contacts']} contacts, {summary['links']} links"
          + (f"; level inferred for {inferred} (marked level_source)" if inferred else "")
          + (f"; relationship defaulted to none for {summary['relationship_defaulted']}"
             if summary["relationship_defaulted"] else ""))


@app.command()
def analyze(file: Path = FileArg, links: Optional[Path] = LinksOpt, name: Optional[str] = NameOpt,
            stage: Optional[str] = StageOpt, technicality: Optional[str] = TechOpt,
            as_of: Optional[str] = AsOfOpt,
            format: Format = typer.Option(Format.table, "--format", help="table, json or markdown."),
            lang: Lang = typer.Option(Lang.en, "--lang", help="Language of messages and advice: en or zh."),
            policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
            ) -> None:
    """Score the map and list the gaps where the deal is exposed."""
    from . import output

    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    result = output.analysis(pm, policy=rules, lang=lang.value)
    if format is Format.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif format is Format.markdown:
        print(output.markdown(result, lang=lang.value))
    else:
        output.print_table(result, lang=lang.value)


class Focus(str, Enum):
    auto = "auto"
    key = "key"
    all = "all"


@app.command()
def chart(file: Path = FileArg, out: Path = typer.Option(..., "-o", "--out", help="Image to write: .png, .svg or .pdf."),
          links: Optional[Path] = LinksOpt, name: Optional[str] = NameOpt, stage: Optional[str] = StageOpt,
          technicality: Optional[str] = TechOpt, as_of: Optional[str] = AsOfOpt,
          lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the title, legend, roles and gaps."),
          policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
          focus: Focus = typer.Option(Focus.auto, "--focus", help="key: decision makers, role holders, people in "
                                      "gaps and the managers between them; all: everyone; auto: key above 60 people."),
          ) -> None:
    """Draw the static org chart (at most 16 in wide, text 8 pt or more): stance, relationship, roles, gaps."""
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise typer.BadParameter(f"{out}: expected a .png, .svg or .pdf file name")
    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    import matplotlib

    matplotlib.use("Agg")
    from .draw import org_chart, save_figure

    with _font_warnings():
        figure = org_chart(pm, lang=lang.value, policy=rules, focus=focus.value)
        out.parent.mkdir(parents=True, exist_ok=True)
        save_figure(figure, out, dpi=150)
    print(f"{out}: org chart of {len(pm)} people")


@app.command()
def html(file: Path = FileArg, out: Path = typer.Option(..., "-o", "--out", help="HTML file to write."),
         links: Optional[Path] = LinksOpt, name: Optional[str] = NameOpt, stage: Optional[str] = StageOpt,
         technicality: Optional[str] = TechOpt, as_of: Optional[str] = AsOfOpt,
         redact: bool = typer.Option(False, "--redact", help="Leave out notes, owners, competitor leanings and "
                                     "who is an inside coach, for a map you forward."),
         lang: Lang = typer.Option(Lang.en, "--lang", help="Language of gaps and advice: en or zh."),
         policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
         layout: Layout = typer.Option(Layout.tree, "--layout", help="How the map opens: tree (the org chart) or "
                                       "free (physics from the org chart; up to 500 people)."),
         ) -> None:
    """Write the interactive power map: one self-contained HTML file that works offline."""
    from .html import write_html

    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_html(pm, out, redact=redact, lang=lang.value, policy=rules, layout=layout.value)
    print(f"{out}: interactive map of {len(pm)} people" + (" (redacted)" if redact else ""))


@app.command()
def report(file: Path = FileArg, out: Path = typer.Option(..., "-o", "--out", help="HTML file to write."),
           links: Optional[Path] = LinksOpt, name: Optional[str] = NameOpt, stage: Optional[str] = StageOpt,
           technicality: Optional[str] = TechOpt, as_of: Optional[str] = AsOfOpt,
           lang: Lang = typer.Option(Lang.en, "--lang", help="Language of gaps, advice and headings: en or zh."),
           policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
           no_map: bool = typer.Option(False, "--no-map", help="Leave the interactive map out (a smaller file)."),
           ) -> None:
    """Write the coach's report: score, risk, coverage, every gap with advice, charts and the map (HTML)."""
    from .report import write_report

    pm, rules = _load_or_exit(file, links, name, stage, technicality, as_of, policy)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _font_warnings():
        write_report(pm, out, policy=rules, lang=lang.value, with_map=not no_map)
    print(f"{out}: coach's report on {pm.account.name} ({len(pm)} people)")


@app.command()
def portfolio(file: Path = FileArg,
              by: str = typer.Option(..., "--by", help="The column naming each row's account."),
              out: Path = typer.Option(..., "-o", "--out", help="Accounts table to write: .csv or .parquet."),
              contacts_out: Optional[Path] = typer.Option(None, "--contacts-out",
                                                          help="Also write per-contact scores (.csv or .parquet)."),
              gaps_out: Optional[Path] = typer.Option(None, "--gaps-out",
                                                      help="Also write every gap with its message (.csv or .parquet)."),
              as_of: Optional[str] = AsOfOpt,
              lang: Lang = typer.Option(Lang.en, "--lang", help="Language of messages in --gaps-out."),
              policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
              jobs: int = typer.Option(-1, "--jobs", help="Worker processes (-1: every core)."),
              engine: Engine = typer.Option(Engine.local, "--engine",
                                            help="local (this machine) or spark (needs powermap[spark])."),
              model: Optional[Path] = typer.Option(None, "--model",
                                                   help="A model from `powermap learn`: adds win_probability and "
                                                        "drivers to every account."),
              ) -> None:
    """Score every account of a pipeline table; bad accounts are reported and skipped."""
    from rich.console import Console

    from . import portfolio as scorer
    from .policy import load_policy
    from .problems import InputError
    from .read import read_account

    for target in (out, contacts_out, gaps_out):
        if target is not None and target.suffix.lower() not in (".csv", ".parquet"):
            raise typer.BadParameter(f"{target}: expected a .csv or .parquet file name")
    console = Console(stderr=True, highlight=False)
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
        raw = read_account(file).contacts
        with _progress(console) as advance:
            result = scorer.score(raw, by, policy=rules, lang=lang.value, n_jobs=jobs, progress=advance,
                                  as_of=as_of, messages=gaps_out is not None,
                                  contacts_scores=contacts_out is not None or win_model is not None)
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    accounts = result.accounts if win_model is None else win_model.annotate(result)
    _write(accounts, out)
    if contacts_out is not None:
        _write(result.contacts, contacts_out)
    if gaps_out is not None:
        _write(result.gaps, gaps_out)
    console.print(result.summary(), markup=False)
    if win_model is not None:
        console.print(f"win_probability and drivers from {model} ({win_model.kind} model trained "
                      f"{win_model.trained_at_[:10]} on {win_model.n_train_} closed accounts, cross-validated "
                      f"ROC AUC {win_model.cv_['roc_auc']:.2f})", markup=False)
    for problem in result.problems[:20]:
        console.print(f"  {problem}", markup=False)
    if len(result.problems) > 20:
        console.print(f"  ... and {len(result.problems) - 20} more problems", markup=False)


def _load_model(path: Path):
    from .learn import load

    return load(path)


@app.command()
def learn(file: Path = FileArg,
          by: str = typer.Option(..., "--by", help="The column naming each row's account."),
          outcomes: Path = typer.Option(..., "--outcomes", help="Closed deals: the --by column and 'won' "
                                                                "(1/0, true/false, won/lost, 赢单/丢单)."),
          out: Path = typer.Option(..., "-o", "--out", help="The model file to write (its card goes beside it, "
                                                              "as OUT.card.json)."),
          kind: Kind = typer.Option(Kind.logistic, "--kind", help="logistic (calibrated, readable coefficients) "
                                                                  "or gbm (gradient-boosted trees)."),
          report: Optional[Path] = typer.Option(None, "--report", help="Also draw the evaluation (ROC, calibration, "
                                                                       "effects): .png, .svg or .pdf."),
          folds: int = typer.Option(5, "--folds", help="Folds of the stratified cross-validation.", min=2),
          seed: int = typer.Option(0, "--seed", help="Seed of the folds and the bootstrap."),
          as_of: Optional[str] = AsOfOpt,
          policy: Optional[Path] = typer.Option(None, "--policy", help="Thresholds file (TOML or YAML)."),
          jobs: int = typer.Option(-1, "--jobs", help="Worker processes for scoring (-1: every core)."),
          ) -> None:
    """Learn from closed deals which power-map figures and gaps went with a win; save the model and its card."""
    import warnings

    from rich.console import Console

    from . import learn as learner
    from . import portfolio as scorer
    from .outcomes import read_outcomes
    from .policy import load_policy
    from .problems import InputError
    from .read import read_account

    if report is not None and report.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise typer.BadParameter(f"{report}: expected a .png, .svg or .pdf file name")
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        rules = load_policy(policy)
        read_outcomes(outcomes, by)  # a bad outcomes file is reported before any scoring
        raw = read_account(file).contacts
        with _progress(err) as advance:
            result = scorer.score(raw, by, policy=rules, n_jobs=jobs, progress=advance, as_of=as_of)
        for problem in result.problems[:20]:
            err.print(f"  {problem}", markup=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            model = learner.fit(result, outcomes, by, kind=kind.value, cv=folds, random_state=seed,
                                contacts_name=str(file))
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    err.print(result.summary(), markup=False)
    for note in model.notes_:
        err.print(f"note: {note}", markup=False)
    card = model.save(out)
    _print_learned(model)
    print(f"{out}: {model.kind} model of {model.n_train_} closed accounts; card: {card}")
    if report is not None:
        import matplotlib

        matplotlib.use("Agg")
        model.report().save(report)
        print(f"{report}: ROC, calibration and effects")


def _print_learned(model) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if not console.is_terminal:  # piped or captured: wide enough that the tables do not wrap every line
        console = Console(highlight=False, width=120)
    s = model.cv_
    scores = Table(title=f"{s['method']} ({model.n_train_} accounts, {model.n_won_} won)", title_justify="left")
    for column in ("", "model", "no skill", "coverage score alone"):
        scores.add_column(column, justify="right" if column else "left")
    coverage = s.get("coverage_roc_auc")
    scores.add_row("ROC AUC", f"{s['roc_auc']:.3f}", "0.500", f"{coverage:.3f}" if coverage is not None else "")
    scores.add_row("Brier score (lower is better)", f"{s['brier']:.3f}", f"{s['baseline']['brier']:.3f}", "")
    scores.add_row("accuracy at 50%", f"{s['accuracy']:.3f}", f"{s['baseline']['accuracy']:.3f}", "")
    console.print(scores)
    effects = Table(title="Largest effects on the log-odds of a win", title_justify="left")
    for column in ("feature", "unit", "effect", "90% interval", "rules say", "data says"):
        effects.add_column(column, justify="right" if column in ("effect", "90% interval") else "left")
    table = model.effects_.reindex(model.effects_["effect"].abs().sort_values(ascending=False).index).head(12)
    for row in table.itertuples():
        interval = f"{row.low:+.2f} .. {row.high:+.2f}" if row.low == row.low else ""
        effects.add_row(row.description, row.unit, f"{row.effect:+.2f}", interval, row.rule_says, row.data_says)
    console.print(effects)


def _portfolio_spark(file: Path, by: str, out: Path, rules, as_of, console) -> None:
    try:
        from . import spark as engine
        session = engine.session()
    except ImportError as error:
        console.print(str(error), markup=False)
        raise typer.Exit(2) from None
    if file.suffix.lower() == ".parquet":
        contacts = session.read.parquet(str(file))
    elif file.suffix.lower() == ".csv":
        contacts = session.read.option("header", True).option("encoding", "UTF-8").csv(str(file))
    else:
        raise typer.BadParameter(f"{file}: the Spark engine reads .parquet or .csv")
    if by not in contacts.columns:
        console.print(f"{file}: no column '{by}' to group accounts by; found columns: "
                      f"{', '.join(contacts.columns)}", markup=False)
        raise typer.Exit(1) from None
    result = engine.score(contacts, by, policy=rules, as_of=as_of).cache()
    if out.suffix.lower() == ".parquet":
        result.write.mode("overwrite").parquet(str(out))  # a folder of part files, as Spark writes
    else:
        _write(result.toPandas(), out)
    skipped = result.filter(result["skipped_reason"].isNotNull()).count()
    console.print(f"{result.count() - skipped} accounts scored, {skipped} skipped (Spark)", markup=False)


def _write(frame, path: Path) -> None:
    frame = frame.copy()
    for column in frame.columns:  # tuples of ids or roles as "a;b" text, readable in any tool
        if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, tuple)).any():
            frame[column] = frame[column].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False, encoding="utf-8")


class _progress:
    """A Rich progress bar on a terminal; silent otherwise."""

    def __init__(self, console):
        self.console = console
        self.bar = None

    def __enter__(self):
        if not self.console.is_terminal:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress("scoring accounts", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=self.console, transient=True)
        self.bar.start()
        task = self.bar.add_task("accounts", total=None)
        return lambda done, total: self.bar.update(task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def main() -> None:
    """Entry point of the ``powermap`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
