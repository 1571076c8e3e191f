"""The two SHACL engines give the same report: SPARQL inside the store and pyshacl.

The shape fixtures are the contract between them: for each valid and invalid fixture, and for
the shipped data, the focus nodes, paths, values, shapes, components and messages are the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careersnet_graph.loading import load
from careersnet_graph.resources import shapes_file
from careersnet_graph.shacl.shapes import read_shapes
from careersnet_graph.store.memory import MemoryStore
from careersnet_graph.validate import validate

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
FIXTURES = sorted((SHAPES_DIR / "valid").glob("*.ttl")) + sorted((SHAPES_DIR / "invalid").glob("*.ttl"))


def test_there_are_fixtures_of_both_kinds() -> None:
    assert len([path for path in FIXTURES if path.parent.name == "invalid"]) >= 40
    assert len([path for path in FIXTURES if path.parent.name == "valid"]) >= 4


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_sparql_and_pyshacl_agree_on_each_fixture(fixture: Path) -> None:
    kg = load([fixture], shipped=False)
    by_pyshacl = validate(kg, engine="pyshacl")
    assert by_pyshacl.conforms == (fixture.parent.name == "valid")
    assert validate(kg, engine="sparql") == by_pyshacl


def test_sparql_and_pyshacl_agree_on_the_shipped_data() -> None:
    kg = load()
    assert validate(kg, engine="sparql") == validate(kg, engine="pyshacl")


def test_the_rdflib_store_validates_with_pyshacl_and_the_others_in_the_store() -> None:
    assert validate(load(store=MemoryStore())) == validate(load())


def test_every_shape_is_read_by_the_sparql_engine() -> None:
    shapes = read_shapes(shapes_file())
    assert len(shapes) >= 30
    assert sum(len(shape.properties) for shape in shapes) >= 50
