"""Errors the library raises for bad input; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


class CareersnetError(Exception):
    """Base class of every error caused by the user's input rather than by a bug."""


class RdfInputError(CareersnetError):
    """An input file that cannot be read as RDF, with the place where reading failed."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class OutputError(CareersnetError):
    """An output that cannot be written: a missing or read-only folder, a full disk."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: cannot write: {reason}")
