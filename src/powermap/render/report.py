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

from powermap.text.advice import role_label
from powermap.render.map import _environment, power_map_html, srcdoc_iframe
from powermap.render.text import LABELS, RISK_WORDS, STAGE_NAMES, _top_people
from powermap.render.text import analysis as analysis_json
from powermap.policy import Policy

if TYPE_CHECKING:
    from powermap.core.powermap import PowerMap

__all__ = ["report_html", "write_report"]

KEY_CHART_ABOVE = 30  # the report's org chart shows the key people above this many (it must fit a page)
PARTS = ("roles", "decision", "support", "breadth", "threads", "mid_level")
# The report's own words; the user's texts and the gaps come from the data.
WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "report": "Coach's report", "prepared": "prepared", "risk_points": "risk points",
        "confidence_note": "share of key facts known", "score_made": "How the coverage score is made",
        "part": "part", "points": "points", "of": "of", "figures": "Coverage figures",
        "parts": {"roles": "buying roles engaged", "decision": "decision makers engaged and supportive",
                  "support": "influence-weighted support", "breadth": "levels and departments engaged",
                  "threads": "threads (engaged contacts, owners)", "mid_level": "mid-level allies"},
        "figure_labels": ["people on the map", "engaged (relationship 1 or more)",
                          "supporters / opposed / stance unknown", "buying roles held / engaged / supportive (of 6)",
                          "decision makers engaged", "mid-level allies", "levels engaged (of 3)",
                          "departments engaged", "threads / owners on our side",
                          "influence-weighted support / opposition"],
        "of_n": "of",
        "more": "more", "people_in": "people", "what_to_do": "What to do",
        "charts": [("Org chart", "Band and sign: stance. Border: relationship depth; dashed grey: not engaged. Chips: "
                                 "buying roles. Red frame: named in a high-severity gap."),
                   ("Buying roles by status", "Who holds each of the six roles, and whether we engage them."),
                   ("Influence against support", "The people on the right can move the decision; the top half "
                                                 "favour us.")],
        "map": "Interactive map",
        "map_note": "Hover a person for details; filter, search and click a gap to find its people. (Left out "
                    "when printed: the org chart above stands in for it.)",
        "footer": "Made by powermap from {n} contacts. Scores and gaps follow the rules documented with powermap; "
                  "they are a coach's checklist, not a forecast.",
    },
    "zh": {
        "report": "教练报告", "prepared": "生成于", "risk_points": "风险分",
        "confidence_note": "关键信息已知的比例", "score_made": "覆盖度得分构成",
        "part": "组成部分", "points": "得分", "of": "满分", "figures": "覆盖情况",
        "parts": {"roles": "已建立关系的采购角色", "decision": "核心决策者的关系与支持",
                  "support": "按影响力加权的支持", "breadth": "覆盖的层级与部门",
                  "threads": "关系线索（已建立关系的人数、我方负责人）", "mid_level": "中层盟友"},
        "figure_labels": ["图中人数", "已建立关系（关系 1 及以上）", "支持 / 反对 / 态度未知",
                          "采购角色：有人担任 / 已建立关系 / 支持（共 6 种）", "已建立关系的核心决策者",
                          "中层盟友", "覆盖的层级（共 3 层）", "已建立关系的部门", "关系线索 / 我方负责人",
                          "按影响力加权的支持 / 反对"],
        "of_n": "/",
        "more": "更多", "people_in": "人", "what_to_do": "建议",
        "charts": [("组织结构图", "色条与符号：态度。边框：关系深度；灰色虚线：尚未建立关系。标签：采购角色。红框：高严重度缺口涉及的人。"),
                   ("采购角色状态", "六种采购角色由谁担任，以及我们是否已与其建立关系。"),
                   ("影响力与支持度", "右侧的人能左右决策；上半部分的人支持我们。")],
        "map": "交互式权力图",
        "map_note": "悬停查看详情；可筛选、搜索，点击缺口可找到相关人员。（打印时省略，以上方组织结构图代替。）",
        "footer": "由 powermap 根据 {n} 位联系人生成。得分与缺口遵循 powermap 文档中的规则，是教练的检查清单，而非预测。",
    },
}


def _svg(figure) -> str:
    """A matplotlib Figure as a ``data:`` URI of its SVG, text kept as text (closed afterwards)."""
    import matplotlib.pyplot as plt

    from powermap.render.chart import save_figure

    buffer = io.BytesIO()
    save_figure(figure, buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def group_gaps(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gaps of one code together, in the order they first appear: one block, the advice once.

    >>> gaps = [{"code": c, "severity": "high", "advice": f"do {c}"} for c in ("a", "b", "a")]
    >>> [(g["code"], g["count"], g["advice"]) for g in group_gaps(gaps)]
    [('a', 2, ['do a']), ('b', 1, ['do b'])]
    """
    groups: dict[str, dict[str, Any]] = {}
    for gap in gaps:
        group = groups.setdefault(gap["code"], {"code": gap["code"], "severity": gap["severity"], "gaps": [],
                                                "advice": []})
        group["gaps"].append(gap)
        if gap["advice"] not in group["advice"]:
            group["advice"].append(gap["advice"])
    for group in groups.values():
        group["count"] = len(group["gaps"])
    return list(groups.values())


def report_html(pm: "PowerMap", *, policy: Policy | None = None, lang: str = "en", with_map: bool = True,
                today: dt.date | None = None, plan: dict[str, Any] | None = None,
                review: dict[str, Any] | None = None, sections: tuple = ()) -> str:
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

    from powermap.render.coverage_charts import influence_support, role_grid
    from powermap.render.chart import chart_too_large, org_chart

    policy = policy or Policy()
    result = analysis_json(pm, policy=policy, lang=lang)
    maxima = {name: getattr(policy, f"points_{name}") for name in PARTS}
    words = WORDS[lang if lang in WORDS else "en"]
    stage = result["account"]["stage"]
    plan = _plan_section(plan, lang)
    context: dict[str, Any] = {
        "lang": lang,
        "L": LABELS[lang],
        "result": result,
        "risk_word": RISK_WORDS[lang][result["score"]["risk"]],
        "stage_name": STAGE_NAMES[lang].get(stage) if stage else None,
        "W": words,
        "grade": RISK_WORDS[lang if lang in RISK_WORDS else "en"],
        "parts": [{"name": name, "label": words["parts"][name], "points": result["score"]["parts"][name],
                   "max": maxima[name]} for name in PARTS],
        "people": [dict(person, role_names=", ".join(role_label(r, lang) for r in person["roles"]))
                   for person in _top_people(result, n=15)],
        "names": {c["id"]: c["name"] for c in result["contacts"]},
        "gap_groups": group_gaps(result["gaps"]),
        "sections": list(sections),
        "charts": [(title, caption, _svg(figure)) for (title, caption), figure in zip(
            words["charts"], (org_chart(pm, lang=lang, policy=policy, focus="key" if len(pm) > KEY_CHART_ABOVE
                                        else "all", aspect=2.2),
                              role_grid(pm, lang=lang, policy=policy),
                              influence_support(pm, lang=lang, policy=policy)))]
        if not chart_too_large(pm, lang) else  # a map too big to draw: the other charts, and why the chart is missing
        [(words["charts"][0][0], chart_too_large(pm, lang), "")] + [
            (title, caption, _svg(figure)) for (title, caption), figure in zip(
                words["charts"][1:], (role_grid(pm, lang=lang, policy=policy),
                                      influence_support(pm, lang=lang, policy=policy)))],
        # srcdoc_iframe escapes the whole page into one attribute; Markup keeps Jinja from escaping it twice
        "map": Markup(srcdoc_iframe(power_map_html(pm, lang=lang, policy=policy, plan=plan["actions"] if plan else None),
                                    height=720)) if with_map else None,
        "plan": plan,
        "today": (today or dt.date.today()).isoformat(),
        "review": review,
    }
    return _environment().get_template("report.html.j2").render(**context)


PLAN_WORDS = {
    "en": {"title": "Plan: the next moves", "action": "action", "who": "who acts", "resolves": "resolves",
           "opens": "opens", "after": "coverage / risk after",
           "note": "In order of work: each action is scored by re-running the analysis on the map the earlier ones "
                   "made.", "none": "No action the analysis can see makes the map better."},
    "zh": {"title": "行动计划：下一步", "action": "行动", "who": "由谁执行", "resolves": "解决", "opens": "新增",
           "after": "之后的覆盖度 / 风险", "note": "按执行顺序排列：每个行动都在前面各行动完成后的权力图上重新分析评估。",
           "none": "分析已看不到能让权力图更好的行动。"},
}


def _plan_section(result: dict[str, Any] | None, lang: str) -> dict | None:
    """What the report's Plan block shows (``report_plan.html.j2``), or None when left out."""
    if result is None:
        return None
    from powermap.text.advice_words import GAP_NAMES

    language = lang if lang in ("en", "zh") else "en"
    return {"W": PLAN_WORDS[lang if lang in PLAN_WORDS else "en"], "actions": result["actions"],
            "gap_name": {code: names[language] for code, names in GAP_NAMES.items()}}


def write_report(pm: "PowerMap", path: str | Path, **options: Any) -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8, atomically: see :mod:`powermap.io.writing`)."""
    from powermap.io.writing import write_text

    return write_text(path, report_html(pm, **options))
