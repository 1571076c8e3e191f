"""Content negotiation: which result format answers an Accept header for a kind of query.

The Accept header is read as RFC 9110 §12.5.1 defines it: media ranges (`type/subtype`,
`type/*`, `*/*`) with q-values; the most specific range that matches a media type gives its
quality, and `q=0` means "not acceptable", even where a wider range would accept it. Among the
media types of the highest quality, the endpoint's own order of preference decides. A range
with an invalid q-value is ignored.

>>> choose_format("text/*", returns_graph=False)
('csv', 'text/csv')
>>> choose_format("application/*", returns_graph=True)
('ntriples', 'application/n-triples')
>>> choose_format("text/csv;q=0, */*", returns_graph=False)
('json', 'application/sparql-results+json')
>>> choose_format("*/*;q=0", returns_graph=False) is None
True
"""

from __future__ import annotations

import re

TABLE_MEDIA: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
)
"""Media types a SELECT or ASK answer can be written in, in the order of preference."""

GRAPH_MEDIA: tuple[tuple[str, str], ...] = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/x-turtle", "turtle"),
    ("text/plain", "ntriples"),
    ("application/json", "jsonld"),
)
"""Media types a CONSTRUCT or DESCRIBE answer can be written in, in the order of preference."""

_QVALUE = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def choose_format(
    accept: str | None, returns_graph: bool, requested: str | None = None
) -> tuple[str, str] | None:
    """The format and media type to answer in, or None when nothing acceptable can be produced (406).

    `requested` is a `format=` request parameter (json, xml, csv, tsv, turtle, ntriples, jsonld),
    as SPARQLWrapper sends it; a value that does not fit the kind of query is ignored in favour
    of the Accept header.
    """
    media = GRAPH_MEDIA if returns_graph else TABLE_MEDIA
    for media_type, format_name in media:
        if requested == format_name:
            return format_name, media_type
    if accept is None or not accept.strip():
        return media[0][1], media[0][0]
    ranges = parse_accept(accept)
    best: tuple[float, int] | None = None
    chosen: tuple[str, str] | None = None
    for position, (media_type, format_name) in enumerate(media):
        quality = quality_of(media_type, ranges)
        if quality <= 0:
            continue
        rank = (-quality, position)
        if best is None or rank < best:
            best, chosen = rank, (format_name, media_type)
    return chosen


def parse_accept(accept: str) -> list[tuple[str, str, float]]:
    """The media ranges of an Accept header as (type, subtype, quality), lower case; malformed
    ranges and ranges with an invalid q-value are left out."""
    ranges: list[tuple[str, str, float]] = []
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        kind, slash, subtype = media_range.lower().partition("/")
        if not slash or not _TOKEN.fullmatch(kind) or not _TOKEN.fullmatch(subtype):
            continue
        if kind == "*" and subtype != "*":
            continue
        quality: float | None = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                quality = float(value) if _QVALUE.fullmatch(value) else None
        if quality is not None:
            ranges.append((kind, subtype, quality))
    return ranges


def quality_of(media_type: str, ranges: list[tuple[str, str, float]]) -> float:
    """The quality the most specific matching range gives `media_type` (0 when none matches)."""
    kind, _, subtype = media_type.partition("/")
    best_specificity = -1
    quality = 0.0
    for range_kind, range_subtype, range_quality in ranges:
        if (range_kind, range_subtype) == (kind, subtype):
            specificity = 2
        elif range_kind == kind and range_subtype == "*":
            specificity = 1
        elif (range_kind, range_subtype) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, quality = specificity, range_quality
        elif specificity == best_specificity:
            quality = max(quality, range_quality)
    return quality
