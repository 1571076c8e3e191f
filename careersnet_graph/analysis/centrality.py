"""Centrality: who is most connected, most between others, closest to all, most endorsed.

>>> import networkx as nx
>>> star = nx.star_graph(3)
>>> degree(star)[0], betweenness(star)[0]
(1.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from careersnet_graph.analysis import DIGITS
from careersnet_graph.analysis.names import CENTRALITY_METRICS

Node = Hashable


def _rounded(values: dict[Node, float]) -> dict[Node, float]:
    return {node: round(float(value), DIGITS) for node, value in values.items()}


def degree(graph: nx.Graph) -> dict[Node, float]:
    """Share of the other nodes a node is tied to (degree / (n - 1))."""
    return _rounded(nx.degree_centrality(graph))


def weighted_degree(graph: nx.Graph) -> dict[Node, float]:
    """Sum of the weights of a node's ties (its strength): shared targets counted, not partners."""
    return {node: float(value) for node, value in graph.degree(weight="weight")}


def betweenness(graph: nx.Graph) -> dict[Node, float]:
    """Share of shortest paths between other nodes that pass through a node (normalised, hops)."""
    return _rounded(nx.betweenness_centrality(graph, normalized=True))


def closeness(graph: nx.Graph) -> dict[Node, float]:
    """Inverse mean distance to the nodes a node can reach, scaled by the share it can reach."""
    return _rounded(nx.closeness_centrality(graph, wf_improved=True))


def pagerank(graph: nx.Graph) -> dict[Node, float]:
    """Weighted PageRank (damping 0.85): ties to well-tied nodes count more."""
    if graph.number_of_nodes() == 0:
        return {}
    return _rounded(nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=1000))


def centrality_table(graph: nx.Graph) -> dict[Node, dict[str, float]]:
    """Every centrality metric of every node: node → {metric → value}, nodes in graph order."""
    columns = {
        "degree": degree(graph),
        "weighted_degree": weighted_degree(graph),
        "betweenness": betweenness(graph),
        "closeness": closeness(graph),
        "pagerank": pagerank(graph),
    }
    return {node: {metric: columns[metric][node] for metric in CENTRALITY_METRICS} for node in graph}
