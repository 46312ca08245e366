"""The cyclic collector is held off while a batch is worked out and restored after, even on an error."""

import contextlib
import gc
import os
import threading

import pytest

from powermap.core.collector import paused_collector


def test_the_collector_is_back_on_after_a_block_and_after_a_nested_one():
    assert gc.isenabled()
    with paused_collector():
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it to the outer one
    assert gc.isenabled()


def test_an_error_in_the_block_still_restores_the_collector():
    with pytest.raises(ValueError):
        with paused_collector():
            raise ValueError("bad row")
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_made_in_the_block_are_young_and_freed_by_the_next_young_collection():
    class Node:
        pass

    with paused_collector():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        assert sum(isinstance(o, Node) for o in gc.get_objects()) == 2  # not freed while held off
    gc.collect(0)  # what the collector, back on, runs at its next allocations: no walk of the older generations
    assert sum(isinstance(o, Node) for o in gc.get_objects()) == 0


@contextlib.contextmanager
def block_open_in_another_thread():
    """A paused_collector block held open by another thread for the duration of the with-block."""
    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with paused_collector():
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    entered.wait(5)
    try:
        yield
    finally:
        release.set()
        thread.join(5)


def test_blocks_open_in_two_threads_leave_the_collector_off_until_both_close():
    with block_open_in_another_thread():
        with paused_collector():
            pass
        assert not gc.isenabled()  # the other thread's block is still open
    assert gc.isenabled()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_forked_while_another_thread_holds_a_block_gets_the_collector_back():
    with block_open_in_another_thread():
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: the other thread is gone, its block will never close
            os.write(write, b"1" if gc.isenabled() else b"0")
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(read, 1) == b"1"
        assert not gc.isenabled()  # the parent's other thread still holds its block
    assert gc.isenabled()
