"""The plan's sentences, in English and Chinese: who to ask, to bring us to whom, to do what."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from powermap.vocab import ROLE_LABELS, ROLES

__all__ = ["sentence", "person", "WORDS"]

STANCE_WORDS = {"en": {-2: "blocker", -1: "skeptic", 0: "neutral", 1: "supporter", 2: "champion"},
                "zh": {-2: "反对者", -1: "怀疑者", 0: "中立", 1: "支持者", 2: "拥护者"}}
DEPTH_WORDS = {"en": {0: "none", 1: "business", 2: "personal", 3: "trusted"},
               "zh": {0: "无", 1: "业务", 2: "个人", 3: "信任"}}

WORDS = {
    "en": {
        "ask": "Ask {a} to bring us to {t}",
        "through": " through {b}",
        "lever": ", whom {o} listens to",
        "gate": ", the way in to {o}",
        "cold": "no warm path: cold approach through {r}",
        "engage_cold": "Engage {t}: {cold}",
        "deepen": "Deepen the relationship with {t} from {f} to {to}",
        "convert_via": "Ask {a} to help win {t} over ({f} to {to})",
        "convert": "Win {t} over ({f} to {to}): no ally of ours reaches them",
        "neutralise_via": "Ask {a} to bring {t} round: hear out and answer the objections until they are at least neutral",
        "neutralise": "Meet {t} to hear out and answer the objections until they are at least neutral",
        "refresh": "Meet {t} again: the last contact was {d} days ago",
        "find": "Find {article} {role} in {dept}",
        "find_nowhere": "Find {article} {role}",
        "second": "Add {m} as a second owner of the account, starting with {t}",
        "department": "the {d} department",
        "front_door": "their own office",
    },
    "zh": {
        "ask": "请{a}引荐我们认识{t}",
        "through": "（经由{b}）",
        "lever": "，{o}听取此人的意见",
        "gate": "，这是接触{o}的必经之路",
        "cold": "没有熟人引荐：通过{r}直接接触",
        "engage_cold": "接触{t}：{cold}",
        "deepen": "将与{t}的关系从{f}加深到{to}",
        "convert_via": "请{a}帮助争取{t}（从{f}到{to}）",
        "convert": "争取{t}（从{f}到{to}）：我方盟友中无人能影响此人",
        "neutralise_via": "请{a}做{t}的工作：倾听并回应其顾虑，至少使其转为中立",
        "neutralise": "约见{t}，倾听并回应其顾虑，至少使其转为中立",
        "refresh": "再次拜访{t}：上次联系已是{d}天前",
        "find": "在{dept}寻找一位{role}",
        "find_nowhere": "寻找一位{role}",
        "second": "让{m}成为本客户的第二位负责人，先从{t}开始",
        "department": "{d}",
        "front_door": "其本人办公室",
    },
}


def person(s, i: int, lang: str, *, roles: bool = True) -> str:
    """ "Ken Ito (VP Engineering, advisor, supporter)": the name, then title, buying roles and stance."""
    parts = []
    title = s.c.at[i, "title"]
    if title:
        parts.append(str(title))
    if roles:
        parts += [ROLE_LABELS[r][lang] for r in s.roles[i] if r in ROLES]
        stance = s.stance[i]
        if not np.isnan(stance):
            parts.append(STANCE_WORDS[lang][int(stance)])
    name = str(s.c.at[i, "name"])
    if not parts:
        return name
    return f"{name}（{'，'.join(parts)}）" if lang == "zh" else f"{name} ({', '.join(parts)})"


def _short(s, i: int, lang: str) -> str:
    title = s.c.at[i, "title"]
    name = str(s.c.at[i, "name"])
    if not title:
        return name
    return f"{name}（{title}）" if lang == "zh" else f"{name} ({title})"


def sentence(s, item: Any, member: str | None, lang: str) -> str:
    """One sentence for a scored action on the map ``s`` it applies to."""
    W = WORDS[lang if lang in WORDS else "en"]
    cand = item.candidate
    if cand.kind == "find":
        role = ROLE_LABELS[cand.role][lang]
        dept = cand.change["add"].get("department") or ""
        article = "an" if role[:1] in "aeiou" else "a"
        key = "find" if dept else "find_nowhere"
        return W[key].format(article=article, role=role, dept=dept)
    i = s.at[cand.contact]
    target = person(s, i, lang)
    via = [s.at[v] for v in item.via]
    if item.cold is not None:
        route = item.cold
        if route:
            r = _short(s, s.at[route], lang)
        elif s.dept[i]:
            r = W["department"].format(d=s.dept[i])
        else:
            r = W["front_door"]
        cold = W["cold"].format(r=r)
    else:
        cold = None

    def ask(template: str, **extra: str) -> str:
        a = person(s, via[0], lang)
        text = template.format(a=a, t=target, **extra)
        if len(via) > 1:
            text += W["through"].format(b=", ".join(_short(s, v, lang) for v in via[1:]))
        return text

    if cand.kind == "engage":
        lever = ""
        if cand.lever_for is not None and cand.lever_for in s.at:
            lever = W["gate" if cand.reason == "gatekeeper" else "lever"].format(o=_short(s, s.at[cand.lever_for], lang))
        if via:
            return ask(W["ask"]) + lever
        return W["engage_cold"].format(t=target + lever, cold=cold or W["cold"].format(r=W["front_door"]))
    if cand.kind == "deepen":
        return W["deepen"].format(t=target, f=DEPTH_WORDS[lang][int(s.rel[i])],
                                  to=DEPTH_WORDS[lang][int(cand.change["relationship"])])
    if cand.kind == "convert":
        f, to = STANCE_WORDS[lang][int(s.stance[i])], STANCE_WORDS[lang][int(cand.change["stance"])]
        return ask(W["convert_via"], f=f, to=to) if via else W["convert"].format(t=target, f=f, to=to)
    if cand.kind == "neutralise":
        return ask(W["neutralise_via"]) if via else W["neutralise"].format(t=target)
    if cand.kind == "refresh":
        last = s.c.at[i, "last_contact"]
        days = (pd.Timestamp(s.pm.account.as_of) - last).days if not pd.isna(last) else 0
        return W["refresh"].format(t=target, d=days)
    if cand.kind == "second-owner":
        return W["second"].format(m=member or cand.change["owner"], t=target)
    raise ValueError(cand.kind)


# -- renderers: the plan object (``plan_actions``) as a terminal table and as Markdown -------------------------

LABELS = {
    "en": {"title": "Plan: the next moves", "coverage": "coverage", "risk": "risk", "rank": "#", "action": "action",
           "who": "who acts", "resolves": "resolves", "after": "coverage / risk after", "cost": "cost",
           "none": "Nothing left to do that the analysis can see: every action tried leaves the map no better.",
           "opens": "opens", "note": "Each step is scored on the map the earlier steps made."},
    "zh": {"title": "行动计划：下一步", "coverage": "覆盖度", "risk": "风险", "rank": "#", "action": "行动",
           "who": "由谁执行", "resolves": "解决", "after": "之后的覆盖度 / 风险", "cost": "成本",
           "none": "分析已看不到可以改进的行动：尝试过的每个行动都不会让权力图更好。",
           "opens": "新增", "note": "每一步都是在前面各步完成后的权力图上评估的。"},
}
RISK = {"en": {"low": "low", "medium": "medium", "high": "high"}, "zh": {"low": "低", "medium": "中", "high": "高"}}


def _gaps_cell(action: dict, L: dict) -> str:
    text = ", ".join(action["resolves"]) or "-"
    if action["opens"]:
        text += f" ({L['opens']}: {', '.join(action['opens'])})"
    return text


def print_plan(result: dict, lang: str = "en", console=None) -> None:
    """The plan as a Rich table; every user text is printed as text, never as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    L = LABELS[lang if lang in LABELS else "en"]
    if console is None:
        console = Console(highlight=False)
        if not console.is_terminal:  # piped or captured: wide enough that the sentences do not wrap every word
            console = Console(highlight=False, width=140)
    account = result["account"]
    console.print(Text(f"{account['name']} · {L['coverage']} {result['coverage']:.0f}/100 · "
                       f"{L['risk']} {RISK[lang][result['risk']]}", style="bold"))
    if not result["actions"]:
        console.print(Text(L["none"], style="green"))
        return
    table = Table(title=L["title"], title_justify="left", show_lines=True, expand=True, caption=L["note"],
                  caption_justify="left")
    for column, ratio in (("rank", None), ("action", 6), ("who", 1), ("resolves", 2), ("after", 1), ("cost", None)):
        table.add_column(L[column], no_wrap=ratio is None, ratio=ratio)
    for a in result["actions"]:
        table.add_row(str(a["rank"]), Text(a["action"]), Text(a["member"] or "-"), Text(_gaps_cell(a, L)),
                      f"{a['coverage_after']:.1f} / {RISK[lang][a['risk_after']]}", f"{a['cost']:.1f}")
    console.print(table)


def _md(text: object) -> str:
    from powermap.text.safe import markdown_text

    return markdown_text(str(text))  # HTML and Markdown syntax (images, links, emphasis, |) made inert


def plan_markdown(result: dict, lang: str = "en") -> str:
    """The plan as pasteable Markdown (user text made inert)."""
    L = LABELS[lang if lang in LABELS else "en"]
    account = result["account"]
    lines = [f"## {_md(account['name'])}: {L['title']}", "",
             f"**{L['coverage']} {result['coverage']:.0f}/100 · {L['risk']} {RISK[lang][result['risk']]}**", ""]
    if not result["actions"]:
        return "\n".join(lines + [L["none"]]) + "\n"
    lines += [f"| {L['rank']} | {L['action']} | {L['who']} | {L['resolves']} | {L['after']} | {L['cost']} |",
              "|---|---|---|---|---|---|"]
    for a in result["actions"]:
        lines.append(f"| {a['rank']} | {_md(a['action'])} | {_md(a['member'] or '-')} | {_md(_gaps_cell(a, L))} | "
                     f"{a['coverage_after']:.1f} / {RISK[lang][a['risk_after']]} | {a['cost']:.1f} |")
    return "\n".join(lines + ["", f"_{L['note']}_"]) + "\n"
