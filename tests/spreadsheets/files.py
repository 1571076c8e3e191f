"""Real spreadsheet files for the tests: workbooks written with openpyxl, OpenDocument files and
CSV files written by hand, byte for byte."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

Cell = str | int | float | datetime.date | None
Sheets = Mapping[str, Sequence[Sequence[Cell]]]

SOURCE_URL = "https://example.org/ruritania-guidance-report"
SOURCE_ROW = ["S1", "Ruritania guidance report 2024", SOURCE_URL, "Cedefop", datetime.date(2024, 3, 1)]
SOURCES: list[list[Cell]] = [["ID", "Title", "URL", "Publisher", "Issued"], SOURCE_ROW]


def write_xlsx(path: Path, sheets: Sheets) -> Path:
    """A workbook with one sheet per entry of `sheets`, as a user's spreadsheet program would save it."""
    workbook = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        worksheet = workbook.active if first else workbook.create_sheet()
        assert worksheet is not None
        worksheet.title = name
        first = False
        for row in rows:
            worksheet.append(list(row))
        for cells in worksheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text a user typed, as Excel keeps it: not a formula
    workbook.save(path)
    return path


def example_sheets() -> dict[str, list[list[Cell]]]:
    """A small complete workbook: a source, two organisations, a person with a post, a strategy, links."""
    return {
        "Sources": [list(row) for row in SOURCES],
        "Organisations": [
            ["ID", "Source", "Name", "Type", "Country", "Other names", "Sector"],
            [
                "O1",
                "S1",
                "Ruritanian Guidance Forum",
                "partnership",
                "SI",
                "RGF | Rurski forum @sl",
                "education",
            ],
            ["O2", "S1", "Ruritanian Ministry of Education", "ministry", "Slovenia", None, None],
        ],
        "Persons": [
            ["ID", "Source", "Name", "Post role", "Post in"],
            ["P1", "S1", "Ana Novak", "chair", "O1"],
        ],
        "Initiatives and events": [
            ["ID", "Source", "Name", "Type", "Start", "End", "Topic"],
            [
                "I1",
                "S1",
                "Ruritanian guidance strategy 2030",
                "strategy",
                44927,
                "2030-12-31",
                "lifelong guidance",
            ],
        ],
        "Participations": [
            ["Source", "Who", "Role", "In what", "Formality", "From"],
            ["S1", "O2", "member", "O1", "formal", "01.09.2020"],
            ["S1", "Cedefop", "partner", "Ruritanian Guidance Forum", "informal", None],
            ["S1", "Ana Novak", "author", "I1", "formal", None],
        ],
    }


def write_ods(path: Path, sheets: Sheets, merged: Mapping[str, tuple[int, int, int]] | None = None) -> Path:
    """An OpenDocument spreadsheet written by hand (content.xml); `merged` spans, per sheet,
    (row, column, columns) from a cell over the next ones of its row."""
    tables = []
    for name, rows in sheets.items():
        span = (merged or {}).get(name)
        xml_rows = []
        for row_index, row in enumerate(rows):
            cells = []
            skip = 0
            for column_index, value in enumerate(row):
                if skip:
                    skip -= 1
                    cells.append("<table:covered-table-cell/>")
                    continue
                spanned = ""
                if span is not None and span[:2] == (row_index, column_index):
                    spanned = f' table:number-columns-spanned="{span[2]}" table:number-rows-spanned="1"'
                    skip = span[2] - 1
                cells.append(_ods_cell(value, spanned))
            xml_rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">{"".join(xml_rows)}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _ods_cell(value: Cell, spanned: str) -> str:
    if value is None:
        return f"<table:table-cell{spanned}/>"
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell{spanned} office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{spanned} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = f"<text:p>{escape(value)}</text:p>"
    return f'<table:table-cell{spanned} office:value-type="string">{text}</table:table-cell>'


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def csv_text(rows: Sequence[Sequence[Cell]], delimiter: str = ",", newline: str = "\n") -> str:
    """Rows as CSV text written by hand: fields quoted when they hold the delimiter, a quote or a
    line break; dates as text, as a spreadsheet program exports them."""
    lines = []
    for row in rows:
        fields = []
        for value in row:
            text = (
                "" if value is None else value.isoformat() if isinstance(value, datetime.date) else str(value)
            )
            if any(char in text for char in (delimiter, '"', "\n", "\r")):
                text = '"' + text.replace('"', '""') + '"'
            fields.append(text)
        lines.append(delimiter.join(fields))
    return newline.join(lines) + newline


def write_csv_folder(
    folder: Path, sheets: Sheets, delimiter: str = ",", newline: str = "\n", encoding: str = "utf-8"
) -> Path:
    """One CSV file per sheet, named as the template names them (organisations.csv ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        file_name = name.lower().replace(" ", "-") + ".csv"
        (folder / file_name).write_bytes(csv_text(rows, delimiter, newline).encode(encoding))
    return folder
