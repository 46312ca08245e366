"""How powermap encodes people and links, shared by the map, the chart and the report.

Every stance is shown twice: a colour from a diverging red-blue scale that
stays apart under the common colour-vision deficiencies (ColorBrewer RdBu),
and a glyph (``++ + 0 - -- ?``). Text on a fill is black or white, whichever
contrasts more (WCAG relative luminance). Link kinds differ by colour
(Okabe-Ito) and by dash, so they too survive without colour.
"""

from __future__ import annotations

from typing import Any

from powermap.text.words import by_lang
from powermap.vocab import has_cjk

__all__ = [
    "STANCE_COLOURS",
    "UNKNOWN_COLOUR",
    "STANCE_GLYPHS",
    "ROLE_CHIPS",
    "LINK_STYLES",
    "ink",
    "luminance",
    "contrast",
    "initials",
]

STANCE_COLOURS = {-2: "#b2182b", -1: "#f4a582", 0: "#e0e0e0", 1: "#92c5de", 2: "#2166ac"}
UNKNOWN_COLOUR = "#ffffff"
STANCE_GLYPHS = {2: "++", 1: "+", 0: "0", -1: "\u2212", -2: "\u2212\u2212", None: "?"}
# Short role names for chips on a card, in the order a coach reads them.
ROLE_CHIPS = by_lang("role_chip")
# Okabe-Ito colours; dashes tell the kinds apart without colour too.
LINK_STYLES: dict[str, dict[str, Any]] = {  # colour: str, dashes: a dash pattern or False
    "influences": {"colour": "#0072b2", "dashes": False},
    "trusts": {"colour": "#cc79a7", "dashes": [8, 4]},
    "allies": {"colour": "#009e73", "dashes": [2, 3]},
    "rivals": {"colour": "#d55e00", "dashes": [10, 3, 2, 3]},
    "works_with": {"colour": "#999999", "dashes": [1, 4]},  # dotted: informal, from meetings held together
}


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour (0 black, 1 white)."""
    channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill``.

    >>> ink("#2166ac"), ink("#e0e0e0")
    ('#ffffff', '#000000')
    """
    return "#ffffff" if contrast(fill, "#ffffff") > contrast(fill, "#000000") else "#000000"


def initials(name: str | None) -> str | None:
    """Up to two initials of an owner's name ("Kim Larsen" -> "KL"; Chinese: the first character).

    >>> initials("Kim Larsen"), initials("王芳"), initials("")
    ('KL', '王', None)
    """
    if not name or not str(name).strip():
        return None
    parts = str(name).split()
    if len(parts) == 1 and has_cjk(parts[0]):
        return parts[0][0]
    return "".join(p[0].upper() for p in parts[:2])
