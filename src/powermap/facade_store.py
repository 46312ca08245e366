"""``powermap.Store``: the snapshot store (:class:`powermap.store.db.Store`) whose ``load`` gives a PowerMap.

A module of its own so that ``powermap.load`` never imports SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt

from powermap.facade import PowerMap
from powermap.store import db

__all__ = ["Store"]


class Store(db.Store):
    """The snapshot store (:class:`powermap.store.db.Store`), whose ``load`` gives a :class:`PowerMap`.

    Examples
    --------
    >>> import pathlib, tempfile, powermap
    >>> store = powermap.Store(pathlib.Path(tempfile.mkdtemp()) / "deals.db")
    >>> _ = store.save(powermap.load("data/samples/manufacturer.csv", name="Hartwell", as_of="2026-11-15"))
    >>> store.load("Hartwell")
    <PowerMap 'Hartwell': 36 contacts, 0 links>
    >>> store.close()
    """

    def load(self, account: str, as_of: str | dt.date | None = None) -> PowerMap:  # type: ignore[override]
        """The map of ``account`` as saved on ``as_of`` (default: the latest snapshot); see
        :meth:`powermap.store.db.Store.load`."""
        return PowerMap.of(super().load(account, as_of))
