"""The graph read back into the template's rows: one row per entry and source, as the import reads them.

Only what the template's columns can say is read, and only from each source's own graph: an
organisation stated by three sources gives three rows, each with that source's facts. Inferences
(the curators' sector classification among them) are not sources and are left out, as are the
statements no column holds (places, unnamed groups, counts ...). Importing the rows again gives
the same statements, so an exported workbook round-trips.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.parsing import unskolemize
from careersnet_graph.rdflib_terms import to_rdflib
from careersnet_graph.spreadsheets.columns import (
    INITIATIVES,
    ORGANISATIONS,
    PARTICIPATIONS,
    PERSONS,
    SHEETS,
    SOURCES,
    SheetSpec,
)
from careersnet_graph.spreadsheets.context import GraphContext, read_context
from careersnet_graph.spreadsheets.iris import CNG, DCTERMS, FOAF, ORG, RDF, RDFS, SCHEMA, SKOS, XSD
from careersnet_graph.spreadsheets.mapping import DEFAULT_LANGUAGE, participation_iri
from careersnet_graph.spreadsheets.values import SEPARATOR, tag_language
from careersnet_graph.spreadsheets.vocabularies import Vocabulary, curie
from careersnet_graph.store.base import parts

Cell = str | datetime.date | None
Row = dict[str, Cell]


@dataclass
class SheetRows:
    """Rows for every sheet of the template, ready for a writer."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {sheet.name: [] for sheet in SHEETS})

    def of(self, sheet: SheetSpec) -> list[Row]:
        return self.rows[sheet.name]


@dataclass
class _Statements:
    """The statements of one subject in one source's graph, by predicate."""

    by_predicate: dict[str, list[Node]] = field(default_factory=lambda: defaultdict(list))

    def all(self, predicate: URIRef) -> list[Node]:
        return sorted(self.by_predicate.get(str(predicate), []), key=_order)

    def first(self, predicate: URIRef) -> Node | None:
        values = self.all(predicate)
        return values[0] if values else None

    def has_any(self, predicates: tuple[URIRef, ...]) -> bool:
        return any(str(predicate) in self.by_predicate for predicate in predicates)


def _order(node: Node) -> tuple[str, str]:
    language = node.language if isinstance(node, Literal) and node.language else ""
    return (str(node), language)


def read_rows(kg: KnowledgeGraph, context: GraphContext | None = None) -> SheetRows:
    """The template's rows for every registered source of `kg`, in a stable order."""
    context = context or read_context(kg)
    graphs: dict[str, dict[str, _Statements]] = defaultdict(lambda: defaultdict(_Statements))
    for name in kg.graph_names():
        if name.value not in context.sources:
            continue
        for quad in kg.quads(graph=name):
            subject, predicate, obj = (unskolemize(term) for term in parts(quad))
            node = to_rdflib(subject)
            if isinstance(node, URIRef):
                graphs[name.value][str(node)].by_predicate[predicate.value].append(to_rdflib(obj))
    reader = _RowReader(context)
    result = SheetRows()
    for graph in sorted(graphs):
        reader.source(graph, graphs[graph], result)
    for sheet in SHEETS:
        result.rows[sheet.name].sort(
            key=lambda row: tuple(str(row.get(column) or "") for column in _sort_keys(sheet))
        )
    return result


def _sort_keys(sheet: SheetSpec) -> tuple[str, ...]:
    if sheet is PARTICIPATIONS:
        return ("In what", "Role", "Who", "Source", "ID")
    return ("ID", "Source", "Post in", "Post role")


class _RowReader:
    def __init__(self, context: GraphContext) -> None:
        self.context = context
        self.vocabularies = context.vocabularies

    def source(self, graph: str, subjects: dict[str, _Statements], result: SheetRows) -> None:
        source = curie(graph)
        own = subjects.get(graph)
        if own is not None:
            result.of(SOURCES).append(self._source_row(graph, own))
        for subject in sorted(subjects):
            if subject == graph:
                continue
            statements = subjects[subject]
            kinds = self.context.entities[subject].kinds if subject in self.context.entities else set()
            classes = self.context.entities[subject].classes if subject in self.context.entities else set()
            if "person" in kinds:
                result.of(PERSONS).extend(self._person_rows(subject, source, statements, subjects))
            elif "org" in kinds:
                row = self._described_row(subject, source, statements, ORGANISATIONS)
                if row is not None:
                    unit_of = statements.first(ORG.unitOf)
                    row["Part of"] = curie(str(unit_of)) if isinstance(unit_of, URIRef) else None
                    result.of(ORGANISATIONS).append(row)
            elif kinds & {"initiative", "event"}:
                row = self._described_row(subject, source, statements, INITIATIVES)
                if row is not None:
                    for column, predicate in (("Start", SCHEMA.startDate), ("End", SCHEMA.endDate)):
                        row[column] = _date(statements.first(predicate))
                    row["Issued"] = _date(statements.first(DCTERMS.issued))
                    url = statements.first(SCHEMA.url)
                    row["URL"] = str(url) if isinstance(url, URIRef) else None
                    result.of(INITIATIVES).append(row)
            elif str(CNG.Participation) in classes:
                participation = self._participation_row(subject, source, statements)
                if participation is not None:
                    result.of(PARTICIPATIONS).append(participation)

    def _source_row(self, graph: str, own: _Statements) -> Row:
        title = own.first(DCTERMS.title)
        publisher = own.first(DCTERMS.publisher)
        url = own.first(SCHEMA.url)
        language = _language(title, own.first(RDFS.label), own.first(SKOS.note))
        return {
            "ID": curie(graph),
            "Title": _text(title),
            "URL": str(url) if isinstance(url, URIRef) else None,
            "Short name": _tagged(own.first(RDFS.label), language),
            "Publisher": curie(str(publisher)) if isinstance(publisher, URIRef) else None,
            "Issued": _date(own.first(DCTERMS.issued)),
            "Language": language,
            "Note": _tagged(own.first(SKOS.note), language),
        }

    def _described_row(
        self, subject: str, source: str, statements: _Statements, sheet: SheetSpec
    ) -> Row | None:
        """The row of an organisation or initiative, or None when the source says nothing a column holds."""
        predicates = (
            RDF.type,
            RDFS.label,
            SKOS.altLabel,
            CNG.country,
            CNG.sector,
            DCTERMS.subject,
            SKOS.note,
        )
        extra = (
            (ORG.unitOf,)
            if sheet is ORGANISATIONS
            else (SCHEMA.startDate, SCHEMA.endDate, DCTERMS.issued, SCHEMA.url)
        )
        if not statements.has_any(predicates + extra):
            return None
        types = self.vocabularies["organisation-types" if sheet is ORGANISATIONS else "initiative-types"]
        label = statements.first(RDFS.label)
        language = _language(label, statements.first(SKOS.note), *statements.all(SKOS.altLabel))
        return {
            "ID": curie(subject),
            "Source": source,
            "Name": _text(label),
            "Type": _labels(types, statements.all(RDF.type)),
            "Other names": _joined(_tagged(name, language) for name in statements.all(SKOS.altLabel)),
            "Country": _labels(self.vocabularies["countries"], statements.all(CNG.country)),
            "Sector": _labels(self.vocabularies["sectors"], statements.all(CNG.sector)),
            "Topic": _labels(self.vocabularies["topics"], statements.all(DCTERMS.subject)),
            "Language": language,
            "Note": _tagged(statements.first(SKOS.note), language),
        }

    def _person_rows(
        self, subject: str, source: str, statements: _Statements, subjects: dict[str, _Statements]
    ) -> list[Row]:
        name = statements.first(RDFS.label) or statements.first(FOAF.name)
        base: Row = {"ID": curie(subject), "Source": source, "Name": _text(name)}
        rows = []
        for post in statements.all(ORG.holds):
            described = subjects.get(str(post), _Statements())
            organisation = described.first(ORG.postIn)
            role = described.first(ORG.role)
            title = described.first(RDFS.label)
            language = _language(title, described.first(SKOS.note))
            rows.append(
                {
                    **base,
                    "Post role": _labels(self.vocabularies["post-roles"], [role] if role is not None else []),
                    "Post in": curie(str(organisation)) if isinstance(organisation, URIRef) else None,
                    "Post title": _text(title),
                    "Language": language,
                    "Note": _tagged(described.first(SKOS.note), language),
                }
            )
        if not rows and name is not None:
            rows.append(base)
        return rows

    def _participation_row(self, subject: str, source: str, statements: _Statements) -> Row | None:
        agent, role, target = (statements.first(p) for p in (CNG.agent, CNG.role, CNG.target))
        if not (isinstance(agent, URIRef) and isinstance(role, URIRef) and isinstance(target, URIRef)):
            return None
        minted = participation_iri(str(target), str(role), str(agent))
        note = statements.first(SKOS.note)
        return {
            "Source": source,
            "Who": curie(str(agent)),
            "Role": _labels(self.vocabularies["roles"], [role]),
            "In what": curie(str(target)),
            "Formality": _labels(self.vocabularies["formality"], statements.all(CNG.formality)),
            "From": _date(statements.first(SCHEMA.startDate)),
            "To": _date(statements.first(SCHEMA.endDate)),
            "Note": _tagged(note, _language(note)),
            "Language": _language(note),
            "ID": None if subject == minted else curie(subject),
        }


def _text(node: Node | None) -> str | None:
    return str(node) if isinstance(node, Literal) else None


def _date(node: Node | None) -> datetime.date | None:
    if isinstance(node, Literal) and node.datatype == XSD.date:
        try:
            return datetime.date.fromisoformat(str(node))
        except ValueError:
            return None
    return None


def _language(*literals: Node | None) -> str | None:
    """The language of the row's texts: that of the first tagged one (None for the default, en)."""
    for literal in literals:
        if isinstance(literal, Literal) and literal.language:
            return None if literal.language == DEFAULT_LANGUAGE else literal.language
    return None


def _tagged(node: Node | None, language: str | None) -> str | None:
    """The text of a literal in a row whose Language is `language`: ` @xx` appended when the text
    is in another language (the import reads it back with that language)."""
    if not isinstance(node, Literal):
        return None
    if not node.language:
        return str(node)
    return tag_language(str(node), node.language, language or DEFAULT_LANGUAGE)


def _labels(vocabulary: Vocabulary, nodes: list[Node]) -> str | None:
    wanted = {str(node) for node in nodes}
    return _joined(concept.label for concept in vocabulary.concepts if concept.iri in wanted)


def _joined(values: Iterable[str | None]) -> str | None:
    texts = [value for value in values if value]
    return f" {SEPARATOR} ".join(texts) or None
