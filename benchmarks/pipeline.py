"""Benchmark of pipeline scoring: many accounts of about 50 people, from a Parquet file.

- The local engine (``powermap.portfolio.local.score`` with two worker processes, as
  ``powermap portfolio`` runs it): full analysis, all scores, coverage and
  gaps; wall time and peak memory (the process's own high-water mark plus
  its largest worker's: an upper bound, as forked workers share pages).
- The naive way, measured in the same run on the same accounts: pandas
  groupby, one networkx graph per account, networkx PageRank (PageRank only).
- The Spark engine on a local two-core session (when PySpark is installed).
- How time grows with the number of accounts.
- ``--stream``: the file scored in chunks of whole accounts (``portfolio.score_file``, as
  ``powermap portfolio`` runs it) against the same file read whole and scored (``read_account`` +
  ``score``, how ``portfolio`` ran before), on 100,000 accounts: wall time and peak memory (VmHWM of
  the child process plus its largest worker's). ``--million`` adds 1,000,000 generated accounts,
  streamed only (the file is written in pieces, so the benchmark itself never holds it).

Run: ``.venv/bin/python benchmarks/pipeline.py`` (``--quick`` for a smoke run).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PYTHON = sys.executable

ENGINE = r"""
import json, resource, sys, time
from powermap import portfolio
from powermap.io.read import read_account
start = time.perf_counter()
raw = read_account(sys.argv[1]).contacts
read = time.perf_counter() - start
result = portfolio.score(raw, "account", n_jobs=int(sys.argv[2]), contacts_scores=False)
total = time.perf_counter() - start
# VmHWM is this process's own peak (ru_maxrss would carry the launching process's peak across exec);
# forked workers share the parent's pages, so adding the largest worker's peak is an upper bound
own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"accounts": len(result.accounts), "skipped": len(result.skipped), "read_s": read, "total_s": total,
                  "peak_mib": (own + workers) / 1024}))
"""

STREAM = r"""
import json, resource, sys, time
from powermap import portfolio
start = time.perf_counter()
result = portfolio.score_file(sys.argv[1], "account", n_jobs=int(sys.argv[2]), contacts_scores=False)
total = time.perf_counter() - start
own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"accounts": len(result.accounts), "skipped": len(result.skipped), "total_s": total,
                  "peak_mib": (own + workers) / 1024, "own_mib": own / 1024, "worker_mib": workers / 1024,
                  "notes": result.notes}))
"""

WRITE_PIECES = r"""
import sys
import pyarrow as pa, pyarrow.parquet as pq
from powermap.sim.synth import pipeline
path, accounts, piece = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
writer = None
for i, start in enumerate(range(0, accounts, piece)):
    frame = pipeline(min(piece, accounts - start), 50, seed=1 + i).astype(str)
    frame["account"] = f"P{i:04d}-" + frame["account"]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    writer = writer or pq.ParquetWriter(path, table.schema)
    writer.write_table(table)
writer.close()
"""

NAIVE = r"""
import json, sys, time
import networkx as nx, pandas as pd
frame = pd.read_parquet(sys.argv[1])
start = time.perf_counter()
scores = {}
for account, people in frame.groupby("account", sort=False):
    G = nx.DiGraph()
    G.add_nodes_from(people["id"])
    managed = people[people["reports_to"] != ""]
    G.add_edges_from(zip(managed["id"], managed["reports_to"]), weight=1.0)
    G.add_edges_from(zip(managed["reports_to"], managed["id"]), weight=0.5)
    scores[account] = nx.pagerank(G, weight="weight")
print(json.dumps({"accounts": len(scores), "total_s": time.perf_counter() - start}))
"""


SPARK = r"""
import json, sys, time
from powermap.portfolio import spark as engine
session = engine.session("local[2]", shuffle_partitions=4)
start = time.perf_counter()
accounts = engine.score(session.read.parquet(sys.argv[1]), by="account").toPandas()
total = time.perf_counter() - start
print(json.dumps({"accounts": int(accounts["skipped_reason"].isna().sum()), "total_s": total}))
"""


def write_pipeline(accounts: int, folder: Path) -> Path:
    from powermap.sim.synth import pipeline

    path = folder / f"pipeline-{accounts}.parquet"
    pipeline(accounts, 50, seed=1).astype(str).to_parquet(path, index=False)
    return path


def run(script: str, *args: str) -> dict:
    done = subprocess.run([PYTHON, "-c", script, *map(str, args)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def write_pieces(accounts: int, folder: Path, piece: int = 50_000) -> Path:
    """A grouped pipeline file of ``accounts`` accounts, written piece by piece in a child process."""
    path = folder / f"pipeline-{accounts}-pieces.parquet"
    subprocess.run([PYTHON, "-c", WRITE_PIECES, str(path), str(accounts), str(piece)], check=True)
    return path


def streaming(sizes: list[int], million: bool, whole_up_to: int) -> None:
    """Chunked against whole reading on each size up to ``whole_up_to`` accounts (the whole read of 100,000
    accounts needs 6.5 GiB: on a shared machine it is measured at a smaller size), chunked only above."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        for size in sizes:
            path = write_pieces(size, folder)
            whole = run(ENGINE, path, 2) if size <= whole_up_to else None
            streamed = run(STREAM, path, 2)
            rows.append((size, whole, streamed))
            path.unlink()
        big = None
        if million:
            path = write_pieces(1_000_000, folder)
            big = run(STREAM, path, 2)
    print(
        f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"`python benchmarks/pipeline.py --stream{' --million' if million else ''}`; accounts of about 50 "
        "people, a Parquet file grouped by account, 2 worker processes, peak memory = the process's VmHWM plus "
        "its largest worker's.\n"
    )
    print("| accounts | how | wall | per 1,000 accounts | peak memory |")
    print("|---|---|---|---|---|")
    for size, whole, streamed in rows:
        for how, r in (("read whole, then scored (before)", whole), ("read and scored in chunks (now)", streamed)):
            if r is None:
                continue
            print(
                f"| {size:,} | {how} | {r['total_s']:.1f} s | {r['total_s'] / size * 1000:.2f} s | "
                f"{r['peak_mib'] / 1024:.2f} GiB |"
            )
    if big:
        print(
            f"| 1,000,000 | read and scored in chunks | {big['total_s']:.0f} s | "
            f"{big['total_s'] / 1000:.2f} s | {big['peak_mib'] / 1024:.2f} GiB |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--spark-only", action="store_true", help="only the Spark engine, on the main size")
    parser.add_argument("--stream", action="store_true", help="chunked reading against reading whole (memory)")
    parser.add_argument("--million", action="store_true", help="with --stream: also 1,000,000 accounts")
    parser.add_argument("--sizes", type=int, nargs="+", help="with --stream: these sizes instead")
    args = parser.parse_args()
    if args.stream:
        sizes = args.sizes or ([3_000] if args.quick else [20_000, 100_000])
        streaming(sizes, args.million, 20_000)
        return
    sizes = [300, 1_000, 3_000] if args.quick else [1_000, 3_000, 10_000, 30_000, 100_000]
    main_size = 3_000 if args.quick else 10_000
    if args.spark_only:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(SPARK, write_pipeline(main_size, Path(tmp)))
        print(
            f"Spark engine, local[2], {main_size:,} accounts: {result['total_s']:.1f} s "
            f"({main_size / result['total_s']:,.0f} accounts/s)"
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {n: write_pipeline(n, folder) for n in sizes}
        engine = {n: run(ENGINE, files[n], 2) for n in sizes}
        single = run(ENGINE, files[main_size], 1)
        naive = run(NAIVE, files[main_size])
        try:
            import pyspark  # noqa: F401

            spark = run(SPARK, files[main_size])
        except ImportError:
            spark = None
    print(
        f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"`python benchmarks/pipeline.py`{' --quick' if args.quick else ''}; accounts of about 50 people.\n"
    )
    e, n = engine[main_size], naive
    print("| what | wall | peak memory | accounts/s |")
    print("|---|---|---|---|")
    print(
        f"| powermap, full analysis of {main_size:,} accounts, 2 processes (read + validate + score) | "
        f"{e['total_s']:.1f} s | {e['peak_mib'] / 1024:.2f} GiB | {main_size / e['total_s']:,.0f} |"
    )
    print(
        f"| same, 1 process | {single['total_s']:.1f} s | {single['peak_mib'] / 1024:.2f} GiB | "
        f"{main_size / single['total_s']:,.0f} |"
    )
    if spark:
        print(
            f"| Spark engine, local[2] (JVM already started; read, repartition, score, collect) | "
            f"{spark['total_s']:.1f} s | | {main_size / spark['total_s']:,.0f} |"
        )
    print(
        f"| naive: pandas groupby + networkx graph + PageRank only, same accounts, 1 process | {n['total_s']:.1f} s "
        f"| | {main_size / n['total_s']:,.0f} |"
    )
    print(
        f"\npowermap's full analysis takes {e['total_s'] / n['total_s']:.2f}x the time of the naive PageRank alone.\n"
    )
    print("| accounts | wall | per 1,000 accounts | peak memory |")
    print("|---|---|---|---|")
    for size in sizes:
        r = engine[size]
        print(
            f"| {size:,} | {r['total_s']:.1f} s | {r['total_s'] / size * 1000:.2f} s | {r['peak_mib'] / 1024:.2f} GiB |"
        )


if __name__ == "__main__":
    main()
