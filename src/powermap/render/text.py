"""Render an analysis: the contract's JSON object, a Rich terminal view, pasteable Markdown.

Renderers only present what :mod:`powermap.analysis.run` computed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from importlib import resources
from typing import Any, NamedTuple

import pandas as pd

from powermap.analysis.run import Analysis, deal_and_analysis, why_gap
from powermap.core.deal import Deal
from powermap.policy import Policy
from powermap.render.cells import column_widths
from powermap.render.gap_groups import group_gaps
from powermap.render.linebreak import Wrapped
from powermap.text.advice import role_label
from powermap.text.safe import markdown_text, terminal_data
from powermap.text.words import LANGS, by_lang, section, words
from powermap.vocab import ROLES, STAGES

__all__ = [
    "analysis_json",
    "markdown",
    "print_table",
    "plain_text",
    "jsonable",
    "json_schema",
    "gaps_frame",
    "gap_groups",
    "STAGE_UNKNOWN",
    "RISK_TONE",
]

STAGE_NAMES = {lang: {int(n): name for n, name in section("stage", lang).items()} for lang in LANGS}
if set(STAGE_NAMES["en"]) != set(STAGES.values) or set(STAGE_NAMES["zh"]) != set(STAGES.values):
    raise ImportError("powermap.render.text: STAGE_NAMES must name every stage in en and zh")  # kept under python -O

# Without a stage the stage rules (stage-readiness, late-technical-engagement) cannot fire: say so, never silently
STAGE_UNKNOWN = {lang: words("note.stage-unknown", lang) for lang in LANGS}

COVERAGE_FIELDS = [
    "contacts",
    "engaged",
    "supporters",
    "opposed",
    "unknown_stance",
    "roles_held",
    "roles_engaged",
    "roles_supportive",
    "decision_makers",
    "decision_makers_engaged",
    "levels_engaged",
    "departments",
    "departments_engaged",
    "support_share",
    "opposition_share",
    "threads",
    "owners",
    "mid_level_allies",
    "confidence",
]
CONTACT_FIELDS = [
    "id",
    "name",
    "title",
    "department",
    "level",
    "level_source",
    "reports_to",
    "roles",
    "influence",
    "stance",
    "relationship",
    "relationship_source",
    "owner",
    "last_contact",
    "competitor",
]
# written only when the map was read with an activity log (--activities): additive to the contract
ACTIVITY_FIELDS = ["last_contact_source", "touches", "touched_by"]
SCORE_FIELDS = [
    "declared_influence",
    "pagerank",
    "brokerage",
    "reach_to_decision",
    "effective_influence",
    "influence_rank",
    "support",
    "engaged",
    "supporter",
    "opposed",
    "confidence",
]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``powermap analyze --format json`` (shipped in the package)."""
    return json.loads(resources.files("powermap.render").joinpath("analysis.schema.json").read_text(encoding="utf-8"))


def jsonable(value: Any) -> Any:
    """A value as plain JSON: NA and NaN become null, dates ISO text, numpy scalars Python ones."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    return value


def analysis_json(
    deal: Deal, policy: Policy | None = None, lang: str = "en", *, analysis: Analysis | None = None
) -> dict[str, Any]:
    """The analysis as the contract's JSON object (see ``analysis.schema.json``).

    ``deal`` is a deal or a map; ``analysis`` its analysis (analysed under ``policy`` when not given).
    """
    deal, result = deal_and_analysis(deal, policy, lang, analysis)
    cover = result.coverage.iloc[0]
    roles = result.roles.set_index("role")
    people = _people(deal.contacts, result.scores)
    gaps = []
    for gap in result.gaps.itertuples(index=False):
        item = {"code": gap.code, "severity": gap.severity, "contacts": list(gap.contacts)}
        if isinstance(gap.deal_killer, str):
            item["deal_killer"] = gap.deal_killer
        if isinstance(gap.role, str):
            item["role"] = gap.role
        if isinstance(gap.condition, str):
            item["condition"] = gap.condition
        item.update(message=gap.message, advice=gap.advice)
        gaps.append(item)
    account = deal.account.to_dict()
    out = jsonable(
        {
            "account": account,
            "score": {
                "coverage": cover["coverage"],
                "risk": cover["risk"],
                "risk_points": cover["risk_points"],
                "why": cover["why"],
                "why_gap": why_gap(result),
                "confidence": cover["confidence"],
                "parts": {p[len("points_") :]: cover[p] for p in cover.index if p.startswith("points_")},
            },
            "coverage": {
                **{f: cover[f] for f in COVERAGE_FIELDS},
                "roles": {r: {k: roles.at[r, k] for k in ("held", "engaged", "supportive")} for r in ROLES},
            },
            "gaps": gaps,
            "contacts": [],
            "lang": lang,
            "notes": _notes(account, lang),
        }
    )
    out["contacts"] = people  # already plain JSON, column by column
    out["gap_groups"] = [  # additive: the gaps as every human-readable output lists them
        {k: group[k] for k in ("code", "severity", "count", "message", "contacts", "advice")}
        for group in gap_groups(out, lang)
    ]
    return out


def gap_groups(result: dict[str, Any], lang: str = "en") -> list[dict[str, Any]]:
    """The analysis's gaps grouped by kind (:func:`powermap.render.gap_groups.group_gaps`), from its JSON."""
    account = result["account"]
    return group_gaps(
        result["gaps"],
        result["contacts"],
        lang=lang,
        as_of=account.get("as_of"),
        stage=account.get("stage"),
        lead=result["score"].get("why_gap"),
    )


def _json_column(values: pd.Series) -> list[Any]:
    """One column as plain JSON values, as :func:`jsonable` would give cell by cell, without its per-cell cost."""
    kind = values.dtype.kind
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype) and kind in "iub":
        return [None if v is pd.NA else v for v in values.astype(object).tolist()]
    if kind == "f":
        return [None if v != v else round(v, 6) for v in values.to_numpy(dtype=float).tolist()]
    if kind in "iub":
        return values.to_numpy().tolist()
    if kind == "M":
        return [None if pd.isna(v) else v.date().isoformat() for v in values]
    cells = values.tolist()
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):  # text, with None/NaN for unknown
        # an empty text cell is unknown, as every other unknown: null in the JSON (never '')
        return [v if isinstance(v, str) and v.strip() else None for v in cells]
    return [list(v) if type(v) is tuple and all(type(x) is str for x in v) else jsonable(v) for v in cells]


def _people(contacts: pd.DataFrame, scores: pd.DataFrame) -> list[dict[str, Any]]:
    """The contract's ``contacts`` list: each person's contact fields and scores, in the contacts' order."""
    scored = scores.set_index("id").reindex(contacts["id"])
    fields = CONTACT_FIELDS + [f for f in ACTIVITY_FIELDS if f in contacts.columns]
    columns = [_json_column(contacts[f].reset_index(drop=True)) for f in fields]
    columns += [_json_column(scored[f].reset_index(drop=True)) for f in SCORE_FIELDS]
    names = fields + SCORE_FIELDS
    return [dict(zip(names, row)) for row in zip(*columns)]


def _notes(account: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """What the reader must know about the analysis itself (additive to the contract: ``notes``)."""
    return [] if account["stage"] else [{"code": "stage-unknown", "message": STAGE_UNKNOWN[lang]}]


def gaps_frame(result: dict[str, Any]) -> pd.DataFrame:
    """The gaps of an analysis as a tidy table (one row per gap), for ``analyze --gaps-out``.

    Columns: account, code, severity, role, condition, contacts (ids, ``a;b``), names (``a;b``), message,
    advice; an absent role or condition is empty (NA).
    """
    names = {c["id"]: c["name"] for c in result["contacts"]}
    rows = [
        {
            "account": result["account"]["name"],
            "code": g["code"],
            "severity": g["severity"],
            "role": g.get("role"),
            "condition": g.get("condition"),
            "contacts": ";".join(g["contacts"]),
            "names": ";".join(names.get(i, i) for i in g["contacts"]),
            "message": g["message"],
            "advice": g["advice"],
        }
        for g in result["gaps"]
    ]
    columns = ["account", "code", "severity", "role", "condition", "contacts", "names", "message", "advice"]
    return pd.DataFrame(rows, columns=columns).astype({"role": "string", "condition": "string"})


# -- text renderers ---------------------------------------------------------------------------

LABELS = by_lang("analysis")
# the grade shouts in English (LOW); Chinese has no capitals
# how a risk grade is coloured on a terminal, wherever one is shown (the headline, a pipeline's review)
RISK_TONE = {"low": "green", "medium": "yellow", "high": "bold red"}
RISK_WORDS = {lang: {grade: word.upper() for grade, word in section("risk", lang).items()} for lang in LANGS}


def _why(result: dict[str, Any]) -> str:
    """The grade and why, in one line (an analysis saved before the line existed has none)."""
    return str(result["score"].get("why") or "")


def _headline(result: dict[str, Any], lang: str) -> tuple[str, str]:
    L = LABELS[lang]
    account, score = result["account"], result["score"]
    stage = account["stage"]
    stage_text = f"{L['stage']} {stage}{_paren(STAGE_NAMES[lang][stage], lang)}" if stage else f"{L['stage']} -"
    first = f"{account['name']} · {stage_text} · {L['as_of']} {account['as_of']}"
    second = (
        f"{L['coverage']} {score['coverage']:.0f}/100 · {L['risk']} {RISK_WORDS[lang][score['risk']]} · "
        f"{L['confidence']} {score['confidence']:.0%}"
    )
    return first, second


def top_people(result: dict[str, Any], n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` most influential contacts of an analysis (``analysis_json``), by influence rank, then name.

    Examples
    --------
    >>> result = {"contacts": [{"name": "Li", "influence_rank": 2}, {"name": "Ann", "influence_rank": 1}]}
    >>> [c["name"] for c in top_people(result, n=1)]
    ['Ann']
    """
    return sorted(result["contacts"], key=lambda c: (c["influence_rank"], c["name"]))[:n]


def _stance_text(value: int | None) -> str:
    return "?" if value is None else f"{value:+d}" if value else "0"


class GapRow(NamedTuple):
    """One line of the gap list: a group of gaps of one kind (or, with ``detail``, one gap)."""

    severity: str
    code: str
    times: int  # how many gaps of this kind
    label: str  # the code in English (what the docs and the JSON call it), its name in Chinese; ×count
    message: str
    people: str | None  # the group's people, once, where the message does not name them
    advice: list[str]


def gap_rows(result: dict[str, Any], lang: str = "en", detail: bool = False) -> list[GapRow]:
    """The gap list every text output shows: one row per kind of gap, or one per gap with ``detail``."""
    names = section("gap_name", lang)
    if detail:
        return [
            GapRow(
                g["severity"],
                g["code"],
                1,
                g["code"] if lang == "en" else names.get(g["code"], g["code"]),
                g["message"],
                None,
                [g["advice"]],
            )
            for g in result["gaps"]
        ]
    rows = []
    for group in gap_groups(result, lang):
        label = group["code"] if lang == "en" else group["name"]
        if group["count"] > 1:
            label += f" ×{group['count']}"
        rows.append(
            GapRow(
                group["severity"],
                group["code"],
                group["count"],
                label,
                group["message"],
                group["people_line"],
                group["advice"],
            )
        )
    return rows


def print_table(result: dict[str, Any], lang: str = "en", console=None, detail: bool = False) -> None:
    """The analysis as a readable terminal view (Rich). User text is printed as text, never as markup.

    Gaps of one kind are one row (``detail``: one row per gap).

    Every cell folds instead of cutting: Chinese has no spaces to wrap at, and a name, a message or a
    piece of advice that ends in "…" is lost to the reader.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    L = LABELS[lang]
    console = console or Console(highlight=False)
    result = terminal_data(result)  # names and titles are shown, never obeyed as control sequences
    first, second = _headline(result, lang)
    risk = result["score"]["risk"]
    tone = RISK_TONE[risk]
    console.print(Wrapped([(first, "bold")]))
    console.print(Wrapped([(second, tone)]))
    if _why(result):
        console.print(Wrapped([(_why(result), tone)]))
    console.print(Wrapped([(_points_line(result, lang), "dim")]))
    for note in result.get("notes", []):
        console.print(Wrapped([(note["message"], "yellow")]))
    console.print()
    if result["gaps"]:
        table = Table(
            title=f"{L['gaps']}{_paren(len(result['gaps']), lang)}", title_justify="left", show_lines=True, expand=True
        )
        table.add_column(L["severity"], no_wrap=True)
        table.add_column(L["gap"], overflow="fold", max_width=28)
        table.add_column(L["what"], ratio=1, overflow="fold")
        for row in gap_rows(result, lang, detail):
            style = {"high": "bold red", "medium": "yellow", "low": "dim"}[row.severity]
            # broken where a reader allows: between Chinese characters, never inside a name or before "，"
            body = Wrapped(
                [
                    (row.message, None),
                    *([(row.people, None)] if row.people else []),
                    # no space after the arrow in Chinese: the advice goes on from it, not on a line of its own
                    *((("→ " if lang == "en" else "→") + advice, "italic") for advice in row.advice),
                ]
            )
            table.add_row(Text(RISK_WORDS[lang][row.severity].lower(), style=style), Text(row.label), body)
        console.print(table)
    else:
        console.print(Text(L["none"], style="green"))
    # no column lines and one space of padding: at 80 columns the text columns need the room for their longest
    # word, so that a word wraps whole to the next line instead of breaking ("Catheri/ne")
    people = Table(
        title=L["people"],
        title_justify="left",
        expand=True,
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        show_edge=False,
        pad_edge=False,
    )
    text_columns = {"name", "title", "roles"}  # they wrap between words; the rest are short and keep their width
    columns = ["rank", "name", "title", "level", "roles", "stance", "rel", "eff"]
    rows = [_person_cells(c, lang) for c in top_people(result)]

    def fit() -> list[int]:
        cells = [list(column) for column in zip([L[c] for c in columns], *rows)]
        return column_widths(cells, [c in text_columns for c in columns], console.width - 2 * (len(columns) - 1))

    widths = fit()
    if sum(widths) + 2 * (len(widths) - 1) > console.width:  # too narrow for every word whole: the title says the level
        k = columns.index("level")
        del columns[k]
        rows = [row[:k] + row[k + 1 :] for row in rows]
        widths = fit()
    for column, width in zip(columns, widths):
        people.add_column(L[column], no_wrap=column not in text_columns, overflow="fold", width=width)
    for cells in rows:
        people.add_row(*cells)
    console.print(people)


def _paren(text: Any, lang: str) -> str:
    """ " (text)" in English, "（text）" in Chinese: full-width, with no space before it (the catalogue's
    ``punct.aside`` after nothing)."""
    return words("punct.aside", lang).format(text="", aside=text)


def _points_line(result: dict[str, Any], lang: str) -> str:
    """What the coverage is made of, each part in the reader's language ("points: roles 30, decision 15, ...")."""
    names, parts = section("analysis.part", lang), result["score"]["parts"]
    sep, comma = words("punct.colon", lang), "，" if lang == "zh" else ", "  # "roles 30, decision 15": not a list
    return LABELS[lang]["parts"] + sep + comma.join(f"{names.get(k, k)} {v:g}" for k, v in parts.items())


def _level(level: str | None, lang: str) -> str:
    """A level in the reader's language (executive, mid, staff; 高层, 中层, 基层); "?" when unknown."""
    return section("level", lang).get(level, level) if level else "?"


def _roles(roles: list[str], lang: str) -> str:
    return words("punct.list_sep", lang).join(role_label(r, lang) for r in roles)


def _person_cells(c: dict[str, Any], lang: str) -> list[str]:
    roles = _roles(c["roles"], lang)
    return [
        str(c["influence_rank"]),
        c["name"],
        c["title"] or "",
        _level(c["level"], lang),
        roles,
        _stance_text(c["stance"]),
        str(c["relationship"]),
        f"{c['effective_influence']:.2f}",
    ]


def plain_text(result: dict[str, Any], lang: str = "en", detail: bool = False) -> str:
    """The analysis as plain text: no table borders and no line ever cut, for files, pipes and ``grep``.

    Each kind of gap (each gap with ``detail``) is its severity and code, then its message, people and
    advice on lines of their own; the people
    are aligned columns (by display width, so Chinese names line up).
    """
    from rich.cells import cell_len

    result = terminal_data(result)  # names and titles are shown, never obeyed as control sequences
    L = LABELS[lang]
    first, second = _headline(result, lang)
    lines = [first, second, *([_why(result)] if _why(result) else []), _points_line(result, lang)]
    lines += [note["message"] for note in result.get("notes", [])]
    lines += ["", f"{L['gaps']}{_paren(len(result['gaps']), lang)}"]
    if not result["gaps"]:
        lines.append(L["none"])
    for gap in gap_rows(result, lang, detail):
        grade = RISK_WORDS[lang][gap.severity].lower()
        lines += [f"{grade}{' ' * (8 - cell_len(grade))}{gap.label}", f"        {_one_line(gap.message)}"]
        lines += [f"        {_one_line(gap.people)}"] if gap.people else []
        lines += [f"        → {_one_line(advice)}" for advice in gap.advice]
    rows = [[L[c] for c in ("rank", "name", "title", "level", "roles", "stance", "rel", "eff")]]
    rows += [[_one_line(cell) for cell in _person_cells(c, lang)] for c in top_people(result)]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines += ["", L["people"]]
    for row in rows:
        lines.append("  ".join(cell + " " * (w - cell_len(cell)) for cell, w in zip(row, widths)).rstrip())
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """User text on one line: a newline inside a name or a note must not start a line that looks like ours."""
    return " ".join(str(text).split())


def markdown(result: dict[str, Any], lang: str = "en", detail: bool = False) -> str:
    """The analysis as pasteable Markdown: one table row per kind of gap (per gap with ``detail``)."""
    L = LABELS[lang]
    first, second = _headline(result, lang)
    lines = [f"## {markdown_text(first)}", "", f"**{markdown_text(second)}**", ""]
    lines += [f"**{markdown_text(_why(result))}**", ""] if _why(result) else []
    lines += [f"> {markdown_text(note['message'])}\n" for note in result.get("notes", [])]
    lines += [f"### {L['gaps']}{_paren(len(result['gaps']), lang)}", ""]
    if result["gaps"]:
        lines += [f"| {L['severity']} | {L['gap']} | {L['what']} |", "|---|---|---|"]
        for row in gap_rows(result, lang, detail):
            what = " ".join([markdown_text(row.message)] + ([markdown_text(row.people)] if row.people else []))
            what += "".join(f" → {markdown_text(advice)}" for advice in row.advice)
            # the code as code where it is the label (English); a name in Chinese
            label = f"`{row.code}`" + row.label[len(row.code) :] if lang == "en" else markdown_text(row.label)
            lines.append(f"| {RISK_WORDS[lang][row.severity].lower()} | {label} | {what} |")
    else:
        lines.append(L["none"])
    lines += [
        "",
        f"### {L['people']}",
        "",
        f"| {L['rank']} | {L['name']} | {L['title']} | {L['roles']} | {L['stance']} | {L['rel']} | {L['eff']} |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in top_people(result):
        roles = _roles(c["roles"], lang)
        lines.append(
            f"| {c['influence_rank']} | {markdown_text(c['name'])} | {markdown_text(c['title'] or '')} | {markdown_text(roles)} | "
            f"{_stance_text(c['stance'])} | {c['relationship']} | {c['effective_influence']:.2f} |"
        )
    return "\n".join(lines) + "\n"
