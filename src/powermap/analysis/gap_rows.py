"""The gap table built as columns: every gap's fields gathered into arrays at once, sorted by one ``lexsort``.

The rules (:mod:`powermap.analysis.gaps`) find raw gaps; this module turns them into the analysis's gap table,
one row per gap, ordered by account, severity and the contract's code order, without a Python tuple per row.
"""

from __future__ import annotations

from itertools import chain, islice
from operator import attrgetter

import numpy as np
import pandas as pd

from powermap.analysis.gaps import CODES, SEVERITIES, SUBJECT, RawGap

__all__ = ["GAP_COLUMNS", "gap_table", "codes_per_account"]

GAP_COLUMNS = ["account", "code", "severity", "role", "condition", "contacts", "message", "advice", "deal_killer"]

_CODE_RANK = {c: i for i, c in enumerate(CODES)}
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_SUBJECT_AT = np.array([SUBJECT.get(c, -1) for c in CODES], dtype=np.int64)  # per code rank


def gap_table(
    found: list[RawGap], ids: np.ndarray, eff: np.ndarray, opposed: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """The gap table of raw gaps (account codes, no words) and the order its rows take from ``found``.

    Rows are sorted by account code, then severity (:data:`~powermap.analysis.gaps.SEVERITIES`), then
    code (:data:`~powermap.analysis.gaps.CODES`), the rules' order kept on ties. ``contacts`` holds each
    gap's people as a tuple of ids; ``message`` and ``advice`` are None. The extra column ``weight`` is the
    effective influence of the person a gap is about (:data:`~powermap.analysis.gaps.SUBJECT`), an opponent
    counting double, 0.0 for a gap about nobody in particular.

    Parameters
    ----------
    found : list of RawGap
        As :func:`powermap.analysis.gaps.find_gaps` returns them.
    ids : ndarray
        Each position's contact id.
    eff, opposed : ndarray
        Each position's effective influence and whether they oppose us.

    Returns
    -------
    tuple of (DataFrame, ndarray)
        The table (:data:`GAP_COLUMNS` and ``weight``) and, for each of its rows, the index in ``found``.

    Examples
    --------
    >>> gaps = [RawGap(1, "veto-risk", "high", [2]), RawGap(0, "stage-readiness", "medium", [0, 1]),
    ...         RawGap(0, "missing-role", "high", [], role="handler")]
    >>> table, order = gap_table(gaps, np.array(["a", "b", "c"], dtype=object), np.array([0.5, 1.0, 2.0]),
    ...                          np.array([False, False, True]))
    >>> table[["account", "code", "contacts", "weight"]].values.tolist()
    [[0, 'missing-role', (), 0.0], [0, 'stage-readiness', ('a', 'b'), 0.0], [1, 'veto-risk', ('c',), 4.0]]
    >>> order.tolist()
    [2, 1, 0]
    """
    n = len(found)
    if not n:
        return pd.DataFrame([], columns=[*GAP_COLUMNS, "weight"]), np.zeros(0, dtype=np.int64)
    account = np.fromiter(map(attrgetter("account"), found), dtype=np.int64, count=n)
    codes = list(map(attrgetter("code"), found))
    code_rank = np.fromiter(map(_CODE_RANK.__getitem__, codes), dtype=np.int64, count=n)
    severities = list(map(attrgetter("severity"), found))
    severity_rank = np.fromiter(map(_SEVERITY_RANK.__getitem__, severities), dtype=np.int64, count=n)
    order = np.lexsort((code_rank, severity_rank, account))  # stable: the rules' order on ties

    people = list(map(attrgetter("contacts"), found))
    lengths = np.fromiter(map(len, people), dtype=np.int64, count=n)
    flat = np.fromiter(chain.from_iterable(people), dtype=np.int64, count=int(lengths.sum()))
    starts = np.cumsum(lengths) - lengths
    # among gaps of one severity the worst is about the most influential person, an opponent counting double
    at = _SUBJECT_AT[code_rank]
    has = (at >= 0) & (at < lengths)
    about = flat[starts[has] + at[has]]
    weight = np.zeros(n)
    weight[has] = eff[about] * np.where(opposed[about], 2, 1)

    named = iter(ids[flat].tolist())
    contacts = [tuple(islice(named, k)) for k in lengths.tolist()]
    rows = order.tolist()

    def column(values: list) -> np.ndarray:
        return np.array(values, dtype=object)[order]

    table = pd.DataFrame(
        {
            "account": account[order],
            "code": column(codes),
            "severity": column(severities),
            "role": column(list(map(attrgetter("role"), found))),
            "condition": column(list(map(attrgetter("condition"), found))),
            "contacts": [contacts[i] for i in rows],
            "message": np.full(n, None, dtype=object),
            "advice": np.full(n, None, dtype=object),
            "deal_killer": column(list(map(attrgetter("killer"), found))),
            "weight": weight[order],
        }
    )
    return table, order


def codes_per_account(account: np.ndarray, code: np.ndarray, accounts: int) -> list[str]:
    """Each account's distinct gap codes, sorted and joined with ';' ('' where it has none).

    Each account's set of codes is a bit mask; each distinct mask is spelled once.

    Examples
    --------
    >>> codes_per_account(np.array([2, 0, 2, 2]), np.array(["b", "x", "a", "b"], dtype=object), 4)
    ['x', '', 'a;b', '']
    """
    code = np.asarray(code, dtype=object)
    names = sorted(pd.unique(code).tolist())
    if not names:
        return [""] * accounts
    if len(names) > 62:  # more kinds than bits: one set per account
        found: list[set] = [set() for _ in range(accounts)]
        for a, c in zip(np.asarray(account).tolist(), code.tolist()):
            found[a].add(c)
        return [";".join(sorted(codes)) for codes in found]
    rank = pd.Index(names).get_indexer(code)
    masks = np.zeros(accounts, dtype=np.int64)
    np.bitwise_or.at(masks, np.asarray(account, dtype=np.int64), np.left_shift(1, rank.astype(np.int64)))
    distinct, back = np.unique(masks, return_inverse=True)
    spelled = [";".join(name for k, name in enumerate(names) if mask >> k & 1) for mask in distinct.tolist()]
    return np.array(spelled, dtype=object)[back.reshape(-1)].tolist()
