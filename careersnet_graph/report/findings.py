"""What the cooperation report says: figures, rankings, brokers, communities and matrices.

Every finding keeps the IRIs of the actors and the addresses of the sources behind it, so that
the report can link each claim to its evidence. Networks come from `projection`, metrics from
`analysis`; the only direct queries are the counts of the knowledge graph and the counted
facts of events (participants, participant countries).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from careersnet_graph.analysis.names import METRIC_MEANINGS, Value
from careersnet_graph.analysis.structure import density, isolates
from careersnet_graph.analysis.table import ranked
from careersnet_graph.context import BuildContext, as_context
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import actor_places, place_label
from careersnet_graph.queries import get_query
from careersnet_graph.report.coverage import CoverageRow, coverage
from careersnet_graph.report.missing import Cooperation, Grouping, cooperations

TOP = 10
"""How many actors each ranking aims to show: actors tied with the last one are shown too."""

MAX_ROWS = 25
"""A ranking never shows more rows: a tie that would take it beyond is left out and counted."""

_SECTORS = "SELECT ?sector ?label WHERE { ?sector a cng:Sector ; skos:prefLabel ?label }"

RANKED_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
"""The metrics the report ranks organisations by."""

_COUNTED_FACTS = """
SELECT DISTINCT ?event ?participants ?countries WHERE {
  ?event cng:participantCount|cng:participantCountryCount ?any .
  OPTIONAL { ?event cng:participantCount ?participants }
  OPTIONAL { ?event cng:participantCountryCount ?countries }
}
"""


@dataclass(frozen=True)
class Actor:
    """An actor as the report names it: IRI, label, kind, countries and the sources about it."""

    iri: str
    label: str
    type_label: str
    countries: list[str]
    sources: list[str]
    inferred_sources: list[str]
    sectors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RankedActor:
    """An actor, its value for one metric and its rank (actors with equal values share a rank)."""

    actor: Actor
    value: Value
    rank: int = 0


@dataclass(frozen=True)
class Ranking:
    """The top actors by one metric, ties kept together, with the metric's one-sentence meaning.

    `left_out` counts the actors of a tie at the cut that would have made the ranking longer
    than `MAX_ROWS`; they share the value `left_out_value`, just below the last row shown.
    """

    metric: str
    meaning: str
    rows: list[RankedActor]
    left_out: int = 0
    left_out_value: Value = None


@dataclass(frozen=True)
class Broker:
    """An actor that bridges others: low constraint, with its cross-sector and cross-border shares."""

    actor: Actor
    constraint: Value
    effective_size: Value
    betweenness: Value
    cross_sector_share: Value
    cross_border_share: Value


@dataclass(frozen=True)
class Community:
    """A community of organisations and the sources of the ties inside it."""

    number: int
    members: list[Actor]
    sources: list[str]


@dataclass(frozen=True)
class CountedFact:
    """An event for which a source gives only counts of participants or of their countries."""

    event: Actor
    participants: int | None
    countries: int | None


@dataclass
class Findings:
    """Everything the report shows, in display order."""

    figures: list[tuple[str, int | float, str]]
    """Name, value and what the count includes."""
    rankings: list[Ranking]
    brokers: list[Broker]
    communities: list[Community]
    modularity: float
    sectors: Cooperation
    places: Cooperation
    counted_facts: list[CountedFact]
    isolated: list[Actor]
    """Actors that are neither agent nor target of any participation (`query isolated-actors`)."""
    untied: list[Actor]
    """Organisations that take part in something but share no target with another organisation."""
    coverage: list[CoverageRow]
    method_notes: list[str] = field(default_factory=list)
    """What was bounded or estimated on a large network (the clique cap, sampled metrics)."""
    all_sources: list[str] = field(default_factory=list)
    """Every address cited, numbered in this order in the report."""


def _actor(graph: nx.Graph, node: Any) -> Actor:
    data: dict[str, Any] = graph.nodes[node]
    return Actor(
        iri=str(node),
        label=str(data.get("label", node)),
        type_label=str(data.get("type_label", "")),
        countries=list(data.get("country_labels", [])),
        sources=list(data.get("sources", [])),
        inferred_sources=list(data.get("inferred_sources", [])),
        sectors=list(data.get("sectors", [])),
    )


def _community_sources(graph: nx.Graph, communities: Sequence[Iterable[Any]]) -> list[list[str]]:
    """The sources of the ties inside each community, sorted: one pass over the ties."""
    member_of = {node: index for index, members in enumerate(communities) for node in members}
    found: list[set[str]] = [set() for _ in communities]
    for first, second, sources in graph.edges(data="sources", default=()):
        index = member_of.get(first)
        if index is not None and index == member_of.get(second):
            found[index].update(sources)
    return [sorted(sources) for sources in found]


def top_ranked(
    table: dict[Any, dict[str, Value]], metric: str, nodes: Iterable[Any] | None = None
) -> tuple[list[tuple[Any, int]], int, Value]:
    """The first `TOP` nodes by `metric` with every node tied with the last of them, each with its
    competition rank (1, 2, 2, 4); a tie that would pass `MAX_ROWS` is left out whole.

    Returns the (node, rank) rows, how many tied nodes were left out and their value.
    """
    allowed = None if nodes is None else set(nodes)
    order = [node for node in ranked(table, metric) if allowed is None or node in allowed]
    rows: list[tuple[Any, int]] = []
    for index, node in enumerate(order):
        value = table[node][metric]
        rank = rows[-1][1] if rows and table[rows[-1][0]][metric] == value else index + 1
        if index >= TOP and rank != rows[-1][1]:
            break
        rows.append((node, rank))
    if len(rows) > MAX_ROWS:
        last_rank = rows[-1][1]
        left = [row for row in rows if row[1] == last_rank]
        return [row for row in rows if row[1] != last_rank], len(left), table[left[0][0]][metric]
    return rows, 0, None


def _ranking(organisations: nx.Graph, table: dict[Any, dict[str, Value]], metric: str) -> Ranking:
    rows, left_out, value = top_ranked(table, metric)
    return Ranking(
        metric,
        METRIC_MEANINGS[metric],
        [RankedActor(_actor(organisations, node), table[node][metric], rank) for node, rank in rows],
        left_out,
        value,
    )


def _isolated(kg: KnowledgeGraph) -> list[Actor]:
    """The answer of the library query `isolated-actors`, one actor per IRI."""
    found: dict[str, Actor] = {}
    for actor, label, _ in kg.rows(get_query("isolated-actors").text):
        if actor is None or actor.value in found:
            continue
        name = label.value if label is not None else kg.label(actor)
        found[actor.value] = Actor(actor.value, name, "", [], [], [])
    return sorted(found.values(), key=lambda a: (a.label, a.iri))


def _cooperation(kg: KnowledgeGraph, organisations: nx.Graph) -> list[Cooperation]:
    """Ties between sectors and between places (countries, EU level), in one pass over the ties."""
    sectors = Grouping(
        "sectors",
        {node: list(organisations.nodes[node].get("sectors", [])) for node in organisations},
        sorted(label.value for _, label in kg.rows(_SECTORS) if label is not None),
    )
    places = actor_places(kg)
    countries = Grouping(
        "countries and the EU level",
        {node: sorted(place_label(kg, place) for place in places.get(node, ())) for node in organisations},
    )
    return cooperations(organisations, (sectors, countries))


def _counted_facts(kg: KnowledgeGraph, bipartite: nx.Graph) -> list[CountedFact]:
    facts = []
    rows = sorted(
        kg.rows(_COUNTED_FACTS), key=lambda row: tuple("" if term is None else term.value for term in row)
    )
    for event, participants, countries in rows:
        if event is None:
            continue
        node = event.value
        actor = _actor(bipartite, node) if node in bipartite else Actor(node, kg.label(event), "", [], [], [])
        facts.append(
            CountedFact(
                actor,
                int(participants.value) if participants is not None else None,
                int(countries.value) if countries is not None else None,
            )
        )
    return facts


def collect_findings(source: KnowledgeGraph | BuildContext) -> Findings:
    """Project the knowledge graph (or read the build's projections), run the analyses and gather
    the report's findings."""
    context = as_context(source)
    kg = context.kg
    organisations = context.projection("organisations")
    countries = context.projection("countries")
    bipartite = context.projection("bipartite")
    table = context.metrics("organisations")
    partition = context.partition("organisations")
    summary = context.summary

    figures: list[tuple[str, int | float, str]] = [
        (
            "actors",
            summary.actors,
            "organisations, persons and unnamed groups, as careersnet stats counts them",
        ),
        (
            "organisations",
            summary.organisations,
            "every organisation in the data, whether it takes part or not",
        ),
        ("persons", summary.persons, ""),
        ("unnamed groups of persons", summary.person_groups, "groups a source counts but does not name"),
        ("initiatives", summary.initiatives, "events not included"),
        ("events", summary.events, ""),
        ("participations", summary.links, "who takes part in what, in which role"),
        ("posts", summary.posts, "posts held by persons"),
        ("sources", summary.sources, "one named graph each"),
        ("inferences", summary.inferences, "the curators' inferences, one named graph each"),
        ("statements in the data", summary.triples, "sources, inferences and the countries vocabulary"),
        (
            "statements in the exports",
            summary.triples_with_ontology,
            "the data plus the ontology and its vocabularies, as the Turtle, TriG and N-Quads exports hold",
        ),
        (
            "organisations in the organisation network",
            organisations.number_of_nodes(),
            "organisations that take part in at least one initiative, event, network or partnership",
        ),
        (
            "ties between organisations",
            organisations.number_of_edges(),
            "pairs that share at least one target",
        ),
        ("density of the organisation network", density(organisations), "ties / possible pairs"),
        (
            "connected components",
            len(context.engine.components(organisations)),
            "of the organisation network",
        ),
        (
            "countries and EU level with organisations that take part",
            countries.number_of_nodes(),
            "the nodes of the countries page; EU bodies count as EU-level, not as their seat's country",
        ),
        (
            "ties between countries",
            countries.number_of_edges(),
            "pairs of countries (or EU level) with a tie",
        ),
        (
            "communities",
            len(partition.communities),
            "of the organisation network, single organisations included",
        ),
    ]

    rankings = [_ranking(organisations, table, metric) for metric in RANKED_METRICS]
    bridging = [
        node
        for node in organisations
        if (table[node]["betweenness"] or 0) > 0 and organisations.degree(node) >= 2
    ]
    broker_rows, _, _ = top_ranked(table, "constraint", bridging)
    brokers = [
        Broker(
            _actor(organisations, node),
            table[node]["constraint"],
            table[node]["effective_size"],
            table[node]["betweenness"],
            table[node]["cross_sector_share"],
            table[node]["cross_border_share"],
        )
        for node, _ in broker_rows
    ]
    community_sources = _community_sources(organisations, partition.communities)
    communities = [
        Community(index, [_actor(organisations, node) for node in members], community_sources[index])
        for index, members in enumerate(partition.communities)
        if len(members) > 1
    ]
    sectors, places = _cooperation(kg, organisations)
    findings = Findings(
        figures=figures,
        rankings=rankings,
        brokers=brokers,
        communities=communities,
        modularity=partition.modularity,
        sectors=sectors,
        places=places,
        counted_facts=_counted_facts(kg, bipartite),
        isolated=_isolated(kg),
        untied=[_actor(organisations, node) for node in isolates(organisations)],
        coverage=coverage(kg, context.projection("countries")),
        method_notes=context.notes("organisations"),
    )
    findings.all_sources = _cited(findings)
    return findings


def _cited(findings: Findings) -> list[str]:
    """Every source and inference address the findings cite: sources first, then inferences."""
    actors = [row.actor for ranking in findings.rankings for row in ranking.rows]
    actors += [broker.actor for broker in findings.brokers]
    actors += [member for community in findings.communities for member in community.members]
    actors += [fact.event for fact in findings.counted_facts] + findings.untied
    sources = {s for actor in actors for s in actor.sources}
    sources.update(s for community in findings.communities for s in community.sources)
    sources.update(s for pair in findings.sectors.pairs + findings.places.pairs for s in pair.sources)
    inferred = {s for actor in actors for s in actor.inferred_sources} - sources
    return sorted(sources) + sorted(inferred)
