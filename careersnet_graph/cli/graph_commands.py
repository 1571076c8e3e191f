"""Commands that build, describe and export the graph."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
