"""What every command shares: the data and store options, error handling and exit codes.

Exit codes: 0 ok; 1 the data does not conform or a check failed; 2 bad input or usage;
3 the store cannot be reached or refuses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from careersnet_graph.errors import CareersnetError

if TYPE_CHECKING:
    from careersnet_graph.graph import KnowledgeGraph
    from careersnet_graph.parsing import InputLimits

EXIT_OK = 0
EXIT_NONCONFORMANT = 1
EXIT_BAD_INPUT = 2
EXIT_STORE = 3

PROJECTION_NAMES = ("bipartite", "organisations", "countries", "persons")
"""The network projections (`projection.PROJECTIONS`), named here so that `--help` needs no networkx."""

F = TypeVar("F", bound=Callable[..., Any])

_LIMITS = (
    ("--max-file-bytes", "max_file_bytes", "Refuse input files larger than this (bytes)."),
    ("--max-literal-bytes", "max_literal_bytes", "Refuse literals longer than this (bytes)."),
    ("--max-statements", "max_statements", "Refuse input files with more statements than this."),
    ("--max-json-depth", "max_json_depth", "Refuse JSON-LD nested deeper than this."),
)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.ensure_object(dict)[param.name] = value
    return value


def store_option(function: F) -> F:
    """`--store memory|oxigraph[:PATH]|sparql:URL`, kept for `load_graph` (also CAREERSNET_STORE)."""
    return click.option(
        "--store",
        "store",
        metavar="STORE",
        default=None,
        expose_value=False,
        callback=_remember,
        is_eager=True,
        help="Where the graph lives: oxigraph (default, in memory), oxigraph:PATH (a persistent folder), "
        "memory (rdflib) or sparql:URL (a SPARQL 1.1 endpoint). Also CAREERSNET_STORE or careersnet.toml.",
    )(function)


def data_option(function: F) -> F:
    """`--data PATH` (repeatable), `--store` and the input limits."""
    for flag, name, text in _LIMITS:
        function = click.option(
            flag,
            name,
            type=click.IntRange(min=1),
            default=None,
            expose_value=False,
            callback=_remember,
            help=text,
        )(function)
    function = store_option(function)
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
        type=click.Choice(PROJECTION_NAMES),
        default="organisations",
        show_default=True,
        help=help_text,
    )


def time_options(function: F) -> F:
    """`--as-of DATE` and `--between FROM TO`: the command works on the network of that window
    (`temporal.within`); without them, on the whole network."""

    @functools.wraps(function)
    def run(*args: Any, as_of: str | None, between: tuple[str, str] | None, **kwargs: Any) -> Any:
        from careersnet_graph.temporal import window_from_options, within  # noqa: PLC0415  (start-up speed)

        with within(window_from_options(as_of, between)):
            return function(*args, **kwargs)

    run = click.option(
        "--between",
        nargs=2,
        metavar="FROM TO",
        default=None,
        help="Only participations and posts dated between FROM and TO (dates YYYY[-MM[-DD]], both "
        "included); undated ones are left out and counted.",
    )(run)
    run = click.option(
        "--as-of",
        "as_of",
        metavar="DATE",
        default=None,
        help="The network as it stood on DATE (YYYY[-MM[-DD]]): participations and posts dated on "
        "or before it; undated ones are left out and counted.",
    )(run)
    return cast(F, run)


def window_note(graph: Any) -> None:
    """Say on standard error which window a network is of and how many undated facts it leaves out."""
    if "window" in graph.graph:
        click.echo(
            f"note: the network {graph.graph['window']}; {graph.graph['undated']} participations and "
            "posts with no date are left out",
            err=True,
        )


def input_limits() -> InputLimits:
    """The input limits the command line gives (defaults where it gives none)."""
    from careersnet_graph.parsing import DEFAULT_LIMITS, InputLimits  # noqa: PLC0415  (start-up speed)

    given = {name: value for _, name, _ in _LIMITS if (value := _given(name)) is not None}
    return InputLimits(**{**DEFAULT_LIMITS.__dict__, **given})


def store_setting() -> str | None:
    """The `--store` the command line gives, if any."""
    value = _given("store")
    return None if value is None else str(value)


def _given(name: str) -> Any:
    """An option kept by `_remember`, from the current command's context or its parents."""
    context: click.Context | None = click.get_current_context()
    while context is not None:
        value = (context.obj or {}).get(name) if isinstance(context.obj, dict) else None
        if value is not None:
            return value
        context = context.parent
    return None


def load_graph(data: tuple[Path, ...], *, shipped: bool = True, replace: bool = False) -> KnowledgeGraph:
    """The graph of the chosen store: the shipped data and the user's `--data` files loaded into it.

    A remote store is read as it is (`careersnet load` fills it); `--data` is refused there.
    """
    from careersnet_graph.graph import KnowledgeGraph  # noqa: PLC0415  (start-up speed)
    from careersnet_graph.loading import load  # noqa: PLC0415
    from careersnet_graph.store import open_store  # noqa: PLC0415
    from careersnet_graph.store.settings import resolve_spec  # noqa: PLC0415

    spec = resolve_spec(store_setting())
    store = open_store(spec)
    if spec.kind == "sparql" and not replace:
        if data:
            raise CareersnetError(
                f"--data cannot be read into {spec} by this command: push the files with "
                f"`careersnet load --store {spec} --data …` first"
            )
        return KnowledgeGraph(store)
    kg = load(data, shipped=shipped, store=store, limits=input_limits(), replace=replace)
    if kg.skipped_files:
        from careersnet_graph.parsing import FORMATS  # noqa: PLC0415

        readable = ", ".join(sorted(FORMATS))
    for path in kg.skipped_files:
        click.echo(f"warning: skipped {path}: not a data file the loader reads ({readable})", err=True)
    return kg


class CareersnetGroup(click.Group):
    """A click group that reports the library's input errors in one line: exit code 2, or 3 for the store."""

    def invoke(self, ctx: click.Context) -> Any:
        from careersnet_graph.store.base import StoreError  # noqa: PLC0415  (start-up speed)

        try:
            return super().invoke(ctx)
        except StoreError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(EXIT_STORE)
        except CareersnetError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
