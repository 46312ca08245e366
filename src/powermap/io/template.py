"""A blank contacts workbook for a new account: every column, drop-down lists of the allowed values, an example row.

Nothing in it is a formula (the drop-down lists are data validation, which runs nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from powermap.io.writing import atomic_path
from powermap.text.words import section, words

__all__ = ["write_template", "TEMPLATE_EXAMPLE"]

# the template's example row (one made-up person: replace it with your own)
TEMPLATE_EXAMPLE = {
    "en": {
        "id": "1",
        "name": "Margaret Olsen",
        "title": "Chief Executive Officer",
        "department": "Executive",
        "level": "executive",
        "reports_to": "",
        "roles": "decision maker",
        "influence": "5",
        "stance": "neutral",
        "relationship": "business",
        "owner": "Dana",
        "last_contact": "2026-11-02",
        "competitor": "",
        "notes": "Example row: replace it with your own contacts",
    },
    "zh": {
        "id": "1",
        "name": "王建国",
        "title": "总经理",
        "department": "总经理办公室",
        "level": "高层",
        "reports_to": "",
        "roles": "核心决策者",
        "influence": "5",
        "stance": "中立",
        "relationship": "业务",
        "owner": "李明",
        "last_contact": "2026-11-02",
        "competitor": "",
        "notes": "示例行：请替换为您的联系人",
    },
}

# header shown in the template (every one is an alias the reader accepts)
_HEADERS = {
    "en": {c: c for c in TEMPLATE_EXAMPLE["en"]},
    "zh": {
        "id": "编号",
        "name": "姓名",
        "title": "职务",
        "department": "部门",
        "level": "层级",
        "reports_to": "上级",
        "roles": "角色",
        "influence": "影响力",
        "stance": "态度",
        "relationship": "关系",
        "owner": "负责人",
        "last_contact": "最后联系",
        "competitor": "竞争对手",
        "notes": "备注",
    },
}

# allowed values offered as drop-down lists; roles accept several (one;two), so any text is allowed there
_CHOICES = {
    "en": {
        "level": ["executive", "mid", "staff"],
        "roles": [
            "initiator",
            "technical supporter",
            "key user",
            "inside coach",
            "advisor",
            "decision maker",
            "gatekeeper",
            "finance",
            "purchaser",
            "influencer",
            "handler",
            "legal",
        ],
        "influence": ["1", "2", "3", "4", "5"],
        "stance": ["champion", "supporter", "neutral", "skeptic", "blocker"],
        "relationship": ["none", "business", "personal", "trusted"],
    },
    "zh": {
        "level": ["高层", "中层", "基层"],
        "roles": [
            "首倡者",
            "技术支持者",
            "关键使用者",
            "内部支持者",
            "辅助决策者",
            "核心决策者",
            "守门人",
            "掌握财务者",
            "采购者",
            "影响者",
            "经手人",
            "法务合规",
        ],
        "influence": ["1", "2", "3", "4", "5"],
        "stance": ["强烈支持", "支持", "中立", "怀疑", "反对"],
        "relationship": ["无", "业务", "个人", "信任"],
    },
}
_STRICT = {"level", "influence", "stance", "relationship"}
_LINK_HEADERS = {"en": ["source", "target", "kind", "weight"], "zh": ["来源", "目标", "类型", "权重"]}
_LINK_KINDS = {
    "en": ["influences", "trusts", "allies", "rivals", "works_with"],
    "zh": ["影响", "信任", "盟友", "对手", "共事"],
}
_SHEETS = {"en": ("contacts", "links"), "zh": ("联系人", "关系")}


def _text_cell(cell, value: Any) -> None:
    """Put a value in a cell as a value: text that starts with '=' stays text, never a formula."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


def write_template(path: str | Path, lang: str = "en") -> Path:
    """A blank contacts workbook: every column, drop-down lists of the allowed values, and one example row.

    The ``contacts`` sheet (``联系人`` in Chinese) has the columns powermap reads, each with a note on what
    it takes; level, influence, stance and relationship only accept their listed values, roles offer the
    six roles and four tags but accept several. The ``links`` sheet (``关系``) has the links table's
    columns. Nothing in it is a formula.

    >>> import tempfile, pathlib, powermap
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "contacts.xlsx")
    >>> len(powermap.load(path))
    1
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path}: expected an .xlsx file name")
    headers, example, choices = _HEADERS[lang], TEMPLATE_EXAMPLE[lang], _CHOICES[lang]
    prompts = section("template.prompts", lang)
    contacts_name, links_name = _SHEETS[lang]
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None  # a new workbook has one sheet, the active one
    ws.title = contacts_name
    last_row = 1000
    for j, column in enumerate(headers, start=1):
        letter = get_column_letter(j)
        header = ws.cell(row=1, column=j)
        _text_cell(header, headers[column])
        header.font = Font(bold=True)
        _text_cell(ws.cell(row=2, column=j), example[column])
        ws.column_dimensions[letter].width = max(12, len(headers[column]) + 4, min(40, len(example[column]) + 2))
        if column in prompts:
            header.comment = Comment(prompts[column], "powermap")
        if column in choices:
            strict = column in _STRICT
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(choices[column]) + '"',
                allow_blank=True,
                showErrorMessage=strict,
                showInputMessage=column in prompts,
                promptTitle=headers[column],
                prompt=prompts.get(column),
            )
            if strict:
                rule.errorTitle = headers[column]
                rule.error = words("template.choose", lang) + ", ".join(choices[column])
            ws.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{last_row}")
    ws.freeze_panes = "A2"
    links = workbook.create_sheet(links_name)
    for j, column in enumerate(_LINK_HEADERS[lang], start=1):
        _text_cell(links.cell(row=1, column=j), column)
        links.cell(row=1, column=j).font = Font(bold=True)
        links.column_dimensions[get_column_letter(j)].width = 14
    kind = DataValidation(type="list", formula1='"' + ",".join(_LINK_KINDS[lang]) + '"', allow_blank=True)
    links.add_data_validation(kind)
    kind.add(f"C2:C{last_row}")
    weight = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True)
    links.add_data_validation(weight)
    weight.add(f"D2:D{last_row}")
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return path
