"""Structure: components, isolates, k-cores and the density of cooperation between groups.

>>> import networkx as nx
>>> components(nx.Graph([(1, 2), (3, 4), (4, 5)]))
[[3, 4, 5], [1, 2]]
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

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
    edges: tuple[tuple[Node, Node], ...] = field(default=(), compare=False, repr=False)
    """The ties counted, in graph order."""


def group_density(graph: nx.Graph, attribute: str) -> list[GroupDensity]:
    """Density of ties between each pair of groups given by the list node attribute `attribute`.

    A node belongs to every group its attribute lists. For groups A and B, `possible` counts the
    unordered pairs of distinct nodes with one end in A and the other in B, `ties` the pairs that
    are tied, `weight` their summed weights, and `density` = ties / possible. Only pairs with at
    least one tie are listed, sorted by group names. One pass over the ties: the cost grows with
    the ties and the groups per node, not with the pairs of nodes.
    """
    members: dict[str, set[Node]] = {}
    for node, values in graph.nodes(data=attribute):
        for value in values or ():
            members.setdefault(str(value), set()).add(node)
    groups = {
        node: sorted({str(value) for value in values or ()}) for node, values in graph.nodes(data=attribute)
    }
    tied: dict[tuple[str, str], list[tuple[Node, Node]]] = {}
    weights: dict[tuple[str, str], int] = {}
    for u, v, weight in graph.edges(data="weight", default=1):
        if u == v:
            continue
        cells = {(min(a, b), max(a, b)) for a in groups[u] for b in groups[v]}
        for cell in cells:
            tied.setdefault(cell, []).append((u, v))
            weights[cell] = weights.get(cell, 0) + int(weight)
    rows: list[GroupDensity] = []
    for (first, second), edges in sorted(tied.items()):
        possible = _possible_pairs(members[first], members[second])
        rows.append(
            GroupDensity(
                first,
                second,
                len(edges),
                weights[(first, second)],
                possible,
                round(len(edges) / possible, DIGITS),
                tuple(edges),
            )
        )
    return rows


def _possible_pairs(first: set[Node], second: set[Node]) -> int:
    """Unordered pairs of distinct nodes with one end in each set: |A||B| minus the pairs of a
    node with itself and the pairs counted twice (both ends in both sets)."""
    if first is second or first == second:
        return len(first) * (len(first) - 1) // 2
    both = len(first & second)
    return len(first) * len(second) - both - both * (both - 1) // 2


def density(graph: nx.Graph) -> float:
    """Ties present / ties possible in the whole graph."""
    return round(float(nx.density(graph)), DIGITS) if graph.number_of_nodes() > 1 else 0.0
