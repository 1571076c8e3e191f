"""Commands that build, fill, describe and export the graph: build, load, export, stats, sources, format.

Heavy modules are imported inside the commands, so that `careersnet --help` starts fast.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from careersnet_graph.cli.common import (
    EXIT_NONCONFORMANT,
    data_option,
    load_graph,
    projection_option,
    time_options,
    window_note,
)
from careersnet_graph.errors import CareersnetError

if TYPE_CHECKING:
    from careersnet_graph.graph import KnowledgeGraph
    from careersnet_graph.provenance import SourceRecord
    from careersnet_graph.stats import Summary

RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
NETWORK_FORMATS = ("gexf", "graphml", "kumu")

SPREADSHEET_FORMATS = ("xlsx", "csv", "kumu-xlsx")
"""The formats of `careersnet_graph.spreadsheets.writers.SPREADSHEET_WRITERS` (imported when used)."""


def _summary_lines(summary: Summary) -> list[str]:
    return [
        f"actors:      {summary.actors} ({summary.organisations} organisations, {summary.persons} persons, "
        f"{summary.person_groups} unnamed groups)",
        f"persons:     {summary.persons}",
        f"countries:   {summary.countries}",
        f"initiatives: {summary.initiatives + summary.events} "
        f"({summary.initiatives} initiatives, {summary.events} events)",
        f"links:       {summary.links} participations, {summary.posts} posts",
        f"sources:     {summary.sources} sources, {summary.inferences} inferences",
        f"triples:     {summary.triples} in the data ({summary.triples_with_ontology} with the ontology, "
        "as the exports hold)",
    ]


@click.command("build")
@data_option
@time_options
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Output folder.",
)
@click.option(
    "--quiet", is_flag=True, help="No progress bars (they are shown only when stderr is a terminal)."
)
def build_command(data: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Validate the graph, then write all exports, the dataset description, report and pages."""
    from careersnet_graph.build import build  # noqa: PLC0415
    from careersnet_graph.cli.progress import terminal_progress  # noqa: PLC0415
    from careersnet_graph.temporal import active_window  # noqa: PLC0415
    from careersnet_graph.validate import render_report  # noqa: PLC0415

    progress = terminal_progress(quiet)
    progress.begin("loading", 1)
    kg = load_graph(data)
    progress.advance("loaded")
    progress.end()
    result = build(kg, out_dir, progress=progress)
    if not result.conforms:
        click.echo(render_report(result.report))
        click.echo("build stopped: the data does not conform; nothing was written.", err=True)
        raise click.exceptions.Exit(EXIT_NONCONFORMANT)
    click.echo(f"wrote {len(result.written)} files to {out_dir}")
    if (window := active_window()) is not None:
        click.echo(f"networks, report and pages: the network {window.description} (undated facts left out)")
    for line in _summary_lines(result.summary):
        click.echo(line)


@click.command("load")
@data_option
def load_command(data: tuple[Path, ...]) -> None:
    """Fill a persistent store (--store oxigraph:PATH or sparql:URL) with the shipped data and --data.

    The store then holds exactly these files, one named graph each, and their union; later
    commands with the same --store read it without loading again.
    """
    from careersnet_graph.cli.common import store_setting  # noqa: PLC0415
    from careersnet_graph.stats import summarise  # noqa: PLC0415
    from careersnet_graph.store.settings import resolve_spec  # noqa: PLC0415

    spec = resolve_spec(store_setting())
    if spec.kind == "memory" or spec.location is None:
        raise click.UsageError(
            "load fills a persistent store: give --store oxigraph:PATH or --store sparql:URL"
        )
    kg = load_graph(data, replace=True)
    summary = summarise(kg)
    click.echo(f"loaded {len(kg.loaded_files())} files into {len(kg.graph_names())} graphs of {spec}")
    for line in _summary_lines(summary):
        click.echo(line)
    kg.close()


@click.command("stats")
@data_option
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--by-country",
    is_flag=True,
    help="Per country: actors, organisations by type, persons, initiatives, events, ties, sources.",
)
def stats_command(data: tuple[Path, ...], output_format: str, by_country: bool) -> None:
    """Print the summary: actors, persons, countries, initiatives, links, sources."""
    from careersnet_graph.stats import summarise  # noqa: PLC0415

    if by_country:
        _print_by_country(load_graph(data), output_format)
        return
    summary = summarise(load_graph(data))
    if output_format == "json":
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        click.echo("\n".join(_summary_lines(summary)))


def _print_by_country(kg: KnowledgeGraph, output_format: str) -> None:
    """`stats --by-country`: one JSON object per country, or a table that fits the terminal."""
    import shutil  # noqa: PLC0415

    from careersnet_graph.sparql.table import render_table  # noqa: PLC0415
    from careersnet_graph.stats import by_country  # noqa: PLC0415

    figures = by_country(kg)
    if output_format == "json":
        click.echo(json.dumps([item.as_dict() for item in figures], indent=2, ensure_ascii=False))
        return
    header = ["country", "actors", "organisations by type", "persons", "groups"]
    header += ["initiatives", "events", "ties", "sources"]
    rows = [
        [
            f"{item.country} {item.label}",
            str(item.actors),
            ", ".join(f"{kind.partition(':')[2]} {count}" for kind, count in item.organisations.items()),
            *(str(value) for value in (item.persons, item.person_groups, item.initiatives, item.events)),
            *(str(value) for value in (item.ties, item.sources)),
        ]
        for item in figures
    ]
    click.echo(render_table([header, *rows], shutil.get_terminal_size((100, 24)).columns), nl=False)


@click.command("export")
@data_option
@click.option(
    "--format",
    "format_name",
    type=click.Choice([*RDF_FORMATS, *NETWORK_FORMATS, *SPREADSHEET_FORMATS]),
    default="turtle",
    show_default=True,
    help="RDF formats carry the whole graph; gexf, graphml and kumu carry one network projection; "
    "xlsx, csv (a folder) and kumu-xlsx carry the graph in the spreadsheet template or a Kumu workbook.",
)
@projection_option("The network to export with --format gexf|graphml|kumu.")
@time_options
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file (a folder for csv) [default: exports/careersnet-graph.<suffix>]; '-' writes to "
    "standard output (every RDF and network format; not the spreadsheets).",
)
def export_command(data: tuple[Path, ...], format_name: str, projection: str, out_path: Path | None) -> None:
    """Export the graph (Turtle, JSON-LD, TriG, N-Quads, N-Triples), a network (GEXF, GraphML, Kumu)
    or spreadsheets (the import template as XLSX or CSV files, a Kumu workbook)."""
    from careersnet_graph.export import RDF_WRITERS  # noqa: PLC0415
    from careersnet_graph.network_files import NETWORK_WRITERS  # noqa: PLC0415
    from careersnet_graph.temporal import active_window  # noqa: PLC0415

    if active_window() is not None and format_name not in NETWORK_WRITERS:
        raise CareersnetError("--as-of and --between apply to the network formats (gexf, graphml, kumu) only")
    to_stdout = out_path is not None and str(out_path) == "-"
    if to_stdout:
        _check_stdout(format_name)
    kg = load_graph(data)
    if to_stdout and format_name in RDF_WRITERS:
        sys.stdout.flush()
        RDF_WRITERS[format_name].write(kg, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    if to_stdout:
        with tempfile.TemporaryDirectory(prefix="careersnet-export-") as folder:
            written = Path(folder) / f"export.{format_name}"
            _write_export(kg, format_name, projection, written)
            sys.stdout.flush()
            sys.stdout.buffer.write(written.read_bytes())
            sys.stdout.buffer.flush()
        return
    click.echo(f"wrote {_write_export(kg, format_name, projection, out_path)}")


def _check_stdout(format_name: str) -> None:
    """Refuse `--out -` for the spreadsheet formats: xlsx and kumu-xlsx are binary workbooks, csv
    a folder of files."""
    if format_name in SPREADSHEET_FORMATS:
        kind = (
            "writes a folder of files: give --out FOLDER"
            if format_name == "csv"
            else ("is a binary workbook: give --out FILE")
        )
        raise CareersnetError(
            f"--out -: spreadsheets cannot be written to standard output (--format {format_name} {kind})"
        )


def _write_export(kg: KnowledgeGraph, format_name: str, projection: str, out_path: Path | None) -> Path:
    """Write one export format to `out_path` (or its default place); the path written."""
    from careersnet_graph.export import EXPORT_BASENAME, RDF_WRITERS, export  # noqa: PLC0415
    from careersnet_graph.network_files import NETWORK_WRITERS, network_paths  # noqa: PLC0415
    from careersnet_graph.projection import PROJECTIONS  # noqa: PLC0415

    if format_name in SPREADSHEET_FORMATS:
        from careersnet_graph.spreadsheets.writers import SPREADSHEET_WRITERS  # noqa: PLC0415

        writer = SPREADSHEET_WRITERS[format_name]
        return writer.write(kg, out_path or Path("exports") / writer.default_name)
    if format_name in NETWORK_WRITERS:
        path = out_path or network_paths(Path("exports"), projection)[format_name]
        network = PROJECTIONS[projection](kg)
        NETWORK_WRITERS[format_name](network, path)
        window_note(network)
        return path
    path = out_path or Path("exports") / f"{EXPORT_BASENAME}{RDF_WRITERS[format_name].suffix}"
    export(kg, format_name, path)
    return path


def _record_lines(record: SourceRecord) -> list[str]:
    lines = [f"{record.kind}: {record.title}", f"  graph:   {record.iri}"]
    if record.address:
        lines.append(f"  address: {record.address}")
    if record.publisher:
        lines.append(f"  publisher: {record.publisher}")
    if record.issued:
        lines.append(f"  issued:  {record.issued}")
    lines.extend(f"  derived from: {address}" for address in record.derived_from)
    lines.append(f"  statements: {record.statements}")
    return lines


@click.command("sources")
@data_option
@click.argument("entity", required=False)
@click.option(
    "--statement",
    nargs=3,
    metavar="S P O",
    default=None,
    help="The sources of one statement: subject and predicate as IRI or CURIE, object as IRI, CURIE or text.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def sources_command(
    data: tuple[Path, ...], entity: str | None, statement: tuple[str, str, str] | None, output_format: str
) -> None:
    """List the source registry, or the sources behind ENTITY's statements (IRI, CURIE or label)."""
    from careersnet_graph.provenance import (  # noqa: PLC0415
        source_registry,
        sources_of_entity,
        sources_of_statement,
    )
    from careersnet_graph.terms import parse_statement  # noqa: PLC0415

    kg = load_graph(data)
    if statement is not None:
        records = sources_of_statement(kg, *parse_statement(kg, statement))
    elif entity is not None:
        records = sources_of_entity(kg, entity)
    else:
        records = source_registry(kg)
    if not records:
        raise CareersnetError("no source holds that statement" if statement else "no sources")
    if output_format == "json":
        click.echo(json.dumps([record.__dict__ for record in records], indent=2, ensure_ascii=False))
        return
    for record in records:
        click.echo("\n".join(_record_lines(record)))


@click.command("format")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Only report files that are not canonical (exit 1 if any).")
def format_command(paths: tuple[Path, ...], check: bool) -> None:
    """Rewrite Turtle files (or folders of them) in the project's one canonical format."""
    from careersnet_graph.canonical import format_files  # noqa: PLC0415
    from careersnet_graph.loading import find_data_files  # noqa: PLC0415

    files = [path for path in find_data_files(paths).files if path.suffix == ".ttl"]
    result = format_files(files, check=check)
    verb = "would reformat" if check else "reformatted"
    for path in result.changed:
        click.echo(f"{verb} {path}")
    click.echo(f"{len(result.changed)} changed, {len(result.unchanged)} already canonical")
    if check and result.changed:
        raise click.exceptions.Exit(EXIT_NONCONFORMANT)


COMMANDS: list[click.Command] = [
    build_command,
    export_command,
    format_command,
    load_command,
    stats_command,
    sources_command,
]
