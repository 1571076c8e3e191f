"""RDFS entailment: what RDFS semantics derives from a graph (owlrl).

The derived statements go to one extra named graph, `ENTAILMENT_GRAPH`, so that `GRAPH ?g`
still tells sourced statements from derived ones (`KnowledgeGraph.with_entailment`). The trivial
`?x a rdfs:Resource` statements are left out: they hold for everything and only add noise to
answers; so are statements about literals, which RDF cannot hold.
"""

from __future__ import annotations

from typing import cast

import owlrl
import pyoxigraph as ox
from rdflib import Graph, Literal

from careersnet_graph.errors import CareersnetError
from careersnet_graph.namespaces import RDF, RDFS
from careersnet_graph.rdflib_terms import from_rdflib, new_graph
from careersnet_graph.store.base import Subject

INFERENCE_MODES = ("none", "rdfs")


def check_mode(infer: str) -> None:
    """Refuse an inference mode other than none and rdfs."""
    if infer not in INFERENCE_MODES:
        raise CareersnetError(f"unknown inference mode {infer!r}: use none or rdfs")


def rdfs_entailment(union: Graph) -> list[ox.Triple]:
    """The statements RDFS entailment adds to `union` (an rdflib graph, left as it is)."""
    closure = new_graph()
    for triple in union:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        closure
    )
    entailed: list[ox.Triple] = []
    for subject, predicate, obj in closure:
        if isinstance(subject, Literal) or (subject, predicate, obj) in union:
            continue
        new_predicate, new_object = cast(ox.NamedNode, from_rdflib(predicate)), from_rdflib(obj)
        if new_predicate == RDF.type and new_object == RDFS.Resource:
            continue
        entailed.append(ox.Triple(cast(Subject, from_rdflib(subject)), new_predicate, new_object))
    return entailed
