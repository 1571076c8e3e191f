"""`careersnet validate`: check data against the SHACL shapes."""

from __future__ import annotations

import json
from pathlib import Path

import click

from careersnet_graph.cli.common import EXIT_NONCONFORMANT, data_option, load_graph


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@data_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Readable report or machine-readable JSON.",
)
def validate_command(paths: tuple[Path, ...], data: tuple[Path, ...], output_format: str) -> None:
    """Validate the shipped data, or only the files and folders PATHS, against the shapes.

    Without PATHS the shipped data is checked (with any --data). With PATHS only those files,
    the ontology and any --data are checked. Exit code 0: conforms; 1: violations; 2: a file
    cannot be read.
    """
    from careersnet_graph.validate import render_report, summary_line, validate  # noqa: PLC0415  (start-up speed)

    kg = load_graph((*paths, *data), shipped=not paths)
    report = validate(kg)
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif report.conforms:
        click.echo(summary_line(report))
    else:
        click.echo(render_report(report), nl=False)
    if not report.conforms:
        raise click.exceptions.Exit(EXIT_NONCONFORMANT)


COMMANDS: list[click.Command] = [validate_command]
