"""What the importer needs to know of the graph it adds to: entities, their kinds, sources.

Read once, through `KnowledgeGraph.select` only, from the shipped data plus the user's other
data: the entities a workbook may refer to (by IRI, CURIE, label or other name), the kind of
each (organisation, network, person, initiative, event ...), the registered sources, and the
vocabularies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib.term import Node

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.rdflib_terms import from_rdflib
from careersnet_graph.spreadsheets.iris import CNG, FOAF, SCHEMA
from careersnet_graph.spreadsheets.vocabularies import ORGANISATION_ROOTS, Vocabularies, read_vocabularies

Triple = tuple[Node, Node, Node]

KIND_NAMES = {
    "org": "organisation",
    "network": "network",
    "partnership": "partnership",
    "person": "person",
    "group": "unnamed group of persons",
    "initiative": "initiative",
    "event": "event",
    "source": "source",
}

_TYPES = "SELECT ?node ?class WHERE { ?node a ?class . FILTER (isIRI(?node) && isIRI(?class)) }"
_SUBCLASSES = "SELECT ?class ?super WHERE { ?class rdfs:subClassOf+ ?super . FILTER (isIRI(?super)) }"
_LABELS = (
    "SELECT ?node ?label WHERE { ?node rdfs:label|skos:prefLabel|dcterms:title ?label . FILTER isIRI(?node) }"
)
_ALTERNATIVES = "SELECT ?node ?label WHERE { ?node skos:altLabel ?label . FILTER isIRI(?node) }"
_DEPRECATED = "SELECT ?node WHERE { ?node owl:deprecated true }"
_SOURCES = "SELECT ?source ?url WHERE { ?source a cng:Source . OPTIONAL { ?source schema:url ?url } }"


@dataclass
class KnownEntity:
    """An entity of the loaded graph, as references see it."""

    iri: str
    label: str | None = None
    names: set[str] = field(default_factory=set)
    alternatives: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    deprecated: bool = False


@dataclass
class GraphContext:
    """The loaded graph, read for the importer."""

    kg: KnowledgeGraph
    vocabularies: Vocabularies
    supers: dict[str, set[str]]
    entities: dict[str, KnownEntity]
    sources: dict[str, str | None]
    """Registered sources: IRI → address."""
    _statements: set[tuple[object, object, object]] | None = None
    """Every statement of the graph, as pyoxigraph terms (compared with `from_rdflib`'s)."""

    def kinds_of(self, classes: Iterable[str]) -> set[str]:
        """The kinds of an entity of these classes (superclasses followed)."""
        every: set[str] = set()
        for cls in classes:
            every |= {cls, *self.supers.get(cls, set())}
        kinds: set[str] = set()
        if str(FOAF.Person) in every:
            kinds.add("person")
        elif str(CNG.PersonGroup) in every:
            kinds.add("group")
        elif every & {str(root) for root in ORGANISATION_ROOTS}:
            kinds.add("org")
            if str(CNG.Network) in every:
                kinds.add("network")
            if str(CNG.Partnership) in every:
                kinds.add("partnership")
        if str(CNG.Initiative) in every:
            kinds.add("initiative")
        if str(SCHEMA.Event) in every:
            kinds.add("event")
        if str(CNG.Source) in every:
            kinds.add("source")
        return kinds

    def label_of(self, iri: str) -> str | None:
        entity = self.entities.get(iri)
        return entity.label if entity is not None else None

    def missing(self, triples: Iterable[Triple]) -> list[Triple]:
        """The statements among `triples` that the loaded graph does not hold, sorted."""
        if self._statements is None:
            self._statements = {(quad.subject, quad.predicate, quad.object) for quad in self.kg.quads()}
        statements = self._statements
        return sorted(
            (triple for triple in triples if tuple(map(from_rdflib, triple)) not in statements), key=str
        )


def read_context(kg: KnowledgeGraph) -> GraphContext:
    """The context of an import: everything read from `kg` once (as the terms' texts)."""
    supers: dict[str, set[str]] = defaultdict(set)
    for cls, parent in _texts(kg, _SUBCLASSES):
        supers[cls].add(parent)
    entities: dict[str, KnownEntity] = {}

    def entity(iri: str) -> KnownEntity:
        return entities.setdefault(iri, KnownEntity(iri))

    for node, cls in _texts(kg, _TYPES):
        entity(node).classes.add(cls)
    for node, label in _texts(kg, _LABELS):
        known = entity(node)
        known.names.add(label)
        if known.label is None or label < known.label:
            known.label = label
    for node, label in _texts(kg, _ALTERNATIVES):
        entity(node).alternatives.add(label)
    for (node,) in _texts(kg, _DEPRECATED):
        entity(node).deprecated = True
    sources = dict(_texts(kg, _SOURCES))
    context = GraphContext(kg, read_vocabularies(kg), dict(supers), entities, sources)
    for known in entities.values():
        known.kinds = context.kinds_of(known.classes)
    return context


def _texts(kg: KnowledgeGraph, query: str) -> list[tuple[Any, ...]]:
    """The rows of a query as the texts of their terms (None for an unbound cell): far cheaper than
    `select`'s Python values for the thousands of rows read here."""
    return [tuple(None if term is None else term.value for term in row) for row in kg.rows(query)]
