"""Commands that ask the graph questions: `query` (SPARQL, named or inline) and `serve` (an endpoint)."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import click

from careersnet_graph.cli.common import data_option, load_graph
from careersnet_graph.errors import CareersnetError
from careersnet_graph.queries import library

TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml", "markdown")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
INFERENCE_MODES = ("none", "rdfs")


def _library_listing() -> str:
    lines = []
    for query in library().values():
        params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in query.parameters) or "-"
        columns = ", ".join(query.columns)
        lines.append(f"{query.name}\n    {query.purpose}\n    parameters: {params}\n    columns: {columns}")
    return "\n".join(lines) + "\n"


@click.command("query")
@click.argument("query", required=False)
@click.option(
    "-f", "--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a .rq file."
)
@click.option("--list", "list_queries", is_flag=True, help="List the shipped named queries and exit.")
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a variable: IRI, CURIE or literal."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice([*TABLE_FORMATS, *GRAPH_FORMATS]),
    default=None,
    help="Output format (default: table, or turtle for CONSTRUCT/DESCRIBE).",
)
@click.option(
    "--infer", type=click.Choice(INFERENCE_MODES), default="none", help="Answer with RDFS entailment."
)
@data_option
def query_command(
    *,
    query: str | None,
    query_file: Path | None,
    list_queries: bool,
    params: tuple[str, ...],
    format_name: str | None,
    infer: str,
    data: tuple[Path, ...],
) -> None:
    """Answer a SPARQL query: a library NAME, inline SPARQL text, or -f FILE.

    \b
    careersnet query --list
    careersnet query partners-of --param actor=cnd:org-cedefop
    careersnet query 'SELECT ?s WHERE { ?s a cng:Ministry }' --format csv
    """
    if list_queries:
        click.echo(_library_listing(), nl=False)
        return
    from careersnet_graph.sparql.formats import render  # noqa: PLC0415  (start-up speed)
    from careersnet_graph.sparql.params import split_assignment  # noqa: PLC0415

    if (query is None) == (query_file is None):
        raise click.UsageError("give a query NAME, SPARQL text, or -f FILE (exactly one)")
    source = None
    if query_file is not None:
        try:
            query = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CareersnetError(f"{query_file}: cannot read the query: {error}") from None
        source = str(query_file)
    assert query is not None
    bindings = dict(split_assignment(assignment) for assignment in params)
    kg = load_graph(data).inferring(infer)
    answer = kg.query(query, bindings, source=source)
    chosen = format_name or ("turtle" if answer.returns_graph else "table")
    width = shutil.get_terminal_size((100, 24)).columns
    click.echo(render(answer, chosen, kg.curie, width), nl=False)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8890, show_default=True, type=click.IntRange(0, 65535), help="0: free port.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1))
@click.option("--max-request-bytes", default=65_536, show_default=True, type=click.IntRange(min=256))
@click.option("--max-workers", default=4, show_default=True, type=click.IntRange(min=1))
@click.option("--infer", type=click.Choice(INFERENCE_MODES), default="none", help="rdfs: RDFS entailment.")
@data_option
def serve_command(
    *,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_request_bytes: int,
    max_workers: int,
    infer: str,
    data: tuple[Path, ...],
) -> None:
    """Serve the graph as a read-only SPARQL endpoint at /sparql, with a query page at /. Ctrl-C stops it."""
    from careersnet_graph.server import EndpointConfig, make_server  # noqa: PLC0415  (start-up speed)

    kg = load_graph(data).inferring(infer)
    config = EndpointConfig(host, port, timeout, max_rows, max_request_bytes, max_workers)
    try:
        server = make_server(kg, config)
    except OSError as error:
        raise CareersnetError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    address, bound_port = server.server_address[:2]
    click.echo(f"serving the SPARQL endpoint at http://{address!s}:{bound_port}/sparql (Ctrl-C to stop)")
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.server_close()


def _stop(signum: int, frame: object) -> None:
    """Turn Ctrl-C and SIGTERM (even where a shell ignores SIGINT) into a clean stop."""
    raise KeyboardInterrupt


COMMANDS: list[click.Command] = [query_command, serve_command]
