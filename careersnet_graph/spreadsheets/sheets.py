"""What every reader produces: sheets of raw cells, and the tables of records read from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from careersnet_graph.spreadsheets.columns import header_key
from careersnet_graph.spreadsheets.errors import Location, Problems, ValueProblem, column_letter
from careersnet_graph.spreadsheets.values import CellValue, cell_text


@dataclass(frozen=True)
class RawSheet:
    """One sheet (or CSV file) as read: rows of cells in file order, row 0 being row 1."""

    file: str
    name: str
    rows: list[list[CellValue]]
    lines: list[int] | None = None
    """For CSV files: the line on which each row starts."""
    merged: tuple[str, ...] = ()
    """Merged ranges, as A1:B2 addresses."""
    is_csv: bool = False
    note: str | None = None
    """Something the user should know about how the file was read (e.g. its detected encoding)."""

    def location(self, row_index: int | None = None) -> Location:
        """The location of a row (0-based index) of this sheet, or of the sheet itself."""
        sheet = None if self.is_csv else self.name
        if row_index is None:
            return Location(self.file, sheet)
        line = self.lines[row_index] if self.lines is not None else None
        return Location(self.file, sheet, row_index + 1, line=line)


def is_empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Record:
    """One row of a table: its cells by header key, with where each was read."""

    location: Location
    values: dict[str, CellValue] = field(default_factory=dict)
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)

    def at(self, key: str) -> Location:
        """The location of this row's cell in column `key` (or of the row, without the column)."""
        column = self.columns.get(key)
        if column is None:
            return self.location
        return self.location.at_column(*column)

    def raw(self, key: str) -> CellValue:
        return self.values.get(key)

    def text(self, key: str, problems: Problems) -> str | None:
        """The cell as clean text (None when empty); a bad cell is recorded as a problem."""
        try:
            return cell_text(self.values.get(key))
        except ValueProblem as problem:
            problems.add(self.at(key), problem.message)
            return None

    def has(self, key: str) -> bool:
        return not is_empty(self.values.get(key))


@dataclass
class Table:
    """A sheet read as a header row and the records below it."""

    sheet: RawSheet
    headers: dict[str, tuple[int, str]]
    """Header key → (column index, header as written)."""
    records: list[Record]
    header_location: Location


def read_table(sheet: RawSheet, problems: Problems) -> Table | None:
    """The header (the first non-empty row) and every non-empty row below it.

    Empty rows anywhere and empty columns without a header are ignored; a column with values but
    no header, or a header given twice, is a problem. Merged cells are refused with their address.
    """
    for merged in sheet.merged:
        problems.add(
            sheet.location(),
            f"merged cells {merged}: unmerge them (each cell holds its own value), then import again",
        )
    header_index = next((i for i, row in enumerate(sheet.rows) if not all(map(is_empty, row))), None)
    if header_index is None:
        return None
    header_location = sheet.location(header_index)
    headers: dict[str, tuple[int, str]] = {}
    for column, value in enumerate(sheet.rows[header_index]):
        if is_empty(value):
            if any(not is_empty(_cell(row, column)) for row in sheet.rows[header_index + 1 :]):
                problems.add(
                    header_location.at_column(column, None),
                    f"column {column_letter(column)} has values but no header: name it or delete it",
                )
            continue
        written = str(cell_text(value))
        key = header_key(written)
        if key in headers:
            first = column_letter(headers[key][0])
            problems.add(
                header_location.at_column(column, written),
                f"the header {written!r} is also in column {first}",
            )
            continue
        headers[key] = (column, written)
    records = []
    for index in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if all(map(is_empty, row)):
            continue
        record = Record(sheet.location(index))
        for key, (column, written) in headers.items():
            value = _cell(row, column)
            record.columns[key] = (column, written)
            if not is_empty(value):
                record.values[key] = value
        if record.values:
            records.append(record)
    return Table(sheet, headers, records, header_location)


def _cell(row: list[CellValue], column: int) -> CellValue:
    return row[column] if column < len(row) else None
