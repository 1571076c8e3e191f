"""A deterministic synthetic partnership graph in the project's own ontology, for the benchmarks.

Organisations of every kind in the project's countries, persons with posts, initiatives and
events with heavy-tailed participation (a few targets draw most participants, a few agents take
part in much), dates from 2007 to 2025, roles and formality from the vocabularies, and the
curators' sector classification in inference files; one file per source, each file describing
the entities it mentions (so that, as in the real data, many statements are held by several
sources: an entity is described in full by the first file that mentions it, by its type and
label in the others). The same `--triples` and `--seed` always give the same files; they conform to the
shapes and `--data DIR` reads them.

    python benchmarks/synth.py --triples 100000 --seed 7 --out /tmp/synth-100k
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.namespaces import (
    CND,
    CNG,
    COUNTRY,
    DCTERMS,
    FOAF,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
)
from careersnet_graph.rdf_writers import statement_terms, turtle, used_prefixes

COUNTRIES = (
    "ALB",
    "AUT",
    "BEL",
    "BGR",
    "BIH",
    "CHE",
    "CYP",
    "CZE",
    "DEU",
    "DNK",
    "ESP",
    "EST",
    "FIN",
    "FRA",
    "GRC",
    "HRV",
    "HUN",
    "IRL",
    "ISL",
    "ITA",
    "LIE",
    "LTU",
    "LUX",
    "LVA",
    "MKD",
    "MLT",
    "MNE",
    "NLD",
    "NOR",
    "POL",
    "PRT",
    "ROU",
    "SRB",
    "SVK",
    "SVN",
    "SWE",
    "TUR",
)
AGENT_KINDS = (
    "Ministry",
    "PublicEmploymentService",
    "GuidanceProvider",
    "ResearchOrEducationBody",
    "Association",
    "PublicAuthority",
    "EUAgency",
    "EUInstitution",
    "InternationalOrganisation",
)
COLLECTIVE_KINDS = ("Network", "Partnership")
INITIATIVE_KINDS = ("Strategy", "ActionPlan", "Agreement", "PolicyInstrument", "Study", "Tool", "Programme")
EVENT_KINDS = ("Meeting", "Conference")
ROLES = (
    "participant",
    "partner",
    "member",
    "organiser",
    "speaker",
    "contributor",
    "author",
    "coordinator",
    "host",
)
POST_ROLES = ("head-of-unit", "head-of-department", "chair", "executive-director", "network-coordinator")
SECTORS = ("education", "employment", "social-affairs", "youth", "research", "economy", "health")
TOPICS = (
    "lifelong-guidance",
    "career-development",
    "skills",
    "partnerships",
    "youth-guidance",
    "adult-learning",
)
STATEMENTS_PER_SOURCE = 800


@dataclass
class Entity:
    """One synthetic thing: its IRI and the statements that describe it."""

    iri: ox.NamedNode
    triples: list[ox.Triple] = field(default_factory=list)


def _literal(text: str, language: str | None = "en") -> ox.Literal:
    return ox.Literal(text, language=language) if language else ox.Literal(text)


def _date(year: int, month: int, day: int) -> ox.Literal:
    return ox.Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD.date)


class Generator:
    """Draws the entities, then the participations, then groups them into source files."""

    def __init__(self, triples: int, seed: int) -> None:
        self.random = random.Random(seed)
        scale = max(triples, 2_000) / 690
        self.organisations = self._organisations(int(12 * scale))
        self.collectives = self._collectives(int(1.5 * scale))
        self.persons = self._persons(int(4 * scale))
        self.targets = self._initiatives(int(4 * scale)) + self._events(int(3 * scale)) + self.collectives
        self.participation_count = int(100 * scale)

    def _weights(self, count: int, shape: float) -> list[float]:
        return [self.random.paretovariate(shape) for _ in range(count)]

    def _organisations(self, count: int) -> list[Entity]:
        organisations = []
        for index in range(count):
            kind = AGENT_KINDS[min(int(self.random.expovariate(0.35)), len(AGENT_KINDS) - 1)]
            entity = Entity(CND[f"org-synth-{index:06d}"])
            entity.triples += [
                ox.Triple(entity.iri, RDF.type, CNG[kind]),
                ox.Triple(entity.iri, RDFS.label, _literal(f"Synthetic {kind} {index:06d}")),
            ]
            if not kind.startswith(("EU", "International")):
                country = COUNTRIES[min(int(self.random.expovariate(0.08)), len(COUNTRIES) - 1)]
                entity.triples.append(ox.Triple(entity.iri, CNG.country, COUNTRY[country]))
            organisations.append(entity)
        return organisations

    def _collectives(self, count: int) -> list[Entity]:
        collectives = []
        for index in range(count):
            kind = COLLECTIVE_KINDS[index % 2]
            entity = Entity(CND[f"org-synth-{kind.lower()}-{index:05d}"])
            entity.triples += [
                ox.Triple(entity.iri, RDF.type, CNG[kind]),
                ox.Triple(entity.iri, RDFS.label, _literal(f"Synthetic {kind} {index:05d}")),
            ]
            collectives.append(entity)
        return collectives

    def _persons(self, count: int) -> list[Entity]:
        persons = []
        for index in range(count):
            name = f"Person {index:06d} Synthetic"
            entity = Entity(CND[f"person-synth-{index:06d}"])
            organisation = self.random.choice(self.organisations)
            post = CND[f"post-synth-{index:06d}"]
            role = self.random.choice(POST_ROLES)
            entity.triples += [
                ox.Triple(entity.iri, RDF.type, FOAF.Person),
                ox.Triple(entity.iri, RDFS.label, _literal(name, None)),
                ox.Triple(entity.iri, FOAF.name, _literal(name, None)),
                ox.Triple(entity.iri, ORG.holds, post),
                ox.Triple(post, RDF.type, ORG.Post),
                ox.Triple(post, RDFS.label, _literal(f"{role.replace('-', ' ')} {index:06d}")),
                ox.Triple(post, ORG.postIn, organisation.iri),
                ox.Triple(post, ORG.role, CND[f"postrole-{role}"]),
            ]
            if self.random.random() < 0.4:
                entity.triples.append(
                    ox.Triple(post, SCHEMA.startDate, _date(self.random.randint(2007, 2024), 1, 1))
                )
            persons.append(entity)
        return persons

    def _initiatives(self, count: int) -> list[Entity]:
        initiatives = []
        for index in range(count):
            kind = self.random.choice(INITIATIVE_KINDS)
            entity = Entity(CND[f"initiative-synth-{index:06d}"])
            entity.triples += [
                ox.Triple(entity.iri, RDF.type, CNG[kind]),
                ox.Triple(entity.iri, RDFS.label, _literal(f"Synthetic {kind} {index:06d}")),
                ox.Triple(entity.iri, DCTERMS.subject, CND[f"topic-{self.random.choice(TOPICS)}"]),
            ]
            if self.random.random() < 0.7:
                year = self.random.randint(2007, 2025)
                entity.triples.append(
                    ox.Triple(entity.iri, DCTERMS.issued, _date(year, self.random.randint(1, 12), 1))
                )
            initiatives.append(entity)
        return initiatives

    def _events(self, count: int) -> list[Entity]:
        events = []
        for index in range(count):
            kind = self.random.choice(EVENT_KINDS)
            entity = Entity(CND[f"event-synth-{index:06d}"])
            year, month, day = (
                self.random.randint(2007, 2025),
                self.random.randint(1, 12),
                self.random.randint(1, 27),
            )
            entity.triples += [
                ox.Triple(entity.iri, RDF.type, CNG[kind]),
                ox.Triple(entity.iri, RDFS.label, _literal(f"Synthetic {kind} {index:06d}")),
                ox.Triple(entity.iri, SCHEMA.startDate, _date(year, month, day)),
                ox.Triple(entity.iri, SCHEMA.endDate, _date(year, month, day + 1)),
            ]
            events.append(entity)
        return events

    def participations(self) -> Iterator[tuple[Entity, Entity, list[ox.Triple]]]:
        """(agent, target, statements) for each participation, heavy-tailed on both ends."""
        agents = self.organisations + self.persons
        agent_weights = self._weights(len(agents), 1.6)
        target_weights = self._weights(len(self.targets), 1.2)
        agent_cumulative, target_cumulative = _cumulative(agent_weights), _cumulative(target_weights)
        for index in range(self.participation_count):
            agent = agents[_pick(self.random, agent_cumulative)]
            target = self.targets[_pick(self.random, target_cumulative)]
            role = self.random.choice(ROLES)
            node = CND[f"participation-synth-{index:07d}"]
            triples = [
                ox.Triple(node, RDF.type, CNG.Participation),
                ox.Triple(node, CNG.agent, agent.iri),
                ox.Triple(node, CNG.target, target.iri),
                ox.Triple(node, CNG.role, CND[f"role-{role}"]),
                ox.Triple(
                    node, CNG.formality, CND[f"formality-{self.random.choice(('formal', 'informal'))}"]
                ),
            ]
            if self.random.random() < 0.5:
                triples.append(
                    ox.Triple(node, SCHEMA.startDate, _date(self.random.randint(2007, 2025), 1, 1))
                )
            yield agent, target, triples


def _cumulative(weights: list[float]) -> list[float]:
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


def _pick(generator: random.Random, cumulative: list[float]) -> int:
    """The index drawn with the weights of `cumulative` (bisection, no numpy)."""
    value = generator.random() * cumulative[-1]
    low, high = 0, len(cumulative) - 1
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low


def _source_record(name: str, index: int) -> list[ox.Triple]:
    node = CND[name]
    return [
        ox.Triple(node, RDF.type, CNG.Source),
        ox.Triple(node, RDFS.label, _literal(f"Synthetic source {index:05d}")),
        ox.Triple(node, DCTERMS.title, _literal(f"Synthetic page {index:05d} on guidance partnerships")),
        ox.Triple(node, SCHEMA.url, ox.NamedNode(f"https://example.org/synthetic/{index:05d}")),
        ox.Triple(node, DCTERMS.issued, _date(2015 + index % 10, 1 + index % 12, 1)),
    ]


def _write(path: Path, triples: list[ox.Triple]) -> None:
    ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    path.write_text("".join(turtle(ordered, used_prefixes(statement_terms(ordered)))), encoding="utf-8")


def generate(triples: int, seed: int, out: Path) -> list[Path]:
    """Write the synthetic graph into `out` (statements/ and inferences/); the files written."""
    generator = Generator(triples, seed)
    statements, inferences = out / "statements", out / "inferences"
    statements.mkdir(parents=True, exist_ok=True)
    inferences.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    entity_of = {
        entity.iri: entity for entity in (*generator.organisations, *generator.persons, *generator.targets)
    }
    described: set[ox.NamedNode] = set()
    described_once: set[ox.NamedNode] = set()
    batch: list[ox.Triple] = []
    sources: list[str] = []

    def flush() -> None:
        name = f"source-synth-{len(sources):05d}"
        path = statements / f"{name}.ttl"
        _write(path, [*_source_record(name, len(sources)), *batch])
        written.append(path)
        sources.append(name)
        batch.clear()
        described.clear()

    for agent, target, participation in generator.participations():
        for entity in (agent, target):
            if entity.iri not in described:
                batch.extend(entity.triples if entity.iri not in described_once else entity.triples[:2])
                described.add(entity.iri)
                described_once.add(entity.iri)
        batch.extend(participation)
        if len(batch) >= STATEMENTS_PER_SOURCE:
            flush()
    for entity in entity_of.values():
        if entity.iri not in described_once:
            batch.extend(entity.triples)
            described_once.add(entity.iri)
    if batch:
        flush()
    chunk = max(1, math.ceil(len(generator.organisations) / 20))
    for number, start in enumerate(range(0, len(generator.organisations), chunk)):
        name = f"inference-synth-sectors-{number:02d}"
        node = CND[name]
        classified = [
            ox.Triple(node, RDF.type, CNG.Inference),
            ox.Triple(node, RDFS.label, _literal(f"Synthetic sector classification {number:02d}")),
            ox.Triple(
                node, SKOS.note, _literal("Synthetic: each body's sector drawn at random, for benchmarks.")
            ),
            ox.Triple(node, CNG.confidence, _literal("low", None)),
            ox.Triple(node, PROV.wasDerivedFrom, CND[sources[number % len(sources)]]),
        ]
        for organisation in generator.organisations[start : start + chunk]:
            sector = SECTORS[min(int(generator.random.expovariate(0.6)), len(SECTORS) - 1)]
            classified.append(ox.Triple(organisation.iri, CNG.sector, CND[f"sector-{sector}"]))
        path = inferences / f"{name}.ttl"
        _write(path, classified)
        written.append(path)
    return written


def main() -> None:
    """Parse the options and write the files."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, required=True, help="About how many statements to write.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    files = generate(args.triples, args.seed, args.out)
    print(f"wrote {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
