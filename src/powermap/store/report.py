"""The coach's report's "Since last review" block: what changed since the account's previous snapshot in a
store, and its coverage over time (a chart). The data is built here; the report only shows it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from powermap.store.history import diff_versions, version_of
from powermap.store.view import WORDS as VIEW_WORDS
from powermap.store.view import field_text
from powermap.text.words import by_lang

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from powermap.core.deal import Deal
    from powermap.policy import Policy
    from powermap.store.db import Store

__all__ = ["since_last_review", "coverage_over_time", "WORDS"]

WORDS = by_lang("review")


def since_last_review(pm: Deal, store: Store, *, policy: Policy | None = None, lang: str = "en") -> dict[str, Any]:
    """The data of the report's "Since last review" block (plain values; the template escapes them).

    Compares ``pm`` with the account's latest snapshot dated before ``pm.account.as_of``
    (nothing is saved) and lists the coverage of every snapshot up to this map.

    Returns
    -------
    dict
        ``words`` (headings), ``previous`` (ISO date or None), ``diff`` (the
        :meth:`~powermap.store.history.Diff.to_dict` contract, or None), ``changes``
        (rows ``person, field, before, after`` with field names in ``lang``),
        ``added`` and ``removed`` (names), ``points`` (``[(date, coverage, risk)]``
        oldest first, this map last) and ``chart`` (a ``data:`` SVG URI).
    """
    words = WORDS[lang if lang in WORDS else "en"]
    view = VIEW_WORDS[lang if lang in VIEW_WORDS else "en"]
    account, day = pm.account.name, pm.account.as_of
    current = version_of(pm, policy)
    previous = store.previous(account, day)
    points: list[tuple[dt.date, float, str]] = []
    if account in store.accounts():
        history = store.history(account)
        points = [
            (d, float(c), r) for d, c, r in zip(history["as_of"], history["coverage"], history["risk"]) if d < day
        ]
    points.append((day, current.coverage, current.risk))
    out: dict[str, Any] = {
        "words": words,
        "previous": None,
        "diff": None,
        "changes": [],
        "added": [],
        "removed": [],
        "points": [(d.isoformat(), c, r) for d, c, r in points],
        "chart": None,
        "risk_words": view["risk_words"],
    }
    if previous is not None:
        change = diff_versions(previous, current)
        contract = change.to_dict()
        names = dict(zip(change.people["id"], change.people["name"]))

        out.update(
            previous=previous.account.as_of.isoformat(),
            diff=contract,
            empty=change.empty,
            added=[names[i] for i in contract["people"]["added"]],
            removed=[names[i] for i in contract["people"]["removed"]],
            changes=[
                {
                    "person": c["name"],
                    "field": view["fields"].get(c["field"], c["field"]),
                    "before": field_text(c["field"], c["before"], lang),
                    "after": field_text(c["field"], c["after"], lang),
                }
                for c in contract["people"]["changed"]
            ],
        )
    if len(points) > 1:
        from powermap.render.report import svg_uri

        out["chart"] = svg_uri(coverage_over_time(points, policy=policy, lang=lang))
    return out


def coverage_over_time(
    points: list[tuple[dt.date, float, str]], *, policy: Policy | None = None, lang: str = "en"
) -> Figure:
    """Coverage (0-100) by snapshot date, over the policy's risk bands."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    from powermap.policy import Policy
    from powermap.render.chart import font_family

    policy = policy or Policy()
    words = WORDS[lang if lang in WORDS else "en"]
    figure = Figure(figsize=(7.5, 2.6), dpi=100)
    ax = figure.add_subplot()
    family = font_family([words["chart"]])
    ax.axhspan(0, policy.risk_high_below, color="#ffebee", zorder=0)
    ax.axhspan(policy.risk_high_below, policy.risk_medium_below, color="#fff3e0", zorder=0)
    ax.axhspan(policy.risk_medium_below, 100, color="#e8f5e9", zorder=0)
    days = [
        dt.datetime.combine(d if isinstance(d, dt.date) else dt.date.fromisoformat(d), dt.time()) for d, _, _ in points
    ]
    values = [c for _, c, _ in points]
    # matplotlib plots datetimes through its date converter; its stubs accept numbers only
    ax.plot(days, values, color="#37474f", marker="o", linewidth=2, zorder=2)  # type: ignore[arg-type]
    for x, y in zip(days, values):
        ax.annotate(
            f"{y:.0f}", (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=9, family=family
        )
    ax.set_ylim(0, 105)
    ax.set_ylabel(VIEW_WORDS[lang if lang in VIEW_WORDS else "en"]["coverage"], family=family)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    if len(days) == 1:  # datetime limits, as for plot above
        ax.set_xlim(days[0] - dt.timedelta(days=15), days[0] + dt.timedelta(days=15))  # type: ignore[arg-type]
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure
