"""Property: for any workbook a user may fill in, importing it, exporting the graph to the template
(XLSX or CSV) and importing that export gives byte-identical Turtle files.

The workbooks are drawn by hypothesis: sources, organisations, persons with posts, initiatives
and events, participations, with names in any script, formula-like starts (= + - @), notes with
line breaks and quotes, other names in other languages, dates as date cells, text or serial
numbers, and references by ID or by name.

Each workbook is imported against the whole shipped data (and validated with it). What is
exported is the graph of the new files and of the country table they cite: the export and
re-import of all the shipped sources, the same for every workbook, is tested once per format in
test_export.py.
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careersnet_graph.canonical import format_files
from careersnet_graph.loading import load
from careersnet_graph.resources import data_dir
from careersnet_graph.spreadsheets import SPREADSHEET_WRITERS, plan_import, write_plan
from careersnet_graph.spreadsheets.iris import CND

from .files import Cell, write_xlsx

COUNTRY_TABLE = data_dir() / "vocabularies" / "source-eu-country-authority-table.ttl"
"""The shipped file of the countries the drawn rows name, exported with the new files."""
ORGANISATION_TYPES = ["ministry", "association or NGO", "guidance provider", "public employment service"]
TARGET_ORGANISATION_TYPES = ["partnership", "network"]
INITIATIVE_TYPES = ["strategy", "study", "programme", "meeting", "conference", "tool, portal or inventory"]
ROLES = ["member", "partner", "author", "funder", "speaker", "organiser", "partner organiser"]
COUNTRIES = ["Slovenia", "SI", "SVN", "Austria", "DE", "Türkiye", "United Kingdom", "EL"]

_letters = st.characters(categories=("L", "N"), exclude_characters="|")
_text_characters = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="|@")
words = st.text(_letters, min_size=1, max_size=8)
texts = (
    st.text(st.one_of(_text_characters, st.just("\n")), min_size=1, max_size=40).map(str.strip).filter(bool)
)
leads = st.sampled_from(["", "", "=", "+", "-", "@", "'"])
languages = st.sampled_from([None, None, "sl", "de", "pt-BR"])


@st.composite
def dates(draw: st.DrawFn) -> tuple[datetime.date, Cell]:
    """A date and the cell a user may have written it in."""
    day = draw(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2040, 12, 31)))
    form = draw(st.sampled_from(["cell", "iso", "dotted", "serial"]))
    cell: Cell = {
        "cell": day,
        "iso": day.isoformat(),
        "dotted": day.strftime("%d.%m.%Y"),
        "serial": (day - datetime.date(1899, 12, 30)).days,
    }[form]
    return day, cell


@st.composite
def period(draw: st.DrawFn) -> tuple[Cell, Cell]:
    """A start and an end (either may be missing), the start not after the end."""
    first = draw(st.none() | dates())
    second = draw(st.none() | dates())
    if first is not None and second is not None and first[0] > second[0]:
        first, second = second, first
    return (first[1] if first else None), (second[1] if second else None)


@dataclass
class Book:
    """A workbook being drawn: its sheets, and what rows may refer to."""

    sheets: dict[str, list[list[Cell]]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    posts: set[tuple[str, str]] = field(default_factory=set)
    counter: int = 0

    def name(self, draw: st.DrawFn, kind: str) -> str:
        """A name that mints a new IRI: a formula-like start is allowed, a unique word is not optional."""
        self.counter += 1
        return f"{draw(leads)}Zq{kind}{self.counter} {draw(words)}"


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[Cell]]]:
    book = Book()
    book.sheets["Sources"] = [["ID", "Title", "URL", "Issued", "Language", "Note"]]
    for index in range(draw(st.integers(1, 2))):
        key = f"S{index}"
        issued = draw(st.none() | dates())
        row = [
            key,
            book.name(draw, "source"),
            f"https://example.org/zq/{index}",
            issued[1] if issued else None,
        ]
        book.sheets["Sources"].append([*row, draw(languages), draw(st.none() | texts)])
        book.sources.append(key)

    header = ["ID", "Source", "Name", "Type", "Other names", "Country", "Sector", "Topic", "Language", "Note"]
    book.sheets["Organisations"] = [header]
    for index in range(draw(st.integers(1, 3))):
        target = index > 0 and draw(st.booleans())  # the first one takes part in something
        key = f"O{index}"
        other = " | ".join(draw(st.lists(st.tuples(words, languages), max_size=2).map(_other_names)))
        sectors = " | ".join(
            draw(st.lists(st.sampled_from(["education", "employment", "youth"]), unique=True, max_size=2))
        )
        book.sheets["Organisations"].append(
            [
                key,
                draw(st.sampled_from(book.sources)),
                book.name(draw, "org"),
                draw(st.sampled_from(TARGET_ORGANISATION_TYPES if target else ORGANISATION_TYPES)),
                other or None,
                draw(st.none() | st.sampled_from(COUNTRIES)),
                sectors or None,
                draw(st.none() | st.sampled_from(["lifelong guidance", "skills", "adult learning (CVET)"])),
                draw(languages),
                draw(st.none() | texts),
            ]
        )
        (book.targets if target else book.agents).append(key)
        book.organisations.append(key)

    book.sheets["Persons"] = [
        ["ID", "Source", "Name", "Post role", "Post in", "Post title", "Language", "Note"]
    ]
    for index in range(draw(st.integers(0, 2))):
        key = f"P{index}"
        row: list[Cell] = [key, draw(st.sampled_from(book.sources)), book.name(draw, "person")]
        post = (
            draw(st.sampled_from(["chair", "core expert", "head of unit"])),
            draw(st.sampled_from(book.organisations)),
        )
        if draw(st.booleans()) and post not in book.posts:  # one post per role and organisation (its IRI)
            book.posts.add(post)
            row += [*post, draw(st.none() | texts), draw(languages), draw(st.none() | texts)]
        book.sheets["Persons"].append(row)
        book.agents.append(key)

    header = ["ID", "Source", "Name", "Type", "Country", "Topic", "Start", "End", "Issued", "URL", "Note"]
    book.sheets["Initiatives and events"] = [header]
    for index in range(draw(st.integers(1, 2))):
        key = f"I{index}"
        start, end = draw(period())
        issued = draw(st.none() | dates())
        url = draw(st.none() | st.just(f"https://example.org/zq/initiative/{index}"))
        book.sheets["Initiatives and events"].append(
            [
                key,
                draw(st.sampled_from(book.sources)),
                book.name(draw, "initiative"),
                draw(st.sampled_from(INITIATIVE_TYPES)),
                draw(st.none() | st.sampled_from(COUNTRIES)),
                draw(st.none() | st.sampled_from(["skills", "green transition"])),
                start,
                end,
                issued[1] if issued else None,
                url,
                draw(st.none() | texts),
            ]
        )
        book.targets.append(key)

    book.sheets["Participations"] = [
        ["Source", "Who", "Role", "In what", "Formality", "From", "To", "Note", "Language"]
    ]
    links = draw(
        st.lists(
            st.tuples(st.sampled_from(book.agents), st.sampled_from(ROLES), st.sampled_from(book.targets)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    for who, role, what in links:
        start, end = draw(period())
        formality = draw(st.sampled_from(["formal", "informal"]))
        note = draw(st.none() | texts)
        book.sheets["Participations"].append(
            [
                draw(st.sampled_from(book.sources)),
                who,
                role,
                what,
                formality,
                start,
                end,
                note,
                draw(languages),
            ]
        )
    return book.sheets


def _other_names(names: list[tuple[str, str | None]]) -> list[str]:
    unique: dict[str, str | None] = {}
    for text, language in names:
        unique.setdefault(f"Zq {text}", language)
    return [text if language is None else f"{text} @{language}" for text, language in unique.items()]


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(workbooks())
def test_import_export_import_gives_the_same_turtle(sheets: dict[str, list[list[Cell]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        first = root / "first"
        plan = plan_import([write_xlsx(root / "book.xlsx", sheets)], first)
        assert plan.conforms, [str(problem) for problem in plan.problems]
        written = write_plan(plan)
        assert written and format_files(written, check=True).changed == []

        graph = load([first, COUNTRY_TABLE], shipped=False)
        for format_name in ("xlsx", "csv"):  # both for every workbook: a drawn format was mostly xlsx
            exported = SPREADSHEET_WRITERS[format_name].write(graph, root / f"export.{format_name}")
            second = root / f"second-{format_name}"
            again = plan_import([exported], second)
            assert again.conforms, [str(problem) for problem in again.problems]
            write_plan(again)
            assert {path.name: path.read_bytes() for path in second.glob("*.ttl")} == {
                path.name: path.read_bytes() for path in first.glob("*.ttl")
            }, format_name
            # the country table is a shipped source: repeated, and not written again
            assert again.unchanged_sources == [f"{CND}{COUNTRY_TABLE.stem}"]
