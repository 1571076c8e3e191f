"""Progress of long library steps, reported through a tiny protocol: the library never prints.

A step calls `progress.begin(label, total)`, then `progress.advance(item)` as each of its
`total` items finishes, then `progress.end()`. The CLI passes a terminal progress bar
(`cli.common.terminal_progress`); everyone else gets `SILENT`.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Where a long step reports how far it has come."""

    def begin(self, label: str, total: int) -> None:
        """A step of `total` items starts."""
        ...

    def advance(self, item: str) -> None:
        """One more item of the current step is done (`item` names the next or finished one)."""
        ...

    def end(self) -> None:
        """The current step is finished."""
        ...


class Silent:
    """Progress that goes nowhere."""

    def begin(self, label: str, total: int) -> None:
        """Nothing to show."""

    def advance(self, item: str) -> None:
        """Nothing to show."""

    def end(self) -> None:
        """Nothing to show."""


SILENT: Progress = Silent()
"""The progress of callers that show none."""
