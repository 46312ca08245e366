"""The bundled samples load and validate clean, with names intact."""

import pytest

import powermap
from conftest import SAMPLES

ACCOUNTS = {
    "manufacturer.csv": dict(name="Hartwell Precision Castings", stage=4, technicality="high", as_of="2026-11-15",
                             links=SAMPLES / "manufacturer_links.csv"),
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
