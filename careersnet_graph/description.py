"""The dataset description (VoID and DCAT) that `careersnet build` writes beside the exports.

It states the licence, the triple counts of the whole and of each named graph, the sources each
graph comes from, and one distribution per export file. It carries no timestamp, so that two
builds of the same data are byte-identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from careersnet_graph.graph import ONTOLOGY_GRAPH, KnowledgeGraph, new_graph
from careersnet_graph.namespaces import CND, CNG, DCAT, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SCHEMA, VOID, XSD
from careersnet_graph.stats import Summary

DATASET = CND["dataset-careersnet-graph"]
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def describe_dataset(
    kg: KnowledgeGraph, summary: Summary, distributions: Sequence[tuple[Path, str]]
) -> Graph:
    """VoID/DCAT description of the dataset; `distributions` are (file name, media type) pairs."""
    graph = new_graph()
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    graph.add((DATASET, RDF.type, VOID.Dataset))
    graph.add(
        (
            DATASET,
            DCTERMS.title,
            Literal("careersnet-graph: European lifelong guidance actors and partnerships", lang="en"),
        )
    )
    graph.add(
        (
            DATASET,
            DCTERMS.description,
            Literal(
                "An open knowledge graph of the actors, initiatives and partnerships of European lifelong "
                "guidance and career development, built around Cedefop's CareersNet network. Every statement "
                "sits in the named graph of the public source it comes from; inferred statements sit in "
                "inference graphs.",
                lang="en",
            ),
        )
    )
    graph.add((DATASET, DCTERMS.license, LICENCE))
    graph.add(
        (
            DATASET,
            DCTERMS.rights,
            Literal("Data: Creative Commons Attribution 4.0 International (CC BY 4.0).", lang="en"),
        )
    )
    graph.add((DATASET, VOID.triples, Literal(len(kg.union), datatype=XSD.integer)))
    graph.add((DATASET, VOID.vocabulary, URIRef(str(ONTOLOGY_GRAPH))))
    for cls, count in _class_counts(summary).items():
        partition = CND[f"partition-{kg.curie(cls).replace(':', '-')}"]
        graph.add((DATASET, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for name in kg.graph_names():
        _describe_subset(kg, graph, name)
    for file_name, media_type in distributions:
        distribution = CND[f"distribution-{file_name.name.replace('.', '-')}"]
        graph.add((DATASET, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.identifier, Literal(file_name.name)))
        graph.add((distribution, DCAT.mediaType, Literal(media_type)))
        graph.add((distribution, DCTERMS.license, LICENCE))
    return graph


def _describe_subset(kg: KnowledgeGraph, graph: Graph, name: URIRef) -> None:
    subset = CND[f"subset-{name.removeprefix(str(CND)) if name != ONTOLOGY_GRAPH else 'ontology'}"]
    graph.add((DATASET, VOID.subset, subset))
    graph.add((subset, RDF.type, VOID.Dataset))
    graph.add((subset, RDFS.label, Literal(f"statements of {kg.curie(name)}", lang="en")))
    graph.add((subset, VOID.triples, Literal(len(kg.named_graph(name)), datatype=XSD.integer)))
    graph.add((subset, DCTERMS.source, name))
    if name != ONTOLOGY_GRAPH:
        graph.add((subset, PROV.wasDerivedFrom, name))


def _class_counts(summary: Summary) -> dict[URIRef, int]:
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
