"""References between rows, and to the loaded graph: by ID, IRI or CURIE, name or other name.

A reference is looked up, in order: as an IRI or CURIE (the entity must exist in the workbook or
the graph); as the ID of a workbook row; as the name of a workbook entity; as the label of an
entity of the graph; then as another name (skos:altLabel), first in the workbook, then in the
graph. Only entities of the kinds the column allows are candidates. Several candidates at one
step make the reference ambiguous: the error lists them with their CURIEs, so that the user can
write the CURIE instead.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from careersnet_graph.spreadsheets.context import KIND_NAMES, GraphContext
from careersnet_graph.spreadsheets.errors import ValueProblem
from careersnet_graph.spreadsheets.iris import expand_curie
from careersnet_graph.spreadsheets.vocabularies import curie


def as_iri(text: str) -> str | None:
    """`text` as an IRI when it is one (<iri>, http(s)://..., urn:...) or a CURIE with a project prefix."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")) and " " not in text:
        return text
    return expand_curie(text)


ANY_KIND = "*"
"""The kind of a workbook entry whose type could not be read: it fits any reference, so that one
wrong type is reported once, not again at every row that refers to the entry."""


def name_key(text: str) -> str:
    """A name as compared: case and runs of whitespace ignored."""
    return " ".join(text.split()).casefold()


@dataclass
class WorkbookEntity:
    """An entity defined by rows of the workbook."""

    iri: str
    kinds: set[str]
    names: set[str] = field(default_factory=set)
    alternatives: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)


@dataclass
class Resolver:
    """Resolves references against the workbook's entities and the loaded graph."""

    context: GraphContext
    entities: dict[str, WorkbookEntity] = field(default_factory=dict)
    _keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _alternatives: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _graph_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _graph_alternatives: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for entity in self.context.entities.values():
            if entity.deprecated:
                continue
            for name in entity.names:
                self._graph_names[name_key(name)].add(entity.iri)
            for name in entity.alternatives:
                self._graph_alternatives[name_key(name)].add(entity.iri)

    def add(self, entity: WorkbookEntity) -> None:
        """Make a workbook entity known to later references."""
        known = self.entities.setdefault(entity.iri, WorkbookEntity(entity.iri, set()))
        known.kinds |= entity.kinds
        known.names |= entity.names
        known.alternatives |= entity.alternatives
        known.keys |= entity.keys
        for key in entity.keys:
            self._keys[name_key(key)].add(entity.iri)
        for name in entity.names:
            self._names[name_key(name)].add(entity.iri)
        for name in entity.alternatives:
            self._alternatives[name_key(name)].add(entity.iri)

    def kinds(self, iri: str) -> set[str]:
        """The kinds of an entity, from the workbook and the graph together."""
        kinds = set(self.entities[iri].kinds) if iri in self.entities else set()
        known = self.context.entities.get(iri)
        if known is not None:
            kinds |= known.kinds
        return kinds

    def fits(self, iri: str, allowed: Collection[str]) -> bool:
        kinds = self.kinds(iri)
        return ANY_KIND in kinds or bool(kinds & set(allowed))

    def exists(self, iri: str) -> bool:
        return iri in self.entities or iri in self.context.entities

    def label(self, iri: str) -> str:
        """A name of the entity for messages and default post titles."""
        if iri in self.entities and self.entities[iri].names:
            return sorted(self.entities[iri].names)[0]
        return self.context.label_of(iri) or curie(iri)

    def resolve(self, text: str, allowed: Collection[str], what: str) -> str:
        """The IRI of the entity `text` names; `allowed` kinds only. Raises ValueProblem."""
        iri = as_iri(text)
        if iri is not None:
            if not self.exists(iri):
                raise ValueProblem(
                    f"{text!r} is not an entity of this workbook or of the graph: check the CURIE, "
                    "or add a row for it (its IRI in the ID column)"
                )
            self._check_kind(iri, text, allowed, what)
            return iri
        key = name_key(text)
        steps = (
            (self._keys, "ID"),
            (self._names, "name"),
            (self._graph_names, "label in the graph"),
            (self._alternatives, "other name"),
            (self._graph_alternatives, "other name in the graph"),
        )
        mismatched: set[str] = set()
        for index, found in steps:
            candidates = index.get(key, set())
            fitting = sorted(iri for iri in candidates if self.fits(iri, allowed))
            mismatched |= candidates - set(fitting)
            if len(fitting) == 1:
                return fitting[0]
            if len(fitting) > 1:
                listed = "; ".join(f"{curie(iri)} ({self.label(iri)})" for iri in fitting)
                raise ValueProblem(
                    f"{text!r} is ambiguous: it is the {found} of {len(fitting)} entities: {listed}. "
                    "Write the CURIE of the one meant"
                )
        if mismatched:
            first = sorted(mismatched)[0]
            self._check_kind(first, text, allowed, what)
        raise ValueProblem(self._not_found(text, allowed, what))

    def _check_kind(self, iri: str, text: str, allowed: Collection[str], what: str) -> None:
        if self.fits(iri, allowed):
            return
        kinds = self.kinds(iri)
        has = " and ".join(sorted(KIND_NAMES.get(kind, kind) for kind in kinds)) or "of no known kind"
        raise ValueProblem(
            f"{text!r} ({curie(iri)}) is {_article(has)}, but {what} must be {_choices(allowed)}"
        )

    def _not_found(self, text: str, allowed: Collection[str], what: str) -> str:
        names = {
            name
            for iri, entity in self.entities.items()
            if entity.kinds & set(allowed)
            for name in entity.names | entity.keys
        }
        names |= {
            name
            for entity in self.context.entities.values()
            if entity.kinds & set(allowed) and not entity.deprecated
            for name in entity.names
        }
        closest = difflib.get_close_matches(text, sorted(names), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(name) for name in closest)}?" if closest else ""
        return (
            f"{text!r} is no ID, name or CURIE of {_choices(allowed, plural=True)} in this workbook or in "
            f"the graph: {what} must name one (add a row for it if it is new){hint}"
        )


def _article(text: str) -> str:
    return ("an " if text[:1] in "aeiou" else "a ") + text


def _choices(kinds: Collection[str], *, plural: bool = False) -> str:
    names = [KIND_NAMES.get(kind, kind) + ("s" if plural else "") for kind in sorted(kinds)]
    if not plural:
        names = [_article(name) for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
