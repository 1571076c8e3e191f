"""Workbooks written with openpyxl: the template, exports into it, and Kumu workbooks.

Every text cell is neutralised (`values.neutralise`): one that starts with =, +, -, @, tab or
carriage return gets a leading apostrophe, so that no spreadsheet program runs it as a formula.
The file's bytes depend on its content only (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from careersnet_graph.atomic import atomic_write_bytes
from careersnet_graph.spreadsheets.columns import LISTS_SHEET, README_SHEET, SHEETS, Kind, SheetSpec
from careersnet_graph.spreadsheets.readme import (
    INSTRUCTIONS,
    TABLE_HEADER,
    TITLE,
    column_table,
    header_comment,
    lists,
)
from careersnet_graph.spreadsheets.records import Cell, SheetRows
from careersnet_graph.spreadsheets.values import neutralise
from careersnet_graph.spreadsheets.vocabularies import VOCABULARY_NAMES, Vocabularies

FIXED_TIME = datetime.datetime(2000, 1, 1)
"""The document date written into every workbook, so that its bytes do not depend on the clock."""

VALIDATED_ROWS = 2000
"""Drop-downs cover this many rows below the header (or more, when an export has more)."""

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def cell_value(value: Cell) -> Cell:
    """A value as written to a cell: text neutralised, dates as they are."""
    return neutralise(value) if isinstance(value, str) else value


def template_workbook(vocabularies: Vocabularies, rows: SheetRows | None = None) -> Workbook:
    """The template (README, the five data sheets, Lists), filled with `rows` for an export."""
    workbook = Workbook()
    readme = workbook.active
    assert readme is not None
    readme.title = README_SHEET
    _write_readme(readme, vocabularies)
    list_ranges = _write_lists(workbook.create_sheet(), vocabularies)
    for index, sheet in enumerate(SHEETS, start=1):
        worksheet = workbook.create_sheet(sheet.name, index)
        data = rows.of(sheet) if rows is not None else []
        _write_sheet(worksheet, sheet, data, vocabularies, list_ranges)
    return workbook


def _write_readme(worksheet: Worksheet, vocabularies: Vocabularies) -> None:
    worksheet.append([cell_value(TITLE)])
    worksheet["A1"].font = Font(bold=True, size=14)
    for line in INSTRUCTIONS:
        worksheet.append([cell_value(line)])
    worksheet.append([])
    worksheet.append(list(TABLE_HEADER))
    header_row = worksheet.max_row
    for cell in worksheet[header_row]:
        cell.font = _BOLD
    for row in column_table(vocabularies):
        worksheet.append([cell_value(value) for value in row])
        for cell in worksheet[worksheet.max_row]:
            cell.alignment = _WRAP
    for letter, width in zip("ABCDEF", (22, 16, 16, 70, 45, 30), strict=True):
        worksheet.column_dimensions[letter].width = width


def _write_lists(worksheet: Worksheet, vocabularies: Vocabularies) -> dict[str, str]:
    """The Lists sheet: one column per vocabulary; the range each drop-down refers to."""
    worksheet.title = LISTS_SHEET
    ranges: dict[str, str] = {}
    for column, (name, (title, labels)) in enumerate(
        zip(VOCABULARY_NAMES, lists(vocabularies), strict=True), 1
    ):
        letter = get_column_letter(column)
        worksheet.cell(1, column, cell_value(title)).font = _BOLD
        for row, label in enumerate(labels, start=2):
            worksheet.cell(row, column, cell_value(label))
        worksheet.column_dimensions[letter].width = max(
            18, min(40, max((len(x) for x in labels), default=10) + 2)
        )
        ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${max(2, len(labels) + 1)}"
    return ranges


def _write_sheet(
    worksheet: Worksheet,
    sheet: SheetSpec,
    rows: Sequence[dict[str, Cell]],
    vocabularies: Vocabularies,
    list_ranges: dict[str, str],
) -> None:
    worksheet.append(sheet.names())
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(1, index)
        cell.font = _BOLD
        comment = Comment(header_comment(column, vocabularies), "careersnet-graph")
        comment.width = 320
        comment.height = 160
        cell.comment = comment
        worksheet.column_dimensions[get_column_letter(index)].width = _width(column.name, column.kind)
    for row in rows:
        worksheet.append([cell_value(row.get(name)) for name in sheet.names()])
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        if column.kind is Kind.DATE:
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if cell.value is not None:
                    cell.number_format = "yyyy-mm-dd"
        if column.vocabulary is None:
            continue
        last = max(VALIDATED_ROWS, len(rows) + 500) + 1
        validation = DataValidation(
            type="list",
            formula1=f"={list_ranges[column.vocabulary]}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="information" if column.multiple else "warning",
            errorTitle=f"{column.name}: not in the list",
            error=f"Allowed values are on the {LISTS_SHEET} sheet"
            + ("; several values are separated by |." if column.multiple else "."),
        )
        validation.add(f"{letter}2:{letter}{last}")
        worksheet.add_data_validation(validation)
    worksheet.freeze_panes = "A2"


def _width(name: str, kind: Kind) -> float:
    if kind in (Kind.TEXT, Kind.NAME):
        return 40
    if kind in (Kind.REFERENCE, Kind.SOURCE, Kind.ID, Kind.URL):
        return 30
    return max(14, len(name) + 4)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as XLSX bytes that depend on its content only."""
    workbook.properties.creator = "careersnet-graph"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        writer = ExcelWriter(workbook, archive)
        workbook.properties.modified = FIXED_TIME
        writer.write_data()
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp fixed (openpyxl stamps them with the clock)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            archive.writestr(fixed, source.read(info.filename))
    return buffer.getvalue()


def write_workbook(workbook: Workbook, path: Path) -> Path:
    """Write a workbook atomically."""
    return atomic_write_bytes(path, workbook_bytes(workbook))
