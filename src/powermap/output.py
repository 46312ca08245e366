"""Render an analysis for the command line: the contract's JSON object, a Rich table, Markdown."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd

from .model import PowerMap

__all__ = ["analysis", "markdown", "print_table", "load_policy", "jsonable"]


def load_policy(path: Path | None):
    """The thresholds to analyse with (None: the defaults)."""
    return None


def jsonable(value: Any) -> Any:
    """A value as plain JSON: NA and NaN become null, dates ISO text, numpy scalars Python ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


CONTACT_FIELDS = ["id", "name", "title", "department", "level", "level_source", "reports_to", "roles",
                  "influence", "stance", "relationship", "relationship_source", "owner", "last_contact"]


def analysis(pm: PowerMap, policy=None, lang: str = "en") -> dict[str, Any]:
    """The analysis as the contract's JSON object."""
    contacts = pm.contacts
    summary = pm.summary()
    return jsonable({
        "account": pm.account.to_dict(),
        "score": {},
        "coverage": {},
        "gaps": [],
        "graph": {"nodes": pm.graph.number_of_nodes(), "edges": pm.graph.number_of_edges()},
        "summary": summary,
        "contacts": [dict(zip(CONTACT_FIELDS, row)) for row in contacts[CONTACT_FIELDS].itertuples(index=False)],
    })


def markdown(result: dict[str, Any], lang: str = "en") -> str:
    account = result["account"]
    lines = [f"# {account['name']}", "", f"Stage {account['stage'] or '-'}, as of {account['as_of']}", "",
             "| id | name | title | level | roles | stance | relationship |", "|---|---|---|---|---|---|---|"]
    for c in result["contacts"]:
        cells = [c["id"], c["name"], c["title"], c["level"] or "?", ", ".join(c["roles"]),
                 "?" if c["stance"] is None else str(c["stance"]), str(c["relationship"])]
        lines.append("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    return "\n".join(lines)


def print_table(result: dict[str, Any], lang: str = "en") -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    account = result["account"]
    console.print(f"{account['name']}  stage {account['stage'] or '-'}  as of {account['as_of']}", markup=False)
    table = Table(show_lines=False)
    for column in ("id", "name", "title", "level", "roles", "stance", "rel."):
        table.add_column(column)
    for c in result["contacts"]:
        table.add_row(c["id"], c["name"], c["title"], c["level"] or "?", ", ".join(c["roles"]),
                      "?" if c["stance"] is None else str(c["stance"]), str(c["relationship"]))
    console.print(table)
