"""Validate raw tables into tidy, typed contacts, links and account facts.

Validation happens here, once, at the boundary: the rest of powermap trusts
its tables. All problems are collected before anything is raised, each
naming file, row, column, the value and what was expected. Values that were
inferred or defaulted are marked (``level_source``, ``relationship_source``),
never silently invented; columns powermap does not know are kept as given.

The work is vectorised over the distinct values of each column, so a table of
many accounts (a pipeline, with an account column) validates as fast as one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.errors import InputError, Problem
from powermap.io.dates import EARLIEST_YEAR, LATEST_YEAR, parse_date, today
from powermap.io.read import LIMITS, RawAccount, RawTable, cell_text

__all__ = [
    "CONTACT_COLUMNS",
    "LINK_COLUMNS",
    "Account",
    "validate_contacts",
    "validate_links",
    "validate_account",
    "reporting_depth",
    "MANY_ACCOUNTS",
]

# canonical column -> header aliases (matched with vocab.normalize_word)
CONTACT_COLUMNS: dict[str, list[str]] = {
    "id": ["id", "contact id", "contact_id", "person id", "key", "编号", "工号", "联系人编号", "編號", "序号"],
    "name": ["name", "full name", "contact name", "contact", "person", "姓名", "名字", "联系人", "聯絡人"],
    "title": ["title", "job title", "position", "role title", "职务", "职位", "头衔", "職務", "職位"],
    "department": ["department", "dept", "division", "unit", "function", "部门", "科室", "部門"],
    "level": ["level", "seniority", "rank", "tier", "层级", "级别", "层次", "層級", "級別"],
    "reports_to": [
        "reports to",
        "reports_to",
        "manager",
        "manager id",
        "boss",
        "supervisor id",
        "parent",
        "上级",
        "直属上级",
        "汇报对象",
        "汇报给",
        "上級",
        "匯報對象",
    ],
    "roles": [
        "roles",
        "role",
        "buying role",
        "buying roles",
        "contact role",
        "contact roles",
        "角色",
        "采购角色",
        "購買角色",
        "採購角色",
    ],
    "influence": ["influence", "power", "clout", "影响力", "影響力", "权力"],
    "stance": ["stance", "attitude", "sentiment", "position to us", "support level", "态度", "立场", "態度", "立場"],
    "relationship": [
        "relationship",
        "relationship depth",
        "relationship level",
        "relation",
        "关系",
        "关系深度",
        "关系层次",
        "關係",
        "關係深度",
    ],
    "owner": [
        "owner",
        "account owner",
        "relationship owner",
        "contact owner",
        "rep",
        "负责人",
        "跟进人",
        "客户经理",
        "負責人",
        "跟進人",
    ],
    "last_contact": [
        "last contact",
        "last contacted",
        "last contact date",
        "last activity",
        "last touch",
        "最后联系",
        "最近联系",
        "最后联系日期",
        "最後聯繫",
        "最近聯繫",
    ],
    "competitor": [
        "competitor",
        "competitor leaning",
        "leans to",
        "competitor preference",
        "竞争对手",
        "倾向厂商",
        "競爭對手",
    ],
    "notes": ["notes", "note", "comments", "comment", "remarks", "备注", "說明", "备忘", "備註"],
    "in_role_since": [
        "in role since",
        "in_role_since",
        "role since",
        "in position since",
        "start date in role",
        "appointed",
        "date appointed",
        "到任日期",
        "任职日期",
        "上任日期",
        "到任時間",
        "任職日期",
    ],
}
REQUIRED_CONTACT_COLUMNS = ("id", "name")
CONTACT_FRAME_COLUMNS = (
    "account",
    "id",
    "name",
    "title",
    "department",
    "level",
    "level_source",
    "reports_to",
    "depth",
    "roles",
    "influence",
    "stance",
    "relationship",
    "relationship_source",
    "owner",
    "last_contact",
    "competitor",
    "notes",
    "in_role_since",
    "row",
)

LINK_FRAME_COLUMNS = ("source", "target", "kind", "weight", "kind_source", "weight_source", "row")
LINK_COLUMNS: dict[str, list[str]] = {
    "source": ["source", "from", "src", "influencer", "来源", "起点", "來源"],
    "target": ["target", "to", "dst", "influenced", "目标", "终点", "目標"],
    "kind": ["kind", "type", "relation", "link type", "类型", "类别", "類型"],
    "weight": ["weight", "strength", "权重", "强度", "權重", "強度"],
}

ACCOUNT_FIELDS: dict[str, list[str]] = {
    "name": ["name", "account", "account name", "customer", "客户", "客户名称", "名称"],
    "stage": ["stage", "sales stage", "阶段", "销售阶段", "階段"],
    "technicality": ["technicality", "technical complexity", "技术复杂度", "技术性"],
    "as_of": ["as of", "as_of", "date", "snapshot date", "日期", "截至"],
}


@dataclass(frozen=True)
class Account:
    """The facts of one account (deal) that the contacts table does not hold.

    ``sources`` says, for each fact, whether it was ``given`` or ``default``.
    """

    name: str = "account"
    stage: int | None = None
    technicality: str = "medium"
    as_of: dt.date = field(default_factory=today)
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "stage": self.stage,
            "technicality": self.technicality,
            "as_of": self.as_of.isoformat(),
        }


# -- headers ------------------------------------------------------------------------


def match_headers(raw: RawTable, columns: dict[str, list[str]], problems: list[Problem]) -> dict[str, str]:
    """Map canonical column -> the user's header; report duplicates.

    Headers match a column's name or one of its aliases, compared as words (case, spaces and
    punctuation aside). A second header meaning a column already found is a problem, appended to ``problems``.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = RawTable("team.csv", pd.DataFrame(columns=["Contact", "Member", "member"]), [])
    >>> problems = []
    >>> match_headers(raw, {"contact": [], "member": ["owner"]}, problems)
    {'contact': 'Contact', 'member': 'Member'}
    >>> problems[0].message
    "two columns mean 'member' ('Member' and 'member'): keep one"
    """
    index = {vocab.normalize_word(alias): canon for canon, aliases in columns.items() for alias in [canon, *aliases]}
    found: dict[str, str] = {}
    for header in raw.frame.columns:
        canon = index.get(vocab.normalize_word(header))
        if canon is None:
            continue
        if canon in found:
            problems.append(
                raw.problem(f"two columns mean '{canon}' ('{found[canon]}' and '{header}'): keep one", column=header)
            )
            continue
        found[canon] = header
    return found


def missing_column(raw: RawTable, canon: str, columns: dict[str, list[str]]) -> Problem:
    """The problem of a required column the table lacks: its names, and the columns found instead.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = RawTable("team.csv", pd.DataFrame(columns=["who"]), [])
    >>> missing_column(raw, "member", {"member": ["owner", "rep"]}).message
    "missing required column 'member' (or one of its names: owner, rep); found columns: who"
    """
    aliases = ", ".join(columns[canon][:6])
    return Problem(
        raw.file,
        f"missing required column '{canon}' (or one of its names: {aliases}); "
        f"found columns: {', '.join(map(str, raw.frame.columns)) or 'none'}",
    )


# -- value parsers over distinct values ------------------------------------------------

_INT = re.compile(r"^[+-]?\d+(\.0+)?$")


def _as_int(text: str) -> int | None:
    """A whole number written as text, or None; any number too long to be a scale value comes back
    as a huge one (out of every range), never an overflow."""
    if not _INT.match(text):
        return None
    digits = text.split(".")[0]
    if len(digits.lstrip("+-")) > 18:
        return -(10**18) if digits.startswith("-") else 10**18
    return int(digits)


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_id(text: str) -> str:
    """An id as compared: Unicode NFC, without zero-width characters or surrounding spaces.

    Two ids that differ only in what a reader cannot see are the same id, so a
    copy-pasted ``boss`` with a zero-width space still finds its manager; two
    rows whose ids become equal are reported as a duplicate, never merged.

    >>> normalize_id(" boss\u200b ") == normalize_id("boss")
    True
    """
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text)).strip()


def _normalize_ids(values: pd.Series) -> pd.Series:
    codes, distinct = pd.factorize(values)  # each distinct id normalised once, spread by its code
    normalized = np.array([normalize_id(v) for v in distinct] + [np.nan], dtype=object)
    return pd.Series(normalized[codes], index=values.index, dtype=values.dtype)


def parse_column(
    raw: RawTable, header: str, parse: Callable[[str], Any], problems: list[Problem], explain: Callable[[str], str]
) -> pd.Series:
    """Parse a text column through ``parse`` on its distinct values.

    ``parse`` returns the typed value, ``None`` for empty, or raises ValueError
    for a bad value; ``explain(value)`` says what was expected.
    """
    column = raw.frame[header].astype(str).str.strip()
    codes, distinct = pd.factorize(column)
    parsed = np.empty(len(distinct), dtype=object)
    bad = np.zeros(len(distinct), dtype=bool)
    for k, value in enumerate(distinct):  # each distinct value parsed once, then spread by its integer code
        if value == "":
            continue
        try:
            parsed[k] = parse(value)
        except ValueError:
            bad[k] = True
    if bad.any():
        for i in np.flatnonzero(bad[codes]):
            value = column.iat[i]
            problems.append(raw.problem(explain(value), index=int(i), column=header, value=value))
    # typed once over the distinct values, then spread: the same type and values as inferring over every cell
    typed = pd.Series(parsed, dtype=object).infer_objects().array
    return pd.Series(typed.take(codes), index=column.index)


def vocab_parser(vocabulary: vocab.Vocabulary, low: int | None = None, high: int | None = None) -> Callable[[str], Any]:
    """A parser for :func:`parse_column`: a word of ``vocabulary``, or a whole number from ``low`` to ``high``.

    Examples
    --------
    >>> parse = vocab_parser(vocab.RELATIONSHIPS, 0, 3)
    >>> parse("2"), parse("strong")
    (2, 3)
    >>> parse("7")
    Traceback (most recent call last):
    ValueError: 7
    """

    def parse(text: str) -> Any:
        if low is not None and high is not None:
            number = _as_int(text)
            if number is not None:
                if low <= number <= high:
                    return number
                raise ValueError(text)
        value = vocabulary.lookup(text)
        if value is None:
            raise ValueError(text)
        return value

    return parse


def _expected_roles(chinese: bool) -> str:
    """The roles and tags a roles cell may hold, by their Chinese words for a value written in Chinese.

    >>> _expected_roles(True).split(" or tags")[0]
    'expected roles 首倡者, 技术支持者, 关键使用者, 内部支持者, 辅助决策者, 核心决策者'
    """

    def named(values: tuple[str, ...]) -> str:
        return ", ".join((vocab.ROLE_VOCAB.chinese_word(v) if chinese else None) or v for v in values)

    separators = "; , 、 or |" if chinese else "; , or |"
    return f"expected roles {named(vocab.ROLES)} or tags {named(vocab.TAGS)}, separated by {separators}"


def vocab_explainer(vocabulary: vocab.Vocabulary, numbers: str = "") -> Callable[[str], str]:
    """What a value :func:`vocab_parser` refused should have been (a suggestion when one word is close).

    Examples
    --------
    >>> vocab_explainer(vocab.RELATIONSHIPS, "0 to 3")("9")
    'relationship out of range: expected 0 to 3'
    """

    def explain(text: str) -> str:
        hint = vocabulary.suggest(text)
        mean = f" (did you mean '{hint}'?)" if hint else ""
        if numbers and _as_int(text) is not None:
            return f"{vocabulary.name} out of range: expected {numbers}"
        words = vocabulary.expected(chinese=vocab.has_cjk(text))  # a Chinese sheet is told its own words
        return f"unknown {vocabulary.name}{mean}: expected {numbers + ' or ' if numbers else ''}one of {words}"

    return explain


def date_explainer(years: tuple[int, int], example: str = "2026-03-31") -> Callable[[str], str]:
    """What a date cell that :func:`powermap.io.dates.parse_date` refused should have been."""

    def explain(text: str) -> str:
        try:
            parse_date(text, (1, 9999))
        except ValueError:
            return f"not a date: expected an ISO date such as {example}"
        return (
            f"date outside the plausible window: expected a date from {years[0]} to {years[1]} "
            "(policy earliest_year, latest_year)"
        )

    return explain


# -- reporting lines ----------------------------------------------------------------------


def reporting_depth(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth below the top of each person, by pointer doubling over ``parent`` indices.

    ``parent[i]`` is the row of i's manager or -1. Returns ``(depth, in_loop)``:
    people whose chain of managers never reaches a top (a cycle, or a chain
    into one) have ``in_loop`` True and depth -1. O(n log n), no Python loop
    over people, so a million-row pipeline costs the same per row as one map.

    >>> reporting_depth(np.array([-1, 0, 1, 3]))
    (array([ 0,  1,  2, -1]), array([False, False, False,  True]))
    """
    jump = parent.astype(np.int64).copy()
    depth = (jump >= 0).astype(np.int64)
    for _ in range(max(1, int(np.ceil(np.log2(len(parent) + 1))) + 1)):
        has = jump >= 0
        if not has.any():
            break
        target = np.where(has, jump, 0)
        depth = np.where(has, depth + depth[target], depth)
        jump = np.where(has, jump[target], -1)
    in_loop = jump >= 0
    return np.where(in_loop, -1, depth), in_loop


CYCLE_NAMED = 20  # people a reporting cycle's message names; a longer one is counted


def _cycles(parent: np.ndarray, members: Iterable[int]) -> list[list[int]]:
    """The distinct reporting cycles reachable from ``members``, each as row indices."""
    seen: set[int] = set()
    cycles = []
    for start in members:
        path: dict[int, int] = {}
        node = start
        while node >= 0 and node not in path and node not in seen:
            path[node] = len(path)
            node = int(parent[node])
        if node >= 0 and node in path:
            order = list(path)
            cycles.append(order[path[node] :])
        seen.update(path)
    return cycles


_TITLE_LEVELS: list[tuple[str, re.Pattern[str]]] = [
    (
        "staff",
        re.compile(
            r"\b(executive |personal )?(assistant|secretary)\b(?! (director|manager|vice|to the board))"
            r"|助理|秘书|秘書",
            re.I,
        ),
    ),
    (
        "executive",
        re.compile(
            r"\b(ceo|cfo|coo|cto|cio|cmo|cno|chro|cmio|chief|president|chair(man|woman|person)?|vice[- ]president|"
            r"e?vp|svp|founder|owner|managing director|general manager|executive director|medical director|board)\b"
            r"|董事长|总裁|总经理|副总|院长|书记|局长|行长|厂长|董事長|總裁|總經理|院長|局長|行長|廠長",
            re.I,
        ),
    ),
    (
        "mid",
        re.compile(
            r"\b(manager|head|director|supervisor|lead|superintendent|controller|principal|matron)\b"
            r"|经理|主任|主管|科长|处长|部长|组长|总监|队长|护士长|經理|科長|處長|部長|組長|總監|護士長",
            re.I,
        ),
    ),
    (
        "staff",
        re.compile(
            r"\b(engineer|specialist|analyst|nurse|technician|clerk|operator|coordinator|administrator|officer|"
            r"developer|accountant|buyer|planner|associate|consultant|physician|scientist|architect|agent)\b"
            r"|工程师|专员|技术员|护士|会计|员|工程師|專員|護士|會計",
            re.I,
        ),
    ),
]


def _level_from_title(title: str) -> str | None:
    for level, pattern in _TITLE_LEVELS:
        if pattern.search(title):
            return level
    return None


# -- contacts ---------------------------------------------------------------------------------


def _find_header(frame: pd.DataFrame, name: str) -> str | None:
    return next((h for h in frame.columns if vocab.normalize_word(h) == vocab.normalize_word(name)), None)


def column_hint(name: str, columns) -> str:
    """`` (did you mean 'account'?)`` for a column name given with a typo, else nothing.

    >>> column_hint("acount", ["id", "name", "account"])
    " (did you mean 'account'?)"
    """
    import difflib

    spelled = {vocab.normalize_word(str(c)): str(c) for c in columns}
    close = difflib.get_close_matches(vocab.normalize_word(name), list(spelled), n=1, cutoff=0.6)
    return f" (did you mean '{spelled[close[0]]}'?)" if close else ""


def table_problems(raw: RawTable, by: str | None = None) -> list[Problem]:
    """What makes the whole table unusable: no header, no rows, a missing required or ``by`` column,
    two columns meaning the same thing. Problems about single cells are :func:`validate_contacts`' job."""
    frame = raw.frame
    if frame.columns.empty:
        return [Problem(raw.file, "the file has no header row: expected columns such as id, name, roles")]
    problems: list[Problem] = []
    headers = match_headers(raw, CONTACT_COLUMNS, problems)
    if by is not None and _find_header(frame, by) is None:
        problems.append(
            Problem(
                raw.file,
                f"no column '{by}' to group accounts by{column_hint(by, frame.columns)}; "
                f"found columns: {', '.join(map(str, frame.columns))}",
            )
        )
    missing = [canon for canon in REQUIRED_CONTACT_COLUMNS if canon not in headers]
    link_headers = {vocab.normalize_word(h) for h in frame.columns} >= {"source", "target"}
    if missing and link_headers:
        problems.append(
            Problem(
                raw.file,
                "this looks like a links table (source, target): pass it with --links "
                "(links=...) beside a contacts file with id and name columns",
            )
        )
    else:
        problems += [missing_column(raw, canon, CONTACT_COLUMNS) for canon in missing]
    if not problems and frame.empty:
        problems.append(Problem(raw.file, "no contacts: the file has a header but no rows"))
    return problems


# The words that mark the many-accounts problem: the command line shows it alone, with a count of the rest
MANY_ACCOUNTS = "this looks like a table of"


def _many_accounts_hint(raw: RawTable, frame: pd.DataFrame, headers: dict[str, str], ids: pd.Series) -> Problem | None:
    """A table-level problem when repeated ids are really many accounts in one table (a pipeline export).

    It names the first other column under which every id is unique and
    which has at least two values, and the command that scores such a table.
    """
    known = set(headers.values())
    for column in frame.columns:
        if column in known:
            continue
        values = frame[column].astype(str).str.strip()
        if values.nunique() >= 2 and not pd.DataFrame({"a": values, "id": ids}).duplicated().any():
            return raw.problem(
                f"ids repeat, but each is unique within '{column}': {MANY_ACCOUNTS} "
                f"{values.nunique()} accounts; score it with `powermap portfolio FILE --by {column}` "
                f"(or powermap.portfolio.score(frame, by={column!r}))",
                column=column,
            )
    return None


def validate_contacts(
    raw: RawTable, *, by: str | None = None, years: tuple[int, int] = (EARLIEST_YEAR, LATEST_YEAR)
) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn a raw contacts table into the typed contacts frame, and every problem found.

    Parameters
    ----------
    raw : RawTable
        Cells as text, from ``powermap.io.read``.
    by : str, optional
        The column that names the account of each row, for a table of many
        accounts; ids and reporting lines are then checked within each account.

    Returns
    -------
    contacts : DataFrame
        One row per person: ``account`` (when ``by``), ``id``, ``name``, ``title``,
        ``department``, ``level`` (executive/mid/staff or NA), ``level_source``
        (given/title/reporting line/unknown), ``reports_to``, ``roles`` (tuple of
        role and tag ids), ``influence`` (1-5 or NA), ``stance`` (-2..2 or NA),
        ``relationship`` (0-3), ``relationship_source`` (given/default),
        ``owner``, ``last_contact`` (datetime or NaT), ``competitor``, ``notes``,
        ``in_role_since`` (datetime or NaT; only when the table has it),
        ``depth`` (below the top of the reporting tree), ``row`` (the row in the
        file), then any other columns exactly as given.
    problems : list of Problem
    """
    problems = table_problems(raw, by)
    if problems:
        return pd.DataFrame(), problems + list(raw.problems)
    frame = raw.frame
    headers = match_headers(raw, CONTACT_COLUMNS, [])
    account_header = _find_header(frame, by) if by is not None else None

    def text(canon: str) -> pd.Series:
        if canon in headers:
            return frame[headers[canon]].astype(str).str.strip()
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)

    problems = list(raw.problems)
    out = pd.DataFrame(index=frame.index)
    if account_header is not None:
        out["account"] = frame[account_header].astype(str).str.strip()
        for i in np.flatnonzero((out["account"] == "").to_numpy()):
            problems.append(
                raw.problem(
                    f"empty account: every row needs a value in '{account_header}'",
                    index=int(i),
                    column=account_header,
                    value="",
                )
            )
    account_key = out["account"] if "account" in out else pd.Series("", index=frame.index)

    given_ids = text("id")
    ids = _normalize_ids(given_ids)
    out["id"] = ids
    for i in np.flatnonzero((ids == "").to_numpy()):
        problems.append(
            raw.problem("empty id: every contact needs a unique id", index=int(i), column=headers["id"], value="")
        )
    keyed = pd.DataFrame({"a": account_key, "id": ids})
    duplicated = keyed.duplicated(keep="first").to_numpy() & (ids != "").to_numpy()
    if duplicated.any():
        first = keyed.reset_index(drop=True).drop_duplicates(keep="first")
        first_at = {(a, i): n for n, (a, i) in zip(first.index, first.itertuples(index=False))}
        for i in np.flatnonzero(duplicated):
            n = first_at[(account_key.iat[i], ids.iat[i])]
            if given_ids.iat[i] == given_ids.iat[n]:
                message = f"duplicate id: already used on row {raw.rows[n]}; ids must be unique"
            else:
                message = (
                    f"duplicate id: looks the same as {given_ids.iat[n]!r} on row {raw.rows[n]} (they differ "
                    "only in invisible characters, spaces or Unicode form); ids must differ visibly"
                )
            problems.append(raw.problem(message, index=int(i), column=headers["id"], value=given_ids.iat[i]))
        if by is None:
            accounts_hint = _many_accounts_hint(raw, frame, headers, ids)
            if accounts_hint is not None:
                problems.insert(0, accounts_hint)

    out["name"] = text("name")
    for i in np.flatnonzero((out["name"] == "").to_numpy()):
        problems.append(
            raw.problem("empty name: every contact needs a name", index=int(i), column=headers["name"], value="")
        )
    out["title"] = text("title")
    out["department"] = text("department")

    given_level = (
        parse_column(raw, headers["level"], vocab_parser(vocab.LEVELS), problems, vocab_explainer(vocab.LEVELS))
        if "level" in headers
        else pd.Series([None] * len(frame), index=frame.index)
    )

    reports_to = _normalize_ids(text("reports_to"))
    out["reports_to"] = reports_to.astype(object).where(reports_to != "", None)

    if "roles" in headers:
        roles_header = headers["roles"]
        role_text = text("roles")
        parsed_roles: dict[str, tuple[str, ...]] = {}
        for value in role_text.unique():
            roles, unknown = vocab.parse_roles(value)
            parsed_roles[value] = roles
            if unknown:
                for i in np.flatnonzero((role_text == value).to_numpy()):
                    for word in unknown:
                        hint = vocab.ROLE_VOCAB.suggest(word)
                        mean = f" (did you mean '{hint}'?)" if hint else ""
                        problems.append(
                            raw.problem(
                                f"unknown role{mean}: {_expected_roles(vocab.has_cjk(word))}",
                                index=int(i),
                                column=roles_header,
                                value=word,
                            )
                        )
        codes, distinct = pd.factorize(role_text)  # spread by code: no dictionary lookup per contact
        roles_of = np.empty(len(distinct) + 1, dtype=object)
        roles_of[:-1] = [parsed_roles[value] for value in distinct]
        roles_of[-1] = ()  # a missing cell (code -1; the reader gives '' for an empty one): no roles
        out["roles"] = pd.Series(roles_of[codes], index=role_text.index, dtype=object)
    else:
        out["roles"] = [()] * len(frame)

    def scale(canon: str, vocabulary: vocab.Vocabulary, low: int, high: int) -> pd.Series:
        if canon not in headers:
            return pd.Series([None] * len(frame), index=frame.index)
        return parse_column(
            raw,
            headers[canon],
            vocab_parser(vocabulary, low, high),
            problems,
            vocab_explainer(vocabulary, f"{low} to {high}"),
        )

    out["influence"] = pd.array(scale("influence", vocab.INFLUENCE_WORDS, 1, 5), dtype="Int64")
    out["stance"] = pd.array(scale("stance", vocab.STANCES, -2, 2), dtype="Int64")
    relationship = pd.array(scale("relationship", vocab.RELATIONSHIPS, 0, 3), dtype="Int64")
    out["relationship_source"] = np.where(pd.isna(relationship), "default", "given")
    out["relationship"] = relationship.fillna(0)
    out["owner"] = text("owner")
    if "last_contact" in headers:
        dates = parse_column(
            raw,
            headers["last_contact"],
            lambda text: parse_date(text, years),
            problems,
            date_explainer(years),
        )
        out["last_contact"] = pd.to_datetime(dates.astype(object).where(dates.notna(), None))
    else:
        out["last_contact"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    out["competitor"] = text("competitor")
    out["notes"] = text("notes")
    if "in_role_since" in headers:  # optional: only a table that has it gets the column
        since = parse_column(
            raw,
            headers["in_role_since"],
            lambda text: parse_date(text, years),
            problems,
            date_explainer(years),
        )
        out["in_role_since"] = pd.to_datetime(since.astype(object).where(since.notna(), None))

    depth, parent = _check_reporting(raw, out, account_key, headers, problems)
    too_deep = np.flatnonzero(depth == LIMITS["reporting_levels"])  # the first person past the limit on each line
    for i in too_deep:
        problems.append(
            raw.problem(
                f"the reporting line down to this person is more than {LIMITS['reporting_levels']} levels deep: at most "
                f"{LIMITS['reporting_levels']} are read (does each row report to the row above by mistake?)",
                index=int(i),
                column=headers.get("reports_to", "reports_to"),
                value=out["reports_to"].iat[i],
            )
        )
    _set_levels(out, given_level, depth, parent)
    out["depth"] = pd.array(np.where(depth >= 0, depth, 0), dtype="Int64")
    out.loc[depth < 0, "depth"] = pd.NA
    out["row"] = raw.rows
    out = out[[c for c in CONTACT_FRAME_COLUMNS if c in out.columns]]
    known = set(headers.values()) | ({account_header} if account_header else set())
    extra = [column for column in frame.columns if column not in known and column not in out.columns]
    if extra:  # joined at once: one column at a time is quadratic in the number of columns
        out = pd.concat([out, frame[extra]], axis=1)
    return out.reset_index(drop=True), problems


def _manager_rows(account: pd.Series, ids: pd.Series, managers: pd.Series) -> np.ndarray:
    """The row of each manager id within its own account (the first row of a repeated id), -1 where none.

    Accounts and ids become integer codes once, so the lookup is a sorted search over integers.

    >>> _manager_rows(pd.Series(["A", "A", "B", "B"]), pd.Series(["x", "y", "x", "y"]), pd.Series(["", "x", "", "z"]))
    array([-1,  0, -1, -1])
    """
    n = len(ids)
    account_code = pd.factorize(account.astype(str).to_numpy(dtype=object))[0].astype(np.int64)
    both = pd.factorize(np.concatenate([ids.to_numpy(dtype=object), managers.to_numpy(dtype=object)]))[0]
    width = int(both.max()) + 1 if len(both) else 1
    key = account_code * width + both[:n]
    wanted = account_code * width + both[n:]
    keys, first = np.unique(key, return_index=True)  # the first row of each (account, id)
    at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    found = (keys[at] == wanted) if len(keys) else np.zeros(n, dtype=bool)
    return np.where(found, first[at] if len(keys) else -1, -1).astype(np.int64)


def _check_reporting(
    raw: RawTable, out: pd.DataFrame, account_key: pd.Series, headers: dict[str, str], problems: list[Problem]
) -> tuple[np.ndarray, np.ndarray]:
    """Check that every manager exists (within the account) and that no reporting line loops.

    Returns each person's depth below the top (-1 in a loop) and their manager's row (-1 for none).
    """
    parent_row = _manager_rows(account_key, out["id"], out["reports_to"].fillna(""))
    has_manager = out["reports_to"].notna().to_numpy()
    unknown = has_manager & (parent_row < 0)
    header = headers.get("reports_to", "reports_to")
    for i in np.flatnonzero(unknown):
        problems.append(
            raw.problem(
                "reports to nobody in the file: expected the id of a contact (or empty at the top)",
                index=int(i),
                column=header,
                value=out["reports_to"].iat[i],
            )
        )
    parent_index = np.where(has_manager & ~unknown, parent_row, -1).astype(np.int64)
    depth, in_loop = reporting_depth(parent_index)
    if in_loop.any():
        for cycle in _cycles(parent_index, np.flatnonzero(in_loop)):
            # named once, on its first row (the others point there): a long cycle is not listed for every member
            first = cycle.index(min(cycle))
            cycle = cycle[first:] + cycle[:first]
            shown = [*cycle[:CYCLE_NAMED], cycle[0]] if len(cycle) <= CYCLE_NAMED else cycle[:CYCLE_NAMED]
            people = " -> ".join(f"{out['name'].iat[i]} ({out['id'].iat[i]})" for i in shown)
            if len(cycle) > CYCLE_NAMED:
                people += f" -> ... ({len(cycle):,} people in all)"
            for j in cycle:
                message = (
                    f"reporting lines form a cycle: {people}; someone in it must report "
                    "to a manager outside it or to nobody"
                    if j == cycle[0]
                    else f"part of the reporting cycle named on row {int(raw.rows[cycle[0]])}"
                )
                problems.append(raw.problem(message, index=int(j), column=header, value=out["reports_to"].iat[j]))
    return depth, parent_index


def _set_levels(out: pd.DataFrame, given: pd.Series, depth: np.ndarray, parent: np.ndarray) -> None:
    """Level as given, else from the title, else from the reporting line; say which.

    From the reporting line: the top of a tree with people under it is an
    executive, anyone else with people under them is mid-level, anyone below
    the top with nobody under them is staff. A person with neither manager nor
    reports stays unknown.
    """
    has_reports = np.zeros(len(out), dtype=bool)
    has_reports[parent[parent >= 0]] = True
    from_depth = np.select(
        [(depth == 0) & has_reports, (depth > 0) & has_reports, depth > 0], ["executive", "mid", "staff"], default=""
    )
    codes, titles = pd.factorize(out["title"])
    from_title = np.array([_level_from_title(t) or "" for t in titles] + [""], dtype=object)[codes]
    given_values = given.fillna("").to_numpy(dtype=object)
    level = np.where(given_values != "", given_values, np.where(from_title != "", from_title, from_depth))
    out["level_source"] = np.select(
        [given_values != "", from_title != "", from_depth != ""],
        ["given", "title", "reporting line"],
        default="unknown",
    )
    # numpy takes None as an object scalar here; its stubs accept no None in np.where
    out["level"] = pd.Series(np.where(level == "", None, level), index=out.index, dtype=object)  # type: ignore[call-overload]


# -- links -------------------------------------------------------------------------------------


def validate_links(raw: RawTable, contact_ids: Iterable[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn a raw links table into ``source, target, kind, weight, kind_source, weight_source, row``."""
    problems: list[Problem] = list(raw.problems)
    headers = match_headers(raw, LINK_COLUMNS, problems)
    for canon in ("source", "target"):
        if canon not in headers:
            problems.append(missing_column(raw, canon, LINK_COLUMNS))
    columns = list(LINK_FRAME_COLUMNS)
    if any(p.row is None for p in problems) or raw.frame.empty:
        return pd.DataFrame(columns=columns), problems
    frame = raw.frame
    ids = set(contact_ids)
    out = pd.DataFrame(index=frame.index)
    for canon in ("source", "target"):
        values = _normalize_ids(frame[headers[canon]].astype(str).str.strip())
        out[canon] = values
        for i in np.flatnonzero(~values.isin(ids).to_numpy()):
            problems.append(
                raw.problem(
                    "names nobody in the contacts: expected a contact id",
                    index=int(i),
                    column=headers[canon],
                    value=values.iat[i],
                )
            )
    for i in np.flatnonzero((out["source"] == out["target"]).to_numpy() & out["source"].isin(ids).to_numpy()):
        problems.append(
            raw.problem(
                "a link from a person to themselves: expected two different contacts",
                index=int(i),
                column=headers["target"],
                value=out["target"].iat[i],
            )
        )
    if "kind" in headers:
        kind = parse_column(
            raw, headers["kind"], vocab_parser(vocab.LINK_KINDS), problems, vocab_explainer(vocab.LINK_KINDS)
        )
    else:
        kind = pd.Series([None] * len(frame), index=frame.index)
    out["kind_source"] = np.where(kind.isna(), "default", "given")
    out["kind"] = kind.fillna("influences")

    def weight(text: str) -> float:
        value = float(text)
        if not 0 <= value <= 1:
            raise ValueError(text)
        return value

    if "weight" in headers:
        w = parse_column(
            raw, headers["weight"], weight, problems, lambda v: "weight out of range: expected a number from 0 to 1"
        )
    else:
        w = pd.Series([None] * len(frame), index=frame.index)
    out["weight_source"] = np.where(w.isna(), "default", "given")
    out["weight"] = w.astype(float).fillna(0.5)
    out["row"] = raw.rows
    return out[columns].reset_index(drop=True), problems


# -- account facts ---------------------------------------------------------------------------


# account facts given as columns of a contacts or pipeline table: canonical name -> accepted headers. The facts
# share the account block's aliases, except "name"/"account" (a contact's own columns there) and the bare "date"
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "account_name": ("account_name", "account name", "customer", "客户名称"),
    **{
        fact: tuple(dict.fromkeys(a for a in (fact, *ACCOUNT_FIELDS[fact]) if a != "date"))
        for fact in ("stage", "technicality", "as_of")
    },
}


def fact_headers(frame: pd.DataFrame, by: str | None = None) -> dict[str, str]:
    """The columns of ``frame`` that give account facts (:data:`FACT_COLUMNS`), canonical name -> header; the
    ``by`` column (the account key) is never one of them.

    >>> fact_headers(pd.DataFrame(columns=["id", "Stage", "account_name", "as of"]))
    {'account_name': 'account_name', 'stage': 'Stage', 'as_of': 'as of'}
    """
    found = {}
    key = vocab.normalize_word(by) if by is not None else None
    for canon, names in FACT_COLUMNS.items():
        wanted = {vocab.normalize_word(n) for n in names}
        header = next(
            (h for h in frame.columns if vocab.normalize_word(h) in wanted and vocab.normalize_word(h) != key), None
        )
        if header is not None:
            found[canon] = header
    return found


def facts_from_columns(raw: RawTable) -> tuple[dict[str, str], list[Problem]]:
    """One account's facts given as columns of its contacts table (an account exported from a pipeline): each
    column's one non-empty value. A column whose rows disagree is a problem naming its first differing row."""
    facts: dict[str, str] = {}
    problems: list[Problem] = []
    for canon, header in fact_headers(raw.frame).items():
        values = raw.frame[header].astype(str).str.strip()
        distinct = values[values != ""].unique()
        if len(distinct) == 1:
            facts["name" if canon == "account_name" else canon] = str(distinct[0])
        elif len(distinct) > 1:
            first = int(np.flatnonzero((values != values[values != ""].iloc[0]) & (values != "")).min())
            shown = ", ".join(repr(str(v)) for v in sorted(distinct)[:4])
            problems.append(
                raw.problem(
                    f"{canon} differs between rows ({shown}): one account's facts are the same "
                    "on every row (a table of several accounts: pick one with --account, or "
                    "score them all with `powermap portfolio`)",
                    index=first,
                    column=header,
                    value=values.iat[first],
                )
            )
    return facts, problems


def validate_account(
    given: dict[str, Any], file: str = "account", years: tuple[int, int] = (EARLIEST_YEAR, LATEST_YEAR)
) -> tuple[Account, list[Problem]]:
    """Account facts from a mapping (the file's ``account`` block merged with CLI options)."""
    problems: list[Problem] = []
    index = {vocab.normalize_word(a): canon for canon, aliases in ACCOUNT_FIELDS.items() for a in [canon, *aliases]}
    facts: dict[str, Any] = {}
    for key, value in given.items():
        canon = index.get(vocab.normalize_word(key))
        if canon is None:
            continue
        if value is None or cell_text(value).strip() == "":
            continue
        facts[canon] = value
    sources = {k: ("given" if k in facts else "default") for k in ACCOUNT_FIELDS}
    name = cell_text(facts.get("name", "account")).strip()
    stage = None
    if "stage" in facts:
        text = cell_text(facts["stage"]).strip()
        stage = _as_int(text)
        if stage is None:
            stage = vocab.STAGES.lookup(text)
        if stage is None or not 1 <= stage <= 8:
            hint = vocab.STAGES.suggest(text)
            mean = f" (did you mean '{hint}'?)" if hint else ""
            problems.append(
                Problem(
                    file,
                    f"unknown stage{mean}: expected 1 to 8 or a stage name such as 'demo' or 'negotiation'",
                    column="stage",
                    value=text,
                )
            )
            stage = None
    technicality = "medium"
    if "technicality" in facts:
        text = cell_text(facts["technicality"]).strip()
        found = vocab.TECHNICALITY.lookup(text)
        if found is None:
            problems.append(
                Problem(file, "unknown technicality: expected low, medium or high", column="technicality", value=text)
            )
        else:
            technicality = found
    as_of = today()
    if "as_of" in facts:
        text = cell_text(facts["as_of"]).strip()
        try:
            as_of = parse_date(text, years)
        except ValueError:
            problems.append(Problem(file, date_explainer(years, "2026-11-15")(text), column="as_of", value=text))
    return Account(name, stage, technicality, as_of, sources), problems


def validate(
    raw: RawAccount,
    links: RawTable | None = None,
    account: dict[str, Any] | None = None,
    *,
    default_name: str = "account",
    years: tuple[int, int] = (EARLIEST_YEAR, LATEST_YEAR),
) -> tuple[pd.DataFrame, pd.DataFrame, Account, list[Problem]]:
    """Validate everything one account file holds, plus options given beside it.

    Options in ``account`` win over the file's own ``account`` block.
    """
    contacts, problems = validate_contacts(raw.contacts, years=years)
    link_table = links if links is not None else raw.links
    if link_table is not None and not contacts.empty:
        link_frame, link_problems = validate_links(link_table, contacts["id"])
        problems += link_problems
    else:
        link_frame = pd.DataFrame(columns=list(LINK_FRAME_COLUMNS))
    columns, column_problems = facts_from_columns(raw.contacts) if not contacts.empty else ({}, [])
    given = {k: v for k, v in (account or {}).items() if v is not None}
    merged = {"name": default_name, **columns, **raw.account, **given}
    facts, fact_problems = validate_account(merged, raw.contacts.file, years)
    sources = dict(facts.sources)
    for key in columns:  # facts only the columns gave are said to come from them
        if key not in raw.account and not given.get(key):
            sources[key] = "column"
    if "name" not in raw.account and not given.get("name") and "name" not in columns:
        sources["name"] = "default"
    facts = Account(facts.name, facts.stage, facts.technicality, facts.as_of, sources)
    return contacts, link_frame, facts, problems + column_problems + fact_problems


def is_validated(contacts: pd.DataFrame, links: pd.DataFrame | None) -> bool:
    """Whether ``contacts`` and ``links`` are a map's own validated tables (``pm.contacts``, ``pm.links``): the
    columns :func:`validate_contacts` and :func:`validate_links` give, in their order (more may follow them), with
    dates as dates.

    >>> is_validated(pd.DataFrame({"id": ["a"], "name": ["Ana"]}), None)
    False
    """
    columns = [c for c in CONTACT_FRAME_COLUMNS if c != "account"]
    # a map's own table may carry more columns after these: the file's own (a CRM's Email) and what an activity
    # log added (touches, touched_by)
    given = list(contacts.columns)
    own = any(given[: len(c)] == c for c in (columns, [c for c in columns if c != "in_role_since"]))
    if not own or not pd.api.types.is_datetime64_any_dtype(contacts["last_contact"]):
        return False
    return links is None or list(links.columns) == list(LINK_FRAME_COLUMNS)


def raise_if(problems: list[Problem]) -> None:
    """Raise every problem at once, in file and row order."""
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.file, p.row or 0)))
