"""Rewrites of checked query texts for SPARQL servers (used by the remote store).

`with_dataset` writes a query's dataset into its text. `construct_parts` and
`describe_as_construct` serve servers that cut a graph answer at their row limit without saying
so (Virtuoso): a CONSTRUCT runs there as the SELECT of its template's variables, which is paged
like any SELECT, and its template is filled in here over the rows; a DESCRIBE is first written as
the CONSTRUCT of the statements whose subject is a described resource.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from careersnet_graph.sparql.lexer import Token, tokenize
from careersnet_graph.sparql.params import sparql_term
from careersnet_graph.sparql.prepare import QUERY_FORMS, after_group, order_keys, prologue
from careersnet_graph.store.base import Term

_DESCRIBE_ENDS = ("ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES")
"""The keywords that may follow the terms of a DESCRIBE without a WHERE clause."""

_CONSTANT = "careersnetConstant"
_DESCRIBED = "?careersnetDescribed ?careersnetPredicate ?careersnetObject"


def with_dataset(text: str, default: Sequence[str], named: Sequence[str]) -> str:
    """`text` (a checked query without dataset clauses of its own) with `FROM <default>` and
    `FROM NAMED <named>` clauses where the grammar puts them: before the WHERE clause, or after
    the terms of a DESCRIBE that has none. The lines of the text keep their numbers."""
    if not default and not named:
        return text
    tokens = tokenize(text)
    start = prologue(tokens, "query")[2]
    kind = QUERY_FORMS[tokens[start].text.upper()]
    index = start + 1
    if kind == "CONSTRUCT" and index < len(tokens) and tokens[index].text == "{":
        index = after_group(tokens, index)
    offset = _where_offset(text, tokens[index:], describe=kind == "DESCRIBE")
    clauses = "".join(f"FROM <{iri}> " for iri in default) + "".join(f"FROM NAMED <{iri}> " for iri in named)
    return f"{text[:offset]} {clauses}{text[offset:]}"


@dataclass(frozen=True)
class ConstructParts:
    """A CONSTRUCT split in two: the SELECT of its template's variables (with the query's dataset,
    WHERE clause and modifiers) and the template to fill in with the rows of that SELECT."""

    prologue: str
    template: str
    select: str
    variables: tuple[str, ...]

    def filled(self, rows: Iterable[Sequence[Term | None]]) -> str:
        """A CONSTRUCT of the template over `rows` (a VALUES block), for a store of its own."""
        values = " ".join(
            "(" + " ".join("UNDEF" if term is None else sparql_term(term) for term in row) + ")"
            for row in rows
        )
        names = " ".join(f"?{name}" for name in self.variables)
        return f"{self.prologue}CONSTRUCT {{ {self.template} }} WHERE {{ VALUES ({names}) {{ {values} }} }}"


def construct_parts(text: str) -> ConstructParts:
    """Split a checked CONSTRUCT query. The SELECT keeps the line numbers of the query, so that a
    server's message about it points into the user's text."""
    tokens = tokenize(text)
    start = prologue(tokens, "query")[2]
    form = tokens[start]
    index = start + 1
    if index < len(tokens) and tokens[index].text == "{":
        end = after_group(tokens, index)
        group, rest = index, tokens[end].offset if end < len(tokens) else len(text)
    else:  # CONSTRUCT [FROM ...] WHERE { pattern }: the pattern is the template
        group = next(i for i in range(index, len(tokens)) if tokens[i].text == "{")
        end = after_group(tokens, group)
        rest = tokens[index].offset
    inside = tokens[group + 1 : end - 1]
    template = text[tokens[group].offset + 1 : tokens[end - 1].offset]
    variables = tuple(dict.fromkeys(token.text[1:] for token in inside if token.kind == "var"))
    blank = any(token.kind == "bnode" or token.text in ("[", "(") for token in inside)
    limited = any(token.depth == 0 and token.is_keyword("LIMIT", "OFFSET") for token in tokens[end:])
    projection = " ".join(f"?{name}" for name in variables) or f"(1 AS ?{_CONSTANT})"
    distinct = "" if blank or limited else "DISTINCT "
    lines = "\n" * text[form.offset : rest].count("\n")
    select = f"{text[: form.offset]}SELECT {distinct}{projection}{lines} {text[rest:]}"
    return ConstructParts(text[: form.offset], template, select, variables or (_CONSTANT,))


def describe_as_construct(text: str) -> str:
    """A checked DESCRIBE query as the CONSTRUCT of the statements whose subject is a described
    resource: an IRI it names, or a value of a variable it names (all of them for `*`)."""
    tokens = tokenize(text)
    start = prologue(tokens, "query")[2]
    index = start + 1
    described: list[Token] = []
    while index < len(tokens) and (
        tokens[index].kind in ("var", "iri", "pname") or tokens[index].text == "*"
    ):
        described.append(tokens[index])
        index += 1
    rest = tokens[index:]
    body = _where_offset(text, rest, describe=True)
    dataset = text[rest[0].offset : body] if rest else ""
    where = text[body:] if any(token.text == "{" for token in rest) else ""
    if any(token.text == "*" for token in described):
        variables = list(dict.fromkeys(token.text[1:] for token in rest if token.kind == "var"))
    else:
        variables = [token.text[1:] for token in described if token.kind == "var"]
    iris = " ".join(token.text for token in described if token.kind in ("iri", "pname"))
    branches = [f"{{ SELECT (?{name} AS ?careersnetDescribed) {where} }}" for name in variables if where]
    if iris:
        branches.append(f"{{ VALUES ?careersnetDescribed {{ {iris} }} }}")
    chosen = " UNION ".join(branches) or "{ FILTER (false) }"
    return (
        f"{text[: tokens[start].offset]}CONSTRUCT {{ {_DESCRIBED} }} {dataset}"
        f"WHERE {{ {{ {chosen} }} {_DESCRIBED} }}"
    )


def without_order(text: str) -> tuple[str, tuple[tuple[str, bool], ...] | None]:
    """`text` without its outer ORDER BY clause (blanked, so lines keep their numbers) and the
    (variable, descending) keys it ordered by, () where it has none; the text as it is and None
    where it orders by anything but variables, or has a LIMIT or OFFSET of its own."""
    tokens = tokenize(text)
    keys = order_keys(tokens)
    outer = [token for token in tokens if token.depth == 0]
    if keys and any(token.is_keyword("LIMIT", "OFFSET") for token in outer):
        return text, None  # the order chooses the rows
    if not keys:
        return text, keys
    start = next(
        index
        for index, token in enumerate(outer[:-1])
        if token.is_keyword("ORDER") and outer[index + 1].is_keyword("BY")
    )
    end = next(
        (token.offset for token in outer[start + 2 :] if token.is_keyword("LIMIT", "OFFSET", "VALUES")),
        len(text),
    )
    begin = outer[start].offset
    return text[:begin] + re.sub(r"[^\n]", " ", text[begin:end]) + text[end:], keys


def _where_offset(text: str, tokens: list[Token], *, describe: bool) -> int:
    """Where the WHERE clause starts among `tokens` (those after the query form and its template
    or terms); for a DESCRIBE without one, where its modifiers start; else the end of the text."""
    parentheses = 0
    for token in tokens:
        if parentheses == 0 and (
            token.text == "{" or token.is_keyword("WHERE") or (describe and token.is_keyword(*_DESCRIBE_ENDS))
        ):
            return token.offset
        if token.text == "(":
            parentheses += 1
        elif token.text == ")":
            parentheses -= 1
    return len(text)
