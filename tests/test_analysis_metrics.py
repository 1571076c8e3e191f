"""Centrality, brokerage and communities on small graphs whose answers are worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from careersnet_graph.analysis.brokerage import (
    constraint,
    cross_border_share,
    cross_sector_share,
    effective_size,
    participation_coefficient,
)
from careersnet_graph.analysis.centrality import (
    betweenness,
    centrality_table,
    closeness,
    degree,
    pagerank,
    weighted_degree,
)
from careersnet_graph.analysis.communities import community_of, detect_communities
from careersnet_graph.analysis.table import metrics_table, ranked


def star() -> nx.Graph:
    """Centre 0 tied to leaves 1, 2, 3."""
    return nx.star_graph(3)


def two_cliques_and_a_broker() -> nx.Graph:
    """Cliques a1..a4 and b1..b4; broker x tied to a1 and b1 only."""
    graph = nx.Graph()
    for side in "ab":
        members = [f"{side}{i}" for i in range(1, 5)]
        graph.add_edges_from((u, v) for i, u in enumerate(members) for v in members[i + 1 :])
    graph.add_edges_from([("x", "a1"), ("x", "b1")])
    return graph


def test_star_centrality() -> None:
    graph = star()
    assert degree(graph) == {0: 1.0, 1: 0.333333, 2: 0.333333, 3: 0.333333}
    assert betweenness(graph) == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0}
    # A leaf reaches the centre in 1 step and two leaves in 2: 3 / (1 + 2 + 2).
    assert closeness(graph)[1] == 0.6
    assert closeness(graph)[0] == 1.0


def test_star_pagerank_sums_to_one_and_favours_the_centre() -> None:
    ranks = pagerank(star())
    assert sum(ranks.values()) == pytest.approx(1.0, abs=1e-5)
    assert ranks[0] > ranks[1] == ranks[2] == ranks[3]


def test_path_centrality() -> None:
    graph = nx.path_graph(4)
    # Node 1 lies on the shortest paths 0-2 and 0-3: 2 of the 3 pairs of other nodes.
    assert betweenness(graph) == {0: 0.0, 1: 0.666667, 2: 0.666667, 3: 0.0}
    assert closeness(graph) == {0: 0.5, 1: 0.75, 2: 0.75, 3: 0.5}


def test_weighted_degree_sums_weights() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=2)
    graph.add_edge("a", "c", weight=3)
    assert weighted_degree(graph) == {"a": 5.0, "b": 2.0, "c": 3.0}


def test_star_brokerage() -> None:
    graph = star()
    # The centre's three partners are not tied to each other: 3 * (1/3)^2.
    assert constraint(graph) == {0: 0.333333, 1: 1.0, 2: 1.0, 3: 1.0}
    assert effective_size(graph) == {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}


def test_broker_between_two_cliques() -> None:
    graph = two_cliques_and_a_broker()
    between = betweenness(graph)
    # All 16 paths between the cliques pass through x, of the 28 pairs of other nodes.
    assert between["x"] == round(16 / 28, 6)
    assert max(between, key=lambda node: between[node]) == "x"
    limits = constraint(graph)
    # x has two partners, 1/2 each, not tied to each other: 2 * (1/2)^2.
    assert limits["x"] == 0.5
    assert min(limits, key=lambda node: limits[node]) == "x"
    # a1: three clique partners at (1/4 + 2 * 1/4 * 1/3)^2 each, plus x at (1/4)^2.
    assert limits["a1"] == round(3 * (5 / 12) ** 2 + (1 / 4) ** 2, 6)
    assert effective_size(graph)["x"] == 2.0


def test_communities_of_two_cliques() -> None:
    graph = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    partition = detect_communities(graph)
    assert partition.communities == [[0, 1, 2], [3, 4, 5]]
    # Each community holds 3 of the 6 ties and half the degree: 2 * (1/2 - (1/2)^2).
    assert partition.modularity == 0.5
    assert community_of(graph) == {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1}


def test_communities_keep_the_cliques_apart_and_are_stable() -> None:
    graph = two_cliques_and_a_broker()
    first = detect_communities(graph)
    assert first == detect_communities(two_cliques_and_a_broker())
    membership = community_of(graph)
    assert len({membership[f"a{i}"] for i in range(1, 5)}) == 1
    assert len({membership[f"b{i}"] for i in range(1, 5)}) == 1
    assert membership["a1"] != membership["b1"]
    assert first.modularity > 0.3


def test_empty_graph_has_no_communities() -> None:
    assert detect_communities(nx.Graph()).communities == []
    assert metrics_table(nx.Graph()) == {}


def test_cross_sector_and_cross_border_shares() -> None:
    graph = nx.Graph()
    graph.add_node("m", sectors=["education"], country=["SVN"])
    graph.add_node("p", sectors=["employment"], country=["SVN"])
    graph.add_node("e", sectors=["education", "youth"], country=["FIN"])
    graph.add_node("u", sectors=[], country=[])
    graph.add_edges_from([("m", "p"), ("m", "e"), ("m", "u")])
    # m's ties with known sectors: p (crosses) and e (shares education); u is unknown.
    assert cross_sector_share(graph) == {"m": 0.5, "p": 1.0, "e": 0.0}
    assert cross_border_share(graph) == {"m": 0.5, "p": 0.0, "e": 1.0}


def test_participation_coefficient_of_the_broker() -> None:
    graph = two_cliques_and_a_broker()
    community = {node: 0 if node.startswith("a") else 1 for node in graph}
    community["x"] = 0
    values = participation_coefficient(graph, community)
    # x: one tie into each community: 1 - (1/2)^2 - (1/2)^2.
    assert values["x"] == 0.5
    assert values["a2"] == 0.0


def test_centrality_table_and_ranking() -> None:
    graph = two_cliques_and_a_broker()
    table = metrics_table(graph)
    assert set(table) == set(graph)
    assert centrality_table(graph)["x"]["betweenness"] == table["x"]["betweenness"]
    assert ranked(table, "betweenness", top=1) == ["x"]
    assert ranked(table, "constraint", top=1) == ["x"]
    assert ranked(table, "degree")[:2] == ["a1", "b1"]
    with pytest.raises(ValueError, match="unknown metric"):
        ranked(table, "fame")
