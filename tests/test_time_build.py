"""The build of a window, and the report's evolution and suggestion sections, on the time fixture.

The fixture (see tests/test_temporal.py) with the shipped country table conforms, so it builds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careersnet_graph.build import build
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.temporal import Window, within

FIXTURE = Path(__file__).parent / "analysis" / "time"
COUNTRIES = Path(__file__).parents[1] / "data" / "vocabularies"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load([FIXTURE, COUNTRIES], shipped=False)


@pytest.fixture(scope="module")
def windowed(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folders = []
    for name in ("first", "second"):
        folder = tmp_path_factory.mktemp(name) / "exports"
        with within(Window.as_of("2019-12-31")):
            assert build(kg, folder).conforms
        folders.append(folder)
    return folders


def test_a_windowed_build_draws_the_network_of_its_window(windowed: list[Path]) -> None:
    kumu = json.loads((windowed[0] / "networks" / "organisations.kumu.json").read_text(encoding="utf-8"))
    labels = sorted(element["label"] for element in kumu["elements"])
    assert labels == ["A Agency", "B Ministry", "C Service"]
    page = (windowed[0] / "network-organisations.html").read_text(encoding="utf-8")
    assert "The network as of 2019-12-31: 3 participations and posts with no date are left out." in page


def test_windowed_builds_are_byte_identical(windowed: list[Path]) -> None:
    first, second = windowed
    names = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert names == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_report_shows_the_evolution_and_the_suggestions(kg: KnowledgeGraph, tmp_path: Path) -> None:
    assert build(kg, tmp_path / "exports").conforms
    report = (tmp_path / "exports" / "report.md").read_text(encoding="utf-8")
    evolution = report[report.index("## How cooperation evolved") : report.index("## Suggested partnerships")]
    rows = [line for line in evolution.splitlines() if line.startswith("| 20")]
    # 2019: Meeting 2019 (3 facts, thin) joined with 2020 (Plan, 2 facts): A-B, A-C, B-C and B-E.
    assert rows[0].startswith("| 2019\u20132020 | 5 | 4 | 4 | ")
    assert [row.split(" | ")[0] for row in rows] == ["| 2019\u20132020", "| 2021\u20132022", "| 2023"]
    assert "3 of 12 participations and posts have no date" in evolution
    suggestions = report[report.index("## Suggested partnerships") : report.index("## Isolated actors")]
    assert "[A Agency](<https://w3id.org/careersnet-graph/id/org-a-agency>) — [E Centre]" in suggestions
    html = (tmp_path / "exports" / "report.html").read_text(encoding="utf-8")
    assert html.count('<img src="data:image/svg+xml;base64,') >= 2
    assert 'id="evolution"' in html and 'id="suggestions"' in html
