"""A pipeline-wide activity log, as HubSpot exports it: one row per activity, its contacts' ids and its company.

Contact ids of the synthetic pipelines (``c0``, ``c1``, ...) repeat in every
account, as ids of per-account exports do: only the company column tells
whose ``c1`` a touch is. :func:`hubspot_log` writes ``n`` activities of the
pipeline's contacts (meetings with one to three of them, calls and emails,
some not held) plus the traps of :data:`TRAPS`.
"""

from pathlib import Path

import numpy as np
import pandas as pd

HEADER = [
    "Activity ID",
    "Activity type",
    "Activity date",
    "Activity assigned to",
    "Associated Contact IDs",
    "Associated Company",
    "Call outcome",
    "Meeting outcome",
    "Subject",
]
TEAM = ["Dana Ruiz", "Tom Becker", "Priya Nair", "Lee Wong"]
# One of each touch that must not reach any contact: (why, contact ids, company)
TRAPS = [
    ("other-account", "c1", "Northwind Traders"),  # a company not in the pipeline
    ("nobody", "", ""),  # no contact attached
    ("ambiguous", "c1", ""),  # every account has a c1: no company to decide
    ("unknown", "c999", "Customer 000000"),  # a person of a pipeline account who is not in its contacts
]


def hubspot_log(pipeline: pd.DataFrame, path: Path, n: int, seed: int = 0, as_of: str = "2026-11-15") -> Path:
    """Write ``n`` activities of ``pipeline``'s contacts (and the traps) as a HubSpot activity export."""
    rng = np.random.default_rng(seed)
    accounts = pipeline.groupby("account", sort=False)
    keys = list(accounts.groups)
    ids = {k: g["id"].tolist() for k, g in accounts}
    names = dict(zip(pipeline["account"], pipeline["account_name"]))
    end = pd.Timestamp(as_of)
    kinds = rng.choice(["MEETING", "CALL", "EMAIL"], size=n, p=[0.4, 0.35, 0.25])
    picks = rng.integers(0, len(keys), size=n)
    days = rng.integers(-5, 150, size=n)  # a few after the map's date: not counted
    rows = []
    for i in range(n):
        key = keys[picks[i]]
        k = kinds[i]
        size = int(rng.integers(1, 4)) if k == "MEETING" else 1
        people = rng.choice(ids[key], size=min(size, len(ids[key])), replace=False)
        held = rng.random() > 0.1
        call = ("Connected" if held else "No answer") if k == "CALL" else ""
        meeting = ("Completed" if held else "Canceled") if k == "MEETING" else ""
        when = (end - pd.Timedelta(days=int(days[i]))).strftime("%Y-%m-%d")
        rows.append(
            [str(10_000 + i), k, when, TEAM[i % len(TEAM)], ";".join(people), names[key], call, meeting, f"a{i}"]
        )
    for j, (_why, people, company) in enumerate(TRAPS):
        rows.append([str(90_000 + j), "CALL", "2026-11-02", TEAM[0], people, company, "Connected", "", "trap"])
    pd.DataFrame(rows, columns=HEADER).to_csv(path, index=False)
    return path


def one_account(pipeline: pd.DataFrame, log: Path, key: str, folder: Path) -> tuple[Path, Path]:
    """One account of the pipeline as its own contacts file, and its activities alone (as a single-account
    export gives them): what ``powermap analyze --activities`` reads."""
    rows = pipeline[pipeline["account"] == key]
    contacts = folder / f"{key}.csv"
    rows.drop(columns=["account", "stage", "technicality", "as_of", "account_name"]).to_csv(contacts, index=False)
    touches = pd.read_csv(log, dtype=str, keep_default_na=False)
    mine = touches[touches["Associated Company"] == rows["account_name"].iloc[0]]
    alone = folder / f"{key}_activities.csv"
    mine.to_csv(alone, index=False)
    return contacts, alone
