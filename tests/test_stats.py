"""The summary's statement counts: the data's distinct statements, and with the ontology's."""

from __future__ import annotations

from pathlib import Path

import pytest

from careersnet_graph.loading import load
from careersnet_graph.stats import summarise
from careersnet_graph.store.memory import MemoryStore
from careersnet_graph.store.oxigraph import OxigraphStore

FIXTURE = Path(__file__).parent / "stats"
"""one.ttl: three statements, one of them also in the ontology's graph; two.ttl: two, one of them
in one.ttl too. The data holds four distinct statements."""


@pytest.mark.parametrize("store", [OxigraphStore, MemoryStore], ids=["oxigraph", "memory"])
def test_data_statements_are_the_distinct_statements_of_the_data_files(store: type) -> None:
    ontology_only = load([], shipped=False, store=store()).count()
    summary = summarise(load([FIXTURE], shipped=False, store=store()))
    assert summary.triples == 4
    # the union: the ontology's statements, and the data's but the one the ontology also holds
    assert summary.triples_with_ontology == ontology_only + 3
