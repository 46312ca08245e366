"""Tables written for spreadsheets: no cell powermap writes can run as a formula.

Excel, LibreOffice and Google Sheets run a CSV or XLSX cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula (and some treat a leading tab or
carriage return the same way, and spreadsheets set for East Asian input read
the full-width ``＝``, ``＋``, ``－`` and ``＠`` as those signs): an account name such as
``=HYPERLINK("http://x.example/a","click")`` would become a live link in the
coach's spreadsheet (OWASP: CSV injection). Following OWASP's rule, every
*text* cell (and column name) that starts with one of those characters is
written with a single quote in front, which spreadsheets show as text. Numbers
stay numbers (a numeric column is written as is, and a text cell that is a
plain number such as ``-12`` or ``+3.5`` is left alone: a spreadsheet reads it
as that number, never as a formula). Parquet and JSON are not spreadsheets:
they are written exactly.

>>> neutralise("=1+1"), neutralise("@SUM(A1)"), neutralise("-12"), neutralise("Acme"), neutralise("＝1+1")
("'=1+1", "'@SUM(A1)", '-12', 'Acme', "'＝1+1")
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powermap.io.writing import atomic_path

__all__ = ["FORMULA_STARTS", "neutralise", "spreadsheet_safe", "table_path", "write_table", "TABLE_SUFFIXES"]

#: a text cell starting with one of these is prefixed with a single quote in CSV and XLSX outputs
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx")
EXCEL_MAX_ROWS = 1_048_576  # rows of an Excel sheet, the header included


def neutralise(value: Any) -> Any:
    """``value`` with a single quote in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Tuples of ids or roles as ``a;b`` text, readable in any tool."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(lambda v: isinstance(v, tuple)).any():
            out[column] = out[column].map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple) else v)
    return out


def _formula_starts(values: pd.Series) -> np.ndarray:
    """Which cells are text starting with one of :data:`FORMULA_STARTS`, over the whole column at once
    (in Arrow for a text column); a column of other values is looked at cell by cell."""
    try:
        risky = values.str.startswith(FORMULA_STARTS, na=False)
    except (AttributeError, TypeError):  # no text at all in the column (numbers, None)
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
    return np.asarray(risky, dtype=bool)


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot run as formulas (:func:`neutralise`)."""
    out = _flatten(frame)
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            risky = _formula_starts(values)
            if risky.any():
                text = values.astype(object)
                out[column] = text.where(~risky, text[risky].map(neutralise))
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("powermap")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        cells: list[object] = []
        for value in row:
            if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
                cells.append(None)
            elif isinstance(value, pd.Timestamp):
                cells.append(value.to_pydatetime())
            elif isinstance(value, str):
                # control characters cannot be stored in a workbook at all: shown as U+FFFD
                cells.append(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
            elif hasattr(value, "item"):
                cells.append(value.item())
            else:
                cells.append(value)
        sheet.append(cells)
    book.save(path)


def table_path(path: str | Path) -> Path:
    """``path`` as a Path when its suffix names a table :func:`write_table` writes, else ValueError.

    >>> table_path("accounts.txt")
    Traceback (most recent call last):
    ValueError: accounts.txt: expected a .csv, .parquet or .xlsx file name
    """
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise ValueError(f"{path}: expected a .csv, .parquet or .xlsx file name")
    return path


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` (``.csv``, ``.parquet`` or ``.xlsx``) atomically; CSV and XLSX formula-safe.

    Raises
    ------
    ValueError
        Another suffix.
    powermap.io.writing.OutputError
        The file could not be written (the previous one, if any, is unchanged).
    """
    path = table_path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx" and len(frame) >= EXCEL_MAX_ROWS:
        raise ValueError(
            f"{path}: {len(frame):,} rows do not fit an Excel sheet ({EXCEL_MAX_ROWS - 1:,} at most "
            "below the header); write .csv or .parquet instead"
        )
    with atomic_path(path) as tmp:
        if suffix == ".parquet":
            _flatten(frame).to_parquet(tmp, index=False)
        elif suffix == ".xlsx":
            _write_xlsx(spreadsheet_safe(frame), tmp)
        else:
            spreadsheet_safe(frame).to_csv(tmp, index=False, encoding="utf-8")
    return path
