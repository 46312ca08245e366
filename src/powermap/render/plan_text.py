"""The plan's sentences, in English and Chinese: who to ask, to bring us to whom, to do what."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from powermap.render.cells import column_widths
from powermap.text.words import LANGS, by_lang, section, words
from powermap.vocab import ROLE_LABELS, ROLES

__all__ = ["sentence", "person", "WORDS", "print_plan", "plan_plain_text", "plan_markdown", "fewer"]

STANCE_WORDS = {lang: {v: words(f"stance.{v}", lang) for v in (-2, -1, 0, 1, 2)} for lang in LANGS}
DEPTH_WORDS = {lang: {int(v): word for v, word in section("depth", lang).items()} for lang in LANGS}
WORDS = by_lang("action")
ONE_PER_PROJECT = ("handler",)  # a role one person holds: "the handler", never "a handler"


def person(s, i: int, lang: str, *, roles: bool = True) -> str:
    """ "Ken Ito (VP Engineering, advisor, supporter)": the name, then title, buying roles and stance."""
    parts = []
    title = s.cell(i, "title")
    if title:
        parts.append(str(title))
    if roles:
        parts += [ROLE_LABELS[r][lang] for r in s.roles[i] if r in ROLES]
        stance = s.stance[i]
        if not np.isnan(stance):
            parts.append(STANCE_WORDS[lang][int(stance)])
    name = str(s.cell(i, "name"))
    if not parts:
        return name
    return words("format.person", lang).format(name=name, about=words("format.about_sep", lang).join(parts))


def _short(s, i: int, lang: str) -> str:
    title = s.cell(i, "title")
    name = str(s.cell(i, "name"))
    if not title:
        return name
    return words("format.person", lang).format(name=name, about=title)


def sentence(s, item: Any, member: str | None, lang: str, called: frozenset = frozenset()) -> str:
    """One sentence for a scored action on the map ``s`` it applies to; where the person we ask has not heard
    from us in months (a ``stale-relationship`` gap names them) and no earlier step asked them (``called``),
    it ends by saying to call them first."""
    W = WORDS[lang if lang in WORDS else "en"]
    text = _sentence(s, item, member, lang, W)
    if item.via and item.via[0] in s.at and item.via[0] not in called:
        stale = {p for g in s.gap_rows if g.code == "stale-relationship" for p in g.contacts}
        last = s.cell(s.at[item.via[0]], "last_contact")
        if item.via[0] in stale and not pd.isna(last):
            days = (pd.Timestamp(s.account.as_of) - last).days
            text += W["stale_via"].format(a=_short(s, s.at[item.via[0]], lang), d=days)
    return text


def _for_whom(s, cand: Any, lang: str, W: dict[str, str]) -> str:
    """Whom a step on someone is for, after their name: ", the way in to X" for a gatekeeper, ", whom X listens
    to" for a lever; "" for a step for its own sake."""
    if cand.lever_for is None or cand.lever_for not in s.at:
        return ""
    return W["gate" if cand.reason == "gatekeeper" else "lever"].format(o=_short(s, s.at[cand.lever_for], lang))


def _sentence(s, item: Any, member: str | None, lang: str, W: dict[str, str]) -> str:
    cand = item.candidate
    if cand.kind == "find":
        role = ROLE_LABELS[cand.role][lang]
        dept = cand.change["add"].get("department") or ""
        article = "an" if role[:1] in "aeiou" else "a"
        if cand.role in ONE_PER_PROJECT:
            article = "the"
        key = ("find_the" if cand.role in ONE_PER_PROJECT else "find") if dept else "find_nowhere"
        return W[key].format(article=article, role=role, dept=dept)
    i = s.at[cand.contact]
    target = person(s, i, lang)
    via = [s.at[v] for v in item.via]
    if item.cold is not None:
        route = item.cold
        if route:
            r = _short(s, s.at[route], lang)
        elif s.dept[i]:
            r = W["department"].format(d=s.dept[i])
        else:
            r = W["front_door"]
        cold = W["cold"].format(r=r)
    else:
        cold = None

    def ask(template: str, **extra: str) -> str:
        a = person(s, via[0], lang)
        text = template.format(a=a, t=target, **extra)
        if len(via) > 1:
            text += W["through"].format(b=words("punct.list_sep", lang).join(_short(s, v, lang) for v in via[1:]))
        return text

    if "people" in cand.change:
        return _group(s, cand, via, cold, lang, W)
    if cand.kind == "engage":
        lever = _for_whom(s, cand, lang, W)
        if via:
            return ask(W["ask"]) + lever
        return W["engage_cold"].format(t=target + lever, cold=cold or W["cold"].format(r=W["front_door"]))
    if cand.kind == "deepen":
        return W["deepen"].format(
            t=target, f=DEPTH_WORDS[lang][int(s.rel[i])], to=DEPTH_WORDS[lang][int(cand.change["relationship"])]
        )
    if cand.kind == "convert":
        f, to = STANCE_WORDS[lang][int(s.stance[i])], STANCE_WORDS[lang][int(cand.change["stance"])]
        lever = _for_whom(s, cand, lang, W)
        if via:
            return ask(W["convert_via"], f=f, to=to) + lever
        return W["convert"].format(t=target, f=f, to=to, lever=lever)
    if cand.kind == "neutralise":
        return (ask(W["neutralise_via"]) if via else W["neutralise"].format(t=target)) + _for_whom(s, cand, lang, W)
    if cand.kind == "refresh":
        last = s.cell(i, "last_contact")
        days = (pd.Timestamp(s.account.as_of) - last).days if not pd.isna(last) else 0
        return W["refresh"].format(t=target, d=days)
    if cand.kind == "second-owner":
        return W["second"].format(m=member or cand.change["owner"], t=target)
    if cand.kind == "arm":
        return W["arm"].format(t=target)
    raise ValueError(cand.kind)


def _group(s, cand: Any, via: list[int], cold: str | None, lang: str, W: dict[str, str]) -> str:
    """A grouped step: one meeting with several people, named, of one department where they share it."""
    people = [s.at[p] for p in cand.change["people"]]
    sep = words("punct.list_sep", lang)
    through = W["through"].format(b=sep.join(_short(s, v, lang) for v in via[1:])) if len(via) > 1 else ""
    if cand.kind == "engage" and cand.first:  # a line: the manager first, who brings the others
        first, rest = people[: cand.first], people[cand.first :]
        m, t = sep.join(person(s, i, lang) for i in first), sep.join(person(s, i, lang) for i in rest)
        if via:
            return W["line_ask"].format(a=person(s, via[0], lang), m=m, t=t) + through
        return W["line_cold"].format(m=m, t=t, cold=cold or W["cold"].format(r=W["front_door"]))
    names = sep.join(str(s.cell(i, "name")) for i in people)
    depts = {s.dept[i] for i in people}
    dept = depts.pop() if len(depts) == 1 else ""
    fields = {"k": str(len(people)), "names": names, "where": W["group_where"].format(d=dept) if dept else ""}
    ask = W["group_via"].format(a=person(s, via[0], lang)) + through if via else ""
    if cand.kind == "engage":
        # the gatekeepers of one person, met together: whom they are the way in to, after their names
        gate = W["gate"].format(o=_short(s, s.at[cand.lever_for], lang)) if cand.lever_for in s.at else ""
        if via:
            return W["group_ask"].format(a=person(s, via[0], lang), **fields) + gate + through
        return W["group_engage_cold"].format(cold=cold or W["cold"].format(r=W["front_door"]), gate=gate, **fields)
    if cand.kind == "deepen":
        to = max(int(change["relationship"]) for change in cand.change["people"].values())
        return W["group_deepen"].format(to=DEPTH_WORDS[lang][to], **fields)
    return W[f"group_{cand.kind}"].format(**fields) + ask


# -- renderers: the plan object (``plan_actions``) as a terminal table and as Markdown -------------------------

LABELS = by_lang("plan")
RISK = by_lang("risk")


def _gaps_cell(action: dict, L: dict, lang: str = "en") -> str:
    """The gaps an action resolves and opens, by name ("stage condition unmet"; the JSON has the codes)."""
    names = section("gap_name", lang)
    sep = words("punct.list_sep", lang)
    text = sep.join(names.get(code, code) for code in action["resolves"]) or "-"
    # one person's gap under another name (an influential blocker now a manager we went around): neither resolved
    # nor opened
    changes = sep.join(f"{names.get(c['from'], c['from'])} → {names.get(c['to'], c['to'])}" for c in _changes(action))
    for label, codes in (("changes", changes), ("opens", sep.join(names.get(c, c) for c in action["opens"]))):
        if codes:
            text = words("punct.aside", lang).format(text=text, aside=L[label] + words("punct.colon", lang) + codes)
    return text


def _changes(action: dict) -> list[dict]:
    return list(action.get("changes") or ())


def fewer(result: dict, lang: str = "en") -> str | None:
    """The line that says a plan is shorter than asked (nothing left that helps), or None.

    Examples
    --------
    >>> fewer({"steps": 5, "actions": [{}, {}]})
    'Only 2 of the 5 steps asked: no other action the analysis can see makes the map better.'
    >>> fewer({"steps": 2, "actions": [{}, {}]}) is None
    True
    """
    asked, made = result.get("steps"), len(result["actions"])
    if not made or not isinstance(asked, int) or made >= asked:
        return None  # an empty plan says "nothing left to do" itself
    return words("plan.fewer", lang).format(n=made, steps=asked)


def _header(result: dict, L: dict, lang: str) -> str:
    account = result["account"]
    return (
        f"{account['name']} · {L['coverage']} {result['coverage']:.0f}/100 · "
        f"{L['risk']} {RISK[lang if lang in RISK else 'en'][result['risk']]}"
    )


def plan_plain_text(result: dict, lang: str = "en") -> str:
    """The plan as plain text for a pipe or a file, like ``analyze``'s: no box, no line cut, one action a block.

    Each action is its rank and sentence on one line, then who acts, the gaps it resolves, the coverage and
    risk after it and its cost on the next.
    """
    L = LABELS[lang if lang in LABELS else "en"]
    lines = [_header(result, L, lang), ""]
    if not result["actions"]:
        return "\n".join(lines + [L["none"]]) + "\n"
    lines.append(L["title"])
    sep, colon = ("；", "：") if lang == "zh" else ("; ", ": ")
    for a in result["actions"]:
        facts = [
            f"{L['who']}{colon}{a['member'] or '-'}",
            f"{L['resolves']}{colon}{_gaps_cell(a, L, lang)}",
            f"{L['after']}{colon}{a['coverage_after']:.1f} / {RISK[lang][a['risk_after']]}",
            f"{L['cost']}{colon}{a['cost']:.1f}",
        ]
        lines += [f"{a['rank']:>2}. {_one_line(a['action'])}", f"    {_one_line(sep.join(facts))}"]
    short = fewer(result, lang)
    return "\n".join(lines + ([short] if short else []) + ["", L["note"]]) + "\n"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def print_plan(result: dict, lang: str = "en", console=None) -> None:
    """The plan as a Rich table; every user text is printed as text, never as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from powermap.render.linebreak import Wrapped

    L = LABELS[lang if lang in LABELS else "en"]
    console = console or Console(highlight=False)
    console.print(Wrapped([(_header(result, L, lang), "bold")]))
    if not result["actions"]:
        console.print(Text(L["none"], style="green"))
        return
    table = Table(
        title=L["title"], title_justify="left", show_lines=True, expand=True, caption=L["note"], caption_justify="left"
    )
    rows = [
        [
            str(a["rank"]),
            a["action"],
            a["member"] or "-",
            _gaps_cell(a, L, lang),
            f"{a['coverage_after']:.1f} / {RISK[lang][a['risk_after']]}",
            f"{a['cost']:.1f}",
        ]
        for a in result["actions"]
    ]
    names = ("rank", "action", "who", "resolves", "after", "cost")
    cells = [[L[column]] + [row[k] for row in rows] for k, column in enumerate(names)]
    # each column at least its longest word (a header folds rather than ending in "…"), the room left to the
    # action; the box takes a line and two spaces of padding per column
    wraps = [column not in ("rank", "cost") for column in names]
    widths = column_widths(cells, wraps, console.width - 3 * len(names) - 1)
    for column, wrap, width in zip(names, wraps, widths):
        table.add_column(L[column], no_wrap=not wrap, overflow="fold", width=width)
    items = None if lang == "en" else "、"  # the gaps a step resolves, each name whole
    for row in rows:
        # broken where a reader allows: between Chinese characters, never inside a name or before "，"
        action, who, resolves = row[1:-2]
        table.add_row(
            row[0],
            Wrapped([(action, None)]),
            Wrapped([(who, None)]),
            Wrapped([(resolves, None)], items),
            row[-2],
            row[-1],
        )
    console.print(table)
    short = fewer(result, lang)
    if short:
        console.print(Text(short))


def _md(text: object) -> str:
    from powermap.text.safe import markdown_text

    return markdown_text(str(text))  # HTML and Markdown syntax (images, links, emphasis, |) made inert


def plan_markdown(result: dict, lang: str = "en") -> str:
    """The plan as pasteable Markdown (user text made inert)."""
    L = LABELS[lang if lang in LABELS else "en"]
    account = result["account"]
    lines = [
        f"## {_md(account['name'])} · {L['title']}",  # the title has its own colon ("Plan: the next moves")
        "",
        f"**{L['coverage']} {result['coverage']:.0f}/100 · {L['risk']} {RISK[lang][result['risk']]}**",
        "",
    ]
    if not result["actions"]:
        return "\n".join(lines + [L["none"]]) + "\n"
    lines += [
        f"| {L['rank']} | {L['action']} | {L['who']} | {L['resolves']} | {L['after']} | {L['cost']} |",
        "|---|---|---|---|---|---|",
    ]
    for a in result["actions"]:
        lines.append(
            f"| {a['rank']} | {_md(a['action'])} | {_md(a['member'] or '-')} | {_md(_gaps_cell(a, L, lang))} | "
            f"{a['coverage_after']:.1f} / {RISK[lang][a['risk_after']]} | {a['cost']:.1f} |"
        )
    short = fewer(result, lang)
    return "\n".join(lines + (["", _md(short)] if short else []) + ["", f"_{L['note']}_"]) + "\n"
