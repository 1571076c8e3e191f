"""Where the shipped ontology, shapes, data and queries live.

In a wheel they are inside the package (`careersnet_graph/_resources/`); in a source checkout
they are the repository's top-level `ontology/` and `data/` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    bundled = _PACKAGE_DIR / "_resources" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / name


def ontology_dir() -> Path:
    """The folder with the OWL ontology, the SKOS vocabularies and the SHACL shapes."""
    return _resource_dir("ontology")


def data_dir() -> Path:
    """The folder with the curated, sourced data."""
    return _resource_dir("data")


def shapes_file() -> Path:
    """The SHACL shapes that the data must conform to."""
    return ontology_dir() / "shapes.ttl"


def ontology_files() -> list[Path]:
    """The ontology and its vocabularies (not the shapes), in a stable order."""
    return sorted(path for path in ontology_dir().rglob("*.ttl") if path != shapes_file())
