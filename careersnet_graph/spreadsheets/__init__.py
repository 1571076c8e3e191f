"""Spreadsheets in and out: the template, `careersnet import`, and exports to workbooks and CSV.

- `write_template(kg, path)`: the empty template, as a workbook or a folder of CSV files;
- `plan_import(paths, out_dir, ...)` then `write_plan(plan)`: spreadsheets → one canonical
  Turtle file per source, validated with the graph they join;
- `SPREADSHEET_WRITERS`: the graph into the template (`xlsx`, `csv`) or a Kumu workbook
  (`kumu-xlsx`), for `careersnet export`.
"""

from careersnet_graph.spreadsheets.errors import Location, Problem, SpreadsheetError
from careersnet_graph.spreadsheets.importer import ImportPlan, PlannedFile, plan_import, write_plan
from careersnet_graph.spreadsheets.writers import SPREADSHEET_WRITERS, SpreadsheetWriter, write_template

__all__ = [
    "SPREADSHEET_WRITERS",
    "ImportPlan",
    "Location",
    "PlannedFile",
    "Problem",
    "SpreadsheetError",
    "SpreadsheetWriter",
    "plan_import",
    "write_plan",
    "write_template",
]
