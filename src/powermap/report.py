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

from .advice import role_label
from .html import _environment, power_map_html, srcdoc_iframe
from .output import LABELS, RISK_WORDS, STAGE_NAMES, _top_people
from .output import analysis as analysis_json
from .policy import Policy

if TYPE_CHECKING:
    from .model import PowerMap

__all__ = ["report_html", "write_report"]

PART_NAMES = {"roles": "buying roles engaged", "decision": "decision makers engaged and supportive",
              "support": "influence-weighted support", "breadth": "levels and departments engaged",
              "threads": "threads (engaged contacts, owners)", "mid_level": "mid-level allies"}


def _svg(figure) -> str:
    """A matplotlib Figure as a ``data:`` URI of its SVG (closed afterwards)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def report_html(pm: "PowerMap", *, policy: Policy | None = None, lang: str = "en", with_map: bool = True,
                today: dt.date | None = None) -> str:
    """The coach's report as one HTML document (a string).

    Parameters
    ----------
    pm : PowerMap
    policy : Policy, optional
        Thresholds (the default policy if not given).
    lang : {"en", "zh"}
        Language of the gaps, advice and headings.
    with_map : bool
        Embed the interactive map (about 0.5 MB); the static charts are always there.
    today : date, optional
        The date printed as "prepared on" (default: today).
    """
    import matplotlib

    matplotlib.use("Agg")
    from .charts import influence_support, role_grid
    from .draw import org_chart

    policy = policy or Policy()
    result = analysis_json(pm, policy=policy, lang=lang)
    maxima = {name: getattr(policy, f"points_{name}") for name in PART_NAMES}
    stage = result["account"]["stage"]
    context: dict[str, Any] = {
        "lang": lang,
        "L": LABELS[lang],
        "result": result,
        "risk_word": RISK_WORDS[lang][result["score"]["risk"]],
        "stage_name": STAGE_NAMES[lang].get(stage) if stage else None,
        "parts": [{"name": name, "label": PART_NAMES[name], "points": result["score"]["parts"][name],
                   "max": maxima[name]} for name in PART_NAMES],
        "people": [dict(person, role_names=", ".join(role_label(r, lang) for r in person["roles"]))
                   for person in _top_people(result, n=15)],
        "names": {c["id"]: c["name"] for c in result["contacts"]},
        "charts": [
            ("Org chart", "Colour: stance. Size: effective influence. Ring: relationship depth. Red ring: named in a "
                          "high-severity gap.", _svg(org_chart(pm, lang=lang))),
            ("Buying roles by status", "Who holds each of the six roles, and whether we engage them.",
             _svg(role_grid(pm, lang=lang))),
            ("Influence against support", "The people on the right can move the decision; the top half favour us.",
             _svg(influence_support(pm))),
        ],
        "map": srcdoc_iframe(power_map_html(pm, lang=lang, policy=policy), height=720) if with_map else None,
        "today": (today or dt.date.today()).isoformat(),
    }
    from markupsafe import Markup

    context["map"] = Markup(context["map"]) if context["map"] else None
    return _environment().get_template("report.html.j2").render(**context)


def write_report(pm: "PowerMap", path: str | Path, **options: Any) -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(report_html(pm, **options), encoding="utf-8")
    return path
