"""Parameter values as RDF terms, bound into the query text as VALUES blocks.

A value is read as an IRI, a CURIE with the project's prefixes, or a literal, and written into
the query as an N-Triples term inside `VALUES ?a { ... }` at the start of the WHERE group (one
block per parameter: Virtuoso fails on a VALUES block of several variables): every store binds
it the same way, before aggregation, and a value cannot change the query's meaning (it is
escaped as a term, never spliced in as text).

The same block also opens each branch of a UNION at the top of the WHERE group that uses the
variable: a join distributes over a union, so the answer is the same, but Oxigraph does not push
a VALUES block into a union by itself and would otherwise evaluate each branch over the whole
graph before filtering (`actor-neighbourhood` took over 30 s at 1M statements, 0.05 s so).

For the same reason the block also opens the WHERE group of each sub-SELECT in such a group that
projects the variable as it is (no expressions, no `*`) and has no GROUP BY, HAVING, LIMIT,
OFFSET or VALUES of its own, and the UNION branches and sub-SELECTs inside it in turn: a
one-row VALUES block joined inside such a sub-SELECT gives the rows it gives outside, and
Oxigraph then restricts the sub-SELECT early instead of evaluating it whole (`countries-cooperating`
bound to one country at 1M statements).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

import pyoxigraph as ox

from careersnet_graph.namespaces import PREFIXES, XSD, expand_curie
from careersnet_graph.sparql.errors import ParameterError
from careersnet_graph.sparql.lexer import Token, tokenize
from careersnet_graph.sparql.prepare import PreparedQuery, after_group
from careersnet_graph.store.base import Term

_CURIE = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_.-]*):(?P<local>\S*)$")
_TYPED = re.compile(r'^"(?P<text>.*)"\^\^(?P<datatype>\S+)$', re.DOTALL)
_TAGGED = re.compile(r'^"(?P<text>.*)"@(?P<lang>[A-Za-z]+(-[A-Za-z0-9]+)*)$', re.DOTALL)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_IRI_SCHEMES = ("http", "https", "urn", "mailto")
_FORBIDDEN_IN_IRI = frozenset('<>"{}|^`\\')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def parse_term(value: str) -> Term:
    """Read one parameter value.

    `<iri>` and absolute http(s)/urn IRIs give IRIs; `prefix:local` with a project prefix gives
    an IRI; `"text"`, `"text"@en` and `"text"^^xsd:date` give literals; integers and
    `true`/`false` give typed literals; anything else is a plain string literal.

    >>> parse_term("cnd:org-cedefop")
    <NamedNode value=https://w3id.org/careersnet-graph/id/org-cedefop>
    """
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1], value)
    typed = _TYPED.match(value)
    if typed:
        return ox.Literal(typed["text"], datatype=_datatype(typed["datatype"], value))
    tagged = _TAGGED.match(value)
    if tagged:
        return ox.Literal(tagged["text"], language=tagged["lang"])
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return ox.Literal(value[1:-1])
    if _INTEGER.match(value):
        return ox.Literal(value, datatype=XSD.integer)
    if value in ("true", "false"):
        return ox.Literal(value, datatype=XSD.boolean)
    curie = _CURIE.match(value)
    if curie:
        prefix = curie["prefix"]
        expanded = expand_curie(value)
        if expanded is not None:
            return _iri(expanded.value, value)
        if prefix in _IRI_SCHEMES:
            return _iri(value, value)
        known = ", ".join(sorted(PREFIXES))
        raise ParameterError(
            f"{value!r}: unknown prefix {prefix!r} (known: {known}); write <iri> or quote a literal"
        )
    return ox.Literal(value)


def _iri(text: str, given: str) -> ox.NamedNode:
    if not text or any(char.isspace() or char in _FORBIDDEN_IN_IRI or ord(char) < 0x20 for char in text):
        raise ParameterError(f"{given!r} is not a valid IRI")
    try:
        return ox.NamedNode(text)
    except ValueError:
        raise ParameterError(f"{given!r} is not a valid IRI") from None


def _datatype(text: str, given: str) -> ox.NamedNode:
    term = parse_term(text)
    if not isinstance(term, ox.NamedNode):
        raise ParameterError(f"{given!r}: the datatype must be an IRI or a CURIE")
    return term


def to_term(value: object) -> Term:
    """A Python value as an RDF term: strings are read with `parse_term`, terms kept, others literals."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, ox.BlankNode):
        raise ParameterError("a blank node cannot be a parameter: give an IRI")
    if isinstance(value, str):
        return parse_term(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=XSD.integer)
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=XSD.double)
    return ox.Literal(str(value))


def split_assignment(text: str) -> tuple[str, str]:
    """Split a command-line `name=value` into its name (without `?`) and value."""
    name, equals, value = text.partition("=")
    name = name.strip().removeprefix("?").removeprefix("$")
    if not equals or not name:
        raise ParameterError(f"{text!r}: write a parameter as name=value")
    return name, value


def check_parameters(
    given: Mapping[str, object],
    declared: Collection[str],
    required: Iterable[str] = (),
    query_name: str = "the query",
    bound_in_text: Collection[str] = (),
) -> dict[str, Term]:
    """Check `given` parameters against the `declared` ones and turn their values into terms.

    A required parameter the query text binds itself (BIND or VALUES) need not be given.
    """
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(sorted(declared)) or "none"
        raise ParameterError(f"{query_name} has no parameter {', '.join(unknown)} (parameters: {allowed})")
    twice = sorted(set(given) & set(bound_in_text))
    if twice:
        raise ParameterError(f"{query_name} binds ?{', ?'.join(twice)} itself: do not give it as a parameter")
    missing = [name for name in required if name not in given and name not in bound_in_text]
    if missing:
        raise ParameterError(
            f"{query_name} needs the parameter {', '.join(missing)} (e.g. --param {missing[0]}=cnd:...)"
        )
    return {name: to_term(value) for name, value in given.items()}


def sparql_term(term: Term) -> str:
    """A term as SPARQL (and N-Triples) syntax, escaped so that it stays one term."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = "".join(_ESCAPES.get(char, char) for char in term.value)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype.value == XSD.string.value:
            return f'"{text}"'
        return f'"{text}"^^<{term.datatype.value}>'
    raise ParameterError("a blank node cannot be a parameter: give an IRI")


def bind_text(prepared: PreparedQuery, bindings: Mapping[str, Term]) -> str:
    """The query text with `bindings` as a VALUES block opening its WHERE group, and opening each
    UNION branch and plain sub-SELECT in it that uses a bound variable (see the module's docstring)."""
    if not bindings:
        return prepared.text
    if prepared.where_offset is None:
        raise ParameterError(f"{prepared.source}: parameters need a WHERE group to bind them in")
    blocks = {name: f" VALUES ?{name} {{ {sparql_term(bindings[name])} }}" for name in sorted(bindings)}
    inserts = [(prepared.where_offset, "".join(blocks.values()) + " ")]
    tokens = tokenize(prepared.text)
    start = next(index for index, token in enumerate(tokens) if token.offset + 1 == prepared.where_offset)
    for offset, names in _inner_groups(tokens, start, frozenset(bindings)):
        text = "".join(block for name, block in blocks.items() if name in names)
        if text:
            inserts.append((offset, text + " "))
    bound = prepared.text
    for offset, text in sorted(inserts, reverse=True):
        bound = bound[:offset] + text + bound[offset:]
    return bound


def _inner_groups(tokens: list[Token], start: int, names: frozenset[str]) -> list[tuple[int, frozenset[str]]]:
    """The groups inside the group whose `{` is at `start` that a VALUES block of `names` may also
    open: each UNION branch directly in it and each plain sub-SELECT directly in it (then the groups
    inside that sub-SELECT's WHERE group in turn), with the offset just after their `{` and the
    names they use."""
    found = [(offset, names & used) for offset, used in _union_branches(tokens, start)]
    found = [(offset, used) for offset, used in found if used]
    for first, last in _direct_groups(tokens, start):
        sub_select = _plain_sub_select(tokens, first)
        if sub_select is None:
            continue
        where, projected = sub_select
        if not _unmodified(tokens[after_group(tokens, where) : last - 1]):
            continue
        kept = names & projected & _bound_directly(tokens, where)
        if kept:
            found.append((tokens[where].offset + 1, kept))
            found += _inner_groups(tokens, where, kept)
    return found


def _direct_groups(tokens: list[Token], start: int) -> list[tuple[int, int]]:
    """Each group directly in the group whose `{` is at `start`: the index of its `{` and the index
    after its `}`."""
    end = after_group(tokens, start) - 1
    depth = tokens[start].depth + 1
    groups: list[tuple[int, int]] = []
    index = start + 1
    while index < end:
        if tokens[index].text == "{" and tokens[index].depth == depth:
            groups.append((index, after_group(tokens, index)))
            index = groups[-1][1]
        else:
            index += 1
    return groups


def _plain_sub_select(tokens: list[Token], first: int) -> tuple[int, frozenset[str]] | None:
    """For a sub-SELECT group whose `{` is at `first` and whose projection lists only variables:
    the index of its WHERE group's `{` and those variables (without `?`); else None."""
    if not tokens[first + 1].is_keyword("SELECT"):
        return None
    last = after_group(tokens, first)
    where = next((index for index in range(first + 2, last) if tokens[index].text == "{"), None)
    projected = _plain_projection(tokens[first + 2 : where]) if where is not None else None
    return None if where is None or projected is None else (where, projected)


def _plain_projection(tokens: list[Token]) -> frozenset[str] | None:
    """The variables (without `?`) a sub-SELECT's projection lists, None unless it lists only
    variables (no `*`, no expression)."""
    listed = [token for token in tokens if not token.is_keyword("DISTINCT", "REDUCED", "WHERE")]
    if not listed or any(token.kind != "var" for token in listed):
        return None
    return frozenset(token.text[1:] for token in listed)


def _unmodified(tokens: list[Token]) -> bool:
    """True if the tokens after a sub-SELECT's WHERE group hold no modifier that would make a
    VALUES block inside it differ from one outside (ORDER BY does not)."""
    return not any(token.is_keyword("GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES") for token in tokens)


def _union_branches(tokens: list[Token], start: int) -> list[tuple[int, frozenset[str]]]:
    """Each branch of a UNION directly in the group whose `{` is at `start`: the offset just after
    its `{` and the variables (without `?`) bound in every one of its solutions."""
    return [
        (tokens[first].offset + 1, _bound_directly(tokens, first))
        for chain in _group_chains(tokens, start)
        if len(chain) > 1
        for first in chain
    ]


def _bound_directly(tokens: list[Token], start: int) -> frozenset[str]:
    """The variables (without `?`) bound in every solution of the group whose `{` is at `start`:
    those of its own triple patterns (not in parentheses: FILTER, BIND), and those every branch of
    a UNION (or a plain or GRAPH group) directly in it binds, but none from OPTIONAL, MINUS,
    EXISTS or SERVICE (a sub-SELECT binds what its plain projection lists and binds). A VALUES
    block of such a variable joined at the group's start gives the rows the same block gives
    joined after the group."""
    depth = tokens[start].depth + 1
    found: set[str] = set()
    parentheses = 0
    for token in tokens[start + 1 : after_group(tokens, start) - 1]:
        if token.depth != depth:
            continue
        if token.text == "(":
            parentheses += 1
        elif token.text == ")":
            parentheses -= 1
        elif token.kind == "var" and parentheses == 0:
            found.add(token.text[1:])
    for chain in _group_chains(tokens, start):
        if not tokens[chain[0] - 1].is_keyword("OPTIONAL", "MINUS", "EXISTS", "SERVICE", "SILENT"):
            found.update(frozenset.intersection(*(_bound_by_group(tokens, first) for first in chain)))
    return frozenset(found)


def _bound_by_group(tokens: list[Token], first: int) -> frozenset[str]:
    """The variables bound in every solution of the group whose `{` is at `first`; for a
    sub-SELECT, those of its plain projection bound in every solution of its WHERE group."""
    if not tokens[first + 1].is_keyword("SELECT"):
        return _bound_directly(tokens, first)
    sub_select = _plain_sub_select(tokens, first)
    if sub_select is None:
        return frozenset()
    where, projected = sub_select
    return projected & _bound_directly(tokens, where)


def _group_chains(tokens: list[Token], start: int) -> list[list[int]]:
    """The groups directly in the group whose `{` is at `start`, as chains joined by UNION (a
    group alone is a chain of one): the index of each group's `{`."""
    chains: list[list[int]] = []
    previous_end = -1
    for first, last in _direct_groups(tokens, start):
        if chains and first == previous_end + 1 and tokens[previous_end].is_keyword("UNION"):
            chains[-1].append(first)
        else:
            chains.append([first])
        previous_end = last
    return chains
