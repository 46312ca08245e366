"""Benchmark of reading with export profiles: what the profile layer adds to reading a pipeline.

- The 10,000-account pipeline (about 500,000 contacts, Parquet) read as today
  (``read_account``, the baseline) and read through the profile layer
  (``read_account`` + ``profiles.prepare``, as ``powermap portfolio`` now reads),
  in the same process, alternating, median of the repeats.
- The same rows as a HubSpot-shaped CSV export (Record ID, split names,
  multi-valued Buying Role, US dates, managers by name for one row in ten):
  reading it as text, then through the HubSpot profile.

Run: ``.venv/bin/python benchmarks/crm_read.py`` (``--quick`` for 1,000 accounts).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    accounts = 1_000 if args.quick else 10_000

    import numpy as np
    import pandas as pd

    from powermap.io.profiles import ReadOptions, prepare
    from powermap.io.read import read_account
    from powermap.sim.synth import pipeline

    frame = pipeline(accounts, 50, seed=1).astype(str)
    with tempfile.TemporaryDirectory() as folder:
        parquet = Path(folder) / "pipeline.parquet"
        frame.to_parquet(parquet, index=False)

        base, layered = [], []
        for _ in range(args.repeats):  # alternate, so that drift on a shared machine hits both alike
            base += timed(lambda: read_account(parquet), 1)
            layered += timed(lambda: prepare(read_account(parquet).contacts), 1)
        table, reading, problems = prepare(read_account(parquet).contacts)
        assert not problems and reading.profile == "plain" and len(table.frame) == len(frame)

        names = frame["name"].str.split(" ", n=1, expand=True).fillna("")
        when = pd.to_datetime(frame["last_contact"].replace("", None), errors="coerce")
        by_id = dict(zip(frame["account"] + "\x1f" + frame["id"], frame["name"]))
        managers = (frame["account"] + "\x1f" + frame["reports_to"]).map(by_id).fillna("")
        tenth = np.arange(len(frame)) % 10 == 0
        hubspot = pd.DataFrame(
            {
                "Record ID": frame["account"] + "-" + frame["id"],
                "First Name": names[0],
                "Last Name": names[1],
                "Job Title": frame["title"],
                "Buying Role": frame["roles"]
                .str.replace("technical_supporter", "Influencer")
                .str.replace("decision_maker", "Decision Maker")
                .str.replace("key_user", "End User")
                .str.replace("initiator", "Champion")
                .str.replace("inside_coach", "Other")
                .str.replace("advisor", "Influencer")
                .str.replace("_", " "),
                "Last Activity Date": when.dt.strftime("%-m/%-d/%Y").fillna(""),
                "Contact owner": frame["owner"],
                "Reports To": np.where(
                    tenth,
                    managers,
                    np.where(frame["reports_to"] != "", frame["account"] + "-" + frame["reports_to"], ""),
                ),
                "Company Name": frame["account"],
            }
        )
        csv_path = Path(folder) / "hubspot.csv"
        hubspot.to_csv(csv_path, index=False)
        text_read = timed(lambda: read_account(csv_path), args.repeats)
        options = ReadOptions(profile="hubspot", lenient=True)
        profile_read = timed(lambda: prepare(read_account(csv_path).contacts, options), args.repeats)

    b, layered_s = statistics.median(base), statistics.median(layered)
    t, p = statistics.median(text_read), statistics.median(profile_read)
    print(
        f"Measured {dt.date.today().isoformat()} on this machine, Python {sys.version.split()[0]}, "
        f"`python benchmarks/crm_read.py`{' --quick' if args.quick else ''}; median of {args.repeats}.\n"
    )
    print("| what | read as text (baseline, same run) | through the profile layer | ratio |")
    print("|---|---|---|---|")
    print(
        f"| pipeline of {accounts:,} accounts ({len(frame):,} contacts, Parquet, plain profile) | {b:.2f} s | "
        f"{layered_s:.2f} s | {layered_s / b:.2f}x |"
    )
    print(
        f"| the same rows as a HubSpot export (CSV, US dates, split names, managers by name on 1 row in 10) | "
        f"{t:.2f} s | {p:.2f} s | {p / t:.2f}x |"
    )


if __name__ == "__main__":
    main()
