"""Issue 13, defect 3: JSON-LD with about 4,000 nested objects (100 kB) made `validate` die with
a segfault (exit 139): pyoxigraph's JSON-LD conversion recurses.

Now the JSON is read first, without recursion, and a document nested deeper than
`--max-json-depth` (256 levels by default) is refused with its line and column.
"""

from __future__ import annotations

from tests.regressions.conftest import INPUTS, cli_process, one_error_line

INPUT = INPUTS / "03-deep-json-ld" / "source-deep-json-ld.jsonld"


def test_deep_json_ld_is_refused_with_a_place_not_a_crash() -> None:
    result = cli_process("validate", str(INPUT))
    assert result.returncode == 2, (result.returncode, result.stderr)
    line = one_error_line(result.stderr)
    assert f"{INPUT}:1:" in line
    assert "JSON nested more than 256 levels deep (raise the limit with --max-json-depth)" in line


def test_the_limit_is_an_option() -> None:
    result = cli_process("validate", "--max-json-depth", "3", str(INPUT))
    assert result.returncode == 2
    assert "more than 3 levels deep" in one_error_line(result.stderr)
