"""A query's answer in one shape for every output: rows, a boolean, or triples; maybe cut short."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from careersnet_graph.parsing import unskolemize
from careersnet_graph.store.base import QueryKind, QueryResult, Solutions, Term, parts


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


def collect(
    kind: QueryKind, result: QueryResult, max_rows: int | None = None, max_bytes: int | None = None
) -> Answer:
    """Read a store's result into an `Answer`, keeping at most `max_rows` rows or triples, and
    (with `max_bytes`) no more rows or triples than hold about `max_bytes` bytes of terms: reading
    stops there, so a huge answer is never held whole (`truncated` then says it was cut)."""
    if isinstance(result, bool):
        return Answer(kind, (), (), result, None, False)
    if isinstance(result, Solutions):
        read: Iterable[tuple[Term | None, ...]] = result.rows
        if max_rows is not None:
            read = islice(read, max_rows + 1)
        restored = (tuple(map(_restored, row)) for row in read)  # sized as they are given
        rows = tuple(restored if max_bytes is None else _within_bytes(restored, max_bytes))
        truncated = max_rows is not None and len(rows) > max_rows
        cut = rows[:max_rows] if truncated else rows
        if max_bytes is not None and _term_bytes(cut) > max_bytes:
            cut, truncated = cut[:-1], True
        return Answer(kind, result.variables, cut, None, None, truncated)
    triples = sorted(
        {ox.Triple(_restored(t.subject), t.predicate, _restored(t.object)) for t in result},  # type: ignore[arg-type]
        key=triple_key,
    )
    kept = triples if max_rows is None else triples[:max_rows]
    if max_bytes is not None:
        kept = _triples_within(kept, max_bytes)
    return Answer(kind, (), (), None, tuple(kept), len(kept) < len(triples))


def term_size(term: Term | None) -> int:
    """About how many bytes a term takes in an answer (its text, plus room for quotes and tags)."""
    if term is None:
        return 1
    if isinstance(term, ox.Literal):
        return len(term.value) + 4 + (len(term.language or "") or len(term.datatype.value))
    return len(term.value) + 4


def _term_bytes(rows: Iterable[tuple[Term | None, ...]]) -> int:
    return sum(term_size(term) for row in rows for term in row)


def _within_bytes(
    rows: Iterable[tuple[Term | None, ...]], max_bytes: int
) -> Iterator[tuple[Term | None, ...]]:
    """The rows until their terms pass `max_bytes`; the row that passes it is given too, so that
    the caller sees that the answer is longer."""
    total = 0
    for row in rows:
        yield row
        total += sum(term_size(term) for term in row)
        if total > max_bytes:
            return


def _triples_within(triples: list[ox.Triple], max_bytes: int) -> list[ox.Triple]:
    """The first triples whose terms hold at most `max_bytes` bytes."""
    total = 0
    for index, triple in enumerate(triples):
        total += sum(term_size(term) for term in parts(triple))
        if total > max_bytes:
            return triples[:index]
    return triples


def triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    """The order of statements in every output: by subject, predicate and object as N-Triples text."""
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def _restored(term: Term | None) -> Term | None:
    return None if term is None else unskolemize(term)
