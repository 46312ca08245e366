"""Interactive power map: one self-contained HTML file that works offline.

The page is our own Jinja template (autoescape on) with vis-network's
standalone build inlined from the copy vendored in ``templates/vendor/`` (with
its licence), so the file needs no network. Every text a user
gave travels as JSON inside a ``<script type="application/json">`` block with
``<``, ``>`` and ``&`` escaped, and the page puts it on screen only through
``textContent`` and vis-network's text tooltips.

Positions are computed in Python (:func:`powermap.render.layout.org_layout`, the
compact card layout the static chart uses too), so the browser never runs
physics unless asked; maps above ``fold_above`` people open with each
department folded into one card of a grid, which opens on click.
"""

from __future__ import annotations

import html as _html
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from powermap.analysis.risk import grade
from powermap.analysis.run import deal_and_analysis, why_gap
from powermap.core.deal import CONFIDENTIAL_ROLE, REDACTED_FIELDS
from powermap.core.graph import manager_positions
from powermap.policy import Policy
from powermap.render.gap_groups import group_gaps
from powermap.render.layout import CARD_H, CARD_W, org_layout
from powermap.render.linebreak import clip_lines
from powermap.render.priority import shown_first
from powermap.render.theme import LINK_STYLES, ROLE_CHIPS, STANCE_COLOURS, STANCE_GLYPHS, UNKNOWN_COLOUR, initials, ink
from powermap.text.safe import isolator
from powermap.text.words import LANGS, section, words
from powermap.vocab import ROLE_LABELS

if TYPE_CHECKING:
    from powermap.analysis.run import Analysis
    from powermap.core.deal import Deal

__all__ = [
    "power_map_html",
    "write_html",
    "map_data",
    "role_filter_label",
    "plan_data",
    "redacted",
    "srcdoc_iframe",
    "summary_html",
    "MapView",
    "REDACTED_FIELDS",
    "FOLD_ABOVE",
]

FOLD_ABOVE = 5000  # maps above this many people open with departments folded
FREE_LAYOUT_MAX = 500  # measured (benchmarks/map_html.py): physics settles in about 10 s up to here
SMALL_MAP = 100  # maps up to this many people are laid out to fit a laptop's width at readable size
SMALL_MAP_WIDTH = 1230.0  # layout units: a 1366 px screen's map panel (1066 px) at 11 px names (13 px x 0.85)
LABELS = 60  # people the overview of a larger map may name (the most important first)
CARD_STYLE = {"w": CARD_W, "h": CARD_H, "band": 26, "name_px": 13, "title_px": 11, "chip_px": 9, "glyph_px": 13}
TITLE_CHARS = 26  # characters of a title per card line (11 px text in 150 px)
MAP_MAX_PEOPLE = 100_000  # beyond this the page is too big for a browser to open (and to build in memory)


def map_too_large(deal: Deal, lang: str = "en") -> str | None:
    """Why ``deal`` is too large for the interactive map, or None."""
    if len(deal) <= MAP_MAX_PEOPLE:
        return None
    return words("too_large.map", lang).format(people=len(deal), limit=MAP_MAX_PEOPLE)


STANCE_NAMES = {
    lang: {v: words(f"stance.{v}", lang) for v in (-2, -1, 0, 1, 2)} | {None: words("stance.unknown", lang)}
    for lang in LANGS
}
RELATIONSHIP_NAMES = {lang: {int(v): name for v, name in section("relationship", lang).items()} for lang in LANGS}
# The page's own words (the user's texts are data, never here), in the languages of the gap messages.
UI: dict[str, dict[str, Any]] = {
    lang: section("map", lang)
    | section("punct", lang)
    | {"links": section("link", lang), "levels": section("level", lang), "grades": section("risk", lang)}
    for lang in LANGS
}


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def _number(value: Any) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return int(value)


def redacted(deal: Deal) -> Deal:
    """The map a forwarded file may show: no notes, owners or competitor leanings, nobody an inside coach.

    The analysis then runs on this copy, so no score or gap can point at what
    was taken out: a gap about a "role holder" or "key contact" that only fired
    because someone is the coach does not fire, no gap names an owner or a
    competitor, and the coverage score is the one the map would have without
    the coach role. Gaps about the coach role itself are left out by
    :func:`map_data` (the copy lacks the role, so it would report it missing).
    """
    return getattr(deal, "deal", deal).redacted()


def _about_the_coach(gap: Any) -> bool:
    condition = gap.condition if isinstance(gap.condition, str) else ""
    return gap.role == CONFIDENTIAL_ROLE or "coach" in condition


def map_data(
    deal: Deal,
    *,
    redact: bool = False,
    lang: str = "en",
    policy=None,
    fold_above: int = FOLD_ABOVE,
    layout: str = "tree",
    analysis: Analysis | None = None,
) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data (what the HTML file embeds).

    Parameters
    ----------
    deal : Deal or PowerMap
    redact : bool
        Leave out notes, owners, competitor leanings and the inside-coach role
        (from nodes, legend, gaps and data), for a map that may be forwarded.
    lang : {"en", "zh"}
        Language of the gap messages and advice.
    fold_above : int
        Maps with more people open with each department folded into one box of a grid.
    layout : {"tree", "free"}
        How the page opens: the org chart (positions computed here), or a free
        layout that the browser's physics settles from the org chart, for maps
        of up to ``FREE_LAYOUT_MAX`` people (larger maps open as the org chart,
        and the page does not offer physics there: it would not settle).
    analysis : Analysis, optional
        The deal's analysis (:func:`powermap.analysis.run.analyze`), made under ``policy`` when not given;
        a redacted map analyses its redacted copy.

    Examples
    --------
    >>> import pandas as pd, powermap
    >>> pm = powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ana", "Bo"],
    ...     "reports_to": ["", "a"], "roles": ["decision maker", "coach"], "owner": ["Kim", "Kim"]}))
    >>> data = map_data(pm, redact=True)
    >>> [n["roles"] for n in data["nodes"]], "owner" in data["nodes"][0]
    ([['decision_maker'], []], False)
    """
    if layout not in ("tree", "free"):
        raise ValueError(f"layout must be 'tree' or 'free', not {layout!r}")
    if redact:
        deal = redacted(deal)
    policy = policy or Policy()
    contacts = deal.contacts.copy()
    # one analysis, in the page's language (its figures are the same in any); a redacted copy is analysed itself
    deal, analysis = deal_and_analysis(deal, policy, lang, None if redact else analysis)
    scores = analysis.scores.set_index("id")
    gaps = analysis.gaps
    cover = analysis.coverage.iloc[0]
    ids = contacts["id"].tolist()
    index = {person: i for i, person in enumerate(ids)}
    parent = manager_positions(ids, contacts["reports_to"])

    gap_rows = [g for g in gaps.itertuples(index=False) if not (redact and _about_the_coach(g))]
    isolate = isolator([*contacts["name"], *contacts["id"], *contacts["title"], deal.account.name])  # bidi overrides
    gap_list = [
        {
            "code": g.code,
            "severity": g.severity,
            "message": isolate(g.message),
            "advice": isolate(g.advice),
            "contacts": list(g.contacts),
        }
        for g in gap_rows
    ]
    named_in: dict[str, list[int]] = {}
    for k, g in enumerate(gap_list):
        for person in g["contacts"]:
            named_in.setdefault(person, []).append(k)
    # the score and risk a reader sees are the ones the gaps on the page add up to
    shown = gaps[[not (redact and _about_the_coach(g)) for g in gaps.itertuples(index=False)]]
    graded = grade(shown.assign(account=0), np.array([cover["coverage"]], dtype=float), policy, 1)
    points, risk = int(graded["risk_points"].iat[0]), str(graded["risk"].iat[0])

    influence = scores["effective_influence"].reindex(ids).to_numpy(dtype=float)
    rank = scores["influence_rank"].reindex(ids).to_numpy(dtype=float)
    lead = None if redact else why_gap(analysis)  # a redacted map has no line that says why
    priority = shown_first(
        ids,
        contacts["roles"].tolist(),
        [(g["severity"], g["contacts"]) for g in gap_list],
        rank,
        named=() if lead is None else gap_list[lead]["contacts"],
    )
    lay = org_layout(parent, priority=priority, max_width=SMALL_MAP_WIDTH if len(ids) <= SMALL_MAP else None)
    labels = label_order(
        parent,
        contacts["roles"],
        priority,
        rank,
        department=np.array([_text(d) or "" for d in contacts["department"]], dtype=object),
    )
    nodes = []
    for i, rec in enumerate(contacts.to_dict("records")):
        node = {
            "id": rec["id"],
            "name": _text(rec["name"]) or rec["id"],
            "title": _text(rec["title"]),
            "lines": clip_lines(_text(rec["title"]), TITLE_CHARS),
            "department": _text(rec["department"]),
            "level": _text(rec["level"]),
            "roles": list(rec["roles"]),
            "stance": _number(rec["stance"]),
            "influence": _number(rec["influence"]),
            "relationship": _number(rec["relationship"]),
            "effective_influence": round(float(influence[i]), 3),
            "rank": None if np.isnan(rank[i]) else int(rank[i]),
            "label": labels.get(i),
            "reports_to": _text(rec["reports_to"]),
            "x": round(float(lay.x[i]), 1),
            "y": round(float(lay.y[i]), 1),
            "gaps": named_in.get(rec["id"], []),
        }
        if not redact:
            node["owner"] = _text(rec.get("owner"))
            node["initials"] = initials(node["owner"])
            node["competitor"] = _text(rec.get("competitor"))
            node["notes"] = _text(rec.get("notes"))
            last = rec.get("last_contact")
            node["last_contact"] = None if last is None or pd.isna(last) else str(pd.Timestamp(last).date())
        nodes.append(node)

    edges = [
        {"from": contacts.at[c, "reports_to"], "to": ids[c], "kind": "reports"} for c in np.flatnonzero(parent >= 0)
    ]
    for link in deal.links.itertuples(index=False):
        if link.source in index and link.target in index:
            edges.append(
                {"from": link.source, "to": link.target, "kind": link.kind, "weight": round(float(link.weight), 3)}
            )
    connectors = [
        [ids[boss], ids[report], [round(float(v), 1) for v in path.ravel()]] for boss, report, path in lay.connectors
    ]

    role_ids = [r for r in ROLE_CHIPS["en"] if not (redact and r == CONFIDENTIAL_ROLE)]
    words = lang if lang in UI else "en"
    fold_prefix = "\u241fdepartment\u241f"
    while any(person.startswith(fold_prefix) for person in ids):  # a folded department's node id is nobody's id
        fold_prefix += "\u241f"
    return {
        "account": {
            "name": deal.account.name,
            "stage": deal.account.stage,
            "as_of": str(deal.account.as_of) if deal.account.as_of else None,
            "coverage": round(float(cover["coverage"]), 1),
            "risk": risk,
            "risk_points": points,
            # the line that says why (a redacted map regrades its visible gaps, and its line could name the coach)
            "why": None if redact else isolate(str(cover["why"] or "")) or None,
        },
        "redacted": redact,
        "fold": len(nodes) > fold_above,
        "layout": layout if layout == "tree" or len(nodes) <= FREE_LAYOUT_MAX else "tree",
        "free_layout_max": FREE_LAYOUT_MAX,
        "card": CARD_STYLE,
        "nodes": nodes,
        "edges": edges,
        "connectors": connectors,
        "gaps": gap_list,
        # the side panel lists the gaps as every text output does: one line per kind, people and advice once
        "gap_groups": [
            {k: group[k] for k in ("severity", "count", "message", "people_line", "advice", "contacts")}
            for group in group_gaps(
                [
                    dict(g, role=r.role if isinstance(r.role, str) else None, condition=r.condition)
                    for g, r in zip(gap_list, gap_rows)
                ],
                nodes,
                lang=words,
                as_of=deal.account.as_of,
                stage=deal.account.stage,
                lead=lead,
            )
        ],
        "legend": {
            "stances": [stance_entry(v, words) for v in (2, 1, 0, -1, -2, None)],
            "roles": [
                {
                    "id": r,
                    "chip": ROLE_CHIPS[words][r],
                    "name": ROLE_LABELS[r][words],
                    "label": role_filter_label(r, words),
                }
                for r in role_ids
            ],
            "relationships": RELATIONSHIP_NAMES[words],
            "links": {
                kind: {"colour": style["colour"], "dashes": style["dashes"], "name": UI[words]["links"][kind]}
                for kind, style in LINK_STYLES.items()
            },
        },
        "fold_prefix": fold_prefix,
        "ui": UI[words],
    }


def plan_data(actions: list[dict], redact: bool = False) -> list[dict[str, Any]]:
    """A plan's actions (``plan_actions(...)["actions"]``) as the map embeds them: rank, sentence, person, path,
    who acts (a redacted map names none of our people; plan a redacted map with ``redact=True`` so that no path
    routes through an inside coach). Clicking one on the map shows its path."""
    return [
        {
            "rank": a["rank"],
            "action": a["action"],
            "contact": a["contact"],
            "via": list(a["via"]),
            "people": list(a["change"].get("people", [a["contact"]])),  # a meeting's people, all shown on a click
            "member": None if redact else a["member"],
        }
        for a in actions
    ]


def stance_entry(value: int | None, lang: str = "en") -> dict[str, Any]:
    """A stance's name, colour, glyph and the text colour that reads on it."""
    colour = STANCE_COLOURS.get(value, UNKNOWN_COLOUR) if value is not None else UNKNOWN_COLOUR
    return {
        "value": value,
        "name": STANCE_NAMES[lang][value],
        "colour": colour,
        "glyph": STANCE_GLYPHS[value],
        "ink": ink(colour),
    }


def role_filter_label(role: str, lang: str = "en") -> str:
    """A role as the map's filter lists it: its name, and its card chip first only where the name does not
    already hold it, so each role reads once ("inside coach", but "DM decision maker").

    >>> role_filter_label("initiator"), role_filter_label("decision_maker"), role_filter_label("initiator", "zh")
    ('initiator', 'DM decision maker', '首倡者')
    """
    chip, name = ROLE_CHIPS[lang][role], ROLE_LABELS[role][lang]
    return name if chip.casefold() in name.casefold() else f"{chip} {name}"


def label_order(
    parent: np.ndarray,
    roles,
    priority: np.ndarray,
    rank: np.ndarray,
    limit: int = LABELS,
    department: np.ndarray | None = None,
) -> dict[int, int]:
    """Whom a zoomed-out map names, in order (position -> place): the top of each reporting tree, the head of
    each department (a report of the top, or the first person of a department under another), the decision
    makers, the people in high-severity gaps, then by influence.

    The map draws these names at a readable size over an overview too small for the cards' own text,
    skipping one that would overlap a name already drawn, so every department's head is named first (with
    the department's name above theirs).

    >>> label_order(np.array([-1, 0, 0, 1]), [[], [], [], ["decision_maker"]], np.array([2, 2, 2, 0]),
    ...             np.array([1, 2, 3, 4]))
    {0: 0, 1: 1, 2: 2, 3: 3}
    >>> # Procurement under the CFO's Finance: its head before a more influential analyst
    >>> label_order(np.array([-1, 0, 1, 1]), [[], [], [], []], np.array([2, 2, 2, 2]), np.array([1, 2, 3, 4]),
    ...             department=np.array(["Office", "Finance", "Finance", "Procurement"]))
    {0: 0, 1: 1, 3: 2, 2: 3}
    """
    parent = np.asarray(parent, dtype=int)
    top = parent < 0
    above = np.maximum(parent, 0)
    head = ~top & top[above]
    if department is not None:
        department = np.asarray(department, dtype=object)
        head |= ~top & (department != "") & (department != department[above])
    deciding = np.array(["decision_maker" in r for r in roles], dtype=bool)
    tier = np.select([top, head, deciding, np.floor(priority) <= 0], [0, 1, 2, 3], default=4)
    order = np.lexsort((np.nan_to_num(rank, nan=np.inf), tier))[:limit]
    return {int(i): k for k, i in enumerate(order)}


def _script_json(data: Any) -> str:
    """JSON that cannot end the ``<script>`` block it sits in, whatever the user's text says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    """vis-network's standalone build, vendored with its licence in ``templates/vendor/`` (no CDN, no pyvis)."""
    js = (
        resources.files("powermap.render")
        .joinpath("templates", "vendor", "vis-network.min.js")
        .read_text(encoding="utf-8")
    )
    if "</script" in js.lower():  # would end the inline block early
        raise RuntimeError("the bundled vis-network build contains '</script' and cannot be inlined")
    return js


@lru_cache(maxsize=1)
def template_environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("powermap.render", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    return resources.files("powermap.render").joinpath("templates", name).read_text(encoding="utf-8")


def power_map_html(
    deal: Deal,
    *,
    redact: bool = False,
    lang: str = "en",
    policy=None,
    fold_above: int = FOLD_ABOVE,
    layout: str = "tree",
    title: str | None = None,
    plan: list[dict] | None = None,
    analysis: Analysis | None = None,
) -> str:
    """The interactive power map as one HTML document (a string); see :func:`map_data` for the options.

    ``plan`` is the actions of a plan (``powermap.plan.plan_actions(pm, ...)["actions"]``, planned with the same
    ``redact``): the side panel lists them and a click shows each one's path. ``pm.to_html(plan=N)`` plans and
    draws in one call.

    >>> import pandas as pd, powermap
    >>> pm = powermap.from_frame(pd.DataFrame({"id": ["a"], "name": ["<b>Ana</b>"], "roles": ["decision maker"]}))
    >>> page = power_map_html(pm)
    >>> "<b>Ana</b>" in page, "https://" in page.split("<script")[0]
    (False, False)
    """
    from markupsafe import Markup

    too_large = map_too_large(deal, lang)
    if too_large:
        raise ValueError(too_large)
    data = map_data(
        deal, redact=redact, lang=lang, policy=policy, fold_above=fold_above, layout=layout, analysis=analysis
    )
    if plan is not None and not isinstance(plan, list):
        raise TypeError(
            f"plan= takes a plan's actions (a list), not {type(plan).__name__}: "
            "pm.to_html(plan=N) plans N actions and draws them"
        )
    if plan is not None:  # a plan asked for is shown, even one with no step: the panel says nothing helps
        isolate = isolator([*deal.contacts["name"], *deal.contacts["id"], *deal.contacts["title"], deal.account.name])
        data["plan"] = [dict(a, action=isolate(a["action"])) for a in plan_data(plan, redact)]
    return (
        template_environment()
        .get_template("map.html.j2")
        .render(
            title=title or data["ui"]["page_title"].format(name=deal.account.name),
            lang=lang,
            data=data,
            ui=data["ui"],
            data_json=Markup(_script_json(data)),
            vis_js=Markup(_vis_network_js()),
            map_js=Markup(_asset("map.js")),
            map_css=Markup(_asset("map.css")),
            plan_js=Markup(_asset("plan.js")) if plan else "",
        )
    )


def write_html(deal: Deal, path: str | Path, **options: Any) -> Path:
    """Write :func:`power_map_html` to ``path`` (UTF-8, atomically: see :mod:`powermap.io.writing`)."""
    from powermap.io.writing import write_text

    return write_text(path, power_map_html(deal, **options))


def srcdoc_iframe(page: str, *, height: int = 640) -> str:
    """An ``<iframe srcdoc>`` holding a whole page, escaped, for Jupyter, VS Code and the report.

    The page runs inside the frame, isolated from the notebook's own page, and
    needs no file on disk (VS Code shows an IFrame to a local file as a blank cell).
    """
    return (
        f'<iframe srcdoc="{_html.escape(page, quote=True)}" style="width:100%;height:{int(height)}px;'
        'border:1px solid #cfd8dc;border-radius:4px" sandbox="allow-scripts"></iframe>'
    )


def summary_html(deal: Deal, *, top: int = 3, analysis: Analysis | None = None) -> str:
    """A compact HTML summary for notebooks: score, risk, size and the most severe gaps (all text escaped)."""
    deal, result = deal_and_analysis(deal, analysis=analysis)
    cover = result.coverage.iloc[0]
    gaps = result.gaps
    colour = {"high": "#c62828", "medium": "#ef6c00", "low": "#2e7d32"}[str(cover["risk"])]
    stage = f" &middot; stage {deal.account.stage}" if deal.account.stage else ""
    items = "".join(
        f'<li><b style="color:{"#c62828" if g.severity == "high" else "#ef6c00" if g.severity == "medium" else "#607d8b"}">'
        f"{_html.escape(g.severity)}</b> <code>{_html.escape(g.code)}</code>: {_html.escape(g.message)}</li>"
        for g in gaps.head(top).itertuples()
    )
    more = (
        f"<p style='margin:0;color:#607d8b'>... and {len(gaps) - top} more gaps (<code>deal.gaps()</code>)</p>"
        if len(gaps) > top
        else ""
    )
    body = (
        f"<ol style='margin:4px 0 4px 18px;padding:0'>{items}</ol>{more}"
        if len(gaps)
        else "<p style='margin:4px 0;color:#2e7d32'>No gaps.</p>"
    )
    return (
        f"<div class='powermap-summary' style='font-family:sans-serif;line-height:1.4'>"
        f"<b>{_html.escape(deal.account.name)}</b>: {len(deal)} people{stage} &middot; coverage "
        f"<b>{cover['coverage']:.0f}</b>/100 &middot; risk <b style='color:{colour}'>{_html.escape(str(cover['risk']))}</b>"
        f" &middot; {len(gaps)} gaps{body}</div>"
    )


class MapView:
    """The interactive map for notebooks: an escaped ``<iframe srcdoc>`` (JupyterLab, classic notebook, VS Code).

    Shown by Jupyter through ``_repr_html_``; ``_repr_mimebundle_`` adds a
    ``text/plain`` line for consoles. ``save(path)`` writes the page itself.
    """

    def __init__(self, page: str, label: str, height: int = 640):
        self.page, self.label, self.height = page, label, height

    def __repr__(self) -> str:
        return f"<MapView {self.label}: use save(path) for the HTML file>"

    def _repr_html_(self) -> str:
        return srcdoc_iframe(self.page, height=self.height)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/plain": repr(self), "text/html": self._repr_html_()}

    def save(self, path: str | Path) -> Path:
        from powermap.io.writing import write_text

        return write_text(path, self.page)
