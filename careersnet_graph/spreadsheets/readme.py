"""The README of the template (a sheet of the workbook, README.csv in a folder) and its Lists."""

from __future__ import annotations

from careersnet_graph.spreadsheets.columns import SHEETS, Column, Kind, Need
from careersnet_graph.spreadsheets.vocabularies import VOCABULARY_NAMES, Vocabularies

TITLE = "careersnet-graph: spreadsheet template"

INSTRUCTIONS = (
    "Fill in the sheets, then run: careersnet import THIS-FILE  (it writes data/imported/source-<slug>.ttl)",
    "and: careersnet build --data data/imported/  (the new actors appear in exports/network-*.html).",
    "1. Sources: one row per public document you take facts from (its title and address).",
    "2. Organisations, Persons (with their posts), Initiatives and events: one row per entry and source; "
    "the Source column names the row of Sources that states it.",
    "3. Participations: who took part in what, in which role. An organisation appears in the networks "
    "once it takes part in something.",
    "Refer to a row by its ID or its name, and to what is already in the graph by its name or CURIE "
    "(e.g. Cedefop, cnd:org-cedefop).",
    "Several values in one cell: separate them with |. Dates: 2024-03-01, 01.03.2024 or a date cell.",
    "Allowed values of the controlled columns are in the drop-downs and on the Lists sheet.",
    "Cells that start with = + - or @ are exported with a leading apostrophe (so that they never run as "
    "formulas); the import removes it.",
)

TABLE_HEADER = ("Sheet", "Column", "Required", "What to write", "Allowed values", "Example")


def list_titles(vocabularies: Vocabularies) -> dict[str, str]:
    """Vocabulary name → the heading of its column on the Lists sheet."""
    return {name: vocabularies[name].title for name in VOCABULARY_NAMES}


def allowed_text(column: Column, vocabularies: Vocabularies) -> str:
    """What may be written in a column, for the README and the header comments."""
    if column.vocabulary is not None:
        vocabulary = vocabularies[column.vocabulary]
        several = " (several: separate with |)" if column.multiple else ""
        labels = vocabulary.labels()
        if len(labels) <= 12:
            return f"{', '.join(labels)}{several}"
        return f"one of the {len(labels)} {vocabulary.title} on the Lists sheet (lists.csv){several}"
    return {
        Kind.ID: "a short key, or a CURIE (cnd:...)",
        Kind.SOURCE: "the ID or title of a row of Sources, or a source of the graph",
        Kind.REFERENCE: "the ID or name of a row, or the name or CURIE of an entity of the graph",
        Kind.DATE: "a date: 2024-03-01, 01.03.2024, 01/03/2024 or a date cell",
        Kind.URL: "a full address: https://...",
        Kind.LANGUAGE: "a language code: en, sl, de, fr, pt-BR ...",
        Kind.NAME: "text",
        Kind.TEXT: "text" + (" (several: separate with |)" if column.multiple else ""),
        Kind.CONCEPT: "",
    }[column.kind]


def required_text(column: Column) -> str:
    return column.need.value


def column_table(vocabularies: Vocabularies) -> list[list[str]]:
    """One row per column of every sheet: what the README lists."""
    return [
        [
            sheet.name,
            column.name,
            required_text(column),
            column.meaning,
            allowed_text(column, vocabularies),
            column.example,
        ]
        for sheet in SHEETS
        for column in sheet.columns
    ]


def header_comment(column: Column, vocabularies: Vocabularies) -> str:
    """The comment on a column's header cell."""
    lines = [column.meaning]
    if column.need is not Need.NO:
        lines.append(f"Required: {column.need.value}.")
    allowed = allowed_text(column, vocabularies)
    if allowed and column.kind in (Kind.CONCEPT, Kind.DATE, Kind.URL, Kind.LANGUAGE):
        lines.append(f"Allowed: {allowed}.")
    if column.example:
        lines.append(f"Example: {column.example}")
    return "\n".join(lines)


def lists(vocabularies: Vocabularies) -> list[tuple[str, list[str]]]:
    """(heading, labels) of every vocabulary, as the Lists sheet holds them."""
    return [(vocabularies[name].title, vocabularies[name].labels()) for name in VOCABULARY_NAMES]
