"""`careersnet stats --by-country`: per-country figures computed by SPARQL, the same on every store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from careersnet_graph.cli import main
from careersnet_graph.loading import load
from careersnet_graph.stats import CountryFigures, by_country
from careersnet_graph.store.memory import MemoryStore

FIXTURE = Path(__file__).parent / "queries" / "fixture"

EXPECTED = [
    # Association Four: a contributor to Strategy Beta and a member of Network Six (source-beta).
    CountryFigures("AUT", "country:AUT", 1, {"cng:Association": 1}, 0, 0, 1, 0, 2, 1),
    # Lonely Provider Five: no participation, described in source-beta only.
    CountryFigures("FRA", "country:FRA", 1, {"cng:GuidanceProvider": 1}, 0, 0, 0, 0, 0, 1),
    # Agency One and Ada Example (her post is in Agency One): the meeting, Tool Gamma; 2 + 1 ties.
    CountryFigures("GRC", "country:GRC", 2, {"cng:EUAgency": 1}, 1, 0, 1, 1, 3, 2),
    # Ministry Two and Employment Service Three: the meeting, Strategy Beta; 2 + 2 ties.
    CountryFigures(
        "SVN", "country:SVN", 2, {"cng:Ministry": 1, "cng:PublicEmploymentService": 1}, 0, 0, 1, 1, 4, 2
    ),
]
"""Counted by hand from tests/queries/fixture (the inference's sector statements are no source)."""


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_by_country_on_the_fixture(store: str) -> None:
    kg = load([FIXTURE], shipped=False, store=MemoryStore() if store == "memory" else None)
    assert by_country(kg) == EXPECTED


def test_by_country_adds_up_on_the_shipped_data() -> None:
    kg = load()
    figures = by_country(kg)
    assert len({item.country for item in figures}) == len(figures)
    for item in figures:
        organisations = sum(item.organisations.values())
        assert item.actors >= item.persons + item.person_groups
        assert organisations >= item.actors - item.persons - item.person_groups  # a type each, or more
        assert item.label != f"country:{item.country}"  # the country table names every country


def test_stats_by_country_text_and_json() -> None:
    runner = CliRunner()
    as_json = runner.invoke(main, ["stats", "--by-country", "--format", "json", "--data", str(FIXTURE)])
    assert as_json.exit_code == 0, as_json.output
    rows = {item["country"]: item for item in json.loads(as_json.output)}
    assert rows["SVN"]["ties"] == 4 + sum(  # the fixture's SVN figures, plus the shipped data's
        item.ties for item in by_country(load()) if item.country == "SVN"
    )
    as_text = runner.invoke(main, ["stats", "--by-country", "--data", str(FIXTURE)], env={"COLUMNS": "200"})
    assert as_text.exit_code == 0, as_text.output
    lines = as_text.output.splitlines()
    assert lines[0].split(" | ")[0].strip() == "country"
    assert lines[-1] == f"({len(rows)} rows)"
