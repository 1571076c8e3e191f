"""The SHACL shapes as plain data: node shapes with their targets, property shapes with their path.

Only the part of SHACL Core the project's shapes use is read (targets by class and by subject
of a property; a path of one property; sh:minCount, sh:maxCount, sh:class, sh:datatype,
sh:nodeKind, sh:in, sh:pattern, sh:minInclusive, sh:lessThanOrEquals, sh:node, sh:or, sh:not,
sh:closed with sh:ignoredProperties). A shapes file that uses anything else is refused, so the
SPARQL engine never silently skips a constraint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.namespaces import RDF, SH
from careersnet_graph.parsing import read_rdf_file
from careersnet_graph.store.base import Term, parts

_NODE_CONSTRAINTS = frozenset(
    SH[name].value
    for name in ("class", "datatype", "nodeKind", "in", "pattern", "minInclusive", "or", "not", "node")
)
_PROPERTY_ONLY = frozenset(SH[name].value for name in ("minCount", "maxCount", "lessThanOrEquals"))
_KNOWN = frozenset(
    {
        *_NODE_CONSTRAINTS,
        *_PROPERTY_ONLY,
        *(
            SH[name].value
            for name in (
                "path",
                "property",
                "targetClass",
                "targetSubjectsOf",
                "closed",
                "ignoredProperties",
                "message",
                "name",
                "description",
                "severity",
            )
        ),
        RDF.type.value,
    }
)


@dataclass(frozen=True)
class Constraints:
    """The value constraints of a shape: what each value node (or the focus node) must be."""

    classes: tuple[ox.NamedNode, ...] = ()
    datatype: ox.NamedNode | None = None
    node_kind: ox.NamedNode | None = None
    allowed: tuple[Term, ...] | None = None
    pattern: str | None = None
    min_inclusive: ox.Literal | None = None
    any_of: tuple[Shape, ...] = ()
    none_of: tuple[Shape, ...] = ()
    nodes: tuple[Shape, ...] = ()


@dataclass(frozen=True)
class Shape:
    """A node shape (no path) or a property shape (a path), with everything it checks."""

    iri: ox.NamedNode | ox.BlankNode
    message: str | None
    severity: ox.NamedNode
    constraints: Constraints
    path: ox.NamedNode | None = None
    min_count: int | None = None
    max_count: int | None = None
    less_than_or_equals: ox.NamedNode | None = None
    properties: tuple[Shape, ...] = ()
    target_classes: tuple[ox.NamedNode, ...] = ()
    target_subjects_of: tuple[ox.NamedNode, ...] = ()
    closed: bool = False
    ignored: tuple[ox.NamedNode, ...] = field(default_factory=tuple)


def read_shapes(path: Path) -> list[Shape]:
    """The node shapes with targets in a shapes file, each with its property shapes."""
    statements: dict[Term, dict[str, list[Term]]] = {}
    for quad in read_rdf_file(path):
        subject, predicate, obj = parts(quad)
        statements.setdefault(subject, {}).setdefault(predicate.value, []).append(obj)
    reader = _Reader(statements, path)
    targeted = [
        node
        for node, facts in statements.items()
        if SH.targetClass.value in facts or SH.targetSubjectsOf.value in facts
    ]
    return [reader.shape(node) for node in sorted(targeted, key=str)]


class _Reader:
    def __init__(self, statements: Mapping[Term, dict[str, list[Term]]], path: Path) -> None:
        self.statements = statements
        self.path = path
        self.cache: dict[Term, Shape] = {}

    def shape(self, node: Term) -> Shape:
        if node in self.cache:
            return self.cache[node]
        facts = self.statements.get(node, {})
        unknown = sorted(set(facts) - _KNOWN)
        if unknown:
            raise CareersnetError(
                f"{self.path}: {node} uses SHACL features this engine does not read: {unknown}"
            )
        assert isinstance(node, ox.NamedNode | ox.BlankNode)
        paths = facts.get(SH.path.value, [])
        if len(paths) > 1 or (paths and not isinstance(paths[0], ox.NamedNode)):
            raise CareersnetError(f"{self.path}: {node}: only a path of one property is read")
        shape = Shape(
            iri=node,
            message=self._text(facts, SH.message),
            severity=self._iri(facts, SH.severity) or SH.Violation,
            constraints=self._constraints(facts),
            path=paths[0] if paths else None,  # type: ignore[arg-type]
            min_count=self._integer(facts, SH.minCount),
            max_count=self._integer(facts, SH.maxCount),
            less_than_or_equals=self._iri(facts, SH.lessThanOrEquals),
            properties=tuple(self.shape(item) for item in sorted(facts.get(SH.property.value, []), key=str)),
            target_classes=self._iris(facts, SH.targetClass),
            target_subjects_of=self._iris(facts, SH.targetSubjectsOf),
            closed=any(
                isinstance(v, ox.Literal) and v.value == "true" for v in facts.get(SH.closed.value, [])
            ),
            ignored=tuple(
                item
                for value in facts.get(SH.ignoredProperties.value, [])
                for item in self._list(value)
                if isinstance(item, ox.NamedNode)
            ),
        )
        self.cache[node] = shape
        return shape

    def _constraints(self, facts: dict[str, list[Term]]) -> Constraints:
        allowed = [item for value in facts.get(SH["in"].value, []) for item in self._list(value)]
        min_inclusive = facts.get(SH.minInclusive.value, [None])[0]
        pattern = facts.get(SH.pattern.value, [None])[0]
        return Constraints(
            classes=self._iris(facts, SH["class"]),
            datatype=self._iri(facts, SH.datatype),
            node_kind=self._iri(facts, SH.nodeKind),
            allowed=tuple(allowed) if SH["in"].value in facts else None,
            pattern=pattern.value if isinstance(pattern, ox.Literal) else None,
            min_inclusive=min_inclusive if isinstance(min_inclusive, ox.Literal) else None,
            any_of=tuple(
                self.shape(item) for value in facts.get(SH["or"].value, []) for item in self._list(value)
            ),
            none_of=tuple(self.shape(value) for value in facts.get(SH["not"].value, [])),
            nodes=tuple(self.shape(value) for value in facts.get(SH.node.value, [])),
        )

    def _list(self, head: Term) -> list[Term]:
        items: list[Term] = []
        node: Term = head
        while node != RDF.nil:
            facts = self.statements.get(node, {})
            first, rest = facts.get(RDF.first.value), facts.get(RDF.rest.value)
            if not first or not rest:
                raise CareersnetError(f"{self.path}: a broken RDF list in the shapes")
            items.append(first[0])
            node = rest[0]
        return items

    @staticmethod
    def _iris(facts: dict[str, list[Term]], predicate: ox.NamedNode) -> tuple[ox.NamedNode, ...]:
        found = [value for value in facts.get(predicate.value, []) if isinstance(value, ox.NamedNode)]
        return tuple(sorted(found, key=lambda iri: iri.value))

    def _iri(self, facts: dict[str, list[Term]], predicate: ox.NamedNode) -> ox.NamedNode | None:
        found = self._iris(facts, predicate)
        return found[0] if found else None

    @staticmethod
    def _text(facts: dict[str, list[Term]], predicate: ox.NamedNode) -> str | None:
        found = sorted(
            value.value for value in facts.get(predicate.value, []) if isinstance(value, ox.Literal)
        )
        return "; ".join(found) if found else None

    @staticmethod
    def _integer(facts: dict[str, list[Term]], predicate: ox.NamedNode) -> int | None:
        found = [value for value in facts.get(predicate.value, []) if isinstance(value, ox.Literal)]
        return int(found[0].value) if found else None
