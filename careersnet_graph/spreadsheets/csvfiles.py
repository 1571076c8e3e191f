"""CSV files as spreadsheet programs and people write them.

- Encoding: UTF-8 with or without a byte-order mark, UTF-16/32 with one, or a given `--encoding`.
  Any other file is handed to charset-normalizer, and of its guesses only the encodings that
  spreadsheet programs write in Europe (`PLAUSIBLE`: Windows and ISO code pages, old DOS ones) are
  kept. The best guess is used only when every equally likely encoding reads the file as the
  same text; otherwise the file is refused with a hint (save it as UTF-8, or name the encoding
  with the readings to choose from), so that a name is never turned into mojibake.
- Delimiter: `,`, `;` or tab, whichever splits the header into the most known column names
  (then the most columns).
- Quoted fields may hold delimiters, quotes and line breaks; Windows line endings are read as
  they are. Each row keeps the line it starts on, for error messages.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Collection
from pathlib import Path

from charset_normalizer import from_bytes

from careersnet_graph.spreadsheets.columns import header_key
from careersnet_graph.spreadsheets.errors import Location, Problem, SpreadsheetError
from careersnet_graph.spreadsheets.sheets import RawSheet
from careersnet_graph.spreadsheets.values import CellValue

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
DELIMITERS = (",", ";", "\t")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

PLAUSIBLE = frozenset(
    {f"cp{page}" for page in (437, 850, 852, 855, 857, 860, 861, 863, 865, 866, *range(1250, 1259))}
    | {"latin_1", "koi8_r", "koi8_u"}
    | {f"iso8859_{part}" for part in range(2, 17)}
)
"""Single-byte encodings a CSV file from a European spreadsheet program may be in."""

_HINT = (
    "save it as UTF-8 (Excel: Save As, 'CSV UTF-8'; LibreOffice: Save As, Text CSV, character set "
    "'Unicode (UTF-8)'), or give its encoding with --encoding"
)


def read_csv(
    path: Path, display: str, known_headers: Collection[str], encoding: str | None = None
) -> RawSheet:
    """The CSV file at `path` as one sheet named after the file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SpreadsheetError([Problem(Location(display), f"cannot be read: {error.strerror}")]) from None
    text, note = decode(data, display, encoding)
    delimiter = choose_delimiter(text, known_headers)
    rows: list[list[CellValue]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_line = 0
    try:
        for record in reader:
            rows.append(list(record))
            lines.append(previous_line + 1)
            previous_line = reader.line_num
    except csv.Error as error:
        location = Location(display, line=previous_line + 1)
        raise SpreadsheetError(
            [Problem(location, f"line {previous_line + 1}: not valid CSV ({error})")]
        ) from None
    return RawSheet(display, path.stem, rows, lines=lines, is_csv=True, note=note)


def decode(data: bytes, display: str, encoding: str | None = None) -> tuple[str, str | None]:
    """The text of a CSV file, and a note when its encoding was detected (see the module's description)."""
    if encoding is not None:
        try:
            return data.decode(encoding), None
        except LookupError:
            raise SpreadsheetError([Problem(Location(display), f"unknown encoding {encoding!r}")]) from None
        except UnicodeDecodeError as error:
            message = f"is not {encoding}: byte {error.start} cannot be read ({error.reason}); {_HINT}"
            raise SpreadsheetError([Problem(Location(display), message)]) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), None
            except UnicodeDecodeError as error:
                message = (
                    f"starts with a {name} byte-order mark but is not {name} (byte {error.start}); {_HINT}"
                )
                raise SpreadsheetError([Problem(Location(display), message)]) from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return _detected(data, display, error)


def _detected(data: bytes, display: str, error: UnicodeDecodeError) -> tuple[str, str]:
    """The text of a file that is not UTF-8, when its encoding can be told for sure."""
    matches = [match for match in from_bytes(data) if match.encoding in PLAUSIBLE]
    if not matches:
        message = f"is not UTF-8 (byte {error.start}) and not text in any known encoding; {_HINT}"
        raise SpreadsheetError([Problem(Location(display), message)])
    best = min(match.chaos for match in matches)
    likely = [match for match in matches if match.chaos <= best]
    readings = {match.encoding: str(match) for match in likely}
    names = sorted(readings)
    if len(set(readings.values())) == 1:
        return next(iter(readings.values())), f"{display}: not UTF-8; read as {', '.join(names)} (detected)"
    choices = _differences(readings, names)
    message = (
        f"is not UTF-8 (byte {error.start}), and its encoding is uncertain: it reads {choices}. "
        f"{_HINT[0].upper()}{_HINT[1:]} naming the one that reads right"
    )
    raise SpreadsheetError([Problem(Location(display), message)])


def _differences(readings: dict[str, str], names: list[str]) -> str:
    """`'Čačak' as cp1250 (--encoding cp1250), 'ÈaÈak' as cp1252 (...)`: the first word that differs."""
    words = {name: readings[name].split() for name in names}
    index = next(
        (i for i, group in enumerate(zip(*words.values(), strict=False)) if len(set(group)) > 1),
        0,
    )
    return ", or ".join(
        f"{words[name][index]!r} as {name} (--encoding {name})" if index < len(words[name]) else name
        for name in names
    )


def choose_delimiter(text: str, known_headers: Collection[str]) -> str:
    """The delimiter that splits the first row into the most known headers, then the most columns."""
    known = {header_key(header) for header in known_headers}
    best = (",", (-1, -1))
    for delimiter in DELIMITERS:
        try:
            first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        score = (sum(header_key(cell) in known for cell in first), len(first))
        if score > best[1]:
            best = (delimiter, score)
    return best[0]
