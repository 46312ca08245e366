"""Positional arrays for a table of one or many accounts: the shared input of metrics, coverage and gaps.

One account is a batch of one. Contacts are grouped by account (order kept
within each account); every contact has a position ``0..N-1`` and an account
code ``0..A-1``; influence edges become position pairs, so the graph of all
accounts is one block-diagonal sparse matrix and no computation leaks from
one account into another.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .model import influence_edges
from .vocab import ROLES, TAGS

__all__ = ["Batch", "make_batch"]

SINGLE = "__single__"


@dataclass
class Batch:
    contacts: pd.DataFrame      # positional index; an ``account`` column
    accounts: pd.Index          # account keys, in code order
    code: np.ndarray            # account code of each contact
    start: np.ndarray           # first position of each account
    size: np.ndarray            # contacts in each account
    src: np.ndarray             # influence edges "src influences dst", positions
    dst: np.ndarray
    weight: np.ndarray

    @property
    def n(self) -> int:
        return len(self.code)

    @cached_property
    def adjacency(self) -> sp.csr_array:
        """Influence weights, ``A[u, v]`` = how strongly u influences v (block-diagonal)."""
        return sp.csr_array((self.weight, (self.src, self.dst)), shape=(self.n, self.n))

    @cached_property
    def role_flags(self) -> pd.DataFrame:
        """One boolean column per role and tag."""
        roles = self.contacts["roles"]
        return pd.DataFrame({r: roles.map(lambda rs, r=r: r in rs).to_numpy(dtype=bool) for r in (*ROLES, *TAGS)})

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

    def broadcast(self, per_account: np.ndarray) -> np.ndarray:
        """Spread one value per account back onto its contacts."""
        return np.asarray(per_account)[self.code]


def make_batch(contacts: pd.DataFrame, links: pd.DataFrame | None = None) -> Batch:
    """Group validated contacts (and links) by account into positional arrays.

    ``contacts`` may hold an ``account`` column (a pipeline) or not (one map);
    ``links`` then needs the same column.
    """
    contacts = contacts.copy()
    if "account" not in contacts.columns:
        contacts.insert(0, "account", SINGLE)
    codes, accounts = pd.factorize(contacts["account"], sort=False)
    order = np.argsort(codes, kind="stable")
    contacts = contacts.iloc[order].reset_index(drop=True)
    code = codes[order]
    size = np.bincount(code, minlength=len(accounts))
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    if links is None or len(links) == 0:
        links = pd.DataFrame(columns=["account", "source", "target", "kind", "weight"])
    elif "account" not in links.columns:
        links = links.assign(account=SINGLE)
    edges = influence_edges(contacts, links)
    position = pd.Series(np.arange(len(contacts)), index=pd.MultiIndex.from_arrays([contacts["account"], contacts["id"]]))
    src = position.reindex(pd.MultiIndex.from_arrays([edges["account"], edges["source"]])).to_numpy()
    dst = position.reindex(pd.MultiIndex.from_arrays([edges["account"], edges["target"]])).to_numpy()
    keep = ~(np.isnan(src.astype(float)) | np.isnan(dst.astype(float)))
    return Batch(contacts, pd.Index(accounts), code.astype(np.int64), start.astype(np.int64), size.astype(np.int64),
                 src[keep].astype(np.int64), dst[keep].astype(np.int64), edges["weight"].to_numpy(dtype=float)[keep])
