"""How much the graph holds per country (and at the EU level): where the data are thin.

A place's entities are its actors (organisations, persons and groups placed as in the countries
projection: EU bodies and their units at the EU level, the others by `cng:country`), the other
entities with a `cng:country` of it (initiatives, events, partnerships it concerns), and the
participations and posts of its actors. For each place the table counts its actors, the ties of
its organisations (domestic and cross-border, as on the countries page), the sources with a
statement about one of its entities, and its dated facts: statements giving a start, end,
founding, dissolution or other date (`schema:startDate`, `schema:endDate`,
`schema:foundingDate`, `schema:dissolutionDate`, `dcterms:date`) of one of its entities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import (
    actor_places,
    country_graph,
    date_statements,
    place_label,
    statement_graphs,
)

_COUNTRY_OF = "SELECT ?entity ?country WHERE { ?entity cng:country ?country . FILTER (isIRI(?entity)) }"

_LINKS = """
SELECT ?link ?actor WHERE {
  { ?link cng:agent ?actor } UNION { ?actor org:holds ?link }
  FILTER (isIRI(?link) && isIRI(?actor))
}
"""

_SOURCES = "SELECT ?graph WHERE { ?graph a cng:Source }"


@dataclass(frozen=True)
class CoverageRow:
    """What the graph holds about one place."""

    place: str
    actors: int
    ties: int
    sources: int
    dated_facts: int


def coverage(kg: KnowledgeGraph, countries: nx.Graph | None = None) -> list[CoverageRow]:
    """One row per place with any entity, fewest actors first (the thinnest data at the top),
    then by name, then by IRI. `countries` is the countries projection of `kg` when already made.
    The rows of its queries are read in the store's order: they are gathered into sets and counts."""
    places: dict[str, set[str]] = defaultdict(set)
    actors: dict[str, set[str]] = defaultdict(set)
    placed = actor_places(kg)
    for actor, groups in placed.items():
        for place in groups:
            places[actor].add(place)
            actors[place].add(actor)
    for subject, country in kg.rows(_COUNTRY_OF, ordered=False):
        if _value(subject) not in placed:
            places[_value(subject)].add(_value(country))
    for link, agent in kg.rows(_LINKS, ordered=False):
        places[_value(link)].update(places.get(_value(agent), set()))
    sources = {_value(graph) for (graph,) in kg.rows(_SOURCES)}
    graphs_of = {
        subject: found for subject, graphs in statement_graphs(kg).items() if (found := graphs & sources)
    }
    dated: dict[str, int] = defaultdict(int)
    for subject, _ in date_statements(kg):
        dated[_value(subject)] += 1
    entities: dict[str, set[str]] = defaultdict(set)
    for entity, found in places.items():
        for place in found:
            entities[place].add(entity)
    countries = countries if countries is not None else country_graph(kg)
    ties = {node: int(data["ties"]) for node, data in countries.nodes(data=True)}
    rows = [
        CoverageRow(
            place=place_label(kg, place),
            actors=len(actors.get(place, ())),
            ties=ties.get(place, 0),
            sources=len({graph for entity in members for graph in graphs_of.get(entity, ())}),
            dated_facts=sum(dated.get(entity, 0) for entity in members),
        )
        for place, members in sorted(entities.items())
    ]
    return sorted(rows, key=lambda row: (row.actors, row.ties, row.place))  # stable: IRI order last


def _value(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else str(term)
