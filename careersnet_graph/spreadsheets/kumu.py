"""Kumu workbooks, read as they are, turned into rows of the template's sheets.

A Kumu workbook has an Elements sheet (Label, Type, Description, Tags, any other fields, an
optional ID first) and a Connections sheet (From, To, Type, any other fields); a cell may hold
several values separated by `|` (several To elements make several connections); sheets whose
name contains "(ignore)" are skipped. Kumu's free Types are read through a small mapping
(kumu-mapping.toml, replaceable with --kumu-mapping):

- an element becomes a row of Sources, Organisations, Persons or Initiatives and events;
- a connection becomes a participation (the organisation or person is the one taking part, the
  initiative, event, network or partnership what it takes part in, whichever way the arrow
  points), or a post when its type is a post role.

Fields named like the template's columns (Country, Sector, Topic, Start, End, URL, Source, ...)
are read as those columns; Tags that name a topic or a sector are read as such. Other fields and
tags are not imported, and the import says so.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from careersnet_graph.slugs import slugify
from careersnet_graph.spreadsheets.columns import INITIATIVES, ORGANISATIONS, PARTICIPATIONS, PERSONS, SOURCES
from careersnet_graph.spreadsheets.context import GraphContext
from careersnet_graph.spreadsheets.errors import Location, Problem, Problems, SpreadsheetError, ValueProblem
from careersnet_graph.spreadsheets.mapping import AGENT_KINDS, TARGET_KINDS
from careersnet_graph.spreadsheets.references import Resolver, as_iri, name_key
from careersnet_graph.spreadsheets.sheets import Record, Table
from careersnet_graph.spreadsheets.values import CellValue, split_values
from careersnet_graph.spreadsheets.vocabularies import curie

MAPPING_FILE = Path(__file__).with_name("kumu-mapping.toml")
POST_PREFIX = "post:"

ELEMENT_FIELDS = {
    "id": "id",
    "label": "name",
    "type": "type",
    "description": "note",
    "tags": "tags",
    "other names": "other names",
    "country": "country",
    "countries": "country",
    "sector": "sector",
    "sectors": "sector",
    "topic": "topic",
    "topics": "topic",
    "start": "start",
    "end": "end",
    "issued": "issued",
    "url": "url",
    "website": "url",
    "source": "source",
    "language": "language",
    "part of": "part of",
    "publisher": "publisher",
    "short name": "short name",
}
"""Kumu element fields read, and the template column each stands for."""

CONNECTION_FIELDS = {
    "id": "id",
    "from": "from",
    "to": "to",
    "type": "type",
    "description": "note",
    "formality": "formality",
    "start": "start",
    "end": "end",
    "source": "source",
    "language": "language",
    "post title": "post title",
}

_SOURCE_FIELDS = {
    key: key for key in ("id", "note", "url", "publisher", "issued", "short name", "language")
} | {"name": "title"}
"""An element of type source, as a row of the Sources sheet (its Label is the title)."""

KNOWN_HEADERS = tuple(sorted({*ELEMENT_FIELDS, *CONNECTION_FIELDS}))


def sheet_kind(name: str) -> str | None:
    """ "elements" or "connections" for the sheets of a Kumu workbook (or elements.csv ...), else None."""
    slug = slugify(name)
    return slug if slug in ("elements", "connections") else None


@dataclass(frozen=True)
class KumuMapping:
    """Kumu types → template types and roles, and the defaults for connections."""

    elements: dict[str, str]
    connections: dict[str, str]
    default_role: str
    default_formality: str
    file: str


def read_mapping(path: Path | None = None) -> KumuMapping:
    """The mapping in `path`, or the shipped one."""
    chosen = path or MAPPING_FILE
    display = chosen.as_posix()
    try:
        document = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except OSError as error:
        raise SpreadsheetError([Problem(Location(display), f"cannot be read: {error.strerror}")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SpreadsheetError([Problem(Location(display), f"is not a valid TOML file: {error}")]) from None
    try:
        elements = {name_key(key): str(value) for key, value in document.get("elements", {}).items()}
        connections = {name_key(key): str(value) for key, value in document.get("connections", {}).items()}
        defaults = document.get("defaults", {})
        return KumuMapping(
            elements,
            connections,
            str(defaults.get("role", "participant")),
            str(defaults.get("formality", "informal")),
            display,
        )
    except AttributeError:
        message = "must have tables [elements], [connections] and [defaults] of text values"
        raise SpreadsheetError([Problem(Location(display), message)]) from None


@dataclass
class _Element:
    """An element row, with what it was read as."""

    record: Record
    sheet: str
    kinds: set[str]

    @property
    def reference(self) -> _End:
        """How the template's rows refer to this element: by its ID, else by its name."""
        given = self.record.text("id", Problems())
        if given is not None:
            return _End(given, self.kinds, "", is_name=False)
        return _End(self.record.text("name", Problems()) or "", self.kinds, "", is_name=True)


@dataclass(frozen=True)
class _End:
    """One end of a connection: the text template rows refer to it by, its kinds, its column."""

    text: str
    kinds: set[str]
    column: str
    is_name: bool = False

    def at(self, column: str) -> _End:
        return _End(self.text, self.kinds, column, self.is_name)


@dataclass
class KumuWorkbook:
    """The Elements and Connections of one or more Kumu workbooks, read together."""

    tables: dict[str, list[Table]]
    mapping: KumuMapping
    problems: Problems
    notes: list[str] = field(default_factory=list)
    _elements: list[_Element] | None = None

    def source_records(self) -> list[Record]:
        """Elements whose type maps to "source", as rows of the Sources sheet (read before the graph)."""
        records = []
        for record in self._element_records():
            if self._element_type(record) == "source":
                records.append(_renamed(record, _SOURCE_FIELDS))
        return records

    def records(self, context: GraphContext) -> dict[str, list[Record]]:
        """Every other element and every connection, as rows of the template's sheets."""
        sheets: dict[str, list[Record]] = {}
        elements = self._elements_in(context)
        for element in elements:
            if element.sheet != SOURCES.name:
                sheets.setdefault(element.sheet, []).extend(_per_source(element.record))
        resolver = Resolver(context)
        index: dict[str, list[_Element]] = {}
        for element in elements:
            for key in {element.record.text(column, Problems()) or "" for column in ("id", "name")} - {""}:
                index.setdefault(name_key(key), []).append(element)
        for table in self.tables.get("connections", []):
            self._ignored_fields(table, CONNECTION_FIELDS, "Connections")
            for record in table.records:
                for sheet, converted in self._connection(record, index, resolver):
                    sheets.setdefault(sheet, []).extend(_per_source(converted))
        return sheets

    # -- elements ----------------------------------------------------------------------------

    def _element_records(self) -> list[Record]:
        records = []
        for table in self.tables.get("elements", []):
            self._ignored_fields(table, ELEMENT_FIELDS, "Elements")
            if "label" not in table.headers:
                self.problems.add(table.header_location, "a Kumu Elements sheet needs a Label column")
                continue
            for record in table.records:
                records.append(_renamed(record, ELEMENT_FIELDS))
        return records

    def _element_type(self, record: Record) -> str | None:
        """The mapped type of an element: "person", "source", a type label or CURIE, or None."""
        text = record.text("type", self.problems)
        if text is None:
            return None
        mapped = [self.mapping.elements.get(name_key(value), value) for value in split_values(text)]
        if any(value.casefold() in ("source", "cng:source") for value in mapped):
            return "source"
        if any(value.casefold() in ("person", "foaf:person") for value in mapped):
            return "person"
        return " | ".join(mapped)

    def _elements_in(self, context: GraphContext) -> list[_Element]:
        if self._elements is not None:
            return self._elements
        elements = []
        for record in self._element_records():
            mapped = self._element_type(record)
            if mapped == "source":
                elements.append(_Element(record, SOURCES.name, {"source"}))
            elif self._reference_only(record, context):
                continue
            elif mapped is None:
                if record.has("name"):
                    message = (
                        f"Type is empty: give each element a type ({self._allowed_types(context, None)})"
                    )
                    self.problems.add(record.at("type"), message)
            elif mapped == "person":
                record.values.pop("type", None)
                elements.append(_Element(record, PERSONS.name, {"person"}))
            else:
                element = self._typed_element(record, mapped, context)
                if element is not None:
                    elements.append(element)
        self._elements = elements
        return elements

    def _typed_element(self, record: Record, mapped: str, context: GraphContext) -> _Element | None:
        """An organisation, initiative or event: its template types, and its tags read."""
        found: dict[str, set[str]] = {ORGANISATIONS.name: set(), INITIATIVES.name: set()}
        for value in split_values(mapped):
            organisation = context.vocabularies["organisation-types"].resolve(value)
            initiative = context.vocabularies["initiative-types"].resolve(value)
            if organisation is None and initiative is None:
                given = record.text("type", Problems())
                message = f"unknown element type {given!r}: {self._allowed_types(context, value)}"
                self.problems.add(record.at("type"), message)
                return None
            if organisation is not None:
                found[ORGANISATIONS.name].add(organisation.iri)
            else:
                assert initiative is not None
                found[INITIATIVES.name].add(initiative.iri)
        if found[ORGANISATIONS.name] and found[INITIATIVES.name]:
            self.problems.add(
                record.at("type"), "an element is an organisation or an initiative or event, not both"
            )
            return None
        sheet = ORGANISATIONS.name if found[ORGANISATIONS.name] else INITIATIVES.name
        classes = found[sheet]
        record.values["type"] = " | ".join(curie(iri) for iri in sorted(classes))
        self._tags(record, context)
        kinds = context.kinds_of(classes) | ({"org"} if sheet == ORGANISATIONS.name else set())
        return _Element(record, sheet, kinds)

    @staticmethod
    def _reference_only(record: Record, context: GraphContext) -> bool:
        """An element without a Source whose ID is the CURIE of an entity of the graph: it stands for
        that entity (links may refer to it) and states nothing about it."""
        given = record.text("id", Problems())
        iri = as_iri(given) if given else None
        return iri is not None and iri in context.entities and not record.has("source")

    def _allowed_types(self, context: GraphContext, given: str | None) -> str:
        known = sorted(
            {
                *self.mapping.elements,
                *context.vocabularies["organisation-types"].labels(),
                *context.vocabularies["initiative-types"].labels(),
            }
        )
        closest = difflib.get_close_matches(given or "", known, n=3, cutoff=0.6)
        hint = f"; closest: {', '.join(closest)}" if closest else ""
        return (
            "allowed: person, source, a type of the template (its Lists sheet) or a Kumu type of "
            f"{Path(self.mapping.file).name}{hint}; add others to a copy of that file and pass --kumu-mapping"
        )

    def _tags(self, record: Record, context: GraphContext) -> None:
        """Tags naming a topic or a sector join the Topic and Sector columns; others are noted."""
        tags = split_values(record.text("tags", Problems()))
        if not tags:
            return
        ignored = []
        for tag in tags:
            for key, vocabulary in (("topic", "topics"), ("sector", "sectors")):
                if context.vocabularies[vocabulary].resolve(tag) is not None:
                    previous = record.text(key, Problems())
                    record.values[key] = f"{previous} | {tag}" if previous else tag
                    record.columns.setdefault(key, record.columns["tags"])
                    break
            else:
                ignored.append(tag)
        if ignored:
            self.notes.append(
                f"{record.at('tags')}: tags not imported (no topic or sector): {', '.join(ignored)}"
            )

    def _ignored_fields(self, table: Table, known: dict[str, str], sheet: str) -> None:
        ignored = [written for key, (_, written) in table.headers.items() if key not in known]
        if ignored:
            self.notes.append(
                f"{table.header_location}: Kumu fields not imported on {sheet}: {', '.join(ignored)}"
            )

    # -- connections ---------------------------------------------------------------------------

    def _connection(
        self, record: Record, index: dict[str, list[_Element]], resolver: Resolver
    ) -> Iterable[tuple[str, Record]]:
        renamed = _renamed(record, CONNECTION_FIELDS)
        origin = renamed.text("from", self.problems)
        targets = split_values(renamed.text("to", self.problems))
        if origin is None or not targets:
            self.problems.add(
                renamed.at("from" if origin is None else "to"), "a connection needs From and To"
            )
            return []
        kind_text = renamed.text("type", self.problems) or self.mapping.default_role
        mapped = self.mapping.connections.get(name_key(kind_text), kind_text)
        converted = []
        for target in targets:
            ends = [
                self._end(text, index, resolver, renamed, key)
                for text, key in ((origin, "from"), (target, "to"))
            ]
            if ends[0] is None or ends[1] is None:
                continue
            post = self._post_role(mapped, resolver)
            if post is not None:
                converted.extend(self._post(renamed, post, ends[0], ends[1]))
            else:
                converted.extend(self._participation(renamed, mapped, ends[0], ends[1]))
        return converted

    def _end(
        self, text: str, index: dict[str, list[_Element]], resolver: Resolver, record: Record, key: str
    ) -> _End | None:
        """A connection's end: an element of the workbook (by ID or label) or an entity of the graph."""
        found = index.get(name_key(text), [])
        if len(found) == 1:
            return found[0].reference.at(key)
        if len(found) > 1:
            self.problems.add(
                record.at(key), f"{text!r} names {len(found)} elements: give them IDs and connect the IDs"
            )
            return None
        try:
            iri = resolver.resolve(text, ("org", "person", "group", "initiative", "event"), key.title())
        except ValueProblem as problem:
            self.problems.add(
                record.at(key), f"{problem.message} (no element of the workbook has it as Label or ID)"
            )
            return None
        return _End(curie(iri), resolver.kinds(iri), key)

    def _post_role(self, mapped: str, resolver: Resolver) -> str | None:
        vocabularies = resolver.context.vocabularies
        if mapped.casefold().startswith(POST_PREFIX):
            return mapped[len(POST_PREFIX) :].strip()
        if (
            vocabularies["roles"].resolve(mapped) is None
            and vocabularies["post-roles"].resolve(mapped) is not None
        ):
            return mapped
        return None

    def _post(self, record: Record, role: str, first: _End, second: _End) -> list[tuple[str, Record]]:
        person, organisation = (first, second) if "person" in first.kinds else (second, first)
        if "person" not in person.kinds or "org" not in organisation.kinds:
            self.problems.add(
                record.at("type"),
                f"a post ({role}) connects a person and an organisation, "
                f"not {first.text!r} and {second.text!r}",
            )
            return []
        identity = "name" if person.is_name else "id"
        values: dict[str, CellValue] = {
            "post role": role,
            "post in": organisation.text,
            identity: person.text,
        }
        columns = {
            "post role": record.columns.get("type", record.columns[person.column]),
            "post in": record.columns[organisation.column],
            identity: record.columns[person.column],
        }
        return [
            (PERSONS.name, _derived(record, values, columns, ("post title", "note", "source", "language")))
        ]

    def _participation(
        self, record: Record, role: str, first: _End, second: _End
    ) -> list[tuple[str, Record]]:
        def agent(end: _End) -> bool:
            return bool(end.kinds & set(AGENT_KINDS)) and "network" not in end.kinds

        def target(end: _End) -> bool:
            return bool(end.kinds & set(TARGET_KINDS))

        if agent(first) and target(second):
            who, what = first, second
        elif agent(second) and target(first):
            who, what = second, first
        else:
            self.problems.add(
                record.location,
                f"the connection from {first.text!r} to {second.text!r} is no participation: connect an "
                "organisation or a person to an initiative, event, network or partnership it takes part in",
            )
            return []
        values: dict[str, CellValue] = {
            "who": who.text,
            "in what": what.text,
            "role": role,
            "formality": record.values.get("formality") or self.mapping.default_formality,
        }
        columns = {
            "who": record.columns[who.column],
            "in what": record.columns[what.column],
            "role": record.columns.get("type", record.columns[who.column]),
            "formality": record.columns.get("formality", record.columns[who.column]),
        }
        extra = ("note", "source", "language", "id")
        converted = _derived(record, values, columns, extra)
        for key, new in (("start", "from"), ("end", "to")):
            if key in record.values:
                converted.values[new] = record.values[key]
                converted.columns[new] = record.columns[key]
        return [(PARTICIPATIONS.name, converted)]


def _per_source(record: Record) -> list[Record]:
    """One record per source of a Kumu row: its facts are stated by each source it lists."""
    sources = split_values(record.text("source", Problems()))
    if len(sources) < 2:
        return [record]
    copies = []
    for source in sources:
        copy = Record(record.location, dict(record.values), dict(record.columns))
        copy.values["source"] = source
        copies.append(copy)
    return copies


def _renamed(record: Record, names: dict[str, str]) -> Record:
    """The record with its Kumu field names replaced by the template's column names."""
    renamed = Record(record.location)
    for key, value in record.values.items():
        if key in names:
            renamed.values[names[key]] = value
    for key, column in record.columns.items():
        if key in names:
            renamed.columns[names[key]] = column
    return renamed


def _derived(
    record: Record, values: dict[str, CellValue], columns: dict[str, tuple[int, str]], copied: Iterable[str]
) -> Record:
    derived = Record(record.location, dict(values), dict(columns))
    for key in copied:
        if key in record.values:
            derived.values[key] = record.values[key]
        if key in record.columns:
            derived.columns[key] = record.columns[key]
    return derived
