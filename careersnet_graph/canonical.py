"""The one canonical Turtle format for hand-kept files, so that diffs show meaning, not noise.

Canonical means: parsed strictly, written by rdflib's `longturtle` writer with `canon=True`,
with the project's conventional prefixes (only those used), ending in one newline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from careersnet_graph.atomic import atomic_write_text
from careersnet_graph.graph import new_graph
from careersnet_graph.namespaces import PREFIXES
from careersnet_graph.parsing import read_rdf


def canonical_turtle(path: Path) -> str:
    """The canonical Turtle text of the RDF file at `path` (its named graphs are merged).

    The project's prefixes come first; a prefix the file declares for another namespace is kept.
    """
    parsed = read_rdf(path)
    graph = new_graph()
    known = set(PREFIXES.values())
    for prefix, namespace in sorted(parsed.prefixes.items()):
        if namespace not in known and prefix not in PREFIXES:
            graph.bind(prefix, namespace)
    for subject, predicate, obj, _ in parsed.quads:
        graph.add((subject, predicate, obj))
    return graph_turtle(graph)


def graph_turtle(graph: Graph) -> str:
    """The canonical Turtle text of an rdflib graph, with the prefixes it binds (only those used).

    Bind the project's prefixes (`namespaces.PREFIXES`) for the same text `canonical_turtle` gives.
    """
    return graph.serialize(format="longturtle", canon=True).rstrip("\n") + "\n"


@dataclass(frozen=True)
class FormatResult:
    """Files already canonical and files that were (or, in check mode, would be) rewritten."""

    unchanged: list[Path]
    changed: list[Path]


def format_files(paths: list[Path], *, check: bool) -> FormatResult:
    """Rewrite each Turtle file in canonical form, or with `check` only report which differ."""
    unchanged: list[Path] = []
    changed: list[Path] = []
    for path in paths:
        canonical = canonical_turtle(path)
        if path.read_text(encoding="utf-8") == canonical:
            unchanged.append(path)
            continue
        changed.append(path)
        if not check:
            atomic_write_text(path, canonical)
    return FormatResult(unchanged, changed)
