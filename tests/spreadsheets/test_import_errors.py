"""Every problem an import finds is reported at its file, sheet, row and column, with what is
allowed, and nothing is written (exit code 2; 1 when the result violates the shapes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.spreadsheets import SpreadsheetError, plan_import
from careersnet_graph.spreadsheets.vocabularies import MAX_LISTED

from .conftest import run
from .files import SOURCES, example_sheets, write_ods, write_xlsx


def _problems(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "book.xlsx") -> str:
    """The error an import of `sheets` fails with; the output folder stays absent."""
    out = tmp_path / "imported"
    book = write_xlsx(tmp_path / name, sheets)  # type: ignore[arg-type]
    result = run("import", str(book), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert not out.exists()
    return result.output


def test_unknown_country_names_the_cell_and_the_closest_countries(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Organisations"][2][4] = "Slovnia"
    message = _problems(tmp_path, sheets)
    assert "book.xlsx, sheet Organisations, row 3, column E (Country): unknown country 'Slovnia'" in message
    assert "one of the 41 countries" in message and "closest: Slovenia" in message


def test_a_date_that_is_not_a_date(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"][1][5] = "31.02.2020"
    sheets["Initiatives and events"][1][5] = "soon"
    message = _problems(tmp_path, sheets)
    assert (
        "sheet Participations, row 2, column F (From): '31.02.2020' is not a date (day is out of range"
        in message
    )
    assert "sheet Initiatives and events, row 2, column F (End): 'soon' is not a date: write" in message
    assert "2021-12-06 (YYYY-MM-DD)" in message


def test_a_year_alone_is_refused_as_a_date(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"][1][5] = 2020
    message = _problems(tmp_path, sheets)
    assert (
        "column F (From): 2020 looks like a year, not a date: write the full date, e.g. 2020-01-01" in message
    )


def test_unknown_role_lists_the_roles(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"][1][2] = "sponsor"
    message = _problems(tmp_path, sheets)
    assert (
        "sheet Participations, row 2, column C (Role): unknown role 'sponsor': allowed participation roles:"
        in message
    )
    assert "adopter, author, chair, contributor" in message and "welcome speaker" in message


def _labels(kg: KnowledgeGraph, concept_class: str) -> list[str]:
    """The labels of a vocabulary's concepts, in the order error messages list them."""
    rows = kg.select(f"SELECT DISTINCT ?label WHERE {{ ?concept a {concept_class} ; rdfs:label ?label }}")
    return sorted((str(row["label"]) for row in rows), key=str.casefold)


def test_unknown_formality_post_role_type_sector_and_topic(tmp_path: Path, shipped: KnowledgeGraph) -> None:
    vocabularies = {
        "formality values": _labels(shipped, "cng:Formality"),
        "post roles": _labels(shipped, "org:Role"),
        "sectors": _labels(shipped, "cng:Sector"),
        "topics": _labels(shipped, "cng:Topic"),
    }
    unknown = {"formality values": "official", "post roles": "chieftain", "sectors": "sport"}
    unknown["topics"] = "guidance"
    for title, value in unknown.items():
        assert value not in vocabularies[title], f"{value!r} is a known value now: pick another"
    sheets = example_sheets()
    sheets["Participations"][1][4] = "official"
    sheets["Persons"][1][3] = "chieftain"
    sheets["Organisations"][1][3] = "club"
    sheets["Organisations"][1][6] = "education | sport"
    sheets["Initiatives and events"][1][6] = "guidance"
    message = _problems(tmp_path, sheets)
    for column, what, title in (
        ("Formality", "formality", "formality values"),
        ("Post role", "post role", "post roles"),
        ("Sector", "sector", "sectors"),
        ("Topic", "topic", "topics"),
    ):
        labels = vocabularies[title]
        allowed = (
            f"allowed {title}: {', '.join(labels)}"
            if len(labels) <= MAX_LISTED
            else f"allowed: one of the {len(labels)} {title}"
        )
        assert f"({column}): unknown {what} '{unknown[title]}': {allowed}" in message
    assert "(Type): unknown type 'club': allowed organisation types: association or NGO" in message
    assert message.startswith(
        "error: 5 problems in the spreadsheets:"
    )  # no follow-on problem of the bad type


def test_a_reference_that_exists_nowhere(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"][1][1] = "Atlantis Agency"
    message = _problems(tmp_path, sheets)
    assert (
        "sheet Participations, row 2, column B (Who): 'Atlantis Agency' is no ID, name or CURIE of" in message
    )
    assert "in this workbook or in the graph" in message
    sheets["Participations"][1][1] = "cnd:org-atlantis"
    assert "'cnd:org-atlantis' is not an entity of this workbook or of the graph" in _problems(
        tmp_path, sheets
    )


AGENTS_NAMED = """
SELECT DISTINCT ?entity WHERE {
  ?entity rdfs:label|skos:prefLabel|dcterms:title ?name ; a ?class .
  ?class rdfs:subClassOf* ?root .
  VALUES ?root { org:Organization org:FormalOrganization org:OrganizationalUnit
                 org:OrganizationalCollaboration foaf:Person cng:PersonGroup }
  FILTER (LCASE(STR(?name)) = LCASE(?given))
  FILTER NOT EXISTS { ?entity owl:deprecated true }
}
"""
"""The organisations, persons and groups of the graph (what Who may name) with a given name."""


def test_an_ambiguous_label_lists_the_candidates(tmp_path: Path, shipped: KnowledgeGraph) -> None:
    name = "Ministry of Education and Science"
    candidates = sorted(str(row["entity"]) for row in shipped.select(AGENTS_NAMED, given=name))
    assert len(candidates) > 1  # several countries have a ministry of this name
    sheets = example_sheets()
    sheets["Participations"][1][1] = name
    message = _problems(tmp_path, sheets)
    assert (
        f"(Who): '{name}' is ambiguous: it is the label in the graph of {len(candidates)} entities" in message
    )
    listed = message.split(" entities: ", 1)[1]
    assert [item.split(" (", 1)[0] for item in listed.split("; ")] == [
        shipped.curie(iri) for iri in candidates
    ]
    assert listed.rstrip().endswith(". Write the CURIE of the one meant")


def test_a_reference_of_the_wrong_kind(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"][1][3] = "O2"  # a ministry is nothing to take part in
    message = _problems(tmp_path, sheets)
    assert (
        "(In what): 'O2' (cnd:org-ruritanian-ministry-of-education) is an organisation, but In what must be"
        in message
    )
    sheets = example_sheets()
    sheets["Participations"][1][1] = "CareersNet"  # a network never takes part itself
    assert "cnd:org-careersnet is a network, and a network never takes part itself" in _problems(
        tmp_path, sheets
    )


def test_a_missing_required_column(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"] = [
        [cell for index, cell in enumerate(row) if index != 2] for row in sheets["Participations"]
    ]
    message = _problems(tmp_path, sheets)
    assert (
        "sheet Participations, row 1: missing required column 'Role' on Participations (columns: Source"
        in message
    )


def test_a_missing_source_column_without_source_option(tmp_path: Path) -> None:
    sheets = {"Organisations": [["Name", "Type"], ["Ruritanian Careers Network", "network"]]}
    message = _problems(tmp_path, sheets)
    assert "missing required column 'Source' on Organisations" in message
    assert "or give --source URL --title TEXT for the whole workbook" in message


def test_a_duplicate_id_with_conflicting_values(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Organisations"].append(["O1", "S1", "Ruritanian Guidance Forum", "partnership", "AT", None, None])
    message = _problems(tmp_path, sheets)
    assert (
        "sheet Organisations, row 4, column E (Country): cnd:org-ruritanian-guidance-forum is given twice"
        in message
    )
    assert "'SI' (" in message and "book.xlsx, sheet Organisations, row 2) and 'AT'" in message
    sheets = example_sheets()
    sheets["Organisations"].append(["O1", "S1", "Ruritanian Forum", None, None, None, None])
    message = _problems(tmp_path, sheets)
    assert (
        "the ID 'o1' is given with different names: 'Ruritanian Forum', 'Ruritanian Guidance Forum'"
        in message
    )


def test_an_id_used_on_two_sheets(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Initiatives and events"][1][0] = "O1"
    message = _problems(tmp_path, sheets)
    assert (
        "sheet Initiatives and events, row 2, column A (ID): the ID 'o1' is also used on sheet Organisations"
        in message
    )


def test_a_new_entry_needs_a_type_and_must_not_repeat_a_name_of_the_graph(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Organisations"][2][3] = None
    sheets["Organisations"].append(["O4", "S1", "Department for VET and Skills", "organisational unit"])
    message = _problems(tmp_path, sheets)
    assert "row 3, column D (Type): cnd:org-ruritanian-ministry-of-education is new: give its Type" in message
    assert "row 4, column C (Name): 'Department for VET and Skills' is already in the graph as" in message
    assert (
        "cnd:org-cedefop-department-for-vet-and-skills: put cnd:org-cedefop-department-for-vet-and-skills in"
        in message
    )


def test_an_unknown_source(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Organisations"][1][1] = "S2"
    message = _problems(tmp_path, sheets)
    assert "row 2, column B (Source): 'S2' is no ID, title or address of a source of this workbook" in message
    assert "the workbook's sources are 'S1'" in message


def test_unknown_sheets_and_columns(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Contacts"] = [["Name"], ["Someone"]]
    sheets["Organisations"][0][4] = "Contry"
    message = _problems(tmp_path, sheets)
    assert "sheet Contacts: the sheet 'Contacts' is no sheet of the template" in message
    assert "add (ignore) to its name to skip it" in message
    assert (
        "sheet Organisations, row 1, column E (Contry): unknown column 'Contry' on Organisations; "
        "did you mean 'Country'?" in message
    )


def test_ignored_and_template_only_sheets_are_skipped(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Notes (ignore)"] = [["anything"], ["at all"]]
    sheets["README"] = [["Sheet", "Column"], ["x", "y"]]
    out = tmp_path / "imported"
    result = run("import", str(write_xlsx(tmp_path / "book.xlsx", sheets)), "--out", str(out), "--dry-run")
    assert result.exit_code == 0, result.output


def test_merged_cells_are_refused_with_their_address(tmp_path: Path) -> None:
    import openpyxl  # noqa: PLC0415  (only this test merges cells)

    book = write_xlsx(tmp_path / "book.xlsx", example_sheets())
    workbook = openpyxl.load_workbook(book)
    workbook["Organisations"].merge_cells("E2:F3")
    workbook.save(book)
    out = tmp_path / "imported"
    result = run("import", str(book), "--out", str(out))
    assert result.exit_code == 2
    assert "book.xlsx, sheet Organisations: merged cells E2:F3: unmerge them" in result.output
    assert not out.exists()


def test_merged_cells_in_an_opendocument_file(tmp_path: Path) -> None:
    ods = write_ods(tmp_path / "book.ods", example_sheets(), merged={"Participations": (2, 2, 2)})
    with pytest.raises(SpreadsheetError, match=r"book.ods, sheet Participations: merged cells C3:D3"):
        plan_import([ods], tmp_path / "imported")


def test_nothing_to_import(tmp_path: Path) -> None:
    sheets = {"Sources": [SOURCES[0]], "Organisations": [["ID", "Source", "Name"]]}
    assert "nothing to import: no sheet has a filled-in row" in _problems(tmp_path, sheets)


def test_adding_to_a_source_that_has_its_own_file(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Participations"][2][0] = "cnd:source-cedefop-networks-careersnet"
    message = _problems(tmp_path, sheets)
    assert (
        "sheet Participations, row 3, column B (Who): the source cnd:source-cedefop-networks-careersnet"
        in message
    )
    assert "is already in the graph with its own file, and this row adds to it" in message


def test_a_violation_of_the_shapes_is_reported_at_its_cell(tmp_path: Path) -> None:
    sheets = example_sheets()
    sheets["Initiatives and events"][1][4] = "2031-01-01"  # starts after it ends
    out = tmp_path / "imported"
    result = run("import", str(write_xlsx(tmp_path / "book.xlsx", sheets)), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("violation: ")
    assert (
        "book.xlsx, sheet Initiatives and events, row 2, column E (Start): Ruritanian guidance strategy "
        "2030 (cnd:initiative-ruritanian-guidance-strategy-2030): schema:startDate must be an xsd:date"
    ) in result.stderr
    assert "[cng:StartDateValueShape]" in result.stderr
    assert "nothing was written" in result.stderr
    assert "FAILED: 1 result on 1 node" in result.stdout
    assert not out.exists()
