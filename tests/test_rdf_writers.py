"""The line-based writers: one sort shared by every format, and text spelt exactly as before."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from careersnet_graph.export import (
    LINE_FORMATS,
    RDF_WRITERS,
    ExportJob,
    SortedStatements,
    write_from_lines,
    write_line_exports,
)
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import PREFIXES, RDF
from careersnet_graph.rdf_writers import (
    jsonld,
    line_vocabulary,
    statement_lines,
    statement_terms,
    turtle,
    used_prefixes,
)
from careersnet_graph.store.oxigraph import OxigraphStore
from tests.conftest import REPO

MINI = REPO / "tests" / "fixtures" / "mini"
EX = "http://example.org/"
GRAPH = ox.NamedNode(f"{PREFIXES['cnd']}source-big")


def _written(statements: SortedStatements, names: list[str]) -> dict[str, bytes]:
    written = {}
    for name in names:
        buffer = io.BytesIO()
        RDF_WRITERS[name].write_sorted(statements, buffer)
        written[name] = buffer.getvalue()
    return written


def test_one_shared_sort_gives_every_format_the_bytes_it_gives_alone() -> None:
    kg = load([MINI], shipped=False)
    alone = {name: writer.serialize(kg) for name, writer in RDF_WRITERS.items()}
    shared = SortedStatements(kg)
    assert _written(shared, list(RDF_WRITERS)) == alone
    assert _written(shared, list(reversed(RDF_WRITERS))) == alone  # the cache is read, not consumed


def test_the_shared_sort_reads_the_store_once_per_graph() -> None:
    kg = load([MINI], shipped=False)
    shared = SortedStatements(kg)
    _written(shared, list(RDF_WRITERS))
    assert shared.union() is shared.union()
    names = shared.graph_names()
    assert names and all(shared.graph(name) is shared.graph(name) for name in names)
    lines = sum(chunk.count(b"\n") for name in names for chunk in shared.graph(name))
    assert lines == sum(kg.count(name) for name in names)


def _tricky_graphs() -> KnowledgeGraph:
    """Two graphs whose lines hold what a graph's N-Quads ending could be mistaken in: a graph's
    own name as an object, its ending inside a literal, a blank node, a literal of 3 MB (longer
    than one read of a file)."""
    first, second = GRAPH, ox.NamedNode(f"{PREFIXES['cnd']}source-small")
    subject, predicate = ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p")
    store = OxigraphStore()
    store.replace_graphs(
        {
            first: [
                ox.Triple(subject, predicate, first),
                ox.Triple(subject, predicate, ox.Literal(f"ends <{first.value}> .\n here")),
                ox.Triple(ox.BlankNode("b1"), predicate, ox.Literal("x" * 3_000_000)),
            ],
            second: [ox.Triple(subject, RDF.type, second), ox.Triple(second, predicate, ox.Literal("é"))],
        }
    )
    store.refresh_union()
    return KnowledgeGraph(store)


def test_formats_written_from_the_line_exports_are_those_written_from_the_store(tmp_path: Path) -> None:
    for number, kg in enumerate((load([MINI], shipped=False), _tricky_graphs())):
        ntriples, nquads = tmp_path / f"{number}.nt", tmp_path / f"{number}.nq"
        lines = write_line_exports(kg, ntriples, nquads)
        assert ntriples.read_bytes() == RDF_WRITERS["ntriples"].serialize(kg)
        assert nquads.read_bytes() == RDF_WRITERS["nquads"].serialize(kg)
        others = tuple(
            (name, tmp_path / f"{number}.{name}") for name in RDF_WRITERS if name not in LINE_FORMATS
        )
        assert write_from_lines(ExportJob(lines, others)) == [path for _, path in others]
        for name, path in others:
            assert path.read_bytes() == RDF_WRITERS[name].serialize(kg), (number, name)


def _triples(values: list[ox.Literal]) -> list[ox.Triple]:
    subject, predicate = ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p")
    return sorted((ox.Triple(subject, predicate, value) for value in set(values)), key=str)


def test_turtle_escapes_as_turtle_not_as_ntriples() -> None:
    # N-Triples writes U+0001 as \u0001; the Turtle writer keeps it and escapes tab and quote.
    text = "".join(turtle(_triples([ox.Literal('a\tb"\x01')]), {}))
    assert text == f'\n<{EX}s>\n    <{EX}p> "a\\tb\\"\x01" ;\n.\n'


def test_jsonld_sorts_values_by_their_ascii_json() -> None:
    # json.dumps escapes é as \u00e9, and "\" sorts before "f": é comes first.
    document = "".join(jsonld(_triples([ox.Literal("f"), ox.Literal("é")]), {}))
    values = json.loads(document)["@graph"][0][f"{EX}p"]
    assert values == [{"@value": "é"}, {"@value": "f"}]


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
literals = st.one_of(
    texts.map(ox.Literal),
    st.tuples(texts, st.sampled_from(["en", "de-at"])).map(
        lambda pair: ox.Literal(pair[0], language=pair[1])
    ),
    texts.map(lambda text: ox.Literal(text, datatype=ox.NamedNode(f"{EX}type"))),
)
objects = st.one_of(literals, st.sampled_from(["a", "b"]).map(lambda name: ox.NamedNode(f"{EX}{name}")))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["s", "t"]), st.sampled_from(["p", "q"]), objects), max_size=10))
def test_jsonld_text_is_what_json_dumps_writes(statements: list[tuple[str, str, ox.Literal]]) -> None:
    triples = sorted(
        {ox.Triple(ox.NamedNode(f"{EX}{s}"), ox.NamedNode(f"{EX}{p}"), o) for s, p, o in statements}, key=str
    )
    text = "".join(jsonld(triples, used_prefixes([])))
    document = json.loads(text)
    nodes = [json.dumps(node, indent=2, ensure_ascii=False, sort_keys=True) for node in document["@graph"]]
    expected = '{\n  "@context": {},\n  "@graph": [' + ",".join(
        "\n    " + node.replace("\n", "\n    ") for node in nodes
    )
    assert text == expected + "\n  ]\n}\n"
    for node in document["@graph"]:
        for key, values in node.items():
            if key.startswith(EX):
                assert values == sorted(values, key=lambda value: json.dumps(value, sort_keys=True))


def test_an_empty_graph_exports_empty_documents() -> None:
    written = {
        name: writer.serialize(KnowledgeGraph(OxigraphStore())) for name, writer in RDF_WRITERS.items()
    }
    assert written == {
        "turtle": b"",
        "ntriples": b"",
        "nquads": b"",
        "trig": b"",
        "jsonld": b'{\n  "@context": {},\n  "@graph": [\n  ]\n}\n',
    }


def test_every_project_namespace_ends_in_a_slash_or_hash() -> None:
    # line_vocabulary takes an IRI's namespace to be its text up to its last "/" or "#".
    assert all(namespace[-1] in "/#" for namespace in PREFIXES.values())


iri_texts = st.sampled_from(
    [
        f"{PREFIXES['cnd']}org-a",
        f"{PREFIXES['cnd']}org/a",  # not a plain local name: written <…>, no prefix
        f"{PREFIXES['rdf']}type",
        f"{PREFIXES['rdf']}value",
        f"{PREFIXES['xsd']}date",
        f"{PREFIXES['skos']}",
        f"{EX}x",
    ]
)
named = iri_texts.map(ox.NamedNode)
tricky_literals = st.one_of(
    st.tuples(st.sampled_from(["", "x ", '"', "\\", "\n"]), iri_texts, st.sampled_from(["", " .", ">"])).map(
        lambda parts: ox.Literal(f"{parts[0]}<{parts[1]}>{parts[2]}")
    ),
    st.tuples(texts, iri_texts).map(lambda pair: ox.Literal(pair[0], datatype=ox.NamedNode(pair[1]))),
    texts.map(lambda text: ox.Literal(text, language="en")),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(named, st.just(ox.BlankNode("b0"))), named, st.one_of(named, tricky_literals)),
        max_size=8,
    )
)
def test_line_vocabulary_finds_the_prefixes_the_terms_use(
    statements: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.Literal | ox.NamedNode]],
) -> None:
    triples = [ox.Triple(*statement) for statement in statements]
    vocabulary = line_vocabulary(statement_lines(triples))
    for type_as_a in (True, False):
        expected = used_prefixes(statement_terms(triples, type_as_a=type_as_a))
        assert vocabulary.prefixes(type_as_a=type_as_a) == expected


def test_exports_read_in_chunks_match_the_writers_fed_line_by_line() -> None:
    # More lines than one chunk holds, and more text than one read: the chunk seams must not show.
    subjects = [ox.NamedNode(f"{PREFIXES['cnd']}org-{n:05d}") for n in range(9_000)]
    triples = [
        ox.Triple(subject, ox.NamedNode(f"{EX}{predicate}"), ox.Literal(f"name {n} " * 3))
        for n, subject in enumerate(subjects)
        for predicate in ("p", "q")
    ] + [ox.Triple(subject, RDF.type, ox.NamedNode(f"{EX}Org")) for subject in subjects]
    store = OxigraphStore()
    store.replace_graphs({GRAPH: triples})
    store.refresh_union()
    kg = KnowledgeGraph(store)
    triples.sort(key=lambda triple: f"{triple} .\n".encode())
    assert RDF_WRITERS["turtle"].serialize(kg).decode() == "".join(
        turtle(triples, used_prefixes(statement_terms(triples)))
    )
    assert RDF_WRITERS["jsonld"].serialize(kg).decode() == "".join(
        jsonld(triples, used_prefixes(statement_terms(triples, type_as_a=False)))
    )


def _longest_plain_prefix(iri: str) -> dict[str, str]:
    """The prefix whose namespace is the longest that starts `iri` with a plain rest, if any."""
    plain = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0])):
        if iri.startswith(namespace) and plain.fullmatch(iri[len(namespace) :]):
            return {name: namespace}
    return {}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([*PREFIXES.values(), "http://www.w3.org/", "https://w3id.org/careersnet-graph/", EX]),
    st.text(alphabet="aZ09_.-/#", max_size=6),
)
def test_an_iri_takes_the_longest_namespace_with_a_plain_rest(namespace: str, local: str) -> None:
    iri = namespace + local
    assume(iri.count("#") <= 1)  # pyoxigraph refuses a second "#"
    assert used_prefixes([ox.NamedNode(iri)]) == _longest_plain_prefix(iri)
