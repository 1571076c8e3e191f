"""RDF exports: one small writer per format, each deterministic, behind one registry.

Turtle, N-Triples and JSON-LD carry the union graph; TriG and N-Quads keep one named graph per
source, so provenance survives. Statements come from the store as canonical N-Triples, are
sorted as bytes (so every store gives the same order) and written piece by piece into the
output file. Skolem IRIs that stand for blank nodes inside the store become blank nodes again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.atomic import BinaryOutput, atomic_writer
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.parsing import unskolemize_ntriples
from careersnet_graph.rdf_writers import (
    LineVocabulary,
    jsonld_lines,
    line_vocabulary,
    prefixes_of,
    trig_lines,
    turtle_lines,
)


class Statements(ABC):
    """The statements of a graph as sorted canonical N-Triples lines, given in chunks of whole
    lines, for the union and for each named graph: what every writer reads."""

    _vocabulary: LineVocabulary | None = None

    @abstractmethod
    def union(self) -> Iterable[bytes]:
        """The lines of the union graph, in chunks."""

    @abstractmethod
    def graph_names(self) -> list[ox.NamedNode]:
        """The named graphs an export writes, sorted by name."""

    @abstractmethod
    def graph(self, name: ox.NamedNode) -> Iterable[bytes]:
        """The lines of one named graph, in chunks."""

    def prefixes(self, *, type_as_a: bool = True, graph_names: bool = False) -> dict[str, str]:
        """The project prefixes the union's statements use (see `rdf_writers.line_vocabulary`),
        and with `graph_names` those of the graphs' names too."""
        if self._vocabulary is None:
            self._vocabulary = line_vocabulary(self.union())
        used = self._vocabulary.prefixes(type_as_a=type_as_a)
        if graph_names:
            used |= prefixes_of(name.value for name in self.graph_names())
        return dict(sorted(used.items()))


class SortedStatements(Statements):
    """The statements of a graph read from the store and sorted once, then shared by every writer
    of one build (each writer alone would sort them again).

    The lines are kept as bytes in chunks of whole lines (see `sorted_chunks`), blank nodes
    restored; the union and each named graph are kept once asked for, so make one of these per
    export run and let it go afterwards.
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._union: list[bytes] | None = None
        self._graphs: dict[ox.NamedNode, list[bytes]] = {}
        self._names: list[ox.NamedNode] | None = None

    def union(self) -> list[bytes]:
        """The lines of the union graph, in chunks."""
        if self._union is None:
            self._union = sorted_chunks(self.kg)
        return self._union

    def graph_names(self) -> list[ox.NamedNode]:
        """The named graphs an export writes, sorted by name."""
        if self._names is None:
            self._names = self.kg.graph_names()
        return self._names

    def graph(self, name: ox.NamedNode) -> list[bytes]:
        """The lines of one named graph, in chunks."""
        if name not in self._graphs:
            self._graphs[name] = sorted_chunks(self.kg, name)
        return self._graphs[name]


@dataclass
class WrittenStatements(Statements):
    """The same lines read back from the N-Triples and N-Quads exports just written from them
    (`write_line_exports`): what a second process needs to write the other formats, a few paths
    and numbers, where the lines themselves would be hundreds of megabytes to send."""

    ntriples: Path
    nquads: Path
    sections: tuple[tuple[str, int, int], ...]
    """Each named graph, in order, with where its lines start in the N-Quads file and their bytes."""

    def union(self) -> Iterator[bytes]:
        """The N-Triples file, in chunks of whole lines."""
        return _line_chunks(self.ntriples, 0, None)

    @cached_property
    def _where(self) -> dict[str, tuple[int, int]]:
        return {name: (start, size) for name, start, size in self.sections}

    def graph_names(self) -> list[ox.NamedNode]:
        """The named graphs of the N-Quads file, in its order."""
        return [ox.NamedNode(name) for name, _, _ in self.sections]

    def graph(self, name: ox.NamedNode) -> Iterator[bytes]:
        """The lines of one graph in the N-Quads file, as N-Triples lines again (the graph name
        that `write_nquads` put before each line's ` .` taken out)."""
        start, size = self._where[name.value]
        suffix = _graph_suffix(name)
        return (chunk.replace(suffix, b" .\n") for chunk in _line_chunks(self.nquads, start, size))


def _line_chunks(path: Path, start: int, size: int | None) -> Iterator[bytes]:
    """The bytes of `path` from `start` (`size` of them, or to the end) in chunks of whole lines;
    a line longer than a read is gathered from its pieces (once: no copy per piece)."""
    with path.open("rb") as handle:
        handle.seek(start)
        left = size
        pending: list[bytes] = []
        while left is None or left > 0:
            block = handle.read(_READ if left is None else min(_READ, left))
            if not block:
                break
            if left is not None:
                left -= len(block)
            end = block.rfind(b"\n") + 1
            if not end:
                pending.append(block)
                continue
            pending.append(block[:end])
            yield b"".join(pending)
            pending = [block[end:]] if end < len(block) else []
        if pending:
            yield b"".join(pending)


_READ = 1 << 20
"""Bytes read at a time from an export being read back."""


def _graph_suffix(name: ox.NamedNode) -> bytes:
    """How an N-Quads line of graph `name` ends, where its N-Triples line ends ` .`."""
    return f" <{name.value}> .\n".encode()


@dataclass(frozen=True)
class RdfWriter:
    """A serialisation format: its name, file suffix, media type and how to write it."""

    name: str
    suffix: str
    media_type: str
    write_sorted: Callable[[Statements, BinaryOutput], None]

    def write(self, kg: KnowledgeGraph, out: BinaryOutput) -> None:
        """Write the whole graph to `out`."""
        self.write_sorted(SortedStatements(kg), out)

    def serialize(self, kg: KnowledgeGraph) -> bytes:
        """The whole export as bytes (for small graphs and tests)."""
        import io  # noqa: PLC0415

        buffer = io.BytesIO()
        self.write(kg, buffer)
        return buffer.getvalue()


def sorted_chunks(kg: KnowledgeGraph, graph: ox.NamedNode | None = None) -> list[bytes]:
    """The N-Triples lines of one named graph (or, None, of the union), sorted, blank nodes
    restored, joined in chunks of whole lines (a chunk costs less memory than its lines)."""
    lines = unskolemize_ntriples(kg.store.dump(graph)).splitlines(keepends=True)
    lines.sort()
    return [b"".join(lines[start : start + _CHUNK]) for start in range(0, len(lines), _CHUNK)]


_CHUNK = 10_000
"""Lines per chunk; each chunk is written with one `write` call (some streams do not see
`writelines`)."""


def write_ntriples(statements: Statements, out: BinaryOutput) -> None:
    """Canonical N-Triples of the union graph, one statement a line, sorted."""
    for chunk in statements.union():
        out.write(chunk)


def write_nquads(statements: Statements, out: BinaryOutput) -> None:
    """N-Quads, graph by graph (sorted by name), statements sorted; the fourth term names the source."""
    nquads_sections(((name, statements.graph(name)) for name in statements.graph_names()), out)


def nquads_sections(
    graphs: Iterable[tuple[ox.NamedNode, Iterable[bytes]]], out: BinaryOutput
) -> tuple[tuple[str, int, int], ...]:
    """Write the sorted lines of each graph as N-Quads (`write_nquads`); each graph's name, where
    its lines start and their bytes."""
    sections = []
    written = 0
    for name, chunks in graphs:
        suffix = _graph_suffix(name)
        start = written
        for chunk in chunks:
            quads = chunk.replace(b" .\n", suffix)  # N-Triples has no raw newline but at line ends
            out.write(quads)
            written += len(quads)
        sections.append((name.value, start, written - start))
    return tuple(sections)


def write_turtle(statements: Statements, out: BinaryOutput) -> None:
    """Turtle of the union graph, subjects sorted, with only the prefixes it uses."""
    _write_text(out, turtle_lines(statements.union(), statements.prefixes()))


def write_trig(statements: Statements, out: BinaryOutput) -> None:
    """TriG with one named graph per source, the ontology and each inference."""
    graphs = ((name, statements.graph(name)) for name in statements.graph_names())
    _write_text(out, trig_lines(graphs, statements.prefixes(graph_names=True)))


def write_jsonld(statements: Statements, out: BinaryOutput) -> None:
    """JSON-LD of the union graph with an `@context` of the prefixes it uses."""
    _write_text(out, jsonld_lines(statements.union(), statements.prefixes(type_as_a=False)))


def _write_text(out: BinaryOutput, pieces: Iterable[str]) -> None:
    """Write text pieces as UTF-8, joined in chunks of about a megabyte."""
    chunk: list[str] = []
    size = 0
    for piece in pieces:
        chunk.append(piece)
        size += len(piece)
        if size > 1 << 20:
            out.write("".join(chunk).encode("utf-8"))
            chunk, size = [], 0
    if chunk:
        out.write("".join(chunk).encode("utf-8"))


RDF_WRITERS: dict[str, RdfWriter] = {
    writer.name: writer
    for writer in (
        RdfWriter("turtle", ".ttl", "text/turtle", write_turtle),
        RdfWriter("ntriples", ".nt", "application/n-triples", write_ntriples),
        RdfWriter("nquads", ".nq", "application/n-quads", write_nquads),
        RdfWriter("trig", ".trig", "application/trig", write_trig),
        RdfWriter("jsonld", ".jsonld", "application/ld+json", write_jsonld),
    )
}
"""The RDF export formats by name."""

EXPORT_BASENAME = "careersnet-graph"
"""File name (without suffix) of the exports that `careersnet build` writes."""


def export(kg: KnowledgeGraph, format_name: str, path: Path) -> Path:
    """Write the graph in one format to `path`, atomically."""
    writer = RDF_WRITERS.get(format_name)
    if writer is None:
        raise CareersnetError(
            f"unknown export format {format_name!r}; choose one of {', '.join(RDF_WRITERS)}"
        )
    with atomic_writer(path) as out:
        writer.write(kg, out)
    return path


LINE_FORMATS = ("ntriples", "nquads")
"""The exports written from the store's sorted lines; the others can be written from their files
(`WrittenStatements`)."""


def write_line_exports(kg: KnowledgeGraph, ntriples: Path, nquads: Path) -> WrittenStatements:
    """Write the N-Triples and N-Quads exports of `kg`, each graph's lines let go once written (the
    other formats read them back from these files); the statements as those files hold them."""
    with atomic_writer(ntriples) as out:
        write_ntriples(SortedStatements(kg), out)
    with atomic_writer(nquads) as out:
        sections = nquads_sections(((name, sorted_chunks(kg, name)) for name in kg.graph_names()), out)
    return WrittenStatements(ntriples, nquads, sections)


@dataclass(frozen=True)
class ExportJob:
    """Exports to write from the N-Triples and N-Quads files: each format by name, and its file."""

    statements: WrittenStatements
    files: tuple[tuple[str, Path], ...]


def write_from_lines(job: ExportJob) -> list[Path]:
    """Write each export of `job`, atomically, from the files it reads; the paths written."""
    for name, path in job.files:
        with atomic_writer(path) as out:
            RDF_WRITERS[name].write_sorted(job.statements, out)
    return [path for _, path in job.files]
