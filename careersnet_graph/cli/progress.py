"""Progress bars on the terminal for long library steps (`careersnet_graph.progress.Progress`)."""

from __future__ import annotations

import sys
from typing import Any

import click

from careersnet_graph.progress import SILENT, Progress


class TerminalProgress:
    """One click progress bar per step, on standard error."""

    def __init__(self) -> None:
        self._bar: Any = None

    def begin(self, label: str, total: int) -> None:
        """Open the bar of a step of `total` items."""
        self.end()
        self._bar = click.progressbar(length=total, label=label.ljust(30), file=sys.stderr, show_pos=True)
        self._bar.__enter__()
        self._bar.render_progress()

    def advance(self, item: str) -> None:
        """One item done: move the bar and name the item."""
        if self._bar is not None:
            self._bar.label = f"{self._bar.label.split(':')[0].rstrip()}: {item}"[:40].ljust(40)
            self._bar.update(1)

    def end(self) -> None:
        """Close the bar of the step."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def terminal_progress(quiet: bool) -> Progress:
    """Bars when standard error is a terminal and `quiet` is not set; else no progress at all."""
    if quiet or not sys.stderr.isatty():
        return SILENT
    return TerminalProgress()
