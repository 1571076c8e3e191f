"""The summary figures of a graph: actors, persons, countries, initiatives, links, sources.

`triples` counts the distinct statements of the data (sources, inferences and the countries
vocabulary); `triples_with_ontology` adds the ontology and its vocabularies, as the exports hold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pyoxigraph as ox

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import ONTOLOGY_GRAPH

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

_DATA_STATEMENTS = f"""SELECT (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {ONTOLOGY_GRAPH}) }}
}}"""


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
    triples_with_ontology: int

    def as_dict(self) -> dict[str, int]:
        """The figures by name, in a stable order."""
        return asdict(self)


def summarise(kg: KnowledgeGraph) -> Summary:
    """Count what the graph holds, with one SPARQL query per figure."""
    counts = {name: _count(kg, query) for name, query in _COUNT_QUERIES.items()}
    actors = counts["organisations"] + counts["persons"] + counts["person_groups"]
    return Summary(
        actors=actors, triples=_count(kg, _DATA_STATEMENTS), triples_with_ontology=kg.count(), **counts
    )


def _count(kg: KnowledgeGraph, query: str) -> int:
    for (value,) in kg.rows(query):
        return int(value.value) if isinstance(value, ox.Literal) else 0
    return 0
