"""The template: its sheets and columns, what each column holds, and which vocabulary it draws on.

This is the one definition the template writer, the README sheet, the importer and the exporter
share. Controlled columns name a vocabulary (`vocabularies.VOCABULARY_NAMES`) whose concepts are
read from the ontology when a template is written or a workbook is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from careersnet_graph.slugs import slugify


class Kind(Enum):
    """How a column's cells are read."""

    ID = "id"
    TEXT = "text"
    NAME = "name"
    SOURCE = "source"
    REFERENCE = "reference"
    CONCEPT = "concept"
    DATE = "date"
    URL = "url"
    LANGUAGE = "language"


class Need(Enum):
    """Whether a column must be filled in."""

    ALWAYS = "yes"
    NEW = "for a new entry"
    NO = "no"


@dataclass(frozen=True)
class Column:
    """One column: its header, how it is read, what it means and an example value."""

    name: str
    kind: Kind
    meaning: str
    example: str
    need: Need = Need.NO
    vocabulary: str | None = None
    multiple: bool = False

    @cached_property
    def key(self) -> str:
        """The header as the importer matches it: lower case, one space between words."""
        return header_key(self.name)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the template."""

    name: str
    purpose: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The sheet's name as a slug: how sheets and CSV files are recognised."""
        return slugify(self.name)

    @property
    def file_name(self) -> str:
        """The CSV file that holds this sheet in a folder of CSV files."""
        return f"{self.key}.csv"

    def column(self, name: str) -> Column:
        """The column with this header (any case)."""
        column = self._by_key.get(name) or self._by_key.get(header_key(name))
        if column is None:
            raise KeyError(name)
        return column

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    def names(self) -> list[str]:
        """The headers, in the template's order."""
        return [column.name for column in self.columns]


def header_key(text: str) -> str:
    """A header as compared: lower case, whitespace collapsed, a trailing `*` dropped."""
    return " ".join(text.replace("*", " ").split()).casefold()


_ID = "{what}: a short key (e.g. {key}) by which other rows refer to it, or its IRI as a CURIE ({curie}) \
to keep its IRI when the name changes. Empty: the IRI is minted from the name."
_SOURCE = Column(
    "Source",
    Kind.SOURCE,
    "The source that states this row's facts: the ID or title of a row of the Sources sheet, or a "
    "source already in the graph (CURIE or address). May be left empty when the import is given "
    "--source URL --title TEXT for the whole workbook.",
    "S1",
    Need.ALWAYS,
)
_LANGUAGE = Column(
    "Language",
    Kind.LANGUAGE,
    "Language of this row's texts (name, title, note ...), as a code (en, sl, de, fr, pt-BR). Empty: en. "
    "A text in another language ends with @ and its code: Counts forty members @en.",
    "en",
)
_NOTE = Column("Note", Kind.TEXT, "What the source says, in a sentence or a short quotation.", "")


def _concepts(
    name: str, vocabulary: str, meaning: str, example: str, *, multiple: bool = True, need: Need = Need.NO
) -> Column:
    return Column(name, Kind.CONCEPT, meaning, example, need, vocabulary, multiple)


SOURCES = SheetSpec(
    "Sources",
    "One row per public source (web page, report, document). Every row of the other sheets names "
    "the source that states it; each source becomes one Turtle file, source-<slug>.ttl.",
    (
        Column("ID", Kind.ID, _ID.format(what="The source", key="S1", curie="cnd:source-..."), "S1"),
        Column(
            "Title",
            Kind.TEXT,
            "The document's title, as it gives it.",
            "Lifelong guidance in Ruritania",
            Need.NEW,
        ),
        Column(
            "URL", Kind.URL, "The public address of the document.", "https://example.org/report", Need.NEW
        ),
        Column("Short name", Kind.TEXT, "A short name for lists and reports (optional).", "Ruritania report"),
        Column(
            "Publisher",
            Kind.REFERENCE,
            "The organisation that published it: its ID, name or CURIE, in this workbook or in the graph.",
            "Cedefop",
        ),
        Column("Issued", Kind.DATE, "The date the document was published.", "2024-03-01"),
        _LANGUAGE,
        Column("Note", Kind.TEXT, "What the document is, in a sentence.", ""),
    ),
)

ORGANISATIONS = SheetSpec(
    "Organisations",
    "One row per organisation, unit, network or partnership and source. Repeat a row for another "
    "source that states other facts about the same organisation (same ID or name).",
    (
        Column("ID", Kind.ID, _ID.format(what="The organisation", key="O1", curie="cnd:org-..."), "O1"),
        _SOURCE,
        Column(
            "Name",
            Kind.NAME,
            "Its name, in full, as the source gives it.",
            "Ruritanian Guidance Forum",
            Need.NEW,
        ),
        _concepts(
            "Type",
            "organisation-types",
            "What kind of organisation it is (several: |).",
            "partnership",
            need=Need.NEW,
        ),
        Column(
            "Other names",
            Kind.TEXT,
            "Acronyms and names in other languages, separated by |. End a name with @ and a language "
            "code for another language than the row's: RGF | Rurski forum @sl.",
            "RGF",
            multiple=True,
        ),
        _concepts(
            "Country", "countries", "Where it is based: English name, ISO alpha-2 or alpha-3 code.", "SI"
        ),
        _concepts(
            "Sector",
            "sectors",
            "Policy sectors it works in, if the source says so.",
            "education | employment",
        ),
        _concepts("Topic", "topics", "Themes of its work, if the source says so.", "lifelong guidance"),
        Column(
            "Part of",
            Kind.REFERENCE,
            "For a unit: the organisation it is a unit of (ID, name or CURIE). Give the unit the type "
            "'organisational unit' too.",
            "",
        ),
        _LANGUAGE,
        _NOTE,
    ),
    aliases=("organizations",),
)

PERSONS = SheetSpec(
    "Persons",
    "One row per person and post (a public professional role the source gives). Only a person's "
    "name and posts are recorded, never personal data.",
    (
        Column("ID", Kind.ID, _ID.format(what="The person", key="P1", curie="cnd:person-..."), "P1"),
        _SOURCE,
        Column("Name", Kind.NAME, "The person's name, as the source gives it.", "Ana Novak", Need.NEW),
        _concepts("Post role", "post-roles", "The role of the post held.", "chair", multiple=False),
        Column(
            "Post in",
            Kind.REFERENCE,
            "The organisation in which the post is held (ID, name or CURIE).",
            "Ruritanian Guidance Forum",
        ),
        Column(
            "Post title",
            Kind.TEXT,
            "The post's name (optional; default: '<Post role> of <organisation>').",
            "Chair of the Ruritanian Guidance Forum",
        ),
        _LANGUAGE,
        Column("Note", Kind.TEXT, "What the source says about the post.", ""),
    ),
)

INITIATIVES = SheetSpec(
    "Initiatives and events",
    "One row per initiative (strategy, plan, agreement, policy instrument, study, tool, programme) "
    "or event (meeting, conference) and source.",
    (
        Column(
            "ID",
            Kind.ID,
            _ID.format(what="The initiative or event", key="I1", curie="cnd:initiative-..."),
            "I1",
        ),
        _SOURCE,
        Column(
            "Name",
            Kind.NAME,
            "Its name, as the source gives it.",
            "Ruritanian guidance strategy 2030",
            Need.NEW,
        ),
        _concepts(
            "Type", "initiative-types", "What kind of initiative or event it is.", "strategy", need=Need.NEW
        ),
        Column("Other names", Kind.TEXT, "Acronyms and other names, separated by |.", "", multiple=True),
        _concepts("Country", "countries", "Countries it concerns.", "Slovenia"),
        _concepts("Sector", "sectors", "Policy sectors it belongs to, if the source says so.", "education"),
        _concepts("Topic", "topics", "Its themes.", "lifelong guidance | cross-sector cooperation"),
        Column("Start", Kind.DATE, "When it starts (events: the first day).", "2024-01-01"),
        Column("End", Kind.DATE, "When it ends (events: the last day).", ""),
        Column("Issued", Kind.DATE, "When the document was issued or adopted.", "2023-11-15"),
        Column("URL", Kind.URL, "The address of the document or page.", "https://example.org/strategy"),
        _LANGUAGE,
        _NOTE,
    ),
    aliases=("initiatives", "events", "initiatives-events"),
)

PARTICIPATIONS = SheetSpec(
    "Participations",
    "One row per link: who took part, in which role, in what. This is what draws an organisation "
    "or a person into the network pages.",
    (
        _SOURCE,
        Column(
            "Who",
            Kind.REFERENCE,
            "The organisation or person taking part (ID, name or CURIE). A network is never the one "
            "taking part: its members are.",
            "Ruritanian Ministry of Education",
            Need.ALWAYS,
        ),
        _concepts(
            "Role", "roles", "The role in which it takes part.", "member", multiple=False, need=Need.ALWAYS
        ),
        Column(
            "In what",
            Kind.REFERENCE,
            "What it takes part in: an initiative, event, network or partnership (ID, name or CURIE).",
            "Ruritanian Guidance Forum",
            Need.ALWAYS,
        ),
        _concepts(
            "Formality",
            "formality",
            "formal: rests on an appointment, agreement or nomination; informal otherwise.",
            "formal",
            multiple=False,
            need=Need.ALWAYS,
        ),
        Column("From", Kind.DATE, "Since when, if the source says.", "2020-09-01"),
        Column("To", Kind.DATE, "Until when, if the source says.", ""),
        _NOTE,
        _LANGUAGE,
        Column(
            "ID",
            Kind.ID,
            "Optional: the participation's IRI as a CURIE, when it differs from the minted "
            "cnd:participation-<in what>--<role>--<who>.",
            "",
        ),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (SOURCES, ORGANISATIONS, PERSONS, INITIATIVES, PARTICIPATIONS)
"""The data sheets, in the template's order."""

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    SOURCES.name: ("Title", "URL"),
    ORGANISATIONS.name: ("Name",),
    PERSONS.name: ("Name",),
    INITIATIVES.name: ("Name",),
    PARTICIPATIONS.name: ("Who", "Role", "In what", "Formality"),
}
"""Columns a sheet must have (the ID column can stand in for Name on the entity sheets)."""

README_SHEET = "README"
LISTS_SHEET = "Lists"
SKIPPED_SHEETS = frozenset({slugify(README_SHEET), slugify(LISTS_SHEET)})
"""Sheets (and CSV files) of the template that explain, not state: never imported."""

_BY_KEY = {key: sheet for sheet in SHEETS for key in (sheet.key, *sheet.aliases)}


def sheet_for(name: str) -> SheetSpec | None:
    """The template sheet a sheet or CSV file name stands for (any case, spaces or dashes)."""
    return _BY_KEY.get(slugify(name))
