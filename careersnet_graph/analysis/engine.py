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

from careersnet_graph.analysis import DIGITS
from careersnet_graph.analysis import brokerage as nx_brokerage
from careersnet_graph.analysis import centrality as nx_centrality
from careersnet_graph.analysis.communities import SEED, Partition, detect_communities, sorted_partition
from careersnet_graph.analysis.igraph_work import Work, all_answers, answer, wedge_count
from careersnet_graph.analysis.structure import components as nx_components
from careersnet_graph.analysis.structure import core_numbers as nx_core_numbers
from careersnet_graph.helper_process import Deferred, HelperProcess

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

HAND_OVER_TIES = 50_000
"""From this many ties `IgraphEngine.begin` has the second process work a graph's metrics out;
smaller graphs are worked out here when asked (at 1M statements the persons projection, 11,612
ties, in 0.2 s): sent, they would only queue ahead of the long work handed over after them."""

MODULARITY_TOLERANCE = 0.02
"""How far the two engines' Louvain modularities may differ on the same graph."""

ENGINES = ("igraph", "networkx")
"""The engine names `engine_named` accepts; the first is the default."""


def _rounded(values: dict[Node, float]) -> dict[Node, float]:
    return {node: round(float(value), DIGITS) for node, value in values.items()}


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

    def begin(self, graph: nx.Graph, helper: HelperProcess) -> Deferred[Any] | None:
        """Start working out the metrics of `graph` in `helper` while the caller goes on, where
        the engine can (the methods take them up): what is being worked out, or None when the
        engine works each out when asked."""
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

    def begin(self, graph: nx.Graph, helper: HelperProcess) -> Deferred[Any] | None:
        """Nothing: the reference works each metric out here, when asked."""
        return None


@dataclass(frozen=True)
class _Indexed:
    """A networkx graph as igraph takes it: nodes in graph order, and what igraph is asked about
    it."""

    nodes: list[Node]
    work: Work


def _indexed(graph: nx.Graph, bounds: Bounds) -> _Indexed:
    nodes = list(graph)
    index = {node: position for position, node in enumerate(nodes)}
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    for u, v, w in graph.edges(data="weight", default=1):
        if u != v:
            edges.append((index[u], index[v]))
            weights.append(float(w))
    work = Work(
        len(nodes),
        np.array(edges, dtype=np.int64).reshape(-1, 2),
        np.array(weights, dtype=float),
        bounds.sampled(graph),
        bounds.pivot_count(graph),
        bounds.pivots,
        bounds.wedges,
    )
    return _Indexed(nodes, work)


class _Answers:
    """igraph's answers about one graph: all of them from a second process once `begun`, else
    each worked out here when first asked for."""

    def __init__(self, indexed: _Indexed) -> None:
        self.indexed = indexed
        self._known: dict[str, Any] = {}
        self._coming: Deferred[dict[str, Any]] | None = None
        self._graph: ig.Graph | None = None

    def begin(self, helper: HelperProcess) -> Deferred[dict[str, Any]] | None:
        """Every answer, from `helper` (None if some were already worked out here)."""
        if self._coming is None and not self._known:
            self._coming = helper.submit(all_answers, self.indexed.work)
        return self._coming

    def __getitem__(self, name: str) -> Any:
        if self._coming is not None:
            self._known.update(self._coming.result())
            self._coming = None
        if name not in self._known:
            if self._graph is None:  # made here only for what is worked out here
                self._graph = self.indexed.work.graph()
            self._known[name] = answer(self._graph, self.indexed.work, name)
        return self._known[name]


class IgraphEngine:
    """The default: igraph's C implementations, pivots above `EXACT_WORK`, no quadratic step."""

    name = "igraph"

    def __init__(self, bounds: Bounds = Bounds(), hand_over: int = HAND_OVER_TIES) -> None:
        self.bounds = bounds
        self.hand_over = hand_over
        self._cache: dict[int, tuple[nx.Graph, _Answers]] = {}

    def _of(self, graph: nx.Graph) -> _Answers:
        """The igraph answers about `graph`, whose igraph form is made once per graph object."""
        cached = self._cache.get(id(graph))
        if cached is None or cached[0] is not graph:
            cached = self._cache[id(graph)] = (graph, _Answers(_indexed(graph, self.bounds)))
        return cached[1]

    def begin(self, graph: nx.Graph, helper: HelperProcess) -> Deferred[Any] | None:
        """Have `helper` work out every metric of `graph` while the caller goes on, if it has at
        least `hand_over` ties; the methods take them up when asked (each is worked out here if
        that process fails)."""
        if graph.number_of_edges() < self.hand_over:
            return None
        return self._of(graph).begin(helper)

    def centralities(self, graph: nx.Graph) -> dict[str, dict[Node, float]]:
        answers = self._of(graph)
        nodes, n = answers.indexed.nodes, len(answers.indexed.nodes)
        degree = [d / (n - 1) for d in answers["degree"]] if n > 1 else [1.0] * n
        return {
            "degree": self._values(nodes, degree),
            "weighted_degree": {node: float(s) for node, s in zip(nodes, answers["strength"], strict=True)},
            "betweenness": self._values(nodes, answers["betweenness"]),
            "closeness": self._values(nodes, answers["closeness"]),
            "pagerank": self._values(nodes, answers["pagerank"]),
        }

    @staticmethod
    def _values(nodes: list[Node], values: Sequence[float]) -> dict[Node, float]:
        return {node: round(float(value), DIGITS) for node, value in zip(nodes, values, strict=True)}

    def constraint(self, graph: nx.Graph) -> dict[Node, float]:
        answers = self._of(graph)
        return {
            node: round(float(value), DIGITS)
            for node, value, degree in zip(
                answers.indexed.nodes, answers["constraint"], answers["degree"], strict=True
            )
            if degree > 0 and not math.isnan(value)
        }

    def effective_size(self, graph: nx.Graph) -> dict[Node, float]:
        """Burt's weighted effective size (`igraph_work`), unweighted above `Bounds.wedges`."""
        answers = self._of(graph)
        return {
            node: round(value, DIGITS)
            for node, value, degree in zip(
                answers.indexed.nodes, answers["effective_size"], answers["degree"], strict=True
            )
            if degree > 0
        }

    def approximations(self, graph: nx.Graph) -> list[str]:
        notes = approximations(graph, self.bounds)
        if graph.number_of_nodes() and wedge_count(self._of(graph)["degree"]) > self.bounds.wedges:
            notes.append(
                f"Effective size counts partners without tie weights: the network has more than "
                f"{self.bounds.wedges:,} paths of two ties, too many to weigh each partner's redundancy."
            )
        return notes

    def partition(self, graph: nx.Graph) -> Partition:
        answers = self._of(graph)
        if not answers.indexed.nodes:
            return Partition([], 0.0)
        membership, score = answers["communities"]
        members: dict[int, list[Node]] = {}
        for node, label in zip(answers.indexed.nodes, membership, strict=True):
            members.setdefault(label, []).append(node)
        return sorted_partition(graph, list(members.values()), score)

    def core_numbers(self, graph: nx.Graph) -> dict[Node, int]:
        answers = self._of(graph)
        return {node: int(k) for node, k in zip(answers.indexed.nodes, answers["coreness"], strict=True)}

    def components(self, graph: nx.Graph) -> list[list[Node]]:
        answers = self._of(graph)
        found: dict[int, list[Node]] = {}
        for node, label in zip(answers.indexed.nodes, answers["components"], strict=True):
            found.setdefault(label, []).append(node)
        members = [sorted(group, key=str) for group in found.values()]
        return sorted(members, key=lambda group: (-len(group), str(group[0])))


def engine_named(name: str | None = None) -> Engine:
    """The engine called `name` (one of `ENGINES`; None = the default, igraph)."""
    chosen = name or ENGINES[0]
    if chosen == "igraph":
        return IgraphEngine()
    if chosen == "networkx":
        return NetworkxEngine()
    raise ValueError(f"unknown analysis engine {chosen!r}: use one of {', '.join(ENGINES)}")
