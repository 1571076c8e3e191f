"""Structure: components, isolates, k-cores and the density of cooperation between groups.

>>> import networkx as nx
>>> components(nx.Graph([(1, 2), (3, 4), (4, 5)]))
[[3, 4, 5], [1, 2]]
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from careersnet_graph.analysis import DIGITS

Node = Hashable


def _key(node: Node) -> str:
    return str(node)


def components(graph: nx.Graph) -> list[list[Node]]:
    """Connected components as sorted member lists, largest first."""
    found = [sorted(members, key=_key) for members in nx.connected_components(graph)]
    return sorted(found, key=lambda members: (-len(members), _key(members[0])))


def isolates(graph: nx.Graph) -> list[Node]:
    """Nodes without any tie, sorted."""
    return sorted(nx.isolates(graph), key=_key)


def core_numbers(graph: nx.Graph) -> dict[Node, int]:
    """The largest k such that the node lies in the k-core (every member has ≥ k ties in it)."""
    simple = nx.Graph(graph.edges)
    simple.add_nodes_from(graph)
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    return {node: int(value) for node, value in nx.core_number(simple).items()}


def main_core(graph: nx.Graph) -> list[Node]:
    """Members of the innermost k-core, sorted."""
    cores = core_numbers(graph)
    if not cores:
        return []
    top = max(cores.values())
    return sorted((node for node, k in cores.items() if k == top), key=_key)


@dataclass(frozen=True)
class GroupDensity:
    """Cooperation between two groups (e.g. two countries, two sectors, or one with itself)."""

    first: str
    second: str
    ties: int
    weight: int
    possible: int
    density: float


def group_density(graph: nx.Graph, attribute: str) -> list[GroupDensity]:
    """Density of ties between each pair of groups given by the list node attribute `attribute`.

    A node belongs to every group its attribute lists. For groups A and B, `possible` counts the
    unordered pairs of distinct nodes with one end in A and the other in B, `ties` the pairs that
    are tied, `weight` their summed weights, and `density` = ties / possible. Only pairs with at
    least one tie are listed, sorted by group names.
    """
    members: dict[str, set[Node]] = {}
    for node, values in graph.nodes(data=attribute):
        for value in values or ():
            members.setdefault(str(value), set()).add(node)
    rows: list[GroupDensity] = []
    names = sorted(members)
    for index, first in enumerate(names):
        for second in names[index:]:
            pairs = _pairs_between(members[first], members[second])
            tied = [pair for pair in pairs if graph.has_edge(*pair)]
            if not tied:
                continue
            weight = sum(int(graph.edges[pair].get("weight", 1)) for pair in tied)
            rows.append(
                GroupDensity(
                    first, second, len(tied), weight, len(pairs), round(len(tied) / len(pairs), DIGITS)
                )
            )
    return rows


def _pairs_between(first: set[Node], second: set[Node]) -> set[tuple[Node, Node]]:
    """Unordered pairs of distinct nodes, one in each set, each pair ordered by `_key`."""
    if first == second:
        return {tuple(sorted(pair, key=_key)) for pair in combinations(first, 2)}  # type: ignore[misc]
    pairs: set[tuple[Node, Node]] = set()
    for a in first:
        for b in second:
            if a != b:
                pairs.add((a, b) if _key(a) <= _key(b) else (b, a))
    return pairs


def density(graph: nx.Graph) -> float:
    """Ties present / ties possible in the whole graph."""
    return round(float(nx.density(graph)), DIGITS) if graph.number_of_nodes() > 1 else 0.0
