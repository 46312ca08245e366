"""Benchmark of the command line's start-up: ``powermap --help``, a usage error and ``import powermap``.

Each command runs as a fresh process, ``--runs`` times, interleaved with the baselines so that load on a
shared machine hits them alike (hyperfine-style: warm-up, then repeated timings, median and spread):

- ``python -c pass``: the interpreter alone, the floor of any command;
- ``python -c "import pandas"``: what every command paid before the package's imports became lazy.

``--src DIR`` times another checkout's ``src`` (e.g. the code before a change) with the same interpreter,
so before and after are measured in one run. Prints a Markdown table for docs/benchmarks.md.

    python benchmarks/startup.py [--runs 15] [--src ../main/src]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "src"

COMMANDS = {
    "`powermap --help`": ["-m", "powermap.cli", "--help"],
    "usage error (`analyze --format xml`)": ["-m", "powermap.cli", "analyze", "x.csv", "--format", "xml"],
    "`import powermap`": ["-c", "import powermap"],
}
BASELINES = {
    "`python -c pass`": ["-c", "pass"],
    '`python -c "import pandas"`': ["-c", "import pandas"],
}


def _time(args: list[str], src: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "100"}
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int, sources: dict[str, Path]) -> dict[str, list[float]]:
    jobs = {name: (args, HERE) for name, args in BASELINES.items()}
    for label, src in sources.items():
        jobs.update({f"{name} ({label})": (args, src) for name, args in COMMANDS.items()})
    for args, src in jobs.values():  # warm-up: the file cache, byte-compiled modules
        _time(args, src)
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, (args, src) in jobs.items():
            times[name].append(_time(args, src))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--src", type=Path, help="another checkout's src folder to time beside this one")
    options = parser.parse_args()
    sources = {"this checkout": HERE}
    if options.src:
        sources = {"before": options.src.resolve(), "after": HERE}
    times = measure(options.runs, sources)
    floor = statistics.median(times["`python -c pass`"])
    print(f"{options.runs} runs each, Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| command | median | spread (min-max) | over the bare interpreter |")
    print("|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"| {name} | {median * 1000:.0f} ms | {min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms | "
            f"+{(median - floor) * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
