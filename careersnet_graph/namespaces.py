"""The only place where the project's IRIs and prefixes are defined.

Every module that needs a namespace imports it from here, so exports, queries
and shapes all use the same conventional prefix names.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

CNG = Namespace("https://w3id.org/careersnet-graph/ontology#")
"""Project ontology terms (classes and properties minted where no standard fits)."""

CND = Namespace("https://w3id.org/careersnet-graph/id/")
"""Project instances: ``CND[f"{kind}-{slug}"]`` (see docs/iri-rule.md)."""

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
CORPORATE_BODY = Namespace("http://publications.europa.eu/resource/authority/corporate-body/")
WD = Namespace("http://www.wikidata.org/entity/")

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


def expand_curie(text: str) -> URIRef | None:
    """`prefix:local` with one of the project's prefixes as a full IRI, else None.

    >>> expand_curie("cnd:org-cedefop")
    rdflib.term.URIRef('https://w3id.org/careersnet-graph/id/org-cedefop')
    """
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in PREFIXES or local.startswith("//"):
        return None
    return URIRef(PREFIXES[prefix] + local)


__all__ = [
    "CND",
    "CNG",
    "CORPORATE_BODY",
    "COUNTRY",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "VOID",
    "WD",
    "XSD",
    "expand_curie",
]
