"""Charts of the report as SVG, byte-identical for the same findings.

Drawn with matplotlib's object API and its SVG canvas (no pyplot, no global backend), with a
fixed hash salt, no date in the metadata and text kept as text.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from careersnet_graph.report.findings import Cell, Ranking

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
    """Horizontal bars: the top actors by one metric, best at the top."""
    rows = [row for row in ranking.rows if row.value is not None]
    with rc_context(_RC):
        figure = Figure(figsize=(7.5, 0.35 * max(len(rows), 1) + 1.0))
        axes = figure.add_subplot()
        labels = [_plain(row.actor.label) for row in reversed(rows)]
        values = [float(row.value or 0) for row in reversed(rows)]
        axes.barh(range(len(rows)), values, color="#3b6ea5")
        axes.set_yticks(range(len(rows)), labels)
        axes.set_xlabel(ranking.metric.replace("_", " "))
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
    return _svg(figure)


def matrix_chart(cells: list[Cell], title: str) -> bytes:
    """A heat map of tie density between groups (symmetric), with the number of ties written in."""
    groups = sorted({c.density.first for c in cells} | {c.density.second for c in cells})
    index = {group: i for i, group in enumerate(groups)}
    size = len(groups)
    values = [[0.0] * size for _ in range(size)]
    ties = [[0] * size for _ in range(size)]
    for cell in cells:
        i, j = index[cell.density.first], index[cell.density.second]
        values[i][j] = values[j][i] = cell.density.density
        ties[i][j] = ties[j][i] = cell.density.ties
    with rc_context(_RC):
        side = 1.2 + 0.45 * max(size, 1)
        figure = Figure(figsize=(side + 1.5, side))
        axes = figure.add_subplot()
        image = axes.imshow(values, cmap="Blues", vmin=0.0, vmax=1.0)
        axes.set_xticks(range(size), [_plain(g) for g in groups], rotation=60, ha="right")
        axes.set_yticks(range(size), [_plain(g) for g in groups])
        for i in range(size):
            for j in range(size):
                if ties[i][j]:
                    colour = "white" if values[i][j] > 0.5 else "black"
                    axes.text(j, i, str(ties[i][j]), ha="center", va="center", color=colour, fontsize=7)
        axes.set_title(_plain(title))
        figure.colorbar(image, ax=axes, label="density of ties")
        figure.tight_layout()
    return _svg(figure)
