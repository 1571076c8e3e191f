"""Where statements come from: the source registry and the sources behind an entity or statement.

Each source and each inference is a named graph bearing its IRI (docs/modelling.md), so the
sources of a statement are the graphs that contain it. Everything is asked of the store with a
few SPARQL queries, so a persistent or remote store answers the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import CNG, ONTOLOGY_GRAPH
from careersnet_graph.sparql.params import sparql_term
from careersnet_graph.store.base import Term


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


def source_records(kg: KnowledgeGraph, graphs: Iterable[ox.NamedNode]) -> list[SourceRecord]:
    """Describe named graphs as source records (kind 'source', 'inference' or 'unregistered')."""
    names = sorted({name for name in graphs if name != ONTOLOGY_GRAPH}, key=lambda name: name.value)
    if not names:
        return []
    values = " ".join(sparql_term(name) for name in names)
    facts: dict[ox.NamedNode, dict[str, set[Term]]] = {name: {} for name in names}
    rows = kg.rows(
        f"""SELECT ?graph ?key ?value WHERE {{
          VALUES ?graph {{ {values} }}
          {{ ?graph a ?value . FILTER (?value IN ({CNG.Source}, {CNG.Inference})) BIND ("kind" AS ?key) }}
          UNION {{ ?graph dcterms:title ?value . BIND ("title" AS ?key) }}
          UNION {{ ?graph schema:url ?value . BIND ("address" AS ?key) }}
          UNION {{ ?graph dcterms:publisher ?value . BIND ("publisher" AS ?key) }}
          UNION {{ ?graph dcterms:issued ?value . BIND ("issued" AS ?key) }}
          UNION {{ ?graph prov:wasDerivedFrom ?source . OPTIONAL {{ ?source schema:url ?url }}
                   BIND (COALESCE(?url, ?source) AS ?value) BIND ("derived" AS ?key) }}
        }}"""
    )
    for graph, key, value in rows:
        if isinstance(graph, ox.NamedNode) and isinstance(key, ox.Literal) and value is not None:
            facts[graph].setdefault(key.value, set()).add(value)
    counts = statement_counts(kg, names)
    publishers = kg.labels([value for fact in facts.values() for value in fact.get("publisher", ())])
    records = []
    for name in names:
        fact = facts[name]
        kinds = {term.value for term in fact.get("kind", ())}
        kind = (
            "source"
            if CNG.Source.value in kinds
            else "inference"
            if CNG.Inference.value in kinds
            else "unregistered"
        )
        publisher = _first(fact.get("publisher"))
        records.append(
            SourceRecord(
                iri=name.value,
                kind=kind,
                title=_text(fact.get("title")) or kg.label(name),
                address=_text(fact.get("address")),
                publisher=(publishers.get(publisher) or kg.curie(publisher))
                if publisher is not None
                else None,
                issued=_text(fact.get("issued")),
                derived_from=tuple(sorted(term.value for term in fact.get("derived", ()))),
                statements=counts.get(name, 0),
            )
        )
    return records


def _first(values: set[Term] | None) -> Term | None:
    return min(values, key=str) if values else None


def _text(values: set[Term] | None) -> str | None:
    value = _first(values)
    return None if value is None else value.value


def statement_counts(kg: KnowledgeGraph, names: list[ox.NamedNode]) -> dict[ox.NamedNode, int]:
    values = " ".join(sparql_term(name) for name in names)
    rows = kg.rows(
        f"SELECT ?graph (COUNT(*) AS ?n) WHERE {{ VALUES ?graph {{ {values} }} "
        "GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph"
    )
    return {
        graph: int(count.value)
        for graph, count in rows
        if isinstance(graph, ox.NamedNode) and count is not None
    }


def source_record(kg: KnowledgeGraph, graph_name: ox.NamedNode) -> SourceRecord:
    """Describe one named graph as a source record."""
    return source_records(kg, [graph_name])[0]


def source_registry(kg: KnowledgeGraph) -> list[SourceRecord]:
    """Every data graph (sources, then inferences, each sorted by IRI) as a source record."""
    records = source_records(kg, kg.graph_names())
    return sorted(records, key=lambda record: (record.kind != "source", record.iri))


def sources_of_entity(kg: KnowledgeGraph, entity: ox.NamedNode | str) -> list[SourceRecord]:
    """The sources and inferences whose graphs hold a statement about `entity` (as subject or object).

    `entity` is an IRI, or text naming one: an IRI, a CURIE such as `cnd:org-cedefop`, or a label.
    """
    if isinstance(entity, str):
        from careersnet_graph.terms import resolve_entity  # noqa: PLC0415  (terms reads provenance's graph)

        entity = resolve_entity(kg, entity)
    names = {quad.graph_name for quad in kg.quads(subject=entity)} | {
        quad.graph_name for quad in kg.quads(obj=entity)
    }
    return source_records(kg, [name for name in names if isinstance(name, ox.NamedNode)])


def sources_of_statement(
    kg: KnowledgeGraph, subject: ox.NamedNode, predicate: ox.NamedNode, obj: Term
) -> list[SourceRecord]:
    """The sources and inferences whose graphs contain exactly this statement."""
    names = {quad.graph_name for quad in kg.quads(subject, predicate, obj)}
    return source_records(kg, [name for name in names if isinstance(name, ox.NamedNode)])
