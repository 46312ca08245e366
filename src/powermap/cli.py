"""The powermap command line: a thin layer over the Python API.

Exit status (contract): 0 done (whatever the gaps), 1 invalid input (every
problem printed, with file, row and column), 2 wrong usage.
"""

from __future__ import annotations

import json
import sys
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


def _print_problems(error) -> None:
    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    n = len(error.problems)
    console.print(f"[bold red]{n} problem{'s' if n != 1 else ''} in the input[/]", markup=True)
    for problem in error.problems:
        console.print(f"  {problem}", markup=False)


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
        _print_problems(error)
        raise typer.Exit(1)
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
    from .problems import InputError
    from . import output

    try:
        pm = _load(file, links, name, stage, technicality, as_of)
        rules = output.load_policy(policy)
    except InputError as error:
        _print_problems(error)
        raise typer.Exit(1)
    result = output.analysis(pm, policy=rules, lang=lang.value)
    if format is Format.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif format is Format.markdown:
        print(output.markdown(result, lang=lang.value))
    else:
        output.print_table(result, lang=lang.value)


def main() -> None:
    """Entry point of the ``powermap`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
