"""Rows of the template's sheets → RDF statements, one set per source (the provenance rule).

Every row that states facts names its source; its statements go into that source's graph, and
the source's own description (title, address, ...) into the same graph. IRIs follow the minting
rule of docs/modelling.md: `cnd:{kind}-{slug of the name}`, posts `cnd:post-{organisation}--{post
role}`, participations `cnd:participation-{target}--{role}--{agent}`, unless the ID column gives
the IRI. Each statement remembers the cell it came from, so that a violation of the shapes can be
reported at its row and column.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from careersnet_graph.slugs import slugify
from careersnet_graph.spreadsheets.columns import (
    INITIATIVES,
    ORGANISATIONS,
    PARTICIPATIONS,
    PERSONS,
    SOURCES,
    Column,
    Kind,
    SheetSpec,
)
from careersnet_graph.spreadsheets.context import GraphContext, Triple
from careersnet_graph.spreadsheets.errors import Location, Problems, ValueProblem
from careersnet_graph.spreadsheets.iris import CND, CNG, DCTERMS, FOAF, ORG, RDF, RDFS, SCHEMA, SKOS, XSD
from careersnet_graph.spreadsheets.references import ANY_KIND, Resolver, WorkbookEntity, as_iri, name_key
from careersnet_graph.spreadsheets.sheets import Record
from careersnet_graph.spreadsheets.values import (
    SEPARATOR,
    parse_date,
    parse_language,
    parse_url,
    split_language,
    split_values,
)
from careersnet_graph.spreadsheets.vocabularies import Concept, curie

DEFAULT_LANGUAGE = "en"
AGENT_KINDS = ("org", "person", "group")
TARGET_KINDS = ("initiative", "event", "network", "partnership")
ORGANISATION_KINDS = ("org",)

_BASE_KIND = {ORGANISATIONS.name: "org", PERSONS.name: "person", INITIATIVES.name: "initiative"}


def local_slug(iri: str) -> str:
    """The slug an IRI contributes to a post's or participation's IRI: its local name without its kind."""
    if iri.startswith(str(CND)):
        local = iri[len(str(CND)) :]
        return local.split("-", 1)[1] if "-" in local else local
    return slugify(iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def participation_iri(target: str, role: str, agent: str) -> str:
    return f"{CND}participation-{local_slug(target)}--{local_slug(role)}--{local_slug(agent)}"


def post_iri(organisation: str, role: str) -> str:
    return f"{CND}post-{local_slug(organisation)}--{local_slug(role)}"


@dataclass
class SourceGraph:
    """The statements of one source, as the workbook gives them."""

    iri: str
    declared: Location | None = None
    """Where the source itself is described (its Sources row, or --source)."""
    triples: set[Triple] = field(default_factory=set)
    entries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Sheet name → IRIs of the entries the source's rows state."""

    @property
    def file_name(self) -> str:
        return f"{self.iri[len(str(CND)) :]}.ttl"


@dataclass
class Mapped:
    """What the workbook states, per source, and where each statement came from."""

    sources: dict[str, SourceGraph]
    origins: dict[tuple[str, str], list[Location]]
    rows: dict[str, list[Location]]

    def locations(self, subject: str, predicate: str | None) -> list[Location]:
        """The cells behind statements on `subject` with `predicate` (else its rows)."""
        if predicate is not None and (subject, predicate) in self.origins:
            return self.origins[(subject, predicate)]
        return self.rows.get(subject, [])


@dataclass
class DefaultSource:
    """The one source given for the whole workbook (`--source URL --title TEXT`)."""

    url: str
    title: str

    @property
    def iri(self) -> str:
        return f"{CND}source-{slugify(self.title)}"


def source_iri(record: Record, problems: Problems) -> str | None:
    """The IRI of the source a Sources row describes: its ID as a CURIE, else minted from its title."""
    given = record.text("id", problems)
    iri = as_iri(given) if given else None
    if iri is not None:
        if not iri.startswith(f"{CND}source-") or len(iri) == len(f"{CND}source-"):
            problems.add(record.at("id"), f"a source's IRI must be cnd:source-<slug>, not {given!r}")
            return None
        if slugify(iri[len(str(CND)) :]) != iri[len(str(CND)) :]:
            problems.add(record.at("id"), f"{given!r}: write the local name in lower case, a-z, 0-9 and -")
            return None
        return iri
    title = record.text("title", problems)
    if title is None:
        problems.add(record.at("title"), "a source needs a Title (its IRI and file name are minted from it)")
        return None
    slug = slugify(title)
    if not slug:
        problems.add(
            record.at("title"), f"the title {title!r} gives no IRI: add an ID such as cnd:source-my-report"
        )
        return None
    return f"{CND}source-{slug}"


class WorkbookMapper:
    """Maps the records of one workbook (or several read together) to statements per source."""

    def __init__(
        self,
        records: dict[str, list[Record]],
        context: GraphContext,
        default_source: DefaultSource | None,
        problems: Problems,
    ) -> None:
        self.records = records
        self.context = context
        self.vocabularies = context.vocabularies
        self.default_source = default_source
        self.problems = problems
        self.resolver = Resolver(context)
        self.sources: dict[str, SourceGraph] = {}
        self.source_keys: dict[str, set[str]] = defaultdict(set)
        self.origins: dict[tuple[str, str], list[Location]] = defaultdict(list)
        self.rows: dict[str, list[Location]] = defaultdict(list)
        self.row_iris: dict[int, str] = {}
        self.default_iri: str | None = None
        self._graph_names: dict[str, set[str]] = defaultdict(set)
        """Name (as compared) → the entities of the graph with that name, for new entries' names."""
        for entity in context.entities.values():
            for entity_name in entity.names:
                self._graph_names[name_key(entity_name)].add(entity.iri)

    # -- the whole workbook ------------------------------------------------------------------

    def map(self) -> Mapped:
        self._declare_sources()
        self._collect_entities()
        for record in self.records.get(SOURCES.name, []):
            self._source_row(record)
        for sheet, mapper in (
            (ORGANISATIONS, self._organisation_row),
            (PERSONS, self._person_row),
            (INITIATIVES, self._initiative_row),
            (PARTICIPATIONS, self._participation_row),
        ):
            for record in self.records.get(sheet.name, []):
                mapper(record)
        self._check_conflicts()
        return Mapped(self.sources, dict(self.origins), dict(self.rows))

    # -- sources -----------------------------------------------------------------------------

    def _declare_sources(self) -> None:
        for record in self.records.get(SOURCES.name, []):
            iri = source_iri(record, self.problems)
            if iri is None:
                continue
            self.row_iris[id(record)] = iri
            graph = self.sources.setdefault(iri, SourceGraph(iri))
            if graph.declared is not None:
                self.problems.add(
                    record.location, f"describes the source {curie(iri)} again (first: {graph.declared})"
                )
            graph.declared = record.location
            for key in ("id", "title", "url"):
                text = record.text(key, self.problems)
                if text:
                    self.source_keys[name_key(text)].add(iri)
            self.source_keys[name_key(iri)].add(iri)
        self.default_iri = self._declare_default_source()

    def _declare_default_source(self) -> str | None:
        """The IRI of the `--source` given for the whole workbook: a Sources row or a source of the
        graph with the same address, else a new source described from the option's URL and title."""
        given = self.default_source
        if given is None:
            return None
        matching = sorted(self.source_keys.get(name_key(given.url), set()))
        if matching:
            return matching[0]
        in_graph = sorted(iri for iri, url in self.context.sources.items() if url == given.url)
        if in_graph:
            self.sources.setdefault(in_graph[0], SourceGraph(in_graph[0]))
            return in_graph[0]
        iri = given.iri
        if iri == f"{CND}source-":
            self.problems.add(
                Location("--title"), f"the title {given.title!r} gives no IRI: use letters a-z or digits"
            )
            return None
        try:
            url = parse_url(given.url)
        except ValueProblem as problem:
            self.problems.add(Location("--source"), problem.message)
            return None
        graph = self.sources.setdefault(iri, SourceGraph(iri, Location("--source")))
        subject = URIRef(iri)
        graph.triples |= {
            (subject, RDF.type, CNG.Source),
            (subject, DCTERMS.title, Literal(given.title, lang=DEFAULT_LANGUAGE)),
            (subject, SCHEMA.url, URIRef(url)),
        }
        self.rows[iri].append(Location("--source"))
        for key in (given.url, given.title, iri):
            self.source_keys[name_key(key)].add(iri)
        return iri

    def _row_source(self, record: Record) -> SourceGraph | None:
        """The source a fact row names (or the workbook's default source)."""
        text = record.text("source", self.problems)
        if text is None:
            default = self.default_iri
            if default is None:
                self.problems.add(
                    record.at("source"),
                    "Source is empty: name a row of the Sources sheet (its ID or title), or give the "
                    "whole workbook one source with --source URL --title TEXT",
                )
                return None
            return self.sources[default]
        found = self.source_keys.get(name_key(text), set())
        if not found:
            iri = as_iri(text)
            if iri is not None and iri in self.context.sources:
                found = {iri}
            else:
                found = {source for source, url in self.context.sources.items() if url == text}
        if len(found) > 1:
            listed = ", ".join(map(curie, sorted(found)))
            self.problems.add(
                record.at("source"), f"{text!r} names several sources: {listed}: write one's ID"
            )
            return None
        if not found:
            self.problems.add(record.at("source"), self._unknown_source(text))
            return None
        iri = next(iter(found))
        return self.sources.setdefault(iri, SourceGraph(iri))

    def _unknown_source(self, text: str) -> str:
        keys = sorted(
            {
                given
                for record in self.records.get(SOURCES.name, [])
                if (given := record.text("id", Problems()) or record.text("title", Problems()))
            }
        )
        if not keys:
            listed = "the workbook describes no source (no Sources sheet)"
        elif len(keys) <= 10:
            listed = f"the workbook's sources are {', '.join(map(repr, keys))}"
        else:
            listed = f"the workbook describes {len(keys)} sources"
        return (
            f"{text!r} is no ID, title or address of a source of this workbook, nor the CURIE or address "
            f"of a source of the graph ({listed}); or give --source URL --title TEXT for rows without one"
        )

    def _source_row(self, record: Record) -> None:
        iri = self.row_iris.get(id(record))
        if iri is None:
            return
        graph = self.sources[iri]
        language = self._language(record)
        subject = URIRef(iri)
        self.rows[iri].append(record.location)
        self._add(graph, record, "", (subject, RDF.type, CNG.Source))
        title = record.text("title", self.problems)
        if title is not None:
            self._add(graph, record, "title", (subject, DCTERMS.title, Literal(title, lang=language)))
        elif iri not in self.context.sources:
            self.problems.add(record.at("title"), "a new source needs a Title")
        url = self._value(record, "url", parse_url)
        if url is not None:
            self._add(graph, record, "url", (subject, SCHEMA.url, URIRef(url)))
        elif iri not in self.context.sources and not record.has("url"):
            self.problems.add(
                record.at("url"), "a new source needs its URL, the public address of the document"
            )
        short = self._tagged(record, "short name", language)
        if short is not None:
            self._add(graph, record, "short name", (subject, RDFS.label, short))
        publisher = self._reference(record, "publisher", ORGANISATION_KINDS, "a publisher")
        if publisher is not None:
            self._add(graph, record, "publisher", (subject, DCTERMS.publisher, URIRef(publisher)))
        self._date(graph, record, subject, "issued", DCTERMS.issued)
        self._note(graph, record, subject, language)

    # -- entities ----------------------------------------------------------------------------

    def _collect_entities(self) -> None:
        """Give every row of the entity sheets its IRI, check names and IDs, and register the
        entities for references (all of them first, so that rows may refer to later rows)."""
        by_key: dict[str, list[tuple[Record, str]]] = defaultdict(list)
        by_iri: dict[str, list[tuple[Record, str]]] = defaultdict(list)
        pending: list[tuple[Record, str]] = []
        for sheet in (ORGANISATIONS, PERSONS, INITIATIVES):
            for record in self.records.get(sheet.name, []):
                given = record.text("id", self.problems)
                iri = as_iri(given) if given else None
                if iri is not None:
                    by_iri[iri].append((record, sheet.name))
                elif given is not None:
                    by_key[name_key(given)].append((record, sheet.name))
                else:
                    pending.append((record, sheet.name))
        for key, rows in by_key.items():
            iri = self._keyed_iri(key, rows)
            if iri is not None:
                by_iri[iri].extend(rows)
        for record, sheet_name in pending:
            iri = self._minted_iri(record, sheet_name, by_iri)
            if iri is not None:
                by_iri[iri].append((record, sheet_name))
        for iri, rows in sorted(by_iri.items()):
            self._register(iri, rows)

    def _keyed_iri(self, key: str, rows: list[tuple[Record, str]]) -> str | None:
        sheets = sorted({sheet for _, sheet in rows})
        if len(sheets) > 1:
            first, second = rows[0][0], next(record for record, sheet in rows if sheet != rows[0][1])
            self.problems.add(
                second.at("id"),
                f"the ID {key!r} is also used on sheet {rows[0][1]} ({first.location}): "
                "each entry needs its own ID",
            )
            return None
        names = {name for record, _ in rows if (name := record.text("name", self.problems))}
        if len(names) > 1:
            self.problems.add(
                rows[-1][0].at("name"),
                f"the ID {key!r} is given with different names: {', '.join(sorted(map(repr, names)))}: "
                "rows with one ID describe one entry, so give them one name",
            )
            return None
        if not names:
            self.problems.add(
                rows[0][0].at("name"),
                f"the ID {key!r} has no Name on any row: give the entry its name (its IRI is minted from "
                "it), or write its IRI as a CURIE in the ID column",
            )
            return None
        return self._minted_iri(rows[0][0], sheets[0], {}, name=next(iter(names)), rows=[r for r, _ in rows])

    def _minted_iri(
        self,
        record: Record,
        sheet: str,
        known: dict[str, list[tuple[Record, str]]],
        name: str | None = None,
        rows: list[Record] | None = None,
    ) -> str | None:
        name = name or record.text("name", self.problems)
        if name is None:
            self.problems.add(
                record.at("name"), "Name is empty: give the entry's name (or its IRI in the ID column)"
            )
            return None
        slug = slugify(name)
        if not slug:
            self.problems.add(
                record.at("name"),
                f"the name {name!r} gives no IRI (no letters a-z or digits): add an ID such as cnd:org-...",
            )
            return None
        base = _BASE_KIND[sheet]
        if base != "initiative":
            return f"{CND}{base}-{slug}"
        kinds = set()
        for row in rows or [record]:
            kinds |= {
                self.vocabularies.kinds.get(concept.iri, "")
                for concept in self._types(row, sheet, report=False)
            }
        kinds.discard("")
        if len(kinds) == 1:
            return f"{CND}{next(iter(kinds))}-{slug}"
        if len(kinds) > 1:
            self.problems.add(
                record.at("type"), "Type mixes initiative and event types: an entry is one or the other"
            )
            return None
        for kind in ("initiative", "event"):
            iri = f"{CND}{kind}-{slug}"
            if iri in known or iri in self.context.entities:
                return iri
        self.problems.add(
            record.at("type"),
            "Type is empty: a new entry of this sheet needs one, to tell an initiative from an event ("
            + self.vocabularies["initiative-types"].allowed()
            + ")",
        )
        return None

    def _register(self, iri: str, rows: list[tuple[Record, str]]) -> None:
        sheets = {sheet for _, sheet in rows}
        if len({_BASE_KIND[sheet] for sheet in sheets}) > 1:
            self.problems.add(
                rows[-1][0].location,
                f"{curie(iri)} is described on several sheets: {', '.join(sorted(sheets))}",
            )
            return
        existing = self.context.entities.get(iri)
        entity = WorkbookEntity(iri, set())
        named: dict[tuple[str, str | None], Record] = {}
        types: set[str] = set()
        for record, sheet in rows:
            self.row_iris[id(record)] = iri
            given = record.text("id", self.problems)
            if given and as_iri(given) is None:
                entity.keys.add(given)
            name = record.text("name", self.problems)
            if name is not None:
                language = None if sheet == PERSONS.name else self._language(record)
                named.setdefault((name, language), record)
                entity.names.add(name)
            for value in split_values(record.text("other names", self.problems)):
                entity.alternatives.add(split_language(value)[0] if " @" in value else value)
            types |= {concept.iri for concept in self._types(record, sheet, report=False)}
        if len(named) > 1:
            listed = ", ".join(
                f"{text!r}" + (f"@{lang}" if lang else "") for text, lang in sorted(named, key=str)
            )
            self.problems.add(
                list(named.values())[-1].at("name"),
                f"{curie(iri)} is given different names ({listed}): an entry has one name; put other names "
                "in Other names",
            )
        first_record, first_sheet = rows[0]
        base = _BASE_KIND[first_sheet]
        unreadable_type = not types and any(record.has("type") for record, _ in rows)
        if base == "person":
            entity.kinds = {"person"}
        elif unreadable_type:
            entity.kinds = {ANY_KIND}
        else:
            entity.kinds = self.context.kinds_of(types)
            if base == "org":
                entity.kinds |= {"org"}
        if existing is None:
            if not entity.names:
                self.problems.add(first_record.at("name"), f"{curie(iri)} is new: give its Name")
            if base != "person" and not types and not unreadable_type:
                vocabulary = "organisation-types" if base == "org" else "initiative-types"
                self.problems.add(
                    first_record.at("type"),
                    f"{curie(iri)} is new: give its Type ({self.vocabularies[vocabulary].allowed()})",
                )
            self._check_not_duplicate(iri, base, named)
        else:
            for (name, _), record in named.items():
                if existing.names and name not in existing.names:
                    self.problems.add(
                        record.at("name"),
                        f"{curie(iri)} is named {sorted(existing.names)[0]!r} in the graph: write that name "
                        "or leave Name empty (other names go in Other names)",
                    )
            entity.kinds |= existing.kinds
        self.resolver.add(entity)

    def _check_not_duplicate(self, iri: str, base: str, named: dict[tuple[str, str | None], Record]) -> None:
        """A new entry must not repeat the name of an entity of the graph under another IRI."""
        wanted = {"org": {"org"}, "person": {"person"}, "initiative": {"initiative", "event"}}[base]
        for (name, _), record in named.items():
            for other_iri in sorted(self._graph_names.get(name_key(name), ())):
                other = self.context.entities[other_iri]
                if other.iri != iri and other.kinds & wanted:
                    self.problems.add(
                        record.at("name"),
                        f"{name!r} is already in the graph as {curie(other.iri)}: put {curie(other.iri)} in "
                        "the ID column to add facts about it, or give the new entry a name of its own",
                    )

    # -- rows ----------------------------------------------------------------------------------

    def _entity_row(self, record: Record, sheet: SheetSpec) -> tuple[SourceGraph, URIRef, str] | None:
        iri = self.row_iris.get(id(record))
        graph = self._row_source(record)
        if iri is None or graph is None:
            return None
        self.rows[iri].append(record.location)
        graph.entries[sheet.name].add(iri)
        return graph, URIRef(iri), self._language(record)

    def _organisation_row(self, record: Record) -> None:
        found = self._entity_row(record, ORGANISATIONS)
        if found is None:
            return
        graph, subject, language = found
        self._described(graph, record, subject, ORGANISATIONS, language)
        unit_of = self._reference(record, "part of", ORGANISATION_KINDS, "Part of")
        if unit_of is not None:
            self._add(graph, record, "part of", (subject, ORG.unitOf, URIRef(unit_of)))

    def _initiative_row(self, record: Record) -> None:
        found = self._entity_row(record, INITIATIVES)
        if found is None:
            return
        graph, subject, language = found
        self._described(graph, record, subject, INITIATIVES, language)
        self._date(graph, record, subject, "start", SCHEMA.startDate)
        self._date(graph, record, subject, "end", SCHEMA.endDate)
        self._date(graph, record, subject, "issued", DCTERMS.issued)
        url = self._value(record, "url", parse_url)
        if url is not None:
            self._add(graph, record, "url", (subject, SCHEMA.url, URIRef(url)))

    def _described(
        self, graph: SourceGraph, record: Record, subject: URIRef, sheet: SheetSpec, language: str
    ) -> None:
        """What organisations and initiatives share: types, names, country, sector, topic, note."""
        for concept in self._types(record, sheet.name, report=True):
            self._add(graph, record, "type", (subject, RDF.type, URIRef(concept.iri)))
        name = record.text("name", self.problems)
        if name is not None:
            self._add(graph, record, "name", (subject, RDFS.label, Literal(name, lang=language)))
        for value in split_values(record.text("other names", self.problems)):
            try:
                text, tag = split_language(value)
            except ValueProblem as problem:
                self.problems.add(record.at("other names"), problem.message)
                continue
            self._add(
                graph, record, "other names", (subject, SKOS.altLabel, Literal(text, lang=tag or language))
            )
        for key, predicate in (("country", CNG.country), ("sector", CNG.sector), ("topic", DCTERMS.subject)):
            for concept in self._concepts(record, sheet.column(key)):
                self._add(graph, record, key, (subject, predicate, URIRef(concept.iri)))
        self._note(graph, record, subject, language)

    def _person_row(self, record: Record) -> None:
        found = self._entity_row(record, PERSONS)
        if found is None:
            return
        graph, subject, language = found
        name = record.text("name", self.problems)
        if name is not None:
            self._add(graph, record, "name", (subject, RDF.type, FOAF.Person))
            self._add(graph, record, "name", (subject, RDFS.label, Literal(name)))
            self._add(graph, record, "name", (subject, FOAF.name, Literal(name)))
        roles = self._concepts(record, PERSONS.column("post role"))
        organisation = self._reference(record, "post in", ORGANISATION_KINDS, "Post in")
        has_post = (
            record.has("post role") or record.has("post in") or record.has("post title") or record.has("note")
        )
        if not has_post:
            return
        if not record.has("post role") or not record.has("post in"):
            missing = "post role" if not record.has("post role") else "post in"
            self.problems.add(
                record.at(missing),
                "a post needs both its Post role and the organisation it is in (Post in)",
            )
            return
        if not roles or organisation is None:
            return
        role = roles[0]
        post = URIRef(post_iri(organisation, role.iri))
        self.rows[str(post)].append(record.location)
        title = record.text("post title", self.problems)
        if title is None:
            title = f"{role.label[:1].upper()}{role.label[1:]} of {self.resolver.label(organisation)}"
        self._add(graph, record, "post role", (subject, ORG.holds, post))
        self._add(graph, record, "post role", (post, RDF.type, ORG.Post))
        self._add(graph, record, "post in", (post, ORG.postIn, URIRef(organisation)))
        self._add(graph, record, "post role", (post, ORG.role, URIRef(role.iri)))
        self._add(graph, record, "post title", (post, RDFS.label, Literal(title, lang=language)))
        self._note(graph, record, post, language)
        self.row_iris[id(record)] = str(post)

    def _participation_row(self, record: Record) -> None:
        graph = self._row_source(record)
        agent = self._reference(record, "who", AGENT_KINDS, "Who")
        target = self._reference(record, "in what", TARGET_KINDS, "In what")
        roles = self._concepts(record, PARTICIPATIONS.column("role"))
        formality = self._concepts(record, PARTICIPATIONS.column("formality"))
        for key in ("role", "formality"):
            if not record.has(key):
                column = PARTICIPATIONS.column(key)
                vocabulary = self.vocabularies[column.vocabulary or ""]
                self.problems.add(record.at(key), f"{column.name} is empty: {vocabulary.allowed()}")
        if agent is not None and "network" in self.resolver.kinds(agent):
            self.problems.add(
                record.at("who"),
                f"{curie(agent)} is a network, and a network never takes part itself: make each member "
                "the Who of its own row",
            )
            return
        if graph is None or agent is None or target is None or not roles or not formality:
            return
        role = roles[0]
        given = record.text("id", self.problems)
        iri = as_iri(given) if given else None
        if given and iri is None:
            self.problems.add(
                record.at("id"), f"{given!r}: a participation's ID must be its IRI as a CURIE, or empty"
            )
            return
        subject = URIRef(iri or participation_iri(target, role.iri, agent))
        self.row_iris[id(record)] = str(subject)
        self.rows[str(subject)].append(record.location)
        graph.entries[PARTICIPATIONS.name].add(str(subject))
        language = self._language(record)
        self._add(graph, record, "who", (subject, RDF.type, CNG.Participation))
        self._add(graph, record, "who", (subject, CNG.agent, URIRef(agent)))
        self._add(graph, record, "role", (subject, CNG.role, URIRef(role.iri)))
        self._add(graph, record, "in what", (subject, CNG.target, URIRef(target)))
        self._add(graph, record, "formality", (subject, CNG.formality, URIRef(formality[0].iri)))
        self._date(graph, record, subject, "from", SCHEMA.startDate)
        self._date(graph, record, subject, "to", SCHEMA.endDate)
        self._note(graph, record, subject, language)

    # -- cells -------------------------------------------------------------------------------

    def _add(self, graph: SourceGraph, record: Record, key: str, triple: tuple[URIRef, URIRef, Node]) -> None:
        graph.triples.add(triple)
        location = record.at(key) if key else record.location
        origins = self.origins[(str(triple[0]), str(triple[1]))]
        if location not in origins:
            origins.append(location)

    def _value(self, record: Record, key: str, parse: Callable[[str], str]) -> str | None:
        text = record.text(key, self.problems)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueProblem as problem:
            self.problems.add(record.at(key), problem.message)
            return None

    def _language(self, record: Record) -> str:
        return self._value(record, "language", parse_language) or DEFAULT_LANGUAGE

    def _tagged(self, record: Record, key: str, language: str) -> Literal | None:
        """A text cell as a literal in the row's language, or in the one its ` @xx` ending names."""
        value = record.text(key, self.problems)
        if value is None:
            return None
        text, tag = split_language(value)
        return Literal(text, lang=tag or language)

    def _note(self, graph: SourceGraph, record: Record, subject: URIRef, language: str) -> None:
        note = self._tagged(record, "note", language)
        if note is not None:
            self._add(graph, record, "note", (subject, SKOS.note, note))

    def _date(self, graph: SourceGraph, record: Record, subject: URIRef, key: str, predicate: URIRef) -> None:
        if not record.has(key):
            return
        try:
            day = parse_date(record.raw(key))
        except ValueProblem as problem:
            self.problems.add(record.at(key), problem.message)
            return
        self._add(graph, record, key, (subject, predicate, Literal(day.isoformat(), datatype=XSD.date)))

    def _types(self, record: Record, sheet: str, *, report: bool) -> list[Concept]:
        if sheet == PERSONS.name:
            return []
        column = ORGANISATIONS.column("type") if sheet == ORGANISATIONS.name else INITIATIVES.column("type")
        return self._concepts(record, column, report=report)

    def _concepts(self, record: Record, column: Column, *, report: bool = True) -> list[Concept]:
        assert column.kind is Kind.CONCEPT and column.vocabulary is not None
        vocabulary = self.vocabularies[column.vocabulary]
        text = record.text(column.key, self.problems) if report else _quiet_text(record, column.key)
        values = split_values(text) if column.multiple else ([text] if text else [])
        concepts = []
        for value in values:
            concept = vocabulary.resolve(value)
            if concept is None:
                if report:
                    self.problems.add(
                        record.at(column.key),
                        f"unknown {column.name.lower()} {value!r}: {vocabulary.allowed(value)}",
                    )
                continue
            concepts.append(concept)
        if report and not column.multiple and text and SEPARATOR in text:
            self.problems.add(
                record.at(column.key),
                f"{column.name} takes one value: write one row per {column.name.lower()}",
            )
        return concepts

    def _reference(self, record: Record, key: str, kinds: Iterable[str], what: str) -> str | None:
        text = record.text(key, self.problems)
        if text is None:
            return None
        try:
            return self.resolver.resolve(text, tuple(kinds), what)
        except ValueProblem as problem:
            self.problems.add(record.at(key), problem.message)
            return None

    # -- conflicts ---------------------------------------------------------------------------

    def _check_conflicts(self) -> None:
        """Rows of one entry and one source must not give different values for one column."""
        checked = {
            ORGANISATIONS.name: (
                "type",
                "other names",
                "country",
                "sector",
                "topic",
                "part of",
                "note",
                "language",
            ),
            INITIATIVES.name: (
                "type",
                "other names",
                "country",
                "sector",
                "topic",
                "start",
                "end",
                "issued",
                "url",
                "note",
                "language",
            ),
            PERSONS.name: ("post title", "note", "language"),
            PARTICIPATIONS.name: ("formality", "from", "to", "note", "language"),
        }
        for sheet, keys in checked.items():
            groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
            for record in self.records.get(sheet, []):
                iri = self.row_iris.get(id(record))
                if iri is None:
                    continue
                source = record.text("source", Problems()) or ""
                groups[(iri, name_key(source))].append(record)
            for (iri, _), records in groups.items():
                if len(records) < 2:
                    continue
                for key in keys:
                    seen: dict[str, Record] = {}
                    for record in records:
                        value = _quiet_text(record, key)
                        if value is not None:
                            seen.setdefault(value, record)
                    if len(seen) > 1:
                        (first_value, first), (second_value, second) = list(seen.items())[:2]
                        header = second.columns.get(key, (0, key))[1]
                        self.problems.add(
                            second.at(key),
                            f"{curie(iri)} is given twice for one source with different {header}: "
                            f"{first_value!r} ({first.location}) and {second_value!r}: keep one row, or put "
                            "both values in one cell, separated by |",
                        )


def _quiet_text(record: Record, key: str) -> str | None:
    """The cell's text, problems ignored (they are reported where the cell is read)."""
    return record.text(key, Problems())
