"""Issue 13, defect 6: `"yes"^^xsd:boolean` and `"20x1"^^xsd:gYear` were accepted, a valid
5,000-digit integer was refused, literal errors gave a line but no column, JSON-LD errors gave
no position, and a UTF-8 byte order mark gave "is not a valid subject".

Now every XSD datatype is checked by its lexical rules (no integer digit limit), every error
names the line and the column, and a byte order mark is skipped.
"""

from __future__ import annotations

import pytest

from careersnet_graph.errors import RdfInputError
from careersnet_graph.parsing import read_rdf
from tests.regressions.conftest import INPUTS, cli, one_error_line

FOLDER = INPUTS / "06-literals"

REFUSED = {
    "source-boolean-yes.ttl": (5, 26, 'ill-typed literal "yes": not a valid xsd:boolean'),
    "source-gyear-20x1.ttl": (7, 18, 'ill-typed literal "20x1": not a valid xsd:gYear'),
    "source-gyearmonth.ttl": (5, 26, "not a valid xsd:gYearMonth"),
    "source-anyuri.ttl": (5, 26, "not a valid xsd:anyURI"),
    "source-language.ttl": (5, 26, "not a valid xsd:language"),
    "source-date-february.ttl": (5, 26, "no 29 February in 2021"),
    "source-json-syntax.jsonld": (3, 57, "syntax error: not valid JSON"),
    "source-json-ld-keyword.jsonld": (3, 67, "syntax error: @language value must be a string"),
    "source-json-ld-literal.jsonld": (3, 62, 'ill-typed literal "yes": not a valid xsd:boolean'),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_ill_typed_and_malformed_input_is_refused_with_line_and_column(name: str) -> None:
    line, column, message = REFUSED[name]
    with pytest.raises(RdfInputError) as raised:
        read_rdf(FOLDER / name)
    assert (raised.value.line, raised.value.column) == (line, column), str(raised.value)
    assert message in raised.value.message


def test_the_command_line_shows_file_line_and_column() -> None:
    result = cli("validate", str(FOLDER / "source-gyear-20x1.ttl"))
    assert result.exit_code == 2
    assert f"{FOLDER / 'source-gyear-20x1.ttl'}:7:18: ill-typed literal" in one_error_line(result.output)


def test_a_5000_digit_integer_is_valid() -> None:
    (quad,) = read_rdf(FOLDER / "source-integer-5000-digits.ttl").quads
    assert quad.object.value == "7" * 5000


def test_a_byte_order_mark_is_skipped() -> None:
    (quad,) = read_rdf(FOLDER / "source-byte-order-mark.ttl").quads
    assert quad.subject.value.endswith("thing-a")
