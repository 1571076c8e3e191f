"""Components, isolates, k-cores and group densities on hand-checked graphs."""

from __future__ import annotations

import ast
import doctest
from pathlib import Path

import networkx as nx

import careersnet_graph.analysis
from careersnet_graph.analysis import brokerage, centrality, communities, structure
from careersnet_graph.analysis.structure import (
    GroupDensity,
    components,
    core_numbers,
    density,
    group_density,
    isolates,
    main_core,
)


def test_components_and_isolates() -> None:
    graph = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    graph.add_node("z")
    assert components(graph) == [["c", "d", "e"], ["a", "b"], ["z"]]
    assert isolates(graph) == ["z"]


def test_core_numbers_of_a_triangle_with_a_tail() -> None:
    graph = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    assert core_numbers(graph) == {"a": 2, "b": 2, "c": 2, "d": 1}
    assert main_core(graph) == ["a", "b", "c"]


def test_density() -> None:
    assert density(nx.path_graph(3)) == round(2 / 3, 6)
    assert density(nx.Graph()) == 0.0


def test_group_density_between_countries() -> None:
    graph = nx.Graph()
    graph.add_node("u1", country=["AAA"])
    graph.add_node("u2", country=["AAA"])
    graph.add_node("v1", country=["BBB"])
    graph.add_node("v2", country=["BBB"])
    graph.add_edge("u1", "u2", weight=3)
    graph.add_edge("u1", "v1", weight=1)
    # AAA-AAA: 1 possible pair, tied; AAA-BBB: 4 possible pairs, 1 tied; BBB-BBB: untied, omitted.
    assert group_density(graph, "country") == [
        GroupDensity("AAA", "AAA", ties=1, weight=3, possible=1, density=1.0),
        GroupDensity("AAA", "BBB", ties=1, weight=1, possible=4, density=0.25),
    ]


def test_group_density_with_a_node_in_two_groups() -> None:
    graph = nx.Graph()
    graph.add_node("m", sectors=["education", "youth"])
    graph.add_node("n", sectors=["youth"])
    graph.add_edge("m", "n")
    rows = {(row.first, row.second): row for row in group_density(graph, "sectors")}
    # education-youth: the pair {m, n} (m itself cannot pair with m); youth-youth: {m, n}.
    assert rows["education", "youth"].possible == 1
    assert rows["youth", "youth"].density == 1.0
    assert ("education", "education") not in rows


def test_analysis_never_imports_rdflib() -> None:
    package = Path(careersnet_graph.analysis.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert len(modules) >= 5
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith("rdflib"), f"{module.name} imports {name}"
                assert name not in ("careersnet_graph.graph", "careersnet_graph.loading"), module.name


def test_docstring_examples_run() -> None:
    modules = [centrality, communities, brokerage, structure]
    for module in modules:
        result = doctest.testmod(module)
        assert result.attempted > 0, module.__name__
        assert result.failed == 0, module.__name__
