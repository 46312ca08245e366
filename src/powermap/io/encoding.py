"""Decide a text file's encoding from evidence, or say that it cannot be told.

The order: a byte-order mark (UTF-8, UTF-16); else valid UTF-8; else the two
legacy encodings contact sheets arrive in, GB18030/GBK (a Chinese Windows
export) and Windows-1252 (a Western Windows export), read both ways and
weighed by the shape of their non-ASCII bytes:

- Chinese text is made of two-byte characters whose bytes both lie in
  0xA1-0xFE (the GB2312 area every common character sits in), in runs of
  even length.
- Western text has a lone accented letter between ASCII letters
  (``Ren\\xe9e``); read as GB18030 that byte swallows the next ASCII letter into a
  rare character (``Ren閑``), which real Chinese text almost never holds.

When one reading has clearly more evidence it wins; when neither does, the
file is refused with both readings shown, and ``--encoding`` decides.
"""

from __future__ import annotations

import codecs
import re

from powermap.errors import InputError, Problem

__all__ = ["decode_text", "check_encoding"]

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_GB2312_PAIR = re.compile(rb"[\xa1-\xf7][\xa1-\xfe]")
DOMINANCE = 4  # one reading needs this many times the other's evidence


def check_encoding(name: str) -> str:
    """The codec's canonical name, or ValueError for an unknown one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding '{name}': expected e.g. utf-8, gb18030, cp1252, utf-16") from None


def _evidence(data: bytes) -> tuple[int, int]:
    """(Chinese, Western) evidence: GB2312 character pairs in even runs; lone high bytes among ASCII."""
    chinese = western = 0
    for match in _HIGH_RUN.finditer(data):
        run = match.group()
        if len(run) == 1:
            western += 1
        elif len(run) % 2 == 0 and len(_GB2312_PAIR.findall(run)) * 2 == len(run):
            chinese += len(run) // 2
        elif len(run) == 2 and run[1:] < b"\xa1":  # accented letter then a symbol (e.g. 'ü»')
            western += 1
    return chinese, western


def _first_difference(gb: str, western: str) -> tuple[int, str, str]:
    """The first line whose two readings differ, as (line number, GB18030 reading, Windows-1252 reading)."""
    for number, (a, b) in enumerate(zip(gb.splitlines(), western.splitlines()), start=1):
        if a != b:
            return number, a[:80], b[:80]
    return 1, gb[:80], western[:80]


def _nul_problem(text: str, file: str, encoding: str) -> Problem:
    at = text.index("\x00")
    line = text.count("\n", 0, at) + 1
    return Problem(
        file,
        f"a NUL character (read as {encoding}): this is a binary file or a UTF-16 file "
        "without its byte-order mark; save it as UTF-8 text (CSV)",
        line,
        None,
        None,
        "line",
    )


def decode_text(data: bytes, file: str, encoding: str | None = None) -> str:
    """Decode a text file; ``encoding`` forces one (``--encoding``).

    Raises
    ------
    InputError
        When the bytes are not text in any supported encoding, hold NUL
        characters, or could be GB18030 as well as Windows-1252.

    Examples
    --------
    >>> decode_text("Renée Müller".encode("cp1252"), "f.csv")
    'Renée Müller'
    >>> decode_text("王建国,董事长".encode("gbk"), "f.csv")
    '王建国,董事长'
    """
    if encoding is not None:
        name = check_encoding(encoding)
        try:
            text = data.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise InputError(
                [
                    Problem(
                        file,
                        f"not {encoding} text: byte 0x{data[exc.start]:02x} on line {line} "
                        f"(byte {exc.start}) cannot be read as {encoding}",
                    )
                ]
            ) from None
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data, "utf-8-sig", file)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", file)
    else:
        text = _guess(data, file)
    if "\x00" in text:
        raise InputError([_nul_problem(text, file, encoding or "text")])
    return text


def _strict(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    file,
                    f"the file starts with a {encoding.upper()} byte-order mark but byte "
                    f"{exc.start} is not {encoding.upper()}: save it again as UTF-8",
                )
            ]
        ) from None


def _guess(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = {}
    for name in ("gb18030", "cp1252"):
        try:
            readings[name] = data.decode(name)
        except UnicodeDecodeError:
            pass
    if len(readings) == 1:
        return next(iter(readings.values()))
    if not readings:
        raise InputError(
            [
                Problem(
                    file,
                    "cannot read the text: it is not UTF-8 (with or without BOM), UTF-16 "
                    "with BOM, GB18030/GBK or Windows-1252; save the file as UTF-8 and retry, "
                    "or name its encoding with --encoding",
                )
            ]
        )
    chinese, western = _evidence(data)
    if chinese >= DOMINANCE * western and chinese > 0:
        return readings["gb18030"]
    if western >= DOMINANCE * chinese and western > 0:
        return readings["cp1252"]
    line, gb, cp = _first_difference(readings["gb18030"], readings["cp1252"])
    raise InputError(
        [
            Problem(
                file,
                f"cannot tell the encoding: line {line} reads {gb!r} as GB18030 (Chinese) "
                f"and {cp!r} as Windows-1252 (Western); say which with --encoding gb18030 or "
                "--encoding cp1252 (or save the file as UTF-8)",
            )
        ]
    )
