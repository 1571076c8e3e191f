"""Page building without a browser: self-contained, deterministic, UTF-8, inert data, selection."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careersnet_graph.errors import CareersnetError
from careersnet_graph.viz import PageSettings, network_page, write_network_page
from careersnet_graph.viz.page import safe_json
from careersnet_graph.viz.select import apply_filters, neighbourhood, parse_filters, resolve_actor

SAMPLE = Path(__file__).parent / "browser" / "data" / "sample_network.json"
EX = "https://example.org/actor/"


@pytest.fixture
def graph() -> nx.Graph:
    loaded: nx.Graph = nx.node_link_graph(json.loads(SAMPLE.read_text(encoding="utf-8")), edges="edges")
    return loaded


def _metrics(graph: nx.Graph) -> dict[str, dict[str, float]]:
    return {node: {"degree": float(degree)} for node, degree in graph.degree()}


def _page(graph: nx.Graph, **settings: object) -> str:
    return network_page(graph, _metrics(graph), {}, PageSettings(size_metric="degree", **settings))  # type: ignore[arg-type]


def _embedded(page: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="careersnet-data">(.*?)</script>', page, re.S)
    assert match is not None
    value: dict[str, object] = json.loads(match.group(1))
    return value


def test_page_requests_nothing_from_other_hosts(graph: nx.Graph) -> None:
    page = _page(graph)
    assert re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page) is None
    assert "bootstrap" not in page.lower()
    assert "default-src 'none'" in page.replace("&#39;", "'")


def test_same_input_same_bytes(graph: nx.Graph) -> None:
    shuffled = nx.Graph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from((v, u, d) for u, v, d in reversed(list(graph.edges(data=True))))
    assert _page(graph) == _page(shuffled)
    assert _page(graph, layout_threshold=2) == _page(shuffled, layout_threshold=2)


def test_hostile_labels_never_appear_as_markup(graph: nx.Graph) -> None:
    page = _page(graph, title="<b>Title</b> & co")
    assert "<img" not in page
    assert page.count("</script>") == 3
    assert "<title>&lt;b&gt;Title&lt;/b&gt; &amp; co</title>" in page
    assert "\u2028" not in page
    details = _embedded(page)["details"]
    assert details[f"{EX}evil"]["label"] == "<img src=x onerror=alert(1)>"  # type: ignore[index]


def test_safe_json_escapes_what_could_end_a_script() -> None:
    text = safe_json({"a": "</script><!-- & \u2028\u2029 Lövsin"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 Lövsin"}


def test_writing_is_utf8_and_touches_only_the_output(
    graph: nx.Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    out = tmp_path / "out" / "page.html"
    write_network_page(graph, out, _metrics(graph), {})
    assert list(work.iterdir()) == []
    assert [path.name for path in out.parent.iterdir()] == ["page.html"]
    assert "Ministry of Lövsin Guidance" in out.read_bytes().decode("utf-8")


def test_page_data_carries_attributes_sizes_and_widths(graph: nx.Graph) -> None:
    data = _embedded(_page(graph))
    nodes = {node["id"]: node for node in data["nodes"]}  # type: ignore[attr-defined]
    assert len(nodes) == 6
    sizes = sorted(node["size"] for node in nodes.values())
    assert nodes[f"{EX}ministry"]["size"] == sizes[-1]  # degree 3, the highest
    assert nodes[f"{EX}observatory"]["size"] == sizes[0] < sizes[-1]  # degree 0, the lowest
    assert nodes[f"{EX}ministry"]["label"] == "Ministry of Lövsin Guidance"
    edges = data["edges"]
    assert len(edges) == 5  # type: ignore[arg-type]
    widths = {(edge["from"], edge["to"]): edge["width"] for edge in edges}  # type: ignore[attr-defined]
    assert widths[(f"{EX}centre", f"{EX}ministry")] == round(1 + 1.584962500721156, 2)  # 1 + log2(3)
    details = data["details"][f"{EX}ministry"]  # type: ignore[index]
    assert details["roles"] == ["member", "organiser", "partner"]
    assert details["sources"] == ["https://example.org/sources/forum"]
    assert data["facets"]["country"] == ["France", "Germany", "Italy", "Slovenia"]  # type: ignore[index]


def test_cap_aggregates_communities_and_says_so(graph: nx.Graph) -> None:
    nodes = sorted(graph.nodes)
    communities = {node: index % 3 for index, node in enumerate(nodes)}
    settings = PageSettings(size_metric="degree", node_cap=2, layout_threshold=1)
    page = network_page(graph, _metrics(graph), communities, settings)
    data = _embedded(page)
    # Three communities, two nodes allowed: the largest community (0, by number on a tie) and
    # one node for the others; every actor is counted in one of them.
    assert sorted(node["id"] for node in data["nodes"]) == ["community:1", "community:other"]  # type: ignore[attr-defined]
    degrees = {
        group: sum(d for node, d in graph.degree() if (communities[node] == 0) == (group == "community:1"))
        for group in ("community:1", "community:other")
    }
    for group, total in degrees.items():
        assert data["details"][group]["metrics"]["degree"] == total  # type: ignore[index]
    crossing = sum(
        float(w)
        for u, v, w in graph.edges(data="weight", default=1)
        if (communities[u] == 0) != (communities[v] == 0)
    )
    assert [detail["weight"] for detail in data["edgeDetails"].values()] == [crossing]  # type: ignore[attr-defined]
    assert "Aggregated" in page and f"{len(nodes)} actors" in page
    assert data["options"]["physics"]["enabled"] is False  # type: ignore[index]


def test_resolve_actor_by_iri_curie_and_label(graph: nx.Graph) -> None:
    graph.add_node("https://w3id.org/careersnet-graph/id/org-example", label="Example Org")
    assert resolve_actor(graph, f"{EX}centre") == f"{EX}centre"
    assert resolve_actor(graph, "cnd:org-example") == "https://w3id.org/careersnet-graph/id/org-example"
    assert resolve_actor(graph, "guidance centre NORTH") == f"{EX}centre"
    with pytest.raises(CareersnetError, match="not in this network"):
        resolve_actor(graph, "Nobody")
    graph.add_node(f"{EX}twin", label="Guidance Centre North")
    with pytest.raises(CareersnetError, match="ambiguous"):
        resolve_actor(graph, "Guidance Centre North")


def test_neighbourhood_and_filters(graph: nx.Graph) -> None:
    assert sorted(neighbourhood(graph, "Lonely Observatory", 2).nodes) == [f"{EX}observatory"]
    assert sorted(neighbourhood(graph, f"{EX}script", 1).nodes) == [f"{EX}evil", f"{EX}script"]
    assert len(neighbourhood(graph, f"{EX}script", 2)) == 3
    slovenian = apply_filters(graph, parse_filters(["country=SVN"]))
    assert sorted(slovenian.nodes) == [f"{EX}centre", f"{EX}evil", f"{EX}ministry"]
    assert slovenian.number_of_edges() == 2
    both = apply_filters(graph, parse_filters(["country=slovenia", "type=cng:Association", "type=Ministry"]))
    assert sorted(both.nodes) == [f"{EX}evil", f"{EX}ministry"]
    with pytest.raises(CareersnetError, match="KEY=VALUE"):
        parse_filters(["country"])
    with pytest.raises(CareersnetError, match="unknown"):
        parse_filters(["colour=red"])


@given(st.text())
def test_safe_json_round_trips_any_text_inertly(text: str) -> None:
    encoded = safe_json({"label": text})
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == {"label": text}


def test_an_aggregated_organisations_page_has_no_time_slider() -> None:
    """Regression: the slider of an aggregated page looked up actors the page does not draw (its
    communities), so every entry was empty and the page stayed blank until the slider's end."""
    from careersnet_graph.viz.pages import projection_page  # noqa: PLC0415
    from tests.support import load_in  # noqa: PLC0415

    kg = load_in("oxigraph", [Path(__file__).parent / "analysis" / "time"], shipped=False)
    assert 'id="careersnet-timeline"' in projection_page(kg, "organisations")
    aggregated = projection_page(kg, "organisations", settings=PageSettings(node_cap=2))
    assert 'id="careersnet-timeline"' not in aggregated
    data = _embedded(aggregated)
    assert any(str(node["id"]).startswith("community:") for node in data["nodes"])  # type: ignore[attr-defined]
    assert "No time slider: the communities drawn have no first year of their own." in aggregated
