"""The graph as a Kumu workbook: one element per entry (sources included), one connection per link.

Elements carry the template's columns as Kumu fields and their sources in a Source field (IDs
of Source elements, `|`-separated); connections are participations (agent → target, the role
as Type) and posts (person → organisation, Type `post: <post role>`). Entries a link refers to
but no source row describes (an unnamed group, an organisation named only by an inference) are
added as reference elements without a Source; the import leaves them as the graph has them.
A Kumu element holds one entry whatever its sources, so its facts are read back into each of
them: the round trip keeps every statement, and keeps sources apart only for entries stated by
one source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.spreadsheets.columns import INITIATIVES, ORGANISATIONS, PARTICIPATIONS, PERSONS, SOURCES
from careersnet_graph.spreadsheets.context import GraphContext, read_context
from careersnet_graph.spreadsheets.kumu import POST_PREFIX
from careersnet_graph.spreadsheets.mapping import DEFAULT_LANGUAGE
from careersnet_graph.spreadsheets.records import Cell, Row, SheetRows, read_rows
from careersnet_graph.spreadsheets.references import as_iri
from careersnet_graph.spreadsheets.values import SEPARATOR, retag, split_values
from careersnet_graph.spreadsheets.vocabularies import curie
from careersnet_graph.spreadsheets.xlsx import cell_value, write_workbook

ELEMENT_COLUMNS = (
    "ID",
    "Label",
    "Type",
    "Description",
    "Other names",
    "Country",
    "Sector",
    "Topic",
    "Part of",
    "Start",
    "End",
    "Issued",
    "URL",
    "Publisher",
    "Short name",
    "Language",
    "Source",
)
CONNECTION_COLUMNS = (
    "From",
    "To",
    "Type",
    "Formality",
    "Start",
    "End",
    "Description",
    "Post title",
    "Language",
    "Source",
    "ID",
)

ABOUT = (
    "Exported by careersnet-graph (careersnet export --format kumu-xlsx).",
    "Import Elements and Connections into Kumu; this sheet is skipped because its name contains (ignore).",
    "careersnet import reads this workbook back: element and connection IDs are the graph's CURIEs, and",
    "Source holds the IDs of the Source elements that state an element's or a connection's facts.",
)

_MERGED = ("Country", "Sector", "Topic")
_FIRST = ("Part of", "Start", "End", "Issued", "URL")


def kumu_sheets(
    rows: SheetRows, context: GraphContext
) -> tuple[list[dict[str, Cell]], list[dict[str, Cell]]]:
    """Elements and connections for the rows of the template."""
    elements: dict[str, dict[str, Cell]] = {}
    sources: dict[str, list[str]] = defaultdict(list)
    for row in rows.of(SOURCES):
        key = str(row["ID"])
        elements[key] = {
            "ID": key,
            "Label": row.get("Title"),
            "Type": "source",
            "Description": row.get("Note"),
            "URL": row.get("URL"),
            "Publisher": row.get("Publisher"),
            "Issued": row.get("Issued"),
            "Short name": row.get("Short name"),
            "Language": row.get("Language"),
        }
    for sheet in (ORGANISATIONS, INITIATIVES, PERSONS):
        entries: dict[str, list[Row]] = defaultdict(list)
        for row in rows.of(sheet):
            entries[str(row["ID"])].append(row)
        for key, entry_rows in entries.items():
            elements[key] = _element(key, entry_rows, sheet is PERSONS)
            for row in entry_rows:
                if row.get("Source") not in sources[key]:
                    sources[key].append(str(row["Source"]))
    connections: list[dict[str, Cell]] = []
    for row in rows.of(PARTICIPATIONS):
        connections.append(
            {
                "From": row.get("Who"),
                "To": row.get("In what"),
                "Type": row.get("Role"),
                "Formality": row.get("Formality"),
                "Start": row.get("From"),
                "End": row.get("To"),
                "Description": row.get("Note"),
                "Language": row.get("Language"),
                "Source": row.get("Source"),
                "ID": row.get("ID"),
            }
        )
    for row in rows.of(PERSONS):
        if row.get("Post role") and row.get("Post in"):
            connections.append(
                {
                    "From": row.get("ID"),
                    "To": row.get("Post in"),
                    "Type": f"{POST_PREFIX} {row['Post role']}",
                    "Description": row.get("Note"),
                    "Post title": row.get("Post title"),
                    "Language": row.get("Language"),
                    "Source": row.get("Source"),
                }
            )
    for key, listed in sources.items():
        elements[key]["Source"] = f" {SEPARATOR} ".join(listed)
    for connection in connections:
        for end in ("From", "To"):
            key = str(connection[end])
            if key not in elements:
                elements[key] = _reference_element(key, context)
    ordered = sorted(
        elements.values(), key=lambda element: (element.get("Type") != "source", str(element["ID"]))
    )
    return ordered, connections


def _element(key: str, rows: list[Row], person: bool) -> dict[str, Cell]:
    """The element of an entry from its rows (one per source). Its Label is the first Name and its
    Language that Name's; the other texts of every row are rewritten for that language."""
    element: dict[str, Cell] = {"ID": key}
    named = next((row for row in rows if row.get("Name") is not None), None)
    if named is not None:
        element["Label"] = named["Name"]
    if person:
        element["Type"] = "person"
        return element
    element_language = str((named or rows[0]).get("Language") or DEFAULT_LANGUAGE)
    element["Language"] = None if element_language == DEFAULT_LANGUAGE else element_language
    for row in rows:
        language = str(row.get("Language") or DEFAULT_LANGUAGE)
        for column in ("Type", *_MERGED):
            element[column] = _union(element.get(column), row.get(column))
        others = [
            retag(name, language, element_language) for name in split_values(_str(row.get("Other names")))
        ]
        element["Other names"] = _union(element.get("Other names"), f" {SEPARATOR} ".join(others))
        note = row.get("Note")
        if element.get("Description") is None and note is not None:
            element["Description"] = retag(str(note), language, element_language)
        for column in _FIRST:
            if element.get(column) is None and row.get(column) is not None:
                element[column] = row[column]
    return element


def _union(first: Cell, second: Cell) -> Cell:
    values: list[str] = []
    for cell in (first, second):
        for value in split_values(str(cell)) if cell else []:
            if value not in values:
                values.append(value)
    return f" {SEPARATOR} ".join(values) or None


def _str(cell: Cell) -> str | None:
    return None if cell is None else str(cell)


def _reference_element(key: str, context: GraphContext) -> dict[str, Cell]:
    """An element for an entry links refer to but no source row describes."""
    iri = as_iri(key) or key
    known = context.entities.get(iri)
    vocabularies = context.vocabularies
    labels = [
        concept.label
        for name in ("organisation-types", "initiative-types")
        for concept in vocabularies[name].concepts
        if known is not None and concept.iri in known.classes
    ]
    if known is not None and "person" in known.kinds:
        labels = ["person"]
    elif known is not None and "group" in known.kinds:
        labels = ["unnamed group of persons"]
    label = known.label if known is not None and known.label else curie(iri)
    return {"ID": key, "Label": label, "Type": f" {SEPARATOR} ".join(labels) or None}


def kumu_workbook(kg: KnowledgeGraph) -> Workbook:
    """The Kumu workbook of `kg`."""
    context = read_context(kg)
    elements, connections = kumu_sheets(read_rows(kg, context), context)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    _fill(first, "Elements", ELEMENT_COLUMNS, elements)
    _fill(workbook.create_sheet(), "Connections", CONNECTION_COLUMNS, connections)
    about = workbook.create_sheet("About (ignore)")
    for line in ABOUT:
        about.append([cell_value(line)])
    return workbook


def _fill(worksheet: Worksheet, title: str, columns: Iterable[str], rows: list[dict[str, Cell]]) -> None:
    worksheet.title = title
    names = list(columns)
    worksheet.append(names)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append([cell_value(row.get(name)) for name in names])
    # once over all cells: looking up the last row after each append costs a pass over the sheet
    for cells in worksheet.iter_rows(min_row=2):
        for cell in cells:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    worksheet.freeze_panes = "A2"


def write_kumu_workbook(kg: KnowledgeGraph, path: Path) -> Path:
    """Write the Kumu workbook of `kg` to `path`, atomically."""
    return write_workbook(kumu_workbook(kg), path)
