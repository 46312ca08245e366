"""History and diffs for people: terminal tables (Rich), Markdown and JSON, in English or Chinese."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pandas as pd

from powermap.store.history import sparkline
from powermap.text.advice_words import STAGE_CONDITIONS
from powermap.text.safe import (
    markdown_text,  # pipes, line breaks and HTML made inert
    terminal,
)
from powermap.text.words import LANGS, section, words
from powermap.vocab import ROLE_LABELS

if TYPE_CHECKING:
    from powermap.store.history import Diff

__all__ = ["WORDS", "field_text", "history_json", "history_markdown", "print_history", "diff_markdown", "print_diff"]

WORDS: dict[str, dict[str, Any]] = {
    lang: section("history", lang) | {"risk_words": section("risk", lang), "fields": section("history.fields", lang)}
    for lang in LANGS
}


def _w(lang: str) -> dict[str, Any]:
    return WORDS[lang if lang in WORDS else "en"]


def history_json(account: str, frame: pd.DataFrame) -> dict[str, Any]:
    """``{"account", "snapshots": [{"as_of", "people", "links", "coverage", "risk", "n_gaps", "gaps", ...}]}``."""
    rows = []
    for r in frame.itertuples(index=False):
        rows.append(
            {
                "as_of": r.as_of.isoformat(),
                "stage": None if pd.isna(r.stage) else int(r.stage),
                "people": int(r.people),
                "links": int(r.links),
                "coverage": float(r.coverage),
                "risk": r.risk,
                "risk_points": int(r.risk_points),
                "n_gaps": int(r.n_gaps),
                "gaps": r.gaps.split(";") if r.gaps else [],
                "source": r.source,
                "source_sha256": r.source_sha256,
                "saved_at": r.saved_at.isoformat(timespec="seconds") + "Z",
            }
        )
    return {"account": account, "snapshots": rows}


def history_markdown(account: str, frame: pd.DataFrame, lang: str = "en") -> str:
    w = _w(lang)
    lines = [
        f"## {markdown_text(w['history'].format(account=account))}",
        "",
        f"{w['trend']}{words('punct.colon', lang)}`{sparkline(frame['coverage'].tolist())}`",
        "",
        f"| {w['date']} | {w['people']} | {w['coverage']} | {w['risk']} | {w['gaps']} |",
        "|---|---:|---:|---|---:|",
    ]
    for r in frame.itertuples(index=False):
        lines.append(
            f"| {r.as_of.isoformat()} | {r.people} | {r.coverage:.0f} | {w['risk_words'][r.risk]} | {r.n_gaps} |"
        )
    return "\n".join(lines)


def _console():
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=120)
    return console


def print_history(account: str, frame: pd.DataFrame, lang: str = "en") -> None:
    from rich.table import Table
    from rich.text import Text

    w = _w(lang)
    console = _console()
    table = Table(title=w["history"].format(account=terminal(account)), title_justify="left")
    for column in ("date", "people", "coverage", "risk", "gaps", "source"):
        table.add_column(w[column], justify="right" if column in ("people", "coverage", "gaps") else "left")
    for r in frame.itertuples(index=False):
        table.add_row(
            r.as_of.isoformat(),
            str(r.people),
            f"{r.coverage:.0f}",
            w["risk_words"][r.risk],
            str(r.n_gaps),
            Text(terminal(r.source or "")),
        )
    console.print(table)
    line = Text(w["trend"] + words("punct.colon", lang))
    line.append(sparkline(frame["coverage"].tolist()), style="bold")
    line.append(f"  {frame['coverage'].iloc[0]:.0f} → {frame['coverage'].iloc[-1]:.0f}")
    console.print(line)


def field_text(field: str, value: Any, lang: str = "en") -> str:
    """A diffed field's value for people: stance and relationship in words with their number, roles by name.

    >>> field_text("stance", -1), field_text("relationship", 2, "zh"), field_text("owner", None)
    ('skeptic (-1)', '个人需求（2）', '—')
    """
    from powermap.render.map import RELATIONSHIP_NAMES, STANCE_NAMES
    from powermap.text.advice import role_label

    known = "zh" if lang == "zh" else "en"
    aside = words("punct.aside", lang)
    if value is None or value == []:
        return "—"
    if field == "stance":
        return aside.format(text=STANCE_NAMES[known].get(value, value), aside=f"{value:+d}" if value else "0")
    if field == "relationship":
        return aside.format(text=RELATIONSHIP_NAMES[known].get(value, value), aside=value)
    if field == "roles":
        return words("punct.list_sep", lang).join(role_label(r, lang) for r in value)
    return str(value)


def _diff_rows(change: Diff, lang: str) -> dict[str, list[list[str]]]:
    """The diff as plain rows per section (shared by the table and the Markdown)."""
    w = _w(lang)
    p = change.people
    out: dict[str, list[list[str]]] = {}
    out["added"] = [[r.id, r.name] for r in p.loc[p["change"] == "added"].itertuples(index=False)]
    out["removed"] = [[r.id, r.name] for r in p.loc[p["change"] == "removed"].itertuples(index=False)]
    out["changed"] = [
        [
            words("punct.aside", lang).format(text=r.name, aside=r.id),
            w["fields"].get(r.field, r.field),
            field_text(r.field, r.before, lang),
            field_text(r.field, r.after, lang),
        ]
        for r in p.loc[p["change"] == "changed"].itertuples(index=False)
    ]
    name = change.names.get
    links = section("link", lang)
    for key, kind in (("links_added", "added"), ("links_removed", "removed")):
        rows = change.links.loc[change.links["change"] == kind]
        out[key] = [
            [name(r.source, r.source), name(r.target, r.target), links.get(r.kind, r.kind), f"{r.weight:g}"]
            for r in rows.itertuples(index=False)
        ]
    gap_names, risk, sep = section("gap_name", lang), section("risk", lang), words("punct.list_sep", lang)

    def gap_name(code: str) -> str:
        return code if lang == "en" else gap_names.get(code, code)

    def renamed(r: Any) -> str:  # one person's gap under another code: "A → B"
        before = getattr(r, "code_before", None)
        if isinstance(before, str) and before and before != r.code:
            return f"{gap_name(before)} → {gap_name(r.code)}"
        return gap_name(r.code)

    for key, kind in (("opened", "opened"), ("closed", "closed"), ("gap_changed", "changed")):
        rows = change.gaps.loc[change.gaps["change"] == kind]
        out[key] = [
            [
                renamed(r),
                risk.get(r.severity, r.severity),
                # what the gap is about: a buying role, or a stage condition in words (never a code)
                ROLE_LABELS[r.role][lang] if r.role in ROLE_LABELS else "",
                STAGE_CONDITIONS[r.condition][lang] if r.condition in STAGE_CONDITIONS else "",
                sep.join(name(p, p) for p in r.contacts),
            ]
            for r in rows.itertuples(index=False)
        ]
    return out


def _headers(w: dict[str, Any]) -> dict[str, list[str]]:
    """Column headings of each section of a diff."""
    gap = [w["gap"], w["severity"], w["role"], w["condition"], w["who"]]
    link = [w["source_person"], w["target_person"], w["kind"], w["weight"]]
    return {
        "added": [w["id"], w["person"]],
        "removed": [w["id"], w["person"]],
        "changed": [w["person"], w["field"], w["before"], w["after"]],
        "links_added": link,
        "links_removed": link,
        "opened": gap,
        "closed": gap,
        "gap_changed": gap,
    }


def _headline(change: Diff, lang: str) -> str:
    w = _w(lang)
    (c0, c1), (r0, r1) = change.coverage, change.risk
    return (
        f"{w['coverage']} {c0:.0f} → "
        + words("punct.aside", lang).format(text=f"{c1:.0f}", aside=f"{round(c1 - c0) + 0:+d}")
        + " · "
        f"{w['risk']} {w['risk_words'][r0]} → {w['risk_words'][r1]}"
    )


def diff_markdown(change: Diff, lang: str = "en") -> str:
    w = _w(lang)
    lines = [
        f"## {markdown_text(w['diff'].format(account=change.account, before=change.before, after=change.after))}",
        "",
        _headline(change, lang),
        "",
    ]
    if change.empty:
        return "\n".join(lines + [w["nothing"]])
    sections = _diff_rows(change, lang)
    headers = _headers(w)
    for key, rows in sections.items():
        if not rows:
            continue
        lines += [f"### {w[key]}", "", "| " + " | ".join(headers[key]) + " |", "|" + "---|" * len(headers[key])]
        lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines).rstrip()


def print_diff(change: Diff, lang: str = "en") -> None:
    from rich.table import Table
    from rich.text import Text

    w = _w(lang)
    console = _console()
    console.print(
        Text(w["diff"].format(account=terminal(change.account), before=change.before, after=change.after), style="bold")
    )
    console.print(Text(_headline(change, lang)))
    if change.empty:
        console.print(Text(w["nothing"]))
        return
    sections = _diff_rows(change, lang)
    headers = _headers(w)
    for key, rows in sections.items():
        if not rows:
            continue
        table = Table(title=w[key], title_justify="left")
        for h in headers[key]:
            table.add_column(h)
        for row in rows:
            table.add_row(*(Text(terminal(c)) for c in row))  # user text shown as text: never markup, never a control
        console.print(table)


def diff_json(change: Diff) -> str:
    return json.dumps(change.to_dict(), ensure_ascii=False, indent=2, default=str)
