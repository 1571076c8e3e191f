"""Issue 11's command-line points: labels for entity parameters, nearest matches, tables that
wrap, shared labels with their country, `--out -` for every format, skipped files reported."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner, Result

from careersnet_graph.cli import main
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.provenance import sources_of_entity
from careersnet_graph.queries import library
from careersnet_graph.sparql.table import column_widths, render_table
from careersnet_graph.terms import entity_parameters

FIXTURE = Path(__file__).parent / "queries" / "fixture"
CND = "https://w3id.org/careersnet-graph/id/"
TWINS = """@prefix cnd: <https://w3id.org/careersnet-graph/id/> .
@prefix cng: <https://w3id.org/careersnet-graph/ontology#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .

cnd:source-twins a cng:Source ; dcterms:title "Twins (fictional)" ; schema:url <https://example.org/twins> .
cnd:org-twin-ministry-svn a cng:Ministry ; rdfs:label "Twin Ministry" ; cng:country country:SVN .
cnd:org-twin-ministry-aut a cng:Ministry ; rdfs:label "Twin Ministry" ; cng:country country:AUT .
cnd:participation-twins-svn a cng:Participation ; cng:agent cnd:org-twin-ministry-svn ;
    cng:target cnd:initiative-strategy-beta ; cng:role cnd:role-adopter .
cnd:participation-twins-aut a cng:Participation ; cng:agent cnd:org-twin-ministry-aut ;
    cng:target cnd:initiative-strategy-beta ; cng:role cnd:role-adopter .
"""
"""Two fictional ministries of one label in two countries, both adopters of the fixture's strategy."""


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("twins")
    (folder / "source-twins.ttl").write_text(TWINS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def kg(twins: Path) -> KnowledgeGraph:
    return load([FIXTURE, twins], shipped=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# --- labels wherever an entity is --------------------------------------------------------------


def test_a_label_binds_an_entity_parameter_as_its_curie_does(kg: KnowledgeGraph) -> None:
    by_curie = kg.select("partners-of", actor="cnd:org-pes-three")
    assert by_curie  # the fixture's employment service has partners
    assert kg.select("partners-of", actor="employment service three") == by_curie
    assert kg.select(
        "shared-initiatives", actor="Employment Service Three", other="Ministry Two"
    ) == kg.select("shared-initiatives", actor="cnd:org-pes-three", other="cnd:org-ministry-two")


def test_a_shared_label_is_ambiguous_with_the_countries_named(kg: KnowledgeGraph) -> None:
    with pytest.raises(CareersnetError) as error:
        kg.select("partners-of", actor="Twin Ministry")
    message = str(error.value)
    assert "cnd:org-twin-ministry-aut (AUT)" in message
    assert "cnd:org-twin-ministry-svn (SVN)" in message


def test_an_unknown_label_names_the_nearest_labels(kg: KnowledgeGraph) -> None:
    with pytest.raises(CareersnetError, match=r"nearest: Ministry Two"):
        kg.select("partners-of", actor="Ministry Tow")


def test_a_quoted_literal_stays_a_literal(kg: KnowledgeGraph) -> None:
    assert kg.select("partners-of", actor='"Ministry Two"') == []


def test_entity_parameters_are_those_with_an_iri_example() -> None:
    declared = {"actor": "the actor, e.g. cnd:org-cedefop", "year": "a year, e.g. 2021", "name": "a name"}
    assert entity_parameters(declared) == {"actor"}


def test_sources_of_entity_reads_curies_and_labels(kg: KnowledgeGraph) -> None:
    by_iri = sources_of_entity(kg, CND + "org-pes-three")
    assert by_iri
    assert sources_of_entity(kg, "cnd:org-pes-three") == by_iri
    assert sources_of_entity(kg, "Employment Service Three") == by_iri


# --- tables ------------------------------------------------------------------------------------


def test_a_table_wraps_long_cells_and_keeps_every_character() -> None:
    long = "cnd:org-a-very-long-identifier-of-an-organisation-that-does-not-fit"
    text = render_table([["actor", "actorLabel"], [long, "A label with several words in it"]], 40)
    lines = text.splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert "…" not in text
    first_column = "".join(line.split("|")[0].strip() for line in lines[2:-1])
    assert first_column == long
    second = " ".join(line.split("|")[1].strip() for line in lines[2:-1] if "|" in line)
    assert " ".join(second.split()) == "A label with several words in it"


def test_column_widths_keep_narrow_columns_and_share_the_rest() -> None:
    # rank (header 4, cells 1), label (header 5, cells 50), type (header 4, cells 50)
    assert column_widths([4, 50, 50], [1, 50, 50], [4, 5, 4], 60) == [4, 28, 28]
    assert column_widths([4, 10], [1, 10], [4, 2], 60) == [4, 10]
    # headers wider than the budget allows: columns start at MIN_COLUMN, cells before headers
    assert column_widths([15, 40, 8], [3, 40, 8], [15, 5, 8], 20) == [6, 7, 7]  # 2 left, shared


def test_query_table_shows_shared_labels_with_their_country(twins: Path) -> None:
    result = invoke("query", "actors-by-country", "--data", str(FIXTURE), "--data", str(twins))
    assert result.exit_code == 0, result.output
    assert "Twin Ministry (SVN)" in result.output
    assert "Twin Ministry (AUT)" in result.output
    assert "Ministry Two (" not in result.output
    plain = invoke(
        "query", "actors-by-country", "--data", str(FIXTURE), "--data", str(twins), "--format", "csv"
    )
    assert "Twin Ministry (" not in plain.output  # data formats keep the label as it is


def test_query_partners_of_a_label_on_the_command_line() -> None:
    by_label = invoke(
        "query",
        "partners-of",
        "--param",
        "actor=Employment Service Three",
        "--data",
        str(FIXTURE),
        "--format",
        "csv",
    )
    by_curie = invoke(
        "query",
        "partners-of",
        "--param",
        "actor=cnd:org-pes-three",
        "--data",
        str(FIXTURE),
        "--format",
        "csv",
    )
    assert by_label.exit_code == 0, by_label.output
    assert by_label.output == by_curie.output
    assert len(by_label.output.splitlines()) > 1


# --- --out - -----------------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", ["gexf", "graphml"])
def test_network_exports_write_to_standard_output(format_name: str, tmp_path: Path) -> None:
    out = tmp_path / f"organisations.{format_name}"
    to_file = invoke("export", "--format", format_name, "--data", str(FIXTURE), "--out", str(out))
    assert to_file.exit_code == 0, to_file.output
    result = CliRunner().invoke(
        main, ["export", "--format", format_name, "--data", str(FIXTURE), "--out", "-"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == out.read_bytes()
    ElementTree.fromstring(result.stdout_bytes)
    assert not Path("-").exists()


def test_kumu_exports_write_to_standard_output() -> None:
    kumu = CliRunner().invoke(main, ["export", "--format", "kumu", "--data", str(FIXTURE), "--out", "-"])
    assert kumu.exit_code == 0, kumu.output
    assert kumu.stdout_bytes.lstrip().startswith(b"{")


@pytest.mark.parametrize(
    ("format_name", "why"),
    [
        ("csv", "writes a folder of files: give --out FOLDER"),
        ("xlsx", "is a binary workbook: give --out FILE"),
        ("kumu-xlsx", "is a binary workbook: give --out FILE"),
    ],
)
def test_spreadsheet_exports_refuse_standard_output(format_name: str, why: str) -> None:
    result = invoke("export", "--format", format_name, "--out", "-")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --out -: spreadsheets cannot be written to standard output (--format {format_name} {why})\n"
    )
    assert result.stdout == ""


# --- filters, focus, skipped files -------------------------------------------------------------


def test_a_filter_that_matches_nothing_is_exit_2_with_the_nearest(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = invoke("visualise", "--data", str(FIXTURE), "--filter", "type=cng:Ministy", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "filter type=cng:ministy: no actor of this network has it; nearest: cng:ministry" in result.stderr
    assert not out.exists()


def test_a_focus_that_matches_nothing_is_exit_2_with_the_nearest(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = invoke("visualise", "--data", str(FIXTURE), "--focus", "Ministry Tow", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "nearest: Ministry Two" in result.stderr
    assert not out.exists()


def test_files_of_other_types_in_a_data_folder_are_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not RDF\n", encoding="utf-8")
    (tmp_path / "source-twins.ttl").write_text(TWINS, encoding="utf-8")
    kg = load([tmp_path], shipped=False)
    assert kg.skipped_files == [tmp_path / "notes.txt"]
    result = invoke("stats", "--data", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {tmp_path / 'notes.txt'}: not a data file the loader reads" in result.stderr


# --- the header is a contract for the library's own text only -----------------------------------


def test_the_library_text_from_a_file_keeps_its_contract(tmp_path: Path) -> None:
    copy = tmp_path / "partners.rq"
    copy.write_text(library()["partners-of"].text, encoding="utf-8")
    result = invoke("query", "-f", str(copy), "--data", str(FIXTURE))
    assert result.exit_code == 2
    assert "needs the parameter actor" in result.stderr


def test_an_edited_copy_runs_with_its_own_bindings(tmp_path: Path, kg: KnowledgeGraph, twins: Path) -> None:
    text = library()["partners-of"].text
    bound = tmp_path / "bound.rq"
    bound.write_text(
        text.replace("WHERE {", "WHERE { VALUES ?actor { cnd:org-pes-three }", 1), encoding="utf-8"
    )
    result = invoke(
        "query", "-f", str(bound), "--data", str(FIXTURE), "--data", str(twins), "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    expected = {row["partner"] for row in kg.select("partners-of", actor="cnd:org-pes-three")}
    assert {line.split(",")[0] for line in result.output.splitlines()[1:]} == expected
    edited = text.replace("ORDER BY ?partnerLabel ?targetLabel ?role", "ORDER BY ?role")
    rows = kg.select(edited, actor="Employment Service Three", target="cnd:initiative-strategy-beta")
    assert {row["partner"] for row in rows} == {
        row["partner"]
        for row in kg.select("partners-of", actor="cnd:org-pes-three")
        if row["target"] == CND + "initiative-strategy-beta"
    }
