"""The igraph engine's computations on one graph's ties, each a list of plain values in node order.

They need only the ties (nodes numbered from 0, with weights) and the bounds, not the networkx
graph: `IgraphEngine` works each out here when first asked for one, or has the build's second
process work out all of them (`all_answers`) while the build goes on, since igraph holds the
interpreter through its C code (at 1M statements 10 s for the organisations projection, 3 s for
the bipartite one). The same ties and bounds give the same values in either process: every
sampled choice starts from the fixed seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import igraph as ig
import numpy as np
from scipy import sparse

from careersnet_graph.analysis.communities import SEED

__all__ = ["ANSWERS", "Work", "all_answers", "answer"]


@dataclass(frozen=True)
class Work:
    """What igraph is asked about one graph: its `nodes` numbered from 0, its `edges` between two
    different nodes (an array of m x 2 node numbers) and their `weights` (an array of m floats);
    whether betweenness and closeness are `sampled`, from `sources` pivots for betweenness and up
    to `pivots` per component for closeness; and above how many paths of two ties (`wedges`) the
    effective size is not weighted. Arrays, not lists of tuples: at 1M statements the lists of
    the organisations projection's 729k ties took about 100 MB in each process."""

    nodes: int
    edges: Any
    weights: Any
    sampled: bool
    sources: int
    pivots: int
    wedges: int

    @cached_property
    def weight_list(self) -> list[float]:
        """The weights as igraph's methods take them (a list: some read an array as a name)."""
        return list(self.weights.tolist())

    def graph(self) -> ig.Graph:
        """The igraph graph of these ties, in their order."""
        graph = ig.Graph(n=self.nodes)
        graph.add_edges(self.edges)
        return graph


def _degree(g: ig.Graph, work: Work) -> list[int]:
    return list(g.degree())


def _strength(g: ig.Graph, work: Work) -> list[float]:
    return list(g.strength(weights=work.weight_list)) if work.nodes else []


def _pagerank(g: ig.Graph, work: Work) -> list[float]:
    return list(g.pagerank(damping=0.85, weights=work.weight_list)) if work.nodes else []


def _betweenness(g: ig.Graph, work: Work) -> list[float]:
    """Normalised betweenness; from `work.sources` sampled pivots, scaled up, when sampled."""
    n = work.nodes
    if n <= 2:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    if not work.sampled:
        return [value * scale for value in g.betweenness(directed=False)]
    pivots = random.Random(SEED).sample(range(n), work.sources)
    raw = g.betweenness(directed=False, sources=pivots)
    return [value * scale * n / work.sources for value in raw]


def _closeness(g: ig.Graph, work: Work) -> list[float]:
    """networkx's `wf_improved` closeness: (r-1)/sum of distances, times (r-1)/(n-1)."""
    n = work.nodes
    if n <= 1:
        return [0.0] * n
    membership = g.connected_components().membership
    sizes = np.bincount(membership)
    if not work.sampled:
        raw = np.array(g.closeness(normalized=True), dtype=float)
    else:
        raw = _pivot_closeness(g, membership, sizes, work.pivots)
    reach = sizes[membership] - 1
    return [
        0.0 if r == 0 or math.isnan(c) else float(c) * r / (n - 1) for c, r in zip(raw, reach, strict=True)
    ]


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
        totals = np.zeros(len(members))
        for start in range(0, count, _PIVOTS_AT_ONCE):  # hop counts: exact sums in any grouping
            chunk = pivots[start : start + _PIVOTS_AT_ONCE]
            totals += np.array(g.distances(source=chunk, target=members), dtype=float).sum(axis=0)
        position = {v: i for i, v in enumerate(members)}
        counted = np.full(len(members), count, dtype=float)
        counted[[position[p] for p in pivots]] -= 1
        raw[members] = counted / totals
    return raw


_PIVOTS_AT_ONCE = 32
"""Pivots whose distances to a component are held at once: igraph gives them as lists of Python
floats (256 pivots x 20k organisations at 1M statements: about 160 MB)."""


def _constraint(g: ig.Graph, work: Work) -> list[float]:
    """Burt's weighted constraint of every node (NaN for an isolate)."""
    return list(g.constraint(weights=work.weight_list)) if work.nodes else []


def wedge_count(degrees: list[int]) -> int:
    """The number of paths of two ties (k(k - 1)/2 through an actor with k ties)."""
    return sum(k * (k - 1) // 2 for k in degrees)


def _effective_size(g: ig.Graph, work: Work) -> list[float]:
    """Burt's weighted effective size of every node: actor u's partner v is redundant through
    each partner w tied to both, by p_uw x m_vw, so u's redundancy is row u of P ∘ (A M) summed
    (A the ties, P each tie's share of u's strength, M each tie over v's largest): one sparse
    product, whose work is the paths of two ties. Above `work.wedges` such paths, without
    weights: k - (k - 1) x the local clustering coefficient."""
    n = work.nodes
    degrees = g.degree()
    if wedge_count(degrees) > work.wedges:
        local = g.transitivity_local_undirected(mode="zero")
        return [float(k - (k - 1) * c) for k, c in zip(degrees, local, strict=True)]
    if not n:
        return []
    weights = work.weights
    edges = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    strength = np.zeros(n)
    largest = np.zeros(n)
    np.add.at(strength, edges[:, 0], weights)
    np.add.at(strength, edges[:, 1], weights)
    np.maximum.at(largest, edges[:, 0], weights)
    np.maximum.at(largest, edges[:, 1], weights)
    between = edges[:, 0] != edges[:, 1]  # a tie of an actor with itself makes nothing redundant
    first, second, tied = edges[between, 0], edges[between, 1], weights[between]
    ties = sparse.csr_matrix((np.r_[tied, tied], (np.r_[first, second], np.r_[second, first])), shape=(n, n))
    adjacency = ties.copy()
    adjacency.data[:] = 1.0
    share = sparse.diags(_inverse(strength)) @ ties
    relative = sparse.diags(_inverse(largest)) @ ties
    redundancy = np.asarray(share.multiply(adjacency @ relative).sum(axis=1)).ravel()
    return [float(degrees[i] - redundancy[i]) for i in range(n)]


def _inverse(values: Any) -> Any:
    """1 / each value, 0 where a value is 0 (an actor without ties)."""
    return np.divide(1.0, values, out=np.zeros_like(values), where=values > 0)


def _communities(g: ig.Graph, work: Work) -> tuple[list[int], float]:
    """Louvain (igraph's multilevel, seed `SEED`): each node's community label, and the modularity."""
    if not work.nodes:
        return [], 0.0
    weights = work.weight_list or None
    ig.set_random_number_generator(random.Random(SEED))
    try:
        found = g.community_multilevel(weights=weights)
    finally:
        ig.set_random_number_generator(random)
    return list(found.membership), float(g.modularity(found.membership, weights=weights))


def _coreness(g: ig.Graph, work: Work) -> list[int]:
    return list(g.copy().simplify().coreness())


def _components(g: ig.Graph, work: Work) -> list[int]:
    return list(g.connected_components().membership)


ANSWERS: dict[str, Callable[[ig.Graph, Work], Any]] = {
    "degree": _degree,
    "strength": _strength,
    "pagerank": _pagerank,
    "betweenness": _betweenness,
    "closeness": _closeness,
    "constraint": _constraint,
    "effective_size": _effective_size,
    "communities": _communities,
    "coreness": _coreness,
    "components": _components,
}
"""Each answer igraph gives about a graph, by name."""


def answer(g: ig.Graph, work: Work, name: str) -> Any:
    """The answer `name` (a key of `ANSWERS`) about `work`, whose igraph graph is `g`."""
    return ANSWERS[name](g, work)


def all_answers(work: Work) -> dict[str, Any]:
    """Every answer about `work`, by name (what the build's second process is given to do)."""
    g = work.graph()
    return {name: compute(g, work) for name, compute in ANSWERS.items()}
