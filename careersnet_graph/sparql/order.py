"""The order of a SELECT answer's rows, the same on every store.

SPARQL leaves the order of rows open without ORDER BY, and leaves the order of some values
(strings with different language tags, values of different types, ties) to the store: Oxigraph,
rdflib and Virtuoso each choose differently. Rows are therefore put in one order here: by the
query's ORDER BY where it orders by variables (ASC or DESC), with ties and queries without
ORDER BY ordered by the whole row. A query ordering by other expressions keeps its store's order.

Values compare as SPARQL 1.1 §15.1 orders them: unbound, then blank nodes, IRIs, literals;
numbers by value, then booleans, dates and times, then other literals by their text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from careersnet_graph.store.base import Term

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = frozenset(
    _XSD + name
    for name in (
        "integer",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_TEMPORAL = frozenset(
    _XSD + name for name in ("date", "dateTime", "dateTimeStamp", "time", "gYear", "gYearMonth")
)

Key = tuple[object, ...]


def term_key(term: Term | None) -> Key:
    """A sort key of one value (see the module's docstring)."""
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    datatype = term.datatype.value
    if datatype in _NUMERIC:
        return (3, 0, _number(term.value), term.value, datatype)
    if datatype == _XSD + "boolean":
        return (3, 1, term.value in ("true", "1"), term.value)
    if datatype in _TEMPORAL:
        return (3, 2, term.value, datatype)
    return (3, 3, term.value, term.language or "", datatype)


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return Decimal(0)
    return Decimal(0) if value.is_nan() else value


def sorted_rows(
    variables: Sequence[str],
    rows: Sequence[tuple[Term | None, ...]],
    order: Sequence[tuple[str, bool]] | None,
) -> tuple[tuple[Term | None, ...], ...]:
    """The rows in the one order: by `order` ((variable, descending) pairs), then by the whole row.

    Each distinct value's key is made once (answers repeat their events, roles and labels)."""
    keys: dict[Term | None, Key] = {}

    def key(term: Term | None) -> Key:
        found = keys.get(term)
        if found is None:
            found = keys[term] = term_key(term)
        return found

    position = {name: index for index, name in enumerate(variables)}
    columns = [(position[name], descending) for name, descending in order or () if name in position]
    if not any(descending for _, descending in columns):
        first = [index for index, _ in columns]
        return tuple(sorted(rows, key=lambda row: (*[key(row[index]) for index in first], *map(key, row))))
    keyed = sorted(rows, key=lambda row: tuple(map(key, row)))
    for index, descending in reversed(columns):
        keyed.sort(key=lambda row, index=index: key(row[index]), reverse=descending)  # type: ignore[misc]
    return tuple(keyed)
