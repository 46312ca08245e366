"""The first move on every account of a pipeline, for ``portfolio --plan``: one re-analysis batch for all accounts.

Each gap of each account suggests the action that fixes it, as :mod:`powermap.plan.actions` does (engage the unreached
holder, neutralise the blocker, refresh the stale contact, win the mid-level candidate, loop in the bypassed
gatekeeper), for its most severe actionable gaps. Every suggestion is a copy of its account with that one change; all copies of all accounts are
analysed as one batch, reusing each account's PageRank, brokerage and reach (the graph does not change), so
``plan_coverage_after`` is what ``analyze`` gives on the changed account. The best gain per cost wins.

What this leaves to ``powermap plan`` on the account: placeholders for missing roles, second owners, levers
and gatekeepers found on the graph, the warm path (``via``), who acts, and the later steps.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from powermap.analysis.run import Analysis, analyze_batch
from powermap.plan.actions import RISK_RANK, STRUCTURE, Costs, _gap_items
from powermap.policy import Policy

__all__ = ["first_actions", "PLAN_COLUMNS"]

PLAN_COLUMNS = [
    "plan_action",
    "plan_kind",
    "plan_contact",
    "plan_change",
    "plan_resolves",
    "plan_coverage_after",
    "plan_risk_after",
    "plan_cost",
]
VERBS = {
    "engage": "Engage {}",
    "neutralise": "Bring {} round to neutral",
    "convert": "Win {} over",
    "refresh": "Meet {} again",
}


def _suggestions(contacts: pd.DataFrame, analysis: Analysis, facts: pd.DataFrame, per_account: int) -> pd.DataFrame:
    """One row per (account, contact, change) suggested by a gap: account, position, kind, column, value."""
    ids = contacts["id"].to_numpy(dtype=object)
    account = contacts["account"].to_numpy(dtype=object)
    key = pd.Index(pd.Series(account).astype(str) + "\x1f" + pd.Series(ids).astype(str))
    rel = contacts["relationship"].to_numpy(dtype=int)
    stance = contacts["stance"].to_numpy(dtype=float, na_value=np.nan)
    as_of = dict(zip(facts.index, facts["as_of"]))
    rows = []
    gaps = analysis.gaps
    for acc, code, people in zip(gaps["account"].tolist(), gaps["code"].tolist(), gaps["contacts"].tolist()):
        if not people:
            continue
        if code in ("uncovered-role", "decision-maker-unreached", "late-technical-engagement", "few-mid-level-allies"):
            target = people[0]
        elif code == "bypassed-gatekeeper":
            target = people[1]
        elif code in ("resistant-key-user", "influential-blocker", "stale-relationship"):
            target = people[0]
        else:
            continue
        p = key.get_loc(f"{acc}\x1f{target}")
        if code == "stale-relationship":
            rows.append((acc, p, "refresh", "last_contact", pd.Timestamp(as_of[acc])))
        elif not np.isnan(stance[p]) and stance[p] <= -1:
            rows.append((acc, p, "neutralise", "stance", 0))
        elif rel[p] < 1:
            rows.append((acc, p, "engage", "relationship", 1))
        elif code == "few-mid-level-allies" and not np.isnan(stance[p]) and stance[p] < 1:
            rows.append((acc, p, "convert", "stance", int(stance[p]) + 1))
    out = pd.DataFrame(rows, columns=["account", "position", "kind", "column", "value"])
    out = out.drop_duplicates(["account", "position", "kind"])
    # gaps come most severe first within each account: keep the suggestions of the most severe ones
    return out[out.groupby("account", sort=False).cumcount() < per_account].reset_index(drop=True)


def first_actions(
    contacts: pd.DataFrame,
    analysis: Analysis,
    facts: pd.DataFrame,
    policy: Policy | None = None,
    costs: Costs | None = None,
    per_account: int = 3,
) -> pd.DataFrame:
    """The best first action of every account (one row per account with a useful one), as ``PLAN_COLUMNS``.

    ``contacts`` are the validated contacts of the batch ``analysis`` ran on (grouped by ``account``, in the
    batch's order); ``facts`` are indexed by account (``stage``, ``technicality``, ``as_of``). Each account
    tries the suggestions of its ``per_account`` most severe actionable gaps (the cost of the pass grows with it).
    """
    policy, costs = policy or Policy(), costs or Costs()
    contacts = contacts.reset_index(drop=True)
    todo = _suggestions(contacts, analysis, facts, per_account)
    empty = pd.DataFrame(columns=["account", *PLAN_COLUMNS])
    if todo.empty:
        return empty
    codes, accounts = pd.factorize(contacts["account"], sort=False)
    size = np.bincount(codes, minlength=len(accounts))
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    code_of = pd.Series(np.arange(len(accounts)), index=accounts)
    acc_code = code_of[todo["account"]].to_numpy()
    sizes = size[acc_code]
    offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    rows = np.repeat(start[acc_code], sizes) + offsets
    big = contacts.iloc[rows].reset_index(drop=True)
    copy = np.repeat(np.arange(len(todo)), sizes)
    big["account"] = copy.astype(object)
    copy_start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    where = copy_start + (todo["position"].to_numpy() - start[acc_code])
    big["stance"] = big["stance"].astype("Int64")
    for column, group in todo.groupby("column"):
        at = where[group.index.to_numpy()]
        if column == "last_contact":
            values = big["last_contact"].to_numpy(copy=True)
            values[at] = pd.to_datetime(group["value"]).to_numpy(dtype="datetime64[ns]")
            big["last_contact"] = values
        else:
            values = big[column].to_numpy(dtype=object, na_value=pd.NA, copy=True)
            values[at] = group["value"].to_numpy(dtype=object)
            big[column] = pd.array(values, dtype="Int64")
            if column == "relationship":
                source = big["relationship_source"].to_numpy(dtype=object, copy=True)
                source[at] = "given"
                big["relationship_source"] = source
    structure = {k: analysis.scores[k].to_numpy(dtype=float)[rows] for k in STRUCTURE}
    copy_facts = facts.loc[todo["account"]].reset_index(drop=True)
    copy_facts.index = pd.Index(range(len(todo)), dtype=object)
    after = analyze_batch(big, None, copy_facts, policy, messages=False, structure=structure)

    before = analysis.coverage
    b_cov = dict(zip(before["account"], before["coverage"].astype(float)))
    b_points = dict(zip(before["account"], before["risk_points"].astype(int)))
    b_risk = dict(zip(before["account"], before["risk"].astype(str)))
    before_items: dict = {}
    for acc, key, code, severity in _gap_items(analysis.gaps, with_account=True):
        before_items.setdefault(acc, []).append((key, code, severity))
    after_items: dict = {}
    for k, key, code, severity in _gap_items(after.gaps, with_account=True):
        after_items.setdefault(k, []).append((key, code, severity))
    a_cov = after.coverage["coverage"].to_numpy(dtype=float)
    a_points = after.coverage["risk_points"].to_numpy(dtype=int)
    a_risk = after.coverage["risk"].astype(str).to_numpy()
    level_cost, kind_cost = dict(costs.level), dict(costs.kind)
    level = contacts["level"].to_numpy(dtype=object, na_value=None)
    stance = contacts["stance"].to_numpy(dtype=float, na_value=np.nan)
    best: dict = {}
    for k, (acc, position, kind) in enumerate(zip(todo["account"], todo["position"], todo["kind"])):
        mine, theirs = before_items.get(acc, []), after_items.get(k, [])
        after_keys, before_keys = {x[0] for x in theirs}, {x[0] for x in mine}
        gone = [(c, sv) for key, c, sv in mine if key not in after_keys]
        new = [(c, sv) for key, c, sv in theirs if key not in before_keys]
        low = sum(sv == "low" for _, sv in gone) - sum(sv == "low" for _, sv in new)
        gain = (
            (a_cov[k] - b_cov[acc])
            + costs.risk_point * (b_points[acc] - a_points[k])
            + costs.risk_level * (RISK_RANK[b_risk[acc]] - RISK_RANK[a_risk[k]])
            + costs.low_gap * low
        )
        if gain <= 1e-9:
            continue
        cost = (
            kind_cost[kind]
            + level_cost.get(level[position], costs.unknown_level)
            + costs.opposed * max(0.0, -float(np.nan_to_num(stance[position], nan=0)))
        )
        ratio = gain / cost
        if acc not in best or ratio > best[acc][0]:
            best[acc] = (ratio, k, kind, position, cost, list(dict.fromkeys(c for c, _ in gone)))
    out = []
    columns, values = todo["column"].to_numpy(dtype=object), todo["value"].to_numpy(dtype=object)
    names, titles, ids = (contacts[c].to_numpy(dtype=object) for c in ("name", "title", "id"))
    for acc, (_ratio, k, kind, position, cost, resolves) in best.items():
        value = values[k]
        change = {columns[k]: value.date().isoformat() if isinstance(value, pd.Timestamp) else int(value)}
        label = f"{names[position]} ({titles[position]})" if titles[position] else str(names[position])
        out.append(
            {
                "account": acc,
                "plan_action": VERBS[kind].format(label),
                "plan_kind": kind,
                "plan_contact": ids[position],
                "plan_change": json.dumps(change),
                "plan_resolves": ";".join(resolves),
                "plan_coverage_after": float(a_cov[k]),
                "plan_risk_after": str(a_risk[k]),
                "plan_cost": round(cost, 2),
            }
        )
    return pd.DataFrame(out, columns=["account", *PLAN_COLUMNS]) if out else empty
