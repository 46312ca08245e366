"""A pipeline file read in chunks of whole accounts, so that scoring it needs memory for a chunk, not the file.

:func:`whole_accounts` reads a CSV (UTF-8) or Parquet file in pieces of about
``rows`` contacts, as the same text cells and row numbers as
:func:`powermap.io.read.read_account` gives, and cuts them between accounts: the
rows of the last account of a piece wait for the next piece. That needs each
account's rows together (sorted or grouped by the account column); an account
that reappears after it was handed on raises :class:`NotStreamable` naming
it (the caller then sorts the file out by account with :class:`Spilled`, one
more pass through temporary files), and so does anything the chunked reader is
not sure of (another encoding, malformed rows, NUL bytes, an odd first line):
the caller then reads the file whole, where every problem is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.io.bounds import BoundedReader
from powermap.io.read import FORCED_ENCODING, LIMITS, SUFFIXES, RawTable, finish_table, frame_to_text

__all__ = ["NotStreamable", "whole_accounts", "text_chunks", "Spilled"]

_HEAD_BYTES = 1 << 20
_SCAN_BYTES = 4 << 20  # the bounds pass reads the file in blocks of this size


class NotStreamable(Exception):
    """The file is to be read whole; ``note`` says why when the user should know (else None)."""

    def __init__(self, note: str | None = None, scattered: bool = False):
        super().__init__(note or "read whole")
        self.note, self.scattered = note, scattered


def _arrow_options(delimiter: str, rows: int) -> tuple[Any, Any, Any]:
    """pyarrow's CSV options for a pipeline read as text: every cell a string ('' for empty, never null),
    the header read as a row (as pandas' ``header=None``), blank lines kept (they hold row numbers)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    text = pa.string()
    return (
        pa_csv.ReadOptions(
            autogenerate_column_names=True, block_size=max(1 << 20, min(4 << 20, rows * 256)), use_threads=False
        ),
        pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
        pa_csv.ConvertOptions(
            column_types={f"f{i}": text for i in range(LIMITS["columns"])},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _arrow_pieces(batches: Iterator[Any], rows: int) -> Iterator[pd.DataFrame]:
    """Record batches re-cut into frames of ``rows`` rows (the first a quarter of that, so that workers start
    sooner; the last one shorter), columns kept as Arrow text."""
    import pyarrow as pa

    held: list[Any] = []
    count = 0
    want = max(1, rows // 4)
    for batch in batches:
        held.append(batch)
        count += batch.num_rows
        while count >= want:
            table = pa.Table.from_batches(held)
            yield table.slice(0, want).to_pandas(use_threads=False)
            rest = table.slice(want)
            held, count = rest.to_batches(), rest.num_rows
            want = rows
    if count:
        yield pa.Table.from_batches(held).to_pandas(use_threads=False)


def _csv_chunks(path: Path, rows: int) -> Iterator[RawTable]:
    """The CSV's tables of ``rows`` rows, read by pyarrow's streaming reader into Arrow string columns."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    file = str(path)
    with open(path, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or not head.strip() or b"\x00" in head:
        raise NotStreamable()
    encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    if b"\n" not in head:
        raise NotStreamable()
    first_line = head.decode(encoding, errors="replace").split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=lambda d: (first_line.count(d), d == ","))
    header: list[str] | None = None
    last: RawTable | None = None  # each table is handed on once the next is read: the last one is checked
    next_row = 2
    # NUL and giant fields are refused by a pass of this thread over the file, and pyarrow then reads the file
    # itself: its read-ahead thread calling back into a Python file object can abort the process as it exits
    # ("terminate called without an active exception", apache/arrow#34314)
    with open(path, "rb") as handle:
        try:
            bounded = BoundedReader(handle, file, b",;\t", LIMITS["cell_chars"])
            while bounded.read(_SCAN_BYTES):
                pass
        except ValueError:
            raise NotStreamable() from None  # an InputError: the whole reader names the problem, bounded the same way
    handle = pa.OSFile(file, "rb")
    try:
        read, parse, convert = _arrow_options(delimiter, rows)
        reader = pa_csv.open_csv(
            handle,
            read_options=read,
            parse_options=parse,
            convert_options=convert,
            memory_pool=pa.system_memory_pool(),  # mimalloc's per-thread arenas fail under a tight address-space limit
        )
        for frame in _arrow_pieces(reader, rows):
            if header is None:
                header = frame.iloc[0].tolist()
                frame = frame.iloc[1:]
            if last is not None:
                yield last
            last = finish_table(file, header, frame, first_row=next_row)
            next_row += len(frame)
        # a quote left open to the end of the file swallows the lines after it into one field: a line
        # break in the last row's cells is that or a real quoted one, which the whole reader tells apart
        if last is not None and len(last.frame) and last.frame.iloc[-1].str.contains("\n", regex=False).any():
            raise NotStreamable()
        if last is not None:
            yield last
    except (pa.ArrowException, ValueError, UnicodeDecodeError):
        raise NotStreamable() from None  # InputError too: the whole reader names the problem, bounded the same way
    finally:
        handle.close()


def _parquet_chunks(path: Path, rows: int) -> Iterator[RawTable]:
    import pyarrow.parquet as pq

    file = str(path)
    try:
        parquet = pq.ParquetFile(path)
        batches = parquet.iter_batches(batch_size=rows)
        next_row = 1
        for batch in batches:
            frame = batch.to_pandas()
            table = finish_table(
                file, [str(c) for c in frame.columns], frame_to_text(frame), first_row=next_row, row_label="record"
            )
            next_row += len(frame)
            yield table
    except Exception:  # pyarrow's errors for a damaged file vary by version: the whole reader names them
        raise NotStreamable() from None


def text_chunks(path: str | Path, rows: int) -> Iterator[RawTable]:
    """The file's contacts as text tables of about ``rows`` rows each (cut anywhere), in file order."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if not path.is_file() or kind not in ("csv", "parquet") or (kind == "csv" and FORCED_ENCODING.get()):
        raise NotStreamable()  # a forced encoding is the whole-file reader's to apply
    return _csv_chunks(path, rows) if kind == "csv" else _parquet_chunks(path, rows)


def _concat(first: RawTable, second: RawTable) -> RawTable:
    frame = pd.concat([first.frame, second.frame], ignore_index=True)
    return RawTable(
        second.file,
        frame,
        np.concatenate([np.asarray(first.rows), np.asarray(second.rows)]),
        second.row_label,
        [*first.problems, *second.problems],
    )


def _problems_of(table: RawTable, rows: np.ndarray) -> list:
    """The cells refused while reading ``table`` that lie in ``rows`` (they go with their account)."""
    if not table.problems:
        return []
    wanted = set(np.asarray(rows).tolist())
    return [p for p in table.problems if p.row in wanted]


def whole_accounts(path: str | Path, by: str, rows: int) -> Iterator[RawTable]:
    """Tables of whole accounts, about ``rows`` contacts each, in file order (see the module's text).

    Raises
    ------
    NotStreamable
        The file is to be read whole (an account's rows are scattered: the note names it).
    """
    carry: RawTable | None = None
    handed_on: set[str] = set()
    by_header = None
    any_table = None
    for table in text_chunks(path, rows):
        any_table = any_table or table
        if by_header is None:
            by_header = next(
                (h for h in table.frame.columns if vocab.normalize_word(h) == vocab.normalize_word(by)), None
            )
            if by_header is None:  # no such column: the scorer's header check names it
                yield table
                return
        if not len(table.frame):
            continue
        keys = table.frame[by_header].astype(str).str.strip()
        seen_again = handed_on.intersection(keys.unique())
        if seen_again:
            account = sorted(seen_again)[0]
            raise NotStreamable(
                f"{path}: the rows of account {account!r} (and maybe others) are not together, so the file was "
                f"sorted out by account through temporary files in a second pass; sort it by '{by}' to score it "
                "in one pass",
                scattered=True,
            )
        if carry is not None:
            table = _concat(carry, table)
            keys = table.frame[by_header].astype(str).str.strip()
        last = keys.iat[-1]
        waiting = (keys == last).to_numpy()
        numbers = np.asarray(table.rows)
        cut = len(waiting) - int(np.argmin(waiting[::-1])) if not waiting.all() else 0
        if waiting[cut:].all() and not waiting[:cut].any():  # the last account's rows close the table: slices
            wait_rows, ready_rows = slice(cut, None), slice(0, cut)
        else:
            wait_rows, ready_rows = waiting, ~waiting
        carry = RawTable(
            table.file,
            table.frame.iloc[wait_rows].reset_index(drop=True),
            numbers[wait_rows],
            table.row_label,
            _problems_of(table, numbers[wait_rows]),
        )
        if not waiting.all():
            ready = RawTable(
                table.file,
                table.frame.iloc[ready_rows].reset_index(drop=True),
                numbers[ready_rows],
                table.row_label,
                _problems_of(table, numbers[ready_rows]),
            )
            handed_on.update(keys[~waiting].unique())
            yield ready
    if carry is not None and len(carry.frame):
        yield carry
    elif any_table is not None and carry is None and by_header is not None:
        yield any_table  # a header and no rows: the scorer says so
    elif any_table is None:
        raise NotStreamable()


class Spilled:
    """An account-scattered file sorted out through temporary files: one pass reads it in chunks and appends
    each row to one of N bucket files by a hash of its account (so an account's rows all land in one
    bucket, in file order), then each bucket, about one chunk in size, is yielded whole.

    ``order`` maps each account to the rank of its first row in the file, once iteration is done.
    """

    def __init__(self, path: str | Path, by: str, rows: int, folder: str | Path):
        self.path, self.by, self.rows, self.folder = Path(path), by, rows, Path(folder)
        self.order: dict[str, int] = {}

    def _buckets(self, first: RawTable) -> int:
        if SUFFIXES.get(self.path.suffix.lower()) == "parquet":
            import pyarrow.parquet as pq

            total = pq.ParquetFile(self.path).metadata.num_rows
        else:  # estimate the rows from the first chunk's characters per row
            characters = sum(int(first.frame[c].str.len().sum()) + len(first.frame) for c in first.frame.columns)
            total = self.path.stat().st_size / max(1.0, characters / max(1, len(first.frame)))
        return max(1, int(np.ceil(total / self.rows)))

    def __iter__(self) -> Iterator[RawTable]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        writers: dict[int, pq.ParquetWriter] = {}
        buckets = by_header = None
        file, label = str(self.path), "row"
        refused: list = []  # cells refused while reading, handed on with their rows
        try:
            for table in text_chunks(self.path, self.rows):
                file, label = table.file, table.row_label
                refused += table.problems
                if buckets is None:
                    buckets = self._buckets(table)
                    by_header = next(
                        h for h in table.frame.columns if vocab.normalize_word(h) == vocab.normalize_word(self.by)
                    )
                if not len(table.frame):
                    continue
                keys = table.frame[by_header].astype(str).str.strip()
                for key in pd.unique(keys.to_numpy(dtype=object)):
                    self.order.setdefault(key, len(self.order))
                bucket = pd.util.hash_array(keys.to_numpy(dtype=object)) % buckets
                frame = table.frame.assign(__row=np.asarray(table.rows, dtype=np.int64))
                for b, part in frame.groupby(bucket, sort=False):
                    arrow = pa.Table.from_pandas(part.reset_index(drop=True), preserve_index=False)
                    if b not in writers:
                        writers[b] = pq.ParquetWriter(self.folder / f"bucket-{b}.parquet", arrow.schema)
                    writers[b].write_table(arrow)
        except (StopIteration, ValueError, TypeError, pa.ArrowException):
            raise NotStreamable() from None
        finally:
            for writer in writers.values():
                writer.close()
        for b in sorted(writers):
            frame = pq.read_table(self.folder / f"bucket-{b}.parquet").to_pandas()
            (self.folder / f"bucket-{b}.parquet").unlink()
            rows = frame.pop("__row").to_numpy()
            mine = set(rows.tolist()) if refused else set()
            yield RawTable(
                file, frame.astype(str).reset_index(drop=True), rows, label, [p for p in refused if p.row in mine]
            )
