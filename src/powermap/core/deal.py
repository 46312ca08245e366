"""Deal: one account's validated contacts, links and facts, as one frozen value.

A deal is built once, after validation (:func:`powermap.load`, :func:`powermap.from_frame`,
the store), with :meth:`Deal.trusted`; it is never validated again. A change
(a what-if, a plan step, redaction) is a new deal made with :meth:`Deal.replace`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from powermap.core.graph import EMPTY_LINKS, influence_edges
from powermap.io.validate import CONTACT_FRAME_COLUMNS, Account

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Deal", "CONFIDENTIAL_ROLE", "REDACTED_FIELDS"]

REDACTED_FIELDS = ("notes", "owner", "competitor")
CONFIDENTIAL_ROLE = "inside_coach"  # docs/methodology.md §1: the coach relationship stays confidential


def node_value(value: Any) -> Any:
    """A contact's cell as a node attribute: every unknown (an empty text, NA, NaN, NaT) is None.

    >>> node_value(float("nan")) is None, node_value(""), node_value(pd.Timestamp("2026-11-15"))
    (True, None, datetime.date(2026, 11, 15))
    """
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, str) and not value):
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.integer):
        return int(value)
    return value


@dataclass(frozen=True, eq=False)
class Deal:
    """The validated people, links and facts of one account in one deal.

    Build one with :meth:`trusted` from tables validation has given
    (:func:`powermap.io.validate.validate`): nothing is checked or inferred
    again, so levels, relationships and their sources stay as decided.

    Attributes
    ----------
    contacts : DataFrame
        One row per person (see :func:`powermap.io.validate.validate_contacts`); do not change it in place.
    links : DataFrame
        ``source, target, kind, weight`` and where kind and weight came from.
    account : Account
        Name, stage (1-8 or None), technicality, as_of.
    source : str or None
        Where the contacts came from (a file name).
    sources : tuple of str
        Every file read for this deal (contacts, links, activity log), in reading order.

    Examples
    --------
    >>> import pandas as pd
    >>> from powermap.io.validate import Account
    >>> deal = Deal.trusted(pd.DataFrame({"id": ["a"], "name": ["Ana"]}), None, Account(name="Acme"))
    >>> deal.account.name, len(deal), list(deal.links.columns)[:3]
    ('Acme', 1, ['source', 'target', 'kind'])
    """

    contacts: pd.DataFrame
    links: pd.DataFrame
    account: Account
    source: str | None = None
    sources: tuple[str, ...] = field(default=())

    @classmethod
    def trusted(
        cls,
        contacts: pd.DataFrame,
        links: pd.DataFrame | None = None,
        account: Account | None = None,
        *,
        source: str | None = None,
        sources: tuple[str, ...] = (),
    ) -> Deal:
        """The deal of tables validation has given, taken as they are (copied, never validated again).

        Parameters
        ----------
        contacts, links : DataFrame
            Validated tables (links None: no links).
        account : Account, optional
            The account's facts (default: :class:`Account`'s defaults).
        source : str, optional
            Where the contacts came from.
        sources : tuple of str, optional
            Every file read (default: ``source`` alone).

        Returns
        -------
        Deal

        Examples
        --------
        >>> import pandas as pd
        >>> table = pd.DataFrame({"id": ["a"], "name": ["Ana"], "level": ["staff"], "level_source": ["title"]})
        >>> Deal.trusted(table).contacts["level_source"].tolist()
        ['title']
        """
        return cls(
            contacts.reset_index(drop=True).copy(),
            (links if links is not None else EMPTY_LINKS).reset_index(drop=True).copy(),
            account or Account(),
            source,
            tuple(sources) or ((source,) if source else ()),
        )

    def replace(self, **changes: Any) -> Deal:
        """A new deal with some of ``contacts, links, account, source, sources`` changed (taken as they are).

        Examples
        --------
        >>> import pandas as pd
        >>> from powermap.io.validate import Account
        >>> deal = Deal.trusted(pd.DataFrame({"id": ["a"], "name": ["Ana"]}), None, Account(name="Acme"))
        >>> deal.replace(account=Account(name="Beta")).account.name, deal.account.name
        ('Beta', 'Acme')
        """
        for name in ("contacts", "links"):
            if changes.get(name) is not None:
                changes[name] = changes[name].reset_index(drop=True).copy()
            elif name in changes:
                changes[name] = EMPTY_LINKS.copy() if name == "links" else self.contacts
        return dataclasses.replace(self, **changes)

    def redacted(self) -> Deal:
        """The deal a forwarded file may show: no notes, owners or competitor leanings, nobody an inside coach.

        The analysis then runs on this copy, so no score or gap can point at what
        was taken out: a gap about a "role holder" or "key contact" that only fired
        because someone is the coach does not fire, no gap names an owner or a
        competitor, and the coverage score is the one the map would have without
        the coach role. The validated columns stay (a role's start date too: power
        shifts stay visible); the file's extra columns go.

        Examples
        --------
        >>> import pandas as pd
        >>> deal = Deal.trusted(pd.DataFrame({"id": ["a"], "name": ["Ana"], "roles": [("inside_coach", "key_user")],
        ...                                   "owner": ["Dana"], "notes": ["likes golf"], "Email": ["a@x"]}))
        >>> shown = deal.redacted().contacts
        >>> shown["roles"].tolist(), shown["owner"].tolist(), "Email" in shown
        ([('key_user',)], [''], False)
        """
        contacts = self.contacts.copy()
        contacts["roles"] = [tuple(r for r in roles if r != CONFIDENTIAL_ROLE) for roles in contacts["roles"]]
        for name in REDACTED_FIELDS:
            if name in contacts:
                contacts[name] = ""
        known = (set(CONTACT_FRAME_COLUMNS) - {"account"}) | set(REDACTED_FIELDS)
        contacts = contacts.drop(columns=[c for c in contacts.columns if c not in known])
        return self.replace(contacts=contacts)

    def __len__(self) -> int:
        return len(self.contacts)

    def __repr__(self) -> str:
        stage = f", stage {self.account.stage}" if self.account.stage else ""
        return f"<Deal {self.account.name!r}: {len(self)} contacts, {len(self.links)} links{stage}>"

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The influence graph (frozen): contact ids with every column as attributes; ``u -> v``: u influences v.

        Edges carry ``weight`` (0-1) and ``kinds`` (see :func:`powermap.core.graph.influence_edges`);
        rival pairs are in ``graph.graph["rivals"]``.
        """
        import networkx as nx  # only maps that draw or export need it; the analysis does not

        contacts, links = self.contacts, self.links
        G: nx.DiGraph = nx.DiGraph(account=self.account.name, rivals=[])
        columns = [c for c in contacts.columns if c not in ("id", "row")]
        records = contacts[columns].to_dict("records")
        G.add_nodes_from(
            (node, {k: node_value(v) for k, v in rec.items()}) for node, rec in zip(contacts["id"], records)
        )
        edges = influence_edges(contacts, links)
        G.add_edges_from(
            (s, t, {"weight": float(w), "kinds": tuple(k.split(";"))})
            for s, t, w, k in edges[["source", "target", "weight", "kinds"]].itertuples(index=False)
        )
        rivals = links.loc[links["kind"] == "rivals", ["source", "target", "weight"]]
        G.graph["rivals"] = [tuple(r) for r in rivals.itertuples(index=False)]
        return nx.freeze(G)
