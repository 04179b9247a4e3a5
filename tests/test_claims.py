"""Every claim the source makes that the dataset must hold, each with the quote it rests on."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from psykg.build.ontology import expand
from psykg.rdf.namespaces import PSYKG, RES
from psykg.release.pipeline import Result

# (subject, predicate, object slug / class / literal, words the quote must contain, qualifiers)
CLAIMS = [
    ("psychodynamic-therapy", "derivedFrom", "psychoanalytic-therapy", "is derived from", {}),
    ("psychodynamic-therapy", "basedOnWorkOf", "sigmund-freud", "work of Sigmund Freud", {}),
    ("psychoanalytic-therapy", "basedOnWorkOf", "sigmund-freud", "work of Sigmund Freud", {}),
    (
        "psychodynamic-therapy",
        "basedOnTheory",
        "psychoanalysis",
        "principles of psychoanalysis",
        {},
    ),
    ("psychodynamic-therapy", "type", "TalkTherapy", "in-depth form of talk therapy", {}),
    (
        "psychodynamic-therapy",
        "primarilyTreats",
        "depression",
        "primarily used to treat",
        {"especiallyFor": "people-who-have-lost-meaning"},
    ),
    (
        "psychodynamic-therapy",
        "primarilyTreats",
        "serious-psychological-disorder",
        "other serious psychological disorders",
        {},
    ),
    (
        "psychodynamic-therapy",
        "foundEffectiveFor",
        "social-anxiety-disorder",
        "Studies have found",
        {"evidenceWording": "Studies have found"},
    ),
    ("psychodynamic-therapy", "foundEffectiveFor", "eating-disorder", "eating disorders", {}),
    ("psychodynamic-therapy", "foundEffectiveFor", "pain-problems", "problems with pain", {}),
    (
        "psychodynamic-therapy",
        "foundEffectiveFor",
        "relationship-difficulties",
        "relationship difficulties",
        {},
    ),
    ("psychodynamic-therapy", "usedWithPopulation", "children", "used with children", {}),
    ("psychodynamic-therapy", "usedWithPopulation", "adolescents", "and adolescents", {}),
    (
        "psychodynamic-therapy",
        "alsoUsefulFor",
        "borderline-personality-disorder",
        "also useful in",
        {},
    ),
    (
        "psychodynamic-therapy",
        "lessUsedFor",
        "psychosis",
        "less used in instances of psychosis",
        {},
    ),
    (
        "psychodynamic-therapy",
        "lessUsedFor",
        "post-traumatic-stress-disorder",
        "post-traumatic stress disorder",
        {},
    ),
    (
        "psychodynamic-therapy",
        "lessUsedFor",
        "obsessive-compulsive-disorder",
        "obsessive-compulsive disorder",
        {},
    ),
    (
        "psychodynamic-therapy",
        "asEffectiveAs",
        "cognitive-behavioral-therapy",
        "just as lastingly effective",
        {"evidenceWording": "Research shows", "hedgeWording": "can be"},
    ),
    (
        "capacity-for-self-reflection",
        "goodCandidateFor",
        "psychodynamic-therapy",
        "capacity to be self-reflective",
        {},
    ),
    (
        "seeking-insight-into-oneself",
        "goodCandidateFor",
        "psychodynamic-therapy",
        "obtain insight into themselves",
        {},
    ),
    (
        "not-interested-in-life-history",
        "poorCandidateFor",
        "psychodynamic-therapy",
        "not interested in delving",
        {"alternativeTherapy": "cognitive-behavioral-therapy"},
    ),
    (
        "not-interested-in-life-history",
        "betterCandidateFor",
        "cognitive-behavioral-therapy",
        "better candidates for therapies such as CBT",
        {},
    ),
    (
        "brief-psychodynamic-therapy",
        "sessionLimit",
        25,
        "limited to 25 sessions",
        {"hedgeWording": "may"},
    ),
    (
        "brief-psychodynamic-therapy",
        "typicalDuration",
        "often it is a longer process",
        "often it is a longer process",
        {"hedgeWording": "often"},
    ),
    (
        "brief-psychodynamic-therapy",
        "contrastsWith",
        "cognitive-behavioral-therapy",
        "specifically designed to be limited in time scope",
        {"comparisonAspect": "DurationAspect"},
    ),
    (
        "psychodynamic-therapy",
        "lessFocusedOn",
        "patient-therapist-relationship",
        "less focused on the patient-therapist relationship",
        {"comparedTo": "psychoanalytic-therapy"},
    ),
    (
        "psychodynamic-therapy",
        "moreFocusedOn",
        "relationship-with-external-world",
        "relationship with their external world",
        {},
    ),
    (
        "psychodynamic-therapy",
        "moreFocusedOn",
        "problem-solving-and-outcomes",
        "problem-solving and outcomes",
        {"comparedTo": "psychoanalytic-therapy"},
    ),
    (
        "psychodynamic-therapy",
        "shorterThan",
        "psychoanalytic-therapy",
        "usually shorter",
        {"hedgeWording": "this is not always the case"},
    ),
    ("psychodynamic-therapy", "hasFocus", "intrapsychic-processes", "intrapsychic processes", {}),
    (
        "psychodynamic-therapy",
        "hasFocus",
        "unconscious-processing-of-experience",
        "unconscious processing of experience",
        {},
    ),
    ("psychodynamic-therapy", "hasGoal", "remission-of-symptoms", "remission of symptoms", {}),
    ("psychodynamic-therapy", "hasExpectedBenefit", "increased-self-worth", "self-worth", {}),
    (
        "psychodynamic-therapy",
        "hasExpectedBenefit",
        "more-satisfying-relationships",
        "more satisfying relationships",
        {},
    ),
    ("psychodynamic-therapy", "usesTechnique", "free-association", "speak freely", {}),
    (
        "psychodynamic-therapy",
        "usesTechnique",
        "exploration-of-earlier-experiences",
        "deep exploration",
        {},
    ),
    (
        "psychodynamic-therapy",
        "hasDistinctiveFocus",
        "repressed-emotions",
        "repressed emotions",
        {},
    ),
    (
        "psychodynamic-therapy",
        "aimsToHelp",
        "people-aware-of-their-social-difficulties",
        "not able to overcome problems on their own",
        {},
    ),
    (
        "psychodynamic-therapy-article",
        "dcterms:title",
        "Psychodynamic Therapy",
        "Psychodynamic Therapy",
        {},
    ),
    (
        "psychodynamic-therapy-article",
        "dcterms:publisher",
        "psychology-today",
        "Psychology Today",
        {},
    ),
    ("psychodynamic-therapy-article", "dcterms:modified", "2023-01-20", "Jan 20, 2023", {}),
]


LITERALS: dict[str, URIRef | None] = {
    "sessionLimit": XSD.nonNegativeInteger,
    "dcterms:modified": XSD.date,
    "typicalDuration": None,
    "dcterms:title": None,
}
"""Predicates whose object is a literal, with its datatype (None: a plain string)."""


def _predicate(name: str) -> URIRef:
    return RDF.type if name == "type" else expand(name)


def term_text(predicate: str, value: object) -> URIRef | Literal:
    if predicate == "type":
        return PSYKG[str(value)]
    if predicate in LITERALS:
        return Literal(value, datatype=LITERALS[predicate])
    return RES[str(value)]


@pytest.mark.parametrize(
    ("subject", "predicate", "obj", "words", "qualifiers"),
    CLAIMS,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CLAIMS],
)
def test_claim_is_in_the_data_with_its_quote(
    built: tuple[Result, Path],
    subject: str,
    predicate: str,
    obj: object,
    words: str,
    qualifiers: dict[str, str],
) -> None:
    g = built[0].full
    s, p, o = RES[subject], _predicate(predicate), term_text(predicate, obj)
    assert (s, p, o) in g, "the direct triple is missing"
    value_prop = PSYKG.statementValue if isinstance(o, Literal) else PSYKG.statementObject
    statements = [
        st
        for st in g.subjects(PSYKG.statementSubject, s)
        if (st, PSYKG.statementPredicate, p) in g and (st, value_prop, o) in g
    ]
    assert statements, "no statement node for the triple"
    quotes = {
        str(g.value(q, RDFS.label)) for st in statements for q in g.objects(st, PROV.wasDerivedFrom)
    }
    assert any(words in quote for quote in quotes), quotes
    for prop, expected in qualifiers.items():
        want = {RES[expected], PSYKG[expected], Literal(expected)}
        assert any(set(g.objects(st, PSYKG[prop])) & want for st in statements), prop
