"""A pipeline's tables written as its chunks come back, so that memory stays flat however many accounts it has.

CSV tables are appended chunk by chunk, in order, to a temporary file beside the target that replaces it in
one rename when the run ends (a failed run leaves any earlier file whole): the bytes are those of the whole
table written at once by :func:`powermap.io.sheets.write_table` (formula guard included). Parquet and XLSX
tables are written whole at the end, from the chunks kept for them (an XLSX sheet holds a million rows at
most anyway).

>>> import tempfile, pathlib
>>> import pandas as pd
>>> from types import SimpleNamespace
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> def tables(parts):
...     rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["account", "risk"])
...     return SimpleNamespace(accounts=rows, contacts=rows.iloc[:0], gaps=rows.iloc[:0])
>>> stream = TableStream({"accounts": folder / "accounts.csv"}, tables)
>>> len(stream.add(pd.DataFrame({"account": ["A", "B"], "risk": ["low", "=high"]})).accounts)
2
>>> len(stream.add(pd.DataFrame({"account": ["C"], "risk": ["medium"]})).accounts)
1
>>> [p.name for p in stream.finish()]
['accounts.csv']
>>> print((folder / "accounts.csv").read_text(), end="")
account,risk
A,low
B,'=high
C,medium
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from powermap.io.sheets import spreadsheet_safe, table_path, write_table
from powermap.io.writing import OutputError, atomic_path

__all__ = ["TABLES", "TableStream"]

TABLES = ("accounts", "contacts", "gaps", "plans")  # the tables a pipeline run writes, in the order it writes them


class TableStream:
    """Write a pipeline's tables part by part.

    Parameters
    ----------
    targets : dict
        Where to write each of ``accounts``, ``contacts``, ``gaps`` and ``plans`` (None or absent: not written). Every
        suffix is checked here, before anything is read or written.
    tables : callable
        ``tables(parts)`` gives the tables of a list of parts as attributes ``accounts``, ``contacts``, ``gaps``
        and ``plans`` (DataFrames): the tables of all parts must be those of each part, one after the other.

    Raises
    ------
    ValueError
        A suffix other than ``.csv``, ``.xlsx`` or ``.parquet``.
    """

    def __init__(self, targets: Mapping[str, str | Path | None], tables: Callable[[list[Any]], Any]) -> None:
        self.targets = {name: table_path(path) for name, path in targets.items() if path is not None}
        self.tables = tables
        self.kept: list[Any] = []  # the parts kept for the tables written whole at the end
        self.empty: Any = None  # the first scored part's tables, no rows: the header of a table no part added to
        self.started: set[str] = set()
        self.stack = ExitStack()
        self.handles = {}
        try:
            for name, path in self.targets.items():
                if path.suffix.lower() == ".csv":
                    temporary = self.stack.enter_context(atomic_path(path))
                    self.handles[name] = self.stack.enter_context(open(temporary, "w", encoding="utf-8", newline=""))
        except BaseException:
            self.stack.close()
            raise

    def add(self, part: Any) -> Any:
        """Write one part's rows (CSV) or keep the part (other formats); the part's tables (``tables([part])``)."""
        tables = self.tables([part])
        for name, handle in self.handles.items():
            frame = getattr(tables, name)
            if len(frame):
                try:
                    spreadsheet_safe(frame).to_csv(handle, header=name not in self.started, index=False)
                except OSError as exc:  # a full disk, a lost device: said with the path, as every writer says it
                    raise OutputError(self.targets[name], "failed", why=exc.strerror or str(exc)) from None
                self.started.add(name)
        if len(tables.accounts) and self.empty is None:
            self.empty = self.tables([part])
        if len(self.handles) < len(self.targets):
            self.kept.append(part)
        return tables

    def finish(self) -> list[Path]:
        """Complete every file; the files written, in the order accounts, contacts, gaps, plans."""
        try:
            empty = self.empty if self.empty is not None else self.tables([])
            for name, handle in self.handles.items():
                if name not in self.started:  # no row at all: the header the whole table would have
                    spreadsheet_safe(getattr(empty, name).iloc[:0]).to_csv(handle, index=False)
        except OSError as exc:
            self.abort()
            raise OutputError(self.targets[name], "failed", why=exc.strerror or str(exc)) from None
        except BaseException:
            self.abort()
            raise
        self.stack.close()  # the CSV files take their names
        whole = self.tables(self.kept) if len(self.handles) < len(self.targets) else None
        for name, path in self.targets.items():
            if name not in self.handles:
                write_table(getattr(whole, name), path)
        return [self.targets[name] for name in TABLES if name in self.targets]

    def abort(self) -> None:
        """Leave every target as it was: the temporary files are removed (a failed run, or a file that
        must be read another way)."""
        import sys

        try:
            raise _Discarded
        except _Discarded:
            self.stack.__exit__(*sys.exc_info())


class _Discarded(Exception):
    """Raised inside :meth:`TableStream.abort` only, so that the atomic writes remove their temporary files."""
