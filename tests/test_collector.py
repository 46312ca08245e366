"""The cyclic collector is held off while a batch is worked out and restored after, even on an error."""

import gc

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
