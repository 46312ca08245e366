"""The notebook's API: :class:`PowerMap` (a deal with its analysis, its drawings, plan and what-if), ``load``,
``from_frame`` (:mod:`powermap.facade_store` holds the :class:`Store` that gives maps).

This module sits above everything it calls (render, plan, store, learn): those work on a
:class:`~powermap.core.deal.Deal` and its :class:`~powermap.analysis.run.Analysis`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from powermap.core.deal import Deal
from powermap.errors import InputError
from powermap.io import validate as _load
from powermap.io.read import FORCED_ENCODING, RawAccount, RawTable, frame_to_text, read_account, read_links
from powermap.io.validate import Account

if TYPE_CHECKING:
    import networkx as nx

    from powermap.io.profiles import Reading
    from powermap.plan.whatif import WhatIf

__all__ = ["PowerMap", "load", "from_frame"]


class PowerMap:
    """The people of one customer organisation in one deal, validated, with their influence graph.

    A PowerMap is immutable: its tables are returned as copies and its graph is
    frozen; "what if" changes build a new map. Build one with
    :func:`powermap.load` (from a file) or :func:`powermap.from_frame`.

    Parameters
    ----------
    contacts : DataFrame
        One row per person, as :func:`powermap.from_frame` takes it; validated
        here (a map's own validated tables are taken as they are).
    links : DataFrame, optional
        Relationships the org chart does not show: ``source, target, kind``
        and optionally ``weight``.
    account : Account, optional
        The account's facts (name, stage, technicality, as_of).
    source : str, optional
        Where the contacts came from (a file name), kept for reports and the store.

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

    Raises
    ------
    InputError
        With every problem of ``contacts`` or ``links`` (``.problems``).

    See Also
    --------
    load : A map from a file.
    from_frame : A map from DataFrames.

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

    def __init__(
        self,
        contacts: pd.DataFrame,
        links: pd.DataFrame | None = None,
        account: Account | None = None,
        *,
        source: str | None = None,
    ):
        if not _load.is_validated(contacts, links):
            # a user's own frames: validated as from_frame does (InputError with every problem); a map's own
            # tables (pm.contacts, pm.links) are taken as they are, their levels and sources as decided
            facts: dict[str, Any] = (
                {
                    "name": account.name,
                    "stage": account.stage,
                    "technicality": account.technicality,
                    "as_of": account.as_of,
                }
                if account is not None
                else {}
            )
            built = from_frame(contacts, links, **facts)
            contacts, links, account = built.deal.contacts, built.deal.links, built.deal.account
        self.deal: Deal = Deal.trusted(contacts, links, account, source=source)
        self.reading: Reading | None = None  # what was read from the file, when loaded from one
        self.activity: pd.DataFrame | None = None  # the touches of --activities, matched (analysis.touches)

    @classmethod
    def of(cls, deal: Deal) -> PowerMap:
        """The map of a deal (taken as it is: never validated again).

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv")
        >>> PowerMap.of(pm.deal.redacted())
        <PowerMap 'manufacturer': 36 contacts, 0 links>
        """
        pm = cls.__new__(cls)
        pm.deal, pm.reading, pm.activity = deal, None, None
        return pm

    # -- data ------------------------------------------------------------------------
    @property
    def contacts(self) -> pd.DataFrame:
        return self.deal.contacts.copy()

    @property
    def links(self) -> pd.DataFrame:
        return self.deal.links.copy()

    @property
    def account(self) -> Account:
        return self.deal.account

    @property
    def source(self) -> str | None:
        return self.deal.source

    def __len__(self) -> int:
        return len(self.deal)

    def __repr__(self) -> str:
        stage = f", stage {self.deal.account.stage}" if self.deal.account.stage else ""
        return f"<PowerMap {self.deal.account.name!r}: {len(self)} contacts, {len(self.deal.links)} links{stage}>"

    # -- graph -----------------------------------------------------------------------
    @property
    def graph(self) -> nx.DiGraph:
        """The deal's influence graph (see :attr:`Deal.graph`)."""
        return self.deal.graph

    # -- analysis --------------------------------------------------------------------
    def analysis(self, policy=None, lang: str = "en"):
        """Scores, coverage, gaps and risk (an :class:`~powermap.analysis.Analysis`), worded in ``lang``.

        The analysis runs once per policy (:func:`powermap.analysis.run.analyze`); each language words it
        (:func:`powermap.analysis.run.worded`).

        Parameters
        ----------
        policy : Policy, optional
            The thresholds and weights (default: :class:`powermap.Policy`'s defaults).
        lang : {"en", "zh"}
            Language of the gaps' messages and advice.

        Returns
        -------
        Analysis
            ``scores`` (one row per person), ``coverage`` (one row), ``gaps``
            (one row per gap) and ``roles`` (one row per buying role), each
            with an ``account`` column. The same object is returned for the
            same policy and language; treat it as read-only.

        See Also
        --------
        scores, coverage, gaps : Copies of the parts.

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> result = pm.analysis()
        >>> result.roles[["role", "held", "engaged"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
        [['initiator', 1, 1], ['technical_supporter', 3, 3], ['key_user', 2, 2], ['inside_coach', 1, 1],
         ['advisor', 1, 1], ['decision_maker', 1, 1]]
        >>> pm.analysis() is result
        True
        """
        from powermap.analysis.run import analyze, worded
        from powermap.policy import Policy

        policy = policy or Policy()
        plain = self.__dict__.setdefault("_analyses", {})  # one analysis per policy
        if policy not in plain:
            plain[policy] = analyze(self.deal, policy)
        words = self.__dict__.setdefault("_worded", {})  # its words per language
        if (policy, lang) not in words:
            words[(policy, lang)] = worded(plain[policy], lang)
        return words[(policy, lang)]

    def scores(self, policy=None) -> pd.DataFrame:
        """Per-contact scores, one row per person (see :func:`powermap.analysis.metrics.scores`).

        Parameters
        ----------
        policy : Policy, optional
            The weights of effective influence and the other thresholds.

        Returns
        -------
        DataFrame
            ``id, name, level, department, roles``, the influence signals
            (``declared_influence, pagerank, brokerage, reach_to_decision``),
            ``effective_influence`` (0-1) and its ``influence_rank`` (1 is the
            most influential), ``stance, relationship, support``, the flags
            ``engaged, supporter, opposed``, and ``confidence``.

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> scores = pm.scores()
        >>> scores.nsmallest(3, "influence_rank")[["id", "name"]].values.tolist()
        [['M01', 'Richard Okafor'], ['M05', 'Catherine Brandt'], ['M03', 'Victor Castellanos']]
        >>> scores.loc[scores["id"] == "M05", ["engaged", "opposed"]].values.tolist()
        [[False, True]]
        """
        return self.analysis(policy).scores.copy()

    def coverage(self, policy=None) -> pd.Series:
        """Account-level coverage figures, score and risk (see :func:`powermap.analysis.coverage.coverage`).

        Parameters
        ----------
        policy : Policy, optional
            The thresholds and the coverage score's points.

        Returns
        -------
        Series
            The figures (``contacts, engaged, supporters, opposed, roles_held,
            roles_engaged, decision_makers_engaged, levels_engaged,
            departments_engaged, threads, owners, mid_level_allies``, ...), the
            score's parts (``points_*``), ``coverage`` (0-100), ``risk_points``,
            ``risk`` (low/medium/high), ``n_gaps`` and ``gaps`` (the distinct codes).

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> cover = pm.coverage()
        >>> float(cover["coverage"]), cover["risk"], int(cover["engaged"]), int(cover["owners"])
        (89.2, 'high', 19, 3)
        """
        return self.analysis(policy).coverage.iloc[0].copy()

    def gaps(self, policy=None, lang: str = "en") -> pd.DataFrame:
        """The gaps, most severe first: code, severity, role, condition, contacts, message, advice.

        Parameters
        ----------
        policy : Policy, optional
            The thresholds of the gap rules.
        lang : {"en", "zh"}
            Language of ``message`` and ``advice``.

        Returns
        -------
        DataFrame
            One row per gap: ``account, code, severity`` (high/medium/low),
            ``role`` and ``condition`` (where the gap is about one),
            ``contacts`` (a tuple of ids), ``message`` and ``advice``.

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> pm.gaps()[["code", "severity", "contacts"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
        [['resistant-key-user', 'high', ('M13',)], ['influential-blocker', 'high', ('M05',)],
         ['stale-relationship', 'high', ('M01',)], ['bypassed-gatekeeper', 'medium', ('M03', 'M08')],
         ['competitor-aligned', 'medium', ('M05',)]]
        >>> pm.gaps(lang="zh")["message"].iloc[0]
        '关键使用者Gary Lindholm（Production Manager）对我们持反对态度。'
        """
        return self.analysis(policy, lang).gaps.copy()

    def what_if(
        self,
        id: str | int,
        *,
        stance: int | str | None = None,
        relationship: int | str | None = None,
        remove: bool = False,
        policy=None,
        owner: str | None = None,
        last_contact=None,
        add: dict | None = None,
        people: dict | None = None,
        roles: str | list[str] | None = None,
    ) -> WhatIf:
        """A new map with one person changed, and the gaps that change resolves, opens and changes.

        The change is one person's stance, relationship, owner, last contact or roles
        (or the person removed, or a new person ``add``-ed under this id).
        Values take the same words as the input (``"supporter"``, ``"trusted"``,
        1, ...); the id may be given as the number it is (``2`` finds id ``"2"``).
        The result's ``resolved`` and ``opened`` hold the gaps that went and came,
        ``changed`` those that stayed but name other people or moved in severity.
        This map is left as it is. Every action of :meth:`plan` is a ``change``
        this method takes: ``pm.what_if(action["contact"], **action["change"])``.

        Parameters
        ----------
        id : str or int
            The person to change (or, with ``add``, the new person's id).
        stance : int or str, optional
            -2 to 2 or a word (``"blocker"`` ... ``"champion"``).
        relationship : int or str, optional
            0 to 3 or a word (``"none"``, ``"business"``, ``"personal"``, ``"trusted"``).
        remove : bool
            Take the person off the map (their reports move to their manager).
        policy : Policy, optional
            The thresholds both maps are analysed with.
        owner : str, optional
            Which of our people holds the relationship.
        last_contact : date or str, optional
            When we last met the person.
        add : dict, optional
            A new person's columns (``name, title, reports_to, roles, level,
            influence, stance, relationship, owner``), added under ``id``.
        people : dict, optional
            Several people changed at once, as a grouped plan step does: each
            contact's id to its own change (``{"e1": {"relationship": 3},
            "e2": {"relationship": 3}}``), applied with the change to ``id``.
        roles : str or list of str, optional
            The person's buying roles and tags, all of them, as the input's
            ``roles`` column takes them (``"key_user; initiator"``): a plan's
            ``arm`` step makes a supporter we know our initiator this way.

        Returns
        -------
        WhatIf
            ``before`` and ``after`` (the maps), ``resolved``, ``opened`` and
            ``changed`` (gap tables; ``changed`` adds ``severity_before``,
            ``contacts_before`` and ``code_before``), ``coverage_before``/``coverage_after``
            and ``risk_before``/``risk_after``.

        Raises
        ------
        InputError
            No contact has ``id``, a value is not one the input accepts, or
            ``add`` names an id already used or a manager nobody is.

        Examples
        --------
        >>> import pandas as pd, powermap
        >>> pm = powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ana", "Bo"],
        ...     "reports_to": ["", "a"], "roles": ["decision maker", "key user"], "stance": ["", "blocker"]}))
        >>> change = pm.what_if("b", stance="supporter")
        >>> list(change.resolved["code"])
        ['resistant-key-user']
        """
        import dataclasses

        from powermap.plan.whatif import what_if

        change = what_if(
            self,
            id,
            stance=stance,
            relationship=relationship,
            remove=remove,
            policy=policy,
            owner=owner,
            last_contact=last_contact,
            add=add,
            people=people,
            roles=roles,
        )
        return dataclasses.replace(change, before=self, after=PowerMap.of(change.after))

    def plan(self, *, steps: int = 5, team=None, policy=None, lang: str = "en", redact: bool = False) -> pd.DataFrame:
        """The next moves, in order of work, one row per action (see :func:`powermap.plan.plan`).

        ``team`` is a team table (a file path or a DataFrame: ``contact, member,
        relationship, desired``). Each row's ``change`` is what :meth:`what_if`
        takes, applied on top of the rows before it.

        Parameters
        ----------
        steps : int
            How many actions at most (fewer when nothing left helps).
        team : str, Path or DataFrame, optional
            The team's relationships (:func:`powermap.plan.team.read_team`).
        policy : Policy, optional
            The thresholds the gains are measured with.
        lang : {"en", "zh"}
            Language of the ``action`` sentences.
        redact : bool
            Plan on the redacted map: no owners, and no inside coach on any path.

        Returns
        -------
        DataFrame
            One row per action: ``rank, action, kind, contact, change, via,
            member, resolves, opens, changes, severity, coverage_after,
            risk_after, cost, gain``.

        Raises
        ------
        InputError
            A team table with problems (each naming file, row and column).

        See Also
        --------
        powermap.plan.plan_actions : The same plan as a JSON object.

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> steps = pm.plan(steps=2)
        >>> steps[["kind", "contact", "member", "resolves"]].values.tolist()
        [['engage', 'M20', 'Tom Becker', []], ['convert', 'M20', 'Tom Becker', []]]
        >>> steps["action"][0]  # the road to the CFO, the deal-killer, begins with the controller she listens to
        'Engage Nathan Greer (Plant Controller, neutral), whom Catherine Brandt (Chief Financial Officer) listens to: no warm path: cold approach through the Finance department'
        """
        from powermap.plan.actions import plan
        from powermap.plan.team import read_team

        members = None if team is None else read_team(team, self.deal)
        return plan(
            self.deal,
            steps=steps,
            team=members,
            policy=policy,
            lang=lang,
            redact=redact,
            analysis=self.analysis(policy),
        )

    def plot(self, lang: str = "en", *, policy=None, focus: str = "auto"):
        """The org chart as a matplotlib Figure (see :func:`powermap.render.chart.org_chart`).

        It highlights the gaps ``policy`` finds. The chart fits an A4 landscape
        page with names of 7 pt or more: an organisation too large for that
        shows its key people with the others counted in department boxes;
        ``focus="all"`` draws everyone on one figure
        (:func:`powermap.render.chart.chart_pages` draws them page by page).

        Parameters
        ----------
        lang : {"en", "zh"}
            Language of the title, legend, role chips and gaps.
        policy : Policy, optional
            The thresholds the highlighted gaps follow.
        focus : {"auto", "all", "key"}
            Who is drawn: ``"auto"`` everyone if they fit the page, else the key people; ``"key"`` the key
            people always; ``"all"`` everyone.

        Returns
        -------
        matplotlib.figure.Figure
            Save it with ``fig.savefig("chart.png")`` (PNG, SVG or PDF).

        Examples
        --------
        >>> import matplotlib.pyplot as plt, powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> fig = pm.plot()
        >>> type(fig).__name__
        'Figure'
        >>> plt.close(fig)
        """
        from powermap.render.chart import org_chart

        return org_chart(self.deal, lang=lang, focus=focus, analysis=self.analysis(policy, lang))

    def to_html(
        self,
        path: str | Path | None = None,
        *,
        redact: bool = False,
        lang: str = "en",
        policy=None,
        plan: int = 0,
        team=None,
    ):
        """The interactive power map (see :func:`powermap.render.map.power_map_html`).

        Written to ``path`` if given (the path is returned), else returned as a
        string. ``plan=N`` lists the plan's first N actions in the side panel
        (a click shows the action's path); ``team`` is the team's relationships for that plan.

        Parameters
        ----------
        path : str or Path, optional
            Where to write the page (atomically; an input file is never overwritten).
        redact : bool
            Leave out notes, owners, competitor leanings and the inside-coach
            role (:func:`powermap.render.map.redacted`): a page to forward.
        lang : {"en", "zh"}
            Language of the page.
        policy : Policy, optional
            The thresholds the gaps follow.
        plan : int
            How many of the plan's actions the side panel lists (0: none).
        team : str, Path or DataFrame, optional
            The team's relationships for that plan.

        Returns
        -------
        Path or str
            The path written, or the page itself when no ``path`` is given:
            one self-contained HTML file that works offline.

        Examples
        --------
        >>> import pathlib, tempfile, powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> pm.to_html(pathlib.Path(tempfile.mkdtemp()) / "map.html", plan=3).name
        'map.html'
        >>> pm.to_html(redact=True).startswith("<!DOCTYPE html>")
        True
        """
        from powermap.render.map import power_map_html, write_html

        actions = self._planned(plan, redact=redact, lang=lang, policy=policy, team=team)
        shown = self.analysis(policy, lang)
        if path is None:
            return power_map_html(self.deal, redact=redact, lang=lang, policy=policy, plan=actions, analysis=shown)
        return write_html(self.deal, path, redact=redact, lang=lang, policy=policy, plan=actions, analysis=shown)

    def map_view(
        self, *, redact: bool = False, lang: str = "en", policy=None, height: int = 640, plan: int = 0, team=None
    ):
        """The interactive map as a notebook object (:class:`powermap.render.map.MapView`).

        Parameters
        ----------
        redact : bool
            Leave out what :meth:`to_html` leaves out with ``redact``.
        lang : {"en", "zh"}
            Language of the map.
        policy : Policy, optional
            The thresholds the gaps follow.
        height : int
            Height of the frame in the notebook, in pixels.
        plan : int
            How many of the plan's actions the side panel lists (0: none).
        team : str, Path or DataFrame, optional
            The team's relationships for that plan.

        Returns
        -------
        MapView
            Jupyter shows it as the map; ``view.save(path)`` writes the page.

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> pm.map_view(redact=True)
        <MapView manufacturer: use save(path) for the HTML file>
        """
        from powermap.render.map import MapView, power_map_html

        actions = self._planned(plan, redact=redact, lang=lang, policy=policy, team=team)
        return MapView(
            power_map_html(
                self.deal, redact=redact, lang=lang, policy=policy, plan=actions, analysis=self.analysis(policy, lang)
            ),
            self.deal.account.name,
            height,
        )

    def show(self, *, redact: bool = False, lang: str = "en", policy=None, height: int = 640, plan: int = 0) -> None:
        """Display the interactive map inline in Jupyter (JupyterLab, classic notebook, VS Code)."""
        try:
            from IPython.display import display
        except ImportError:
            raise RuntimeError(
                "show() needs IPython (a Jupyter session); write the map with pm.to_html('map.html') instead"
            ) from None
        display(self.map_view(redact=redact, lang=lang, policy=policy, height=height, plan=plan))

    def report(
        self,
        path: str | Path | None = None,
        *,
        lang: str = "en",
        policy=None,
        with_map: bool = True,
        plan_steps: int = 5,
        team=None,
    ):
        """The coach's report (see :func:`powermap.render.report.report_html`).

        Written to ``path`` if given, else returned as a string. Its Plan
        section holds the plan's first ``plan_steps`` actions (0 leaves it out).

        Parameters
        ----------
        path : str or Path, optional
            Where to write the report (atomically).
        lang : {"en", "zh"}
            Language of the gaps, advice and headings.
        policy : Policy, optional
            The thresholds the score and gaps follow.
        with_map : bool
            Embed the interactive map (the report then works offline as one file).
        plan_steps : int
            How many of the plan's actions the Plan section holds (0 leaves it out).
        team : str, Path or DataFrame, optional
            The team's relationships for that plan.

        Returns
        -------
        Path or str
            The path written, or the HTML document when no ``path`` is given.

        Examples
        --------
        >>> import pathlib, tempfile, powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    stage=4, technicality="high", as_of="2026-11-15")
        >>> path = pm.report(pathlib.Path(tempfile.mkdtemp()) / "report.html", with_map=False, plan_steps=2)
        >>> "Brian Kessler" in path.read_text(encoding="utf-8")
        True
        """
        from powermap.render.report import report_html, write_report

        plan = self._planned_json(plan_steps, policy=policy, lang=lang, team=team)
        shown = self.analysis(policy, lang)
        if path is None:
            return report_html(self.deal, lang=lang, policy=policy, with_map=with_map, plan=plan, analysis=shown)
        return write_report(self.deal, path, lang=lang, policy=policy, with_map=with_map, plan=plan, analysis=shown)

    def _planned_json(self, steps: int, *, team=None, policy=None, **options: Any) -> dict[str, Any] | None:
        """This map's plan of ``steps`` actions as its JSON object, or None for no plan."""
        if not steps:
            return None
        from powermap.plan.actions import plan_actions

        return plan_actions(self.deal, steps=steps, team=team, policy=policy, analysis=self.analysis(policy), **options)

    def _planned(self, steps: int, **options: Any) -> list[dict] | None:
        """The first ``steps`` actions of this map's plan, or None for no plan."""
        planned = self._planned_json(steps, **options)
        return None if planned is None else planned["actions"]

    def _repr_html_(self) -> str:
        from powermap.render.map import summary_html

        return summary_html(self.deal, analysis=self.analysis())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/plain": repr(self), "text/html": self._repr_html_()}

    def summary(self) -> dict[str, Any]:
        """Counts a reader wants first: people, levels, roles, links, what was inferred.

        Returns
        -------
        dict
            ``contacts, links, edges, departments``, ``levels`` and ``roles``
            (counts by value), and how many values were inferred, defaulted or
            unknown (``level_inferred, level_unknown, relationship_defaulted,
            relationship_from_activity, relationship_from_activity_log,
            stance_unknown, influence_unknown``).

        Examples
        --------
        >>> import powermap
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv")
        >>> facts = pm.summary()
        >>> facts["contacts"], facts["links"], facts["levels"]
        (36, 18, {'staff': 17, 'mid': 14, 'executive': 5})
        """
        c = self.deal.contacts
        roles = pd.Series([r for rs in c["roles"] for r in rs], dtype=object)
        return {
            "contacts": len(c),
            "links": len(self.deal.links),
            "edges": self.graph.number_of_edges(),
            "departments": int((c["department"] != "").sum() and c.loc[c["department"] != "", "department"].nunique()),
            "levels": c["level"].fillna("unknown").value_counts().to_dict(),
            "roles": roles.value_counts().to_dict(),
            "level_inferred": int(c["level_source"].isin(["title", "reporting line"]).sum()),
            "level_unknown": int((c["level_source"] == "unknown").sum()),
            "relationship_defaulted": int((c["relationship_source"] == "default").sum()),
            "relationship_from_activity": int((c["relationship_source"] == "activity").sum()),
            "relationship_from_activity_log": int((c["relationship_source"] == "activity-log").sum()),
            "stance_unknown": int(c["stance"].isna().sum()),
            "influence_unknown": int(c["influence"].isna().sum()),
        }


def _build(
    raw: RawAccount,
    links_path: str | Path | None,
    facts: dict[str, Any],
    default_name: str,
    source: str | None,
    read=None,
    policy=None,
) -> PowerMap:
    from powermap.io.activity import engagement_from_activity
    from powermap.io.lookalike import lookalike_warnings
    from powermap.io.profiles import ReadOptions, prepare
    from powermap.policy import Policy

    links_raw: RawTable | None = read_links(links_path) if links_path is not None else None
    options = read if isinstance(read, ReadOptions) else ReadOptions(**(read or {}))
    table, reading, read_problems = prepare(raw.contacts, options)
    raw = RawAccount(table, raw.links, raw.account)
    rules = policy or Policy()
    contacts, links, account, problems = _load.validate(
        raw, links_raw, facts, default_name=default_name, years=rules.years
    )
    if not problems:
        reading.warnings += lookalike_warnings(contacts)
    try:
        _load.raise_if(read_problems + reading.relocate(problems))
    except InputError as error:
        error.reading = reading  # what was read, for `powermap validate` to show beside the problems
        raise
    days = rules.activity_engagement_days
    contacts = engagement_from_activity(contacts, pd.Timestamp(account.as_of), days)
    engaged = int((contacts["relationship_source"] == "activity").sum())
    if engaged:
        reading.notes.append(
            f"relationship from activity: {engaged} contact(s) without a given relationship were "
            f"last contacted within {days} days of {account.as_of.isoformat()}, so they count as "
            "business (1), marked relationship_source = activity (policy activity_engagement_days; "
            "0 turns it off)"
        )
    matched = None
    if options.activities:
        from powermap.analysis.touches import with_activities
        from powermap.io.profiles import read_users

        users = read_users(options.users) if options.users is not None else None
        contacts, links, matched, notes = with_activities(
            contacts,
            links,
            options.activities,
            pd.Timestamp(account.as_of),
            policy or Policy(),
            account.name,
            users,
            options.dayfirst,
        )
        reading.notes += notes
    logs = options.activities if isinstance(options.activities, (list, tuple)) else [options.activities]
    read_files = [source, links_path, *logs]  # every file read for this deal, in reading order
    sources = tuple(str(path) for path in read_files if isinstance(path, (str, Path)))
    pm = PowerMap.of(Deal.trusted(contacts, links, account, source=source, sources=sources))
    pm.reading = reading
    pm.activity = matched
    return pm


def load(
    path: str | Path,
    *,
    links: str | Path | None = None,
    name: str | None = None,
    stage: int | str | None = None,
    technicality: str | None = None,
    as_of: str | dt.date | None = None,
    encoding: str | None = None,
    read=None,
    policy=None,
) -> PowerMap:
    """Read, validate and model one account from a file.

    Parameters
    ----------
    path : str or Path
        Contacts as CSV/TSV (UTF-8, UTF-8 with BOM, UTF-16, GB18030/GBK), XLSX
        (a ``links`` sheet is read too), Parquet, or a JSON/YAML account file
        with ``account``, ``contacts`` and ``links``.
    links : str or Path, optional
        A separate links table.
    name : str, optional
        The account's name (default: the file's own ``account`` block, else the file's stem).
    stage : int or str, optional
        The sales stage, 1-8 or its name (``"demo"``, ``"negotiation"``, ...).
    technicality : {"low", "medium", "high"}, optional
        How technical the purchase is (default medium).
    as_of : str or date, optional
        The analysis date (default today). Each of these account facts wins
        over the file's own ``account`` block.
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

    Returns
    -------
    PowerMap
        The validated map; ``pm.reading`` says how the file was read.

    Raises
    ------
    InputError
        With every problem found (``.problems``), each naming file, row, column.

    See Also
    --------
    from_frame : The same from DataFrames.

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    name="Hartwell Precision Castings", stage=4, technicality="high", as_of="2026-11-15")
    >>> pm
    <PowerMap 'Hartwell Precision Castings': 36 contacts, 18 links, stage 4>
    >>> pm.account.technicality, pm.account.as_of.isoformat()
    ('high', '2026-11-15')
    """
    token = FORCED_ENCODING.set(encoding) if encoding is not None else None
    try:
        raw = read_account(path)
        facts = {"name": name, "stage": stage, "technicality": technicality, "as_of": as_of}
        return _build(raw, links, facts, Path(path).stem, str(path), read, policy)
    finally:
        if token is not None:
            FORCED_ENCODING.reset(token)


def from_frame(
    contacts: pd.DataFrame,
    links: pd.DataFrame | None = None,
    *,
    name: str | None = None,
    stage: int | str | None = None,
    technicality: str | None = None,
    as_of: str | dt.date | None = None,
) -> PowerMap:
    """Validate and model one account from DataFrames (a notebook's own tables).

    The frames are read, never changed. Rows are numbered as in a sheet
    (header row 1) in error messages.

    Parameters
    ----------
    contacts : DataFrame
        One row per person: ``id`` and ``name``, and any of ``title,
        department, level, reports_to, roles, influence, stance,
        relationship, owner, last_contact, competitor, notes`` (the words of
        docs/input.md, in English or Chinese, or numbers).
    links : DataFrame, optional
        ``source, target, kind`` (and optionally ``weight``): influence the
        org chart does not show.
    name : str, optional
        The account's name (default ``"account"``).
    stage : int or str, optional
        The sales stage, 1-8 or its name.
    technicality : {"low", "medium", "high"}, optional
        How technical the purchase is (default medium).
    as_of : str or date, optional
        The analysis date (default today).

    Returns
    -------
    PowerMap
        The validated map.

    Raises
    ------
    InputError
        With every problem found (``.problems``), each naming the table, row and column.

    See Also
    --------
    load : The same from a file.

    Examples
    --------
    >>> import pandas as pd, powermap
    >>> pm = powermap.from_frame(pd.DataFrame({"id": ["ceo", "cto"], "name": ["Ana", "Bo"],
    ...     "reports_to": ["", "ceo"], "roles": ["decision maker", "technical buyer"]}), name="Acme", stage=3)
    >>> pm
    <PowerMap 'Acme': 2 contacts, 0 links, stage 3>
    >>> try:
    ...     powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ana", "Bo"], "reports_to": ["", "zz"]}))
    ... except powermap.InputError as error:
    ...     print(error.problems[0])
    contacts, row 3, column 'reports_to': 'zz': reports to nobody in the file: expected the id of a contact (or empty at the top)
    """

    def raw(frame: pd.DataFrame, label: str) -> RawTable:
        return RawTable(label, frame_to_text(frame), list(range(2, len(frame) + 2)))

    raw_account = RawAccount(raw(contacts, "contacts"), raw(links, "links") if links is not None else None)
    facts = {"name": name, "stage": stage, "technicality": technicality, "as_of": as_of}
    return _build(raw_account, None, facts, "account", None)


__all__ += ["InputError"]
