"""Shared test fixtures: paths of the repository and of the shared conformance suites."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tables wrap to the terminal's width: every test sees a terminal of 100 columns (the width the
# CLI assumes when it cannot tell), whether pytest runs on a terminal, in a pipe or in a worker.
os.environ["COLUMNS"] = "100"

REPO = Path(__file__).resolve().parents[1]
W3C_TURTLE_SUITE = REPO.parent / "shared" / "conformance" / "w3c-rdf-turtle"


@pytest.fixture
def repo() -> Path:
    """The repository's root folder."""
    return REPO
