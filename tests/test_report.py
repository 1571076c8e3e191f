"""The cooperation report: content traced to actors and sources, escaping, determinism, atomicity."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from careersnet_graph import __version__
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND
from careersnet_graph.report import write_report
from careersnet_graph.report.findings import collect_findings
from careersnet_graph.report.writer import (
    CITATIONS_PER_CELL,
    NETWORK_PAGES,
    markdown_text,
    number,
    render_report,
)

FIXTURES = Path(__file__).parent / "analysis"
PROJECTION = FIXTURES / "projection"
HOSTILE = FIXTURES / "hostile"
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def fixture_graph() -> KnowledgeGraph:
    assert sorted(PROJECTION.glob("*.ttl")) and sorted(HOSTILE.glob("*.ttl"))
    return load([PROJECTION, HOSTILE], shipped=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    out = tmp_path_factory.mktemp("report")
    paths = write_report(fixture_graph(), out)
    assert paths == [out / "report.html", out / "report.md"]
    return paths[0].read_text(encoding="utf-8"), paths[1].read_text(encoding="utf-8"), out


class _Tags(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_report_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first = write_report(fixture_graph(), tmp_path / "one")
    second = write_report(fixture_graph(), tmp_path / "two")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_no_temporary_file_is_left(written: tuple[str, str, Path]) -> None:
    assert sorted(p.name for p in written[2].iterdir()) == ["report.html", "report.md"]


def test_html_loads_nothing_and_runs_nothing(written: tuple[str, str, Path]) -> None:
    html = written[0]
    parser = _Tags()
    parser.feed(html)
    names = [tag for tag, _ in parser.tags]
    assert "script" not in names
    images = [attrs for tag, attrs in parser.tags if tag == "img"]
    assert images, "the report has charts"
    assert all((attrs["src"] or "").startswith("data:image/svg+xml;base64,") for attrs in images)
    links = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a"]
    pages = {file for file, _, _ in NETWORK_PAGES}
    assert pages <= set(links), "the report links to every network page"
    assert all(link.startswith(("https://", "http://")) for link in links if link not in pages)
    assert "<link" not in html


def test_html_escapes_hostile_labels_and_addresses(written: tuple[str, str, Path]) -> None:
    html = written[0]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


def test_markdown_keeps_hostile_labels_inside_their_cell(written: tuple[str, str, Path]) -> None:
    markdown = written[1]
    assert "\\<script\\>" in markdown
    assert "](<javascript:" not in markdown
    assert "\\| \\*Evil\\* \\[x\\](y)" in markdown
    lines = markdown.splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith("| ") and "Evil" in line]
    assert rows
    for index in rows:
        separator = max(i for i in range(index) if lines[i].startswith("|-"))
        header_line = lines[separator - 1]
        assert len(UNESCAPED_PIPE.split(lines[index])) == len(UNESCAPED_PIPE.split(header_line))


def test_findings_link_actors_and_sources(written: tuple[str, str, Path]) -> None:
    html, markdown, _ = written
    beta = CND["org-beta-ministry"].value
    assert f'<a href="{beta}">Beta Ministry</a>' in html
    assert 'href="https://example.org/alpha"' in html
    assert f"[Beta Ministry](<{beta}>)" in markdown
    assert "(<https://example.org/beta>)" in markdown


def test_findings_by_hand() -> None:
    findings = collect_findings(fixture_graph())
    # Beta takes part in Meeting One, Plan One and the Forum: tied to Alpha, Delta, Gamma, Hostile.
    degree = findings.rankings[0]
    assert degree.metric == "degree"
    assert degree.rows[0].actor.label == "Beta Ministry"
    assert degree.rows[0].value == 1.0
    figures = {name: value for name, value, _ in findings.figures}
    assert figures["ties between organisations"] == 7
    assert figures["sources"] == 3
    # Only Meeting One gives a count, and only of countries.
    [fact] = findings.counted_facts
    assert (fact.event.label, fact.participants, fact.countries) == ("Meeting One", None, 12)
    education_employment = findings.sectors.pair("education", "employment")
    # Education: Alpha, Beta, Delta; employment: Gamma; only Beta-Gamma is tied (in the Forum).
    assert (education_employment.ties, education_employment.possible) == (1, 3)
    assert education_employment.sources == ["https://example.org/beta"]


def test_a_cell_cites_at_most_its_cap_and_counts_the_rest() -> None:
    findings = collect_findings(load())
    html, markdown = render_report(findings, citations_per_cell=1)
    rows = [
        row
        for ranking in findings.rankings
        for row in ranking.rows
        if len(row.actor.sources) + len(row.actor.inferred_sources) > 1
    ]
    assert rows
    for row in rows:
        cited = row.actor.sources + row.actor.inferred_sources
        line = next(
            line
            for line in markdown.splitlines()
            if line.startswith(f"| {row.rank} | [") and f"(<{row.actor.iri}>)" in line
        )
        cell = line.rsplit("|", 2)[-2]
        assert cell.count("](<") == 1, cell
        assert cell.strip().endswith(f"and {len(cited) - 1} more"), cell
        assert f"(<{cited[0]}>)" in cell
    assert f'<span class="more">and {len(cited) - 1} more</span>' in html
    assert "cell cites at most 1 sources" in " ".join(markdown.split())


def test_the_default_cap_leaves_short_cells_whole(written: tuple[str, str, Path]) -> None:
    html, markdown, _ = written
    findings = collect_findings(fixture_graph())
    actors = [row.actor for ranking in findings.rankings for row in ranking.rows]
    assert max(len(actor.sources) + len(actor.inferred_sources) for actor in actors) <= CITATIONS_PER_CELL
    assert " more</span>" not in html
    assert f"cites at most {CITATIONS_PER_CELL} sources" in " ".join(markdown.split())


def test_report_explains_metrics_and_limits(written: tuple[str, str, Path]) -> None:
    html, markdown, _ = written
    for text in (html, markdown):
        assert "Limits of the data" in text
        assert "count only" in text
        assert "Burt" in text
        assert "Share of shortest paths between other actors" in text
        assert "How to cite" in text
        assert f"careersnet-graph {__version__}" in text
        assert "CC BY 4.0" in text


def test_report_on_empty_data(tmp_path: Path) -> None:
    paths = write_report(load([], shipped=False), tmp_path)
    html = paths[0].read_text(encoding="utf-8")
    assert "No organisation shares a target with another yet." in html
    assert "<img" not in html


def test_helpers() -> None:
    assert markdown_text("a|b *c*\nd") == "a\\|b \\*c\\* d"
    assert number(None) == "\u2013"
    assert number(2.0) == "2"
    assert number(0.6666666) == "0.667"
    assert number(3) == "3"
