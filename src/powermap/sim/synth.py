"""Synthetic, seeded customer organisations for tests and benchmarks.

An organisation is a reporting tree (a top executive, executives, mid-level
managers, staff; spans of control drawn around realistic means), departments
under each executive, the six buying roles placed where they sit in real
deals (a decision maker at the top, advisors and the finance controller near
it, technical supporters in IT, key users heading the using department, an
initiator and an inside coach among managers and staff), stances and
relationships that cluster (we know the people around those we know), and a
few influence links across departments.

>>> contacts, links = organisation(50, seed=1)
>>> len(contacts), int(contacts["reports_to"].eq("").sum())
(50, 1)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["organisation", "pipeline", "history_command"]

DEPARTMENTS = [
    "Operations",
    "Finance",
    "IT",
    "Engineering",
    "Sales",
    "Quality",
    "Procurement",
    "HR",
    "Legal",
    "Logistics",
    "Marketing",
    "R&D",
]
TITLES = {"executive": "Vice President", "mid": "Manager", "staff": "Specialist"}
OWNERS = ["Dana Ruiz", "Tom Becker", "Priya Nair", "Omar Haddad"]
COMPETITORS = ["Kestrel Automation", "MedCore Systems", "Northwind Software"]


def organisation(
    n: int, seed: int = 0, *, links_per_person: float = 0.15, prefix: str = "p"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A customer organisation of ``n`` people as raw contacts and links tables (text cells, as a CRM exports)."""
    rng = np.random.default_rng(seed)
    parent = np.full(n, -1)
    level = np.empty(n, dtype=object)
    dept = np.empty(n, dtype=object)
    level[0], dept[0] = "executive", "Executive Office"
    n_exec = int(min(max(1, round(n**0.5 / 2)), n - 1, len(DEPARTMENTS))) if n > 1 else 0
    for i in range(1, 1 + n_exec):
        parent[i], level[i], dept[i] = 0, "executive", DEPARTMENTS[(i - 1) % len(DEPARTMENTS)]
    managers = list(range(1, 1 + n_exec)) or [0]
    next_free = 1 + n_exec
    # breadth-first: each manager takes a span of 3-8 reports until everyone has a place
    queue = list(managers)
    while next_free < n:
        boss = queue.pop(0) if queue else int(rng.integers(0, next_free))
        span = int(rng.integers(3, 9))
        for _ in range(span):
            if next_free >= n:
                break
            parent[next_free] = boss
            dept[next_free] = (
                dept[boss] if dept[boss] != "Executive Office" else DEPARTMENTS[int(rng.integers(0, len(DEPARTMENTS)))]
            )
            level[next_free] = "mid" if level[boss] == "executive" else "staff"
            queue.append(next_free)
            next_free += 1
    has_reports = np.zeros(n, dtype=bool)
    has_reports[parent[parent >= 0]] = True
    level[(level == "staff") & has_reports] = "mid"

    roles: list[list[str]] = [[] for _ in range(n)]
    roles[0].append("decision maker")
    execs = np.flatnonzero(level == "executive")[1:]
    mids = np.flatnonzero(level == "mid")
    staff = np.flatnonzero(level == "staff")

    def pick(pool, k=1):
        pool = np.asarray(pool)
        return [] if len(pool) == 0 else list(rng.choice(pool, size=min(k, len(pool)), replace=False))

    for i in pick(execs, 1 + n // 400):
        roles[i].append("advisor")
    for i in pick(execs, 1):
        roles[i].append("finance")
    it = np.flatnonzero(dept == "IT")
    for i in pick(it if len(it) else mids, 1 + n // 300):
        roles[i].append("technical buyer")
    for i in pick(mids, 1 + n // 200):
        roles[i].append("key user")
    for i in pick(mids if len(mids) and rng.random() < 0.7 else np.concatenate([mids, staff]), 1):
        roles[i].append("champion")
    if rng.random() < 0.8:
        for i in pick(np.concatenate([mids, staff]), 1):
            roles[i].append("coach")
    for i in pick(staff, max(1, n // 100)):
        roles[i].append("gatekeeper" if rng.random() < 0.3 else "influencer")

    base_influence = np.where(level == "executive", 4, np.where(level == "mid", 3, 2))
    influence = np.clip(base_influence + rng.integers(-1, 2, n), 1, 5).astype(object)
    influence[rng.random(n) < 0.1] = ""
    # we know clusters: a few entry points, and people near them
    known = np.zeros(n, dtype=bool)
    known[pick(np.arange(n), max(2, n // 15))] = True
    for _ in range(2):
        near = known | np.isin(np.arange(n), parent[known]) | np.isin(parent, np.flatnonzero(known))
        known |= near & (rng.random(n) < 0.35)
    relationship = np.where(known, rng.integers(1, 4, n), 0)
    stance = np.clip(np.round(rng.normal(0.6, 1.0, n) + 0.3 * relationship), -2, 2).astype(int).astype(object)
    stance[(rng.random(n) < 0.2) & (relationship == 0)] = ""
    owner = np.where(relationship > 0, np.array(OWNERS)[rng.integers(0, 3, n)], "")
    days_ago = rng.integers(1, 120, n)
    last = np.where(
        relationship > 0, (pd.Timestamp("2026-11-15") - pd.to_timedelta(days_ago, "D")).strftime("%Y-%m-%d"), ""
    )
    competitor = np.where(rng.random(n) < 0.03, np.array(COMPETITORS)[rng.integers(0, 3, n)], "")
    ids = np.array([f"{prefix}{i}" for i in range(n)], dtype=object)
    contacts = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Person {prefix}{i}" for i in range(n)],
            "title": [f"{TITLES[level[i]]}, {dept[i]}" if i else "Chief Executive Officer" for i in range(n)],
            "department": dept,
            "level": level,
            "reports_to": np.where(parent >= 0, ids[np.maximum(parent, 0)], ""),
            "roles": [";".join(r) for r in roles],
            "influence": influence,
            "stance": stance,
            "relationship": relationship,
            "owner": owner,
            "last_contact": last,
            "competitor": competitor,
        }
    )
    k = int(n * links_per_person)
    if k and n > 2:
        src, dst = rng.integers(0, n, k), rng.integers(0, n, k)
        keep = src != dst
        kinds = rng.choice(["influences", "trusts", "allies", "rivals"], k, p=[0.5, 0.25, 0.15, 0.1])
        links = pd.DataFrame(
            {
                "source": ids[src[keep]],
                "target": ids[dst[keep]],
                "kind": kinds[keep],
                "weight": np.round(rng.uniform(0.2, 0.9, k)[keep], 2),
            }
        )
        links = links.drop_duplicates(["source", "target"])
    else:
        links = pd.DataFrame(columns=["source", "target", "kind", "weight"])
    return contacts, links


def pipeline(accounts: int, people: int = 50, seed: int = 0, templates: int = 400) -> pd.DataFrame:
    """A pipeline: ``accounts`` organisations of about ``people`` each in one table with an ``account`` column,
    and the account facts as columns (``account_name``, ``stage``, ``technicality``, ``as_of``).

    Organisation charts are drawn from a pool of ``templates`` distinct ones; each account then gets its own
    relationships, stances, owners and facts, so no two accounts read alike. Vectorised: 100,000 accounts
    take seconds.
    """
    rng = np.random.default_rng(seed)
    pool = []
    for k in range(min(templates, accounts)):
        size = max(5, int(rng.normal(people, people / 5)))
        contacts, _ = organisation(size, seed=seed * 1_000_003 + k, prefix="c")
        pool.append(contacts)
    stacked = pd.concat(pool, ignore_index=True)
    sizes = np.array([len(p) for p in pool])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    choice = rng.integers(0, len(pool), accounts)
    lengths = sizes[choice]
    account_of_row = np.repeat(np.arange(accounts), lengths)
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    frame = stacked.iloc[np.repeat(starts[choice], lengths) + offset].reset_index(drop=True)
    n = len(frame)
    # each account's own engagement, driven by how far the team has worked it (its maturity, 0-1,
    # higher in later stages): who we know, how deeply, how they feel, how recently, how many sellers
    stage = rng.integers(1, 9, accounts)
    maturity = np.clip(rng.beta(2.2, 2.0, accounts) + 0.04 * (stage - 4.5), 0, 1)
    m = maturity[account_of_row]
    key_person = (frame["roles"].to_numpy(dtype=object) != "") | (frame["level"].to_numpy(dtype=object) == "executive")
    engaged = rng.random(n) < np.where(key_person, 0.15 + 0.8 * m, 0.05 + 0.5 * m)
    relationship = np.where(engaged, 1 + rng.binomial(2, m), 0)
    stance = np.clip(np.round(rng.normal(-0.1 + 1.4 * m, 0.9) + 0.2 * relationship), -2, 2).astype(int).astype(object)
    stance[(rng.random(n) < 0.35 * (1 - m)) & ~engaged] = ""
    seller_count = 1 + np.round(3 * maturity).astype(int)
    owners = np.array(OWNERS, dtype=object)[rng.integers(0, 4, n) % seller_count[account_of_row]]
    days = rng.integers(1, 1 + (150 - 110 * m).astype(int))
    last = (pd.Timestamp("2026-11-15") - pd.to_timedelta(days, "D")).strftime("%Y-%m-%d").to_numpy(dtype=object)
    frame["relationship"] = relationship
    frame["stance"] = stance
    frame["owner"] = np.where(engaged, owners, "")
    frame["last_contact"] = np.where(engaged, last, "")
    keys = np.array([f"ACC-{a:06d}" for a in range(accounts)], dtype=object)
    technicality = np.array(["low", "medium", "high"], dtype=object)[rng.integers(0, 3, accounts)]
    frame.insert(0, "account", keys[account_of_row])
    frame.insert(
        1, "account_name", np.array([f"Customer {a:06d}" for a in range(accounts)], dtype=object)[account_of_row]
    )
    frame["stage"] = stage[account_of_row]
    frame["technicality"] = technicality[account_of_row]
    frame["as_of"] = "2026-11-15"
    return frame


def history_command(
    prog: str, description: str, closed_deals: Callable, accounts: int, argv: list[str] | None, source: str = ""
) -> None:
    """The command line of a history simulator (``prog CONTACTS OUTCOMES [--accounts N] [--people N] [--seed N]``):
    ``closed_deals(accounts, people, seed=...)`` drawn and written as a contacts table and an outcomes table."""
    import argparse

    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("contacts")
    parser.add_argument("outcomes")
    parser.add_argument("--accounts", type=int, default=accounts)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    deals = closed_deals(args.accounts, args.people, seed=args.seed)
    from powermap.io.sheets import write_table

    write_table(deals.contacts, args.contacts)  # atomic and formula-safe, as every table powermap writes
    write_table(deals.outcomes.assign(won=deals.outcomes["won"].map({1: "won", 0: "lost"})), args.outcomes)
    print(
        f"{args.contacts}: {len(deals.contacts)} contacts of {args.accounts} accounts; {args.outcomes}: "
        f"{int(deals.outcomes['won'].sum())} won, {int((deals.outcomes['won'] == 0).sum())} lost{source}"
    )
