"""Exports: every format parses in independent tools, re-imports isomorphically, is deterministic."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from careersnet_graph.errors import OutputError
from careersnet_graph.export import RDF_WRITERS, export
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import PREFIXES
from careersnet_graph.parsing import parse_rdf_text
from careersnet_graph.rdflib_terms import to_rdflib
from tests.conftest import REPO
from tests.support import named_graph, quad_count

MINI = REPO / "tests" / "fixtures" / "mini"
OXIGRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RAPPER_FORMATS = {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads", "trig": "trig"}
GRAPH_FORMATS = {"turtle", "ntriples", "jsonld"}


@pytest.fixture(scope="module", params=["mini", "shipped"])
def kg(request: pytest.FixtureRequest) -> KnowledgeGraph:
    if request.param == "mini":
        return load([MINI], shipped=False)
    return load()


RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
}


def _reimport_graphs(format_name: str, data: bytes) -> dict[URIRef | None, Graph]:
    """Named graphs of an export, read back (rdflib's dataset parsers warn of their own
    deprecated API, so the strict parser reads them); the default graph under None."""
    graphs: dict[URIRef | None, Graph] = {}
    for quad in parse_rdf_text(data.decode("utf-8"), OXIGRAPH_FORMATS[format_name], Path("x")).quads:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else URIRef(quad.graph_name.value)
        graphs.setdefault(name, Graph()).add(
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        )
    return graphs


def test_every_format_is_registered() -> None:
    assert set(RDF_WRITERS) == {"turtle", "ntriples", "nquads", "trig", "jsonld"}


@pytest.mark.parametrize("format_name", sorted(OXIGRAPH_FORMATS))
def test_export_parses_in_pyoxigraph_with_the_same_statement_count(
    kg: KnowledgeGraph, format_name: str
) -> None:
    data = RDF_WRITERS[format_name].serialize(kg)
    parsed = list(ox.parse(input=data, format=OXIGRAPH_FORMATS[format_name]))
    if format_name in GRAPH_FORMATS:
        assert len(parsed) == kg.count()
    else:
        assert len(parsed) == quad_count(kg)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("format_name", sorted(RAPPER_FORMATS))
def test_export_parses_in_rapper(kg: KnowledgeGraph, format_name: str, tmp_path: Path) -> None:
    path = export(kg, format_name, tmp_path / f"export.{format_name}")
    completed = subprocess.run(
        ["rapper", "--count", "-i", RAPPER_FORMATS[format_name], str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    expected = kg.count() if format_name in GRAPH_FORMATS else quad_count(kg)
    assert f"returned {expected} " in completed.stderr


@pytest.mark.parametrize("format_name", sorted(GRAPH_FORMATS))
def test_graph_exports_reimport_isomorphic(kg: KnowledgeGraph, format_name: str) -> None:
    data = RDF_WRITERS[format_name].serialize(kg)
    if format_name == "jsonld":
        # rdflib's JSON-LD parser warns about its own deprecated ConjunctiveGraph: use the strict parser.
        reimported = _reimport_graphs(format_name, data)[None]
    else:
        reimported = Graph().parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS[format_name])
    assert isomorphic(reimported, kg.union_graph())


@pytest.mark.parametrize("format_name", ["trig", "nquads"])
def test_dataset_exports_keep_each_source_graph(kg: KnowledgeGraph, format_name: str) -> None:
    reimported = _reimport_graphs(format_name, RDF_WRITERS[format_name].serialize(kg))
    assert set(reimported) == {URIRef(name.value) for name in kg.graph_names()}
    for name in kg.graph_names():
        assert to_isomorphic(reimported[URIRef(name.value)]) == to_isomorphic(named_graph(kg, name)), name


@pytest.mark.parametrize("format_name", sorted(RDF_WRITERS))
def test_exports_are_byte_identical_across_loads(format_name: str) -> None:
    first = RDF_WRITERS[format_name].serialize(load([MINI], shipped=False))
    second = RDF_WRITERS[format_name].serialize(load([MINI], shipped=False))
    assert first == second


def test_turtle_uses_only_conventional_prefixes_it_needs(kg: KnowledgeGraph) -> None:
    text = RDF_WRITERS["turtle"].serialize(kg).decode("utf-8")
    declared = {line.split()[1].rstrip(":") for line in text.splitlines() if line.startswith("PREFIX ")}
    assert declared <= set(PREFIXES)
    for prefix in declared:
        assert f"{prefix}:" in text.split("\n\n", 1)[1], f"prefix {prefix} declared but unused"
    assert "ns1:" not in text


def test_jsonld_carries_a_context(kg: KnowledgeGraph) -> None:
    document = json.loads(RDF_WRITERS["jsonld"].serialize(kg))
    assert document["@context"]["cnd"] == PREFIXES["cnd"]
    assert document["@graph"]


def test_unicode_survives_every_format(tmp_path: Path) -> None:
    kg = load([MINI], shipped=False)
    for format_name in RDF_WRITERS:
        text = export(kg, format_name, tmp_path / f"out.{format_name}").read_text(encoding="utf-8")
        assert "L\u00f6vs\u00e4n" in text or "L\\u00F6vs\\u00E4n" in text, format_name


def test_a_failed_export_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    kg = load([MINI], shipped=False)
    target = tmp_path / "graph.nt"
    target.write_text("previous", encoding="utf-8")
    (tmp_path / "graph.nt.d").mkdir()
    with pytest.raises(OutputError):
        export(kg, "ntriples", tmp_path / "graph.nt.d")
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["graph.nt", "graph.nt.d"]
