"""A scored pipeline's review on the terminal, after ``powermap portfolio``'s count: the risk mix, the gaps
most accounts share and the riskiest deals, one row each (the frames of
:class:`powermap.portfolio.review.Review`). User text (account keys and names, a plan's sentence) is shown
as text, never obeyed as markup or control sequences.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from powermap.render.linebreak import Wrapped
from powermap.render.text import RISK_TONE
from powermap.text.safe import terminal
from powermap.text.words import section, words

__all__ = ["risk_line", "print_review"]


def risk_line(risk: pd.DataFrame, lang: str = "en") -> str:
    """How many deals stand at each risk, in one line.

    Examples
    --------
    >>> risk = pd.DataFrame({"risk": ["high", "medium", "low"], "accounts": [2, 0, 1], "share": [2 / 3, 0, 1 / 3]})
    >>> risk_line(risk)
    'Risk: 2 high (67%) · 0 medium (0%) · 1 low (33%)'
    >>> risk_line(risk, "zh")
    '风险：高 2 个（67%） · 中 0 个（0%） · 低 1 个（33%）'
    """
    risks = section("risk", lang)
    counts = [
        words("review.risk_count", lang).format(n=f"{n:,}", risk=risks[r], share=f"{share:.0%}")
        for r, n, share in zip(risk["risk"], risk["accounts"], risk["share"])
    ]
    return words("review.risk", lang) + (": " if lang == "en" else "：") + " · ".join(counts)


def moves_line(moves: pd.DataFrame, since: str, lang: str = "en") -> str:
    """How the deals' risk moved since the snapshots on or before ``since``, in one line.

    Examples
    --------
    >>> moves = pd.DataFrame({"move": ["riskier", "safer", "same", "new"], "accounts": [2, 1, 8, 1]})
    >>> moves_line(moves, "2026-10-31")
    'Since 2026-10-31: 2 riskier · 1 safer · 8 the same · 1 not stored before'
    >>> moves_line(moves, "2026-10-31", "zh")
    '自 2026-10-31 以来：风险升高 2 个 · 风险降低 1 个 · 不变 8 个 · 此前未保存 1 个'
    """
    counts = [words(f"review.move.{m}", lang).format(n=f"{n:,}") for m, n in zip(moves["move"], moves["accounts"])]
    return (
        words("review.since", lang).format(date=terminal(since)) + (": " if lang == "en" else "：") + " · ".join(counts)
    )


def print_review(
    risk: pd.DataFrame,
    gaps: pd.DataFrame,
    riskiest: pd.DataFrame,
    by: str,
    lang: str = "en",
    console: Any = None,
    moves: pd.DataFrame | None = None,
    since: str | None = None,
) -> None:
    """Print the review: :func:`risk_line`, the most common gaps (a row each: the code, or its name in Chinese,
    how many accounts have it and their share), the riskiest deals, and their plan's first actions where the
    accounts have them (each sentence the width of the terminal). With ``moves`` and ``since`` (a run with
    ``--store --since``), :func:`moves_line` follows the risk line, and each deal shows how its risk moved."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console(highlight=False)
    console.print(Text(risk_line(risk, lang)))
    if moves is not None and since is not None:
        console.print(Text(moves_line(moves, since, lang)))
    risks = section("risk", lang)

    def table(title: str, expand: bool) -> Table:
        return Table(
            title=title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            padding=(0, 1, 0, 0),
            show_edge=False,
            pad_edge=False,
            expand=expand,
        )

    if len(gaps):
        common = table(words("review.gaps", lang), expand=False)
        common.add_column(words("review.gap", lang), overflow="fold")
        common.add_column(words("review.accounts", lang), justify="right", no_wrap=True)
        common.add_column("%", justify="right", no_wrap=True)
        names = section("gap_name", lang)
        for code, n, share in zip(gaps["code"], gaps["accounts"], gaps["share"]):
            common.add_row(code if lang == "en" else names.get(code, code), f"{n:,}", f"{share:.0%}")
        console.print()
        console.print(common)
    if riskiest.empty:
        return
    deals = table(words("review.riskiest", lang), expand=False)
    columns = [("account", by), ("name", "account_name"), ("stage", "stage"), ("coverage", "coverage")]
    columns += [("risk_column", "risk"), ("change", "risk_change"), ("n_gaps", "n_gaps")]
    columns = [(label, column) for label, column in columns if column in riskiest]
    for label, column in columns:
        numeric = column in ("stage", "coverage", "n_gaps")
        deals.add_column(
            words(f"review.{label}", lang),
            justify="right" if numeric else "left",
            no_wrap=column != "account_name",
            overflow="fold",
        )
    rows = riskiest.to_dict("records")
    for row in rows:
        deals.add_row(
            *(
                Text(
                    _cell(row[column], column, risks),
                    style=RISK_TONE.get(str(row["risk"]), "") if column == "risk" else "",
                )
                for _, column in columns
            )
        )
    console.print()
    console.print(deals)
    actions = [(row[by], _cell(row["plan_action"], "plan_action", risks)) for row in rows if "plan_action" in row]
    actions = [(key, action) for key, action in actions if action]  # an account no step helps has none
    if actions:  # the whole width for each sentence: a column beside the figures would be a few words wide
        first = table(words("review.actions", lang), expand=True)
        first.add_column(words("review.account", lang), no_wrap=True, overflow="fold")
        first.add_column(words("review.action", lang), ratio=1, overflow="fold")
        for key, action in actions:
            # broken where a reader allows: between Chinese characters, never inside a name
            first.add_row(Text(_cell(key, by, risks)), Wrapped([(action, None)]))
        console.print()
        console.print(first)


def _cell(value: Any, column: str, risks: dict[str, str]) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "-" if column != "plan_action" else ""
    if column == "coverage":
        return f"{float(value):.1f}"
    if column == "risk":
        return risks.get(str(value), str(value))
    if column == "risk_change":  # "medium -> high", in the language's words
        return " → ".join(risks.get(part.strip(), part.strip()) for part in str(value).split("->") if part.strip())
    if column in ("stage", "n_gaps"):
        return str(int(value))
    return terminal(value)
