"""docs/import.md as written: its walk-through runs and prints what the page shows, and it names
every column of the template."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from careersnet_graph.cli import main
from careersnet_graph.spreadsheets.columns import SHEETS

DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"
README = Path(__file__).resolve().parents[2] / "README.md"


def _tables(text: str) -> dict[str, list[dict[str, str]]]:
    """The walk-through's tables: `| Sheet | header ... |` then `| | value ... |` rows."""
    tables: dict[str, list[dict[str, str]]] = {}
    header: list[str] = []
    sheet = None
    for line in text.splitlines():
        if not line.startswith("|"):
            sheet = None
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells[0] in {spec.name for spec in SHEETS}:
            sheet, header = cells[0], cells[1:]
            tables[sheet] = []
        elif sheet is not None and cells[0] == "" and not set(cells[1]) <= {"-"}:
            tables[sheet].append(dict(zip(header, cells[1:], strict=True)))
    return tables


def _console(text: str, command: str) -> list[str]:
    """The lines the page shows under `$ command`, up to the next command or the block's end."""
    lines = text.split(f"$ {command}\n", 1)[1].splitlines()
    return [
        line for line in lines[: next(i for i, line in enumerate(lines) if line.startswith(("$", "```")))]
    ]


def test_the_walk_through_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = DOC.read_text(encoding="utf-8")
    tables = _tables(text.split("**2. Fill it in**", 1)[1].split("**3.", 1)[0])
    assert set(tables) == {"Sources", "Organisations", "Persons", "Participations"}
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)  # the walk-through runs in the user's folder: data/imported/ lands there
    assert runner.invoke(main, ["template"]).exit_code == 0
    workbook = openpyxl.load_workbook("careersnet-template.xlsx")
    for sheet, rows in tables.items():
        worksheet = workbook[sheet]
        headers = [cell.value for cell in worksheet[1]]
        for row in rows:
            worksheet.append([row.get(str(header)) or None for header in headers])
    workbook.save("careersnet-template.xlsx")
    for command in (
        "careersnet import careersnet-template.xlsx --dry-run",
        "careersnet import careersnet-template.xlsx",
    ):
        result = runner.invoke(main, command.split()[1:])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == _console(text, command)
    turtle = Path("data/imported/source-guidance-partnerships-in-ruritania-2024.ttl").read_text(
        encoding="utf-8"
    )
    for block in re.findall(r"```turtle\n(.*?)```", text, flags=re.DOTALL):
        for part in block.split("...\n"):
            assert part.strip() in turtle
    result = runner.invoke(
        main,
        [
            "query",
            "partners-of",
            "--param",
            "actor=cnd:org-ruritanian-ministry-of-labour",
            "--data",
            "data/imported",
        ],
    )
    assert "cnd:org-cedefop | Cedefop" in result.output
    assert Path("data/imported").is_dir()


def test_every_column_of_the_template_is_named() -> None:
    text = DOC.read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert sheet.name in text
        for column in sheet.columns:
            assert column.name in text, (sheet.name, column.name)


def test_the_readme_shows_how_and_keeps_its_first_two_commands() -> None:
    readme = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks[0].strip() == "pip install . && careersnet build"
    assert blocks[1].strip().startswith("apt-get update && apt-get install -y raptor2-utils chromium")
    assert "careersnet template" in readme and "careersnet import careersnet-template.xlsx" in readme
    assert "docs/import.md" in readme
