"""Where cooperation is missing: every pair of sectors and of places (countries, EU level) in scope.

Unlike `analysis.structure.group_density`, which lists the pairs that have ties, this lists every
pair of the groups in scope, zeros included, so that the report can name the pairs without a tie
and the groups without any tie. A density is always shown beside its pair count and is never
used to rank: one tie between two single organisations is a density of 1.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations_with_replacement

import networkx as nx

Node = Hashable


@dataclass(frozen=True)
class GroupPair:
    """Ties between the organisations of two groups (or within one, when `first == second`)."""

    first: str
    second: str
    ties: int
    possible: int
    sources: list[str]

    @property
    def density(self) -> float | None:
        """Ties / possible pairs; None where no pair is possible."""
        return round(self.ties / self.possible, 3) if self.possible else None


@dataclass(frozen=True)
class Group:
    """One group in scope: its organisations in the network and its ties in all."""

    name: str
    organisations: int
    ties: int


@dataclass(frozen=True)
class Cooperation:
    """Every pair of groups in scope, and the groups, in name order."""

    title: str
    groups: list[Group]
    pairs: list[GroupPair]
    ungrouped: int = 0
    """Organisations of the network in no group (without a sector, or of no country)."""

    @property
    def zero_pairs(self) -> list[GroupPair]:
        """The pairs without a tie whose groups both have organisations (a tie was possible)."""
        return [pair for pair in self.pairs if pair.ties == 0 and pair.possible > 0]

    @property
    def untied_groups(self) -> list[Group]:
        """The groups none of whose organisations has a tie (including groups with none at all)."""
        return [group for group in self.groups if group.ties == 0]

    def missing_partners(self, group: str) -> list[str]:
        """The other groups with organisations that `group` has no tie with."""
        return self._missing.get(group, [])

    def pair(self, first: str, second: str) -> GroupPair:
        """The pair of two groups, in either order."""
        return self._pairs[(first, second) if first <= second else (second, first)]

    @cached_property
    def _pairs(self) -> dict[tuple[str, str], GroupPair]:
        """Each pair by its two names in order: a chart of G groups asks for G² of them."""
        return {(pair.first, pair.second): pair for pair in self.pairs}

    @cached_property
    def _missing(self) -> dict[str, list[str]]:
        """`missing_partners` of every group, found in one pass over the pairs."""
        found: dict[str, list[str]] = {}
        for pair in self.zero_pairs:
            if pair.first != pair.second:
                found.setdefault(pair.first, []).append(pair.second)
                found.setdefault(pair.second, []).append(pair.first)
        return {group: sorted(others) for group, others in found.items()}


@dataclass(frozen=True)
class Grouping:
    """How the nodes of a network fall into groups: `membership` maps each node to its groups
    (sectors, places), `scope` names groups to list even without a node."""

    title: str
    membership: Mapping[Node, Sequence[str]]
    scope: Sequence[str] = ()


def cooperations(graph: nx.Graph, groupings: Iterable[Grouping]) -> list[Cooperation]:
    """Every pair of the groups of each grouping with its ties and possible pairs in `graph`, from
    one pass over the ties for all groupings.

    A node in two groups counts in both; a pair of two nodes that share both groups counts once
    per pair of groups. Groups in scope without any node are kept, with zero organisations.
    """
    tallies = [_Tally(graph, grouping) for grouping in groupings]
    states = [(tally.kind_of, tally.kinds, tally.ties, tally.loops, tally.sources) for tally in tallies]
    for first, second, tie_sources in graph.edges(data="sources", default=()):
        for kind_of, kinds, ties, loops, sources in states:
            key = kind_of[first] * kinds + kind_of[second]
            if first == second:
                loops[key] = loops.get(key, 0) + 1
                continue
            ties[key] = ties.get(key, 0) + 1
            known = sources.get(key)
            if known is None:
                sources[key] = set(tie_sources)
            else:
                known.update(tie_sources)
    return [tally.cooperation(graph) for tally in tallies]


class _Tally:
    """The ties of one grouping, counted by the kinds of their two ends: a kind is the tuple of
    groups a node is in, so that a tie is one number to count, and what it counts in (each
    group it touches, each pair of groups it joins) is worked out once per pair of kinds."""

    def __init__(self, graph: nx.Graph, grouping: Grouping) -> None:
        self.grouping = grouping
        numbers: dict[tuple[str, ...], int] = {}
        membership = grouping.membership
        self.kind_of = {
            node: numbers.setdefault(tuple(membership.get(node, ())), len(numbers)) for node in graph
        }
        self.groups_of_kind = list(numbers)
        self.kinds = len(numbers)
        self.ties: dict[int, int] = {}
        self.loops: dict[int, int] = {}
        self.sources: dict[int, set[str]] = {}

    def cooperation(self, graph: nx.Graph) -> Cooperation:
        """The counts made into every pair and group in scope, in name order."""
        membership = self.grouping.membership
        names = sorted(set(self.grouping.scope) | {group for kind in self.groups_of_kind for group in kind})
        members: dict[str, set[Node]] = {name: set() for name in names}
        for node in graph:
            for group in membership.get(node, ()):
                members[group].add(node)
        tied: dict[tuple[str, str], int] = dict.fromkeys(combinations_with_replacement(names, 2), 0)
        sources: dict[tuple[str, str], set[str]] = {pair: set() for pair in tied}
        touching: dict[str, int] = dict.fromkeys(names, 0)
        for key in self.ties.keys() | self.loops.keys():
            ends = (self.groups_of_kind[key // self.kinds], self.groups_of_kind[key % self.kinds])
            ties = self.ties.get(key, 0)
            for group in {*ends[0], *ends[1]}:
                touching[group] += ties + self.loops.get(key, 0)
            if not ties:
                continue
            for pair in {(a, b) if a <= b else (b, a) for a in ends[0] for b in ends[1]}:
                tied[pair] += ties
                sources[pair].update(self.sources[key])
        pairs = [
            GroupPair(
                first,
                second,
                count,
                _possible(members[first], members[second]),
                sorted(sources[(first, second)]),
            )
            for (first, second), count in tied.items()
        ]
        groups = [Group(name, len(members[name]), touching[name]) for name in names]
        ungrouped = sum(1 for node in graph if not membership.get(node))
        return Cooperation(self.grouping.title, groups, pairs, ungrouped)


def _possible(first: set[Node], second: set[Node]) -> int:
    """Unordered pairs of distinct nodes, one in each set: the ordered pairs, less those of a node
    with itself, less the pairs inside the overlap that were counted in both orders."""
    common = len(first & second)
    return len(first) * len(second) - common - common * (common - 1) // 2
