"""The named queries: headers, golden results on a hand-made fixture, and runs on the shipped data."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND, CNG, RDFS
from careersnet_graph.queries import library, parse_header
from careersnet_graph.sparql.answer import Answer
from careersnet_graph.sparql.prepare import prepare

FIXTURE = Path(__file__).parent / "queries" / "fixture"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load([FIXTURE], shipped=False)


@pytest.fixture(scope="module")
def shipped() -> KnowledgeGraph:
    return load()


def run(
    kg: KnowledgeGraph, name: str, params: dict[str, object] | None = None, infer: str = "none"
) -> Answer:
    """The answer of a library query, as the CLI, the API and the endpoint all get it."""
    return kg.inferring(infer).query(name, params)


def cells(kg: KnowledgeGraph, answer: Answer) -> list[tuple[str | None, ...]]:
    """Rows with IRIs as CURIEs and literals as their text, so expectations read like the fixture."""
    return [
        tuple(
            None if term is None else kg.curie(term) if isinstance(term, ox.NamedNode) else term.value
            for term in row
        )
        for row in answer.rows
    ]


def test_library_has_at_least_twelve_documented_queries() -> None:
    queries = library()
    assert len(queries) >= 12
    for query in queries.values():
        assert query.purpose and query.columns


@pytest.mark.parametrize("name", sorted(library()))
def test_header_matches_the_query(kg: KnowledgeGraph, name: str) -> None:
    query = library()[name]
    prepared = prepare(query.text, name)
    for parameter in query.parameters:
        assert parameter.name in prepared.variables, f"{name}: ?{parameter.name} is not used"
    if prepared.kind == "SELECT":
        assert prepared.projected == query.columns


def test_header_without_purpose_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="Purpose"):
        parse_header(tmp_path / "x.rq", "# Columns: a\nSELECT ?a WHERE {}")


def test_header_with_bad_parameter_line_is_refused(tmp_path: Path) -> None:
    text = "# Purpose: p\n# Parameters:\n#   actor the actor\n# Columns: a\nSELECT ?a WHERE {}"
    with pytest.raises(Exception, match="bad parameter line"):
        parse_header(tmp_path / "x.rq", text)


# Golden results: computed by hand from tests/queries/fixture/*.ttl.


def test_actors_by_country(kg: KnowledgeGraph) -> None:
    assert cells(kg, run(kg, "actors-by-country")) == [
        ("country:AUT", "cnd:org-association-four", "Association Four", "cng:Association"),
        ("country:FRA", "cnd:org-lonely-five", "Lonely Provider Five", "cng:GuidanceProvider"),
        ("country:GRC", "cnd:org-agency-one", "Agency One", "cng:EUAgency"),
        ("country:SVN", "cnd:org-pes-three", "Employment Service Three", "cng:PublicEmploymentService"),
        ("country:SVN", "cnd:org-ministry-two", "Ministry Two", "cng:Ministry"),
    ]
    only_austria = cells(kg, run(kg, "actors-by-country", {"country": "country:AUT"}))
    assert only_austria == [
        ("country:AUT", "cnd:org-association-four", "Association Four", "cng:Association")
    ]


def test_actors_by_type(kg: KnowledgeGraph) -> None:
    assert set(cells(kg, run(kg, "actors-by-type"))) == {
        ("foaf:Person", "cnd:person-ada-example", "Ada Example"),
        ("foaf:Person", "cnd:person-bo-example", "Bo Example"),
        ("cng:Association", "cnd:org-association-four", "Association Four"),
        ("cng:EUAgency", "cnd:org-agency-one", "Agency One"),
        ("cng:GuidanceProvider", "cnd:org-lonely-five", "Lonely Provider Five"),
        ("cng:Ministry", "cnd:org-ministry-two", "Ministry Two"),
        ("cng:Network", "cnd:org-network-six", "Network Six"),
        ("cng:PublicEmploymentService", "cnd:org-pes-three", "Employment Service Three"),
    }


def test_rdfs_entailment_finds_instances_of_subclasses(kg: KnowledgeGraph) -> None:
    params = {"type": "cng:PublicAuthority"}
    assert cells(kg, run(kg, "actors-by-type", params)) == []
    inferred = cells(kg, run(kg, "actors-by-type", params, infer="rdfs"))
    assert set(inferred) == {
        ("cng:PublicAuthority", "cnd:org-ministry-two", "Ministry Two"),
        ("cng:PublicAuthority", "cnd:org-pes-three", "Employment Service Three"),
    }


def test_event_participants(kg: KnowledgeGraph) -> None:
    rows = cells(kg, run(kg, "event-participants", {"event": "cnd:event-meeting-alpha"}))
    assert {(agent, role) for _, _, agent, _, role, _ in rows} == {
        ("cnd:org-agency-one", "cnd:role-organiser"),
        ("cnd:org-ministry-two", "cnd:role-partner-organiser"),
        ("cnd:person-ada-example", "cnd:role-convener"),
        ("cnd:person-bo-example", "cnd:role-speaker"),
    }
    assert {row[1] for row in rows} == {"Meeting Alpha"}
    assert ("cnd:person-bo-example", "speaker") in {(row[2], row[5]) for row in rows}


def test_partners_of(kg: KnowledgeGraph) -> None:
    rows = cells(kg, run(kg, "partners-of", {"actor": "cnd:org-pes-three"}))
    assert {(partner, target, role) for partner, _, target, _, role, _ in rows} == {
        ("cnd:org-ministry-two", "cnd:initiative-strategy-beta", "cnd:role-adopter"),
        ("cnd:org-association-four", "cnd:initiative-strategy-beta", "cnd:role-contributor"),
        ("cnd:org-association-four", "cnd:org-network-six", "cnd:role-member"),
    }
    assert cells(kg, run(kg, "partners-of", {"actor": "cnd:org-lonely-five"})) == []


def test_persons_and_posts(kg: KnowledgeGraph) -> None:
    assert cells(kg, run(kg, "persons-and-posts")) == [
        (
            "cnd:person-ada-example",
            "Ada Example",
            "cnd:post-agency-one--head-of-unit",
            "Head of unit, Agency One",
            "cnd:org-agency-one",
            "Agency One",
            "cnd:postrole-head-of-unit",
            "head of unit",
        )
    ]
    assert cells(kg, run(kg, "persons-and-posts", {"organisation": "cnd:org-ministry-two"})) == []


def test_initiatives_by_topic(kg: KnowledgeGraph) -> None:
    rows = cells(kg, run(kg, "initiatives-by-topic", {"topic": "cnd:topic-fixture-skills"}))
    assert rows == [
        (
            "cnd:topic-fixture-skills",
            "fixture skills",
            "cnd:initiative-strategy-beta",
            "Strategy Beta",
            "cng:Strategy",
        ),
        ("cnd:topic-fixture-skills", "fixture skills", "cnd:initiative-tool-gamma", "Tool Gamma", "cng:Tool"),
    ]


def test_initiatives_by_type(kg: KnowledgeGraph) -> None:
    assert cells(kg, run(kg, "initiatives-by-type")) == [
        ("cng:Strategy", "cnd:initiative-strategy-beta", "Strategy Beta", "2022-03-01"),
        ("cng:Tool", "cnd:initiative-tool-gamma", "Tool Gamma", None),
    ]
    tools = cells(kg, run(kg, "initiatives-by-type", {"type": "cng:Tool"}))
    assert [row[1] for row in tools] == ["cnd:initiative-tool-gamma"]


def test_cross_sector_cooperation(kg: KnowledgeGraph) -> None:
    rows = cells(kg, run(kg, "cross-sector-cooperation"))
    assert {(row[0], row[2], row[3], row[5], row[6]) for row in rows} == {
        (
            "cnd:org-ministry-two",
            "cnd:sector-education",
            "cnd:org-pes-three",
            "cnd:sector-employment",
            "cnd:initiative-strategy-beta",
        ),
        (
            "cnd:org-pes-three",
            "cnd:sector-employment",
            "cnd:org-ministry-two",
            "cnd:sector-education",
            "cnd:initiative-strategy-beta",
        ),
    }


def test_countries_cooperating(kg: KnowledgeGraph) -> None:
    # Strategy Beta and Network Six join SVN and AUT bodies; Meeting Alpha joins GRC and SVN.
    assert cells(kg, run(kg, "countries-cooperating")) == [
        ("country:AUT", "country:SVN", "cnd:org-network-six", "Network Six"),
        ("country:AUT", "country:SVN", "cnd:initiative-strategy-beta", "Strategy Beta"),
        ("country:GRC", "country:SVN", "cnd:event-meeting-alpha", "Meeting Alpha"),
        ("country:SVN", "country:AUT", "cnd:org-network-six", "Network Six"),
        ("country:SVN", "country:AUT", "cnd:initiative-strategy-beta", "Strategy Beta"),
        ("country:SVN", "country:GRC", "cnd:event-meeting-alpha", "Meeting Alpha"),
    ]


def test_statement_sources_marks_inferences(kg: KnowledgeGraph) -> None:
    assert cells(kg, run(kg, "statement-sources", {"entity": "cnd:org-agency-one"})) == [
        ("cnd:inference-gamma", "inference", None, None, "1"),
        ("cnd:source-alpha", "source", "Alpha news item (fictional)", "https://example.org/alpha", "3"),
        ("cnd:source-beta", "source", "Beta report (fictional)", "https://example.org/beta", "2"),
    ]


def test_isolated_actors(kg: KnowledgeGraph) -> None:
    assert cells(kg, run(kg, "isolated-actors")) == [
        ("cnd:org-lonely-five", "Lonely Provider Five", "cng:GuidanceProvider")
    ]


def test_timeline_is_in_date_order(kg: KnowledgeGraph) -> None:
    assert cells(kg, run(kg, "timeline")) == [
        ("2021-12-06", "2021-12-07", "cnd:event-meeting-alpha", "Meeting Alpha", "event"),
        ("2022-03-01", None, "cnd:initiative-strategy-beta", "Strategy Beta", "initiative"),
    ]


def test_shared_initiatives(kg: KnowledgeGraph) -> None:
    params = {"actor": "cnd:org-pes-three", "other": "cnd:org-association-four"}
    assert set(cells(kg, run(kg, "shared-initiatives", params))) == {
        ("cnd:org-network-six", "Network Six", "cnd:role-member", "cnd:role-member"),
        ("cnd:initiative-strategy-beta", "Strategy Beta", "cnd:role-partner", "cnd:role-contributor"),
    }
    none_shared = {"actor": "cnd:org-agency-one", "other": "cnd:org-pes-three"}
    assert cells(kg, run(kg, "shared-initiatives", none_shared)) == []


def test_actor_neighbourhood_is_a_graph(kg: KnowledgeGraph) -> None:
    answer = run(kg, "actor-neighbourhood", {"actor": "cnd:org-ministry-two"})
    triples = answer.triples
    assert triples is not None
    # 4 own statements, 7 participations x 4, 2 targets x 2, 5 more agent labels.
    assert len(triples) == 41
    participations = {triple.subject for triple in triples if triple.predicate == CNG.agent}
    assert len(participations) == 7
    assert ox.Triple(CND["org-ministry-two"], CNG.sector, CND["sector-education"]) in triples
    assert ox.Triple(CND["person-bo-example"], RDFS.label, ox.Literal("Bo Example")) in triples
    assert not [triple for triple in triples if triple.subject == CND["org-lonely-five"]]


@pytest.mark.parametrize("name", sorted(library()))
def test_runs_on_the_shipped_data(shipped: KnowledgeGraph, name: str) -> None:
    query = library()[name]
    params: dict[str, object] = {}
    for parameter in query.parameters:
        if parameter.required:
            params[parameter.name] = "cnd:org-cedefop"
    answer = run(shipped, name, params)
    if answer.kind == "SELECT":
        assert answer.variables == query.columns
    else:
        assert answer.triples is not None


@pytest.mark.parametrize(
    "name",
    [
        "actors-by-country",
        "event-participants",
        "partners-of",
        "statement-sources",
        "timeline",
        "actor-neighbourhood",
    ],
)
def test_answers_about_cedefop_on_the_shipped_data(shipped: KnowledgeGraph, name: str) -> None:
    query = library()[name]
    params = {parameter.name: "cnd:org-cedefop" for parameter in query.parameters if parameter.required}
    answer = run(shipped, name, params)
    assert answer.rows or answer.triples
