"""The dataset description (VoID and DCAT) that `careersnet build` writes beside the exports.

It states the licence, the triple counts of the whole and of each named graph, the sources each
graph comes from, and one distribution per export file. It carries no timestamp, so that two
builds of the same data are byte-identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import (
    CND,
    CNG,
    DCAT,
    DCTERMS,
    FOAF,
    ONTOLOGY_GRAPH,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    VOID,
    XSD,
)
from careersnet_graph.provenance import statement_counts
from careersnet_graph.rdf_writers import statement_terms, turtle, used_prefixes
from careersnet_graph.stats import Summary

DATASET = CND["dataset-careersnet-graph"]
LICENCE = ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")


def _english(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def describe_dataset(
    kg: KnowledgeGraph, summary: Summary, distributions: Sequence[tuple[Path, str]]
) -> list[ox.Triple]:
    """VoID/DCAT description of the dataset; `distributions` are (file name, media type) pairs."""
    triples = [
        ox.Triple(DATASET, RDF.type, DCAT.Dataset),
        ox.Triple(DATASET, RDF.type, VOID.Dataset),
        ox.Triple(
            DATASET,
            DCTERMS.title,
            _english("careersnet-graph: European lifelong guidance actors and partnerships"),
        ),
        ox.Triple(
            DATASET,
            DCTERMS.description,
            _english(
                "An open knowledge graph of the actors, initiatives and partnerships of European lifelong "
                "guidance and career development, built around Cedefop's CareersNet network. Every statement "
                "sits in the named graph of the public source it comes from; inferred statements sit in "
                "inference graphs."
            ),
        ),
        ox.Triple(DATASET, DCTERMS.license, LICENCE),
        ox.Triple(
            DATASET,
            DCTERMS.rights,
            _english("Data: Creative Commons Attribution 4.0 International (CC BY 4.0)."),
        ),
        ox.Triple(DATASET, VOID.triples, _integer(summary.triples_with_ontology)),
        ox.Triple(DATASET, VOID.vocabulary, ONTOLOGY_GRAPH),
    ]
    for cls, count in _class_counts(summary).items():
        partition = CND[f"partition-{kg.curie(cls).replace(':', '-')}"]
        triples += [
            ox.Triple(DATASET, VOID.classPartition, partition),
            ox.Triple(partition, VOID["class"], cls),
            ox.Triple(partition, VOID.entities, _integer(count)),
        ]
    names = kg.graph_names()
    counts = statement_counts(kg, names)
    for name in names:
        local = "ontology" if name == ONTOLOGY_GRAPH else name.value.removeprefix(str(CND))
        subset = CND[f"subset-{local}"]
        triples += [
            ox.Triple(DATASET, VOID.subset, subset),
            ox.Triple(subset, RDF.type, VOID.Dataset),
            ox.Triple(subset, RDFS.label, _english(f"statements of {kg.curie(name)}")),
            ox.Triple(subset, VOID.triples, _integer(counts.get(name, 0))),
            ox.Triple(subset, DCTERMS.source, name),
        ]
        if name != ONTOLOGY_GRAPH:
            triples.append(ox.Triple(subset, PROV.wasDerivedFrom, name))
    for file_name, media_type in distributions:
        distribution = CND[f"distribution-{file_name.name.replace('.', '-')}"]
        triples += [
            ox.Triple(DATASET, DCAT.distribution, distribution),
            ox.Triple(distribution, RDF.type, DCAT.Distribution),
            ox.Triple(distribution, DCTERMS.identifier, ox.Literal(file_name.name)),
            ox.Triple(distribution, DCAT.mediaType, ox.Literal(media_type)),
            ox.Triple(distribution, DCTERMS.license, LICENCE),
        ]
    return triples


def description_turtle(triples: list[ox.Triple]) -> str:
    """The description as Turtle, subjects and statements in a stable order."""
    ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return "".join(turtle(ordered, used_prefixes(statement_terms(ordered))))


def _class_counts(summary: Summary) -> dict[ox.NamedNode, int]:
    return {
        ORG.Organization: summary.organisations,
        FOAF.Person: summary.persons,
        CNG.PersonGroup: summary.person_groups,
        CNG.Initiative: summary.initiatives,
        SCHEMA.Event: summary.events,
        CNG.Participation: summary.links,
        ORG.Post: summary.posts,
        CNG.Source: summary.sources,
        CNG.Inference: summary.inferences,
    }
