"""Shared test fixtures: paths of the repository and of the shared conformance suites."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
W3C_TURTLE_SUITE = REPO.parent / "shared" / "conformance" / "w3c-rdf-turtle"


@pytest.fixture
def repo() -> Path:
    """The repository's root folder."""
    return REPO
