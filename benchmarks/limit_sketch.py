"""The limit sketch: how fast a pipeline file could be scored at all, as a floor for powermap's own run.

Not powermap, and not a product: the least work that still reads the whole file, ranks every contact and
writes a result, done the fastest way numpy and pyarrow allow on one core:

- pyarrow's CSV reader (multi-threaded, typed columns, no Python object per cell);
- one sparse PageRank over the block-diagonal forest of all accounts' reporting lines (a manager
  influences a report with weight 1.0, a report its manager with 0.5), with powermap's arithmetic
  (:func:`powermap.analysis.metrics.pagerank`), so every contact's score is bit-identical to powermap's
  (``tests/test_limit_sketch.py`` checks that);
- numpy group reductions (``bincount``) for the coverage counts of every account: contacts, engaged,
  supporters, opposed, decision makers engaged, distinct owners, the top PageRank;
- the accounts table written as CSV by pyarrow.

No validation, no gap rules, no risk grade, no messages: a clean file of reporting lines only (what the
project's simulator writes). ``benchmarks/pipeline.py`` runs it beside powermap on the same file.

Run: ``.venv/bin/python benchmarks/limit_sketch.py pipeline.csv accounts.csv`` (prints its timings as JSON).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import scipy.sparse as sp

DOWN, UP = 1.0, 0.5  # powermap.core.graph.REPORTING_WEIGHTS


def read(path: str | Path) -> pa.Table:
    """The pipeline file as an Arrow table: text columns as strings, the two numeric ones as small integers."""
    convert = pacsv.ConvertOptions(
        column_types={"relationship": pa.int8(), "stance": pa.int8()},
        null_values=[""],
        strings_can_be_null=False,
    )
    return pacsv.read_csv(path, convert_options=convert)


def _codes(column: pa.ChunkedArray) -> np.ndarray:
    """A code per distinct value, in order of first appearance."""
    return np.asarray(column.combine_chunks().dictionary_encode().indices, dtype=np.int64)


def forest(table: pa.Table) -> dict[str, np.ndarray]:
    """Account codes, account sizes and the reporting edges of every account as global positions.

    The table must be grouped by account (as the simulator writes it). Edges are given and combined
    exactly as :func:`powermap.core.graph.edge_arrays` gives them (sorted by ``src * n + dst``).
    """
    n = table.num_rows
    code = _codes(table["account"])
    size = np.bincount(code)
    # ids and managers share one dictionary, so that a manager's code is her id's code
    both = _codes(pa.chunked_array(table["id"].chunks + table["reports_to"].chunks, type=pa.string()))
    id_code, manager_code = both[:n], both[n:]
    width = int(both.max()) + 1 if n else 1
    keys = code * width + id_code
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    wanted = code * width + manager_code
    at = np.minimum(np.searchsorted(sorted_keys, wanted), max(n - 1, 0))
    has_manager = np.asarray(pc.not_equal(table["reports_to"], ""), dtype=bool)
    found = has_manager & (sorted_keys[at] == wanted)
    parent = np.where(found, order[at], -1)
    managed = np.flatnonzero(parent >= 0)
    src = np.concatenate([parent[managed], managed])
    dst = np.concatenate([managed, parent[managed]])
    weight = np.concatenate([np.full(len(managed), DOWN), np.full(len(managed), UP)])
    key = src.astype(np.int64) * max(n, 1) + dst
    edge_order = np.argsort(key, kind="stable")
    key, src, dst, weight = key[edge_order], src[edge_order], dst[edge_order], weight[edge_order]
    if len(key):
        first = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
        count = np.diff(np.append(first, len(key)))
        weight = np.where(count == 1, weight[first], 1.0 - np.multiply.reduceat(1.0 - weight, first))
        src, dst = src[first], dst[first]
    return {"code": code, "size": size, "src": src, "dst": dst, "weight": weight}


def pagerank(graph: dict[str, np.ndarray], alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 1000) -> np.ndarray:
    """PageRank of every contact within its account on the deference graph, all accounts in one sparse product.

    The arithmetic of :func:`powermap.analysis.metrics.pagerank`, step for step: an account stops moving
    once its own L1 change is below ``size * tol``.
    """
    code, size = graph["code"], graph["size"]
    n, n_acc = len(code), len(size)
    D = sp.csr_array((graph["weight"], (graph["dst"], graph["src"])), shape=(n, n))
    out_weight = np.asarray(D.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros_like(out_weight), where=~dangling)
    Q = (sp.diags_array(inv) @ D).T.tocsr()
    teleport = 1.0 / size[code].astype(float)
    x = teleport.copy()
    active = np.ones(n_acc, dtype=bool)
    for _ in range(max_iter):
        dangling_mass = np.bincount(code, weights=np.where(dangling, x, 0.0), minlength=n_acc)
        new = alpha * (Q @ x + dangling_mass[code] * teleport) + (1 - alpha) * teleport
        err = np.bincount(code, weights=np.abs(new - x), minlength=n_acc)
        x = np.where(active[code], new, x)
        active &= ~(err < size * tol)
        if not active.any():
            return x
    raise RuntimeError(f"PageRank did not converge in {max_iter} iterations")


def coverage(table: pa.Table, graph: dict[str, np.ndarray], rank: np.ndarray) -> pa.Table:
    """One row per account: its key and the coverage counts, by numpy group reductions."""
    code, size = graph["code"], graph["size"]
    n_acc = len(size)
    relationship = np.asarray(table["relationship"].fill_null(0), dtype=np.int64)
    stance = np.asarray(table["stance"].fill_null(0), dtype=np.int64)
    engaged = relationship >= 1
    deciders = np.asarray(pc.match_substring(table["roles"], "decision maker"), dtype=bool)
    owner = _codes(table["owner"])
    has_owner = np.asarray(pc.not_equal(table["owner"], ""), dtype=bool)
    width = int(owner.max()) + 1 if len(owner) else 1
    owners = np.bincount(np.unique(code[has_owner] * width + owner[has_owner]) // width, minlength=n_acc)
    top = np.full(n_acc, -np.inf)
    np.maximum.at(top, code, rank)
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    return pa.table(
        {
            "account": table["account"].take(pa.array(first)),
            "contacts": size,
            "engaged": np.bincount(code, weights=engaged, minlength=n_acc).astype(np.int64),
            "supporters": np.bincount(code, weights=stance >= 1, minlength=n_acc).astype(np.int64),
            "opposed": np.bincount(code, weights=stance <= -1, minlength=n_acc).astype(np.int64),
            "decision_makers_engaged": np.bincount(code, weights=engaged & deciders, minlength=n_acc).astype(np.int64),
            "owners": owners,
            "top_pagerank": top,
        }
    )


def run(path: str | Path, out: str | Path) -> dict[str, float]:
    """Read, rank, count and write; the seconds each step took."""
    times = {}
    start = time.perf_counter()
    table = read(path)
    times["read_s"] = time.perf_counter() - start
    graph = forest(table)
    rank = pagerank(graph)
    times["pagerank_s"] = time.perf_counter() - start - times["read_s"]
    accounts = coverage(table, graph, rank)
    pacsv.write_csv(accounts, out)
    times["total_s"] = time.perf_counter() - start
    times["accounts"] = accounts.num_rows
    return times


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2])))
