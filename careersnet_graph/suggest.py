"""Suggested partnerships: pairs of organisations with no tie that the network says should meet.

Link prediction on the co-participation network of organisations. Pairs are scored by the
Adamic-Adar index (shared partners, each weighted 1 / log of its number of partners, so a
partner who links everybody says little) and ties broken by resource allocation (1 / partners)
and then by the pair's labels. Each suggestion comes with its reasons in words: the partners the
two share (by name), the topics of the initiatives and events each takes part in, whether their
sectors or countries differ, and the sources of the ties to the shared partners.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import organisation_graph
from careersnet_graph.temporal import Window
from careersnet_graph.viz.select import resolve_actor

__all__ = ["Across", "Suggestion", "adamic_adar", "candidate_pairs", "suggest", "topics_of"]

Across = Literal["sectors", "countries"]

_TOPICS = """
SELECT DISTINCT ?agent ?topic ?label WHERE {
  ?participation a cng:Participation ; cng:agent ?agent ; cng:target ?target .
  ?target dcterms:subject ?topic .
  OPTIONAL {
    ?topic skos:prefLabel|rdfs:label ?label .
    FILTER (lang(?label) = "" || langMatches(lang(?label), "en"))
  }
  FILTER (isIRI(?agent) && isIRI(?topic))
}
"""


@dataclass(frozen=True)
class Suggestion:
    """One pair with no tie, its scores and why it is suggested."""

    first: str
    second: str
    first_label: str
    second_label: str
    adamic_adar: float
    resource_allocation: float
    shared_partners: tuple[str, ...]
    shared_topics: tuple[str, ...]
    sectors: tuple[tuple[str, ...], tuple[str, ...]]
    countries: tuple[tuple[str, ...], tuple[str, ...]]
    sources: tuple[str, ...]

    @property
    def reasons(self) -> list[str]:
        """The suggestion's reasons in words."""
        reasons = [f"both work with {_and(self.shared_partners)}"]
        if self.shared_topics:
            reasons.append(f"both take part in work on {_and(self.shared_topics)}")
        first_sectors, second_sectors = self.sectors
        if first_sectors and second_sectors and not set(first_sectors) & set(second_sectors):
            reasons.append(f"complementary sectors: {_and(first_sectors)} and {_and(second_sectors)}")
        first_countries, second_countries = self.countries
        if first_countries and second_countries and not set(first_countries) & set(second_countries):
            reasons.append(f"across borders: {_and(first_countries)} and {_and(second_countries)}")
        return reasons

    def as_json_value(self) -> dict[str, Any]:
        return {
            "first": {"iri": self.first, "label": self.first_label},
            "second": {"iri": self.second, "label": self.second_label},
            "adamic_adar": round(self.adamic_adar, 6),
            "resource_allocation": round(self.resource_allocation, 6),
            "shared_partners": list(self.shared_partners),
            "shared_topics": list(self.shared_topics),
            "reasons": self.reasons,
            "sources": list(self.sources),
        }


def candidate_pairs(graph: nx.Graph, focus: str | None = None) -> list[tuple[str, str]]:
    """Pairs of nodes with no tie but at least one shared partner, each once, sorted."""
    pairs: set[tuple[str, str]] = set()
    for middle in sorted(graph):
        partners = sorted(graph[middle])
        for index, first in enumerate(partners):
            for second in partners[index + 1 :]:
                if not graph.has_edge(first, second):
                    pairs.add((first, second))
    if focus is not None:
        pairs = {pair for pair in pairs if focus in pair}
    return sorted(pairs)


def adamic_adar(graph: nx.Graph, first: str, second: str) -> float:
    """Sum over the pair's shared partners of 1 / log(partners of the shared partner)."""
    return float(sum(1 / math.log(graph.degree(z)) for z in nx.common_neighbors(graph, first, second)))


def resource_allocation(graph: nx.Graph, first: str, second: str) -> float:
    """Sum over the pair's shared partners of 1 / (partners of the shared partner)."""
    return float(sum(1 / graph.degree(z) for z in nx.common_neighbors(graph, first, second)))


def ranked_pairs(graph: nx.Graph, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """`pairs` best first: by Adamic-Adar, then resource allocation, then the labels and IRIs."""

    def key(pair: tuple[str, str]) -> tuple[float, float, str, str, str, str]:
        first, second = pair
        return (
            -round(adamic_adar(graph, first, second), 9),
            -round(resource_allocation(graph, first, second), 9),
            str(graph.nodes[first].get("label", first)),
            str(graph.nodes[second].get("label", second)),
            first,
            second,
        )

    return sorted(pairs, key=key)


def topics_of(kg: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Each agent's topics (IRI → label): the `dcterms:subject` of the targets it takes part in."""
    topics: dict[str, dict[str, str]] = defaultdict(dict)
    for agent, topic, label in kg.rows(_TOPICS):
        if agent is None or topic is None:
            continue
        iri = _text(topic)
        text = _text(label) if label is not None else kg.curie(iri)
        known = topics[_text(agent)].get(iri)
        topics[_text(agent)][iri] = text if known is None else min(known, text)
    return dict(topics)


def suggest(
    kg: KnowledgeGraph,
    *,
    actor: str | None = None,
    across: Across | None = None,
    top: int = 10,
    window: Window | None = None,
) -> list[Suggestion]:
    """The `top` pairs of organisations with no tie that the network suggests (0 = all), best first.

    `actor` keeps the pairs of one organisation (IRI, CURIE or label); `across` keeps the pairs
    whose sectors, or countries, have none in common (both known).
    """
    if top < 0:
        raise CareersnetError(f"--top must be 0 or more, not {top}")
    graph = organisation_graph(kg, window)
    focus = resolve_actor(graph, actor) if actor is not None else None
    pairs = [pair for pair in candidate_pairs(graph, focus) if _across(graph, pair, across)]
    ranked = ranked_pairs(graph, pairs)
    if top:
        ranked = ranked[:top]
    topics = topics_of(kg)
    return [_suggestion(graph, first, second, topics) for first, second in ranked]


def _across(graph: nx.Graph, pair: tuple[str, str], across: Across | None) -> bool:
    if across is None:
        return True
    attribute = "sectors" if across == "sectors" else "country"
    first, second = (set(graph.nodes[node].get(attribute, [])) for node in pair)
    return bool(first) and bool(second) and not first & second


def _suggestion(graph: nx.Graph, first: str, second: str, topics: dict[str, dict[str, str]]) -> Suggestion:
    shared = sorted(nx.common_neighbors(graph, first, second), key=lambda n: (graph.nodes[n]["label"], n))
    sources: set[str] = set()
    for partner in shared:
        sources.update(graph.edges[first, partner]["sources"])
        sources.update(graph.edges[second, partner]["sources"])
    first_topics = topics.get(first, {})
    second_topics = topics.get(second, {})
    common_topics = sorted(first_topics[iri] for iri in set(first_topics) & set(second_topics))
    return Suggestion(
        first=first,
        second=second,
        first_label=graph.nodes[first]["label"],
        second_label=graph.nodes[second]["label"],
        adamic_adar=adamic_adar(graph, first, second),
        resource_allocation=resource_allocation(graph, first, second),
        shared_partners=tuple(graph.nodes[n]["label"] for n in shared),
        shared_topics=tuple(common_topics),
        sectors=(tuple(graph.nodes[first]["sectors"]), tuple(graph.nodes[second]["sectors"])),
        countries=(tuple(graph.nodes[first]["country"]), tuple(graph.nodes[second]["country"])),
        sources=tuple(sorted(sources)),
    )


def _and(items: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _text(term: Any) -> str:
    return str(getattr(term, "value", term))
