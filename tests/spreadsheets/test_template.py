"""`careersnet template`: the sheets, header comments, drop-downs from the vocabularies, README."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.spreadsheets.columns import SHEETS
from careersnet_graph.spreadsheets.vocabularies import read_vocabularies

from .conftest import run

CONTROLLED = {
    ("Organisations", "Type"): "organisation-types",
    ("Organisations", "Country"): "countries",
    ("Organisations", "Sector"): "sectors",
    ("Organisations", "Topic"): "topics",
    ("Persons", "Post role"): "post-roles",
    ("Initiatives and events", "Type"): "initiative-types",
    ("Initiatives and events", "Country"): "countries",
    ("Initiatives and events", "Sector"): "sectors",
    ("Initiatives and events", "Topic"): "topics",
    ("Participations", "Role"): "roles",
    ("Participations", "Formality"): "formality",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    result = run("template", "--out", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_the_workbook_has_the_sheets_in_order(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == [
        "README",
        "Sources",
        "Organisations",
        "Persons",
        "Initiatives and events",
        "Participations",
        "Lists",
    ]
    for sheet in SHEETS:
        assert [cell.value for cell in workbook[sheet.name][1]] == sheet.names()
        assert workbook[sheet.name].max_row == 1  # empty below the header


def test_every_header_has_a_comment(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    for sheet in SHEETS:
        for cell, column in zip(workbook[sheet.name][1], sheet.columns, strict=True):
            assert cell.comment is not None, (sheet.name, column.name)
            assert column.meaning.split(".")[0] in cell.comment.text


def test_controlled_columns_have_drop_downs_drawn_from_the_vocabularies(
    template: Path, shipped: KnowledgeGraph
) -> None:
    workbook = openpyxl.load_workbook(template)
    vocabularies = read_vocabularies(shipped)
    lists = workbook["Lists"]
    for (sheet_name, column_name), vocabulary in CONTROLLED.items():
        worksheet = workbook[sheet_name]
        letter = next(cell.column_letter for cell in worksheet[1] if cell.value == column_name)
        validations = [v for v in worksheet.data_validations.dataValidation if f"{letter}2" in str(v.sqref)]
        assert len(validations) == 1, (sheet_name, column_name)
        validation = validations[0]
        assert validation.type == "list"
        reference = str(validation.formula1).removeprefix("=Lists!")
        first, last = (part.replace("$", "") for part in reference.split(":"))
        values = [cell.value for (cell,) in lists[f"{first}:{last}"]]
        assert values == vocabularies[vocabulary].labels()
    controlled = {
        (sheet.name, column.name) for sheet in SHEETS for column in sheet.columns if column.vocabulary
    }
    assert controlled == set(CONTROLLED)
    assert len(vocabularies["countries"].labels()) == 41
    assert "partner organiser" in vocabularies["roles"].labels()


def test_the_readme_explains_every_column_with_an_example(template: Path) -> None:
    readme = openpyxl.load_workbook(template)["README"]
    rows = [[cell.value for cell in row] for row in readme.iter_rows()]
    header = rows.index(["Sheet", "Column", "Required", "What to write", "Allowed values", "Example"])
    described = {(row[0], row[1]) for row in rows[header + 1 :]}
    assert described == {(sheet.name, column.name) for sheet in SHEETS for column in sheet.columns}
    assert any("careersnet import" in str(row[0]) for row in rows[:header])
    participations_role = next(row for row in rows if row[:2] == ["Participations", "Role"])
    assert participations_role[2] == "yes" and participations_role[5] == "member"


def test_the_template_is_the_same_bytes_every_time(template: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    assert run("template", "--out", str(again)).exit_code == 0
    assert again.read_bytes() == template.read_bytes()


def test_the_template_as_csv_files(tmp_path: Path) -> None:
    folder = tmp_path / "template"
    result = run("template", "--out", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        ["README.csv", "lists.csv", *(sheet.file_name for sheet in SHEETS)]
    )
    for sheet in SHEETS:
        data = (folder / sheet.file_name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
        assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == sheet.names()
    lists = list(csv.reader(io.StringIO((folder / "lists.csv").read_text(encoding="utf-8-sig"))))
    assert "participation roles" in lists[0]


def test_an_empty_template_imports_to_nothing(template: Path, tmp_path: Path) -> None:
    result = run("import", str(template), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "nothing to import: no sheet has a filled-in row" in result.output


def test_a_template_path_that_is_neither_workbook_nor_folder(tmp_path: Path) -> None:
    result = run("template", "--out", str(tmp_path / "template.ods"))
    assert result.exit_code == 2 and "give a file ending in .xlsx, or a folder for CSV files" in result.output
