"""Where statements come from: the source registry and the sources behind an entity or statement.

Each source and each inference is a named graph bearing its IRI (docs/modelling.md), so the
sources of a statement are the graphs that contain it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from careersnet_graph.graph import ONTOLOGY_GRAPH, KnowledgeGraph
from careersnet_graph.namespaces import CNG, DCTERMS, PROV, RDF, SCHEMA


@dataclass(frozen=True)
class SourceRecord:
    """A source or inference: its IRI, title, address and, for an inference, what it rests on."""

    iri: str
    kind: str
    title: str
    address: str | None
    publisher: str | None
    issued: str | None
    derived_from: tuple[str, ...]
    statements: int


def source_record(kg: KnowledgeGraph, graph_name: URIRef) -> SourceRecord:
    """Describe one named graph as a source record (kind 'source', 'inference' or 'unregistered')."""
    union = kg.union
    kinds = {CNG.Source: "source", CNG.Inference: "inference"}
    kind = next((name for cls, name in kinds.items() if (graph_name, RDF.type, cls) in union), "unregistered")
    publisher = union.value(graph_name, DCTERMS.publisher)
    address = union.value(graph_name, SCHEMA.url)
    issued = union.value(graph_name, DCTERMS.issued)
    title = union.value(graph_name, DCTERMS.title)
    derived = sorted(
        str(union.value(source, SCHEMA.url) or source)
        for source in union.objects(graph_name, PROV.wasDerivedFrom)
    )
    return SourceRecord(
        iri=str(graph_name),
        kind=kind,
        title=str(title) if title is not None else kg.label(graph_name),
        address=str(address) if address is not None else None,
        publisher=kg.label(publisher) if publisher is not None else None,
        issued=str(issued) if issued is not None else None,
        derived_from=tuple(derived),
        statements=len(kg.named_graph(graph_name)),
    )


def source_registry(kg: KnowledgeGraph) -> list[SourceRecord]:
    """Every data graph (sources, then inferences, each sorted by IRI) as a source record."""
    records = [source_record(kg, name) for name in kg.graph_names() if name != ONTOLOGY_GRAPH]
    return sorted(records, key=lambda record: (record.kind != "source", record.iri))


def sources_of_entity(kg: KnowledgeGraph, entity: URIRef) -> list[SourceRecord]:
    """The sources and inferences whose graphs hold a statement about `entity` (as subject or object)."""
    names = {name for *_, name in kg.quads(subject=entity)} | {name for *_, name in kg.quads(obj=entity)}
    return [source_record(kg, name) for name in sorted(names) if name != ONTOLOGY_GRAPH]


def sources_of_statement(kg: KnowledgeGraph, subject: Node, predicate: Node, obj: Node) -> list[SourceRecord]:
    """The sources and inferences whose graphs contain exactly this statement."""
    names = {name for *_, name in kg.quads(subject, predicate, obj)}
    return [source_record(kg, name) for name in sorted(names) if name != ONTOLOGY_GRAPH]
