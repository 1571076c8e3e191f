"""One entry point for every input: workbooks, CSV files and folders of CSV files.

`read_inputs` picks the reader by the file's suffix (a folder is read file by file) and returns
raw sheets; it never interprets them. Readers are small functions behind this one interface:
`excel.read_workbook` (python-calamine: XLSX, XLSM, XLS, ODS) and `csvfiles.read_csv`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from careersnet_graph.spreadsheets.csvfiles import CSV_SUFFIXES, read_csv
from careersnet_graph.spreadsheets.errors import Location, Problem, SpreadsheetError
from careersnet_graph.spreadsheets.excel import EXCEL_SUFFIXES, read_workbook
from careersnet_graph.spreadsheets.sheets import RawSheet

SUFFIXES = (*EXCEL_SUFFIXES, *CSV_SUFFIXES)


def display_path(path: Path) -> str:
    """`path` as error messages show it: relative to the working folder when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def input_files(paths: Sequence[Path]) -> list[Path]:
    """The files to read: files as given, and the spreadsheets and CSV files directly in folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not inside:
                message = f"holds no spreadsheet or CSV file ({', '.join(SUFFIXES)})"
                raise SpreadsheetError([Problem(Location(display_path(path)), message)])
            files.extend(inside)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                message = f"is not a spreadsheet: give a {', '.join(SUFFIXES)} file or a folder of CSV files"
                raise SpreadsheetError([Problem(Location(display_path(path)), message)])
            files.append(path)
        else:
            raise SpreadsheetError([Problem(Location(display_path(path)), "no such file or folder")])
    return files


def read_inputs(
    paths: Sequence[Path], known_headers: Collection[str], encoding: str | None = None
) -> list[RawSheet]:
    """Every sheet of every input, in the order given (files in a folder sorted by name)."""
    sheets: list[RawSheet] = []
    for path in input_files(paths):
        display = display_path(path)
        if path.suffix.lower() in CSV_SUFFIXES:
            sheets.append(read_csv(path, display, known_headers, encoding))
        else:
            sheets.extend(read_workbook(path, display))
    return sheets
