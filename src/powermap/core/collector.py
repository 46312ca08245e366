"""Python's cyclic garbage collector held off while a batch is worked out, and turned back on after it.

A batch (a pipeline's analysis, the copies a plan scores) makes hundreds of thousands of small containers that
live until the batch is done: the raw gaps, the rows of their tables, the tuples the plan matches. The collector
wakes every 700 new containers and, every tenth and hundredth time, walks the older ones again, so on such a
batch it spends a quarter of the time finding nothing to free (``benchmarks/plan.py``). Held off, the few cycles
the batch leaves are all still young when it is turned back on: its next collection of the youngest generation,
a moment later, frees them without walking the older objects of the session.

>>> import gc
>>> with paused_collector():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]

_lock = threading.Lock()
_depth = 0  # paused_collector blocks open now (nested ones leave the collector to the outermost)
_was_enabled = True


@contextmanager
def paused_collector() -> Iterator[None]:
    """Hold the cyclic collector off for the block; the outermost block turns it back on where it was on.
    Reference counting still frees everything that is not in a cycle at once."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
