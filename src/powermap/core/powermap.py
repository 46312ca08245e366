"""PowerMap: the validated contacts, links and account facts of one deal, and its graph."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from powermap.io import validate as _load
from powermap.io.validate import Account
from powermap.errors import InputError
from powermap.core.graph import EMPTY_LINKS, influence_edges
from powermap.io.read import FORCED_ENCODING, RawAccount, RawTable, frame_to_text, read_account, read_links

if TYPE_CHECKING:
    import networkx as nx

    from powermap.io.profiles import Reading

    from powermap.plan.whatif import WhatIf

__all__ = ["PowerMap", "load", "from_frame"]


def _node_value(value: Any) -> Any:
    """A contact's cell as a node attribute: every unknown (an empty text, NA, NaN, NaT) is None."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, str) and not value):
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.integer):
        return int(value)
    return value


class PowerMap:
    """The people of one customer organisation in one deal, validated, with their influence graph.

    A PowerMap is immutable: its tables are returned as copies and its graph is
    frozen; "what if" changes build a new map. Build one with
    :func:`powermap.load` (from a file) or :func:`powermap.from_frame`.

    Attributes
    ----------
    contacts : DataFrame
        One row per person (see :func:`powermap.io.validate.validate_contacts`).
    links : DataFrame
        ``source, target, kind, weight`` and where kind and weight came from.
    account : Account
        Name, stage (1-8 or None), technicality, as_of.
    graph : networkx.DiGraph
        Nodes are contact ids with every contact column as attributes (unknown
        values are None). An edge ``u -> v`` means "u influences v" with
        ``weight`` in 0-1 and ``kinds`` naming where it came from (see
        :func:`influence_edges`). Rival pairs are in ``graph.graph["rivals"]``.

    Examples
    --------
    >>> import pandas as pd, powermap
    >>> pm = powermap.from_frame(pd.DataFrame({
    ...     "id": ["ceo", "cto", "eng"], "name": ["Ana", "Bo", "Cy"],
    ...     "reports_to": ["", "ceo", "cto"], "roles": ["decision maker", "technical buyer", "coach"]}),
    ...     name="Acme", stage=3)
    >>> sorted(pm.graph.successors("cto"))
    ['ceo', 'eng']
    >>> pm.contacts[["id", "level", "level_source"]].values.tolist()
    [['ceo', 'executive', 'reporting line'], ['cto', 'mid', 'reporting line'], ['eng', 'staff', 'reporting line']]
    """

    def __init__(self, contacts: pd.DataFrame, links: pd.DataFrame | None = None,
                 account: Account | None = None, *, source: str | None = None, _validated: bool = False):
        if not _validated:  # a user's own frames: validated as from_frame does (InputError with every problem)
            facts: dict[str, Any] = ({"name": account.name, "stage": account.stage, "technicality": account.technicality,
                      "as_of": account.as_of} if account is not None else {})
            built = from_frame(contacts, links, **facts)
            contacts, links, account = built._contacts, built._links, built._account
        self._contacts: pd.DataFrame = contacts.reset_index(drop=True).copy()
        self._links: pd.DataFrame = (links if links is not None else EMPTY_LINKS).reset_index(drop=True).copy()
        self._account: Account = account or Account()
        self.source = source
        self.reading: Reading | None = None  # what was read from the file, when loaded from one

    # -- data ------------------------------------------------------------------------
    @property
    def contacts(self) -> pd.DataFrame:
        return self._contacts.copy()

    @property
    def links(self) -> pd.DataFrame:
        return self._links.copy()

    @property
    def account(self) -> Account:
        return self._account

    def __len__(self) -> int:
        return len(self._contacts)

    def __repr__(self) -> str:
        stage = f", stage {self._account.stage}" if self._account.stage else ""
        return f"<PowerMap {self._account.name!r}: {len(self)} contacts, {len(self._links)} links{stage}>"

    # -- graph -----------------------------------------------------------------------
    @cached_property
    def graph(self) -> "nx.DiGraph":
        import networkx as nx  # only maps that draw or export need it; the analysis does not

        G: nx.DiGraph = nx.DiGraph(account=self._account.name, rivals=[])
        columns = [c for c in self._contacts.columns if c not in ("id", "row")]
        records = self._contacts[columns].to_dict("records")
        G.add_nodes_from((node, {k: _node_value(v) for k, v in rec.items()})
                         for node, rec in zip(self._contacts["id"], records))
        edges = influence_edges(self._contacts, self._links)
        G.add_edges_from((s, t, {"weight": float(w), "kinds": tuple(k.split(";"))})
                         for s, t, w, k in edges[["source", "target", "weight", "kinds"]].itertuples(index=False))
        rivals = self._links.loc[self._links["kind"] == "rivals", ["source", "target", "weight"]]
        G.graph["rivals"] = [tuple(r) for r in rivals.itertuples(index=False)]
        return nx.freeze(G)

    # -- analysis --------------------------------------------------------------------
    def analysis(self, policy=None, lang: str = "en"):
        """Scores, coverage, gaps and risk (an :class:`~powermap.analysis.run.Analysis`), cached per policy and language."""
        from powermap.analysis.run import analyze_single
        from powermap.policy import Policy

        policy = policy or Policy()
        key = (policy, lang)
        cache = self.__dict__.setdefault("_analyses", {})
        if key not in cache:
            cache[key] = analyze_single(self._contacts, self._links, self._account, policy, lang)
        return cache[key]

    def scores(self, policy=None) -> pd.DataFrame:
        """Per-contact scores, one row per person (see :func:`powermap.analysis.metrics.scores`)."""
        return self.analysis(policy).scores.copy()

    def coverage(self, policy=None) -> pd.Series:
        """Account-level coverage figures, score and risk (see :func:`powermap.analysis.coverage.coverage`)."""
        return self.analysis(policy).coverage.iloc[0].copy()

    def gaps(self, policy=None, lang: str = "en") -> pd.DataFrame:
        """The gaps, most severe first: code, severity, role, condition, contacts, message, advice."""
        return self.analysis(policy, lang).gaps.copy()

    def what_if(self, id: str | int, *, stance: int | str | None = None, relationship: int | str | None = None,
                remove: bool = False, policy=None, owner: str | None = None, last_contact=None,
                add: dict | None = None) -> "WhatIf":
        """A new map with one person's stance, relationship, owner or last contact changed (or the person
        removed, or a new person ``add``-ed under this id), and the gap diff.

        Values take the same words as the input (``"supporter"``, ``"trusted"``,
        1, ...); the id may be given as the number it is (``2`` finds id ``"2"``).
        The result's ``resolved`` and ``opened`` hold the gaps that went and came,
        ``changed`` those that stayed but name other people or moved in severity.
        This map is left as it is. Every action of :meth:`plan` is a ``change``
        this method takes: ``pm.what_if(action["contact"], **action["change"])``.

        >>> import pandas as pd, powermap
        >>> pm = powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ana", "Bo"],
        ...     "reports_to": ["", "a"], "roles": ["decision maker", "key user"], "stance": ["", "blocker"]}))
        >>> change = pm.what_if("b", stance="supporter")
        >>> list(change.resolved["code"])
        ['resistant-key-user']
        """
        from powermap.plan.whatif import what_if

        return what_if(self, id, stance=stance, relationship=relationship, remove=remove, policy=policy,
                       owner=owner, last_contact=last_contact, add=add)

    def plan(self, *, steps: int = 5, team=None, policy=None, lang: str = "en", redact: bool = False) -> pd.DataFrame:
        """The next moves, in order of work, one row per action (see :func:`powermap.plan.actions.plan`).

        ``team`` is a team table (a file path or a DataFrame: ``contact, member,
        relationship, desired``). Each row's ``change`` is what :meth:`what_if`
        takes, applied on top of the rows before it.
        """
        from powermap.plan.actions import plan
        from powermap.plan.team import read_team

        members = None if team is None else read_team(team, self)
        return plan(self, steps=steps, team=members, policy=policy, lang=lang, redact=redact)

    def plot(self, lang: str = "en", *, policy=None, focus: str = "auto"):
        """The org chart as a matplotlib Figure (see :func:`powermap.render.chart.org_chart`), highlighting the gaps
        ``policy`` finds; ``focus="all"`` draws everyone, ``"key"`` the key people (the default above 60)."""
        from powermap.render.chart import org_chart

        return org_chart(self, lang=lang, policy=policy, focus=focus)

    def to_html(self, path: str | Path | None = None, *, redact: bool = False, lang: str = "en", policy=None,
                plan: int = 0, team=None):
        """The interactive power map (see :func:`powermap.render.map.power_map_html`): written to ``path`` if given
        (the path is returned), else returned as a string. ``plan=N`` lists the plan's first N actions in the
        side panel (a click shows the action's path); ``team`` is the team's relationships for that plan."""
        from powermap.render.map import power_map_html, write_html

        actions = self._planned(plan, redact=redact, lang=lang, policy=policy, team=team)
        if path is None:
            return power_map_html(self, redact=redact, lang=lang, policy=policy, plan=actions)
        return write_html(self, path, redact=redact, lang=lang, policy=policy, plan=actions)

    def map_view(self, *, redact: bool = False, lang: str = "en", policy=None, height: int = 640, plan: int = 0,
                 team=None):
        """The interactive map as a notebook object (:class:`powermap.render.map.MapView`); ``plan`` as in
        :meth:`to_html`."""
        from powermap.render.map import MapView, power_map_html

        actions = self._planned(plan, redact=redact, lang=lang, policy=policy, team=team)
        return MapView(power_map_html(self, redact=redact, lang=lang, policy=policy, plan=actions),
                       self._account.name, height)

    def show(self, *, redact: bool = False, lang: str = "en", policy=None, height: int = 640, plan: int = 0) -> None:
        """Display the interactive map inline in Jupyter (JupyterLab, classic notebook, VS Code)."""
        try:
            from IPython.display import display
        except ImportError:
            raise RuntimeError("show() needs IPython (a Jupyter session); write the map with "
                               "pm.to_html('map.html') instead") from None
        display(self.map_view(redact=redact, lang=lang, policy=policy, height=height, plan=plan))

    def report(self, path: str | Path | None = None, *, lang: str = "en", policy=None, with_map: bool = True,
               plan_steps: int = 5, team=None):
        """The coach's report (see :func:`powermap.render.report.report_html`): written to ``path`` if given, else
        a string. Its Plan section holds the plan's first ``plan_steps`` actions (0 leaves it out)."""
        from powermap.plan.actions import plan_actions
        from powermap.render.report import report_html, write_report

        plan = plan_actions(self, steps=plan_steps, policy=policy, lang=lang, team=team) if plan_steps else None
        if path is None:
            return report_html(self, lang=lang, policy=policy, with_map=with_map, plan=plan)
        return write_report(self, path, lang=lang, policy=policy, with_map=with_map, plan=plan)

    def _planned(self, steps: int, **options: Any) -> list[dict] | None:
        """The first ``steps`` actions of this map's plan, or None for no plan."""
        if not steps:
            return None
        from powermap.plan.actions import plan_actions

        return plan_actions(self, steps=steps, **options)["actions"]

    def _repr_html_(self) -> str:
        from powermap.render.map import summary_html

        return summary_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/plain": repr(self), "text/html": self._repr_html_()}

    def summary(self) -> dict[str, Any]:
        """Counts a reader wants first: people, levels, roles, links, what was inferred."""
        c = self._contacts
        roles = pd.Series([r for rs in c["roles"] for r in rs], dtype=object)
        return {
            "contacts": len(c),
            "links": len(self._links),
            "edges": self.graph.number_of_edges(),
            "departments": int((c["department"] != "").sum() and c.loc[c["department"] != "", "department"].nunique()),
            "levels": c["level"].fillna("unknown").value_counts().to_dict(),
            "roles": roles.value_counts().to_dict(),
            "level_inferred": int(c["level_source"].isin(["title", "reporting line"]).sum()),
            "level_unknown": int((c["level_source"] == "unknown").sum()),
            "relationship_defaulted": int((c["relationship_source"] == "default").sum()),
            "relationship_from_activity": int((c["relationship_source"] == "activity").sum()),
            "stance_unknown": int(c["stance"].isna().sum()),
            "influence_unknown": int(c["influence"].isna().sum()),
        }


def _build(raw: RawAccount, links_path: str | Path | None, facts: dict[str, Any], default_name: str,
           source: str | None, read=None, policy=None) -> PowerMap:
    from powermap.io.activity import engagement_from_activity
    from powermap.policy import Policy
    from powermap.io.profiles import ReadOptions, prepare

    links_raw: RawTable | None = read_links(links_path) if links_path is not None else None
    options = read if isinstance(read, ReadOptions) else ReadOptions(**(read or {}))
    table, reading, read_problems = prepare(raw.contacts, options)
    raw = RawAccount(table, raw.links, raw.account)
    contacts, links, account, problems = _load.validate(raw, links_raw, facts, default_name=default_name)
    try:
        _load.raise_if(read_problems + reading.relocate(problems))
    except InputError as error:
        error.reading = reading  # what was read, for `powermap validate` to show beside the problems
        raise
    days = (policy or Policy()).activity_engagement_days
    contacts = engagement_from_activity(contacts, pd.Timestamp(account.as_of), days)
    engaged = int((contacts["relationship_source"] == "activity").sum())
    if engaged:
        reading.notes.append(f"relationship from activity: {engaged} contact(s) without a given relationship were "
                             f"last contacted within {days} days of {account.as_of.isoformat()}, so they count as "
                             "business (1), marked relationship_source = activity (policy activity_engagement_days; "
                             "0 turns it off)")
    pm = PowerMap(contacts, links, account, source=source, _validated=True)
    pm.reading = reading
    return pm


def load(path: str | Path, *, links: str | Path | None = None, name: str | None = None,
         stage: int | str | None = None, technicality: str | None = None,
         as_of: str | dt.date | None = None, encoding: str | None = None, read=None,
         policy=None) -> PowerMap:
    """Read, validate and model one account from a file.

    Parameters
    ----------
    path : str or Path
        Contacts as CSV/TSV (UTF-8, UTF-8 with BOM, UTF-16, GB18030/GBK), XLSX
        (a ``links`` sheet is read too), Parquet, or a JSON/YAML account file
        with ``account``, ``contacts`` and ``links``.
    links : str or Path, optional
        A separate links table.
    name, stage, technicality, as_of
        Account facts; each wins over the file's own ``account`` block. The
        name defaults to the file's stem.
    encoding : str, optional
        Force the encoding of text files (contacts and links); by default it
        is decided from the bytes (a BOM, UTF-8, else GB18030 or Windows-1252).
    read : powermap.io.profiles.ReadOptions or dict, optional
        How to read a CRM export (``profile`` salesforce/hubspot/dynamics/
        bluesheet/plain, detected when not given; ``contact_roles``,
        ``opportunity``, ``dayfirst``, ``users``, ``lenient``, ``account``).
        What was read is in ``pm.reading`` (a :class:`powermap.io.profiles.Reading`).
    policy : Policy, optional
        Its ``activity_engagement_days`` decides engagement from recent activity.

    Raises
    ------
    InputError
        With every problem found (``.problems``), each naming file, row, column.
    """
    token = FORCED_ENCODING.set(encoding) if encoding is not None else None
    try:
        raw = read_account(path)
        facts = {"name": name, "stage": stage, "technicality": technicality, "as_of": as_of}
        return _build(raw, links, facts, Path(path).stem, str(path), read, policy)
    finally:
        if token is not None:
            FORCED_ENCODING.reset(token)


def from_frame(contacts: pd.DataFrame, links: pd.DataFrame | None = None, *, name: str | None = None,
               stage: int | str | None = None, technicality: str | None = None,
               as_of: str | dt.date | None = None) -> PowerMap:
    """Validate and model one account from DataFrames (a notebook's own tables).

    The frames are read, never changed. Rows are numbered as in a sheet
    (header row 1) in error messages.
    """
    def raw(frame: pd.DataFrame, label: str) -> RawTable:
        return RawTable(label, frame_to_text(frame), list(range(2, len(frame) + 2)))

    raw_account = RawAccount(raw(contacts, "contacts"), raw(links, "links") if links is not None else None)
    facts = {"name": name, "stage": stage, "technicality": technicality, "as_of": as_of}
    return _build(raw_account, None, facts, "account", None)


__all__ += ["InputError"]
