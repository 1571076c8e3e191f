"""The store contract: every store gives the same answers and the same bytes.

One suite, run against the rdflib store (the reference), embedded Oxigraph in memory and on
disk, and two real servers started on localhost: the Oxigraph server and OpenLink Virtuoso.
Every library query, the source registry, the summary, every projection, every export and the
whole build must be identical on all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from careersnet_graph.build import build
from careersnet_graph.cli import main
from careersnet_graph.export import RDF_WRITERS
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.provenance import source_registry, sources_of_entity
from careersnet_graph.queries import library
from careersnet_graph.sparql.formats import render
from careersnet_graph.stats import summarise
from careersnet_graph.store import open_store
from careersnet_graph.store.memory import MemoryStore
from careersnet_graph.store.oxigraph import OxigraphStore
from tests.servers import Server, oxigraph_server, virtuoso_server

STORES = ["oxigraph", "oxigraph-disk", "oxigraph-server", "virtuoso"]
PARAMETERS = {
    "actor": "cnd:org-cedefop",
    "other": "cnd:org-etf",
    "entity": "cnd:org-cedefop",
    "event": "cnd:event-careersnet-annual-meeting-2021",
    "country": "country:SVN",
}


@pytest.fixture(scope="session")
def reference() -> KnowledgeGraph:
    """The shipped data in rdflib's in-memory store."""
    return load(store=MemoryStore())


class Servers(dict[str, Server]):
    """The two servers, each started when a test first asks for it and stopped after the suite."""

    def __init__(self, stack: ExitStack, folders: pytest.TempPathFactory) -> None:
        super().__init__()
        self.stack = stack
        self.folders = folders

    def __missing__(self, name: str) -> Server:
        folder = self.folders.mktemp(name)
        server = oxigraph_server(folder) if name == "oxigraph-server" else virtuoso_server(folder)
        self[name] = self.stack.enter_context(server)
        return self[name]


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with ExitStack() as stack:
        yield Servers(stack, tmp_path_factory)


@pytest.fixture(scope="session")
def graphs(tmp_path_factory: pytest.TempPathFactory, servers: Servers) -> dict[str, KnowledgeGraph]:
    """Each store, loaded with the shipped data (once)."""

    class Loaded(dict[str, KnowledgeGraph]):
        def __missing__(self, kind: str) -> KnowledgeGraph:
            if kind == "oxigraph":
                self[kind] = load(store=OxigraphStore())
            elif kind == "oxigraph-disk":
                self[kind] = load(store=OxigraphStore(tmp_path_factory.mktemp("store") / "oxigraph"))
            else:
                server = servers[kind]
                self[kind] = load(store=open_store(server.spec, environment=server.environment), replace=True)
            return self[kind]

    return Loaded()


def _params(name: str) -> dict[str, object]:
    return {
        parameter.name: PARAMETERS[parameter.name]
        for parameter in library()[name].parameters
        if parameter.required
    }


def _answer_text(kg: KnowledgeGraph, name: str) -> str:
    answer = kg.query(name, _params(name))
    return render(answer, "turtle" if answer.returns_graph else "json", kg.curie)


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize("name", sorted(library()))
def test_every_library_query_answers_the_same(
    graphs: dict[str, KnowledgeGraph], reference: KnowledgeGraph, kind: str, name: str
) -> None:
    expected = _answer_text(reference, name)
    assert expected.strip()
    assert _answer_text(graphs[kind], name) == expected


@pytest.mark.parametrize("kind", STORES)
def test_sources_and_summary_are_the_same(
    graphs: dict[str, KnowledgeGraph], reference: KnowledgeGraph, kind: str
) -> None:
    kg = graphs[kind]
    assert source_registry(kg) == source_registry(reference)
    assert sources_of_entity(kg, "cnd:org-cedefop") == sources_of_entity(reference, "cnd:org-cedefop")
    assert summarise(kg) == summarise(reference)
    assert [(file.path, file.graph) for file in kg.loaded_files()] == [
        (file.path, file.graph) for file in reference.loaded_files()
    ]


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize("projection", sorted(PROJECTIONS))
def test_projections_are_the_same(
    graphs: dict[str, KnowledgeGraph], reference: KnowledgeGraph, kind: str, projection: str
) -> None:
    expected = nx.node_link_data(PROJECTIONS[projection](reference), edges="edges")
    assert expected["nodes"]
    assert nx.node_link_data(PROJECTIONS[projection](graphs[kind]), edges="edges") == expected


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize("format_name", sorted(RDF_WRITERS))
def test_exports_are_byte_identical(
    graphs: dict[str, KnowledgeGraph], reference: KnowledgeGraph, kind: str, format_name: str
) -> None:
    expected = RDF_WRITERS[format_name].serialize(reference)
    assert len(expected) > 100_000
    assert RDF_WRITERS[format_name].serialize(graphs[kind]) == expected


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory: pytest.TempPathFactory, reference: KnowledgeGraph) -> Path:
    out = tmp_path_factory.mktemp("reference-build")
    assert build(reference, out).conforms
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
@pytest.mark.parametrize("kind", STORES)
def test_build_writes_the_same_bytes_on_every_store(
    *,
    graphs: dict[str, KnowledgeGraph],
    servers: Servers,
    reference_build: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    graphs[kind]  # loaded (a remote store is filled, as `careersnet load` would)
    if kind in ("oxigraph-server", "virtuoso"):
        server = servers[kind]
        for variable, value in server.environment.items():
            monkeypatch.setenv(variable, value)
        arguments = ["build", "--store", server.spec, "--out", str(tmp_path / "out")]
    elif kind == "oxigraph-disk":
        arguments = ["build", "--store", f"oxigraph:{tmp_path / 'store'}", "--out", str(tmp_path / "out")]
    else:
        arguments = ["build", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    expected = _files(reference_build)
    assert len(expected) > 20
    assert _files(tmp_path / "out") == expected
