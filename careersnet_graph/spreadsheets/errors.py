"""Problems found in spreadsheets, each with the file, sheet, row and column it concerns.

The reader, the mapping and the reference resolution collect every problem they find (not only
the first) and raise them together as one `SpreadsheetError`, so that a user fixes a workbook in
one round; nothing is written while there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careersnet_graph.errors import CareersnetError

MAX_LISTED = 50
"""At most this many problems are spelled out in an error message; the rest are counted."""


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True)
class Location:
    """Where a value was read: file, sheet, 1-based row and 0-based column (with its header)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    header: str | None = None
    line: int | None = None
    """For CSV files, the line on which the row starts (a quoted field may span lines)."""

    def at_column(self, column: int, header: str | None) -> Location:
        """The same row, at another column."""
        return Location(self.file, self.sheet, self.row, column, header, self.line)

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}" + (f" (line {self.line})" if self.line is not None else ""))
        if self.column is not None:
            named = f" ({self.header})" if self.header else ""
            parts.append(f"column {column_letter(self.column)}{named}")
        elif self.header:
            parts.append(f"column {self.header}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a spreadsheet: where, and a message saying what is wrong and what is allowed."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class SpreadsheetError(CareersnetError):
    """One or more problems in the spreadsheets given to `careersnet import` (nothing is written)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        assert problems, "a SpreadsheetError carries at least one problem"
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        listed = [f"  {problem}" for problem in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            listed.append(f"  ... and {len(self.problems) - MAX_LISTED} more")
        return f"{len(self.problems)} problems in the spreadsheets:\n" + "\n".join(listed)


class ValueProblem(Exception):  # noqa: N818  (an internal signal, turned into a Problem with its place)
    """A cell value that cannot be used; the caller adds the cell's location."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class Problems:
    """A collector: problems are added while reading, and raised together at the end of a stage."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, location: Location, message: str) -> None:
        problem = Problem(location, message)
        if problem not in self.found:
            self.found.append(problem)

    def raise_if_any(self) -> None:
        if self.found:
            raise SpreadsheetError(self.found)
