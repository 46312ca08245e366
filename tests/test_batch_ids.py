"""The batch finds managers and link ends by integer codes: the positions the ``account + id`` strings gave."""

import numpy as np
import pandas as pd
import pytest

import powermap
from powermap.analysis.batch import make_batch
from powermap.core.graph import edge_arrays, id_index, id_positions, positions
from powermap.sim.synth import organisation


def accounts_with_links(n_accounts: int = 12) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated accounts whose ids repeat from one account to the next (p0, p1, ...), with influence links,
    a link to someone not on its account's map and one naming an id only another account has."""
    contacts, links = [], []
    for k in range(n_accounts):
        raw, raw_links = organisation(20 + 7 * k, seed=k)
        pm = powermap.from_frame(raw, raw_links)
        key = f"ACC-{k:03d}"
        contacts.append(pm.contacts.assign(account=key))
        links.append(pm.links.assign(account=key))
    stray = pd.DataFrame(
        {"source": ["p1", "p5", "p90"], "target": ["p999", "p90", "p2"], "kind": "influences", "weight": 0.5}
    ).assign(account="ACC-000")  # p90 exists only in the largest accounts
    table = pd.concat(contacts, ignore_index=True)
    table["account"] = table["account"].astype("string")
    return table, pd.concat([*links, stray], ignore_index=True)


def by_strings(contacts: pd.DataFrame, links: pd.DataFrame):
    """What make_batch looked up before: an index of 'account \\x1f id' strings."""
    index = id_index(contacts, by_account=True)
    parent = positions(index, contacts["reports_to"], contacts["account"])
    src, dst = (positions(index, links[end], links["account"]) for end in ("source", "target"))
    known = (src >= 0) & (dst >= 0)
    kind, weight = links["kind"].to_numpy(dtype=object)[known], links["weight"].to_numpy(dtype=float)[known]
    return parent, edge_arrays(parent, src[known], dst[known], kind, weight, len(contacts))


def test_batch_of_many_accounts_with_repeated_ids_has_the_string_lookups_graph():
    contacts, links = accounts_with_links()
    batch = make_batch(contacts, links)
    parent, (src, dst, weight, bits) = by_strings(contacts, links)
    assert (parent >= 0).sum() > 300 and len(src) > 1000
    np.testing.assert_array_equal(batch.parent, parent)
    for ours, theirs in zip((batch.src, batch.dst, batch.weight, batch.bits), (src, dst, weight, bits)):
        np.testing.assert_array_equal(ours, theirs)
    # the manager of everyone is within their own account
    managed = batch.parent >= 0
    assert (batch.code[batch.parent[managed]] == batch.code[managed]).all()


def test_one_map_batch_has_the_string_lookups_graph():
    raw, raw_links = organisation(80, seed=4)
    pm = powermap.from_frame(raw, raw_links)
    batch = make_batch(pm.contacts, pm.links)
    index = id_index(pm.contacts)
    np.testing.assert_array_equal(batch.parent, positions(index, pm.contacts["reports_to"]))
    assert (batch.parent >= 0).sum() == 79


def test_id_positions_looks_ids_up_within_their_account():
    ids = pd.Series(["a", "b", "a", "c"], dtype="string")
    accounts = pd.Series(["X", "X", "Y", "Y"], dtype="string")
    wanted = pd.Series(["b", None, "c", "b", "a"], dtype=object)
    where = pd.Series(["X", "X", "Y", "Y", "Z"], dtype=object)
    assert [p.tolist() for p in id_positions(ids, accounts, (wanted, where))] == [[1, -1, 3, -1, -1]]
    with pytest.raises(ValueError, match="accounts of every list"):
        id_positions(ids, accounts, (wanted, None))
