"""The messages of the shapes on controlled values say which values are allowed, and stay true.

Each message lists the concepts of its vocabulary (so a report tells the reader what to write);
these tests fail when a vocabulary gains or loses a concept and the message was not updated.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from careersnet_graph.loading import load
from careersnet_graph.namespaces import CNG
from careersnet_graph.resources import shapes_file

VOCABULARY_SHAPES = {
    "RoleTargetShape": "cng:ParticipationRole",
    "ParticipationRoleShape": "cng:ParticipationRole",
    "FormalityTargetShape": "cng:Formality",
    "ParticipationFormalityShape": "cng:Formality",
    "PostRoleTargetShape": "org:Role",
    "SectorTargetShape": "cng:Sector",
    "SubjectTargetShape": "cng:Topic",
}
COUNTRY_SHAPES = ["CountryLinkShape", "FocusCountryLinkShape", "MemberCountryLinkShape", "CountryValueShape"]


def _message(name: str) -> str:
    shapes = Graph().parse(shapes_file(), format="turtle")
    message = shapes.value(URIRef(f"{CNG}{name}"), SH.message)
    assert message is not None, name
    return str(message)


@pytest.mark.parametrize(("shape", "vocabulary_class"), sorted(VOCABULARY_SHAPES.items()))
def test_message_lists_exactly_the_concepts_of_its_vocabulary(shape: str, vocabulary_class: str) -> None:
    kg = load(shipped=False)
    concepts = {
        kg.curie(row["concept"])  # type: ignore[arg-type]
        for row in kg.select(f"SELECT ?concept WHERE {{ ?concept a {vocabulary_class} }}")
    }
    assert len(concepts) >= 2
    prefix = sorted(concepts)[0].split("-")[0]
    listed = set(re.findall(rf"{re.escape(prefix)}-[a-z0-9-]*[a-z0-9]", _message(shape)))
    assert listed == concepts


@pytest.mark.parametrize("shape", COUNTRY_SHAPES)
def test_country_messages_say_where_the_countries_are_and_how_many(shape: str) -> None:
    count = load().select("SELECT (COUNT(?country) AS ?n) WHERE { ?country a schema:Country }")[0]["n"]
    message = _message(shape)
    assert f"the {count} countries of the EU country table" in message
    assert "data/vocabularies/source-eu-country-authority-table.ttl" in message
    assert "alpha-2 or alpha-3" in message
