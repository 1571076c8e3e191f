"""Turning what a user types (an IRI, a CURIE or a label) into an RDF term."""

from __future__ import annotations

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import expand_curie
from careersnet_graph.sparql.params import parse_term, sparql_term
from careersnet_graph.store.base import Term


def expand_iri(text: str) -> ox.NamedNode | None:
    """`<iri>`, an absolute http(s)/urn IRI or a CURIE with a project prefix, as an IRI; else None."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    if text.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(text)
    return expand_curie(text)


def entities_labelled(kg: KnowledgeGraph, text: str) -> list[ox.NamedNode]:
    """The entities whose label, preferred or alternative label is `text` (any case), sorted."""
    wanted = sparql_term(ox.Literal(text.strip().casefold()))
    rows = kg.rows(
        "SELECT DISTINCT ?entity WHERE { ?entity rdfs:label|skos:prefLabel|skos:altLabel ?label "
        f"FILTER (isIRI(?entity) && LCASE(STR(?label)) = {wanted}) }}"
    )
    return sorted((row[0] for row in rows if isinstance(row[0], ox.NamedNode)), key=lambda node: node.value)


def resolve_entity(kg: KnowledgeGraph, text: str) -> ox.NamedNode:
    """An entity named by IRI, CURIE or exact label (case-insensitive); an error if unknown or ambiguous."""
    iri = expand_iri(text)
    if iri is not None:
        if not any(kg.quads(subject=iri)) and not any(kg.quads(obj=iri)):
            raise CareersnetError(f"no entity {text!r} in the graph")
        return iri
    matches = entities_labelled(kg, text)
    if not matches:
        raise CareersnetError(
            f"no entity with the label {text!r}; give its IRI or CURIE (e.g. cnd:org-cedefop)"
        )
    if len(matches) > 1:
        names = ", ".join(kg.curie(match) for match in matches)
        raise CareersnetError(f"the label {text!r} names several entities ({names}); give an IRI or CURIE")
    return matches[0]


def parse_statement(
    kg: KnowledgeGraph, parts: tuple[str, str, str]
) -> tuple[ox.NamedNode, ox.NamedNode, Term]:
    """A statement typed as three words: subject and predicate IRIs or CURIEs; the object a term
    as a query parameter is written (IRI, CURIE, quoted or typed literal), where plain text also
    matches a literal of another datatype or language that the graph holds with that text."""
    subject, predicate = (_required_iri(text) for text in parts[:2])
    obj = parse_term(parts[2])
    if isinstance(obj, ox.Literal) and not obj.language and obj.datatype.value.endswith("#string"):
        matching = [
            quad.object for quad in kg.quads(subject, predicate) if isinstance(quad.object, ox.Literal)
        ]
        obj = min((value for value in matching if value.value == obj.value), key=str, default=obj)
    return subject, predicate, obj


def _required_iri(text: str) -> ox.NamedNode:
    iri = expand_iri(text)
    if iri is None:
        raise CareersnetError(f"{text!r} is not an IRI or a CURIE with a known prefix")
    return iri
