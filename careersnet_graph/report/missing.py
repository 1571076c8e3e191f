"""Where cooperation is missing: every pair of sectors and of places (countries, EU level) in scope.

Unlike `analysis.structure.group_density`, which lists the pairs that have ties, this lists every
pair of the groups in scope, zeros included, so that the report can name the pairs without a tie
and the groups without any tie. A density is always shown beside its pair count and is never
used to rank: one tie between two single organisations is a density of 1.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
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
        found = []
        for pair in self.zero_pairs:
            if pair.first != pair.second and group in (pair.first, pair.second):
                found.append(pair.second if pair.first == group else pair.first)
        return sorted(found)

    def pair(self, first: str, second: str) -> GroupPair:
        """The pair of two groups, in either order."""
        low, high = sorted((first, second))
        for pair in self.pairs:
            if (pair.first, pair.second) == (low, high):
                return pair
        raise KeyError((first, second))


def cooperation(
    graph: nx.Graph, membership: Mapping[Node, Sequence[str]], scope: Sequence[str], title: str
) -> Cooperation:
    """Every pair of the groups in `scope` with its ties and possible pairs in `graph`.

    `membership` maps each node to its groups (a node in two groups counts in both; a pair of
    two nodes that share both groups counts once per pair of groups). Groups in scope without any
    node are kept, with zero organisations.
    """
    names = sorted(set(scope) | {group for node in graph for group in membership.get(node, ())})
    members: dict[str, set[Node]] = {name: set() for name in names}
    for node in graph:
        for group in membership.get(node, ()):
            members[group].add(node)
    tied: dict[tuple[str, str], int] = dict.fromkeys(combinations_with_replacement(names, 2), 0)
    sources: dict[tuple[str, str], set[str]] = {pair: set() for pair in tied}
    touching: dict[str, int] = dict.fromkeys(names, 0)
    groups_of = {node: tuple(groups) for node, groups in membership.items()}
    plans: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[set[str], set[tuple[str, str]]]] = {}
    for first, second, data in graph.edges(data=True):
        ends = (groups_of.get(first, ()), groups_of.get(second, ()))
        plan = plans.get(ends)
        if plan is None:  # what a tie between these groups counts in: worked out once per pair of groups
            plan = plans[ends] = (
                {*ends[0], *ends[1]},
                {(a, b) if a <= b else (b, a) for a in ends[0] for b in ends[1]},
            )
        for group in plan[0]:
            touching[group] += 1
        if first == second:
            continue
        tie_sources = data.get("sources", ())
        for pair in plan[1]:
            tied[pair] += 1
            sources[pair].update(tie_sources)
    pairs = [
        GroupPair(
            first,
            second,
            tied[(first, second)],
            _possible(members[first], members[second]),
            sorted(sources[(first, second)]),
        )
        for first, second in tied
    ]
    groups = [Group(name, len(members[name]), touching[name]) for name in names]
    ungrouped = sum(1 for node in graph if not membership.get(node))
    return Cooperation(title, groups, pairs, ungrouped)


def _possible(first: set[Node], second: set[Node]) -> int:
    """Unordered pairs of distinct nodes, one in each set: the ordered pairs, less those of a node
    with itself, less the pairs inside the overlap that were counted in both orders."""
    common = len(first & second)
    return len(first) * len(second) - common - common * (common - 1) // 2
