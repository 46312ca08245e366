"""The command line's CRM side: the read options every contacts command takes, what was read, and `export`.

Kept beside ``cli.py`` so that the commands there only gain one decorator line
(``@read_options``) each: the options are declared once, here.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import inspect
import json
import sys
from contextvars import ContextVar
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from powermap.text.words import section  # the catalogue itself loads on the first look-up, not here

__all__ = ["read_options", "current", "register", "print_reading", "reading_lines", "activity_lines", "ROLE_EXPORT"]


class Source(str, Enum):
    salesforce = "salesforce"
    hubspot = "hubspot"
    dynamics = "dynamics"
    bluesheet = "bluesheet"
    plain = "plain"


class Target(str, Enum):
    salesforce = "salesforce"
    hubspot = "hubspot"


_CURRENT: ContextVar = ContextVar("powermap_read_options", default=None)

_OPTIONS = {
    "from_": (
        Optional[Source],
        typer.Option(
            None,
            "--from",
            help="The export's shape: salesforce, hubspot, dynamics, "
            "bluesheet or plain (default: recognised from the "
            "headers).",
        ),
    ),
    "contact_roles": (
        Optional[Path],
        typer.Option(
            None,
            "--contact-roles",
            help="Contact roles rows (Salesforce "
            "OpportunityContactRole: ContactId, "
            "OpportunityId, Role) joined to the "
            "contacts.",
        ),
    ),
    "opportunity": (
        Optional[str],
        typer.Option(
            None, "--opportunity", help="The opportunity whose contact roles to read (when the roles file has several)."
        ),
    ),
    "dayfirst": (
        Optional[bool],
        typer.Option(
            None,
            "--dayfirst/--monthfirst",
            help="How to read dates such as 03/04/2026 when no date in the file decides it.",
        ),
    ),
    "users": (Optional[Path], typer.Option(None, "--users", help="A users table (Id, Name) that names owner ids.")),
    "lenient": (
        bool,
        typer.Option(False, "--lenient", help="Keep values that map to nothing as notes instead of problems."),
    ),
    "account": (
        Optional[str],
        typer.Option(
            None,
            "--account",
            help="Read only this account of a file that holds several (AccountId, Account Name, Company Name).",
        ),
    ),
    "activities": (
        Optional[list[Path]],
        typer.Option(
            None,
            "--activities",
            help="An activity export or calendar (Salesforce Task/Event/EventRelation, HubSpot activities, .ics): "
            "last touch, touches and who met whom. Repeatable.",
        ),
    ),
}


def read_options(func):
    """Give a command the read options (``--from``, ``--contact-roles``, ...); ``current()`` returns them inside it."""
    signature = inspect.signature(func)
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
        for name, (kind, option) in _OPTIONS.items()
    ]

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from powermap.io.profiles import ReadOptions

        given = {name: kwargs.pop(name, None) for name in _OPTIONS}
        options = ReadOptions(
            profile=given["from_"].value if given["from_"] else None,
            contact_roles=given["contact_roles"],
            opportunity=given["opportunity"],
            dayfirst=given["dayfirst"],
            users=given["users"],
            lenient=bool(given["lenient"]),
            account=given["account"],
            activities=tuple(given["activities"] or ()),
        )
        token = _CURRENT.set(options)
        try:
            return func(*args, **kwargs)
        finally:
            _CURRENT.reset(token)

    # inspect (so Typer) reads a function's __signature__; typeshed does not declare it on functools.wraps' result
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra]
    )
    wrapper.__annotations__ = {**getattr(func, "__annotations__", {}), **{n: k for n, (k, _) in _OPTIONS.items()}}
    return wrapper


def current():
    """The read options of the running command (None outside one)."""
    return _CURRENT.get()


def reading_lines(reading, lang: str = "en") -> list[str]:
    """What was read, as terminal-safe lines: the profile, each column's mapping, unmapped values, notes and warnings."""
    w = section("reading", lang)
    how = (
        w["forced"]
        if not reading.detected
        else w["detected"] + (f": {', '.join(reading.evidence)}" if reading.evidence else "")
    )
    lines = [f"{w['read_as']}: {reading.label} ({how})"]
    if reading.mapping:
        width = max(len(h) for h in reading.mapping)
        lines.append(f"{w['columns']}:")
        lines += [f"  {h.ljust(width)} -> {what}" for h, what in reading.mapping.items()]
    if reading.unmapped:
        lines.append(f"{w['unmapped']}:")
        for u in reading.unmapped:
            rows = ", ".join(map(str, u.rows[:8])) + (" ..." if len(u.rows) > 8 else "")
            near = f"; {w['nearest']} '{u.nearest}'" if u.nearest else ""
            lines.append(f"  {u.column} {u.value!r} ({w['rows']} {rows}){near}")
    lines += [f"{w['notes']}: {n}" for n in reading.notes]
    lines += [f"{w['warning']}: {n}" for n in reading.warnings]
    from powermap.text.safe import terminal

    return [terminal(line) for line in lines]  # headers and values are the file's text: shown, never obeyed


def print_reading(reading, file=None, lang: str = "en") -> None:
    for line in reading_lines(reading, lang):
        print(line, file=file or sys.stdout)


# -- export ------------------------------------------------------------------------------------

# powermap role -> the CRM's picklist value; None: the CRM has no value for it (left out, and said).
ROLE_EXPORT: dict[str, dict[str, str | None]] = {
    "salesforce": {
        "decision_maker": "Decision Maker",
        "finance": "Economic Buyer",
        "initiator": "Executive Sponsor",
        "technical_supporter": "Technical Buyer",
        "key_user": "Business User",
        "influencer": "Influencer",
        "advisor": "Influencer",
        "purchaser": "Other",
        "gatekeeper": "Other",
        "legal": "Other",
        "inside_coach": None,
    },
    "hubspot": {
        "decision_maker": "Decision Maker",
        "finance": "Budget Holder",
        "initiator": "Champion",
        "key_user": "End User",
        "influencer": "Influencer",
        "advisor": "Influencer",
        "technical_supporter": "Influencer",
        "legal": "Legal and Compliance",
        "purchaser": "Other",
        "gatekeeper": "Other",
        "inside_coach": None,
    },
}
STANCE_WORDS = {-2: "Blocker", -1: "Skeptic", 0: "Neutral", 1: "Supporter", 2: "Champion"}


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> int:
    """Write a CSV for a CRM's import, atomically (a failed write leaves the previous file as it was) and
    formula-safe (:func:`powermap.io.sheets.neutralise`); the number of cells that got a leading quote."""
    from powermap.io.sheets import neutralise
    from powermap.io.writing import atomic_path

    safe = [[neutralise(value) for value in row] for row in rows]
    quoted = sum(a != b for row, safe_row in zip(rows, safe) for a, b in zip(row, safe_row))
    with atomic_path(path) as tmp:
        with open(tmp, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(safe)
    return quoted


def export_rows(contacts, to: str, opportunity: str | None = None) -> tuple[list[str], list[list[str]], list[str]]:
    """The import rows for ``to`` (header, rows) and notes on what the CRM cannot carry."""
    table = ROLE_EXPORT[to]
    notes: list[str] = []
    left_out: dict[str, int] = {}
    rows: list[list[str]] = []
    for c in contacts.itertuples(index=False):
        import pandas as pd

        stance = None if pd.isna(c.stance) else int(c.stance)
        values = []
        for role in c.roles:
            value = table.get(role)
            if value is None:
                left_out[role] = left_out.get(role, 0) + 1
            elif value not in values:
                values.append(value)
        if to == "salesforce":
            word = STANCE_WORDS.get(stance, "") if stance is not None else ""
            rows += [[c.id, opportunity or "", value, "false", word] for value in values]
        else:
            if stance == 2 and "Champion" not in values:
                values.append("Champion")
            if stance == -2:
                values.append("Blocker")
            if values:
                rows.append([c.id, ";".join(values)])
    for role, count in left_out.items():
        notes.append(f"{role.replace('_', ' ')} ({count}) has no {to} value and is left out")
    if to == "salesforce":
        header = ["ContactId", "OpportunityId", "Role", "IsPrimary", "Stance"]
        if not opportunity:
            notes.append("OpportunityId is empty: pass --opportunity ID to fill it (the import needs it)")
        notes.append(
            "Stance has no standard Salesforce field: map it to a custom field or leave it out in the import wizard"
        )
    else:
        header = ["Record ID", "Buying Role"]
        notes.append("HubSpot's Buying Role carries stance only as Champion (+2) and Blocker (-2)")
    return header, rows, notes


def activity_lines(summary: dict, lang: str = "en") -> list[str]:
    """``powermap activity``'s report: touches per source, per team member and per week, and the unmatched."""
    w = section("activity", lang)
    match = section("activity.match", lang)
    why = section("activity.reason", lang)
    lines = [
        f"{w['title']}: {summary['rows']} {w['rows']}, {summary['counted']} {w['counted']}, "
        f"{summary['contacts_touched']} {w['contacts']}; {w['last_touch']}: {summary['last_touch'] or w['none']}",
        f"{w['by_source']}:",
    ]
    for source, facts in summary["sources"].items():
        reasons = ", ".join(f"{why.get(reason, reason)} {count}" for reason, count in facts["not_counted"].items())
        lines.append(
            f"  {source}: {facts['rows']} {w['rows']}, {facts['counted']} {w['counted']}"
            + (f" ({w['not_counted']}: {reasons})" if reasons else "")
        )
    lines.append(f"{w['by_team']}:")
    lines += [f"  {who}: {count}" for who, count in summary["team"].items()] or [f"  {w['none']}"]
    lines.append(f"{w['by_week']}:")
    lines += [f"  {week}: {count}" for week, count in summary["weeks"].items()] or [f"  {w['none']}"]
    lines.append(f"{w['unmatched']}:")
    for kind, count in summary["unmatched"].items():
        where = "; ".join(
            f"{e['file']} {e['row']}" + (f" {e['person']}" if e["person"] else "")
            for e in summary["unmatched_examples"].get(kind, [])
        )
        lines.append(f"  {match.get(kind, kind)}: {count} ({where})")
    if not summary["unmatched"]:
        lines.append(f"  {w['none']}")
    return lines


def register(app: typer.Typer, load_or_exit) -> None:
    """Add the ``export`` and ``activity`` commands to ``app``."""

    @app.command()
    @read_options
    def activity(
        files: list[Path] = typer.Argument(
            ..., metavar="FILE...", help="Activity exports and .ics calendars.", show_default=False
        ),
        contacts: Path = typer.Option(
            ..., "--contacts", help="The account's contacts (any format powermap reads), to match the touches to."
        ),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="The date the map describes (ISO; default today)."),
        format: str = typer.Option("table", "--format", help="table or json."),
        lang: str = typer.Option("en", "--lang", help="en or zh."),
    ) -> None:
        """Summarise activity files: touches by source, person and week.

        Also counts the activities that match no contact, and why.
        """
        from powermap.analysis.touches import activity_summary

        if format not in ("table", "json"):
            raise typer.BadParameter(f"--format {format!r}: expected table or json")
        options = current()
        token = _CURRENT.set(dataclasses.replace(options, activities=(*options.activities, *files)))
        try:
            pm, _ = load_or_exit(contacts, None, None, None, None, as_of)
        finally:
            _CURRENT.reset(token)
        summary = activity_summary(pm.activity)
        if format == "json":
            print(json.dumps({"as_of": pm.account.as_of.isoformat(), **summary}, ensure_ascii=False, indent=2))
            return
        for line in activity_lines(summary, lang):
            print(line)

    @app.command()
    @read_options
    def export(
        file: Path = typer.Argument(
            ..., metavar="FILE", help="Contacts (any format powermap reads).", show_default=False
        ),
        to: Target = typer.Option(..., "--to", help="The CRM to import into: salesforce or hubspot."),
        out: Path = typer.Option(..., "-o", "--out", help="CSV file to write."),
        links: Optional[Path] = typer.Option(None, "--links", help="A links table."),
    ) -> None:
        """Write roles and stances for the CRM's import.

        Contact id and role rows, as the CRM's import expects.
        """
        if out.suffix.lower() != ".csv":
            raise typer.BadParameter(f"{out}: expected a .csv file name")
        from powermap.io.writing import OutputError, check_outputs
        from powermap.text.safe import terminal

        options = current()
        try:
            check_outputs([out], [file, links, *((options.contact_roles, options.users) if options else ())])
        except OutputError as error:
            print(error.text(), file=sys.stderr)
            raise typer.Exit(1) from None
        pm, _ = load_or_exit(file, links, None, None, None, None)
        header, rows, notes = export_rows(pm.contacts, to.value, options.opportunity if options else None)
        try:
            quoted = write_rows(out, header, rows)
        except OutputError as error:
            print(error.text(), file=sys.stderr)
            raise typer.Exit(1) from None
        print(f"{terminal(out)}: {len(rows)} {to.value} import rows for {len(pm)} contacts")
        if quoted:
            notes.append(
                f"{quoted} cells start with = + - or @ and were written with a leading ' so that a spreadsheet "
                "shows them as text, never runs them; remove it in the import if the CRM's ids really start so"
            )
        for note in notes:
            print(f"note: {terminal(note)}", file=sys.stderr)
