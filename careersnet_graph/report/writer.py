"""Render the cooperation report as `report.html` and `report.md`, atomically and deterministically."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from careersnet_graph import __version__
from careersnet_graph.analysis.names import METRIC_MEANINGS
from careersnet_graph.atomic import atomic_write_text
from careersnet_graph.context import BuildContext, as_context
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.helper_process import Deferred, HelperProcess, deferred
from careersnet_graph.report.drawing import ChartInputs, draw_charts
from careersnet_graph.report.evolution import THIN, Evolution, evolution_of
from careersnet_graph.report.findings import Findings, collect_findings
from careersnet_graph.suggest import Suggestion, cap_note, shared_partner_cap, suggest

_TEMPLATES = Path(__file__).parent / "templates"

NETWORK_PAGES = (
    (
        "network-organisations.html",
        "organisations",
        "who takes part with whom (the network this report analyses)",
    ),
    ("network-countries.html", "countries", "each country's ties from its own actors, EU bodies as EU-level"),
    ("network-bipartite.html", "actors and initiatives", "who takes part in which initiative or event"),
    ("network-persons.html", "persons", "persons and the organisations they hold posts in or take part in"),
)
"""The pages `careersnet build` writes beside the report: file, name, what it shows."""
_MARKDOWN_SPECIAL = "\\`*_[]<>#|"
SUGGESTIONS = 10
"""How many suggested partnerships the report lists."""
CITATIONS_PER_CELL = 10
"""How many sources one cell of the report cites before it says how many more there are: a tie
between two large countries can rest on thousands (the report of a 1M-statement graph was 62 MB of
HTML and 27 MB of Markdown, 21 MB of it the table of country pairs, mostly citations; 4.4 MB and
2.4 MB with the cap); the network files list every source of each node and tie."""


def linkable(address: str) -> bool:
    """Whether an address may become a link: only http(s), never javascript: or data:."""
    return address.startswith(("https://", "http://"))


def markdown_text(value: object) -> str:
    """A value as Markdown text: special characters escaped, no line breaks (safe in a table cell)."""
    text = " ".join(str(value).split())
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)


def number(value: object) -> str:
    """A metric value for display: integers as they are, floats with up to 3 decimals, None as an en dash."""
    if value is None:
        return "\u2013"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def _environment(markdown: bool) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=False if markdown else select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["md"] = markdown_text
    environment.filters["number"] = number
    environment.tests["linkable"] = linkable
    return environment


@dataclass(frozen=True)
class ReportInputs:
    """What one report shows, gathered from a build's context, and its charts (being) drawn."""

    findings: Findings
    evolution: Evolution | None
    suggestions: list[Suggestion]
    suggestion_note: str | None
    charts: Deferred[dict[str, str]]


def begin_report(context: BuildContext, helper: HelperProcess | None = None) -> ReportInputs:
    """Gather what the report of `context` shows and start drawing its charts (by `helper`, else
    here when the report is written), once per context: `write_report` takes them up."""
    return context.begun("report", lambda: _gather(context, helper))


def _gather(context: BuildContext, helper: HelperProcess | None) -> ReportInputs:
    organisations = context.projection("organisations")
    findings = collect_findings(context)
    evolution = evolution_of(context.kg)
    inputs = ChartInputs.of(findings, evolution)
    charts = deferred(helper, draw_charts, inputs)
    suggestions = suggest(context.kg, top=SUGGESTIONS, graph=organisations)
    return ReportInputs(findings, evolution, suggestions, cap_note(shared_partner_cap(organisations)), charts)


def render_report(
    findings: Findings,
    evolution: Evolution | None = None,
    suggestions: Sequence[Suggestion] = (),
    suggestion_note: str | None = None,
    citations_per_cell: int = CITATIONS_PER_CELL,
    *,
    charts: dict[str, str] | None = None,
) -> tuple[str, str]:
    """The report as (HTML, Markdown); with `evolution` and `suggestions`, their sections too
    (`suggestion_note` says where the suggestions were bounded for size). A cell cites at most
    `citations_per_cell` sources, then says how many more it has. `charts` are drawn here unless
    given (`drawing.draw_charts`)."""
    numbers = {address: index for index, address in enumerate(findings.all_sources, start=1)}
    context = {
        "findings": findings,
        "meanings": METRIC_MEANINGS,
        "numbers": numbers,
        "version": __version__,
        "evolution": evolution,
        "suggestions": list(suggestions),
        "suggestion_note": suggestion_note,
        "thin": THIN,
        "pages": NETWORK_PAGES,
        "cited_at_most": citations_per_cell,
    }
    if charts is None:
        charts = draw_charts(ChartInputs.of(findings, evolution))
    html = _environment(markdown=False).get_template("report.html.j2").render(charts=charts, **context)
    markdown = _environment(markdown=True).get_template("report.md.j2").render(**context)
    return html, markdown


def write_report(source: KnowledgeGraph | BuildContext, out_dir: Path) -> list[Path]:
    """Analyse the knowledge graph (or read the build's context) and write `report.html` and
    `report.md` into `out_dir` (its charts drawn here if the second process has not begun on
    them)."""
    inputs = begin_report(as_context(source))  # begun already by a build, or drawn here
    html, markdown = render_report(
        inputs.findings,
        inputs.evolution,
        inputs.suggestions,
        inputs.suggestion_note,
        charts=inputs.charts.take(),
    )
    return [
        atomic_write_text(out_dir / "report.html", html),
        atomic_write_text(out_dir / "report.md", markdown),
    ]
