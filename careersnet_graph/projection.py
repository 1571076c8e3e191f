"""Network projections: the one bridge from the RDF knowledge graph to networkx.

Each projection is a pure function of a `KnowledgeGraph`. It reads the graph through SPARQL
graph patterns only (participations, posts, countries), so literals, classes and `rdf:type`
links never become nodes. Every node id is an IRI string and carries the same attributes
(`iri`, `label`, `type`, `type_label`, `country`, `country_labels`, `sectors`, `sources`,
`inferred_sources`, `years`); every edge carries `weight`, `roles`, `sources`,
`inferred_sources` and `years` (the first and last year of the dated facts behind it, or []).
Nodes and edges are added in sorted order so that the same data gives the same graph.
"""

from __future__ import annotations

import copy
import itertools
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from weakref import WeakKeyDictionary

import networkx as nx
import pyoxigraph as ox

from careersnet_graph.colours import EU_LEVEL
from careersnet_graph.graph import KnowledgeGraph, language_rank
from careersnet_graph.namespaces import CND, CNG, COUNTRY, FOAF, ORG, SCHEMA
from careersnet_graph.temporal import Window, active_window, dated_facts, facts_in

__all__ = [
    "CLIQUE_CAP",
    "EU_LEVEL_NODE",
    "PROJECTIONS",
    "CoParticipation",
    "ProjectionFacts",
    "actor_initiative_graph",
    "actor_places",
    "country_graph",
    "organisation_graph",
    "organisation_projection",
    "person_organisation_graph",
    "place_label",
    "projection_facts",
    "statement_graphs",
]

CLIQUE_CAP = 100
"""A target with more organisations than this is not expanded into ties between each pair of them
(k(k-1)/2 ties: 871k ties at 1M statements, most from a few large networks): its participations
stay in the bipartite projection, and the organisations graph lists it in `unexpanded`."""

_PARTICIPATIONS = """
SELECT ?participation ?agent ?role ?target WHERE {
  ?participation a cng:Participation ; cng:agent ?agent ; cng:target ?target .
  OPTIONAL { ?participation cng:role ?role }
  FILTER (isIRI(?agent) && isIRI(?target))
}
"""

_POSTS = """
SELECT ?person ?post ?organisation ?role WHERE {
  ?person org:holds ?post .
  ?post org:postIn ?organisation .
  OPTIONAL { ?post org:role ?role }
  FILTER (isIRI(?person) && isIRI(?organisation))
}
"""

_TYPES = "SELECT ?node ?type WHERE { ?node a ?type . FILTER (isIRI(?type)) }"

_SUBCLASSES = (
    "SELECT ?sub ?super WHERE { ?sub rdfs:subClassOf ?super . FILTER (isIRI(?sub) && isIRI(?super)) }"
)

_LABELS = "SELECT ?node ?label WHERE { ?node rdfs:label|skos:prefLabel ?label }"

_COUNTRIES = "SELECT ?node ?country WHERE { ?node cng:country ?country . FILTER (isIRI(?country)) }"

_SECTORS = "SELECT ?node ?sector WHERE { ?node cng:sector ?sector . FILTER (isIRI(?sector)) }"

_UNITS = """
SELECT ?unit ?parent WHERE {
  ?unit org:unitOf|org:subOrganizationOf ?parent . FILTER (isIRI(?unit) && isIRI(?parent))
}
"""

_EU_BODY = CNG.EUBody.value

_DATES = """
SELECT DISTINCT ?entity ?property ?date WHERE {
  VALUES ?property { schema:startDate schema:endDate schema:foundingDate schema:dissolutionDate dcterms:date }
  ?entity ?property ?date .
  FILTER NOT EXISTS { ?entity a cng:Source }
  FILTER NOT EXISTS { ?entity a cng:Inference }
}
"""

_REGISTRY = """
SELECT ?graph ?kind ?url WHERE {
  VALUES ?kind { cng:Source cng:Inference }
  ?graph a ?kind .
  OPTIONAL { ?graph schema:url ?url }
}
"""

_COUNTRY_GRAPHS = "SELECT DISTINCT ?country ?graph WHERE { GRAPH ?graph { ?node cng:country ?country } }"

_POST_GRAPHS = """
SELECT DISTINCT ?person ?organisation ?graph WHERE {
  { GRAPH ?graph { ?person org:holds ?post } ?post org:postIn ?organisation . }
  UNION
  { ?person org:holds ?post . GRAPH ?graph { ?post org:postIn ?organisation } }
}
"""

_ORGANISATION_ROOTS = frozenset(
    term.value
    for term in (
        ORG.Organization,
        ORG.FormalOrganization,
        ORG.OrganizationalUnit,
        ORG.OrganizationalCollaboration,
    )
)
_PERSON_ROOTS = frozenset({FOAF.Person.value})

_FALLBACK_TYPE_LABELS: dict[str, str] = {
    FOAF.Person.value: "person",
    FOAF.Group.value: "group of persons",
    ORG.Organization.value: "organisation",
    ORG.FormalOrganization.value: "formal organisation",
    ORG.OrganizationalUnit.value: "organisational unit",
    ORG.OrganizationalCollaboration.value: "organisational collaboration",
    SCHEMA.Event.value: "event",
    SCHEMA.Country.value: "country",
}

_NAMESPACE_PREFERENCE = (str(CNG), str(ORG), str(FOAF), str(SCHEMA))


@dataclass(frozen=True)
class Participation:
    """One `cng:Participation`: who takes part in what, in which roles."""

    iri: str
    agent: str
    target: str
    roles: tuple[str, ...]


@dataclass
class ProjectionFacts:
    """What the projections need from the knowledge graph, read once by SPARQL."""

    kg: KnowledgeGraph
    participations: list[Participation] = field(default_factory=list)
    window: Window | None = None
    in_window: frozenset[str] | None = None
    """With a window: the participations and posts dated in it (the others are left out)."""
    undated: int = 0
    """With a window: how many participations and posts have no date (left out of the network)."""
    windows: dict[Window, ProjectionFacts] = field(default_factory=dict)
    type_memo: dict[frozenset[str], tuple[str, str]] = field(default_factory=dict)
    sources_memo: dict[frozenset[str], tuple[list[str], list[str]]] = field(default_factory=dict)

    @cached_property
    def labels(self) -> dict[str, str]:
        found: dict[str, list[ox.Literal]] = defaultdict(list)
        for node, label in _rows(self.kg, _LABELS):
            if isinstance(label, ox.Literal):
                found[_text(node)].append(label)
        return {node: _best_label(labels) for node, labels in found.items()}

    @cached_property
    def types(self) -> dict[str, set[str]]:
        return _pairs(_rows(self.kg, _TYPES))

    @cached_property
    def ancestors(self) -> dict[str, set[str]]:
        """Each class's superclasses, direct and indirect (the closure is taken here: some stores,
        Virtuoso among them, refuse a `rdfs:subClassOf+` path with both ends open)."""
        direct = _pairs(_rows(self.kg, _SUBCLASSES))
        closure: dict[str, set[str]] = {}
        for start in direct:
            seen: set[str] = set()
            stack = list(direct[start])
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(direct.get(current, ()))
            seen.discard(start)
            closure[start] = seen
        return closure

    @cached_property
    def countries(self) -> dict[str, set[str]]:
        return _pairs(_rows(self.kg, _COUNTRIES))

    @cached_property
    def sectors(self) -> dict[str, set[str]]:
        return _pairs(_rows(self.kg, _SECTORS))

    @cached_property
    def registry(self) -> dict[str, tuple[bool, str]]:
        """Graph IRI → (is an inference, address): the source's schema:url, else the graph's IRI."""
        registry: dict[str, tuple[bool, str]] = {}
        for graph, kind, url in sorted(_rows(self.kg, _REGISTRY), key=_row_key):
            inferred = kind == CNG.Inference
            address = _text(url) if url is not None else _text(graph)
            previous = registry.get(_text(graph))
            if previous is None or (previous[0] and not inferred):
                registry[_text(graph)] = (inferred, address)
        return registry

    @cached_property
    def subject_graphs(self) -> dict[str, set[str]]:
        """Node → the graphs (sources, inferences) with a statement about it: provenance."""
        return _pairs(self.kg.graph_subjects())

    @cached_property
    def country_graphs(self) -> dict[str, set[str]]:
        return _pairs(_rows(self.kg, _COUNTRY_GRAPHS))

    def label(self, iri: str) -> str:
        """The node's label; a country without one is named by its alpha-3 code."""
        if iri in self.labels:
            return self.labels[iri]
        if iri.startswith(str(COUNTRY)):
            return _country_code(iri)
        return self.kg.curie(iri)

    def all_types(self, iri: str) -> set[str]:
        """The node's classes and all their superclasses."""
        direct = self.types.get(iri, set())
        return direct.union(*(self.ancestors.get(type_, set()) for type_ in direct))

    def is_organisation(self, iri: str) -> bool:
        types = self.all_types(iri)
        return not _ORGANISATION_ROOTS.isdisjoint(types) and _PERSON_ROOTS.isdisjoint(types)

    @cached_property
    def date_statements(self) -> list[tuple[Any, Any]]:
        """(entity, date) of each statement of a start, end, founding, dissolution or
        `dcterms:date` of anything but a source or inference: read once for the projections'
        years and the report's coverage."""
        return [(entity, date) for entity, _, date in _rows(self.kg, _DATES)]

    @cached_property
    def years(self) -> dict[str, set[int]]:
        """Entity (an IRI) → the years of its dates (start, end, founding, dissolution, `dcterms:date`)."""
        found: dict[str, set[int]] = defaultdict(set)
        for entity, date in self.date_statements:
            if isinstance(entity, ox.NamedNode) and isinstance(date, ox.Literal):
                year = _year(date.value)
                if year is not None:
                    found[entity.value].add(year)
        return found

    def span(self, entities: Iterable[str]) -> list[int]:
        """[first year, last year] of the entities' dates, or [] when none is dated."""
        years = {year for entity in entities for year in self.years.get(entity, ())}
        return [min(years), max(years)] if years else []

    @cached_property
    def eu_level(self) -> frozenset[str]:
        """The EU bodies (by class: `cng:EUBody` and its subclasses) and their units, transitively."""
        bodies = {
            node
            for node, types in self.types.items()
            if any(t == _EU_BODY or _EU_BODY in self.ancestors.get(t, set()) for t in types)
        }
        parents = _pairs(_rows(self.kg, _UNITS))
        found = set(bodies)
        changed = True
        while changed:
            grown = {unit for unit, above in parents.items() if above & found}
            changed = not grown <= found
            found |= grown
        return frozenset(found)

    @cached_property
    def actor_places(self) -> dict[str, frozenset[str]]:
        """See `actor_places`."""
        actors = sorted(
            node
            for node in self.types
            if self.is_organisation(node) or self.is_person(node) or self.is_group(node)
        )
        return {actor: _country_groups(self, actor) for actor in actors}

    def is_eu_level(self, iri: str) -> bool:
        return iri in self.eu_level

    def is_person(self, iri: str) -> bool:
        return not _PERSON_ROOTS.isdisjoint(self.all_types(iri))

    def is_group(self, iri: str) -> bool:
        return FOAF.Group.value in self.all_types(iri)

    def most_specific_type(self, iri: str) -> str | None:
        """The node's most specific class, preferring project classes, then ORG, FOAF, schema.org."""
        direct = self.types.get(iri, set())
        specific = [t for t in direct if not any(t in self.ancestors.get(other, set()) for other in direct)]
        if not specific:
            return None
        return min(specific, key=lambda t: (_namespace_rank(t), t))

    def type_fields(self, iri: str) -> tuple[str, str]:
        """The CURIE and the label of the node's most specific class ("" when it has none),
        worked out once per set of direct classes (most nodes share a few such sets)."""
        direct = frozenset(self.types.get(iri, ()))
        found = self.type_memo.get(direct)
        if found is None:
            type_ = self.most_specific_type(iri)
            found = self.type_memo[direct] = (self.kg.curie(type_) if type_ else "", _type_label(self, type_))
        return found

    def sources_of(self, graphs: Iterable[str]) -> tuple[list[str], list[str]]:
        """Addresses of the sources and of the inferences among `graphs`, each sorted."""
        graphs = frozenset(graphs)
        found = self.sources_memo.get(graphs)
        if found is None:
            found = self.sources_memo[graphs] = self._sources_of(graphs)
        return list(found[0]), list(found[1])

    def _sources_of(self, graphs: Iterable[str]) -> tuple[list[str], list[str]]:
        sources: set[str] = set()
        inferred: set[str] = set()
        for graph in graphs:
            entry = self.registry.get(graph)
            if entry is not None:
                (inferred if entry[0] else sources).add(entry[1])
        return sorted(sources), sorted(inferred)

    def node_attributes(self, iri: str, graphs: Iterable[str] | None = None) -> dict[str, Any]:
        """The attributes every projected node carries."""
        type_curie, type_label = self.type_fields(iri)
        countries = sorted(self.countries.get(iri, set()))
        sources, inferred = self.sources_of(self.subject_graphs.get(iri, set()) if graphs is None else graphs)
        return {
            "iri": iri,
            "label": self.label(iri),
            "type": type_curie,
            "type_label": type_label,
            "country": self.country_codes(iri),
            "country_labels": [self.label(c) for c in countries],
            "sectors": self.sector_labels(iri),
            "sources": sources,
            "inferred_sources": inferred,
            "years": self.span([iri]),
        }

    def country_codes(self, iri: str) -> list[str]:
        """The alpha-3 codes of the node's countries, sorted by their IRIs (its `country`)."""
        return [_country_code(c) for c in sorted(self.countries.get(iri, set()))]

    def sector_labels(self, iri: str) -> list[str]:
        """The labels of the node's sectors, sorted (its `sectors`)."""
        return sorted(self.label(s) for s in self.sectors.get(iri, set()))

    def window_attributes(self) -> dict[str, Any]:
        """Graph attributes naming the window (`window`, `undated`); none for the whole network."""
        if self.window is None:
            return {}
        return {"window": self.window.description, "undated": self.undated}

    def counts(self, fact: str) -> bool:
        """True when a participation or post belongs to the network: always, or with a window,
        when it is dated in it."""
        return self.in_window is None or fact in self.in_window

    def participation_graphs(self, participation: str) -> set[str]:
        return self.subject_graphs.get(participation, set())


_FACTS: WeakKeyDictionary[KnowledgeGraph, ProjectionFacts] = WeakKeyDictionary()
"""Facts already read from each loaded graph: the build, the report and the pages all project
the same graph, and a loaded graph does not change."""


def projection_facts(kg: KnowledgeGraph, window: Window | None = None) -> ProjectionFacts:
    """The facts of `kg`, read once per graph; with a window (given, or `temporal.active_window`),
    only the participations dated in it."""
    facts = _FACTS.get(kg)
    if facts is None:
        facts = _FACTS[kg] = _read_facts(kg)
    window = window or active_window()
    if window is None:
        return facts
    if window not in facts.windows:
        windowed = copy.copy(facts)
        windowed.window = window
        windowed.windows = {}
        windowed.in_window = facts_in(kg, window)
        windowed.undated = len(dated_facts(kg).undated)
        windowed.participations = [p for p in facts.participations if p.iri in windowed.in_window]
        facts.windows[window] = windowed
    return facts.windows[window]


def _read_facts(kg: KnowledgeGraph) -> ProjectionFacts:
    facts = ProjectionFacts(kg)
    grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for participation, agent, role, target in _rows(kg, _PARTICIPATIONS):
        roles = grouped[(_text(participation), _text(agent), _text(target))]
        if role is not None:
            roles.add(facts.label(_text(role)))
    facts.participations = [
        Participation(iri, agent, target, tuple(sorted(roles)))
        for (iri, agent, target), roles in sorted(grouped.items())
    ]
    return facts


def actor_initiative_graph(kg: KnowledgeGraph, window: Window | None = None) -> nx.Graph:
    """Bipartite graph: actors (agents of participations) linked to the targets they take part in.

    Node attribute `side` is "actor" or "initiative"; an edge's `weight` is the number of
    participations between the two, its `roles` the sorted role labels.
    """
    facts = projection_facts(kg, window)
    links = _actor_target_links(facts, facts.participations)
    return _two_sided_graph(facts, links, "bipartite", ("actor", "initiative"))


def organisation_graph(kg: KnowledgeGraph, window: Window | None = None) -> nx.Graph:
    """Co-participation of organisations: two are linked when they take part in the same target.

    `weight` is the number of shared targets; `shared` lists them in IRI order as {"target": IRI,
    "target_label": label}, one such mapping per target, the same object in every tie through it
    (hundreds of thousands of ties at 1M statements: they must not be changed); each side's roles
    in a target are those of its edge in the bipartite projection, and the tie's `roles` their
    union. Targets with more than `CLIQUE_CAP` organisations add no ties; the graph attribute
    `unexpanded` lists them as (IRI, label, number of organisations), largest first.
    """
    return organisation_projection(kg, window)[0]


def organisation_projection(
    kg: KnowledgeGraph, window: Window | None = None
) -> tuple[nx.Graph, CoParticipation]:
    """`organisation_graph`, and what its ties were made of (`CoParticipation`)."""
    facts = projection_facts(kg, window)
    organisation_links = _actor_target_links(
        facts, [p for p in facts.participations if facts.is_organisation(p.agent)]
    )
    by_target: dict[str, list[str]] = defaultdict(list)
    for agent, target in sorted(organisation_links):
        by_target[target].append(agent)
    expanded = {target: agents for target, agents in by_target.items() if len(agents) <= CLIQUE_CAP}
    entries = {target: {"target": target, "target_label": facts.label(target)} for target in expanded}
    memberships = {
        (agent, target): _Membership(
            link.roles, *facts.sources_of(link.graphs), facts.span([target, *link.targets]), entries[target]
        )
        for (agent, target), link in organisation_links.items()
        if target in expanded
    }
    large = sorted((-len(agents), target) for target, agents in by_target.items() if target not in expanded)
    graph = nx.Graph(
        projection="organisations",
        unexpanded=[(target, facts.label(target), -size) for size, target in large],
        **facts.window_attributes(),
    )
    for organisation in sorted({agent for agent, _ in organisation_links}):
        graph.add_node(organisation, side="actor", **facts.node_attributes(organisation))
    made_of = CoParticipation(expanded, memberships)
    graph.add_edges_from(made_of.ties())
    return graph, made_of


@dataclass(frozen=True)
class CoParticipation:
    """What the ties of an organisations projection are made of: the organisations of each
    expanded target in order, and each one's part in it. It makes the same ties again, in order,
    without the graph: the build sends it, not the graph, to the process that writes the network
    files (13 MB pickled at 1M statements, against 76 MB for the graph)."""

    by_target: dict[str, list[str]]
    memberships: dict[tuple[str, str], _Membership]

    def ties(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Each tie (first < second, in that order) with its attributes."""
        memberships = self.memberships
        for first, second, targets in _co_participants(self.by_target):
            yield first, second, _tie_attributes(memberships, first, second, targets)

    def declaring(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Ties that have between them every attribute signature (keys and value types) the ties
        have: the first, if any, since `_tie_attributes` gives every tie the same keys and types."""
        return list(itertools.islice(self.ties(), 1))


def _co_participants(by_target: dict[str, list[str]]) -> Iterator[tuple[str, str, list[str]]]:
    """Each pair of organisations (first < second) with the targets they share, in sorted order,
    from each target's sorted organisations: found one first organisation at a time, so that only
    its partners are held, never every pair at once."""
    targets_of: dict[str, list[str]] = defaultdict(list)
    for target, agents in sorted(by_target.items()):
        for agent in agents:
            targets_of[agent].append(target)
    for first in sorted(targets_of):
        partners: dict[str, list[str]] = defaultdict(list)
        for target in targets_of[first]:
            agents = by_target[target]
            for second in agents[bisect_right(agents, first) :]:
                partners[second].append(target)
        for second in sorted(partners):
            yield first, second, partners[second]


def _tie_attributes(
    memberships: dict[tuple[str, str], _Membership],
    first: str,
    second: str,
    targets: list[str],
) -> dict[str, Any]:
    """The attributes of the tie of two organisations that share `targets` (see `organisation_graph`)."""
    roles: set[str] = set()
    sources: set[str] = set()
    inferred: set[str] = set()
    shared = []
    years: list[int] = []
    for target in targets:
        one = memberships[(first, target)]
        other = memberships[(second, target)]
        roles.update(one.roles, other.roles)
        sources.update(one.sources, other.sources)
        inferred.update(one.inferred, other.inferred)
        shared.append(one.entry)
        years = _widest(years, one.years, other.years)
    return {
        "weight": len(targets),
        "roles": sorted(roles),
        "shared": shared,
        "sources": sorted(sources),
        "inferred_sources": sorted(inferred),
        "years": years,
    }


def _widest(*spans: list[int]) -> list[int]:
    """The [first year, last year] that covers every span given ([] for none)."""
    known = [span for span in spans if span]
    return [min(span[0] for span in known), max(span[1] for span in known)] if known else []


def country_graph(
    kg: KnowledgeGraph, window: Window | None = None, organisations: nx.Graph | None = None
) -> nx.Graph:
    """Countries (and the EU level) linked by the ties of their own organisations (from
    `organisations`, the organisations projection of `kg` in the same window, when already made).

    Each organisation belongs to the countries it is based in (`cng:country`), except the EU
    bodies (`cng:EUBody` and its subclasses) and their units (`org:unitOf`,
    `org:subOrganizationOf`), which belong to the "EU-level" node whatever their seat; an
    organisation with neither belongs to no node. From the organisation network, each node
    counts its `actors`, its `domestic_ties` (ties between two of its own organisations), its
    `cross_border_ties` (ties of its organisations with those of another node) and its
    `unplaced_ties` (with organisations of no country); `ties` is domestic plus cross-border.
    An edge's `weight` is the number of organisation ties between the two nodes,
    `shared_targets` the number of distinct targets behind them.
    """
    facts = projection_facts(kg, window)
    organisations = organisations if organisations is not None else organisation_graph(kg, window)
    graph = nx.Graph(
        projection="countries",
        size_attribute="ties",
        unexpanded=organisations.graph.get("unexpanded", []),
        **facts.window_attributes(),
    )
    groups = {node: _country_groups(facts, node) for node in organisations}
    members: dict[str, list[str]] = defaultdict(list)
    for node in sorted(organisations):
        for group in groups[node]:
            members[group].append(node)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    ties_of: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    pairs_of: dict[tuple[frozenset[str], frozenset[str]], list[tuple[str, str]]] = {}
    for first, second, data in organisations.edges(data=True):  # sums and sets: any order gives the same
        if not groups[first] or not groups[second]:
            for group in groups[first] | groups[second]:
                counts[group]["unplaced_ties"] += 1
            continue
        key = (groups[first], groups[second])
        pairs = pairs_of.get(key)
        if pairs is None:
            pairs = pairs_of[key] = sorted(
                {(a, b) if a <= b else (b, a) for a in groups[first] for b in groups[second]}
            )
        for pair in pairs:
            ties_of[pair].append(data)
    links: dict[tuple[str, str], _Link] = {}
    for (a, b), tie_data in ties_of.items():
        if a == b:
            counts[a]["domestic_ties"] += len(tie_data)
            continue
        counts[a]["cross_border_ties"] += len(tie_data)
        counts[b]["cross_border_ties"] += len(tie_data)
        link = links[(a, b)] = _Link()
        for data in tie_data:
            link.targets.update(entry["target"] for entry in data["shared"])
            link.roles.update(data["roles"])
            link.addresses.update(data["sources"])
            link.inferred.update(data["inferred_sources"])
    for group in sorted(members):
        graph.add_node(group, **_country_node(facts, group, members[group], counts[group]))
    for (first, second), link in sorted(links.items()):
        graph.add_edge(
            first,
            second,
            weight=len(ties_of[(first, second)]),
            shared_targets=len(link.targets),
            roles=sorted(link.roles),
            sources=sorted(link.addresses),
            inferred_sources=sorted(link.inferred),
            years=facts.span(link.targets),
        )
    return graph


EU_LEVEL_NODE = CND["eu-level"].value
"""The id of the "EU-level" node of the countries projection (minted for the projection only: no
statement of the data is about it)."""


def actor_places(kg: KnowledgeGraph) -> dict[str, frozenset[str]]:
    """Every organisation, person and group → the nodes of the countries projection it belongs to
    (`EU_LEVEL_NODE` for EU bodies and their units, else its countries' IRIs; empty for none),
    worked out once per graph; callers must not change it."""
    return projection_facts(kg).actor_places


def date_statements(kg: KnowledgeGraph) -> list[tuple[Any, Any]]:
    """(entity, date) of each date statement of anything but a source or inference, read once
    per graph (`ProjectionFacts.date_statements`); callers must not change it."""
    return projection_facts(kg).date_statements


def statement_graphs(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Every subject → the named graphs (sources, inferences) with a statement about it, read once
    per graph; callers must not change it."""
    return projection_facts(kg).subject_graphs


def place_label(kg: KnowledgeGraph, place: str) -> str:
    """The name of a node of the countries projection: "EU-level" or the country's label."""
    return EU_LEVEL if place == EU_LEVEL_NODE else projection_facts(kg).label(place)


def _country_groups(facts: ProjectionFacts, organisation: str) -> frozenset[str]:
    """The countries projection's nodes an organisation belongs to (see `country_graph`)."""
    if facts.is_eu_level(organisation):
        return frozenset({EU_LEVEL_NODE})
    return frozenset(facts.countries.get(organisation, set()))


def _country_node(
    facts: ProjectionFacts, group: str, members: list[str], counts: Counter[str]
) -> dict[str, Any]:
    """The attributes of one node of the countries projection."""
    if group == EU_LEVEL_NODE:
        sources, inferred = facts.sources_of(
            {graph for member in members for graph in facts.subject_graphs.get(member, set())}
        )
        attributes: dict[str, Any] = {
            "iri": group,
            "label": EU_LEVEL,
            "type": "cng:EUBody",
            "type_label": EU_LEVEL,
            "country": [],
            "country_labels": [EU_LEVEL],
            "sources": sources,
            "inferred_sources": inferred,
            "years": [],
        }
    else:
        attributes = facts.node_attributes(group, facts.country_graphs.get(group, set()))
        attributes["country"] = [_country_code(group)]
        attributes["country_labels"] = [attributes["label"]]
        attributes["type"] = "schema:Country"
        attributes["type_label"] = "country"
    attributes["sectors"] = sorted(
        {facts.label(s) for member in members for s in facts.sectors.get(member, ())}
    )
    attributes["actor_types"] = sorted(
        {_type_label(facts, facts.most_specific_type(m)) for m in members} - {""}
    )
    domestic, cross = counts["domestic_ties"], counts["cross_border_ties"]
    attributes.update(
        side="country",
        actors=len(members),
        domestic_ties=domestic,
        cross_border_ties=cross,
        unplaced_ties=counts["unplaced_ties"],
        ties=domestic + cross,
    )
    return attributes


def person_organisation_graph(kg: KnowledgeGraph, window: Window | None = None) -> nx.Graph:
    """Persons linked to organisations: by the posts they hold and by their participations.

    A participation links a person to its target when the target is an organisation (a
    network or a partnership). Node attribute `side` is "person" or "organisation"; `weight`
    counts the posts and participations behind an edge; `roles` are post roles (or post labels)
    and participation roles.
    """
    facts = projection_facts(kg, window)
    links: dict[tuple[str, str], _Link] = defaultdict(_Link)
    post_graphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for person, organisation, graph_name in _rows(kg, _POST_GRAPHS):
        post_graphs[(_text(person), _text(organisation))].add(_text(graph_name))
    for person, post, organisation, role in _rows(kg, _POSTS):
        if not facts.is_person(_text(person)) or not facts.counts(_text(post)):
            continue
        link = links[(_text(person), _text(organisation))]
        link.targets.add(_text(post))
        link.roles.add(facts.label(_text(role)) if role is not None else facts.label(_text(post)))
        link.graphs.update(post_graphs[(_text(person), _text(organisation))])
    for participation in facts.participations:
        if facts.is_person(participation.agent) and facts.is_organisation(participation.target):
            link = links[(participation.agent, participation.target)]
            link.targets.add(participation.iri)
            link.roles.update(participation.roles)
            link.graphs.update(facts.participation_graphs(participation.iri))
    return _two_sided_graph(facts, links, "persons", ("person", "organisation"))


def _two_sided_graph(
    facts: ProjectionFacts, links: dict[tuple[str, str], _Link], projection: str, sides: tuple[str, str]
) -> nx.Graph:
    """A graph whose edges run from the first member of each link's key to the second; a node on
    both sides is put on the first (`side` attribute), and nodes and edges come in sorted order."""
    graph = nx.Graph(projection=projection, **facts.window_attributes())
    first = sorted({node for node, _ in links})
    second = sorted({node for _, node in links} - set(first))
    for side, nodes in zip(sides, (first, second), strict=True):
        for node in nodes:
            graph.add_node(node, side=side, **facts.node_attributes(node))
    for (source, target), link in sorted(links.items()):
        graph.add_edge(source, target, **link.edge_attributes(facts))
    return graph


def projection_notes(graph: nx.Graph) -> list[str]:
    """What a projection left out, one sentence (none when nothing was)."""
    unexpanded = graph.graph.get("unexpanded", [])
    if not unexpanded:
        return []
    named = ", ".join(f"{label} ({size})" for _, label, size in unexpanded[:5])
    more = f" and {len(unexpanded) - 5:,} more" if len(unexpanded) > 5 else ""
    return [
        f"{len(unexpanded):,} target(s) with more than {CLIQUE_CAP} organisations add no ties between "
        f"each pair of their organisations (one such target would add k(k-1)/2 ties): {named}{more}. "
        "Their participations are in the bipartite network."
    ]


PROJECTIONS: dict[str, Callable[..., nx.Graph]] = {
    "bipartite": actor_initiative_graph,
    "organisations": organisation_graph,
    "countries": country_graph,
    "persons": person_organisation_graph,
}
"""The projections by the name the CLI and the report use."""


@dataclass
class _Link:
    """What lies behind one edge while it is being built."""

    targets: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    graphs: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    inferred: set[str] = field(default_factory=set)

    def edge_attributes(self, facts: ProjectionFacts) -> dict[str, Any]:
        """Weight (participations or posts behind the edge), roles, the sources of both and the
        span of the years of those participations or posts."""
        sources, inferred = facts.sources_of(self.graphs)
        return {
            "weight": len(self.targets),
            "roles": sorted(self.roles),
            "sources": sources,
            "inferred_sources": inferred,
            "years": facts.span(self.targets),
        }


@dataclass(frozen=True, slots=True)
class _Membership:
    """One organisation's part in one target, as every tie through that target shows it: its roles,
    the sources and inferences its participations are stated in (a tie's are those of its sides:
    each graph names one), their span of years and the target's entry in `shared`."""

    roles: set[str]
    sources: list[str]
    inferred: list[str]
    years: list[int]
    entry: dict[str, str]


def _actor_target_links(
    facts: ProjectionFacts, participations: Iterable[Participation]
) -> dict[tuple[str, str], _Link]:
    """Participations grouped by (agent, target): the participation IRIs, roles and graphs."""
    links: dict[tuple[str, str], _Link] = defaultdict(_Link)
    for participation in participations:
        if participation.agent == participation.target:
            continue
        link = links[(participation.agent, participation.target)]
        link.targets.add(participation.iri)
        link.roles.update(participation.roles)
        link.graphs.update(facts.participation_graphs(participation.iri))
    return dict(links)


def _rows(kg: KnowledgeGraph, sparql: str) -> list[tuple[Any, ...]]:
    """The rows of a SELECT query as tuples of terms (None where unbound), in the store's order:
    every fact read here is grouped into sets or sorted, so no order of rows shows in a projection."""
    return kg.rows(sparql, ordered=False)


def _pairs(rows: Iterable[tuple[Any, Any]]) -> dict[str, set[str]]:
    """Rows of (key, value) grouped as key → set of values, both as strings."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, value in rows:
        found[_text(key)].add(_text(value))
    return found


def _row_key(row: Any) -> tuple[str, ...]:
    return tuple("" if term is None else _text(term) for term in row)


def _text(term: Any) -> str:
    """The IRI of a named node, the label of a blank node, the text of a literal."""
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else str(term)


def _best_label(labels: list[ox.Literal]) -> str:
    """English first, then untagged, then any other language; ties broken alphabetically."""
    return min(labels, key=lambda label: (language_rank(label), label.value)).value


def _namespace_rank(iri: str) -> int:
    for rank, namespace in enumerate(_NAMESPACE_PREFERENCE):
        if iri.startswith(namespace):
            return rank
    return len(_NAMESPACE_PREFERENCE)


def _type_label(facts: ProjectionFacts, type_: str | None) -> str:
    if type_ is None:
        return ""
    if type_ in facts.labels:
        return facts.labels[type_]
    return _FALLBACK_TYPE_LABELS.get(type_, facts.label(type_))


def _year(lexical: str) -> int | None:
    """The year of an xsd:date, xsd:gYear, xsd:gYearMonth or xsd:dateTime lexical form."""
    digits = lexical.lstrip("-")[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else None


def _country_code(iri: str) -> str:
    return iri[len(str(COUNTRY)) :] if iri.startswith(str(COUNTRY)) else iri
