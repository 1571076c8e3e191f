"""The time window and the suggestions answer the same on the SPARQL servers as in memory.

The window's SPARQL (IF, COALESCE, STRLEN, string comparisons) and the topics query run on the
Oxigraph server and on Virtuoso, loaded with the fictional time and suggestion fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.projection import organisation_graph
from careersnet_graph.store import open_store
from careersnet_graph.suggest import suggest
from careersnet_graph.temporal import Window, dated_facts, facts_in
from tests.servers import oxigraph_server, virtuoso_server

FIXTURES = [Path(__file__).parent / "analysis" / name for name in ("time", "suggest")]
WINDOWS = [
    Window.as_of("2019-12-31"),
    Window.as_of("2021-01-01"),
    Window("2022-01-01", "2022-12-31"),
    Window(),
]


@pytest.fixture(scope="module")
def reference() -> KnowledgeGraph:
    return load(FIXTURES, shipped=False)


@pytest.fixture(scope="module", params=["oxigraph-server", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KnowledgeGraph]:
    folder = tmp_path_factory.mktemp(request.param)
    server_of = oxigraph_server if request.param == "oxigraph-server" else virtuoso_server
    with server_of(folder) as server:
        store = open_store(server.spec, environment=server.environment)
        yield load(FIXTURES, shipped=False, store=store, replace=True)


def test_periods_and_windows_are_the_same(reference: KnowledgeGraph, remote: KnowledgeGraph) -> None:
    assert dated_facts(remote).periods == dated_facts(reference).periods
    for window in WINDOWS:
        assert facts_in(remote, window) == facts_in(reference, window), window
        expected = organisation_graph(reference, window)
        assert sorted(map(sorted, organisation_graph(remote, window).edges)) == sorted(
            map(sorted, expected.edges)
        )


def test_suggestions_are_the_same(reference: KnowledgeGraph, remote: KnowledgeGraph) -> None:
    window = Window.as_of("2020-12-31")
    assert suggest(remote, window=window, top=0) == suggest(reference, window=window, top=0)
