"""Brokerage: who bridges otherwise separate parts of the cooperation network.

Burt's constraint (low = a broker with non-redundant partners) and effective size (the number
of non-redundant partners), both weighted; the share of each actor's ties that cross a sector
or a border; and the participation coefficient, how evenly an actor's ties spread over the
communities.

>>> import networkx as nx
>>> star = nx.star_graph(3)
>>> constraint(star)[0], effective_size(star)[0]
(0.333333, 3.0)
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx

from careersnet_graph.analysis import DIGITS
from careersnet_graph.analysis.names import BROKERAGE_METRICS

Node = Hashable


def _tied(graph: nx.Graph) -> list[Node]:
    return [node for node in graph if graph.degree(node) > 0]


def constraint(graph: nx.Graph) -> dict[Node, float]:
    """Burt's constraint of each tied node (weighted): how much its partners are tied to each other."""
    values = nx.constraint(graph, nodes=_tied(graph), weight="weight")
    return {node: round(float(value), DIGITS) for node, value in values.items() if not math.isnan(value)}


def effective_size(graph: nx.Graph) -> dict[Node, float]:
    """Burt's effective size of each tied node (weighted): its partners minus their redundancy."""
    values = nx.effective_size(graph, nodes=_tied(graph), weight="weight")
    return {node: round(float(value), DIGITS) for node, value in values.items() if not math.isnan(value)}


def cross_share(graph: nx.Graph, attribute: str) -> dict[Node, float]:
    """Share of a node's ties whose two ends have no value of the list `attribute` in common.

    Only ties whose two ends both have a value count; a node with no such tie gets no share.
    """
    values = {node: frozenset(data.get(attribute) or ()) for node, data in graph.nodes(data=True)}
    shares: dict[Node, float] = {}
    for node, neighbours in graph.adj.items():
        own = values[node]
        if not own:
            continue
        known = crossing = 0
        for neighbour in neighbours:
            theirs = values[neighbour]
            if theirs:
                known += 1
                if own.isdisjoint(theirs):
                    crossing += 1
        if known:
            shares[node] = round(crossing / known, DIGITS)
    return shares


def cross_sector_share(graph: nx.Graph) -> dict[Node, float]:
    """Share of a node's ties to actors of other sectors (node attribute `sectors`)."""
    return cross_share(graph, "sectors")


def cross_border_share(graph: nx.Graph) -> dict[Node, float]:
    """Share of a node's ties to actors of other countries (node attribute `country`)."""
    return cross_share(graph, "country")


def participation_coefficient(graph: nx.Graph, community: dict[Node, int]) -> dict[Node, float]:
    """1 - sum over communities of (weighted ties into it / all weighted ties)^2; 0 = one community only."""
    values: dict[Node, float] = {}
    for node, neighbours in graph.adj.items():
        if not neighbours:
            continue
        strength: dict[int, float] = {}
        for neighbour, data in neighbours.items():
            group = community[neighbour]
            strength[group] = strength.get(group, 0) + data.get("weight", 1)
        total = sum(strength.values())
        values[node] = round(1.0 - sum((s / total) ** 2 for s in strength.values()), DIGITS)
    return values


def brokerage_table(graph: nx.Graph) -> dict[Node, dict[str, float | None]]:
    """Every brokerage metric of every node (None where undefined, e.g. for an isolate)."""
    columns = {
        "constraint": constraint(graph),
        "effective_size": effective_size(graph),
        "cross_sector_share": cross_sector_share(graph),
        "cross_border_share": cross_border_share(graph),
    }
    return {node: {metric: columns[metric].get(node) for metric in BROKERAGE_METRICS} for node in graph}
