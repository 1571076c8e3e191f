"""The shares of `analysis.brokerage` (counted with numpy) against a plain walk over each node's
partners, on random graphs: self-loops, nodes without a value or with several, weights, nodes in
communities of their own."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careersnet_graph.analysis import DIGITS
from careersnet_graph.analysis.brokerage import (
    cross_border_share,
    cross_sector_share,
    cross_share,
    participation_coefficient,
    shares,
)

Network = tuple[nx.Graph, dict[int, int]]
"""A graph and each node's community."""


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """Up to 10 nodes with up to three sectors and countries each (or the attribute missing),
    up to 30 weighted ties (self-loops too), and a community for every node."""
    size = draw(st.integers(0, 10))
    graph = nx.Graph()
    values = st.lists(st.sampled_from("abcd"), max_size=3)
    for node in range(size):
        attributes = {}
        if draw(st.booleans()):
            attributes["sectors"] = draw(values)
        if draw(st.booleans()):
            attributes["country"] = draw(values)
        graph.add_node(node, **attributes)
    if size:
        node = st.integers(0, size - 1)
        for one, other, weight in draw(st.lists(st.tuples(node, node, st.integers(1, 5)), max_size=30)):
            graph.add_edge(one, other, weight=weight)
    community = {node: draw(st.integers(0, 3)) for node in range(size)}
    return graph, community


def _plain_cross_share(graph: nx.Graph, attribute: str) -> dict[int, float]:
    values = {node: frozenset(data.get(attribute) or ()) for node, data in graph.nodes(data=True)}
    found = {}
    for node, partners in graph.adj.items():
        theirs = [values[partner] for partner in partners if values[partner]]
        if values[node] and theirs:
            crossing = sum(1 for other in theirs if values[node].isdisjoint(other))
            found[node] = round(crossing / len(theirs), DIGITS)
    return found


def _plain_participation(graph: nx.Graph, community: dict[int, int]) -> dict[int, float]:
    found = {}
    for node, partners in graph.adj.items():
        if partners:
            strength: dict[int, float] = {}
            for partner, data in partners.items():
                strength[community[partner]] = strength.get(community[partner], 0) + data["weight"]
            total = sum(strength.values())
            found[node] = round(1.0 - sum((s / total) ** 2 for s in strength.values()), DIGITS)
    return found


@settings(max_examples=300, deadline=None)
@given(networks())
def test_the_shares_are_those_of_a_walk_over_each_nodes_partners(network: Network) -> None:
    graph, community = network
    expected = {
        "cross_sector_share": _plain_cross_share(graph, "sectors"),
        "cross_border_share": _plain_cross_share(graph, "country"),
        "participation_coefficient": _plain_participation(graph, community),
    }
    assert shares(graph, community) == expected
    assert cross_sector_share(graph) == expected["cross_sector_share"]
    assert cross_border_share(graph) == expected["cross_border_share"]
    assert participation_coefficient(graph, community) == expected["participation_coefficient"]
    assert list(cross_share(graph, "sectors")) == list(expected["cross_sector_share"])  # in node order


def test_a_partner_without_a_community_is_an_error() -> None:
    graph = nx.Graph([("a", "b")])
    with pytest.raises(KeyError):
        participation_coefficient(graph, {"a": 0})
