"""Gaps of one kind together: one problem, one line, the people named once and the advice given once.

Every renderer that lists gaps for a person (the terminal, plain text, Markdown, the report and the map's
side panel) groups them with :func:`group_gaps`; the JSON keeps one row per gap for scripts and adds the
groups beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from powermap.analysis.same_gap import BYPASS
from powermap.text.advice_words import GAP_NAMES, ROLE_ADVICE, STAGE_ADVICE, STAGE_CONDITIONS
from powermap.text.words import entries, words
from powermap.vocab import ROLE_LABELS

__all__ = ["group_gaps", "SEVERITY_RANK"]

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
GROUP_TEXTS = entries("gap_group")  # a group's one-line message, and name-free advice where a gap's names people


def _days_since(last: Any, as_of: Any) -> int | None:
    """Whole days from a contact's last contact to the map's date (both ISO text or dates), None if unknown."""
    if not last or not as_of:
        return None
    try:
        return (dt.date.fromisoformat(str(as_of)[:10]) - dt.date.fromisoformat(str(last)[:10])).days
    except ValueError:
        return None


def _text(key: str, lang: str) -> str | None:
    entry = GROUP_TEXTS.get(key)
    return None if entry is None else entry[lang if lang in entry else "en"]


def _capital(text: str) -> str:
    """A sentence starts with a capital (a gap's name is lower case mid-sentence); Chinese is unchanged."""
    return text[:1].upper() + text[1:]


def _join(items: Sequence[str], lang: str) -> str:
    return words("punct.list_sep", lang).join(items)


def _people_line(
    code: str, ranked: list[Mapping[str, Any]], names: list[str], people: Mapping[str, Any], lang: str
) -> str:
    """The people of a group of gaps; for gaps about someone we went around (they name the executive first, then
    the person in between), each with whom they stand before
    ("Person p12 on the way to Person p1"), since a flat list does not say who was gone around to reach whom."""
    if code in BYPASS and all(len(g["contacts"]) >= 2 for g in ranked):

        def name(p: str) -> str:
            return str(people[p]["name"]) if p in people else p

        pairs = [
            _text("around_pair", lang).format(m=name(g["contacts"][1]), e=name(g["contacts"][0]))  # type: ignore[union-attr]
            for g in ranked
        ]
        return _text("around", lang).format(pairs=("; " if lang == "en" else "；").join(pairs))  # type: ignore[union-attr]
    return _text("people", lang).format(people=_join(names, lang))  # type: ignore[union-attr]


def _role_split(gap: Mapping[str, Any], lang: str) -> tuple[str, str | None]:
    """A role gap's advice as (what every such gap says, what this role needs), when the role's advice ends it."""
    role, advice = gap.get("role"), gap["advice"]
    specific = ROLE_ADVICE.get(role, {}).get(lang) if isinstance(role, str) else None
    if specific and advice.endswith(specific):
        return advice[: -len(specific)].rstrip(), specific
    return advice, None


def _advice(code: str, gaps: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """The group's advice, each sentence once: the shared advice, then what each role or stage condition needs."""
    if len(gaps) == 1:
        return [str(gaps[0]["advice"])]
    general: list[str] = []
    specific: list[str] = []
    for gap in gaps:
        base, role_part = _role_split(gap, lang)
        condition = gap.get("condition")
        if role_part is not None:
            line = f"{_capital(ROLE_LABELS[gap['role']][lang])}{words('punct.colon', lang)}{role_part}"
            if line not in specific:
                specific.append(line)
        elif code == "stage-readiness" and isinstance(condition, str) and condition in STAGE_ADVICE:
            base = STAGE_ADVICE[condition][lang]
            if base not in specific:
                specific.append(base)
            continue
        if base not in general:
            general.append(base)
    if code == "stage-readiness":  # each condition's step, then what they share: close them before moving on
        return specific + [_text(f"{code}.advice", lang) or general[0]] if general or specific else []
    if len(general) > 1:  # the advice names people: one wording without names stands for the group
        general = [_text(f"{code}.advice", lang) or general[0]]
    return general + specific


def _headline(
    code: str,
    gaps: Sequence[Mapping[str, Any]],
    names: list[str],
    contacts: Mapping[str, Mapping[str, Any]],
    as_of: Any,
    stage: Any,
    lang: str,
) -> str:
    """The group's one line: the gap's own message when it is alone, else how many and the worst case."""
    if len(gaps) == 1:
        return str(gaps[0]["message"])
    values: dict[str, Any] = {
        "count": len(gaps),
        "name": GAP_NAMES.get(code, {}).get(lang, code),
        "people": _join(names, lang),
        "stage": stage,
    }
    roles = [ROLE_LABELS[g["role"]][lang] for g in gaps if isinstance(g.get("role"), str) and g["role"] in ROLE_LABELS]
    values["roles"] = _join(list(dict.fromkeys(roles)), lang)
    conditions = [
        STAGE_CONDITIONS[g["condition"]][lang]
        for g in gaps
        if isinstance(g.get("condition"), str) and g["condition"] in STAGE_CONDITIONS
    ]
    values["conditions"] = ("；" if lang == "zh" else "; ").join(dict.fromkeys(conditions))
    if code == "stale-relationship":
        quiet = [
            (days, contacts[p]["name"])
            for g in gaps
            for p in g["contacts"][:1]
            if p in contacts and (days := _days_since(contacts[p].get("last_contact"), as_of)) is not None
        ]
        if quiet:
            values["days"], values["longest"] = max(quiet, key=lambda q: q[0])
    if code == "opposed-staff":  # one gap per department: where, and how many
        where = [contacts.get(g["contacts"][0], {}).get("department") if g["contacts"] else None for g in gaps]
        if all(isinstance(d, str) and d for d in where):
            item = str(_text("opposed-staff.department", lang))
            values["departments"] = _join([item.format(d=d, n=len(g["contacts"])) for d, g in zip(where, gaps)], lang)
    template = _text(code, lang)
    try:
        return _capital((template or _text("default", lang) or "").format(**values))
    except KeyError:  # a fact the wording needs is unknown here (a redacted date): the plain count
        return _capital(str(_text("default", lang)).format(**values))


def group_gaps(
    gaps: Sequence[Mapping[str, Any]],
    contacts: Sequence[Mapping[str, Any]] = (),
    *,
    lang: str = "en",
    as_of: Any = None,
    stage: Any = None,
    lead: int | None = None,
) -> list[dict[str, Any]]:
    """Gaps of one code and severity as one group: its message, the people once, the advice once; the most
    severe first.

    Parameters
    ----------
    gaps : sequence of dict
        The analysis's gaps (``code, severity, contacts, message, advice``, optionally ``role`` and
        ``condition``), as in ``powermap analyze --format json``.
    contacts : sequence of dict
        The people (``id``, ``name``, optionally ``last_contact``): the names a group lists.
    lang : {"en", "zh"}
        Language of the group's message and advice.
    as_of, stage
        The map's date (for the longest silence of a stale group) and the account's stage.
    lead : int, optional
        The position in ``gaps`` of the gap the risk line names (the deal-killer, or the worst problem:
        :func:`powermap.analysis.run.why_gap`): its group leads its severity, so the list opens on what the
        line under the score says.

    Returns
    -------
    list of dict
        One per gap code and severity: ``code``, ``name`` (the code in words), ``severity``,
        ``count``, ``message`` (one line), ``contacts`` and ``people`` (ids and names, each once, in the
        gaps' order), ``people_line`` (the names as a sentence where the group has several gaps, else None),
        ``advice`` (a list: the shared advice, then what each role or stage condition needs) and ``gaps`` (the
        group's gaps, as given). Groups are ordered by severity, the ``lead`` gap's group first within its
        severity, then where their first gap stood.

    Examples
    --------
    >>> gaps = [
    ...     {"code": "stale-relationship", "severity": "medium", "contacts": [p], "message": m, "advice": "Call them."}
    ...     for p, m in (("a", "Ann is quiet."), ("b", "Bo is quiet."))
    ... ]
    >>> people = [{"id": "a", "name": "Ann", "last_contact": "2026-01-01"},
    ...           {"id": "b", "name": "Bo", "last_contact": "2025-06-01"}]
    >>> [group] = group_gaps(gaps, people, as_of="2026-03-01")
    >>> group["severity"], group["count"], group["people"], group["advice"]
    ('medium', 2, ['Ann', 'Bo'], ['Call them.'])
    >>> group["message"], group["people_line"]
    ('Stale: 2 key contacts gone quiet, the longest Bo at 273 days.', 'People: Ann, Bo.')
    >>> gaps.append({**gaps[0], "severity": "high", "contacts": ["c"], "message": "Cy is quiet."})
    >>> [(g["severity"], g["count"]) for g in group_gaps(gaps, people)]  # a high gap is a line of its own
    [('high', 1), ('medium', 2)]
    """
    people = {str(c["id"]): c for c in contacts}
    # a group is one code at one severity: a medium gap is never listed under a high one's badge (the key user
    # not engaged yet is not as urgent as the initiator and the inside coach)
    by_kind: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for gap in gaps:
        by_kind.setdefault((str(gap["code"]), str(gap["severity"])), []).append(gap)
    leading = None
    if lead is not None and 0 <= lead < len(gaps):
        leading = (str(gaps[lead]["code"]), str(gaps[lead]["severity"]))
    groups = []
    for first, ((code, severity), ranked) in enumerate(by_kind.items()):
        ids = list(dict.fromkeys(p for g in ranked for p in g["contacts"]))
        names = [str(people[p]["name"]) if p in people else p for p in ids]
        groups.append(
            {
                "code": code,
                "name": GAP_NAMES.get(code, {}).get(lang, code),
                "severity": ranked[0]["severity"],
                "count": len(ranked),
                "message": _headline(code, ranked, names, people, as_of, stage, lang),
                "contacts": ids,
                "people": names,
                "people_line": _people_line(code, ranked, names, people, lang) if len(ranked) > 1 and names else None,
                "advice": _advice(code, ranked, lang),
                "gaps": list(ranked),
                "_first": ((code, severity) != leading, first),
            }
        )
    groups.sort(key=lambda g: (SEVERITY_RANK.get(g["severity"], len(SEVERITY_RANK)), g["_first"]))
    for group in groups:
        del group["_first"]
    return groups
