"""What every command shares: the `--data` option, error handling and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.projection import PROJECTIONS

EXIT_OK = 0
EXIT_NONCONFORMANT = 1
EXIT_BAD_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])


def data_option(function: F) -> F:
    """`--data PATH` (repeatable): the user's own files or folders, read with the shipped data."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Extra data file or folder, read with the shipped data (repeatable).",
    )(function)


def projection_option(help_text: str) -> Callable[[F], F]:
    """`--projection NAME`: one of the network projections, organisations by default."""
    return click.option(
        "--projection",
        type=click.Choice(list(PROJECTIONS)),
        default="organisations",
        show_default=True,
        help=help_text,
    )


def load_graph(data: tuple[Path, ...]) -> KnowledgeGraph:
    """Load the shipped data and the user's `--data` files."""
    return load(data)


class CareersnetGroup(click.Group):
    """A click group that reports the library's input errors in one line, exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CareersnetError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
