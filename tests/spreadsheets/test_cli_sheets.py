"""The spreadsheet commands' usage: help, exit codes for bad arguments and unreadable files."""

from __future__ import annotations

from pathlib import Path

from .conftest import run
from .files import write_bytes


def test_the_commands_are_listed_with_the_others() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "template" in result.output and "import" in result.output
    export = run("export", "--help")
    assert "xlsx" in export.output and "kumu-xlsx" in export.output and "csv" in export.output


def test_import_help_shows_examples_and_options() -> None:
    result = run("import", "--help")
    assert result.exit_code == 0
    for option in ("--out", "--dry-run", "--source", "--title", "--encoding", "--kumu-mapping", "--data"):
        assert option in result.output
    assert "careersnet import my-actors.xlsx" in result.output


def test_source_needs_its_title(tmp_path: Path) -> None:
    book = write_bytes(tmp_path / "organisations.csv", b"Name,Type\nX,ministry\n")
    result = run("import", str(book), "--source", "https://example.org/x")
    assert result.exit_code == 2
    assert "give --source URL and --title TEXT together" in result.output


def test_files_that_are_missing_or_no_spreadsheet(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "missing.xlsx"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "missing.xlsx: no such file or folder" in result.output
    letter = write_bytes(tmp_path / "letter.docx", b"PK")
    result = run("import", str(letter), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "letter.docx: is not a spreadsheet" in result.output
    broken = write_bytes(tmp_path / "broken.xlsx", b"not a zip archive")
    result = run("import", str(broken), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "broken.xlsx: cannot be read as an XLSX workbook" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("import", str(empty), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "holds no spreadsheet or CSV file" in result.output


def test_an_unwritable_template_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = write_bytes(tmp_path / "blocker", b"a file, not a folder")
    result = run("template", "--out", str(blocker / "template.xlsx"))
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "cannot write" in result.output


def test_the_export_formats_are_the_spreadsheet_writers() -> None:
    from careersnet_graph.cli.graph_commands import SPREADSHEET_FORMATS  # noqa: PLC0415
    from careersnet_graph.cli.sheet_commands import DEFAULT_OUT  # noqa: PLC0415
    from careersnet_graph.spreadsheets import SPREADSHEET_WRITERS, importer  # noqa: PLC0415

    assert tuple(SPREADSHEET_WRITERS) == SPREADSHEET_FORMATS
    assert DEFAULT_OUT == importer.DEFAULT_OUT
