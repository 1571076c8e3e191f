"""The streamed GEXF, GraphML and Kumu writers give the bytes the whole-document writers give.

The reference is networkx's own `write_gexf` / `write_graphml` on `scalar_graph(graph)` (the
writers the project used before it streamed) and `json.dumps(indent=2, sort_keys=True)` of the
whole Kumu document, on hand-made graphs that reach every branch: text that XML must escape,
characters XML forbids, numbers, booleans, infinities, empty lists, nodes without attributes,
explicit edge ids, dated (dynamic) elements, directed and empty graphs.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from careersnet_graph.network_files import NETWORK_WRITERS
from careersnet_graph.network_formats import (
    NETWORK_FORMATS,
    scalar_graph,
    write_formats,
    write_gexf,
    write_graphml,
    write_kumu,
)

EX = "https://example.org/n/"


def _escapes() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node(f"{EX}b", label='<A & "B">\tC\r\nD', sectors=["x > y", "z"], score=0.5, core=True)
    graph.add_node(f"{EX}a", label="Zavod Lövsin \u0000 \ufffe", country=[], years=set(), rank=math.inf)
    graph.add_node(f"{EX}c")
    graph.add_node(f"{EX}d", label="lonely", weight=3, type="cng:Agency", note=None)
    graph.add_edge(
        f"{EX}b", f"{EX}a", weight=2, roles=["partner", "member"], shared=[{"target_label": "T & U"}]
    )
    graph.add_edge(f"{EX}c", f"{EX}a")
    graph.add_edge(f"{EX}c", f"{EX}b", weight=1.5, type="tie", label="<edge>", flag=False, nothing=math.nan)
    return graph


def _directed_with_ids_and_dates() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_node("y", start="2012", end="2015", pid="x")
    graph.add_node("x", id="node-x", label="X")
    graph.add_edge("y", "x", id="1", weight=1)
    graph.add_edge("x", "y", weight=2, key="k")
    graph.add_edge("x", "z")
    return graph


def _nodes_only() -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(["b", "a"])
    return graph


GRAPHS = {
    "escapes": _escapes,
    "directed": _directed_with_ids_and_dates,
    "nodes-only": _nodes_only,
    "empty": nx.Graph,
}


def _networkx_gexf(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(scalar_graph(graph), buffer, encoding="utf-8")
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)


def _networkx_graphml(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.readwrite.graphml.GraphMLWriter(graph=scalar_graph(graph), encoding="utf-8", named_key_ids=True).dump(
        buffer
    )
    return buffer.getvalue()


@pytest.mark.parametrize("name", GRAPHS)
def test_gexf_streams_the_bytes_networkx_writes(tmp_path: Path, name: str) -> None:
    graph = GRAPHS[name]()
    assert write_gexf(graph, tmp_path / "g.gexf").read_bytes() == _networkx_gexf(graph)


@pytest.mark.parametrize("name", GRAPHS)
def test_graphml_streams_the_bytes_networkx_writes(tmp_path: Path, name: str) -> None:
    graph = GRAPHS[name]()
    assert write_graphml(graph, tmp_path / "g.graphml").read_bytes() == _networkx_graphml(graph)


@pytest.mark.parametrize("name", GRAPHS)
def test_kumu_streams_the_bytes_of_the_whole_document(tmp_path: Path, name: str) -> None:
    text = write_kumu(GRAPHS[name](), tmp_path / "g.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    document = json.loads(text)
    assert len(document["elements"]) == GRAPHS[name]().number_of_nodes()
    assert len(document["connections"]) == GRAPHS[name]().number_of_edges()


@pytest.mark.parametrize("name", GRAPHS)
def test_one_pass_writes_each_format_with_the_bytes_its_writer_gives_alone(tmp_path: Path, name: str) -> None:
    graph = GRAPHS[name]()
    together = write_formats(
        graph, {format_name: tmp_path / f"all.{format_name}" for format_name in NETWORK_FORMATS}
    )
    assert together == [tmp_path / f"all.{format_name}" for format_name in NETWORK_FORMATS]
    for format_name, path in zip(NETWORK_FORMATS, together, strict=True):
        alone = NETWORK_WRITERS[format_name](graph, tmp_path / f"alone.{format_name}")
        assert path.read_bytes() == alone.read_bytes(), format_name


def _many_ties() -> nx.Graph:
    """More ties than the one pass keeps the texts of one key's values for (4096): each tie has
    sources of its own, roles and a shared target that many ties repeat, and an id now and then."""
    graph = nx.Graph()
    for number in range(4200):
        graph.add_edge(
            f"{EX}{number % 97:03d}",
            f"{EX}x{number:05d}",
            weight=number % 3 + 1,
            roles=["partner", "member"][: number % 2 + 1],
            sources=[f"https://example.org/s/{number}", "https://example.org/s & co"],
            shared=[{"target_label": f"Project <{number % 50}>"}],
            years=[2000 + number % 20, 2020] if number % 7 else [],
            note="same & text" if number % 5 else 1.5,
        )
    return graph


def test_one_pass_gives_the_reference_bytes_on_thousands_of_repeating_and_unique_values(
    tmp_path: Path,
) -> None:
    graph = _many_ties()
    gexf, graphml, kumu = write_formats(
        graph, {format_name: tmp_path / f"all.{format_name}" for format_name in NETWORK_FORMATS}
    )
    assert gexf.read_bytes() == _networkx_gexf(graph)
    assert graphml.read_bytes() == _networkx_graphml(graph)
    text = kumu.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    connections = json.loads(text)["connections"]
    ties = sorted((*sorted((source, target)), data) for source, target, data in graph.edges(data=True))
    assert [(connection["from"], connection["to"]) for connection in connections] == [
        (source, target) for source, target, _ in ties
    ]
    for connection, (_, _, data) in zip(connections, ties, strict=True):
        assert connection["shared"] == [data["shared"][0]["target_label"]]
        assert connection["years"] == [str(year) for year in data["years"]]
        assert {key: connection[key] for key in ("note", "roles", "sources", "weight")} == {
            key: data[key] for key in ("note", "roles", "sources", "weight")
        }


def test_one_pass_writes_any_subset_of_the_formats(tmp_path: Path) -> None:
    graph = _escapes()
    written = write_formats(graph, {"kumu": tmp_path / "k.json", "gexf": tmp_path / "g.gexf"})
    assert written == [tmp_path / "g.gexf", tmp_path / "k.json"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["g.gexf", "k.json"]
    assert written[0].read_bytes() == _networkx_gexf(graph)


def test_one_pass_refuses_an_unknown_format_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown network format 'dot'"):
        write_formats(_escapes(), {"gexf": tmp_path / "g.gexf", "dot": tmp_path / "g.dot"})
    assert list(tmp_path.iterdir()) == []


def _readable() -> nx.Graph:
    """`_escapes` with one type per attribute, no NaN and no carriage return, as the projections
    have (networkx's readers take one type per attribute name, NaN equals nothing, and an XML
    parser reads CR LF in text as LF)."""
    graph = _escapes()
    graph.nodes[f"{EX}b"]["label"] = '<A & "B">\tC\nD'
    graph.edges[f"{EX}c", f"{EX}b"].update(weight=4, nothing="")
    graph.edges[f"{EX}c", f"{EX}b"].pop("type")
    graph.edges[f"{EX}c", f"{EX}a"]["weight"] = 1
    return graph


def test_networkx_reads_the_streamed_graphml_back_into_an_equal_graph(tmp_path: Path) -> None:
    expected = scalar_graph(_readable())
    back = nx.read_graphml(write_graphml(_readable(), tmp_path / "g.graphml"))
    assert nx.utils.nodes_equal(back.nodes(data=True), expected.nodes(data=True))
    assert nx.utils.edges_equal(back.edges(data=True), expected.edges(data=True))


def test_networkx_reads_the_streamed_gexf_back_with_every_attribute(tmp_path: Path) -> None:
    expected = scalar_graph(_readable())
    back = nx.read_gexf(write_gexf(_readable(), tmp_path / "g.gexf"))
    assert sorted(back.nodes) == sorted(expected.nodes)
    for node, data in expected.nodes(data=True):
        assert back.nodes[node] == {"label": node, **data}
    for source, target, data in expected.edges(data=True):
        read = dict(back.edges[source, target])
        assert read.pop("id").isdigit()
        assert read == {key: float(value) if key == "weight" else value for key, value in data.items()}


def _ordered_edges(graph: nx.Graph) -> list[tuple[str, str, dict[str, object]]]:
    """The edges of an undirected graph with string nodes, each with its ends in order, in order."""
    return sorted((min(u, v), max(u, v), data) for u, v, data in graph.edges(data=True))


@pytest.mark.parametrize("name", ["escapes", "nodes-only", "empty", "many ties"])
def test_edges_made_for_each_pass_give_the_files_of_the_whole_graph(tmp_path: Path, name: str) -> None:
    graph = _many_ties() if name == "many ties" else GRAPHS[name]()
    nodes = nx.Graph()
    nodes.add_nodes_from(graph.nodes(data=True))
    passes = []

    def make_edges() -> list[tuple[str, str, dict[str, object]]]:
        passes.append(1)
        return _ordered_edges(graph)

    made = write_formats(nodes, {f: tmp_path / f"made.{f}" for f in NETWORK_FORMATS}, make_edges)
    whole = write_formats(graph, {f: tmp_path / f"whole.{f}" for f in NETWORK_FORMATS})
    for made_path, whole_path in zip(made, whole, strict=True):
        assert made_path.read_bytes() == whole_path.read_bytes(), made_path.name
    assert len(passes) >= 2  # the attributes are declared from one pass and written from another


def _signature(attributes: dict[str, object]) -> tuple[tuple[str, ...], tuple[type, ...]]:
    return tuple(attributes), tuple(map(type, attributes.values()))


@pytest.mark.parametrize("name", ["escapes", "many ties"])
def test_declaring_edges_take_the_place_of_the_first_pass(tmp_path: Path, name: str) -> None:
    """Given the first edge of each signature, in order (and every id), the attributes are
    declared from those: the edges are made once to be written (and one more to see whether
    there are any)."""
    graph = _many_ties() if name == "many ties" else GRAPHS[name]()
    nodes = nx.Graph()
    nodes.add_nodes_from(graph.nodes(data=True))
    ordered = _ordered_edges(graph)
    first_of: dict[tuple[tuple[str, ...], tuple[type, ...]], tuple[str, str, dict[str, object]]] = {}
    for edge in ordered:
        first_of.setdefault(_signature(edge[2]), edge)
    declaring = list(first_of.values())
    declaring += [edge for edge in ordered if "id" in edge[2]]
    made: list[int] = []

    def make_edges() -> Iterator[tuple[str, str, dict[str, object]]]:
        for edge in ordered:
            made.append(1)
            yield edge

    written = write_formats(
        nodes, {f: tmp_path / f"made.{f}" for f in NETWORK_FORMATS}, make_edges, declaring
    )
    whole = write_formats(graph, {f: tmp_path / f"whole.{f}" for f in NETWORK_FORMATS})
    for made_path, whole_path in zip(written, whole, strict=True):
        assert made_path.read_bytes() == whole_path.read_bytes(), made_path.name
    assert len(declaring) < len(ordered) if name == "many ties" else declaring == ordered
    assert len(made) <= len(ordered) + 1
