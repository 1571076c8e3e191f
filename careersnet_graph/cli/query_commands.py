"""Commands that ask the graph questions: `query` (SPARQL, named or inline) and `serve` (an endpoint)."""

from __future__ import annotations

import gc
import re
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
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a variable: IRI, CURIE or literal (or a label, where the query names an entity).",
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
    if chosen in ("table", "markdown"):  # tables to read; the data formats keep labels as they are
        from careersnet_graph.terms import labels_with_countries  # noqa: PLC0415

        answer = labels_with_countries(kg, answer)
    width = shutil.get_terminal_size((100, 24)).columns
    click.echo(render(answer, chosen, kg.curie, width), nl=False)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8890, show_default=True, type=click.IntRange(0, 65535), help="0: free port.")
@click.option(
    "--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds per query."
)
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--max-answer-bytes",
    default=16 << 20,
    show_default=True,
    type=click.IntRange(min=1024),
    help="Answers are cut at this many bytes (X-Result-Truncated).",
)
@click.option("--max-request-bytes", default=65_536, show_default=True, type=click.IntRange(min=256))
@click.option(
    "--max-workers", default=8, show_default=True, type=click.IntRange(min=1), help="Queries at once."
)
@click.option(
    "--max-worker-memory",
    default=512,
    show_default=True,
    type=click.IntRange(min=0),
    help="MiB of memory a worker may take beyond the graph it starts with (0: no limit).",
)
@click.option(
    "--queue-timeout",
    default=2.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds a query waits for a free worker before 503.",
)
@click.option(
    "--max-connections",
    default=0,
    type=click.IntRange(min=0),
    help="Connections at once (default 0: 128 per processor, as Oxigraph's server).",
)
@click.option(
    "--socket-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to send a whole request, or to take an answer.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of ORIGIN (https://host[:port], or *) read answers (repeatable; default: none).",
)
@click.option("--infer", type=click.Choice(INFERENCE_MODES), default="none", help="rdfs: RDFS entailment.")
@data_option
def serve_command(
    *,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_answer_bytes: int,
    max_request_bytes: int,
    max_workers: int,
    max_worker_memory: int,
    queue_timeout: float,
    max_connections: int,
    socket_timeout: float,
    cors: tuple[str, ...],
    infer: str,
    data: tuple[Path, ...],
) -> None:
    """Serve the graph as a read-only SPARQL endpoint at /sparql, with a query page at /. Ctrl-C stops it."""
    from careersnet_graph.cli.common import store_setting  # noqa: PLC0415  (start-up speed)
    from careersnet_graph.server import EndpointConfig, make_server  # noqa: PLC0415
    from careersnet_graph.server.app import is_loopback  # noqa: PLC0415
    from careersnet_graph.server.graphs import graph_opener  # noqa: PLC0415
    from careersnet_graph.server.pool import WorkerPool  # noqa: PLC0415
    from careersnet_graph.server.worker import WorkerLimits  # noqa: PLC0415
    from careersnet_graph.store.settings import resolve_spec  # noqa: PLC0415

    gc.enable()  # a server runs for long and makes cyclic garbage (`cli.run` starts without the collector)
    for origin in cors:
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            raise click.BadParameter(
                f"{origin!r} is not an origin such as https://example.org", param_hint="--cors"
            )
    config = EndpointConfig(
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        max_request_bytes=max_request_bytes,
        max_workers=max_workers,
        max_answer_bytes=max_answer_bytes,
        max_worker_memory=max_worker_memory << 20 if max_worker_memory else None,
        queue_timeout=queue_timeout,
        max_connections=max_connections,
        socket_timeout=socket_timeout,
        cors=cors,
    )
    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}, beyond this machine: anyone who can reach it can read the graph "
            "and every --data file in it",
            err=True,
        )
    open_graph = graph_opener(resolve_spec(store_setting()), lambda: load_graph(data), infer)
    limits = WorkerLimits(max_rows, max_answer_bytes, config.max_worker_memory)
    pool = WorkerPool(open_graph, limits, max_workers)
    pool.start()
    try:
        try:
            server = make_server(pool, config)
        except OSError as error:
            raise CareersnetError(f"cannot listen on {host}:{port}: {error.strerror}") from None
        address, bound_port = server.server_address[:2]
        name = address.decode() if isinstance(address, bytes) else str(address)
        shown = f"[{name}]" if ":" in name else name
        click.echo(f"serving the SPARQL endpoint at http://{shown}:{bound_port}/sparql (Ctrl-C to stop)")
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopped")
        finally:
            server.server_close()
    finally:
        pool.close()


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def _stop(signum: int, frame: object) -> None:
    """Turn Ctrl-C and SIGTERM (even where a shell ignores SIGINT) into a clean stop."""
    raise KeyboardInterrupt


COMMANDS: list[click.Command] = [query_command, serve_command]
