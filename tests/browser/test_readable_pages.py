"""The shipped pages at their first view, measured in headless Chromium: something is drawn, the
legend is outside the drawing, the most central actors' labels are legible and apart, links are
straight, colours are the shared scheme, the countries page has real menus and an EU level, and the
bipartite page has one legend for actor types and one for initiative types."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from careersnet_graph.colours import EU_LEVEL, type_colour
from careersnet_graph.loading import load
from careersnet_graph.projection import EU_LEVEL_NODE, country_graph, organisation_graph
from careersnet_graph.viz import write_pages
from careersnet_graph.viz.layout import DRAW_THRESHOLD

pytestmark = pytest.mark.browser

COUNTRIES_SCREENSHOT = Path(__file__).parents[2] / "docs" / "images" / "network-countries.png"
"""Refreshed with CAREERSNET_SCREENSHOT=1, for docs/visualisation.md."""

LEGIBLE_PIXELS = 11.0
"""The least height, in screen pixels, of a large label at the first view."""

_LABELLED = """() => {
  const api = window.careersnetNetwork;
  const sizes = api.nodes.get().map(n => n.font.size);
  const top = Math.max(...sizes);
  return api.nodes.get().filter(n => n.font.size === top).map(n => n.id);
}"""

_BOXES = """ids => ids.map(id => window.careersnetNetwork.network.getBoundingBox(id))"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    written = write_pages(load(), tmp_path_factory.mktemp("site"))
    return {path.stem.removeprefix("network-"): path for path in written}


def _overlaps(first: dict[str, float], second: dict[str, float]) -> bool:
    return not (
        first["right"] <= second["left"]
        or second["right"] <= first["left"]
        or first["bottom"] <= second["top"]
        or second["bottom"] <= first["top"]
    )


@pytest.mark.parametrize("name", ["organisations", "countries", "bipartite", "persons"])
def test_first_view_is_readable(pages: dict[str, Path], open_page: Callable[[Path], Any], name: str) -> None:
    opened = open_page(pages[name])
    page = opened.page
    drawing = page.locator("#network").bounding_box()
    legend = page.locator("#legend").bounding_box()
    assert drawing is not None and legend is not None
    assert legend["x"] + legend["width"] <= drawing["x"], "the legend is beside the drawing, not on it"

    image = Image.open(io.BytesIO(page.locator("#network canvas").screenshot())).convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    drawn = image.width * image.height - ImageChops.difference(image, background).convert("L").histogram()[0]
    assert drawn > 0.01 * image.width * image.height, f"only {drawn} pixels drawn"

    labelled = opened.evaluate(_LABELLED)
    assert 1 < len(labelled) <= 40
    scale = opened.evaluate("window.careersnetNetwork.network.getScale()")
    fonts = opened.evaluate(
        "ids => ids.map(id => window.careersnetNetwork.nodes.get(id).font.size)", labelled
    )
    assert min(fonts) * scale >= LEGIBLE_PIXELS, f"large labels are {min(fonts) * scale:.1f} px high"
    small = opened.evaluate("() => Math.min(...window.careersnetNetwork.nodes.get().map(n => n.font.size))")
    if small < min(fonts):
        assert small * scale < DRAW_THRESHOLD - 1, "the other labels are hidden at the first view"
    boxes = dict(zip(labelled, opened.evaluate(_BOXES, labelled), strict=True))
    clashes = [
        (a, b) for i, a in enumerate(labelled) for b in labelled[i + 1 :] if _overlaps(boxes[a], boxes[b])
    ]
    assert clashes == []
    options = opened.evaluate("JSON.parse(document.getElementById('careersnet-data').textContent).options")
    assert options["edges"]["smooth"] == {"enabled": False}, "links are straight"
    opened.assert_clean()


def test_one_colour_per_type_on_every_page(pages: dict[str, Path], open_page: Callable[[Path], Any]) -> None:
    seen: dict[str, set[str]] = {}
    for name in ("organisations", "bipartite", "persons"):
        opened = open_page(pages[name])
        legends = opened.evaluate("() => window.careersnetNetwork.legends")
        for group in legends["type"]:
            for label, colour, _ in group["entries"]:
                seen.setdefault(label, set()).add(colour)
    assert {label: colours for label, colours in seen.items() if len(colours) > 1} == {}
    assert seen["ministry"] == {type_colour("ministry")}
    assert seen["EU agency"] == {type_colour("EU agency")}


def test_countries_page_has_an_eu_level_and_real_menus(
    pages: dict[str, Path], open_page: Callable[[Path], Any]
) -> None:
    graph = country_graph(load())
    opened = open_page(pages["countries"])
    page = opened.page
    types = page.locator("#filter-type option").all_text_contents()
    sectors = page.locator("#filter-sector option").all_text_contents()
    assert "ministry" in types and "public employment service" in types
    assert "education" in sectors and "employment" in sectors
    assert opened.evaluate("id => window.careersnetNetwork.details[id].label", EU_LEVEL_NODE) == EU_LEVEL
    with_ministry = sorted(n for n, types_ in graph.nodes(data="actor_types") if "ministry" in types_)
    page.select_option("#filter-type", "ministry")
    shown = sorted(
        opened.evaluate("window.careersnetNetwork.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    )
    assert shown == with_ministry
    if os.environ.get("CAREERSNET_SCREENSHOT") == "1":
        page.select_option("#filter-type", "")
        shot = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
        shot.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
            COUNTRIES_SCREENSHOT, optimize=True
        )
    sizes = opened.evaluate(
        "() => Object.fromEntries(window.careersnetNetwork.nodes.get().map(n => [n.id, n.size]))"
    )
    biggest = max(graph.nodes, key=lambda node: (graph.nodes[node]["ties"], node))
    assert sizes[biggest] == max(sizes.values()), "nodes are sized by the ties of their own actors"
    opened.assert_clean()


def test_bipartite_page_has_separate_legends_for_actors_and_initiatives(
    pages: dict[str, Path], open_page: Callable[[Path], Any]
) -> None:
    opened = open_page(pages["bipartite"])
    titles = opened.page.locator("#legend h2").all_text_contents()
    assert titles == ["Actor types", "Initiative and event types"]
    groups = opened.evaluate("() => window.careersnetNetwork.legends.type")
    actor_types = {entry[0] for entry in groups[0]["entries"]}
    initiative_types = {entry[0] for entry in groups[1]["entries"]}
    assert "ministry" in actor_types and "ministry" not in initiative_types
    assert "programme" in initiative_types and "programme" not in actor_types
    opened.assert_clean()


def test_year_range_keeps_the_ties_dated_in_it(
    pages: dict[str, Path], open_page: Callable[[Path], Any]
) -> None:
    graph = organisation_graph(load())
    dated = [years for _, _, years in graph.edges(data="years") if years]
    assert dated, "the shipped organisation network has dated ties"
    year = sorted(years[0] for years in dated)[len(dated) // 2]

    def meets(years: list[int]) -> bool:
        return years[0] <= year <= years[1]

    # An organisation dated outside the year (founded later, dissolved before) is hidden with its ties.
    hidden = {node for node, years in graph.nodes(data="years") if years and not meets(years)}
    kept = [years for u, v, years in graph.edges(data="years") if u not in hidden and v not in hidden]
    expected = sum(1 for years in kept if years and meets(years))
    undated = sum(1 for years in kept if not years)
    opened = open_page(pages["organisations"])
    assert opened.page.locator("#years").is_visible()
    opened.evaluate(f"window.careersnetNetwork.setYears({year}, {year}, false)")
    shown = opened.evaluate("window.careersnetNetwork.edges.get({filter: e => !e.hidden}).length")
    assert shown == expected
    opened.evaluate(f"window.careersnetNetwork.setYears({year}, {year}, true)")
    assert (
        opened.evaluate("window.careersnetNetwork.edges.get({filter: e => !e.hidden}).length")
        == expected + undated
    )
    opened.evaluate("window.careersnetNetwork.setYears(null, null, true)")
    assert (
        opened.evaluate("window.careersnetNetwork.edges.get({filter: e => !e.hidden}).length")
        == graph.number_of_edges()
    )
    opened.assert_clean()
