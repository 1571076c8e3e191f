"""Compare two releases of the graph: entities added, removed and changed, sources, figures, ranks.

Both graphs are read with the same SPARQL queries, so any store answers. An entity's kind is the
kind in its IRI (`cnd:{kind}-…`, see docs/modelling.md): organisations and unnamed groups are
actors, then persons, initiatives (and events) and participations. For each entity the compared
properties are its label, types, country, agent, target, role and dates; every change names the
sources (the addresses of the named graphs) that state the old and the new values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import CND, ONTOLOGY_GRAPH
from careersnet_graph.projection import organisation_graph
from careersnet_graph.stats import summarise

__all__ = ["KINDS", "Change", "Diff", "EntityChange", "compare"]

KINDS: dict[str, tuple[str, ...]] = {
    "actors": ("org", "group"),
    "persons": ("person",),
    "initiatives": ("initiative", "event"),
    "participations": ("participation",),
}
"""The kinds of entity compared, by the IRI kinds they hold."""

RANKING_SIZE = 10
"""How many organisations the compared ranking (by weighted degree) holds."""

_PROPERTIES = {
    "rdfs:label": "label",
    "rdf:type": "type",
    "cng:country": "country",
    "cng:agent": "agent",
    "cng:target": "target",
    "cng:role": "role",
    "schema:startDate": "start date",
    "schema:endDate": "end date",
    "dcterms:date": "date",
    "dcterms:issued": "issued",
}

_STATEMENTS = f"""
SELECT ?graph ?node ?property ?value WHERE {{
  VALUES ?property {{ {" ".join(_PROPERTIES)} }}
  GRAPH ?graph {{ ?node ?property ?value }}
  FILTER (isIRI(?node) && STRSTARTS(STR(?node), "{CND}") && ?graph != <{ONTOLOGY_GRAPH.value}>)
}}
"""

_REGISTRY = """
SELECT ?graph ?url ?title WHERE {
  VALUES ?kind { cng:Source cng:Inference }
  ?graph a ?kind .
  OPTIONAL { ?graph schema:url ?url }
  OPTIONAL { ?graph dcterms:title ?title }
}
"""


@dataclass(frozen=True)
class Change:
    """One property of one entity whose values differ, with the sources of each side's values."""

    property: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    old_sources: tuple[str, ...]
    new_sources: tuple[str, ...]


@dataclass(frozen=True)
class EntityChange:
    """An entity added, removed or changed, with its label and the sources behind the change."""

    iri: str
    label: str
    sources: tuple[str, ...]
    changes: tuple[Change, ...] = ()


@dataclass
class KindDiff:
    """The entities of one kind added, removed and changed."""

    added: list[EntityChange] = field(default_factory=list)
    removed: list[EntityChange] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Source:
    """A registered source or inference: its graph, address and title."""

    graph: str
    address: str
    title: str


@dataclass
class Diff:
    """Everything that differs between two releases (nothing, for a release and itself)."""

    kinds: dict[str, KindDiff]
    sources_added: list[Source]
    sources_removed: list[Source]
    figures: dict[str, tuple[int, int]]
    """The summary figures that changed: name → (old, new)."""
    ranking: list[tuple[str, int | None, int | None]]
    """Where the top organisations by weighted degree differ: (label, old rank, new rank)."""

    @property
    def empty(self) -> bool:
        return (
            all(kind.empty for kind in self.kinds.values())
            and not (self.sources_added or self.sources_removed or self.figures)
            and not self.ranking
        )

    def as_json_value(self) -> dict[str, Any]:
        """The diff as plain JSON values (lists in a stable order)."""
        return {
            "empty": self.empty,
            **{
                name: {
                    "added": [_entity_json(e) for e in kind.added],
                    "removed": [_entity_json(e) for e in kind.removed],
                    "changed": [_entity_json(e) for e in kind.changed],
                }
                for name, kind in self.kinds.items()
            },
            "sources": {
                "added": [source.__dict__ for source in self.sources_added],
                "removed": [source.__dict__ for source in self.sources_removed],
            },
            "figures": {name: {"old": old, "new": new} for name, (old, new) in self.figures.items()},
            "ranking": [{"label": label, "old": old, "new": new} for label, old, new in self.ranking],
        }


@dataclass
class _Release:
    """What one release says: each entity's property values, and which graphs say each."""

    values: dict[str, dict[str, set[str]]]
    graphs: dict[str, dict[str, dict[str, set[str]]]]
    registry: dict[str, Source]
    figures: dict[str, int]
    ranking: dict[str, int]

    def label(self, iri: str) -> str:
        """The entity's label; a participation's in words: "agent (role) in target"."""
        values = self.values.get(iri, {})
        labels = sorted(values.get("label", set()))
        if labels:
            return labels[0]
        if "agent" in values and "target" in values:
            agent = ", ".join(self.label(_expand(a)) for a in sorted(values["agent"]))
            target = ", ".join(self.label(_expand(t)) for t in sorted(values["target"]))
            roles = ", ".join(
                sorted(r.removeprefix("cnd:role-").replace("-", " ") for r in values.get("role", ()))
            )
            return f"{agent} ({roles}) in {target}" if roles else f"{agent} in {target}"
        return iri

    def addresses(self, graphs: set[str]) -> tuple[str, ...]:
        return tuple(sorted({self.registry[g].address if g in self.registry else g for g in graphs}))

    def entity_sources(self, iri: str) -> tuple[str, ...]:
        return self.addresses(
            {g for graphs in self.graphs.get(iri, {}).values() for gs in graphs.values() for g in gs}
        )


def compare(old: KnowledgeGraph, new: KnowledgeGraph) -> Diff:
    """The differences from `old` to `new`."""
    before, after = _read(old), _read(new)
    kinds = {name: _kind_diff(before, after, prefixes) for name, prefixes in KINDS.items()}
    added = sorted(set(after.registry) - set(before.registry))
    removed = sorted(set(before.registry) - set(after.registry))
    figures = {
        name: (before.figures[name], after.figures[name])
        for name in before.figures
        if before.figures[name] != after.figures[name]
    }
    ranking = [
        (label, before.ranking.get(label), after.ranking.get(label))
        for label in sorted(
            set(before.ranking) | set(after.ranking), key=lambda name: (_rank_key(after, before, name), name)
        )
        if before.ranking.get(label) != after.ranking.get(label)
    ]
    return Diff(
        kinds=kinds,
        sources_added=[after.registry[g] for g in added],
        sources_removed=[before.registry[g] for g in removed],
        figures=figures,
        ranking=ranking,
    )


def _rank_key(after: _Release, before: _Release, label: str) -> int:
    return after.ranking.get(label, before.ranking.get(label, RANKING_SIZE) + RANKING_SIZE)


def _read(kg: KnowledgeGraph) -> _Release:
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    graphs: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    for graph, node, prop, value in kg.rows(_STATEMENTS):
        name = _PROPERTIES[kg.curie(_text(prop))]
        text = kg.curie(_text(value)) if _is_iri(value) else _text(value)
        values[_text(node)][name].add(text)
        graphs[_text(node)][name][text].add(_text(graph))
    registry: dict[str, Source] = {}
    for graph, url, title in sorted(kg.rows(_REGISTRY), key=lambda row: tuple(_text(t) for t in row)):
        key = _text(graph)
        if key not in registry:
            registry[key] = Source(key, _text(url) if url is not None else key, _text(title) if title else "")
    network = organisation_graph(kg)
    leaders = sorted(
        network, key=lambda n: (-network.degree(n, weight="weight"), network.nodes[n]["label"], n)
    )
    ranking = {network.nodes[n]["label"]: rank for rank, n in enumerate(leaders[:RANKING_SIZE], start=1)}
    return _Release(values, graphs, registry, summarise(kg).as_dict(), ranking)


def _kind_diff(before: _Release, after: _Release, prefixes: tuple[str, ...]) -> KindDiff:
    def of_kind(release: _Release) -> set[str]:
        return {iri for iri in release.values if _kind(iri) in prefixes}

    old, new = of_kind(before), of_kind(after)
    diff = KindDiff()
    for iri in sorted(new - old):
        diff.added.append(EntityChange(iri, after.label(iri), after.entity_sources(iri)))
    for iri in sorted(old - new):
        diff.removed.append(EntityChange(iri, before.label(iri), before.entity_sources(iri)))
    for iri in sorted(old & new):
        changes = _changes(before, after, iri)
        if changes:
            sources = sorted({s for c in changes for s in (*c.old_sources, *c.new_sources)})
            diff.changed.append(EntityChange(iri, after.label(iri), tuple(sources), tuple(changes)))
    return diff


def _changes(before: _Release, after: _Release, iri: str) -> list[Change]:
    changes = []
    old_values, new_values = before.values[iri], after.values[iri]
    for name in sorted(set(old_values) | set(new_values)):
        old, new = old_values.get(name, set()), new_values.get(name, set())
        if old == new:
            continue
        old_graphs = {g for value in old - new for g in before.graphs[iri][name][value]}
        new_graphs = {g for value in new - old for g in after.graphs[iri][name][value]}
        changes.append(
            Change(
                name,
                tuple(sorted(old)),
                tuple(sorted(new)),
                before.addresses(old_graphs),
                after.addresses(new_graphs),
            )
        )
    return changes


def _entity_json(entity: EntityChange) -> dict[str, Any]:
    value: dict[str, Any] = {"iri": entity.iri, "label": entity.label, "sources": list(entity.sources)}
    if entity.changes:
        value["changes"] = [
            {
                "property": c.property,
                "old": list(c.old),
                "new": list(c.new),
                "old_sources": list(c.old_sources),
                "new_sources": list(c.new_sources),
            }
            for c in entity.changes
        ]
    return value


def _expand(curie: str) -> str:
    """A `cnd:` CURIE back to its IRI (values are kept as CURIEs)."""
    return str(CND) + curie[4:] if curie.startswith("cnd:") else curie


def _kind(iri: str) -> str:
    return iri[len(str(CND)) :].split("-", 1)[0] if iri.startswith(str(CND)) else ""


def _is_iri(term: Any) -> bool:
    return isinstance(term, ox.NamedNode)


def _text(term: Any) -> str:
    return str(getattr(term, "value", term))
