"""Cell values as the importer reads them: text, lists, dates, addresses and language tags.

Spreadsheet programs give numbers, dates and text; CSV files give text only. Every function
here takes what a reader produced and returns a clean value or raises `ValueProblem` with a
message that says what is allowed.
"""

from __future__ import annotations

import datetime
import math
import re

from careersnet_graph.spreadsheets.errors import ValueProblem

CellValue = (
    str | int | float | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta | None
)
"""What a reader gives for one cell (None or "" for an empty cell)."""

SEPARATOR = "|"
"""Separates several values in one cell, as in Kumu."""

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these could run as a formula when a spreadsheet program opens it."""

NEUTRALISER = "'"
"""Put before a dangerous start in every spreadsheet export, and removed again on import."""

EXCEL_EPOCH = datetime.date(1899, 12, 30)
"""Day 0 of Excel's (1900) date system, as serial numbers count it."""

_SERIALS = (10_000, 2_958_465)
"""Serial numbers read as dates: 1927-05-18 to 9999-12-31 (smaller numbers look like years)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The control characters (Unicode category Cc) but tab and newline."""
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_SERIAL_TEXT = re.compile(r"^\d+(?:\.0+)?$")
_TEXT_DATES = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y/%m/%d")

DATE_FORMS = (
    "a date cell, or text as 2021-12-06 (YYYY-MM-DD), 06.12.2021 or 06/12/2021 (day first), "
    "6 December 2021, or an Excel serial number"
)


def neutralise(text: str) -> str:
    """`text` made safe for a spreadsheet cell: an apostrophe before a formula-like start (and
    before an apostrophe that the import would otherwise take for one)."""
    if text.startswith(DANGEROUS_STARTS) or unneutralise(text) != text:
        return NEUTRALISER + text
    return text


def unneutralise(text: str) -> str:
    """The text an exported cell stood for: the apostrophe `neutralise` put before a formula-like
    start (or before another apostrophe) removed; `'s-Hertogenbosch` stays as it is."""
    if text.startswith(NEUTRALISER) and text[1:].startswith((*DANGEROUS_STARTS, NEUTRALISER)):
        return text[1:]
    return text


def cell_text(value: CellValue) -> str | None:
    """The cell as text, trimmed, with Unix newlines; None when empty.

    Whole numbers lose the `.0` spreadsheet programs add; dates are written as YYYY-MM-DD.
    Control characters other than tab and newline are refused: they cannot come from a
    spreadsheet program and no spreadsheet file can carry them back.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, datetime.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, datetime.date | datetime.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = unneutralise(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    control = _CONTROL.search(text)
    if control is not None:
        raise ValueProblem(f"contains the control character U+{ord(control[0]):04X}: remove it")
    return text or None


def split_values(text: str | None) -> list[str]:
    """The values of a cell that may hold several, separated by `|`; empty parts dropped."""
    if text is None:
        return []
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def parse_date(value: CellValue) -> datetime.date:
    """A date from a date cell, an Excel serial number or text in one of the usual forms."""
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0, 0):
            raise ValueProblem(
                f"{value.isoformat(sep=' ')} has a time of day: give the date only ({DATE_FORMS})"
            )
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(f"{value} is not a date: write {DATE_FORMS}")
    if isinstance(value, int | float):
        number = float(value)
        return _serial_date(number, str(int(number)) if number.is_integer() else str(value))
    text = cell_text(value)
    if text is None:
        raise ValueProblem(f"is empty: write {DATE_FORMS}")
    iso = _ISO_DATE.match(text)
    if iso:
        return _date(int(iso[1]), int(iso[2]), int(iso[3]), text)
    day_first = _DAY_FIRST.match(text)
    if day_first:
        return _date(int(day_first[3]), int(day_first[2]), int(day_first[1]), text)
    if _SERIAL_TEXT.match(text):
        return _serial_date(float(text), text)
    for form in _TEXT_DATES:
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueProblem(f"{text!r} is not a date: write {DATE_FORMS}")


def _date(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueProblem(f"{text!r} is not a date ({error}): write {DATE_FORMS}") from None


def _serial_date(number: float, text: str) -> datetime.date:
    if math.isnan(number) or not number.is_integer():
        raise ValueProblem(f"{text} is not a whole day: give the date only ({DATE_FORMS})")
    if 1000 <= number <= 9999:
        raise ValueProblem(
            f"{text} looks like a year, not a date: write the full date, e.g. {int(number)}-01-01"
        )
    if not _SERIALS[0] <= number <= _SERIALS[1]:
        raise ValueProblem(f"{text} is not a date: write {DATE_FORMS}")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def parse_url(text: str) -> str:
    """An absolute http(s) address without spaces."""
    if not _URL.match(text):
        raise ValueProblem(f"{text!r} is not a web address: write it in full, as https://...")
    return text


def parse_language(text: str) -> str:
    """A BCP 47 language tag (en, sl, pt-BR) in lower case, as the strict loader gives tags."""
    if not _LANGUAGE.match(text):
        raise ValueProblem(f"{text!r} is not a language tag: write a code such as en, sl, de or pt-BR")
    return text.lower()


_TAGGED = re.compile(r"^(?P<text>.*\S)\s+@(?P<lang>[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*)$", re.DOTALL)


def split_language(text: str) -> tuple[str, str | None]:
    """`Ministrstvo za delo @sl` → ("Ministrstvo za delo", "sl"); text without a tag → (text, None)."""
    tagged = _TAGGED.match(text)
    if tagged is None:
        return text, None
    return tagged["text"], parse_language(tagged["lang"])


def tag_language(text: str, language: str, row_language: str) -> str:
    """`text` as the cell of a row in `row_language`: ` @language` appended when the text is in
    another language, or when it ends like a tag itself (so that `split_language` gives it back)."""
    if language != row_language or _TAGGED.match(text):
        return f"{text} @{language}"
    return text


def retag(text: str, language: str, row_language: str) -> str:
    """A text cell written for a row in `language` (a ` @tag` of its own kept), rewritten for a
    row in `row_language`."""
    if language == row_language:
        return text
    plain, tag = split_language(text)
    return tag_language(plain, tag or language, row_language)
