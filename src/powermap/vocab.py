"""The words of the trade: buying roles, tags, levels, stances, relationship depth.

Every vocabulary is a table (canonical value -> aliases) so that new aliases are
data, not code. Matching ignores case, spaces, dashes, underscores and dots,
and folds full-width characters (NFKC), so ``Economic-Buyer``, ``economic buyer``
and ``ECONOMIC_BUYER`` are one word. Sources of the aliases: docs/methodology.md §1 and §3
(the Chinese key-account vocabulary), Miller Heiman, MEDDIC/MEDDPICC and CRM
contact roles.

Examples
--------
>>> parse_roles("Economic Buyer; coach | 首倡者")
(('decision_maker', 'inside_coach', 'initiator'), [])
>>> parse_roles("chief cheerleader")[1]
['chief cheerleader']
>>> STANCES.lookup("Skeptic"), LEVELS.lookup("中层"), RELATIONSHIPS.lookup("trusted")
(-1, 'mid', 3)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = [
    "ROLES",
    "TAGS",
    "ROLE_LABELS",
    "Vocabulary",
    "ROLE_VOCAB",
    "LEVELS",
    "LEVEL_ORDER",
    "STANCES",
    "RELATIONSHIPS",
    "INFLUENCE_WORDS",
    "TECHNICALITY",
    "LINK_KINDS",
    "STAGES",
    "OUTCOMES",
    "normalize_word",
    "parse_roles",
]

T = TypeVar("T", bound=Hashable)

_STRIP = re.compile(r"[\s\-_.·・/]+")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese (CJK) character.

    >>> has_cjk("王芳"), has_cjk("Kim"), has_cjk("ＣＥＯ")
    (True, False, False)
    """
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in str(text))


def normalize_word(text: str) -> str:
    """Fold a word for matching: NFKC, lower case, no spaces, dashes, underscores or dots.

    >>> normalize_word("  Technical-Buyer ")
    'technicalbuyer'
    >>> normalize_word("ＣＥＯ")
    'ceo'
    """
    return _STRIP.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


@dataclass(frozen=True)
class Vocabulary(Generic[T]):
    """A controlled vocabulary: canonical values and the aliases that mean them.

    Parameters
    ----------
    name : str
        What the vocabulary describes, used in error messages ("stance").
    table : dict
        Canonical value -> list of aliases. The canonical value itself (when it
        is text) and its ``str`` form are always accepted.
    """

    name: str
    table: dict[T, list[str]]
    _index: dict[str, T] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, T] = {}
        for canonical, aliases in self.table.items():
            for alias in self._spellings(canonical, aliases):
                key = normalize_word(alias)
                if key in index and index[key] != canonical:
                    raise ValueError(f"{self.name}: alias {alias!r} means both {index[key]!r} and {canonical!r}")
                index[key] = canonical
        object.__setattr__(self, "_index", index)

    @staticmethod
    def _spellings(canonical: T, aliases: list[str]) -> list[str]:
        # Numeric canonicals (stance -2..2) are parsed as numbers by the loader;
        # as words they would collide once dashes are folded away.
        return [canonical, *aliases] if isinstance(canonical, str) else list(aliases)

    @property
    def values(self) -> list[T]:
        """The canonical values, in table order."""
        return list(self.table)

    def aliases(self) -> dict[str, T]:
        """Every accepted spelling (as written in the table) -> canonical value."""
        return {
            alias: canonical for canonical, names in self.table.items() for alias in self._spellings(canonical, names)
        }

    def lookup(self, word: str) -> T | None:
        """The canonical value for ``word``, or None when it is not an alias."""
        return self._index.get(normalize_word(word))

    def suggest(self, word: str) -> str | None:
        """The closest accepted spelling, for a "did you mean" hint."""
        key = normalize_word(word)
        if not key:
            return None
        spellings = {normalize_word(a): a for a in self.aliases()}
        close = difflib.get_close_matches(key, list(spellings), n=1, cutoff=0.6)
        return spellings[close[0]] if close else None

    def expected(self, chinese: bool = False) -> str:
        """The canonical values, for "expected one of ..." messages; with ``chinese``, each by its first Chinese
        word (for a value written in Chinese: a Chinese sheet is told the words it may use).

        >>> STANCES.expected()
        'blocker (-2), skeptic (-1), neutral (0), supporter (1), champion (2)'
        >>> RELATIONSHIPS.expected(chinese=True), LEVELS.expected(chinese=True)
        ('无 (0), 业务 (1), 个人 (2), 信任 (3)', '高层 (executive), 中层 (mid), 基层 (staff)')
        """

        def shown(value: T) -> str:
            word = self.chinese_word(value) if chinese else None
            if word is not None:
                return f"{word} ({value})"
            return str(value) if isinstance(value, str) else f"{self.table[value][0]} ({value})"

        return ", ".join(shown(v) for v in self.table)

    def chinese_word(self, value: T) -> str | None:
        """The first Chinese word the table accepts for ``value`` (None where it has none).

        >>> ROLE_VOCAB.chinese_word("initiator"), STANCES.chinese_word(2)
        ('首倡者', '强烈支持')
        """
        return next((name for name in self.table[value] if has_cjk(name)), None)


# -- buying roles (docs/methodology.md §1) and tags (§3) -----------------------------------

ROLES: tuple[str, ...] = (
    "initiator",
    "technical_supporter",
    "key_user",
    "inside_coach",
    "advisor",
    "decision_maker",
)
TAGS: tuple[str, ...] = ("gatekeeper", "finance", "purchaser", "influencer", "handler", "legal")

ROLE_LABELS: dict[str, dict[str, str]] = {
    "initiator": {"en": "initiator", "zh": "首倡者"},
    "technical_supporter": {"en": "technical supporter", "zh": "技术支持者"},
    "key_user": {"en": "key user", "zh": "关键使用者"},
    "inside_coach": {"en": "inside coach", "zh": "内部支持者"},
    "advisor": {"en": "advisor", "zh": "辅助决策者"},
    "decision_maker": {"en": "decision maker", "zh": "核心决策者"},
    "gatekeeper": {"en": "gatekeeper", "zh": "守门人"},
    "finance": {"en": "finance controller", "zh": "掌握财务者"},
    "purchaser": {"en": "purchaser", "zh": "采购者"},
    "influencer": {"en": "influencer", "zh": "影响者"},
    "handler": {"en": "handler", "zh": "经手人"},
    "legal": {"en": "legal & compliance", "zh": "法务合规"},
}

ROLE_VOCAB: Vocabulary[str] = Vocabulary(
    "role",
    {
        "initiator": [
            "initiator",
            "first advocate",
            "champion",
            "internal champion",
            "sponsor",
            "executive sponsor",
            "project sponsor",
            "mobilizer",
            "mobiliser",
            "首倡者",
            "首倡",
            "发起人",
            "倡导者",
            "内部倡导者",
            "支持者首倡",
            "發起人",
            "倡導者",
        ],
        "technical_supporter": [
            "technical supporter",
            "technical",
            "tech",
            "technical buyer",
            "technical evaluator",
            "evaluator",
            "technical influencer",
            "technical guide",
            "technical gatekeeper",
            "technical decision maker",
            "tdm",
            "技术支持者",
            "技术支持",
            "技术指导者",
            "技术把关者",
            "技术评估者",
            "技术决策者",
            "技術支持者",
            "技術支持",
            "技術指導者",
            "技術把關者",
            "技術評估者",
        ],
        "key_user": [
            "key user",
            "user",
            "end user",
            "user buyer",
            "business user",
            "actual user",
            "关键使用者",
            "关键用户",
            "使用者",
            "用户",
            "最终用户",
            "關鍵使用者",
            "關鍵用戶",
            "用戶",
        ],
        "inside_coach": [
            "inside coach",
            "coach",
            "internal coach",
            "informant",
            "insider",
            "inside source",
            "内部支持者",
            "内部教练",
            "教练",
            "内线",
            "线人",
            "內部支持者",
            "內部教練",
            "教練",
            "內線",
        ],
        "advisor": [
            "advisor",
            "adviser",
            "auxiliary decision maker",
            "decision advisor",
            "trusted advisor",
            "辅助决策者",
            "辅助决策",
            "参谋",
            "顾问",
            "輔助決策者",
            "參謀",
            "顧問",
        ],
        "decision_maker": [
            "decision maker",
            "dm",
            "economic buyer",
            "eb",
            "economic decision maker",
            "approver",
            "final decision maker",
            "signer",
            "signatory",
            "核心决策者",
            "决策者",
            "最终决策者",
            "拍板人",
            "经济购买者",
            "核心決策者",
            "決策者",
            "最終決策者",
        ],
        "gatekeeper": ["gatekeeper", "gate keeper", "守门人", "把关人", "守門人", "把關人"],
        "finance": [
            "finance",
            "finance controller",
            "financial controller",
            "budget holder",
            "budget owner",
            "掌握财务者",
            "财务",
            "财务负责人",
            "掌握財務者",
            "財務",
        ],
        "purchaser": [
            "purchaser",
            "procurement",
            "buyer",
            "purchasing",
            "executor",
            "采购者",
            "采购",
            "执行者",
            "採購者",
            "採購",
            "執行者",
        ],
        "influencer": [
            "influencer",
            "opinion leader",
            "影响者",
            "意见领袖",
            "影響者",
            "意見領袖",
        ],
        "handler": [
            "handler",
            "project handler",
            "经手人",
            "项目经手人",
            "經手人",
            "項目經手人",
        ],
        "legal": [
            "legal",
            "legal and compliance",
            "legal & compliance",
            "compliance",
            "legal counsel",
            "法务",
            "法务合规",
            "合规",
            "法務",
            "法務合規",
            "合規",
        ],
    },
)

_ROLE_SEPARATORS = re.compile(r"[;,|；，、\n]+")


def parse_roles(text: str) -> tuple[tuple[str, ...], list[str]]:
    """Split a roles cell into canonical role and tag ids.

    Separators are ``;`` ``,`` ``|`` (and their full-width forms, and ``、``).
    Returns the recognised ids in the order given, without repeats, and the
    words that were not recognised (for the caller to report).

    >>> parse_roles("Technical Buyer, gatekeeper")
    (('technical_supporter', 'gatekeeper'), [])
    >>> parse_roles("")
    ((), [])
    """
    found: list[str] = []
    unknown: list[str] = []
    for word in _ROLE_SEPARATORS.split(text or ""):
        word = word.strip()
        if not word:
            continue
        role = ROLE_VOCAB.lookup(word)
        if role is None:
            unknown.append(word)
        elif role not in found:
            found.append(role)
    return tuple(found), unknown


# -- levels -----------------------------------------------------------------------

LEVEL_ORDER: tuple[str, ...] = ("executive", "mid", "staff")

LEVELS: Vocabulary[str] = Vocabulary(
    "level",
    {
        "executive": [
            "exec",
            "executive",
            "c-level",
            "c-suite",
            "csuite",
            "top",
            "top management",
            "senior executive",
            "leadership",
            "board",
            "senior leadership",
            "vp",
            "svp",
            "evp",
            "vice president",
            "senior vice president",
            "chief",
            "cxo",
            "c level executive",
            "高层",
            "高管",
            "决策层",
            "领导层",
            "高層",
            "領導層",
        ],
        "mid": [
            "mid",
            "middle",
            "mid-level",
            "midlevel",
            "manager",
            "management",
            "middle manager",
            "middle management",
            "department head",
            "supervisor",
            "director",
            "senior director",
            "head of",
            "head",
            "mgr",
            "sr manager",
            "senior manager",
            "team lead",
            "lead",
            "中层",
            "中层管理",
            "中层干部",
            "经理",
            "管理层",
            "中層",
            "經理",
        ],
        "staff": [
            "staff",
            "ic",
            "individual contributor",
            "junior",
            "employee",
            "operational",
            "frontline",
            "front-line",
            "worker",
            "specialist",
            "基层",
            "员工",
            "一线",
            "普通员工",
            "执行层",
            "基層",
            "員工",
        ],
    },
)

# -- stance toward us (-2..2) -------------------------------------------------------

STANCES: Vocabulary[int] = Vocabulary(
    "stance",
    {
        -2: [
            "blocker",
            "opponent",
            "enemy",
            "hostile",
            "strongly against",
            "strong opponent",
            "反对",
            "反对者",
            "强烈反对",
            "坚决反对",
            "阻挠",
            "敌对",
            "反對",
            "反對者",
            "強烈反對",
            "阻撓",
        ],
        -1: [
            "skeptic",
            "sceptic",
            "skeptical",
            "sceptical",
            "negative",
            "doubtful",
            "leans against",
            "怀疑",
            "质疑",
            "倾向反对",
            "不满",
            "消极",
            "懷疑",
            "質疑",
            "傾向反對",
        ],
        0: ["neutral", "undecided", "indifferent", "中立", "观望", "无所谓", "觀望"],
        1: [
            "supporter",
            "support",
            "positive",
            "favourable",
            "favorable",
            "leans toward us",
            "ally",
            "支持",
            "支持者",
            "倾向支持",
            "积极",
            "傾向支持",
            "積極",
        ],
        2: [
            "champion",
            "advocate",
            "strong supporter",
            "strongly for",
            "fan",
            "强烈支持",
            "坚定支持",
            "拥护",
            "铁杆",
            "強烈支持",
            "堅定支持",
            "擁護",
        ],
    },
)

# -- relationship depth (docs/methodology.md §4) --------------------------------------------

RELATIONSHIPS: Vocabulary[int] = Vocabulary(
    "relationship",
    {
        0: ["none", "no relationship", "unknown to us", "cold", "无", "没有", "陌生", "無", "沒有"],
        1: [
            "business",
            "organisational",
            "organizational",
            "professional",
            "formal",
            "acquainted",
            "业务",
            "业务关系",
            "工作关系",
            "企业需求",
            "企业需求层次",
            "業務",
            "業務關係",
            "工作關係",
        ],
        2: [
            "personal",
            "personal needs",
            "friendly",
            "个人",
            "个人需求",
            "个人需求层次",
            "私人",
            "個人",
            "個人需求",
        ],
        3: [
            "trusted",
            "trust",
            "emotional",
            "close",
            "strong",
            "信任",
            "个人情感",
            "情感",
            "个人情感层次",
            "铁",
            "個人情感",
            "鐵",
        ],
    },
)

# -- influence (1..5) ---------------------------------------------------------------

INFLUENCE_WORDS: Vocabulary[int] = Vocabulary(
    "influence",
    {
        1: ["very low", "minimal", "很低", "极低", "極低"],
        2: ["low", "低", "较低", "較低"],
        3: ["medium", "moderate", "mid", "average", "中", "中等", "一般"],
        4: ["high", "高", "较高", "較高"],
        5: ["very high", "decisive", "很高", "极高", "極高"],
    },
)

TECHNICALITY: Vocabulary[str] = Vocabulary(
    "technicality",
    {
        "low": ["低", "simple"],
        "medium": ["mid", "moderate", "中", "中等"],
        "high": ["高", "complex", "technical"],
    },
)

LINK_KINDS: Vocabulary[str] = Vocabulary(
    "link kind",
    {
        "influences": ["influence", "influencer of", "sways", "影响", "影響"],
        "trusts": ["trust", "relies on", "信任"],
        "allies": ["ally", "allied", "alliance", "盟友", "结盟", "結盟"],
        "rivals": ["rival", "rivalry", "competes with", "conflict", "对手", "竞争", "不和", "對手"],
        # informal: met together in held meetings (an activity log gives it); not an influence edge
        "works_with": ["works with", "worked with", "met with", "colleague", "共事", "同事"],
    },
)

# -- the eight stages of a project sale (docs/methodology.md §6) -------------------------------

STAGES: Vocabulary[int] = Vocabulary(
    "stage",
    {
        1: ["account planning", "planning", "call", "prospecting", "客户规划与电话邀约", "客户规划", "电话邀约"],
        2: ["visit", "first research", "discovery", "qualification", "客户拜访与初步调研", "客户拜访", "初步调研"],
        3: ["first proposal", "proposal", "提交初步方案", "初步方案"],
        4: ["demo", "technical exchange", "demonstration", "方案演示与技术交流", "方案演示", "技术交流"],
        5: ["requirements", "formal proposal", "tender", "需求分析与正式方案设计", "需求分析", "正式方案"],
        6: ["evaluation", "项目评估", "评估"],
        7: ["negotiation", "商务谈判", "谈判"],
        8: ["signing", "closing", "close", "签约成交", "签约", "成交"],
    },
)

# -- the outcome of a closed deal (powermap learn) -------------------------------------

OUTCOMES: Vocabulary[int] = Vocabulary(
    "outcome",
    {
        1: [
            "won",
            "1",
            "1.0",
            "win",
            "true",
            "yes",
            "y",
            "t",
            "closed won",
            "closedwon",
            "success",
            "successful",
            "赢单",
            "赢",
            "成交",
            "中标",
            "签约",
            "是",
            "贏單",
            "贏",
            "中標",
            "簽約",
        ],
        0: [
            "lost",
            "0",
            "0.0",
            "loss",
            "lose",
            "false",
            "no",
            "n",
            "f",
            "closed lost",
            "closedlost",
            "failed",
            "丢单",
            "输",
            "输单",
            "丢",
            "未成交",
            "落标",
            "未中标",
            "否",
            "丟單",
            "輸",
            "輸單",
            "落標",
            "未中標",
        ],
    },
)
