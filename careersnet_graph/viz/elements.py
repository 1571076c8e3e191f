"""The graph as the page's data: vis-network node and edge records, details, legends and facets.

pyvis makes the node and edge option dicts and the vis-network options; everything shown to the
reader as text (labels, types, countries, sources) travels as plain JSON values and is put on the
page with `textContent` by the page script, never as HTML.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from careersnet_graph.network_formats import item_text

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#393b79",
    "#637939",
    "#843c39",
    "#7b4173",
    "#8c6d31",
    "#5254a3",
    "#8ca252",
    "#ad494a",
    "#a55194",
    "#e7ba52",
    "#6b6ecf",
    "#d6616b",
    "#b5cf6b",
    "#ce6dbd",
    "#9c9ede",
)
"""Category colours, assigned to categories from the most to the least frequent."""

OTHER_COLOUR = "#b0b0b0"
"""Colour of the categories beyond the palette, shown in the legend as "other"."""

EDGE_COLOUR = "#9aa5b1"
COLOUR_MODES = ("type", "sector", "community")
NO_SECTOR = "no sector"
SEVERAL_SECTORS = "several sectors"
MIN_SIZE, MAX_SIZE = 8.0, 40.0

Metrics = Mapping[Any, Mapping[str, float]]


@dataclass(frozen=True)
class PageData:
    """Everything the page script needs, as JSON-ready values."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    details: dict[str, dict[str, Any]]
    edge_details: dict[str, dict[str, Any]]
    legends: dict[str, list[list[str]]]
    facets: dict[str, list[str]]
    options: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    timeline: dict[str, Any] | None = None
    """The time slider's data (`viz.timeline`), for the pages that have one."""

    def as_json_value(self) -> dict[str, Any]:
        """The record embedded in the page."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "details": self.details,
            "edgeDetails": self.edge_details,
            "legends": self.legends,
            "facets": self.facets,
            "options": self.options,
        }


def page_data(
    graph: nx.Graph,
    metrics: Metrics,
    communities: Mapping[Any, int],
    size_metric: str,
    *,
    positions: Mapping[Any, tuple[float, float]] | None = None,
    notes: Iterable[str] = (),
) -> PageData:
    """Turn a projected graph, its centralities and communities into the page's data."""
    nodes = sorted(graph.nodes, key=str)
    categories = {
        "type": {node: _type_label(graph.nodes[node]) for node in nodes},
        "sector": {node: _sector_category(graph.nodes[node]) for node in nodes},
        "community": {node: _community_label(communities.get(node)) for node in nodes},
    }
    colours = {mode: _colour_map(categories[mode].values()) for mode in COLOUR_MODES}
    sizes = _sizes(nodes, metrics, size_metric)
    edges = _sorted_edges(graph)
    roles = _roles_by_node(graph, edges)

    node_records = []
    details: dict[str, dict[str, Any]] = {}
    for node in nodes:
        attributes = graph.nodes[node]
        node_colours = {
            mode: colours[mode].get(categories[mode][node], OTHER_COLOUR) for mode in COLOUR_MODES
        }
        extra: dict[str, Any] = {
            "size": sizes[node],
            "font": {"size": _font_size(sizes[node])},
            "color": node_colours["type"],
            "colors": node_colours,
        }
        if positions is not None:
            x, y = positions[node]
            extra.update(x=x, y=y)
        shape = "square" if attributes.get("side") == "initiative" else "dot"
        record = Node(str(node), shape, _text(attributes.get("label", node)), **extra).options
        node_records.append(record)
        details[str(node)] = _node_details(node, attributes, roles[node], communities.get(node), metrics)

    edge_records = []
    edge_details: dict[str, dict[str, Any]] = {}
    for index, (source, target) in enumerate(edges):
        attributes = graph.edges[source, target]
        weight = float(attributes.get("weight", 1) or 1)
        edge_id = f"e{index}"
        record = Edge(
            str(source), str(target), graph.is_directed(), id=edge_id, width=_width(weight), color=EDGE_COLOUR
        ).options
        edge_records.append(record)
        edge_details[edge_id] = {
            "weight": weight,
            "roles": _texts(attributes.get("roles", ())),
            "shared": _texts(attributes.get("shared", ())),
            "inferred": _texts(attributes.get("inferred_sources", ())),
            "sources": _texts(attributes.get("sources", ())),
        }

    legends = {
        mode: [[category, colours[mode][category]] for category in colours[mode]] for mode in COLOUR_MODES
    }
    for mode in COLOUR_MODES:
        if len(set(categories[mode].values())) > len(PALETTE):
            legends[mode].append(["other", OTHER_COLOUR])
    facets = {
        "type": sorted({details[str(node)]["type_label"] for node in nodes} - {""}),
        "country": sorted({label for node in nodes for label in details[str(node)]["country_labels"]}),
        "sector": sorted({label for node in nodes for label in details[str(node)]["sectors"]}),
    }
    return PageData(
        nodes=node_records,
        edges=edge_records,
        details=details,
        edge_details=edge_details,
        legends=legends,
        facets=facets,
        options=_vis_options(graph.is_directed(), physics=positions is None),
        notes=list(notes),
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _texts(values: Any) -> list[str]:
    """A list attribute as a list of strings (a lone string counts as one value)."""
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    if isinstance(values, set | frozenset):
        return sorted(item_text(value) for value in values)
    return [item_text(value) for value in values]


def _type_label(attributes: Mapping[str, Any]) -> str:
    return _text(attributes.get("type_label") or attributes.get("type") or "untyped")


def _sector_category(attributes: Mapping[str, Any]) -> str:
    sectors = sorted(set(_texts(attributes.get("sectors"))))
    if not sectors:
        return NO_SECTOR
    return sectors[0] if len(sectors) == 1 else SEVERAL_SECTORS


def _community_label(community: int | None) -> str:
    return "no community" if community is None else f"community {community + 1}"


def _colour_map(categories: Iterable[str]) -> dict[str, str]:
    """Palette colours for the most frequent categories (ties by name), in legend order."""
    counts = Counter(categories)
    ranked = sorted(counts, key=lambda category: (-counts[category], category))
    return {category: colour for category, colour in zip(ranked, PALETTE, strict=False)}


def _sizes(nodes: list[Any], metrics: Metrics, size_metric: str) -> dict[Any, float]:
    """Node sizes scaled linearly between MIN_SIZE and MAX_SIZE by the chosen centrality."""
    values = {node: float(metrics.get(node, {}).get(size_metric, 0.0)) for node in nodes}
    low, high = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if high <= low:
        return {node: round((MIN_SIZE + MAX_SIZE) / 2, 2) for node in nodes}
    return {
        node: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (value - low) / (high - low), 2)
        for node, value in values.items()
    }


def _font_size(size: float) -> float:
    """Label size grows with the node, so that zoomed out only the central actors stay labelled
    (vis-network hides a label drawn smaller than 5 pixels)."""
    return max(12.0, round(size * 1.2, 1))


def _width(weight: float) -> float:
    """Edge width grows with the logarithm of the weight, from 1 to at most 12 pixels."""
    return round(min(1.0 + math.log2(max(weight, 1.0)), 12.0), 2)


def _sorted_edges(graph: nx.Graph) -> list[tuple[Any, Any]]:
    edges = list(graph.edges())
    if not graph.is_directed():
        edges = [tuple(sorted(edge, key=str)) for edge in edges]
    return sorted(edges, key=lambda edge: (str(edge[0]), str(edge[1])))


def _roles_by_node(graph: nx.Graph, edges: list[tuple[Any, Any]]) -> dict[Any, list[str]]:
    roles: dict[Any, set[str]] = {node: set() for node in graph.nodes}
    for source, target in edges:
        edge_roles = _texts(graph.edges[source, target].get("roles"))
        roles[source].update(edge_roles)
        roles[target].update(edge_roles)
    return {node: sorted(values) for node, values in roles.items()}


def _node_details(
    node: Any, attributes: Mapping[str, Any], roles: list[str], community: int | None, metrics: Metrics
) -> dict[str, Any]:
    return {
        "iri": _text(attributes.get("iri", node)),
        "label": _text(attributes.get("label", node)),
        "type": _text(attributes.get("type")),
        "type_label": _type_label(attributes),
        "country": _texts(attributes.get("country")),
        "country_labels": _texts(attributes.get("country_labels")),
        "sectors": _texts(attributes.get("sectors")),
        "sources": _texts(attributes.get("sources")),
        "inferred": _texts(attributes.get("inferred_sources")),
        "side": _text(attributes.get("side")),
        "roles": roles,
        "community": _community_label(community),
        "metrics": {name: round(float(value), 6) for name, value in sorted(metrics.get(node, {}).items())},
    }


def _vis_options(directed: bool, physics: bool) -> dict[str, Any]:
    """vis-network options from pyvis, with hover tooltips and (for small graphs) settling physics."""
    network = Network(directed=directed)
    network.barnes_hut(
        gravity=-6000, central_gravity=0.4, spring_length=140, spring_strength=0.02, damping=0.3, overlap=0.4
    )
    network.toggle_physics(physics)
    options: dict[str, Any] = json.loads(network.options.to_json())
    options["edges"]["color"] = {"inherit": False}
    options["edges"]["smooth"] = {"enabled": False} if not physics else options["edges"]["smooth"]
    options["interaction"].update(hover=True, tooltipDelay=150, navigationButtons=False)
    options["layout"] = {"randomSeed": 7, "improvedLayout": physics}
    options["nodes"] = {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1}
    return options
