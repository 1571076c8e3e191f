"""Found while fixing issue 13: Oxigraph's SPARQL parser and evaluator recurse once per level of
some constructs, so a long chain of unary operators (`!!!…!true`) or a few thousand MINUS,
VALUES or BIND clauses in a row overflowed its stack: `careersnet query` died with a segfault
(exit 139), and so did an endpoint worker.

Now the tokenizer refuses such queries before any store sees them: unary chains count as
nesting (at most 128 levels), and a query has at most 1,000 groups, BIND and FILTER clauses.
"""

from __future__ import annotations

import pytest

from tests.regressions.conftest import cli_process, one_error_line

QUERIES = {
    "unary chain": "ASK { FILTER (" + "!" * 10_000 + "true) }",
    "BIND clauses": "SELECT * WHERE { " + " ".join(f"BIND (1 AS ?v{i})" for i in range(5_000)) + " }",
    "MINUS clauses": "SELECT * WHERE { BIND (1 AS ?x) " + "MINUS { ?s ?p ?o } " * 3_000 + "}",
    "VALUES clauses": "SELECT * WHERE { " + " ".join(f"VALUES ?v{i} {{ 1 }}" for i in range(3_000)) + " }",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_that_overflow_the_store_s_stack_are_refused(name: str) -> None:
    result = cli_process("query", QUERIES[name], timeout=120)
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    line = one_error_line(result.stderr)
    assert "nested too deeply" in line or "more than 1000 groups, BIND and FILTER clauses" in line


def test_a_query_within_the_limits_answers() -> None:
    query = "SELECT * WHERE { " + " ".join(f"BIND ({i} AS ?v{i})" for i in range(900)) + " }"
    result = cli_process("query", query, "--format", "csv", timeout=120)
    assert result.returncode == 0, result.stderr
