"""SHACL validation inside the store: the shapes' constraints become SPARQL queries that return
only the nodes that violate them.

The queries run against the store's union graph, so nothing is copied out of the store. Class
membership follows `rdf:type/rdfs:subClassOf*` as SHACL defines it; the subclass closure is read
once and written into the queries as VALUES blocks, and class checks are anti-joins (MINUS) with
the allowed types: stores evaluate those as hash joins, where an EXISTS per node would cost a
look-up each; a value check needs no target pattern where the target is the subjects of the
property it checks. Facts that only the validator knows (the files each graph was read
from, `cng:sourceFile`) come in as `extra` and are written into the queries as VALUES data. The
findings are the same as pyshacl's for the same data and shapes (the shape fixtures are the
contract between the two engines).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import count

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import RDF, SH
from careersnet_graph.shacl.shapes import Constraints, Shape
from careersnet_graph.sparql.params import sparql_term
from careersnet_graph.store.base import Term

Extra = Mapping[ox.NamedNode, Sequence[tuple[Term, Term]]]
"""Statements the validator adds to the data: predicate → (subject, object) pairs."""

_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "Literal": "isLITERAL({v})",
    "BlankNode": "isBLANK({v})",
    "BlankNodeOrIRI": "(isBLANK({v}) || isIRI({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLITERAL({v}))",
    "BlankNodeOrLiteral": "(isBLANK({v}) || isLITERAL({v}))",
}


@dataclass(frozen=True)
class Finding:
    """One violation: focus node, path, value, the shape and component that found it, its message."""

    focus: Term
    path: ox.NamedNode | None
    value: Term | None
    shape: ox.NamedNode | ox.BlankNode
    component: ox.NamedNode
    message: str | None
    severity: ox.NamedNode


def sparql_findings(kg: KnowledgeGraph, shapes: Sequence[Shape], extra: Extra) -> list[Finding]:
    """Every violation of `shapes` in the graph of `kg` (with the `extra` statements added)."""
    compiler = _Compiler(_subclasses(kg), extra)
    findings: list[Finding] = []
    for query in compiler.queries(shapes):
        findings.extend(query.run(kg))
    return findings


def _subclasses(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Each class and all its subclasses, direct and indirect (itself included)."""
    direct: dict[str, set[str]] = {}
    for sub, parent in kg.rows("SELECT DISTINCT ?sub ?super WHERE { ?sub rdfs:subClassOf ?super }"):
        if isinstance(sub, ox.NamedNode) and isinstance(parent, ox.NamedNode):
            direct.setdefault(parent.value, set()).add(sub.value)
    closure: dict[str, set[str]] = {}
    for start, children in direct.items():
        seen = {start}
        stack = list(children)
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(direct.get(current, ()))
        closure[start] = seen
    return closure


@dataclass(frozen=True)
class _Query:
    """One compiled check and how its rows become findings.

    Rows start with the focus node; `value_column` and `path_column` say where the value and the
    path are, if the query gives them. A query shared by several property shapes gives the path
    of each row, and `shapes` maps each path to the shape whose finding the row is.
    """

    text: str
    component: ox.NamedNode
    shapes: Mapping[str, Shape]
    value_column: int | None = None
    path_column: int | None = None

    def run(self, kg: KnowledgeGraph) -> Iterator[Finding]:
        for row in kg.rows(self.text):
            focus = row[0]
            path = row[self.path_column] if self.path_column is not None else None
            shape = self.shapes.get("") or (
                self.shapes.get(path.value) if isinstance(path, ox.NamedNode) else None
            )
            if focus is None or shape is None:
                continue
            yield Finding(
                focus=focus,
                path=shape.path
                if shape.path is not None
                else (path if isinstance(path, ox.NamedNode) else None),
                value=row[self.value_column] if self.value_column is not None else None,
                shape=shape.iri,
                component=self.component,
                message=shape.message,
                severity=shape.severity,
            )


def _single(shape: Shape) -> dict[str, Shape]:
    return {"": shape}


class _Compiler:
    def __init__(self, subclasses: dict[str, set[str]], extra: Extra) -> None:
        self.subclasses = subclasses
        self.extra = {predicate.value: pairs for predicate, pairs in extra.items()}
        self.names = count()

    def queries(self, shapes: Sequence[Shape]) -> Iterator[_Query]:
        """Every query of every node shape with targets."""
        for node_shape in shapes:
            target = self.target(node_shape)
            yield from self.node_queries(node_shape, target)
            for property_shape in node_shape.properties:
                yield from self.count_queries(property_shape, target)
                implied = (
                    node_shape.target_subjects_of == (property_shape.path,) and not node_shape.target_classes
                )
                yield from self.value_queries(property_shape, "" if implied else target)

    # --- patterns -------------------------------------------------------------------------

    def fresh(self, stem: str) -> str:
        return f"?{stem}{next(self.names)}"

    def classes_of(self, cls: ox.NamedNode) -> set[str]:
        return self.subclasses.get(cls.value, {cls.value})

    def typed(self, classes: set[str], node: str) -> str:
        """`node` has one of `classes` as its rdf:type."""
        variable = self.fresh("type")
        listed = " ".join(f"<{c}>" for c in sorted(classes))
        return f"VALUES {variable} {{ {listed} }} {node} <{RDF.type.value}> {variable} ."

    def statements(self, predicate: ox.NamedNode, subject: str, obj: str) -> str:
        """`subject predicate obj`, from the data or from the validator's extra statements."""
        pairs = self.extra.get(predicate.value)
        if pairs is None:
            return f"{subject} <{predicate.value}> {obj} ."
        rows = " ".join(f"({sparql_term(s)} {sparql_term(o)})" for s, o in pairs)
        return f"VALUES ({subject} {obj}) {{ {rows} }}"

    def target(self, shape: Shape) -> str:
        """A pattern binding ?focus to the focus nodes of a node shape (a node may come more than
        once: the queries select DISTINCT or count DISTINCT values)."""
        parts = [self.typed(self.classes_of(cls), "?focus") for cls in shape.target_classes]
        parts += [self.statements(p, "?focus", self.fresh("any")) for p in shape.target_subjects_of]
        return parts[0] if len(parts) == 1 else " UNION ".join(f"{{ {part} }}" for part in parts)

    # --- what a node must be ----------------------------------------------------------------

    def type_set(self, shape: Shape) -> set[str] | None:
        """The classes a node must have one of (subclasses included) to conform to `shape`, when
        conforming means just that (one class, or a choice between such shapes); else None."""
        constraints = shape.constraints
        if shape.properties or shape.path is not None or shape.closed or _has_values(constraints):
            return None
        if (
            constraints.none_of
            or len(constraints.classes) + len(constraints.nodes) + bool(constraints.any_of) != 1
        ):
            return None
        if constraints.classes:
            return self.classes_of(constraints.classes[0])
        members = [self.type_set(member) for member in (*constraints.nodes, *constraints.any_of)]
        if any(member is None for member in members):
            return None
        return set().union(*members)  # type: ignore[arg-type]

    def conforms(self, shape: Shape, node: str) -> str:
        """A SPARQL expression, true when `node` conforms to `shape` (node-level constraints only)."""
        if shape.properties or shape.path is not None or shape.closed:
            raise CareersnetError(
                f"{shape.iri}: a nested shape with property shapes is not compiled to SPARQL"
            )
        conditions = [expression for _, expression in self.expressions(shape.constraints, node)]
        return "(" + " && ".join(conditions) + ")" if conditions else "true"

    def expressions(self, constraints: Constraints, node: str) -> list[tuple[ox.NamedNode, str]]:
        """One (component, expression true when `node` satisfies it) per constraint."""
        checks: list[tuple[ox.NamedNode, str]] = [
            (SH.ClassConstraintComponent, f"EXISTS {{ {self.typed(self.classes_of(cls), node)} }}")
            for cls in constraints.classes
        ]
        if constraints.datatype is not None:
            checks.append((SH.DatatypeConstraintComponent, _has_datatype(constraints.datatype, node)))
        if constraints.node_kind is not None:
            kind = constraints.node_kind.value.removeprefix(str(SH))
            checks.append((SH.NodeKindConstraintComponent, _NODE_KINDS[kind].format(v=node)))
        if constraints.allowed is not None:
            options = " || ".join(_same_term(term, node) for term in constraints.allowed)
            checks.append((SH.InConstraintComponent, f"({options or 'false'})"))
        if constraints.pattern is not None:
            pattern = sparql_term(ox.Literal(constraints.pattern))
            checks.append(
                (SH.PatternConstraintComponent, f"(!isBLANK({node}) && REGEX(STR({node}), {pattern}))")
            )
        if constraints.min_inclusive is not None:
            minimum = sparql_term(constraints.min_inclusive)
            checks.append((SH.MinInclusiveConstraintComponent, f"({node} >= {minimum})"))
        if constraints.any_of:
            options = " || ".join(self.conforms(member, node) for member in constraints.any_of)
            checks.append((SH.OrConstraintComponent, f"({options})"))
        checks += [
            (SH.NotConstraintComponent, f"!{self.conforms(member, node)}") for member in constraints.none_of
        ]
        checks += [(SH.NodeConstraintComponent, self.conforms(member, node)) for member in constraints.nodes]
        return [(component, f"COALESCE({expression}, false)") for component, expression in checks]

    def violations(self, constraints: Constraints, node: str) -> list[tuple[ox.NamedNode, str]]:
        """One (component, graph pattern that keeps only the `node`s violating it) per constraint."""
        patterns: list[tuple[ox.NamedNode, str]] = []
        for cls in constraints.classes:
            patterns.append(
                (SH.ClassConstraintComponent, f"MINUS {{ {self.typed(self.classes_of(cls), node)} }}")
            )
        if constraints.any_of:
            allowed = self.type_set(
                Shape(SH.Violation, None, SH.Violation, Constraints(any_of=constraints.any_of))
            )
            patterns.append((SH.OrConstraintComponent, self._unless(allowed, constraints.any_of, node)))
        for member in constraints.nodes:
            patterns.append(
                (SH.NodeConstraintComponent, self._unless(self.type_set(member), (member,), node))
            )
        for member in constraints.none_of:
            forbidden = self.type_set(member)
            pattern = (
                self.typed(forbidden, node)
                if forbidden is not None
                else f"FILTER (COALESCE({self.conforms(member, node)}, false))"
            )
            patterns.append((SH.NotConstraintComponent, pattern))
        values = Constraints(
            datatype=constraints.datatype,
            node_kind=constraints.node_kind,
            allowed=constraints.allowed,
            pattern=constraints.pattern,
            min_inclusive=constraints.min_inclusive,
        )
        patterns += [
            (component, f"FILTER (!{expression})") for component, expression in self.expressions(values, node)
        ]
        return patterns

    def _unless(self, allowed: set[str] | None, members: Sequence[Shape], node: str) -> str:
        """Keep `node` unless it conforms to one of `members` (an anti-join where that is a type)."""
        if allowed is not None:
            return f"MINUS {{ {self.typed(allowed, node)} }}"
        expression = " || ".join(self.conforms(member, node) for member in members)
        return f"FILTER (!COALESCE(({expression}), false))"

    # --- queries --------------------------------------------------------------------------

    def node_queries(self, shape: Shape, target: str) -> Iterator[_Query]:
        """The node shape's own constraints on each focus node, and sh:closed."""
        for component, pattern in self.violations(shape.constraints, "?focus"):
            yield _Query(
                f"SELECT DISTINCT ?focus WHERE {{ {target} {pattern} }}", component, _single(shape), 0
            )
        if shape.closed:
            allowed = [p.path for p in shape.properties if p.path is not None] + list(shape.ignored)
            listed = ", ".join(f"<{iri.value}>" for iri in allowed)
            text = (
                f"SELECT DISTINCT ?focus ?value ?predicate WHERE {{ {target} ?focus ?predicate ?value . "
                f"FILTER (?predicate NOT IN ({listed})) }}"
            )
            yield _Query(text, SH.ClosedConstraintComponent, _single(shape), 1, path_column=2)

    def value_queries(self, shape: Shape, target: str) -> Iterator[_Query]:
        """A property shape's constraints on each value, and its comparison with another property."""
        path = _path(shape)
        values = self.statements(path, "?focus", "?value")
        for component, pattern in self.violations(shape.constraints, "?value"):
            text = f"SELECT DISTINCT ?focus ?value WHERE {{ {target} {values} {pattern} }}"
            yield _Query(text, component, _single(shape), 1)
        if shape.less_than_or_equals is not None:
            other = self.statements(shape.less_than_or_equals, "?focus", "?other")
            text = (
                f"SELECT DISTINCT ?focus ?value WHERE {{ {target} {values} {other} "
                "FILTER (!COALESCE(?value <= ?other, false)) }"
            )
            yield _Query(text, SH.LessThanOrEqualsConstraintComponent, _single(shape), 1)

    def count_queries(self, shape: Shape, target: str) -> Iterator[_Query]:
        """The sh:minCount and sh:maxCount of a property shape: an anti-join for a required
        property, a count per focus node otherwise."""
        values = self.statements(_path(shape), "?focus", "?value")
        if shape.min_count == 1:
            text = f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER NOT EXISTS {{ {values} }} }}"
            yield _Query(text, SH.MinCountConstraintComponent, _single(shape))
        elif shape.min_count:
            text = (
                f"SELECT ?focus WHERE {{ {target} OPTIONAL {{ {values} }} }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {shape.min_count})"
            )
            yield _Query(text, SH.MinCountConstraintComponent, _single(shape))
        if shape.max_count is not None:
            text = (
                f"SELECT ?focus WHERE {{ {target} {values} }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {shape.max_count})"
            )
            yield _Query(text, SH.MaxCountConstraintComponent, _single(shape))


def _same_term(term: Term, node: str) -> str:
    """`node` is `term` (sh:in compares terms, not values), in a form every store evaluates alike:
    a literal by its text, language and datatype (Virtuoso's sameTerm on strings is unreliable)."""
    if not isinstance(term, ox.Literal):
        return f"sameTerm({node}, {sparql_term(term)})"
    text = sparql_term(ox.Literal(term.value))
    if term.language:
        return f'(isLITERAL({node}) && STR({node}) = {text} && LANG({node}) = "{term.language}")'
    return f"(STR({node}) = {text} && {_has_datatype(term.datatype, node)})"


def _has_datatype(datatype: ox.NamedNode, node: str) -> str:
    """`node` is a literal of `datatype`, written so that SPARQL 1.0 stores (Virtuoso) agree: they
    give no rdf:langString for a language-tagged literal, so language literals are told by LANG."""
    if datatype == RDF.langString:
        return f'(isLITERAL({node}) && LANG({node}) != "")'
    return f'(isLITERAL({node}) && LANG({node}) = "" && DATATYPE({node}) = <{datatype.value}>)'


def _path(shape: Shape) -> ox.NamedNode:
    if shape.path is None:
        raise CareersnetError(f"{shape.iri}: a property shape without sh:path")
    return shape.path


def _has_values(constraints: Constraints) -> bool:
    """Whether the constraints say anything about a value other than its classes."""
    return any(
        value is not None
        for value in (
            constraints.datatype,
            constraints.node_kind,
            constraints.allowed,
            constraints.pattern,
            constraints.min_inclusive,
        )
    )
