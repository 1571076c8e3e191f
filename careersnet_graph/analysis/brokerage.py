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
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

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


@dataclass(frozen=True)
class _Ties:
    """A graph's ties by node number, each seen from both ends (a node's tie with itself once,
    as its adjacency holds it), with its weight: what the shares are counted from, with numpy."""

    nodes: list[Node]
    own: Any
    other: Any
    weight: Any

    @classmethod
    def of(cls, graph: nx.Graph) -> _Ties:
        nodes = list(graph)
        index = {node: position for position, node in enumerate(nodes)}
        first, second, weights = [], [], []
        for u, v, weight in graph.edges(data="weight", default=1):
            first.append(index[u])
            second.append(index[v])
            weights.append(weight)
        a, b = np.array(first, dtype=np.int64), np.array(second, dtype=np.int64)
        w = np.array(weights, dtype=float)
        between = a != b
        return cls(nodes, np.r_[a, b[between]], np.r_[b, a[between]], np.r_[w, w[between]])


def _numbered(values: list[Hashable]) -> tuple[Any, list[Hashable]]:
    """Each value's number (in order of first appearance) and the distinct values in that order."""
    numbers: dict[Hashable, int] = {}
    coded = np.array([numbers.setdefault(value, len(numbers)) for value in values], dtype=np.int64)
    return coded, list(numbers)


def cross_share(graph: nx.Graph, attribute: str) -> dict[Node, float]:
    """Share of a node's ties whose two ends have no value of the list `attribute` in common.

    Only ties whose two ends both have a value count; a node with no such tie gets no share.
    """
    return _cross_share(graph, _Ties.of(graph), attribute)


def _cross_share(graph: nx.Graph, ties: _Ties, attribute: str) -> dict[Node, float]:
    """`cross_share`, counted with numpy: whether two ends share a value is asked once per
    distinct pair of value sets among the ties, never per pair of nodes."""
    coded, sets = _numbered([frozenset(graph.nodes[node].get(attribute) or ()) for node in ties.nodes])
    valued = np.array([bool(values) for values in sets], dtype=bool)[coded]
    counted = valued[ties.own] & valued[ties.other]
    own, other = ties.own[counted], ties.other[counted]
    pairs, which = np.unique(coded[own] * len(sets) + coded[other], return_inverse=True)
    disjoint = np.array(
        [sets[pair // len(sets)].isdisjoint(sets[pair % len(sets)]) for pair in pairs.tolist()], dtype=float
    )
    n = len(ties.nodes)
    known = np.bincount(own, minlength=n)
    crossing = np.bincount(own, weights=disjoint[which.ravel()], minlength=n)
    return {
        node: round(int(crossing[i]) / int(known[i]), DIGITS)
        for i, node in enumerate(ties.nodes)
        if valued[i] and known[i]
    }


def cross_sector_share(graph: nx.Graph) -> dict[Node, float]:
    """Share of a node's ties to actors of other sectors (node attribute `sectors`)."""
    return cross_share(graph, "sectors")


def cross_border_share(graph: nx.Graph) -> dict[Node, float]:
    """Share of a node's ties to actors of other countries (node attribute `country`)."""
    return cross_share(graph, "country")


def participation_coefficient(graph: nx.Graph, community: dict[Node, int]) -> dict[Node, float]:
    """1 - sum over communities of (weighted ties into it / all weighted ties)^2; 0 = one community only."""
    return _participation_coefficient(_Ties.of(graph), community)


def _participation_coefficient(ties: _Ties, community: dict[Node, int]) -> dict[Node, float]:
    """`participation_coefficient`, summed with numpy over each node's (node, community) pairs."""
    n = len(ties.nodes)
    partners = sorted(set(ties.other.tolist()))
    groups = {node: community[ties.nodes[node]] for node in partners}  # a partner must have one
    coded, labels = _numbered([groups.get(node, -1) for node in range(n)])
    pairs, which = np.unique(ties.own * len(labels) + coded[ties.other], return_inverse=True)
    strength = np.bincount(which.ravel(), weights=ties.weight, minlength=len(pairs))
    owner = pairs // len(labels)
    total = np.bincount(ties.own, weights=ties.weight, minlength=n)
    share = np.divide(strength, total[owner], out=np.zeros(len(pairs)), where=total[owner] != 0)
    squares = np.bincount(owner, weights=share * share, minlength=n)
    tied = np.bincount(ties.own, minlength=n) > 0
    return {
        node: round(1.0 - float(squares[i]), DIGITS)
        for i, node in enumerate(ties.nodes)
        if tied[i] and total[i] != 0
    }


def shares(graph: nx.Graph, community: dict[Node, int]) -> dict[str, dict[Node, float]]:
    """`cross_sector_share`, `cross_border_share` and `participation_coefficient` of every node,
    from one reading of the graph's ties."""
    ties = _Ties.of(graph)
    return {
        "cross_sector_share": _cross_share(graph, ties, "sectors"),
        "cross_border_share": _cross_share(graph, ties, "country"),
        "participation_coefficient": _participation_coefficient(ties, community),
    }


def brokerage_table(graph: nx.Graph) -> dict[Node, dict[str, float | None]]:
    """Every brokerage metric of every node (None where undefined, e.g. for an isolate)."""
    columns = {
        "constraint": constraint(graph),
        "effective_size": effective_size(graph),
        "cross_sector_share": cross_sector_share(graph),
        "cross_border_share": cross_border_share(graph),
    }
    return {node: {metric: columns[metric].get(node) for metric in BROKERAGE_METRICS} for node in graph}
