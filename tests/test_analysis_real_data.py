"""The projections, metrics and report on the shipped, curated data.

Expectations are queried from the data, never copied from output: e.g. the body that
organised most events must rank among the top organisations by degree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careersnet_graph.analysis.table import metrics_table, ranked
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.projection import PROJECTIONS, organisation_graph
from careersnet_graph.report import write_report
from careersnet_graph.report.findings import collect_findings

TOP_ORGANISERS = """
SELECT ?agent (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?participation a cng:Participation ; cng:agent ?agent ; cng:role cnd:role-organiser ; cng:target ?event .
  ?event a/rdfs:subClassOf* schema:Event .
}
GROUP BY ?agent
ORDER BY DESC(?events) ?agent
"""

COUNTRY_COUNTS = "SELECT DISTINCT ?event ?count WHERE { ?event cng:participantCountryCount ?count }"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    graph = load()
    assert graph.query("ASK { ?p a cng:Participation }").boolean, "the shipped data has no participation"
    return graph


def test_the_main_organiser_of_events_is_among_the_top_organisations_by_cooperation_volume(
    kg: KnowledgeGraph,
) -> None:
    rows = [(str(row["agent"]), int(str(row["events"]))) for row in kg.select(TOP_ORGANISERS)]
    assert rows
    most = rows[0][1]
    leaders = {agent for agent, events in rows if events == most}
    table = metrics_table(organisation_graph(kg))
    # weighted degree (shared targets summed over ties), not the plain count of partners: in the
    # 37-country data the plain degree is led by the members of large groups (the national
    # Euroguidance centres of one network, the signatories of one protocol), each tied to all the others
    assert leaders & set(ranked(table, "weighted_degree", top=5))


def test_every_projected_node_and_edge_is_sourced(kg: KnowledgeGraph) -> None:
    for name, projection in PROJECTIONS.items():
        graph = projection(kg)
        assert graph.number_of_edges() > 0, name
        for node, data in graph.nodes(data=True):
            assert data["sources"] or data["inferred_sources"], (name, node)
        for u, v, data in graph.edges(data=True):
            assert data["sources"] or data["inferred_sources"], (name, u, v)


def test_counts_only_facts_reach_the_report(kg: KnowledgeGraph) -> None:
    expected = {(str(row["event"]), int(str(row["count"]))) for row in kg.select(COUNTRY_COUNTS)}
    assert expected
    found = {(fact.event.iri, fact.countries) for fact in collect_findings(kg).counted_facts}
    assert expected <= found


def test_real_report_is_byte_identical(kg: KnowledgeGraph, tmp_path: Path) -> None:
    first = write_report(kg, tmp_path / "one")
    second = write_report(load(), tmp_path / "two")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
