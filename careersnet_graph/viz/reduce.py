"""Keeping big graphs usable in a browser: a fixed layout above one size, communities drawn as
super-nodes above another (every actor is still counted; none is dropped)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import igraph as ig
import networkx as nx

from careersnet_graph.viz.settings import LAYOUT_SEED

LAYOUT_SCALE = 1_000.0
"""Half the width of the drawing, in vis-network units, for the precomputed layout."""

LAYOUT_ITERATIONS = 300
"""Iterations of igraph's Fruchterman-Reingold layout (in C: about a second for 5,000 nodes)."""

EDGE_CAP = 20_000
"""Above this many ties a page is aggregated too: a browser draws thousands of nodes, not
hundreds of thousands of lines."""

OTHER = "community:other"
"""The super-node that gathers the smallest communities when even the communities exceed the cap."""


def needs_aggregation(graph: nx.Graph, cap: int) -> bool:
    """Whether `graph` is too big for one page: more than `cap` nodes or `EDGE_CAP` ties."""
    return bool(graph.number_of_nodes() > cap or graph.number_of_edges() > EDGE_CAP)


def aggregated(
    graph: nx.Graph,
    metrics: Mapping[Any, Mapping[str, float]],
    communities: Mapping[Any, int],
    metric: str,
    cap: int,
) -> tuple[nx.Graph, dict[Any, dict[str, float]], dict[Any, int]]:
    """Each community as one node (the smallest merged into one when there are more than `cap`),
    with the summed metrics of its members; a link's weight sums the ties between two communities.

    Returns the graph, its metrics and its communities, in the form a page takes.
    """
    members: dict[int, list[Any]] = defaultdict(list)
    for node in graph:
        members[communities.get(node, -1)].append(node)
    numbers = sorted(members, key=lambda number: (-len(members[number]), number))
    kept = set(numbers[: cap - 1]) if len(numbers) > cap else set(numbers)
    group_of = {
        node: (OTHER if number not in kept else "community:none" if number < 0 else f"community:{number + 1}")
        for number, nodes in members.items()
        for node in nodes
    }
    groups: dict[str, list[Any]] = defaultdict(list)
    for node, group in group_of.items():
        groups[group].append(node)
    result = nx.Graph(projection=graph.graph.get("projection", ""), aggregated=True)
    super_metrics: dict[Any, dict[str, float]] = {}
    super_communities: dict[Any, int] = {}
    for index, (group, nodes) in enumerate(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))):
        leading = sorted(nodes, key=lambda node: (-float(metrics.get(node, {}).get(metric, 0.0)), str(node)))
        named = ", ".join(str(graph.nodes[node].get("label", node)) for node in leading[:3])
        title = {OTHER: "smaller communities", "community:none": "no community"}.get(
            group, f"community {group.split(':')[1]}"
        )
        countries = sorted({c for node in nodes for c in graph.nodes[node].get("country", ())})
        country_labels = sorted({c for node in nodes for c in graph.nodes[node].get("country_labels", ())})
        result.add_node(
            group,
            iri="",
            label=f"{title}: {len(nodes):,} actors ({named}, …)",
            type="",
            type_label="community of actors",
            side="community",
            country=countries,
            country_labels=country_labels,
            sectors=sorted({s for node in nodes for s in graph.nodes[node].get("sectors", ())}),
            sources=[],
            inferred_sources=[],
        )
        names = sorted({name for node in nodes for name in metrics.get(node, {})})
        super_metrics[group] = {
            name: round(sum(float(metrics.get(node, {}).get(name, 0.0)) for node in nodes), 6)
            for name in names
        }
        super_communities[group] = index
    weights: dict[tuple[str, str], float] = defaultdict(float)
    ties: dict[tuple[str, str], int] = defaultdict(int)
    for u, v, weight in graph.edges(data="weight", default=1):
        first, second = sorted((group_of[u], group_of[v]))
        if first != second:
            weights[(first, second)] += float(weight)
            ties[(first, second)] += 1
    for (first, second), weight in sorted(weights.items()):
        result.add_edge(first, second, weight=weight, roles=[f"{ties[(first, second)]:,} ties"])
    return result, super_metrics, super_communities


def fixed_layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold layout (igraph, fixed seed), scaled and rounded so that the page bytes
    are reproducible."""
    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    index = {node: position for position, node in enumerate(nodes)}
    edges = sorted(
        (
            (min(index[u], index[v]), max(index[u], index[v]), float(w))
            for u, v, w in graph.edges(data="weight", default=1.0)
        ),
    )
    layout_graph = ig.Graph(n=len(nodes), edges=[(u, v) for u, v, _ in edges if u != v])
    weights = [w for u, v, w in edges if u != v]
    ig.set_random_number_generator(random.Random(LAYOUT_SEED))
    try:
        layout = layout_graph.layout_fruchterman_reingold(weights=weights or None, niter=LAYOUT_ITERATIONS)
    finally:
        ig.set_random_number_generator(random)
    coordinates = layout.coords
    xs = [x for x, _ in coordinates]
    ys = [y for _, y in coordinates]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    factor = 2 * LAYOUT_SCALE / span
    return {
        node: (round((x - mid_x) * factor, 1), round((y - mid_y) * factor, 1))
        for node, (x, y) in zip(nodes, coordinates, strict=True)
    }
