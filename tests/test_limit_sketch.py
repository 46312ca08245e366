"""The limit sketch of benchmarks/limit_sketch.py ranks every contact bit for bit as powermap does.

The benchmark compares powermap's run against the sketch's as a floor: that only means something when the
sketch does the same PageRank, not a cheaper one.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from powermap import portfolio
from powermap.sim.synth import pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sketch():
    spec = importlib.util.spec_from_file_location("limit_sketch", ROOT / "benchmarks" / "limit_sketch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("sketch") / "pipeline.csv"
    pipeline(60, 40, seed=7).to_csv(path, index=False)
    return path


def test_pagerank_is_bit_identical_to_powermaps(sketch, small):
    # chunks of about 500 contacts: powermap ranks a dozen batches, the sketch one forest of all 60 accounts
    ours = portfolio.score_file(small, by="account", rows_per_chunk=500)
    assert ours.skipped.empty and len(ours.accounts) == 60
    table = sketch.read(small)
    rank = sketch.pagerank(sketch.forest(table))
    theirs = pd.DataFrame({"account": table["account"].to_pylist(), "id": table["id"].to_pylist(), "pagerank": rank})
    mine = ours.contacts[["account", "id", "pagerank"]].merge(theirs, on=["account", "id"], suffixes=("", "_sketch"))
    assert len(mine) == table.num_rows == len(ours.contacts)
    assert np.array_equal(mine["pagerank"].to_numpy(), mine["pagerank_sketch"].to_numpy())  # bit for bit
    assert (mine["pagerank"].to_numpy() > 0).all()


def test_the_counts_match_powermaps_and_the_table_is_written(sketch, small, tmp_path):
    out = tmp_path / "accounts.csv"
    times = sketch.run(small, out)
    assert times["accounts"] == 60 and times["total_s"] >= times["read_s"]
    written = pd.read_csv(out)
    ours = portfolio.score_file(small, by="account", contacts_scores=False).accounts
    assert list(written["account"]) == list(ours["account"])
    for column in ("contacts", "engaged", "supporters", "opposed", "decision_makers_engaged", "owners"):
        assert list(written[column]) == list(ours[column]), column
