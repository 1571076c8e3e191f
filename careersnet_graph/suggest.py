"""Suggested partnerships: pairs of organisations with no tie that the network says should meet.

Link prediction on the co-participation network of organisations. Pairs are scored by the
Adamic-Adar index (shared partners, each weighted 1 / log of its number of partners, so a
partner who links everybody says little) and ties broken by resource allocation (1 / partners)
and then by the pair's labels. Each suggestion comes with its reasons in words: the partners the
two share (by name), the topics of the initiatives and events each takes part in, whether their
sectors or countries differ, and the sources of the ties to the shared partners.

Enumerating candidate pairs costs, for each organisation, the pairs of its partners: quadratic in
its number of partners. Above `PAIR_BUDGET` such pairs, the partners with the most partners are
left out as shared partners (`shared_partner_cap`): they weigh least in Adamic-Adar, and the
report and the command say where the cap was drawn. The candidates' scores come from one sparse
matrix product; only those near the best are ranked pair by pair (`_contenders`).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np
from scipy import sparse

from careersnet_graph.analysis.membership import known_and_disjoint, membership
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import organisation_graph
from careersnet_graph.temporal import Window
from careersnet_graph.viz.select import resolve_actor

__all__ = [
    "PAIR_BUDGET",
    "Across",
    "Suggestion",
    "adamic_adar",
    "candidate_pairs",
    "cap_note",
    "shared_partner_cap",
    "suggest",
    "topics_of",
]

PAIR_BUDGET = 2_000_000
"""The most pairs of partners (of one shared partner each) the suggestions enumerate."""

Across = Literal["sectors", "countries"]

_AGENT_TARGETS = """
SELECT DISTINCT ?agent ?target WHERE {
  ?participation a cng:Participation ; cng:agent ?agent ; cng:target ?target .
  FILTER (isIRI(?agent))
}
"""

_TARGET_TOPICS = """
SELECT DISTINCT ?target ?topic ?label WHERE {
  ?target dcterms:subject ?topic .
  OPTIONAL {
    ?topic skos:prefLabel|rdfs:label ?label .
    FILTER (lang(?label) = "" || langMatches(lang(?label), "en"))
  }
  FILTER (isIRI(?topic))
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


def shared_partner_cap(graph: nx.Graph, budget: int = PAIR_BUDGET) -> int | None:
    """The most partners a shared partner may have and still count, so that the pairs of partners
    enumerated stay within `budget`; None when every partner counts."""
    by_degree = Counter(degree for _, degree in graph.degree())
    if sum(count * degree * (degree - 1) // 2 for degree, count in by_degree.items()) <= budget:
        return None
    work, cap = 0, 1
    for degree in sorted(by_degree):
        work += by_degree[degree] * degree * (degree - 1) // 2
        if work > budget:
            return cap
        cap = degree
    return None


def cap_note(cap: int | None) -> str | None:
    """One sentence saying where `shared_partner_cap` was drawn (None when it was not)."""
    if cap is None:
        return None
    return (
        f"Partners with more than {cap:,} partners were not counted as shared partners: enumerating "
        f"every pair of their partners would exceed {PAIR_BUDGET:,} pairs (they weigh least in Adamic-Adar)."
    )


def _shared(graph: nx.Graph, first: str, second: str, cap: int | None) -> list[str]:
    """The partners `first` and `second` share that count (at most `cap` partners each)."""
    return [z for z in nx.common_neighbors(graph, first, second) if cap is None or graph.degree(z) <= cap]


def candidate_pairs(
    graph: nx.Graph, focus: str | None = None, cap: int | None = None
) -> list[tuple[str, str]]:
    """Pairs of nodes with no tie but at least one shared partner (with at most `cap` partners),
    each once, sorted; with `focus`, only its pairs (found from its partners alone)."""
    pairs: set[tuple[str, str]] = set()
    if focus is not None:
        for middle in graph[focus]:
            if cap is not None and graph.degree(middle) > cap:
                continue
            for other in graph[middle]:
                if other != focus and not graph.has_edge(focus, other):
                    pairs.add((focus, other) if focus < other else (other, focus))
        return sorted(pairs)
    for middle in sorted(graph):
        if cap is not None and graph.degree(middle) > cap:
            continue
        partners = sorted(graph[middle])
        for index, first in enumerate(partners):
            for second in partners[index + 1 :]:
                if not graph.has_edge(first, second):
                    pairs.add((first, second))
    return sorted(pairs)


def adamic_adar(graph: nx.Graph, first: str, second: str, cap: int | None = None) -> float:
    """Sum over the pair's shared partners of 1 / log(partners of the shared partner)."""
    return float(sum(1 / math.log(graph.degree(z)) for z in _shared(graph, first, second, cap)))


def resource_allocation(graph: nx.Graph, first: str, second: str, cap: int | None = None) -> float:
    """Sum over the pair's shared partners of 1 / (partners of the shared partner)."""
    return float(sum(1 / graph.degree(z) for z in _shared(graph, first, second, cap)))


def ranked_pairs(
    graph: nx.Graph, pairs: Iterable[tuple[str, str]], cap: int | None = None, top: int = 0
) -> list[tuple[str, str]]:
    """`pairs` best first (the `top` best, or all for 0): by Adamic-Adar, then resource
    allocation, then the labels and IRIs."""

    def key(pair: tuple[str, str]) -> tuple[float, float, str, str, str, str]:
        first, second = pair
        return (
            -round(adamic_adar(graph, first, second, cap), 9),
            -round(resource_allocation(graph, first, second, cap), 9),
            str(graph.nodes[first].get("label", first)),
            str(graph.nodes[second].get("label", second)),
            first,
            second,
        )

    return heapq.nsmallest(top, pairs, key=key) if top else sorted(pairs, key=key)


def topics_of(kg: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Each agent's topics (IRI → label): the `dcterms:subject` of the targets it takes part in
    (the English or untagged label, the first in order where there are several; else the CURIE).
    Targets and their topics are read apart and joined here: one query joining participations to
    topics took 33 s at a million statements. Their rows are read in the store's order: each label
    kept is the least, so no order shows."""
    of_target: dict[object, dict[str, str]] = defaultdict(dict)
    for target, topic, label in kg.rows(_TARGET_TOPICS, ordered=False):
        if target is None or topic is None:
            continue
        iri = _text(topic)
        text = _text(label) if label is not None else kg.curie(iri)
        known = of_target[target].get(iri)
        of_target[target][iri] = text if known is None else min(known, text)
    topics: dict[str, dict[str, str]] = defaultdict(dict)
    for agent, target in kg.rows(_AGENT_TARGETS, ordered=False):
        found = of_target.get(target)
        if agent is None or not found:
            continue
        mine = topics[_text(agent)]
        for iri, text in found.items():
            known = mine.get(iri)
            mine[iri] = text if known is None else min(known, text)
    return dict(topics)


def suggest(
    kg: KnowledgeGraph,
    *,
    actor: str | None = None,
    across: Across | None = None,
    top: int = 10,
    window: Window | None = None,
    graph: nx.Graph | None = None,
    budget: int = PAIR_BUDGET,
) -> list[Suggestion]:
    """The `top` pairs of organisations with no tie that the network suggests (0 = all), best first.

    `actor` keeps the pairs of one organisation (IRI, CURIE or label); `across` keeps the pairs
    whose sectors, or countries, have none in common (both known). `graph` is the organisations
    projection of `kg` when already made. Shared partners above `shared_partner_cap` (for
    `budget` pairs of partners) do not count.
    """
    if top < 0:
        raise CareersnetError(f"--top must be 0 or more, not {top}")
    graph = graph if graph is not None else organisation_graph(kg, window)
    focus = resolve_actor(graph, actor) if actor is not None else None
    cap = shared_partner_cap(graph, budget)
    ranked = ranked_pairs(graph, _contenders(graph, focus, cap, across, top), cap, top)
    topics = topics_of(kg)
    return [_suggestion(graph, first, second, topics, cap) for first, second in ranked]


_MARGIN = 1e-6
"""How far below the `top`-th best Adamic-Adar score (summed by the sparse product, in another order
than `adamic_adar`'s, and not rounded) a pair is still ranked exactly: far above the two sums'
difference and the rounding to 9 decimals of the ranking key."""


def _contenders(
    graph: nx.Graph, focus: str | None, cap: int | None, across: Across | None, top: int
) -> list[tuple[str, str]]:
    """The candidate pairs (`candidate_pairs`, kept by `across`) that may be among the `top` best,
    each once and sorted: all of them for `top` 0, else those within `_MARGIN` of the `top`-th best
    Adamic-Adar score. Scores come from one sparse product (A·W·Aᵀ, W the weights of the shared
    partners that count), instead of a common-neighbours walk per pair."""
    nodes = sorted(graph)
    if len(nodes) < 2:
        return []
    position = {node: index for index, node in enumerate(nodes)}
    edges = np.array([(position[a], position[b]) for a, b in graph.edges], dtype=np.int64).reshape(-1, 2)
    ends = np.concatenate([edges[:, 0], edges[:, 1]])
    far_ends = np.concatenate([edges[:, 1], edges[:, 0]])
    adjacency = sparse.csr_array((np.ones(len(ends)), (ends, far_ends)), shape=(len(nodes), len(nodes)))
    degrees = np.asarray(adjacency.sum(axis=1)).ravel()
    counts = (degrees >= 2) & (degrees <= cap if cap is not None else True)
    weights = np.zeros(len(nodes))
    weights[counts] = 1 / np.log(degrees[counts])
    rows = adjacency if focus is None else adjacency[[position[focus]]]
    scores = sparse.coo_array(rows @ sparse.diags_array(weights) @ adjacency.T)
    if focus is None:
        keep = (scores.data > 0) & (scores.row < scores.col)
        first, second = scores.row[keep].astype(np.int64), scores.col[keep].astype(np.int64)
    else:
        keep = (scores.data > 0) & (scores.col != position[focus])
        others = scores.col[keep].astype(np.int64)
        first, second = np.minimum(others, position[focus]), np.maximum(others, position[focus])
    values = scores.data[keep]
    untied = ~np.isin(first * len(nodes) + second, np.sort(edges, axis=1) @ np.array([len(nodes), 1]))
    first, second, values = first[untied], second[untied], values[untied]
    if across is not None:
        attribute = "sectors" if across == "sectors" else "country"
        rows_of = membership([graph.nodes[node].get(attribute, []) for node in nodes])
        _, disjoint = known_and_disjoint(rows_of, first, second)
        first, second, values = first[disjoint], second[disjoint], values[disjoint]
    if top and len(values) > top:
        threshold = np.partition(values, len(values) - top)[len(values) - top] - _MARGIN
        near = values >= threshold
        first, second = first[near], second[near]
    return sorted((nodes[int(a)], nodes[int(b)]) for a, b in zip(first, second, strict=True))


def _suggestion(
    graph: nx.Graph, first: str, second: str, topics: dict[str, dict[str, str]], cap: int | None
) -> Suggestion:
    shared = sorted(_shared(graph, first, second, cap), key=lambda n: (graph.nodes[n]["label"], n))
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
        adamic_adar=adamic_adar(graph, first, second, cap),
        resource_allocation=resource_allocation(graph, first, second, cap),
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
