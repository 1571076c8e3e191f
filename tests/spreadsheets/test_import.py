"""Importing the template's sheets: IRIs, references, values, provenance, idempotence, updates."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from careersnet_graph.canonical import format_files
from careersnet_graph.loading import load
from careersnet_graph.spreadsheets import plan_import, write_plan
from careersnet_graph.spreadsheets.iris import CND, CNG, COUNTRY, DCTERMS, ORG, RDFS, SCHEMA, SKOS, XSD
from careersnet_graph.validate import validate

from .conftest import graph_of, run, turtle_files
from .files import SOURCE_URL, example_sheets, write_xlsx

FILE = "source-ruritania-guidance-report-2024.ttl"


def _import(path: Path, out: Path, *extra: str) -> str:
    result = run("import", str(path), "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The example workbook, imported once: (workbook, output folder, what the command printed)."""
    folder = tmp_path_factory.mktemp("example")
    book = write_xlsx(folder / "book.xlsx", example_sheets())
    out = folder / "imported"
    return book, out, _import(book, out)


def test_one_file_per_source_named_after_the_source(example: tuple[Path, Path, str]) -> None:
    _, out, output = example
    assert list(turtle_files(out)) == [FILE]
    assert "wrote new: " in output and FILE in output
    assert "(43 statements: 1 initiative or event, 2 organisations, 3 participations, 1 person)" in output
    graph = graph_of(out / FILE)
    source = CND["source-ruritania-guidance-report-2024"]
    assert (source, SCHEMA.url, URIRef(SOURCE_URL)) in graph
    assert (source, DCTERMS.publisher, CND["org-cedefop"]) in graph
    assert (source, DCTERMS.issued, Literal("2024-03-01", datatype=XSD.date)) in graph
    # the file is one named graph, cnd:<file name>, of a registered source, and the whole conforms
    kg = load([out])
    statements = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } }"
    assert kg.select(statements, graph=str(source))[0]["n"] == len(graph)
    assert validate(kg).conforms


def test_iris_follow_the_minting_rule_and_values_are_resolved(example: tuple[Path, Path, str]) -> None:
    graph = graph_of(example[1] / FILE)
    forum, ministry = CND["org-ruritanian-guidance-forum"], CND["org-ruritanian-ministry-of-education"]
    assert (forum, RDFS.label, Literal("Ruritanian Guidance Forum", lang="en")) in graph
    assert (forum, SKOS.altLabel, Literal("Rurski forum", lang="sl")) in graph
    assert (forum, SKOS.altLabel, Literal("RGF", lang="en")) in graph
    assert (forum, CNG.country, COUNTRY.SVN) in graph  # alpha-2
    assert (ministry, CNG.country, COUNTRY.SVN) in graph  # English name
    assert (forum, CNG.sector, CND["sector-education"]) in graph
    post = CND["post-ruritanian-guidance-forum--chair"]
    assert (CND["person-ana-novak"], ORG.holds, post) in graph
    assert (post, RDFS.label, Literal("Chair of Ruritanian Guidance Forum", lang="en")) in graph
    strategy = CND["initiative-ruritanian-guidance-strategy-2030"]
    assert (
        strategy,
        SCHEMA.startDate,
        Literal("2023-01-01", datatype=XSD.date),
    ) in graph  # Excel serial 44927
    assert (strategy, SCHEMA.endDate, Literal("2030-12-31", datatype=XSD.date)) in graph
    member = CND["participation-ruritanian-guidance-forum--member--ruritanian-ministry-of-education"]
    assert (member, SCHEMA.startDate, Literal("2020-09-01", datatype=XSD.date)) in graph  # day first
    assert (member, CNG.formality, CND["formality-formal"]) in graph
    # a reference by label to an organisation of the shipped data; nothing about it is restated
    partner = CND["participation-ruritanian-guidance-forum--partner--cedefop"]
    assert (partner, CNG.agent, CND["org-cedefop"]) in graph
    assert not list(graph.triples((CND["org-cedefop"], None, None)))


def test_output_is_canonical_turtle(example: tuple[Path, Path, str]) -> None:
    assert format_files([example[1] / FILE], check=True).changed == []


def test_importing_again_gives_byte_identical_turtle(example: tuple[Path, Path, str], tmp_path: Path) -> None:
    book, out, _ = example
    first = (out / FILE).read_bytes()
    copy = tmp_path / "imported"
    shutil.copytree(out, copy)
    assert "unchanged: " in _import(book, copy)
    assert (copy / FILE).read_bytes() == first
    # the same rows with empty trailing rows and columns, into a fresh folder: the same bytes
    sheets = example_sheets()
    for rows in sheets.values():
        for row in rows:
            row.extend([None, None, None])
        rows.extend([[None] * 5, [None, "", None]])
    fresh = tmp_path / "fresh"
    _import(write_xlsx(tmp_path / "padded.xlsx", sheets), fresh)
    assert (fresh / FILE).read_bytes() == first


def test_an_edited_workbook_updates_and_never_duplicates(
    example: tuple[Path, Path, str], tmp_path: Path
) -> None:
    out = tmp_path / "imported"
    shutil.copytree(example[1], out)
    sheets = example_sheets()
    sheets["Organisations"][1][4] = "AT"  # the forum moves to Austria
    sheets["Participations"].pop(2)  # the Cedefop row is deleted
    sheets["Organisations"].append(["O3", "S1", "Ruritanian Employment Service", "public employment service"])
    sheets["Participations"].append(["S1", "O3", "member", "O1", "formal", None])
    output = _import(write_xlsx(tmp_path / "book.xlsx", sheets), out)
    assert "wrote: " in output and "(+" in output
    assert list(turtle_files(out)) == [FILE]
    graph = graph_of(out / FILE)
    forum = CND["org-ruritanian-guidance-forum"]
    assert set(graph.objects(forum, CNG.country)) == {COUNTRY.AUT}
    assert len(set(graph.subjects(RDFS.label, Literal("Ruritanian Guidance Forum", lang="en")))) == 1
    assert not list(
        graph.triples((CND["participation-ruritanian-guidance-forum--partner--cedefop"], None, None))
    )
    assert (CND["org-ruritanian-employment-service"], RDFS.label, None) in graph


def test_ids_dates_shipped_entities_and_neutralised_cells(tmp_path: Path, out: Path) -> None:
    sheets = example_sheets()
    # an ID given as a CURIE keeps the IRI whatever the name
    sheets["Organisations"][1][0] = "cnd:org-rgf"
    sheets["Organisations"][1][2] = "Ruritanian National Guidance Forum"
    sheets["Persons"][1][4] = "cnd:org-rgf"
    sheets["Participations"][1][3] = "cnd:org-rgf"
    sheets["Participations"][2][3] = "Ruritanian National Guidance Forum"
    # facts added to an organisation of the shipped data, by its CURIE
    sheets["Organisations"].append(["cnd:org-cedefop", "S1", None, None, None, None, "research"])
    # a cell an export neutralised
    sheets["Organisations"][0].append("Note")
    sheets["Organisations"][1].append('\'=HYPERLINK("http://x")')
    # dates as date cells, serial numbers (numbers or text) and text
    header = sheets["Initiatives and events"][0]
    rows = [
        [
            "I2",
            "S1",
            "Event by date cell",
            "meeting",
            datetime.date(2021, 12, 6),
            datetime.datetime(2021, 12, 7),
        ],
        ["I3", "S1", "Event by serial", "meeting", 44536, "44537"],
        ["I4", "S1", "Event by text", "conference", "6 December 2021", "07/12/2021"],
    ]
    sheets["Initiatives and events"] = [header, *[[*row, None] for row in rows]]
    sheets["Participations"] = sheets["Participations"][:3]
    _import(write_xlsx(tmp_path / "book.xlsx", sheets), out)
    graph = graph_of(out / FILE)
    rgf = CND["org-rgf"]
    assert (rgf, RDFS.label, Literal("Ruritanian National Guidance Forum", lang="en")) in graph
    assert len(set(graph.subjects(CNG.target, rgf))) == 2
    assert set(graph.predicate_objects(CND["org-cedefop"])) == {(CNG.sector, CND["sector-research"])}
    assert set(graph.objects(rgf, SKOS.note)) == {Literal('=HYPERLINK("http://x")', lang="en")}
    for slug in ("event-by-date-cell", "event-by-serial", "event-by-text"):
        assert (CND[f"event-{slug}"], SCHEMA.startDate, Literal("2021-12-06", datatype=XSD.date)) in graph
        assert (CND[f"event-{slug}"], SCHEMA.endDate, Literal("2021-12-07", datatype=XSD.date)) in graph


def test_one_source_for_the_whole_workbook(tmp_path: Path, out: Path) -> None:
    sheets = {
        "Organisations": [["Name", "Type", "Country"], ["Ruritanian Careers Network", "network", "SVN"]],
        "Participations": [
            ["Who", "Role", "In what", "Formality"],
            ["Cedefop", "partner", "Ruritanian Careers Network", "informal"],
        ],
    }
    book = write_xlsx(tmp_path / "book.xlsx", sheets)
    _import(book, out, "--source", "https://example.org/network", "--title", "The Ruritanian network")
    graph = graph_of(out / "source-the-ruritanian-network.ttl")
    source = CND["source-the-ruritanian-network"]
    assert (source, DCTERMS.title, Literal("The Ruritanian network", lang="en")) in graph
    assert (source, SCHEMA.url, URIRef("https://example.org/network")) in graph
    assert (CND["org-ruritanian-careers-network"], CNG.country, COUNTRY.SVN) in graph  # alpha-3


def test_dry_run_reports_and_writes_nothing(example: tuple[Path, Path, str], tmp_path: Path) -> None:
    out = tmp_path / "imported"
    output = _import(example[0], out, "--dry-run")
    assert "would write new: " in output and FILE in output
    assert "would write 1 of 1 files" in output
    assert not out.exists()


def test_plan_then_write_from_python(example: tuple[Path, Path, str], tmp_path: Path) -> None:
    out = tmp_path / "imported"
    plan = plan_import([example[0]], out)
    assert plan.conforms and plan.problems == []
    assert [(file.path.name, file.status) for file in plan.files] == [(FILE, "new")]
    assert not out.exists()
    assert write_plan(plan) == [out / FILE]
    assert (out / FILE).read_bytes() == (example[1] / FILE).read_bytes()


def test_a_later_workbook_refers_to_what_an_earlier_import_wrote(
    example: tuple[Path, Path, str], tmp_path: Path
) -> None:
    out = tmp_path / "imported"
    shutil.copytree(example[1], out)
    sheets = {
        "Sources": [["ID", "Title", "URL"], ["S2", "Ruritania forum minutes", "https://example.org/minutes"]],
        "Participations": [
            ["Source", "Who", "Role", "In what", "Formality"],
            ["S2", "Ruritanian Ministry of Education", "chair", "Ruritanian Guidance Forum", "formal"],
        ],
    }
    # the output folder given as --data too: read once, not twice
    output = _import(write_xlsx(tmp_path / "minutes.xlsx", sheets), out, "--data", str(out))
    assert "wrote new: " in output and "source-ruritania-forum-minutes.ttl" in output
    assert sorted(turtle_files(out)) == sorted([FILE, "source-ruritania-forum-minutes.ttl"])
    assert (out / FILE).read_bytes() == (example[1] / FILE).read_bytes()
    assert validate(load([out])).conforms
