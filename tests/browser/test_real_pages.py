"""The pages `careersnet build` writes for the shipped data, opened in headless Chromium.

With CAREERSNET_SCREENSHOT=1 the organisations page is also saved as
docs/images/network-organisations.png for the README.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from PIL import Image

from careersnet_graph.loading import load
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.viz import write_pages

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).parents[2] / "docs" / "images" / "network-organisations.png"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, nx.Graph], dict[str, Path]]:
    kg = load()
    graphs = {name: project(kg) for name, project in PROJECTIONS.items()}
    pages = write_pages(kg, tmp_path_factory.mktemp("site"))
    return graphs, {path.stem.removeprefix("network-"): path for path in pages}


@pytest.mark.parametrize("projection", list(PROJECTIONS))
def test_shipped_page_draws_its_projection_offline(
    shipped: tuple[dict[str, nx.Graph], dict[str, Path]], open_page: Callable[[Path], Any], projection: str
) -> None:
    graphs, pages = shipped
    graph = graphs[projection]
    assert graph.number_of_nodes() > 0, f"the shipped {projection} network is empty"
    opened = open_page(pages[projection])
    assert opened.evaluate("window.careersnetNetwork.nodes.length") == graph.number_of_nodes()
    assert opened.evaluate("window.careersnetNetwork.edges.length") == graph.number_of_edges()
    assert (
        opened.evaluate("window.careersnetNetwork.network.body.nodeIndices.length") == graph.number_of_nodes()
    )
    opened.assert_clean()


def test_search_finds_cedefop_and_screenshot(
    shipped: tuple[dict[str, nx.Graph], dict[str, Path]], open_page: Callable[[Path], Any]
) -> None:
    graphs, pages = shipped
    cedefop = "https://w3id.org/careersnet-graph/id/org-cedefop"
    assert cedefop in graphs["organisations"]
    opened = open_page(pages["organisations"])
    if os.environ.get("CAREERSNET_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shot = Image.open(io.BytesIO(opened.page.screenshot(full_page=False)))
        palette = shot.convert("RGB").quantize(
            colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        palette.save(SCREENSHOT, optimize=True)
    opened.page.fill("#search", "cedefop")
    opened.page.click("#search-go")
    assert opened.evaluate("window.careersnetNetwork.network.getSelectedNodes()") == [cedefop]
    assert opened.page.text_content("#panel-title") == graphs["organisations"].nodes[cedefop]["label"]
    neighbours = opened.page.locator("#panel-fields button.link").count()
    assert neighbours == graphs["organisations"].degree(cedefop)
    opened.assert_clean()
