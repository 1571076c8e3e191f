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

from rdflib import Literal, URIRef
from rdflib.term import Node

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.spreadsheets.iris import CNG, FOAF, SCHEMA, XSD
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
_LINKS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (isIRI(?s) && isIRI(?o)) }"
_LITERALS = """
SELECT ?s ?p (STR(?o) AS ?text) (LANG(?o) AS ?lang) (DATATYPE(?o) AS ?datatype)
WHERE { ?s ?p ?o FILTER (isIRI(?s) && isLiteral(?o)) }
"""


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
    _statements: set[Triple] | None = None

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
            links = {
                (URIRef(str(r["s"])), URIRef(str(r["p"])), URIRef(str(r["o"])))
                for r in self.kg.select(_LINKS)
            }
            self._statements = links | {_literal_statement(row) for row in self.kg.select(_LITERALS)}
        return sorted((triple for triple in triples if triple not in self._statements), key=str)


def read_context(kg: KnowledgeGraph) -> GraphContext:
    """The context of an import: everything read from `kg` once."""
    supers: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(_SUBCLASSES):
        supers[str(row["class"])].add(str(row["super"]))
    entities: dict[str, KnownEntity] = {}

    def entity(iri: str) -> KnownEntity:
        return entities.setdefault(iri, KnownEntity(iri))

    for row in kg.select(_TYPES):
        entity(str(row["node"])).classes.add(str(row["class"]))
    for row in kg.select(_LABELS):
        known = entity(str(row["node"]))
        label = str(row["label"])
        known.names.add(label)
        if known.label is None or label < known.label:
            known.label = label
    for row in kg.select(_ALTERNATIVES):
        entity(str(row["node"])).alternatives.add(str(row["label"]))
    for row in kg.select(_DEPRECATED):
        entity(str(row["node"])).deprecated = True
    sources = {str(row["source"]): (str(row["url"]) if "url" in row else None) for row in kg.select(_SOURCES)}
    context = GraphContext(kg, read_vocabularies(kg), dict(supers), entities, sources)
    for known in entities.values():
        known.kinds = context.kinds_of(known.classes)
    return context


def _literal_statement(row: dict[str, object]) -> Triple:
    """A statement with a literal object, rebuilt with its exact language and datatype."""
    language = str(row.get("lang") or "") or None
    datatype = row.get("datatype")
    obj: Node
    if language is not None or datatype is None or str(datatype) == str(XSD.string):
        obj = Literal(str(row["text"]), lang=language)
    else:
        obj = Literal(str(row["text"]), datatype=URIRef(str(datatype)))
    return URIRef(str(row["s"])), URIRef(str(row["p"])), obj
