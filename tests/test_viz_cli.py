"""`careersnet visualise` and `viz.write_pages` on the shipped data, through click's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from careersnet_graph.cli import main
from careersnet_graph.loading import load
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.viz import write_pages

CEDEFOP = "https://w3id.org/careersnet-graph/id/org-cedefop"


def _nodes(page: Path) -> list[str]:
    match = re.search(r'id="careersnet-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert match is not None
    return sorted(node["id"] for node in json.loads(match.group(1))["nodes"])


@pytest.fixture(scope="module")
def shipped_projections() -> dict[str, list[str]]:
    kg = load()
    return {name: sorted(project(kg).nodes) for name, project in PROJECTIONS.items()}


def test_visualise_writes_the_whole_projection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped_projections: dict[str, list[str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "pages" / "organisations.html"
    result = CliRunner().invoke(main, ["visualise", "--projection", "organisations", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert shipped_projections["organisations"], "the shipped organisations network is empty"
    assert _nodes(out) == shipped_projections["organisations"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pages"]


def test_visualise_focus_and_filter(tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    result = CliRunner().invoke(
        main,
        [
            "visualise",
            "--focus",
            "cnd:org-cedefop",
            "--depth",
            "0",
            "--filter",
            "country=GRC",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert _nodes(out) == [CEDEFOP]
    assert "Within 0 link(s) of cnd:org-cedefop" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--focus", "No Such Actor"], "is not in this network"),
        (["--filter", "colour=red"], "filter key 'colour' is unknown"),
        (["--filter", "country"], "is not KEY=VALUE"),
    ],
)
def test_visualise_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["visualise", *arguments, "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_write_pages_writes_one_page_per_projection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped_projections: dict[str, list[str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    paths = write_pages(load(), tmp_path / "site")
    assert [path.name for path in paths] == [f"network-{name}.html" for name in PROJECTIONS]
    for name, path in zip(PROJECTIONS, paths, strict=True):
        assert _nodes(path) == shipped_projections[name]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    again = write_pages(load(), tmp_path / "again")
    assert [path.read_bytes() for path in paths] == [path.read_bytes() for path in again]
