"""RDF exports: one small writer per format, each deterministic, behind one registry.

Turtle, N-Triples and JSON-LD carry the union graph; TriG and N-Quads keep one named graph per
source, so provenance survives. Statements come from the store as canonical N-Triples, are
sorted as bytes (so every store gives the same order) and written piece by piece into the
output file. Skolem IRIs that stand for blank nodes inside the store become blank nodes again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from careersnet_graph.atomic import atomic_writer
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.parsing import unskolemize_ntriples
from careersnet_graph.rdf_writers import jsonld, statement_terms, trig, turtle, used_prefixes


@dataclass(frozen=True)
class RdfWriter:
    """A serialisation format: its name, file suffix, media type and how to write it."""

    name: str
    suffix: str
    media_type: str
    write: Callable[[KnowledgeGraph, IO[bytes]], None]

    def serialize(self, kg: KnowledgeGraph) -> bytes:
        """The whole export as bytes (for small graphs and tests)."""
        import io  # noqa: PLC0415

        buffer = io.BytesIO()
        self.write(kg, buffer)
        return buffer.getvalue()


def sorted_lines(kg: KnowledgeGraph, graph: ox.NamedNode | None = None) -> list[bytes]:
    """The N-Triples lines of one named graph (or, None, of the union), sorted, blank nodes restored."""
    lines = unskolemize_ntriples(kg.store.dump(graph)).splitlines(keepends=True)
    lines.sort()
    return lines


def _triples(lines: list[bytes]) -> Iterator[ox.Triple]:
    """The statements of sorted N-Triples lines, in their order (pyoxigraph parses in chunks)."""
    for start in range(0, len(lines), 50_000):
        chunk = b"".join(lines[start : start + 50_000])
        for quad in ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES):
            yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _data_graphs(kg: KnowledgeGraph) -> list[ox.NamedNode]:
    return kg.graph_names()


def _write_lines(out: IO[bytes], lines: Iterable[bytes]) -> None:
    """Write lines in chunks (one `write` call per chunk: some streams do not see `writelines`)."""
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == 10_000:
            out.write(b"".join(chunk))
            chunk.clear()
    if chunk:
        out.write(b"".join(chunk))


def write_ntriples(kg: KnowledgeGraph, out: IO[bytes]) -> None:
    """Canonical N-Triples of the union graph, one statement a line, sorted."""
    _write_lines(out, sorted_lines(kg))


def write_nquads(kg: KnowledgeGraph, out: IO[bytes]) -> None:
    """N-Quads, graph by graph (sorted by name), statements sorted; the fourth term names the source."""
    for name in _data_graphs(kg):
        suffix = f" <{name.value}> .\n".encode()
        _write_lines(out, (line[: line.rindex(b" .")] + suffix for line in sorted_lines(kg, name)))


def write_turtle(kg: KnowledgeGraph, out: IO[bytes]) -> None:
    """Turtle of the union graph, subjects sorted, with only the prefixes it uses."""
    lines = sorted_lines(kg)
    prefixes = used_prefixes(statement_terms(_triples(lines)))
    _write_text(out, turtle(_triples(lines), prefixes))


def write_trig(kg: KnowledgeGraph, out: IO[bytes]) -> None:
    """TriG with one named graph per source, the ontology and each inference."""
    names = _data_graphs(kg)
    prefixes = used_prefixes([*names, *statement_terms(_triples(sorted_lines(kg)))])
    _write_text(out, trig(((name, _triples(sorted_lines(kg, name))) for name in names), prefixes))


def write_jsonld(kg: KnowledgeGraph, out: IO[bytes]) -> None:
    """JSON-LD of the union graph with an `@context` of the prefixes it uses."""
    lines = sorted_lines(kg)
    prefixes = used_prefixes(statement_terms(_triples(lines), type_as_a=False))
    _write_text(out, jsonld(_triples(lines), prefixes))


def _write_text(out: IO[bytes], pieces: Iterable[str]) -> None:
    for piece in pieces:
        out.write(piece.encode("utf-8"))


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
