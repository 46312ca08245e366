"""The plan of every account of a pipeline, for ``portfolio --plan``: ``powermap plan``'s own steps.

Each account becomes the map ``powermap plan`` would read (its validated rows and facts) with its rows of the
pipeline's analysis, and :func:`powermap.plan.actions.plan_pipeline` plans all of them together: the candidates of
every account are analysed as one batch, then each account takes its best step exactly as ``powermap plan`` does
(same candidates, warm paths, costs and sentence, in the chosen language), step after step.

:func:`plan_steps` gives the steps as a tidy table (one row per account and step); :func:`first_actions` reads
step 1 out of it as the accounts table's ``plan_*`` columns.
"""

from __future__ import annotations

import json

import pandas as pd

from powermap.analysis.batch import grouped
from powermap.analysis.run import Analysis
from powermap.io.validate import Account
from powermap.plan.actions import ACTION_FIELDS, Costs, plan_pipeline
from powermap.policy import Policy

__all__ = ["plan_steps", "first_actions", "STEP_COLUMNS", "PLAN_COLUMNS"]

# one row per step of an account's plan (``portfolio --plan-out``): the fields of ``powermap plan --format json``
# that a table can hold (``rank`` named ``step``; no ``changes``), lists joined with ';' and the change as JSON
STEP_COLUMNS = ["step" if field == "rank" else field for field in ACTION_FIELDS if field != "changes"]
# step 1 on the accounts table: these columns of STEP_COLUMNS, each with the prefix ``plan_``
FIRST = ["action", "kind", "contact", "change", "resolves", "coverage_after", "risk_after", "cost"]
PLAN_COLUMNS = [f"plan_{name}" for name in FIRST]


def plan_steps(
    contacts: pd.DataFrame,
    analysis: Analysis,
    facts: pd.DataFrame,
    policy: Policy | None = None,
    costs: Costs | None = None,
    lang: str = "en",
    steps: int = 1,
) -> pd.DataFrame:
    """The first ``steps`` steps of ``powermap plan`` on every account, one row per account and step
    (``account`` and :data:`STEP_COLUMNS`; an account no step helps has no row).

    ``contacts`` are the validated contacts of the batch ``analysis`` ran on (with an ``account`` column; an
    account's rows need not be together: they are read in the batch's order); ``facts`` are indexed by account
    (``account_name``, ``stage``, ``technicality``, ``as_of``).
    """
    if steps < 1:
        raise ValueError(f"steps: expected 1 or more, got {steps}")
    policy = policy or Policy()
    contacts = grouped(contacts)[0]  # the order of the analysis's rows (a scattered file's chunk is not grouped)
    keys, accounts = [], []
    rows = facts.to_dict("index")  # one conversion, not a row cut per account
    for key in pd.unique(contacts["account"].to_numpy(dtype=object)):
        row = rows[key]
        stage = row["stage"]
        account = Account(
            name=str(row.get("account_name", key) or key),
            stage=None if pd.isna(stage) else int(stage),
            technicality=str(row["technicality"]),
            as_of=pd.Timestamp(row["as_of"]).date(),
        )
        keys.append(key)
        accounts.append(account)
    plans = plan_pipeline(contacts, analysis, accounts, steps=steps, policy=policy, lang=lang, costs=costs)
    out = [
        {
            "account": key,
            "step": int(action["rank"]),
            "action": action["action"],
            "kind": action["kind"],
            "contact": action["contact"],
            "change": json.dumps(action["change"], ensure_ascii=False),
            "via": ";".join(action["via"]),
            "member": action["member"],
            "resolves": ";".join(action["resolves"]),
            "opens": ";".join(action["opens"]),
            "severity": action["severity"],
            "coverage_after": float(action["coverage_after"]),
            "risk_after": str(action["risk_after"]),
            "cost": float(action["cost"]),
        }
        for key, result in zip(keys, plans)
        for action in result["actions"]
    ]
    columns = ["account", *STEP_COLUMNS]
    table = pd.DataFrame(out, columns=columns) if out else pd.DataFrame(columns=columns)
    return table.astype({"step": "int64", "coverage_after": "float64", "cost": "float64"})


def first_actions(steps: pd.DataFrame) -> pd.DataFrame:
    """Step 1 of each account of a :func:`plan_steps` table, as ``account`` and :data:`PLAN_COLUMNS`."""
    first = steps.loc[steps["step"] == 1, ["account", *FIRST]]
    return first.rename(columns={name: f"plan_{name}" for name in FIRST}).reset_index(drop=True)
