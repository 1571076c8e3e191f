"""One interface, two engines for the metrics the report and the pages use.

`NetworkxEngine` is the reference (and the route to networkx backends); `IgraphEngine` computes
the same metrics in C and is the default. Both give the same values on the same graph (rounded
to `DIGITS` places; Louvain may label communities differently, with a modularity within
`MODULARITY_TOLERANCE`). Above `EXACT_WORK` (nodes x edges of the projection), betweenness and
closeness are estimated from `PIVOTS` sampled source nodes (fixed seed) instead of computed from
every node; `approximations` says which metrics were estimated, so that the report can say so.

>>> import networkx as nx
>>> star = nx.star_graph(3)
>>> IgraphEngine().centralities(star)["betweenness"][0], NetworkxEngine().constraint(star)[0]
(1.0, 0.333333)
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import igraph as ig
import networkx as nx
import numpy as np
from scipy import sparse

from careersnet_graph.analysis import DIGITS
from careersnet_graph.analysis import brokerage as nx_brokerage
from careersnet_graph.analysis import centrality as nx_centrality
from careersnet_graph.analysis.communities import SEED, Partition, detect_communities, sorted_partition
from careersnet_graph.analysis.structure import components as nx_components
from careersnet_graph.analysis.structure import core_numbers as nx_core_numbers

Node = Hashable

EXACT_WORK = 50_000_000
"""Above this many node-edge steps (nodes x edges) betweenness and closeness are sampled, so that
exact values cost about a second at most: on the 1M-statement data (seed 7), the persons
projection (12,324 actors, 11,612 ties: 1.4e8 steps) took 2.1 s for exact betweenness and 1.1 s for
closeness in igraph, and exact betweenness on its organisations projection did not finish in 300 s."""

PIVOTS = 256
"""Sampled source nodes for betweenness and closeness above `EXACT_WORK`."""

WEDGES = 30_000_000
"""Above this many paths of two ties the weighted effective size gives way to the unweighted one:
its sparse matrix product costs time and memory in proportion to them (seed 7: the 100k-statement
organisations projection, 1.7e7 paths, 0.22 s; the 1M one, 2.9e8 paths, 13 s and 1.6 GB more)."""

MODULARITY_TOLERANCE = 0.02
"""How far the two engines' Louvain modularities may differ on the same graph."""

ENGINES = ("igraph", "networkx")
"""The engine names `engine_named` accepts; the first is the default."""


def _rounded(values: dict[Node, float]) -> dict[Node, float]:
    return {node: round(float(value), DIGITS) for node, value in values.items()}


def _inverse(values: Any) -> Any:
    """1 / each value, 0 where a value is 0 (an actor without ties)."""
    return np.divide(1.0, values, out=np.zeros_like(values), where=values > 0)


@dataclass(frozen=True)
class Bounds:
    """Where exact all-pairs metrics give way to estimates: above `exact_work` node-edge steps,
    from `pivots` sampled sources (all nodes when the graph has fewer)."""

    exact_work: int = EXACT_WORK
    pivots: int = PIVOTS
    wedges: int = WEDGES

    def sampled(self, graph: nx.Graph) -> bool:
        """Whether betweenness and closeness of `graph` are estimated rather than exact."""
        return int(graph.number_of_nodes()) * int(graph.number_of_edges()) > self.exact_work

    def pivot_count(self, graph: nx.Graph) -> int:
        """How many sources the estimates of `graph` start from."""
        return min(self.pivots, int(graph.number_of_nodes()))


def approximations(graph: nx.Graph, bounds: Bounds = Bounds()) -> list[str]:
    """One sentence per metric that is estimated on `graph` (none when every metric is exact)."""
    if not bounds.sampled(graph):
        return []
    return [
        f"Betweenness and closeness are estimated from {bounds.pivot_count(graph)} source actors "
        f"sampled with a fixed seed ({SEED}): the network has {graph.number_of_nodes():,} actors and "
        f"{graph.number_of_edges():,} ties, too many for the exact all-pairs computation."
    ]


class Engine(Protocol):
    """The metrics of a projected (undirected, weighted) networkx graph, each as node → value."""

    name: str

    def centralities(self, graph: nx.Graph) -> dict[str, dict[Node, float]]:
        """degree, weighted_degree, betweenness, closeness and pagerank of every node."""
        ...

    def constraint(self, graph: nx.Graph) -> dict[Node, float]:
        """Burt's constraint of every tied node (weighted)."""
        ...

    def effective_size(self, graph: nx.Graph) -> dict[Node, float]:
        """Burt's effective size of every tied node (weighted)."""
        ...

    def partition(self, graph: nx.Graph) -> Partition:
        """Louvain communities (seed `SEED`) and their modularity."""
        ...

    def core_numbers(self, graph: nx.Graph) -> dict[Node, int]:
        """The k-core number of every node."""
        ...

    def components(self, graph: nx.Graph) -> list[list[Node]]:
        """Connected components as sorted member lists, largest first."""
        ...

    def approximations(self, graph: nx.Graph) -> list[str]:
        """One sentence per metric this engine estimates on `graph` rather than computes exactly."""
        ...


class NetworkxEngine:
    """The reference: networkx's own algorithms (sampled betweenness above `EXACT_WORK`)."""

    name = "networkx"

    def __init__(self, bounds: Bounds = Bounds()) -> None:
        self.bounds = bounds

    def centralities(self, graph: nx.Graph) -> dict[str, dict[Node, float]]:
        if self.bounds.sampled(graph):
            pivots = self.bounds.pivot_count(graph)
            between = _rounded(
                nx.betweenness_centrality(graph, k=pivots, normalized=True, seed=random.Random(SEED))
            )
        else:
            between = nx_centrality.betweenness(graph)
        return {
            "degree": nx_centrality.degree(graph),
            "weighted_degree": nx_centrality.weighted_degree(graph),
            "betweenness": between,
            "closeness": nx_centrality.closeness(graph),
            "pagerank": nx_centrality.pagerank(graph),
        }

    def constraint(self, graph: nx.Graph) -> dict[Node, float]:
        return nx_brokerage.constraint(graph)

    def effective_size(self, graph: nx.Graph) -> dict[Node, float]:
        return nx_brokerage.effective_size(graph)

    def partition(self, graph: nx.Graph) -> Partition:
        return detect_communities(graph)

    def core_numbers(self, graph: nx.Graph) -> dict[Node, int]:
        return nx_core_numbers(graph)

    def components(self, graph: nx.Graph) -> list[list[Node]]:
        return nx_components(graph)

    def approximations(self, graph: nx.Graph) -> list[str]:
        return approximations(graph, self.bounds)


@dataclass(frozen=True)
class _Indexed:
    """A networkx graph as an igraph graph: nodes in graph order, edge weights as floats."""

    nodes: list[Node]
    graph: ig.Graph
    weights: list[float]


def _indexed(graph: nx.Graph) -> _Indexed:
    nodes = list(graph)
    index = {node: position for position, node in enumerate(nodes)}
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    for u, v, w in graph.edges(data="weight", default=1):
        if u != v:
            edges.append((index[u], index[v]))
            weights.append(float(w))
    return _Indexed(nodes, ig.Graph(n=len(nodes), edges=edges), weights)


class IgraphEngine:
    """The default: igraph's C implementations, pivots above `EXACT_WORK`, no quadratic step."""

    name = "igraph"

    def __init__(self, bounds: Bounds = Bounds()) -> None:
        self.bounds = bounds
        self._cache: dict[int, tuple[nx.Graph, _Indexed]] = {}

    def _of(self, graph: nx.Graph) -> _Indexed:
        """The igraph form of `graph`, converted once per graph object."""
        cached = self._cache.get(id(graph))
        if cached is None or cached[0] is not graph:
            cached = self._cache[id(graph)] = (graph, _indexed(graph))
        return cached[1]

    def centralities(self, graph: nx.Graph) -> dict[str, dict[Node, float]]:
        indexed = self._of(graph)
        g, n = indexed.graph, len(indexed.nodes)
        degree = [d / (n - 1) for d in g.degree()] if n > 1 else [1.0] * n
        strength = g.strength(weights=indexed.weights) if n else []
        pagerank = g.pagerank(damping=0.85, weights=indexed.weights) if n else []
        return {
            "degree": self._values(indexed, degree),
            "weighted_degree": {node: float(s) for node, s in zip(indexed.nodes, strength, strict=True)},
            "betweenness": self._values(indexed, self._betweenness(graph, indexed)),
            "closeness": self._values(indexed, self._closeness(graph, indexed)),
            "pagerank": self._values(indexed, pagerank),
        }

    def _betweenness(self, graph: nx.Graph, indexed: _Indexed) -> list[float]:
        g, n = indexed.graph, len(indexed.nodes)
        if n <= 2:
            return [0.0] * n
        scale = 2.0 / ((n - 1) * (n - 2))
        if not self.bounds.sampled(graph):
            return [value * scale for value in g.betweenness(directed=False)]
        count = self.bounds.pivot_count(graph)
        pivots = random.Random(SEED).sample(range(n), count)
        raw = g.betweenness(directed=False, sources=pivots)
        return [value * scale * n / count for value in raw]

    def _closeness(self, graph: nx.Graph, indexed: _Indexed) -> list[float]:
        """networkx's `wf_improved` closeness: (r-1)/sum of distances, times (r-1)/(n-1)."""
        g, n = indexed.graph, len(indexed.nodes)
        if n <= 1:
            return [0.0] * n
        membership = g.connected_components().membership
        sizes = np.bincount(membership)
        if not self.bounds.sampled(graph):
            raw = np.array(g.closeness(normalized=True), dtype=float)
        else:
            raw = _pivot_closeness(g, membership, sizes, self.bounds.pivots)
        reach = sizes[membership] - 1
        return [
            0.0 if r == 0 or math.isnan(c) else float(c) * r / (n - 1)
            for c, r in zip(raw, reach, strict=True)
        ]

    @staticmethod
    def _values(indexed: _Indexed, values: Sequence[float]) -> dict[Node, float]:
        return {node: round(float(value), DIGITS) for node, value in zip(indexed.nodes, values, strict=True)}

    def constraint(self, graph: nx.Graph) -> dict[Node, float]:
        indexed = self._of(graph)
        values = indexed.graph.constraint(weights=indexed.weights) if indexed.nodes else []
        degrees = indexed.graph.degree()
        return {
            node: round(float(value), DIGITS)
            for node, value, degree in zip(indexed.nodes, values, degrees, strict=True)
            if degree > 0 and not math.isnan(value)
        }

    def effective_size(self, graph: nx.Graph) -> dict[Node, float]:
        """Burt's weighted effective size: actor u's partner v is redundant through each partner w
        tied to both, by p_uw x m_vw, so u's redundancy is row u of P ∘ (A M) summed (A the ties,
        P each tie's share of u's strength, M each tie over v's largest): one sparse product, whose
        work is the paths of two ties."""
        indexed = self._of(graph)
        g, n = indexed.graph, len(indexed.nodes)
        if not n:
            return {}
        if self._wedge_count(indexed) > self.bounds.wedges:
            return self._unweighted_effective_size(indexed)
        weights = np.array(indexed.weights, dtype=float)
        edges = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        strength = np.zeros(n)
        largest = np.zeros(n)
        np.add.at(strength, edges[:, 0], weights)
        np.add.at(strength, edges[:, 1], weights)
        np.maximum.at(largest, edges[:, 0], weights)
        np.maximum.at(largest, edges[:, 1], weights)
        between = edges[:, 0] != edges[:, 1]  # a tie of an actor with itself makes nothing redundant
        first, second, tied = edges[between, 0], edges[between, 1], weights[between]
        ties = sparse.csr_matrix(
            (np.r_[tied, tied], (np.r_[first, second], np.r_[second, first])), shape=(n, n)
        )
        adjacency = ties.copy()
        adjacency.data[:] = 1.0
        share = sparse.diags(_inverse(strength)) @ ties
        relative = sparse.diags(_inverse(largest)) @ ties
        redundancy = np.asarray(share.multiply(adjacency @ relative).sum(axis=1)).ravel()
        degrees = g.degree()
        return {
            node: round(float(degrees[i] - redundancy[i]), DIGITS)
            for i, node in enumerate(indexed.nodes)
            if degrees[i] > 0
        }

    @staticmethod
    def _wedge_count(indexed: _Indexed) -> int:
        """The number of paths of two ties (k(k - 1)/2 through an actor with k ties)."""
        return sum(k * (k - 1) // 2 for k in indexed.graph.degree())

    @staticmethod
    def _unweighted_effective_size(indexed: _Indexed) -> dict[Node, float]:
        """Burt's effective size without weights: k - (k - 1) x the local clustering coefficient."""
        g = indexed.graph
        local = g.transitivity_local_undirected(mode="zero")
        return {
            node: round(float(k - (k - 1) * c), DIGITS)
            for node, k, c in zip(indexed.nodes, g.degree(), local, strict=True)
            if k > 0
        }

    def approximations(self, graph: nx.Graph) -> list[str]:
        notes = approximations(graph, self.bounds)
        if graph.number_of_nodes() and self._wedge_count(self._of(graph)) > self.bounds.wedges:
            notes.append(
                f"Effective size counts partners without tie weights: the network has more than "
                f"{self.bounds.wedges:,} paths of two ties, too many to weigh each partner's redundancy."
            )
        return notes

    def partition(self, graph: nx.Graph) -> Partition:
        indexed = self._of(graph)
        if not indexed.nodes:
            return Partition([], 0.0)
        ig.set_random_number_generator(random.Random(SEED))
        try:
            found = indexed.graph.community_multilevel(weights=indexed.weights or None)
        finally:
            ig.set_random_number_generator(random)
        members: dict[int, list[Node]] = {}
        for node, label in zip(indexed.nodes, found.membership, strict=True):
            members.setdefault(label, []).append(node)
        score = indexed.graph.modularity(found.membership, weights=indexed.weights or None)
        return sorted_partition(graph, list(members.values()), score)

    def core_numbers(self, graph: nx.Graph) -> dict[Node, int]:
        indexed = self._of(graph)
        simple = indexed.graph.copy().simplify()
        return {node: int(k) for node, k in zip(indexed.nodes, simple.coreness(), strict=True)}

    def components(self, graph: nx.Graph) -> list[list[Node]]:
        indexed = self._of(graph)
        found: dict[int, list[Node]] = {}
        for node, label in zip(indexed.nodes, indexed.graph.connected_components().membership, strict=True):
            found.setdefault(label, []).append(node)
        members = [sorted(group, key=str) for group in found.values()]
        return sorted(members, key=lambda group: (-len(group), str(group[0])))


def _pivot_closeness(g: ig.Graph, membership: list[int], sizes: Any, count: int) -> Any:
    """(r-1)/sum of distances, exact in components of at most `count` nodes and estimated from
    `count` sampled sources in each larger one (mean distance to the pivots)."""
    n = g.vcount()
    raw = np.full(n, math.nan)
    small = [v for v in range(n) if sizes[membership[v]] <= count]
    if small:
        raw[small] = g.closeness(vertices=small, normalized=True)
    chooser = random.Random(SEED)
    by_component: dict[int, list[int]] = {}
    for v in range(n):
        if sizes[membership[v]] > count:
            by_component.setdefault(membership[v], []).append(v)
    for members in by_component.values():
        pivots = chooser.sample(members, count)
        distances = np.array(g.distances(source=pivots, target=members), dtype=float)
        totals = distances.sum(axis=0)
        position = {v: i for i, v in enumerate(members)}
        counted = np.full(len(members), count, dtype=float)
        counted[[position[p] for p in pivots]] -= 1
        raw[members] = counted / totals
    return raw


def engine_named(name: str | None = None) -> Engine:
    """The engine called `name` (one of `ENGINES`; None = the default, igraph)."""
    chosen = name or ENGINES[0]
    if chosen == "igraph":
        return IgraphEngine()
    if chosen == "networkx":
        return NetworkxEngine()
    raise ValueError(f"unknown analysis engine {chosen!r}: use one of {', '.join(ENGINES)}")
