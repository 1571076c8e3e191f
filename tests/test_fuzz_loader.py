"""Fuzzing the loader with hypothesis: random bytes, random nesting and random literals, in
every format the loader reads. Whatever the input, reading it either succeeds or raises
`RdfInputError` (exit code 2 on the command line, one line, with the file named); it never
raises anything else, never crashes the process, and never writes a file.

The examples are derandomized (the same on every run) and bounded, so the module runs in
about 15 seconds.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careersnet_graph.cli import main
from careersnet_graph.errors import RdfInputError
from careersnet_graph.loading import load
from careersnet_graph.parsing import FORMATS, InputLimits, read_rdf

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SUFFIXES = sorted(FORMATS)
PREFIXES = "PREFIX ex: <https://example.org/>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
DATATYPES = [
    "boolean", "integer", "decimal", "double", "float", "date", "dateTime", "time", "gYear",
    "gYearMonth", "gMonthDay", "duration", "anyURI", "language", "nonNegativeInteger", "int",
    "byte", "unsignedLong", "hexBinary", "base64Binary", "token", "NCName", "string",
]  # fmt: skip
SMALL = InputLimits(max_file_bytes=1 << 20, max_literal_bytes=4096, max_statements=50_000, max_json_depth=64)


def read_or_refuse(path: Path, limits: InputLimits = SMALL) -> None:
    """Read `path`: success, or an `RdfInputError` that names the file. Nothing else."""
    before = sorted(path.parent.iterdir())
    try:
        read_rdf(path, limits=limits)
    except RdfInputError as error:
        assert str(error).startswith(str(path))
        assert "\n" not in str(error)
    assert sorted(path.parent.iterdir()) == before, "nothing written"


def write(folder: Path, suffix: str, data: bytes) -> Path:
    path = folder / f"source-fuzz{suffix}"
    path.write_bytes(data)
    return path


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    read_or_refuse(write(tmp_path, suffix, data))


TURTLE_PIECES = st.sampled_from(
    ["[", "]", "(", ")", "{", "}", " ex:p ", " ex:o ", " ; ", " , ", " . ", ' "x" ', " 1 ", " _:b ", " a ",
     " <https://example.org/s> ", " GRAPH ex:g ", "@prefix", '"""', "^^xsd:integer", "@en", "\\u0000"]
)  # fmt: skip


@FUZZ
@given(pieces=st.lists(TURTLE_PIECES, max_size=300), suffix=st.sampled_from([".ttl", ".trig"]))
def test_random_turtle_and_trig_pieces(tmp_path: Path, pieces: list[str], suffix: str) -> None:
    read_or_refuse(write(tmp_path, suffix, (PREFIXES + "ex:s ex:p " + "".join(pieces)).encode()))


@FUZZ
@given(
    depth=st.integers(min_value=0, max_value=5000),
    shape=st.sampled_from(["[ ex:p ", "( ", "[ ex:p ( "]),
    closed=st.booleans(),
)
def test_random_nesting_in_turtle(tmp_path: Path, depth: int, shape: str, closed: bool) -> None:
    closing = {"[ ex:p ": " ]", "( ": " )", "[ ex:p ( ": " ) ]"}[shape]
    text = PREFIXES + "ex:s ex:p " + shape * depth + "ex:o" + (closing * depth if closed else "") + " .\n"
    read_or_refuse(write(tmp_path, ".ttl", text.encode()))


def nested_json(depth: int, kind: str) -> object:
    """A JSON-LD document nested `depth` levels deep, built without recursion."""
    inner: object = {"@value": "x"} if kind == "value" else "https://example.org/leaf"
    for level in range(depth):
        if kind == "list":
            inner = {"@list": [inner]}
        elif kind == "array":
            inner = [inner]
        else:
            inner = {"@id": f"https://example.org/n{level}", "https://example.org/p": inner}
    return {"@id": "https://example.org/root", "https://example.org/p": inner}


@FUZZ
@given(
    depth=st.integers(min_value=0, max_value=3000),
    kind=st.sampled_from(["object", "list", "array", "value"]),
)
def test_random_nesting_in_json_ld(tmp_path: Path, depth: int, kind: str) -> None:
    document = nested_json(depth, kind)
    text = json.dumps(document) if depth < 500 else _dumps_deep(document)
    read_or_refuse(write(tmp_path, ".jsonld", text.encode()))


def _dumps_deep(document: object) -> str:
    """json.dumps without recursion (it recurses, and fails beyond Python's recursion limit)."""
    out: list[str] = []
    stack: list[object] = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            out.append(item.text)
        elif isinstance(item, dict):
            pieces: list[object] = [_Raw("{")]
            for index, (key, value) in enumerate(item.items()):
                pieces += [_Raw(("," if index else "") + json.dumps(key) + ":"), value]
            pieces.append(_Raw("}"))
            stack.extend(reversed(pieces))
        elif isinstance(item, list):
            pieces = [_Raw("[")]
            for index, value in enumerate(item):
                pieces += [_Raw("," if index else ""), value]
            pieces.append(_Raw("]"))
            stack.extend(reversed(pieces))
        else:
            out.append(json.dumps(item))
    return "".join(out)


class _Raw:
    def __init__(self, text: str) -> None:
        self.text = text


LEXICAL = st.text(
    alphabet=st.sampled_from([*"0123456789+-.:eETZPYMDHS_ xabcdefINF/=", "\u00e9", "\u0000", '"']),
    max_size=40,
)


@FUZZ
@given(
    lexical=st.one_of(LEXICAL, st.text(max_size=60)),
    datatype=st.sampled_from(DATATYPES),
    suffix=st.sampled_from(SUFFIXES),
)
def test_random_literals(tmp_path: Path, lexical: str, datatype: str, suffix: str) -> None:
    escaped = json.dumps(lexical)  # a valid N-Triples / Turtle string, escapes included
    iri = f"http://www.w3.org/2001/XMLSchema#{datatype}"
    if suffix == ".jsonld":
        text = json.dumps(
            {"@id": "https://example.org/s", "https://example.org/p": {"@value": lexical, "@type": iri}}
        )
    elif suffix in (".trig", ".nq"):
        text = (
            f"<https://example.org/s> <https://example.org/p> {escaped}^^<{iri}> <https://example.org/g> .\n"
        )
        text = text if suffix == ".nq" else "<https://example.org/g> { " + text.rsplit(" <", 1)[0] + " . }\n"
    else:
        text = f"<https://example.org/s> <https://example.org/p> {escaped}^^<{iri}> .\n"
    path = write(tmp_path, suffix, text.encode("utf-8", "surrogatepass"))
    try:
        read_rdf(path, limits=SMALL)
    except RdfInputError as error:
        if error.message.startswith("ill-typed literal"):
            assert error.line is not None and error.column is not None, str(error)


@settings(max_examples=8, deadline=None, derandomize=True, database=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_the_loader_and_the_command_line(data: bytes, suffix: str) -> None:
    """Through `load` (the provenance checks too) and `careersnet validate`: exit 0, 1 or 2, one
    line for an error, no traceback."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), suffix, data)
        with contextlib.suppress(RdfInputError):
            load([path], shipped=False)
        result = runner.invoke(main, ["validate", str(path)])
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert len(result.output.strip().splitlines()) == 1, result.output
        assert sorted(p.name for p in Path(folder).iterdir()) == [path.name], "nothing written"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_and_whitespace_files(tmp_path: Path, suffix: str) -> None:
    for data in (b"", b"\n", b"\xef\xbb\xbf", b"   \t\r\n"):
        read_or_refuse(write(tmp_path, suffix, data))
