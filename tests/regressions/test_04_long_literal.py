"""Issue 13, defect 4: one literal over 16 MiB gave a MemoryError traceback (exit 1): pyoxigraph's
parser holds at most 16 MiB in one token.

Now it is one error line (exit 2) naming the file, the line, the parser's limit and the
literal limit (`--max-literal-bytes`, 1 MiB by default), for every format.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.regressions.conftest import INPUTS, cli_process, one_error_line

FOLDER = INPUTS / "04-long-literal"


def with_literal(name: str, size: int, folder: Path) -> Path:
    text = (FOLDER / name).read_text(encoding="utf-8").replace("LITERAL", "a" * size)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["source-long-literal.ttl", "source-long-literal.jsonld"])
def test_a_literal_above_the_parser_s_16_mib_is_one_error_line(name: str, tmp_path: Path) -> None:
    path = with_literal(name, 17 << 20, tmp_path)
    result = cli_process("validate", "--max-literal-bytes", str(32 << 20), str(path))
    assert result.returncode == 2, result.stderr[-2000:]
    line = one_error_line(result.stderr)
    assert str(path) in line
    assert "the most the parser reads" in line or "more than the limit" in line


def test_a_literal_above_the_limit_names_the_option(tmp_path: Path) -> None:
    path = with_literal("source-long-literal.ttl", 2 << 20, tmp_path)
    result = cli_process("validate", str(path))
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert f"{path}:6:29:" in line
    assert "--max-literal-bytes" in line
