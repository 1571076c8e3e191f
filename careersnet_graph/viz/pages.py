"""From a projected network to finished pages: cap, layout, data, HTML, atomic UTF-8 files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from careersnet_graph.atomic import atomic_write_bytes
from careersnet_graph.context import BuildContext, as_context
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.viz.elements import Metrics, page_data
from careersnet_graph.viz.page import render_html
from careersnet_graph.viz.reduce import aggregated, fixed_layout, needs_aggregation
from careersnet_graph.viz.select import apply_filters, neighbourhood, parse_filters
from careersnet_graph.viz.settings import PageSettings


def network_page(
    graph: nx.Graph,
    metrics: Metrics,
    communities: Mapping[Any, int],
    settings: PageSettings | None = None,
    notes: Iterable[str] = (),
) -> str:
    """The HTML page of `graph`: all of it, or its most central actors above `settings.node_cap`."""
    settings = settings or PageSettings()
    notes = list(notes)
    shown = graph
    if needs_aggregation(graph, settings.node_cap):
        shown, metrics, communities = aggregated(
            graph, metrics, communities, settings.size_metric, settings.node_cap
        )
        notes.append(
            f"Aggregated: this network has {graph.number_of_nodes():,} actors and "
            f"{graph.number_of_edges():,} ties, more than one page can draw: each community is drawn "
            f"as one node (its size the summed {settings.size_metric} of its members) and each link "
            "sums the ties between two communities. "
            "Export the full network as GEXF, GraphML or Kumu JSON (careersnet export) to explore all of it."
        )
    positions = None
    if shown.number_of_nodes() > settings.layout_threshold:
        positions = fixed_layout(shown)
        notes.append(
            f"More than {settings.layout_threshold} actors: the layout was computed in advance "
            "and does not move."
        )
    data = page_data(shown, metrics, communities, settings.size_metric, positions=positions, notes=notes)
    return render_html(data, settings, graph.number_of_nodes(), graph.number_of_edges())


def write_network_page(
    graph: nx.Graph,
    path: Path,
    metrics: Metrics,
    communities: Mapping[Any, int],
    *,
    settings: PageSettings | None = None,
    notes: Iterable[str] = (),
) -> Path:
    """Write the page of `graph` to `path` as UTF-8, atomically; nothing else is written anywhere."""
    return atomic_write_bytes(
        path, network_page(graph, metrics, communities, settings, notes).encode("utf-8")
    )


def titled(settings: PageSettings | None, projection: str) -> PageSettings:
    """Settings whose title names the projection."""
    settings = settings or PageSettings()
    return replace(settings, title=f"{settings.title} — {projection}")


def projection_page(
    kg: KnowledgeGraph | BuildContext,
    projection: str,
    *,
    focus: str | None = None,
    depth: int = 1,
    filters: Iterable[str] = (),
    settings: PageSettings | None = None,
) -> str:
    """The page of one projection, optionally filtered and narrowed to the neighbourhood of an actor.

    Centralities and communities are computed on the whole projection, so an actor keeps its
    size and colour however the page is narrowed; filters apply first, then the focus.
    """
    if projection not in PROJECTIONS:
        raise CareersnetError(f"unknown projection {projection!r}: use one of {', '.join(PROJECTIONS)}")
    wanted = parse_filters(filters)
    context = as_context(kg)
    graph = context.projection(projection)
    metrics = context.centralities(projection)
    communities = context.communities(projection)
    notes = context.notes(projection)
    if wanted:
        graph = apply_filters(graph, wanted)
        shown = "; ".join(f"{key} = {' or '.join(sorted(values))}" for key, values in sorted(wanted.items()))
        notes.append(f"Filtered: {shown}.")
    if focus is not None:
        graph = neighbourhood(graph, focus, depth)
        notes.append(f"Within {depth} link(s) of {focus}.")
    return network_page(graph, metrics, communities, titled(settings, projection), notes)


def write_pages(
    kg: KnowledgeGraph | BuildContext, out_dir: Path, settings: PageSettings | None = None
) -> list[Path]:
    """Write `network-<projection>.html` for every projection into `out_dir`; the paths written."""
    context = as_context(kg)
    return [
        atomic_write_bytes(
            out_dir / f"network-{name}.html",
            projection_page(context, name, settings=settings).encode("utf-8"),
        )
        for name in PROJECTIONS
    ]
