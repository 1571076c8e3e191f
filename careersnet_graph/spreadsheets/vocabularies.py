"""The controlled values of the template, read from the loaded ontology and country table.

Each vocabulary (types, roles, post roles, formality, sectors, topics, countries) is a list of
concepts with the label a spreadsheet shows and the other spellings a user may type (the CURIE,
the IRI, the slug, for countries the ISO alpha-2 and alpha-3 codes). Everything is read through
`KnowledgeGraph.select`, so the drop-downs follow the vocabularies as they are.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.slugs import slugify
from careersnet_graph.spreadsheets.iris import CND, CNG, COUNTRY, FOAF, ORG, PREFIXES, SCHEMA

MAX_LISTED = 30
"""Vocabularies up to this size are listed in full in an error message."""

ORGANISATION_ROOTS = (
    ORG.Organization,
    ORG.FormalOrganization,
    ORG.OrganizationalUnit,
    ORG.OrganizationalCollaboration,
)

ROOT_LABELS = {
    str(ORG.Organization): "organisation",
    str(ORG.FormalOrganization): "formal organisation",
    str(ORG.OrganizationalUnit): "organisational unit",
    str(ORG.OrganizationalCollaboration): "organisational collaboration",
}
"""Labels for W3C ORG's classes, which the ontology reuses without labelling them."""

COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}
"""The EU's own two-letter codes for the United Kingdom and Greece, read as the ISO codes."""


def curie(iri: str) -> str:
    """An IRI with the project's prefixes, or the IRI itself."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class Concept:
    """One allowed value: its IRI, the label spreadsheets show, other spellings accepted."""

    iri: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    """The allowed values of one controlled column."""

    name: str
    title: str
    where: str
    concepts: list[Concept] = field(default_factory=list)
    _index: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    _by_iri: dict[str, Concept] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.concepts.sort(key=lambda concept: concept.label.casefold())
        index: dict[str, set[str]] = defaultdict(set)
        for concept in self.concepts:
            for spelling in (concept.label, concept.iri, curie(concept.iri), *concept.aliases):
                index[_key(spelling)].add(concept.iri)
        self._index = dict(index)
        self._by_iri = {concept.iri: concept for concept in self.concepts}

    def by_iri(self, iri: str) -> Concept | None:
        return self._by_iri.get(iri)

    def resolve(self, text: str) -> Concept | None:
        """The concept `text` names (label, code, CURIE or IRI, any case), or None."""
        found = self._index.get(_key(text), set())
        return self.by_iri(next(iter(found))) if len(found) == 1 else None

    def labels(self) -> list[str]:
        """The labels, as drop-downs list them."""
        return [concept.label for concept in self.concepts]

    def allowed(self, given: str | None = None) -> str:
        """What may be written, for an error message: all values, or the closest and where the rest are."""
        labels = self.labels()
        if len(labels) <= MAX_LISTED:
            return f"allowed {self.title}: {', '.join(labels)}"
        text = f"allowed: one of the {len(labels)} {self.title} ({self.where}; the template's Lists sheet)"
        if given:
            closest = difflib.get_close_matches(given, labels, n=3, cutoff=0.6)
            if closest:
                text += f"; closest: {', '.join(closest)}"
        return text


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary the template uses, by the name its columns give."""

    by_name: dict[str, Vocabulary]
    kinds: dict[str, str]
    """Class IRI → the kind of its instances ("org", "initiative", "event") for type concepts."""

    def __getitem__(self, name: str) -> Vocabulary:
        return self.by_name[name]


VOCABULARY_NAMES = (
    "organisation-types",
    "initiative-types",
    "roles",
    "post-roles",
    "formality",
    "sectors",
    "topics",
    "countries",
)

_CONCEPTS = """
SELECT ?concept ?label ?alternative WHERE {
  ?concept a ?concept_class .
  OPTIONAL { ?concept rdfs:label ?label }
  OPTIONAL { ?concept skos:prefLabel|skos:altLabel ?alternative }
}
"""

_SUBCLASSES = """
SELECT ?class ?label ?super WHERE {
  ?class rdfs:subClassOf+ ?super .
  OPTIONAL { ?class rdfs:label ?label }
}
"""

_COUNTRIES = """
SELECT ?country ?name ?label ?alpha2 ?alpha3 WHERE {
  ?country a schema:Country .
  OPTIONAL { ?country skos:prefLabel ?name }
  OPTIONAL { ?country rdfs:label ?label }
  OPTIONAL { ?country skos:notation ?alpha2 }
  OPTIONAL { ?country dcterms:identifier ?alpha3 }
}
"""


def read_vocabularies(kg: KnowledgeGraph) -> Vocabularies:
    """The template's vocabularies as the loaded ontology and country table define them."""
    types, kinds = _type_vocabularies(kg)
    by_name = {
        **types,
        "roles": _concept_vocabulary(
            kg, "roles", "participation roles", "ontology/vocabularies/roles.ttl", CNG.ParticipationRole
        ),
        "post-roles": _concept_vocabulary(
            kg, "post-roles", "post roles", "ontology/vocabularies/post-roles.ttl", ORG.Role
        ),
        "formality": _concept_vocabulary(
            kg, "formality", "formality values", "ontology/vocabularies/formality.ttl", CNG.Formality
        ),
        "sectors": _concept_vocabulary(
            kg, "sectors", "sectors", "ontology/vocabularies/sectors.ttl", CNG.Sector
        ),
        "topics": _concept_vocabulary(kg, "topics", "topics", "ontology/vocabularies/topics.ttl", CNG.Topic),
        "countries": _countries(kg),
    }
    return Vocabularies(by_name, kinds)


def _concept_vocabulary(kg: KnowledgeGraph, name: str, title: str, where: str, cls: object) -> Vocabulary:
    labels: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(_CONCEPTS, concept_class=cls):
        iri = str(row["concept"])
        if "label" in row:
            labels.setdefault(iri, str(row["label"]))
        if "alternative" in row:
            aliases[iri].add(str(row["alternative"]))
    concepts = []
    for iri, label in labels.items():
        local = iri.removeprefix(str(CND)).split("-", 1)[-1]
        spellings = {local, local.replace("-", " "), slugify(label), *aliases[iri]}
        concepts.append(Concept(iri, label, tuple(sorted(spellings))))
    return Vocabulary(name, title, where, concepts)


def _type_vocabularies(kg: KnowledgeGraph) -> tuple[dict[str, Vocabulary], dict[str, str]]:
    labels: dict[str, str] = dict(ROOT_LABELS)
    supers: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(_SUBCLASSES):
        iri = str(row["class"])
        supers[iri].add(str(row["super"]))
        if "label" in row:
            labels[iri] = str(row["label"])
    roots = {str(root) for root in ORGANISATION_ROOTS}
    kinds: dict[str, str] = {}
    for iri in set(supers) | roots:
        ancestry = supers.get(iri, set()) | {iri}
        if str(FOAF.Person) in ancestry or str(FOAF.Group) in ancestry:
            continue
        if ancestry & roots:
            kinds[iri] = "org"
        elif str(CNG.Initiative) in supers.get(iri, set()):
            kinds[iri] = "initiative"
        elif str(SCHEMA.Event) in supers.get(iri, set()):
            kinds[iri] = "event"
    organisation = [
        _type_concept(iri, labels) for iri, kind in kinds.items() if kind == "org" and iri in labels
    ]
    initiative = [
        _type_concept(iri, labels) for iri, kind in kinds.items() if kind != "org" and iri in labels
    ]
    return (
        {
            "organisation-types": Vocabulary(
                "organisation-types", "organisation types", "ontology/careersnet.ttl", organisation
            ),
            "initiative-types": Vocabulary(
                "initiative-types", "initiative and event types", "ontology/careersnet.ttl", initiative
            ),
        },
        kinds,
    )


def _type_concept(iri: str, labels: dict[str, str]) -> Concept:
    local = curie(iri).split(":", 1)[-1]
    return Concept(iri, labels[iri], (local, _spaced(local)))


def _spaced(camel: str) -> str:
    """`PublicEmploymentService` → `public employment service`."""
    words: list[str] = []
    for char in camel:
        if char.isupper() and words and not words[-1].isupper():
            words.append(" ")
        words.append(char)
    return "".join(words).lower()


def _countries(kg: KnowledgeGraph) -> Vocabulary:
    names: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(_COUNTRIES):
        iri = str(row["country"])
        for key in ("name", "label"):
            if key in row:
                names.setdefault(iri, str(row[key]))
                aliases[iri].add(str(row[key]))
        for key in ("alpha2", "alpha3"):
            if key in row:
                aliases[iri].add(str(row[key]))
        aliases[iri].add(iri.removeprefix(str(COUNTRY)))
    for eu_code, iso_code in COUNTRY_ALIASES.items():
        for spellings in aliases.values():
            if iso_code in spellings:
                spellings.add(eu_code)
    concepts = [Concept(iri, names.get(iri, curie(iri)), tuple(sorted(aliases[iri]))) for iri in aliases]
    return Vocabulary(
        "countries",
        "countries",
        "data/vocabularies/source-eu-country-authority-table.ttl",
        concepts,
    )


def concept_labels(vocabulary: Vocabulary, iris: Iterable[str]) -> list[str]:
    """The labels of some concepts of `vocabulary`, in its order (unknown IRIs as CURIEs)."""
    wanted = set(iris)
    known = [concept.label for concept in vocabulary.concepts if concept.iri in wanted]
    unknown = sorted(curie(iri) for iri in wanted if vocabulary.by_iri(iri) is None)
    return known + unknown
