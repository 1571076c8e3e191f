"""`careersnet import`: spreadsheets → one canonical Turtle file per source, validated first.

The steps, each of which stops with every problem it found (nothing is written on a problem):

1. read the files (workbooks, CSV files, folders of CSV files) and recognise their sheets: the
   template's, or a Kumu workbook's Elements and Connections;
2. load the graph the new files join: the shipped data, `--data`, and the files already in the
   output folder except those this import replaces;
3. map the rows to statements per source, resolving references and controlled values;
4. refuse statements added to a source that already has its own file elsewhere;
5. write the new files to a temporary folder, load them with that graph and validate it all
   against the shapes; violations are reported at the rows and columns they come from.

`plan_import` does all of this and returns an `ImportPlan`; `write_plan` then writes its files
atomically. A dry run is `plan_import` alone.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from careersnet_graph.atomic import atomic_write_text
from careersnet_graph.canonical import graph_turtle
from careersnet_graph.errors import OutputError
from careersnet_graph.loading import load
from careersnet_graph.resources import data_dir
from careersnet_graph.slugs import slugify
from careersnet_graph.spreadsheets import kumu
from careersnet_graph.spreadsheets.columns import (
    REQUIRED_COLUMNS,
    SHEETS,
    SKIPPED_SHEETS,
    SOURCES,
    SheetSpec,
    sheet_for,
)
from careersnet_graph.spreadsheets.context import GraphContext, Triple, read_context
from careersnet_graph.spreadsheets.errors import Location, Problem, Problems, SpreadsheetError
from careersnet_graph.spreadsheets.iris import CND, PREFIXES, expand_curie
from careersnet_graph.spreadsheets.mapping import (
    DefaultSource,
    Mapped,
    SourceGraph,
    WorkbookMapper,
    source_iri,
)
from careersnet_graph.spreadsheets.readers import display_path, read_inputs
from careersnet_graph.spreadsheets.sheets import RawSheet, Record, Table, read_table
from careersnet_graph.spreadsheets.vocabularies import curie
from careersnet_graph.validate import ValidationReport, ValidationResult, validate

DEFAULT_OUT = Path("data") / "imported"

RDF_SUFFIXES = (".ttl", ".trig", ".nt", ".nq", ".jsonld")
"""The suffixes of the files the loader reads (`parsing.FORMATS`), for listing the shipped data."""

KNOWN_HEADERS = frozenset(
    {column.name for sheet in SHEETS for column in sheet.columns} | set(kumu.KNOWN_HEADERS)
)


@dataclass(frozen=True)
class PlannedFile:
    """One source's Turtle file, as the import would write it."""

    path: Path
    source: str
    text: str
    status: str
    """"new", "changed" or "unchanged" compared with the file already at `path`."""
    statements: int
    added: int
    removed: int
    entries: dict[str, int]
    """Sheet name → number of entries (organisations, persons, ...) the source's rows state."""


@dataclass(frozen=True)
class ImportPlan:
    """What an import would write, and whether the result conforms to the shapes."""

    files: list[PlannedFile]
    unchanged_sources: list[str] = field(default_factory=list)
    """Sources of the graph named by the workbook whose statements are all in the graph already."""
    notes: list[str] = field(default_factory=list)
    report: ValidationReport | None = None
    """The validation of the graph with the new files; None when no file would change."""
    problems: list[Problem] = field(default_factory=list)
    """Violations of the shapes, at the cells they come from."""
    in_shipped_data: bool = False
    """The output folder lies in the shipped data folder (a source checkout's data/): its files
    are read with the shipped data by every command, without --data."""

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.conforms


def plan_import(
    paths: Sequence[Path],
    out_dir: Path = DEFAULT_OUT,
    *,
    source: tuple[str, str] | None = None,
    data: Sequence[Path] = (),
    encoding: str | None = None,
    kumu_mapping: Path | None = None,
) -> ImportPlan:
    """Read, map and validate `paths`; raise `SpreadsheetError` for problems in them.

    `source` is (URL, title) of the one source of rows that name none; `data` are more RDF files
    or folders to resolve references against and validate with; `kumu_mapping` replaces the
    shipped mapping of Kumu types (kumu-mapping.toml).
    """
    sheets = read_inputs(paths, KNOWN_HEADERS, encoding)
    notes = [sheet.note for sheet in sheets if sheet.note]
    problems = Problems()
    records, kumu_tables = _recognise(sheets, problems, source is not None)
    problems.raise_if_any()
    mapping = kumu.read_mapping(kumu_mapping)
    kumu_book = kumu.KumuWorkbook(kumu_tables, mapping, problems) if kumu_tables else None
    if kumu_book is not None:
        records.setdefault(SOURCES.name, []).extend(kumu_book.source_records())
    problems.raise_if_any()
    if not any(records.values()) and kumu_book is None:
        listed = ", ".join(display_path(path) for path in paths)
        raise SpreadsheetError([Problem(Location(listed), "nothing to import: no sheet has a filled-in row")])

    default = DefaultSource(*source) if source is not None else None
    context_paths, shipped = _context_paths(out_dir, _own_file_names(records, default), data)
    context = read_context(load(context_paths, shipped=shipped))
    if kumu_book is not None:
        for sheet, converted in kumu_book.records(context).items():
            records.setdefault(sheet, []).extend(converted)
        notes.extend(kumu_book.notes)
    problems.raise_if_any()

    mapped = WorkbookMapper(records, context, default, problems).map()
    problems.raise_if_any()
    to_write, unchanged = _split_existing(mapped, context, problems)
    problems.raise_if_any()

    files = [_planned(out_dir, graph) for graph in to_write]
    if all(file.status == "unchanged" for file in files):
        # nothing would change: the graph is the one already loaded, and validated when it was written
        return ImportPlan(files, unchanged, notes, None, [], in_shipped_data=not shipped)
    report, violations = _validate(files, context, context_paths, shipped, mapped)
    return ImportPlan(files, unchanged, notes, report, violations, in_shipped_data=not shipped)


def write_plan(plan: ImportPlan) -> list[Path]:
    """Write the plan's new and changed files atomically; the paths written (unchanged ones skipped)."""
    if not plan.conforms:
        raise OutputError(
            plan.files[0].path.parent if plan.files else ".", "the import does not conform to the shapes"
        )
    return [atomic_write_text(file.path, file.text) for file in plan.files if file.status != "unchanged"]


# -- sheets ---------------------------------------------------------------------------------


def _recognise(
    sheets: list[RawSheet], problems: Problems, has_default_source: bool
) -> tuple[dict[str, list[Record]], dict[str, list[Table]]]:
    """Template sheets → their records; Kumu sheets → their tables; README, Lists and (ignore) skipped."""
    records: dict[str, list[Record]] = {}
    kumu_tables: dict[str, list[Table]] = {}
    for sheet in sheets:
        if "(ignore)" in sheet.name.casefold() or slugify(sheet.name) in SKIPPED_SHEETS:
            continue
        spec = sheet_for(sheet.name)
        kumu_kind = kumu.sheet_kind(sheet.name)
        if spec is None and kumu_kind is None:
            problems.add(sheet.location(), _unknown_sheet(sheet))
            continue
        table = read_table(sheet, problems)
        if table is None:
            continue
        if kumu_kind is not None:
            kumu_tables.setdefault(kumu_kind, []).append(table)
            continue
        assert spec is not None
        _check_headers(spec, table, problems, has_default_source)
        records.setdefault(spec.name, []).extend(table.records)
    return records, kumu_tables


def _unknown_sheet(sheet: RawSheet) -> str:
    if sheet.is_csv:
        expected = ", ".join(spec.file_name for spec in SHEETS)
        return (
            f"the file name {Path(sheet.file).name!r} names no sheet of the template: name CSV files "
            f"{expected} (or elements.csv and connections.csv for Kumu)"
        )
    expected = ", ".join(spec.name for spec in SHEETS)
    return (
        f"the sheet {sheet.name!r} is no sheet of the template ({expected}) nor of a Kumu workbook "
        "(Elements, Connections): rename it, or add (ignore) to its name to skip it"
    )


def _check_headers(spec: SheetSpec, table: Table, problems: Problems, has_default_source: bool) -> None:
    known = {column.key for column in spec.columns}
    for key, (column, written) in table.headers.items():
        if key not in known:
            closest = difflib.get_close_matches(written, spec.names(), n=1, cutoff=0.6)
            hint = f"; did you mean {closest[0]!r}?" if closest else ""
            problems.add(
                table.header_location.at_column(column, written),
                f"unknown column {written!r} on {spec.name}{hint} (columns: {', '.join(spec.names())})",
            )
    required = list(REQUIRED_COLUMNS[spec.name])
    if spec is not SOURCES and not has_default_source:
        required.insert(0, "Source")
    for name in required:
        if name.casefold() not in table.headers and not (name == "Name" and "id" in table.headers):
            problems.add(
                table.header_location,
                f"missing required column {name!r} on {spec.name} (columns: {', '.join(spec.names())})"
                + ("; or give --source URL --title TEXT for the whole workbook" if name == "Source" else ""),
            )


# -- files ----------------------------------------------------------------------------------


def _own_file_names(records: dict[str, list[Record]], default: DefaultSource | None) -> set[str]:
    """The file names of the sources this import declares (their old versions are replaced)."""
    quiet = Problems()
    iris = {source_iri(record, quiet) for record in records.get(SOURCES.name, [])}
    if default is not None:
        iris.add(default.iri)
    return {f"{iri[len(str(CND)) :]}.ttl" for iri in iris if iri is not None}


def _context_paths(out_dir: Path, own: set[str], data: Sequence[Path]) -> tuple[list[Path], bool]:
    """What the new files join: the shipped data, `data`, and the files of the output folder that
    this import does not replace; and whether `load` is to add the shipped data itself.

    In a source checkout the default output folder, data/imported/, lies in the shipped data
    folder: the shipped files are then listed one by one, without the ones being replaced.
    """
    out = out_dir.resolve()
    extra = [path for path in data if not _within(path.resolve(), out)]
    shipped_dir = data_dir().resolve()
    if _within(out, shipped_dir):
        shipped = sorted(
            p for p in shipped_dir.rglob("*") if p.is_file() and p.suffix.lower() in RDF_SUFFIXES
        )
        return [p for p in shipped if not (p.parent == out and p.name in own)] + extra, False
    return [*extra, *_other_files(out_dir, own)], True


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _other_files(out_dir: Path, own: set[str]) -> list[Path]:
    """Files already in the output folder that this import does not replace."""
    if not out_dir.is_dir():
        return []
    return sorted(path for path in out_dir.glob("*.ttl") if path.is_file() and path.name not in own)


def _split_existing(
    mapped: Mapped, context: GraphContext, problems: Problems
) -> tuple[list[SourceGraph], list[str]]:
    """Sources to write, and sources of the graph the workbook repeats without adding anything.

    A source that is already in the graph keeps its own file: a workbook may repeat its
    statements (an export does) but not add to them.
    """
    to_write: list[SourceGraph] = []
    unchanged: list[str] = []
    for iri, graph in sorted(mapped.sources.items()):
        if iri not in context.sources:
            to_write.append(graph)
            continue
        missing = context.missing(graph.triples)
        if not missing:
            unchanged.append(iri)
            continue
        for triple in missing[:5]:
            for location in mapped.locations(str(triple[0]), str(triple[1]))[:1]:
                problems.add(
                    location,
                    f"the source {curie(iri)} is already in the graph with its own file, and this row adds "
                    f"to it ({_statement_text(triple)}): add a new row to the Sources sheet for the "
                    "document that states this, and cite that one",
                )
    return to_write, unchanged


def _statement_text(triple: Triple) -> str:
    return " ".join(curie(str(term)) if isinstance(term, URIRef) else repr(str(term)) for term in triple)


def _planned(out_dir: Path, graph: SourceGraph) -> PlannedFile:
    text = turtle(graph.triples)
    path = out_dir / graph.file_name
    old: set[Triple] = set()
    status = "new"
    if path.is_file():
        previous = path.read_text(encoding="utf-8")
        status = "unchanged" if previous == text else "changed"
        if status == "changed":
            old = {(s, p, o) for s, p, o in Graph().parse(data=previous, format="turtle")}
    added = len(graph.triples - old) if status != "unchanged" else 0
    removed = len(old - graph.triples) if status == "changed" else 0
    entries = {sheet: len(iris) for sheet, iris in sorted(graph.entries.items())}
    return PlannedFile(path, graph.iri, text, status, len(graph.triples), added, removed, entries)


def turtle(triples: set[Triple]) -> str:
    """Canonical Turtle of `triples` with the project's prefixes (as `careersnet format` writes it)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph_turtle(graph)


# -- validation -----------------------------------------------------------------------------


def _validate(
    files: list[PlannedFile], context: GraphContext, context_paths: list[Path], shipped: bool, mapped: Mapped
) -> tuple[ValidationReport, list[Problem]]:
    """Validate the new files together with the graph they join; violations at their cells.

    The staged files are added to the store of the context, whose other files are loaded already
    (and, unchanged, are not read again)."""
    with tempfile.TemporaryDirectory(prefix="careersnet-import-") as folder:
        staged = []
        for file in files:
            path = Path(folder) / file.path.name
            path.write_text(file.text, encoding="utf-8")
            staged.append(path)
        report = validate(load([*context_paths, *staged], shipped=shipped, store=context.kg.store))
    problems: list[Problem] = []
    for result in report.results:
        locations = mapped.locations(result.focus, _path_iri(result))
        message = _result_message(result)
        if not locations:
            problems.append(Problem(Location(", ".join(result.files) or "graph"), message))
        for location in locations[:3]:
            problem = Problem(location, message)
            if problem not in problems:
                problems.append(problem)
    return report, problems


def _path_iri(result: ValidationResult) -> str | None:
    if result.path is None:
        return None
    if result.path.startswith("<") and result.path.endswith(">"):
        return result.path[1:-1]
    return expand_curie(result.path)


def _result_message(result: ValidationResult) -> str:
    value = f" (value {result.value})" if result.value is not None else ""
    return f"{result.focus_label} ({result.focus_curie}): {result.message}{value} [{result.source_shape}]"
