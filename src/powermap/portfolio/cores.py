"""How many worker processes a run should start: the cores other programs leave free.

The 1-minute load average is a slow, smoothed figure: a run started right after another (a script scoring
files one after the other, a benchmark) sees the previous run's load and would start one worker on an idle
machine. :class:`CoreMeter` measures instead what other programs use while this run reads its first chunk:
the busy time of this process's cores (Linux ``/proc/stat``) less this process's own CPU time, over the same
wall time. Where that cannot be read, or the window is too short to say, the load average decides.

>>> free_cores(load=0.2, cores=8), free_cores(load=5.3, cores=2), free_cores(load=1.6, cores=4)
(8, 1, 2)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["free_cores", "CoreMeter", "CpuSample"]

MIN_WINDOW_S = 0.05  # shorter than a few clock ticks of /proc/stat: too coarse to tell


class CpuSample(NamedTuple):
    """A moment's counters: wall clock, busy seconds of this process's cores, this process's CPU seconds."""

    wall: float
    busy: float
    own: float


def _cores() -> list[int]:
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


def free_cores(load: float | None = None, cores: int | None = None) -> int:
    """The cores not already busy: this process's cores less ``load`` (the 1-minute load average by default),
    rounded, at least 1.

    ``n_jobs=-1`` (the command line's default) starts this many workers: on a machine whose cores other
    programs keep busy, more workers than free cores only queue behind them and pay for the hand-over.

    >>> free_cores(load=0.0, cores=2), free_cores(load=1.7, cores=2)
    (2, 1)
    """
    if cores is None:
        cores = len(_cores())
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (OSError, AttributeError):  # no load average on this system: every core counts as free
            load = 0.0
    return max(1, min(cores, int(cores - load + 0.5)))


def cpu_sample(cpus: list[int] | None = None) -> CpuSample | None:
    """The counters now, or None where ``/proc/stat`` cannot be read (not Linux)."""
    wanted = {f"cpu{n}" for n in (cpus if cpus is not None else _cores())}
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            lines = [line.split() for line in stat if line.startswith("cpu")]
        tick = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return None
    busy = 0
    found = 0
    for fields in lines:
        if fields[0] in wanted:
            found += 1
            ticks = [int(x) for x in fields[1:9]]
            busy += ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]  # all but idle and iowait
    if not found:
        return None
    return CpuSample(time.monotonic(), busy / tick, time.process_time())


class CoreMeter:
    """Measures, from its creation to :meth:`free`, how many cores other programs leave free.

    >>> samples = iter([CpuSample(0.0, 10.0, 1.0), CpuSample(0.5, 11.0, 1.5)])
    >>> CoreMeter(sample=lambda: next(samples), cores=2).free()  # 0.5 s of others' work in 0.5 s: one core busy
    1
    """

    def __init__(self, sample: Callable[[], CpuSample | None] | None = None, cores: int | None = None):
        cpus = _cores()
        self.cores = cores if cores is not None else len(cpus)
        self._sample = sample if sample is not None else (lambda: cpu_sample(cpus))
        self._start = self._sample()

    def busy_elsewhere(self) -> float | None:
        """Cores' worth of other programs' work since the meter was made, or None when it cannot be told."""
        end = self._sample()
        start = self._start
        if start is None or end is None or end.wall - start.wall < MIN_WINDOW_S:
            return None
        others = (end.busy - start.busy) - (end.own - start.own)
        return max(0.0, others / (end.wall - start.wall))

    def free(self) -> int:
        """The free cores, at least 1: measured where it can be, else from the load average."""
        busy = self.busy_elsewhere()
        return free_cores(load=busy, cores=self.cores)
