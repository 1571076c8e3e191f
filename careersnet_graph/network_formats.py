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

`write_formats` writes several formats of one graph in one pass over its edges: each edge's
attributes are converted once (members to text, XML-safe text, JSON text) and the result is given
to each format, which is where the time goes for a projection of 700k ties. `write_gexf`,
`write_graphml` and `write_kumu` are that pass for one format.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx

from careersnet_graph.atomic import BinaryOutput, atomic_writer
from careersnet_graph.collector import cycle_collection_paused

LIST_SEPARATOR = "; "
"""How list-valued attributes are joined for formats that only hold scalar values."""

NETWORK_FORMATS = ("gexf", "graphml", "kumu")
"""The formats `write_formats` writes, in the order it writes them."""

__all__ = [
    "LIST_SEPARATOR",
    "NETWORK_FORMATS",
    "item_text",
    "scalar_graph",
    "write_formats",
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
    kind = type(item)
    if kind is str:
        return str(item)
    if kind is dict or isinstance(item, Mapping):
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
    for source, target, attributes in _sorted_edges(graph):
        result.add_edge(xml_text(str(source)), xml_text(str(target)), **_scalar_attributes(attributes))
    return result


def _sorted_nodes(graph: nx.Graph) -> list[Any]:
    return sorted(graph.nodes, key=str)


Edge = tuple[Any, Any, Mapping[str, Any]]
"""An edge as the formats write it: its two ends (undirected: in sorted order) and its attributes."""


class _Edges:
    """The edges to write, in order: `graph`'s own, sorted once, or those `make` makes afresh for
    each pass over them (a pass to declare their attributes, one to write them)."""

    def __init__(self, graph: nx.Graph, make: Callable[[], Iterable[Edge]] | None = None) -> None:
        self._listed: list[Edge] = _sorted_edges(graph) if make is None else []
        self._make = make
        self._any: bool | None = None

    def __iter__(self) -> Iterator[Edge]:
        return iter(self._listed if self._make is None else self._make())

    def __bool__(self) -> bool:
        if self._any is None:
            self._any = next(iter(self), None) is not None
        return self._any


def _sorted_edges(graph: nx.Graph) -> list[Edge]:
    """Edges with their attributes in a stable order; undirected endpoints put in sorted order first."""
    directed = graph.is_directed()
    rows = []
    for one, other, attributes in graph.edges(data=True):
        one_text, other_text = str(one), str(other)
        if not directed and other_text < one_text:
            rows.append((other_text, one_text, other, one, attributes))
        else:
            rows.append((one_text, other_text, one, other, attributes))
    rows.sort(key=itemgetter(1))
    rows.sort(key=itemgetter(0))
    return [(source, target, attributes) for _, _, source, target, attributes in rows]


Value = tuple[str, Any, str]
"""One attribute as the formats write it: key, scalar for GEXF/GraphML, JSON text for Kumu."""


def _values(attributes: Mapping[str, Any], xml: bool, kumu: bool) -> list[Value]:
    """Each attribute with a value, keys sorted, converted for the formats asked for."""
    return [
        (key, *_converted(value, xml, kumu)) for key, value in sorted(attributes.items()) if value is not None
    ]


def _converted(value: Any, xml: bool, kumu: bool) -> tuple[Any, str]:
    """`value` as the scalar GEXF/GraphML hold (`_scalar`) if `xml`, and as the JSON text Kumu
    holds if `kumu` (each "" when not asked for); lists made into text once for both."""
    kind = type(value)
    if kind is list or kind is tuple:
        texts = [item if type(item) is str else item_text(item) for item in value]
        return (xml_text(LIST_SEPARATOR.join(texts)) if xml else "", _json_list(texts) if kumu else "")
    if kind is str:
        return (xml_text(value) if xml else "", encode_basestring(value) if kumu else "")
    if kind is int:
        return value, str(value)
    return (_scalar(value) if xml else "", _kumu_json(_kumu_value(value)) if kumu else "")


Fragments = list[tuple[str, tuple[str, ...]]]
"""An edge's attributes in sorted key order, each with its text in every format being written."""


class _EdgeTexts:
    """Each edge attribute's text in every format being written (`makers`, one per format, make
    it from the key, the scalar and the JSON text), made once per distinct value of a key: the
    ties of a projection repeat their weights, roles, years and shared targets many times over.
    A key whose values mostly differ (sources) is no longer kept once that shows."""

    def __init__(self, makers: list[Callable[[str, Any, str], str]], xml: bool, kumu: bool) -> None:
        self._makers = makers
        self._xml = xml
        self._kumu = kumu
        self._known: dict[str, dict[Any, tuple[str, ...]]] = {}
        self._since: dict[str, int] = {}
        self._unkept: set[str] = set()
        self._edges = 0

    def __call__(self, attributes: Mapping[str, Any]) -> Fragments:
        self._edges += 1
        result = []
        for key in sorted(attributes):
            value = attributes[key]
            if value is None:
                continue
            known = self._known.get(key)
            if known is None and key not in self._unkept:
                known = self._known[key] = {}
                self._since[key] = self._edges
            kind = type(value)
            if known is None or not (kind is list or kind is tuple or kind is str or kind is int):
                result.append((key, self._make(key, value)))
                continue
            same = (
                tuple([item if type(item) is str else item_text(item) for item in value])
                if kind is list or kind is tuple
                else value
            )
            fragments = known.get(same)
            if fragments is None:
                fragments = known[same] = self._make(key, value)
                if len(known) >= _KNOWN_LIMIT:
                    self._reconsider(key)
            result.append((key, fragments))
        return result

    def _make(self, key: str, value: Any) -> tuple[str, ...]:
        scalar, json_text = _converted(value, self._xml, self._kumu)
        return tuple([make(key, scalar, json_text) for make in self._makers])

    def _reconsider(self, key: str) -> None:
        """`key` has `_KNOWN_LIMIT` values kept: start again if they were met twice on average since,
        else keep none of its values from now on."""
        if self._edges - self._since[key] < 2 * _KNOWN_LIMIT:
            self._unkept.add(key)
            del self._known[key]
        else:
            self._known[key] = {}
            self._since[key] = self._edges


_KNOWN_LIMIT = 1 << 12
"""How many distinct values of one key `_EdgeTexts` keeps at a time."""


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
    if _ATTRIBUTE_SPECIAL.search(text) is None:
        return text
    for character, entity in _ATTRIBUTE_ESCAPES:
        if character in text:
            text = text.replace(character, entity)
    return text


def _cdata(text: str) -> str:
    """`text` escaped for XML character data, as `xml.etree.ElementTree` writes it."""
    if _CDATA_SPECIAL.search(text) is None:
        return text
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

_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')
_CDATA_SPECIAL = re.compile("[&<>]")


def _tag(name: str, attributes: Iterable[tuple[str, Any]]) -> str:
    """An XML start tag's name and attributes (`name a="1" b="2"`), values escaped."""
    return name + "".join(f' {key}="{_attribute(str(value))}"' for key, value in attributes)


class _Texts(dict[str, str]):
    """key → the text `make(key)` gives, made the first time it is asked for."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> str:
        text = self[key] = self._make(key)
        return text


class _Out:
    """UTF-8 text written to a binary file in chunks, so that no whole document is held."""

    def __init__(self, handle: BinaryOutput) -> None:
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
    return write_formats(graph, {"gexf": path})[0]


def write_graphml(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as GraphML (Cytoscape, yEd, Gephi) with named attribute keys, streamed element
    by element, with the bytes networkx's `write_graphml(named_key_ids=True)` gives for
    `scalar_graph(graph)`."""
    return write_formats(graph, {"graphml": path})[0]


def write_kumu(graph: nx.Graph, path: Path) -> Path:
    """Write `graph` as a Kumu blueprint: `elements` with an `id`, `connections` from/to those ids;
    streamed one element at a time, with the bytes `json.dumps(indent=2, sort_keys=True)` gives."""
    return write_formats(graph, {"kumu": path})[0]


def write_formats(
    graph: nx.Graph,
    paths: Mapping[str, Path],
    make_edges: Callable[[], Iterable[Edge]] | None = None,
    declaring: Iterable[Edge] | None = None,
) -> list[Path]:
    """Write `graph` in each format of `paths` (a name of `NETWORK_FORMATS` → its file), in one
    pass over the edges that converts each edge's attributes once for all of them; each file has
    the bytes its format's writer gives alone. The paths are returned in `NETWORK_FORMATS` order.

    With `make_edges`, `graph` holds only the nodes and `make_edges()` makes its edges, each time
    it is called, in the order `_sorted_edges` would give them: the files are those of the graph
    with those edges, which is never held whole. GEXF and GraphML declare the edges' attributes
    before the nodes, from a first pass over the edges; `declaring` takes the place of that pass:
    the first edge of each signature (attribute keys and value types) in the edges' order, and
    every edge with an `id` (one tie of a `CoParticipation`, whose ties all have the same keys and
    types: the pass made the 729k ties of 1M statements once more)."""
    unknown = sorted(set(paths) - set(NETWORK_FORMATS))
    if unknown:
        raise ValueError(f"unknown network format {unknown[0]!r} (known: {', '.join(NETWORK_FORMATS)})")
    with ExitStack() as stack:
        stack.enter_context(cycle_collection_paused())
        nodes, edges = _sorted_nodes(graph), _Edges(graph, make_edges)
        outs = {
            name: stack.enter_context(_document(paths[name])) for name in NETWORK_FORMATS if name in paths
        }
        declarations = (
            _Declarations(graph, nodes, edges if declaring is None else declaring)
            if {"gexf", "graphml"} & set(outs)
            else None
        )
        gexf = _Gexf(outs["gexf"], graph, nodes, declarations) if "gexf" in outs and declarations else None
        graphml = (
            _GraphML(outs["graphml"], graph, nodes, edges, declarations)
            if "graphml" in outs and declarations
            else None
        )
        kumu = _Kumu(outs["kumu"], graph, nodes) if "kumu" in outs else None
        if gexf or graphml:
            for node in nodes:
                values = _values(graph.nodes[node], xml=True, kumu=False)
                if gexf:
                    gexf.node(node, values)
                if graphml:
                    graphml.node(node, values)
        if gexf:
            gexf.between(bool(edges))
        writers = [writer for writer in (gexf, graphml, kumu) if writer]
        texts = _EdgeTexts([writer.edge_text for writer in writers], bool(gexf or graphml), bool(kumu))
        if len(writers) == 3 and gexf and graphml and kumu:
            for source, target, attributes in edges:
                fragments = texts(attributes)
                gexf.edge(source, target, fragments, 0)
                graphml.edge(source, target, fragments, 1)
                kumu.edge(source, target, fragments, 2)
        else:
            for source, target, attributes in edges:
                fragments = texts(attributes)
                for slot, writer in enumerate(writers):
                    writer.edge(source, target, fragments, slot)
        for writer in writers:
            writer.end()
    return [paths[name] for name in NETWORK_FORMATS if name in paths]


_GEXF_NODE_FIELDS = ("id", "label", "pid", "start", "end")
"""Node attributes GEXF writes on the `node` element itself, in this order."""

_GEXF_EDGE_FIELDS = ("id", "label", "weight", "type", "start", "end")
"""Edge attributes GEXF writes on the `edge` element itself, in this order."""


class _Declarations:
    """The attributes GEXF and GraphML declare before their nodes, whether GEXF's graph is dynamic
    (dated) and the edge ids GEXF must not give again. Elements with the same keys and value
    types declare the same, so each such signature is looked at once."""

    def __init__(self, graph: nx.Graph, nodes: list[Any], edges: Iterable[Edge]) -> None:
        self.gexf: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
        self.graphml: dict[tuple[str, str, str], None] = {}
        self.time_format: str | None = None
        self.edge_ids: set[str] = set()
        elements: tuple[tuple[str, Iterable[Mapping[str, Any]]], ...] = (
            ("node", (graph.nodes[node] for node in nodes)),
            ("edge", (attributes for _, _, attributes in edges)),
        )
        for kind, items in elements:
            seen: dict[tuple[tuple[str, ...], tuple[type, ...]], str | None] = {}
            for attributes in items:
                signature = (tuple(attributes), tuple(map(type, attributes.values())))
                if signature not in seen:
                    seen[signature] = self._declare(kind, attributes)
                if seen[signature] is not None:
                    self.time_format = seen[signature]
                if kind == "edge" and attributes.get("id") is not None:
                    self.edge_ids.add(str(_scalar(attributes["id"])))

    def _declare(self, kind: str, attributes: Mapping[str, Any]) -> str | None:
        """Declare the attributes of one element; the time format its dates give, if any."""
        special = _GEXF_NODE_FIELDS if kind == "node" else _GEXF_EDGE_FIELDS
        time_format = None
        for key in sorted(attributes):
            value_type = _scalar_type(attributes[key])
            if value_type is None:
                continue
            self.graphml.setdefault((key, _xml_type(value_type), kind), None)
            if key in ("start", "end"):
                time_format = _gexf_time_format(value_type)
            elif key not in special:
                title = _gexf_title(key)
                if title not in self.gexf[kind]:
                    count = len(self.gexf["node"]) + len(self.gexf["edge"])
                    self.gexf[kind][title] = (str(count), _xml_type(value_type))
        return time_format


_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"

_GEXF_ROOT = (
    ("xmlns", "http://www.gexf.net/1.2draft"),
    ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xsi:schemaLocation", "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"),
    ("version", "1.2"),
)


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


def _gexf_title(key: str) -> str:
    """The title GEXF declares for attribute `key` (networkx renames `key`, its multigraph key)."""
    return "networkx_key" if key == "key" else key


def _gexf_value(value: Any) -> str:
    """An `attvalue`'s value, escaped."""
    if type(value) is str:
        return _attribute(value)
    if type(value) is int:
        return str(value)
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if type(value) is float:
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return _attribute(text)


class _Gexf:
    """A GEXF document written node by node, then edge by edge."""

    def __init__(self, out: _Out, graph: nx.Graph, nodes: list[Any], declarations: _Declarations) -> None:
        self._out = out
        self._ids = {node: _gexf_node_id(node, graph.nodes[node]) for node in nodes}
        self._source = {
            node: f'      <edge source="{_attribute(self._ids[node])}" target="' for node in nodes
        }
        self._target = {node: f'{_attribute(self._ids[node])}" id="' for node in nodes}
        self._numbers = _edge_numbers(declarations.edge_ids)
        declared = declarations.gexf
        self._attvalues = {kind: _Texts(_attvalue_start(declared[kind])) for kind in ("node", "edge")}
        graph_tag = [("defaultedgetype", "directed" if graph.is_directed() else "undirected")]
        graph_tag += [("mode", "dynamic" if declarations.time_format else "static"), ("name", "")]
        if declarations.time_format:
            graph_tag.append(("timeformat", declarations.time_format))
        out.write(_XML_DECLARATION)
        out.write(
            f"<{_tag('gexf', _GEXF_ROOT)}>\n  <meta>\n    <creator>NetworkX {nx.__version__}</creator>\n"
        )
        out.write(f"  </meta>\n  <{_tag('graph', graph_tag)}>\n")
        for kind in ("edge", "node"):
            if declared[kind]:
                out.write(f'    <attributes mode="static" class="{kind}">\n')
                for title, (number, xml_type) in declared[kind].items():
                    fields = (("id", number), ("title", title), ("type", xml_type))
                    out.write(f"      <{_tag('attribute', fields)} />\n")
                out.write("    </attributes>\n")
        out.write("    <nodes>\n" if nodes else "    <nodes />\n")
        self._nodes = bool(nodes)
        self._edges = False

    def node(self, node: Any, values: list[Value]) -> None:
        data = {key: scalar for key, scalar, _ in values}
        data.pop("id", None)
        fields: list[tuple[str, Any]] = [
            ("id", self._ids[node]),
            ("label", data.pop("label", xml_text(str(node)))),
        ]
        fields += [(key, data.pop(key)) for key in _GEXF_NODE_FIELDS[2:] if key in data]
        attvalues = self._attvalues["node"]
        lines = [f'{attvalues[key]}{_gexf_value(value)}" />\n' for key, value in data.items()]
        self._out.write(_gexf_element("node", _tag("node", fields), lines))

    def between(self, edges: bool) -> None:
        """Close the nodes and open the edges."""
        self._out.write(
            ("    </nodes>\n" if self._nodes else "") + ("    <edges>\n" if edges else "    <edges />\n")
        )
        self._edges = edges

    def edge_text(self, key: str, scalar: Any, json_text: str) -> str:
        """An edge attribute as its `attvalue` line, or as its field of the `edge` tag (the bare
        value for `id`)."""
        if key == "id":
            return _attribute(str(scalar))
        if key in _GEXF_EDGE_FIELDS:
            return f' {key}="{_attribute(str(scalar))}"'
        return f'{self._attvalues["edge"][key]}{_gexf_value(scalar)}" />\n'

    def edge(self, source: Any, target: Any, fragments: Fragments, slot: int) -> None:
        lines = []
        fields = {}
        for key, texts in fragments:
            if key in _GEXF_EDGE_FIELD_SET:
                fields[key] = texts[slot]
            else:
                lines.append(texts[slot])
        number = fields.pop("id") if "id" in fields else next(self._numbers)
        tag = self._source[source] + self._target[target] + number + '"'
        if fields:
            tag += "".join([fields[key] for key in _GEXF_EDGE_FIELDS[1:] if key in fields])
        if not lines:
            self._out.write(tag + " />\n")
            return
        self._out.write(tag + ">\n        <attvalues>\n" + "".join(lines) + _GEXF_EDGE_END)

    def end(self) -> None:
        self._out.write(("    </edges>\n" if self._edges else "") + "  </graph>\n</gexf>\n")


def _attvalue_start(declared: Mapping[str, tuple[str, str]]) -> Callable[[str], str]:
    """How an `attvalue` line for an attribute of one kind begins, up to its value."""
    return lambda key: f'          <attvalue for="{declared[_gexf_title(key)][0]}" value="'


_GEXF_EDGE_FIELD_SET = frozenset(_GEXF_EDGE_FIELDS)

_GEXF_EDGE_END = "        </attvalues>\n      </edge>\n"


def _gexf_element(name: str, tag: str, lines: list[str]) -> str:
    """One `node` or `edge` element at its depth, its other attributes as `attvalues`."""
    if not lines:
        return f"      <{tag} />\n"
    return f"      <{tag}>\n        <attvalues>\n{''.join(lines)}        </attvalues>\n      </{name}>\n"


_GRAPHML_ROOT = (
    ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
    ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    (
        "xsi:schemaLocation",
        "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
    ),
)


class _GraphML:
    """A GraphML document written node by node, then edge by edge, in one `graph` element."""

    def __init__(
        self,
        out: _Out,
        graph: nx.Graph,
        nodes: list[Any],
        edges: _Edges,
        declarations: _Declarations,
    ) -> None:
        self._out = out
        ids = {node: _attribute(xml_text(str(node))) for node in nodes}
        self._node = {node: f'    <node id="{ids[node]}"' for node in nodes}
        self._source = {node: f'    <edge source="{ids[node]}" target="' for node in nodes}
        self._target = {node: f'{ids[node]}"' for node in nodes}
        self._data = _Texts(lambda key: f'      <data key="{_attribute(key)}">')
        self._empty = _Texts(lambda key: f'      <data key="{_attribute(key)}" />\n')
        direction = "directed" if graph.is_directed() else "undirected"
        out.write(_XML_DECLARATION)
        out.write(f"<{_tag('graphml', _GRAPHML_ROOT)}>\n")
        for name, xml_type, scope in reversed(declarations.graphml):
            key = (("id", name), ("for", scope), ("attr.name", name), ("attr.type", xml_type))
            out.write(f"  <{_tag('key', key)} />\n")
        self._open = bool(nodes or edges)
        out.write(
            f'  <graph edgedefault="{direction}">\n'
            if self._open
            else f'  <graph edgedefault="{direction}" />\n'
        )

    def _element(self, tag: str, name: str, values: list[Value]) -> str:
        if not values:
            return f"{tag} />\n"
        data, empty = self._data, self._empty
        lines = [
            f"{data[key]}{_cdata(text)}</data>\n"
            if (text := value if type(value) is str else str(value))
            else empty[key]
            for key, value, _ in values
        ]
        return f"{tag}>\n{''.join(lines)}    </{name}>\n"

    def node(self, node: Any, values: list[Value]) -> None:
        self._out.write(self._element(self._node[node], "node", values))

    def edge_text(self, key: str, scalar: Any, json_text: str) -> str:
        """An edge attribute as its `data` line."""
        text = scalar if type(scalar) is str else str(scalar)
        return f"{self._data[key]}{_cdata(text)}</data>\n" if text else self._empty[key]

    def edge(self, source: Any, target: Any, fragments: Fragments, slot: int) -> None:
        tag = self._source[source] + self._target[target]
        if not fragments:
            self._out.write(tag + " />\n")
            return
        self._out.write(tag + ">\n" + "".join([texts[slot] for _, texts in fragments]) + "    </edge>\n")

    def end(self) -> None:
        self._out.write("  </graph>\n</graphml>\n" if self._open else "</graphml>\n")


_JSON = json.JSONEncoder(ensure_ascii=False)
_MEMBER_SEPARATOR = ",\n        "
"""Between the members of a list in a Kumu item, each on a line of its own."""


def _json_list(texts: list[str]) -> str:
    """A list of texts as `json.dumps(indent=2)` lays it out as a Kumu item's value."""
    return f"[\n        {_MEMBER_SEPARATOR.join(map(encode_basestring, texts))}\n      ]" if texts else "[]"


def _kumu_json(value: Any) -> str:
    """A Kumu value (a scalar or a list of texts, as `_kumu_value` makes them) as JSON text."""
    if isinstance(value, list):
        return _json_list(value)
    return _JSON.encode(value)


class _Kumu:
    """A Kumu blueprint written connection by connection, then its elements."""

    def __init__(self, out: _Out, graph: nx.Graph, nodes: list[Any]) -> None:
        self._out = out
        self._graph = graph
        self._nodes = nodes
        self._ids = {node: encode_basestring(str(node)) for node in nodes}
        self._keys = _Texts(lambda key: f"      {encode_basestring(key)}: ")
        self._from = {node: f'      "from": {self._ids[node]}' for node in nodes}
        self._to = {node: f'      "to": {self._ids[node]}' for node in nodes}
        direction = "directed" if graph.is_directed() else "undirected"
        self._direction = f'      "direction": "{direction}"'
        self._first = True
        out.write('{\n  "connections": ')

    def edge_text(self, key: str, scalar: Any, json_text: str) -> str:
        """An edge attribute as its line of a connection."""
        return self._keys[key] + json_text

    def edge(self, source: Any, target: Any, fragments: Fragments, slot: int) -> None:
        fields = {key: texts[slot] for key, texts in fragments}
        fields["from"] = self._from[source]
        fields["to"] = self._to[target]
        fields["direction"] = self._direction
        item = "    {\n" + ",\n".join([fields[key] for key in sorted(fields)]) + "\n    }"
        self._out.write(("[\n" if self._first else ",\n") + item)
        self._first = False

    def _item(self, fields: Mapping[str, str]) -> str:
        """One element or connection, laid out as `json.dumps(indent=2, sort_keys=True)` lays it
        out inside a top-level list; by hand, because the indenting encoder is pure Python and
        several times slower."""
        keys = self._keys
        return "    {\n" + ",\n".join([keys[key] + fields[key] for key in sorted(fields)]) + "\n    }"

    def end(self) -> None:
        out = self._out
        out.write("[]" if self._first else "\n  ]")
        out.write(',\n  "elements": ')
        if not self._nodes:
            out.write("[]\n}\n")
            return
        for number, node in enumerate(self._nodes):
            out.write(("[\n" if number == 0 else ",\n") + self._item(self._element(node)))
        out.write("\n  ]\n}\n")

    def _element(self, node: Any) -> dict[str, str]:
        attributes = self._graph.nodes[node]
        fields = {key: text for key, _, text in _values(attributes, xml=False, kumu=True)}
        fields["id"] = self._ids[node]
        fields["label"] = encode_basestring(str(attributes.get("label", node)))
        if "type_label" in attributes:
            fields["type"] = encode_basestring(str(attributes["type_label"]))
            fields["type_curie"] = encode_basestring(str(attributes.get("type", "")))
        return fields


def _kumu_value(value: Any) -> Any:
    """Kumu keeps lists as multi-value fields ("tags"); other values as JSON scalars."""
    if isinstance(value, set | frozenset):
        return sorted(item_text(item) for item in value)
    if isinstance(value, list | tuple):
        return [item_text(item) for item in value]
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)
