"""The bundled samples load and validate clean, with names intact."""

import pytest
from conftest import SAMPLES

import powermap

ACCOUNTS = {
    "manufacturer.csv": dict(
        name="Hartwell Precision Castings",
        stage=4,
        technicality="high",
        as_of="2026-11-15",
        links=SAMPLES / "manufacturer_links.csv",
    ),
    "hospital.csv": dict(name="St. Aldric Regional Hospital", stage=5, technicality="high", as_of="2026-11-15"),
    "chinese_utility.csv": dict(name="江临市供水集团有限公司", stage=3, technicality="medium", as_of="2026-11-15"),
}


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
def test_sample_loads_clean(file):
    pm = powermap.load(SAMPLES / file, **ACCOUNTS[file])
    assert 15 <= len(pm) <= 60
    assert pm.graph.number_of_nodes() == len(pm)
    assert (pm.contacts["depth"] == 0).sum() == 1  # one person at the top
    held = {r for roles in pm.contacts["roles"] for r in roles}
    assert len(held & set(powermap.vocab.ROLES)) >= 5


def test_chinese_sample_keeps_its_script():
    pm = powermap.load(SAMPLES / "chinese_utility.csv")
    assert pm.contacts.set_index("id").loc["C01", "name"] == "周国栋"
    assert pm.contacts.set_index("id").loc["C01", "roles"] == ("decision_maker",)


def test_manufacturer_links_are_used():
    pm = powermap.load(SAMPLES / "manufacturer.csv", links=SAMPLES / "manufacturer_links.csv")
    assert len(pm.links) == 18
    assert pm.graph.graph["rivals"]


# The gaps each sample's story in data/samples/README.md says a coach would see: (code, role or condition, contacts).
EXPECTED = {
    "manufacturer.csv": {
        ("resistant-key-user", "key_user", ("M13",)),
        ("influential-blocker", None, ("M05",)),
        ("competitor-aligned", None, ("M05",)),
        ("stale-relationship", None, ("M01",)),
        ("bypassed-gatekeeper", None, ("M03", "M08")),
    },
    "hospital.csv": {
        ("decision-maker-unreached", "decision_maker", ("H01",)),
        ("missing-role", "inside_coach", ()),
        ("weak-initiator", "initiator", ("H16",)),
        ("few-mid-level-allies", None, None),
        ("unknown-attributes", None, frozenset({"H01", "H23", "H30", "H35", "H50"})),
        ("stage-readiness", "key-attitudes-known", ("H06",)),
        ("stage-readiness", "key-people-feelings", ("H05",)),
    },
    "chinese_utility.csv": {
        ("single-threaded", None, frozenset({"C09", "C11"})),
        ("late-technical-engagement", "technical_supporter", frozenset({"C04", "C13", "C14"})),
        ("decision-maker-unreached", "decision_maker", frozenset({"C01", "C02"})),
        ("resistant-key-user", "key_user", ("C16",)),
        ("uncovered-role", "key_user", frozenset({"C16", "C17", "C18"})),
        ("uncovered-role", "advisor", ("C04",)),
        ("few-mid-level-allies", None, None),
        ("influential-blocker", None, ("C06",)),
        ("competitor-aligned", None, ("C04",)),
        ("stage-readiness", "departments-contacted", frozenset({"C09", "C11"})),
        ("stage-readiness", "handler-bond", ("C09",)),
    },
}


def _as_expected(gap, expected_people):
    detail = gap.role if isinstance(gap.role, str) else gap.condition if isinstance(gap.condition, str) else None
    if expected_people is None:
        people = None
    elif isinstance(expected_people, frozenset):
        people = frozenset(gap.contacts)
    else:
        people = tuple(gap.contacts)
    return (gap.code, detail, people)


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_sample_gaps_match_their_story(file):
    pm = powermap.load(SAMPLES / file, **ACCOUNTS[file])
    expected = EXPECTED[file]
    shapes = {(code, detail): people for code, detail, people in expected}
    got = {
        _as_expected(
            g,
            shapes.get(
                (g.code, g.role if isinstance(g.role, str) else g.condition if isinstance(g.condition, str) else None),
                (),
            ),
        )
        for g in pm.gaps().itertuples()
    }
    assert got == expected
    assert len(pm.gaps()) == len(expected)  # and nothing reported twice


def test_sample_risk_ranks_the_accounts_as_a_coach_would():
    # the manufacturer's CEO trusts his CFO, who opposes us: a deal-killer however well covered the map is; the
    # hospital and the utility have no deal-killer: medium, and the line says how many serious problems and the worst
    risk = {f: powermap.load(SAMPLES / f, **ACCOUNTS[f]).coverage() for f in ACCOUNTS}
    assert {f: r["risk"] for f, r in risk.items()} == {
        "manufacturer.csv": "high",
        "hospital.csv": "medium",
        "chinese_utility.csv": "medium",
    }
    assert risk["manufacturer.csv"]["why"] == (
        "HIGH: Catherine Brandt (Chief Financial Officer), whom the decision maker trusts, opposes us"
    )
    assert risk["hospital.csv"]["why"].startswith(
        "MEDIUM: 4 serious problems, none a deal-killer; the worst: decision maker unreached, Dr. Margaret Ellery"
    )
    assert risk["chinese_utility.csv"]["why"].startswith("MEDIUM: 3 serious problems")
    assert (
        risk["manufacturer.csv"]["coverage"]
        > risk["hospital.csv"]["coverage"]
        > risk["chinese_utility.csv"]["coverage"]
    )
