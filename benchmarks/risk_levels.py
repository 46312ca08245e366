"""How the risk levels spread over the sample pipeline and the sample history, and how they relate to outcomes.

A risk level that covers most accounts tells a coach nothing. This prints, for
``data/samples/pipeline.csv`` and ``data/samples/history.csv``, the share of
accounts at high, medium and low risk, and for the history the win rate at each
level (``data/samples/history_outcomes.csv``), with the default policy or a
policy file given with ``--policy``.

Run: ``.venv/bin/python benchmarks/risk_levels.py [--policy FILE]``. Prints Markdown tables for docs/analysis.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from powermap import portfolio
from powermap.io.outcomes import read_outcomes
from powermap.policy import load_policy

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
LEVELS = ("high", "medium", "low")


def levels(path: Path, policy) -> pd.DataFrame:
    return portfolio.score_file(path, "account", policy=policy).accounts.set_index("account")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default=None)
    args = parser.parse_args(argv)
    policy = load_policy(args.policy)

    print("| table | accounts | high | medium | low |")
    print("|---|---|---|---|---|")
    tables = {name: levels(SAMPLES / name, policy) for name in ("pipeline.csv", "history.csv")}
    for name, accounts in tables.items():
        share = accounts["risk"].value_counts(normalize=True).reindex(LEVELS, fill_value=0)
        print(f"| `{name}` | {len(accounts):,} | " + " | ".join(f"{share[level]:.0%}" for level in LEVELS) + " |")

    won = read_outcomes(SAMPLES / "history_outcomes.csv", "account")
    history = tables["history.csv"].join(won.rename("won"), how="inner")
    print()
    print("| risk (history) | accounts | won | win rate |")
    print("|---|---|---|---|")
    for level in LEVELS:
        group = history[history["risk"] == level]["won"]
        rate = f"{group.mean():.0%}" if len(group) else "-"
        print(f"| {level} | {len(group)} | {int(group.sum())} | {rate} |")
    print(f"| all | {len(history)} | {int(history['won'].sum())} | {history['won'].mean():.0%} |")


if __name__ == "__main__":
    main()
