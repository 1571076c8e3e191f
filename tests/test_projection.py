"""Projections of a small fictional dataset, with the expected networks worked out by hand.

The fixture (tests/analysis/projection/) describes: Alpha Agency (GRC) organises Meeting One
with Beta Ministry (SVN) as partner organiser and Delta Association (FIN) as participant;
Ann Example (head of unit at Alpha) convenes it and a group of five speakers speaks; Beta and
Gamma Service (SVN) are members of the Example Forum, which Bob Example chairs; Alpha authors
Plan One and Beta contributes to it. Beta's partner-organiser role is stated by both sources.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND, COUNTRY
from careersnet_graph.projection import (
    EU_LEVEL_NODE,
    PROJECTIONS,
    actor_initiative_graph,
    country_graph,
    organisation_graph,
    organisation_projection,
    person_organisation_graph,
)

FIXTURE = Path(__file__).parent / "analysis" / "projection"
ALPHA_URL = "https://example.org/alpha"
BETA_URL = "https://example.org/beta"
SECTORS_INFERENCE = CND["inference-example-sectors"].value

# rdflib 7.6 warns inside its own SPARQL engine whenever a Dataset is queried (graph.py's seam).


def iri(local: str) -> str:
    return CND[local].value


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    assert sorted(FIXTURE.glob("*.ttl")), "fixture files missing"
    return load([FIXTURE], shipped=False)


def test_bipartite_links_every_agent_to_its_targets(kg: KnowledgeGraph) -> None:
    graph = actor_initiative_graph(kg)
    actors = {n for n, side in graph.nodes(data="side") if side == "actor"}
    initiatives = {n for n, side in graph.nodes(data="side") if side == "initiative"}
    assert actors == {
        iri(name)
        for name in (
            "org-alpha-agency",
            "org-beta-ministry",
            "org-gamma-service",
            "org-delta-association",
            "person-ann-example",
            "person-bob-example",
            "group-meeting-one-speakers",
        )
    }
    assert initiatives == {iri("event-meeting-one"), iri("org-example-forum"), iri("initiative-plan-one")}
    assert graph.number_of_edges() == 10
    assert nx.is_bipartite(graph)
    edge = graph.edges[iri("org-beta-ministry"), iri("event-meeting-one")]
    assert edge["roles"] == ["partner organiser"]
    assert edge["weight"] == 1
    assert edge["sources"] == [ALPHA_URL, BETA_URL]


def test_no_literal_class_or_concept_becomes_a_node(kg: KnowledgeGraph) -> None:
    for projection in PROJECTIONS.values():
        for node in projection(kg):
            assert node.startswith(str(CND)) or node.startswith(str(COUNTRY)), node
            assert "/role-" not in node
            assert "/sector-" not in node
            assert "/participation-" not in node


def test_node_attributes(kg: KnowledgeGraph) -> None:
    node = organisation_graph(kg).nodes[iri("org-delta-association")]
    assert node["iri"] == iri("org-delta-association")
    assert node["label"] == "Delta Association"
    assert node["type"] == "cng:Association"
    assert node["type_label"] == "association or NGO"
    assert node["country"] == ["FIN"]
    assert node["country_labels"] == ["FIN"]
    assert node["sectors"] == ["education", "youth"]
    assert node["sources"] == [BETA_URL]
    assert node["inferred_sources"] == [SECTORS_INFERENCE]


def test_most_specific_type_of_a_ministry(kg: KnowledgeGraph) -> None:
    node = organisation_graph(kg).nodes[iri("org-beta-ministry")]
    assert (node["type"], node["type_label"]) == ("cng:Ministry", "ministry")
    assert node["sources"] == [ALPHA_URL, BETA_URL]


def test_organisation_co_participation(kg: KnowledgeGraph) -> None:
    graph = organisation_graph(kg)
    alpha, beta, gamma, delta = (
        iri(n)
        for n in ("org-alpha-agency", "org-beta-ministry", "org-gamma-service", "org-delta-association")
    )
    assert set(graph.nodes) == {alpha, beta, gamma, delta}
    weights = {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")}
    assert weights == {
        frozenset((alpha, beta)): 2,
        frozenset((alpha, delta)): 1,
        frozenset((beta, delta)): 1,
        frozenset((beta, gamma)): 1,
    }
    shared = graph.edges[alpha, beta]["shared"]
    assert [entry["target"] for entry in shared] == [iri("event-meeting-one"), iri("initiative-plan-one")]
    assert shared[1] == {"target": iri("initiative-plan-one"), "target_label": "Plan One"}
    # one entry per target, the same object in every tie through it (Meeting One: three ties)
    assert graph.edges[alpha, delta]["shared"][0] is shared[0]
    assert graph.edges[beta, delta]["shared"][0] is shared[0]
    # each side's roles in a target are on its bipartite edge; the tie's roles are their union
    bipartite = actor_initiative_graph(kg)
    assert bipartite.edges[alpha, iri("initiative-plan-one")]["roles"] == ["author"]
    assert bipartite.edges[beta, iri("initiative-plan-one")]["roles"] == ["contributor"]
    assert set(graph.edges[alpha, beta]["roles"]) == {
        role
        for target in shared
        for side in (alpha, beta)
        for role in bipartite.edges[side, target["target"]]["roles"]
    }
    assert graph.edges[beta, gamma]["roles"] == ["member"]
    assert graph.edges[beta, gamma]["sources"] == [BETA_URL]


def test_country_graph_counts_ties_of_own_actors_and_puts_eu_bodies_at_eu_level(kg: KnowledgeGraph) -> None:
    """Alpha Agency is an EU agency seated in Greece: it counts as EU-level, so Greece has no node.
    Organisation ties: Alpha-Beta (2 shared targets), Alpha-Delta, Beta-Delta, Beta-Gamma."""
    graph = country_graph(kg)
    svn, fin = (COUNTRY[c].value for c in ("SVN", "FIN"))
    assert set(graph.nodes) == {svn, fin, EU_LEVEL_NODE}
    weights = {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")}
    assert weights == {
        frozenset((EU_LEVEL_NODE, svn)): 1,
        frozenset((EU_LEVEL_NODE, fin)): 1,
        frozenset((fin, svn)): 1,
    }
    assert graph.edges[EU_LEVEL_NODE, svn]["shared_targets"] == 2
    slovenia = graph.nodes[svn]
    assert (slovenia["actors"], slovenia["domestic_ties"], slovenia["cross_border_ties"]) == (2, 1, 2)
    assert slovenia["ties"] == 3 and slovenia["unplaced_ties"] == 0
    assert slovenia["country"] == ["SVN"]
    assert slovenia["sectors"] == ["education", "employment"]
    assert slovenia["actor_types"] == ["ministry", "public employment service"]
    eu = graph.nodes[EU_LEVEL_NODE]
    assert (eu["label"], eu["actors"], eu["domestic_ties"], eu["cross_border_ties"]) == ("EU-level", 1, 0, 2)
    assert eu["sources"] == [ALPHA_URL, BETA_URL]


def test_person_organisation_graph(kg: KnowledgeGraph) -> None:
    graph = person_organisation_graph(kg)
    ann, bob = iri("person-ann-example"), iri("person-bob-example")
    assert graph.nodes[ann]["side"] == "person"
    assert graph.nodes[iri("org-example-forum")]["side"] == "organisation"
    assert set(graph.edges) == {(ann, iri("org-alpha-agency")), (bob, iri("org-example-forum"))}
    assert graph.edges[ann, iri("org-alpha-agency")]["roles"] == ["head of unit"]
    assert graph.edges[ann, iri("org-alpha-agency")]["sources"] == [ALPHA_URL]
    assert graph.edges[bob, iri("org-example-forum")]["roles"] == ["chair"]


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_every_edge_carries_weight_roles_sources(kg: KnowledgeGraph, name: str) -> None:
    graph = PROJECTIONS[name](kg)
    assert graph.number_of_edges() > 0
    for _, _, data in graph.edges(data=True):
        assert isinstance(data["weight"], int) and data["weight"] >= 1
        assert data["roles"] == sorted(data["roles"])
        assert data["sources"] == sorted(data["sources"]) and data["sources"]


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_projection_is_deterministic(kg: KnowledgeGraph, name: str) -> None:
    first = PROJECTIONS[name](kg)
    second = PROJECTIONS[name](load([FIXTURE], shipped=False))
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(data=True)) == list(second.edges(data=True))


@pytest.mark.parametrize("data", ["fixture", "shipped"])
def test_co_participation_makes_the_organisations_ties_again_in_order(kg: KnowledgeGraph, data: str) -> None:
    source = kg if data == "fixture" else load()
    graph, made_of = organisation_projection(source)
    assert nx.utils.graphs_equal(graph, organisation_graph(source))
    ties = list(made_of.ties())
    assert len(ties) == graph.number_of_edges() > 0
    assert [(first, second) for first, second, _ in ties] == sorted(
        (min(u, v), max(u, v)) for u, v in graph.edges
    )
    for first, second, attributes in ties:
        assert attributes == graph.edges[first, second]


@pytest.mark.parametrize("data", ["fixture", "shipped"])
def test_co_participation_declares_its_ties_from_one_with_every_signature(
    kg: KnowledgeGraph, data: str
) -> None:
    """`declaring` stands for every tie when GEXF and GraphML declare the ties' attributes."""
    _, made_of = organisation_projection(kg if data == "fixture" else load())
    signatures = {(tuple(a), tuple(map(type, a.values()))) for _, _, a in made_of.ties()}
    declaring = made_of.declaring()
    assert len(declaring) == 1
    assert {(tuple(a), tuple(map(type, a.values()))) for _, _, a in declaring} == signatures
    assert not any("id" in attributes for _, _, attributes in made_of.ties())
