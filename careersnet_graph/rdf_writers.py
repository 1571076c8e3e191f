"""Deterministic writers of sorted statements: Turtle, TriG, JSON-LD and N-Triples.

Each writer takes statements already in the order of the output (the caller sorts them) and
yields the text piece by piece, so that a large export is written as it is produced. Blank
nodes appear as `_:label`; no writer nests anything, so no input can make one recurse.

The Turtle layout: one block per subject, `a` first, then predicates by IRI; several objects of
one predicate each on its own line; prefixed names where the local name is plain, else `<IRI>`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from typing import Any

import pyoxigraph as ox

from careersnet_graph.namespaces import PREFIXES, RDF, XSD
from careersnet_graph.store.base import Term, parts

_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0]))
_RDF_TYPE = RDF.type.value
_XSD_STRING = XSD.string.value


def used_prefixes(terms: Iterable[Term | ox.DefaultGraph]) -> dict[str, str]:
    """The project prefixes that shorten at least one IRI (or datatype) among `terms`."""
    iris: set[str] = set()
    for term in terms:
        if isinstance(term, ox.NamedNode):
            iris.add(term.value)
        elif isinstance(term, ox.Literal) and not term.language and term.datatype.value != _XSD_STRING:
            iris.add(term.datatype.value)
    used: dict[str, str] = {}
    for iri in iris:
        name = _prefix_of(iri)
        if name is not None:
            used[name] = PREFIXES[name]
    return dict(sorted(used.items()))


def statement_terms(
    statements: Iterable[ox.Triple | ox.Quad], *, type_as_a: bool = True
) -> Iterator[Term | ox.DefaultGraph]:
    """Every term the writers spell out, graph names of quads included; with `type_as_a`, not
    `rdf:type` as a predicate (Turtle writes it `a`)."""
    for statement in statements:
        subject, predicate, obj = parts(statement)
        yield subject
        if not type_as_a or predicate.value != _RDF_TYPE:
            yield predicate
        yield obj
        if isinstance(statement, ox.Quad):
            yield statement.graph_name


def _prefix_of(iri: str) -> str | None:
    for name, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _PLAIN_LOCAL.fullmatch(iri[len(namespace) :]):
            return name
    return None


def turtle_term(term: Term, prefixes: Mapping[str, str]) -> str:
    """A term in Turtle: a prefixed name where the prefix is declared and the local name is plain."""
    if isinstance(term, ox.NamedNode):
        return _iri(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    text = '"' + "".join(_ESCAPES.get(char, char) for char in term.value) + '"'
    if term.language:
        return f"{text}@{term.language}"
    datatype = term.datatype.value
    return text if datatype == _XSD_STRING else f"{text}^^{_iri(datatype, prefixes)}"


def _iri(iri: str, prefixes: Mapping[str, str]) -> str:
    name = _prefix_of(iri)
    if name is not None and prefixes.get(name) == PREFIXES[name]:
        return f"{name}:{iri[len(PREFIXES[name]) :]}"
    return f"<{iri}>"


def _prefix_lines(prefixes: Mapping[str, str]) -> Iterator[str]:
    for name, namespace in sorted(prefixes.items()):
        yield f"PREFIX {name}: <{namespace}>\n"


def turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> Iterator[str]:
    """Turtle of triples sorted by subject (blocks follow the input order)."""
    yield from _prefix_lines(prefixes)
    yield from _blocks(triples, prefixes, "")


def trig(
    graphs: Iterable[tuple[ox.NamedNode, Iterable[ox.Triple]]], prefixes: Mapping[str, str]
) -> Iterator[str]:
    """TriG: one `GRAPH <g> { … }` block per named graph, in the given order."""
    yield from _prefix_lines(prefixes)
    for name, triples in graphs:
        yield f"\n{_iri(name.value, prefixes)} {{\n"
        yield from _blocks(triples, prefixes, "    ")
        yield "}\n"


def _blocks(triples: Iterable[ox.Triple], prefixes: Mapping[str, str], indent: str) -> Iterator[str]:
    for subject, group in groupby(triples, key=lambda triple: triple.subject):
        lines = [f"\n{indent}{turtle_term(subject, prefixes)}\n"]
        statements = list(group)
        by_predicate: dict[str, list[Term]] = {}
        for triple in statements:
            _, predicate, obj = parts(triple)
            by_predicate.setdefault(predicate.value, []).append(obj)
        for iri in sorted(by_predicate, key=lambda iri: (iri != _RDF_TYPE, iri)):
            name = "a" if iri == _RDF_TYPE else _iri(iri, prefixes)
            objects = sorted({str(obj): obj for obj in by_predicate[iri]}.items())
            if len(objects) == 1:
                lines.append(f"{indent}    {name} {turtle_term(objects[0][1], prefixes)} ;\n")
            else:
                written = [f"{indent}        {turtle_term(obj, prefixes)}" for _, obj in objects]
                lines.append(f"{indent}    {name}\n" + " ,\n".join(written) + " ;\n")
        lines.append(f"{indent}.\n")
        yield "".join(lines)


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Canonical N-Triples of the triples, in the given order."""
    return bytes(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b"")


def jsonld(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> Iterator[str]:
    """JSON-LD with an `@context` of the prefixes: one node object per subject, in the given order.

    IRIs are written as CURIEs of that context and `rdf:type` as `@type`, which any JSON-LD
    processor expands back to the same graph.
    """
    yield '{\n  "@context": ' + _json(dict(prefixes), 2) + ',\n  "@graph": ['
    first = True
    for subject, group in groupby(triples, key=lambda triple: triple.subject):
        node = _node(subject, list(group), prefixes)
        yield ("\n    " if first else ",\n    ") + _json(node, 4)
        first = False
    yield "\n  ]\n}\n"


def _json(value: Any, indent: int) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    return text.replace("\n", "\n" + " " * indent)


def _node(subject: Term, triples: list[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _json_id(subject, prefixes)}
    by_predicate: dict[str, list[Term]] = {}
    for triple in triples:
        _, predicate, obj = parts(triple)
        by_predicate.setdefault(predicate.value, []).append(obj)
    for iri, objects in by_predicate.items():
        if iri == _RDF_TYPE and all(isinstance(obj, ox.NamedNode | ox.BlankNode) for obj in objects):
            node["@type"] = sorted(_json_id(obj, prefixes) for obj in objects)
            continue
        values = [_json_value(obj, prefixes) for obj in objects]
        node[_compact(iri, prefixes)] = sorted(values, key=lambda value: json.dumps(value, sort_keys=True))
    return node


def _json_id(term: Term, prefixes: Mapping[str, str]) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _compact(term.value, prefixes)


def _compact(iri: str, prefixes: Mapping[str, str]) -> str:
    for name, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = iri.removeprefix(namespace)
        if local != iri and not local.startswith("//"):
            return f"{name}:{local}"
    return iri


def _json_value(term: Term, prefixes: Mapping[str, str]) -> dict[str, str]:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _json_id(term, prefixes)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": _compact(term.datatype.value, prefixes)}
