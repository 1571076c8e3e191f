"""Turning what a user types (an IRI, a CURIE or a label) into an RDF term."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import RDFS, SKOS, expand_curie
from careersnet_graph.sparql.params import parse_term


def expand_iri(text: str) -> URIRef | None:
    """`<iri>`, an absolute http(s)/urn IRI or a CURIE with a project prefix, as an IRI; else None."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith(("http://", "https://", "urn:")):
        return URIRef(text)
    return expand_curie(text)


def resolve_entity(kg: KnowledgeGraph, text: str) -> URIRef:
    """An entity named by IRI, CURIE or exact label (case-insensitive); an error if unknown or ambiguous."""
    iri = expand_iri(text)
    if iri is not None:
        if (iri, None, None) not in kg.union and (None, None, iri) not in kg.union:
            raise CareersnetError(f"no entity {text!r} in the graph")
        return iri
    wanted = text.strip().casefold()
    matches = sorted(
        {
            subject
            for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
            for subject, label in kg.union.subject_objects(predicate)
            if isinstance(subject, URIRef) and isinstance(label, Literal) and str(label).casefold() == wanted
        }
    )
    if not matches:
        raise CareersnetError(
            f"no entity with the label {text!r}; give its IRI or CURIE (e.g. cnd:org-cedefop)"
        )
    if len(matches) > 1:
        names = ", ".join(kg.curie(match) for match in matches)
        raise CareersnetError(f"the label {text!r} names several entities ({names}); give an IRI or CURIE")
    return matches[0]


def parse_statement(kg: KnowledgeGraph, parts: tuple[str, str, str]) -> tuple[URIRef, URIRef, Identifier]:
    """A statement typed as three words: subject and predicate IRIs or CURIEs; the object a term
    as a query parameter is written (IRI, CURIE, quoted or typed literal), where plain text also
    matches a literal of another datatype or language that the graph holds with that text."""
    subject, predicate = (_required_iri(text) for text in parts[:2])
    obj = parse_term(parts[2])
    if isinstance(obj, Literal) and obj.datatype is None and obj.language is None:
        matching = [value for value in kg.union.objects(subject, predicate) if str(value) == str(obj)]
        obj = next((value for value in matching if isinstance(value, Literal)), obj)
    return subject, predicate, obj


def _required_iri(text: str) -> URIRef:
    iri = expand_iri(text)
    if iri is None:
        raise CareersnetError(f"{text!r} is not an IRI or a CURIE with a known prefix")
    return iri
