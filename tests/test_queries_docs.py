"""The Python example of docs/sparql.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "sparql.md"


def test_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    example = next(block for block in blocks if "kg.select" in block)
    namespace: dict[str, object] = {}
    exec(compile(example, str(DOC), "exec"), namespace)
    assert namespace["rows"], "partners-of cnd:org-cedefop answers on the shipped data"
    rows = namespace["rows"]
    assert isinstance(rows, list)
    assert len(capsys.readouterr().out.splitlines()) == len(rows)
    assert list(namespace["frame"].columns) == ["date", "endDate", "item", "itemLabel", "kind"]  # type: ignore[attr-defined]
