"""The project's namespaces as rdflib terms, for the statements this package builds and compares.

They are made from the prefixes of `careersnet_graph.namespaces` (the only place IRIs are defined:
`str()` of a namespace there is its prefix), so that this package writes rdflib graphs whatever
term type the store layer's namespaces give. `expand_curie` likewise returns the IRI as text.
"""

from __future__ import annotations

from rdflib import URIRef

from careersnet_graph import namespaces


class Namespace:
    """An IRI prefix whose attributes and items are rdflib `URIRef`s; `str()` is the prefix."""

    __slots__ = ("_prefix",)

    def __init__(self, prefix: object) -> None:
        self._prefix = str(prefix)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        return URIRef(self._prefix + name)

    def __getitem__(self, name: str) -> URIRef:
        return URIRef(self._prefix + name)

    def __str__(self) -> str:
        return self._prefix


CND = Namespace(namespaces.CND)
CNG = Namespace(namespaces.CNG)
COUNTRY = Namespace(namespaces.COUNTRY)
DCTERMS = Namespace(namespaces.DCTERMS)
FOAF = Namespace(namespaces.FOAF)
ORG = Namespace(namespaces.ORG)
RDF = Namespace(namespaces.RDF)
RDFS = Namespace(namespaces.RDFS)
SCHEMA = Namespace(namespaces.SCHEMA)
SKOS = Namespace(namespaces.SKOS)
XSD = Namespace(namespaces.XSD)

PREFIXES: dict[str, str] = dict(namespaces.PREFIXES)


def expand_curie(text: str) -> str | None:
    """`prefix:local` with one of the project's prefixes as a full IRI, else None."""
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in PREFIXES or local.startswith("//"):
        return None
    return PREFIXES[prefix] + local
