"""The only place where the project's IRIs and prefixes are defined.

Every module that needs a namespace imports it from here, so exports, queries and shapes all
use the same conventional prefix names. A term of a namespace is a pyoxigraph `NamedNode`, the
one term type that crosses the store seam: ``CNG.Participation``, ``RDFS["label"]``.
"""

from __future__ import annotations

import pyoxigraph as ox


class Namespace:
    """An IRI prefix whose attributes and items are the `NamedNode`s of its terms; `str()` is the prefix."""

    __slots__ = ("_prefix",)
    _prefix: str

    def __init__(self, prefix: str) -> None:
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return ox.NamedNode(self._prefix + name)

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self._prefix + name)

    def __str__(self) -> str:
        return self._prefix

    def __repr__(self) -> str:
        return f"Namespace({self._prefix!r})"


CNG = Namespace("https://w3id.org/careersnet-graph/ontology#")
"""Project ontology terms (classes and properties minted where no standard fits)."""

CND = Namespace("https://w3id.org/careersnet-graph/id/")
"""Project instances: ``CND[f"{kind}-{slug}"]`` (see docs/modelling.md)."""

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
CORPORATE_BODY = Namespace("http://publications.europa.eu/resource/authority/corporate-body/")
WD = Namespace("http://www.wikidata.org/entity/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
VOID = Namespace("http://rdfs.org/ns/void#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

GENID = Namespace("https://w3id.org/careersnet-graph/.well-known/genid/")
"""Skolem IRIs that stand for blank nodes inside a store (RDF 1.1 Concepts §3.5)."""

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/careersnet-graph/ontology")
"""Named graph holding the ontology and its vocabularies."""

META_GRAPH = ox.NamedNode("https://w3id.org/careersnet-graph/meta")
"""Named graph of the loader's own records: which file filled which graph, and its state."""

UNION_GRAPH = ox.NamedNode("https://w3id.org/careersnet-graph/union")
"""Named graph holding each statement of the data graphs once, on stores whose default graph
cannot serve (remote servers): the default graph every query reads there."""

ENTAILMENT_GRAPH = ox.NamedNode("https://w3id.org/careersnet-graph/entailment/rdfs")
"""Named graph of the statements RDFS entailment adds (`--infer rdfs`)."""

PREFIXES: dict[str, str] = {
    "cng": str(CNG),
    "cnd": str(CND),
    "country": str(COUNTRY),
    "corporate-body": str(CORPORATE_BODY),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sh": str(SH),
    "skos": str(SKOS),
    "void": str(VOID),
    "wd": str(WD),
    "xsd": str(XSD),
}
"""Conventional prefix names, used for parsing queries and for every export."""

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0]))


def expand_curie(text: str) -> ox.NamedNode | None:
    """`prefix:local` with one of the project's prefixes as a full IRI, else None.

    >>> expand_curie("cnd:org-cedefop")
    <NamedNode value=https://w3id.org/careersnet-graph/id/org-cedefop>
    """
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in PREFIXES or local.startswith("//"):
        return None
    return ox.NamedNode(PREFIXES[prefix] + local)


def curie(iri: str) -> str:
    """`iri` as a CURIE with the longest matching project prefix, or as it is.

    >>> curie("https://w3id.org/careersnet-graph/id/org-cedefop")
    'cnd:org-cedefop'
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


__all__ = [
    "CND",
    "CNG",
    "CORPORATE_BODY",
    "COUNTRY",
    "DCAT",
    "DCTERMS",
    "ENTAILMENT_GRAPH",
    "FOAF",
    "GENID",
    "META_GRAPH",
    "ONTOLOGY_GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "UNION_GRAPH",
    "VOID",
    "WD",
    "XSD",
    "Namespace",
    "curie",
    "expand_curie",
]
