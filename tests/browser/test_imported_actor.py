"""An organisation imported from a spreadsheet, with one participation, appears in the
organisations network page that `careersnet build` writes, found by its name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from careersnet_graph.cli import main

pytestmark = pytest.mark.browser

NEW_ACTOR = "https://w3id.org/careersnet-graph/id/org-ruritanian-guidance-forum"


def _workbook(path: Path) -> Path:
    """The template's sheets as a new user fills them in: a source, an organisation, one link."""
    workbook = openpyxl.Workbook()
    sources = workbook.active
    assert sources is not None
    sources.title = "Sources"
    sources.append(["ID", "Title", "URL"])
    sources.append(["S1", "Ruritania guidance report 2024", "https://example.org/ruritania-guidance-report"])
    organisations = workbook.create_sheet("Organisations")
    organisations.append(["ID", "Source", "Name", "Type", "Country"])
    organisations.append(["O1", "S1", "Ruritanian Guidance Forum", "guidance provider", "Slovenia"])
    participations = workbook.create_sheet("Participations")
    participations.append(["Source", "Who", "Role", "In what", "Formality"])
    participations.append(["S1", "O1", "member", "CareersNet", "formal"])
    workbook.save(path)
    return path


def test_an_imported_organisation_appears_in_the_organisations_page(
    tmp_path: Path, open_page: Callable[[Path], Any]
) -> None:
    imported = tmp_path / "imported"
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(_workbook(tmp_path / "book.xlsx")), "--out", str(imported)])
    assert result.exit_code == 0, result.output
    exports = tmp_path / "exports"
    result = runner.invoke(main, ["build", "--data", str(imported), "--out", str(exports)])
    assert result.exit_code == 0, result.output

    opened = open_page(exports / "network-organisations.html")
    nodes = opened.evaluate("window.careersnetNetwork.nodes.get().map(node => node.id)")
    assert NEW_ACTOR in nodes
    opened.page.fill("#search", "Ruritanian Guidance")
    opened.page.click("#search-go")
    assert opened.evaluate("window.careersnetNetwork.network.getSelectedNodes()") == [NEW_ACTOR]
    assert opened.page.text_content("#panel-title") == "Ruritanian Guidance Forum"
    # linked to the other members of CareersNet, through the shared network
    assert opened.page.locator("#panel-fields button.link").count() > 0
    opened.assert_clean()
