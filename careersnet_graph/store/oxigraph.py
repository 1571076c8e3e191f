"""The default store: embedded Oxigraph, in memory for a one-shot command or persistent in a folder.

The union of the named graphs is kept in the store's default graph, so that a statement held by
several sources is one statement in every query without GRAPH (Oxigraph's own "default graph
as union" option would repeat it once per graph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.namespaces import META_GRAPH
from careersnet_graph.sparql.errors import SparqlSyntaxError
from careersnet_graph.store.base import (
    QueryKind,
    QueryResult,
    Solutions,
    StoreError,
    Subject,
    Term,
)

_POSITION = re.compile(r"error at (\d+):(\d+):\s*")


class OxigraphStore:
    """A pyoxigraph `Store`: in memory (`path` None) or in the folder `path`."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._named: list[ox.NamedNode] | None = None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(
                f"cannot open the Oxigraph store in {path}: {error} "
                "(another careersnet process, such as `careersnet serve`, may be using it)"
            ) from None

    @property
    def description(self) -> str:
        return "oxigraph (in memory)" if self.path is None else f"oxigraph:{self.path}"

    @property
    def persistent(self) -> bool:
        return self.path is not None

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
        # The named graphs a query may see (all but the meta graph) matter only to GRAPH patterns;
        # handing over thousands of them costs milliseconds a query, so a text without the word
        # GRAPH anywhere (the check errs on the side of naming them) goes without.
        named = None if own_dataset or "GRAPH" not in text.upper() else self._query_graphs()
        try:
            result = self._store.query(text, prefixes=dict(prefixes), named_graphs=named)
        except SyntaxError as error:
            message = str(error.msg or error)
            found = _POSITION.search(message)
            if found is None:
                raise SparqlSyntaxError(source, message) from None
            raise SparqlSyntaxError(
                source, message[found.end() :].strip(), int(found[1]), int(found[2])
            ) from None
        except OSError as error:
            raise StoreError(f"{self.description}: the query failed: {error}") from None
        if isinstance(result, ox.QuerySolutions):
            names = tuple(variable.value for variable in result.variables)
            return Solutions(names, _rows(result, len(names)))
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        triples: Iterator[ox.Triple] = iter(result)
        return triples

    def _query_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        """The named graphs a query sees: all but the meta graph (read once, until the store changes)."""
        if self._named is None:
            self._named = [name for name in self.graph_names() if name != META_GRAPH]
        return list(self._named)

    def quads(
        self,
        subject: Subject | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        for quad in self._store.quads_for_pattern(subject, predicate, obj, graph):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def graph_names(self) -> list[ox.NamedNode]:
        names = [name for name in self._store.named_graphs() if isinstance(name, ox.NamedNode)]
        return sorted(names, key=lambda name: name.value)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        pattern = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        result = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {pattern}")
        assert isinstance(result, ox.QuerySolutions)
        for solution in result:
            value = solution[0]
            return int(value.value) if isinstance(value, ox.Literal) else 0
        return 0

    def dump(self, graph: ox.NamedNode | None = None) -> bytes:
        target: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph() if graph is None else graph
        output = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=target)
        return bytes(output or b"")

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Triple]]) -> None:
        self._writable()
        self._named = None
        try:
            for name in graphs:
                self._store.update(f"CLEAR SILENT GRAPH {name}")
            quads = (
                ox.Quad(triple.subject, triple.predicate, triple.object, name)
                for name, triples in graphs.items()
                for triple in triples
            )
            if self.path is None:
                self._store.extend(quads)
            else:
                self._store.bulk_extend(quads)
        except OSError as error:
            raise StoreError(f"{self.description}: cannot write: {error}") from None

    def drop_graphs(self, names: Iterable[ox.NamedNode]) -> None:
        self._writable()
        self._named = None
        for name in names:
            self._store.update(f"DROP SILENT GRAPH {name}")

    def refresh_union(self) -> None:
        self._writable()
        self._store.update(
            "CLEAR SILENT DEFAULT ; "
            f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {META_GRAPH}) }}"
        )
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.description} was opened read-only and cannot be changed")


def _rows(solutions: ox.QuerySolutions, width: int) -> Iterator[tuple[Term | None, ...]]:
    for solution in solutions:
        yield tuple(solution[index] for index in range(width))
