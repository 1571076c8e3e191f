"""Keeping big graphs usable in a browser: a fixed layout above one size, the top actors above another."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from careersnet_graph.viz.settings import LAYOUT_SEED

LAYOUT_SCALE = 1_000.0
"""Half the width of the drawing, in vis-network units, for the precomputed layout."""

LAYOUT_WORK = 50_000
"""Node-iterations the layout may spend: networkx's sparse spring layout costs about 0.4 ms per
node and iteration, so 1,000 nodes get 50 iterations and 5,000 get 10 (about 20 s)."""


def top_actors(
    graph: nx.Graph, metrics: Mapping[Any, Mapping[str, float]], metric: str, cap: int
) -> nx.Graph:
    """The subgraph of the `cap` most central nodes by `metric` (ties by node id); a copy."""
    ranked = sorted(graph.nodes, key=lambda node: (-float(metrics.get(node, {}).get(metric, 0.0)), str(node)))
    return graph.subgraph(ranked[:cap]).copy()


def fixed_layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Spring layout with a fixed seed, scaled and rounded so that the page bytes are reproducible.

    The number of iterations shrinks as the graph grows (between 50 and 10) to bound the time.
    """
    ordered: nx.Graph = nx.DiGraph() if graph.is_directed() else nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes, key=str))
    ordered.add_weighted_edges_from(
        sorted(
            ((u, v, float(w)) for u, v, w in graph.edges(data="weight", default=1.0)),
            key=lambda e: (str(e[0]), str(e[1])),
        )
    )
    iterations = max(10, min(50, LAYOUT_WORK // max(len(ordered), 1)))
    positions = nx.spring_layout(
        ordered, seed=LAYOUT_SEED, weight="weight", scale=LAYOUT_SCALE, iterations=iterations
    )
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in positions.items()}
