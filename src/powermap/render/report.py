"""The coach's report: one HTML file with the score, risk, coverage figures, every gap with its
advice, the static charts and the interactive map; readable when printed to PDF from a browser.

Like the map, the page is a Jinja template with autoescape on; charts are
embedded as SVG images (``<img src="data:image/svg+xml;base64,...">``, where
no script can run) and the interactive map sits in an ``<iframe srcdoc>``.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from powermap.analysis.run import deal_and_analysis
from powermap.policy import Policy
from powermap.render.map import power_map_html, srcdoc_iframe, template_environment
from powermap.render.plan_text import fewer
from powermap.render.text import LABELS, RISK_WORDS, STAGE_NAMES, analysis_json, gap_groups, top_people
from powermap.text.advice import role_label
from powermap.text.safe import isolated_data, isolator
from powermap.text.words import LANGS, section, words

if TYPE_CHECKING:
    from powermap.analysis.run import Analysis
    from powermap.core.deal import Deal

__all__ = ["report_html", "write_report"]

PARTS = ("roles", "decision", "support", "breadth", "threads", "mid_level")
# The report's own words; the user's texts and the gaps come from the data.
WORDS: dict[str, dict[str, Any]] = {
    lang: section("report", lang)
    | section("punct", lang)
    | {
        "parts": section("report.parts", lang),
        "figure_labels": list(section("report.figure_labels", lang).values()),
        "charts": [
            (words(f"report.charts.{chart}.title", lang), words(f"report.charts.{chart}.caption", lang))
            for chart in ("org", "roles", "support")
        ],
    }
    for lang in LANGS
}


def svg_uri(figure) -> str:
    """A matplotlib Figure as a ``data:`` URI of its SVG, text kept as text (closed afterwards)."""
    import matplotlib.pyplot as plt

    from powermap.render.chart import save_figure

    buffer = io.BytesIO()
    save_figure(figure, buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def report_html(
    deal: Deal,
    *,
    policy: Policy | None = None,
    lang: str = "en",
    with_map: bool = True,
    today: dt.date | None = None,
    plan: dict[str, Any] | None = None,
    review: dict[str, Any] | None = None,
    sections: tuple = (),
    analysis: Analysis | None = None,
) -> str:
    """The coach's report as one HTML document (a string).

    Parameters
    ----------
    deal : Deal or PowerMap
    analysis : Analysis, optional
        The deal's analysis (made here under ``policy`` when not given): the text, the charts and the map
        all show this one.
    policy : Policy, optional
        Thresholds (the default policy if not given).
    lang : {"en", "zh"}
        Language of the gaps, advice and headings.
    with_map : bool
        Embed the interactive map (about 0.5 MB); the static charts are always there.
    today : date, optional
        The date printed as "prepared on" (default: today).
    plan : dict, optional
        A plan (:func:`powermap.plan.plan_actions`, made with the same policy and language) for the
        report's Plan section; the embedded map lists its actions too, and clicking one shows its path.
        ``pm.report()`` plans five actions; without a plan the section is left out.
    review : dict, optional
        A "Since last review" block from :func:`powermap.store.report.since_last_review`.
    sections : sequence of markupsafe.Markup
        Extra blocks (already escaped HTML, e.g. a plan or a review) placed after the gaps.

    The charts follow ``policy`` as the text does; no matplotlib backend is switched.
    """
    from markupsafe import Markup

    policy = policy or Policy()
    deal, analysis = deal_and_analysis(
        deal, policy, lang, analysis
    )  # one analysis for the text, the charts and the map
    # a bidirectional override in a name reorders that name only, never the sentences that quote it
    isolate = isolator([*deal.contacts["name"], *deal.contacts["id"], *deal.contacts["title"], deal.account.name])
    result = isolated_data(analysis_json(deal, policy=policy, lang=lang, analysis=analysis), isolate)
    maxima = {name: getattr(policy, f"points_{name}") for name in PARTS}
    sep = words("punct.list_sep", lang)  # ", " or "、" between names and roles
    texts = WORDS[lang if lang in WORDS else "en"]
    stage = result["account"]["stage"]
    plan = _plan_section(isolated_data(plan, isolate) if plan is not None else None, lang)
    context: dict[str, Any] = {
        "lang": lang,
        "L": LABELS[lang],
        "result": result,
        "risk_word": RISK_WORDS[lang][result["score"]["risk"]],
        "stage_name": STAGE_NAMES[lang].get(stage) if stage else None,
        "W": texts,
        "grade": RISK_WORDS[lang if lang in RISK_WORDS else "en"],
        "parts": [
            {"name": name, "label": texts["parts"][name], "points": result["score"]["parts"][name], "max": maxima[name]}
            for name in PARTS
        ],
        "people": [
            dict(person, role_names=sep.join(role_label(r, lang) for r in person["roles"]))
            for person in top_people(result, n=15)
        ],
        "names": {c["id"]: c["name"] for c in result["contacts"]},
        "gap_groups": gap_groups(result, lang),
        "gap_name": section("gap_name", lang),  # a gap's name in the reader's language, its code in a tooltip
        "sep": sep,
        "sections": list(sections),
        "charts": _charts(deal, analysis, lang, texts),
        # srcdoc_iframe escapes the whole page into one attribute; Markup keeps Jinja from escaping it twice
        "map": Markup(
            srcdoc_iframe(
                power_map_html(
                    deal, lang=lang, policy=policy, plan=plan["actions"] if plan else None, analysis=analysis
                ),
                height=720,
            )
        )
        if with_map
        else None,
        "plan": plan,
        "today": (today or dt.date.today()).isoformat(),
        "review": review,
    }
    return template_environment().get_template("report.html.j2").render(**context)


def _charts(deal: Deal, analysis: Analysis, lang: str, labels: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The report's figures as ``(title, caption, data URI, kind)``: the roles and support charts (kind
    ``coverage``, half a printed page each, so they fill the page the text ends on), then the org chart's pages
    (kind ``org``, a page each at the page's width: the key people, then one page per department when they leave
    anyone out)."""
    from powermap.render.chart import chart_pages, chart_too_large
    from powermap.render.coverage_charts import influence_support, role_grid

    (org_title, org_caption), roles, support = labels["charts"]
    coverage = [
        (title, caption, svg_uri(figure), "coverage")
        for (title, caption), figure in zip(
            (roles, support),
            (role_grid(deal, lang=lang, analysis=analysis), influence_support(deal, lang=lang, analysis=analysis)),
        )
    ]
    too_large = chart_too_large(deal, lang)
    if too_large:  # a map too big to draw: the other charts, and why the chart is missing
        return [*coverage, (org_title, too_large, "", "org")]
    pages = chart_pages(deal, lang=lang, focus="all", note=words("chart.key_report", lang), analysis=analysis)
    return coverage + [(org_title, org_caption, svg_uri(page), "org") for page in pages]


# the plan table's headings, with the report's own note and empty-plan line
PLAN_WORDS = {
    lang: {k: words(f"plan.{k}", lang) for k in ("title", "action", "who", "resolves", "opens", "changes", "after")}
    | section("report.plan", lang)
    for lang in LANGS
}


def _plan_section(result: dict[str, Any] | None, lang: str) -> dict | None:
    """What the report's Plan block shows (``report_plan.html.j2``), or None when left out."""
    if result is None:
        return None
    return {
        "W": PLAN_WORDS[lang if lang in PLAN_WORDS else "en"],
        "actions": result["actions"],
        "gap_name": section("gap_name", lang),
        "sep": words("punct.list_sep", lang),  # ", " or "、" between the gaps a step resolves
        "colon": words("punct.colon", lang),
        "fewer": fewer(result, lang),
    }


def write_report(deal: Deal, path: str | Path, **options: Any) -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8, atomically: see :mod:`powermap.io.writing`)."""
    from powermap.io.writing import write_text

    return write_text(path, report_html(deal, **options))
