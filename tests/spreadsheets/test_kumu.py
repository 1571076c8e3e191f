"""Kumu workbooks read as they are: Elements and Connections, pipes, IDs, (ignore) sheets, the
mapping of Kumu types (shipped, or the user's own)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from rdflib import Literal

from careersnet_graph.spreadsheets.iris import (
    CND,
    CNG,
    COUNTRY,
    DCTERMS,
    FOAF,
    ORG,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
)

from .conftest import graph_of, run
from .files import Cell, write_xlsx

SOURCE = ("--source", "https://example.org/ruritania-map", "--title", "Ruritania stakeholder map")
FILE = "source-ruritania-stakeholder-map.ttl"

ELEMENTS: list[list[Cell]] = [
    ["Label", "Type", "Description", "Tags", "Country", "Start", "Strength"],
    ["Ruritanian Careers Forum", "Forum", "The national forum.", "lifelong guidance|Founder", "SI", None, 3],
    ["Ruritanian Employment Agency", "PES", None, "employment", "Slovenia", None, None],
    ["Guidance Week 2024", "Event", None, None, None, datetime.date(2024, 10, 7), None],
    ["Ana Novak", "Person", None, None, None, None, None],
    ["Cedefop", "EU agency", None, None, None, None, None],
]
CONNECTIONS: list[list[Cell]] = [
    ["From", "To", "Type", "Description", "Strength"],
    ["Ruritanian Employment Agency", "Ruritanian Careers Forum", "member of", None, 2],
    ["Guidance Week 2024", "Ruritanian Employment Agency", "organised by", "Its yearly week.", None],
    ["Cedefop", "Guidance Week 2024|Ruritanian Careers Forum", "partner", None, None],
    ["Ana Novak", "Ruritanian Careers Forum", "chair", None, None],
    ["Ana Novak", "Ruritanian Employment Agency", "head of unit", None, None],
]


@pytest.fixture(scope="module")
def kumu_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("kumu")
    sheets = {"Elements": ELEMENTS, "Connections": CONNECTIONS, "Notes (ignore)": [["whatever"], ["x"]]}
    book = write_xlsx(folder / "map.xlsx", sheets)
    result = run("import", str(book), "--out", str(folder / "out"), *SOURCE)
    assert result.exit_code == 0, result.output
    return result.output, folder / "out" / FILE


def test_elements_become_entries_through_the_type_mapping(kumu_import: tuple[str, Path]) -> None:
    graph = graph_of(kumu_import[1])
    forum = CND["org-ruritanian-careers-forum"]
    agency = CND["org-ruritanian-employment-agency"]
    week = CND["event-guidance-week-2024"]
    assert (forum, RDF.type, CNG.Partnership) in graph  # Forum → partnership (kumu-mapping.toml)
    assert (agency, RDF.type, CNG.PublicEmploymentService) in graph  # PES
    assert (week, RDF.type, CNG.Meeting) in graph  # Event
    assert (CND["person-ana-novak"], RDF.type, FOAF.Person) in graph
    assert (forum, SKOS.note, Literal("The national forum.", lang="en")) in graph  # Description
    assert (forum, DCTERMS.subject, CND["topic-lifelong-guidance"]) in graph  # a tag that is a topic
    assert (agency, CNG.sector, CND["sector-employment"]) in graph  # a tag that is a sector
    assert (forum, CNG.country, COUNTRY.SVN) in graph and (agency, CNG.country, COUNTRY.SVN) in graph
    assert (week, SCHEMA.startDate, Literal("2024-10-07", datatype=XSD.date)) in graph
    # an element that is an organisation of the graph: the same IRI, and its label as the graph has it
    assert (CND["org-cedefop"], RDFS.label, Literal("Cedefop", lang="en")) in graph


def test_connections_become_participations_and_posts(kumu_import: tuple[str, Path]) -> None:
    graph = graph_of(kumu_import[1])
    participations = {
        (str(graph.value(p, CNG.agent)), str(graph.value(p, CNG.role)), str(graph.value(p, CNG.target)))
        for p in graph.subjects(RDF.type, CNG.Participation)
    }
    org, event = CND["org-"], CND["event-"]
    assert participations == {
        (f"{org}ruritanian-employment-agency", f"{CND}role-member", f"{org}ruritanian-careers-forum"),
        # the arrow pointed from the event to the agency: the agency is still the one taking part
        (f"{org}ruritanian-employment-agency", f"{CND}role-organiser", f"{event}guidance-week-2024"),
        # one connection to two elements (|) is two participations
        (f"{org}cedefop", f"{CND}role-partner", f"{event}guidance-week-2024"),
        (f"{org}cedefop", f"{CND}role-partner", f"{org}ruritanian-careers-forum"),
        (f"{CND}person-ana-novak", f"{CND}role-chair", f"{org}ruritanian-careers-forum"),
    }
    for participation in graph.subjects(RDF.type, CNG.Participation):
        assert (participation, CNG.formality, CND["formality-informal"]) in graph  # the mapping's default
    post = CND["post-ruritanian-employment-agency--head-of-unit"]
    assert (CND["person-ana-novak"], ORG.holds, post) in graph  # a post role, not a participation role
    assert (post, ORG.postIn, CND["org-ruritanian-employment-agency"]) in graph


def test_what_is_not_imported_is_said(kumu_import: tuple[str, Path]) -> None:
    output = kumu_import[0]
    assert "Kumu fields not imported on Elements: Strength" in output
    assert "Kumu fields not imported on Connections: Strength" in output
    assert "tags not imported (no topic or sector): Founder" in output


def test_ids_and_a_source_element(tmp_path: Path) -> None:
    elements: list[list[Cell]] = [
        ["ID", "Label", "Type", "URL", "Source"],
        ["src", "The map's own report", "Source", "https://example.org/report", None],
        ["e1", "Ruritanian Careers Forum", "partnership", None, "src"],
        ["e2", "Ruritanian Employment Agency", "public employment service", None, "src"],
    ]
    connections: list[list[Cell]] = [
        ["From", "To", "Type", "Formality", "Source"],
        ["e2", "e1", "member", "formal", "src"],
    ]
    out = tmp_path / "out"
    book = write_xlsx(tmp_path / "map.xlsx", {"Elements": elements, "Connections": connections})
    result = run("import", str(book), "--out", str(out))
    assert result.exit_code == 0, result.output
    graph = graph_of(out / "source-the-map-s-own-report.ttl")
    participation = CND["participation-ruritanian-careers-forum--member--ruritanian-employment-agency"]
    assert (participation, CNG.formality, CND["formality-formal"]) in graph


def test_an_unknown_kumu_type_and_the_user_s_own_mapping(tmp_path: Path) -> None:
    elements: list[list[Cell]] = [["Label", "Type"], ["Ruritanian Guidance Club", "Club"]]
    book = write_xlsx(tmp_path / "map.xlsx", {"Elements": elements})
    result = run("import", str(book), "--out", str(tmp_path / "out"), *SOURCE)
    assert result.exit_code == 2
    assert "sheet Elements, row 2, column B (Type): unknown element type 'Club'" in result.output
    assert "kumu-mapping.toml" in result.output and "--kumu-mapping" in result.output
    mapping = tmp_path / "my-mapping.toml"
    mapping.write_text('[elements]\nclub = "association or NGO"\n', encoding="utf-8")
    result = run("import", str(book), "--out", str(tmp_path / "out"), *SOURCE, "--kumu-mapping", str(mapping))
    assert result.exit_code == 0, result.output
    graph = graph_of(tmp_path / "out" / FILE)
    assert (CND["org-ruritanian-guidance-club"], RDF.type, CNG.Association) in graph


def test_a_connection_that_is_no_participation(tmp_path: Path) -> None:
    elements: list[list[Cell]] = [
        ["Label", "Type"],
        ["Ministry A of Ruritania", "ministry"],
        ["Ministry B of Ruritania", "ministry"],
    ]
    connections: list[list[Cell]] = [["From", "To"], ["Ministry A of Ruritania", "Ministry B of Ruritania"]]
    book = write_xlsx(tmp_path / "map.xlsx", {"Elements": elements, "Connections": connections})
    result = run("import", str(book), "--out", str(tmp_path / "out"), *SOURCE)
    assert result.exit_code == 2
    assert (
        "sheet Connections, row 2: the connection from 'Ministry A of Ruritania' to 'Ministry B of Ruritania'"
        in result.output
    )
    assert (
        "connect an organisation or a person to an initiative, event, network or partnership" in result.output
    )


def test_a_broken_mapping_file(tmp_path: Path) -> None:
    mapping = tmp_path / "broken.toml"
    mapping.write_text("[elements\n", encoding="utf-8")
    book = write_xlsx(tmp_path / "map.xlsx", {"Elements": [["Label", "Type"], ["X", "person"]]})
    result = run("import", str(book), "--out", str(tmp_path / "out"), *SOURCE, "--kumu-mapping", str(mapping))
    assert result.exit_code == 2 and "broken.toml: is not a valid TOML file" in result.output
