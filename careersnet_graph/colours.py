"""One colour scheme for actor types, initiative types, sectors and countries: every page and the report.

A category's colour depends on its name only, never on what else a page shows, so a ministry
or the education sector has the same colour on every page and in every chart. Known categories
(the ontology's class labels, the sector vocabulary, EU-level bodies) have fixed colours; any
other name gets a palette colour chosen by a stable hash of the name (deterministic across runs
and machines, unlike Python's `hash`).
"""

from __future__ import annotations

import hashlib

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#393b79",
    "#637939",
    "#843c39",
    "#7b4173",
    "#8c6d31",
    "#5254a3",
    "#ad494a",
    "#a55194",
    "#e7ba52",
    "#6b6ecf",
    "#d6616b",
)
"""Colours of categories without a fixed colour (and of communities, which differ by page)."""

UNKNOWN_COLOUR = "#b0b0b0"
"""Colour of "no sector", "untyped", "no country" and other absences."""

EU_LEVEL = "EU-level"
"""The group of EU bodies (and their units) on the countries page and in the report."""

TYPE_COLOURS: dict[str, str] = {
    # actors
    "ministry": "#ff7f0e",
    "public authority": "#1f77b4",
    "public employment service": "#8c564b",
    "guidance provider": "#2ca02c",
    "research or education body": "#9467bd",
    "association or NGO": "#d62728",
    "partnership": "#e377c2",
    "network": "#17becf",
    "organisational unit": "#7f9fbf",
    "organisation": "#bcbd22",
    "formal organisation": "#a6a63a",
    "organisational collaboration": "#f2a3d6",
    "international organisation": "#393b79",
    "EU agency": "#003399",
    "EU institution": "#3366cc",
    "EU agency or institution": "#003399",
    "person": "#6b4c9a",
    "unnamed group of persons": "#b39ddb",
    "country": "#4e79a7",
    EU_LEVEL: "#003399",
    # initiatives and events
    "programme": "#e7ba52",
    "policy instrument": "#8c6d31",
    "tool, portal or inventory": "#637939",
    "strategy": "#ad494a",
    "study": "#5254a3",
    "agreement": "#d6616b",
    "action plan": "#a55194",
    "policy announcement": "#843c39",
    "initiative": "#c7a76c",
    "meeting": "#31a354",
    "conference": "#756bb1",
    "event": "#74c476",
}
"""Fixed colours of the ontology's class labels (and the fallback labels of ORG, FOAF, schema.org)."""

SECTOR_COLOURS: dict[str, str] = {
    "economy": "#8c564b",
    "education": "#1f77b4",
    "employment": "#ff7f0e",
    "health": "#2ca02c",
    "regional development": "#bcbd22",
    "research": "#9467bd",
    "social affairs": "#d62728",
    "youth": "#17becf",
    "several sectors": "#393b79",
    "no sector": UNKNOWN_COLOUR,
}
"""Fixed colours of the sector vocabulary and of the two groupings the pages add."""

_ABSENT = frozenset({"", "untyped", "no sector", "no country", "no community", "other"})


def hashed_colour(name: str) -> str:
    """A palette colour chosen by a stable hash of `name`."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def type_colour(label: str) -> str:
    """The colour of an actor or initiative type, by its label."""
    if label in _ABSENT:
        return UNKNOWN_COLOUR
    return TYPE_COLOURS.get(label) or hashed_colour(label)


def sector_colour(label: str) -> str:
    """The colour of a sector (or of "no sector", "several sectors")."""
    if label in _ABSENT:
        return UNKNOWN_COLOUR
    return SECTOR_COLOURS.get(label) or hashed_colour(label)


def country_colour(label: str) -> str:
    """The colour of a country (by its name) or of the EU level."""
    if label == EU_LEVEL:
        return TYPE_COLOURS["EU agency"]
    if label in _ABSENT:
        return UNKNOWN_COLOUR
    return hashed_colour(label)


def community_colour(index: int) -> str:
    """The colour of the community numbered `index` (0 for the largest) on one page."""
    return PALETTE[index % len(PALETTE)]
