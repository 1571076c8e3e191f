"""`careersnet visualise`: one interactive, offline network page."""

from __future__ import annotations

from pathlib import Path

import click

from careersnet_graph.atomic import atomic_write_bytes
from careersnet_graph.cli.common import data_option, load_graph, projection_option, time_options
from careersnet_graph.viz.settings import DEFAULT_LAYOUT_THRESHOLD, DEFAULT_NODE_CAP, PageSettings


@click.command("visualise")
@projection_option("Which network to draw.")
@click.option("--focus", metavar="ACTOR", help="Draw only the neighbourhood of ACTOR (IRI, CURIE or label).")
@click.option(
    "--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Links around --focus."
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="KEY=VALUE",
    help="Keep actors whose type, country or sector matches (code or label; repeatable).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file [default: network-PROJECTION.html].",
)
@click.option(
    "--layout-threshold",
    type=click.IntRange(min=0),
    default=DEFAULT_LAYOUT_THRESHOLD,
    show_default=True,
    help="Above this many actors, links are hidden while dragging or zooming.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=DEFAULT_NODE_CAP,
    show_default=True,
    help="Above this many actors (or 20,000 ties), draw each community as one node.",
)
@data_option
@time_options
def visualise(
    *,
    projection: str,
    focus: str | None,
    depth: int,
    filters: tuple[str, ...],
    out: Path | None,
    layout_threshold: int,
    max_nodes: int,
    data: tuple[Path, ...],
) -> None:
    """Write an interactive HTML page of a partnership network that works offline."""
    from careersnet_graph.viz.pages import projection_page  # noqa: PLC0415  (start-up speed)

    settings = PageSettings(layout_threshold=layout_threshold, node_cap=max_nodes)
    page = projection_page(
        load_graph(data), projection, focus=focus, depth=depth, filters=filters, settings=settings
    )
    path = atomic_write_bytes(out or Path(f"network-{projection}.html"), page.encode("utf-8"))
    click.echo(f"wrote {path}")


COMMANDS: list[click.Command] = [visualise]
