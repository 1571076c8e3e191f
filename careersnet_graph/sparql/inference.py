"""RDFS entailment: the graph plus what RDFS semantics derives from it (owlrl).

The derived statements go to one extra named graph, `ENTAILMENT_GRAPH`, so that `GRAPH ?g`
still tells sourced statements from derived ones. The trivial `?x a rdfs:Resource` statements
are left out: they hold for everything and only add noise to answers.
"""

from __future__ import annotations

import owlrl
from rdflib import RDF, RDFS, URIRef

from careersnet_graph.graph import KnowledgeGraph, new_dataset, new_graph

ENTAILMENT_GRAPH = URIRef("https://w3id.org/careersnet-graph/entailment/rdfs")
"""Named graph holding the statements derived by RDFS entailment."""

INFERENCE_MODES = ("none", "rdfs")
"""The values of `--infer`."""


def with_rdfs_entailment(kg: KnowledgeGraph) -> KnowledgeGraph:
    """A new knowledge graph: the named graphs of `kg` plus one graph of RDFS-entailed statements."""
    closure = new_graph()
    for triple in kg.union:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        closure
    )
    dataset = new_dataset()
    for subject, predicate, obj, name in kg.quads():
        dataset.graph(name).add((subject, predicate, obj))
    entailed = dataset.graph(ENTAILMENT_GRAPH)
    for subject, predicate, obj in closure:
        if (subject, predicate, obj) in kg.union or (predicate == RDF.type and obj == RDFS.Resource):
            continue
        entailed.add((subject, predicate, obj))
    return KnowledgeGraph(dataset, {**kg.graph_files, ENTAILMENT_GRAPH: ()})
