"""`careersnet diff` on two tiny fictional releases, worked out by hand.

The old release is tests/analysis/time/. The new one renames C Service, moves D Association to
Sweden, ends D's Forum membership (a new end date), drops the undated Workshop participation of
D, and adds, from a new source, F Office and its participation in Meeting 2022.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from careersnet_graph.build import write_exports
from careersnet_graph.cli import main
from careersnet_graph.diff.compare import compare
from careersnet_graph.diff.render import diff_html, diff_json, diff_markdown
from careersnet_graph.diff.sides import loaded_side
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND
from careersnet_graph.stats import summarise

OLD = Path(__file__).parent / "analysis" / "time"
EARLY = "source-time-early.ttl"
LATE_URL = "https://example.org/late"
EARLY_URL = "https://example.org/early"

NEW_SOURCE = """@prefix cnd: <https://w3id.org/careersnet-graph/id/> .
@prefix cng: <https://w3id.org/careersnet-graph/ontology#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .

cnd:source-time-late a cng:Source ;
    dcterms:title "Fictional later record" ; schema:url <https://example.org/late> .
cnd:org-f-office a cng:PublicAuthority ; rdfs:label "F Office" ; cng:country country:SWE .
cnd:participation-meeting-2022--participant--f-office a cng:Participation ;
    cng:agent cnd:org-f-office ; cng:role cnd:role-participant ; cng:target cnd:event-meeting-2022 ;
    cng:formality cnd:formality-informal .
"""


def new_release(folder: Path) -> Path:
    """The new release, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (OLD / EARLY).read_text(encoding="utf-8")
    text = text.replace('rdfs:label "C Service"', 'rdfs:label "C Employment Service"')
    text = text.replace(
        'rdfs:label "D Association" ; cng:country country:FIN',
        'rdfs:label "D Association" ; cng:country country:SWE',
    )
    text = text.replace(
        'schema:startDate "2023-01-01"^^xsd:date .',
        'schema:startDate "2023-01-01"^^xsd:date ; schema:endDate "2024-06-30"^^xsd:date .',
    )
    workshop_d = text.index("cnd:participation-workshop--participant--d-association")
    text = text[:workshop_d]
    (folder / EARLY).write_text(text, encoding="utf-8")
    (folder / "source-time-late.ttl").write_text(NEW_SOURCE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def new(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_release(tmp_path_factory.mktemp("new"))


@pytest.fixture(scope="module")
def diff(new: Path):  # type: ignore[no-untyped-def]
    with (
        loaded_side(str(OLD), "oxigraph", Path()) as before,
        loaded_side(str(new), "oxigraph", Path()) as after,
    ):
        return compare(before, after)


def iris(entities: list) -> list[str]:  # type: ignore[type-arg]
    return [entity.iri.removeprefix(str(CND)) for entity in entities]


def test_added_removed_and_changed(diff) -> None:  # type: ignore[no-untyped-def]
    assert iris(diff.kinds["actors"].added) == ["org-f-office"]
    assert iris(diff.kinds["actors"].removed) == []
    assert iris(diff.kinds["actors"].changed) == ["org-c-service", "org-d-association"]
    renamed, moved = diff.kinds["actors"].changed
    assert [(c.property, c.old, c.new) for c in renamed.changes] == [
        ("label", ("C Service",), ("C Employment Service",))
    ]
    assert renamed.changes[0].old_sources == (EARLY_URL,)
    assert [(c.property, c.old, c.new) for c in moved.changes] == [
        ("country", ("country:FIN",), ("country:SWE",))
    ]
    participations = diff.kinds["participations"]
    assert iris(participations.added) == ["participation-meeting-2022--participant--f-office"]
    assert participations.added[0].sources == (LATE_URL,)
    assert iris(participations.removed) == ["participation-workshop--participant--d-association"]
    assert participations.removed[0].sources == (EARLY_URL,)
    (ended,) = participations.changed
    assert [(c.property, c.old, c.new, c.new_sources) for c in ended.changes] == [
        ("end date", (), ("2024-06-30",), (EARLY_URL,))
    ]
    assert diff.kinds["persons"].empty and diff.kinds["initiatives"].empty
    assert [s.address for s in diff.sources_added] == [LATE_URL]
    assert diff.sources_removed == []


def test_figures_and_ranking(diff, new: Path) -> None:  # type: ignore[no-untyped-def]
    old_figures = summarise(load([OLD], shipped=False)).as_dict()
    new_figures = summarise(load([new], shipped=False)).as_dict()
    expected = {k: (old_figures[k], new_figures[k]) for k in old_figures if old_figures[k] != new_figures[k]}
    assert diff.figures == expected
    assert diff.figures["organisations"] == (6, 7)
    assert diff.figures["sources"] == (1, 2)
    ranked = {label for label, _, _ in diff.ranking}
    assert "F Office" in ranked


def test_a_release_and_itself_and_its_export_are_the_same(tmp_path: Path) -> None:
    kg = load([OLD], shipped=False)
    write_exports(kg, tmp_path / "exports", summarise(kg))
    for old, new in ((OLD, OLD), (tmp_path / "exports", tmp_path / "exports"), (OLD, tmp_path / "exports")):
        with (
            loaded_side(str(old), "memory", Path()) as before,
            loaded_side(str(new), "oxigraph", Path()) as after,
        ):
            result = compare(before, after)
        assert result.empty, diff_markdown(result, "old", "new")
        assert diff_markdown(result, "a", "b") == "# What changed from a to b\n\nNo change.\n"


def test_outputs_are_deterministic(diff, new: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    for output in ("md", "html", "json"):
        first = runner.invoke(main, ["diff", str(OLD), str(new), "--format", output])
        second = runner.invoke(main, ["diff", str(OLD), str(new), "--format", output])
        assert first.exit_code == 0, first.output
        assert first.stdout == second.stdout
    assert json.loads(diff_json(diff))["actors"]["added"][0]["sources"] == [LATE_URL]
    assert "C Service → C Employment Service" in diff_markdown(diff, "old", "new")
    page = diff_html(diff, "old", "new")
    assert '<a href="https://example.org/late">' in page and "<script" not in page


def test_git_revisions(tmp_path: Path, new: Path) -> None:
    repository = tmp_path / "repo"
    shutil.copytree(OLD, repository / "data")

    def git(*arguments: str) -> None:
        subprocess.run(["git", "-C", str(repository), *arguments], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "old")
    git("tag", "old")
    shutil.rmtree(repository / "data")
    shutil.copytree(new, repository / "data")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "new")
    runner = CliRunner()
    by_revision = runner.invoke(main, ["diff", "old", "HEAD", "--repo", str(repository), "--format", "json"])
    by_folder = runner.invoke(main, ["diff", str(OLD), str(new), "--format", "json"])
    assert by_revision.exit_code == 0, by_revision.output
    assert by_revision.stdout == by_folder.stdout
    missing = runner.invoke(main, ["diff", "nosuchrev", "HEAD", "--repo", str(repository)])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: nosuchrev: not a folder or a git revision of ")
    assert missing.stderr.count("\n") == 1


README = Path(__file__).resolve().parents[1] / "README.md"
RELEASES = ("6bb918b", "7588d09")
"""The commits of the tagged data releases data-2026-12-01-r1 and -r2 that the README compares."""


def test_the_readme_diff_is_the_commands_output() -> None:
    repository = README.parent
    known = subprocess.run(
        ["git", "-C", str(repository), "cat-file", "-e", f"{RELEASES[1]}^{{commit}}"],
        check=False,
        capture_output=True,
    )
    if known.returncode != 0:
        pytest.skip("this checkout has no history of the two releases")
    result = CliRunner().invoke(main, ["diff", *RELEASES, "--repo", str(repository)])
    assert result.exit_code == 0, result.output
    shown = README.read_text(encoding="utf-8").split("````markdown\n", 1)[1].split("````", 1)[0]
    expected = result.stdout.replace(
        f"from {RELEASES[0]} to {RELEASES[1]}", "from data-2026-12-01-r1 to data-2026-12-01-r2", 1
    )
    assert shown == expected
