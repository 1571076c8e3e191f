"""The founding document (S0, the Cedefop news item on the CareersNet fifth annual meeting) in the data.

Every fact of the founding document is asserted with SPARQL against the loaded graph: the
organisations, units, persons and posts, the event, its participations, the initiatives and
topics it lists. Each statement must sit in the S0 named graph (the file
`data/statements/source-cedefop-news-careersnet-fifth-annual-meeting.ttl`), except those that
facts.md marks as inferred (the year, hence the dates, and Cedefop as organiser), which must sit
in an inference graph and not in S0. Nothing may name the 32 countries the source only counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import PREFIXES
from tests.support import named_graph

REPO = Path(__file__).resolve().parents[1]
S0_STEM = "source-cedefop-news-careersnet-fifth-annual-meeting"
S0_FILE = REPO / "data" / "statements" / f"{S0_STEM}.ttl"
CND = Namespace(PREFIXES["cnd"])
COUNTRY = Namespace(PREFIXES["country"])
S0 = CND[S0_STEM]
S3 = CND["source-ec-dg-empl-news-commission-takes-action-to-improve-lifelong-learning-and-employability"]
EVENT = CND["event-careersnet-annual-meeting-2021"]
S0_URL = "https://www.cedefop.europa.eu/de/news/lifelong-guidance-partnerships-top-experts-agenda"
ANNOUNCEMENT_TITLE = "Commission takes action to improve lifelong learning and employability"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load()


@pytest.fixture(scope="module")
def s0(kg: KnowledgeGraph) -> Graph:
    graph = named_graph(kg, S0)
    assert len(graph) > 0, "the S0 named graph is empty"
    return graph


@pytest.fixture(scope="module")
def s0_file_graph() -> Graph:
    """The S0 file parsed on its own, independently of the loader."""
    graph = Graph()
    graph.parse(S0_FILE, format="turtle")
    return graph


def union(kg: KnowledgeGraph) -> Graph:
    """The union graph as rdflib sees it (read once per graph)."""
    if kg not in _UNIONS:
        _UNIONS[kg] = kg.union_graph()
    return _UNIONS[kg]


_UNIONS: dict[KnowledgeGraph, Graph] = {}


def ask(graph: Graph, pattern: str) -> bool:
    return bool(graph.query(f"ASK {{ {pattern} }}", initNs=PREFIXES).askAnswer)


def inference_graphs(kg: KnowledgeGraph) -> list[Graph]:
    names = [name for name in kg.graph_names() if name.value.startswith(str(CND["inference-"]))]
    assert names, "no inference graph was loaded"
    return [named_graph(kg, name) for name in names]


# --- the data files ------------------------------------------------------------------------


def test_data_files_exist_and_each_fills_its_own_graph(kg: KnowledgeGraph) -> None:
    files = sorted((REPO / "data").rglob("*.ttl"))
    assert len(files) >= 15
    for path in files:
        graph = Graph()
        graph.parse(path, format="turtle")
        assert len(graph) > 0, path
        # the file describes its own source or inference
        node = CND[path.stem]
        assert ask(graph, f"<{node}> a ?kind . FILTER(?kind IN (cng:Source, cng:Inference))"), path
        assert len(named_graph(kg, node)) == len(graph), path


def test_s0_file_is_the_s0_graph(s0: Graph, s0_file_graph: Graph) -> None:
    assert set(s0) == set(s0_file_graph)


def test_s0_source_is_registered(s0: Graph) -> None:
    assert ask(
        s0,
        f"""<{S0}> a cng:Source ; dcterms:title ?title ; dcterms:publisher cnd:org-cedefop ;
              schema:url <{S0_URL}> .""",
    )


# --- organisations, units, persons, posts ----------------------------------------------------

S0_FACTS: dict[str, str] = {
    "Cedefop is an EU agency": 'cnd:org-cedefop a cng:EUAgency ; rdfs:label "Cedefop"@en .',
    "Department for VET and Skills is a unit of Cedefop": """
        ?unit a org:OrganizationalUnit ; org:unitOf cnd:org-cedefop ;
              rdfs:label "Department for VET and Skills"@en .""",
    "Antonio Ranieri is Head of Department for VET and Skills": """
        ?p a foaf:Person ; foaf:name "Antonio Ranieri" ; org:holds ?post .
        ?post a org:Post ; org:role cnd:postrole-head-of-department ; org:postIn ?unit .
        ?unit rdfs:label "Department for VET and Skills"@en ; org:unitOf cnd:org-cedefop .""",
    "Jürgen Siebel is Cedefop Executive Director": """
        ?p a foaf:Person ; foaf:name "Jürgen Siebel" ; org:holds ?post .
        ?post a org:Post ; org:role cnd:postrole-executive-director ; org:postIn cnd:org-cedefop .""",
    "CareersNet is Cedefop's network of independent experts": """
        ?net a cng:Network ; rdfs:label "CareersNet"@en ; skos:note ?note .
        FILTER(CONTAINS(?note, "network of independent experts"))
        ?part a cng:Participation ; cng:agent cnd:org-cedefop ; cng:target ?net .""",
    "Cynthia Harrison is CareersNet coordinator": """
        ?p a foaf:Person ; foaf:name "Cynthia Harrison" ; org:holds ?post .
        ?post a org:Post ; org:role cnd:postrole-network-coordinator ; org:postIn ?net .
        ?net a cng:Network ; rdfs:label "CareersNet"@en .""",
    "the Slovenian Ministry of Education is a Slovenian ministry": """
        ?m a cng:Ministry ; rdfs:label "Slovenian Ministry of Education"@en ; cng:country country:SVN .""",
    "the Professional Development Unit is a unit of the Ministry": """
        ?u a org:OrganizationalUnit ; rdfs:label "Professional Development Unit"@en ; org:unitOf ?m .
        ?m rdfs:label "Slovenian Ministry of Education"@en .""",
    "Miha Lövsin is Head of Professional Development Unit at the Ministry": """
        ?p a foaf:Person ; foaf:name "Miha Lövsin" ; org:holds ?post .
        ?post a org:Post ; org:role cnd:postrole-head-of-unit ; org:postIn ?u .
        ?u rdfs:label "Professional Development Unit"@en ; org:unitOf ?m .
        ?m rdfs:label "Slovenian Ministry of Education"@en .""",
    "the European Commission is an EU institution": """
        cnd:org-european-commission a cng:EUInstitution ; rdfs:label "European Commission"@en .""",
    # the event
    "the event is the CareersNet fifth annual meeting, a virtual meeting": f"""
        <{EVENT}> a cng:Meeting ; rdfs:label "CareersNet fifth annual meeting"@en ;
            schema:eventAttendanceMode schema:OnlineEventAttendanceMode ;
            dcterms:relation cnd:org-careersnet .""",
    "experts from 32 countries attended": f"""
        <{EVENT}> cng:participantCountryCount ?n .
        FILTER(?n = 32 && DATATYPE(?n) = xsd:integer)""",
    "five Slovenian speakers, counted, not named": """
        ?g a cng:PersonGroup ; cng:personCount ?n ; cng:country country:SVN ; rdfs:label ?label .
        FILTER(?n = 5 && DATATYPE(?n) = xsd:integer)
        FILTER NOT EXISTS { ?g foaf:member ?anyone }""",
    # the Commission announcement
    "the Commission's announcement is a policy announcement authored by the Commission": f"""
        <{EVENT}> dcterms:relation ?a .
        ?a a cng:PolicyAnnouncement ; dcterms:subject cnd:topic-lifelong-learning , cnd:topic-employability .
        ?part a cng:Participation ; cng:agent cnd:org-european-commission ;
              cng:role cnd:role-author ; cng:target ?a .""",
}


@pytest.mark.parametrize("fact", sorted(S0_FACTS))
def test_fact_of_s0_is_in_the_s0_graph(fact: str, s0: Graph, kg: KnowledgeGraph) -> None:
    pattern = S0_FACTS[fact]
    assert ask(s0, pattern), f"not in the S0 graph: {fact}"
    assert ask(union(kg), pattern), f"not in the union graph: {fact}"


# --- participations in the event ----------------------------------------------------------------

EVENT_PARTICIPATIONS = [
    # role, agent pattern (?agent), where stated
    ("partner-organiser", '?agent a cng:Ministry ; rdfs:label "Slovenian Ministry of Education"@en .'),
    ("convener", '?agent a foaf:Person ; foaf:name "Antonio Ranieri" .'),
    ("convener", '?agent a foaf:Person ; foaf:name "Cynthia Harrison" .'),
    ("welcome-speaker", '?agent a foaf:Person ; foaf:name "Miha Lövsin" .'),
    ("welcome-speaker", '?agent a foaf:Person ; foaf:name "Jürgen Siebel" .'),
    ("speaker", '?agent a cng:EUInstitution ; rdfs:label "European Commission"@en .'),
    ("speaker", "?agent a cng:PersonGroup ; cng:personCount ?n ; cng:country country:SVN . FILTER(?n = 5)"),
]


@pytest.mark.parametrize(("role", "agent"), EVENT_PARTICIPATIONS)
def test_event_participation_is_in_the_s0_graph(role: str, agent: str, s0: Graph) -> None:
    pattern = f"""
        ?part a cng:Participation ; cng:target <{EVENT}> ; cng:role cnd:role-{role} ; cng:agent ?agent ;
              cng:formality ?formality .
        {agent}"""
    assert ask(s0, pattern), f"{role}: {agent}"


def test_conveners_and_welcome_speakers_are_exactly_those_of_the_source(kg: KnowledgeGraph) -> None:
    rows = union(kg).query(
        f"""SELECT ?role ?name WHERE {{
              ?part cng:target <{EVENT}> ; cng:role ?role ; cng:agent ?p .
              ?p a foaf:Person ; foaf:name ?name .
            }}""",
        initNs=PREFIXES,
    )
    found = {(str(role).rsplit("role-", 1)[1], str(name)) for role, name in rows}
    assert found == {
        ("convener", "Antonio Ranieri"),
        ("convener", "Cynthia Harrison"),
        ("welcome-speaker", "Miha Lövsin"),
        ("welcome-speaker", "Jürgen Siebel"),
    }


def test_no_agent_of_the_event_is_a_network(kg: KnowledgeGraph) -> None:
    assert not ask(union(kg), f"?part cng:target <{EVENT}> ; cng:agent ?a . ?a a cng:Network .")


# --- inferred statements: in an inference graph, not in S0 -------------------------------------


def test_dates_come_from_an_inference_graph(kg: KnowledgeGraph, s0: Graph) -> None:
    dates = f"""<{EVENT}> schema:startDate "2021-12-06"^^xsd:date ; schema:endDate "2021-12-07"^^xsd:date ."""
    assert not ask(s0, f"<{EVENT}> schema:startDate ?d"), (
        "the year is not in the source: dates belong in an inference"
    )
    holders = [graph for graph in inference_graphs(kg) if ask(graph, dates)]
    assert len(holders) == 1
    inference = holders[0]
    assert ask(
        inference,
        f"""?i a cng:Inference ; prov:wasDerivedFrom <{S0}> ; skos:note ?note ; cng:confidence "high" .""",
    )


def test_cedefop_as_organiser_is_inferred(kg: KnowledgeGraph, s0: Graph) -> None:
    pattern = f"?part cng:target <{EVENT}> ; cng:role cnd:role-organiser ; cng:agent cnd:org-cedefop ."
    assert not ask(s0, pattern), "the source does not state the organiser"
    assert any(ask(graph, pattern) for graph in inference_graphs(kg))


# --- initiatives, studies and tools listed ------------------------------------------------------

INITIATIVES = [
    (
        "cng:Programme",
        "cnd:role-organiser",
        "work in lifelong guidance and support for careers and learning",
    ),
    ("cng:Study", "cnd:role-author", "skills for the green transition"),
    (
        "cng:Study",
        "cnd:role-author",
        "digital transitions and rethinking career practitioner professionalism",
    ),
    ("cng:Tool", "cnd:role-author", "llg inventory"),
    ("cng:Tool", "cnd:role-author", "new portal"),
    ("cng:Study", "cnd:role-author", "individual learning accounts and integrated policies"),
]


@pytest.mark.parametrize(("kind", "role", "name"), INITIATIVES)
def test_cedefop_initiative_presented_at_the_meeting(kind: str, role: str, name: str, s0: Graph) -> None:
    pattern = f"""
        <{EVENT}> dcterms:relation ?i .
        ?i a {kind} ; ?labelled ?label .
        VALUES ?labelled {{ rdfs:label skos:altLabel }}
        FILTER(CONTAINS(LCASE(STR(?label)), "{name}"))
        ?part a cng:Participation ; cng:agent cnd:org-cedefop ; cng:role {role} ; cng:target ?i ."""
    assert ask(s0, pattern), name


def test_european_green_deal_is_a_strategy_linked_to_green_skills(s0: Graph) -> None:
    assert ask(
        s0,
        """?deal a cng:Strategy ; rdfs:label "European Green Deal"@en .
           ?study a cng:Study ; dcterms:relation ?deal ; dcterms:subject cnd:topic-green-transition .""",
    )


def test_inventory_full_name_comes_from_s4(kg: KnowledgeGraph) -> None:
    s4 = named_graph(kg, CND["source-cedefop-inventory-of-lifelong-guidance-systems-and-practices"])
    assert ask(
        s4,
        """cnd:initiative-inventory-of-lifelong-guidance-systems-and-practices a cng:Tool ;
               rdfs:label "Inventory of lifelong guidance systems and practices"@en ;
               dcterms:contributor cnd:org-careersnet .""",
    )


@pytest.mark.parametrize("period", ["2020", "2022"])
def test_careersnet_action_plans(period: str, s0: Graph) -> None:
    assert ask(
        s0,
        f"""<{EVENT}> dcterms:relation ?plan .
            ?plan a cng:ActionPlan ; rdfs:label ?label ; dcterms:relation cnd:org-careersnet .
            FILTER(CONTAINS(STR(?label), "{period}"))""",
    )


def test_announcement_title_and_date_come_from_s3(kg: KnowledgeGraph, s0: Graph) -> None:
    announcement = CND["initiative-commission-takes-action-to-improve-lifelong-learning-and-employability"]
    s3 = named_graph(kg, S3)
    assert s3.value(announcement, URIRef(PREFIXES["dcterms"] + "issued")) == Literal(
        "2021-12-10", datatype=XSD.date
    )
    assert ask(
        s3,
        f'<{announcement}> rdfs:label "{ANNOUNCEMENT_TITLE}"@en .',
    )
    assert not ask(s0, f"<{announcement}> dcterms:issued ?d"), "S0 gives no date for the announcement"


# --- topics -------------------------------------------------------------------------------------

EVENT_TOPICS = [
    "lifelong guidance",
    "career development",
    "cross-sector cooperation",
    "green transition",
    "digital transition",
    "practitioner professionalism",
    "individual learning accounts",
    "adult learning (CVET)",
    "financing",
    "validation of learning",
    "lifelong learning",
    "employability",
    "skills",
]


@pytest.mark.parametrize("topic", EVENT_TOPICS)
def test_event_topic(topic: str, kg: KnowledgeGraph, s0: Graph) -> None:
    topics = {
        str(t)
        for (t,) in union(kg).query(
            "SELECT ?t WHERE { ?t a cng:Topic ; skos:inScheme cnd:scheme-topics ; rdfs:label ?l ."
            " FILTER(STR(?l) = ?name) }",
            initNs=PREFIXES,
            initBindings={"name": Literal(topic)},
        )
    }
    assert len(topics) == 1, f"topic {topic!r} is not (uniquely) in the topics vocabulary"
    assert ask(s0, f"<{EVENT}> dcterms:subject <{topics.pop()}> .")


# --- nothing names the 32 countries -----------------------------------------------------------------


def test_the_event_names_no_country(kg: KnowledgeGraph) -> None:
    rows = list(
        union(kg).query(
            f"SELECT ?p ?c WHERE {{ <{EVENT}> ?p ?c . FILTER(STRSTARTS(STR(?c), STR(country:))) }}",
            initNs=PREFIXES,
        )
    )
    assert rows == []


def test_no_person_or_group_at_the_event_claims_a_country_other_than_slovenia(kg: KnowledgeGraph) -> None:
    """The attendees came from 32 countries the source does not name: no person or group names them."""
    rows = list(
        union(kg).query(
            f"""SELECT DISTINCT ?c WHERE {{
                  ?part cng:target <{EVENT}> ; cng:agent ?a .
                  ?a a ?kind ; ?p ?c .
                  VALUES ?kind {{ foaf:Person cng:PersonGroup }}
                  FILTER(STRSTARTS(STR(?c), STR(country:)))
                }}""",
            initNs=PREFIXES,
        )
    )
    assert {c for (c,) in rows} <= {COUNTRY.SVN}


def test_s0_mentions_only_slovenia(s0: Graph) -> None:
    countries = {o for o in s0.objects() if str(o).startswith(str(COUNTRY))}
    countries |= {s for s in s0.subjects() if str(s).startswith(str(COUNTRY))}
    assert countries == {COUNTRY.SVN}
