"""User text made harmless for where it is shown: a terminal, or Markdown.

A name or title is data. On a terminal, control characters in it would act
(clear the screen, set the window title, write the clipboard with OSC 52,
reorder the line with bidirectional overrides); in Markdown, brackets and
parentheses would make it an image that calls a tracker, or a
``javascript:`` link. Both functions keep every character the user wrote
visible, as an escape, instead of letting it act.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["terminal", "terminal_data", "markdown_text", "json_text", "isolator", "isolated_data"]

# C0 controls but tab and newline, DEL, C1 controls (8-bit CSI, OSC...), bidirectional overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Only what can act in Markdown: emphasis and code marks, the brackets every link and image needs (and the
# parenthesis after one), a table cell's pipe, an escape, and a URL scheme's colon ("http:", "javascript:").
# Other parentheses, a colon before a space, "#" mid-line and an "&" that starts no entity are left as they
# are: powermap's own words use them ("Stale: 3 key contacts (R&D)"), and escaping them reads badly.
_MARKDOWN = re.compile(r"[\\`*_\[\]|~]|(?<=\])\(|(?<=[A-Za-z]):(?=[^\s:])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: Any) -> str:
    """Text safe to print on a terminal: every control character shown as its escape.

    >>> terminal("Eve\\x1b]52;c;cm0gLXJmIH4=\\x07 (CFO)")
    'Eve\\\\x1b]52;c;cm0gLXJmIH4=\\\\x07 (CFO)'
    """
    return _CONTROL.sub(_escape, str(text))


def terminal_data(value: Any) -> Any:
    """Every string inside lists and mappings made :func:`terminal`-safe (numbers and None unchanged)."""
    if isinstance(value, str):
        return terminal(value)
    if isinstance(value, dict):
        return {k: terminal_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [terminal_data(v) for v in value]
    return value


def markdown_text(text: Any) -> str:
    """User text as inert Markdown: HTML escaped, Markdown syntax backslash-escaped, one line.

    No image, link, autolink, emphasis or table break can come out of it.

    >>> markdown_text("![x](http://tracker.example/p.gif)")
    '!\\\\[x\\\\]\\\\(http\\\\://tracker.example/p.gif)'
    >>> markdown_text("Stale: Ann (R&D), 3 days")
    'Stale: Ann (R&D), 3 days'
    """
    text = _ENTITY.sub("&amp;", terminal(text)).replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN.sub(lambda m: "\\" + m.group(), text)
    return text.replace("\r", " ").replace("\n", " ")


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_text(document: str) -> str:
    """JSON text safe for a terminal and equal as data: the controls JSON itself leaves raw (DEL, C1, bidi
    overrides) written as ``\\u`` escapes, which every JSON reader turns back into the same characters.

    >>> import json
    >>> text = json_text(json.dumps({"name": "Eve\\u009b2J"}, ensure_ascii=False))
    >>> "\\x9b" in text, json.loads(text)["name"] == "Eve\\u009b2J"
    (False, True)
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPENS_ISOLATE = re.compile("[\u2066-\u2068]")


def _isolated(name: str) -> str:
    """``name`` between FSI and PDI, with as many more of each as it needs to stay closed: its own unmatched
    PDIs close only the extra FSIs, and the last PDI ends every override or embedding it opened."""
    depth = unmatched_closes = 0
    for c in name:
        if _OPENS_ISOLATE.match(c):
            depth += 1
        elif c == "\u2069":
            if depth:
                depth -= 1
            else:
                unmatched_closes += 1
    return "\u2068" * (1 + unmatched_closes) + name + "\u2069" * (1 + depth + unmatched_closes)


def isolator(names: Iterable[Any]) -> Callable[[str], str]:
    """A function that isolates, in a sentence for HTML, every one of ``names`` holding a bidirectional control.

    A right-to-left override in a name (``Eve\\u202e``) would otherwise reverse the rest of a sentence that
    quotes it ("... held by Eve, who is not engaged yet"); in a Unicode isolate (FSI ... PDI, which HTML and
    every browser honour) it reorders its own name only. The name's characters are all kept; sentences
    without such a name are returned as they are.

    >>> isolate = isolator(["Ana", "Eve\\u202eX"])
    >>> isolate("held by Eve\\u202eX, not engaged") == "held by \\u2068Eve\\u202eX\\u2069, not engaged"
    True
    >>> isolate("held by Ana")
    'held by Ana'
    """
    risky = sorted({str(n) for n in names if n is not None and _BIDI.search(str(n))}, key=len, reverse=True)
    if not risky:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(n) for n in risky))
    return lambda text: pattern.sub(lambda m: _isolated(m.group()), text) if isinstance(text, str) else text


def isolated_data(value: Any, isolate: Callable[[str], str]) -> Any:
    """Every string inside lists and mappings passed through ``isolate`` (an :func:`isolator`); keys unchanged."""
    if isinstance(value, str):
        return isolate(value)
    if isinstance(value, dict):
        return {k: isolated_data(v, isolate) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [isolated_data(v, isolate) for v in value]
    return value
