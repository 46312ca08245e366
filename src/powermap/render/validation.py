"""What ``powermap validate`` says about an input: one line, a Markdown table or a JSON document."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from powermap.text.safe import json_text, markdown_text, terminal

__all__ = ["validation_json", "problems_markdown", "valid_line"]


def validation_json(problems: Sequence[Any], summary: Optional[dict] = None, reading: Any = None) -> str:
    """The answer as JSON: ``valid``, ``problems`` (file, row, column, value, message), ``summary`` and ``input``.

    Parameters
    ----------
    problems : sequence of powermap.errors.Problem
        Every problem found; empty for a valid input.
    summary : dict, optional
        ``PowerMap.summary()`` of a valid input.
    reading : optional
        What was read (``pm.reading``), added as ``input`` when given.

    Examples
    --------
    >>> print(validation_json([], {"contacts": 2, "links": 0}))
    {
      "valid": true,
      "problems": [],
      "summary": {
        "contacts": 2,
        "links": 0
      }
    }
    """
    document: dict[str, Any] = {"valid": not problems, "problems": [p.to_dict() for p in problems]}
    if summary is not None:
        document["summary"] = summary
    if reading is not None:
        document["input"] = reading.to_dict()
    return json_text(json.dumps(document, ensure_ascii=False, indent=2))


def problems_markdown(file: Path | str, problems: Sequence[Any], summary: Optional[dict] = None) -> str:
    """The answer as a pasteable Markdown table (file, row, column, value, problem); cells made inert.

    Examples
    --------
    >>> print(problems_markdown("deal.csv", [], {"contacts": 2, "links": 1}), end="")
    **deal.csv**: valid, 2 contacts, 1 links
    >>> from powermap.errors import Problem
    >>> print(problems_markdown("deal.csv", [Problem("deal.csv", "unknown stance", 3, "stance", "maybe|no")]), end="")
    **deal.csv**: 1 problem
    <BLANKLINE>
    | file | row | column | value | problem |
    |---|---|---|---|---|
    | deal.csv | 3 | stance | maybe\\|no | unknown stance |
    """
    if not problems:
        assert summary is not None  # a clean file is always reported with its summary
        return f"**{markdown_text(file)}**: valid, {summary['contacts']} contacts, {summary['links']} links\n"
    n = len(problems)
    lines = [
        f"**{markdown_text(file)}**: {n} problem{'s' if n != 1 else ''}",
        "",
        "| file | row | column | value | problem |",
        "|---|---|---|---|---|",
    ]
    for p in problems:
        d = p.to_dict()
        cells = ("" if d.get(k) is None else d[k] for k in ("file", "row", "column", "value", "message"))
        lines.append("| " + " | ".join(markdown_text(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def valid_line(file: Path | str, summary: dict) -> str:
    """One line for a valid input: how many contacts and links, and what was inferred or defaulted.

    Examples
    --------
    >>> valid_line("deal.csv", {"contacts": 2, "links": 1, "level_inferred": 1, "relationship_defaulted": 0})
    'deal.csv: valid: 2 contacts, 1 links; level inferred for 1 (marked level_source)'
    """
    inferred = summary["level_inferred"]
    return (
        f"{terminal(file)}: valid: {summary['contacts']} contacts, {summary['links']} links"
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
