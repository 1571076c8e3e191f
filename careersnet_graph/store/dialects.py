"""What known SPARQL servers do differently, and how the remote store deals with it.

Measured on OpenLink Virtuoso 7.2 (Debian's `virtuoso-opensource`): an ASK answer comes as one
row of `__ASK_RETVAL` (none when false) instead of a boolean; answers are cut at the server's
row limit with an `X-SPARQL-MaxRows` header (the remote store pages them); `GRAPH ?g` ranges over
the server's own system graphs too (the remote store always names the data graphs); literals
are changed on the way in: numbers are rewritten in canonical form (`"01"` becomes `"1"`,
`"0.80"` becomes `"0.8"`, `"1.5E0"` becomes `"1.5"`), integers beyond 64 bits become decimals or
are refused, durations are turned into seconds, booleans come back as `"1"` and `"0"`, and a
boolean and a number of the same value on the same subject and property are merged into one.
Loading refuses the literals it would change with the graph and the literal named, so that no
statement is silently changed; booleans are read back in their canonical form. A property path
joined with several OPTIONAL groups loses rows (a Virtuoso bug): the library's queries test class
membership with FILTER EXISTS instead. DATATYPE of a language-tagged literal is not rdf:langString
(SPARQL 1.0's answer): the SHACL engine tells language literals by LANG.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from careersnet_graph.sparql.errors import SparqlSyntaxError
from careersnet_graph.store.base import StoreError, Term

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset(
    _XSD + name
    for name in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
_CANONICAL_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.([0-9]*[1-9]|0)")
_BOOLEANS = {"1": "true", "0": "false"}
_LINE = re.compile(r"line (\d+)")
_LINE_COLUMN = re.compile(r"error at (\d+):(\d+):\s*")


class Dialect:
    """The standard SPARQL 1.1 behaviour."""

    name = "standard"

    def boolean(self, parsed: object) -> bool:
        """The answer of an ASK query."""
        if isinstance(parsed, ox.QueryBoolean):
            return bool(parsed)
        raise StoreError("the server answered an ASK query without a boolean")

    def check_literals(self, graph: ox.NamedNode, triples: Sequence[ox.Triple]) -> None:
        """Refuse literals the server would change; the standard server keeps them all."""

    def restore(self, term: Term | None) -> Term | None:
        """A value of an answer as the data held it (the standard server changes none)."""
        return term

    def syntax_error(self, source: str, message: str, shift: int) -> SparqlSyntaxError:
        """The server's message for an invalid query, with the line (and column) in the user's text."""
        found = _LINE_COLUMN.search(message)
        if found:
            return SparqlSyntaxError(source, message[found.end() :], int(found[1]) - shift, int(found[2]))
        line = _LINE.search(message)
        return SparqlSyntaxError(source, message, int(line[1]) - shift if line else None)


class Virtuoso(Dialect):
    """OpenLink Virtuoso 7."""

    name = "virtuoso"

    def boolean(self, parsed: object) -> bool:
        if isinstance(parsed, ox.QueryBoolean):
            return bool(parsed)
        assert isinstance(parsed, ox.QuerySolutions)
        for solution in parsed:
            value = solution[0]
            return isinstance(value, ox.Literal) and value.value not in ("0", "false")
        return False

    def restore(self, term: Term | None) -> Term | None:
        """Virtuoso keeps booleans as numbers and answers `"1"^^xsd:boolean`: the canonical form
        the loader wrote was `"true"`."""
        if (
            isinstance(term, ox.Literal)
            and term.datatype.value == _XSD + "boolean"
            and term.value in _BOOLEANS
        ):
            return ox.Literal(_BOOLEANS[term.value], datatype=term.datatype)
        return term

    def check_literals(self, graph: ox.NamedNode, triples: Sequence[ox.Triple]) -> None:
        kinds: dict[tuple[str, str, str], set[str]] = {}
        for triple in triples:
            literal = triple.object
            if not isinstance(literal, ox.Literal) or literal.language:
                continue
            problem = _changed_by_virtuoso(literal)
            if problem is not None:
                raise StoreError(
                    f"Virtuoso would change the literal {literal} in <{graph.value}>: {problem}; "
                    "write it in canonical form, or load the data into another store"
                )
            datatype = literal.datatype.value
            if datatype == _XSD + "boolean" or datatype in _INTEGERS or datatype == _XSD + "decimal":
                value = {"true": "1", "false": "0"}.get(literal.value, literal.value)
                key = (str(triple.subject), str(triple.predicate), value)
                kinds.setdefault(key, set()).add("boolean" if datatype == _XSD + "boolean" else "number")
        for (subject, predicate, value), found in sorted(kinds.items()):
            if len(found) > 1:
                raise StoreError(
                    f"Virtuoso would merge a boolean and the number {value} of {subject} {predicate} in "
                    f"<{graph.value}> into one literal; load the data into another store"
                )


def _changed_by_virtuoso(literal: ox.Literal) -> str | None:
    datatype = literal.datatype.value
    if datatype in _INTEGERS:
        if _CANONICAL_INTEGER.fullmatch(literal.value) is None:
            return "it keeps integers only in canonical form (no sign, no leading zeros)"
        if not -(2**63) <= int(literal.value) < 2**63:
            return "it keeps integers only up to 64 bits"
    elif datatype == _XSD + "decimal":
        if _CANONICAL_DECIMAL.fullmatch(literal.value) is None:
            return "it keeps decimals only in canonical form (e.g. 0.8, not 0.80)"
    elif datatype in (_XSD + "double", _XSD + "float"):
        return "it rewrites floating-point numbers"
    elif datatype in (_XSD + "duration", _XSD + "dayTimeDuration", _XSD + "yearMonthDuration"):
        return "it turns durations into seconds"
    return None


def detect_dialect(server_header: str) -> Dialect:
    """The dialect of a server, from its `Server` response header."""
    if server_header.startswith("Virtuoso"):
        return Virtuoso()
    return Dialect()
