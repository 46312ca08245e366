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
from typing import Any

__all__ = ["terminal", "terminal_data", "markdown_text", "json_text"]

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
