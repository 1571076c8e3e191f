"""A readable first view: where every node sits, and which labels are drawn at the default zoom.

The largest connected component is laid out by `reduce.fixed_layout`, its dense core opened up
and stretched to the drawing's proportions; the smaller components and the lone nodes are packed
in rows to its right, instead of being flung to the edges (which made the page open on a few dots
in an empty canvas). Node radii and label sizes are chosen for the zoom at which vis-network will
fit the drawing into the canvas. The most central nodes get large labels, moved apart until no
two of their boxes overlap; every other label is drawn small, below vis-network's draw threshold
at the first view, and appears when the reader zooms in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from careersnet_graph.viz.reduce import fixed_layout

WIDTH, HEIGHT = 1_200.0, 900.0
"""The giant component's box, in vis-network units; the smaller components fill a column of
`SIDE_WIDTH` to its right, so that the drawing has about the canvas' proportions and the page
opens at a zoom of about 0.6 on a 1280 x 900 window."""

SIDE_WIDTH = 500.0
"""The least width of the column of smaller components; it widens when they need more room."""

SPREAD = 0.55
"""The giant component's distances from its centre are raised to this power (after scaling to
1), which opens up its dense core, where spring layouts crowd the central actors."""

CANVAS = (1_040.0, 680.0)
"""The drawing area of a 1280 x 900 window (beside the legend), in pixels: the first view is
fitted into it."""

TOP_PIXELS, SMALL_PIXELS = 14.0, 6.0
"""Label heights at the first view: the top actors' labels are legible; the others are smaller
than `DRAW_THRESHOLD`, so vis-network hides them until the reader zooms in."""

DRAW_THRESHOLD = 8
"""Screen pixels under which vis-network does not draw a label (its `scaling.label.drawThreshold`)."""

CHAR_WIDTH = 0.62
"""A generous average width of a character of the page's sans-serif font, in font sizes."""

MIN_SIZE, MAX_SIZE = 8.0, 40.0
"""Node radii in vis-network units, at least `MIN_PIXELS` and `MAX_PIXELS` at the first view."""

MIN_PIXELS, MAX_PIXELS = 4.0, 22.0

_GAP = 50.0
_MARGIN = 120.0
_FONT_ROUNDS = 6
"""Moving labels apart can widen the drawing, so the first view zooms out: the fonts are then
enlarged for the new zoom and the labels moved apart again, at most this many times."""


@dataclass(frozen=True)
class Placement:
    """Where the nodes go and which are labelled large."""

    positions: dict[Any, tuple[float, float]]
    sizes: dict[Any, float]
    labelled: list[Any]
    top_font: float
    small_font: float


def top_nodes(graph: nx.Graph, scores: Mapping[Any, float], count: int) -> list[Any]:
    """The `count` nodes with the highest score (ties by node id), best first."""
    return sorted(graph.nodes, key=lambda node: (-float(scores.get(node, 0.0)), str(node)))[:count]


def node_sizes(graph: nx.Graph, scores: Mapping[Any, float], low: float, high: float) -> dict[Any, float]:
    """Node radii scaled linearly between `low` and `high` by `scores` (a centrality, or the node
    attribute the projection names as its `size_attribute`)."""
    nodes = sorted(graph.nodes, key=str)
    values = {node: float(scores.get(node, 0.0)) for node in nodes}
    bottom, top = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if top <= bottom:
        return {node: round((low + high) / 2, 2) for node in nodes}
    return {
        node: round(low + (high - low) * (value - bottom) / (top - bottom), 2)
        for node, value in values.items()
    }


def readable_layout(
    graph: nx.Graph, labelled: Sequence[Any], labels: Mapping[Any, str], scores: Mapping[Any, float]
) -> Placement:
    """Positions and radii for every node, with the label boxes of `labelled` nodes apart from each
    other; radii and fonts are chosen for the zoom of the first view."""
    components = sorted(
        (sorted(members, key=str) for members in nx.connected_components(graph.to_undirected(as_view=True))),
        key=lambda members: (-len(members), str(members[0])),
    )
    positions: dict[Any, tuple[float, float]] = {}
    if components:
        positions.update(_stretched(graph.subgraph(components[0]), WIDTH, HEIGHT, spread=SPREAD))
        positions.update(_packed(graph, components[1:], left=WIDTH / 2 + 2 * _GAP, top=-HEIGHT / 2))
    scale = first_view_scale(positions, {})
    sizes = node_sizes(graph, scores, max(MIN_SIZE, MIN_PIXELS / scale), max(MAX_SIZE, MAX_PIXELS / scale))
    placed = dict(positions)
    for _ in range(_FONT_ROUNDS):
        top_font = round(TOP_PIXELS / scale, 1)
        boxes = {node: _box(labels.get(node, ""), sizes.get(node, 10.0), top_font) for node in labelled}
        placed = dict(positions)
        _separate(placed, list(labelled), boxes)
        new_scale = first_view_scale(placed, boxes)
        if new_scale >= scale * 0.97:
            break
        scale = new_scale
    small_font = round(SMALL_PIXELS / scale, 1)
    rounded = {node: (round(x, 1), round(y, 1)) for node, (x, y) in placed.items()}
    return Placement(rounded, sizes, list(labelled), top_font, small_font)


def first_view_scale(
    positions: Mapping[Any, tuple[float, float]], boxes: Mapping[Any, tuple[float, float, float]]
) -> float:
    """The zoom at which vis-network fits the nodes, and the label boxes of the labelled ones, into
    `CANVAS` (with a margin)."""
    if len(positions) < 2:
        return 1.0
    left = top = math.inf
    right = bottom = -math.inf
    for node, (x, y) in positions.items():
        half, up, down = boxes.get(node, (0.0, 0.0, 0.0))
        left, right = min(left, x - half), max(right, x + half)
        top, bottom = min(top, y - up), max(bottom, y + down)
    width, height = right - left + _MARGIN, bottom - top + _MARGIN
    return min(CANVAS[0] / width, CANVAS[1] / height, 1.0)


def _stretched(
    graph: nx.Graph, width: float, height: float, spread: float = 1.0
) -> dict[Any, tuple[float, float]]:
    """The component's spring layout, its core opened up by `spread`, centred on 0 and scaled
    into width x height."""
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    raw = _opened(fixed_layout(graph), spread)
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        node: ((x - mid_x) * width / span_x, (y - mid_y) * height / span_y) for node, (x, y) in raw.items()
    }


def _opened(positions: dict[Any, tuple[float, float]], spread: float) -> dict[Any, tuple[float, float]]:
    """Distances from the centroid mapped r → r_max · (r / r_max) ** spread."""
    if spread == 1.0 or not positions:
        return positions
    cx = sum(x for x, _ in positions.values()) / len(positions)
    cy = sum(y for _, y in positions.values()) / len(positions)
    r_max = max(math.hypot(x - cx, y - cy) for x, y in positions.values()) or 1.0
    opened = {}
    for node, (x, y) in positions.items():
        r = math.hypot(x - cx, y - cy)
        factor = (r / r_max) ** spread * r_max / r if r > 0 else 0.0
        opened[node] = (cx + (x - cx) * factor, cy + (y - cy) * factor)
    return opened


def _packed(
    graph: nx.Graph, components: list[list[Any]], left: float, top: float
) -> dict[Any, tuple[float, float]]:
    """Smaller components in rows of cells from (`left`, `top`), `SIDE_WIDTH` wide, largest first,
    each cell sized to its component."""
    positions: dict[Any, tuple[float, float]] = {}
    area = sum((_cell(members) + _GAP) ** 2 for members in components)
    width = max(SIDE_WIDTH, area / HEIGHT)
    x, y, row_height = left, top, 0.0
    for members in components:
        side = _cell(members)
        gap = _GAP if len(members) > 1 else _GAP / 2
        if x + side > left + width and x > left:
            x, y, row_height = left, y + row_height + gap, 0.0
        for node, (nx_, ny) in _stretched(graph.subgraph(members), side, side).items():
            positions[node] = (x + side / 2 + nx_, y + side / 2 + ny)
        x += side + gap
        row_height = max(row_height, side)
    return positions


def _cell(members: list[Any]) -> float:
    """The side of a small component's square cell."""
    return 70.0 * math.sqrt(len(members)) if len(members) > 1 else 10.0


def _box(label: str, size: float, font: float) -> tuple[float, float, float]:
    """Half-width, height above and height below a node's centre, label (drawn below it) included."""
    text_width = CHAR_WIDTH * font * max(len(label), 1)
    return max(size, text_width / 2) + 4, size + 4, size + 6 + 1.3 * font


def _separate(
    positions: dict[Any, tuple[float, float]],
    labelled: list[Any],
    boxes: Mapping[Any, tuple[float, float, float]],
) -> None:
    """Move each labelled node down, below every better-ranked labelled box it overlaps.

    Nodes only ever move down, past boxes placed before them, so this ends: the best-ranked node
    stays where the layout put it and each next one finds a free place.
    """
    for index, node in enumerate(labelled):
        for _ in range(index + 1):
            shifts = [
                _overlap_shift(positions[other], boxes[other], positions[node], boxes[node])
                for other in labelled[:index]
            ]
            shift = max(shifts, default=0.0)
            if shift <= 0:
                break
            x, y = positions[node]
            positions[node] = (x, y + shift)


def _overlap_shift(
    fixed: tuple[float, float],
    fixed_box: tuple[float, float, float],
    moving: tuple[float, float],
    moving_box: tuple[float, float, float],
) -> float:
    """How far down `moving` must go for its box to clear `fixed`'s (0 if they do not overlap)."""
    (fx, fy), (fw, f_up, f_down) = fixed, fixed_box
    (mx, my), (mw, m_up, m_down) = moving, moving_box
    if abs(fx - mx) >= fw + mw or my - m_up >= fy + f_down or my + m_down <= fy - f_up:
        return 0.0
    return (fy + f_down) - (my - m_up) + 1.0
