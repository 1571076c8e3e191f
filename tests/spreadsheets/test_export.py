"""`careersnet export --format xlsx|csv|kumu-xlsx`: the graph back into the template and into a
Kumu workbook; importing the export gives the same Turtle; no cell can run as a formula."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDFS, SKOS

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.spreadsheets import SPREADSHEET_WRITERS
from careersnet_graph.spreadsheets.iris import CND
from careersnet_graph.spreadsheets.values import (
    DANGEROUS_STARTS,
    neutralise,
    retag,
    split_language,
    tag_language,
    unneutralise,
)

from .conftest import run, shipped_sources, turtle_files
from .files import Cell, example_sheets, write_xlsx

FORMATS = {"xlsx": "export.xlsx", "csv": "export-csv", "kumu-xlsx": "export.kumu.xlsx"}

HOSTILE = """PREFIX cnd: <https://w3id.org/careersnet-graph/id/>
PREFIX cng: <https://w3id.org/careersnet-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>

cnd:source-hostile-cells a cng:Source ;
    dcterms:title "=HYPERLINK(\\"http://evil.example/\\",\\"click\\")"@en ;
    schema:url <https://example.org/hostile> .

cnd:org-hostile a cng:Association ;
    rdfs:label "+SUM(1,2)"@en ;
    skos:altLabel "-2+3"@en, "@SUM(A1)"@en ;
    skos:note "\\tcmd"@en .

cnd:initiative-hostile a cng:Study ;
    rdfs:label "\\rcmd"@en .
"""


def multilingual_sheets() -> dict[str, list[list[Cell]]]:
    """The example workbook and a French source whose texts are in several languages: a row's
    Language is that of its name or title, a text in another language ends with ` @xx`, and a
    text that itself ends like a tag is followed by its own."""
    sheets = example_sheets()
    sheets["Sources"][0] += ["Short name", "Language", "Note"]
    sheets["Sources"].append(
        [
            "S2",
            "L'orientation en Ruritanie",
            "https://example.org/orientation-ruritanie",
            "Cedefop",
            datetime.date(2024, 5, 2),
            "Guidance in Ruritania @en",
            "fr",
            "A French report, described in English @en",
        ]
    )
    sheets["Organisations"][0] += ["Language", "Note"]
    sheets["Organisations"].append(
        [
            "O3",
            "S2",
            "Ruritanischer Beratungsverband",
            "association or NGO",
            "AT",
            "RBV | Association ruritanienne de conseil @fr",
            None,
            "de",
            "Counts forty members @en",
        ]
    )
    sheets["Participations"][0] += ["Note", "Language"]
    sheets["Participations"].append(
        ["S2", "O3", "member", "O1", "informal", None, "Meets in Graz @at @en", None]
    )
    return sheets


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multilingual example workbook imported: the folder its sources' files are in."""
    folder = tmp_path_factory.mktemp("exported")
    out = folder / "imported"
    result = run("import", str(write_xlsx(folder / "book.xlsx", multilingual_sheets())), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_every_text_keeps_its_language(imported: Path) -> None:
    graph = Graph()
    for path in imported.glob("*.ttl"):
        graph.parse(path, format="turtle")
    source = CND["source-l-orientation-en-ruritanie"]
    association = CND["org-ruritanischer-beratungsverband"]
    link = CND["participation-ruritanian-guidance-forum--member--ruritanischer-beratungsverband"]
    expected = {
        (source, DCTERMS.title, Literal("L'orientation en Ruritanie", lang="fr")),
        (source, RDFS.label, Literal("Guidance in Ruritania", lang="en")),
        (source, SKOS.note, Literal("A French report, described in English", lang="en")),
        (association, RDFS.label, Literal("Ruritanischer Beratungsverband", lang="de")),
        (association, SKOS.altLabel, Literal("RBV", lang="de")),
        (association, SKOS.altLabel, Literal("Association ruritanienne de conseil", lang="fr")),
        (association, SKOS.note, Literal("Counts forty members", lang="en")),
        (link, SKOS.note, Literal("Meets in Graz @at", lang="en")),
    }
    assert expected <= set(graph)


def test_a_text_is_tagged_only_when_its_language_differs_or_it_ends_like_a_tag() -> None:
    assert tag_language("Forum", "fr", "fr") == "Forum"
    assert tag_language("Forum", "en", "fr") == "Forum @en"
    assert tag_language("Meets in Graz @at", "en", "en") == "Meets in Graz @at @en"
    for text, language, row in (("Forum", "fr", "fr"), ("Forum", "en", "de"), ("x @at", "en", "en")):
        assert split_language(tag_language(text, language, row)) in ((text, None), (text, language))
        assert retag(tag_language(text, language, row), row, "sl") == tag_language(text, language, "sl")


@pytest.fixture(scope="module")
def exports(imported: Path) -> dict[str, Path]:
    """The shipped data and the imported file, exported in each spreadsheet format."""
    paths = {}
    for format_name, name in FORMATS.items():
        path = imported.parent / name
        result = run("export", "--format", format_name, "--data", str(imported), "--out", str(path))
        assert result.exit_code == 0, result.output
        paths[format_name] = path
    return paths


@pytest.fixture(scope="module")
def graph(imported: Path) -> KnowledgeGraph:
    """The shipped data and the imported files, as the exports read them."""
    return load([imported])


@pytest.mark.parametrize("format_name", list(FORMATS))
def test_importing_the_export_gives_the_same_turtle(
    imported: Path, exports: dict[str, Path], tmp_path: Path, format_name: str, shipped: KnowledgeGraph
) -> None:
    again = tmp_path / "again"
    result = run("import", str(exports[format_name]), "--out", str(again))
    assert result.exit_code == 0, result.output
    # the shipped sources come back without a new statement: nothing is written for them
    count = shipped_sources(shipped)
    assert f"unchanged: {count} sources of the graph, repeated without new statements" in result.output
    assert turtle_files(again) == turtle_files(imported)


def test_the_xlsx_export_is_the_template_filled_in(exports: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(exports["xlsx"])
    assert workbook.sheetnames[:6] == [
        "README",
        "Sources",
        "Organisations",
        "Persons",
        "Initiatives and events",
        "Participations",
    ]
    organisations = workbook["Organisations"]
    rows = [[cell.value for cell in row] for row in organisations.iter_rows(values_only=False)]
    header = rows[0]
    forum = next(row for row in rows if row[header.index("ID")] == "cnd:org-ruritanian-guidance-forum")
    assert forum[header.index("Source")] == "cnd:source-ruritania-guidance-report-2024"
    assert forum[header.index("Country")] == "Slovenia"
    assert forum[header.index("Other names")] == "RGF | Rurski forum @sl"
    assert organisations.data_validations.dataValidation  # the drop-downs are there too


def test_the_kumu_export_has_elements_and_connections(exports: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(exports["kumu-xlsx"])
    assert workbook.sheetnames == ["Elements", "Connections", "About (ignore)"]
    elements = workbook["Elements"]
    assert [cell.value for cell in elements[1]][:3] == ["ID", "Label", "Type"]
    connections = workbook["Connections"]
    assert [cell.value for cell in connections[1]][:3] == ["From", "To", "Type"]
    links = {(row[0], row[1], row[2]) for row in connections.iter_rows(min_row=2, values_only=True)}
    assert ("cnd:person-ana-novak", "cnd:org-ruritanian-guidance-forum", "post: chair") in links
    assert ("cnd:org-cedefop", "cnd:org-ruritanian-guidance-forum", "partner") in links


@pytest.mark.parametrize("format_name", list(FORMATS))
def test_exports_are_the_same_bytes_every_time(
    exports: dict[str, Path], graph: KnowledgeGraph, tmp_path: Path, format_name: str
) -> None:
    path = SPREADSHEET_WRITERS[format_name].write(graph, tmp_path / FORMATS[format_name])
    if path.is_dir():
        assert {p.name: p.read_bytes() for p in path.iterdir()} == {
            p.name: p.read_bytes() for p in exports[format_name].iterdir()
        }
    else:
        assert path.read_bytes() == exports[format_name].read_bytes()


def _cells(path: Path) -> list[object]:
    if path.is_dir():
        return [
            field
            for csv_file in sorted(path.glob("*.csv"))
            for row in csv.reader(io.StringIO(csv_file.read_bytes().decode("utf-8-sig"), newline=""))
            for field in row
        ]
    workbook = openpyxl.load_workbook(path)
    cells = []
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{worksheet.title}!{cell.coordinate} is a formula"
                cells.append(cell.value)
    return cells


@pytest.mark.parametrize("format_name", list(FORMATS))
def test_no_cell_of_the_export_of_the_graph_could_run_as_a_formula(
    exports: dict[str, Path], format_name: str
) -> None:
    texts = [cell for cell in _cells(exports[format_name]) if isinstance(cell, str)]
    assert texts and not [text for text in texts if text.startswith(DANGEROUS_STARTS)]


@pytest.mark.parametrize("format_name", list(FORMATS))
def test_cells_that_could_run_as_formulas_are_neutralised(tmp_path: Path, format_name: str) -> None:
    data = tmp_path / "data" / "source-hostile-cells.ttl"
    data.parent.mkdir()
    data.write_text(HOSTILE, encoding="utf-8")
    # the hostile graph alone (the ontology, no shipped data): the export of all of it is above
    hostile = load([data.parent], shipped=False)
    path = SPREADSHEET_WRITERS[format_name].write(hostile, tmp_path / FORMATS[format_name])
    texts = [cell for cell in _cells(path) if isinstance(cell, str)]
    assert not [text for text in texts if text.startswith(DANGEROUS_STARTS)]
    # XML (so XLSX) reads a carriage return as a line feed: still a neutralised cell
    hostile = {text.replace("'\n", "'\r") for text in texts if text.startswith("'")}
    assert {'\'=HYPERLINK("http://evil.example/","click")', "'+SUM(1,2)", "'\tcmd", "'\rcmd"} <= hostile
    assert any(text.startswith("'-2+3") for text in hostile) and any("@SUM(A1)" in text for text in hostile)


def test_neutralisation_is_undone_by_the_import() -> None:
    for text in ("=1+1", "+31 20", "-5", "@user", "\tx", "\rx", "plain", "'quoted'", "'=x", "''=x"):
        assert unneutralise(neutralise(text)) == text
    assert neutralise("plain") == "plain" and neutralise("=1") == "'=1"


def test_spreadsheets_are_not_written_to_standard_output() -> None:
    result = run("export", "--format", "xlsx", "--out", "-")
    assert result.exit_code == 2
    assert "spreadsheets cannot be written to standard output" in result.output
