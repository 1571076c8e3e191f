"""Errors of SPARQL queries and parameters, raised for the user's input."""

from __future__ import annotations

from careersnet_graph.errors import CareersnetError


class SparqlSyntaxError(CareersnetError):
    """A query that does not parse, with the line and column where parsing stopped."""

    def __init__(self, source: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.source = source
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f": line {self.line}, column {self.column}"
        return f"{where}: SPARQL syntax error: {self.message}"


class ForbiddenQueryError(CareersnetError):
    """A query that would reach outside the loaded graph (SERVICE, LOAD, FROM another host or file)."""


class UpdateRefusedError(ForbiddenQueryError):
    """A SPARQL Update: the graph is read-only."""


class ParameterError(CareersnetError):
    """A parameter the query does not declare, a missing required one, or a value that is not a term."""
