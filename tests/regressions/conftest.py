"""Shared helpers of the regression tests: their inputs and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from careersnet_graph.cli import main

INPUTS = Path(__file__).parent / "inputs"
REPO = Path(__file__).resolve().parents[2]


def cli(*args: str) -> Result:
    """`careersnet ARGS` in this process."""
    return CliRunner().invoke(main, list(args))


def cli_process(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`careersnet ARGS` in its own process (so that a crash is an exit code, not a dead test run)."""
    return subprocess.run(
        [sys.executable, "-m", "careersnet_graph", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_error_line(output: str) -> str:
    """The output is one `error: …` line and nothing else (no traceback)."""
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error: "), output
    assert "Traceback" not in output
    return lines[0]
