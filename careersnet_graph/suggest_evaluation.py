"""How well the suggestions predict ties: hide the most recent ties, predict them from the rest.

The network as of a cutoff date (`temporal.Window.as_of`) is the earlier network; the new ties
are the ties of the network of every dated fact that the earlier network lacks, between two
organisations both already in it (a tie to a newcomer cannot be predicted from the network).
Suggestions ranked by Adamic-Adar (`suggest.ranked_pairs`) are compared at each k with plain
common neighbours (ties broken by label, the same way) and with random pairs, whose expected
precision is exactly the share of new ties among all pairs with no earlier tie.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import organisation_graph
from careersnet_graph.suggest import candidate_pairs, ranked_pairs
from careersnet_graph.temporal import Window, dated_facts

__all__ = ["Evaluation", "default_cutoff", "evaluate"]

DEFAULT_KS = (5, 10, 20, 50)


@dataclass(frozen=True)
class Evaluation:
    """Precision at k of each method, with the sizes behind it."""

    cutoff: str
    earlier_actors: int
    earlier_ties: int
    later_ties: int
    new_ties: int
    open_pairs: int
    candidates: int
    reachable: int
    """New ties among the candidates: the most that any score of shared partners can find."""
    precision: dict[str, dict[int, float]]

    def markdown(self) -> str:
        """The evaluation as a Markdown table with its sizes above it."""
        ks = sorted(next(iter(self.precision.values())))
        lines = [
            f"Earlier network: as of {self.cutoff}, {self.earlier_actors} organisations, "
            f"{self.earlier_ties} ties. Network of every dated fact: {self.later_ties} ties; "
            f"{self.new_ties} new ties between organisations of the earlier network (hidden). "
            f"{self.open_pairs} pairs had no earlier tie; {self.candidates} of them had a shared partner, "
            f"{self.reachable} of which are new ties. Precision at k divides by k even where fewer "
            "pairs are ranked.",
            "",
            "| method | " + " | ".join(f"precision@{k}" for k in ks) + " |",
            "|---|" + "---|" * len(ks),
        ]
        for method, values in self.precision.items():
            lines.append(f"| {method} | " + " | ".join(f"{values[k]:.3f}" for k in ks) + " |")
        return "\n".join(lines) + "\n"


def default_cutoff(kg: KnowledgeGraph, hidden_share: float = 0.2) -> str:
    """The last day of the latest year whose network, as of that day, lacks at least
    `hidden_share` of the ties of the network of every dated fact: the most recent ties are hidden."""
    years = dated_facts(kg).years
    if years is None:
        raise CareersnetError("no participation is dated: nothing to hide and predict")
    total = organisation_graph(kg, Window()).number_of_edges()
    for year in range(years[1], years[0] - 1, -1):
        cutoff = f"{year}-12-31"
        if organisation_graph(kg, Window.as_of(cutoff)).number_of_edges() <= total * (1 - hidden_share):
            return cutoff
    return f"{years[0]}-12-31"


def evaluate(kg: KnowledgeGraph, cutoff: str, ks: tuple[int, ...] = DEFAULT_KS) -> Evaluation:
    """Precision at each k of Adamic-Adar, common neighbours and random pairs for ties after `cutoff`."""
    earlier = organisation_graph(kg, Window.as_of(cutoff))
    later = organisation_graph(kg, Window())
    new_ties = {
        _pair(first, second)
        for first, second in later.edges
        if first in earlier and second in earlier and not earlier.has_edge(first, second)
    }
    nodes = earlier.number_of_nodes()
    open_pairs = nodes * (nodes - 1) // 2 - earlier.number_of_edges()
    candidates = candidate_pairs(earlier)
    by_adamic_adar = ranked_pairs(earlier, candidates)
    by_common = _by_common_neighbours(earlier, candidates)
    random_rate = len(new_ties) / open_pairs if open_pairs else 0.0
    precision = {
        "Adamic-Adar": {k: _precision(by_adamic_adar, new_ties, k) for k in ks},
        "common neighbours": {k: _precision(by_common, new_ties, k) for k in ks},
        "random pairs (expected)": dict.fromkeys(ks, random_rate),
    }
    return Evaluation(
        cutoff=cutoff,
        earlier_actors=nodes,
        earlier_ties=earlier.number_of_edges(),
        later_ties=later.number_of_edges(),
        new_ties=len(new_ties),
        open_pairs=open_pairs,
        candidates=len(candidates),
        reachable=sum(_pair(*pair) in new_ties for pair in candidates),
        precision=precision,
    )


def _by_common_neighbours(graph: nx.Graph, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    def key(pair: tuple[str, str]) -> tuple[int, str, str, str, str]:
        first, second = pair
        shared = len(list(nx.common_neighbors(graph, first, second)))
        return (-shared, graph.nodes[first]["label"], graph.nodes[second]["label"], first, second)

    return sorted(pairs, key=key)


def _precision(ranked: list[tuple[str, str]], truth: set[tuple[str, str]], k: int) -> float:
    """Share of the first k ranked pairs that are true (k counted even where fewer are ranked)."""
    return sum(_pair(*pair) in truth for pair in ranked[:k]) / k


def _pair(first: str, second: str) -> tuple[str, str]:
    return (min(first, second), max(first, second))
