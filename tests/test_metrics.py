"""Per-contact scores: hand-computed on a 6-person map, and equal to networkx on realistic ones."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLES

import powermap
from powermap.analysis import metrics
from powermap.analysis.batch import make_batch
from powermap.policy import Policy

# ceo (decision maker) -> vp1 -> {s1, s2}; ceo -> vp2 -> s3
SIX = pd.DataFrame(
    {
        "id": ["ceo", "vp1", "vp2", "s1", "s2", "s3"],
        "name": ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"],
        "reports_to": ["", "ceo", "ceo", "vp1", "vp1", "vp2"],
        "roles": ["decision maker", "", "", "", "", ""],
        "influence": [5, 3, "", 1, 1, 2],
        "stance": [1, 2, -1, "", 0, 1],
        "relationship": [1, 3, 0, 2, "", 0],
        "level": ["executive", "mid", "mid", "staff", "staff", ""],
    }
)


@pytest.fixture
def six():
    return powermap.from_frame(SIX).scores().set_index("id")


def test_brokerage_by_hand(six):
    # the tree's ordered pairs through each manager, over (n-1)(n-2) = 20:
    # vp1 separates {s1}, {s2}, {ceo, vp2, s3}: 2 + 6 + 6 = 14; ceo: 3*2*2 = 12; vp2: 1*4*2 = 8
    assert six["brokerage"].to_dict() == pytest.approx({"ceo": 0.6, "vp1": 0.7, "vp2": 0.4, "s1": 0, "s2": 0, "s3": 0})


def test_reach_to_decision_by_hand(six):
    # briefing up a reporting line carries 0.5 per step
    assert six["reach_to_decision"].astype(float).to_dict() == pytest.approx(
        {"ceo": 1.0, "vp1": 0.5, "vp2": 0.5, "s1": 0.25, "s2": 0.25, "s3": 0.25}
    )


def test_declared_support_engagement_and_confidence_by_hand(six):
    assert six.loc["ceo", "declared_influence"] == 1.0 and six.loc["s3", "declared_influence"] == 0.25
    assert pd.isna(six.loc["vp2", "declared_influence"])  # unknown stays unknown
    # support = stance/2 * (relationship+1)/4
    assert six.loc["vp1", "support"] == 1.0 and six.loc["ceo", "support"] == 0.25
    assert six.loc["vp2", "support"] == -0.125 and pd.isna(six.loc["s1", "support"])
    assert six["engaged"].to_dict() == {"ceo": True, "vp1": True, "vp2": False, "s1": True, "s2": False, "s3": False}
    # confidence: stance, influence, level (given 1, inferred .5), relationship (given 1, default .5), averaged
    assert six.loc["ceo", "confidence"] == 1.0
    assert six.loc["s2", "confidence"] == pytest.approx((1 + 1 + 1 + 0.5) / 4)
    assert six.loc["s3", "confidence"] == pytest.approx((1 + 1 + 0.5 + 1) / 4)


def test_effective_influence_blends_the_known_terms(six):
    pr = six["pagerank"]
    b = six["brokerage"] / six["brokerage"].max()
    p = pr / pr.max()
    # vp1: all four terms known
    expected = (0.4 * 0.5 + 0.3 * p["vp1"] + 0.2 * 0.5 + 0.1 * b["vp1"]) / 1.0
    assert six.loc["vp1", "effective_influence"] == pytest.approx(expected)
    # vp2: declared unknown, left out and the rest re-weighted, not read as zero
    expected = (0.3 * p["vp2"] + 0.2 * 0.5 + 0.1 * b["vp2"]) / 0.6
    assert six.loc["vp2", "effective_influence"] == pytest.approx(expected)
    assert six.loc["ceo", "influence_rank"] == 1


def test_pagerank_sums_to_one_and_follows_deference(six):
    pr = six["pagerank"]
    assert pr.sum() == pytest.approx(1.0)
    # people deferred to by more people rank higher: a manager of two over a manager of one over staff
    assert pr["vp1"] > pr["vp2"] > pr["s3"] and pr["ceo"] > pr["vp2"]
    assert pr["s1"] == pytest.approx(pr["s2"])


@pytest.mark.parametrize(
    "file, links",
    [("manufacturer.csv", "manufacturer_links.csv"), ("hospital.csv", None), ("chinese_utility.csv", None)],
)
def test_scores_equal_networkx_on_the_samples(file, links):
    pm = powermap.load(SAMPLES / file, links=SAMPLES / links if links else None)
    scores = pm.scores().set_index("id")
    G = nx.DiGraph(pm.graph)
    ref_pr = nx.pagerank(G.reverse(copy=True), alpha=0.85, weight="weight", tol=1e-13, max_iter=10_000)
    H = nx.DiGraph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v, w in G.edges(data="weight") if w > 0)
    ref_bc = nx.betweenness_centrality(H, normalized=True)
    R = G.reverse(copy=True)
    for _, _, d in R.edges(data=True):
        d["cost"] = -math.log(d["weight"])
    dms = [n for n, roles in G.nodes(data="roles") if "decision_maker" in roles]
    ref_reach = {n: math.exp(-d) for n, d in nx.multi_source_dijkstra_path_length(R, dms, weight="cost").items()}
    for node in G:
        assert scores.loc[node, "pagerank"] == pytest.approx(ref_pr[node], abs=1e-8)
        assert scores.loc[node, "brokerage"] == pytest.approx(ref_bc[node], abs=1e-12)
        assert scores.loc[node, "reach_to_decision"] == pytest.approx(ref_reach.get(node, 0.0), abs=1e-9)


def _random_org(n, seed):
    rng = np.random.default_rng(seed)
    parents = [""] + [f"p{rng.integers(0, i)}" for i in range(1, n)]
    roles = rng.choice(["", "", "", "decision maker", "key user"], n)
    return pd.DataFrame(
        {"id": [f"p{i}" for i in range(n)], "name": [f"P {i}" for i in range(n)], "reports_to": parents, "roles": roles}
    )


def _graph_of(batch):
    G = nx.DiGraph()
    G.add_nodes_from(batch.contacts["id"])
    positive = batch.weight > 0
    ids = batch.contacts["id"].to_numpy()
    G.add_edges_from(zip(ids[batch.src[positive]], ids[batch.dst[positive]]))
    return G


@pytest.mark.parametrize("roots", [1, 3])
def test_brokerage_on_reporting_trees_and_forests_equals_networkx(roots):
    org = _random_org(120, roots)
    org.loc[org.sample(roots - 1, random_state=1).index if roots > 1 else [], "reports_to"] = ""
    batch = make_batch(powermap.from_frame(org).contacts)
    ref = nx.betweenness_centrality(_graph_of(batch), normalized=True)
    assert metrics.betweenness(batch) == pytest.approx([ref[i] for i in batch.contacts["id"]], abs=1e-12)


def test_sampled_brokerage_on_a_large_map_equals_networkx_with_the_same_seed():
    from powermap.sim.synth import organisation

    contacts, links = organisation(400, seed=1)  # influence links: not a plain tree
    pm = powermap.from_frame(contacts, links)
    batch = make_batch(pm.contacts, pm.links)
    estimate = metrics.betweenness(batch, exact_max_nodes=100, samples=64, seed=7)
    ref = nx.betweenness_centrality(_graph_of(batch), k=64, seed=7, normalized=True)
    assert estimate == pytest.approx(np.array([ref[i] for i in batch.contacts["id"]]), abs=1e-12)
    exact = metrics.betweenness(batch)
    assert np.abs(estimate - exact).max() < 0.1  # the sample tracks the exact values


def test_copies_of_accounts_are_the_batch_make_batch_makes_of_their_rows():
    from powermap.analysis.batch import copies
    from powermap.sim.synth import organisation

    maps = [powermap.from_frame(*organisation(n, seed=n)) for n in (12, 30, 7)]
    batch = make_batch(
        pd.concat([pm.contacts.assign(account=f"a{k}") for k, pm in enumerate(maps)]),
        pd.concat([pm.links.assign(account=f"a{k}") for k, pm in enumerate(maps)]),
    )
    accounts = np.array([2, 0, 2, 1])  # any accounts, in any order, more than once
    rows = batch.contacts.iloc[batch.rows_of(accounts)].reset_index(drop=True)
    rows["account"] = np.repeat(np.arange(len(accounts)), batch.size[accounts]).astype(object)
    links = pd.concat([maps[a].links.assign(account=k) for k, a in enumerate(accounts)])
    made, copied = make_batch(rows, links), copies(batch, accounts, rows, kept=("level", "department", "roles"))
    for name in ("code", "start", "size", "src", "dst", "weight", "parent"):
        np.testing.assert_array_equal(getattr(copied, name), getattr(made, name), err_msg=name)
    assert copied.accounts.equals(made.accounts)
    engaged = rows["relationship"].to_numpy() >= 1
    for name in ("level", "department"):  # taken from the accounts' own batch: the same values
        np.testing.assert_array_equal(copied.column(name), made.column(name))
        np.testing.assert_array_equal(copied.distinct(name, engaged), made.distinct(name, engaged))
    for role, flags in made.role_flags.items():
        np.testing.assert_array_equal(copied.role_flags[role], flags, err_msg=role)


def test_a_batch_gives_each_account_exactly_its_own_numbers():
    orgs = [_random_org(n, seed) for n, seed in ((12, 1), (40, 2), (300, 3), (5, 4))]
    alone = [powermap.from_frame(o).scores() for o in orgs]
    contacts = pd.concat([powermap.from_frame(o).contacts.assign(account=f"a{k}") for k, o in enumerate(orgs)])
    together = metrics.scores(make_batch(contacts), Policy())
    for k, single in enumerate(alone):
        part = together[together["account"] == f"a{k}"].reset_index(drop=True)
        for column in ("pagerank", "brokerage", "effective_influence", "influence_rank"):
            np.testing.assert_array_equal(part[column].to_numpy(), single[column].to_numpy(), err_msg=column)


def _pagerank_every_row(batch, alpha=0.85, tol=1e-10, max_iter=1000):
    """The batch PageRank as it was before it iterated only the accounts still moving: every row, every step."""
    import scipy.sparse as sp

    n_acc = len(batch.accounts)
    D = sp.csr_array((batch.weight, (batch.dst, batch.src)), shape=(batch.n, batch.n))
    out_weight = np.asarray(D.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros_like(out_weight), where=~dangling)
    Q = (sp.diags_array(inv) @ D).T.tocsr()
    teleport = 1.0 / batch.size[batch.code].astype(float)
    x = teleport.copy()
    active = np.ones(n_acc, dtype=bool)
    for _ in range(max_iter):
        dangling_mass = np.bincount(batch.code, weights=np.where(dangling, x, 0.0), minlength=n_acc)
        new = alpha * (Q @ x + dangling_mass[batch.code] * teleport) + (1 - alpha) * teleport
        err = np.bincount(batch.code, weights=np.abs(new - x), minlength=n_acc)
        x = np.where(active[batch.code], new, x)
        active &= ~(err < batch.size * tol)
        if not active.any():
            return x
    raise AssertionError("no convergence")


def test_pagerank_of_the_accounts_still_moving_is_bit_identical_to_iterating_every_account():
    from powermap.sim.synth import organisation

    maps = [powermap.from_frame(*organisation(n, seed=s)) for s, n in enumerate((6, 80, 25, 140, 12, 50, 9, 33))]
    contacts = pd.concat([m.contacts.assign(account=f"a{k}") for k, m in enumerate(maps)], ignore_index=True)
    links = pd.concat([m.links.assign(account=f"a{k}") for k, m in enumerate(maps)], ignore_index=True)
    batch = make_batch(contacts, links)
    assert len(batch.src) > 2 * (batch.parent >= 0).sum()  # links beyond the reporting lines
    np.testing.assert_array_equal(metrics.pagerank(batch), _pagerank_every_row(batch))


def test_shortest_paths_to_the_decision_are_bit_identical_to_scipy_dijkstra():
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    from powermap.sim.synth import organisation

    maps = [powermap.from_frame(*organisation(n, seed=10 + s)) for s, n in enumerate((60, 140, 30, 90))]
    contacts = pd.concat([m.contacts.assign(account=f"a{k}") for k, m in enumerate(maps)], ignore_index=True)
    links = pd.concat([m.links.assign(account=f"a{k}") for k, m in enumerate(maps)], ignore_index=True)
    batch = make_batch(contacts, links)
    positive = batch.weight > 0
    assert len(np.unique(batch.weight[positive])) > 3  # costs of many sizes, sums that round
    cost = np.abs(-np.log(batch.weight[positive]))
    graph = sp.csr_array((cost, (batch.dst[positive], batch.src[positive])), shape=(batch.n, batch.n))
    for sources in (np.flatnonzero(batch.role_flags["decision_maker"]), np.array([0, 70, 200]), np.array([5])):
        expected = dijkstra(graph, directed=True, indices=sources, min_only=True)
        np.testing.assert_array_equal(metrics.shortest_from(graph, sources), expected)
    assert np.isinf(expected).any() and np.isfinite(expected).sum() > 1
