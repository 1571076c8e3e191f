"""Lexical checks of XSD literals, by the lexical rules of XML Schema 1.1 Part 2.

A literal whose lexical form is not in its datatype's lexical space is ill-typed (RDF 1.1
Concepts §3.3). Each rule is a regular expression plus, where the grammar cannot say it, a
check of the value (day of month, ranges of the bounded integer types). Integers are compared as
digit strings, so there is no limit on their length. Datatypes outside XSD, and XSD datatypes
without a lexical rule here, are not checked.

>>> lexical_error("2021-02-29", "http://www.w3.org/2001/XMLSchema#date")
'no 29 February in 2021'
>>> lexical_error("yes", "http://www.w3.org/2001/XMLSchema#boolean") is not None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable

XSD = "http://www.w3.org/2001/XMLSchema#"

_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_FLOAT = r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)"
_DURATION_TIME = (
    r"T(([0-9]+H)([0-9]+M)?([0-9]+(\.[0-9]+)?S)?|([0-9]+M)([0-9]+(\.[0-9]+)?S)?|([0-9]+(\.[0-9]+)?S))"
)
_DURATION_DATE = r"(([0-9]+Y)([0-9]+M)?([0-9]+D)?|([0-9]+M)([0-9]+D)?|([0-9]+D))"
_NAME_START = (
    r":A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
    r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00B7\u0300-\u036F\u203F-\u2040"

_PATTERNS: dict[str, str] = {
    "boolean": r"true|false|1|0",
    "decimal": _DECIMAL,
    "integer": r"[+-]?[0-9]+",
    "double": _FLOAT,
    "float": _FLOAT,
    "date": _YEAR + "-" + _MONTH + "-" + _DAY + _TZ,
    "dateTime": _YEAR + "-" + _MONTH + "-" + _DAY + "T" + _TIME + _TZ,
    "dateTimeStamp": _YEAR
    + "-"
    + _MONTH
    + "-"
    + _DAY
    + "T"
    + _TIME
    + r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))",
    "time": _TIME + _TZ,
    "gYear": _YEAR + _TZ,
    "gYearMonth": _YEAR + "-" + _MONTH + _TZ,
    "gMonth": "--" + _MONTH + _TZ,
    "gMonthDay": "--" + _MONTH + "-" + _DAY + _TZ,
    "gDay": "---" + _DAY + _TZ,
    "duration": r"-?P(" + _DURATION_DATE + "(" + _DURATION_TIME + ")?|" + _DURATION_TIME + ")",
    "dayTimeDuration": r"-?P(([0-9]+D)(" + _DURATION_TIME + ")?|" + _DURATION_TIME + ")",
    "yearMonthDuration": r"-?P(([0-9]+Y)([0-9]+M)?|([0-9]+M))",
    "hexBinary": r"([0-9a-fA-F]{2})*",
    "base64Binary": r"((([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}"
    r"[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=))?",
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "anyURI": r"[^\s<>\"{}|\\^`\x00-\x1f\x7f]*",
    "Name": "[" + _NAME_START + "][" + _NAME_CHAR + "]*",
    "NCName": "[" + _NAME_START.replace(":", "") + "][" + _NAME_CHAR.replace(":", "") + "]*",
    "NMTOKEN": "[" + _NAME_CHAR + "]+",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}

_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
"""The integer types derived by range, with their bounds (None: unbounded)."""

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def lexical_error(lexical: str, datatype: str) -> str | None:
    """Why `lexical` is not a valid literal of `datatype` (an IRI), or None when it is (or unchecked)."""
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD) :]
    if name in ("string", "normalizedString", "token"):
        return _string_error(lexical, name)
    if name in _INTEGER_RANGES:
        return _bounded_integer_error(lexical, name)
    pattern = _COMPILED.get(name)
    if pattern is None:
        return None
    if pattern.fullmatch(lexical) is None:
        return f"not a valid xsd:{name}"
    check = _VALUE_CHECKS.get(name)
    return check(lexical) if check else None


def _string_error(lexical: str, name: str) -> str | None:
    if name == "string":
        return None
    if any(char in lexical for char in "\r\n\t"):
        return f"an xsd:{name} holds no tab, carriage return or line feed"
    if name == "token" and (lexical != lexical.strip(" ") or "  " in lexical):
        return "an xsd:token has no leading, trailing or double spaces"
    return None


def _bounded_integer_error(lexical: str, name: str) -> str | None:
    if _COMPILED["integer"].fullmatch(lexical) is None:
        return f"not a valid xsd:{name}"
    low, high = _INTEGER_RANGES[name]
    if low is not None and _compare_integer(lexical, low) < 0:
        return f"an xsd:{name} is at least {low}"
    if high is not None and _compare_integer(lexical, high) > 0:
        return f"an xsd:{name} is at most {high}"
    return None


def _compare_integer(lexical: str, bound: int) -> int:
    """-1, 0 or 1 as the integer written `lexical` is below, at or above `bound`, without int()
    on the whole digit string (Python refuses very long ones)."""
    negative = lexical.startswith("-")
    digits = lexical.lstrip("+-").lstrip("0") or "0"
    if digits == "0":
        negative = False
    bound_digits = str(abs(bound))
    if negative != (bound < 0):
        return -1 if negative else 1
    magnitude = (len(digits) > len(bound_digits)) - (len(digits) < len(bound_digits))
    if magnitude == 0:
        magnitude = (digits > bound_digits) - (digits < bound_digits)
    return -magnitude if negative else magnitude


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _day_error(year: int | None, month: int, day: int) -> str | None:
    limit = _DAYS_IN_MONTH[month - 1]
    if month == 2 and year is not None and not _is_leap(year):
        limit = 28
    if day > limit:
        where = f" in {year}" if year is not None and month == 2 and day == 29 else ""
        return f"no {day} {_MONTH_NAMES[month - 1]}{where}"
    return None


_DATE_PART = re.compile(r"^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})")


def _date_check(lexical: str) -> str | None:
    match = _DATE_PART.match(lexical)
    if match is None:
        return None
    year_text = match[1]
    year = int(year_text) if len(year_text) < 12 else None
    return _day_error(year, int(match[2]), int(match[3]))


def _month_day_check(lexical: str) -> str | None:
    return _day_error(None, int(lexical[2:4]), int(lexical[5:7]))


_VALUE_CHECKS: dict[str, Callable[[str], str | None]] = {
    "date": _date_check,
    "dateTime": _date_check,
    "dateTimeStamp": _date_check,
    "gMonthDay": _month_day_check,
}
