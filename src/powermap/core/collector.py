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
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]

_lock = threading.Lock()
_open: dict[int, int] = {}  # per thread, how many paused_collector blocks it has open now
_was_enabled = True


@contextmanager
def paused_collector() -> Iterator[None]:
    """Hold the cyclic collector off for the block; the last block open in any thread turns it back on where it
    was on. Reference counting still frees everything that is not in a cycle at once."""
    global _was_enabled
    me = threading.get_ident()
    with _lock:
        if not _open:
            _was_enabled = gc.isenabled()
            gc.disable()
        _open[me] = _open.get(me, 0) + 1
    try:
        yield
    finally:
        with _lock:
            _open[me] -= 1
            if not _open[me]:
                del _open[me]
            if not _open and _was_enabled:
                gc.enable()


def _after_fork_in_child() -> None:
    """A process forked while another thread held a block open: only the forking thread lives on in the child, so
    only its blocks will close; without the others' the collector comes back as it was. The lock is new too: a
    thread gone with the fork may have held it."""
    global _lock
    _lock = threading.Lock()
    me = threading.get_ident()
    for thread in [t for t in _open if t != me]:
        del _open[thread]
    if not _open and _was_enabled:
        gc.enable()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
