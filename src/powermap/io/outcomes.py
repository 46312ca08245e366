"""Outcomes of closed deals: one row per account, won or lost, read and validated for ``powermap learn``.

An outcomes table has the account column (the pipeline's ``--by``) and a
``won`` column (aliases: ``outcome``, ``result``, ``status``, ``win/loss``,
结果, 赢单, 输赢 ...). Its values are read with :data:`powermap.vocab.OUTCOMES`:
``1``/``0``, ``true``/``false``, ``yes``/``no``, ``won``/``lost``,
``win``/``loss``, ``Closed Won``/``Closed Lost``, 赢单/丢单, 赢/输, 中标/落标.
Every problem is reported at once with file, row, column and value.

>>> import pandas as pd
>>> read_outcomes(pd.DataFrame({"account": ["A", "B"], "result": ["Closed Won", "丢单"]}), by="account").to_dict()
{'A': 1, 'B': 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from powermap import vocab
from powermap.errors import InputError, Problem
from powermap.io.read import RawTable, frame_to_text, read_account

__all__ = ["WON_HEADERS", "read_outcomes"]

WON_HEADERS: tuple[str, ...] = (
    "won",
    "win",
    "is won",
    "outcome",
    "result",
    "status",
    "win/loss",
    "won/lost",
    "win loss",
    "deal outcome",
    "closed won",
    "结果",
    "赢单",
    "输赢",
    "赢输",
    "成交",
    "结局",
    "結果",
    "贏單",
    "輸贏",
)
_EXPECTED = "won/lost, 1/0, true/false, yes/no, win/loss, Closed Won/Closed Lost, 赢单/丢单, 赢/输"


def _find(frame: pd.DataFrame, names: tuple[str, ...] | list[str]) -> str | None:
    wanted = [vocab.normalize_word(n) for n in names]
    by_key = {vocab.normalize_word(h): h for h in reversed(list(frame.columns))}
    return next((by_key[w] for w in wanted if w in by_key), None)


def _raw(source: Any, by: str) -> RawTable:
    if isinstance(source, RawTable):
        return source
    if isinstance(source, (str, Path)):
        return read_account(source).contacts
    if isinstance(source, pd.Series):
        source = pd.DataFrame({by: source.index.astype(str), "won": source.to_numpy()})
    elif isinstance(source, Mapping):
        source = pd.DataFrame({by: [str(k) for k in source], "won": list(source.values())})
    if not isinstance(source, pd.DataFrame):
        raise TypeError(
            f"outcomes: expected a file path, a DataFrame, a Series or a mapping, not {type(source).__name__}"
        )
    return RawTable("outcomes", frame_to_text(source), list(range(2, len(source) + 2)))


def read_outcomes(source: Any, by: str) -> pd.Series:
    """Read closed deals' outcomes: a Series of 1 (won) / 0 (lost), indexed by account, one entry per account.

    Parameters
    ----------
    source : path, DataFrame, Series or mapping
        A file (CSV, XLSX, JSON, YAML or Parquet, read as ``powermap`` reads
        contacts, encodings included), a table with the ``by`` and ``won``
        columns, or account -> outcome.
    by : str
        The account column, as in the pipeline table.

    Returns
    -------
    Series of int, named ``won``, indexed by the account as text. An account
    listed twice with the same outcome counts once.

    Raises
    ------
    InputError
        Every problem at once: a missing column, an empty or unknown value
        (with a "did you mean"), an empty account, an account listed as both
        won and lost.
    """
    raw = _raw(source, by)
    frame = raw.frame
    problems: list[Problem] = []
    by_header = _find(frame, [by])
    won_header = _find(frame, [h for h in WON_HEADERS if vocab.normalize_word(h) != vocab.normalize_word(by)])
    found = ", ".join(repr(str(c)) for c in frame.columns) or "none"
    if by_header is None:
        from powermap.io.validate import column_hint

        problems.append(
            Problem(
                raw.file,
                f"no column {by!r} naming the account (the pipeline's --by column)"
                f"{column_hint(by, frame.columns)}; found columns: {found}",
            )
        )
    if won_header is None:
        problems.append(
            Problem(
                raw.file,
                "no outcome column: expected 'won' (or outcome, result, status, "
                f"win/loss, 结果, 赢单) holding {_EXPECTED}; found columns: {found}",
            )
        )
    if problems:
        raise InputError(problems)
    accounts = frame[by_header].astype(str).str.strip()
    values = frame[won_header].astype(str).str.strip()
    parsed = [vocab.OUTCOMES.lookup(v) for v in values]
    for i in range(len(frame)):
        account, value = accounts.iat[i], values.iat[i]
        if not account:
            problems.append(
                raw.problem(f"no account named: every outcome row needs its {by!r}", index=i, column=by_header)
            )
        if not value:
            problems.append(
                raw.problem(
                    f"no outcome for account {account!r}: expected {_EXPECTED}; leave deals "
                    "that are still open out of this file (score them with "
                    "`powermap portfolio --model`)",
                    index=i,
                    column=won_header,
                )
            )
        elif parsed[i] is None:
            hint = vocab.OUTCOMES.suggest(value)
            problems.append(
                raw.problem(
                    f"unknown outcome{f' (did you mean {hint!r}?)' if hint else ''}: expected {_EXPECTED}",
                    index=i,
                    column=won_header,
                    value=value,
                )
            )
    seen: dict[str, tuple[int, int]] = {}
    for i in range(len(frame)):
        account, outcome = accounts.iat[i], parsed[i]
        if not account or outcome is None:
            continue
        if account in seen and seen[account][1] != outcome:
            first_row = raw.rows[seen[account][0]]
            word = {1: "won", 0: "lost"}
            problems.append(
                raw.problem(
                    f"account {account!r} is {word[outcome]} here but {word[seen[account][1]]} on row {first_row}: "
                    "give each closed account one outcome",
                    index=i,
                    column=by_header,
                    value=account,
                )
            )
        seen.setdefault(account, (i, outcome))
    if problems:
        raise InputError(problems)
    return pd.Series({account: int(outcome) for account, (_, outcome) in seen.items()}, name="won", dtype=int)
