"""CSV files as people and programs write them (byte-order marks, delimiters, line endings, quoted
line breaks, dates as text or serial numbers, other encodings detected or refused), and
OpenDocument spreadsheets: each gives the same Turtle as the same rows in an XLSX workbook."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from rdflib import Literal

from careersnet_graph.spreadsheets.iris import CND, RDFS, SKOS

from .conftest import graph_of, run, turtle_files
from .files import SOURCES, csv_text, example_sheets, write_bytes, write_csv_folder, write_ods, write_xlsx

FILE = "source-ruritania-guidance-report-2024.ttl"


@pytest.fixture(scope="module")
def from_workbook(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example rows imported from a workbook: what every CSV variant must give."""
    folder = tmp_path_factory.mktemp("workbook")
    result = run(
        "import", str(write_xlsx(folder / "book.xlsx", example_sheets())), "--out", str(folder / "out")
    )
    assert result.exit_code == 0, result.output
    return turtle_files(folder / "out")


@pytest.mark.parametrize(
    ("delimiter", "newline", "encoding"),
    [
        (",", "\n", "utf-8"),
        (";", "\r\n", "utf-8-sig"),
        ("\t", "\r\n", "utf-8"),
        ("\t", "\r\n", "utf-16"),
    ],
    ids=["comma-lf", "semicolon-crlf-bom", "tab-crlf", "utf16-tab"],
)
def test_csv_variants_give_the_workbook_s_turtle(
    from_workbook: dict[str, str], tmp_path: Path, delimiter: str, newline: str, encoding: str
) -> None:
    folder = write_csv_folder(tmp_path / "csv", example_sheets(), delimiter, newline, encoding)
    out = tmp_path / "out"
    result = run("import", str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert turtle_files(out) == from_workbook


def test_files_may_be_given_one_by_one_with_quoted_line_breaks(tmp_path: Path) -> None:
    sheets = {
        "Sources": SOURCES,
        "Organisations": [
            ["ID", "Source", "Name", "Type", "Note", "", ""],
            ["O1", "S1", 'The "Quoted" Forum; Ruritania', "partnership", "First line,\nsecond line", "", ""],
            ["", "", "", "", "", "", ""],
            ["", "", "", "", "", "", ""],
        ],
    }
    folder = write_csv_folder(tmp_path / "csv", sheets, ";", "\r\n")
    out = tmp_path / "out"
    result = run("import", str(folder / "sources.csv"), str(folder / "organisations.csv"), "--out", str(out))
    assert result.exit_code == 0, result.output
    graph = graph_of(out / FILE)
    forum = CND["org-the-quoted-forum-ruritania"]
    assert (forum, RDFS.label, Literal('The "Quoted" Forum; Ruritania', lang="en")) in graph
    assert (forum, SKOS.note, Literal("First line,\nsecond line", lang="en")) in graph


def _persons(tmp_path: Path, name: str, encoding: str, *extra: str) -> tuple[int, str, Path]:
    rows = [["ID", "Source", "Name"], ["P1", "S1", name]]
    folder = tmp_path / "csv"
    write_bytes(folder / "sources.csv", csv_text(SOURCES).encode("utf-8"))
    write_bytes(folder / "persons.csv", csv_text(rows).encode(encoding))
    out = tmp_path / "out"
    result = run("import", str(folder), "--out", str(out), *extra)
    return result.exit_code, result.output, out


def test_a_file_in_another_encoding_is_read_when_the_encoding_is_certain(tmp_path: Path) -> None:
    code, output, out = _persons(tmp_path, "Jürgen Müller-Groß", "cp1252")
    assert code == 0, output
    assert "note: " in output and "persons.csv: not UTF-8; read as" in output
    graph = graph_of(out / FILE)
    assert (CND["person-jurgen-muller-gro"], RDFS.label, Literal("Jürgen Müller-Groß")) in graph


def test_a_file_whose_encoding_is_uncertain_is_refused_with_a_hint(tmp_path: Path) -> None:
    name = "Žiga Čačak Šušteršič"
    code, output, out = _persons(tmp_path, name, "cp1250")
    assert code == 2
    assert "persons.csv: is not UTF-8 (byte 21), and its encoding is uncertain: it reads" in output
    assert "'Čačak' as cp1250 (--encoding cp1250), or 'Èaèak' as cp1252 (--encoding cp1252)" in output
    assert "Save it as UTF-8" in output
    assert not out.exists()
    code, output, out = _persons(tmp_path, name, "cp1250", "--encoding", "cp1250")
    assert code == 0, output
    assert (CND["person-ziga-cacak-sustersic"], RDFS.label, Literal(name)) in graph_of(out / FILE)


def test_a_wrong_encoding_option_and_a_broken_byte_order_mark(tmp_path: Path) -> None:
    code, output, _ = _persons(tmp_path, "Ana", "utf-8", "--encoding", "klingon")
    assert code == 2 and "unknown encoding 'klingon'" in output
    folder = tmp_path / "broken"
    write_bytes(folder / "persons.csv", codecs.BOM_UTF8 + b"ID,Name\nP1,\xff\n")
    result = run("import", str(folder / "persons.csv"), "--out", str(tmp_path / "out"))
    assert (
        result.exit_code == 2
        and "starts with a utf-8-sig byte-order mark but is not utf-8-sig" in result.output
    )


def test_a_csv_file_named_after_no_sheet(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "contacts.csv", b"Name\nSomeone\n")
    result = run("import", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "contacts.csv: the file name 'contacts.csv' names no sheet of the template" in result.output
    assert (
        "sources.csv, organisations.csv, persons.csv, initiatives-and-events.csv, participations.csv"
        in result.output
    )


def test_a_csv_file_that_is_not_valid_csv(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "organisations.csv", b'ID,Name\nO1,"unclosed\n')
    result = run("import", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "organisations.csv" in result.output and "not valid CSV" in result.output


def test_serial_dates_in_csv_and_a_row_s_line_number(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"][1][5] = "44075"  # 2020-09-01 as an Excel serial number
    sheets["Participations"][2][5] = "last year"
    sheets["Organisations"][1][6] = "education\n(and more)"  # a quoted line break shifts the lines
    folder = write_csv_folder(tmp_path / "csv", sheets)
    result = run("import", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "participations.csv, row 3 (line 3), column F (From): 'last year' is not a date" in result.output
    assert (
        "organisations.csv, row 2 (line 2), column G (Sector): unknown sector 'education\\n(and more)'"
        in result.output
    )


def test_an_opendocument_spreadsheet_gives_the_workbook_s_turtle(
    from_workbook: dict[str, str], tmp_path: Path
) -> None:
    ods = write_ods(tmp_path / "book.ods", example_sheets())
    out = tmp_path / "out"
    result = run("import", str(ods), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert turtle_files(out) == from_workbook
