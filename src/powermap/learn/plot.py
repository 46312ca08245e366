"""Figures of a learned win model: ROC curve, calibration curve, effects. They draw a :class:`powermap.learn.model.Report`;
every number comes from it."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

__all__ = ["roc", "calibration", "effects", "report_figure"]

_COLOURS = {"gap": "#c62828", "role": "#1565c0", "figure": "#546e7a"}


def _roc(ax, report) -> None:
    s = report.scores
    ax.plot(report.roc["fpr"], report.roc["tpr"], color="#1565c0", lw=2,
            label=f"model, out of fold (AUC {s['roc_auc']:.2f})")
    ax.plot([0, 1], [0, 1], color="#9e9e9e", ls="--", lw=1, label="no skill (AUC 0.50)")
    ax.set_xlabel("lost deals ranked as likely wins (false positive rate)")
    ax.set_ylabel("won deals ranked as likely wins (true positive rate)")
    ax.set_title("ROC curve")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_aspect("equal")
    ax.legend(loc="lower right", fontsize=8)


def _calibration(ax, report) -> None:
    cal = report.calibration
    ax.plot([0, 1], [0, 1], color="#9e9e9e", ls="--", lw=1, label="perfectly calibrated")
    ax.plot(cal["predicted"], cal["observed"], marker="o", color="#2e7d32", lw=2,
            label=f"model (Brier {report.scores['brier']:.3f})")
    rate = report.n_won / report.n_train
    ax.axhline(rate, color="#f9a825", lw=1, ls=":", label=f"win rate {rate:.0%} (Brier {rate * (1 - rate):.3f})")
    ax.set_xlabel("predicted win probability (bins of equal size)")
    ax.set_ylabel("share of those deals won")
    ax.set_title("Calibration")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", fontsize=8)


def _effects(ax, report) -> None:
    table = report.effects.sort_values("effect", ascending=True).reset_index(drop=True)
    y = np.arange(len(table))
    colours = [_COLOURS[k] for k in table["kind"]]
    ax.barh(y, table["effect"], color=colours, alpha=0.85)
    if table["low"].notna().any():
        ax.errorbar(table["effect"], y, xerr=[table["effect"] - table["low"], table["high"] - table["effect"]],
                    fmt="none", ecolor="#212121", elinewidth=0.8, capsize=2)
    labels = [f"{d}  [{u}]" for d, u in zip(table["description"], table["unit"])]
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="#212121", lw=0.8)
    ax.set_xlabel("effect on the log-odds of a win (left: lowers it; right: raises it)")
    interval = "; bars: 90% bootstrap interval" if table["low"].notna().any() else ""
    ax.set_title(f"What went with won and lost deals ({report.kind}{interval})")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=k) for k, c in _COLOURS.items()], loc="lower right", fontsize=8)


def roc(report) -> Figure:
    """The out-of-fold ROC curve against no skill."""
    figure = Figure(figsize=(5, 5), layout="constrained")
    _roc(figure.subplots(), report)
    return figure


def calibration(report) -> Figure:
    """Observed win rate against predicted probability, out of fold."""
    figure = Figure(figsize=(5, 5), layout="constrained")
    _calibration(figure.subplots(), report)
    return figure


def effects(report) -> Figure:
    """Each feature's effect on the log-odds of a win, with its interval where there is one."""
    figure = Figure(figsize=(8, 0.28 * len(report.effects) + 1.2), layout="constrained")
    _effects(figure.subplots(), report)
    return figure


def report_figure(report) -> Figure:
    """ROC and calibration side by side above the effects."""
    figure = Figure(figsize=(11, 0.26 * len(report.effects) + 6.5), layout="constrained")
    grid = figure.add_gridspec(2, 2, height_ratios=[5, 0.26 * len(report.effects) + 1])
    _roc(figure.add_subplot(grid[0, 0]), report)
    _calibration(figure.add_subplot(grid[0, 1]), report)
    _effects(figure.add_subplot(grid[1, :]), report)
    figure.suptitle(report.summary().splitlines()[0], fontsize=10)
    return figure
