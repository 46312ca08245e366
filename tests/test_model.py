"""The model: an immutable PowerMap whose graph follows the documented edge directions and weights."""

import networkx as nx
import pandas as pd
import pytest

import powermap


@pytest.fixture
def pm():
    contacts = pd.DataFrame(
        {
            "id": ["ceo", "cfo", "ctl", "eng"],
            "name": ["Ana", "Bo", "Cy", "Di"],
            "reports_to": ["", "ceo", "cfo", "cfo"],
            "roles": ["economic buyer", "finance; advisor", "", "technical buyer"],
            "stance": ["", "-2", "1", "2"],
        }
    )
    links = pd.DataFrame(
        {
            "source": ["cfo", "ctl", "eng", "ctl"],
            "target": ["ctl", "eng", "ceo", "ceo"],
            "kind": ["trusts", "rivals", "influences", "allies"],
            "weight": [0.8, 0.9, 0.4, 0.5],
        }
    )
    return powermap.from_frame(contacts, links, name="Acme", stage="negotiation", as_of="2026-11-15")


def test_reporting_lines_give_down_and_up_edges(pm):
    G = pm.graph
    assert G["ceo"]["cfo"] == {"weight": 1.0, "kinds": ("manages",)}
    assert G["cfo"]["ceo"] == {"weight": 0.5, "kinds": ("briefs",)}


def test_links_follow_their_kind_and_parallel_channels_combine(pm):
    G = pm.graph
    # "cfo trusts ctl": ctl influences cfo; the reporting line adds a second channel: 1-(1-.5)(1-.8)
    assert G["ctl"]["cfo"]["weight"] == pytest.approx(0.9)
    assert set(G["ctl"]["cfo"]["kinds"]) == {"briefs", "trusts"}
    assert G["eng"]["ceo"]["weight"] == pytest.approx(0.4)
    assert G["ctl"]["ceo"]["weight"] == G["ceo"]["ctl"]["weight"] == pytest.approx(0.5)  # allies: both ways
    assert not G.has_edge("ctl", "eng") and not G.has_edge("eng", "ctl")  # rivals carry no influence
    assert G.graph["rivals"] == [("ctl", "eng", 0.9)]


def test_nodes_carry_contact_attributes_with_unknowns_as_none(pm):
    node = pm.graph.nodes["cfo"]
    assert node["roles"] == ("finance", "advisor") and node["stance"] == -2 and node["level"] == "mid"
    assert pm.graph.nodes["ceo"]["stance"] is None


def test_power_map_is_immutable(pm):
    with pytest.raises(nx.NetworkXError):
        pm.graph.add_node("intruder")
    contacts = pm.contacts
    contacts.loc[0, "name"] = "Changed"
    assert pm.contacts.loc[0, "name"] == "Ana"
    assert pm.account.stage == 7


def test_summary_counts(pm):
    s = pm.summary()
    assert (s["contacts"], s["links"], s["roles"]["decision_maker"], s["stance_unknown"]) == (4, 4, 1, 1)
