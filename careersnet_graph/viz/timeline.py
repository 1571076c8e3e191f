"""The time slider's data: the first year each actor and each link of a network appears.

An actor or link appears in the first year whose network as of its last day
(`temporal.Window.as_of`) holds it; one that no dated fact explains (it rests on undated
participations only) has no year and appears only at the slider's last position, "all".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.temporal import Window, dated_facts
from careersnet_graph.ties_in_time import OrganisationTies, tie_code

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
    """The timeline of `graph`, a `projection` of `kg` (the organisations network: the one page with
    a slider), over the years dated facts start in."""
    if projection != "organisations":
        raise ValueError(f"no timeline for the {projection} projection")
    years = sorted(dated_facts(kg).start_years)
    ties = OrganisationTies(kg)
    node_years = np.full(len(ties.organisations), -1, dtype=np.int64)
    seen = np.zeros(0, dtype=np.int64)
    code_years: dict[int, int] = {}
    for year in years:
        network = ties.window(Window.as_of(f"{year}-12-31"))
        node_years[network.nodes[node_years[network.nodes] < 0]] = year
        new = np.setdiff1d(network.codes, seen, assume_unique=True)
        code_years.update(dict.fromkeys(new.tolist(), year))
        seen = np.union1d(seen, new)
    position = {organisation: index for index, organisation in enumerate(ties.organisations)}
    nodes: dict[str, int | None] = {}
    for node in graph:
        index = position.get(str(node))
        nodes[str(node)] = int(node_years[index]) if index is not None and node_years[index] >= 0 else None
    edges: dict[str, int | None] = {}
    for first, second in graph.edges:
        low, high = position.get(str(first)), position.get(str(second))
        code = tie_code(min(low, high), max(low, high)) if low is not None and high is not None else None
        edges[edge_key(first, second)] = code_years.get(code) if code is not None else None
    return Timeline(tuple(years), nodes, edges)
