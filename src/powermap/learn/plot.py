"""Figures of a learned win model: ROC curve, calibration curve, effects. They draw a :class:`powermap.learn.model.Report`;
every number comes from it. Titles, labels and legends are in English or Chinese (``lang``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from powermap.text.words import words

__all__ = ["roc", "calibration", "effects", "report_figure"]

_COLOURS = {"gap": "#c62828", "role": "#1565c0", "figure": "#546e7a"}


@contextmanager
def _fonts(lang: str) -> Iterator[None]:
    """Text drawn inside gets a font with Chinese glyphs when ``lang`` needs one."""
    from powermap.render.chart import font_family

    with matplotlib.rc_context({"font.family": font_family([words("learn.roc.title", lang)])}):
        yield


def _roc(ax, report, lang: str) -> None:
    s = report.scores
    ax.plot(
        report.roc["fpr"],
        report.roc["tpr"],
        color="#1565c0",
        lw=2,
        label=words("learn.roc.model", lang).format(auc=s["roc_auc"]),
    )
    ax.plot([0, 1], [0, 1], color="#9e9e9e", ls="--", lw=1, label=words("learn.roc.no_skill", lang))
    ax.set_xlabel(words("learn.roc.x", lang))
    ax.set_ylabel(words("learn.roc.y", lang))
    ax.set_title(words("learn.roc.title", lang))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_aspect("equal")
    ax.legend(loc="lower right", fontsize=8)


def _calibration(ax, report, lang: str) -> None:
    cal = report.calibration
    ax.plot([0, 1], [0, 1], color="#9e9e9e", ls="--", lw=1, label=words("learn.calibration.perfect", lang))
    ax.plot(
        cal["predicted"],
        cal["observed"],
        marker="o",
        color="#2e7d32",
        lw=2,
        label=words("learn.calibration.model", lang).format(brier=report.scores["brier"]),
    )
    rate = report.n_won / report.n_train
    ax.axhline(
        rate,
        color="#f9a825",
        lw=1,
        ls=":",
        label=words("learn.calibration.base", lang).format(rate=rate, brier=rate * (1 - rate)),
    )
    ax.set_xlabel(words("learn.calibration.x", lang))
    ax.set_ylabel(words("learn.calibration.y", lang))
    ax.set_title(words("learn.calibration.title", lang))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", fontsize=8)


def _effects(ax, report, lang: str) -> None:
    table = report.effects.sort_values("effect", ascending=True).reset_index(drop=True)
    y = np.arange(len(table))
    colours = [_COLOURS[k] for k in table["kind"]]
    ax.barh(y, table["effect"], color=colours, alpha=0.85)
    if table["low"].notna().any():
        # the bootstrap's percentile interval, drawn as it is: with few resamples it may not hold the effect
        ax.hlines(y, table["low"], table["high"], color="#212121", lw=0.8)
    units = {kind: words("learn.units.figure" if kind == "figure" else "learn.units.switch", lang) for kind in _COLOURS}
    labels = [f"{words(f'learn.features.{f}', lang)}  [{units[k]}]" for f, k in zip(table["feature"], table["kind"])]
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="#212121", lw=0.8)
    ax.set_xlabel(words("learn.effects.x", lang))
    interval = words("learn.effects.interval", lang) if table["low"].notna().any() else ""
    ax.set_title(words("learn.effects.title", lang).format(kind=_kind(report, lang), interval=interval))
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=c, label=words(f"learn.kinds.{k}", lang)) for k, c in _COLOURS.items()],
        loc="lower right",
        fontsize=8,
    )


def _kind(report, lang: str) -> str:
    """The model's kind in the reader's language ("logistic", "逻辑回归"), as the command's own lines say it."""
    return words(f"done.model_kind.{report.kind}", lang)


def _headline(report, lang: str) -> str:
    method = words("learn.method", lang).format(folds=report.scores["folds"])
    return words("learn.headline", lang).format(
        kind=_kind(report, lang), n=report.n_train, won=report.n_won, lost=report.n_train - report.n_won, method=method
    )


def roc(report, lang: str = "en") -> Figure:
    """The out-of-fold ROC curve against no skill."""
    with _fonts(lang):
        figure = Figure(figsize=(5, 5), layout="constrained")
        _roc(figure.subplots(), report, lang)
    return figure


def calibration(report, lang: str = "en") -> Figure:
    """Observed win rate against predicted probability, out of fold."""
    with _fonts(lang):
        figure = Figure(figsize=(5, 5), layout="constrained")
        _calibration(figure.subplots(), report, lang)
    return figure


def effects(report, lang: str = "en") -> Figure:
    """Each feature's effect on the log-odds of a win, with its interval where there is one."""
    with _fonts(lang):
        figure = Figure(figsize=(10, 0.28 * len(report.effects) + 1.2), layout="constrained")
        _effects(figure.subplots(), report, lang)
    return figure


def report_figure(report, lang: str = "en") -> Figure:
    """ROC and calibration side by side above the effects."""
    with _fonts(lang):
        figure = Figure(figsize=(11, 0.26 * len(report.effects) + 6.5), layout="constrained")
        grid = figure.add_gridspec(2, 2, height_ratios=[5, 0.26 * len(report.effects) + 1])
        _roc(figure.add_subplot(grid[0, 0]), report, lang)
        _calibration(figure.add_subplot(grid[0, 1]), report, lang)
        _effects(figure.add_subplot(grid[1, :]), report, lang)
        figure.suptitle(_headline(report, lang), fontsize=10)
    return figure
