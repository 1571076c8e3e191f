"""The `careersnet` command: a thin click layer over the library.

Each command parses its options, calls one library function, formats the result and sets the
exit code: 0 ok, 1 the data does not conform or a check failed, 2 bad input or usage.
"""

from __future__ import annotations

import gc

import click

from careersnet_graph import __version__
from careersnet_graph.cli import (
    analysis_commands,
    diff_commands,
    graph_commands,
    query_commands,
    sheet_commands,
    suggest_commands,
    validate_command,
    viz_commands,
)
from careersnet_graph.cli.common import CareersnetGroup


@click.group(cls=CareersnetGroup)
@click.version_option(__version__, prog_name="careersnet")
def main() -> None:
    """Knowledge graph of European lifelong guidance: build, validate, query, analyse, draw."""


for module in (
    graph_commands,
    validate_command,
    query_commands,
    analysis_commands,
    viz_commands,
    sheet_commands,
    suggest_commands,
    diff_commands,
):
    for command in module.COMMANDS:
        main.add_command(command)


def run() -> None:
    """The `careersnet` program: `main` with Python's cycle collector off for the life of the
    process. A command runs once and exits: its heavy steps pause the collector anyway
    (`careersnet_graph.collector`), and a process that exits with it running pays for collections
    that walk its whole heap while it tears down (seconds at 1M statements). `serve`, which runs
    until stopped, turns it back on.

    When the command ends, what it made is frozen (`gc.freeze`): the interpreter's closing
    collection, which runs even with the collector off, then walks none of it. After a build of
    1M statements that collection took 4 s of the process's 84; frozen, its end takes 0.4 s. The
    command has written and flushed everything by then: only the memory of objects in reference
    cycles is left to the operating system to take back."""
    gc.disable()
    try:
        main()
    finally:
        gc.freeze()
