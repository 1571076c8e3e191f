"""Charts of the report as SVG, byte-identical for the same findings.

Drawn with matplotlib's object API and its SVG canvas (no pyplot, no global backend), with a
fixed hash salt, no date in the metadata and text kept as text.
"""

from __future__ import annotations

import base64
import io
import math
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from careersnet_graph.colours import type_colour
from careersnet_graph.report.findings import Ranking
from careersnet_graph.report.missing import Cooperation

_RC: Any = {"svg.hashsalt": "careersnet-graph", "svg.fonttype": "none", "font.size": 9}
_MAX_LABEL = 48


def _plain(text: str) -> str:
    """A label matplotlib draws as it is: shortened, with no mathtext."""
    short = text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"
    return short.replace("$", r"\$")


def _svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    with rc_context(_RC):
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "careersnet-graph"})
    return buffer.getvalue()


def data_uri(svg: bytes) -> str:
    """The SVG as a data: URI, for an <img> element (which never runs scripts)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def ranking_chart(ranking: Ranking) -> bytes:
    """Horizontal bars: the top actors by one metric, best at the top, coloured by actor type in the
    colours of the network pages."""
    rows = [row for row in ranking.rows if row.value is not None]
    with rc_context(_RC):
        figure = Figure(figsize=(7.5, 0.35 * max(len(rows), 1) + 1.4))
        axes = figure.add_subplot()
        shown = list(reversed(rows))
        labels = [_plain(row.actor.label) for row in shown]
        values = [float(row.value or 0) for row in shown]
        colours = [type_colour(row.actor.type_label) for row in shown]
        axes.barh(range(len(rows)), values, color=colours)
        axes.set_yticks(range(len(rows)), labels)
        axes.set_xlabel(ranking.metric.replace("_", " "))
        axes.spines[["top", "right"]].set_visible(False)
        kinds = sorted({row.actor.type_label for row in rows})
        handles = [Patch(color=type_colour(kind), label=_plain(kind or "untyped")) for kind in kinds]
        axes.legend(handles=handles, loc="lower right", fontsize=7, frameon=False)
        figure.tight_layout()
    return _svg(figure)


def matrix_chart(cooperation: Cooperation, title: str) -> bytes:
    """A grid of every pair of groups: shaded by the number of ties (not by density, which one tie
    between two lone organisations would make 1.0), the count written in, 0 where a tie was
    possible and none exists, empty where no pair was possible."""
    groups = [group.name for group in cooperation.groups]
    size = len(groups)
    ties = [[0] * size for _ in range(size)]
    possible = [[0] * size for _ in range(size)]
    for i, first in enumerate(groups):
        for j, second in enumerate(groups):
            pair = cooperation.pair(first, second)
            ties[i][j], possible[i][j] = pair.ties, pair.possible
    top = max((max(row) for row in ties), default=0) or 1
    shades = [[math.sqrt(value / top) for value in row] for row in ties]
    with rc_context(_RC):
        side = 1.6 + 0.3 * max(size, 1)
        figure = Figure(figsize=(side + 1.5, side))
        axes = figure.add_subplot()
        image = axes.imshow(shades, cmap="Blues", vmin=0.0, vmax=1.0)
        font = 7 if size <= 20 else 5
        axes.set_xticks(range(size), [_plain(g) for g in groups], rotation=60, ha="right", fontsize=font + 1)
        axes.set_yticks(range(size), [_plain(g) for g in groups], fontsize=font + 1)
        for i in range(size):
            for j in range(size):
                if possible[i][j]:
                    colour = "white" if shades[i][j] > 0.6 else ("#b00020" if ties[i][j] == 0 else "black")
                    count = axes.text(
                        j, i, str(ties[i][j]), ha="center", va="center", color=colour, fontsize=font
                    )
                    count.set_in_layout(False)  # inside its cell: the layout need not measure it
        axes.set_title(_plain(title))
        bar = figure.colorbar(image, ax=axes, ticks=[0.0, 0.5, 1.0])
        bar.ax.set_yticklabels(["0", str(round(top / 4)), str(top)])
        bar.set_label("ties (square-root scale)")
        figure.tight_layout()
    return _svg(figure)
