"""Any SPARQL 1.1 store server: queries over the SPARQL 1.1 Protocol, loading over the Graph
Store Protocol (or SPARQL Update where a server has no Graph Store endpoint).

The dataset of every query is written into its text: `FROM` names the union graph that
`careersnet load` writes (each statement of the data graphs once) and `FROM NAMED` the data
graphs, so that `GRAPH ?g` reaches them and nothing else the server holds. (The protocol's
`default-graph-uri` and `named-graph-uri` parameters would say the same, but Virtuoso echoes each
one as a response header, and Python's HTTP client refuses an answer with over 100 headers.) An endpoint that
already holds the data without that union graph is read as the server presents it.

Server dialects are handled where they are known (`dialects`): Virtuoso answers ASK with a row,
cuts answers at its row limit (paged here), and changes some literals on the way in (refused
before anything is written).
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import requests

from careersnet_graph.namespaces import CNG, META_GRAPH, UNION_GRAPH
from careersnet_graph.sparql.lexer import LexError, tokenize
from careersnet_graph.sparql.order import sorted_rows
from careersnet_graph.sparql.params import sparql_term
from careersnet_graph.sparql.rewrite import (
    construct_parts,
    describe_as_construct,
    with_dataset,
    without_order,
)
from careersnet_graph.store.base import (
    QueryKind,
    QueryResult,
    Solutions,
    StoreError,
    Subject,
    Term,
    distinct_graph_subjects,
)
from careersnet_graph.store.dialects import Dialect, detect_dialect

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
_BLANK = "urn:careersnet:blank-node:"
"""Stands in for a blank node of an answer while a graph is filled in from rows."""


@dataclass(frozen=True)
class RemoteSettings:
    """Where the server answers, how long to wait, how to page and how to authenticate."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    timeout: float = 60.0
    page_size: int = 10_000
    user: str | None = None
    password: str | None = None
    token: str | None = None
    digest: bool = False


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint (and its update and Graph Store endpoints)."""

    def __init__(self, settings: RemoteSettings) -> None:
        self.settings = settings
        self._session = self._new_session()
        self._inherited: list[requests.Session] = []
        self._dialect: Dialect | None = None
        self._graphs: list[ox.NamedNode] | None = None
        self._has_union: bool | None = None
        reference = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _own_session(reference))

    def _new_session(self) -> requests.Session:
        session = requests.Session()
        if self.settings.token:
            session.headers["Authorization"] = f"Bearer {self.settings.token}"
        elif self.settings.user is not None:
            password = self.settings.password or ""
            session.auth = (
                requests.auth.HTTPDigestAuth(self.settings.user, password)
                if self.settings.digest
                else (self.settings.user, password)
            )
        return session

    @property
    def description(self) -> str:
        return f"sparql:{self.settings.query_url}"

    @property
    def persistent(self) -> bool:
        return True

    # --- reading ---------------------------------------------------------------------------------

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
        prologue = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in sorted(prefixes.items()))
        full = f"{prologue}\n{text}" if prologue else text
        shift = 1 if prologue else 0
        if not own_dataset:
            full = with_dataset(full, *self._dataset())
        if kind in ("CONSTRUCT", "DESCRIBE") and self.dialect.cuts_graph_answers:
            return iter(self._graph_from_rows(full, kind, source=source, shift=shift, timeout=timeout))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            body, capped = self._post_query(full, N_TRIPLES, source=source, shift=shift, timeout=timeout)
            if capped:
                raise StoreError(
                    f"{self.description} cut the graph it answered at its row limit: narrow the query, "
                    "or raise the server's limit"
                )
            restore = self.dialect.restore
            return iter(
                [
                    ox.Triple(quad.subject, quad.predicate, restore(quad.object))  # type: ignore[arg-type]
                    for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                ]
                if body.strip()
                else []
            )
        if kind == "ASK":
            body, _ = self._post_query(full, RESULTS_JSON, source=source, shift=shift, timeout=timeout)
            return self.dialect.boolean(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
        names, rows = self._solutions(full, source=source, shift=shift, timeout=timeout)
        return Solutions(names, iter(rows))

    def _solutions(
        self, full: str, *, source: str, shift: int, timeout: float | None
    ) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
        """The variables and every row of a SELECT (paged where the server cut its answer)."""
        body, capped = self._post_query(full, RESULTS_JSON, source=source, shift=shift, timeout=timeout)
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        assert isinstance(parsed, ox.QuerySolutions)
        names = tuple(variable.value for variable in parsed.variables)
        rows = self._rows(parsed)
        if capped:
            rows = self._all_pages(full, names)
        return names, rows

    def _graph_from_rows(
        self, full: str, kind: QueryKind, *, source: str, shift: int, timeout: float | None
    ) -> list[ox.Triple]:
        """A CONSTRUCT (or DESCRIBE) answered from the paged rows of the SELECT of its template's
        variables, the template filled in by an Oxigraph store of its own: for servers that cut
        graph answers at their row limit without a word (`Dialect.cuts_graph_answers`)."""
        parts = construct_parts(describe_as_construct(full) if kind == "DESCRIBE" else full)
        names, rows = self._solutions(parts.select, source=source, shift=shift, timeout=timeout)
        order = [names.index(name) for name in parts.variables]
        blank: dict[str, ox.BlankNode] = {}

        def valued(term: Term | None) -> Term | None:
            if isinstance(term, ox.BlankNode):  # a VALUES block holds no blank node: an IRI stands in
                blank[f"{_BLANK}{term.value}"] = term
                return ox.NamedNode(f"{_BLANK}{term.value}")
            return term

        filled = ox.Store().query(parts.filled([valued(row[index]) for index in order] for row in rows))
        assert isinstance(filled, ox.QueryTriples)
        return [
            ox.Triple(
                blank.get(triple.subject.value, triple.subject),
                triple.predicate,
                blank.get(triple.object.value, triple.object)
                if isinstance(triple.object, ox.NamedNode)
                else triple.object,
            )
            for triple in filled
        ]

    def quads(
        self,
        subject: Subject | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        fixed: dict[str, Term | None] = {"s": subject, "p": predicate, "o": obj, "g": graph}
        free = [name for name, term in fixed.items() if term is None]
        text_of = {name: f"?{name}" if term is None else sparql_term(term) for name, term in fixed.items()}
        pattern = f"GRAPH {text_of['g']} {{ {text_of['s']} {text_of['p']} {text_of['o']} }}"
        projection = " ".join(f"?{name}" for name in free)
        text = (
            f"SELECT {projection} WHERE {{ {pattern} }} ORDER BY {projection}"
            if free
            else f"SELECT * WHERE {{ {pattern} }}"
        )
        named = [*self._data_graphs(), META_GRAPH] if graph is None else [graph]
        if self._data_graphs():
            text = with_dataset(text, [], [name.value for name in named])
        for row in self._pages(text) if free else self._exists(text):
            found = {**fixed, **dict(zip(free, row, strict=True))}
            yield ox.Quad(found["s"], found["p"], found["o"], found["g"])  # type: ignore[arg-type]

    def _exists(self, text: str) -> list[tuple[Term | None, ...]]:
        body, _ = self._post_query(text, RESULTS_JSON, source="lookup")
        return [()] if json.loads(body)["results"]["bindings"] else []

    def graph_subjects(self) -> Iterator[tuple[Subject, ox.NamedNode]]:
        return distinct_graph_subjects(self.quads())

    def graph_names(self) -> list[ox.NamedNode]:
        graphs = self._data_graphs()
        return sorted({*graphs, META_GRAPH} if graphs else set(), key=lambda name: name.value)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            text = with_dataset("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", *self._dataset())
        else:
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        body, _ = self._post_query(text, RESULTS_JSON, source="count")
        for solution in ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON):  # type: ignore[union-attr]
            value = solution[0]
            return int(value.value) if isinstance(value, ox.Literal) else 0
        return 0

    def dump(self, graph: ox.NamedNode | None = None) -> bytes:
        if graph is None and self._union_exists():
            graph = UNION_GRAPH
        pattern = "?s ?p ?o" if graph is None else f"GRAPH {graph} {{ ?s ?p ?o }}"
        triples = [ox.Triple(s, p, o) for s, p, o in self._by_subject(pattern)]  # type: ignore[arg-type]
        return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")

    def _by_subject(self, pattern: str) -> Iterator[tuple[Term | None, ...]]:
        """Every ?s ?p ?o row of `pattern`, read subject by subject in keyset order (`STR(?s) >` the
        last subject seen): servers cap answers and refuse to sort far into them (Virtuoso sorts
        at most 10,000 rows), so no request asks for more than one page or skips rows by OFFSET."""
        size = self.settings.page_size
        last: str | None = None
        while True:
            after = "" if last is None else f"FILTER (STR(?s) > {sparql_term(ox.Literal(last))})"
            subjects_text = f"SELECT DISTINCT ?s WHERE {{ {pattern} {after} }} ORDER BY STR(?s) LIMIT {size}"
            body, _ = self._post_query(subjects_text, RESULTS_JSON, source="paging")
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            assert isinstance(parsed, ox.QuerySolutions)
            subjects = [solution[0] for solution in parsed if isinstance(solution[0], ox.NamedNode)]
            if not subjects:
                return
            yield from self._rows_of_subjects(pattern, subjects)
            last = subjects[-1].value
            if len(subjects) < size:
                return

    def _rows_of_subjects(self, pattern: str, subjects: list[ox.NamedNode]) -> list[tuple[Term | None, ...]]:
        """The ?s ?p ?o rows of some subjects; a batch the server cuts short is split in two."""
        values = " ".join(sparql_term(subject) for subject in subjects)
        text = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} {pattern} }}"
        body, capped = self._post_query(text, RESULTS_JSON, source="paging")
        if capped and len(subjects) > 1:
            middle = len(subjects) // 2
            return self._rows_of_subjects(pattern, subjects[:middle]) + self._rows_of_subjects(
                pattern, subjects[middle:]
            )
        if capped:
            return self._pages(f"{text} ORDER BY ?p ?o")
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        assert isinstance(parsed, ox.QuerySolutions)
        return self._rows(parsed)

    # --- writing ---------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Triple]]) -> None:
        for name, triples in graphs.items():
            self.dialect.check_literals(name, triples)
        for name, triples in graphs.items():
            payload = bytes(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b"")
            if self.settings.graph_store_url:
                self._request(
                    "PUT",
                    self.settings.graph_store_url,
                    params={"graph": name.value},
                    data=payload,
                    headers={"Content-Type": N_TRIPLES},
                    what=f"writing the graph <{name.value}>",
                )
            else:
                self._update(f"DROP SILENT GRAPH {name}")
                for chunk in _chunks(payload.decode("utf-8").splitlines(), 2_000):
                    self._update(f"INSERT DATA {{ GRAPH {name} {{\n{chr(10).join(chunk)}\n}} }}")
        self._graphs = None
        self._has_union = None

    @property
    def pages_by_order(self) -> bool:
        return True

    @property
    def parses_files(self) -> bool:
        return False

    def load_file(self, graph: ox.NamedNode, data: bytes, rdf_format: ox.RdfFormat) -> None:
        raise NotImplementedError("this store is given parsed statements (parses_files is False)")

    def drop_graphs(self, names: Iterable[ox.NamedNode]) -> None:
        for name in names:
            self._update(f"DROP SILENT GRAPH {name}")
        self._graphs = None

    def refresh_union(self) -> None:
        graphs = [name for name in self._data_graphs()]
        self._update(f"DROP SILENT GRAPH {UNION_GRAPH}")
        if graphs:
            values = " ".join(sparql_term(name) for name in graphs)
            self._update(
                f"INSERT {{ GRAPH {UNION_GRAPH} {{ ?s ?p ?o }} }} "
                f"WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            )
        self._has_union = None

    def close(self) -> None:
        self._session.close()

    # --- the dataset -----------------------------------------------------------------------------

    @property
    def dialect(self) -> Dialect:
        """The server's known quirks, found from its first answer."""
        if self._dialect is None:
            response = self._request(
                "GET",
                self.settings.query_url,
                params={"query": "ASK { ?s ?p ?o }"},
                headers={"Accept": RESULTS_JSON},
                what="asking the server",
            )
            self._dialect = detect_dialect(response.headers.get("Server", ""))
        return self._dialect

    def _data_graphs(self) -> list[ox.NamedNode]:
        """The graphs the loader recorded in the meta graph (data and ontology)."""
        if self._graphs is None:
            text = f"SELECT DISTINCT ?graph WHERE {{ GRAPH {META_GRAPH} {{ ?file {CNG.fills} ?graph }} }}"
            rows = self._pages(f"{text} ORDER BY ?graph")
            self._graphs = sorted(
                (row[0] for row in rows if isinstance(row[0], ox.NamedNode)), key=lambda name: name.value
            )
        return self._graphs

    def _union_exists(self) -> bool:
        if self._has_union is None:
            body, _ = self._post_query(
                f"SELECT ?s WHERE {{ GRAPH {UNION_GRAPH} {{ ?s ?p ?o }} }} LIMIT 1",
                RESULTS_JSON,
                source="union",
            )
            self._has_union = bool(json.loads(body)["results"]["bindings"])
        return self._has_union

    def _dataset(self) -> tuple[list[str], list[str]]:
        """The dataset of a query: the union as default graph and the data graphs as named ones
        (none where the server holds no union graph: the data as the server presents it)."""
        if not self._union_exists():
            return [], []
        return [UNION_GRAPH.value], [graph.value for graph in self._data_graphs()]

    # --- HTTP ------------------------------------------------------------------------------------

    def _pages(self, text: str) -> list[tuple[Term | None, ...]]:
        """Every row of a SELECT, fetched page by page. On a server that sorts only so many rows
        (`Dialect.pages_unordered`), a query ordered by variables is paged without its ORDER BY
        and its rows are sorted here."""
        if self.dialect.pages_unordered:
            unordered, keys = without_order(text)
            if keys is not None:
                names, rows = self._page_through(unordered)
                return list(sorted_rows(names, rows, keys)) if keys else rows
        return self._page_through(text)[1]

    def _page_through(self, text: str) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
        """The variables and rows of a SELECT, `page_size` rows a request (fewer where the server
        cuts each answer at a lower row limit of its own)."""
        size = self.settings.page_size
        rows: list[tuple[Term | None, ...]] = []
        while True:
            body, capped = self._post_query(
                f"{text} LIMIT {size} OFFSET {len(rows)}", RESULTS_JSON, source="paging"
            )
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            assert isinstance(parsed, ox.QuerySolutions)
            names = tuple(variable.value for variable in parsed.variables)
            page = self._rows(parsed)
            rows.extend(page)
            if not page or (len(page) < size and not capped):
                return names, rows

    def _rows(self, solutions: ox.QuerySolutions) -> list[tuple[Term | None, ...]]:
        """The rows of parsed solutions, each value as the data held it (see `Dialect.restore`)."""
        width = len(solutions.variables)
        restore = self.dialect.restore
        return [tuple(restore(solution[index]) for index in range(width)) for solution in solutions]

    def _all_pages(self, full: str, names: tuple[str, ...]) -> list[tuple[Term | None, ...]]:
        """All rows of a SELECT the server cut at its row limit, asked for again page by page."""
        try:
            tokens = [token for token in tokenize(full) if token.depth == 0]
        except LexError:
            tokens = []
        if any(token.is_keyword("LIMIT", "OFFSET") for token in tokens):
            raise StoreError(
                f"{self.description} cut the answer at its row limit ({self.settings.page_size} rows): "
                "the query has its own LIMIT or OFFSET, so it cannot be paged; lower them or raise the "
                "server's limit"
            )
        ordered = any(token.is_keyword("ORDER") for token in tokens)
        order = "" if ordered else " ORDER BY " + " ".join(f"?{name}" for name in names)
        return self._pages(full + order)

    def _post_query(
        self,
        text: str,
        accept: str,
        *,
        source: str,
        shift: int = 0,
        timeout: float | None = None,
    ) -> tuple[bytes, bool]:
        response = self._request(
            "POST",
            self.settings.query_url,
            data=[("query", text)],
            headers={"Accept": accept, "Content-Type": FORM},
            what="running a query",
            timeout=timeout,
            query_source=source,
            shift=shift,
        )
        capped = response.headers.get("X-SPARQL-MaxRows") is not None
        return response.content, capped

    def _update(self, text: str) -> None:
        url = self.settings.update_url
        if url is None:
            raise StoreError(
                f"{self.description} has no update endpoint: give one with CAREERSNET_SPARQL_UPDATE_URL "
                "(or sparql_update_url in careersnet.toml) to load data into it"
            )
        self._request(
            "POST", url, data=[("update", text)], headers={"Content-Type": FORM}, what="updating the store"
        )

    def _request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        timeout: float | None = None,
        query_source: str | None = None,
        shift: int = 0,
        **arguments: Any,
    ) -> requests.Response:
        try:
            response = self._session.request(
                method, url, timeout=timeout or self.settings.timeout, **arguments
            )
        except requests.Timeout:
            raise StoreError(
                f"{self.description} did not answer within {timeout or self.settings.timeout:g} s ({what})"
            ) from None
        except requests.RequestException as error:
            raise StoreError(f"{self.description} cannot be reached ({what}): {_reason(error)}") from None
        if response.ok:
            return response
        message = " ".join(response.text.split())[:400]
        if response.status_code == 400 and query_source is not None:
            raise self.dialect_or_default().syntax_error(query_source, message, shift)
        if response.status_code in (401, 403):
            raise StoreError(
                f"{self.description} refused {what} ({response.status_code}): {message or 'not allowed'}; "
                "give credentials with CAREERSNET_SPARQL_USER and CAREERSNET_SPARQL_PASSWORD "
                "(or CAREERSNET_SPARQL_TOKEN)"
            )
        raise StoreError(f"{self.description} refused {what} ({response.status_code}): {message}")

    def dialect_or_default(self) -> Dialect:
        """The dialect if it is known already, else the standard one (no request is made)."""
        return self._dialect or detect_dialect("")


def _own_session(reference: weakref.ref[RemoteStore]) -> None:
    """In a forked child: a new HTTP session, so that parent and child never share a connection.

    The inherited session is kept, never closed: closing it could end connections the parent
    still uses (a TLS close, for one), and its sockets are only copies of the parent's.
    """
    store = reference()
    if store is not None:
        store._inherited.append(store._session)
        store._session = store._new_session()


def _chunks(lines: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(lines), size):
        yield lines[start : start + size]


def _reason(error: requests.RequestException) -> str:
    text = str(error)
    for marker in ("Connection refused", "Name or service not known", "No route to host", "timed out"):
        if marker in text:
            return marker.lower()
    return text.rsplit(":", maxsplit=1)[-1].strip() or type(error).__name__
