"""The deal value: frozen, built once after validation (never validated again), changed by replace, redacted."""

import dataclasses

import pandas as pd
import pytest
from conftest import SAMPLES
from test_samples import ACCOUNTS

import powermap
import powermap.io.validate
from powermap.analysis.run import analyze, worded
from powermap.core.deal import Deal
from powermap.io.validate import Account


def two_people():
    # Bo's level comes from the reporting line, both relationships are defaulted: what validation decided
    return powermap.from_frame(
        pd.DataFrame(
            {"id": ["a", "b"], "name": ["Ana", "Bo"], "reports_to": ["", "a"], "roles": ["decision maker", ""]}
        ),
        name="Acme",
        as_of="2026-11-15",
    )


@pytest.fixture(scope="module")
def hartwell():
    return powermap.load(SAMPLES / "manufacturer.csv", **ACCOUNTS["manufacturer.csv"])


def test_a_deal_is_frozen():
    deal = two_people().deal
    with pytest.raises(dataclasses.FrozenInstanceError):
        deal.account = Account(name="Other")  # type: ignore[misc]


def test_the_trusted_constructor_never_validates_again(monkeypatch):
    pm = two_people()
    calls = []
    for name in ("validate", "validate_contacts", "validate_links"):
        real = getattr(powermap.io.validate, name)
        monkeypatch.setattr(powermap.io.validate, name, lambda *a, _real=real, **k: calls.append(1) or _real(*a, **k))
    deal = Deal.trusted(pm.contacts, pm.links, pm.account, source="x.csv")
    again = powermap.PowerMap(pm.contacts, pm.links, pm.account)
    assert calls == []
    for table in (deal.contacts, again.contacts):
        assert table[["level_source", "relationship_source"]].values.tolist() == [
            ["reporting line", "default"],
            ["reporting line", "default"],
        ]
    assert deal.sources == ("x.csv",)


def test_a_map_of_a_maps_own_tables_keeps_its_confidence():
    # bug 2 of issue 26: rebuilding a map from its own tables made defaulted values "given" (confidence jumped)
    pm = two_people()
    again = powermap.PowerMap(pm.contacts, pm.links, pm.account)
    assert again.scores()["confidence"].tolist() == pm.scores()["confidence"].tolist()


def test_replace_makes_a_new_deal_and_leaves_the_old_one(hartwell):
    deal = hartwell.deal
    contacts = deal.contacts.copy()
    contacts.loc[contacts["id"] == "M05", "stance"] = 1
    changed = deal.replace(contacts=contacts)
    assert changed is not deal and changed.links is deal.links and changed.account is deal.account
    assert int(deal.contacts.loc[deal.contacts["id"] == "M05", "stance"].iat[0]) == -2
    assert "influential-blocker" in analyze(deal).gaps["code"].tolist()
    assert "influential-blocker" not in analyze(changed).gaps["code"].tolist()
    assert deal.replace(links=None).links.empty


def test_redacted_takes_out_the_coach_owners_notes_and_the_files_own_columns(hartwell):
    shown = hartwell.deal.redacted().contacts
    assert not any("inside_coach" in roles for roles in shown["roles"])
    assert set(shown["owner"]) == {""} and set(shown["notes"]) == {""} and set(shown["competitor"]) == {""}
    assert len(shown) == len(hartwell.contacts)
    assert any("inside_coach" in roles for roles in hartwell.deal.contacts["roles"])  # the deal itself is kept


def test_the_analysis_holds_no_words_until_worded(hartwell):
    plain = analyze(hartwell.deal)
    assert plain.gaps["message"].isna().all() and plain.coverage["why"].isna().all()
    english, chinese = worded(plain, "en"), worded(plain, "zh")
    assert english.gaps[["code", "contacts"]].equals(chinese.gaps[["code", "contacts"]])
    assert english.gaps["message"].tolist() == hartwell.gaps()["message"].tolist()
    assert chinese.gaps["message"].tolist() == hartwell.gaps(lang="zh")["message"].tolist()
    assert chinese.coverage["why"].iat[0] == hartwell.analysis(lang="zh").coverage["why"].iat[0]


def test_a_loaded_deal_names_every_file_read():
    pm = powermap.load(SAMPLES / "manufacturer.csv", links=SAMPLES / "manufacturer_links.csv")
    assert pm.deal.sources == (str(SAMPLES / "manufacturer.csv"), str(SAMPLES / "manufacturer_links.csv"))
    assert pm.source == str(SAMPLES / "manufacturer.csv")
