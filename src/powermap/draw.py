"""Static org chart of a power map (matplotlib): PNG, SVG or PDF.

The chart only draws what the analysis computed: layout from the reporting
lines, colour from stance, size from effective influence, a ring for the
relationship depth, letters for the roles, dashed influence links, and a red
ring round everyone a high-severity gap names.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .model import PowerMap

__all__ = ["tree_layout", "org_chart", "cjk_font", "font_family", "MissingFontWarning"]

STANCE_COLOURS = {-2: "#b71c1c", -1: "#ef9a9a", 0: "#e0e0e0", 1: "#a5d6a7", 2: "#2e7d32"}
UNKNOWN_COLOUR = "#ffffff"
ROLE_LETTERS = {"decision_maker": "D", "advisor": "A", "initiator": "I", "technical_supporter": "T",
                "key_user": "K", "inside_coach": "C", "gatekeeper": "G", "finance": "F", "purchaser": "P",
                "influencer": "N", "legal": "L"}
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "AR PL UMing CN")
CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


LEVEL_GAP = 1.45    # vertical distance between levels
LABEL_DEPTH = 0.55  # a two-line label under a node
BAR_ABOVE = 0.32    # the connector's horizontal bar, just above the row it leads to


class MissingFontWarning(UserWarning):
    """Names in a script no installed font can draw."""


def _has_cjk(texts) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for text in texts for ch in str(text))


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
    for path in CJK_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def font_family(texts) -> list[str]:
    """The font family list for these texts: DejaVu Sans, plus a CJK font when any text is Chinese.

    Warns (:class:`MissingFontWarning`) naming what to install when no CJK font is found.
    """
    if not _has_cjk(texts):
        return ["DejaVu Sans"]
    font = cjk_font()
    if font is None:
        warnings.warn("no font with Chinese glyphs is installed, so Chinese names will show as boxes: install "
                      "Noto Sans CJK (Debian: apt-get install fonts-noto-cjk) or WenQuanYi Zen Hei",
                      MissingFontWarning, stacklevel=3)
        return ["DejaVu Sans"]
    return ["DejaVu Sans", font]


def tree_layout(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(x, depth)`` for every person: each leaf has its own slot, a manager sits over the middle of
    their reports, trees stand side by side. Boxes on one level never overlap, however wide it is."""
    n = len(parent)
    children: list[list[int]] = [[] for _ in range(n)]
    for child, boss in enumerate(parent):
        if boss >= 0:
            children[boss].append(child)
    x = np.zeros(n)
    depth = np.zeros(n, dtype=int)
    slot = 0
    for root in np.flatnonzero(parent < 0):
        stack = [(int(root), 0, False)]
        while stack:
            node, d, done = stack.pop()
            depth[node] = d
            if done or not children[node]:
                if children[node]:
                    x[node] = (x[children[node][0]] + x[children[node][-1]]) / 2
                else:
                    x[node] = slot
                    slot += 1
                continue
            stack.append((node, d, True))
            stack.extend((c, d + 1, False) for c in reversed(children[node]))
    return x, depth


CHART_MAX_PEOPLE = 1_000  # a static chart of more is unreadable, and takes minutes to draw
CHART_MAX_LEVELS = 40     # levels of the reporting line: the image's height grows with them


def chart_too_large(pm: "PowerMap", lang: str = "en") -> str | None:
    """Why ``pm`` is too large for a static org chart (with what to use instead), or None."""
    people = len(pm)
    levels = int(pm.contacts["depth"].max()) + 1 if people and pm.contacts["depth"].notna().any() else 1
    if people <= CHART_MAX_PEOPLE and levels <= CHART_MAX_LEVELS:
        return None
    if lang == "zh":
        return (f"{people:,} 人、{levels:,} 层汇报关系：静态组织图最多画 {CHART_MAX_PEOPLE:,} 人、{CHART_MAX_LEVELS} 层"
                "（更多既看不清，也要画几分钟）；请用 `powermap html` 生成可缩放、可筛选的交互式权力地图")
    return (f"{people:,} people in {levels:,} reporting levels: a static org chart draws at most "
            f"{CHART_MAX_PEOPLE:,} people and {CHART_MAX_LEVELS} levels (more is unreadable and takes minutes); "
            "use `powermap html` for an interactive map you can zoom and filter")


def org_chart(pm: "PowerMap", *, lang: str = "en", title: str | None = None) -> "Figure":
    """Draw the power map as an org chart and return the matplotlib Figure.

    Raises
    ------
    ValueError
        For a map beyond ``CHART_MAX_PEOPLE`` people or ``CHART_MAX_LEVELS`` levels.
    """
    too_large = chart_too_large(pm, lang)
    if too_large:
        raise ValueError(too_large)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    contacts = pm.contacts
    scores = pm.scores().set_index("id")
    gaps = pm.gaps(lang=lang)
    ids = contacts["id"].tolist()
    index = {person: i for i, person in enumerate(ids)}
    parent = np.array([index.get(b, -1) if isinstance(b, str) else -1 for b in contacts["reports_to"]])
    x, depth = tree_layout(parent)

    family = font_family(contacts["name"].tolist() + contacts["title"].tolist() + [pm.account.name])

    slots = max(1, int(x.max()) + 1) if len(x) else 1
    levels = int(depth.max()) + 1 if len(depth) else 1
    width = min(max(8.0, slots * 1.25), 60.0)
    height = max(4.5, levels * 1.9 + 1.5)
    # parse_math off: a "$" in a name or title is text, never mathtext (which can fail or mangle it)
    with plt.rc_context({"font.family": family, "text.parse_math": False}):
        fig, ax = plt.subplots(figsize=(width, height))
        ax.set_axis_off()
        y = -depth * LEVEL_GAP
        for child, boss in enumerate(parent):  # reporting lines as elbows, clear of the manager's label
            if boss >= 0:
                below_label, bar = y[boss] - LABEL_DEPTH, y[child] + BAR_ABOVE
                ax.plot([x[boss], x[boss], x[child], x[child]], [below_label, bar, bar, y[child]],
                        color="#9e9e9e", lw=0.9, zorder=1)
        links = pm.links
        for link in links.itertuples(index=False):
            if link.source in index and link.target in index:
                a, b = index[link.source], index[link.target]
                style = {"rivals": dict(color="#c62828", ls=":")}.get(link.kind, dict(color="#1565c0", ls="--"))
                ax.annotate("", xy=(x[b], y[b]), xytext=(x[a], y[a]), zorder=2,
                            arrowprops=dict(arrowstyle="-|>" if link.kind != "rivals" else "-", lw=1.0,
                                            connectionstyle="arc3,rad=0.25", shrinkA=12, shrinkB=12, **style))
        influence = scores.loc[ids, "effective_influence"].to_numpy(dtype=float)
        size = 180 + 900 * influence
        stance = contacts["stance"].to_numpy(dtype=float, na_value=np.nan)
        colours = [UNKNOWN_COLOUR if np.isnan(s) else STANCE_COLOURS[int(s)] for s in stance]
        relationship = contacts["relationship"].to_numpy(dtype=int)
        flagged = {p for g in gaps.itertuples() if g.severity == "high" for p in g.contacts}
        highlight = np.array([p in flagged for p in ids])
        ax.scatter(x[highlight], y[highlight], s=size[highlight] * 1.9, facecolors="none", edgecolors="#d50000",
                   linewidths=2.2, zorder=3)
        ax.scatter(x, y, s=size, c=colours, edgecolors="#263238", linewidths=0.6 + 1.2 * relationship, zorder=4)
        for i in range(len(ids)):
            if np.isnan(stance[i]):
                ax.scatter([x[i]], [y[i]], s=size[i], facecolors="none", edgecolors="#9e9e9e", hatch="///",
                           linewidths=0, zorder=4)
            roles = "".join(ROLE_LETTERS[r] for r in contacts.at[i, "roles"] if r in ROLE_LETTERS)
            if roles:
                ax.text(x[i], y[i], roles, ha="center", va="center", fontsize=8, fontweight="bold", zorder=5)
            label = contacts.at[i, "name"]
            title_text = contacts.at[i, "title"] or ""
            if len(title_text) > 26:
                title_text = title_text[:25] + "…"
            ax.text(x[i], y[i] - 0.24, f"{label}\n{title_text}", ha="center", va="top", fontsize=7,
                    linespacing=1.1, zorder=5)
        ax.set_xlim(-0.8, slots - 0.2)
        ax.set_ylim(y.min() - LABEL_DEPTH - 0.2 if len(y) else -1, 0.55)
        cover = pm.coverage()
        heading = title or f"{pm.account.name}: coverage {cover['coverage']:.0f}/100, risk {cover['risk']}"
        ax.set_title(heading, fontsize=12, loc="left")
        legend = [Line2D([0], [0], marker="o", ls="", markersize=9, markerfacecolor=colour, markeredgecolor="#263238",
                         label=label)
                  for label, colour in (("champion (+2)", STANCE_COLOURS[2]), ("supporter (+1)", STANCE_COLOURS[1]),
                                        ("neutral (0)", STANCE_COLOURS[0]), ("skeptic (-1)", STANCE_COLOURS[-1]),
                                        ("blocker (-2)", STANCE_COLOURS[-2]), ("stance unknown", UNKNOWN_COLOUR))]
        legend += [Line2D([0], [0], marker="o", ls="", markersize=9, markerfacecolor="white", markeredgecolor="#263238",
                          markeredgewidth=0.6 + 1.2 * r, label=f"relationship {r}") for r in (0, 3)]
        legend += [Line2D([0], [0], marker="o", ls="", markersize=12, markerfacecolor="none", markeredgecolor="#d50000",
                          markeredgewidth=2, label="named in a high-severity gap"),
                   Line2D([0], [0], color="#1565c0", ls="--", label="influence link"),
                   Line2D([0], [0], color="#c62828", ls=":", label="rivals")]
        letters = "  ".join(f"{v}={k.replace('_', ' ')}" for k, v in ROLE_LETTERS.items())
        ax.legend(handles=legend, loc="upper right", fontsize=7, frameon=False, ncol=1, bbox_to_anchor=(1.0, 1.0))
        fig.text(0.01, 0.01, f"roles: {letters}; size = effective influence", fontsize=7, color="#455a64")
        fig.tight_layout()
    return fig
