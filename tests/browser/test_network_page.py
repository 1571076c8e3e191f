"""The network page in headless Chromium: drawn, offline, searchable, filterable, and safe."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from careersnet_graph.viz import PageSettings, write_network_page

pytestmark = pytest.mark.browser

EX = "https://example.org/actor/"
EVIL_LABEL = "<img src=x onerror=alert(1)>"
SCRIPT_LABEL = "</script><script>alert(3)</script> href"


def _write(graph: nx.Graph, folder: Path, settings: PageSettings | None = None) -> Path:
    metrics = {node: {"degree": float(degree)} for node, degree in graph.degree()}
    communities = {node: index % 2 for index, node in enumerate(sorted(graph.nodes))}
    return write_network_page(
        graph,
        folder / "page.html",
        metrics,
        communities,
        settings=settings or PageSettings(size_metric="degree"),
    )


def _visible(opened: Any, dataset: str) -> list[str]:
    return sorted(
        opened.evaluate(f"window.careersnetNetwork.{dataset}.get({{filter: i => !i.hidden}}).map(i => i.id)")
    )


def _hover_and_click(opened: Any, node: str) -> None:
    """Move the real mouse onto the node (tooltip) and click it (side panel)."""
    point = opened.evaluate(
        """id => { const n = window.careersnetNetwork.network;
                   const p = n.canvasToDOM(n.getPositions([id])[id]);
                   const box = document.getElementById('network').getBoundingClientRect();
                   return {x: p.x + box.left, y: p.y + box.top}; }""",
        node,
    )
    opened.page.mouse.move(point["x"], point["y"])
    opened.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    opened.page.mouse.click(point["x"], point["y"])
    opened.page.wait_for_selector("#panel:not([hidden])", timeout=5_000)


def test_draws_every_node_and_edge_offline(
    sample_graph: nx.Graph, tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    opened = open_page(_write(sample_graph, tmp_path))
    assert opened.evaluate("window.careersnetNetwork.nodes.length") == 6
    assert opened.evaluate("window.careersnetNetwork.edges.length") == 5
    assert opened.evaluate("window.careersnetNetwork.network.body.nodeIndices.length") == 6
    assert opened.evaluate("window.careersnetNetwork.network.body.edgeIndices.length") == 5
    assert opened.evaluate("document.title") == "CareersNet partnership network"
    opened.assert_clean()


def test_marks_drawn_once_the_canvas_is_painted(
    sample_graph: nx.Graph, tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    """`data-drawn` (what benchmarks/pages.py times) appears, and by then the canvas holds pixels."""
    opened = open_page(_write(sample_graph, tmp_path))
    opened.page.wait_for_selector("#network[data-drawn]", state="attached", timeout=10_000)
    painted = opened.evaluate(
        """() => { const canvas = document.querySelector('#network canvas');
                   const box = [0, 0, canvas.width, canvas.height];
                   const pixels = canvas.getContext('2d').getImageData(...box).data;
                   let count = 0;
                   for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) count += 1; }
                   return count; }"""
    )
    assert painted > 100
    assert opened.evaluate("window.careersnetNetwork.drawn") is True
    opened.assert_clean()


def test_search_focuses_the_actor_and_shows_its_panel(
    sample_graph: nx.Graph, tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    opened = open_page(_write(sample_graph, tmp_path))
    opened.page.fill("#search", "lövsin")
    opened.page.click("#search-go")
    assert opened.evaluate("window.careersnetNetwork.network.getSelectedNodes()") == [f"{EX}ministry"]
    assert opened.page.text_content("#panel-title") == "Ministry of Lövsin Guidance"
    panel = opened.page.text_content("#panel-fields") or ""
    for expected in ("Ministry (cng:Ministry)", "Slovenia", "education", "member", "organiser", "partner"):
        assert expected in panel
    neighbours = opened.page.locator("#panel-fields button.link").all_text_contents()
    assert neighbours == sorted([EVIL_LABEL, "Fictional Employment Agency", "Guidance Centre North"])
    assert opened.page.locator("#panel a[href='https://example.org/sources/forum']").count() == 1
    assert opened.evaluate("window.careersnetNetwork.search('no such actor')") is None
    assert "No shown actor" in (opened.page.text_content("#search-status") or "")
    opened.assert_clean()


def test_filters_hide_other_actors_and_their_links(
    sample_graph: nx.Graph, tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    opened = open_page(_write(sample_graph, tmp_path))
    opened.page.select_option("#filter-country", "Slovenia")
    assert _visible(opened, "nodes") == [f"{EX}centre", f"{EX}evil", f"{EX}ministry"]
    edges = opened.evaluate(
        "window.careersnetNetwork.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to])"
    )
    assert sorted(sorted(edge) for edge in edges) == [
        [f"{EX}centre", f"{EX}ministry"],
        [f"{EX}evil", f"{EX}ministry"],
    ]
    opened.page.select_option("#filter-type", "Association")
    assert _visible(opened, "nodes") == [f"{EX}evil"]
    opened.page.select_option("#filter-country", "")
    assert _visible(opened, "nodes") == [f"{EX}evil", f"{EX}script"]
    assert len(_visible(opened, "edges")) == 1
    opened.page.select_option("#filter-type", "")
    opened.page.select_option("#filter-sector", "youth")
    assert _visible(opened, "nodes") == [f"{EX}evil", f"{EX}script"]
    opened.assert_clean()


def test_colour_switch_recolours_nodes_and_legend(
    sample_graph: nx.Graph, tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    opened = open_page(_write(sample_graph, tmp_path))
    legend = opened.page.locator("#legend li > span:nth-child(2)").all_text_contents()
    assert sorted(legend) == sorted(
        ["Association", "Guidance centre", "Ministry", "Public employment service", "Research body"]
    )
    opened.page.select_option("#colour-by", "sector")
    legend = opened.page.locator("#legend li > span:nth-child(2)").all_text_contents()
    assert sorted(legend) == ["education", "employment", "no sector", "several sectors", "youth"]
    colours = opened.evaluate("window.careersnetNetwork.nodes.get().map(n => n.color)")
    assert len(set(colours)) == 5
    opened.assert_clean()


@pytest.mark.parametrize(("node", "label"), [("evil", EVIL_LABEL), ("script", SCRIPT_LABEL)])
def test_hostile_labels_stay_text_after_hover_and_select(
    sample_graph: nx.Graph, tmp_path: Path, open_page: Callable[[Path], Any], node: str, label: str
) -> None:
    opened = open_page(_write(sample_graph, tmp_path))
    _hover_and_click(opened, f"{EX}{node}")
    assert opened.page.text_content("div.vis-tooltip strong") == label
    assert opened.page.text_content("#panel-title") == label
    assert opened.evaluate("document.querySelectorAll('img').length") == 0
    assert opened.page.locator("a[href^='javascript']").count() == 0
    opened.page.fill("#search", label)
    opened.page.click("#search-go")
    assert opened.evaluate("window.careersnetNetwork.network.getSelectedNodes()") == [f"{EX}{node}"]
    opened.assert_clean()


def test_large_graph_gets_a_fixed_layout_and_is_aggregated(
    sample_graph: nx.Graph, tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    settings = PageSettings(size_metric="degree", layout_threshold=1, node_cap=4)
    opened = open_page(_write(sample_graph, tmp_path, settings))
    # Six actors, four allowed: the two communities of `_write` become two nodes, tied once if
    # any tie crosses them.
    communities = {node: index % 2 for index, node in enumerate(sorted(sample_graph.nodes))}
    crossing = any(communities[u] != communities[v] for u, v in sample_graph.edges)
    assert sorted(opened.evaluate("window.careersnetNetwork.nodes.getIds()")) == [
        "community:1",
        "community:2",
    ]
    assert opened.evaluate("window.careersnetNetwork.edges.length") == int(crossing)
    assert opened.evaluate("window.careersnetNetwork.nodes.get().every(n => typeof n.x === 'number')")
    assert opened.evaluate("window.careersnetNetwork.network.physics.options.enabled") is False
    notes = opened.page.locator(".note").all_text_contents()
    assert any("Aggregated" in note and "6 actors" in note for note in notes)
    opened.assert_clean()


@pytest.mark.slow
def test_graph_above_the_default_threshold_loads_with_physics_off(
    tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    graph = nx.barabasi_albert_graph(1_600, 2, seed=3)
    graph = nx.relabel_nodes(graph, {node: f"{EX}n{node}" for node in graph})
    for node in graph:
        graph.nodes[node].update(
            label=f"Actor {node[len(EX) + 1 :]}", type_label="Association", sectors=["youth"]
        )
    opened = open_page(_write(graph, tmp_path))
    assert opened.evaluate("window.careersnetNetwork.nodes.length") == 1_600
    assert opened.evaluate("window.careersnetNetwork.edges.length") == graph.number_of_edges()
    assert opened.evaluate("window.careersnetNetwork.network.physics.options.enabled") is False
    assert opened.evaluate("window.careersnetNetwork.search('Actor 1599')") == f"{EX}n1599"
    opened.assert_clean()
