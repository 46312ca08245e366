"""Line breaking for terminal text that mixes Chinese and Latin: Rich wraps at spaces only, so a Chinese
paragraph (no spaces) is folded at any character, a line may start with "，" or "。", and a Latin name inside
it ("Person p0") is cut in two.

:func:`break_lines` breaks between Chinese characters, at spaces and after a Latin word, and never starts a
line with closing punctuation nor ends one with opening punctuation (the rule of Chinese typesetting, 避头尾).
:class:`Wrapped` is a Rich renderable that breaks its paragraphs so, at whatever width the table gives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["break_lines", "clip_lines", "Wrapped"]

# no line starts with these (closing brackets and marks, full- and half-width) ...
CLOSING = set("，。、：；！？）》」』】〕〉’”…·%,.:;!?)]}")
# ... and none ends with these
OPENING = set("（《「『【〔〈‘“([{")

# a unit that is never broken: a run of Latin letters, digits and the marks inside words, or one other character
_UNIT = re.compile(r"[0-9A-Za-z\u00c0-\u024f'’\-_./@#&+]+|\s+|.", re.S)


def _units(text: str) -> list[str]:
    """The paragraph as unbreakable pieces: words, runs of spaces, single characters; closing punctuation glued
    to the piece before it and opening punctuation to the piece after it."""
    pieces = _UNIT.findall(text)
    out: list[str] = []
    carry = ""
    for piece in pieces:
        if piece in OPENING:
            carry += piece
            continue
        if carry and not piece.isspace():
            piece, carry = carry + piece, ""
        if out and piece[0] in CLOSING and not out[-1].isspace():
            out[-1] += piece
        else:
            out.append(piece)
    if carry:
        out.append(carry)
    return out


def _items(text: str, separator: str) -> list[str]:
    """A list's items as unbreakable pieces, each with the separator that follows it."""
    parts = text.split(separator)
    return [part + separator for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def break_lines(text: str, width: int, separator: str | None = None, *, fold: bool = True) -> list[str]:
    """``text`` (one paragraph) as lines of at most ``width`` display cells, broken only where a reader of
    either language allows; a piece wider than a line is folded (with ``fold=False``, it stands whole on a line
    of its own). With ``separator``, the text is a list ("支持面太窄、阶段条件未满足") broken only after a separator.

    >>> break_lines("项目已到第6阶段，仍未与核心决策者建立关系：Person p0（Chief Executive Officer）。", 24)
    ['项目已到第6阶段，仍未与', '核心决策者建立关系：', 'Person p0（Chief', 'Executive Officer）。']
    >>> break_lines("A key user opposes us: Gary Lindholm.", 12)
    ['A key user', 'opposes us:', 'Gary', 'Lindholm.']
    >>> break_lines("支持面太窄、阶段条件未满足", 12, separator="、")
    ['支持面太窄、', '阶段条件未满', '足']
    >>> break_lines("支持面太窄、阶段条件未满足", 10, separator="、")
    ['支持面太', '窄、', '阶段条件未', '满足']
    """
    from rich.cells import cell_len, chop_cells

    width = max(1, width)
    lines: list[str] = []
    line = ""
    for piece in _items(text, separator) if separator else _units(text):
        if piece.isspace():
            if line:
                line += " "
            continue
        if cell_len(line + piece) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        if cell_len(piece) > width and fold:  # longer than a line: an item broken as prose, a word folded as Rich would
            *whole, line = break_lines(piece, width) if separator else chop_cells(piece, width)
            lines += whole
        else:
            line = piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def clip_lines(text: str | None, width: int, lines: int = 2) -> list[str]:
    """:func:`break_lines` of ``text`` (its runs of spaces as one) in at most ``lines`` lines of about ``width``
    display cells (a Chinese character takes two), for a card or a label: a word is never cut (one longer than a
    line stands whole on its own), and where the text needs more lines the last one ends with "…" after a whole
    word or character.

    >>> clip_lines("Executive Assistant to the Chief Medical Officer", 24)
    ['Executive Assistant to', 'the Chief Medical…']
    >>> clip_lines("Head of IT", 24)
    ['Head of IT']
    >>> clip_lines("副总经理（分管工程与信息化）", 24)  # no line starts with the closing bracket
    ['副总经理（分管工程与信息', '化）']
    >>> clip_lines("", 24)
    []
    """
    from rich.cells import cell_len

    if not text or not str(text).strip():
        return []
    out = break_lines(" ".join(str(text).split()), width, fold=False)
    if len(out) <= lines:
        return out
    pieces = _units(out[lines - 1])
    while len(pieces) > 1 and cell_len("".join(pieces).rstrip() + "…") > width:
        pieces.pop()
    return [*out[: lines - 1], "".join(pieces).rstrip() + "…"]


class Wrapped:
    """Paragraphs, each ``(text, style)``, broken by :func:`break_lines` to the width Rich gives them."""

    def __init__(self, paragraphs: Iterable[tuple[str, Any]], separator: str | None = None):
        self.paragraphs = [(str(text), style) for text, style in paragraphs]
        self.separator = separator  # the paragraphs are lists, broken only after it

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        out = Text()
        first = True
        for text, style in self.paragraphs:
            for part in text.split("\n"):
                for line in break_lines(part, options.max_width, self.separator):
                    if not first:
                        out.append("\n")
                    out.append(line, style=style)
                    first = False
        yield out

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.measure import Measurement

        pieces = [cell_len(p) for text, _ in self.paragraphs for p in _units(text) if not p.isspace()]
        longest = max((cell_len(line) for text, _ in self.paragraphs for line in text.split("\n")), default=1)
        # the narrowest is a Chinese name's width, not the longest Latin word's: a long word folds
        return Measurement(min(max(pieces, default=1), 8), max(longest, 1))
