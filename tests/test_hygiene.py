"""psykg's ontology asserts no axiom on a term it does not own (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from psykg.build.hygiene import foreign_axioms

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = """@prefix psykg: <https://w3id.org/psykg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _graph(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def test_the_ontology_adds_no_axiom_to_terms_it_does_not_own() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "psykg.ttl", format="turtle")
    assert foreign_axioms(ontology) == []


@pytest.mark.parametrize(
    "axiom",
    [
        "prov:wasDerivedFrom rdfs:domain psykg:Statement .",
        "prov:wasDerivedFrom rdfs:range psykg:Quote .",
        "oa:start rdfs:range xsd:nonNegativeInteger .",
        "schema:Person rdfs:subClassOf psykg:Person .",
        "prov:wasDerivedFrom rdfs:subPropertyOf psykg:derivedFrom .",
        "psykg:Therapy owl:equivalentClass schema:PsychologicalTreatment .",
        "schema:Person owl:equivalentClass psykg:Person .",
        "psykg:derivedFrom owl:inverseOf prov:hadDerivation .",
        "prov:wasDerivedFrom a owl:TransitiveProperty .",
    ],
)
def test_an_axiom_on_a_foreign_term_is_found(axiom: str) -> None:
    assert len(foreign_axioms(_graph(axiom))) == 1


def test_declarations_and_our_own_axioms_pass() -> None:
    graph = _graph("""
        prov:wasDerivedFrom a owl:ObjectProperty . schema:Person a owl:Class .
        psykg:Person rdfs:subClassOf schema:Person , prov:Agent .
        psykg:restsOn rdfs:subPropertyOf prov:wasDerivedFrom ; rdfs:domain psykg:Statement .
        psykg:Therapy rdfs:label "therapy"@en .""")
    assert foreign_axioms(graph) == []
