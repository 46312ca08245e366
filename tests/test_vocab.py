"""Vocabulary: every alias users bring maps to one canonical value, however it is typed."""

import pytest

from powermap import vocab

VOCABULARIES = [
    vocab.ROLE_VOCAB,
    vocab.LEVELS,
    vocab.STANCES,
    vocab.RELATIONSHIPS,
    vocab.INFLUENCE_WORDS,
    vocab.TECHNICALITY,
    vocab.LINK_KINDS,
    vocab.STAGES,
]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.name)
def test_every_alias_round_trips_in_any_case_and_spacing(vocabulary):
    for alias, canonical in vocabulary.aliases().items():
        assert vocabulary.lookup(alias) == canonical, alias
        assert vocabulary.lookup(f"  {alias.upper()}  ") == canonical, alias
        assert vocabulary.lookup(alias.replace(" ", "_")) == canonical, alias
        assert vocabulary.lookup(alias.replace(" ", "-")) == canonical, alias


@pytest.mark.parametrize(
    "word, role",
    [
        ("首倡者", "initiator"),
        ("Champion", "initiator"),
        ("Executive Sponsor", "initiator"),
        ("技术支持者", "technical_supporter"),
        ("Technical Buyer", "technical_supporter"),
        ("Evaluator", "technical_supporter"),
        ("技术指导者", "technical_supporter"),
        ("關鍵使用者", "key_user"),
        ("User Buyer", "key_user"),
        ("Business User", "key_user"),
        ("内部支持者", "inside_coach"),
        ("coach", "inside_coach"),
        ("辅助决策者", "advisor"),
        ("核心决策者", "decision_maker"),
        ("Economic Buyer", "decision_maker"),
        ("ECONOMIC_BUYER", "decision_maker"),
        ("決策者", "decision_maker"),
        ("守门人", "gatekeeper"),
        ("掌握财务者", "finance"),
        ("采购者", "purchaser"),
        ("执行者", "purchaser"),
        ("意见领袖", "influencer"),
        ("Influencer", "influencer"),
        ("Decision Maker", "decision_maker"),
    ],
)
def test_role_aliases_from_every_vocabulary(word, role):
    assert vocab.ROLE_VOCAB.lookup(word) == role


def test_six_roles_and_four_tags_have_both_languages_of_label():
    assert set(vocab.ROLE_LABELS) == set(vocab.ROLES) | set(vocab.TAGS)
    assert all(label["en"] and label["zh"] for label in vocab.ROLE_LABELS.values())


@pytest.mark.parametrize(
    "cell",
    [
        "Economic Buyer; Coach",
        "economic buyer,coach",
        "Economic Buyer | coach",
        "核心决策者、内部支持者",
        "核心决策者；教练",
        "Economic Buyer;;coach;economic buyer",
    ],
)
def test_roles_cell_separators_and_repeats(cell):
    assert vocab.parse_roles(cell) == (("decision_maker", "inside_coach"), [])


def test_unknown_role_is_returned_with_a_suggestion():
    roles, unknown = vocab.parse_roles("champion; technicl buyer")
    assert roles == ("initiator",)
    assert unknown == ["technicl buyer"]
    assert vocab.ROLE_VOCAB.suggest("technicl buyer") == "technical buyer"
    assert vocab.ROLE_VOCAB.suggest("zzzzzz") is None


@pytest.mark.parametrize(
    "word, value",
    [
        ("blocker", -2),
        ("反对", -2),
        ("Skeptic", -1),
        ("怀疑", -1),
        ("neutral", 0),
        ("中立", 0),
        ("supporter", 1),
        ("支持", 1),
        ("champion", 2),
        ("强烈支持", 2),
    ],
)
def test_stance_words(word, value):
    assert vocab.STANCES.lookup(word) == value


@pytest.mark.parametrize(
    "word, value",
    [
        ("C-level", "executive"),
        ("高层", "executive"),
        ("manager", "mid"),
        ("中层", "mid"),
        ("IC", "staff"),
        ("基层", "staff"),
    ],
)
def test_level_words(word, value):
    assert vocab.LEVELS.lookup(word) == value


def test_relationship_depth_words_follow_the_three_layers():
    assert [vocab.RELATIONSHIPS.lookup(w) for w in ("none", "business", "personal", "trusted")] == [0, 1, 2, 3]
    assert [vocab.RELATIONSHIPS.lookup(w) for w in ("企业需求", "个人需求", "个人情感")] == [1, 2, 3]
