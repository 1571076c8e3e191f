"""The one canonical Turtle format for hand-kept files, so that diffs show meaning, not noise.

Canonical means: parsed strictly, typed literals in the canonical form every store keeps
(`parsing.canonical_literals`: `"5"^^xsd:nonNegativeInteger` is written `5`, an xsd:integer),
blank nodes labelled by their content (`blank_node_labels`), written by rdflib's `longturtle`
writer with the project's conventional prefixes (only those used), ending in one newline.

rdflib's own canonical labelling (`canon=True`) needs minutes for a few hundred blank nodes and
its writer recurses once per level of `[ … ]` nesting, so blank-node labels are computed here
(in one pass over the statements, no recursion), and a file whose blank nodes nest deeper than
`MAX_FORMAT_NESTING` levels is refused with a clear error instead of being written.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from careersnet_graph.atomic import atomic_write_text
from careersnet_graph.errors import RdfInputError
from careersnet_graph.namespaces import PREFIXES, RDF
from careersnet_graph.parsing import canonical_literals, read_rdf
from careersnet_graph.rdflib_terms import new_graph, to_rdflib
from careersnet_graph.store.base import Subject, Term, parts

MAX_FORMAT_NESTING = 64
"""The deepest nesting of blank nodes (`[ … ]` and lists inside each other; the items of one list
do not count) that `careersnet format` writes."""

_REFINEMENT_ROUNDS = 16
Statement = tuple[Subject, ox.NamedNode, Term]


def canonical_turtle(path: Path) -> str:
    """The canonical Turtle text of the RDF file at `path` (its named graphs are merged).

    The project's prefixes come first; a prefix the file declares for another namespace is kept.
    Raises `RdfInputError` for a file that cannot be read, or whose blank nodes nest deeper
    than `MAX_FORMAT_NESTING`.
    """
    parsed = read_rdf(path)
    statements = list(dict.fromkeys(parts(quad) for quad in canonical_literals(parsed.quads)))  # a set
    depth = blank_node_depth(statements)
    if depth > MAX_FORMAT_NESTING:
        raise RdfInputError(
            path,
            f"blank nodes nested {depth} levels deep, more than the {MAX_FORMAT_NESTING} that "
            "`careersnet format` writes: give the inner nodes IRIs",
        )
    labels = blank_node_labels(statements)
    graph = new_graph()
    known = set(PREFIXES.values())
    for prefix, namespace in sorted(parsed.prefixes.items()):
        if namespace not in known and prefix not in PREFIXES:
            graph.bind(prefix, namespace)

    def relabelled(term: Term) -> Term:
        return labels[term] if isinstance(term, ox.BlankNode) else term

    for subject, predicate, obj in statements:
        graph.add((to_rdflib(relabelled(subject)), to_rdflib(predicate), to_rdflib(relabelled(obj))))
    try:
        return graph_turtle(graph)
    except RecursionError:
        raise RdfInputError(path, "blank nodes nested too deeply for the Turtle writer") from None


def graph_turtle(graph: Graph) -> str:
    """The canonical Turtle text of an rdflib graph, with the prefixes it binds (only those used).

    Bind the project's prefixes (`namespaces.PREFIXES`) for the same text `canonical_turtle`
    gives; blank nodes keep their labels, so label them with `blank_node_labels` first.
    """
    return graph.serialize(format="longturtle").rstrip("\n") + "\n"


def blank_node_depth(statements: Sequence[Statement]) -> int:
    """How deep blank nodes nest when each one used once as an object is written inside its
    subject: one level per `[ … ]` or list, none per item of a list (`rdf:rest`)."""
    uses: dict[ox.BlankNode, int] = {}
    parent: dict[ox.BlankNode, tuple[Subject, bool]] = {}
    for subject, predicate, obj in statements:
        if isinstance(obj, ox.BlankNode):
            uses[obj] = uses.get(obj, 0) + 1
            parent[obj] = (subject, predicate == RDF.rest)
    depth: dict[ox.BlankNode, int] = {}
    deepest = 0
    for node in parent:
        chain: list[ox.BlankNode] = []
        seen: set[ox.BlankNode] = set()
        current: Subject = node
        base = 0
        while isinstance(current, ox.BlankNode) and uses.get(current) == 1:
            if current in depth:
                base = depth[current]
                break
            if current in seen:  # a cycle: written with labels, not nested
                base = 0
                break
            seen.add(current)
            chain.append(current)
            current = parent[current][0]
        for member in reversed(chain):
            base += 0 if parent[member][1] else 1
            depth[member] = base
        deepest = max(deepest, depth.get(node, 0))
    return deepest


def blank_node_labels(statements: Sequence[Statement]) -> dict[ox.BlankNode, ox.BlankNode]:
    """A label for every blank node that depends on the statements, not on the file's labels.

    A node's label is a hash of what it says (its predicates and objects, with the labels of
    the blank nodes it points to), computed from the leaves up; a node used as an object more
    than once also hashes who points at it. Nodes on cycles are refined a few rounds from their
    neighbours' hashes. Nodes that still share a hash say the same thing in the same place:
    they are told apart by their order in the file.
    """
    out: dict[ox.BlankNode, list[tuple[str, Term]]] = {}
    incoming: dict[ox.BlankNode, list[tuple[Subject, str]]] = {}
    order: dict[ox.BlankNode, int] = {}
    for subject, predicate, obj in statements:
        for term in (subject, obj):
            if isinstance(term, ox.BlankNode) and term not in order:
                order[term] = len(order)
                out.setdefault(term, [])
                incoming.setdefault(term, [])
        if isinstance(subject, ox.BlankNode):
            out[subject].append((predicate.value, obj))
        if isinstance(obj, ox.BlankNode):
            incoming[obj].append((subject, predicate.value))
    colour: dict[ox.BlankNode, str] = {}

    def describe(node: ox.BlankNode, unknown: dict[ox.BlankNode, str]) -> str:
        lines = [
            f"> {predicate} {colour.get(obj) or unknown.get(obj, '?')}"
            if isinstance(obj, ox.BlankNode)
            else f"> {predicate} {obj}"
            for predicate, obj in out[node]
        ]
        if len(incoming[node]) > 1:
            lines += [
                f"< {colour.get(subject) or unknown.get(subject, '?')} {predicate}"
                if isinstance(subject, ox.BlankNode)
                else f"< {subject} {predicate}"
                for subject, predicate in incoming[node]
            ]
        return hashlib.sha1("\n".join(sorted(lines)).encode("utf-8")).hexdigest()

    waiting = {
        node: {obj for _, obj in edges if isinstance(obj, ox.BlankNode)} for node, edges in out.items()
    }
    ready = deque(sorted((node for node, objects in waiting.items() if not objects), key=order.__getitem__))
    queued = set(ready)
    while ready:
        node = ready.popleft()
        colour[node] = describe(node, {})
        for subject, _ in incoming[node]:
            if isinstance(subject, ox.BlankNode) and subject not in queued:
                pending = waiting[subject]
                pending.discard(node)
                if not pending:
                    queued.add(subject)
                    ready.append(subject)
    cyclic = [node for node in order if node not in colour]
    unknown = {node: "" for node in cyclic}
    for _ in range(min(_REFINEMENT_ROUNDS, len(cyclic))):
        unknown = {node: describe(node, unknown) for node in cyclic}
    colour.update(unknown)
    labels: dict[ox.BlankNode, ox.BlankNode] = {}
    counts: dict[str, int] = {}
    for node in sorted(order, key=lambda node: (colour[node], order[node])):
        short = colour[node][:12]
        seen = counts.get(short, 0)
        counts[short] = seen + 1
        labels[node] = ox.BlankNode(f"b{short}" + (f"x{seen}" if seen else ""))
    return labels


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
