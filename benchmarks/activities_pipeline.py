"""Benchmark of portfolio --activities: a pipeline of 2,000 accounts with a 100,000-row activity log.

The pipeline is ``powermap.sim.synth.pipeline(2000, 30)`` without its relationship column (the log
decides who is engaged); the log is a HubSpot activity export of 100,000 activities of its contacts
(tests/activities_pipeline.py: meetings of one to three people, calls and emails, some not held, contact
ids that repeat in every account with the company deciding, and the traps). Each run is timed as
``score_file(pipeline, read={"activities": log})`` against the same ``score_file`` without the log (the
baseline), in one process (``--jobs``, default 1), alternating, medians of ``--repeat`` runs.

Run: ``.venv/bin/python benchmarks/activities_pipeline.py`` (``--quick``: 200 accounts, 10,000 rows).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from activities_pipeline import hubspot_log  # noqa: E402

from powermap.portfolio.local import score_file  # noqa: E402
from powermap.sim.synth import pipeline  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    accounts, rows = (200, 10_000) if args.quick else (2000, 100_000)
    with tempfile.TemporaryDirectory() as folder:
        table = pipeline(accounts, 30, seed=7).drop(columns=["relationship"])
        path = Path(folder) / "pipeline.csv"
        table.to_csv(path, index=False)
        log = hubspot_log(table, Path(folder) / "activities.csv", rows, seed=8)
        times: dict[str, list[float]] = {"without": [], "with": []}
        result = None
        for _ in range(args.repeat):
            for name, read in (("without", None), ("with", {"activities": (log,)})):
                start = time.perf_counter()
                result = score_file(path, by="account", read=read, n_jobs=args.jobs)
                times[name].append(time.perf_counter() - start)
        base, with_log = statistics.median(times["without"]), statistics.median(times["with"])
        print(f"load average {os.getloadavg()[0]:.2f}; {len(table):,} contacts in {accounts:,} accounts")
        print(f"portfolio without the log: {base:.2f} s (median of {args.repeat})")
        print(f"portfolio with {rows:,} activities: {with_log:.2f} s; ratio {with_log / base:.2f}")
        if result is not None:
            print(result.notes[0])


if __name__ == "__main__":
    main()
