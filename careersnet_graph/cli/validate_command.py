"""`careersnet validate`: check data against the SHACL shapes."""

from __future__ import annotations

import json
from dataclasses import replace
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
@click.option(
    "--alone",
    is_flag=True,
    help="Check PATHS with the ontology only, without the shipped vocabularies and data.",
)
def validate_command(
    paths: tuple[Path, ...], data: tuple[Path, ...], output_format: str, alone: bool
) -> None:
    """Validate the shipped data, or the files and folders PATHS, against the shapes.

    Without PATHS the shipped data is checked (with any --data). PATHS are checked together with
    the ontology, the shipped vocabularies and data (the country table, the entities they refer
    to; a file of the same name as a shipped one stands for it) and any --data, and the results
    about what PATHS describe are reported; with --alone
    only PATHS, the ontology and any --data are read. Exit code 0: conforms; 1: violations;
    2: a file cannot be read.
    """
    from careersnet_graph.loading import find_data_files  # noqa: PLC0415  (start-up speed)
    from careersnet_graph.validate import (  # noqa: PLC0415
        render_report,
        restrict_to,
        summary_line,
        validate,
        with_shipped_data,
    )

    if alone and not paths:
        raise click.UsageError("--alone checks the given PATHS: give at least one")
    given = find_data_files(paths).files
    if alone or not paths:
        kg = load_graph((*paths, *data), shipped=not paths)
        report = validate(kg)
        if alone:
            report = replace(report, context="alone, without the shipped vocabularies and data")
    else:
        kg = load_graph((*with_shipped_data(given), *data), shipped=False)
        checked = [*given, *find_data_files(data).files]
        report = restrict_to(kg, validate(kg), checked, "with the shipped vocabularies and data")
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif report.conforms:
        click.echo(summary_line(report))
    else:
        click.echo(render_report(report), nl=False)
    if not report.conforms:
        raise click.exceptions.Exit(EXIT_NONCONFORMANT)


COMMANDS: list[click.Command] = [validate_command]
