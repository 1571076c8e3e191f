"""GEXF, GraphML and Kumu writers: read back by networkx, deterministic, UTF-8, lists joined."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from careersnet_graph.network_formats import LIST_SEPARATOR, write_gexf, write_graphml, write_kumu

EX = "https://example.org/actor/"


def _graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node(
        f"{EX}b",
        iri=f"{EX}b",
        label="Zavod Lövsin",
        type="cng:Ministry",
        type_label="Ministry",
        country=["SVN", "HRV"],
        sectors=["education"],
        sources=["https://example.org/s1"],
    )
    graph.add_node(
        f"{EX}a", iri=f"{EX}a", label="<Agency & co>", type="cng:Agency", type_label="Agency", country=[]
    )
    graph.add_node(
        f"{EX}c", iri=f"{EX}c", label="Centre", type="cng:Agency", type_label="Agency", country=["FRA"]
    )
    graph.add_edge(
        f"{EX}b", f"{EX}a", weight=2, roles=["partner", "member"], sources=["https://example.org/s1"]
    )
    graph.add_edge(f"{EX}c", f"{EX}a", weight=1, roles=["member"], sources=[])
    return graph


@pytest.mark.parametrize("writer", [write_gexf, write_graphml])
def test_networkx_reads_back_the_same_nodes_and_edges(tmp_path: Path, writer: object) -> None:
    path = tmp_path / "network.xml"
    writer(_graph(), path)  # type: ignore[operator]
    reader = nx.read_gexf if writer is write_gexf else nx.read_graphml
    back = reader(path)
    assert sorted(back.nodes) == [f"{EX}a", f"{EX}b", f"{EX}c"]
    assert sorted(tuple(sorted(edge)) for edge in back.edges) == [(f"{EX}a", f"{EX}b"), (f"{EX}a", f"{EX}c")]
    assert back.edges[f"{EX}a", f"{EX}b"]["weight"] == 2
    assert back.nodes[f"{EX}b"]["country"] == "SVN" + LIST_SEPARATOR + "HRV"
    assert back.edges[f"{EX}a", f"{EX}b"]["roles"] == "partner" + LIST_SEPARATOR + "member"
    label = back.nodes[f"{EX}b"].get("label")
    assert label == "Zavod Lövsin"
    assert "Lövsin".encode() in path.read_bytes()


@pytest.mark.parametrize("writer", [write_gexf, write_graphml, write_kumu])
def test_same_graph_same_bytes_whatever_the_insertion_order(tmp_path: Path, writer: object) -> None:
    first = _graph()
    second = nx.Graph()
    for node in reversed(list(first.nodes)):
        second.add_node(node, **first.nodes[node])
    for source, target in reversed(list(first.edges)):
        second.add_edge(target, source, **first.edges[source, target])
    writer(first, tmp_path / "one")  # type: ignore[operator]
    writer(second, tmp_path / "two")  # type: ignore[operator]
    assert (tmp_path / "one").read_bytes() == (tmp_path / "two").read_bytes()
    assert b"lastmodifieddate" not in (tmp_path / "one").read_bytes()


def test_kumu_blueprint_has_elements_and_connections_by_id(tmp_path: Path) -> None:
    path = write_kumu(_graph(), tmp_path / "kumu.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [element["id"] for element in document["elements"]] == [f"{EX}a", f"{EX}b", f"{EX}c"]
    ministry = document["elements"][1]
    assert ministry["label"] == "Zavod Lövsin"
    assert ministry["type"] == "Ministry"
    assert ministry["type_curie"] == "cng:Ministry"
    assert ministry["country"] == ["SVN", "HRV"]
    connections = [(c["from"], c["to"], c["weight"]) for c in document["connections"]]
    assert connections == [(f"{EX}a", f"{EX}b", 2), (f"{EX}a", f"{EX}c", 1)]
    assert document["connections"][0]["direction"] == "undirected"
    assert "Lövsin".encode() in path.read_bytes()


def test_writers_leave_no_temporary_files(tmp_path: Path) -> None:
    for name, writer in (("g.gexf", write_gexf), ("g.graphml", write_graphml), ("g.json", write_kumu)):
        writer(_graph(), tmp_path / name)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["g.gexf", "g.graphml", "g.json"]
