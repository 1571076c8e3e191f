"""RDF exports: one small writer per format, each deterministic, behind one registry.

Turtle, N-Triples and JSON-LD carry the union graph; TriG and N-Quads keep one named graph per
source, so provenance survives. The same input always gives byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from careersnet_graph.atomic import atomic_write_bytes
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import PREFIXES, RDF
from careersnet_graph.rdfconvert import to_oxigraph_quad


@dataclass(frozen=True)
class RdfWriter:
    """A serialisation format: its name, file suffix, media type and how to write it."""

    name: str
    suffix: str
    media_type: str
    serialize: Callable[[KnowledgeGraph], bytes]


def used_prefixes(terms: Iterable[Node]) -> dict[str, str]:
    """The project prefixes whose namespace starts at least one of the IRIs in `terms`."""
    iris = {str(term) for term in terms if isinstance(term, URIRef)}
    used: dict[str, str] = {}
    for prefix, namespace in sorted(PREFIXES.items()):
        if any(iri.startswith(namespace) for iri in iris):
            used[prefix] = namespace
    return used


def _sorted_quads(kg: KnowledgeGraph) -> list[ox.Quad]:
    quads = [
        to_oxigraph_quad(subject, predicate, obj, name)
        for name in kg.graph_names()
        for subject, predicate, obj in kg.named_graph(name)
    ]
    return sorted(quads, key=str)


def _sorted_triples(graph: Graph) -> list[ox.Quad]:
    return sorted((to_oxigraph_quad(s, p, o) for s, p, o in graph), key=str)


def _serialize(
    statements: list[ox.Quad], rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    output = ox.serialize(statements, format=rdf_format, prefixes=prefixes)
    assert output is not None, "pyoxigraph returns bytes when given no output"
    return bytes(output)


def _all_terms(graph: Graph) -> Iterable[Node]:
    for triple in graph:
        yield from triple


def serialize_turtle(kg: KnowledgeGraph) -> bytes:
    """Canonical long-form Turtle of the union graph (see `graph_to_turtle`)."""
    return graph_to_turtle(kg.union)


def graph_to_turtle(graph: Graph) -> bytes:
    """Canonical long-form Turtle (rdflib `longturtle`, `canon=True`) with only the prefixes it uses."""
    text = graph.serialize(format="longturtle", canon=True)
    return text.rstrip("\n").encode("utf-8") + b"\n"


def serialize_ntriples(kg: KnowledgeGraph) -> bytes:
    """Canonical N-Triples of the union graph (see `graph_to_ntriples`)."""
    return graph_to_ntriples(kg.union)


def graph_to_ntriples(graph: Graph) -> bytes:
    """Canonical N-Triples, one statement a line, sorted."""
    return _serialize(_sorted_triples(graph), ox.RdfFormat.N_TRIPLES)


def serialize_nquads(kg: KnowledgeGraph) -> bytes:
    """N-Quads, sorted; the fourth term names the source of each statement."""
    return _serialize(_sorted_quads(kg), ox.RdfFormat.N_QUADS)


def serialize_trig(kg: KnowledgeGraph) -> bytes:
    """TriG with one named graph per source, the ontology and each inference."""
    quads = _sorted_quads(kg)
    prefixes = used_prefixes(_all_terms(kg.union)) | used_prefixes(kg.graph_names())
    return _serialize(quads, ox.RdfFormat.TRIG, prefixes)


def serialize_jsonld(kg: KnowledgeGraph) -> bytes:
    """JSON-LD of the union graph (see `graph_to_jsonld`)."""
    return graph_to_jsonld(kg.union)


def graph_to_jsonld(graph: Graph) -> bytes:
    """JSON-LD with an `@context` of the prefixes it uses.

    pyoxigraph writes the flat expanded form (rdflib's compacting writer drops blank nodes that
    refer to themselves); IRIs are then shortened to CURIEs of that context, and `rdf:type`
    becomes `@type`, which any JSON-LD processor expands back to the same graph.
    """
    context = used_prefixes(_all_terms(graph))
    expanded = json.loads(_serialize(_sorted_triples(graph), ox.RdfFormat.JSON_LD))
    nodes = sorted((_compact_node(node, context) for node in expanded), key=lambda node: str(node["@id"]))
    document = {"@context": context, "@graph": nodes}
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _compact_iri(iri: str, context: dict[str, str]) -> str:
    for prefix, namespace in sorted(context.items(), key=lambda item: -len(item[1])):
        local = iri.removeprefix(namespace)
        if local != iri and not local.startswith("//"):
            return f"{prefix}:{local}"
    return iri


def _compact_node(node: dict[str, Any], context: dict[str, str]) -> dict[str, Any]:
    compacted: dict[str, Any] = {"@id": _compact_iri(node["@id"], context)}
    for key, values in node.items():
        if key == "@id":
            continue
        if key == str(RDF.type) and all(set(value) == {"@id"} for value in values):
            compacted["@type"] = sorted(_compact_iri(value["@id"], context) for value in values)
            continue
        compacted[_compact_iri(key, context)] = sorted(
            (_compact_value(value, context) for value in values),
            key=lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False),
        )
    return compacted


def _compact_value(value: dict[str, Any], context: dict[str, str]) -> dict[str, Any]:
    if "@id" in value:
        return {"@id": _compact_iri(value["@id"], context)}
    if "@type" in value:
        return {**value, "@type": _compact_iri(value["@type"], context)}
    return value


RDF_WRITERS: dict[str, RdfWriter] = {
    writer.name: writer
    for writer in (
        RdfWriter("turtle", ".ttl", "text/turtle", serialize_turtle),
        RdfWriter("ntriples", ".nt", "application/n-triples", serialize_ntriples),
        RdfWriter("nquads", ".nq", "application/n-quads", serialize_nquads),
        RdfWriter("trig", ".trig", "application/trig", serialize_trig),
        RdfWriter("jsonld", ".jsonld", "application/ld+json", serialize_jsonld),
    )
}
"""The RDF export formats by name."""

EXPORT_BASENAME = "careersnet-graph"
"""File name (without suffix) of the exports that `careersnet build` writes."""


def export(kg: KnowledgeGraph, format_name: str, path: Path) -> Path:
    """Write the graph in one format to `path`, atomically."""
    writer = RDF_WRITERS.get(format_name)
    if writer is None:
        raise CareersnetError(
            f"unknown export format {format_name!r}; choose one of {', '.join(RDF_WRITERS)}"
        )
    return atomic_write_bytes(path, writer.serialize(kg))
