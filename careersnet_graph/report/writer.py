"""Render the cooperation report as `report.html` and `report.md`, atomically and deterministically."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from careersnet_graph import __version__
from careersnet_graph.analysis.names import METRIC_MEANINGS
from careersnet_graph.atomic import atomic_write_text
from careersnet_graph.context import BuildContext
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.report.charts import data_uri, matrix_chart, ranking_chart
from careersnet_graph.report.findings import Findings, collect_findings

_TEMPLATES = Path(__file__).parent / "templates"
_MARKDOWN_SPECIAL = "\\`*_[]<>#|"


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


def _charts(findings: Findings) -> dict[str, str]:
    charts = {
        f"ranking-{ranking.metric}": data_uri(ranking_chart(ranking))
        for ranking in findings.rankings
        if ranking.rows
    }
    if findings.sector_cells:
        charts["sectors"] = data_uri(matrix_chart(findings.sector_cells, "Ties between sectors"))
    if findings.country_cells:
        charts["countries"] = data_uri(matrix_chart(findings.country_cells, "Ties between countries"))
    return charts


def render_report(findings: Findings) -> tuple[str, str]:
    """The report as (HTML, Markdown)."""
    numbers = {address: index for index, address in enumerate(findings.all_sources, start=1)}
    context = {"findings": findings, "meanings": METRIC_MEANINGS, "numbers": numbers, "version": __version__}
    html = (
        _environment(markdown=False)
        .get_template("report.html.j2")
        .render(charts=_charts(findings), **context)
    )
    markdown = _environment(markdown=True).get_template("report.md.j2").render(**context)
    return html, markdown


def write_report(kg: KnowledgeGraph | BuildContext, out_dir: Path) -> list[Path]:
    """Analyse the knowledge graph (or read the build's context) and write `report.html` and
    `report.md` into `out_dir`."""
    html, markdown = render_report(collect_findings(kg))
    return [
        atomic_write_text(out_dir / "report.html", html),
        atomic_write_text(out_dir / "report.md", markdown),
    ]
