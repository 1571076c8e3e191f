"""The time slider's data: the first year each actor and each link of a network appears.

An actor or link appears in the first year whose network as of its last day
(`temporal.Window.as_of`) holds it; one that no dated fact explains (it rests on undated
participations only) has no year and appears only at the slider's last position, "all".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.temporal import Window, dated_facts

__all__ = ["Timeline", "edge_key", "network_timeline"]


def edge_key(first: Any, second: Any) -> str:
    """A link's key in the timeline: its two ends' ids, sorted, joined by a space."""
    return " ".join(sorted((str(first), str(second))))


@dataclass(frozen=True)
class Timeline:
    """The years the slider steps through and the first year of each actor and link (None: undated)."""

    years: tuple[int, ...]
    nodes: dict[str, int | None]
    edges: dict[str, int | None]

    def within(self, graph: nx.Graph) -> Timeline:
        """The timeline of the actors and links of `graph` only (the page may show fewer)."""
        return Timeline(
            self.years,
            {str(node): self.nodes.get(str(node)) for node in sorted(graph, key=str)},
            {key: self.edges.get(key) for key in sorted(edge_key(a, b) for a, b in graph.edges)},
        )

    def as_json_value(self) -> dict[str, Any]:
        return {"years": list(self.years), "nodes": self.nodes, "edges": self.edges}


def network_timeline(kg: KnowledgeGraph, projection: str, graph: nx.Graph) -> Timeline:
    """The timeline of `graph`, a `projection` of `kg`, over the years dated facts start in."""
    dated = dated_facts(kg)
    years = sorted({int(day[:4]) for fact in dated.periods if (day := dated.first_day(fact)) is not None})
    nodes: dict[str, int | None] = dict.fromkeys(map(str, graph), None)
    edges: dict[str, int | None] = dict.fromkeys((edge_key(a, b) for a, b in graph.edges), None)
    for year in years:
        network = PROJECTIONS[projection](kg, Window.as_of(f"{year}-12-31"))
        for node in network:
            if nodes.get(str(node), 0) is None:
                nodes[str(node)] = year
        for first, second in network.edges:
            key = edge_key(first, second)
            if edges.get(key, 0) is None:
                edges[key] = year
    return Timeline(tuple(years), nodes, edges)
