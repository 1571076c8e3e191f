"""The store contract: every store gives the same answers and the same bytes.

One suite, run against embedded Oxigraph (the reference), Oxigraph on disk, two real servers
started on localhost (the Oxigraph server and OpenLink Virtuoso) and rdflib's in-memory store.
Every library query, the source registry, the summary, every projection, every export and the
whole build must be identical on all of them.

The Oxigraph kinds and the servers hold the whole shipped data. rdflib's engine needs tens of
seconds for some library queries there (it does not reorder joins), so the memory store is held
to the same contract on a sample of the shipped data: every file of CareersNet's own pages,
every twelfth other source, the sector classification, and what those refer to until the
sample conforms to the shapes (`conforming_sample`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from careersnet_graph.build import build
from careersnet_graph.cli import main
from careersnet_graph.export import RDF_WRITERS
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import META_GRAPH
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.provenance import source_registry, sources_of_entity
from careersnet_graph.queries import library
from careersnet_graph.resources import data_dir
from careersnet_graph.sparql.formats import render
from careersnet_graph.stats import summarise
from careersnet_graph.store import open_store
from careersnet_graph.store.memory import MemoryStore
from careersnet_graph.store.oxigraph import OxigraphStore
from careersnet_graph.validate import validate
from tests.servers import Server, oxigraph_server, virtuoso_server

T = TypeVar("T")

STORES = ["memory", "oxigraph-disk", "oxigraph-server", "virtuoso"]
PARAMETERS = {
    "actor": "cnd:org-cedefop",
    "other": "cnd:org-etf",
    "entity": "cnd:org-cedefop",
    "event": "cnd:event-careersnet-annual-meeting-2021",
    "country": "country:SVN",
}


def conforming_sample() -> list[Path]:
    """Shipped files that hold every kind of statement and, together, conform to the shapes."""
    folder = data_dir()
    statements = sorted((folder / "statements").glob("*.ttl"))
    sample = {path for path in statements if "careersnet" in path.name} | set(statements[::12])
    sample |= set((folder / "inferences").glob("*careersnet*.ttl"))
    sample |= {folder / "inferences" / "inference-sector-classification-of-organisations.ttl"}
    sample |= set((folder / "vocabularies").glob("*.ttl"))
    everything = load(store=OxigraphStore())
    files = {file.graph: file.path for file in everything.loaded_files()}
    while True:
        report = validate(load(sorted(sample), shipped=False, store=OxigraphStore()))
        if report.conforms:
            return sorted(sample)
        needed = set()
        for result in report.results:
            focus = ox.NamedNode(result.focus)
            needed |= {files[focus]} if focus in files else set()
            for quad in everything.quads(subject=focus):
                needed |= {files[quad.graph_name]} if isinstance(quad.graph_name, ox.NamedNode) else set()
                if isinstance(quad.object, ox.NamedNode) and quad.object in files:
                    needed.add(files[quad.object])
        assert needed - sample, [result.message for result in report.results]
        sample |= needed


@dataclass
class Pair:
    """A store under test and the embedded Oxigraph store holding the same files."""

    kg: KnowledgeGraph
    reference: KnowledgeGraph


@pytest.fixture(scope="session")
def full_reference() -> KnowledgeGraph:
    """The shipped data in embedded Oxigraph."""
    return load(store=OxigraphStore())


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
def pairs(
    tmp_path_factory: pytest.TempPathFactory, servers: Servers, full_reference: KnowledgeGraph
) -> dict[str, Pair]:
    """Each store with its reference, loaded once."""

    class Loaded(dict[str, Pair]):
        def __missing__(self, kind: str) -> Pair:
            if kind == "memory":
                sample = conforming_sample()
                self[kind] = Pair(
                    load(sample, shipped=False, store=MemoryStore()),
                    load(sample, shipped=False, store=OxigraphStore()),
                )
            elif kind == "oxigraph-disk":
                folder = tmp_path_factory.mktemp("store") / "oxigraph"
                self[kind] = Pair(load(store=OxigraphStore(folder)), full_reference)
            else:
                server = servers[kind]
                remote = open_store(server.spec, environment=server.environment)
                self[kind] = Pair(load(store=remote, replace=True), full_reference)
            return self[kind]

    return Loaded()


@pytest.fixture(scope="session")
def remembered() -> dict[tuple[int, str], Any]:
    """What a reference store answered, kept so that each kind does not ask it again."""
    return {}


def _once(
    remembered: dict[tuple[int, str], Any], reference: KnowledgeGraph, key: str, compute: Callable[[], T]
) -> T:
    slot = (id(reference), key)
    if slot not in remembered:
        remembered[slot] = compute()
    return cast(T, remembered[slot])


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
    pairs: dict[str, Pair], remembered: dict[tuple[int, str], Any], kind: str, name: str
) -> None:
    pair = pairs[kind]
    expected = _once(remembered, pair.reference, name, lambda: _answer_text(pair.reference, name))
    assert expected.strip()
    assert _answer_text(pair.kg, name) == expected


BOUND_OPTIONAL = {
    "countries-cooperating": {"country": PARAMETERS["country"]},
    "cross-sector-cooperation": {"sector": "cnd:sector-education"},
    "event-participants": {"event": PARAMETERS["event"]},
}
"""Optional parameters of the queries with sub-SELECTs, which the binding also opens."""


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize("name", sorted(BOUND_OPTIONAL))
def test_optional_parameters_bound_in_sub_selects_answer_the_same(
    pairs: dict[str, Pair], remembered: dict[tuple[int, str], Any], kind: str, name: str
) -> None:
    pair = pairs[kind]
    params = BOUND_OPTIONAL[name]

    def answer_text(kg: KnowledgeGraph) -> str:
        answer = kg.query(name, params)
        assert answer.rows
        return render(answer, "json", kg.curie)

    expected = _once(remembered, pair.reference, f"{name} bound", lambda: answer_text(pair.reference))
    assert answer_text(pair.kg) == expected


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s a ?type }",
        "DESCRIBE ?actor WHERE { ?actor cng:country ?country }",
        "DESCRIBE cnd:org-cedefop",
    ],
)
def test_graphs_beyond_the_server_row_limit_come_whole(pairs: dict[str, Pair], text: str) -> None:
    """Virtuoso cuts CONSTRUCT and DESCRIBE answers at its row limit (10,000) without a word;
    the remote store builds them from paged rows. A DESCRIBE gives the statements about each
    described resource, as Oxigraph's does on data without blank nodes."""
    pair = pairs["virtuoso"]
    expected = render(pair.reference.query(text), "turtle", pair.kg.curie)
    assert render(pair.kg.query(text), "turtle", pair.kg.curie) == expected
    if "?s ?p ?o" in text:
        assert pair.kg.count() > 10_000
        assert len(pair.kg.query(text).triples or ()) == pair.kg.count()


@pytest.mark.parametrize("kind", STORES)
def test_sources_and_summary_are_the_same(
    pairs: dict[str, Pair], remembered: dict[tuple[int, str], Any], kind: str
) -> None:
    kg, reference = pairs[kind].kg, pairs[kind].reference
    assert source_registry(kg) == _once(remembered, reference, "registry", lambda: source_registry(reference))
    assert sources_of_entity(kg, "cnd:org-cedefop") == sources_of_entity(reference, "cnd:org-cedefop")
    assert summarise(kg) == _once(remembered, reference, "summary", lambda: summarise(reference))
    assert [(file.path, file.graph) for file in kg.loaded_files()] == [
        (file.path, file.graph) for file in reference.loaded_files()
    ]


@pytest.mark.parametrize("kind", STORES)
def test_graph_subjects_are_each_graphs_subjects_once(pairs: dict[str, Pair], kind: str) -> None:
    kg, reference = pairs[kind].kg, pairs[kind].reference
    for graph in (kg, reference):
        found = list(graph.graph_subjects())
        assert len(found) == len(set(found))
        assert set(found) == {(quad.subject, quad.graph_name) for quad in graph.quads()}
        stored = {name for _, name in graph.store.graph_subjects()}
        assert META_GRAPH in stored
        assert stored - {META_GRAPH} == {name for _, name in found}
    assert set(kg.graph_subjects()) == set(reference.graph_subjects())


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize("projection", sorted(PROJECTIONS))
def test_projections_are_the_same(
    pairs: dict[str, Pair], remembered: dict[tuple[int, str], Any], kind: str, projection: str
) -> None:
    kg, reference = pairs[kind].kg, pairs[kind].reference
    expected = _once(
        remembered,
        reference,
        projection,
        lambda: nx.node_link_data(PROJECTIONS[projection](reference), edges="edges"),
    )
    assert expected["nodes"]
    assert nx.node_link_data(PROJECTIONS[projection](kg), edges="edges") == expected


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize("format_name", sorted(RDF_WRITERS))
def test_exports_are_byte_identical(
    pairs: dict[str, Pair], remembered: dict[tuple[int, str], Any], kind: str, format_name: str
) -> None:
    kg, reference = pairs[kind].kg, pairs[kind].reference
    expected = _once(
        remembered, reference, format_name, lambda: RDF_WRITERS[format_name].serialize(reference)
    )
    assert len(expected) > 100_000
    assert RDF_WRITERS[format_name].serialize(kg) == expected


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def reference_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, bytes]]:
    """What `build` wrote from each reference store, by the store's id."""
    return {}


@pytest.mark.slow
@pytest.mark.parametrize("kind", STORES)
def test_build_writes_the_same_bytes_on_every_store(
    *,
    pairs: dict[str, Pair],
    servers: Servers,
    reference_builds: dict[int, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    """The whole build from the command line (the memory store's sample: from the library)."""
    pair = pairs[kind]  # loaded (a remote store is filled, as `careersnet load` would)
    if id(pair.reference) not in reference_builds:
        assert build(pair.reference, tmp_path / "reference").conforms
        reference_builds[id(pair.reference)] = _files(tmp_path / "reference")
    expected = reference_builds[id(pair.reference)]
    assert len(expected) > 20
    out = tmp_path / "out"
    if kind == "memory":
        assert build(pair.kg, out).conforms
        assert _files(out) == expected
        return
    if kind == "oxigraph-disk":
        arguments = ["build", "--store", f"oxigraph:{tmp_path / 'store'}", "--out", str(out)]
    else:
        server = servers[kind]
        for variable, value in server.environment.items():
            monkeypatch.setenv(variable, value)
        arguments = ["build", "--store", server.spec, "--out", str(out)]
    result = CliRunner().invoke(main, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _files(out) == expected
