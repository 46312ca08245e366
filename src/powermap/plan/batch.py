"""The first move on every account of a pipeline, for ``portfolio --plan``: ``powermap plan``'s own step 1.

Each account becomes the map ``powermap plan`` would read (its validated rows and facts) with its rows of the
pipeline's analysis, and :func:`powermap.plan.actions.plan_pipeline` plans all of them together: the candidates of
every account are analysed as one batch, then each account takes its best step exactly as ``powermap plan`` does
(same candidates, warm paths, costs and sentence, in the chosen language).
"""

from __future__ import annotations

import json

import pandas as pd

from powermap.analysis.run import Analysis
from powermap.io.validate import Account
from powermap.plan.actions import Costs, plan_pipeline
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


def first_actions(
    contacts: pd.DataFrame,
    analysis: Analysis,
    facts: pd.DataFrame,
    policy: Policy | None = None,
    costs: Costs | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The first step of ``powermap plan`` on every account (one row per account with a useful one), as
    ``PLAN_COLUMNS``.

    ``contacts`` are the validated contacts of the batch ``analysis`` ran on (grouped by ``account``, in the
    batch's order); ``facts`` are indexed by account (``account_name``, ``stage``, ``technicality``, ``as_of``).
    """
    policy = policy or Policy()
    empty = pd.DataFrame(columns=["account", *PLAN_COLUMNS])
    keys, accounts = [], []
    rows = facts.to_dict("index")  # one conversion, not a row cut per account
    for key in dict.fromkeys(contacts["account"]):
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
    plans = plan_pipeline(contacts, analysis, accounts, steps=1, policy=policy, lang=lang, costs=costs)
    out = []
    for key, result in zip(keys, plans):
        if not result["actions"]:
            continue
        first = result["actions"][0]
        out.append(
            {
                "account": key,
                "plan_action": first["action"],
                "plan_kind": first["kind"],
                "plan_contact": first["contact"],
                "plan_change": json.dumps(first["change"], ensure_ascii=False),
                "plan_resolves": ";".join(first["resolves"]),
                "plan_coverage_after": float(first["coverage_after"]),
                "plan_risk_after": str(first["risk_after"]),
                "plan_cost": float(first["cost"]),
            }
        )
    return pd.DataFrame(out, columns=["account", *PLAN_COLUMNS]) if out else empty
