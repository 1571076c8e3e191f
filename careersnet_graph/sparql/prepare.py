"""Parse a query once, refuse what a read-only graph must not do, and say what kind it is.

The checks walk rdflib's parse tree and algebra, never the text: a `SERVICE` clause anywhere
(even nested) and `FROM`/`FROM NAMED` naming a graph this dataset does not hold are refused;
an update (`INSERT`, `LOAD`, `DROP`, ...) is refused before anything runs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from pyparsing import ParseBaseException
from rdflib import URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from careersnet_graph.namespaces import PREFIXES
from careersnet_graph.sparql.errors import ForbiddenQueryError, SparqlSyntaxError, UpdateRefusedError

QUERY_KINDS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class PreparedQuery:
    """A parsed, checked query: its text, kind (SELECT, ASK, CONSTRUCT, DESCRIBE) and variables."""

    text: str
    kind: str
    query: Query
    variables: frozenset[str]

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, whose answer is a graph rather than a table."""
        return self.kind in ("CONSTRUCT", "DESCRIBE")


def prepare(text: str, allowed_graphs: Collection[URIRef], source: str = "query") -> PreparedQuery:
    """Parse and check `text`; raise `SparqlSyntaxError`, `UpdateRefusedError` or `ForbiddenQueryError`."""
    try:
        parsed = parseQuery(text)
    except ParseBaseException as error:
        update = _parse_update(text)
        if update is not None:
            if any(node.name == "Load" for node in _nodes(update)):
                message = "LOAD is refused: queries read no file and no other host"
                raise ForbiddenQueryError(f"{source}: {message}") from None
            raise UpdateRefusedError(f"{source}: SPARQL Update is refused: the graph is read-only") from None
        raise SparqlSyntaxError(source, str(error.msg), error.lineno, error.col) from None
    except RecursionError:
        raise SparqlSyntaxError(source, "the query is nested too deeply") from None
    try:
        query = translateQuery(parsed, initNs=PREFIXES)
    except RecursionError:
        raise SparqlSyntaxError(source, "the query is nested too deeply") from None
    except Exception as error:  # rdflib raises bare Exception for an unknown prefix
        raise SparqlSyntaxError(source, str(error)) from None
    _check_dataset_clause(query, allowed_graphs, source)
    if any(node.name == "ServiceGraphPattern" for node in _nodes(query.algebra)):
        raise ForbiddenQueryError(f"{source}: SERVICE is refused: queries run on the loaded graph only")
    variables = frozenset(str(term) for term in _terms(query.algebra) if isinstance(term, Variable))
    return PreparedQuery(text, QUERY_KINDS[query.algebra.name], query, variables)


def _parse_update(text: str) -> CompValue | None:
    try:
        return parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return None


def _check_dataset_clause(query: Query, allowed_graphs: Collection[URIRef], source: str) -> None:
    for clause in query.algebra.get("datasetClause") or ():
        iri = clause.get("default") or clause.get("named")
        if iri not in allowed_graphs:
            raise ForbiddenQueryError(
                f"{source}: FROM <{iri}> is refused: FROM and FROM NAMED may only name graphs of the loaded "
                "data (the endpoint reads no file and no other host)"
            )


def _nodes(value: object) -> Iterator[CompValue]:
    """Every CompValue in a parse tree or algebra expression, depth first."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue):
            yield current
            stack.extend(current.values())
        elif isinstance(current, list | tuple | set | frozenset):
            stack.extend(current)


def _terms(value: object) -> Iterator[object]:
    """Every leaf value (variables, IRIs, literals) below `value`."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue):
            stack.extend(current.values())
        elif isinstance(current, list | tuple | set | frozenset):
            stack.extend(current)
        elif isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        else:
            yield current
