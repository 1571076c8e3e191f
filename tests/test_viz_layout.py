"""The first view's layout on hand-made graphs: components placed, labels apart, fonts for the zoom."""

from __future__ import annotations

import networkx as nx

from careersnet_graph.viz.layout import (
    DRAW_THRESHOLD,
    TOP_PIXELS,
    _box,
    first_view_scale,
    readable_layout,
    top_nodes,
)
from careersnet_graph.viz.select import apply_filters, parse_filters


def _graph() -> nx.Graph:
    """A clique of eight with one long-named hub, a pair, and three lone nodes."""
    graph = nx.complete_graph([f"c{index}" for index in range(8)])
    graph.add_edge("c0", "hub")
    graph.add_edge("p0", "p1")
    graph.add_nodes_from(["lone0", "lone1", "lone2"])
    return graph


def test_layout_keeps_the_large_labels_apart_and_the_small_components_beside() -> None:
    graph = _graph()
    scores = {node: float(graph.degree(node)) for node in graph}
    labelled = top_nodes(graph, scores, 9)
    labels = {node: f"A rather long name of organisation {node}" for node in graph}
    placement = readable_layout(graph, labelled, labels, scores)
    assert set(placement.positions) == set(graph.nodes)
    giant = {node for node in graph if node.startswith(("c", "hub"))}
    right_edge = max(placement.positions[node][0] for node in giant)
    assert all(placement.positions[node][0] > right_edge for node in set(graph) - giant)
    boxes = {node: _box(labels[node], placement.sizes[node], placement.top_font) for node in labelled}
    for index, first in enumerate(labelled):
        for second in labelled[index + 1 :]:
            (x1, y1), (w1, up1, down1) = placement.positions[first], boxes[first]
            (x2, y2), (w2, up2, down2) = placement.positions[second], boxes[second]
            apart_x = abs(x1 - x2) >= w1 + w2
            apart_y = y1 + down1 <= y2 - up2 or y2 + down2 <= y1 - up1
            assert apart_x or apart_y, (first, second)
    scale = first_view_scale(placement.positions, boxes)
    assert placement.top_font * scale >= 0.9 * TOP_PIXELS
    assert placement.small_font * scale < DRAW_THRESHOLD - 1
    assert readable_layout(graph, labelled, labels, scores) == placement


def test_a_country_matches_the_types_of_its_actors() -> None:
    graph = nx.Graph()
    graph.add_node("svn", type="schema:Country", type_label="country", actor_types=["ministry"])
    graph.add_node("fin", type="schema:Country", type_label="country", actor_types=["association or NGO"])
    assert list(apply_filters(graph, parse_filters(["type=Ministry"]))) == ["svn"]
