"""From a projected network to finished pages: cap, layout, data, HTML, atomic UTF-8 files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import networkx as nx

from careersnet_graph.atomic import atomic_write_bytes
from careersnet_graph.context import BuildContext, as_context
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.helper_process import Deferred, HelperProcess, deferred
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.viz.elements import Metrics, page_data
from careersnet_graph.viz.layout import readable_layout, top_nodes
from careersnet_graph.viz.page import render_html
from careersnet_graph.viz.reduce import aggregated, needs_aggregation
from careersnet_graph.viz.select import apply_filters, neighbourhood, parse_filters
from careersnet_graph.viz.settings import PageSettings
from careersnet_graph.viz.timeline import Timeline, network_timeline

TIMELINE_PROJECTIONS = frozenset({"organisations"})
"""The pages with a time slider."""

LABELLED = 12
"""How many of the most central nodes get a large label on a page of more than `LABEL_ALL` nodes."""

LABEL_ALL = 40
"""Up to this many nodes, every node's label is large."""


@dataclass(frozen=True)
class PageInputs:
    """What one page draws, and nothing more (a second process may draw it): the graph shown (the
    network, or its communities above the cap) with the metrics and communities of its nodes, the
    notes, the time slider's data and the size of the whole network."""

    shown: nx.Graph
    metrics: dict[Any, Mapping[str, float]]
    communities: dict[Any, int]
    settings: PageSettings
    notes: list[str]
    nodes: int
    edges: int
    timeline: dict[str, Any] | None = None


def page_inputs(
    graph: nx.Graph,
    metrics: Metrics,
    communities: Mapping[Any, int],
    settings: PageSettings | None = None,
    notes: Iterable[str] = (),
    *,
    timeline: Timeline | None = None,
) -> PageInputs:
    """What the page of `graph` draws: all of it, or each community as one node above
    `settings.node_cap` (`viz.reduce`); with `timeline`, the slider's data of what is shown."""
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
    return PageInputs(
        shown,
        {node: metrics[node] for node in shown if node in metrics},
        {node: communities[node] for node in shown if node in communities},
        settings,
        notes,
        graph.number_of_nodes(),
        graph.number_of_edges(),
        timeline.within(shown).as_json_value() if timeline is not None else None,
    )


def draw_page(inputs: PageInputs) -> str:
    """The HTML page of `inputs`: laid out, its nodes sized by the projection's `size_attribute`
    (the countries page: the ties of each country's own actors) or else by `settings.size_metric`;
    the largest get legible labels."""
    shown, settings, notes = inputs.shown, inputs.settings, list(inputs.notes)
    edge_hiding = shown.number_of_nodes() > settings.layout_threshold
    if edge_hiding:
        notes.append(
            f"More than {settings.layout_threshold} actors: links are hidden while you drag or zoom."
        )
    scores = size_scores(shown, inputs.metrics, settings.size_metric)
    count = shown.number_of_nodes() if shown.number_of_nodes() <= LABEL_ALL else LABELLED
    labelled = top_nodes(shown, scores, count)
    labels = {node: str(shown.nodes[node].get("label", node)) for node in labelled}
    placement = readable_layout(shown, labelled, labels, scores)
    data = page_data(
        shown,
        inputs.metrics,
        inputs.communities,
        placement=placement,
        notes=notes,
        edge_hiding=edge_hiding,
    )
    if inputs.timeline is not None:
        data = replace(data, timeline=inputs.timeline)
    return render_html(data, settings, inputs.nodes, inputs.edges, size_name(shown, settings))


def network_page(
    graph: nx.Graph,
    metrics: Metrics,
    communities: Mapping[Any, int],
    settings: PageSettings | None = None,
    notes: Iterable[str] = (),
    *,
    timeline: Timeline | None = None,
) -> str:
    """The HTML page of `graph`: all of it, or its communities above `settings.node_cap`; with
    `timeline`, a time slider that replays it (`page_inputs`, then `draw_page`)."""
    return draw_page(page_inputs(graph, metrics, communities, settings, notes, timeline=timeline))


def size_scores(graph: nx.Graph, metrics: Metrics, size_metric: str) -> dict[Any, float]:
    """What sizes the nodes: the projection's `size_attribute` if it names one, else the metric."""
    attribute = graph.graph.get("size_attribute")
    if attribute:
        return {node: float(graph.nodes[node].get(attribute, 0) or 0) for node in graph}
    return {node: float(metrics.get(node, {}).get(size_metric, 0.0)) for node in graph}


def size_name(graph: nx.Graph, settings: PageSettings) -> str:
    """The name of what sizes the nodes, for the page's header."""
    attribute = graph.graph.get("size_attribute")
    return (
        "ties of the country's own actors (domestic and cross-border)"
        if attribute == "ties"
        else (str(attribute) if attribute else settings.size_metric)
    )


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
    return draw_page(
        projection_page_inputs(kg, projection, focus=focus, depth=depth, filters=filters, settings=settings)
    )


def projection_page_inputs(
    kg: KnowledgeGraph | BuildContext,
    projection: str,
    *,
    focus: str | None = None,
    depth: int = 1,
    filters: Iterable[str] = (),
    settings: PageSettings | None = None,
) -> PageInputs:
    """What the page of one projection draws (`projection_page`)."""
    if projection not in PROJECTIONS:
        raise CareersnetError(f"unknown projection {projection!r}: use one of {', '.join(PROJECTIONS)}")
    wanted = parse_filters(filters)
    context = as_context(kg)
    graph = context.projection(projection)
    whole = graph
    metrics = context.centralities(projection)
    communities = context.communities(projection)
    notes = context.notes(projection)
    if "window" in graph.graph:
        notes.append(
            f"The network {graph.graph['window']}: {graph.graph['undated']} participations and posts "
            "with no date are left out."
        )
    if wanted:
        graph = apply_filters(graph, wanted)
        shown = "; ".join(f"{key} = {' or '.join(sorted(values))}" for key, values in sorted(wanted.items()))
        notes.append(f"Filtered: {shown}.")
    if focus is not None:
        graph = neighbourhood(graph, focus, depth)
        notes.append(f"Within {depth} link(s) of {focus}.")
    timeline = None
    if projection in TIMELINE_PROJECTIONS:
        if needs_aggregation(graph, (settings or PageSettings()).node_cap):
            notes.append("No time slider: the communities drawn have no first year of their own.")
        else:
            timeline = network_timeline(context.kg, projection, whole)
    return page_inputs(graph, metrics, communities, titled(settings, projection), notes, timeline=timeline)


def begin_pages(
    context: BuildContext, helper: HelperProcess | None = None, settings: PageSettings | None = None
) -> list[tuple[str, Deferred[str]]]:
    """Gather what the page of every projection draws and start drawing them (by `helper`, else
    here when they are written), once per context and settings: `write_pages` takes them up."""

    def begin() -> list[tuple[str, Deferred[str]]]:
        return [
            (name, deferred(helper, draw_page, projection_page_inputs(context, name, settings=settings)))
            for name in PROJECTIONS
        ]

    return context.begun(("pages", settings), begin)


def write_pages(
    kg: KnowledgeGraph | BuildContext, out_dir: Path, settings: PageSettings | None = None
) -> list[Path]:
    """Write `network-<projection>.html` for every projection into `out_dir`; the paths written
    (each page drawn here if the second process has not begun on it)."""
    return [
        atomic_write_bytes(out_dir / f"network-{name}.html", page.take().encode("utf-8"))
        for name, page in begin_pages(as_context(kg), settings=settings)
    ]
