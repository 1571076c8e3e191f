"""Spreadsheet commands: `template` (an empty workbook or CSV folder) and `import` (spreadsheets → Turtle).

The spreadsheet package (openpyxl, python-calamine, the loader, pyshacl) is imported inside the
commands, so that `careersnet --help` does not wait for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from careersnet_graph.cli.common import EXIT_NONCONFORMANT, data_option

if TYPE_CHECKING:
    from careersnet_graph.spreadsheets import ImportPlan, PlannedFile

DEFAULT_OUT = Path("data") / "imported"
"""Where `careersnet import` writes (as `importer.DEFAULT_OUT`)."""


@click.command("template")
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    default=Path("careersnet-template.xlsx"),
    show_default=True,
    help="A .xlsx file, or a folder for the same sheets as CSV files.",
)
def template_command(out_path: Path) -> None:
    """Write the spreadsheet template: README, Sources, Organisations, Persons, Initiatives and
    events, Participations, with header comments and drop-downs of the allowed values."""
    from careersnet_graph.loading import load  # noqa: PLC0415
    from careersnet_graph.spreadsheets import write_template  # noqa: PLC0415
    from careersnet_graph.spreadsheets.readers import display_path  # noqa: PLC0415

    for path in write_template(load(shipped=True), out_path):
        click.echo(f"wrote {display_path(path)}")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for the Turtle files, one per source (source-<slug>.ttl).",
)
@click.option(
    "--dry-run", is_flag=True, help="Check everything and say what would be written; write nothing."
)
@click.option("--source", "source_url", metavar="URL", help="The one source of rows whose Source is empty.")
@click.option("--title", "source_title", metavar="TEXT", help="The title of the --source document.")
@click.option("--encoding", metavar="NAME", help="Encoding of CSV files that are not UTF-8 (e.g. cp1252).")
@click.option(
    "--kumu-mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your own mapping of Kumu types (a copy of the shipped kumu-mapping.toml).",
)
@data_option
def import_command(
    *,
    files: tuple[Path, ...],
    out_dir: Path,
    dry_run: bool,
    source_url: str | None,
    source_title: str | None,
    encoding: str | None,
    kumu_mapping: Path | None,
    data: tuple[Path, ...],
) -> None:
    """Import spreadsheets (XLSX, ODS, CSV files or folders, Kumu workbooks) as one canonical
    Turtle file per source, after validating them with the shipped data and --data.

    \b
    careersnet import my-actors.xlsx
    careersnet import my-csv-folder/ --dry-run
    careersnet import kumu-map.xlsx --source https://example.org/map --title "Our stakeholder map"
    """
    from careersnet_graph.spreadsheets import plan_import, write_plan  # noqa: PLC0415
    from careersnet_graph.validate import render_report  # noqa: PLC0415

    if (source_url is None) != (source_title is None):
        raise click.UsageError("give --source URL and --title TEXT together")
    source = (source_url, source_title) if source_url is not None and source_title is not None else None
    plan = plan_import(files, out_dir, source=source, data=data, encoding=encoding, kumu_mapping=kumu_mapping)
    for note in plan.notes:
        click.echo(f"note: {note}", err=True)
    if not plan.conforms:
        for problem in plan.problems:
            click.echo(f"violation: {problem}", err=True)
        assert plan.report is not None
        click.echo(render_report(plan.report), nl=False)
        click.echo(
            "import stopped: the result does not conform to the shapes; nothing was written.", err=True
        )
        raise click.exceptions.Exit(EXIT_NONCONFORMANT)
    click.echo("\n".join(summary_lines(plan, dry_run)))
    if not dry_run:
        write_plan(plan)


def summary_lines(plan: ImportPlan, dry_run: bool) -> list[str]:
    """What the import wrote (or, in a dry run, would write), one line per file."""
    from careersnet_graph.spreadsheets.readers import display_path  # noqa: PLC0415

    lines = [_file_line(file, dry_run) for file in plan.files]
    if plan.unchanged_sources:
        sources = "1 source" if len(plan.unchanged_sources) == 1 else f"{len(plan.unchanged_sources)} sources"
        lines.append(f"unchanged: {sources} of the graph, repeated without new statements")
    changed = sum(file.status != "unchanged" for file in plan.files)
    if plan.report is None:
        lines.append("nothing to write: every file is up to date")
        return lines
    verb = "would write" if dry_run else "wrote"
    lines.append(f"{verb} {changed} of {len(plan.files)} files; the result conforms to the shapes")
    if changed and not dry_run:
        folder = display_path(plan.files[0].path.parent)
        if plan.in_shipped_data:
            lines.append(f"next: careersnet build  ({folder} is read with the shipped data)")
        else:
            lines.append(f"next: careersnet build --data {folder}")
    return lines


def _file_line(file: PlannedFile, dry_run: bool) -> str:
    from careersnet_graph.spreadsheets.readers import display_path  # noqa: PLC0415

    entries = ", ".join(_count(count, sheet) for sheet, count in file.entries.items()) or "the source only"
    path = display_path(file.path)
    if file.status == "unchanged":
        return f"unchanged: {path} ({file.statements} statements)"
    verb = ("would write" if dry_run else "wrote") + (" new" if file.status == "new" else "")
    change = f"+{file.added} -{file.removed}, " if file.status == "changed" else ""
    return f"{verb}: {path} ({change}{file.statements} statements: {entries})"


_NOUNS = {
    "Organisations": "organisation",
    "Persons": "person",
    "Initiatives and events": "initiative or event",
    "Participations": "participation",
}


def _count(count: int, sheet: str) -> str:
    noun = _NOUNS.get(sheet, sheet.lower())
    if count == 1:
        return f"1 {noun}"
    return f"{count} " + ("initiatives and events" if sheet == "Initiatives and events" else f"{noun}s")


COMMANDS: list[click.Command] = [template_command, import_command]
