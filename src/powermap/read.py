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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .problems import InputError, Problem

__all__ = ["RawTable", "RawAccount", "read_account", "read_links", "decode_bytes", "cell_text", "frame_to_text"]

SUFFIXES = {
    ".csv": "csv", ".txt": "csv", ".tsv": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".yaml": "yaml", ".yml": "yaml",
    ".parquet": "parquet", ".pq": "parquet",
}
_CONTACT_SHEETS = ("contacts", "contact", "people", "联系人", "人员", "聯絡人")
_LINK_SHEETS = ("links", "link", "relations", "relationships", "关系", "關係")


@dataclass
class RawTable:
    """Cells as text. ``rows[i]`` is the user-visible row number of ``frame.iloc[i]``."""

    file: str
    frame: pd.DataFrame
    rows: Sequence[int]  # a list or an integer array
    row_label: str = "row"

    def problem(self, message: str, *, index: int | None = None, column: str | None = None,
                value: str | None = None) -> Problem:
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


def decode_bytes(data: bytes, file: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        return text
    raise InputError([Problem(file, "cannot read the text: expected UTF-8 (with or without BOM), "
                                    "UTF-16 with BOM, or GB18030/GBK; save the file as UTF-8 and retry")])


def _frame_from_records(records: list[list[str]], header: list[str]) -> pd.DataFrame:
    width = len(header)
    rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    return pd.DataFrame(rows, columns=range(width), dtype=object)


def _finish(file: str, header: list[str], body: pd.DataFrame, first_row: int, row_label: str = "row") -> RawTable:
    """Name the columns, drop rows that are entirely blank (keeping numbering)."""
    body = body.fillna("").astype(str)
    body.columns = [str(h).strip() for h in header]
    rows = np.arange(first_row, first_row + len(body))
    if len(body):
        blank = (body.apply(lambda col: col.str.strip()) == "").all(axis=1).to_numpy()
        if blank.any():
            body = body.loc[~blank]
            rows = rows[~blank]
    return RawTable(file, body.reset_index(drop=True), rows, row_label)


def _read_csv_text(text: str, file: str) -> RawTable:
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=lambda d: (first_line.count(d), d == ","))
    if not text.strip():
        raise InputError([Problem(file, "the file is empty: expected a header row and one row per contact")])
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str,
                            keep_default_na=False, skip_blank_lines=False, engine="c")
        values = frame.fillna("")
        header = values.iloc[0].tolist()
        body = values.iloc[1:]
    except (pd.errors.ParserError, csv.Error, ValueError):
        # Re-read with the csv module to name every malformed row, not only the first.
        try:
            records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error as exc:
            raise InputError([Problem(file, f"not a readable CSV file: {exc}")]) from None
        if not records:
            raise InputError([Problem(file, "the file is empty: expected a header row and one row per contact")]) \
                from None
        header, body_records = records[0], records[1:]
        problems = [
            Problem(file, f"this row has {len(r)} cells but the header has {len(header)} columns; "
                          "quote values that contain the delimiter", i + 2)
            for i, r in enumerate(body_records) if len(r) > len(header)
        ]
        if problems:
            raise InputError(problems) from None
        body = _frame_from_records(body_records, header)
    return _finish(file, header, body, first_row=2)


def _read_xlsx(path: Path, file: str) -> RawAccount:
    from openpyxl import load_workbook

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
            rows = [[cell_text(v) for v in row] for row in workbook[sheet_name].iter_rows(values_only=True)]
            if not rows:
                raise InputError([Problem(label, "the sheet is empty: expected a header row and one row per contact")])
            header = rows[0]
            while header and not header[-1].strip():
                header = header[:-1]
            body = [r[: len(header)] for r in rows[1:]]
            return _finish(label, header, _frame_from_records(body, header), first_row=2)

        contacts = table(contact_sheet)
        links = table(link_sheet) if link_sheet and link_sheet != contact_sheet else None
    finally:
        workbook.close()
    return RawAccount(contacts, links)


def _records_table(records: Any, file: str, what: str) -> RawTable:
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError([Problem(file, f"'{what}' must be a list of records (one mapping per {what[:-1]})")])
    header: list[str] = []
    for record in records:
        for key in record:
            if str(key) not in header:
                header.append(str(key))
    body = [[cell_text(r.get(h, r.get(_original_key(r, h)))) for h in header] for r in records]
    return _finish(file, header, _frame_from_records(body, header), first_row=1, row_label="record")


def _original_key(record: dict, text_key: str) -> Any:
    return next((k for k in record if str(k) == text_key), None)


def _read_document(data: Any, file: str) -> RawAccount:
    if isinstance(data, list):
        return RawAccount(_records_table(data, f"{file} contacts", "contacts"))
    if isinstance(data, dict) and "contacts" not in data and data.get("links"):
        empty = RawTable(f"{file} contacts", pd.DataFrame(), [], "record")
        return RawAccount(empty, _records_table(data["links"], f"{file} links", "links"))
    if not isinstance(data, dict) or "contacts" not in data:
        raise InputError([Problem(file, "expected a list of contacts, or a mapping with 'contacts' "
                                        "(and optionally 'account' and 'links')")])
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
    return _finish(file, header, frame_to_text(frame), first_row=1, row_label="record")


def read_account(path: str | Path) -> RawAccount:
    """Read a contacts file (and the links and account facts it may hold) as text cells.

    Raises
    ------
    InputError
        When the file is missing, empty, of an unknown type, or unreadable.
    """
    path = Path(path)
    file = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError([Problem(file, f"unknown file type '{path.suffix}': expected one of "
                                        ".csv, .tsv, .xlsx, .json, .yaml, .yml, .parquet")])
    if not path.is_file():
        raise InputError([Problem(file, "no such file")])
    if kind == "xlsx":
        return _read_xlsx(path, file)
    if kind == "parquet":
        return RawAccount(_read_parquet(path, file))
    text = decode_bytes(path.read_bytes(), file)
    if kind == "csv":
        return RawAccount(_read_csv_text(text, file))
    if not text.strip():
        raise InputError([Problem(file, "the file is empty: expected contacts")])
    try:
        if kind == "json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except (ValueError, RecursionError) as exc:
        raise InputError([Problem(file, f"not valid {kind.upper()}: {exc}")]) from None
    except Exception as exc:  # yaml.YAMLError and its kin
        raise InputError([Problem(file, f"not valid {kind.upper()}: {exc}")]) from None
    return _read_document(data, file)


def read_links(path: str | Path) -> RawTable:
    """Read a separate links table (CSV, XLSX, JSON, YAML or Parquet)."""
    raw = read_account(path)
    return raw.links if raw.links is not None else raw.contacts
