"""The influence graph's arrays: who influences whom, by position, with what weight.

The analysis and the renderers build on these; nothing here knows the :class:`~powermap.PowerMap` facade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from powermap.io.validate import LINK_FRAME_COLUMNS

__all__ = [
    "REPORTING_WEIGHTS",
    "EMPTY_LINKS",
    "KIND_BITS",
    "edge_arrays",
    "id_index",
    "positions",
    "id_positions",
    "manager_positions",
    "influence_edges",
]

# Influence along a reporting line: a manager directs a report (down) more than
# a report's briefing sways the manager (up). docs/methodology.md §2 principle 2 is why the
# upward edge exists at all: executives listen to their mid-level's report.
REPORTING_WEIGHTS = {"down": 1.0, "up": 0.5}

EMPTY_LINKS = pd.DataFrame(columns=list(LINK_FRAME_COLUMNS))


KIND_BITS = {"manages": 1, "briefs": 2, "influences": 4, "trusts": 8, "allies": 16}


def edge_arrays(
    parent: np.ndarray,
    link_src: np.ndarray,
    link_dst: np.ndarray,
    link_kind: np.ndarray,
    link_weight: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Influence edges as position arrays ``(src, dst, weight, kind_bits)``, parallel channels combined.

    ``parent[i]`` is the position of i's manager or -1; links are given by
    positions. See :func:`influence_edges` for the meaning of each edge.
    """
    managed = np.flatnonzero(parent >= 0)
    forward = np.isin(link_kind, ["influences", "allies"])
    backward = np.isin(link_kind, ["trusts", "allies"])
    src = np.concatenate([parent[managed], managed, link_src[forward], link_dst[backward]])
    dst = np.concatenate([managed, parent[managed], link_dst[forward], link_src[backward]])
    weight = np.concatenate(
        [
            np.full(len(managed), REPORTING_WEIGHTS["down"]),
            np.full(len(managed), REPORTING_WEIGHTS["up"]),
            link_weight[forward],
            link_weight[backward],
        ]
    ).astype(float)
    bits = np.concatenate(
        [
            np.full(len(managed), KIND_BITS["manages"]),
            np.full(len(managed), KIND_BITS["briefs"]),
            np.vectorize(KIND_BITS.get, otypes=[np.int64])(link_kind[forward]) if forward.any() else [],
            np.where(link_kind[backward] == "allies", KIND_BITS["allies"], KIND_BITS["trusts"]),
        ]
    ).astype(np.int64)
    if len(src) == 0:
        return src.astype(np.int64), dst.astype(np.int64), weight, bits
    key = src.astype(np.int64) * max(n, 1) + dst
    order = np.argsort(key, kind="stable")
    key, src, dst, weight, bits = key[order], src[order], dst[order], weight[order], bits[order]
    first = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    count = np.diff(np.append(first, len(key)))
    combined = np.where(count == 1, weight[first], 1.0 - np.multiply.reduceat(1.0 - weight, first))
    return (src[first].astype(np.int64), dst[first].astype(np.int64), combined, np.bitwise_or.reduceat(bits, first))


def id_index(contacts: pd.DataFrame, by_account: bool = False) -> pd.Index:
    """An index of the contacts' ids (``account \x1f id`` keys when ``by_account``) for :func:`positions`."""
    if by_account:
        return pd.Index((contacts["account"].astype(str) + "\x1f" + contacts["id"].astype(str)).to_numpy(dtype=object))
    return pd.Index(contacts["id"].to_numpy(dtype=object))


def positions(index: pd.Index, ids: pd.Series, accounts: pd.Series | None = None) -> np.ndarray:
    """The row position of each id in ``index`` (from :func:`id_index`), -1 where unknown."""
    if accounts is None:
        return index.get_indexer(ids.fillna("").to_numpy(dtype=object))
    return index.get_indexer((accounts.astype(str) + "\x1f" + ids.fillna("").astype(str)).to_numpy(dtype=object))


def _as_text(values: pd.Series) -> pd.Series:
    """Keys compared as text, as :func:`id_index` spells them (a string column as it is, without a copy)."""
    return values if isinstance(values.dtype, pd.StringDtype) else values.astype(str)


def id_positions(
    ids: pd.Series, accounts: pd.Series | None, *wanted: tuple[pd.Series, pd.Series | None]
) -> list[np.ndarray]:
    """The row position in ``ids`` of each id of every ``(ids, accounts)`` pair in ``wanted``, -1 where unknown.

    The lookup of :func:`positions` for many lists at once: with ``accounts`` an id is looked up within its
    own account (keys compared as text); without, among all of ``ids``. Accounts and ids become integer
    codes once (one factorize over every id of the call), so no ``account + id`` string is built and the
    lookup runs over integers.

    Parameters
    ----------
    ids : Series
        The contacts' ids, unique (within each account, with ``accounts``).
    accounts : Series or None
        The contacts' account keys, or None for one map.
    *wanted : tuple of (Series, Series or None)
        The ids to find (empty or missing: unknown) and their accounts (None without ``accounts``).

    Returns
    -------
    list of ndarray
        One int64 array of positions per pair of ``wanted``.

    Examples
    --------
    >>> ids, accounts = pd.Series(["ceo", "cfo", "ceo"]), pd.Series(["A", "A", "B"])
    >>> managers = (pd.Series([None, "ceo", "cfo"]), accounts)
    >>> [p.tolist() for p in id_positions(ids, accounts, managers)]
    [[-1, 0, -1]]
    >>> [p.tolist() for p in id_positions(ids[:2], None, (pd.Series(["cfo", "cto"]), None))]
    [[1, -1]]
    """
    keyed = accounts is not None
    found = [ids, *(values.fillna("") for values, _ in wanted)]
    if keyed:
        found = [_as_text(values) for values in found]
    sizes = [len(values) for values in found]
    code = pd.factorize(pd.concat(found, ignore_index=True), use_na_sentinel=False)[0].astype(np.int64)
    if keyed:
        places = [accounts, *(where for _, where in wanted)]
        if any(where is None for where in places):
            raise ValueError("id_positions: give the accounts of every list of ids, or of none")
        texts = [_as_text(where) for where in places if where is not None]
        account = pd.factorize(pd.concat(texts, ignore_index=True), use_na_sentinel=False)[0].astype(np.int64)
        code = account * (int(code.max()) + 1 if len(code) else 1) + code
    bounds = np.cumsum(sizes)
    index = pd.Index(code[: sizes[0]])
    return [index.get_indexer(code[a:b]).astype(np.int64) for a, b in zip(bounds[:-1], bounds[1:])]


def manager_positions(ids, reports_to) -> np.ndarray:
    """Each person's manager as a position in ``ids`` (unique), -1 for none or someone not among ``ids``.

    >>> manager_positions(["ceo", "cfo", "eng"], [None, "ceo", "vp"])
    array([-1,  0, -1])
    """
    index = pd.Index(np.asarray(ids, dtype=object))
    managers = pd.Series(np.asarray(reports_to, dtype=object)).map(lambda v: v if isinstance(v, str) else "")
    return index.get_indexer(managers.to_numpy(dtype=object)).astype(np.int64)


def influence_edges(contacts: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """The influence edges of one account as a table ``source, target, weight, kinds``.

    An edge ``u -> v`` reads "u influences v" with strength ``weight`` in 0-1:

    - a reporting line gives ``manager -> report`` (kind ``manages``, weight 1.0)
      and ``report -> manager`` (kind ``briefs``, weight 0.5);
    - a link ``influences`` gives ``source -> target``; ``trusts`` ("source trusts
      target") gives ``target -> source``; ``allies`` gives both directions, each
      with the link's weight;
    - ``rivals`` carry no influence and are left out (they stay in ``links``).

    Parallel edges between the same two people combine as independent channels
    (noisy-or): ``1 - (1 - a)(1 - b)``.
    """
    n = len(contacts)
    index = id_index(contacts)
    parent = positions(index, contacts["reports_to"])
    kinds = links["kind"].to_numpy(dtype=object) if len(links) else np.array([], dtype=object)
    src, dst, weight, bits = edge_arrays(
        parent,
        positions(index, links["source"]) if len(links) else np.array([], dtype=np.int64),
        positions(index, links["target"]) if len(links) else np.array([], dtype=np.int64),
        kinds,
        links["weight"].to_numpy(dtype=float) if len(links) else np.array([]),
        n,
    )
    ids = contacts["id"].to_numpy(dtype=object)
    names = [";".join(k for k, b in KIND_BITS.items() if bit & b) for bit in bits.tolist()]
    return pd.DataFrame({"source": ids[src], "target": ids[dst], "weight": weight, "kinds": names})
