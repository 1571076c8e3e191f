"""A query's answer in one shape for every output: rows, a boolean, or triples; maybe cut short."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from careersnet_graph.parsing import unskolemize
from careersnet_graph.store.base import QueryKind, QueryResult, Solutions, Term


@dataclass(frozen=True)
class Answer:
    """What a query returned: `rows` for SELECT, `boolean` for ASK, `triples` for CONSTRUCT/DESCRIBE.

    The triples of a graph answer are distinct and sorted, so that every store gives the same.
    """

    kind: QueryKind
    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None
    triples: tuple[ox.Triple, ...] | None
    truncated: bool

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE."""
        return self.triples is not None


def collect(kind: QueryKind, result: QueryResult, max_rows: int | None = None) -> Answer:
    """Read a store's result into an `Answer`, keeping at most `max_rows` rows or triples."""
    if isinstance(result, bool):
        return Answer(kind, (), (), result, None, False)
    if isinstance(result, Solutions):
        limit = None if max_rows is None else max_rows + 1
        rows = tuple(tuple(_restored(term) for term in row) for row in islice(result.rows, limit))
        truncated = max_rows is not None and len(rows) > max_rows
        return Answer(kind, result.variables, rows[:max_rows] if truncated else rows, None, None, truncated)
    triples = sorted(
        {ox.Triple(_restored(t.subject), t.predicate, _restored(t.object)) for t in result},  # type: ignore[arg-type]
        key=triple_key,
    )
    kept = triples if max_rows is None else triples[:max_rows]
    return Answer(kind, (), (), None, tuple(kept), len(kept) < len(triples))


def triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    """The order of statements in every output: by subject, predicate and object as N-Triples text."""
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def _restored(term: Term | None) -> Term | None:
    return None if term is None else unskolemize(term)
