"""The default store: embedded Oxigraph, in memory for a one-shot command or persistent in a folder.

The union of the named graphs is kept in the store's default graph, so that a statement held by
several sources is one statement in every query without GRAPH (Oxigraph's own "default graph
as union" option would repeat it once per graph). The loader's meta graph is kept in an Oxigraph
store of its own beside the data (the subfolders `data/` and `meta/` of a persistent store):
queries never see it, and none has to name the data graphs to leave it out (naming 2,000 graphs
makes every Oxigraph query several times slower).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from careersnet_graph.namespaces import META_GRAPH
from careersnet_graph.sparql.errors import SparqlSyntaxError
from careersnet_graph.store.base import QueryKind, QueryResult, Solutions, StoreError, Subject, Term

_POSITION = re.compile(r"error at (\d+):(\d+):\s*")


class OxigraphStore:
    """pyoxigraph stores for the data and the meta graph: in memory (`path` None) or in `path`."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._store = self._open(None if path is None else path / "data")
        self._meta = self._open(None if path is None else path / "meta")

    def _open(self, folder: Path | None) -> ox.Store:
        try:
            if folder is None:
                return ox.Store()
            if self.read_only:
                return ox.Store.read_only(str(folder))
            folder.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(folder))
        except OSError as error:
            raise StoreError(
                f"cannot open the Oxigraph store in {self.path}: {error} "
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
        try:
            result = self._store.query(text, prefixes=dict(prefixes))
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
            return Solutions(names, _rows(result))
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        triples: Iterator[ox.Triple] = iter(result)
        return triples

    def quads(
        self,
        subject: Subject | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        if graph is None or graph == META_GRAPH:
            for quad in self._meta.quads_for_pattern(subject, predicate, obj, ox.DefaultGraph()):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, META_GRAPH)
            if graph == META_GRAPH:
                return
        if graph is None and subject is None and predicate is None and obj is None:
            for name in self._store.named_graphs():  # each graph's own range: the union is not read
                yield from self._store.quads_for_pattern(None, None, None, name)
            return
        for quad in self._store.quads_for_pattern(subject, predicate, obj, graph):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def graph_subjects(self) -> Iterator[tuple[Subject, ox.NamedNode]]:
        """One DISTINCT query per named graph, inside the store: at 1M statements in 2,099
        graphs, 1.9 s against 3.2 s for reading every statement into Python."""
        stores: list[tuple[ox.Store, str, ox.NamedNode]] = [(self._meta, "?s ?p ?o", META_GRAPH)]
        for name in self._store.named_graphs():  # the loader names every graph (no blank node)
            stores.append((self._store, f"GRAPH {name} {{ ?s ?p ?o }}", cast(ox.NamedNode, name)))
        for store, pattern, name in stores:
            solutions = store.query(f"SELECT DISTINCT ?s WHERE {{ {pattern} }}")
            assert isinstance(solutions, ox.QuerySolutions)
            for solution in solutions:
                yield cast(Subject, solution[0]), name

    def graph_names(self) -> list[ox.NamedNode]:
        names = [name for name in self._store.named_graphs() if isinstance(name, ox.NamedNode)]
        if len(self._meta):
            names.append(META_GRAPH)
        return sorted(names, key=lambda name: name.value)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph == META_GRAPH:
            return len(self._meta)
        pattern = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        result = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {pattern}")
        assert isinstance(result, ox.QuerySolutions)
        for solution in result:
            value = solution[0]
            return int(value.value) if isinstance(value, ox.Literal) else 0
        return 0

    def dump(self, graph: ox.NamedNode | None = None) -> bytes:
        if graph == META_GRAPH:
            return bytes(self._meta.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b"")
        target: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph() if graph is None else graph
        return bytes(self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=target) or b"")

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Triple]]) -> None:
        self._writable()
        try:
            for name, triples in graphs.items():
                if name == META_GRAPH:
                    self._meta.clear()
                    self._meta.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
                    continue
                if self._store.contains_named_graph(name):
                    self._store.update(f"CLEAR SILENT GRAPH {name}")
                quads = (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
                if self.path is None:
                    self._store.extend(quads)
                else:
                    self._store.bulk_extend(quads)
        except OSError as error:
            raise StoreError(f"{self.description}: cannot write: {error}") from None

    @property
    def pages_by_order(self) -> bool:
        return False

    @property
    def parses_files(self) -> bool:
        return True

    def load_file(self, graph: ox.NamedNode, data: bytes, rdf_format: ox.RdfFormat) -> None:
        self._writable()
        try:
            if self._store.contains_named_graph(graph):
                self._store.update(f"CLEAR SILENT GRAPH {graph}")
            if self.path is None:
                self._store.load(data, format=rdf_format, to_graph=graph)
            else:
                self._store.bulk_load(data, format=rdf_format, to_graph=graph)
        except OSError as error:
            raise StoreError(f"{self.description}: cannot write: {error}") from None

    def drop_graphs(self, names: Iterable[ox.NamedNode]) -> None:
        self._writable()
        for name in names:
            if name == META_GRAPH:
                self._meta.clear()
            else:
                self._store.update(f"DROP SILENT GRAPH {name}")

    def refresh_union(self) -> None:
        self._writable()
        self._store.update("CLEAR SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        if self.path is not None:
            self._store.flush()
            self._meta.flush()

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
            self._meta.flush()
        del self._store, self._meta

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.description} was opened read-only and cannot be changed")


def _rows(solutions: ox.QuerySolutions) -> Iterator[tuple[Term | None, ...]]:
    """Each solution as a tuple of its values in the order of the variables (None where unbound)."""
    return map(tuple, solutions)
