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

from careersnet_graph.colours import (
    UNKNOWN_COLOUR,
    community_colour,
    country_colour,
    sector_colour,
    type_colour,
)
from careersnet_graph.network_formats import item_text
from careersnet_graph.viz.layout import DRAW_THRESHOLD, Placement

EDGE_COLOUR = "#9aa5b1"
COLOUR_MODES = ("type", "sector", "country", "community")
NO_SECTOR = "no sector"
SEVERAL_SECTORS = "several sectors"
NO_COUNTRY = "no country"
SEVERAL_COUNTRIES = "several countries"
SIDE_TITLES = {
    "actor": "Actor types",
    "initiative": "Initiative and event types",
    "person": "Person types",
    "organisation": "Organisation types",
    "country": "Countries and the EU level",
}
"""Headings of the type legend, one per side of the network (the bipartite page has two)."""

Metrics = Mapping[Any, Mapping[str, float]]


@dataclass(frozen=True)
class PageData:
    """Everything the page script needs, as JSON-ready values."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    details: dict[str, dict[str, Any]]
    edge_details: dict[str, dict[str, Any]]
    legends: dict[str, list[dict[str, Any]]]
    facets: dict[str, list[Any]]
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
    *,
    placement: Placement,
    notes: Iterable[str] = (),
    edge_hiding: bool = False,
) -> PageData:
    """Turn a projected graph, its centralities, communities, sizes and layout into the page's data.

    The placement's labelled nodes get large labels; the others small ones, hidden at the first view.
    """
    nodes = sorted(graph.nodes, key=str)
    large = set(placement.labelled)
    categories = {
        "type": {node: _type_label(graph.nodes[node]) for node in nodes},
        "sector": {node: _sector_category(graph.nodes[node]) for node in nodes},
        "country": {node: _country_category(graph.nodes[node]) for node in nodes},
        "community": {node: _community_label(communities.get(node)) for node in nodes},
    }
    colours = {
        "type": {category: type_colour(category) for category in categories["type"].values()},
        "sector": {category: sector_colour(category) for category in categories["sector"].values()},
        "country": {category: country_colour(category) for category in categories["country"].values()},
        "community": {
            _community_label(index): community_colour(index) for index in sorted(set(communities.values()))
        },
    }
    colours["country"][SEVERAL_COUNTRIES] = "#555555"
    edges = _sorted_edges(graph)
    roles = _roles_by_node(graph, edges)

    node_records = []
    details: dict[str, dict[str, Any]] = {}
    for node in nodes:
        attributes = graph.nodes[node]
        node_colours = {
            mode: colours[mode].get(categories[mode][node], UNKNOWN_COLOUR) for mode in COLOUR_MODES
        }
        x, y = placement.positions[node]
        extra: dict[str, Any] = {
            "size": placement.sizes[node],
            "font": {"size": placement.top_font if node in large else placement.small_font},
            "color": node_colours["type"],
            "colors": node_colours,
            "x": x,
            "y": y,
        }
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
            "inferred": len(_texts(attributes.get("inferred_sources", ()))),
            "sources": len(_texts(attributes.get("sources", ()))),
            "years": _years(attributes.get("years")),
        }

    legends = _legends(graph, nodes, categories, colours)
    facets = {
        "type": sorted({value for node in nodes for value in details[str(node)]["types"]} - {""}),
        "country": sorted({label for node in nodes for label in details[str(node)]["country_labels"]}),
        "sector": sorted({label for node in nodes for label in details[str(node)]["sectors"]}),
        "years": _year_range([*details.values(), *edge_details.values()]),
    }
    return PageData(
        nodes=node_records,
        edges=edge_records,
        details=details,
        edge_details=edge_details,
        legends=legends,
        facets=facets,
        options=_vis_options(graph.is_directed(), edge_hiding),
        notes=list(notes),
    )


def _legends(
    graph: nx.Graph,
    nodes: list[Any],
    categories: Mapping[str, Mapping[Any, str]],
    colours: Mapping[str, Mapping[str, str]],
) -> dict[str, list[dict[str, Any]]]:
    """Per colour mode, the legend's groups: for types one group per side (actors, initiatives),
    for the other modes one group; entries from the most to the least frequent (ties by name)."""
    legends: dict[str, list[dict[str, Any]]] = {}
    for mode in COLOUR_MODES:
        if mode == "type":
            sides = sorted({_text(graph.nodes[node].get("side")) for node in nodes}, key=_side_rank)
            groups = [
                (
                    SIDE_TITLES.get(side, "Types"),
                    [node for node in nodes if _text(graph.nodes[node].get("side")) == side],
                )
                for side in sides
            ]
        else:
            groups = [
                ({"sector": "Sectors", "country": "Countries", "community": "Communities"}[mode], nodes)
            ]
        legends[mode] = []
        for title, members in groups:
            counts = Counter(categories[mode][node] for node in members)
            ranked = sorted(counts, key=lambda category: (-counts[category], category))
            entries = [
                [category, colours[mode].get(category, UNKNOWN_COLOUR), counts[category]]
                for category in ranked
            ]
            legends[mode].append({"title": title, "entries": entries})
    return legends


def _side_rank(side: str) -> tuple[int, str]:
    order = list(SIDE_TITLES)
    return (order.index(side) if side in order else len(order), side)


def _years(value: Any) -> list[int]:
    """A `years` attribute as [first, last] integers, or [] when undated."""
    if not value:
        return []
    years = [int(year) for year in value]
    return [min(years), max(years)]


def _year_range(records: Iterable[Mapping[str, Any]]) -> list[int]:
    """[first, last] year over every dated node and link, or [] when nothing is dated."""
    years = [year for record in records for year in record["years"]]
    return [min(years), max(years)] if years else []


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


def _country_category(attributes: Mapping[str, Any]) -> str:
    countries = sorted(set(_texts(attributes.get("country_labels"))))
    if not countries:
        return NO_COUNTRY
    return countries[0] if len(countries) == 1 else SEVERAL_COUNTRIES


def _community_label(community: int | None) -> str:
    return "no community" if community is None else f"community {community + 1}"


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
        "types": sorted({_type_label(attributes), *_texts(attributes.get("actor_types"))}),
        "country": _texts(attributes.get("country")),
        "country_labels": _texts(attributes.get("country_labels")),
        "sectors": _texts(attributes.get("sectors")),
        "sources": _texts(attributes.get("sources")),
        "inferred": _texts(attributes.get("inferred_sources")),
        "years": _years(attributes.get("years")),
        "side": _text(attributes.get("side")),
        "roles": roles,
        "community": _community_label(community),
        "metrics": {name: round(float(value), 6) for name, value in sorted(metrics.get(node, {}).items())},
    }


def _vis_options(directed: bool, edge_hiding: bool) -> dict[str, Any]:
    """vis-network options from pyvis: positions fixed in advance (physics off), straight links,
    hover tooltips, labels hidden below `DRAW_THRESHOLD` pixels; links hidden while dragging or
    zooming a large network (`edge_hiding`)."""
    network = Network(directed=directed)
    network.toggle_physics(False)
    options: dict[str, Any] = json.loads(network.options.to_json())
    options["edges"]["color"] = {"inherit": False}
    options["edges"]["smooth"] = {"enabled": False}
    options["interaction"].update(
        hover=True,
        tooltipDelay=150,
        navigationButtons=False,
        hideEdgesOnDrag=edge_hiding,
        hideEdgesOnZoom=edge_hiding,
    )
    options["layout"] = {"randomSeed": 7, "improvedLayout": False}
    options["nodes"] = {
        "font": {"face": "sans-serif", "color": "#1d2733", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "borderWidth": 1,
        "scaling": {"label": {"drawThreshold": DRAW_THRESHOLD, "maxVisible": 40}},
    }
    return options
