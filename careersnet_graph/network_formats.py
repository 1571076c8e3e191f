"""Network exchange formats for the full projected graph: GEXF (Gephi), GraphML (Cytoscape), Kumu JSON.

Each writer takes a networkx graph as produced by `careersnet_graph.projection`, writes one file
atomically and gives the same bytes for the same graph: nodes and edges are written in sorted
order and list-valued attributes (countries, sectors, sources, roles) are joined into one string,
because GEXF and GraphML only carry scalar attribute values.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from careersnet_graph.atomic import atomic_write_bytes

LIST_SEPARATOR = "; "
"""How list-valued attributes are joined for formats that only hold scalar values."""

_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')

__all__ = [
    "LIST_SEPARATOR",
    "item_text",
    "scalar_graph",
    "write_gexf",
    "write_graphml",
    "write_kumu",
    "xml_text",
]


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    r"""`text` with each character XML 1.0 forbids (control characters, lone surrogates, U+FFFE,
    U+FFFF) written as `\uXXXX`, so that GEXF and GraphML files stay well-formed: the label
    "A", U+0000, "B" becomes `A\u0000B`."""
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _scalar(value: Any) -> str | int | float | bool | None:
    """A value GEXF/GraphML can hold: lists and sets joined, None dropped, other objects as text,
    every text safe for XML."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [item_text(item) for item in value]
        return xml_text(LIST_SEPARATOR.join(sorted(items) if isinstance(value, set | frozenset) else items))
    return xml_text(str(value))


def item_text(item: Any) -> str:
    """One member of a list attribute as text: a shared target (a mapping) by its label."""
    if isinstance(item, Mapping):
        label = item.get("target_label") or item.get("label") or item.get("target")
        return str(label) if label is not None else json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(item)


def _scalar_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    converted = {key: _scalar(value) for key, value in sorted(attributes.items())}
    return {key: value for key, value in converted.items() if value is not None}


def scalar_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` in sorted node and edge order whose attribute values are all scalars."""
    result: nx.Graph = nx.DiGraph() if graph.is_directed() else nx.Graph()
    for node in sorted(graph.nodes, key=str):
        result.add_node(xml_text(str(node)), **_scalar_attributes(graph.nodes[node]))
    for source, target in _sorted_edges(graph):
        result.add_edge(
            xml_text(str(source)), xml_text(str(target)), **_scalar_attributes(graph.edges[source, target])
        )
    return result


def _sorted_edges(graph: nx.Graph) -> list[tuple[Any, Any]]:
    """Edges in a stable order; undirected endpoints put in sorted order first."""
    edges: Iterable[tuple[Any, Any]] = graph.edges()
    if not graph.is_directed():
        edges = (tuple(sorted((source, target), key=str)) for source, target in edges)
    return sorted(edges, key=lambda edge: (str(edge[0]), str(edge[1])))


def write_gexf(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as GEXF 1.2 for Gephi (no modification date, so the bytes are reproducible)."""
    buffer = io.BytesIO()
    nx.write_gexf(scalar_graph(graph), buffer, encoding="utf-8")
    return atomic_write_bytes(path, _GEXF_DATE.sub(b"", buffer.getvalue(), count=1))


def write_graphml(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as GraphML (Cytoscape, yEd, Gephi) with named attribute keys."""
    buffer = io.BytesIO()
    nx.write_graphml(scalar_graph(graph), buffer, encoding="utf-8", named_key_ids=True)
    return atomic_write_bytes(path, buffer.getvalue())


def write_kumu(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as a Kumu blueprint: `elements` with an `id`, `connections` from/to those ids."""
    elements = [_kumu_element(node, graph.nodes[node]) for node in sorted(graph.nodes, key=str)]
    connections = [
        _kumu_connection(source, target, graph.edges[source, target], graph.is_directed())
        for source, target in _sorted_edges(graph)
    ]
    document = {"elements": elements, "connections": connections}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return atomic_write_bytes(path, text.encode("utf-8"))


def _kumu_element(node: Any, attributes: Mapping[str, Any]) -> dict[str, Any]:
    element = {key: _kumu_value(value) for key, value in attributes.items() if value is not None}
    element["id"] = str(node)
    element["label"] = str(attributes.get("label", node))
    if "type_label" in attributes:
        element["type"] = str(attributes["type_label"])
        element["type_curie"] = str(attributes.get("type", ""))
    return element


def _kumu_connection(
    source: Any, target: Any, attributes: Mapping[str, Any], directed: bool
) -> dict[str, Any]:
    connection = {key: _kumu_value(value) for key, value in attributes.items() if value is not None}
    connection["from"] = str(source)
    connection["to"] = str(target)
    connection["direction"] = "directed" if directed else "undirected"
    return connection


def _kumu_value(value: Any) -> Any:
    """Kumu keeps lists as multi-value fields ("tags"); other values as JSON scalars."""
    if isinstance(value, set | frozenset):
        return sorted(item_text(item) for item in value)
    if isinstance(value, list | tuple):
        return [item_text(item) for item in value]
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)
