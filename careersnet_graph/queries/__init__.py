"""The library of competency questions: SPARQL `.rq` files shipped inside this package.

Each file starts with a header comment that names its purpose, its parameters and its columns::

    # Purpose: Organisations by country, with their type.
    # Parameters:
    #   ?country (optional) a country, e.g. country:SVN
    # Columns: country, actor, actorLabel, type

Parameters are SPARQL variables bound at run time (a VALUES block), never formatted in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from careersnet_graph.errors import CareersnetError

QUERY_DIR = Path(__file__).resolve().parent
"""The folder holding the shipped `.rq` files."""

QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""What a library query name looks like; anything else is taken as SPARQL text."""

_PARAMETER_LINE = re.compile(
    r"^\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+\((?P<kind>required|optional)\)\s+(?P<text>.+)$"
)


@dataclass(frozen=True)
class Parameter:
    """A variable of a named query that the caller may (or must) bind."""

    name: str
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """One competency question: its SPARQL text and what its header says about it."""

    name: str
    purpose: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    text: str
    path: Path

    def parameter_names(self) -> list[str]:
        """The names of the declared parameters, in header order."""
        return [parameter.name for parameter in self.parameters]


class UnknownQueryError(CareersnetError):
    """A query name that is not in the shipped library."""


def parse_header(path: Path, text: str) -> NamedQuery:
    """Read the header comment of a `.rq` file; raise `CareersnetError` if it is incomplete."""
    purpose = ""
    columns: tuple[str, ...] = ()
    parameters: list[Parameter] = []
    section = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        content = line[1:].strip()
        key, _, value = content.partition(":")
        if key in ("Purpose", "Parameters", "Columns"):
            section = key
            value = value.strip()
            if key == "Purpose":
                purpose = value
            elif key == "Columns":
                columns = tuple(column.strip() for column in value.split(",") if column.strip())
            elif value and value != "none":
                raise CareersnetError(f"{path}: list parameters on their own lines after 'Parameters:'")
        elif section == "Parameters" and content:
            match = _PARAMETER_LINE.match(content)
            if match is None:
                raise CareersnetError(
                    f"{path}: bad parameter line {content!r}: use '?name (required|optional) text'"
                )
            parameters.append(Parameter(match["name"], match["kind"] == "required", match["text"].strip()))
    if not purpose or not columns:
        raise CareersnetError(f"{path}: the header comment needs 'Purpose:' and 'Columns:' lines")
    return NamedQuery(path.stem, purpose, tuple(parameters), columns, text, path)


@cache
def library() -> dict[str, NamedQuery]:
    """Every shipped named query, by name (the file name without `.rq`), sorted by name."""
    queries = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        queries[path.stem] = parse_header(path, path.read_text(encoding="utf-8"))
    return queries


def get_query(name: str) -> NamedQuery:
    """The named query `name`, or `UnknownQueryError` listing the known names."""
    queries = library()
    if name not in queries:
        known = ", ".join(queries)
        raise UnknownQueryError(f"unknown query {name!r}; known queries: {known}")
    return queries[name]


def is_library_text(text: str) -> bool:
    """True when `text` is the text of a library query as shipped (line endings aside)."""
    wanted = text.replace("\r\n", "\n").strip()
    return any(query.text.replace("\r\n", "\n").strip() == wanted for query in library().values())


@dataclass(frozen=True)
class QueryText:
    """A query to run: its text, the library entry or header it has (if any), and its name in messages."""

    text: str
    named: NamedQuery | None
    label: str


def resolve(name_or_sparql: str, source: str | None = None) -> QueryText:
    """A library query by name, or SPARQL text (from `source`, a file name, if given).

    SPARQL text that starts with a `# Purpose:` header declares its parameters like a library query.
    """
    if QUERY_NAME.match(name_or_sparql.strip()) and source is None:
        named = get_query(name_or_sparql.strip())
        return QueryText(named.text, named, f"query {named.name!r}")
    label = source or "query"
    header = (
        parse_header(Path(label), name_or_sparql)
        if name_or_sparql.lstrip().startswith("# Purpose:")
        else None
    )
    return QueryText(name_or_sparql, header, label)


__all__ = [
    "QUERY_DIR",
    "QUERY_NAME",
    "NamedQuery",
    "Parameter",
    "QueryText",
    "UnknownQueryError",
    "get_query",
    "is_library_text",
    "library",
    "parse_header",
    "resolve",
]
