"""Static org chart of a power map (matplotlib): PNG, SVG or PDF.

The chart only draws what the analysis computed, in the interactive map's
card layout (:mod:`powermap.render.layout`): stance as a coloured band and a glyph,
relationship depth as the border, a dashed grey card for people not engaged,
role chips, the owner's initials, links in the direction influence flows, and
a red frame round everyone a high-severity gap names. A chart is a page:
it fits A4 landscape at its natural size with no text under 7 pt; an
organisation too large for that opens on its key people with the others
counted in department boxes (:mod:`powermap.render.chart_pages`).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

    from powermap.analysis.run import Analysis
    from powermap.core.deal import Deal

__all__ = [
    "org_chart",
    "chart_too_large",
    "drawn_links",
    "CHART_MAX_LINKS",
    "key_people",
    "chart_pages",
    "chart_priority",
    "save_pages",
    "save_figure",
    "as_drawn",
    "cjk_font",
    "font_family",
    "MissingFontWarning",
    "STANCE_COLOURS",
    "UNKNOWN_COLOUR",
]

from powermap.render.theme import STANCE_COLOURS, UNKNOWN_COLOUR  # noqa: E402  (re-exported: older code imports them from here)
from powermap.text.safe import terminal  # noqa: E402
from powermap.text.words import LANGS, section, words  # noqa: E402
from powermap.vocab import has_cjk  # noqa: E402

ROLE_LETTERS = {
    "decision_maker": "D",
    "advisor": "A",
    "initiator": "I",
    "technical_supporter": "T",
    "key_user": "K",
    "inside_coach": "C",
    "gatekeeper": "G",
    "finance": "F",
    "purchaser": "P",
    "influencer": "N",
    "legal": "L",
}
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "AR PL UMing CN",
)
CJK_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


class MissingFontWarning(UserWarning):
    """Names in a script no installed font can draw."""


def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, registering Debian's Noto CJK if needed.

    matplotlib reads only the first face of a ``.ttc`` collection, so Debian's
    ``fonts-noto-cjk`` registers as "Noto Sans CJK JP", which has the Chinese
    glyphs too.
    """
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    # every face found, the bold one too: with the regular alone, each bold title is drawn regular and
    # matplotlib warns "Failed to find font weight bold" on the user's terminal
    found = [path for path in CJK_FILES if Path(path).exists()]
    for path in found:
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=found[0]).get_name() if found else None


def font_family(texts) -> list[str]:
    """The font family list for these texts: DejaVu Sans, plus a CJK font when any text is Chinese.

    Warns (:class:`MissingFontWarning`) naming what to install when no CJK font is found.
    """
    if not any(has_cjk(text) for text in texts):
        return ["DejaVu Sans"]
    font = cjk_font()
    if font is None:
        warnings.warn(
            "no font with Chinese glyphs is installed, so Chinese names will show as boxes: install "
            "Noto Sans CJK (Debian: apt-get install fonts-noto-cjk) or WenQuanYi Zen Hei",
            MissingFontWarning,
            stacklevel=3,
        )
        return ["DejaVu Sans"]
    return ["DejaVu Sans", font]


CHART_MAX_PEOPLE = 1_000  # a static chart of more is unreadable, and takes minutes to draw
CHART_MAX_LEVELS = 40  # levels of the reporting line: the image's height grows with them


def chart_too_large(deal: Deal, lang: str = "en") -> str | None:
    """Why ``deal`` is too large for a static org chart (with what to use instead), or None."""
    people = len(deal)
    levels = int(deal.contacts["depth"].max()) + 1 if people and deal.contacts["depth"].notna().any() else 1
    if people <= CHART_MAX_PEOPLE and levels <= CHART_MAX_LEVELS:
        return None
    return words("too_large.chart", lang).format(
        people=people, levels=levels, max_people=CHART_MAX_PEOPLE, max_levels=CHART_MAX_LEVELS
    )


CHART_MAX_LINKS = 2_000  # links drawn on a static chart, the strongest first: more is a smear that takes minutes


def drawn_links(links: pd.DataFrame, limit: int = CHART_MAX_LINKS) -> pd.DataFrame:
    """The links a static chart draws: all of them up to ``limit``, else the ``limit`` strongest (by weight, file
    order among equals).

    >>> import pandas as pd
    >>> links = pd.DataFrame({"source": list("abc"), "target": list("bca"), "weight": [0.2, 0.9, 0.5]})
    >>> drawn_links(links, limit=2)["source"].tolist()
    ['b', 'c']
    """
    if len(links) <= limit:
        return links
    return links.iloc[np.argsort(-links["weight"].to_numpy(dtype=float), kind="stable")[:limit]]


PAGE_IN = (297 / 25.4, 210 / 25.4)  # A4 landscape: the page a chart must fit at its natural size
NAME_PT = 7.0  # the smallest name on a chart page (A4 landscape at its natural size); titles and chips are 11/13
UNIT_IN = NAME_PT / (13 * 72)  # inches per layout unit: the card's 13-unit name text comes out at 7 pt
HEAD_IN, FOOT_IN, SIDE_IN = 0.85, 0.95, 0.25  # heading, legend and side margins (inches)
ALL_WIDTH_IN = 16.0  # one image of everyone (--focus all to PNG or SVG): no wider than this
CHART_WORDS: dict[str, dict[str, Any]] = {
    lang: section("chart", lang)
    | {
        "grades": section("risk", lang),
        "links": section("link", lang) | {"trusts": words("chart.trusts", lang)},
        "stances": {v: words(f"stance.{v}", lang) for v in (2, 1, 0, -1, -2)}
        | {None: words("chart.stance_unknown", lang)},
    }
    for lang in LANGS
}


def as_drawn(deal: Deal) -> Deal:
    """The deal as a chart draws it: the control characters in names, titles, departments and the account's name
    shown as their escapes (:func:`powermap.text.safe.terminal`), so that a page shown inline in a notebook, which
    :func:`save_figure` never sees, shows them as text too, and each card is sized for what it shows.

    >>> from powermap.core.deal import Deal
    >>> from powermap.io.validate import Account
    >>> deal = Deal.trusted(pd.DataFrame({"id": ["a"], "name": ["Ana\\x1b[2J"]}), None, Account(name="Acme"))
    >>> as_drawn(deal).contacts["name"].tolist()
    ['Ana\\\\x1b[2J']
    """
    from dataclasses import replace

    contacts = deal.contacts.copy()
    for column in ("name", "title", "department"):
        if column in contacts.columns:
            contacts[column] = contacts[column].map(lambda v: terminal(v) if isinstance(v, str) else v)
    return deal.replace(contacts=contacts, account=replace(deal.account, name=terminal(deal.account.name)))


def save_figure(figure: Figure, path, **options) -> None:
    """``figure.savefig`` with SVG text kept as text (editable in slide software), the setting scoped to this save.

    Control characters in the figure's texts (a name's ``\\x01``, an escape sequence) are shown as their escapes:
    in an SVG they would make the XML invalid, and the image would not open at all.
    """
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    for text in figure.findobj(Text):
        shown = terminal(text.get_text())
        if shown != text.get_text():
            text.set_text(shown)
    with plt.rc_context({"svg.fonttype": "none"}):
        figure.savefig(path, **options)


def save_pages(figures: list[Figure], path, **options) -> None:
    """Several chart pages into one PDF (one page each); closes nothing."""
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for figure in figures:
            pdf.savefig(figure, **options)


def key_people(deal: Deal, *, policy=None, lang: str = "en", analysis: Analysis | None = None) -> np.ndarray:
    """Who a key-people chart keeps: decision makers, role holders, people named in gaps, and every manager
    on the reporting line between them and the top (a boolean mask in contact order)."""
    from powermap.analysis.run import deal_and_analysis
    from powermap.core.graph import manager_positions

    deal, result = deal_and_analysis(deal, policy, lang, analysis)
    contacts = deal.contacts.copy()
    gaps = result.gaps
    named = {p for people in gaps["contacts"] for p in people}
    keep = np.array([bool(roles) or person in named for person, roles in zip(contacts["id"], contacts["roles"])])
    from powermap.render.chart_pages import with_managers

    return with_managers(manager_positions(contacts["id"].tolist(), contacts["reports_to"]), keep)


def chart_priority(deal: Deal, analysis) -> np.ndarray:
    """Who a page shows first (lower first): :func:`powermap.render.priority.shown_first` of the deal and its
    analysis, the person the risk line names first."""
    from powermap.analysis.run import why_gap
    from powermap.render.priority import shown_first

    contacts, gaps = deal.contacts, analysis.gaps
    lead = why_gap(analysis)
    rank = dict(zip(analysis.scores["id"], analysis.scores["influence_rank"]))
    return shown_first(
        contacts["id"].tolist(),
        contacts["roles"].tolist(),
        zip(gaps["severity"], gaps["contacts"]),
        [float(rank.get(person, np.nan)) for person in contacts["id"]],
        named=() if lead is None else gaps["contacts"].iat[lead],
    )


def chart_pages(
    deal: Deal,
    *,
    lang: str = "en",
    title: str | None = None,
    policy=None,
    focus: str = "auto",
    aspect: float | None = None,
    note: str | None = None,
    analysis: Analysis | None = None,
) -> list[Figure]:
    """The org chart as pages that each fit A4 landscape at their natural size, no text under 7 pt.

    Parameters
    ----------
    deal : Deal or PowerMap
    analysis : Analysis, optional
        The deal's analysis (made here under ``policy`` when not given).
    lang : {"en", "zh"}
    title : str, optional
        Replaces the heading (account, coverage and risk).
    policy : Policy, optional
    focus : {"auto", "key", "all"}
        ``auto``: everyone if they fit a page, else the key people that fit
        (decision makers and people in high-severity gaps first, then role
        holders, then the others named in gaps, with the managers between
        them and the top) and one box per department counting the rest;
        ``key``: that overview even when everyone would fit; ``all``: the
        overview, then one page per department (more where one does not fit).
    aspect : float, optional
        The width / height the layout aims at within the page (default: the page's chart area).
    note : str, optional
        Replaces the overview's line under the heading (the report's, which has no ``--focus``); ``{n}`` and
        ``{m}`` stand for the people drawn and everyone.

    Returns
    -------
    list of Figure
        One page for ``auto`` and ``key``; the overview and the department pages for ``all``.
    """
    from powermap.analysis.run import deal_and_analysis
    from powermap.core.graph import manager_positions
    from powermap.render.chart_pages import Page, department_pages, departments, overview_page, page_layout

    if focus not in ("auto", "key", "all"):
        raise ValueError(f"focus must be 'auto', 'key' or 'all', not {focus!r}")
    too_large = chart_too_large(deal, lang)
    if too_large:
        raise ValueError(too_large)
    deal, analysis = deal_and_analysis(deal, policy, lang, analysis)
    deal = as_drawn(deal)
    title = None if title is None else terminal(title)
    contacts = deal.contacts.copy()
    parent = manager_positions(contacts["id"].tolist(), contacts["reports_to"])
    priority = chart_priority(deal, analysis)
    dept = departments(
        parent, contacts["department"] if "department" in contacts else [""] * len(contacts), contacts["name"]
    )
    max_w = (PAGE_IN[0] - 2 * SIDE_IN) / UNIT_IN - 20
    max_h = (PAGE_IN[1] - HEAD_IN - FOOT_IN - 0.3) / UNIT_IN
    aim = aspect or max_w / max_h

    def fits(page: Page) -> bool:
        lay = page_layout(parent, page, priority, aspect=aim, max_width=max_w, max_height=max_h)
        return lay.width <= max_w + 1e-6 and lay.height <= max_h + 1e-6

    first = overview_page(parent, priority, dept, fits, whole=focus != "key")
    pages = [first]
    if focus == "all" and len(first.people) < len(contacts):
        pages += department_pages(parent, dept, fits)
    import matplotlib.pyplot as plt

    with plt.rc_context({"figure.max_open_warning": 0}):  # a page per department: the caller saves and closes them
        return [
            _draw_page(
                deal,
                analysis,
                parent,
                priority,
                page,
                lang=lang,
                title=title,
                aspect=aim,
                max_width=max_w,
                max_height=max_h,
                note=note,
            )
            for page in pages
        ]


def org_chart(
    deal: Deal,
    *,
    lang: str = "en",
    title: str | None = None,
    policy=None,
    focus: str = "auto",
    aspect: float | None = None,
    note: str | None = None,
    analysis: Analysis | None = None,
) -> Figure:
    """Draw the power map as an org chart of cards (the interactive map's layout) and return the Figure.

    Parameters
    ----------
    deal : Deal or PowerMap
    analysis : Analysis, optional
        The deal's analysis (made here under ``policy`` when not given).
    lang : {"en", "zh"}
        Language of the title, legend, role chips and gaps.
    title : str, optional
        Replaces the heading (account, coverage and risk).
    policy : Policy, optional
        The thresholds the scores and gaps (and so the highlighting) follow.
    focus : {"auto", "key", "all"}
        ``auto``: everyone if they fit an A4 landscape page with no text under
        7 pt, else the key people that fit and one box per department counting
        the others; ``key``: that overview always; ``all``: everyone on one
        image (at most 16 in wide, as tall as it takes; :func:`chart_pages`
        draws everyone on pages instead).
    aspect : float, optional
        The width / height the layout aims at (default: the page's chart area, about 1.8).
    note : str, optional
        Replaces the line under the heading that says who a folded chart shows (``{n}`` drawn of ``{m}``).

    Raises
    ------
    ValueError
        For a map beyond ``CHART_MAX_PEOPLE`` people or ``CHART_MAX_LEVELS`` levels (:func:`chart_too_large`).

    Examples
    --------
    >>> import pandas as pd, powermap
    >>> pm = powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ann", "Bo"], "reports_to": ["", "a"]}))
    >>> width, height = org_chart(pm).get_size_inches()
    >>> bool(width <= 297 / 25.4 and height <= 210 / 25.4)
    True
    """
    if focus != "all":
        return chart_pages(
            deal, lang=lang, title=title, policy=policy, focus=focus, aspect=aspect, note=note, analysis=analysis
        )[0]
    from powermap.analysis.run import deal_and_analysis
    from powermap.core.graph import manager_positions
    from powermap.render.chart_pages import Page

    too_large = chart_too_large(deal, lang)
    if too_large:
        raise ValueError(too_large)
    deal, analysis = deal_and_analysis(deal, policy, lang, analysis)
    parent = manager_positions(deal.contacts["id"].tolist(), deal.contacts["reports_to"])
    return _draw_page(
        deal,
        analysis,
        parent,
        chart_priority(deal, analysis),
        Page(np.arange(len(deal.contacts))),
        lang=lang,
        title=title,
        aspect=aspect or 1.6,
        max_width=(ALL_WIDTH_IN - 2 * SIDE_IN) / UNIT_IN - 20,
        note=note,
    )


def _draw_page(
    deal: Deal,
    analysis,
    parent: np.ndarray,
    priority: np.ndarray,
    page,
    *,
    lang: str,
    title: str | None,
    aspect: float,
    max_width: float,
    note: str | None,
    max_height: float | None = None,
) -> Figure:
    """One chart page: the page's people as cards, its department boxes, links, heading and legend."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle

    from powermap.render.chart_pages import page_layout
    from powermap.render.layout import CARD_H, CARD_W
    from powermap.render.linebreak import clip_lines
    from powermap.render.theme import (
        LINK_STYLES,
        ROLE_CHIPS,
        STANCE_COLOURS,
        STANCE_GLYPHS,
        UNKNOWN_COLOUR,
        initials,
        ink,
    )

    words = CHART_WORDS[lang if lang in CHART_WORDS else "en"]
    chips = ROLE_CHIPS[lang if lang in ROLE_CHIPS else "en"]
    everyone = len(deal.contacts)
    every_id = deal.contacts["id"].tolist()
    contacts = deal.contacts.iloc[page.people].reset_index(drop=True)
    shown = len(contacts)
    ids = contacts["id"].tolist()
    index = {person: i for i, person in enumerate(ids)}
    flagged = {p for g in analysis.gaps.itertuples() if g.severity == "high" for p in g.contacts}
    lay = page_layout(parent, page, priority, aspect=aspect, max_width=max_width, max_height=max_height)

    pt = UNIT_IN * 72  # points per layout unit
    width_in = max((lay.width + 20) * UNIT_IN + 2 * SIDE_IN, 8.0)
    chart_h = max(lay.height, CARD_H) * UNIT_IN + 0.3
    chart_h = max(chart_h, width_in / 2.2 - HEAD_IN - FOOT_IN)  # no strip: at most 2.2:1
    height_in = chart_h + HEAD_IN + FOOT_IN
    width_in = max(width_in, height_in / 1.2)  # nor a column: at least 1:1.2
    folded = [box.department or words["no_department"] for box in page.boxes]
    family = font_family(
        contacts["name"].tolist()
        + contacts["title"].tolist()
        + folded
        + [deal.account.name]
        + ([words["gap"]] if lang == "zh" else [])
    )
    cover = analysis.coverage.iloc[0]
    with plt.rc_context({"font.family": family, "text.parse_math": False, "svg.fonttype": "none"}):
        fig = plt.figure(figsize=(width_in, height_in))
        span_x = (width_in - 2 * SIDE_IN) / UNIT_IN
        ax = fig.add_axes(
            (SIDE_IN / width_in, FOOT_IN / height_in, (width_in - 2 * SIDE_IN) / width_in, chart_h / height_in)
        )
        ax.set_axis_off()
        ax.set_xlim(-10, span_x - 10)
        ax.set_ylim(chart_h / UNIT_IN - 6, -6)
        ax.add_collection(
            LineCollection([pts for _, _, pts in lay.connectors], colors="#9aa5ab", linewidths=0.9, zorder=1)
        )
        stance = contacts["stance"].to_numpy(dtype=float, na_value=np.nan)
        relationship = contacts["relationship"].to_numpy(dtype=int)
        owners = contacts["owner"] if "owner" in contacts else [None] * shown
        for i, person in enumerate(ids):
            left, top = lay.x[i] - CARD_W / 2, lay.y[i] - CARD_H / 2
            value = None if np.isnan(stance[i]) else int(stance[i])
            fill = UNKNOWN_COLOUR if value is None else STANCE_COLOURS[value]
            engaged = relationship[i] > 0
            if person in flagged:
                ax.add_patch(
                    FancyBboxPatch(
                        (left - 4, top - 4),
                        CARD_W + 8,
                        CARD_H + 8,
                        boxstyle="round,pad=0,rounding_size=7",
                        facecolor="#d50000",
                        edgecolor="none",
                        zorder=2,
                    )
                )
            ax.add_patch(
                FancyBboxPatch(
                    (left, top),
                    CARD_W,
                    CARD_H,
                    boxstyle="round,pad=0,rounding_size=5",
                    gid=f"person:{person}",
                    facecolor="white" if engaged else "#f3f4f5",
                    zorder=3,
                    edgecolor="#263238" if engaged else "#78909c",
                    linewidth=(0.5 + 0.6 * relationship[i]) if engaged else 1.0,
                    linestyle="-" if engaged else (0, (4, 3)),
                )
            )
            ax.add_patch(Rectangle((left + 1, top + 1), 24, CARD_H - 2, facecolor=fill, edgecolor="none", zorder=4))
            ax.text(
                left + 13,
                lay.y[i],
                STANCE_GLYPHS[value],
                ha="center",
                va="center",
                fontsize=13 * pt,
                fontweight="bold",
                color=ink(fill),
                zorder=5,
            )
            name = str(contacts.at[i, "name"])
            room = (CARD_W - 40) * pt  # points of text a card line holds
            size = min(13 * pt, max(NAME_PT, room / (0.62 * max(len(name), 1))))
            names = [name] if 0.62 * len(name) * size <= room else clip_lines(name, int(room / (0.62 * size)))
            for k, line in enumerate(names):
                ax.text(
                    left + 32,
                    top + 15 + 13 * k,
                    line,
                    ha="left",
                    va="baseline",
                    fontsize=size,
                    fontweight="bold",
                    color="#1c262b",
                    zorder=5,
                    gid="name" if k == 0 else None,
                )
            for k, line in enumerate(clip_lines(contacts.at[i, "title"], 23, lines=3 - len(names))):
                k += len(names) - 1
                ax.text(
                    left + 32,
                    top + 29 + 12 * k,
                    line,
                    ha="left",
                    va="baseline",
                    fontsize=11 * pt,
                    color="#37474f",
                    zorder=5,
                )
            if not engaged:
                ax.text(
                    left + CARD_W - 8,
                    top + 10,
                    "\u2298",
                    ha="center",
                    va="center",
                    fontsize=11 * pt,
                    color="#607d8b",
                    zorder=5,
                )
            tags = [chips[r] for r in contacts.at[i, "roles"] if r in chips][:2]
            if tags:
                ax.text(
                    left + 32,
                    top + CARD_H - 5,
                    " ".join(tags),
                    ha="left",
                    va="baseline",
                    fontsize=11 * pt,
                    fontweight="bold",
                    color="white",
                    zorder=6,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="#37474f", edgecolor="none"),
                )
            mark = initials(owners.iloc[i] if hasattr(owners, "iloc") else owners[i])
            if mark:
                ax.text(
                    left + CARD_W - 13,
                    top + CARD_H - 11,
                    mark,
                    ha="center",
                    va="center",
                    fontsize=11 * pt,
                    fontweight="bold",
                    color="#0d47a1",
                    zorder=6,
                )
        for k, (box, label) in enumerate(zip(page.boxes, folded)):
            i = shown + k
            left, top = lay.x[i] - CARD_W / 2, lay.y[i] - CARD_H / 2
            ax.add_patch(
                FancyBboxPatch(
                    (left, top),
                    CARD_W,
                    CARD_H,
                    boxstyle="round,pad=0,rounding_size=5",
                    gid=f"folded:{label}",
                    facecolor="#eceff1",
                    edgecolor="#90a4ae",
                    linewidth=1.0,
                    zorder=3,
                )
            )
            for j, line in enumerate(clip_lines(label, 28, lines=2)):
                ax.text(left + 10, top + 17 + 13 * j, line, fontsize=11 * pt, color="#37474f", zorder=5)
            ax.text(
                left + 10,
                top + CARD_H - 8,
                words["folded"].format(n=box.count),
                fontsize=13 * pt,
                fontweight="bold",
                color="#263238",
                zorder=5,
                gid="folded",
            )
            severe = sum(every_id[i] in flagged for i in box.hidden)
            if severe:  # someone a high-severity gap names is in the box: the reader is told where to look
                ax.text(
                    left + CARD_W - 8,
                    top + CARD_H - 8,
                    words["folded_high"].format(n=severe),
                    fontsize=11 * pt,
                    fontweight="bold",
                    color="#b71c1c",
                    ha="right",
                    zorder=5,
                    gid="folded-high",
                )
        drawn = drawn_links(deal.links)
        for link in drawn.itertuples(index=False):
            if link.source in index and link.target in index and link.source != link.target:
                a, b = index[link.source], index[link.target]
                if link.kind == "trusts":  # "a trusts b": influence flows from b to a
                    a, b = b, a
                style = LINK_STYLES.get(link.kind, LINK_STYLES["influences"])
                dashes = style["dashes"]
                arrow = {"rivals": "-", "works_with": "-", "allies": "<|-|>"}.get(link.kind, "-|>")
                # under the cards (so no arc crosses a name), ending at the cards' borders
                dx, dy = lay.x[b] - lay.x[a], lay.y[b] - lay.y[a]
                length = float(np.hypot(dx, dy)) or 1.0
                border = min(CARD_W / 2 / max(abs(dx) / length, 1e-9), CARD_H / 2 / max(abs(dy) / length, 1e-9))
                ax.add_patch(
                    FancyArrowPatch(
                        (lay.x[a], lay.y[a]),
                        (lay.x[b], lay.y[b]),
                        arrowstyle=arrow,
                        mutation_scale=10,
                        color=style["colour"],
                        lw=1.3,
                        zorder=2.5,
                        linestyle=(0, tuple(d * 0.6 for d in dashes)) if dashes else "-",
                        connectionstyle="arc3,rad=0.18",
                        shrinkA=(border + 4) * pt,
                        shrinkB=(border + 4) * pt,
                    )
                )
        heading = title or words["heading"].format(
            name=deal.account.name, coverage=f"{cover['coverage']:.0f}", risk=words["grades"][str(cover["risk"])]
        )
        if page.part is not None:
            department, k, of = page.part
            heading = words["heading_part"].format(
                name=deal.account.name, department=department or words["no_department"]
            )
            if page.shared:
                note_line = words["shared"].format(n=shown)
            else:
                note_line = words["part"].format(k=k, of=of, n=shown) if of > 1 else words["everyone"].format(n=shown)
        elif shown < everyone:
            note_line = (note or words["key"]).format(n=shown, m=everyone)
        else:
            note_line = None
        fig.text(SIDE_IN / width_in, 1 - 0.3 / height_in, heading, fontsize=14, fontweight="bold", va="center")
        for k, line in enumerate(clip_lines(note_line, int((width_in - 2 * SIDE_IN) * 72 / (8 * 0.55)), lines=2)):
            fig.text(
                SIDE_IN / width_in, 1 - (0.55 + 0.15 * k) / height_in, line, fontsize=8, color="#455a64", va="center"
            )
        if len(drawn) < len(deal.links):
            fig.text(
                SIDE_IN / width_in,
                1 - 0.82 / height_in,
                words["links_thinned"].format(n=len(drawn), m=len(deal.links)),
                fontsize=9,
                color="#455a64",
                va="center",
            )
        handles: list[Artist] = [
            Patch(
                facecolor=STANCE_COLOURS.get(v, UNKNOWN_COLOUR) if v is not None else UNKNOWN_COLOUR,
                edgecolor="#263238",
                label=f"{STANCE_GLYPHS[v]} {words['stances'][v]}",
            )
            for v in (2, 1, 0, -1, -2, None)
        ]
        handles += [
            Patch(facecolor="#f3f4f5", edgecolor="#78909c", linestyle="--", label=f"\u2298 {words['not_engaged']}"),
            Patch(facecolor="white", edgecolor="#d50000", linewidth=2.5, label=words["gap"]),
            Line2D([0], [0], color="#9aa5ab", label=words["reports"]),
        ]
        handles += [
            Line2D(
                [0],
                [0],
                color=style["colour"],
                lw=1.5,
                ls=(0, tuple(d * 0.6 for d in style["dashes"])) if style["dashes"] else "-",
                label=words["links"][kind],
            )
            for kind, style in LINK_STYLES.items()
        ]
        fig.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.2 / width_in, 0.05 / height_in),
            ncol=min(6, max(3, int(width_in // 2.6))),
            fontsize=NAME_PT,
            frameon=False,
            handlelength=2.2,
            columnspacing=1.2,
        )
    return fig
