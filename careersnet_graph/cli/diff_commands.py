"""`careersnet diff OLD NEW`: what changed between two releases, with the sources behind it."""

from __future__ import annotations

from pathlib import Path

import click

from careersnet_graph.cli.common import store_option, store_setting


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format", "output_format", type=click.Choice(["md", "html", "json"]), default="md", show_default=True
)
@click.option(
    "--repo",
    "repository",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The git repository in which OLD and NEW, when not folders, are revisions.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file [default: standard output].",
)
@store_option
def diff_command(old: str, new: str, output_format: str, repository: Path, out: Path | None) -> None:
    """Compare two releases: OLD and NEW are build export folders, data folders or git revisions."""
    from careersnet_graph.atomic import atomic_write_bytes  # noqa: PLC0415  (start-up speed)
    from careersnet_graph.diff.compare import compare  # noqa: PLC0415
    from careersnet_graph.diff.render import diff_html, diff_json, diff_markdown  # noqa: PLC0415
    from careersnet_graph.diff.sides import loaded_side  # noqa: PLC0415

    store = store_setting() or "oxigraph"
    with loaded_side(old, store, repository) as before, loaded_side(new, store, repository) as after:
        diff = compare(before, after)
    if output_format == "json":
        text = diff_json(diff)
    elif output_format == "html":
        text = diff_html(diff, old, new)
    else:
        text = diff_markdown(diff, old, new)
    if out is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {atomic_write_bytes(out, text.encode('utf-8'))}")


COMMANDS: list[click.Command] = [diff_command]
