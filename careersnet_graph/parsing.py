"""Strict parsing of one RDF file into rdflib terms.

rdflib's own parsers accept IRIs with spaces, ill-typed literals and other invalid input, so
files are parsed with pyoxigraph's conformant parser, literals are checked against their XSD
datatype, and every failure is reported with the file and line.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from careersnet_graph.errors import RdfInputError
from careersnet_graph.namespaces import XSD

Quad = tuple[Node, Node, Node, URIRef | None]
"""Subject, predicate, object and graph name (None for the default graph)."""

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
"""File suffixes the loader reads, and their formats."""


@dataclass(frozen=True)
class ParsedRdf:
    """The statements of one file and the prefixes it declares."""

    quads: list[Quad]
    prefixes: dict[str, str]


def read_rdf_file(path: Path, base_iri: str | None = None) -> list[Quad]:
    """Parse `path` strictly and return its statements as rdflib terms (see `read_rdf`)."""
    return read_rdf(path, base_iri).quads


def read_rdf(path: Path, base_iri: str | None = None) -> ParsedRdf:
    """Parse `path` strictly: its statements as rdflib terms and its declared prefixes.

    Raises `RdfInputError` naming the file, line and column for unreadable files, non-UTF-8
    bytes, syntax errors (unknown prefixes, illegal IRIs, relative IRIs without a base) and
    literals whose lexical form does not fit their XSD datatype.
    """
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(FORMATS))
        raise RdfInputError(path, f"unsupported file type {path.suffix!r} (expected one of {known})")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RdfInputError(path, f"cannot read file: {error.strerror or error}") from None
    text = _decode_utf8(path, data)
    return _parse(text, rdf_format, path, base_iri)


def parse_rdf_text(
    text: str, rdf_format: ox.RdfFormat, path: Path, base_iri: str | None = None
) -> list[Quad]:
    """Parse RDF `text` strictly; `path` only names the input in error messages."""
    return _parse(text, rdf_format, path, base_iri).quads


def _parse(text: str, rdf_format: ox.RdfFormat, path: Path, base_iri: str | None) -> ParsedRdf:
    blank_prefix = "b" + hashlib.sha1(f"{path.name}\n{text}".encode()).hexdigest()[:8]
    parser = ox.parse(input=text.encode("utf-8"), format=rdf_format, base_iri=base_iri)
    try:
        parsed = list(parser)
    except SyntaxError as error:
        raise RdfInputError(path, _syntax_message(error), error.lineno, error.offset) from None
    blank_nodes: dict[str, BNode] = {}
    with _quiet_rdflib_term_logger():
        quads = [_to_rdflib(quad, blank_prefix, blank_nodes) for quad in parsed]
        _check_literals(quads, text, path)
    return ParsedRdf(quads, dict(parser.prefixes or {}))


def _decode_utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise RdfInputError(path, f"not valid UTF-8 (byte 0x{data[error.start]:02x})", line, column) from None


def _syntax_message(error: SyntaxError) -> str:
    message = str(error.msg) if error.msg else str(error)
    if message.startswith("Parser error at line"):
        _, _, message = message.partition(": ")
    return f"syntax error: {message}"


def _to_rdflib(quad: ox.Quad, blank_prefix: str, blank_nodes: dict[str, BNode]) -> Quad:
    graph = quad.graph_name
    graph_name = URIRef(graph.value) if isinstance(graph, ox.NamedNode) else None
    return (
        _term(quad.subject, blank_prefix, blank_nodes),
        _term(quad.predicate, blank_prefix, blank_nodes),
        _term(quad.object, blank_prefix, blank_nodes),
        graph_name,
    )


def _term(term: object, blank_prefix: str, blank_nodes: dict[str, BNode]) -> Node:
    """pyoxigraph names anonymous blank nodes at random: number them in order of appearance instead."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blank_nodes.setdefault(term.value, BNode(f"{blank_prefix}n{len(blank_nodes)}"))
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise RdfInputError("<input>", f"unsupported RDF term {term!r}")


@contextmanager
def _quiet_rdflib_term_logger() -> Iterator[None]:
    """rdflib logs a traceback for each ill-typed literal; we report them ourselves."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = previous


def _check_literals(quads: list[Quad], text: str, path: Path) -> None:
    for _, _, obj, _ in quads:
        if isinstance(obj, Literal) and str(obj.datatype or "").startswith(str(XSD)) and _is_ill_typed(obj):
            datatype = "xsd:" + str(obj.datatype).removeprefix(str(XSD))
            message = f'ill-typed literal "{obj}": not a valid {datatype}'
            raise RdfInputError(path, message, _line_of(text, str(obj)))


def _is_ill_typed(literal: Literal) -> bool:
    fresh = Literal(str(literal), datatype=literal.datatype)
    return bool(fresh.ill_typed)


def _line_of(text: str, lexical_form: str) -> int | None:
    index = text.find(f'"{lexical_form}"')
    if index < 0:
        index = text.find(lexical_form)
    return text.count("\n", 0, index) + 1 if index >= 0 else None
