"""The store seam: what every store behind a `KnowledgeGraph` does, and the errors it raises.

One term type crosses the seam: pyoxigraph's `NamedNode`, `BlankNode`, `Literal`, `Triple` and
`Quad`. Queries cross it as checked SPARQL text (never as parsed objects), with the project's
prefixes handed over separately.

Every store offers the same dataset to every query: each data file's statements in its named
graph (GRAPH ?g reaches them), and as the default graph their union, in which a statement held
by several graphs is one statement (set semantics, as RDF merge defines it). The loader's own
records sit in `META_GRAPH`, outside the union.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, cast

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Subject = ox.NamedNode | ox.BlankNode
QueryKind = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]


def parts(statement: ox.Triple | ox.Quad) -> tuple[Subject, ox.NamedNode, Term]:
    """Subject, predicate and object of a statement. pyoxigraph also knows RDF 1.2 triple terms;
    the loader refuses them, so no statement in a store holds one."""
    return cast(
        tuple[Subject, ox.NamedNode, Term], (statement.subject, statement.predicate, statement.object)
    )


@dataclass(frozen=True)
class Solutions:
    """The answer of a SELECT query: its variables and its rows, in the store's order."""

    variables: tuple[str, ...]
    rows: Iterator[tuple[Term | None, ...]]


def distinct_graph_subjects(quads: Iterable[ox.Quad]) -> Iterator[tuple[Subject, ox.NamedNode]]:
    """Each (subject, graph) pair of `quads` once: `Store.graph_subjects` read statement by
    statement, for stores that cannot do better."""
    seen: set[tuple[Subject, ox.NamedNode]] = set()
    for quad in quads:
        pair = cast(tuple[Subject, ox.NamedNode], (quad.subject, quad.graph_name))
        if pair not in seen:
            seen.add(pair)
            yield pair


QueryResult = Solutions | bool | Iterator[ox.Triple]
"""Rows for SELECT, a boolean for ASK, triples for CONSTRUCT and DESCRIBE."""


class StoreError(CareersnetError):
    """The store cannot be reached, refuses a request, or holds something it must not: exit code 3."""


class Store(Protocol):
    """A quad store holding named graphs and their union, queried with SPARQL text."""

    @property
    def description(self) -> str:
        """How the store is named in messages: `oxigraph (in memory)`, `sparql:http://…`."""
        ...

    @property
    def persistent(self) -> bool:
        """Whether the store outlives the process (a folder, a server)."""
        ...

    def query(
        self,
        text: str,
        kind: QueryKind,
        *,
        prefixes: Mapping[str, str],
        own_dataset: bool = False,
        source: str = "query",
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a checked query. `own_dataset`: the text has FROM/FROM NAMED clauses, which then
        define the dataset instead of the store's union and named graphs."""
        ...

    def quads(
        self,
        subject: Subject | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """Statements of the named graphs (all but the union) matching a pattern; None matches any."""
        ...

    def graph_names(self) -> list[ox.NamedNode]:
        """Every named graph the store holds (data, ontology and meta), sorted."""
        ...

    def graph_subjects(self) -> Iterator[tuple[Subject, ox.NamedNode]]:
        """Each (subject, named graph) pair of the statements of `quads()`, once, in no
        particular order: which graphs say something about each node (provenance)."""
        ...

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Statements in one named graph, or (None) distinct statements in the union."""
        ...

    def dump(self, graph: ox.NamedNode | None = None) -> bytes:
        """N-Quads of one named graph, or (None) of every named graph but the meta graph, in no
        particular order."""
        ...

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Triple]]) -> None:
        """Make each named graph hold exactly the given triples (the union is refreshed later)."""
        ...

    @property
    def parses_files(self) -> bool:
        """Whether the store parses Turtle and N-Triples itself (`load_file`)."""
        ...

    @property
    def pages_by_order(self) -> bool:
        """Whether the store reads an answer in pages cut by LIMIT and OFFSET, which cut it the
        same way each time only under the query's ORDER BY (a server). A store that evaluates
        the whole answer at once is sent a query ordered by variables without its ORDER BY when
        the rows are put in order here anyway (`sparql.order`): its own sort would be wasted."""
        ...

    def load_file(self, graph: ox.NamedNode, data: bytes, rdf_format: ox.RdfFormat) -> None:
        """Make `graph` hold exactly the statements of one Turtle or N-Triples file, parsed by the
        store (only where `parses_files`); a syntax error is pyoxigraph's `SyntaxError`."""
        ...

    def drop_graphs(self, names: Iterable[ox.NamedNode]) -> None:
        """Remove named graphs and their statements."""
        ...

    def refresh_union(self) -> None:
        """Make the union hold every statement of the named graphs but the meta graph, once."""
        ...

    def close(self) -> None:
        """Release files, locks and connections."""
        ...
