"""Communities: groups of actors that cooperate more among themselves than with others.

Louvain modularity optimisation with a fixed seed, so that the same graph always gives the
same partition. Communities are numbered by size (largest first), then by their first member.

>>> import networkx as nx
>>> two = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
>>> detect_communities(two).communities
[[0, 1, 2], [3, 4, 5]]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import networkx as nx

from careersnet_graph.analysis import DIGITS

Node = Hashable
SEED = 20211206
"""Fixed seed of the Louvain method (the date of CareersNet's fifth annual meeting)."""


@dataclass(frozen=True)
class Partition:
    """Communities as sorted member lists (largest first) and the partition's modularity."""

    communities: list[list[Node]]
    modularity: float


def _sort_key(node: Node) -> str:
    return str(node)


def detect_communities(graph: nx.Graph) -> Partition:
    """Louvain communities (weighted, seed `SEED`) and their modularity; isolates stand alone."""
    if graph.number_of_nodes() == 0:
        return Partition([], 0.0)
    return sorted_partition(graph, nx.community.louvain_communities(graph, weight="weight", seed=SEED))


def sorted_partition(
    graph: nx.Graph, found: Iterable[Iterable[Node]], modularity: float | None = None
) -> Partition:
    """Communities found by any method, sorted (largest first, then by first member), with their
    weighted modularity (computed here unless given)."""
    communities = [sorted(members, key=_sort_key) for members in found]
    communities.sort(key=lambda members: (-len(members), _sort_key(members[0])))
    if graph.number_of_edges() == 0:
        return Partition(communities, 0.0)
    score = modularity
    if score is None:
        score = nx.community.modularity(graph, [set(c) for c in communities], weight="weight")
    return Partition(communities, round(float(score), DIGITS))


def community_of(graph: nx.Graph) -> dict[Node, int]:
    """The number of each node's community (0 = the largest)."""
    return {
        node: index for index, members in enumerate(detect_communities(graph).communities) for node in members
    }
