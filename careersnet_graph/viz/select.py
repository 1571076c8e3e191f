"""Which part of a projected graph a page shows: the neighbourhood of one actor, or a filtered subset."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from careersnet_graph.errors import CareersnetError
from careersnet_graph.namespaces import curie, expand_curie

FILTER_KEYS = ("type", "country", "sector")
"""What `--filter KEY=VALUE` can select on."""


def resolve_actor(graph: nx.Graph, actor: str) -> Any:
    """The node meant by `actor`: its IRI, a CURIE with a project prefix, or its label (any case)."""
    if actor in graph:
        return actor
    expanded = expand_curie(actor)
    if expanded is not None and expanded.value in graph:
        return expanded.value
    wanted = actor.casefold()
    matches = sorted(
        (
            node
            for node, label in graph.nodes(data="label")
            if label is not None and str(label).casefold() == wanted
        ),
        key=str,
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        named = ", ".join(f"{curie(str(node))} ({_countries(graph.nodes[node])})" for node in matches)
        raise CareersnetError(f"actor {actor!r} is ambiguous: it is the label of {named}")
    labels = sorted({str(label) for _, label in graph.nodes(data="label") if label is not None})
    raise CareersnetError(
        f"actor {actor!r} is not in this network (give its IRI, a CURIE such as cnd:org-… or its label)"
        + _nearest(actor, labels)
    )


def _countries(attributes: Mapping[str, Any]) -> str:
    value = attributes.get("country")
    codes = [value] if isinstance(value, str) else sorted(map(str, value or ()))
    return "/".join(codes) or "no country"


def _nearest(text: str, candidates: Iterable[str]) -> str:
    """ "; nearest: a, b" with the candidates closest to `text` (without case), or ""."""
    by_key = {candidate.casefold(): candidate for candidate in candidates}
    close = difflib.get_close_matches(text.casefold(), sorted(by_key), n=5, cutoff=0.5)
    return f"; nearest: {', '.join(by_key[key] for key in close)}" if close else ""


def neighbourhood(graph: nx.Graph, actor: str, depth: int) -> nx.Graph:
    """The actor and everything within `depth` links of it (a copy)."""
    if depth < 0:
        raise CareersnetError(f"depth must be 0 or more, not {depth}")
    centre = resolve_actor(graph, actor)
    return nx.ego_graph(graph, centre, radius=depth, undirected=True).copy()


def parse_filters(filters: Iterable[str]) -> dict[str, set[str]]:
    """`KEY=VALUE` strings grouped by key; values of one key are alternatives."""
    parsed: dict[str, set[str]] = {}
    for item in filters:
        key, separator, value = item.partition("=")
        key = key.strip().lower()
        if not separator or not value.strip():
            raise CareersnetError(f"filter {item!r} is not KEY=VALUE (KEY one of {', '.join(FILTER_KEYS)})")
        if key not in FILTER_KEYS:
            raise CareersnetError(f"filter key {key!r} is unknown: use one of {', '.join(FILTER_KEYS)}")
        parsed.setdefault(key, set()).add(value.strip().casefold())
    return parsed


def _node_values(attributes: Mapping[str, Any], key: str) -> set[str]:
    """The values a filter key compares with: codes and labels, case-folded."""
    fields = {
        "type": ("type", "type_label", "actor_types"),
        "country": ("country", "country_labels"),
        "sector": ("sectors",),
    }[key]
    values: set[str] = set()
    for name in fields:
        value = attributes.get(name)
        if isinstance(value, str):
            values.add(value.casefold())
        elif value is not None:
            values.update(str(item).casefold() for item in value)
    return values


def apply_filters(graph: nx.Graph, filters: Mapping[str, set[str]]) -> nx.Graph:
    """The subgraph of the nodes matching every filter key (any of its values); a copy.

    A filter keeps a node whose type, country or sector equals one of the given values, compared
    without case with the code (cng:Ministry, SVN) or with the label (Ministry, Slovenia); a
    country of the countries projection matches the types of its actors. A value that no node
    has, or filters that together keep no node, are an error naming the nearest values.
    """
    for key, wanted in sorted(filters.items()):
        known = set().union(*(_node_values(attributes, key) for _, attributes in graph.nodes(data=True)))
        for value in sorted(wanted - known):
            raise CareersnetError(
                f"filter {key}={value}: no actor of this network has it" + _nearest(value, known)
            )
    kept = [
        node
        for node, attributes in graph.nodes(data=True)
        if all(_node_values(attributes, key) & wanted for key, wanted in filters.items())
    ]
    if not kept:
        given = " ".join(f"{key}={'|'.join(sorted(values))}" for key, values in sorted(filters.items()))
        raise CareersnetError(f"the filters {given} together keep no actor of this network")
    return graph.subgraph(kept).copy()
