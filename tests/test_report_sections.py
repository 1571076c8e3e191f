"""The report's analyst sections on hand-made data: ties kept in rankings, brokers, isolated actors,
where cooperation is missing, coverage by country, counts that add up with `stats`."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.projection import organisation_graph
from careersnet_graph.queries import get_query
from careersnet_graph.report.findings import MAX_ROWS, TOP, Findings, collect_findings, top_ranked
from careersnet_graph.report.missing import Cooperation, Grouping, cooperations
from careersnet_graph.report.writer import render_report
from careersnet_graph.stats import summarise

FIXTURES = Path(__file__).parent / "analysis"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    """Alpha Agency (EU agency seated in Greece), Beta Ministry and Gamma Service (Slovenia), Delta
    Association and a hostile body (Finland); seven organisation ties, Beta the only broker."""
    return load([FIXTURES / "projection", FIXTURES / "hostile"], shipped=False)


@pytest.fixture(scope="module")
def findings(kg: KnowledgeGraph) -> Findings:
    return collect_findings(kg)


def test_a_tie_at_the_cut_is_shown_whole() -> None:
    values = [9.0, 8.0] + [5.0] * 13 + [1.0]
    table = {f"n{index:02}": {"degree": value} for index, value in enumerate(values)}
    rows, left_out, _ = top_ranked(table, "degree")
    assert [rank for _, rank in rows] == [1, 2] + [3] * 13
    assert len(rows) == 15 > TOP and left_out == 0


def test_a_tie_too_large_to_show_is_left_out_whole_and_counted() -> None:
    values = [9.0] + [5.0] * MAX_ROWS
    table = {f"n{index:02}": {"degree": value} for index, value in enumerate(values)}
    rows, left_out, value = top_ranked(table, "degree")
    assert rows == [("n00", 1)]
    assert (left_out, value) == (MAX_ROWS, 5.0)


def test_equal_values_share_a_rank_in_the_report(findings: Findings) -> None:
    degree = findings.rankings[0]
    # Beta is tied to all four others; Alpha, Delta and the hostile body to three; Gamma to one.
    assert [(row.actor.label.split()[0], row.rank) for row in degree.rows] == [
        ("Beta", 1),
        ("Alpha", 2),
        ("Delta", 2),
        ("<script>alert('x')</script>", 2),
        ("Gamma", 5),
    ]


def test_brokers_are_only_organisations_between_others(findings: Findings) -> None:
    # Gamma reaches the others only through Beta: Beta is on 3 of the 6 shortest paths between others.
    assert [(broker.actor.label, broker.betweenness) for broker in findings.brokers] == [
        ("Beta Ministry", 0.5)
    ]


def test_isolated_is_the_query_definition(kg: KnowledgeGraph) -> None:
    extra = load(
        [FIXTURES / "projection", FIXTURES / "hostile", Path(__file__).parent / "fixtures" / "mini"],
        shipped=False,
    )
    expected = sorted(
        {row[0].value for row in extra.rows(get_query("isolated-actors").text) if row[0] is not None}
    )
    assert expected, "the mini fixture's person takes part in nothing"
    isolated = collect_findings(extra).isolated
    assert sorted(actor.iri for actor in isolated) == expected
    assert collect_findings(kg).isolated == []  # every actor of the small fixture takes part


def _cooperation(graph: nx.Graph, membership: dict[str, list[str]], scope: list[str]) -> Cooperation:
    return cooperations(graph, [Grouping("groups", membership, scope)])[0]


def test_every_pair_of_groups_is_listed_with_zeros() -> None:
    graph = nx.Graph([("a", "b"), ("b", "c")])
    graph.add_node("d")
    membership = {"a": ["x"], "b": ["y"], "c": ["y"], "d": ["z"]}
    result = _cooperation(graph, membership, ["w", "x", "y", "z"])
    assert [(p.first, p.second, p.ties, p.possible) for p in result.pairs] == [
        ("w", "w", 0, 0),
        ("w", "x", 0, 0),
        ("w", "y", 0, 0),
        ("w", "z", 0, 0),
        ("x", "x", 0, 0),
        ("x", "y", 1, 2),
        ("x", "z", 0, 1),
        ("y", "y", 1, 1),
        ("y", "z", 0, 2),
        ("z", "z", 0, 0),
    ]
    assert [(p.first, p.second) for p in result.zero_pairs] == [("x", "z"), ("y", "z")]
    assert [g.name for g in result.untied_groups] == ["w", "z"]
    assert _cooperation(graph, {"a": ["x"]}, []).ungrouped == 3
    assert result.missing_partners("z") == ["x", "y"]
    assert result.pair("y", "x").density == 0.5


def test_missing_cooperation_names_sectors_without_ties(findings: Findings) -> None:
    untied = {group.name for group in findings.sectors.untied_groups}
    assert untied == {"economy", "health", "regional development", "research", "social affairs"}
    # Education: Alpha, Beta, Delta; employment: Gamma; youth: Delta; the hostile body has no sector.
    assert findings.sectors.pair("employment", "youth").ties == 0
    assert findings.sectors.pair("employment", "youth").possible == 1
    assert (findings.sectors.ungrouped, findings.places.ungrouped) == (1, 0)  # the hostile body: no sector
    places = {group.name: (group.organisations, group.ties) for group in findings.places.groups}
    assert places == {"EU-level": (1, 3), "FIN": (2, 5), "SVN": (2, 4)}
    html, markdown = render_report(findings)
    for text in (html, markdown):
        assert "employment \u2013 youth (0 of 1)" in text
        assert "Without any tie:" in text and "health (0 organisations in the network)" in text


def test_coverage_by_country(findings: Findings) -> None:
    rows = {row.place: (row.actors, row.ties, row.sources) for row in findings.coverage}
    # EU-level: Alpha (ties with Beta, Delta, hostile); Slovenia: Beta, Gamma and the Example Forum
    # (a network: an actor, but no organisation tie of its own); Finland: Delta and the hostile body.
    assert rows == {"EU-level": (1, 3, 2), "SVN": (3, 4, 2), "FIN": (2, 5, 2)}
    assert findings.coverage[0].place == "EU-level"  # fewest actors first


def test_figures_add_up_with_stats(kg: KnowledgeGraph, findings: Findings) -> None:
    summary = summarise(kg)
    figures = {name: (value, note) for name, value, note in findings.figures}
    assert figures["actors"][0] == summary.actors
    assert figures["statements in the data"][0] == summary.triples
    assert figures["statements in the exports"][0] == summary.triples_with_ontology
    assert "ontology" in figures["statements in the exports"][1]
    assert all(note for name, (_, note) in figures.items() if name not in {"persons", "events"})


def test_an_actor_without_a_sector_says_so(kg: KnowledgeGraph) -> None:
    findings = collect_findings(kg)
    broker = findings.brokers[0]
    findings.brokers[0] = type(broker)(
        type(broker.actor)(**{**broker.actor.__dict__, "sectors": []}),
        broker.constraint,
        broker.effective_size,
        broker.betweenness,
        None,
        broker.cross_border_share,
    )
    html, markdown = render_report(findings)
    assert "no sector" in html and "| no sector |" in markdown


def test_a_community_cites_the_sources_of_the_ties_inside_it(kg: KnowledgeGraph, findings: Findings) -> None:
    organisations = organisation_graph(kg)
    assert findings.communities
    for community in findings.communities:
        members = [actor.iri for actor in community.members]
        inside = organisations.subgraph(members).edges(data="sources")
        assert community.sources == sorted({source for _, _, sources in inside for source in sources})
        assert community.sources  # every tie of the fixture has a source
