"""The organisations page's time slider in headless Chromium, on the fictional time fixture.

Years in which facts start: 2019, 2020, 2021, 2022, 2023 (see tests/test_temporal.py). The
slider's positions 0..4 show the network as of the end of each year, position 5 everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careersnet_graph.atomic import atomic_write_bytes
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND
from careersnet_graph.projection import organisation_graph
from careersnet_graph.viz.pages import projection_page
from careersnet_graph.viz.timeline import network_timeline

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parents[1] / "analysis" / "time"


def org(letter: str) -> str:
    return CND[f"org-{letter}"].value


A, B, C, D, E = (org(name) for name in ("a-agency", "b-ministry", "c-service", "d-association", "e-centre"))


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = projection_page(load([FIXTURE], shipped=False), "organisations")
    return atomic_write_bytes(tmp_path_factory.mktemp("timeline") / "page.html", page.encode("utf-8"))


def visible(opened: Any, dataset: str) -> Any:
    script = f"window.careersnetNetwork.{dataset}.get({{filter: i => !i.hidden}})"
    if dataset == "nodes":
        return sorted(opened.evaluate(script + ".map(i => i.id)"))
    return sorted(tuple(sorted(pair)) for pair in opened.evaluate(script + ".map(i => [i.from, i.to])"))


def pairs(*edges: tuple[str, str]) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(edge)) for edge in edges)


def move(opened: Any, position: int) -> None:
    """Drag the slider like a user: set its value and fire the input event."""
    opened.page.eval_on_selector(
        "#timeline-year",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }",
        position,
    )


def test_the_slider_replays_the_network(page_file: Path, open_page: Callable[[Path], Any]) -> None:
    opened = open_page(page_file)
    assert opened.evaluate("document.getElementById('timeline-year').max") == "5"
    assert len(visible(opened, "edges")) == 9
    assert opened.page.inner_text("#timeline-label") == "all years, undated links included: 5 actors, 9 links"
    move(opened, 0)
    assert visible(opened, "nodes") == sorted([A, B, C])
    assert visible(opened, "edges") == pairs((A, B), (A, C), (B, C))
    assert opened.page.inner_text("#timeline-label") == "as of the end of 2019: 3 actors, 3 links"
    move(opened, 1)
    assert visible(opened, "nodes") == sorted([A, B, C, E])
    assert visible(opened, "edges") == pairs((A, B), (A, C), (B, C), (B, E))
    move(opened, 3)
    assert visible(opened, "edges") == pairs((A, B), (A, C), (B, C), (B, E), (A, D))
    move(opened, 4)
    assert visible(opened, "edges") == pairs((A, B), (A, C), (B, C), (B, E), (A, D), (C, D))
    opened.assert_clean()


def test_the_slider_keeps_the_filters_and_plays(page_file: Path, open_page: Callable[[Path], Any]) -> None:
    opened = open_page(page_file)
    opened.page.select_option("#filter-country", "FIN")
    assert visible(opened, "nodes") == sorted([D, E])
    move(opened, 1)
    assert visible(opened, "nodes") == [E]
    opened.page.click("#timeline-play")
    assert opened.page.inner_text("#timeline-play") == "Stop"
    opened.page.wait_for_function(
        "() => document.getElementById('timeline-play').textContent === 'Play'", timeout=10_000
    )
    assert opened.evaluate("document.getElementById('timeline-year').value") == "5"
    assert visible(opened, "nodes") == sorted([D, E])
    assert visible(opened, "edges") == pairs((D, E))
    opened.assert_clean()


def test_the_real_page_shows_the_2021_meeting_ties_from_2021(
    tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    """On the shipped data: a tie that only the December 2021 CareersNet meeting makes is hidden
    at the slider's 2020 position and shown at its 2021 position."""
    kg = load()
    graph = organisation_graph(kg)
    meeting = CND["event-careersnet-annual-meeting-2021"].value
    only_meeting = sorted(
        tuple(sorted(edge))
        for *edge, data in graph.edges(data=True)
        if [entry["target"] for entry in data["shared"]] == [meeting]
    )
    assert only_meeting
    years = network_timeline(kg, "organisations", graph).years
    path = atomic_write_bytes(tmp_path / "page.html", projection_page(kg, "organisations").encode("utf-8"))
    opened = open_page(path)
    move(opened, years.index(2020))
    assert not set(only_meeting) & set(visible(opened, "edges"))
    move(opened, years.index(2021))
    assert set(only_meeting) <= set(visible(opened, "edges"))
    opened.assert_clean()
