"""How many deal-killers the plan removes on the sample pipeline, by kind.

A deal-killer makes a deal high risk whatever else is fine, and the plan works on it first (docs/plan.md, "A
deal-killer first"). This plans every account of ``data/samples/pipeline.csv`` (``portfolio.score(plan=N)``),
replays each plan of an account with a deal-killer on its own map (``what_if``, step after step) and counts,
per kind of killer, the accounts that have it before the plan and after its last step, and the accounts still
high risk.

With ``--big N``, it plans instead N synthetic organisations of 300 people in about ten departments at stage 6
(``--stage`` for another; ``powermap.sim.synth.organisation(300, seed)``, seeds 0 to N-1, links included) and, on
those whose decision maker nobody reached (from stage 6 the ``unreached`` deal-killer; at stage 5 due, a high gap
whose advice says to arrange the meeting now), counts the plans that reach the decision maker, the step at which
they do, and the steps that change nothing: no gap resolved, coverage not raised, risk grade not lowered.

Run: ``.venv/bin/python benchmarks/plan_killers.py [--steps 5] [--big 16 [--stage 5]]``. Prints a Markdown table
for docs/plan.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

import powermap
from powermap import portfolio
from powermap.analysis.gaps import KILLERS

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
FACTS = ["account", "account_name", "stage", "technicality", "as_of"]


def account_map(rows: pd.DataFrame) -> powermap.PowerMap:
    """One account's rows of the pipeline as its own map (what ``powermap plan`` reads for it alone)."""
    first = rows.iloc[0]
    return powermap.from_frame(
        rows.drop(columns=FACTS),
        name=first["account_name"],
        stage=first["stage"],
        technicality=first["technicality"],
        as_of=first["as_of"],
    )


def killers_of(pm: powermap.PowerMap) -> set[str]:
    return set(pm.gaps()["deal_killer"].dropna())


RISK = {"low": 0, "medium": 1, "high": 2}


def big_accounts(n: int, steps: int, stage: int = 6) -> None:
    """The plans of the 300-person organisations whose decision maker nobody reached at ``stage``."""
    from powermap.plan.actions import plan_actions
    from powermap.sim.synth import organisation

    unreached = reached = idle = taken = still_high = 0
    at: list[int] = []
    for seed in range(n):
        contacts, links = organisation(300, seed=seed)
        pm = powermap.from_frame(contacts, links, stage=stage, technicality="high", as_of="2026-11-15")
        if not (pm.gaps()["code"] == "decision-maker-unreached").any():
            continue
        unreached += 1
        plan = plan_actions(pm, steps=steps)
        coverage, risk = plan["coverage"], plan["risk"]
        first = None
        for action in plan["actions"]:
            taken += 1
            better = action["coverage_after"] > coverage + 1e-9 or RISK[action["risk_after"]] < RISK[risk]
            idle += not (action["resolves"] or better)
            coverage, risk = action["coverage_after"], action["risk_after"]
            if first is None and "decision-maker-unreached" in action["resolves"]:
                first = action["rank"]
        if first is not None:
            reached += 1
            at.append(first)
        still_high += risk == "high"
    print(f"{unreached} of {n} organisations of 300 people (stage {stage}) have a decision maker nobody reached.\n")
    print(f"| after {steps} steps | organisations or steps |")
    print("|---|---|")
    print(f"| the decision maker reached | {reached} of {unreached} |")
    if at:
        print(f"| at step (median, latest) | {sorted(at)[len(at) // 2]}, {max(at)} |")
    print(f"| still high risk | {still_high} of {unreached} |")
    print(f"| steps that change nothing | {idle} of {taken} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--big", type=int, default=0, help="plan N synthetic 300-person organisations instead")
    parser.add_argument("--stage", type=int, default=6, help="with --big: the organisations' stage")
    args = parser.parse_args(argv)
    if args.big:
        big_accounts(args.big, args.steps, args.stage)
        return
    table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
    result = portfolio.score(table, by="account", contacts_scores=False, plan=args.steps)
    gaps = result.gaps.dropna(subset=["deal_killer"])
    with_killer = sorted(set(gaps["account"]))
    before = {kind: 0 for kind in KILLERS}
    after = {kind: 0 for kind in KILLERS}
    still_high = 0
    for account in with_killer:
        pm = account_map(table[table["account"] == account])
        first = killers_of(pm)
        steps = result.plans[result.plans["account"] == account].sort_values("step")
        for step in steps.itertuples():
            pm = pm.what_if(step.contact, **json.loads(step.change)).after
        left = killers_of(pm)
        for kind in first:
            before[kind] += 1
        for kind in left:
            after[kind] += 1
        still_high += pm.coverage()["risk"] == "high"
    print(f"{len(with_killer)} of {len(result.accounts)} accounts have a deal-killer; after {args.steps} steps")
    print(f"{still_high} are still high risk.\n")
    print(f"| deal-killer | accounts before the plan | after {args.steps} steps |")
    print("|---|---|---|")
    for kind in KILLERS:
        print(f"| `{kind}` | {before[kind]} | {after[kind]} |")


if __name__ == "__main__":
    main()
