"""Per-contact scores: influence (declared, PageRank, brokerage, reach to the decision), support, confidence.

All functions work on a :class:`~powermap.analysis.batch.Batch` of one or many
accounts at once (block-diagonal), so that a pipeline of 10,000 accounts gets
exactly the numbers each account gets alone. networkx is the reference the
tests check these numbers against.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from powermap.analysis.batch import Batch
from powermap.policy import Policy

if TYPE_CHECKING:  # scipy.sparse is imported where a graph is built: importing powermap stays light
    import scipy.sparse as sp

__all__ = ["pagerank", "betweenness", "reach_to_decision", "scores", "shortest_from"]

LEVEL_KNOWN = {"given": 1.0, "title": 0.5, "reporting line": 0.5}  # how surely a level is known, by its source


def pagerank(batch: Batch, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 1000) -> np.ndarray:
    """Weighted PageRank of every contact within its account, on the deference graph.

    A person ranks high when people who rank high defer to them: the walk
    follows influence edges backwards (if u influences v, v "votes" for u with
    the edge's weight). Each account is its own graph: teleport and dangling
    mass stay inside it, scores sum to 1 per account, and an account stops
    iterating once its own L1 change is below ``n_account * tol``, exactly as
    ``networkx.pagerank(G.reverse(), alpha, tol=tol)`` would for it alone.
    """
    n_acc = len(batch.accounts)
    if batch.n == 0:
        return np.zeros(0)
    # deference matrix: row v spreads its rank to the u's that influence it
    import scipy.sparse as sp

    D = sp.csr_array((batch.weight, (batch.dst, batch.src)), shape=(batch.n, batch.n))
    out_weight = np.asarray(D.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros_like(out_weight), where=~dangling)
    Q = (sp.diags_array(inv) @ D).T.tocsr()  # Q @ x == x @ row-stochastic D
    n_of = batch.size[batch.code].astype(float)
    teleport = 1.0 / n_of
    x = teleport.copy()
    if n_acc == 1:  # one map: the same arithmetic as below, without tracking which accounts still move
        zeros = np.zeros(batch.n, dtype=np.int64)
        for _ in range(max_iter):
            dangling_mass = np.bincount(zeros, weights=np.where(dangling, x, 0.0), minlength=1)
            new = alpha * (Q @ x + dangling_mass[zeros] * teleport) + (1 - alpha) * teleport
            if np.bincount(zeros, weights=np.abs(new - x), minlength=1)[0] < batch.n * tol:
                return new
            x = new
        raise RuntimeError(f"PageRank did not converge in {max_iter} iterations")
    # only the accounts still moving are iterated: the working rows (whole accounts, in order) shrink to the
    # moving accounts' once those are under three quarters of them; each row's sum and each account's bincount
    # add the same numbers in the same order as over all rows (the dangling mass skips only the zeros of the
    # rows that are not dangling), so every account gets the numbers it gets alone
    active = np.ones(n_acc, dtype=bool)
    rows: np.ndarray | None = None  # None: every row
    stay = (1 - alpha) * teleport
    Q_rows, code, tele, stay_rows = Q, batch.code, teleport, stay
    dangling_at = np.flatnonzero(dangling)
    dangling_code = code[dangling_at]
    limit = batch.size * tol
    for _ in range(max_iter):
        x_rows = x if rows is None else x[rows]
        dangling_mass = np.bincount(dangling_code, weights=x_rows[dangling_at], minlength=n_acc)
        new = alpha * (Q_rows @ x + dangling_mass[code] * tele) + stay_rows
        err = np.bincount(code, weights=np.abs(new - x_rows), minlength=n_acc)
        if rows is None and active.all():
            x = new
        else:
            moving = active[code]
            x[moving if rows is None else rows[moving]] = new[moving]
        active &= ~(err < limit)
        if not active.any():
            return x
        still = active[code]
        if 4 * np.count_nonzero(still) < 3 * len(code):
            rows = np.flatnonzero(still) if rows is None else rows[still]
            Q_rows, code, tele, stay_rows = Q[rows], batch.code[rows], teleport[rows], stay[rows]
            dangling_at = np.flatnonzero(dangling[rows])
            dangling_code = code[dangling_at]
    raise RuntimeError(f"PageRank did not converge in {max_iter} iterations")


def _brandes(forward, backward, X0: np.ndarray, source_axis: int | None = -2) -> np.ndarray:
    """Dependency sums of Brandes' algorithm from a stack of one-hot source rows.

    ``forward(X)`` returns ``X @ A`` and ``backward(Z)`` returns ``Z @ A.T`` for
    the 0/1 adjacency ``A`` (or the transposed products when sources run along
    ``source_axis=-1``); ``X0`` holds one one-hot vector per source (any
    leading batch axes). Breadth-first levels are found for all sources at
    once; each level is one product with ``A``. Returns the dependency of
    each source on each node, summed over sources.
    """
    sigma = X0.copy()
    sigma_flat = sigma.reshape(-1)
    seen = X0 > 0
    seen_flat = seen.reshape(-1)
    frontier = X0.copy()
    frontier_flat = frontier.reshape(-1)
    previous = np.flatnonzero(seen)
    levels = []  # flat indices of the cells first reached at each level, for the backward pass
    while True:
        reached = forward(frontier)
        cells = np.flatnonzero((reached > 0) > seen)  # reached now, not before
        if len(cells) == 0:
            break
        levels.append(cells)
        seen_flat[cells] = True
        values = reached.reshape(-1)[cells]
        sigma_flat[cells] = values
        frontier_flat[previous] = 0.0  # reuse one buffer: clear the last level, set this one
        frontier_flat[cells] = values
        previous = cells
    delta = np.zeros_like(sigma)
    delta_flat = delta.reshape(-1)
    Z = np.zeros_like(sigma)
    Z_flat = Z.reshape(-1)
    for below, here in zip(levels[:0:-1], levels[-2::-1]):
        Z_flat[below] = (1.0 + delta_flat[below]) / sigma_flat[below]
        delta_flat[here] = sigma_flat[here] * backward(Z).reshape(-1)[here]
        Z_flat[below] = 0.0
    return delta if source_axis is None else delta.sum(axis=source_axis)


def _rescale(values: np.ndarray, n: int, sources: np.ndarray | None = None) -> np.ndarray:
    """Normalise by the number of (s, t) pairs a path through v could join.

    With sampled sources, a source cannot be a pair's middle for itself, so
    sources and other nodes are scaled apart (unbiased; as networkx >= 3.5).
    """
    if n <= 2:
        return np.zeros_like(values)
    if sources is None:
        return values / ((n - 1) * (n - 2))
    k = len(sources)
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sources] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else np.nan
    return values * scale


def betweenness(
    batch: Batch, exact_max_nodes: int = 2000, samples: int = 256, seed: int = 0, cells: int = 4_000_000
) -> np.ndarray:
    """Brokerage: directed betweenness centrality (hop counts) within each account, normalised.

    Matches ``networkx.betweenness_centrality(G, normalized=True)`` on the
    influence graph (edges with weight > 0). Accounts larger than
    ``exact_max_nodes`` are estimated from ``samples`` source nodes drawn as
    networkx draws them (``random.Random(seed).sample(nodes, k)``), so the
    estimate equals ``betweenness_centrality(G, k=samples, seed=seed)``; its
    standard error shrinks as ``1/sqrt(samples)`` (Brandes and Pich, 2007),
    and sampled sources are rescaled apart as networkx >= 3.5 does.

    Accounts are computed together: column ``j`` holds, for every account at
    once, the search from that account's ``j``-th person, so each
    breadth-first level is one sparse product over the block-diagonal graph.
    Accounts are taken in order of size (little padding) in blocks of about
    ``cells`` person-source pairs, which bounds memory (about 40 bytes a pair);
    an account too large for one block is searched a block of sources at a time.
    """
    out = np.zeros(batch.n)
    positive = batch.weight > 0
    src, dst = batch.src[positive], batch.dst[positive]
    tree = _reporting_forest_only(batch, src)
    if tree.any():
        _forest_betweenness(batch, tree, out)
    exact = np.flatnonzero((batch.size <= exact_max_nodes) & ~tree)
    # an account whose people x people block alone is over the budget is computed exactly source block by
    # source block (every person a source): memory stays bounded whatever exact_max_nodes allows
    wide = exact[batch.size[exact].astype(np.int64) ** 2 > cells]
    exact = exact[batch.size[exact].astype(np.int64) ** 2 <= cells]
    exact = exact[np.argsort(batch.size[exact], kind="stable")]
    local = np.arange(batch.n) - batch.start[batch.code]
    i = 0
    while i < len(exact):
        rows, j = 0, i
        while j < len(exact) and (j == i or (rows + batch.size[exact[j]]) * batch.size[exact[j]] <= cells):
            rows += int(batch.size[exact[j]])
            j += 1
        _source_slots(batch, exact[i:j], src, dst, local, out)
        i = j
    for a in wide:
        n = int(batch.size[a])
        _sampled_account(batch, int(a), src, dst, n, seed, max(16, cells // n), out)
    for a in np.flatnonzero((batch.size > exact_max_nodes) & ~tree):
        _sampled_account(batch, int(a), src, dst, samples, seed, max(16, cells // int(batch.size[a])), out)
    return out


def _reporting_forest_only(batch: Batch, src: np.ndarray) -> np.ndarray:
    """Accounts whose influence graph is exactly their reporting lines, both ways (no extra link edges)."""
    edges = np.bincount(batch.code[src], minlength=len(batch.accounts))
    managed = batch.count(batch.parent >= 0)
    return edges == 2 * managed


def _forest_betweenness(batch: Batch, accounts: np.ndarray, out: np.ndarray) -> None:
    """Exact betweenness where the graph is a forest with every edge both ways, from subtree sizes.

    Removing v splits its tree (N people) into its children's subtrees and the
    rest above it; every ordered pair of people in different parts has its
    one shortest path through v: ``(N - 1)^2 - sum of the squared part sizes``.
    O(n) per account, and the same integers Brandes' algorithm counts.
    """
    rows = np.flatnonzero(accounts[batch.code])
    parent = batch.parent
    depth = batch.contacts["depth"].to_numpy(dtype=np.int64, na_value=0)
    size = np.ones(batch.n)
    for d in range(int(depth[rows].max(initial=0)), 0, -1):
        level = rows[(depth[rows] == d) & (parent[rows] >= 0)]
        np.add.at(size, parent[level], size[level])
    root = np.where(parent >= 0, parent, np.arange(batch.n))
    for _ in range(int(depth[rows].max(initial=0))):
        root = np.where(parent[root] >= 0, parent[root], root)
    tree_size = size[root]
    children = np.bincount(
        parent[rows][parent[rows] >= 0], weights=size[rows][parent[rows] >= 0] ** 2, minlength=batch.n
    )
    raw = (tree_size - 1) ** 2 - children - (tree_size - size) ** 2
    n_of = batch.size[batch.code].astype(float)
    scale = np.where(n_of > 2, 1.0 / np.maximum((n_of - 1) * (n_of - 2), 1), 0.0)
    out[rows] = (raw * scale)[rows]


def _subgraph(batch: Batch, rows: np.ndarray, src: np.ndarray, dst: np.ndarray) -> tuple[sp.csr_array, sp.csr_array]:
    """The 0/1 adjacency among ``rows`` (whole accounts, each in order), and its transpose."""
    import scipy.sparse as sp

    relabel = np.full(batch.n, -1)
    relabel[rows] = np.arange(len(rows))
    inside = relabel[src] >= 0
    n = len(rows)
    A = sp.csr_array((np.ones(int(inside.sum())), (relabel[src[inside]], relabel[dst[inside]])), shape=(n, n))
    return A, A.T.tocsr()


def _source_slots(
    batch: Batch, accounts: np.ndarray, src: np.ndarray, dst: np.ndarray, local: np.ndarray, out: np.ndarray
) -> None:
    rows = batch.rows_of(accounts)
    width = int(batch.size[accounts].max())
    A, AT = _subgraph(batch, rows, src, dst)
    X0 = np.zeros((len(rows), width))
    X0[np.arange(len(rows)), local[rows]] = 1.0
    delta = _brandes(lambda X: AT @ X, lambda Z: A @ Z, X0, source_axis=None)
    # sum each person's dependencies over their own account's sources only, in a fixed (sequential) order,
    # so that an account's numbers do not depend on which accounts share its block
    n_of = batch.size[batch.code[rows]]
    totals = np.cumsum(delta, axis=1)[np.arange(len(rows)), n_of - 1]
    scale = np.where(n_of > 2, 1.0 / np.maximum((n_of - 1) * (n_of - 2), 1), 0.0)
    out[rows] = totals * scale


def _sampled_account(
    batch: Batch, a: int, src: np.ndarray, dst: np.ndarray, samples: int, seed: int, chunk: int, out: np.ndarray
) -> None:
    n, first = int(batch.size[a]), int(batch.start[a])
    A, AT = _subgraph(batch, np.arange(first, first + n), src, dst)
    sampled = samples < n
    sources = np.array(random.Random(seed).sample(range(n), samples)) if sampled else np.arange(n)
    total = np.zeros(n)
    for i in range(0, len(sources), chunk):
        block = sources[i : i + chunk]
        X0 = np.zeros((n, len(block)))  # one column per source keeps the sparse products C-ordered
        X0[block, np.arange(len(block))] = 1.0
        total += _brandes(lambda X: AT @ X, lambda Z: A @ Z, X0, source_axis=-1)
    out[first : first + n] = _rescale(total, n, sources if sampled else None)


def reach_to_decision(batch: Batch) -> np.ndarray:
    """Strength of each contact's strongest influence path to a decision maker of their account.

    The strength of a path is the product of its edge weights (1.0 for a
    decision maker themself). NaN where the account names no decision maker:
    unknown, not zero.
    """
    is_dm = batch.role_flags["decision_maker"]
    reach = np.full(batch.n, np.nan)
    if not is_dm.any():
        return reach
    positive = batch.weight > 0
    # a path u -> ... -> dm is found from the decision makers backwards; weight 1 costs 0, kept as an explicit edge
    cost = -np.log(batch.weight[positive])
    import scipy.sparse as sp

    G = sp.csr_array((np.abs(cost), (batch.dst[positive], batch.src[positive])), shape=(batch.n, batch.n))
    dist = shortest_from(G, np.flatnonzero(is_dm))
    has_dm = np.bincount(batch.code, weights=is_dm.astype(float), minlength=len(batch.accounts)) > 0
    reach = np.exp(-dist)
    return np.where(has_dm[batch.code], reach, np.nan)


def shortest_from(graph: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Length of the shortest path from any of ``sources`` to each node of a graph of non-negative edge costs.

    Every stored entry ``graph[u, v]`` is an edge ``u -> v`` (an explicit zero is a free edge); ``inf`` where no
    source reaches the node. The same numbers as ``scipy.sparse.csgraph.dijkstra(graph, indices=sources,
    min_only=True)``: each path's length is summed from its source on, and relaxing every edge out of the
    nodes that changed, round after round, ends at the least such sum over all paths, which is what
    Dijkstra's algorithm settles (adding a non-negative cost never lowers a rounded sum). Rounds: the most
    edges on a shortest path, a handful on an organisation chart.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> g = sp.csr_array(([1.0, 0.5, 0.0], ([0, 1, 2], [1, 2, 3])), shape=(5, 5))
    >>> shortest_from(g, np.array([0])).tolist()
    [0.0, 1.0, 1.5, 1.5, inf]
    """
    n = graph.shape[0]
    indptr, target, cost = graph.indptr, graph.indices, graph.data
    origin = np.repeat(np.arange(n), np.diff(indptr))
    dist = np.full(n, np.inf)
    dist[sources] = 0.0
    changed = np.zeros(n, dtype=bool)
    changed[sources] = True
    while True:
        out = changed[origin]
        reached = dist.copy()
        np.minimum.at(reached, target[out], dist[origin[out]] + cost[out])
        changed = reached < dist
        if not changed.any():
            return dist
        dist = reached


def _rank_within_accounts(batch: Batch, values: np.ndarray) -> np.ndarray:
    """1 for the highest value of each account; ties share the best rank (pandas' ``method="min"``)."""
    order = np.lexsort((-values, batch.code))
    code, ordered = batch.code[order], values[order]
    index = np.arange(len(order))
    new_run = np.ones(len(order), dtype=bool)
    new_run[1:] = (code[1:] != code[:-1]) | (ordered[1:] != ordered[:-1])
    run_start = np.maximum.accumulate(np.where(new_run, index, 0))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = run_start - batch.start[code] + 1
    return rank


def _per_account_max(batch: Batch, values: np.ndarray) -> np.ndarray:
    peak = batch.per_account(np.nan_to_num(values, nan=-np.inf), "max")
    return batch.broadcast(peak)


def _effective(
    policy: Policy, declared: np.ndarray, pr: np.ndarray, bc: np.ndarray, reach: np.ndarray, batch: Batch
) -> np.ndarray:
    """Effective influence: the known terms of :func:`scores`'s blend, re-weighted (see its Notes)."""
    pr_peak, bc_peak = _per_account_max(batch, pr), _per_account_max(batch, bc)
    terms = [
        (policy.weight_declared, declared),
        (policy.weight_pagerank, np.divide(pr, pr_peak, out=np.zeros_like(pr), where=pr_peak > 0)),
        (policy.weight_reach, reach),
        (policy.weight_brokerage, np.divide(bc, bc_peak, out=np.zeros_like(bc), where=bc_peak > 0)),
    ]
    numerator = sum(w * np.nan_to_num(x) for w, x in terms)
    denominator = sum(w * ~np.isnan(x) for w, x in terms)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def scores(batch: Batch, policy: Policy | None = None, structure: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """The tidy per-contact score table of every account in the batch.

    Columns: ``account`` (batches only), ``id``, ``name``, ``level``, ``roles``,
    ``declared_influence`` (0-1 from the 1-5 scale, NaN when unknown),
    ``pagerank`` (sums to 1 per account), ``brokerage`` (normalised
    betweenness), ``reach_to_decision`` (0-1, NaN without decision makers),
    ``effective_influence`` (0-1), ``influence_rank`` (1 = most influential),
    ``stance``, ``relationship``, ``support`` (-1..1, NaN when stance unknown),
    ``engaged``, ``supporter``, ``opposed``, ``confidence`` (0-1).

    Notes
    -----
    Effective influence blends what the seller knows with what the structure
    shows::

        E = (w_d * d + w_p * p + w_r * r + w_b * b) / (sum of the w of known terms)

    with ``d`` the declared influence, ``p`` PageRank over the account's
    highest, ``r`` the reach to the decision and ``b`` brokerage over the
    account's highest; defaults ``w = 0.4, 0.3, 0.2, 0.1``. Declared influence
    weighs most because docs/methodology.md §5 asks the team to score each key person
    first-hand; the graph terms correct it for people whose position gives
    them more sway than their label says (a manager everybody briefs, the
    broker between two departments). An unknown term is left out and the
    others re-weighted, never read as zero; it lowers ``confidence`` instead.

    ``structure`` (optional) gives ``pagerank``, ``brokerage`` and
    ``reach_to_decision`` per position, computed before on the same graph and
    roles: a plan scoring many copies of one map that differ only in stance,
    relationship, owner or dates reuses them instead of recomputing them. It may also give
    ``effective_influence`` and ``influence_rank``: they depend only on the graph and the declared
    influence, which such copies keep.

    Support is ``stance / 2 * (relationship + 1) / 4``: a champion we trust
    counts 1, a supporter we have never met 0.125, an opponent we do not
    know -0.25.
    """
    policy = policy or Policy()
    c = batch.contacts
    influence = c["influence"].to_numpy(dtype=float, na_value=np.nan)
    stance = c["stance"].to_numpy(dtype=float, na_value=np.nan)
    relationship = c["relationship"].to_numpy(dtype=np.int64)
    declared = (influence - 1) / 4
    if structure is None:
        pr = pagerank(batch, policy.pagerank_alpha)
        bc = betweenness(batch, policy.exact_betweenness_max_nodes, policy.betweenness_samples, policy.seed)
        reach = reach_to_decision(batch)
    else:
        pr, bc, reach = (np.asarray(structure[k], dtype=float) for k in ("pagerank", "brokerage", "reach_to_decision"))
    if structure is not None and "effective_influence" in structure:  # the same graph and declared influence
        effective = np.asarray(structure["effective_influence"], dtype=float)
    else:
        effective = _effective(policy, declared, pr, bc, reach, batch)
    codes, sources = pd.factorize(c["level_source"])  # each source read once; code -1 (none) reads the last 0.0
    level_known = np.array([LEVEL_KNOWN.get(s, 0.0) for s in sources] + [0.0])[codes]
    confidence = (
        ~np.isnan(stance) * 1.0
        + ~np.isnan(influence) * 1.0
        + level_known
        + np.where(c["relationship_source"].to_numpy() == "given", 1.0, 0.5)
    ) / 4
    if structure is not None and "influence_rank" in structure:
        rank = np.asarray(structure["influence_rank"], dtype=np.int64)
    else:
        rank = _rank_within_accounts(batch, effective)
    out = pd.DataFrame(
        {
            "account": batch.column("account"),
            "id": c["id"],
            "name": c["name"],
            "level": c["level"],
            "department": c["department"],
            "roles": c["roles"],
            "declared_influence": declared,
            "pagerank": pr,
            "brokerage": bc,
            "reach_to_decision": reach,
            "effective_influence": effective,
            "influence_rank": rank,
            "stance": c["stance"],
            "relationship": c["relationship"],
            "support": stance / 2 * (relationship + 1) / 4,
            "engaged": relationship >= 1,
            "supporter": np.nan_to_num(stance, nan=0) >= 1,
            "opposed": np.nan_to_num(stance, nan=0) <= -1,
            "confidence": confidence,
        }
    )
    return out
