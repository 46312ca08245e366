"""The gap wording's tables, read from the text catalogue (:mod:`powermap.text.catalogue`), indexed by key then
language: ``TEXTS[key][lang]`` is a gap's message and advice (``key`` is the code, or ``code.variant``)."""

from __future__ import annotations

from powermap.text.words import LANGS, entries


def _texts() -> dict[str, dict[str, dict[str, str]]]:
    texts: dict[str, dict[str, dict[str, str]]] = {}
    for key, text in entries("gap").items():
        code, part = key.rsplit(".", 1)
        by_lang = texts.setdefault(code, {lang: {"message": "", "advice": ""} for lang in LANGS})
        for lang in LANGS:
            by_lang[lang][part] = text[lang]
    return texts


TEXTS = _texts()  # sentences added to another gap's message (few-mid-level-allies.candidates ...) have no advice
ROLE_ADVICE = entries("role_advice")
STAGE_CONDITIONS = entries("stage_condition")
STAGE_ADVICE = entries("stage_advice")  # the concrete next step for each stage condition (docs/methodology.md §6)
WORDS = entries("advice")
GAP_NAMES = entries("gap_name")  # a short name for each gap code, where gaps are listed by kind
