"""`report.missing.cooperations` against a plain count of every pair, on random graphs: ties per
pair of groups, possible pairs, sources, ties touching each group, one pass for several groupings."""

from __future__ import annotations

from itertools import combinations_with_replacement

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from careersnet_graph.report.missing import Cooperation, Grouping, cooperations

GROUPS = ["a", "b", "c", "d"]

Network = tuple[nx.Graph, dict[int, list[str]], dict[int, list[str]]]
"""A graph and two groupings of its nodes."""


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """A graph of up to 9 nodes with self-loops and sources on its ties, and two groupings of its
    nodes (a node may be in no group, or in a group twice)."""
    size = draw(st.integers(0, 9))
    graph = nx.Graph()
    graph.add_nodes_from(range(size))
    if size:
        node = st.integers(0, size - 1)
        for one, other in draw(st.lists(st.tuples(node, node), max_size=25)):
            graph.add_edge(one, other, sources=draw(st.lists(st.sampled_from("pqrs"), max_size=2)))
    groups = st.lists(st.sampled_from(GROUPS), max_size=3)
    first = {n: draw(groups) for n in range(size) if draw(st.booleans())}
    second = {n: draw(groups) for n in range(size)}
    return graph, first, second


def _counted(graph: nx.Graph, membership: dict[int, list[str]], scope: list[str]) -> dict[str, object]:
    """Each figure of `Cooperation` counted plainly: every pair of groups against every tie."""
    names = sorted(set(scope) | {g for node in graph for g in membership.get(node, [])})
    members = {name: {node for node in graph if name in membership.get(node, [])} for name in names}
    pairs = {}
    for first, second in combinations_with_replacement(names, 2):
        joined = [
            data
            for one, other, data in graph.edges(data=True)
            if one != other
            and (
                (first in membership.get(one, []) and second in membership.get(other, []))
                or (second in membership.get(one, []) and first in membership.get(other, []))
            )
        ]
        possible = {frozenset((x, y)) for x in members[first] for y in members[second] if x != y}
        sources = sorted({source for data in joined for source in data["sources"]})
        pairs[(first, second)] = (len(joined), len(possible), sources)
    touching = {
        name: sum(
            1
            for one, other in graph.edges
            if name in membership.get(one, []) or name in membership.get(other, [])
        )
        for name in names
    }
    groups = {name: (len(members[name]), touching[name]) for name in names}
    ungrouped = sum(1 for node in graph if not membership.get(node))
    return {"pairs": pairs, "groups": groups, "ungrouped": ungrouped}


def _figures(result: Cooperation) -> dict[str, object]:
    return {
        "pairs": {(p.first, p.second): (p.ties, p.possible, p.sources) for p in result.pairs},
        "groups": {g.name: (g.organisations, g.ties) for g in result.groups},
        "ungrouped": result.ungrouped,
    }


@settings(max_examples=200, deadline=None)
@given(networks())
def test_cooperation_counts_every_pair_as_a_plain_count_does(network: Network) -> None:
    graph, first, second = network
    both = cooperations(graph, [Grouping("first", first, ["d"]), Grouping("second", second)])
    assert [result.title for result in both] == ["first", "second"]
    assert _figures(both[0]) == _counted(graph, first, ["d"])
    assert _figures(both[1]) == _counted(graph, second, [])
    alone = cooperations(graph, [Grouping("second", second)])
    assert alone == both[1:]


@settings(max_examples=100, deadline=None)
@given(networks())
def test_pair_and_missing_partners_are_those_of_the_pair_list(network: Network) -> None:
    graph, membership, _ = network
    (result,) = cooperations(graph, [Grouping("groups", membership, GROUPS)])
    for pair in result.pairs:
        assert result.pair(pair.first, pair.second) is pair
        assert result.pair(pair.second, pair.first) is pair
    zero = [p for p in result.pairs if p.ties == 0 and p.possible > 0 and p.first != p.second]
    for group in GROUPS:
        expected = sorted(
            p.second if p.first == group else p.first for p in zero if group in (p.first, p.second)
        )
        assert result.missing_partners(group) == expected
