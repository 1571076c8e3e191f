"""The summary figures of a graph: actors, persons, countries, initiatives, links, sources."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from careersnet_graph.graph import KnowledgeGraph

_COUNT_QUERIES: dict[str, str] = {
    "organisations": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/rdfs:subClassOf* org:Organization }",
    "persons": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a foaf:Person }",
    "person_groups": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cng:PersonGroup }",
    "countries": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?x cng:country|cng:memberCountry|cng:focusCountry ?c }""",
    "initiatives": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/rdfs:subClassOf* cng:Initiative }",
    "events": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/rdfs:subClassOf* schema:Event }",
    "links": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cng:Participation }",
    "posts": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a org:Post }",
    "sources": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cng:Source }",
    "inferences": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cng:Inference }",
}


@dataclass(frozen=True)
class Summary:
    """How much the graph holds. Actors are organisations, persons and unnamed groups."""

    actors: int
    organisations: int
    persons: int
    person_groups: int
    countries: int
    initiatives: int
    events: int
    links: int
    posts: int
    sources: int
    inferences: int
    triples: int

    def as_dict(self) -> dict[str, int]:
        """The figures by name, in a stable order."""
        return asdict(self)


def summarise(kg: KnowledgeGraph) -> Summary:
    """Count what the graph holds, with one SPARQL query per figure."""
    counts = {name: _count(kg, query) for name, query in _COUNT_QUERIES.items()}
    actors = counts["organisations"] + counts["persons"] + counts["person_groups"]
    return Summary(actors=actors, triples=len(kg.data_union), **counts)


def _count(kg: KnowledgeGraph, query: str) -> int:
    for row in kg.query(query):
        return int(str(row[0]))  # type: ignore[index]
    return 0
