"""Network exchange formats for the full projected graph: GEXF (Gephi), GraphML (Cytoscape), Kumu JSON.

Each writer takes a networkx graph as produced by `careersnet_graph.projection`, writes one file
atomically and gives the same bytes for the same graph: nodes and edges are written in sorted
order and list-valued attributes (countries, sectors, sources, roles) are joined into one string,
because GEXF and GraphML only carry scalar attribute values.

The files are streamed, one node or edge at a time, so that memory does not grow with the file
(networkx's writers build the whole XML tree, several GB for a projection of 700k ties); the bytes
are those networkx's `write_gexf` and `write_graphml(named_key_ids=True)` give for
`scalar_graph(graph)`, and those `json.dumps(indent=2, sort_keys=True)` gives for the Kumu
document (tests/test_network_streaming.py holds them to it).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import networkx as nx

from careersnet_graph.atomic import atomic_writer

LIST_SEPARATOR = "; "
"""How list-valued attributes are joined for formats that only hold scalar values."""

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
    if type(value) is list:
        return xml_text(LIST_SEPARATOR.join([item_text(item) for item in value]))
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


def _sorted_nodes(graph: nx.Graph) -> list[Any]:
    return sorted(graph.nodes, key=str)


def _sorted_edges(graph: nx.Graph) -> list[tuple[Any, Any]]:
    """Edges in a stable order; undirected endpoints put in sorted order first."""
    edges: Iterable[tuple[Any, Any]] = graph.edges()
    if not graph.is_directed():
        edges = (tuple(sorted((source, target), key=str)) for source, target in edges)
    return sorted(edges, key=lambda edge: (str(edge[0]), str(edge[1])))


def _scalar_type(value: Any) -> type | None:
    """The type `_scalar(value)` has, without converting `value` (None when it is dropped)."""
    if value is None:
        return None
    return type(value) if isinstance(value, bool | int | float) else str


def _xml_type(kind: type) -> str:
    """The attribute type networkx's GEXF and GraphML writers declare for a scalar of `kind`."""
    if issubclass(kind, bool):
        return "boolean"
    if issubclass(kind, int):
        return "long"
    if issubclass(kind, float):
        return "double"
    return "string"


def _attribute(text: str) -> str:
    """`text` escaped for an XML attribute value, as `xml.etree.ElementTree` writes it."""
    for character, entity in _ATTRIBUTE_ESCAPES:
        if character in text:
            text = text.replace(character, entity)
    return text


def _cdata(text: str) -> str:
    """`text` escaped for XML character data, as `xml.etree.ElementTree` writes it."""
    for character, entity in _ATTRIBUTE_ESCAPES[:3]:
        if character in text:
            text = text.replace(character, entity)
    return text


_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)


def _tag(name: str, attributes: Iterable[tuple[str, Any]]) -> str:
    """An XML start tag's name and attributes (`name a="1" b="2"`), values escaped."""
    return name + "".join(f' {key}="{_attribute(str(value))}"' for key, value in attributes)


class _Out:
    """UTF-8 text written to a binary file in chunks, so that no whole document is held."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._chunks: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._chunks.append(text)
        self._size += len(text)
        if self._size > _CHUNK:
            self.flush()

    def flush(self) -> None:
        self._handle.write("".join(self._chunks).encode("utf-8"))
        self._chunks.clear()
        self._size = 0


_CHUNK = 1 << 20


@contextmanager
def _document(path: Path) -> Iterator[_Out]:
    with atomic_writer(path) as handle:
        out = _Out(handle)
        yield out
        out.flush()


def write_gexf(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as GEXF 1.2 for Gephi, streamed element by element, with the bytes networkx's
    `write_gexf` gives for `scalar_graph(graph)` (less its modification date, so that the bytes are
    reproducible)."""
    nodes, edges = _sorted_nodes(graph), _sorted_edges(graph)
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    dynamic_format: str | None = None
    explicit_ids: set[str] = set()
    for kind, items, special in (("node", nodes, _GEXF_NODE_FIELDS), ("edge", edges, _GEXF_EDGE_FIELDS)):
        for item in items:
            attributes = graph.nodes[item] if kind == "node" else graph.edges[item]
            for key in sorted(attributes):
                value_type = _scalar_type(attributes[key])
                if value_type is None:
                    continue
                if key in ("start", "end") and key in special:
                    dynamic_format = _gexf_time_format(value_type)
                elif key == "id" and kind == "edge":
                    explicit_ids.add(str(_scalar(attributes[key])))
                elif key not in special:
                    title = _gexf_title(key)
                    if title not in declared[kind]:
                        count = len(declared["node"]) + len(declared["edge"])
                        declared[kind][title] = (str(count), _xml_type(value_type))
    graph_tag = [("defaultedgetype", "directed" if graph.is_directed() else "undirected")]
    graph_tag += [("mode", "dynamic" if dynamic_format else "static"), ("name", "")]
    if dynamic_format:
        graph_tag.append(("timeformat", dynamic_format))
    with _document(path) as out:
        out.write(_XML_DECLARATION)
        out.write(
            f"<{_tag('gexf', _GEXF_ROOT)}>\n  <meta>\n    <creator>NetworkX {nx.__version__}</creator>\n"
        )
        out.write(f"  </meta>\n  <{_tag('graph', graph_tag)}>\n")
        for kind in ("edge", "node"):
            if declared[kind]:
                out.write(f'    <attributes mode="static" class="{kind}">\n')
                for title, (number, xml_type) in declared[kind].items():
                    out.write(
                        f"      <{_tag('attribute', (('id', number), ('title', title), ('type', xml_type)))} />\n"  # noqa: E501
                    )
                out.write("    </attributes>\n")
        ids = {node: _gexf_node_id(node, graph.nodes[node]) for node in nodes}
        _write_group(
            out, "nodes", (_gexf_node(node, ids[node], graph.nodes[node], declared["node"]) for node in nodes)
        )
        numbers = _edge_numbers(explicit_ids)
        _write_group(
            out,
            "edges",
            (_gexf_edge(ids[u], ids[v], graph.edges[u, v], declared["edge"], numbers) for u, v in edges),
        )
        out.write("  </graph>\n</gexf>\n")
    return path


_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"

_GEXF_ROOT = (
    ("xmlns", "http://www.gexf.net/1.2draft"),
    ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xsi:schemaLocation", "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"),
    ("version", "1.2"),
)

_GEXF_NODE_FIELDS = ("id", "label", "pid", "start", "end")
"""Node attributes GEXF writes on the `node` element itself, in this order."""

_GEXF_EDGE_FIELDS = ("id", "label", "weight", "type", "start", "end")
"""Edge attributes GEXF writes on the `edge` element itself, in this order."""


def _gexf_time_format(kind: type) -> str:
    return "date" if kind is str else "double" if issubclass(kind, float) else "long"


def _gexf_node_id(node: Any, attributes: Mapping[str, Any]) -> str:
    value = _scalar(attributes.get("id"))
    return str(value) if value is not None else xml_text(str(node))


def _edge_numbers(taken: set[str]) -> Iterator[str]:
    """Edge ids 0, 1, 2, ... less those some edge already has."""
    for number in itertools.count():
        if str(number) not in taken:
            yield str(number)


def _write_group(
    out: _Out,
    name: str,
    elements: Iterable[str],
    indent: str = "    ",
    attributes: Iterable[tuple[str, str]] = (),
) -> None:
    """`<name attributes>` around `elements`, or `<name attributes />` when there are none."""
    elements = iter(elements)
    first = next(elements, None)
    tag = _tag(name, attributes)
    if first is None:
        out.write(f"{indent}<{tag} />\n")
        return
    out.write(f"{indent}<{tag}>\n{first}")
    for element in elements:
        out.write(element)
    out.write(f"{indent}</{name}>\n")


def _gexf_title(key: str) -> str:
    """The title GEXF declares for attribute `key` (networkx renames `key`, its multigraph key)."""
    return "networkx_key" if key == "key" else key


def _gexf_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if type(value) is float:
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


def _gexf_element(
    name: str, fields: list[tuple[str, Any]], data: Mapping[str, Any], declared: Mapping[str, tuple[str, str]]
) -> str:
    """One `node` or `edge` element at its depth, its other attributes as `attvalues`."""
    tag = _tag(name, fields)
    if not data:
        return f"      <{tag} />\n"
    values = "".join(
        f"          <{_tag('attvalue', (('for', declared[_gexf_title(key)][0]), ('value', _gexf_value(value))))} />\n"  # noqa: E501
        for key, value in data.items()
    )
    return f"      <{tag}>\n        <attvalues>\n{values}        </attvalues>\n      </{name}>\n"


def _gexf_node(
    node: Any, node_id: str, attributes: Mapping[str, Any], declared: Mapping[str, tuple[str, str]]
) -> str:
    data = _scalar_attributes(attributes)
    data.pop("id", None)
    fields: list[tuple[str, Any]] = [("id", node_id), ("label", data.pop("label", xml_text(str(node))))]
    fields += [(key, data.pop(key)) for key in _GEXF_NODE_FIELDS[2:] if key in data]
    return _gexf_element("node", fields, data, declared)


def _gexf_edge(
    source: str,
    target: str,
    attributes: Mapping[str, Any],
    declared: Mapping[str, tuple[str, str]],
    numbers: Iterator[str],
) -> str:
    data = _scalar_attributes(attributes)
    fields: list[tuple[str, Any]] = [("source", source), ("target", target)]
    fields.append(("id", data.pop("id") if "id" in data else next(numbers)))
    fields += [(key, data.pop(key)) for key in _GEXF_EDGE_FIELDS[1:] if key in data]
    return _gexf_element("edge", fields, data, declared)


_GRAPHML_ROOT = (
    ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
    ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    (
        "xsi:schemaLocation",
        "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
    ),
)


def write_graphml(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as GraphML (Cytoscape, yEd, Gephi) with named attribute keys, streamed element
    by element, with the bytes networkx's `write_graphml(named_key_ids=True)` gives for
    `scalar_graph(graph)`."""
    nodes, edges = _sorted_nodes(graph), _sorted_edges(graph)
    keys: dict[tuple[str, str, str], None] = {}
    for node in nodes:
        _declare_keys(keys, "node", graph.nodes[node])
    for edge in edges:
        _declare_keys(keys, "edge", graph.edges[edge])
    direction = "directed" if graph.is_directed() else "undirected"
    with _document(path) as out:
        out.write(_XML_DECLARATION)
        out.write(f"<{_tag('graphml', _GRAPHML_ROOT)}>\n")
        for name, xml_type, scope in reversed(keys):
            key = (("id", name), ("for", scope), ("attr.name", name), ("attr.type", xml_type))
            out.write(f"  <{_tag('key', key)} />\n")
        nodes_xml = (
            _graphml_element("node", [("id", xml_text(str(node)))], graph.nodes[node]) for node in nodes
        )
        edges_xml = (
            _graphml_element(
                "edge", [("source", xml_text(str(u))), ("target", xml_text(str(v)))], graph.edges[u, v]
            )
            for u, v in edges
        )
        _write_group(out, "graph", itertools.chain(nodes_xml, edges_xml), "  ", [("edgedefault", direction)])
        out.write("</graphml>\n")
    return path


def _declare_keys(keys: dict[tuple[str, str, str], None], scope: str, attributes: Mapping[str, Any]) -> None:
    for key in sorted(attributes):
        value_type = _scalar_type(attributes[key])
        if value_type is not None:
            keys.setdefault((key, _xml_type(value_type), scope), None)


def _graphml_element(name: str, fields: list[tuple[str, Any]], attributes: Mapping[str, Any]) -> str:
    data = _scalar_attributes(attributes)
    tag = _tag(name, fields)
    if not data:
        return f"    <{tag} />\n"
    lines = "".join(
        f'      <data key="{_attribute(key)}">{_cdata(str(value))}</data>\n'
        if str(value)
        else f'      <data key="{_attribute(key)}" />\n'
        for key, value in data.items()
    )
    return f"    <{tag}>\n{lines}    </{name}>\n"


def write_kumu(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as a Kumu blueprint: `elements` with an `id`, `connections` from/to those ids;
    streamed one element at a time, with the bytes `json.dumps(indent=2, sort_keys=True)` gives."""
    directed = graph.is_directed()
    connections = (
        _kumu_item(_kumu_connection(u, v, graph.edges[u, v], directed)) for u, v in _sorted_edges(graph)
    )
    elements = (_kumu_item(_kumu_element(node, graph.nodes[node])) for node in _sorted_nodes(graph))
    with _document(path) as out:
        out.write("{\n")
        _write_json_list(out, "connections", connections)
        out.write(",\n")
        _write_json_list(out, "elements", elements)
        out.write("\n}\n")
    return path


_JSON = json.JSONEncoder(ensure_ascii=False)


def _kumu_item(item: Mapping[str, Any]) -> str:
    """One element or connection (scalar and list-of-text values, as `_kumu_value` makes them),
    laid out as `json.dumps(indent=2, sort_keys=True)` lays it out inside a top-level list; by hand,
    because the indenting encoder is pure Python and several times slower."""
    if not item:
        return "    {}"
    fields = []
    for key in sorted(item):
        value = item[key]
        if isinstance(value, list):
            members = ",\n".join(f"        {_JSON.encode(member)}" for member in value)
            text = f"[\n{members}\n      ]" if value else "[]"
        else:
            text = _JSON.encode(value)
        fields.append(f"      {_JSON.encode(key)}: {text}")
    return "    {\n" + ",\n".join(fields) + "\n    }"


def _write_json_list(out: _Out, name: str, items: Iterator[str]) -> None:
    out.write(f'  "{name}": ')
    first = next(items, None)
    if first is None:
        out.write("[]")
        return
    out.write(f"[\n{first}")
    for item in items:
        out.write(f",\n{item}")
    out.write("\n  ]")


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
