"""Benchmark of the plan: five steps on one 300-person account, and ``portfolio --plan`` on a pipeline.

Each figure is measured beside a baseline in the same process, so that the ratio means something on a
noisy shared machine:

- 300 people: ``plan_actions(steps=5)`` on a fresh map (nothing cached) against one full analysis of the
  same map (``worded(analyze(deal))``); interleaved runs, medians. Target: under 1 s.
- pipeline: ``portfolio.score(..., plan=True)`` against the plain ``portfolio.score`` on the same accounts
  (synthetic, about 30 people each), one process, interleaved. Target: within 3x the plain time.
- ``--cli``: the same pipeline as a CSV file through the command a user runs, ``powermap portfolio FILE --by
  account -o OUT`` with and without ``--plan`` (default workers: every free core), interleaved; wall time and
  peak memory with the workers'.
- ``--steps N``: also ``portfolio.score(..., plan=N)`` (``--plan-out --plan-steps N``: every account's first N
  steps) against the plain run, one process, interleaved once.
- ``--copies``: where step 1's time goes and what its copies change (the changed maps the planner analyses,
  one per candidate): the copies' analysis against the planner's own work, per account, and how many gap codes
  and how much coverage each copy changes. What a redesign that re-checks only the rules a change touches
  would save.

Run: ``.venv/bin/python benchmarks/plan.py`` (``--quick`` for a smoke run, ``--accounts N`` for a smaller pipeline,
``--cli`` for the command line). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys

from analysis import interleaved  # medians of two callables run alternately (benchmarks/analysis.py)


def one_account(people: int, repeat: int) -> dict:
    import powermap
    from powermap.analysis.run import analyze, worded
    from powermap.plan.actions import plan_actions
    from powermap.sim.synth import organisation

    contacts, links = organisation(people, seed=3)
    pm = powermap.from_frame(contacts, links, stage=4, technicality="high", as_of="2026-11-15")
    frame, link_frame, account = pm.contacts, pm.links, pm.account
    steps: list[int] = []

    def plan() -> None:
        fresh = powermap.PowerMap(frame, link_frame, account)  # no cached analysis
        steps.append(len(plan_actions(fresh, steps=5)["actions"]))

    def analysis() -> None:
        worded(analyze(pm.deal))

    plan()  # warm the imports
    tp, ta = interleaved(plan, analysis, repeat)
    return {"plan": tp, "analysis": ta, "steps": steps[-1]}


def pipeline(accounts: int, people: int, repeat: int, steps: int = 1) -> dict:
    from powermap import portfolio
    from powermap.sim.synth import pipeline as synth_pipeline

    table = synth_pipeline(accounts, people, seed=5)
    found: list[int] = []

    def with_plan() -> None:
        result = portfolio.score(table, by="account", contacts_scores=False, plan=steps)
        found.append(int(result.accounts["plan_kind"].notna().sum()) if steps == 1 else len(result.plans))

    def plain() -> None:
        portfolio.score(table, by="account", contacts_scores=False)

    tp, tb = interleaved(with_plan, plain, repeat)
    return {"plan": tp, "plain": tb, "rows": len(table), "with_action": found[-1]}


# the parts of one analysis (powermap.analysis.run.analyze_made), as --copies names them
PARTS = {
    "contact_scores": "the people's scores",
    "coverage_table": "the coverage",
    "find_gaps": "the gap rules",
    "gap_table": "the gap table",
    "grade": "the risk grade",
}


def copies(accounts: int, people: int) -> dict:
    """Step 1 of ``portfolio.score(..., plan=True)`` with its copies' analysis timed and compared with each map."""
    import time
    from collections import Counter

    import powermap.analysis.run as run
    import powermap.plan.actions as planner
    from powermap import portfolio
    from powermap.sim.synth import pipeline as synth_pipeline

    table = synth_pipeline(accounts, people, seed=5)
    portfolio.score(table.head(2000), by="account", contacts_scores=False, plan=True)  # warm the imports
    analyse = planner.analyse_many
    spent, counting, changed, same_coverage = [0.0], [0.0], Counter(), [0]
    # the parts of a copy's analysis (powermap.analysis.run.analyze_made), timed only while the copies are analysed
    parts = {name: getattr(run, name) for name in PARTS}
    inside, part_spent = [False], Counter()

    def part(name):
        def call(*args, **kwargs):
            if not inside[0]:
                return parts[name](*args, **kwargs)
            start = time.perf_counter()
            try:
                return parts[name](*args, **kwargs)
            finally:
                part_spent[name] += time.perf_counter() - start

        return call

    def timed(work, policy):
        start = time.perf_counter()
        inside[0] = True
        try:
            found = analyse(work, policy)
        finally:
            inside[0] = False
        spent[0] += time.perf_counter() - start
        start = time.perf_counter()  # the counting below is this benchmark's, not the plan's: left out
        for (state, _), numbers in zip(work, found):
            before = Counter((gap[0], gap[1], gap[2]) for gap in state.gap_items)
            cover = float(state.cover["coverage"])
            for coverage, _, _, items, _ in numbers:
                after = Counter((gap[0], gap[1], gap[2]) for gap in items)
                changed[len({key[0][0] for key in (before - after) + (after - before)})] += 1
                same_coverage[0] += abs(coverage - cover) < 1e-9
        counting[0] += time.perf_counter() - start
        return found

    planner.analyse_many = timed
    for name in PARTS:
        setattr(run, name, part(name))
    try:
        start = time.perf_counter()
        portfolio.score(table, by="account", contacts_scores=False, plan=True)
        total = time.perf_counter() - start - counting[0]
    finally:
        planner.analyse_many = analyse
        for name, function in parts.items():
            setattr(run, name, function)
    start = time.perf_counter()
    portfolio.score(table, by="account", contacts_scores=False)
    plain = time.perf_counter() - start
    n = sum(changed.values())
    return {
        "accounts": accounts,
        "copies": n,
        "plain_ms": 1000 * plain / accounts,
        "copies_ms": 1000 * spent[0] / accounts,
        "planner_ms": 1000 * (total - plain - spent[0]) / accounts,
        "parts_ms": {name: 1000 * part_spent[name] / accounts for name in PARTS},
        "codes": sum(k * v for k, v in changed.items()) / n,
        "none": changed[0] / n,
        "same_coverage": same_coverage[0] / n,
    }


def command_line(accounts: int, people: int, repeat: int, steps: int = 0) -> dict:
    """``powermap portfolio`` with and without ``--plan`` on one CSV file, interleaved: medians (with ``steps``,
    also ``--plan-out F --plan-steps N`` in each round)."""
    import statistics
    import tempfile
    from pathlib import Path

    from pipeline import measured, powermap_cli

    from powermap.sim.synth import pipeline as synth_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / f"pipeline-{accounts}.csv"
        synth_pipeline(accounts, people, seed=5).to_csv(path, index=False)
        plain = [*powermap_cli(path, folder / "plain.csv", None), "--as-of", "2026-11-15"]
        planned = [*powermap_cli(path, folder / "plan.csv", None), "--as-of", "2026-11-15", "--plan"]
        more = [*planned, "--plan-out", str(folder / "steps.csv"), "--plan-steps", str(steps)]
        runs: dict[str, list[dict]] = {"plain": [], "plan": [], **({"steps": []} if steps > 1 else {})}
        for _ in range(repeat):
            runs["plan"].append(measured(planned))
            runs["plain"].append(measured(plain))
            if steps > 1:
                runs["steps"].append(measured(more))
    return {
        name: {
            "wall": statistics.median(r["wall_s"] for r in found),
            "peak": max(r["peak_mib"] for r in found),
        }
        for name, found in runs.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test of the script")
    parser.add_argument("--one-account", action="store_true", help="only the 300-person plan (skip the pipeline)")
    parser.add_argument("--accounts", type=int, help="accounts in the pipeline (default 10,000; 300 with --quick)")
    parser.add_argument("--cli", action="store_true", help="only powermap portfolio with and without --plan")
    parser.add_argument("--steps", type=int, default=0, help="also the pipeline's first N steps (--plan-steps N)")
    parser.add_argument(
        "--copies", action="store_true", help="only where step 1's time goes and what its copies change"
    )
    args = parser.parse_args()
    if args.cli:
        cli_main(args)
        return
    if args.copies:
        found = copies(args.accounts or (300 if args.quick else 1_000), 30)
        print(
            f"Measured {dt.date.today().isoformat()} on {platform.machine()}, Python {platform.python_version()}, "
            f"`python benchmarks/plan.py --copies` ({found['accounts']:,} accounts of about 30 people, one process).\n"
        )
        print("| per account | ms |")
        print("|---|---|")
        print(f"| plain `portfolio` | {found['plain_ms']:.2f} |")
        print(
            f"| the plan's step 1: analysing its copies ({found['copies'] / found['accounts']:.1f} per account) "
            f"| {found['copies_ms']:.2f} |"
        )
        for name, ms in found["parts_ms"].items():
            print(f"| of which {PARTS[name]} | {ms:.2f} |")
        rest = found["copies_ms"] - sum(found["parts_ms"].values())
        print(f"| of which the rest: building the copies, reading their gaps | {rest:.2f} |")
        print(f"| the plan's step 1: the planner's own work | {found['planner_ms']:.2f} |")
        print(
            f"\nA copy changes {found['codes']:.2f} gap codes of its map on average; {found['none']:.0%} change none, "
            f"{found['same_coverage']:.0%} leave the coverage as it was."
        )
        return
    repeat, accounts = (1, 300) if args.quick else (7, 10_000)
    accounts = args.accounts or accounts
    one = one_account(300, repeat)
    many = None if args.one_account else pipeline(accounts, 30, 1 if args.quick else 2)
    more = pipeline(accounts, 30, 1, steps=args.steps) if args.steps > 1 and not args.one_account else None
    print(
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, Python {platform.python_version()}, "
        f"`python benchmarks/plan.py`{' --quick' if args.quick else ''}"
        f"{f' --accounts {args.accounts}' if args.accounts else ''}.\n"
    )
    print("| what | powermap | baseline in the same run | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| `plan` of {one['steps']} steps, one account of 300 people (median of {repeat}) | {one['plan']:.2f} s | "
        f"one full analysis of the account: {one['analysis'] * 1000:.0f} ms | {one['plan'] / one['analysis']:.1f}x | "
        f"< 1 s |"
    )
    if many is not None:
        print(
            f"| `portfolio --plan`, {accounts:,} accounts ({many['rows']:,} contacts), 1 process | {many['plan']:.1f} s "
            f"| plain `portfolio`: {many['plain']:.1f} s | {many['plan'] / many['plain']:.2f}x | <= 3x |"
        )
        if more is not None:
            print(
                f"| `portfolio --plan-out F --plan-steps {args.steps}`, {accounts:,} accounts, 1 process "
                f"| {more['plan']:.1f} s | plain `portfolio`: {more['plain']:.1f} s | {more['plan'] / more['plain']:.2f}x "
                f"| - |"
            )
        print(f"\n{many['with_action']:,} of {accounts:,} accounts got a first action.")
        if more is not None:
            print(f"{more['with_action']:,} steps planned in all with `--plan-steps {args.steps}`.")
    sys.stdout.flush()


def cli_main(args: argparse.Namespace) -> None:
    from pipeline import machine

    accounts = args.accounts or (300 if args.quick else 10_000)
    repeat = 1 if args.quick else 3
    found = command_line(accounts, 30, repeat, args.steps)
    plain, plan = found["plain"], found["plan"]
    print(
        f"Measured {dt.date.today().isoformat()} on {machine()}, `python benchmarks/plan.py --cli"
        f"{' --quick' if args.quick else ''}{f' --accounts {args.accounts}' if args.accounts else ''}"
        f"{f' --steps {args.steps}' if args.steps > 1 else ''}` (median of {repeat}, interleaved).\n"
    )
    print("| command, " + f"{accounts:,} accounts of about 30 people (CSV) | wall | peak memory (with workers) |")
    print("|---|---|---|")
    print(f"| `powermap portfolio` | {plain['wall']:.1f} s | {plain['peak']:.0f} MiB |")
    print(
        f"| `powermap portfolio --plan` | {plan['wall']:.1f} s ({plan['wall'] / plain['wall']:.2f}x) "
        f"| {plan['peak']:.0f} MiB |"
    )
    if "steps" in found:
        more = found["steps"]
        print(
            f"| `powermap portfolio --plan-out F --plan-steps {args.steps}` | {more['wall']:.1f} s "
            f"({more['wall'] / plain['wall']:.2f}x) | {more['peak']:.0f} MiB |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
