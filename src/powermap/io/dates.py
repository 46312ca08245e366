"""Dates as CRMs and spreadsheets export them, read into ISO dates, one column at a time.

Accepted: ISO dates and timestamps (``2026-11-15``, ``2026-11-15T09:30:00Z``,
``2026-11-15 09:30:00+01:00``: the date as written), slashed or dotted dates in
US order (``11/15/2026``) or day first (``15/11/2026``, ``15.11.2026``) with an
optional time, and Excel serial day numbers (``46341``).

The order of a slashed date is decided for the whole column: a first number
above 12 anywhere means day first, a second number above 12 means month first;
a column where every date reads both ways is ambiguous and the caller asks the
user (``--dayfirst`` / ``--monthfirst``).

>>> read_dates(["11/15/2026", "2026-11-02T08:00:00Z", "46341", ""]).values
['2026-11-15', '2026-11-02', '2026-11-15', '']
>>> read_dates(["03/04/2026"]).ambiguous
('03/04/2026', '2026-03-04', '2026-04-03')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = ["read_dates", "DateReading", "parse_date", "today", "EARLIEST_YEAR", "LATEST_YEAR"]

# The plausible window of every date read (Policy.earliest_year / latest_year): a last contact in 1500 or an
# as_of in 1000 is a typing slip, not a date to measure recency from.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199

# the date, then optionally a time with seconds, fraction, AM/PM and a zone (Z, +01:00, +0000, UTC): the date as written
_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp][Mm])?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$"
)
_SLASHED = re.compile(
    r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:[ ,T]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?.*)?$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 .. 2119-01-10: a five-digit number outside it is not a date


@dataclass
class DateReading:
    """What :func:`read_dates` made of a column.

    ``values``: ISO text per cell ('' for empty, the cell unchanged where it
    is not a date); ``bad``: cells that are not dates; ``ambiguous``: an
    example cell and its two readings (month first, day first) when the
    column reads both ways; ``order``: 'month first', 'day first' or None.
    """

    values: list[str]
    bad: list[int] = field(default_factory=list)
    ambiguous: tuple[str, str, str] | None = None
    order: str | None = None
    kinds: set[str] = field(default_factory=set)


def _iso(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def today() -> dt.date:
    """The date an analysis is "as of" when none is given: asked once per run, then handed on."""
    return dt.date.today()


def parse_date(text: str, years: tuple[int, int] = (EARLIEST_YEAR, LATEST_YEAR)) -> dt.date:
    """One ISO date, as written: ``2026-11-15``, ``2026/11/15`` or a timestamp with or without a zone.

    Raises ValueError for anything else, and for a date outside ``years`` (first and last, inclusive).

    >>> parse_date("2026-11-15T09:30:00Z"), parse_date("2026-11-15 23:30:00-05:00")
    (datetime.date(2026, 11, 15), datetime.date(2026, 11, 15))
    >>> parse_date("1500-01-01")
    Traceback (most recent call last):
    ...
    ValueError: 1500-01-01
    """
    match = _ISO.match(text.strip())
    value = _iso(*(int(g) for g in match.groups())) if match else None
    if value is None:
        raise ValueError(text)
    date = dt.date.fromisoformat(value)
    if not years[0] <= date.year <= years[1]:
        raise ValueError(text)
    return date


def read_dates(cells, dayfirst: bool | None = None) -> DateReading:
    """Read a column of date cells (distinct values are parsed once)."""
    cells = list(cells)
    distinct = {c.strip() for c in cells}
    slashed = {c: m.groups() for c in distinct if (m := _SLASHED.match(c))}
    order = None if dayfirst is None else ("day first" if dayfirst else "month first")
    ambiguous = None
    if slashed and order is None:
        first_big = any(int(a) > 12 for a, _, _ in slashed.values())
        second_big = any(int(b) > 12 for _, b, _ in slashed.values())
        if first_big and not second_big:
            order = "day first"
        elif second_big and not first_big:
            order = "month first"
        elif not first_big and not second_big:
            example = next((c for c, (a, b, _) in sorted(slashed.items()) if a != b), None)
            if example is None:
                order = "month first"  # every date reads the same both ways (05/05/2026)
            else:
                a, b, y = (int(x) for x in slashed[example])
                ambiguous = (example, _iso(y, a, b) or "?", _iso(y, b, a) or "?")
    parsed: dict[str, str | None] = {"": ""}
    kinds: set[str] = set()
    for cell in distinct:
        if cell == "":
            continue
        value = None
        if m := _ISO.match(cell):
            value = _iso(*(int(g) for g in m.groups()))
            kinds.add("ISO")
        elif cell in slashed:
            a, b, y = (int(x) for x in slashed[cell])
            if ambiguous is None:
                value = _iso(y, a, b) if order == "month first" else _iso(y, b, a)
            else:
                value = "?"  # decided by the user; no cell is reported as bad meanwhile
            kinds.add(order or "slashed")
        elif _SERIAL.match(cell) and SERIAL_RANGE[0] <= float(cell) <= SERIAL_RANGE[1]:
            value = (_EXCEL_EPOCH + dt.timedelta(days=int(float(cell)))).isoformat()
            kinds.add("Excel serial")
        parsed[cell] = value
    values, bad = [], []
    for i, cell in enumerate(cells):
        value = parsed[cell.strip()]
        if value is None:
            bad.append(i)
            values.append(cell)
        else:
            values.append(value if value != "?" else cell)
    return DateReading(values, bad, ambiguous, order, kinds)
