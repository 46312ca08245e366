"""A learned model as tables a person reads: its cross-validated scores against the baselines, and its effects."""

from __future__ import annotations

from typing import Any

from powermap.text.words import section, words

__all__ = ["learned_tables"]


def learned_tables(model: Any, lang: str = "en") -> list[Any]:
    """The scores table and the effects table (the twelve largest) of a fitted model, as Rich tables.

    Parameters
    ----------
    model : powermap.learn.model.WinModel
        A fitted model (``fit`` or ``load``).
    lang : {"en", "zh"}
        Language of the titles, headers and feature names.

    Returns
    -------
    list of rich.table.Table
        The scores (ROC AUC, Brier, accuracy beside no skill and coverage alone), then the effects.

    Examples
    --------
    >>> from powermap.sim.simulate import closed_deals
    >>> from powermap.learn.model import WinModel
    >>> deals = closed_deals(40, 10, seed=3)
    >>> model = WinModel(n_bootstrap=0, cv=3).fit(deals.features, deals.outcomes["won"])
    >>> [table.row_count for table in learned_tables(model)][0]
    3
    """
    from rich.table import Table

    w, features, units = section("learn.table", lang), section("learn.features", lang), section("learn.units", lang)
    says = section("learn.says", lang)
    s = model.cv_
    method = words("learn.method", lang).format(folds=model.cv)
    scores = Table(title=w["scores"].format(method=method, n=model.n_train_, won=model.n_won_), title_justify="left")
    for column in ("", w["model"], w["no_skill"], w["coverage_alone"]):
        scores.add_column(column, justify="right" if column else "left")
    coverage = s.get("coverage_roc_auc")
    scores.add_row("ROC AUC", f"{s['roc_auc']:.3f}", "0.500", f"{coverage:.3f}" if coverage is not None else "")
    scores.add_row(w["brier"], f"{s['brier']:.3f}", f"{s['baseline']['brier']:.3f}", "")
    scores.add_row(w["accuracy"], f"{s['accuracy']:.3f}", f"{s['baseline']['accuracy']:.3f}", "")
    effects = Table(title=w["effects"], title_justify="left")
    for column in ("feature", "unit", "effect", "interval", "rule_says", "data_says"):
        effects.add_column(w[column], justify="right" if column in ("effect", "interval") else "left")
    table = model.effects_.reindex(model.effects_["effect"].abs().sort_values(ascending=False).index).head(12)
    unit_key = {"+1 sd": "figure", "0 -> 1": "switch"}
    for row in table.itertuples():
        interval = f"{row.low:+.2f} .. {row.high:+.2f}" if row.low == row.low else ""
        effects.add_row(
            features.get(row.feature, row.description),
            units.get(unit_key.get(row.unit, ""), row.unit),
            f"{row.effect:+.2f}",
            interval,
            says.get(row.rule_says, row.rule_says),
            says.get(row.data_says, row.data_says),
        )
    return [scores, effects]
