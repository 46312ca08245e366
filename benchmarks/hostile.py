"""Benchmark of the input hardening: time linear in columns, and the analysis JSON built column by column.

Each figure is a ratio against a baseline measured in the same run, so that it
means something on a noisy shared machine:

- columns: reading and validating a 5-row table with N extra columns, for N
  and 4N; linear time gives a ratio near 4 (the old column-at-a-time join
  gave about 16: 2,000 columns in 4 s, 4,000 in 16 s, 10,000 in 254 s).
- contacts JSON: ``analyze --format json``'s ``contacts`` list for a
  50,000-person map, built column by column (today) against the old
  cell-by-cell build (``DataFrame.at`` for every field of every person),
  which is kept here as the baseline; the two must give the same list.

- exact brokerage of one large account: searched a block of sources at a
  time (today) against the whole people x people block at once (the old
  path, still reachable by giving a budget of ``people ** 2`` cells), peak
  memory by ``tracemalloc``; the two must give the same numbers.

Run: ``.venv/bin/python benchmarks/hostile.py`` (``--quick`` for a smoke run).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import tempfile
import time
from pathlib import Path

import powermap
from powermap.render.text import CONTACT_FIELDS, SCORE_FIELDS, _people, jsonable
from powermap.sim.synth import organisation


def wide_file(folder: Path, columns: int, rows: int = 5) -> Path:
    extra = [f"x{i}" for i in range(columns)]
    lines = [",".join(["id", "name", *extra])]
    lines += [",".join([f"p{r}", f"Person {r}", *(str(r * i) for i in range(columns))]) for r in range(rows)]
    path = folder / f"wide-{columns}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def seconds(action, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _known(value):
    return None if isinstance(value, str) and not value.strip() else value


def people_cell_by_cell(pm, scores_frame):
    """The old build: one ``DataFrame.at`` per field per person, then jsonable over everything."""
    contacts = pm.contacts.set_index("id", drop=False)
    scores = scores_frame.set_index("id")
    people = []
    for person_id in contacts.index:
        # an empty text cell is unknown, null in the JSON like every other unknown (as the test's reference)
        row = {f: _known(contacts.at[person_id, f]) for f in CONTACT_FIELDS}
        row.update({f: scores.at[person_id, f] for f in SCORE_FIELDS})
        people.append(row)
    return jsonable(people)


def exact_brokerage_memory(people: int) -> tuple[str, str, str]:
    """Peak memory of exact betweenness on one account of ``people``: by source blocks vs one whole block."""
    import tracemalloc

    import numpy as np

    from powermap.analysis import metrics
    from powermap.analysis.batch import make_batch

    contacts, links = organisation(people, seed=11)
    pm = powermap.from_frame(contacts, links)
    batch = make_batch(pm.contacts, pm.links)
    peaks, results, times = [], [], []
    for cells in (4_000_000, people * people + 1):
        tracemalloc.start()
        start = time.perf_counter()
        results.append(metrics.betweenness(batch, exact_max_nodes=people, cells=cells))
        times.append(time.perf_counter() - start)
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    assert np.allclose(results[0], results[1]), "both paths must give the same brokerage"
    return (
        f"exact brokerage of {people:,} people: source blocks vs one whole block",
        f"{peaks[0]:,.0f} MiB in {times[0]:.1f} s vs {peaks[1]:,.0f} MiB in {times[1]:.1f} s",
        f"{peaks[1] / peaks[0]:.1f}x less memory",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n_columns = 500 if args.quick else 2_500
    n_people = 5_000 if args.quick else 20_000
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        small, big = wide_file(Path(folder), n_columns), wide_file(Path(folder), 4 * n_columns)
        t_small = seconds(lambda: powermap.load(small))
        t_big = seconds(lambda: powermap.load(big))
        rows.append(
            (
                f"validate 5 rows x {4 * n_columns:,} extra columns vs x {n_columns:,}",
                f"{t_big:.2f} s vs {t_small:.2f} s",
                f"{t_big / t_small:.1f} (linear: 4, quadratic: 16)",
            )
        )

    contacts, links = organisation(n_people, seed=1)
    pm = powermap.from_frame(contacts, links, stage=4, as_of="2026-11-15")
    scores = pm.scores()
    new = _people(pm.contacts, scores)
    old = people_cell_by_cell(pm, scores)
    assert new == old, "the column-by-column build must give the cell-by-cell list"
    t_new = seconds(lambda: _people(pm.contacts, scores))
    t_old = seconds(lambda: people_cell_by_cell(pm, scores), repeat=1)
    rows.append(
        (
            f"contacts JSON of {n_people:,} people: by column vs cell by cell",
            f"{t_new:.2f} s vs {t_old:.2f} s",
            f"{t_old / t_new:.0f}x faster",
        )
    )

    rows.append(exact_brokerage_memory(3_000 if args.quick else 4_000))

    print(
        f"Measured {dt.date.today().isoformat()} on {platform.machine()} "
        f"(Python {platform.python_version()}), {'quick' if args.quick else 'full'} run\n"
    )
    print("| what | time | ratio |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
