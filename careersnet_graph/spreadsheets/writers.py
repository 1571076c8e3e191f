"""The spreadsheet formats of `careersnet export` and `careersnet template`, behind one registry.

`export` dispatches `--format xlsx|csv|kumu-xlsx` to `SPREADSHEET_WRITERS`; each writer takes the
loaded graph and a path and returns what it wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from careersnet_graph.errors import OutputError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.spreadsheets.context import read_context
from careersnet_graph.spreadsheets.csvout import write_folder
from careersnet_graph.spreadsheets.kumu_out import write_kumu_workbook
from careersnet_graph.spreadsheets.records import read_rows
from careersnet_graph.spreadsheets.vocabularies import read_vocabularies
from careersnet_graph.spreadsheets.xlsx import template_workbook, write_workbook


@dataclass(frozen=True)
class SpreadsheetWriter:
    """An export format: its name, the default output under exports/, and how to write it."""

    name: str
    default_name: str
    write: Callable[[KnowledgeGraph, Path], Path]


def _no_stdout(path: Path) -> None:
    if str(path) == "-":
        raise OutputError(path, "spreadsheets cannot be written to standard output: give --out FILE")


def write_xlsx(kg: KnowledgeGraph, path: Path) -> Path:
    """The graph in the template's sheets, as one workbook."""
    _no_stdout(path)
    context = read_context(kg)
    return write_workbook(template_workbook(context.vocabularies, read_rows(kg, context)), path)


def write_csv(kg: KnowledgeGraph, path: Path) -> Path:
    """The graph in the template's sheets, as a folder of CSV files."""
    _no_stdout(path)
    context = read_context(kg)
    write_folder(path, context.vocabularies, read_rows(kg, context))
    return path


def write_kumu(kg: KnowledgeGraph, path: Path) -> Path:
    """The graph as a Kumu workbook (Elements, Connections)."""
    _no_stdout(path)
    return write_kumu_workbook(kg, path)


SPREADSHEET_WRITERS: dict[str, SpreadsheetWriter] = {
    "xlsx": SpreadsheetWriter("xlsx", "careersnet-graph.xlsx", write_xlsx),
    "csv": SpreadsheetWriter("csv", "careersnet-graph-csv", write_csv),
    "kumu-xlsx": SpreadsheetWriter("kumu-xlsx", "careersnet-graph.kumu.xlsx", write_kumu),
}


def write_template(kg: KnowledgeGraph, path: Path) -> list[Path]:
    """The empty template: a workbook when `path` ends in .xlsx, else a folder of CSV files."""
    vocabularies = read_vocabularies(kg)
    if path.suffix.lower() == ".xlsx":
        return [write_workbook(template_workbook(vocabularies), path)]
    if path.suffix:
        raise OutputError(path, "give a file ending in .xlsx, or a folder for CSV files")
    return write_folder(path, vocabularies)
