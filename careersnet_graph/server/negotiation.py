"""Content negotiation: which result format answers an Accept header for a kind of query."""

from __future__ import annotations

TABLE_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
"""Media types a SELECT or ASK answer can be written in."""

GRAPH_MEDIA: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
"""Media types a CONSTRUCT or DESCRIBE answer can be written in."""


def choose_format(accept: str | None, returns_graph: bool, requested: str | None = None) -> str | None:
    """The format to answer in, or None when nothing acceptable can be produced (406).

    `requested` is a `format=` request parameter (json, xml, csv, tsv, turtle, ntriples, jsonld);
    a value that does not fit the kind of query is ignored in favour of the Accept header.
    """
    media = GRAPH_MEDIA if returns_graph else TABLE_MEDIA
    if requested in media.values():
        return requested
    default = "turtle" if returns_graph else "json"
    if not accept or not accept.strip():
        return default
    for media_type in _by_preference(accept):
        if media_type in ("*/*", "application/*" if not returns_graph else "text/*"):
            return default
        if media_type in media:
            return media[media_type]
    return None


def _by_preference(accept: str) -> list[str]:
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        media_type, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and media_type:
            ranked.append((-quality, position, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]
