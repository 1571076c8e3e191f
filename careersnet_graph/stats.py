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

_ONTOLOGY_ONLY = f"""SELECT (COUNT(*) AS ?n) WHERE {{
  GRAPH {ONTOLOGY_GRAPH} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {ONTOLOGY_GRAPH}) }}
}}"""
"""The statements only the ontology's graph holds: the data's statements are the union's less
these (a DISTINCT over every quad of the data graphs took 1.9 s at 1M statements; this looks up
each of the ontology's few hundred statements)."""


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
    everything = kg.count()
    return Summary(
        actors=actors,
        triples=everything - _count(kg, _ONTOLOGY_ONLY),
        triples_with_ontology=everything,
        **counts,
    )


def _count(kg: KnowledgeGraph, query: str) -> int:
    for (value,) in kg.rows(query):
        return int(value.value) if isinstance(value, ox.Literal) else 0
    return 0


_ACTORS_OF_COUNTRY = """
  { ?actor cng:country ?country ; a/rdfs:subClassOf* org:Organization }
  UNION { ?actor a foaf:Person ; org:holds/org:postIn/cng:country ?country }
  UNION { ?actor a foaf:Person ; cng:country ?country }
  UNION { ?actor a cng:PersonGroup ; cng:country ?country }
"""
"""The actors of a country: organisations by `cng:country`, persons by their own country or the
country of the organisation of a post they hold, unnamed groups by their country."""

_BY_COUNTRY_QUERIES: dict[str, str] = {
    "actors": f"""SELECT ?country (COUNT(DISTINCT ?actor) AS ?n) WHERE {{
        {_ACTORS_OF_COUNTRY} }} GROUP BY ?country""",
    "persons": f"""SELECT ?country (COUNT(DISTINCT ?actor) AS ?n) WHERE {{
        {_ACTORS_OF_COUNTRY} ?actor a foaf:Person }} GROUP BY ?country""",
    "person_groups": f"""SELECT ?country (COUNT(DISTINCT ?actor) AS ?n) WHERE {{
        {_ACTORS_OF_COUNTRY} ?actor a cng:PersonGroup }} GROUP BY ?country""",
    "ties": f"""SELECT ?country (COUNT(DISTINCT ?tie) AS ?n) WHERE {{
        {_ACTORS_OF_COUNTRY} ?tie a cng:Participation ; cng:agent ?actor }} GROUP BY ?country""",
    "initiatives": f"""SELECT ?country (COUNT(DISTINCT ?target) AS ?n) WHERE {{
        {_ACTORS_OF_COUNTRY} ?tie a cng:Participation ; cng:agent ?actor ; cng:target ?target .
        ?target a/rdfs:subClassOf* cng:Initiative }} GROUP BY ?country""",
    "events": f"""SELECT ?country (COUNT(DISTINCT ?target) AS ?n) WHERE {{
        {_ACTORS_OF_COUNTRY} ?tie a cng:Participation ; cng:agent ?actor ; cng:target ?target .
        ?target a/rdfs:subClassOf* schema:Event }} GROUP BY ?country""",
    "sources": f"""SELECT ?country (COUNT(DISTINCT ?graph) AS ?n) WHERE {{
        {{ SELECT DISTINCT ?country ?about WHERE {{
            {{ {_ACTORS_OF_COUNTRY} BIND (?actor AS ?about) }}
            UNION {{ {_ACTORS_OF_COUNTRY} ?about a cng:Participation ; cng:agent ?actor }}
        }} }}
        GRAPH ?graph {{ ?about ?predicate ?value }}
        ?graph a cng:Source }} GROUP BY ?country""",
}
"""One figure per query, each grouped by country (plain SPARQL 1.1, so that every store answers)."""

_ORGANISATION_TYPES = """SELECT ?country ?type (COUNT(DISTINCT ?actor) AS ?n) WHERE {
  ?actor cng:country ?country ; a ?type .
  ?type rdfs:subClassOf* org:Organization .
  FILTER NOT EXISTS { ?actor a ?narrower . ?narrower rdfs:subClassOf+ ?type FILTER (?narrower != ?type) }
} GROUP BY ?country ?type"""
"""Organisations by their most specific type (a type none of their other types narrows)."""


@dataclass(frozen=True)
class CountryFigures:
    """What the graph holds about one country's actors (see `by_country` for each count's meaning)."""

    country: str
    label: str
    actors: int
    organisations: dict[str, int]
    persons: int
    person_groups: int
    initiatives: int
    events: int
    ties: int
    sources: int

    def as_dict(self) -> dict[str, object]:
        """The figures by name, in a stable order."""
        return asdict(self)


def by_country(kg: KnowledgeGraph) -> list[CountryFigures]:
    """Per country (`cng:country` of an organisation, a person or an unnamed group, or of the
    organisation of a person's post), sorted by code: its actors; its organisations by most
    specific type; its persons and groups; the initiatives and events its actors take part in;
    their participations (ties); and the sources (not inferences) that state something about its
    actors or their participations. An actor of two countries counts in each."""
    figures: dict[str, dict[ox.NamedNode, int]] = {
        name: _grouped(kg, query) for name, query in _BY_COUNTRY_QUERIES.items()
    }
    types: dict[ox.NamedNode, dict[str, int]] = {}
    for country, kind, count in kg.rows(_ORGANISATION_TYPES):
        if (
            isinstance(country, ox.NamedNode)
            and isinstance(kind, ox.NamedNode)
            and isinstance(count, ox.Literal)
        ):
            types.setdefault(country, {})[kg.curie(kind)] = int(count.value)
    countries = sorted(figures["actors"], key=lambda node: node.value)
    labels = kg.labels(list(countries))
    return [
        CountryFigures(
            country=country.value.rstrip("/").rpartition("/")[2],
            label=labels.get(country, kg.curie(country)),
            organisations=dict(sorted(types.get(country, {}).items())),
            **{name: counts.get(country, 0) for name, counts in figures.items()},
        )
        for country in countries
    ]


def _grouped(kg: KnowledgeGraph, query: str) -> dict[ox.NamedNode, int]:
    return {
        country: int(count.value)
        for country, count in kg.rows(query)
        if isinstance(country, ox.NamedNode) and isinstance(count, ox.Literal)
    }
