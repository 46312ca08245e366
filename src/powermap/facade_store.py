"""``powermap.Store``: the snapshot store (:class:`powermap.store.db.Store`) whose ``load`` gives a PowerMap.

A module of its own so that ``powermap.load`` never imports SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd  # noqa: F401  (the examples this class shares with powermap.store.db.Store use it)

from powermap.facade import PowerMap
from powermap.store import db

__all__ = ["Store"]


class Store(db.Store):
    __doc__ = db.Store.__doc__  # the store's own parameters and examples; only load() differs

    def load(self, account: str, as_of: str | dt.date | None = None) -> PowerMap:  # type: ignore[override]
        """The map of ``account`` as saved on ``as_of`` (default: the latest snapshot), as a PowerMap.

        Parameters
        ----------
        account : str
            The account's name.
        as_of : str or date, optional
            The snapshot's date (default: the latest).

        Returns
        -------
        PowerMap
            The map as saved (see :meth:`powermap.store.db.Store.load`).

        Examples
        --------
        >>> import pathlib, tempfile, powermap
        >>> store = powermap.Store(pathlib.Path(tempfile.mkdtemp()) / "deals.db")
        >>> _ = store.save(powermap.load("data/samples/manufacturer.csv", name="Hartwell", as_of="2026-11-15"))
        >>> store.load("Hartwell")
        <PowerMap 'Hartwell': 36 contacts, 0 links>
        >>> store.close()
        """
        return PowerMap.of(super().load(account, as_of))
