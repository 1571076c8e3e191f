"""Turning what a user types (an IRI, a CURIE or a label) into an RDF term."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import replace

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import expand_curie
from careersnet_graph.sparql.answer import Answer
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
        nearest = nearest_labels(kg, text)
        hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
        raise CareersnetError(
            f"no entity with the label {text!r}; give its IRI or CURIE (e.g. cnd:org-cedefop){hint}"
        )
    if len(matches) > 1:
        countries = countries_of(kg, matches)
        names = ", ".join(
            kg.curie(match) + (f" ({countries[match]})" if match in countries else "") for match in matches
        )
        raise CareersnetError(f"the label {text!r} names several entities ({names}); give an IRI or CURIE")
    return matches[0]


def nearest_labels(kg: KnowledgeGraph, text: str, count: int = 5) -> list[str]:
    """The labels of the graph closest to `text` (difflib's ratio, case-insensitive), best first."""
    rows = kg.rows(
        "SELECT DISTINCT ?label WHERE { ?entity rdfs:label|skos:prefLabel|skos:altLabel ?label "
        "FILTER (isIRI(?entity)) }"
    )
    labels = {row[0].value.casefold(): row[0].value for row in rows if isinstance(row[0], ox.Literal)}
    close = difflib.get_close_matches(text.strip().casefold(), sorted(labels), n=count, cutoff=0.5)
    return [labels[key] for key in close]


def countries_of(kg: KnowledgeGraph, nodes: Collection[ox.NamedNode]) -> dict[ox.NamedNode, str]:
    """The country code (`cng:country`, e.g. SVN) of each node that has one; several are joined by '/'."""
    ordered = sorted(nodes, key=lambda node: node.value)
    found: dict[ox.NamedNode, set[str]] = {}
    for start in range(0, len(ordered), 500):  # a VALUES block of bounded size, on every store
        values = " ".join(sparql_term(node) for node in ordered[start : start + 500])
        text = f"SELECT ?node ?country WHERE {{ VALUES ?node {{ {values} }} ?node cng:country ?country }}"
        for node, country in kg.rows(text):
            if isinstance(node, ox.NamedNode) and isinstance(country, ox.NamedNode):
                found.setdefault(node, set()).add(country.value.rstrip("/").rpartition("/")[2])
    return {node: "/".join(sorted(codes)) for node, codes in found.items()}


def shared_labels(kg: KnowledgeGraph) -> set[str]:
    """The `rdfs:label` texts that more than one entity carries (shown with a country to tell them apart)."""
    rows = kg.rows(
        "SELECT ?label WHERE { ?entity rdfs:label ?label FILTER (isIRI(?entity)) } "
        "GROUP BY ?label HAVING (COUNT(DISTINCT ?entity) > 1)"
    )
    return {row[0].value for row in rows if isinstance(row[0], ox.Literal)}


def entity_parameters(declared: Mapping[str, str]) -> set[str]:
    """The parameters whose description gives an IRI or CURIE as example (`e.g. cnd:org-cedefop`):
    they name an entity, so a label may be given for them."""
    found = set()
    for name, description in declared.items():
        _, marker, example = description.partition("e.g. ")
        words = example.split()
        if marker and words and expand_iri(words[0].rstrip(",;.")) is not None:
            found.add(name)
    return found


def resolve_labels(
    kg: KnowledgeGraph, given: Mapping[str, object], entities: Collection[str]
) -> dict[str, object]:
    """`given` with each value of an entity parameter that reads as plain text (not an IRI, a
    CURIE or a quoted literal) replaced by the entity it labels (see `resolve_entity`)."""
    resolved = dict(given)
    for name, value in given.items():
        if name in entities and isinstance(value, str) and _plain_text(value):
            try:
                resolved[name] = resolve_entity(kg, value)
            except CareersnetError as error:
                raise CareersnetError(f"parameter {name}: {error}") from None
    return resolved


def _plain_text(value: str) -> bool:
    term = parse_term(value)
    return (
        isinstance(term, ox.Literal)
        and not term.language
        and term.datatype.value.endswith("#string")
        and not value.startswith('"')
    )


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


def labels_with_countries(kg: KnowledgeGraph, answer: Answer) -> Answer:
    """The answer with each label that several entities share followed by its entity's country,
    e.g. "Ministry of Education (DNK)": a column `xLabel` names the entity of column `x`."""
    if answer.kind != "SELECT":
        return answer
    pairs = {
        index: answer.variables.index(name[: -len("Label")])
        for index, name in enumerate(answer.variables)
        if name.endswith("Label") and name[: -len("Label")] in answer.variables
    }
    if not pairs:
        return answer
    shared = shared_labels(kg)

    def sharing(row: tuple[Term | None, ...]) -> list[tuple[int, ox.Literal, ox.NamedNode]]:
        """(label column, label, entity) of each shared label of the row whose entity is an IRI."""
        found = []
        for label, entity in pairs.items():
            term, node = row[label], row[entity]
            if isinstance(term, ox.Literal) and term.value in shared and isinstance(node, ox.NamedNode):
                found.append((label, term, node))
        return found

    countries = countries_of(kg, {node for row in answer.rows for _, _, node in sharing(row)})
    if not countries:
        return answer

    def shown(row: tuple[Term | None, ...]) -> tuple[Term | None, ...]:
        cells = list(row)
        for label, term, node in sharing(row):
            if node in countries:
                cells[label] = ox.Literal(f"{term.value} ({countries[node]})")
        return tuple(cells)

    return replace(answer, rows=tuple(shown(row) for row in answer.rows))
