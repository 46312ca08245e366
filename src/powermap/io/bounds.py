"""Bounds checked on a text file's raw bytes, block by block, before any parser or decoder holds them.

A small hostile file must not take the machine's memory: a file of NUL bytes
(a binary file, a disk image) or one field of hundreds of megabytes would be
decoded and parsed whole before the cell checks could refuse it. A
:class:`BoundedReader` reads the file in blocks of a mebibyte and refuses,
naming the line, the first NUL byte and the first stretch of
``4 * (cell_chars + 1)`` bytes with none of the delimiters and no line break (a field
that certainly holds more characters than a cell may: no UTF-8 character
takes more than four bytes). Shorter oversized cells are caught after
parsing, with their row and column. A whole-file read may also be bounded in
lines (``max_lines``). It is a file object, so the whole reader
and the chunked one (pandas reads from it) share the check.

A UTF-16 file (with its byte-order mark) holds NUL bytes in every ASCII
character and two-byte delimiters: it is only checked after decoding.

>>> import io
>>> BoundedReader(io.BytesIO(b"id,name\\na,Ann\\n"), "f.csv", b",;\\t", cell_chars=10).read()
b'id,name\\na,Ann\\n'
>>> BoundedReader(io.BytesIO(b"id,name\\na," + b"n" * 50 + b"\\n"), "f.csv", b",", cell_chars=10).read()
Traceback (most recent call last):
powermap.errors.InputError: 1 problem in the input:
f.csv, line 2: a field of more than 10 characters: at most 10 are read in a cell (Excel's own cell limit)
>>> BoundedReader(io.BytesIO(b"id,name\\na,An\\x00n\\n"), "f.csv", b",").read()
Traceback (most recent call last):
powermap.errors.InputError: 1 problem in the input:
f.csv, line 2: a NUL character: this is a binary file or a UTF-16 file without its byte-order mark; save it as UTF-8 text (CSV)
"""

from __future__ import annotations

import io
from typing import BinaryIO

import numpy as np

from powermap.errors import InputError, Problem

__all__ = ["BoundedReader", "read_bounded", "BLOCK_BYTES"]

BLOCK_BYTES = 1 << 20
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class BoundedReader(io.RawIOBase):
    """A binary file object over ``handle`` that refuses NUL bytes and giant fields as it reads (see the module).

    ``delimiters`` are the bytes that may end a field besides a line break (None: no field check, as for
    JSON and YAML); with every candidate delimiter given, no real field is ever taken for a giant one.
    """

    def __init__(
        self,
        handle: BinaryIO,
        file: str,
        delimiters: bytes | None,
        cell_chars: int = 32_767,
        max_lines: int | None = None,
        hint: str = "",
    ):
        super().__init__()
        self.max_lines, self.hint = max_lines, hint
        self.handle, self.file = handle, file
        self.stops = None if delimiters is None else np.frombuffer(delimiters + b"\n\r", dtype=np.uint8)
        self.longest = 4 * (cell_chars + 1)
        self.run = 0  # bytes since the last delimiter or line break, carried over from the blocks read
        self.lines = 1  # the line the next block starts on
        self.checked = False
        self.utf16 = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(len(buffer))
        if data:
            self._check(data)
        buffer[: len(data)] = data
        return len(data)

    def _refuse(self, data: bytes, at: int, message: str) -> InputError:
        line = self.lines + data.count(b"\n", 0, at)
        return InputError([Problem(self.file, message, line, None, None, "line")])

    def _quick_run(self, data: bytes) -> int | None:
        """The bytes after ``data``'s last stop, when no stretch of it can be over the limit, else None.

        Every aligned window of half the limit holding a stop means no stretch without one is as long as the
        limit; the first stretch, which carries on the previous block's last, is measured. A handful of
        C-speed ``find`` calls per window instead of a look at every byte; a doubtful block gets the exact
        count.
        """
        assert self.stops is not None
        stops = [bytes([b]) for b in self.stops.tolist()]
        half = self.longest // 2
        size = len(data)
        firsts = [i for stop in stops if (i := data.find(stop, 0, half)) >= 0]
        if not firsts or self.run + min(firsts) > self.longest:
            return None
        for start in range(half, size - half + 1, half):
            if not any(data.find(stop, start, start + half) >= 0 for stop in stops):
                return None
        return size - 1 - max(data.rfind(stop) for stop in stops)

    def _check(self, data: bytes) -> None:
        if not self.checked:
            self.checked, self.utf16 = True, data.startswith(_UTF16_BOMS)
        if self.utf16:
            return
        nul = data.find(b"\x00")
        if nul >= 0:
            raise self._refuse(
                data,
                nul,
                "a NUL character: this is a binary file or a UTF-16 file without its byte-order mark; "
                "save it as UTF-8 text (CSV)",
            )
        if self.stops is not None and (run := self._quick_run(data)) is not None:
            self.run = run
        elif self.stops is not None:
            stops = np.flatnonzero(np.isin(np.frombuffer(data, dtype=np.uint8), self.stops))
            # the lengths of the stretches between stops, the first one carrying on the previous block's last
            gaps = np.diff(stops, prepend=-1, append=len(data)) - 1
            gaps[0] += self.run
            over = np.flatnonzero(gaps > self.longest)
            if len(over):
                at = 0 if over[0] == 0 else int(stops[over[0] - 1]) + 1
                raise self._refuse(
                    data,
                    at,
                    f"a field of more than {self.longest // 4 - 1:,} characters: at most "
                    f"{self.longest // 4 - 1:,} are read in a cell (Excel's own cell limit)",
                )
            self.run = int(gaps[-1])
        self.lines += data.count(b"\n")
        if self.max_lines is not None and self.lines > self.max_lines + 1:
            raise InputError(
                [Problem(self.file, f"more than {self.max_lines:,} lines: at most that many are read whole{self.hint}")]
            )


def read_bounded(
    path, file: str, delimiters: bytes | None, cell_chars: int = 32_767, max_lines: int | None = None, hint: str = ""
) -> bytes:
    """The whole file's bytes, read through a :class:`BoundedReader` (refused before it is all in memory)."""
    with open(path, "rb") as handle:
        reader = BoundedReader(handle, file, delimiters, cell_chars, max_lines, hint)
        blocks = []
        while block := reader.read(BLOCK_BYTES):
            blocks.append(block)
    return b"".join(blocks)
