"""A query's answer in one shape for every output: rows, a boolean, or a graph; maybe cut short."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node

from careersnet_graph.graph import new_graph


@dataclass(frozen=True)
class Answer:
    """What a query returned: `rows` for SELECT, `boolean` for ASK, `graph` for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    boolean: bool | None
    graph: Graph | None
    truncated: bool

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE."""
        return self.graph is not None


def collect(result: Result, max_rows: int | None = None) -> Answer:
    """Read an rdflib result into an `Answer`, keeping at most `max_rows` rows or triples."""
    if result.type == "ASK":
        return Answer("ASK", (), (), bool(result.askAnswer), None, False)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        triples = sorted(result.graph, key=lambda triple: tuple(term.n3() for term in triple))
        kept = triples if max_rows is None else triples[:max_rows]
        graph = new_graph()
        for triple in kept:
            graph.add(triple)
        return Answer(result.type, (), (), None, graph, len(kept) < len(triples))
    variables = tuple(str(variable) for variable in result.vars or ())
    stream = iter(result)
    limit = None if max_rows is None else max_rows + 1
    rows = [tuple(row) for row in islice(stream, limit)]  # type: ignore[arg-type]
    truncated = max_rows is not None and len(rows) > max_rows
    return Answer("SELECT", variables, tuple(rows[:max_rows] if truncated else rows), None, None, truncated)
