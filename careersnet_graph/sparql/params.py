"""Parameter values as RDF terms: IRIs, CURIEs with the project's prefixes, or literals.

Values are bound as SPARQL variables (rdflib initBindings); they are never formatted into the
query text, so a value cannot change the query's meaning.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from careersnet_graph.namespaces import PREFIXES, XSD, expand_curie
from careersnet_graph.sparql.errors import ParameterError

_CURIE = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_.-]*):(?P<local>\S*)$")
_TYPED = re.compile(r'^"(?P<text>.*)"\^\^(?P<datatype>\S+)$', re.DOTALL)
_TAGGED = re.compile(r'^"(?P<text>.*)"@(?P<lang>[A-Za-z]+(-[A-Za-z0-9]+)*)$', re.DOTALL)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_IRI_SCHEMES = ("http", "https", "urn", "mailto")


def parse_term(value: str) -> Identifier:
    """Read one parameter value.

    `<iri>` and absolute http(s)/urn IRIs give IRIs; `prefix:local` with a project prefix gives
    an IRI; `"text"`, `"text"@en` and `"text"^^xsd:date` give literals; integers and
    `true`/`false` give typed literals; anything else is a plain string literal.

    >>> parse_term("cnd:org-cedefop")
    rdflib.term.URIRef('https://w3id.org/careersnet-graph/id/org-cedefop')
    """
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1], value)
    typed = _TYPED.match(value)
    if typed:
        return Literal(typed["text"], datatype=_datatype(typed["datatype"], value))
    tagged = _TAGGED.match(value)
    if tagged:
        return Literal(tagged["text"], lang=tagged["lang"])
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return Literal(value[1:-1])
    if _INTEGER.match(value):
        return Literal(value, datatype=XSD.integer)
    if value in ("true", "false"):
        return Literal(value, datatype=XSD.boolean)
    curie = _CURIE.match(value)
    if curie:
        prefix = curie["prefix"]
        expanded = expand_curie(value)
        if expanded is not None:
            return _iri(str(expanded), value)
        if prefix in _IRI_SCHEMES:
            return _iri(value, value)
        known = ", ".join(sorted(PREFIXES))
        raise ParameterError(
            f"{value!r}: unknown prefix {prefix!r} (known: {known}); write <iri> or quote a literal"
        )
    return Literal(value)


def _iri(text: str, given: str) -> URIRef:
    if not text or any(char.isspace() or char in '<>"{}|^`\\' for char in text):
        raise ParameterError(f"{given!r} is not a valid IRI")
    return URIRef(text)


def _datatype(text: str, given: str) -> URIRef:
    term = parse_term(text)
    if not isinstance(term, URIRef):
        raise ParameterError(f"{given!r}: the datatype must be an IRI or a CURIE")
    return term


def to_term(value: object) -> Identifier:
    """A Python value as an RDF term: strings are read with `parse_term`, terms kept, others literals."""
    if isinstance(value, Identifier):
        return value
    if isinstance(value, str):
        return parse_term(value)
    return Literal(value)


def split_assignment(text: str) -> tuple[str, str]:
    """Split a command-line `name=value` into its name (without `?`) and value."""
    name, equals, value = text.partition("=")
    name = name.strip().removeprefix("?").removeprefix("$")
    if not equals or not name:
        raise ParameterError(f"{text!r}: write a parameter as name=value")
    return name, value


def bind(
    given: Mapping[str, object],
    declared: Collection[str],
    required: Iterable[str] = (),
    query_name: str = "the query",
) -> dict[str, Identifier]:
    """Check `given` parameters against the `declared` ones and turn their values into terms."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(sorted(declared)) or "none"
        raise ParameterError(f"{query_name} has no parameter {', '.join(unknown)} (parameters: {allowed})")
    missing = [name for name in required if name not in given]
    if missing:
        raise ParameterError(
            f"{query_name} needs the parameter {', '.join(missing)} (e.g. --param {missing[0]}=cnd:...)"
        )
    return {name: to_term(value) for name, value in given.items()}
