"""The two analysis engines: hand-computed answers on small graphs, agreement on random graphs,
and the pivot estimates (exact when every node is a pivot)."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careersnet_graph.analysis.engine import (
    MODULARITY_TOLERANCE,
    Bounds,
    Engine,
    IgraphEngine,
    NetworkxEngine,
    approximations,
)

ENGINES = [IgraphEngine, NetworkxEngine]


@pytest.fixture(params=ENGINES, ids=lambda engine: engine.name)
def engine(request: pytest.FixtureRequest) -> Engine:
    made: Engine = request.param()
    return made


def _triangle_with_pendant() -> nx.Graph:
    """a, b, c tied in a triangle; d tied to a only; every weight 1."""
    return _weighted(nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("a", "d")]))


def _weighted(graph: nx.Graph) -> nx.Graph:
    nx.set_edge_attributes(graph, 1, "weight")
    return graph


def test_star_by_hand(engine: Engine) -> None:
    star = _weighted(nx.star_graph(3))
    central = engine.centralities(star)
    assert central["degree"] == {0: 1.0, 1: 0.333333, 2: 0.333333, 3: 0.333333}
    assert central["betweenness"] == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0}
    # a leaf reaches 3 nodes at distances 1, 2, 2: 3 / 5
    assert central["closeness"] == {0: 1.0, 1: 0.6, 2: 0.6, 3: 0.6}
    assert central["weighted_degree"] == {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    # the centre's three partners are not tied to each other: (1/3)^2 x 3; a leaf has one partner
    assert engine.constraint(star) == {0: 0.333333, 1: 1.0, 2: 1.0, 3: 1.0}
    assert engine.effective_size(star) == {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    assert engine.core_numbers(star) == {0: 1, 1: 1, 2: 1, 3: 1}


def test_triangle_with_pendant_by_hand(engine: Engine) -> None:
    graph = _triangle_with_pendant()
    # a: partners b, c, d (1/3 each); b and c are redundant through each other (1/3 each)
    assert engine.effective_size(graph) == {"a": 2.333333, "b": 1.0, "c": 1.0, "d": 1.0}
    # a: (1/3 + 1/3 x 1/2)^2 for b and for c, (1/3)^2 for d
    assert engine.constraint(graph)["a"] == round(2 * 0.25 + 1 / 9, 6)
    # a lies on the shortest paths d-b and d-c: 2 of the 3 pairs of the other nodes
    assert engine.centralities(graph)["betweenness"]["a"] == 0.666667
    assert engine.core_numbers(graph) == {"a": 2, "b": 2, "c": 2, "d": 1}


def test_two_triangles_by_hand(engine: Engine) -> None:
    graph = _weighted(nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3)))
    partition = engine.partition(graph)
    assert partition.communities == [[0, 1, 2], [3, 4, 5]]
    assert partition.modularity == 0.5
    assert engine.components(graph) == [[0, 1, 2], [3, 4, 5]]
    # each node reaches 2 of the 5 others, at distance 1: (2/2) x (2/5)
    assert set(engine.centralities(graph)["closeness"].values()) == {0.4}


def test_isolates_have_no_brokerage(engine: Engine) -> None:
    graph = _triangle_with_pendant()
    graph.add_node("lonely")
    assert "lonely" not in engine.constraint(graph)
    assert "lonely" not in engine.effective_size(graph)
    assert engine.centralities(graph)["closeness"]["lonely"] == 0.0
    assert engine.components(graph)[-1] == ["lonely"]


@st.composite
def small_graphs(draw: st.DrawFn) -> nx.Graph:
    size = draw(st.integers(min_value=1, max_value=12))
    pairs = [(u, v) for u in range(size) for v in range(u + 1, size)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    graph = nx.Graph()
    graph.add_nodes_from(range(size))
    for u, v in chosen:
        graph.add_edge(u, v, weight=draw(st.integers(min_value=1, max_value=4)))
    return graph


@settings(max_examples=60, deadline=None, derandomize=True)
@given(small_graphs())
def test_engines_agree_on_random_graphs(graph: nx.Graph) -> None:
    fast, reference = IgraphEngine(), NetworkxEngine()
    ours, theirs = fast.centralities(graph), reference.centralities(graph)
    for metric, values in theirs.items():
        assert ours[metric].keys() == values.keys()
        for node, value in values.items():
            assert ours[metric][node] == pytest.approx(value, abs=2e-6), (metric, node)
    for method in ("constraint", "effective_size"):
        mine, reference_values = getattr(fast, method)(graph), getattr(reference, method)(graph)
        assert mine.keys() == reference_values.keys()
        for node, value in reference_values.items():
            assert mine[node] == pytest.approx(value, abs=2e-6), (method, node)
    assert fast.core_numbers(graph) == reference.core_numbers(graph)
    assert fast.components(graph) == reference.components(graph)
    partition = fast.partition(graph)
    assert sorted(node for members in partition.communities for node in members) == sorted(graph)
    assert partition.modularity == pytest.approx(
        reference.partition(graph).modularity, abs=MODULARITY_TOLERANCE
    )


@pytest.mark.parametrize("engine_type", ENGINES, ids=lambda engine: engine.name)
def test_every_node_a_pivot_gives_the_exact_values(engine_type: type[IgraphEngine | NetworkxEngine]) -> None:
    graph = _weighted(nx.connected_watts_strogatz_graph(40, 4, 0.2, seed=3))
    graph.add_edge(100, 101, weight=1)
    everyone = Bounds(exact_work=0, pivots=len(graph))
    assert approximations(graph, everyone) and not approximations(graph)
    exact = engine_type().centralities(graph)
    estimated = engine_type(everyone).centralities(graph)
    for metric in ("betweenness", "closeness"):
        for node, value in exact[metric].items():
            assert estimated[metric][node] == pytest.approx(value, abs=2e-6), (metric, node)


def test_pivot_estimates_stay_near_the_exact_values() -> None:
    graph = _weighted(nx.grid_2d_graph(15, 15))
    exact = IgraphEngine().centralities(graph)
    estimated = IgraphEngine(Bounds(exact_work=0, pivots=60)).centralities(graph)
    errors = [abs(estimated["closeness"][node] - value) / value for node, value in exact["closeness"].items()]
    assert max(errors) < 0.1
    top = sorted(graph, key=lambda node: -exact["betweenness"][node])[:10]
    estimated_top = sorted(graph, key=lambda node: -estimated["betweenness"][node])[:30]
    assert set(top) <= set(estimated_top)


def test_above_the_budget_of_paths_effective_size_is_unweighted_and_says_so() -> None:
    graph = _triangle_with_pendant()
    graph["a"]["b"]["weight"] = 5
    bounded = IgraphEngine(Bounds(wedges=0))
    # unweighted: a has 3 partners, one tie among them (b-c): 3 - 2 x 1/3; b: 2 - 1 x 1
    assert bounded.effective_size(graph) == {"a": 2.333333, "b": 1.0, "c": 1.0, "d": 1.0}
    assert any("without tie weights" in note for note in bounded.approximations(graph))
    assert IgraphEngine().effective_size(graph) != bounded.effective_size(graph)
    assert IgraphEngine().approximations(graph) == []
