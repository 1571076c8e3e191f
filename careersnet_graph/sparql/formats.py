"""Writers for answers: the W3C SPARQL 1.1 result formats, a terminal table, Markdown, and RDF graphs.

Every writer is deterministic: the same answer gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.rdf_writers import jsonld, ntriples, statement_terms, turtle, used_prefixes
from careersnet_graph.sparql.answer import Answer
from careersnet_graph.sparql.table import render_table
from careersnet_graph.store.base import Term

TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml", "markdown")
"""Formats for SELECT and ASK answers."""

GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
"""Formats for CONSTRUCT and DESCRIBE answers."""

MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "markdown": "text/markdown",
    "table": "text/plain",
}
"""The media type of each format (with `; charset=utf-8` when served)."""

SPARQL_RESULTS_XMLNS = "http://www.w3.org/2005/sparql-results#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def render(answer: Answer, format_name: str, curie: Callable[[Term], str], width: int = 100) -> str:
    """The answer written in `format_name`; `curie` shortens IRIs in the table and Markdown formats."""
    if answer.returns_graph:
        if format_name not in GRAPH_FORMATS:
            raise CareersnetError(
                f"a {answer.kind} query answers with a graph: use --format {', '.join(GRAPH_FORMATS)}"
            )
        return _render_graph(answer, format_name)
    if format_name not in TABLE_FORMATS:
        raise CareersnetError(
            f"a {answer.kind} query answers with a table: use --format {', '.join(TABLE_FORMATS)}"
        )
    if format_name == "table":
        return render_table(_display_rows(answer, curie), width)
    if format_name == "markdown":
        return _markdown(_display_rows(answer, curie))
    return {"csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[format_name](answer)


def _display_rows(answer: Answer, curie: Callable[[Term], str]) -> list[list[str]]:
    if answer.kind == "ASK":
        return [["answer"], ["true" if answer.boolean else "false"]]
    rows = [["" if term is None else _display(term, curie) for term in row] for row in answer.rows]
    return [list(answer.variables), *rows]


def _display(term: Term, curie: Callable[[Term], str]) -> str:
    if isinstance(term, ox.NamedNode):
        return curie(term)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _markdown(rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"

    header, *body = rows
    return "\n".join([line(header), "|" + "---|" * len(header), *(line(row) for row in body)]) + "\n"


def _csv(answer: Answer) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if answer.kind == "ASK":
        writer.writerow(["_askResult"])
        writer.writerow(["true" if answer.boolean else "false"])
        return out.getvalue()
    writer.writerow(answer.variables)
    for row in answer.rows:
        writer.writerow(["" if term is None else _csv_value(term) for term in row])
    return out.getvalue()


def _csv_value(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _tsv(answer: Answer) -> str:
    if answer.kind == "ASK":
        return "?_askResult\n" + ("true" if answer.boolean else "false") + "\n"
    lines = ["\t".join(f"?{name}" for name in answer.variables)]
    for row in answer.rows:
        lines.append("\t".join("" if term is None else _tsv_term(term) for term in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term) -> str:
    """A term in the N-Triples-like syntax of SPARQL's TSV results (tabs and newlines escaped)."""
    text = ntriples([ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), term)]).decode("utf-8")
    return text[len("<urn:x> <urn:x> ") : -len(" .\n")]


def _json(answer: Answer) -> str:
    document: dict[str, object]
    if answer.kind == "ASK":
        document = {"head": {}, "boolean": bool(answer.boolean)}
    else:
        bindings = [
            {
                name: _json_term(term)
                for name, term in zip(answer.variables, row, strict=True)
                if term is not None
            }
            for row in answer.rows
        ]
        document = {"head": {"vars": list(answer.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    value: dict[str, str] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        value["datatype"] = term.datatype.value
    return value


def _xml(answer: Answer) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_XMLNS}">']
    if answer.kind == "ASK":
        lines += ["  <head/>", f"  <boolean>{'true' if answer.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines.append("  <head>")
    lines += [f"    <variable name={quoteattr(name)}/>" for name in answer.variables]
    lines += ["  </head>", "  <results>"]
    for row in answer.rows:
        lines.append("    <result>")
        for name, term in zip(answer.variables, row, strict=True):
            if term is not None:
                lines.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _render_graph(answer: Answer, format_name: str) -> str:
    """A graph answer written by the same deterministic writers as the exports."""
    assert answer.triples is not None
    triples = list(answer.triples)
    if format_name == "ntriples":
        return ntriples(triples).decode("utf-8")
    if format_name == "turtle":
        return "".join(turtle(triples, used_prefixes(statement_terms(triples))))
    return "".join(jsonld(triples, used_prefixes(statement_terms(triples, type_as_a=False))))
