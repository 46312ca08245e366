"""Words for the gaps: a message naming the people and advice on what to do, in English or Chinese."""

from __future__ import annotations

from collections.abc import Sequence

from powermap.text.advice_words import ROLE_ADVICE, STAGE_ADVICE, STAGE_CONDITIONS, TEXTS, WORDS
from powermap.text.words import LANGS, count, words
from powermap.vocab import ROLE_LABELS

__all__ = ["LANGS", "people", "word_gap", "role_label", "ROLE_ADVICE"]

MAX_NAMES = 5

# codes whose wording has variants chosen by a field the rule records
_VARIANT_FIELD = {
    "single-threaded": "variant",
    "decision-maker-unreached": "variant",
    "resistant-key-user": "variant",
    "influential-blocker": "variant",
    "role-concentration": "variant",
    "power-shift": "reason",
    "veto-risk": "variant",
}
# variants worded by the code's own entry
_PLAIN_VARIANT = {("resistant-key-user", "blocker"), ("influential-blocker", "blocker")}


def role_label(role: str, lang: str = "en") -> str:
    return ROLE_LABELS[role][lang]


def people(labels: Sequence[str], lang: str = "en") -> str:
    """A readable list of people: at most five named, then how many more."""
    if not labels:
        return WORDS["nobody"][lang]
    shown = list(labels[:MAX_NAMES])
    more = len(labels) - len(shown)
    text = words("punct.list_sep", lang).join(shown)
    if more:
        text += WORDS["more"][lang].format(more=more)
    return text


def _key(code: str, fields: dict, labels: Sequence[str]) -> str:
    if code in _VARIANT_FIELD:
        variant = fields[_VARIANT_FIELD[code]]
        return code if (code, variant) in _PLAIN_VARIANT else f"{code}.{variant}"
    if code == "few-mid-level-allies" and fields["count"] == 0:
        return "few-mid-level-allies.none"
    if code == "weak-initiator" and fields.get("also"):
        return f"weak-initiator.{fields['also']}"  # and none engaged yet, or none on our side: one gap says it
    if code == "missing-role" and fields.get("holder") == "doubtful":
        return "missing-role.doubtful"  # whoever is tagged with the role also serves a competitor
    if code == "divided-loyalty" and fields.get("met") == "no":
        return "divided-loyalty.unmet"  # a coach or initiator we have not met: none of ours, find another
    if code == "competitor-aligned" and fields.get("stance") == "supports":
        return "competitor-aligned.ours"  # one of ours with ties to a competitor: guard what we share
    if code in ("competitor-aligned", "unknown-attributes") and fields.get("coach") == "doubtful":
        return f"{code}.no-coach"  # our coach's loyalty is divided: no advice goes through them
    if code == "bypassed-mid-level" and fields.get("level") == "executive":  # level words follow the level
        return "bypassed-mid-level.executive"
    if code == "executive-too-early" and fields.get("variant") == "no-handler":
        return "executive-too-early.no-handler"
    if code == "uncovered-role" and len(labels) == 1:
        return "uncovered-role.one"
    return code


def word_gap(
    code: str,
    fields: dict,
    labels: Sequence[str],
    lang: str = "en",
    role: str | None = None,
    condition: str | None = None,
) -> tuple[str, str]:
    """The message and advice of one gap, in ``lang``.

    ``labels`` are the people involved as shown to the user ("Name (Title)"),
    in the gap's order; ``fields`` the facts the rule recorded.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    values = {"people": people(labels, lang)}
    if role:
        values["role"] = role_label(role, lang)
    if code in ("bypassed-gatekeeper", "bypassed-mid-level", "advisor-not-won"):
        values.update(
            executive=labels[0],
            gatekeeper=labels[1],
            manager=labels[1],
            advisor=labels[1],
            state=WORDS[fields["state"]][lang],
        )
    elif code == "executive-too-early":
        road = 2 if fields.get("variant", "road") == "road" else 0  # the owner and the handler come first
        values.update(
            owner=labels[0] if road else "",
            handler=labels[1] if road else "",
            executive=people(labels[road:], lang),
            stage=fields["stage"],
            due_stage=fields["due_stage"],
        )
    elif code == "single-threaded":
        contacts = count(fields["count"], "engaged_contacts", lang)  # "1 engaged contact", never "contact(s)"
        values.update(count=fields["count"], owner=fields.get("owner", ""), contacts=contacts)
    elif code == "few-mid-level-allies":
        values.update(
            count=fields["count"],
            minimum=fields["minimum"],
            supporters=WORDS["supporter" if fields["count"] == 1 else "supporters"][lang],
        )
    elif code == "stage-readiness":
        assert condition is not None, "a stage-readiness gap names its condition"
        values.update(
            stage=fields["stage"], condition=STAGE_CONDITIONS[condition][lang], step=STAGE_ADVICE[condition][lang]
        )
    elif code == "role-concentration":
        held = [role_label(r, lang) for r in fields["roles"]]
        if fields["variant"] != "many":  # name the other roles beside the one the department contradicts
            main = "technical_supporter" if fields["variant"] == "technical" else "key_user"
            held = [role_label(r, lang) for r in fields["roles"] if r != main]
        values.update(
            count=fields["count"], department=fields["department"], roles=words("punct.list_sep", lang).join(held)
        )
    elif code in (
        "late-technical-engagement",
        "stale-relationship",
        "competitor-aligned",
        "divided-loyalty",
        "power-shift",
        "decision-maker-unreached",
        "opposed-staff",
    ):
        values.update(fields)
    text = TEXTS[_key(code, fields, labels)][lang]
    message = text["message"].format(**values)
    advice = text["advice"].format(**values)
    space = "" if lang == "zh" else " "  # Chinese sentences follow each other without a space
    if code == "few-mid-level-allies" and labels:
        message += space + TEXTS["few-mid-level-allies.candidates"][lang]["message"].format(**values)
    if code == "stage-readiness" and labels:
        message += space + TEXTS["stage-readiness.people"][lang]["message"].format(**values)
    if code in ("missing-role", "uncovered-role") and role:
        advice += space + ROLE_ADVICE[role][lang]
    return message, advice
