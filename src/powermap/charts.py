"""Coverage charts (matplotlib): the role x status grid and the influence-vs-support quadrant.

Both draw what the analysis computed (per-contact ``engaged``, ``stance`` and
``effective_influence``); neither scores anything of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .draw import STANCE_COLOURS, UNKNOWN_COLOUR, font_family
from .vocab import ROLE_LABELS, ROLES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .model import PowerMap

__all__ = ["role_grid", "influence_support", "STATUSES"]

STATUSES = ("supporter", "neutral", "opposed", "stance unknown", "not engaged")
STATUS_COLOURS = {"supporter": "#2e7d32", "neutral": "#78909c", "opposed": "#c62828", "stance unknown": "#8d6e63",
                  "not engaged": "#ef6c00"}
QUADRANTS = {  # (high influence?, supportive?) -> what a coach does there (docs/methodology.md §2, §5)
    (True, True): "leverage: influential supporters",
    (True, False): "convert or contain: influential, not with us",
    (False, True): "build up: supporters with little weight",
    (False, False): "keep informed",
}


def _status(scores) -> np.ndarray:
    stance = scores["stance"].to_numpy(dtype=float, na_value=np.nan)
    engaged = scores["engaged"].to_numpy(dtype=bool)
    status = np.where(np.isnan(stance), "stance unknown",
                      np.where(stance >= 1, "supporter", np.where(stance <= -1, "opposed", "neutral")))
    return np.where(engaged, status, "not engaged")


def role_grid_table(pm: "PowerMap", *, lang: str = "en"):
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

    scores = pm.scores()
    status = _status(scores)
    rows = []
    for role in ROLES:
        holds = np.array([role in roles for roles in scores["roles"]], dtype=bool)
        for state in STATUSES:
            names = scores.loc[holds & (status == state), "name"].tolist()
            rows.append({"role": role, "label": ROLE_LABELS[role][lang], "status": state, "count": len(names),
                         "names": "; ".join(names)})
    return pd.DataFrame(rows)


def role_grid(pm: "PowerMap", *, lang: str = "en") -> "Figure":
    """The six buying roles against their holders' status: who covers each role, and how well.

    A row with no holder is marked "missing"; a row with holders but nobody
    engaged is the "uncovered" case of the gap list.
    """
    import matplotlib.pyplot as plt

    grid = role_grid_table(pm, lang=lang)
    counts = grid.pivot(index="role", columns="status", values="count").loc[list(ROLES), list(STATUSES)]
    names = grid.pivot(index="role", columns="status", values="names").loc[list(ROLES), list(STATUSES)]
    with plt.rc_context({"font.family": font_family(grid["names"].tolist() + grid["label"].tolist()),
                         "text.parse_math": False}):  # a "$" in a name is text, not mathtext
        fig, ax = plt.subplots(figsize=(10.5, 5.2))
        top = max(1, int(counts.to_numpy().max()))
        for r, role in enumerate(ROLES):
            for c, state in enumerate(STATUSES):
                n = int(counts.at[role, state])
                alpha = 0.15 + 0.75 * n / top if n else 0.0
                ax.add_patch(plt.Rectangle((c, r), 1, 1, facecolor=STATUS_COLOURS[state], alpha=alpha,
                                           edgecolor="#cfd8dc"))
                if n:
                    people = names.at[role, state].split("; ")
                    shown = "\n".join(p if len(p) <= 24 else p[:23] + "…" for p in people[:2])
                    shown += f" +{len(people) - 2}" if len(people) > 2 else ""
                    ink = "white" if alpha > 0.6 else "#263238"
                    ax.text(c + 0.5, r + 0.3, str(n), ha="center", va="center", fontsize=12, fontweight="bold",
                            color=ink)
                    ax.text(c + 0.5, r + 0.7, shown, ha="center", va="center", fontsize=6.5, color=ink,
                            linespacing=1.0)
            if counts.loc[role].sum() == 0:
                ax.text(len(STATUSES) / 2, r + 0.5, "missing: nobody holds this role", ha="center", va="center",
                        fontsize=10, color="#c62828", fontweight="bold")
        ax.set_xlim(0, len(STATUSES))
        ax.set_ylim(len(ROLES), 0)
        ax.set_xticks(np.arange(len(STATUSES)) + 0.5,
                      ["engaged,\nsupporter", "engaged,\nneutral", "engaged,\nopposed", "engaged,\nstance unknown",
                       "not engaged"])
        ax.set_yticks(np.arange(len(ROLES)) + 0.5, [ROLE_LABELS[r][lang] for r in ROLES])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(f"{pm.account.name}: buying roles by status", loc="left", fontsize=12)
        fig.tight_layout()
    return fig


def influence_support(pm: "PowerMap", *, label_top: int = 12) -> "Figure":
    """Effective influence against stance for everyone on the map (the power-interest grid).

    The right half holds the people who can move the decision; the top half
    those who favour us. Marker size grows with relationship depth; people of
    unknown stance sit on the middle line with a hollow marker. The
    ``label_top`` most influential people and every opposed one are named.
    """
    import matplotlib.pyplot as plt

    scores = pm.scores()
    x = scores["effective_influence"].to_numpy(dtype=float)
    stance = scores["stance"].to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(stance)
    # Spread people who share a stance a little, in a way that does not change between runs.
    jitter = (np.arange(len(x)) * 0.6180339887 % 1 - 0.5) * 0.35
    y = np.where(known, np.nan_to_num(stance), 0.0) + jitter
    relationship = scores["relationship"].to_numpy(dtype=float, na_value=0)
    size = 40 + 60 * relationship
    with plt.rc_context({"font.family": font_family(scores["name"].tolist() + [pm.account.name]),
                         "text.parse_math": False}):
        fig, ax = plt.subplots(figsize=(9, 6))
        ax.axvline(0.5, color="#90a4ae", lw=1)
        ax.axhline(0, color="#90a4ae", lw=1)
        for (high, supportive), text in QUADRANTS.items():
            ax.text(0.98 if high else 0.02, 2.45 if supportive else -2.45, text, ha="right" if high else "left",
                    va="top" if supportive else "bottom", fontsize=9, color="#546e7a", style="italic")
        colours = [STANCE_COLOURS[int(s)] if k else UNKNOWN_COLOUR for s, k in zip(np.nan_to_num(stance), known)]
        ax.scatter(x[known], y[known], s=size[known], c=[c for c, k in zip(colours, known) if k],
                   edgecolors="#263238", linewidths=0.7, zorder=3)
        ax.scatter(x[~known], y[~known], s=size[~known], facecolors="white", edgecolors="#455a64",
                   linestyles="--", linewidths=1, zorder=3, label="stance unknown")
        named = set(np.argsort(-x, kind="stable")[:label_top]) | set(np.flatnonzero(known & (stance <= -1)))
        for i in sorted(named):
            ax.annotate(scores.at[i, "name"], (x[i], y[i]), xytext=(5, 4), textcoords="offset points", fontsize=8)
        ax.set_xlim(0, 1.02)
        ax.set_ylim(-2.6, 2.6)
        ax.set_yticks([-2, -1, 0, 1, 2], ["blocker", "skeptic", "neutral\n(or unknown)", "supporter", "champion"])
        ax.set_xlabel("effective influence (0-1)")
        ax.set_title(f"{pm.account.name}: influence against support (size = relationship depth)", loc="left",
                     fontsize=12)
        fig.tight_layout()
    return fig
