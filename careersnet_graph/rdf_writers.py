"""Deterministic writers of sorted statements: Turtle, TriG, JSON-LD and N-Triples.

Each writer takes statements already in the order of the output (the caller sorts them) and
yields the text piece by piece, so that a large export is written as it is produced. Blank
nodes appear as `_:label`; no writer nests anything, so no input can make one recurse.

The writers read statements as canonical N-Triples lines (`<s> <p> "o"@en .`, as pyoxigraph
writes them: one space between the terms, literals escaped the same way Turtle escapes them
but for control characters) and build the output from the terms' text, without parsing each
line into objects; the `*_lines` functions take such lines (str or UTF-8 bytes, one line or a
chunk of whole lines per item), the others take triples and spell them as lines first.

The Turtle layout: one block per subject, `a` first, then predicates by IRI; several objects of
one predicate each on its own line; prefixed names where the local name is plain, else `<IRI>`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from json.encoder import encode_basestring, encode_basestring_ascii
from operator import itemgetter, methodcaller
from typing import Any

import pyoxigraph as ox

from careersnet_graph.namespaces import PREFIXES, RDF, XSD
from careersnet_graph.store.base import Term, parts

_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_BY_NAMESPACE = {namespace: name for name, namespace in sorted(PREFIXES.items(), reverse=True)}
"""The prefix of each project namespace (the first by name where two share one)."""
_RDF_TYPE = RDF.type.value
_RDF_TYPE_TOKEN = f"<{_RDF_TYPE}>"
_XSD_STRING = XSD.string.value
_CACHE_SIZE = 1 << 16
"""Terms remembered per writer (their spelling): bounded, so memory does not grow with the graph."""

RDF_NAMESPACE = PREFIXES["rdf"]
_LITERAL_TEXT = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NAMESPACE_IRIS = {
    name: re.compile(f"<{re.escape(name)}{_PLAIN_LOCAL.pattern}>") for name in PREFIXES.values()
}
"""For each project namespace, an IRI token it shortens."""
_CHUNK_SIZE = 1 << 20
_SPLIT = methodcaller("split", " ", 2)
_IRI_TEXT = itemgetter(slice(1, -1))
"""The IRI of an IRI token (`<…>`): predicates are written in the order of their IRIs."""


def used_prefixes(terms: Iterable[Term | ox.DefaultGraph]) -> dict[str, str]:
    """The project prefixes that shorten at least one IRI (or datatype) among `terms`."""
    iris: set[str] = set()
    for term in terms:
        if isinstance(term, ox.NamedNode):
            iris.add(term.value)
        elif isinstance(term, ox.Literal) and not term.language and term.datatype.value != _XSD_STRING:
            iris.add(term.datatype.value)
    return prefixes_of(iris)


def prefixes_of(iris: Iterable[str]) -> dict[str, str]:
    """The project prefixes that shorten at least one of `iris`, sorted by name."""
    used: dict[str, str] = {}
    for iri in iris:
        name = _prefix_of(iri)
        if name is not None:
            used[name] = PREFIXES[name]
    return dict(sorted(used.items()))


@dataclass(frozen=True)
class LineVocabulary:
    """Which project namespaces the IRIs of some N-Triples lines use (see `line_vocabulary`)."""

    namespaces: frozenset[str]
    rdf_iris: int
    """How many times an IRI of the rdf namespace (with a plain local name) is written."""
    type_predicates: int
    """How many of those are `rdf:type` as a predicate (which Turtle writes `a`)."""

    def prefixes(self, *, type_as_a: bool = True) -> dict[str, str]:
        """The project prefixes that shorten at least one IRI; with `type_as_a`, not counting
        `rdf:type` as a predicate."""
        namespaces = set(self.namespaces)
        if type_as_a and self.rdf_iris == self.type_predicates:
            namespaces.discard(RDF_NAMESPACE)
        return {name: namespace for name, namespace in sorted(PREFIXES.items()) if namespace in namespaces}


def line_vocabulary(lines: Iterable[bytes | str]) -> LineVocabulary:
    """The project namespaces that shorten an IRI (or datatype) of canonical N-Triples lines, as
    `used_prefixes(statement_terms(...))` finds them, without splitting each line into terms.

    Every project namespace ends in `/` or `#`, which no plain local name holds, so an IRI is
    shortened by the namespace it starts with when the rest is plain, and by no other. The text
    of literals is blanked first; what is left of `<` then only opens IRIs, and one search per
    namespace not yet seen tells whether a chunk holds one of its IRIs. `rdf:type` as a
    predicate is the one written ` <…#type> ` but not ` <…#type> .` (as an object) nor after
    `^^` or a newline.
    """
    namespaces: set[str] = set()
    rdf_iris = type_predicates = 0
    for chunk in _text_chunks(lines):
        terms = _LITERAL_TEXT.sub('""', chunk)
        namespaces.update(
            namespace
            for namespace, iri in _NAMESPACE_IRIS.items()
            if namespace not in namespaces and iri.search(terms)
        )
        rdf_iris += len(_NAMESPACE_IRIS[RDF_NAMESPACE].findall(terms))
        type_predicates += terms.count(f" {_RDF_TYPE_TOKEN} ") - terms.count(f" {_RDF_TYPE_TOKEN} .\n")
    return LineVocabulary(frozenset(namespaces), rdf_iris, type_predicates)


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


def statements_of(lines: Iterable[bytes | str]) -> Iterator[list[str]]:
    """Subject, predicate and object text of each canonical N-Triples line, read in chunks.

    Every line ends ` .\\n` and N-Triples has no raw newline elsewhere, so a chunk splits at
    ` .\\n` into its statements and each statement at its first two spaces into its terms.
    """
    for chunk in _text_chunks(lines):
        yield from map(_SPLIT, chunk.split(" .\n")[:-1])


def _text_chunks(lines: Iterable[bytes | str]) -> Iterator[str]:
    """Pieces of whole lines (a line each, or chunks of them) joined into text of about
    `_CHUNK_SIZE` characters or more."""
    batch: list[bytes | str] = []
    size = 0
    for piece in lines:
        batch.append(piece)
        size += len(piece)
        if size >= _CHUNK_SIZE:
            yield _text(batch)
            batch, size = [], 0
    if batch:
        yield _text(batch)


def _text(pieces: list[bytes | str]) -> str:
    if isinstance(pieces[0], bytes):
        return b"".join(pieces).decode()  # type: ignore[arg-type]
    return "".join(pieces)  # type: ignore[arg-type]


def statement_lines(triples: Iterable[ox.Triple]) -> Iterator[str]:
    """Triples as canonical N-Triples lines."""
    for triple in triples:
        subject, predicate, obj = parts(triple)
        yield f"{subject} {predicate} {obj} .\n"


def _prefix_of(iri: str) -> str | None:
    """The project prefix that shortens `iri`: every project namespace ends in `/` or `#`, which
    no plain local name holds, so the only one that can is the IRI up to its last `/` or `#`."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    name = _BY_NAMESPACE.get(iri[:cut])
    return name if name is not None and _PLAIN_LOCAL.fullmatch(iri, cut) else None


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


def _turtle_speller(prefixes: Mapping[str, str]) -> Callable[[str], str]:
    """The Turtle text of a term given as N-Triples text (remembered for the most recent terms)."""

    @lru_cache(maxsize=_CACHE_SIZE)
    def iri(value: str) -> str:
        return _iri(value, prefixes)

    @lru_cache(maxsize=_CACHE_SIZE)
    def spell(token: str) -> str:
        if token[0] == "<":
            return iri(token[1:-1])
        if token[0] == "_":
            return token
        end = token.rindex('"')
        quoted, tail = token[: end + 1], token[end + 1 :]
        if "\\u" in quoted:  # a control character: N-Triples writes \\uXXXX, Turtle the character
            quoted = '"' + "".join(_ESCAPES.get(char, char) for char in json.loads(quoted)) + '"'
        return quoted + "^^" + iri(tail[3:-1]) if tail.startswith("^^") else quoted + tail

    return spell


def _prefix_lines(prefixes: Mapping[str, str]) -> Iterator[str]:
    for name, namespace in sorted(prefixes.items()):
        yield f"PREFIX {name}: <{namespace}>\n"


def turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> Iterator[str]:
    """Turtle of triples sorted by subject (blocks follow the input order)."""
    return turtle_lines(statement_lines(triples), prefixes)


def turtle_lines(lines: Iterable[bytes | str], prefixes: Mapping[str, str]) -> Iterator[str]:
    """Turtle of canonical N-Triples lines sorted by subject (blocks follow the input order)."""
    yield from _prefix_lines(prefixes)
    yield from _blocks(lines, _turtle_speller(prefixes), "")


def trig(
    graphs: Iterable[tuple[ox.NamedNode, Iterable[ox.Triple]]], prefixes: Mapping[str, str]
) -> Iterator[str]:
    """TriG: one `GRAPH <g> { … }` block per named graph, in the given order."""
    return trig_lines(((name, statement_lines(triples)) for name, triples in graphs), prefixes)


def trig_lines(
    graphs: Iterable[tuple[ox.NamedNode, Iterable[bytes | str]]], prefixes: Mapping[str, str]
) -> Iterator[str]:
    """TriG of canonical N-Triples lines: one `GRAPH <g> { … }` block per named graph, in order."""
    yield from _prefix_lines(prefixes)
    spell = _turtle_speller(prefixes)
    for name, lines in graphs:
        yield f"\n{_iri(name.value, prefixes)} {{\n"
        yield from _blocks(lines, spell, "    ")
        yield "}\n"


def _blocks(lines: Iterable[bytes | str], spell: Callable[[str], str], indent: str) -> Iterator[str]:
    for subject, group in groupby(statements_of(lines), key=itemgetter(0)):
        by_predicate: dict[str, list[str]] = {}
        for _, predicate, obj in group:
            by_predicate.setdefault(predicate, []).append(obj)
        out = [f"\n{indent}{spell(subject)}\n"]
        types = by_predicate.pop(_RDF_TYPE_TOKEN, None)
        named = [] if types is None else [("a", types)]  # `a` first, then by IRI
        for name, objects in named + [
            (spell(iri), by_predicate[iri]) for iri in sorted(by_predicate, key=_IRI_TEXT)
        ]:
            if len(objects) == 1:
                out.append(f"{indent}    {name} {spell(objects[0])} ;\n")
            else:
                written = [f"{indent}        {spell(obj)}" for obj in sorted(set(objects))]
                out.append(f"{indent}    {name}\n" + " ,\n".join(written) + " ;\n")
        out.append(f"{indent}.\n")
        yield "".join(out)


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Canonical N-Triples of the triples, in the given order."""
    return bytes(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b"")


def jsonld(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> Iterator[str]:
    """JSON-LD with an `@context` of the prefixes: one node object per subject, in the given order.

    IRIs are written as CURIEs of that context and `rdf:type` as `@type`, which any JSON-LD
    processor expands back to the same graph.
    """
    return jsonld_lines(statement_lines(triples), prefixes)


def jsonld_lines(lines: Iterable[bytes | str], prefixes: Mapping[str, str]) -> Iterator[str]:
    """JSON-LD of canonical N-Triples lines sorted by subject (see `jsonld`).

    The text is what `json.dumps(node, indent=2, sort_keys=True, ensure_ascii=False)` writes for
    each node object, indented into the `@graph` list, but spelt directly from the terms.
    """
    yield '{\n  "@context": ' + _json(dict(prefixes), 2) + ',\n  "@graph": ['
    terms = _JsonTerms(prefixes)
    first = True
    for subject, group in groupby(statements_of(lines), key=itemgetter(0)):
        yield ("\n    " if first else ",\n    ") + _node_text(subject, group, terms)
        first = False
    yield "\n  ]\n}\n"


def _json(value: Any, indent: int) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    return text.replace("\n", "\n" + " " * indent)


class _JsonTerms:
    """JSON-LD spellings of terms given as N-Triples text (remembered for the most recent terms)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.compact = lru_cache(maxsize=_CACHE_SIZE)(self._compact)
        self.value = lru_cache(maxsize=_CACHE_SIZE)(self._value)
        self.key = lru_cache(maxsize=_CACHE_SIZE)(self._key)
        self.alone = lru_cache(maxsize=_CACHE_SIZE)(self._alone)

    def _compact(self, iri: str) -> str:
        for name, namespace in self._by_length:
            local = iri.removeprefix(namespace)
            if local != iri and not local.startswith("//"):
                return f"{name}:{local}"
        return iri

    def _alone(self, token: str) -> str:
        """The JSON text of a list holding only this term's value object."""
        return _list([self.value(token)[0]])

    def _key(self, predicate: str) -> tuple[str, str]:
        """A predicate's key in a node object, and the start of its line there."""
        name = self.compact(predicate[1:-1])
        return name, f"      {encode_basestring(name)}: "

    def identifier(self, token: str) -> str:
        """The `@id` of an IRI (a CURIE where a prefix fits) or blank node (`_:label`)."""
        return self.compact(token[1:-1]) if token[0] == "<" else token

    def _value(self, token: str) -> tuple[str, str]:
        """The JSON text of a term's value object inside a node, and the sort key of that object
        (`json.dumps(value, sort_keys=True)`, which escapes non-ASCII characters)."""
        if token[0] in "<_":
            identifier = self.identifier(token)
            return _object([("@id", encode_basestring(identifier))]), _key([("@id", identifier)])
        end = token.rindex('"')
        quoted, tail = token[: end + 1], token[end + 1 :]
        value = json.loads(quoted) if "\\" in quoted else quoted[1:-1]
        if tail.startswith("@"):
            pairs = [("@language", tail[1:]), ("@value", value)]
        elif tail.startswith("^^"):
            pairs = [("@type", self.compact(tail[3:-1])), ("@value", value)]
        else:
            pairs = [("@value", value)]
        return _object([(name, encode_basestring(text)) for name, text in pairs]), _key(pairs)


def _object(pairs: list[tuple[str, str]]) -> str:
    inner = ",\n".join(f'          "{name}": {text}' for name, text in pairs)
    return "{\n" + inner + "\n        }"


def _key(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f'"{name}": {encode_basestring_ascii(text)}' for name, text in pairs) + "}"


def _node_text(subject: str, statements: Iterable[list[str]], terms: _JsonTerms) -> str:
    """One node object, as `json.dumps(indent=2, sort_keys=True)` writes it, indented by 4."""
    by_predicate: dict[str, list[str]] = {}
    for _, predicate, obj in statements:
        by_predicate.setdefault(predicate, []).append(obj)
    entries: dict[str, str] = {"@id": '      "@id": ' + encode_basestring(terms.identifier(subject))}
    for predicate, objects in by_predicate.items():
        if predicate == _RDF_TYPE_TOKEN and all(obj[0] in "<_" for obj in objects):
            types = sorted(terms.identifier(obj) for obj in objects)
            entries["@type"] = '      "@type": ' + _list([encode_basestring(name) for name in types])
            continue
        name, key_text = terms.key(predicate)
        if len(objects) == 1:
            entries[name] = key_text + terms.alone(objects[0])
        else:
            values = sorted(map(terms.value, objects), key=itemgetter(1))
            entries[name] = key_text + _list(list(map(itemgetter(0), values)))
    return "{\n" + ",\n".join([text for _, text in sorted(entries.items())]) + "\n    }"


def _list(items: list[str]) -> str:
    return "[\n        " + ",\n        ".join(items) + "\n      ]"
