"""Look up the text catalogue (:mod:`powermap.text.catalogue`): one text, a section of them, or a table by language.

The catalogue is imported on the first look-up, so importing this module costs nothing (``powermap --help`` never
loads it). A language other than ``en`` and ``zh`` reads English, as the renderers always have.
"""

from __future__ import annotations

__all__ = ["LANGS", "words", "section", "by_lang", "entries", "count"]

LANGS = ("en", "zh")


def _catalogue() -> dict[str, dict[str, str]]:
    from powermap.text.catalogue import CATALOGUE

    return CATALOGUE


def _known(lang: str) -> str:
    return lang if lang in LANGS else "en"


def words(key: str, lang: str = "en") -> str:
    """One text in ``lang``.

    >>> words("risk.high", "zh"), words("stage.3")
    ('高', 'first proposal')
    """
    return _catalogue()[key][_known(lang)]


def section(prefix: str, lang: str = "en") -> dict[str, str]:
    """The texts one level under ``prefix``, by their last key part, in catalogue order.

    >>> section("risk", "zh")
    {'high': '高', 'medium': '中', 'low': '低'}
    """
    start, lang = prefix + ".", _known(lang)
    return {
        key[len(start) :]: text[lang]
        for key, text in _catalogue().items()
        if key.startswith(start) and "." not in key[len(start) :]
    }


def by_lang(prefix: str) -> dict[str, dict[str, str]]:
    """``{lang: section(prefix, lang)}``: a section in the shape renderers index by language first."""
    return {lang: section(prefix, lang) for lang in LANGS}


def entries(prefix: str) -> dict[str, dict[str, str]]:
    """Every entry under ``prefix`` at any depth, by the rest of its key: ``{rest: {"en": ..., "zh": ...}}``.

    >>> entries("gap_name")["single-threaded"]
    {'en': 'single-threaded', 'zh': '支持面太窄'}
    """
    start = prefix + "."
    return {key[len(start) :]: dict(text) for key, text in _catalogue().items() if key.startswith(start)}


def count(n: int, noun: str, lang: str = "en") -> str:
    """A number with its noun in the right form (``count.<noun>.one`` or ``.many``).

    >>> count(1, "people"), count(3, "gaps"), count(3, "gaps", "zh")
    ('1 person', '3 gaps', '3个缺口')
    """
    return words(f"count.{noun}.{'one' if n == 1 else 'many'}", lang).format(n=n)
