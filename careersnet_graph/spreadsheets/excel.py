"""Workbooks (XLSX, XLSM, XLS, ODS) read with python-calamine, merged cells included.

calamine was chosen by measurement (benchmarks/spreadsheet_readers.py, docs/import.md): it reads
a 20,000-row workbook about ten times faster than openpyxl. It reports merged ranges for Excel
files; for OpenDocument files they are found in the file's content.xml, so that both are refused
with their address.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook

from careersnet_graph.spreadsheets.errors import Location, Problem, SpreadsheetError, column_letter
from careersnet_graph.spreadsheets.sheets import RawSheet
from careersnet_graph.spreadsheets.values import CellValue

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def read_workbook(path: Path, display: str) -> list[RawSheet]:
    """Every sheet of the workbook at `path`, in workbook order, cells at their true addresses."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = []
        ods_merged = _ods_merged_ranges(path) if path.suffix.lower() == ".ods" else {}
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            ranges = sheet.merged_cell_ranges
            if ranges is None:
                merged = tuple(ods_merged.get(name, ()))
            else:
                merged = tuple(_address(start, end) for start, end in sorted(ranges))
            rows = [list[CellValue](row) for row in sheet.to_python(skip_empty_area=False)]
            sheets.append(RawSheet(display, name, rows, merged=merged))
        return sheets
    except (CalamineError, OSError, ValueError, zipfile.BadZipFile, ElementTree.ParseError) as error:
        message = f"cannot be read as an {path.suffix.lstrip('.').upper()} workbook ({error})"
        raise SpreadsheetError([Problem(Location(display), message)]) from None


def _address(start: tuple[int, int], end: tuple[int, int]) -> str:
    return f"{column_letter(start[1])}{start[0] + 1}:{column_letter(end[1])}{end[0] + 1}"


def _ods_merged_ranges(path: Path) -> dict[str, list[str]]:
    """Merged ranges per sheet of an OpenDocument spreadsheet, from the spans of its cells."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        sheet: str | None = None
        row = column = 0
        row_repeat = 1
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{{{_TABLE}}}table":
                    sheet = element.get(f"{{{_TABLE}}}name", "")
                    row = 0
                elif tag == f"{{{_TABLE}}}table-row":
                    column = 0
                    row_repeat = int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
                elif tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
                    columns = int(element.get(f"{{{_TABLE}}}number-columns-spanned", "1"))
                    rows = int(element.get(f"{{{_TABLE}}}number-rows-spanned", "1"))
                    if sheet is not None and (columns > 1 or rows > 1):
                        found.setdefault(sheet, []).append(
                            _address((row, column), (row + rows - 1, column + columns - 1))
                        )
                    column += int(element.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
            else:
                if tag == f"{{{_TABLE}}}table-row":
                    row += row_repeat
                element.clear()
    return found
