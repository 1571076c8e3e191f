"""The cycle collector is paused for heavy steps and left as it was found, even when they fail."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from careersnet_graph.build import build
from careersnet_graph.collector import cycle_collection_paused
from careersnet_graph.errors import OutputError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_enabled_after() -> None:
    with cycle_collection_paused():
        assert not gc.isenabled()
        with cycle_collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner block must not enable what the outer one paused"
    assert gc.isenabled()


def test_left_disabled_when_found_disabled() -> None:
    gc.disable()
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()


def test_enabled_again_after_an_error() -> None:
    with pytest.raises(RuntimeError), cycle_collection_paused():
        raise RuntimeError("step failed")
    assert gc.isenabled()


def _cycle() -> None:
    """Make one reference cycle and drop it: only the cycle collector can free it."""
    loop: list[object] = []
    loop.append(loop)


def test_a_block_restarts_the_collector_without_collecting() -> None:
    """Regression: every block collected when it ended, a walk of the whole heap each time (at 1M
    statements about 4 s per projection read through `BuildContext`)."""
    gc.collect()
    with cycle_collection_paused():
        _cycle()
    gc.disable()
    assert gc.collect() == 1, "the block collected the cycle it made when it ended"


def test_a_block_asked_to_collect_frees_its_cycles() -> None:
    gc.collect()
    with cycle_collection_paused(collect=True):
        _cycle()
    gc.disable()
    assert gc.collect() == 0


def test_an_inner_block_asked_to_collect_leaves_that_to_the_outer_one() -> None:
    gc.collect()
    with cycle_collection_paused(), cycle_collection_paused(collect=True):
        _cycle()
    assert gc.isenabled()
    gc.disable()
    assert gc.collect() == 1


def test_build_leaves_the_collector_enabled(tmp_path: Path) -> None:
    assert build(load(), tmp_path / "out").conforms
    assert gc.isenabled()


def test_load_makes_no_reference_cycles() -> None:
    """What loading makes is freed by reference counting alone: with the collector off
    throughout, a collection afterwards finds no unreachable cycle."""
    gc.collect()
    gc.disable()
    kg: KnowledgeGraph = load()
    assert kg.count() > 0
    assert gc.collect() == 0, "loading made reference cycles"


def test_the_cycles_a_build_makes_are_freed_when_it_ends(tmp_path: Path) -> None:
    """The build does make some cycles (the report's figures): the block's closing collection
    frees them, so none is left waiting once `build` returns."""
    kg = load()
    gc.collect()
    gc.disable()
    build(kg, tmp_path / "collector off throughout")
    assert gc.collect() > 0, "the report's figures were expected to make cycles (else this shows nothing)"
    gc.enable()
    assert build(kg, tmp_path / "collector found running").conforms
    gc.disable()
    assert gc.collect() == 0, "cycles the build made were left waiting for a collection"


def test_a_failed_build_leaves_the_collector_enabled(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should go")
    with pytest.raises(OutputError):
        build(load(), blocker)
    assert gc.isenabled()
