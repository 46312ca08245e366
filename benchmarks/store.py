"""Benchmark of the snapshot store: saving a whole pipeline, and diffing one account.

- Baseline, in the same process and run: scoring the pipeline as ``powermap portfolio`` does
  (``powermap.portfolio.local.score`` on the table read from Parquet, two worker processes).
- Saving every account of it as a snapshot in one transaction (``Store.save_portfolio``: validates the
  contacts again to keep every column, writes accounts, snapshots, contacts, gaps and figures) into a new
  SQLite file; target: under 2x the scoring time.
- Diffing one account between two dates in that store (``Store.diff``: reads two snapshots of about 50 people
  and compares them; nothing is recomputed); target: under 50 ms. Median of 30 runs.

Run: ``.venv/bin/python benchmarks/store.py`` (``--accounts 1000`` for a smoke run).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    from powermap import portfolio
    from powermap.io.read import read_account
    from powermap.sim.synth import pipeline
    from powermap.store.db import Store

    folder = Path(tempfile.mkdtemp(prefix="powermap-store-bench-"))
    table = pipeline(args.accounts, args.people, seed=7)
    table["as_of"] = "2026-10-15"
    source = folder / "pipeline.parquet"
    table = table.astype(str)
    table.to_parquet(source, index=False)

    start = time.perf_counter()
    raw = read_account(source).contacts
    result = portfolio.score(raw, "account", n_jobs=args.jobs, contacts_scores=False)
    score_s = time.perf_counter() - start

    store = Store(folder / "pipeline.db")
    start = time.perf_counter()
    saved = store.save_portfolio(result, raw, source_name=source.name)
    save_s = time.perf_counter() - start
    assert len(saved) == len(result.accounts)

    # a second month of one account, changed: three stances move and one person leaves
    first = table["account"].iloc[0]
    later = table[table["account"] == first].copy()
    later["as_of"] = "2026-11-15"
    later.loc[later.index[:3], "stance"] = "2"
    later = later.iloc[:-1]
    month = portfolio.score(later, "account", contacts_scores=False)
    store.save_portfolio(month, later)
    name = month.accounts["account_name"].iloc[0]
    store.diff(name)  # warm
    times = []
    for _ in range(30):
        start = time.perf_counter()
        change = store.diff(name)
        times.append(time.perf_counter() - start)
    diff_ms = statistics.median(times) * 1000
    # for scale, in the same run: analysing that one account from its table, as a diff that recomputed
    # would do twice
    import powermap

    people = table[table["account"] == first].drop(
        columns=["account", "account_name", "stage", "technicality", "as_of"]
    )
    times = []
    for _ in range(30):
        start = time.perf_counter()
        powermap.from_frame(people, name=name, as_of="2026-10-15").analysis()
        times.append(time.perf_counter() - start)
    analyse_ms = statistics.median(times) * 1000
    size_mib = (folder / "pipeline.db").stat().st_size / 2**20
    store.close()
    shutil.rmtree(folder, ignore_errors=True)

    contacts = len(table)
    print(
        f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite file store, `python benchmarks/store.py --accounts {args.accounts}`; "
        f"{args.accounts:,} accounts, {contacts:,} contacts.\n"
    )
    print("| what | wall | vs scoring |")
    print("|---|---|---|")
    print(
        f"| score the pipeline (read Parquet + validate + analyse, {args.jobs} processes) | {score_s:.1f} s | 1.00x |"
    )
    print(
        f"| save every account's snapshot, one transaction ({size_mib:.1f} MiB file) | {save_s:.1f} s | "
        f"{save_s / score_s:.2f}x |"
    )
    print(f"| diff one account between two dates (median of 30) | {diff_ms:.1f} ms | |")
    print(f"| for scale: analyse that account from its table once (median of 30) | {analyse_ms:.1f} ms | |")
    print(
        f"\n(the diff found {len(change.to_dict()['people']['changed'])} field changes and "
        f"{len(change.to_dict()['people']['removed'])} person removed)"
    )


if __name__ == "__main__":
    main()
