"""Read files into raw tables of text: CSV, XLSX, JSON, YAML, Parquet.

Every cell comes back as text, exactly as the user wrote it (numbers from
typed formats are written back without a spurious ``.0``), with the row
number the user would see, so that validation can point at the cell. Nothing
here interprets a value; ``load`` does that.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import zipfile
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powermap.errors import InputError, Problem
from powermap.io.bounds import read_bounded
from powermap.io.encoding import decode_text

__all__ = [
    "RawTable",
    "RawAccount",
    "read_account",
    "read_links",
    "decode_bytes",
    "cell_text",
    "frame_to_text",
    "LIMITS",
    "FORCED_ENCODING",
    "finish_table",
]

# What a reader may expand, so that a small hostile file cannot take the machine's memory or time
# (docs/input.md, "Limits"). Excel's own limits where there is one.
LIMITS = {
    "cell_chars": 32_767,  # characters in one cell (Excel's own cell limit)
    "columns": 16_384,  # columns in a table (Excel's XFD)
    "xlsx_rows": 1_048_576,  # rows of a sheet (Excel's own)
    "xlsx_part_bytes": 256 * 2**20,  # one uncompressed part of a workbook (a sheet, the shared strings)
    "xlsx_total_bytes": 512 * 2**20,  # all uncompressed parts of a workbook together
    "nesting": 32,  # levels of lists/mappings inside one JSON/YAML cell
    "document_nesting": 100,  # levels of a whole JSON/YAML document
    "alias_values": 1_000_000,  # values YAML aliases (*name) may add when expanded
    "reporting_levels": 200,  # levels of one reporting line (real organisations have under 20)
    "lines": 10_000_000,  # lines of a text file read whole (a pipeline of more is read in chunks, without --store)
}

# The encoding a command was told to use (--encoding); None: decide from the bytes.
FORCED_ENCODING: ContextVar[str | None] = ContextVar("powermap_forced_encoding", default=None)

SUFFIXES = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_CONTACT_SHEETS = ("contacts", "contact", "people", "联系人", "人员", "聯絡人")
_LINK_SHEETS = ("links", "link", "relations", "relationships", "关系", "關係")


@dataclass
class RawTable:
    """Cells as text. ``rows[i]`` is the user-visible row number of ``frame.iloc[i]``."""

    file: str
    frame: pd.DataFrame
    rows: list[int] | np.ndarray  # a list or an integer array
    row_label: str = "row"
    problems: list[Problem] = field(default_factory=list)  # cells refused while reading (too long, NUL, too deep)
    notes: list[str] = field(default_factory=list)  # what the reader decided (a title block skipped)

    def problem(
        self, message: str, *, index: int | None = None, column: str | None = None, value: str | None = None
    ) -> Problem:
        row = int(self.rows[index]) if index is not None else None
        return Problem(self.file, message, row, column, value, self.row_label)


@dataclass
class RawAccount:
    """What one input file holds: contacts, optional links, optional account facts."""

    contacts: RawTable
    links: RawTable | None = None
    account: dict[str, Any] = field(default_factory=dict)


def cell_text(value: Any) -> str:
    """A cell as the text the user meant: '' for empty, 3 for 3.0, ISO dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pd.Timestamp):
        return cell_text(value.to_pydatetime())
    if isinstance(value, (list, tuple)):
        return ";".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def frame_to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A DataFrame's cells as the text the user meant, column by column (vectorised where the type allows).

    Text stays in pandas' compact string dtype: a pipeline of millions of rows fits in memory.
    """
    names = [str(c) for c in frame.columns]
    if len(set(names)) < len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise InputError(
            [
                Problem("contacts", f"the column {n!r} appears more than once: give each column its own name", column=n)
                for n in twice
            ]
        )
    out = {}
    for column in frame.columns:
        values = frame[column]
        kind = values.dtype.kind
        if kind in "iu":  # a nullable Int64 column's missing values are empty cells, not "<NA>" or NaN
            out[str(column)] = values.astype(str).where(values.notna(), "").astype(str)
        elif kind == "f":
            whole = np.isfinite(values.to_numpy(dtype=float, na_value=np.nan)) & (values == values.round()).to_numpy()
            text = values.astype(object).map(cell_text)
            text[whole] = values[whole].astype(np.int64).astype(str)
            out[str(column)] = text.astype(str)
        elif kind == "b":
            out[str(column)] = pd.Series(np.where(values, "true", "false"), index=values.index, dtype=str)
        elif kind == "M":
            out[str(column)] = values.map(cell_text).astype(str)
        elif (inferred := pd.api.types.infer_dtype(values, skipna=True)) in ("string", "empty"):
            out[str(column)] = values.fillna("").astype(str)
        elif inferred in ("integer", "mixed-integer"):  # ints, often mixed with "" for unknown
            out[str(column)] = values.astype(str).where(values.notna(), "").astype(str)
        else:
            out[str(column)] = values.astype(object).map(cell_text).astype(str)
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def decode_bytes(data: bytes, file: str, encoding: str | None = None) -> str:
    """Decode a text file: a BOM, else UTF-8, else GB18030 or Windows-1252 by evidence (:mod:`powermap.io.encoding`)."""
    return decode_text(data, file, encoding if encoding is not None else FORCED_ENCODING.get())


def _frame_from_records(records: list[list[str]], header: list[str]) -> pd.DataFrame:
    width = len(header)
    rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    return pd.DataFrame(rows, columns=range(width), dtype=object)


def _column_name(position: int) -> str:
    """A 0-based column position as the user sees it: 3 (C)."""
    letters, n = "", position + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{position + 1} ({letters})"


def _check_header(file: str, header: list[str], body: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """Refuse too many columns and two columns of one name; drop nameless columns that hold nothing."""
    if len(header) > LIMITS["columns"]:
        raise InputError(
            [Problem(file, f"{len(header):,} columns: at most {LIMITS['columns']:,} are read (Excel's own limit)")]
        )
    nameless = [i for i, h in enumerate(header) if h == ""]
    if nameless:
        empty = [i for i in nameless if not (body.iloc[:, i].astype(str).str.strip() != "").any()]
        if empty:
            keep = [i for i in range(len(header)) if i not in set(empty)]
            header = [header[i] for i in keep]
            body = body.iloc[:, keep]
    seen: dict[str, int] = {}
    problems = []
    for i, h in enumerate(header):
        if h in seen:
            what = f"are both named '{h}'" if h else "have no name but hold values"
            problems.append(
                Problem(
                    file,
                    f"columns {_column_name(seen[h])} and {_column_name(i)} {what}: "
                    "give each column its own name (both are kept, so both need one)",
                    column=h or None,
                )
            )
        else:
            seen[h] = i
    if problems:
        raise InputError(problems)
    return header, body


def _check_cells(table: RawTable) -> RawTable:
    """Cells over the size limit or holding NUL become problems of their row (the cell keeps a short excerpt).

    Checked over all cells at once (C-speed ``len`` and ``in``), so a table of
    10,000 columns costs what 10,000 rows do; only a table with such a cell
    is looked at cell by cell.
    """
    frame = table.frame
    if frame.empty:
        return table
    if all(isinstance(kind, pd.StringDtype) for kind in frame.dtypes):  # column by column in Arrow: nothing boxed
        too_long, has_nul = _arrow_cells_suspect(frame)
        flat = None
    else:
        flat = frame.to_numpy(dtype=object).ravel()
        too_long = max(map(len, flat)) > LIMITS["cell_chars"]
        has_nul = "\x00" in "".join(flat)
    if not (too_long or has_nul):
        return table
    if flat is None:
        flat = frame.to_numpy(dtype=object).ravel()
    width = frame.shape[1]
    for k, text in enumerate(flat):
        if len(text) > LIMITS["cell_chars"]:
            message = (
                f"a cell of {len(text):,} characters: at most {LIMITS['cell_chars']:,} are read "
                "(Excel's own cell limit)"
            )
        elif "\x00" in text:
            message = "a NUL character in the cell: expected text"
        else:
            continue
        i, j = divmod(k, width)
        shown = text[:40].replace("\x00", "") + ("..." if len(text) > 40 else "")
        table.problems.append(table.problem(message, index=int(i), column=frame.columns[j], value=shown))
        frame.iat[i, j] = shown  # the row is refused anyway; this keeps checks after it from piling up
    return table


def _arrow_cells_suspect(frame: pd.DataFrame) -> tuple[bool, bool]:
    """Whether any cell of a frame of string columns may be over the size limit or hold NUL.

    Read off the Arrow buffers without looking at a cell: a cell has no more characters than bytes, and a NUL
    byte is a NUL character in UTF-8. A buffer shared with a larger table may hold bytes outside this frame, so
    a True is checked cell by cell; a False is certain.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    too_long = has_nul = False
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j].array
        arrow = column.__arrow_array__() if hasattr(column, "__arrow_array__") else pa.chunked_array([pa.array(column)])
        if isinstance(arrow, pa.Array):
            arrow = pa.chunked_array([arrow])
        longest = pc.max(pc.binary_length(arrow)).as_py()
        too_long = too_long or (longest or 0) > LIMITS["cell_chars"]
        for chunk in arrow.chunks:
            data = chunk.buffers()[-1]
            if data is not None and data.size and not np.frombuffer(data, dtype=np.uint8).all():
                has_nul = True
        if too_long and has_nul:
            break
    return too_long, has_nul


def _blank_rows(body: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty or spaces; only rows with an empty first cell are looked at whole."""
    if body.shape[1] == 0:
        return np.ones(len(body), dtype=bool)
    first = body.iloc[:, 0].to_numpy(dtype=object)
    blank = np.fromiter((not v.strip() for v in first), dtype=bool, count=len(first))
    for i in np.flatnonzero(blank):
        blank[i] = not any(v.strip() for v in body.iloc[i].to_numpy(dtype=object))
    return blank


def finish_table(
    file: str,
    header: list[str],
    body: pd.DataFrame,
    first_row: int,
    row_label: str = "row",
    rows: Sequence[int] | None = None,
) -> RawTable:
    """Name the columns, drop rows that are entirely blank (keeping numbering), refuse cells over the limits.

    Every reader ends here: the cells become text ('' for empty), and each row keeps the number the
    user sees (``first_row`` on, or ``rows``). A body of text columns without missing cells (as pyarrow's
    readers give it) is kept as it is, in columns; any other body is made text cell by cell.

    Examples
    --------
    >>> table = finish_table("f.csv", ["id", " name "], pd.DataFrame([["a1", "Ana"], ["", " "], ["b2", "Bo"]]), 2)
    >>> list(table.frame.columns), [int(r) for r in table.rows]
    (['id', 'name'], [2, 4])
    """
    header = [str(h).strip() for h in header]
    header, body = _check_header(file, header, body)
    if all(isinstance(kind, pd.StringDtype) for kind in body.dtypes) and not body.isna().to_numpy().any():
        body = body.set_axis(header, axis=1).reset_index(drop=True)
    else:
        body = _text_cells(body, header)
    numbers = np.arange(first_row, first_row + len(body)) if rows is None else np.asarray(rows)
    if len(body):
        blank = _blank_rows(body)
        if blank.any():
            body = body.loc[~blank]
            numbers = numbers[~blank]
    return _check_cells(RawTable(file, body.reset_index(drop=True), numbers, row_label))


def _text_cells(body: pd.DataFrame, header: list[str]) -> pd.DataFrame:
    """Every cell as text ('' for a missing one), in one object block: linear in columns too."""
    cells = body.to_numpy(dtype=object, copy=True)
    flat = cells.reshape(-1)
    for k in np.flatnonzero(np.fromiter((type(v) is not str for v in flat), dtype=bool, count=flat.size)):
        value = flat[k]
        flat[k] = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return pd.DataFrame(cells, columns=header, dtype=object)


def _giant_field(text: str, delimiter: str) -> int | None:
    """Where a field far over the cell limit starts, found before any parser copies it, or None.

    Any field of at least twice the limit holds a whole aligned window of the
    limit's size without a delimiter or a line break; windows are checked with
    C-speed ``in``, so this costs about a copy of the text. Shorter oversized
    cells are caught after parsing, with their row and column.
    """
    size = LIMITS["cell_chars"] + 1
    if len(text) < 2 * size:
        return None
    for start in range(0, len(text) - size + 1, size):
        window = text[start : start + size]
        if delimiter not in window and "\n" not in window:
            return start
    return None


def title_block(records: Sequence[Sequence[str]], look: int = 30) -> int:
    """How many rows above the header a report's title block takes (0: the first row is the header).

    A title block (sheet name, opportunity, date) is rows of at most two filled cells; the header is
    the first row below them with at least three filled cells, as wide as most rows after it.

    >>> title_block([["Blue Sheet"], ["Opportunity: Plant 4"], [], ["Name", "Role", "Rating"], ["A", "B", "+2"]])
    3
    >>> title_block([["id", "name"], ["1", "Ann"]])
    0
    """
    head = [list(r) for r in records[:look]]
    filled = [sum(1 for c in r if str(c).strip()) for r in head]
    for k, count in enumerate(filled):
        if count >= 3:
            if k == 0:
                return 0
            below = [sum(1 for c in r if str(c).strip()) for r in head[k + 1 : k + 6]]
            return k if below and max(below) <= count and max(below) >= 3 else 0
        if count > 2:
            return 0
    return 0


def _read_csv_text(text: str, file: str) -> RawTable:
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=lambda d: (first_line.count(d), d == ","))
    if not text.strip():
        raise InputError([Problem(file, "the file is empty: expected a header row and one row per contact")])
    giant = _giant_field(text, delimiter)
    if giant is not None:
        line = text.count("\n", 0, giant) + 1
        raise InputError(
            [
                Problem(
                    file,
                    f"a field of more than {LIMITS['cell_chars']:,} characters: at most "
                    f"{LIMITS['cell_chars']:,} are read in a cell (Excel's own cell limit)",
                    line,
                    None,
                    None,
                    "line",
                )
            ]
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
        values = frame.to_numpy(dtype=object)  # one block: per-column work would make wide tables slow
        values[pd.isna(values)] = ""
        skip = title_block(values[:30].tolist()) if len(values) > 1 and not "".join(values[0][1:3]) else 0
        header = values[skip].tolist()
        body = pd.DataFrame(values[skip + 1 :], dtype=object)
    except (pd.errors.ParserError, csv.Error, ValueError):
        # Re-read with the csv module to name every malformed row, not only the first.
        try:
            records, starts = _csv_records(text, delimiter)
        except csv.Error as exc:
            raise InputError([Problem(file, f"not a readable CSV file: {exc}")]) from None
        if records and _open_quote(text, starts[-1], delimiter):
            raise InputError(
                [
                    Problem(
                        file,
                        "a quote opens in this row and is never closed, so every later line would be read into "
                        "one cell: close the quote (or remove it)",
                        len(records),
                    )
                ]
            ) from None
        if not records:
            raise InputError(
                [Problem(file, "the file is empty: expected a header row and one row per contact")]
            ) from None
        skip = title_block(records)
        header, body_records = records[skip], records[skip + 1 :]
        problems = [
            Problem(
                file,
                f"this row has {len(r)} cells but the header has {len(header)} columns; "
                "quote values that contain the delimiter",
                i + skip + 2,
            )
            for i, r in enumerate(body_records)
            if len(r) > len(header)
        ]
        if problems:
            raise InputError(problems) from None
        body = _frame_from_records(body_records, header)
    table = finish_table(file, header, body, first_row=skip + 2)
    if skip:
        table.notes.append(f"{skip} row(s) of a title block above the header skipped: the header is row {skip + 1}")
    return table


def _csv_records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """The records of a CSV text as the csv module reads them (leniently), and the line each starts on."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[list[str]] = []
    starts: list[int] = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return records, starts
        records.append(record)
        starts.append(start)


def _open_quote(text: str, line: int, delimiter: str) -> bool:
    """Whether the record starting on ``line`` (the last one) ends inside a quote that never closes."""
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    try:
        for _ in csv.reader(io.StringIO(text[at:]), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _check_zip(path: Path, file: str) -> None:
    """Refuse a workbook whose parts would expand beyond the limits, before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError([Problem(file, f"not a readable Excel workbook ({type(exc).__name__}: {exc})")]) from None
    for part in parts:
        if part.file_size > LIMITS["xlsx_part_bytes"]:
            raise InputError(
                [
                    Problem(
                        file,
                        f"part '{part.filename}' of the workbook expands to {part.file_size:,} "
                        f"bytes: at most {LIMITS['xlsx_part_bytes']:,} are read; save large "
                        "tables as CSV or Parquet",
                    )
                ]
            )
    total = sum(part.file_size for part in parts)
    if total > LIMITS["xlsx_total_bytes"]:
        raise InputError(
            [
                Problem(
                    file,
                    f"the workbook expands to {total:,} bytes: at most "
                    f"{LIMITS['xlsx_total_bytes']:,} are read; save large tables as CSV or "
                    "Parquet",
                )
            ]
        )


def _sheet_rows(workbook: Any, sheet_name: str, label: str) -> tuple[list[int], list[list[str]]]:
    """The rows that hold something, with their sheet row numbers, read lazily.

    The sheet's own claim of its size (``<dimension ref="A1:XFD1048576">``) is
    ignored: only cells present in the file are read, so an empty sheet that
    claims a million rows costs nothing.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = workbook[sheet_name]
    numbers: list[int] = []
    rows: list[list[str]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = {c["column"]: c["value"] for c in cells if c["value"] is not None and c["value"] != ""}
            if not values:
                continue
            if number > LIMITS["xlsx_rows"] or len(numbers) >= LIMITS["xlsx_rows"]:
                raise InputError(
                    [
                        Problem(
                            label,
                            f"more than {LIMITS['xlsx_rows']:,} rows: at most that many are "
                            "read (Excel's own limit); save large tables as CSV or Parquet",
                            row=number,
                        )
                    ]
                )
            width = max(values)
            if width > LIMITS["columns"]:
                raise InputError(
                    [
                        Problem(
                            label,
                            f"a cell in column {width:,}: at most {LIMITS['columns']:,} "
                            "columns are read (Excel's own limit)",
                            row=number,
                        )
                    ]
                )
            row = [""] * width
            for column, value in values.items():
                if isinstance(value, str) and len(value) > LIMITS["cell_chars"]:
                    row[column - 1] = value  # reported with its row and column by _check_cells
                else:
                    row[column - 1] = cell_text(value)
            numbers.append(number)
            rows.append(row)
    return numbers, rows


def _read_xlsx(path: Path, file: str) -> RawAccount:
    from openpyxl import load_workbook

    _check_zip(path, file)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError([Problem(file, f"not a readable Excel workbook ({type(exc).__name__}: {exc})")]) from None
    try:
        sheets = {name.strip().casefold(): name for name in workbook.sheetnames}
        contact_sheet = next((sheets[s] for s in _CONTACT_SHEETS if s in sheets), workbook.sheetnames[0])
        link_sheet = next((sheets[s] for s in _LINK_SHEETS if s in sheets), None)

        def table(sheet_name: str) -> RawTable:
            label = f"{file} [{sheet_name}]"
            try:
                numbers, rows = _sheet_rows(workbook, sheet_name, label)
            except InputError:
                raise
            except Exception as exc:  # a damaged sheet part
                raise InputError([Problem(label, f"not a readable sheet ({type(exc).__name__}: {exc})")]) from None
            if not rows:
                raise InputError([Problem(label, "the sheet is empty: expected a header row and one row per contact")])
            header = rows[0]
            while header and not header[-1].strip():
                header = header[:-1]
            body = [r[: len(header)] for r in rows[1:]]
            return finish_table(label, header, _frame_from_records(body, header), first_row=2, rows=numbers[1:])

        contacts = table(contact_sheet)
        links = table(link_sheet) if link_sheet and link_sheet != contact_sheet else None
    finally:
        workbook.close()
    return RawAccount(contacts, links)


def _nesting(value: Any, limit: int) -> int:
    """How deep lists and mappings nest in ``value``, counted without recursion, stopping past ``limit``."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, tuple, dict)):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            stack.extend((v, depth) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _records_table(records: Any, file: str, what: str) -> RawTable:
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError([Problem(file, f"'{what}' must be a list of records (one mapping per {what[:-1]})")])
    header: list[str] = []
    seen: set[str] = set()
    for record in records:
        for key in record:
            if str(key) not in seen:
                seen.add(str(key))
                header.append(str(key))
    deep: list[tuple[int, str, int]] = []
    body = []
    for n, record in enumerate(records):
        keys = {str(k): k for k in record}
        row = []
        for h in header:
            value = record.get(keys[h]) if h in keys else None
            if isinstance(value, (list, dict)) and (depth := _nesting(value, LIMITS["nesting"])) > LIMITS["nesting"]:
                deep.append((n, h, depth))
                value = None
            row.append(cell_text(value))
        body.append(row)
    table = finish_table(file, header, _frame_from_records(body, header), first_row=1, row_label="record")
    for n, h, _depth in deep:
        table.problems.append(
            Problem(
                file,
                f"the value is nested more than {LIMITS['nesting']} levels deep: "
                "expected text, a number or a short list",
                n + 1,
                h,
                None,
                "record",
            )
        )
    return table


def _read_document(data: Any, file: str) -> RawAccount:
    if isinstance(data, list):
        return RawAccount(_records_table(data, f"{file} contacts", "contacts"))
    if isinstance(data, dict) and "contacts" not in data and data.get("links"):
        empty = RawTable(f"{file} contacts", pd.DataFrame(), [], "record")
        return RawAccount(empty, _records_table(data["links"], f"{file} links", "links"))
    if not isinstance(data, dict) or "contacts" not in data:
        raise InputError(
            [
                Problem(
                    file,
                    "expected a list of contacts, or a mapping with 'contacts' (and optionally 'account' and 'links')",
                )
            ]
        )
    contacts = _records_table(data["contacts"], f"{file} contacts", "contacts")
    links = _records_table(data["links"], f"{file} links", "links") if data.get("links") else None
    account = data.get("account") or {}
    if not isinstance(account, dict):
        raise InputError([Problem(file, "'account' must be a mapping of name, stage, technicality, as_of")])
    return RawAccount(contacts, links, {str(k): v for k, v in account.items()})


def _read_parquet(path: Path, file: str) -> RawTable:
    import pyarrow.parquet as pq

    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as exc:  # pyarrow's errors for a damaged file vary by version
        raise InputError([Problem(file, f"not a readable Parquet file ({type(exc).__name__}: {exc})")]) from None
    header = [str(c) for c in frame.columns]
    return finish_table(file, header, frame_to_text(frame), first_row=1, row_label="record")


def load_yaml(text: str, file: str) -> Any:
    """``yaml.safe_load`` with bounds: aliases may not expand beyond ``LIMITS["alias_values"]`` values nor
    refer to the value that holds them, nesting stops at ``LIMITS["document_nesting"]``, and no ``!!python``
    tag is read (no file powermap reads may run code).

    Examples
    --------
    >>> load_yaml("account: Hartwell\\nstage: 3", "deal.yaml")
    {'account': 'Hartwell', 'stage': 3}
    """
    import yaml

    def refuse(mark: Any, message: str) -> InputError:
        line = mark.line + 1 if mark is not None else None
        return InputError([Problem(file, message, line, None, None, "line")])

    def size(node: Any, memo: dict[int, int]) -> int:
        if id(node) not in memo:
            if isinstance(node, yaml.SequenceNode):
                memo[id(node)] = 1 + sum(size(child, memo) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                memo[id(node)] = 1 + sum(size(k, memo) + size(v, memo) for k, v in node.value)
            else:
                memo[id(node)] = 1
        return memo[id(node)]

    class BoundedLoader(yaml.SafeLoader):
        def __init__(self, stream: str):
            super().__init__(stream)
            self.depth, self.added = 0, 0
            self.open: set[str] = set()
            self.sizes: dict[int, int] = {}

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent):
                if event.anchor in self.open:
                    raise refuse(
                        event.start_mark,
                        f"the alias *{event.anchor} refers to the value that holds it (a loop): expected plain data",
                    )
                target = self.anchors.get(event.anchor)
                if target is not None:
                    self.added += size(target, self.sizes)
                    if self.added > LIMITS["alias_values"]:
                        raise refuse(
                            event.start_mark,
                            f"aliases (*name) expand to more than "
                            f"{LIMITS['alias_values']:,} values: at most that many are "
                            "read (an alias bomb?)",
                        )
                return super().compose_node(parent, index)
            tag = getattr(event, "tag", None) or ""
            if tag.startswith("tag:yaml.org,2002:python/") or tag.startswith("!python"):
                raise refuse(
                    event.start_mark, f"the tag {tag!r} asks to run Python code: powermap reads plain data only"
                )
            if self.depth >= LIMITS["document_nesting"]:
                raise refuse(
                    event.start_mark,
                    f"nested deeper than {LIMITS['document_nesting']} levels: at most that many are read",
                )
            anchor = getattr(event, "anchor", None)
            self.depth += 1
            if anchor:
                self.open.add(anchor)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
                self.open.discard(anchor)

    loader = BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_account(path: str | Path, encoding: str | None = None) -> RawAccount:
    """Read a contacts file (and the links and account facts it may hold) as text cells.

    ``encoding`` forces the encoding of a text file (CSV, JSON, YAML); by
    default it is decided from the bytes (:mod:`powermap.io.encoding`). Every
    reader is bounded by :data:`LIMITS`.

    Raises
    ------
    InputError
        When the file is missing, empty, of an unknown type, or unreadable.
    """
    path = Path(path)
    file = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            [
                Problem(
                    file,
                    f"unknown file type '{path.suffix}': expected one of "
                    ".csv, .tsv, .xlsx, .json, .yaml, .yml, .parquet",
                )
            ]
        )
    if not path.is_file():
        raise InputError([Problem(file, "no such file")])
    if kind == "xlsx":
        return _read_xlsx(path, file)
    if kind == "parquet":
        return RawAccount(_read_parquet(path, file))
    forced = encoding if encoding is not None else FORCED_ENCODING.get()
    wide = forced is not None and forced.replace("_", "-").lower().startswith(("utf-16", "utf-32", "utf16", "utf32"))
    # NUL bytes, giant fields and too many lines are refused block by block, before the whole file is in memory
    data = (
        path.read_bytes()
        if wide
        else read_bounded(
            path,
            file,
            b",;\t" if kind == "csv" else None,
            LIMITS["cell_chars"],
            LIMITS["lines"],
            "; `powermap portfolio` without --store reads a larger CSV or Parquet pipeline in chunks",
        )
    )
    text = decode_bytes(data, file, encoding)
    if kind == "csv":
        return RawAccount(_read_csv_text(text, file))
    if not text.strip():
        raise InputError([Problem(file, "the file is empty: expected contacts")])
    try:
        data = json.loads(text) if kind == "json" else load_yaml(text, file)
    except InputError:
        raise
    except RecursionError:
        raise InputError(
            [Problem(file, f"not valid {kind.upper()}: nested deeper than {LIMITS['document_nesting']} levels")]
        ) from None
    except ValueError as exc:
        raise InputError([Problem(file, f"not valid {kind.upper()}: {exc}")]) from None
    except Exception as exc:  # yaml.YAMLError and its kin
        raise InputError([Problem(file, f"not valid {kind.upper()}: {exc}")]) from None
    if _nesting(data, LIMITS["document_nesting"]) > LIMITS["document_nesting"]:
        raise InputError(
            [Problem(file, f"not valid {kind.upper()}: nested deeper than {LIMITS['document_nesting']} levels")]
        )
    return _read_document(data, file)


def read_links(path: str | Path, encoding: str | None = None) -> RawTable:
    """Read a separate links table (CSV, XLSX, JSON, YAML or Parquet)."""
    raw = read_account(path, encoding)
    return raw.links if raw.links is not None else raw.contacts
