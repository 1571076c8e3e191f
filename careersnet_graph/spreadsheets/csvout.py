"""Folders of CSV files: the template and exports into it, one file per sheet.

UTF-8 with a byte-order mark (so that Excel reads accents right), commas, Windows line endings,
fields quoted where needed; every text cell neutralised as in the workbooks. README.csv and
lists.csv carry what the workbook's README and Lists sheets carry; the import skips them.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from careersnet_graph.atomic import atomic_write_bytes
from careersnet_graph.errors import OutputError
from careersnet_graph.spreadsheets.columns import SHEETS
from careersnet_graph.spreadsheets.readme import TABLE_HEADER, column_table, lists
from careersnet_graph.spreadsheets.records import Cell, SheetRows
from careersnet_graph.spreadsheets.values import neutralise
from careersnet_graph.spreadsheets.vocabularies import Vocabularies

README_FILE = "README.csv"
LISTS_FILE = "lists.csv"


def csv_bytes(rows: list[list[Cell]]) -> bytes:
    """Rows as CSV bytes (UTF-8 with BOM, CRLF), text neutralised, dates as YYYY-MM-DD."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def write_folder(folder: Path, vocabularies: Vocabularies, rows: SheetRows | None = None) -> list[Path]:
    """The template (or an export) as CSV files in `folder`; the paths written."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "is a file: give a folder for CSV files")
    readme: list[list[Cell]] = [list(TABLE_HEADER)]
    readme.extend(list[Cell](row) for row in column_table(vocabularies))
    written = [atomic_write_bytes(folder / README_FILE, csv_bytes(readme))]
    columns = lists(vocabularies)
    depth = max(len(labels) for _, labels in columns)
    table: list[list[Cell]] = [[title for title, _ in columns]]
    table += [[labels[row] if row < len(labels) else None for _, labels in columns] for row in range(depth)]
    written.append(atomic_write_bytes(folder / LISTS_FILE, csv_bytes(table)))
    for sheet in SHEETS:
        data = rows.of(sheet) if rows is not None else []
        content: list[list[Cell]] = [list(sheet.names())]
        content += [[row.get(name) for name in sheet.names()] for row in data]
        written.append(atomic_write_bytes(folder / sheet.file_name, csv_bytes(content)))
    return written
