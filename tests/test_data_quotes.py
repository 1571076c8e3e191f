"""Every statement of a source file is covered by short verbatim quotes of its cited page.

A curator who writes a statement from a page keeps, on the node that carries it, the words of the
page that support it (`cng:quote`, at most 400 characters each), so that a reviewer can check the
statement without opening the page. This module checks, for every file in data/statements:

- every fact-stating node carries at least one `cng:quote` of at most 400 characters. Fact-stating
  nodes are every `cng:Participation`, every `org:Post`, and every organisation, person, group,
  initiative or event node that carries anything beyond its type and its names (`rdfs:label`,
  `skos:altLabel`, `foaf:name`, `schema:name`), `cng:country` and identifier links to an authority
  (`skos:exactMatch`, whose IRI is its own evidence);
- the quotes of a participation name its agent and its target: a label, an altLabel or a
  foaf:name of each appears in the joined quote text (case-insensitively, whitespace and
  typographic punctuation normalised). For a `cng:PersonGroup` agent its `cng:personCount` number
  or a word of its label is enough (a source counts such a group without naming it);
- the year of every date on a node other than the source node (`schema:startDate`,
  `schema:endDate`, `dcterms:issued` and any other date literal) appears in that node's quotes.

The checker is `quote_problems`; it is tested on small fixtures under tests/data_quotes/ so that
the test can fail.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from careersnet_graph.namespaces import CND
from careersnet_graph.parsing import read_rdf_file
from careersnet_graph.rdflib_terms import to_rdflib

REPO = Path(__file__).resolve().parents[1]
STATEMENTS = REPO / "data" / "statements"
FIXTURES = Path(__file__).resolve().parent / "data_quotes"

CNG = "https://w3id.org/careersnet-graph/ontology#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"

QUOTE = URIRef(CNG + "quote")
AGENT = URIRef(CNG + "agent")
TARGET = URIRef(CNG + "target")
PERSON_COUNT = URIRef(CNG + "personCount")
COUNTRY = URIRef(CNG + "country")
PARTICIPATION = URIRef(CNG + "Participation")
PERSON_GROUP = URIRef(CNG + "PersonGroup")
SOURCE = URIRef(CNG + "Source")
POST = URIRef(ORG + "Post")
FOAF_NAME = URIRef(FOAF + "name")
SCHEMA_NAME = URIRef(SCHEMA + "name")
MAX_QUOTE = 400

# the predicates that only type or name a node (and its country): a node with nothing else
# states no fact of its own
# skos:exactMatch links a node to an authority identifier (EU Publications Office table, Wikidata):
# the identifier IRI is its own evidence, checked by dereferencing it, not by a quote of a page
NAMING = {RDF.type, RDFS.label, SKOS.altLabel, FOAF_NAME, SCHEMA_NAME, COUNTRY, QUOTE, SKOS.exactMatch}
NAME_PREDICATES = (RDFS.label, SKOS.altLabel, FOAF_NAME, SCHEMA_NAME)
DATE_TYPES = {XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth}

# the classes of actor, initiative and event nodes, with the subclasses the ontology gives them
ACTOR_AND_ACTIVITY_CLASSES = (
    {
        URIRef(ORG + name)
        for name in (
            "Organization",
            "FormalOrganization",
            "OrganizationalUnit",
            "OrganizationalCollaboration",
        )
    }
    | {URIRef(FOAF + name) for name in ("Person", "Group", "Agent")}
    | {
        URIRef(CNG + name)
        for name in (
            "EUAgency",
            "EUInstitution",
            "EUBody",
            "Ministry",
            "PublicAuthority",
            "PublicEmploymentService",
            "GuidanceProvider",
            "ResearchOrEducationBody",
            "Association",
            "InternationalOrganisation",
            "Network",
            "Partnership",
            "PersonGroup",
            "Initiative",
            "Strategy",
            "ActionPlan",
            "Agreement",
            "PolicyInstrument",
            "PolicyAnnouncement",
            "Study",
            "Tool",
            "Programme",
            "Meeting",
            "Conference",
        )
    }
    | {URIRef(SCHEMA + "Event")}
)

STOPWORDS = {
    "the",
    "and",
    "for",
    "from",
    "with",
    "that",
    "this",
    "their",
    "of",
    "in",
    "at",
    "on",
    "by",
    "a",
    "an",
    "to",
}


def normalise(text: str) -> str:
    """Case-folded, typographic punctuation made plain, runs of whitespace made one space."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub("[\u2010\u2011\u2012\u2013\u2014\u2212]", "-", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().casefold()


def _names(triples: dict, node) -> list[str]:
    return [str(value) for predicate in NAME_PREDICATES for value in triples[node].get(predicate, ())]


def quote_problems(path: Path) -> list[str]:
    """The quote problems of one source file, each as 'file: node: problem' (empty if none)."""
    triples: dict = defaultdict(lambda: defaultdict(list))
    # the parser gives pyoxigraph terms (the store seam's terms); the checker compares rdflib terms
    for quad in read_rdf_file(path):
        subject, predicate, obj = (to_rdflib(term) for term in (quad.subject, quad.predicate, quad.object))
        triples[subject][predicate].append(obj)
    source = URIRef(CND[path.stem].value)
    problems: list[str] = []

    def report(node, message: str) -> None:
        problems.append(f"{path.name}: {node}: {message}")

    for node, props in triples.items():
        if not isinstance(node, URIRef) or node == source:
            continue
        types = set(props.get(RDF.type, ()))
        if SOURCE in types:
            continue
        is_link = bool(types & {PARTICIPATION, POST})
        is_actor = bool(types & ACTOR_AND_ACTIVITY_CLASSES)
        states_facts = any(predicate not in NAMING for predicate in props)
        if not (is_link or (is_actor and states_facts)):
            continue
        quotes = props.get(QUOTE, [])
        if not quotes:
            report(node, "no cng:quote")
            continue
        for quote in quotes:
            if not isinstance(quote, Literal):
                report(node, f"cng:quote is not a literal: {quote}")
            elif len(str(quote)) > MAX_QUOTE:
                report(node, f"a cng:quote has {len(str(quote))} characters (at most {MAX_QUOTE})")
        joined = normalise(" … ".join(str(quote) for quote in quotes))
        if PARTICIPATION in types:
            for end, predicate in (("agent", AGENT), ("target", TARGET)):
                for other in props.get(predicate, ()):
                    names = _names(triples, other)
                    if not names:
                        report(node, f"its {end} {other} has no label in this file")
                        continue
                    found = any(normalise(name) in joined for name in names)
                    if not found and PERSON_GROUP in triples[other].get(RDF.type, ()):
                        counts = [str(count) for count in triples[other].get(PERSON_COUNT, ())]
                        words = {
                            word
                            for name in names
                            for word in re.findall(r"\w+", normalise(name))
                            if len(word) > 2 and word not in STOPWORDS
                        }
                        found = any(re.search(rf"\b{re.escape(c)}\b", joined) for c in counts) or any(
                            re.search(rf"\b{re.escape(word)}\b", joined) for word in words
                        )
                    if not found:
                        report(node, f"the quotes do not name its {end} ({' / '.join(names)})")
        for predicate, values in props.items():
            for value in values:
                if isinstance(value, Literal) and value.datatype in DATE_TYPES:
                    year = str(value)[:4]
                    if year not in joined:
                        report(node, f"the year {year} of its {predicate} is not in its quotes")
    return problems


def statement_files() -> list[Path]:
    return sorted(STATEMENTS.glob("*.ttl"))


def test_there_are_statement_files() -> None:
    assert statement_files(), "no file in data/statements"


@pytest.mark.parametrize("path", statement_files(), ids=lambda path: path.stem)
def test_every_statement_is_covered_by_quotes_of_its_page(path: Path) -> None:
    problems = quote_problems(path)
    assert not problems, "\n".join(problems)


# --- the checker can fail ------------------------------------------------------------------


def test_checker_passes_a_well_quoted_file() -> None:
    assert quote_problems(FIXTURES / "source-quotes-good.ttl") == []


def test_checker_reports_a_missing_quote() -> None:
    problems = quote_problems(FIXTURES / "source-quotes-missing.ttl")
    assert any("participation-meeting--speaker--jane-doe" in p and "no cng:quote" in p for p in problems), (
        problems
    )
    assert any("event-meeting" in p and "no cng:quote" in p for p in problems), problems


def test_checker_reports_a_quote_that_does_not_name_agent_target_or_year() -> None:
    problems = quote_problems(FIXTURES / "source-quotes-unsupported.ttl")
    assert any("do not name its agent" in p for p in problems), problems
    assert any("do not name its target" in p for p in problems), problems
    assert any("the year 2019" in p for p in problems), problems
    assert any("characters (at most 400)" in p for p in problems), problems
