"""The network at a time: which participations and posts fall in a window of dates.

A participation is dated by its own dates (`schema:startDate`, `schema:endDate`,
`dcterms:date`) where it has any, else by its target's (an event's `schema:startDate` and
`schema:endDate`, an initiative's `dcterms:issued`, or `dcterms:date`). A post is dated by its
own `schema:startDate` and `schema:endDate`. A year (`xsd:gYear`) or month (`xsd:gYearMonth`)
stands for the whole year or month. Each fact's first and last days are worked out from its
dates' ISO text (`period_rows`: three simple reads, combined here, so every store answers the
same), once per loaded graph (`dated_facts`); any window is then applied to them here, on that
text, without asking the store again (the evolution section and the time slider ask for dozens
of windows). Facts with no date at all are left out of a windowed network and counted apart
(`DatedFacts.undated`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt
import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import DCTERMS, SCHEMA

__all__ = [
    "DatedFacts",
    "Period",
    "Window",
    "active_window",
    "dated_facts",
    "facts_in",
    "parse_date",
    "window_from_options",
    "within",
]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, option: str, *, last: bool = False) -> str:
    """An ISO date `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as the text of its first day (or, with
    `last`, the last day it stands for); a clear error naming `option` otherwise."""
    value = text.strip()
    if not _DATE.match(value):
        raise CareersnetError(f"{option}: {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    first = _day(value, last=False)
    try:
        date.fromisoformat(first)
    except ValueError:
        raise CareersnetError(f"{option}: {text!r} is not a date of the calendar") from None
    return _day(value, last=True) if last else first


def _day(text: str, *, last: bool) -> str:
    """The first (or last) day a date's text stands for: a year's 1 January (31 December), a
    month's 1st (31st); longer text, its first ten characters."""
    if len(text) == 4:
        return text + ("-12-31" if last else "-01-01")
    if len(text) == 7:
        return text + ("-31" if last else "-01")
    return text[:10]


@dataclass(frozen=True)
class Window:
    """A window of dates, both ends included; an open end is None (`as_of` has no start)."""

    start: str | None = None
    end: str | None = None

    def __post_init__(self) -> None:
        """Ends are `YYYY-MM-DD` text only: they are compared as text with the facts' days."""
        for end in (self.start, self.end):
            if end is not None and not _DAY.match(end):
                raise CareersnetError(f"window end {end!r} is not a day (YYYY-MM-DD)")

    @classmethod
    def as_of(cls, day: str) -> Window:
        """Everything dated on or before `day`: the network as it had grown by then."""
        return cls(None, day)

    @property
    def description(self) -> str:
        """The window in words, for notes on pages and in reports."""
        if self.start is None and self.end is None:
            return "all dates"
        if self.start is None:
            return f"as of {self.end}"
        if self.end is None:
            return f"from {self.start}"
        return f"between {self.start} and {self.end}"


_ACTIVE: ContextVar[Window | None] = ContextVar("careersnet_window", default=None)


def active_window() -> Window | None:
    """The window a command runs in (`within`): every projection it makes is of that window."""
    return _ACTIVE.get()


@contextmanager
def within(window: Window | None) -> Iterator[None]:
    """Run the enclosed code on the network of `window` (None: the whole network), so that a build,
    its report and its pages all draw the same windowed network without passing it through."""
    token = _ACTIVE.set(window)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def window_from_options(as_of: str | None, between: tuple[str, str] | None) -> Window | None:
    """The window `--as-of DATE` or `--between FROM TO` give (None: the whole network)."""
    if as_of is not None and between:
        raise CareersnetError("--as-of and --between cannot be used together")
    if as_of is not None:
        return Window.as_of(parse_date(as_of, "--as-of", last=True))
    if between:
        first = parse_date(between[0], "--between FROM")
        last = parse_date(between[1], "--between TO", last=True)
        if first > last:
            raise CareersnetError(f"--between: FROM {between[0]} is after TO {between[1]}")
        return Window(first, last)
    return None


_DATE_PROPERTIES = """
SELECT ?entity ?property ?date WHERE {
  VALUES ?property { schema:startDate schema:endDate dcterms:date dcterms:issued }
  ?entity ?property ?date .
}
"""

_PARTICIPATION_TARGETS = """
SELECT ?fact ?target WHERE { ?fact a cng:Participation ; cng:target ?target . FILTER (isIRI(?fact)) }
"""

_POSTS = "SELECT DISTINCT ?fact WHERE { ?person org:holds ?fact . FILTER (isIRI(?fact)) }"

_OWN_FROM, _OWN_TO = (SCHEMA.startDate, DCTERMS.date), (SCHEMA.endDate, DCTERMS.date)
"""A participation's own first and last day: the first of these properties it has."""
_OWN_ANY = tuple(dict.fromkeys((*_OWN_FROM, *_OWN_TO)))
"""The properties of `_OWN_FROM` and `_OWN_TO`: a participation with none takes its target's."""
_TARGET_FROM = (SCHEMA.startDate, DCTERMS.issued, DCTERMS.date)
_TARGET_TO = (SCHEMA.endDate, DCTERMS.issued, DCTERMS.date, SCHEMA.startDate)
"""Else its target's: the first of these properties the target has."""

Dates = dict[ox.NamedNode, list[str | None]]
"""An entity's date values by property (as `STR` gives them; None for a blank node)."""


def period_rows(kg: KnowledgeGraph) -> list[tuple[str, str | None, str | None]]:
    """Every participation's and post's (fact, first day, last day) rows, distinct and sorted.

    A fact has one row per combination of its dates, as a SPARQL pattern with one OPTIONAL per
    date property would give: its own start (else `dcterms:date`) and end (else `dcterms:date`)
    where it has any of them, else its target's start (else issued, else date) and end (else
    issued, date, start). A year stands for its first (or last) day, a month for its first (or
    31st) day, longer text for its first ten characters. Read with three simple queries and
    combined here: one SPARQL query with seven OPTIONALs took 40 s at a million statements. The
    queries' rows are read in the store's order: they are gathered into sets, then sorted.
    """
    dates: dict[object, Dates] = defaultdict(dict)
    for entity, property_, value in kg.rows(_DATE_PROPERTIES, ordered=False):
        if entity is not None and isinstance(property_, ox.NamedNode):
            dates[entity].setdefault(property_, []).append(_string(value))
    rows: set[tuple[str, str | None, str | None]] = set()
    of_target: dict[object, set[tuple[str | None, str | None]]] = {}  # many facts share a target
    for fact, target in kg.rows(_PARTICIPATION_TARGETS, ordered=False):
        own = dates.get(fact)
        if own and any(own.get(p) for p in _OWN_ANY):
            pairs = _combinations(own, _OWN_FROM, _OWN_TO)
        elif target in of_target:
            pairs = of_target[target]
        else:
            pairs = of_target[target] = _combinations(dates.get(target, {}), _TARGET_FROM, _TARGET_TO)
        rows.update(_period_row(fact, first, last) for first, last in pairs)
    for (post,) in kg.rows(_POSTS, ordered=False):
        pairs = _combinations(dates.get(post, {}), (SCHEMA.startDate,), (SCHEMA.endDate,))
        rows.update(_period_row(post, first, last) for first, last in pairs)
    return sorted(rows, key=lambda row: (row[0], row[1] or "", row[2] or ""))


def _combinations(
    dates: Dates, firsts: tuple[ox.NamedNode, ...], lasts: tuple[ox.NamedNode, ...]
) -> set[tuple[str | None, str | None]]:
    """The (first, last) values of every combination of the entity's dates: each end from the
    first of its properties the entity has (None if none); where both ends come from the same
    property, the same value at both ends."""
    first = next((p for p in firsts if dates.get(p)), None)
    last = next((p for p in lasts if dates.get(p)), None)
    first_values = dates[first] if first is not None else [None]
    last_values = dates[last] if last is not None else [None]
    if first is not None and first == last:
        return {(value, value) for value in first_values}
    return {(a, b) for a in first_values for b in last_values}


def _period_row(fact: object, first: str | None, last: str | None) -> tuple[str, str | None, str | None]:
    """A fact's row: its text, and the first and last days its dates stand for (None if open)."""
    return (
        _text(fact),
        None if first is None else _day(first, last=False),
        None if last is None else _day(last, last=True),
    )


def _string(term: object) -> str | None:
    """What SPARQL's `STR` gives for a term: an IRI's or literal's text; nothing for a blank node."""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None


_OPEN_START = ""
"""Stands for an open first day: before every day."""
_OPEN_END = "\U0010ffff"
"""Stands for an open last day: after every day."""


def facts_in(kg: KnowledgeGraph, window: Window) -> frozenset[str]:
    """The participations and posts of `kg` dated within `window`."""
    return dated_facts(kg).within(window)


@dataclass(frozen=True)
class Period:
    """The dates of one fact (a participation or a post): first and last day, None where open."""

    start: str | None
    end: str | None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class DatedFacts:
    """Every participation's and post's period (`period_rows`, read once per graph).

    `rows` keeps each (fact, first day, last day) row of `period_rows`: a fact is within a window
    when one of its rows is dated and overlaps the window, compared as ISO text.
    """

    periods: dict[str, Period]
    rows: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    @cached_property
    def undated(self) -> frozenset[str]:
        """The facts with no date of their own or of their target."""
        return frozenset(fact for fact, period in self.periods.items() if not period.dated)

    def first_day(self, fact: str) -> str | None:
        """The first day of a fact (its last where only that is known), None when undated."""
        period = self.periods.get(fact)
        if period is None:
            return None
        return period.start or period.end

    @cached_property
    def facts(self) -> tuple[str, ...]:
        """Every fact, sorted: the positions `mask` answers for."""
        return tuple(self.periods)

    @cached_property
    def _row_arrays(
        self,
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.str_], npt.NDArray[np.str_], npt.NDArray[np.bool_]]:
        """Each row's fact position, first day, last day (open ends as sentinels) and whether it is dated."""
        position = {fact: index for index, fact in enumerate(self.facts)}
        facts = np.array([position[fact] for fact, _, _ in self.rows], dtype=np.intp)
        starts = np.array([_OPEN_START if start is None else start for _, start, _ in self.rows], dtype=str)
        ends = np.array([_OPEN_END if end is None else end for _, _, end in self.rows], dtype=str)
        dated = np.array([start is not None or end is not None for _, start, end in self.rows], dtype=bool)
        return facts, starts, ends, dated

    def mask(self, window: Window) -> npt.NDArray[np.bool_]:
        """For each of `facts`, whether it is dated within `window`."""
        facts, starts, ends, dated = self._row_arrays
        inside = dated.copy()
        if window.end is not None:
            inside &= starts <= window.end
        if window.start is not None:
            inside &= ends >= window.start
        found = np.zeros(len(self.facts), dtype=bool)
        found[facts[inside]] = True
        return found

    def within(self, window: Window) -> frozenset[str]:
        """The facts dated within `window`."""
        return frozenset(self.facts[index] for index in np.flatnonzero(self.mask(window)))

    @cached_property
    def start_years(self) -> Counter[int]:
        """How many facts start in each year (by `first_day`)."""
        return Counter(int(day[:4]) for fact in self.periods if (day := self.first_day(fact)) is not None)

    @cached_property
    def years(self) -> tuple[int, int] | None:
        """The first and last year any fact starts in, None when nothing is dated."""
        return (min(self.start_years), max(self.start_years)) if self.start_years else None


_DATED: WeakKeyDictionary[KnowledgeGraph, DatedFacts] = WeakKeyDictionary()
"""The dated facts already read from each loaded graph (a loaded graph does not change)."""


def dated_facts(kg: KnowledgeGraph) -> DatedFacts:
    """The period of every participation and post of `kg` (undated ones with both ends None),
    read once per graph.

    Where a fact has several dates (two sources disagreeing), its earliest start and latest end.
    """
    found = _DATED.get(kg)
    if found is None:
        found = _DATED[kg] = _read_dated_facts(kg)
    return found


def _read_dated_facts(kg: KnowledgeGraph) -> DatedFacts:
    periods: dict[str, Period] = {}
    rows = period_rows(kg)
    for key, start, end in rows:
        first = _value(start)
        last = _value(end)
        previous = periods.get(key)
        if previous is not None:
            first = _earliest(previous.start, first)
            last = _latest(previous.end, last)
        periods[key] = Period(first, last)
    return DatedFacts(dict(sorted(periods.items())), rows)


def _text(term: object) -> str:
    return str(getattr(term, "value", term))


def _value(term: object) -> str | None:
    if term is None:
        return None
    text = _text(term)
    return text if _DATE.match(text) else None


def _earliest(first: str | None, second: str | None) -> str | None:
    known = [day for day in (first, second) if day is not None]
    return min(known) if known else None


def _latest(first: str | None, second: str | None) -> str | None:
    known = [day for day in (first, second) if day is not None]
    return max(known) if known else None
