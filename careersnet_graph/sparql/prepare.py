"""Check a query once, refuse what a read-only graph must not do, and say what kind it is.

The checks read the query's tokens (`lexer`), never a regular expression over the raw text:
an update (`INSERT`, `DELETE`, `LOAD`, ...) is refused before anything runs; a `SERVICE`
clause anywhere (even nested) is refused; `FROM` and `FROM NAMED` may only name graphs of the
loaded data. The store then parses the checked text itself, once.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin

from careersnet_graph.namespaces import PREFIXES
from careersnet_graph.sparql.errors import ForbiddenQueryError, SparqlSyntaxError, UpdateRefusedError
from careersnet_graph.sparql.lexer import LexError, Token, tokenize
from careersnet_graph.store.base import QueryKind

QUERY_FORMS: dict[str, QueryKind] = {
    "SELECT": "SELECT",
    "ASK": "ASK",
    "CONSTRUCT": "CONSTRUCT",
    "DESCRIBE": "DESCRIBE",
}
MAX_NESTING = 128
"""Braces, brackets, parentheses and chains of unary operators (`!!!x`, `- -x`) may nest this
deep; deeper queries are refused before any store parses them."""

MAX_CLAUSES = 1000
"""At most this many groups (`{`), BIND and FILTER clauses in one query. Oxigraph nests each group
element in the one before it and evaluates the nest recursively: a few thousand MINUS, VALUES or
BIND clauses in a row overflow its stack (the process dies), so longer queries are refused."""

UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING")


@dataclass(frozen=True)
class DatasetClause:
    """One `FROM <iri>` (named False) or `FROM NAMED <iri>` (named True) of a query."""

    iri: str
    named: bool


@dataclass(frozen=True)
class PreparedQuery:
    """A checked query: its text, kind, variables, dataset clauses and where its WHERE group opens."""

    text: str
    kind: QueryKind
    variables: frozenset[str]
    projected: tuple[str, ...] | None
    order: tuple[tuple[str, bool], ...] | None
    bound_in_text: frozenset[str]
    dataset: tuple[DatasetClause, ...]
    where_offset: int | None
    source: str

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, whose answer is a graph rather than a table."""
        return self.kind in ("CONSTRUCT", "DESCRIBE")


def prepare(text: str, source: str = "query") -> PreparedQuery:
    """Check `text`; raise `SparqlSyntaxError`, `UpdateRefusedError` or `ForbiddenQueryError`."""
    try:
        tokens = tokenize(text)
    except LexError as error:
        raise SparqlSyntaxError(source, error.message, error.line, error.column) from None
    _check_nesting(tokens, source)
    for token in tokens:
        if token.is_keyword(*UPDATE_WORDS):
            if any(other.is_keyword("LOAD") for other in tokens):
                raise ForbiddenQueryError(
                    f"{source}: LOAD is refused: queries read no file and no other host"
                )
            raise UpdateRefusedError(f"{source}: SPARQL Update is refused: the graph is read-only")
        if token.is_keyword("SERVICE"):
            raise ForbiddenQueryError(f"{source}: SERVICE is refused: queries run on the loaded graph only")
    base, prefixes, start = _prologue(tokens, source)
    if start >= len(tokens) or not tokens[start].is_keyword(*QUERY_FORMS):
        place = tokens[start] if start < len(tokens) else None
        raise SparqlSyntaxError(
            source,
            "expected SELECT, ASK, CONSTRUCT or DESCRIBE",
            place.line if place else None,
            place.column if place else None,
        )
    kind = QUERY_FORMS[tokens[start].text.upper()]
    known = {**PREFIXES, **prefixes}
    for token in tokens[start:]:
        if token.kind == "pname" and token.text.partition(":")[0] not in known:
            prefix = token.text.partition(":")[0]
            raise SparqlSyntaxError(
                source, f"unknown prefix {prefix!r} in {token.text}", token.line, token.column
            )
    dataset, where = _dataset_and_where(tokens, start, kind, base=base, prefixes=known, source=source)
    variables = frozenset(token.text[1:] for token in tokens if token.kind == "var")
    projected = _projected(tokens, start) if kind == "SELECT" else None
    order = _order(tokens)
    return PreparedQuery(
        text, kind, variables, projected, order, _bound_in_text(tokens), dataset, where, source
    )


def _check_nesting(tokens: list[Token], source: str) -> None:
    depth = 0
    unary = 0
    clauses = 0
    for token in tokens:
        unary = unary + 1 if token.kind == "punct" and token.text in ("!", "-", "+") else 0
        if token.text in ("{", "(", "["):
            depth += 1
        elif token.text in ("}", ")", "]"):
            depth -= 1
        if depth + unary > MAX_NESTING:
            raise SparqlSyntaxError(
                source,
                f"the query is nested too deeply (more than {MAX_NESTING} levels)",
                token.line,
                token.column,
            )
        if token.text == "{" or token.is_keyword("BIND", "FILTER"):
            clauses += 1
            if clauses > MAX_CLAUSES:
                raise SparqlSyntaxError(
                    source,
                    f"the query has more than {MAX_CLAUSES} groups, BIND and FILTER clauses",
                    token.line,
                    token.column,
                )


def check_dataset(prepared: PreparedQuery, loaded: Collection[str]) -> None:
    """Refuse FROM or FROM NAMED clauses that name a graph the loaded data does not hold."""
    for clause in prepared.dataset:
        if clause.iri not in loaded:
            keyword = "FROM NAMED" if clause.named else "FROM"
            raise ForbiddenQueryError(
                f"{prepared.source}: {keyword} <{clause.iri}> is refused: FROM and FROM NAMED may only name "
                "graphs of the loaded data (queries read no file and no other host)"
            )


def _prologue(tokens: list[Token], source: str) -> tuple[str | None, dict[str, str], int]:
    """The BASE, the PREFIX declarations and the index of the first token after them."""
    base: str | None = None
    prefixes: dict[str, str] = {}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.is_keyword("BASE") and index + 1 < len(tokens) and tokens[index + 1].kind == "iri":
            base = tokens[index + 1].text[1:-1]
            index += 2
        elif (
            token.is_keyword("PREFIX")
            and index + 2 < len(tokens)
            and tokens[index + 1].kind == "pname"
            and tokens[index + 2].kind == "iri"
        ):
            name = tokens[index + 1].text
            if not name.endswith(":"):
                raise SparqlSyntaxError(source, f"bad prefix name {name!r}", token.line, token.column)
            prefixes[name[:-1]] = _resolve(tokens[index + 2].text[1:-1], base)
            index += 3
        else:
            break
    return base, prefixes, index


def _dataset_and_where(
    tokens: list[Token],
    start: int,
    kind: QueryKind,
    *,
    base: str | None,
    prefixes: dict[str, str],
    source: str,
) -> tuple[tuple[DatasetClause, ...], int | None]:
    """The dataset clauses after the query form, and the offset just after the WHERE group's `{`."""
    index = start + 1
    if kind == "CONSTRUCT" and index < len(tokens) and tokens[index].text == "{":
        index = _after_group(tokens, index)
    clauses: list[DatasetClause] = []
    parentheses = 0
    where: int | None = None
    while index < len(tokens):
        token = tokens[index]
        if token.depth == 0 and parentheses == 0 and token.is_keyword("FROM"):
            named = index + 1 < len(tokens) and tokens[index + 1].is_keyword("NAMED")
            target = index + (2 if named else 1)
            if target >= len(tokens):
                raise SparqlSyntaxError(source, "FROM without a graph", token.line, token.column)
            clauses.append(DatasetClause(_graph_iri(tokens[target], base, prefixes, source), named))
            index = target + 1
            continue
        if token.text == "(":
            parentheses += 1
        elif token.text == ")":
            parentheses -= 1
        elif token.text == "{" and token.depth == 0 and parentheses == 0:
            where = token.offset + 1
            break
        index += 1
    if kind == "CONSTRUCT" and start + 1 < len(tokens) and tokens[start + 1].is_keyword("WHERE"):
        where = None  # CONSTRUCT WHERE { ... }: the group is also the template, it takes no VALUES
    return tuple(clauses), where


def _projected(tokens: list[Token], start: int) -> tuple[str, ...] | None:
    """The variables a SELECT clause names, in order; None for `SELECT *`."""
    names: list[str] = []
    parentheses = 0
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if parentheses == 0 and (token.text == "{" or token.is_keyword("WHERE", "FROM")):
            break
        if token.text == "*" and parentheses == 0:
            return None
        if token.text == "(":
            parentheses += 1
        elif token.text == ")":
            parentheses -= 1
        elif token.kind == "var" and (parentheses == 0 or tokens[index - 1].is_keyword("AS")):
            names.append(token.text[1:])
    return tuple(names)


def _order(tokens: list[Token]) -> tuple[tuple[str, bool], ...] | None:
    """The outer ORDER BY as (variable, descending) pairs: () without one, None where it orders
    by something other than variables."""
    outer = [token for token in tokens if token.depth == 0]
    for index, token in enumerate(outer[:-1]):
        if token.is_keyword("ORDER") and outer[index + 1].is_keyword("BY"):
            break
    else:
        return ()
    keys: list[tuple[str, bool]] = []
    position = index + 2
    while position < len(outer):
        token = outer[position]
        if token.kind == "var":
            keys.append((token.text[1:], False))
            position += 1
        elif token.is_keyword("ASC", "DESC") and position + 3 < len(outer) + 1:
            inner = outer[position + 1 : position + 4]
            if len(inner) == 3 and inner[0].text == "(" and inner[1].kind == "var" and inner[2].text == ")":
                keys.append((inner[1].text[1:], token.is_keyword("DESC")))
                position += 4
            else:
                return None
        elif token.is_keyword("LIMIT", "OFFSET", "VALUES"):
            break
        else:
            return None
    return tuple(keys)


def _after_group(tokens: list[Token], index: int) -> int:
    """The index after the group whose `{` is at `index`."""
    depth = tokens[index].depth
    for position in range(index + 1, len(tokens)):
        if tokens[position].text == "}" and tokens[position].depth == depth:
            return position + 1
    return len(tokens)


def _graph_iri(token: Token, base: str | None, prefixes: dict[str, str], source: str) -> str:
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
        raise SparqlSyntaxError(source, f"unknown prefix {prefix!r}", token.line, token.column)
    raise SparqlSyntaxError(source, "FROM needs an IRI", token.line, token.column)


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def _bound_in_text(tokens: list[Token]) -> frozenset[str]:
    """Variables the query binds itself: `BIND (… AS ?x)`, `(… AS ?x)` and `VALUES ?x` / `VALUES (?x …)`."""
    bound: set[str] = set()
    for index, token in enumerate(tokens):
        if token.is_keyword("AS") and index + 1 < len(tokens) and tokens[index + 1].kind == "var":
            bound.add(tokens[index + 1].text[1:])
        elif token.is_keyword("VALUES"):
            following = tokens[index + 1 : index + 2]
            if following and following[0].kind == "var":
                bound.add(following[0].text[1:])
            elif following and following[0].text == "(":
                for inner in tokens[index + 2 :]:
                    if inner.text == ")":
                        break
                    if inner.kind == "var":
                        bound.add(inner.text[1:])
    return frozenset(bound)
