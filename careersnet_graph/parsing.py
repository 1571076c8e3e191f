"""Strict parsing of one RDF file into pyoxigraph quads.

Files are parsed with pyoxigraph's conformant parser, literals are checked against their XSD
datatype's lexical rules (`xsd`), input beyond the `InputLimits` is refused, and every failure
is reported with the file, line and column. Blank nodes get labels that depend only on the
file's name and content, so that the same file always gives the same quads; the loader then
skolemizes them (`skolem_iri`), so that every store, remote ones included, keeps their identity.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.errors import RdfInputError
from careersnet_graph.namespaces import GENID
from careersnet_graph.xsd import XSD, lexical_error

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Subject = ox.NamedNode | ox.BlankNode

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
"""File suffixes the loader reads, and their formats."""

_GENID = str(GENID)
_GENID_BYTES = _GENID.encode()
_SKOLEM_IRI = re.compile(rb"<" + re.escape(_GENID_BYTES) + rb"([^>]*)>")
_UNCHECKED = frozenset({XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})


@dataclass(frozen=True)
class InputLimits:
    """How much one input file may hold; each limit has a command-line option to raise it."""

    max_file_bytes: int = 1 << 30
    max_literal_bytes: int = 1 << 20
    max_statements: int = 20_000_000
    max_json_depth: int = 256


DEFAULT_LIMITS = InputLimits()

PARSER_TOKEN_BYTES = 16 << 20
"""pyoxigraph's parsers hold one token (a literal, an IRI) of at most 16 MiB: a longer literal is
refused whatever `max_literal_bytes` says."""


@dataclass(frozen=True)
class ParsedRdf:
    """The statements of one file and the prefixes it declares."""

    quads: list[ox.Quad]
    prefixes: dict[str, str]


def read_rdf_file(
    path: Path, base_iri: str | None = None, limits: InputLimits = DEFAULT_LIMITS
) -> list[ox.Quad]:
    """Parse `path` strictly and return its statements (see `read_rdf`)."""
    return read_rdf(path, base_iri, limits).quads


def read_rdf(path: Path, base_iri: str | None = None, limits: InputLimits = DEFAULT_LIMITS) -> ParsedRdf:
    """Parse `path` strictly: its statements and its declared prefixes.

    Raises `RdfInputError` naming the file, line and column for unreadable files, files above the
    limits, non-UTF-8 bytes, syntax errors (unknown prefixes, illegal IRIs, relative IRIs without a
    base) and literals whose lexical form does not fit their XSD datatype.
    """
    rdf_format = format_of(path)
    return parse_rdf_text(_decode_utf8(path, read_bytes(path, limits)), rdf_format, path, base_iri, limits)


def format_of(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, by its suffix; an error naming the suffixes the loader reads."""
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(FORMATS))
        raise RdfInputError(path, f"unsupported file type {path.suffix!r} (expected one of {known})")
    return rdf_format


def read_bytes(path: Path, limits: InputLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a file, refused above the size limit."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise RdfInputError(
                path,
                f"the file has {size} bytes, more than the limit of {limits.max_file_bytes} "
                "(raise it with --max-file-bytes)",
            )
        return path.read_bytes()
    except OSError as error:
        raise RdfInputError(path, f"cannot read file: {error.strerror or error}") from None


def store_parsable(data: bytes, rdf_format: ox.RdfFormat, limits: InputLimits) -> bytes | None:
    """The bytes of a Turtle or N-Triples file a store may parse itself, checked as UTF-8 and
    without a byte-order mark; None where the file needs this module's parser: other formats,
    files that may hold blank nodes, collections or triple terms (labelled and skolemized here),
    and files large enough to hold a literal above the size limit."""
    if (
        rdf_format not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)
        or len(data) > limits.max_literal_bytes
    ):
        return None
    if b"_:" in data or b"[" in data or b"(" in data or b"<<" in data:
        return None
    return data.removeprefix(b"\xef\xbb\xbf")


def check_utf8(path: Path, data: bytes) -> None:
    """Refuse bytes that are not UTF-8, naming the line and column of the first bad byte."""
    _decode_utf8(path, data)


def syntax_error(path: Path, error: SyntaxError) -> RdfInputError:
    """A parser's syntax error as an input error with the file, line and column."""
    line, column = _position(error)
    return RdfInputError(path, _syntax_message(error), line, column)


def parse_rdf_text(
    text: str,
    rdf_format: ox.RdfFormat,
    path: Path,
    base_iri: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> ParsedRdf:
    """Parse RDF `text` strictly; `path` names the input in error messages and seeds blank-node labels."""
    text = text.removeprefix("\ufeff")
    if rdf_format == ox.RdfFormat.JSON_LD:
        _check_json(text, path, limits)
    parser = ox.parse(input=text.encode("utf-8"), format=rdf_format, base_iri=base_iri)
    quads: list[ox.Quad] = []
    try:
        for quad in parser:
            quads.append(quad)
            if len(quads) > limits.max_statements:
                raise RdfInputError(
                    path,
                    f"more than {limits.max_statements} statements (raise the limit with --max-statements)",
                )
    except SyntaxError as error:
        line, column = _position(error)
        if line is None and rdf_format == ox.RdfFormat.JSON_LD:
            line, column = _json_ld_place(text, str(error.msg or error))
        raise RdfInputError(path, _syntax_message(error), line, column) from None
    except MemoryError as error:
        if "buffer" not in str(error):
            raise
        raise RdfInputError(
            path,
            f"a literal or IRI longer than {PARSER_TOKEN_BYTES} bytes, the most the parser reads "
            f"(the literal limit is {limits.max_literal_bytes} bytes, --max-literal-bytes)",
            *_long_line(text, PARSER_TOKEN_BYTES),
        ) from None
    quads = _relabel_blank_nodes(quads, hashlib.sha1(f"{path.name}\n{text}".encode()).hexdigest()[:8])
    _check_literals(quads, text, path, limits)
    return ParsedRdf(quads, dict(parser.prefixes or {}))


def canonical_literals(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads with every typed literal in the canonical form the default store keeps.

    Oxigraph stores XSD values in a compact form: `"+01"^^xsd:int` becomes `"1"^^xsd:integer`,
    `"1.50"^^xsd:decimal` becomes `"1.5"`, `"1"^^xsd:boolean` becomes `"true"`. The value stays
    the same; the term changes. Every store is given literals in that form, so that all of them
    hold, answer and export the same terms (the form is read back from a scratch Oxigraph store,
    so it is exactly Oxigraph's).
    """
    typed = sorted(
        {
            quad.object
            for quad in quads
            if isinstance(quad.object, ox.Literal)
            and not quad.object.language
            and quad.object.datatype.value not in _UNCHECKED
        },
        key=str,
    )
    if not typed:
        return quads
    scratch = ox.Store()
    value = ox.NamedNode("urn:careersnet:value")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:careersnet:{index}"), value, literal)
        for index, literal in enumerate(typed)
    )
    canonical: dict[ox.Literal, ox.Literal] = {}
    for quad in scratch.quads_for_pattern(None, value, None, None):
        subject, found = quad.subject, quad.object
        assert isinstance(subject, ox.NamedNode) and isinstance(found, ox.Literal)
        literal = typed[int(subject.value.rsplit(":", 1)[1])]
        if found != literal:
            canonical[literal] = found
    if not canonical:
        return quads
    return [
        ox.Quad(quad.subject, quad.predicate, canonical[quad.object], quad.graph_name)
        if isinstance(quad.object, ox.Literal) and quad.object in canonical
        else quad
        for quad in quads
    ]


def skolem_iri(node: ox.BlankNode) -> ox.NamedNode:
    """The well-known IRI (RDF 1.1 §3.5) that stands for a blank node inside a store."""
    return ox.NamedNode(_GENID + node.value)


def skolemize(quad: ox.Quad) -> ox.Quad:
    """The quad with its blank nodes replaced by their skolem IRIs."""
    subject, obj = quad.subject, quad.object
    if not isinstance(subject, ox.BlankNode) and not isinstance(obj, ox.BlankNode):
        return quad
    return ox.Quad(
        skolem_iri(subject) if isinstance(subject, ox.BlankNode) else subject,
        quad.predicate,
        skolem_iri(obj) if isinstance(obj, ox.BlankNode) else obj,
        quad.graph_name,
    )


def unskolemize(term: Term) -> Term:
    """A skolem IRI as the blank node it stands for; any other term as it is."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(_GENID):
        return ox.BlankNode(term.value[len(_GENID) :])
    return term


def unskolemize_ntriples(data: bytes) -> bytes:
    """N-Triples or N-Quads text with every skolem IRI written as its blank node."""
    return _SKOLEM_IRI.sub(rb"_:\1", data) if _GENID_BYTES in data else data


def _decode_utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise RdfInputError(path, f"not valid UTF-8 (byte 0x{data[error.start]:02x})", line, column) from None


def _check_json(text: str, path: Path, limits: InputLimits) -> None:
    """JSON syntax (with its position) and nesting depth, before the JSON-LD parser sees the text:
    pyoxigraph's JSON-LD conversion recurses, and deep nesting would crash the process."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RdfInputError(
            path, f"syntax error: not valid JSON: {error.msg}", error.lineno, error.colno
        ) from None
    except RecursionError:
        document = None
        depth = limits.max_json_depth + 1
    else:
        depth = _json_depth(document)
    if depth > limits.max_json_depth:
        limit = limits.max_json_depth
        raise RdfInputError(
            path,
            f"JSON nested more than {limit} levels deep (raise the limit with --max-json-depth)",
            *_json_depth_place(text, limit),
        )


def _json_depth_place(text: str, limit: int) -> tuple[int | None, int | None]:
    """Line and column of the first `{` or `[` nested deeper than `limit` (strings skipped)."""
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
            if depth > limit:
                return _line_column(text, index)
        elif char in "}]":
            depth -= 1
    return None, None


def _json_depth(document: object) -> int:
    deepest = 0
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            deepest = max(deepest, depth)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            deepest = max(deepest, depth)
            stack.extend((item, depth + 1) for item in value)
    return deepest


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEYWORD = re.compile(r"@[a-z]+")


def _json_ld_place(text: str, message: str) -> tuple[int | None, int | None]:
    """Where a JSON-LD error most likely is (pyoxigraph gives no position): the first key named
    by the message (`@id value must be a string`) whose value has the wrong JSON type, else the
    first such key."""
    keyword = _KEYWORD.search(message)
    if keyword is None:
        return None, None
    wanted = f'"{keyword.group()}"'
    must_be_string = "must be a string" in message
    first: int | None = None
    for match in _JSON_STRING.finditer(text):
        if match.group() != wanted:
            continue
        rest = text[match.end() : match.end() + 64].lstrip()
        if not rest.startswith(":"):
            continue
        first = match.start() if first is None else first
        if must_be_string and not rest[1:].lstrip().startswith('"'):
            return _line_column(text, match.start())
    return (None, None) if first is None else _line_column(text, first)


def _long_line(text: str, length: int) -> tuple[int | None, int | None]:
    """The place of the first line longer than `length` characters (where an overlong token is)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > length:
            return _line_column(text, start)
        start = end + 1
    return None, None


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _position(error: SyntaxError) -> tuple[int | None, int | None]:
    return error.lineno, error.offset


def _syntax_message(error: SyntaxError) -> str:
    message = str(error.msg) if error.msg else str(error)
    if message.startswith("Parser error at line"):
        _, _, message = message.partition(": ")
    return f"syntax error: {message}"


def _relabel_blank_nodes(quads: list[ox.Quad], prefix: str) -> list[ox.Quad]:
    """pyoxigraph names anonymous blank nodes at random: number them in order of appearance."""
    labels: dict[str, ox.BlankNode] = {}

    def relabel(term: Term) -> Term:
        if isinstance(term, ox.BlankNode):
            found = labels.get(term.value)
            if found is None:
                found = labels[term.value] = ox.BlankNode(f"b{prefix}n{len(labels)}")
            return found
        return term

    return [
        ox.Quad(relabel(quad.subject), quad.predicate, relabel(quad.object), quad.graph_name)  # type: ignore[arg-type]
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
        else quad
        for quad in quads
    ]


def _check_literals(quads: list[ox.Quad], text: str, path: Path, limits: InputLimits) -> None:
    half_limit = limits.max_literal_bytes // 4
    for quad in quads:
        obj = quad.object
        if isinstance(obj, ox.Triple) or isinstance(quad.subject, ox.Triple):
            raise RdfInputError(
                path, "RDF 1.2 triple terms (<< … >>) are not read: state the facts as triples"
            )
        if not isinstance(obj, ox.Literal):
            continue
        value = obj.value
        if len(value) > half_limit and len(value.encode("utf-8")) > limits.max_literal_bytes:
            raise RdfInputError(
                path,
                f"a literal of {len(value.encode('utf-8'))} bytes, more than the limit of "
                f"{limits.max_literal_bytes} (raise it with --max-literal-bytes)",
                *_place(text, value[:40]),
            )
        datatype = obj.datatype.value
        if datatype in _UNCHECKED:
            continue
        problem = lexical_error(value, datatype)
        if problem is not None:
            short = value if len(value) <= 60 else value[:57] + "..."
            name = "xsd:" + datatype.removeprefix(XSD)
            reason = problem if problem.startswith("not a valid") else f"not a valid {name}: {problem}"
            shown = json.dumps(short, ensure_ascii=False)  # control characters escaped, visible
            raise RdfInputError(path, f"ill-typed literal {shown}: {reason}", *_place(text, value))


def _place(text: str, lexical: str) -> tuple[int | None, int | None]:
    """Line and column of the literal's first appearance in the text (quoted if possible)."""
    index = -1
    escaped = json.dumps(lexical)[1:-1]  # how N-Triples, Turtle and JSON escape it
    for needle in (
        f'"{lexical}"',
        f"'{lexical}'",
        f'"{lexical}',
        f"'{lexical}",
        f'"{escaped}"',
        f'"{json.dumps(lexical, ensure_ascii=False)[1:-1]}"',
        f'"{escaped}',
        lexical,
    ):
        index = text.find(needle)
        if index >= 0:
            break
    if index < 0:
        return None, None
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column
