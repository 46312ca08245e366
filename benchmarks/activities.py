"""Benchmark of --activities: 100,000 activity rows read, matched and applied to a 300-person account.

Two logs of 100,000 rows each, written as the CRMs export them:

- Salesforce: 60,000 Task rows, 30,000 Event rows and 10,000 EventRelation rows;
- HubSpot: 100,000 activity rows (calls, emails, meetings, tasks, notes).

Each is timed as ``powermap.load(contacts, read={"activities": ...})`` against the same load without
activities (the baseline), medians of a few runs in this process. The target (issue 27): under 5 s.

Run: ``.venv/bin/python benchmarks/activities.py`` (``--quick`` for a smoke run of 10,000 rows).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

import powermap

AS_OF = "2026-11-15"


def write(path: Path, header: list[str], rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def account(folder: Path, people: int) -> Path:
    rows = [
        [
            f"0035g0000{i:06d}QAM",
            f"Person {i}",
            "Manager" if i % 10 == 0 else "Engineer",
            f"0035g0000{(i // 10) * 10:06d}QAM" if i % 10 else "",
        ]
        for i in range(people)
    ]
    return write(folder / "contacts.csv", ["id", "name", "title", "reports_to"], rows)


def salesforce(folder: Path, n: int, people: int, rng) -> list[Path]:
    start = dt.date(2025, 11, 15)
    day = lambda k: (start + dt.timedelta(days=int(k))).isoformat()  # noqa: E731
    tasks = int(n * 0.6)
    events = int(n * 0.3)
    relations = n - tasks - events
    who = rng.integers(0, people + 20, size=n)  # a few ids of people not in the account
    days = rng.integers(0, 400, size=n)
    t = write(
        folder / "tasks.csv",
        ["Id", "WhoId", "ActivityDate", "Status", "IsClosed", "TaskSubtype", "OwnerId", "Subject"],
        (
            [
                f"00T{k:012d}",
                f"0035g0000{who[k]:06d}QAM",
                day(days[k]),
                "Completed",
                "true" if k % 7 else "false",
                ("Call", "Email", "Task")[k % 3],
                f"00550000{k % 5:07d}",
                "touch",
            ]
            for k in range(tasks)
        ),
    )
    e = write(
        folder / "events.csv",
        ["Id", "WhoId", "StartDateTime", "OwnerId", "EventSubtype", "Subject"],
        (
            [
                f"00U{k:012d}",
                f"0035g0000{who[tasks + k]:06d}QAM",
                day(days[tasks + k]) + "T15:00:00.000Z",
                f"00550000{k % 5:07d}",
                "Event",
                "meeting",
            ]
            for k in range(events)
        ),
    )
    r = write(
        folder / "eventrelations.csv",
        ["EventId", "RelationId", "Status", "IsInvitee"],
        (
            [
                f"00U{k % events:012d}",
                f"0035g0000{who[tasks + events + k]:06d}QAM",
                "Declined" if k % 9 == 0 else "Accepted",
                "true",
            ]
            for k in range(relations)
        ),
    )
    return [t, e, r]


def hubspot(folder: Path, n: int, people: int, rng) -> list[Path]:
    start = dt.datetime(2025, 11, 15, 9, 0)
    who = rng.integers(0, people + 20, size=n)
    days = rng.integers(0, 400, size=n)
    kinds = ("CALL", "EMAIL", "MEETING", "TASK", "NOTE")
    rows = (
        [
            str(k),
            kinds[k % 5],
            (start + dt.timedelta(days=int(days[k]), minutes=k % 600)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            f"Seller {k % 5}",
            f"0035g0000{who[k]:06d}QAM" + (f";0035g0000{who[k - 1]:06d}QAM" if k % 4 == 0 else ""),
            "Connected" if k % 5 == 0 else "",
            "Completed" if k % 5 == 2 else "",
        ]
        for k in range(n)
    )
    header = [
        "Activity ID",
        "Activity type",
        "Activity date",
        "Activity assigned to",
        "Associated Contact IDs",
        "Call outcome",
        "Meeting outcome",
    ]
    return [write(folder / "hubspot.csv", header, rows)]


def median_seconds(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n, repeat, people = (10_000, 1, 300) if args.quick else (100_000, 3, 300)
    rng = np.random.default_rng(27)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        contacts = account(folder, people)
        logs = {
            "Salesforce Task + Event + EventRelation": salesforce(folder, n, people, rng),
            "HubSpot activities": hubspot(folder, n, people, rng),
        }
        base = median_seconds(lambda: powermap.load(contacts, as_of=AS_OF), repeat)
        print(
            f"date {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs"
        )
        print(f"\n| log ({n:,} rows, {people} contacts) | load with --activities | load alone | counted touches |")
        print("|---|---|---|---|")
        for label, files in logs.items():
            pm = powermap.load(contacts, as_of=AS_OF, read={"activities": tuple(files)})
            seconds = median_seconds(
                lambda files=files: powermap.load(contacts, as_of=AS_OF, read={"activities": tuple(files)}), repeat
            )
            print(f"| {label} | {seconds:.2f} s | {base:.2f} s | {int(pm.activity['counts'].sum()):,} |")


if __name__ == "__main__":
    main()
