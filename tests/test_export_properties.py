"""Property: for any small graph, every export re-imports to an isomorphic graph (or dataset)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from careersnet_graph.export import RDF_WRITERS
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.parsing import parse_rdf_text
from careersnet_graph.rdflib_terms import new_dataset, to_rdflib
from careersnet_graph.store.memory import MemoryStore
from careersnet_graph.store.oxigraph import OxigraphStore

CND = Namespace("https://w3id.org/careersnet-graph/id/")
CNG = Namespace("https://w3id.org/careersnet-graph/ontology#")

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}

local_names = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
iris = st.one_of(
    local_names.map(lambda name: CND[f"org-{name}"]),
    local_names.map(lambda name: URIRef(f"http://example.org/{name}")),
)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\"'\\<>&"), max_size=20
)
literals = st.one_of(
    texts.map(Literal),
    # Lower-case tags, as the strict loader gives them (pyoxigraph normalises "de-AT" to "de-at").
    st.tuples(texts, st.sampled_from(["en", "sl", "de-at"])).map(lambda pair: Literal(pair[0], lang=pair[1])),
    st.integers(min_value=-(10**12), max_value=10**12).map(lambda n: Literal(str(n), datatype=XSD.integer)),
    st.dates().map(lambda day: Literal(day.isoformat(), datatype=XSD.date)),
)
blank_nodes = st.sampled_from(["b0", "b1", "b2"]).map(BNode)
subjects = st.one_of(iris, blank_nodes)
predicates = st.sampled_from([CNG.agent, CNG.target, CNG.country, URIRef("http://example.org/p")])
objects = st.one_of(iris, literals, blank_nodes)
statements = st.lists(st.tuples(subjects, predicates, objects), min_size=1, max_size=12)
graph_names = st.sampled_from([CND["source-one"], CND["source-two"], CND["inference-three"]])


def _knowledge_graph(quads: list[tuple[object, object, object, URIRef]], store: str) -> KnowledgeGraph:
    dataset = new_dataset()
    for subject, predicate, obj, name in quads:
        dataset.graph(name).add((subject, predicate, obj))  # type: ignore[arg-type]
    return KnowledgeGraph.from_rdflib(dataset, MemoryStore() if store == "memory" else OxigraphStore())


def _read_back(format_name: str, data: bytes) -> list[tuple[object, object, object, object]]:
    quads = parse_rdf_text(data.decode("utf-8"), FORMATS[format_name], Path("export")).quads
    return [
        (
            to_rdflib(quad.subject),
            to_rdflib(quad.predicate),
            to_rdflib(quad.object),
            None if isinstance(quad.graph_name, ox.DefaultGraph) else URIRef(quad.graph_name.value),
        )
        for quad in quads
    ]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.tuples(statements, graph_names), min_size=1, max_size=3))
def test_every_export_reimports_isomorphic(
    store: str, parts: list[tuple[list[tuple[object, object, object]], URIRef]]
) -> None:
    quads = [(*statement, name) for statements_of_graph, name in parts for statement in statements_of_graph]
    kg = _knowledge_graph(quads, store)
    original = kg.to_rdflib()
    for format_name, writer in RDF_WRITERS.items():
        data = writer.serialize(kg)
        assert writer.serialize(kg) == data, f"{format_name} is not deterministic"
        read = _read_back(format_name, data)
        if format_name in ("trig", "nquads"):
            for name in kg.graph_names():
                named = Graph()
                for subject, predicate, obj, graph_name in read:
                    if graph_name == URIRef(name.value):
                        named.add((subject, predicate, obj))  # type: ignore[arg-type]
                assert isomorphic(named, original.graph(URIRef(name.value))), (format_name, name)
        else:
            union = Graph()
            for subject, predicate, obj, _ in read:
                union.add((subject, predicate, obj))  # type: ignore[arg-type]
            assert isomorphic(union, kg.union_graph()), format_name
