"""Positional arrays for a table of one or many accounts: the shared input of metrics, coverage and gaps.

One account is a batch of one. Contacts are grouped by account (order kept
within each account); every contact has a position ``0..N-1`` and an account
code ``0..A-1``; influence edges become position pairs, so the graph of all
accounts is one block-diagonal sparse matrix and no computation leaks from
one account into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from powermap.core.graph import edge_arrays, id_positions
from powermap.vocab import ROLES, TAGS

__all__ = ["Batch", "make_batch", "grouped", "copies", "ranges", "SINGLE"]

SINGLE = "__single__"
ALL_ROLES = (*ROLES, *TAGS)


@dataclass
class Batch:
    contacts: pd.DataFrame  # positional index; an ``account`` column
    accounts: pd.Index  # account keys, in code order
    code: np.ndarray  # account code of each contact
    start: np.ndarray  # first position of each account
    size: np.ndarray  # contacts in each account
    src: np.ndarray  # influence edges "src influences dst", positions
    dst: np.ndarray
    weight: np.ndarray
    parent: np.ndarray  # position of each contact's manager, -1 at the top
    bits: np.ndarray | None = None  # each edge's kinds (core.graph.KIND_BITS: reporting, influences, trusts ...)
    _columns: dict = field(default_factory=dict, repr=False)
    _origin: tuple = field(default=(), repr=False)  # copies: (batch, its rows, the columns they kept as they are)
    _roles: dict = field(default_factory=dict, repr=False)  # copies: the positions whose roles differ, their roles

    @property
    def n(self) -> int:
        return len(self.code)

    def _kept(self, name: str) -> bool:
        """Whether column ``name`` is the origin's, unchanged (roles set on some copies: their flags only)."""
        return bool(self._origin) and name in self._origin[2] and not (name == "roles" and self._roles)

    def column(self, name: str) -> np.ndarray:
        """A contacts column as a numpy object array (text columns: '' for empty), converted once."""
        if name == "account" and name not in self.contacts.columns:
            return np.full(self.n, self.accounts[0], dtype=object)
        if name not in self._columns and self._kept(name):
            self._columns[name] = self._origin[0].column(name)[self._origin[1]]
        elif name not in self._columns:
            values = self.contacts[name]
            self._columns[name] = (
                values.to_numpy(dtype=object, na_value=None) if values.dtype != object else values.to_numpy()
            )
        return self._columns[name]

    @cached_property
    def role_flags(self) -> dict[str, np.ndarray]:
        """One boolean array per role and tag."""
        if self._origin and "roles" in self._origin[2]:  # the origin's flags, then the roles the copies set
            kept = {r: flags[self._origin[1]] for r, flags in self._origin[0].role_flags.items()}  # new arrays
            for i, roles in self._roles.items():
                for r, flags in kept.items():
                    flags[i] = r in roles
            return kept
        codes, unique = pd.factorize(self.contacts["roles"])
        table = np.array([[r in roles for r in ALL_ROLES] for roles in unique], dtype=bool).reshape(-1, len(ALL_ROLES))
        rows = table[codes]
        return {r: rows[:, k] for k, r in enumerate(ALL_ROLES)}

    def rows_of(self, accounts: np.ndarray) -> np.ndarray:
        """The positions of the contacts of the given account codes, account by account."""
        return ranges(self.start[accounts], self.size[accounts])

    def count(self, mask: np.ndarray) -> np.ndarray:
        """How many contacts per account satisfy ``mask``."""
        mask = np.asarray(mask)
        if mask.dtype == bool:
            return np.bincount(self.code[mask], minlength=len(self.accounts))
        return np.bincount(self.code, weights=np.asarray(mask, dtype=float), minlength=len(self.accounts)).astype(int)

    def per_account(self, values: np.ndarray, how: str = "sum") -> np.ndarray:
        """Reduce a per-contact array to one value per account."""
        values = np.asarray(values, dtype=float)
        if how == "sum":
            return np.bincount(self.code, weights=values, minlength=len(self.accounts))
        if how == "max":
            out = np.full(len(self.accounts), -np.inf)
            np.maximum.at(out, self.code, values)
            return out
        raise ValueError(how)

    def distinct(self, name: str, mask: np.ndarray) -> np.ndarray:
        """How many distinct non-empty values of column ``name`` per account, among contacts where ``mask`` holds."""
        codes = self._codes(name)
        keep = np.asarray(mask, dtype=bool) & (codes >= 0)
        width = int(codes.max()) + 1 if len(codes) else 1
        pairs = self.code[keep] * width + codes[keep]
        if width * len(self.accounts) <= 4 * len(codes) + 1024:  # a table of (account, value) seen: no sort
            seen = np.zeros(width * len(self.accounts), dtype=bool)
            seen[pairs] = True
            return seen.reshape(len(self.accounts), width).sum(axis=1)
        return np.bincount(np.unique(pairs) // max(width, 1), minlength=len(self.accounts))

    def _codes(self, name: str) -> np.ndarray:
        """A code per distinct value of column ``name`` (-1 for empty), converted once."""
        key = f"codes:{name}"
        if key not in self._columns:
            if self._kept(name):
                self._columns[key] = self._origin[0]._codes(name)[self._origin[1]]
            else:
                # the column as stored (an Arrow column is encoded without a copy to Python strings); a code
                # only tells values apart, so any consistent numbering serves; missing cells are -1 already
                codes, unique = pd.factorize(self.contacts[name])
                empty = np.flatnonzero(np.asarray(unique, dtype=object) == "")
                if len(empty):
                    codes[codes == empty[0]] = -1
                self._columns[key] = codes
        return self._columns[key]

    def broadcast(self, per_account: np.ndarray) -> np.ndarray:
        """Spread one value per account back onto its contacts."""
        return np.asarray(per_account)[self.code]


def grouped(contacts: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, pd.Index]:
    """Contacts with an ``account`` column, each account's rows together (accounts in the order they first
    appear, rows in their order within each): the order of a batch's positions and of its analysis's rows;
    with each row's account code and the account keys in code order.

    >>> frame = pd.DataFrame({"account": ["b", "a", "b"], "id": ["1", "2", "3"]})
    >>> rows, codes, accounts = grouped(frame)
    >>> rows["id"].tolist(), codes.tolist(), list(accounts)
    (['1', '3', '2'], [0, 0, 1], ['b', 'a'])
    """
    codes, accounts = pd.factorize(contacts["account"], sort=False)
    if len(codes) > 1 and (np.diff(codes) < 0).any():
        order = np.argsort(codes, kind="stable")
        contacts, codes = contacts.iloc[order], codes[order]
    return contacts, codes, accounts


def make_batch(contacts: pd.DataFrame, links: pd.DataFrame | None = None) -> Batch:
    """Group validated contacts (and links) by account into positional arrays.

    ``contacts`` may hold an ``account`` column (a pipeline) or not (one map);
    ``links`` then needs the same column.
    """
    if "account" not in contacts.columns:  # one map: no account column to copy the frame for
        codes, accounts = np.zeros(len(contacts), dtype=np.int64), pd.Index([SINGLE], dtype=object)
        single = True
    else:
        contacts, codes, accounts = grouped(contacts)
        single = len(accounts) <= 1
    contacts = contacts.reset_index(drop=True)
    size = np.bincount(codes, minlength=len(accounts))
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    many = not single
    account = contacts["account"] if many else None
    wanted = [(contacts["reports_to"], account)]
    if links is not None and len(links):
        link_account = links["account"] if many else None
        wanted += [(links["source"], link_account), (links["target"], link_account)]
    parent, *ends = id_positions(contacts["id"], account, *wanted)
    if links is not None and len(links):
        link_src, link_dst = ends
        known = (link_src >= 0) & (link_dst >= 0)
        src, dst, weight, bits = edge_arrays(
            parent,
            link_src[known],
            link_dst[known],
            links["kind"].to_numpy(dtype=object)[known],
            links["weight"].to_numpy(dtype=float)[known],
            len(contacts),
        )
    else:
        empty = np.array([], dtype=np.int64)
        src, dst, weight, bits = edge_arrays(
            parent, empty, empty, np.array([], dtype=object), np.array([]), len(contacts)
        )
    return Batch(
        contacts,
        pd.Index(accounts),
        codes.astype(np.int64),
        start.astype(np.int64),
        size.astype(np.int64),
        src,
        dst,
        weight,
        parent.astype(np.int64),
        bits,
    )


def ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``start, start + 1, ..., start + size - 1`` for each pair, one after the other.

    Examples
    --------
    >>> ranges(np.array([10, 3]), np.array([2, 3])).tolist()
    [10, 11, 3, 4, 5]
    """
    offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + offsets


def copies(
    batch: Batch,
    accounts: np.ndarray,
    contacts: pd.DataFrame,
    kept: tuple[str, ...] = (),
    roles: dict[int, tuple[str, ...]] | None = None,
) -> Batch:
    """The batch of copies of accounts of ``batch``: copy ``k`` is account ``accounts[k]``, its people in order.

    ``contacts`` are the copies' rows (``batch.contacts`` at :meth:`Batch.rows_of`, any cell changed but the
    reporting lines), with an ``account`` column ``0..K-1``. The graph is ``batch``'s arrays moved to each copy's
    rows: what :func:`make_batch` makes of the same tables, without looking any id up again. The columns named
    in ``kept`` are ``batch``'s own, unchanged: their arrays (text, role flags) are taken from ``batch``, each
    converted once there. With ``"roles"`` kept, ``roles`` gives the positions whose roles the copies changed
    (as ``contacts`` holds them): their role flags are set over ``batch``'s.
    """
    accounts = np.asarray(accounts, dtype=np.int64)
    size = batch.size[accounts]
    start = np.cumsum(size) - size
    code = np.repeat(np.arange(len(accounts), dtype=np.int64), size)
    shift = start - batch.start[accounts]
    rows = batch.rows_of(accounts)
    parent = batch.parent[rows]
    parent = np.where(parent >= 0, parent + shift[code], -1)
    # edges never leave an account and are sorted by source: each account's edges are one run
    edge_size = np.bincount(batch.code[batch.src], minlength=len(batch.accounts))
    edges = ranges((np.cumsum(edge_size) - edge_size)[accounts], edge_size[accounts])
    edge_shift = np.repeat(shift, edge_size[accounts])
    return Batch(
        contacts.reset_index(drop=True),
        pd.Index(range(len(accounts)), dtype=object),
        code,
        start.astype(np.int64),
        size.astype(np.int64),
        batch.src[edges] + edge_shift,
        batch.dst[edges] + edge_shift,
        batch.weight[edges],
        parent.astype(np.int64),
        None if batch.bits is None else batch.bits[edges],
        _origin=(batch, rows, frozenset(kept)) if kept else (),
        _roles=dict(roles or {}),
    )
