"""Coverage charts (matplotlib): the role x status grid and the influence-vs-support quadrant.

Both draw what the analysis computed (per-contact ``engaged``, ``stance`` and
``effective_influence``); neither scores anything of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from powermap.analysis.run import deal_and_analysis
from powermap.render.chart import font_family
from powermap.render.theme import STANCE_COLOURS, UNKNOWN_COLOUR
from powermap.text.safe import terminal
from powermap.text.words import LANGS, section, words
from powermap.vocab import ROLE_LABELS, ROLES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from powermap.analysis.run import Analysis
    from powermap.core.deal import Deal

__all__ = ["role_grid", "influence_support", "STATUSES"]

STATUSES = ("supporter", "neutral", "opposed", "stance unknown", "not engaged")
STATUS_COLOURS = {
    "supporter": "#2166ac",
    "neutral": "#78909c",
    "opposed": "#b2182b",
    "stance unknown": "#8d6e63",
    "not engaged": "#7b3294",
}
WORDS: dict[str, dict[str, Any]] = {
    lang: {
        "columns": list(section("grid.columns", lang).values()),
        "missing": words("grid.missing", lang),
        "roles_title": words("grid.title", lang),
        "x": words("quadrant.x", lang),
        "unknown": words("chart.stance_unknown", lang),
        "support_title": words("quadrant.title", lang),
        "unnamed": words("quadrant.unnamed", lang),
        # (high influence?, supportive?) -> what a coach does there (docs/methodology.md §2, §5)
        "quadrants": {
            (True, True): words("quadrant.leverage", lang),
            (True, False): words("quadrant.convert", lang),
            (False, True): words("quadrant.build", lang),
            (False, False): words("quadrant.inform", lang),
        },
        "stances": [
            words("stance.-2", lang),
            words("stance.-1", lang),
            words("quadrant.neutral", lang),
            words("stance.1", lang),
            words("stance.2", lang),
        ],
    }
    for lang in LANGS
}


def _status(scores) -> np.ndarray:
    stance = scores["stance"].to_numpy(dtype=float, na_value=np.nan)
    engaged = scores["engaged"].to_numpy(dtype=bool)
    status = np.where(
        np.isnan(stance),
        "stance unknown",
        np.where(stance >= 1, "supporter", np.where(stance <= -1, "opposed", "neutral")),
    )
    return np.where(engaged, status, "not engaged")


def role_grid_table(deal: Deal, *, lang: str = "en", policy=None, analysis: Analysis | None = None):
    """Holders of each buying role by status, as a tidy frame ``role, label, status, count, names`` (names joined by ``; ``).

    A holder counts in one status: engaged supporter, engaged neutral, engaged
    opposed, engaged with unknown stance, or not engaged.

    >>> import pandas as pd, powermap
    >>> pm = powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ana", "Bo"], "reports_to": ["", "a"],
    ...     "roles": ["decision maker", "key user"], "stance": ["supporter", "blocker"], "relationship": [2, 0]}))
    >>> grid = role_grid_table(pm)
    >>> grid[grid["count"] > 0][["role", "status", "names"]].values.tolist()
    [['key_user', 'not engaged', 'Bo'], ['decision_maker', 'supporter', 'Ana']]
    """
    import pandas as pd

    deal, result = deal_and_analysis(deal, policy, lang, analysis)
    scores = result.scores
    status = _status(scores)
    rows = []
    for role in ROLES:
        holds = np.array([role in roles for roles in scores["roles"]], dtype=bool)
        for state in STATUSES:
            names = scores.loc[holds & (status == state), "name"].tolist()
            rows.append(
                {
                    "role": role,
                    "label": ROLE_LABELS[role][lang],
                    "status": state,
                    "count": len(names),
                    "names": "; ".join(names),
                }
            )
    return pd.DataFrame(rows)


def role_grid(deal: Deal, *, lang: str = "en", policy=None, analysis: Analysis | None = None) -> Figure:
    """The six buying roles against their holders' status: who covers each role, and how well.

    A row with no holder is marked "missing"; a row with holders but nobody
    engaged is the "uncovered" case of the gap list.
    """
    import matplotlib.pyplot as plt

    words = WORDS[lang if lang in WORDS else "en"]
    grid = role_grid_table(deal, lang=lang, policy=policy, analysis=analysis)
    counts = grid.pivot(index="role", columns="status", values="count").loc[list(ROLES), list(STATUSES)]
    names = grid.pivot(index="role", columns="status", values="names").loc[list(ROLES), list(STATUSES)]
    with plt.rc_context(
        {
            "font.family": font_family(grid["names"].tolist() + grid["label"].tolist() + words["columns"]),
            "text.parse_math": False,
        }
    ):  # a "$" in a name is text, not mathtext
        fig, ax = plt.subplots(figsize=(10.5, 5.2))
        top = max(1, int(counts.to_numpy().max()))
        for r, role in enumerate(ROLES):
            for c, state in enumerate(STATUSES):
                n = int(counts.at[role, state])
                alpha = 0.15 + 0.75 * n / top if n else 0.0
                ax.add_patch(
                    plt.Rectangle((c, r), 1, 1, facecolor=STATUS_COLOURS[state], alpha=alpha, edgecolor="#cfd8dc")
                )
                if n:
                    people = [terminal(p) for p in names.at[role, state].split("; ")]  # escapes shown as text
                    shown = "\n".join(p if len(p) <= 24 else p[:23] + "…" for p in people[:2])
                    shown += f" +{len(people) - 2}" if len(people) > 2 else ""
                    ink = "white" if alpha > 0.6 else "#263238"
                    ax.text(
                        c + 0.5, r + 0.3, str(n), ha="center", va="center", fontsize=12, fontweight="bold", color=ink
                    )
                    ax.text(c + 0.5, r + 0.7, shown, ha="center", va="center", fontsize=8, color=ink, linespacing=1.0)
            if counts.loc[role].sum() == 0:
                ax.text(
                    len(STATUSES) / 2,
                    r + 0.5,
                    words["missing"],
                    ha="center",
                    va="center",
                    fontsize=10,
                    color="#c62828",
                    fontweight="bold",
                )
        ax.set_xlim(0, len(STATUSES))
        ax.set_ylim(len(ROLES), 0)
        ax.set_xticks(np.arange(len(STATUSES)) + 0.5, words["columns"])
        ax.set_yticks(np.arange(len(ROLES)) + 0.5, [ROLE_LABELS[r][lang] for r in ROLES])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(words["roles_title"].format(name=terminal(deal.account.name)), loc="left", fontsize=12)
        fig.tight_layout()
    return fig


def influence_support(
    deal: Deal, *, label_top: int = 12, lang: str = "en", policy=None, analysis: Analysis | None = None
) -> Figure:
    """Effective influence against stance for everyone on the map (the power-interest grid).

    The right half holds the people who can move the decision; the top half
    those who favour us. Marker size grows with relationship depth; people of
    unknown stance sit on the middle line with a hollow marker. The
    ``label_top`` most influential people and every opposed one are named.
    """
    import matplotlib.pyplot as plt

    words = WORDS[lang if lang in WORDS else "en"]
    deal, result = deal_and_analysis(deal, policy, lang, analysis)
    scores = result.scores
    x = scores["effective_influence"].to_numpy(dtype=float)
    stance = scores["stance"].to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(stance)
    # Spread people who share a stance a little, in a way that does not change between runs.
    jitter = (np.arange(len(x)) * 0.6180339887 % 1 - 0.5) * 0.35
    y = np.where(known, np.nan_to_num(stance), 0.0) + jitter
    relationship = scores["relationship"].to_numpy(dtype=float, na_value=0)
    size = 40 + 60 * relationship
    with plt.rc_context(
        {
            "font.family": font_family(scores["name"].tolist() + [deal.account.name, words["x"]]),
            "text.parse_math": False,
        }
    ):
        fig, ax = plt.subplots(figsize=(9, 6))
        ax.axvline(0.5, color="#90a4ae", lw=1)
        ax.axhline(0, color="#90a4ae", lw=1)
        for (high, supportive), text in words["quadrants"].items():
            ax.text(
                0.98 if high else 0.02,
                2.45 if supportive else -2.45,
                text,
                ha="right" if high else "left",
                va="top" if supportive else "bottom",
                fontsize=9,
                color="#546e7a",
                style="italic",
            )
        colours = [STANCE_COLOURS[int(s)] if k else UNKNOWN_COLOUR for s, k in zip(np.nan_to_num(stance), known)]
        ax.scatter(
            x[known],
            y[known],
            s=size[known],
            c=[c for c, k in zip(colours, known) if k],
            edgecolors="#263238",
            linewidths=0.7,
            zorder=3,
        )
        ax.scatter(
            x[~known],
            y[~known],
            s=size[~known],
            facecolors="white",
            edgecolors="#455a64",
            linestyles="--",
            linewidths=1,
            zorder=3,
            label=words["unknown"],
        )
        ax.set_xlim(0, 1.02)
        ax.set_ylim(-2.6, 2.6)
        ax.set_yticks([-2, -1, 0, 1, 2], words["stances"])
        ax.set_xlabel(words["x"])
        ax.set_title(words["support_title"].format(name=terminal(deal.account.name)), loc="left", fontsize=12)
        fig.tight_layout()
        # the most influential first, opponents before the others; a name that would overlap one already
        # written is left out (on a big account the opponents of little influence would be a black pile)
        named = set(np.argsort(-x, kind="stable")[:label_top]) | set(np.flatnonzero(known & (stance <= -1)))
        order = sorted(named, key=lambda i: (not (known[i] and stance[i] <= -1), -x[i], i))
        # the quadrants' captions and the stance labels are written already: no name goes over them
        written = [t.get_window_extent() for t in [*ax.texts, *ax.get_yticklabels()]]
        inside = ax.get_window_extent()
        left_out = 0
        for i in order:
            for dx, dy, ha in ((5, 4, "left"), (5, -11, "left"), (-5, 4, "right"), (-5, -11, "right")):
                text = ax.annotate(
                    terminal(scores.at[i, "name"]),
                    (x[i], y[i]),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    fontsize=8,
                    ha=ha,
                )
                box = text.get_window_extent().expanded(1.05, 1.15)
                within = inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1
                if within and not any(box.overlaps(other) for other in written):
                    written.append(box)
                    break
                text.remove()
            else:
                left_out += 1
        if left_out:
            fig.text(
                0.99, 0.01, words["unnamed"].format(n=left_out), ha="right", va="bottom", fontsize=8, color="#546e7a"
            )
    return fig
