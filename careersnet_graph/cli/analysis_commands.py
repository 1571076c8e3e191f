"""`careersnet analyse`: metrics of the cooperation networks, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import click

from careersnet_graph.analysis.names import METRIC_MEANINGS, METRICS, Value
from careersnet_graph.cli.common import data_option, load_graph, projection_option, time_options, window_note

DEFAULT_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")

Row = dict[str, Value | str]


def _cell(value: Value | str) -> str:
    return "" if value is None else str(value)


def format_table(rows: list[Row], width: int) -> str:
    """Rows as a plain-text table that fits `width` columns (long cells wrap, nothing is cut)."""
    from careersnet_graph.sparql.table import render_table  # noqa: PLC0415  (start-up speed)

    if not rows:
        return "(no node has a value for this metric)\n"
    columns = [column for column in rows[0] if column != "iri"]
    return render_table([columns, *([_cell(row[column]) for column in columns] for row in rows)], width)


def format_csv(rows: list[Row], metrics: tuple[str, ...]) -> str:
    """Rows as CSV with a header line (Unix newlines)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = ["rank", "iri", "label", "type", "country", *metrics]
    writer.writerow(columns)
    writer.writerows([_cell(row[c]) for c in columns] for row in rows)
    return buffer.getvalue()


def format_json(
    rows: list[Row], projection: str, metrics: tuple[str, ...], window: dict[str, object] | None = None
) -> str:
    """Rows as a JSON document that names the projection (and its window) and what each metric means."""
    document = {
        "projection": projection,
        **(window or {}),
        "metrics": {metric: METRIC_MEANINGS[metric] for metric in metrics},
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@click.command("analyse")
@projection_option(
    "Network to analyse: organisations (co-participation), countries, bipartite (actors and "
    "initiatives) or persons (persons and organisations)."
)
@click.option(
    "--metric",
    "metrics",
    type=click.Choice(METRICS),
    multiple=True,
    help=f"Metric to show (repeatable); rows are ranked by the first. Default: {', '.join(DEFAULT_METRICS)}.",
)
@click.option(
    "--top", type=click.IntRange(min=0), default=20, show_default=True, help="Rows to show; 0 = all."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@data_option
@time_options
def analyse(
    projection: str, metrics: tuple[str, ...], top: int, output_format: str, data: tuple[Path, ...]
) -> None:
    """Rank the actors of a cooperation network by centrality, brokerage and community metrics."""
    from careersnet_graph.analysis.table import top_rows  # noqa: PLC0415  (start-up speed)
    from careersnet_graph.projection import PROJECTIONS  # noqa: PLC0415

    chosen = metrics or DEFAULT_METRICS
    graph = PROJECTIONS[projection](load_graph(data))
    rows = top_rows(graph, chosen, top)
    window_note(graph)
    if output_format == "csv":
        click.echo(format_csv(rows, chosen), nl=False)
    elif output_format == "json":
        window = {key: graph.graph[key] for key in ("window", "undated") if key in graph.graph}
        click.echo(format_json(rows, projection, chosen, window), nl=False)
    else:
        click.echo(format_table(rows, shutil.get_terminal_size((100, 24)).columns), nl=False)


COMMANDS: list[click.Command] = [analyse]
