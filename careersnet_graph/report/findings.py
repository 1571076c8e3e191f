"""What the cooperation report says: figures, rankings, brokers, communities and matrices.

Every finding keeps the IRIs of the actors and the addresses of the sources behind it, so that
the report can link each claim to its evidence. Networks come from `projection`, metrics from
`analysis`; the only direct queries are the counts of the knowledge graph and the counted
facts of events (participants, participant countries).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from careersnet_graph.analysis.names import METRIC_MEANINGS, Value
from careersnet_graph.analysis.structure import GroupDensity, density, group_density, isolates
from careersnet_graph.analysis.table import ranked
from careersnet_graph.context import BuildContext, as_context
from careersnet_graph.graph import KnowledgeGraph

TOP = 10
"""How many actors each ranking shows."""

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


@dataclass(frozen=True)
class RankedActor:
    """An actor and its value for one metric."""

    actor: Actor
    value: Value


@dataclass(frozen=True)
class Ranking:
    """The top actors by one metric, with the metric's one-sentence meaning."""

    metric: str
    meaning: str
    rows: list[RankedActor]


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
class Cell:
    """Cooperation between two groups (sectors or countries) and the sources behind its ties."""

    density: GroupDensity
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

    figures: list[tuple[str, int | float]]
    rankings: list[Ranking]
    brokers: list[Broker]
    communities: list[Community]
    modularity: float
    sector_cells: list[Cell]
    country_cells: list[Cell]
    counted_facts: list[CountedFact]
    isolated: list[Actor]
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
    )


def _edge_sources(graph: nx.Graph, edges: Iterable[tuple[Any, Any]]) -> list[str]:
    found: set[str] = set()
    for edge in edges:
        found.update(graph.edges[edge].get("sources", []))
    return sorted(found)


def _cells(graph: nx.Graph, attribute: str) -> list[Cell]:
    cells = []
    for row in group_density(graph, attribute):
        cells.append(Cell(row, _edge_sources(graph, row.edges)))
    return cells


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

    figures: list[tuple[str, int | float]] = [
        ("organisations", summary.organisations),
        ("persons", summary.persons),
        ("unnamed groups of persons", summary.person_groups),
        ("initiatives", summary.initiatives),
        ("events", summary.events),
        ("participations", summary.links),
        ("sources", summary.sources),
        ("inferences", summary.inferences),
        ("organisations taking part in a shared target", organisations.number_of_nodes()),
        ("ties between organisations", organisations.number_of_edges()),
        ("density of the organisation network", density(organisations)),
        ("connected components", len(context.engine.components(organisations))),
        ("countries with organisations that take part", countries.number_of_nodes()),
        ("ties between countries", countries.number_of_edges()),
        ("communities", len(partition.communities)),
    ]

    rankings = [
        Ranking(
            metric,
            METRIC_MEANINGS[metric],
            [RankedActor(_actor(organisations, n), table[n][metric]) for n in ranked(table, metric, TOP)],
        )
        for metric in RANKED_METRICS
    ]
    brokers = [
        Broker(
            _actor(organisations, node),
            table[node]["constraint"],
            table[node]["effective_size"],
            table[node]["betweenness"],
            table[node]["cross_sector_share"],
            table[node]["cross_border_share"],
        )
        for node in ranked(table, "constraint")
        if organisations.degree(node) >= 2
    ][:TOP]
    communities = [
        Community(
            index,
            [_actor(organisations, node) for node in members],
            _edge_sources(organisations, organisations.subgraph(members).edges),
        )
        for index, members in enumerate(partition.communities)
        if len(members) > 1
    ]
    findings = Findings(
        figures=figures,
        rankings=rankings,
        brokers=brokers,
        communities=communities,
        modularity=partition.modularity,
        sector_cells=_cells(organisations, "sectors"),
        country_cells=_cells(organisations, "country_labels"),
        counted_facts=_counted_facts(kg, bipartite),
        isolated=[_actor(organisations, node) for node in isolates(organisations)],
        method_notes=context.notes("organisations"),
    )
    findings.all_sources = _cited(findings)
    return findings


def _cited(findings: Findings) -> list[str]:
    """Every source and inference address the findings cite: sources first, then inferences."""
    actors = [row.actor for ranking in findings.rankings for row in ranking.rows]
    actors += [broker.actor for broker in findings.brokers]
    actors += [member for community in findings.communities for member in community.members]
    actors += [fact.event for fact in findings.counted_facts] + findings.isolated
    sources = {s for actor in actors for s in actor.sources}
    sources.update(s for community in findings.communities for s in community.sources)
    sources.update(s for cell in findings.sector_cells + findings.country_cells for s in cell.sources)
    inferred = {s for actor in actors for s in actor.inferred_sources} - sources
    return sorted(sources) + sorted(inferred)
