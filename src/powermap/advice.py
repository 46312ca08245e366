"""Words for the gaps: a message naming the people and advice on what to do, in English or Chinese."""

from __future__ import annotations

from typing import Sequence

from .advice_text import ROLE_ADVICE, STAGE_CONDITIONS, TEXTS, WORDS
from .vocab import ROLE_LABELS

__all__ = ["LANGS", "people", "word_gap", "role_label", "ROLE_ADVICE"]

LANGS = ("en", "zh")
MAX_NAMES = 5


def role_label(role: str, lang: str = "en") -> str:
    return ROLE_LABELS[role][lang]


def people(labels: Sequence[str], lang: str = "en") -> str:
    """A readable list of people: at most five named, then how many more."""
    if not labels:
        return WORDS["nobody"][lang]
    shown = list(labels[:MAX_NAMES])
    more = len(labels) - len(shown)
    text = WORDS["list_sep"][lang].join(shown)
    if more:
        text += f" 等另外{more}人" if lang == "zh" else f" and {more} more"
    return text


def word_gap(code: str, fields: dict, labels: Sequence[str], lang: str = "en", role: str | None = None,
             condition: str | None = None) -> tuple[str, str]:
    """The message and advice of one gap, in ``lang``.

    ``labels`` are the people involved as shown to the user ("Name (Title)"),
    in the gap's order; ``fields`` the facts the rule recorded.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    values = {"people": people(labels, lang)}
    if role:
        values["role"] = role_label(role, lang)
    key = code
    if code == "bypassed-gatekeeper":
        values.update(executive=labels[0], gatekeeper=labels[1], state=WORDS[fields["state"]][lang])
    elif code == "single-threaded":
        key = f"single-threaded.{fields['variant']}"
        values.update(count=fields["count"], owner=fields.get("owner", ""))
    elif code == "few-mid-level-allies":
        values.update(count=fields["count"], minimum=fields["minimum"])
    elif code == "stage-readiness":
        values.update(stage=fields["stage"], condition=STAGE_CONDITIONS[condition][lang])
    elif code == "late-technical-engagement":
        values.update(stage=fields["stage"])
    elif code in ("stale-relationship", "competitor-aligned"):
        values.update(fields)
    text = TEXTS[key][lang]
    message = text["message"].format(**values)
    advice = text["advice"].format(**values)
    if code == "few-mid-level-allies" and labels:
        message += " " + TEXTS["few-mid-level-allies.candidates"][lang]["message"].format(**values)
    if code == "stage-readiness" and labels:
        message += " " + TEXTS["stage-readiness.people"][lang]["message"].format(**values)
    if code in ("missing-role", "uncovered-role") and role:
        advice += " " + ROLE_ADVICE[role][lang]
    return message, advice
