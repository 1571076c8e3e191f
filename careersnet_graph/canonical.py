"""The one canonical Turtle format for hand-kept files, so that diffs show meaning, not noise.

Canonical means: parsed strictly, typed literals in the canonical form every store keeps
(`parsing.canonical_literals`: `"5"^^xsd:nonNegativeInteger` is written `5`, an xsd:integer),
written by rdflib's `longturtle` writer with `canon=True`, with the project's conventional
prefixes (only those used), ending in one newline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from careersnet_graph.atomic import atomic_write_text
from careersnet_graph.namespaces import PREFIXES
from careersnet_graph.parsing import canonical_literals, read_rdf
from careersnet_graph.rdflib_terms import new_graph, to_rdflib
from careersnet_graph.store.base import parts


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
    for quad in canonical_literals(parsed.quads):
        subject, predicate, obj = parts(quad)
        graph.add((to_rdflib(subject), to_rdflib(predicate), to_rdflib(obj)))
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
