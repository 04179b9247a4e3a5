"""Ontology hygiene: psykg adds no axiom to a term it does not own.

An axiom on another vocabulary's term (a domain for prov:wasDerivedFrom, a superclass for
schema:Person…) changes what that term means for everyone who merges psykg with other data:
a range of psykg:Quote on prov:wasDerivedFrom makes every derived thing anywhere a psykg quote.
psykg's own terms may point at others' terms (psykg:Person rdfs:subClassOf prov:Agent), never
the reverse; constraints on how psykg data uses others' terms are SHACL shapes."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from psykg.rdf.prefixes import BASE

AXIOMS_ON_SUBJECT: frozenset[URIRef] = frozenset(
    {
        RDFS.domain,
        RDFS.range,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.sameAs,
        OWL.inverseOf,
        OWL.disjointWith,
        OWL.propertyDisjointWith,
        OWL.propertyChainAxiom,
        OWL.hasKey,
        OWL.disjointUnionOf,
        OWL.unionOf,
        OWL.intersectionOf,
        OWL.oneOf,
        OWL.complementOf,
    }
)
"""Predicates whose triple is an axiom about its subject."""
SYMMETRIC_AXIOMS: frozenset[URIRef] = frozenset(
    {
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.sameAs,
        OWL.inverseOf,
    }
)
"""Axioms that say as much about their object as about their subject."""
CHARACTERISTICS: frozenset[URIRef] = frozenset(
    {
        OWL.SymmetricProperty,
        OWL.AsymmetricProperty,
        OWL.TransitiveProperty,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.ReflexiveProperty,
        OWL.IrreflexiveProperty,
    }
)
"""Property characteristics: an rdf:type that is an axiom, not a declaration."""


def owned(term: object) -> bool:
    """True for an IRI in psykg's namespaces (everything under https://w3id.org/psykg/)."""
    return isinstance(term, URIRef) and str(term).startswith(BASE)


def foreign_axioms(ontology: Graph) -> list[str]:
    """Each axiom that `ontology` asserts on a term outside psykg's namespaces, as
    'subject predicate object' CURIEs, sorted. Declarations (rdf:type owl:Class…) and
    annotations are not axioms; blank nodes (lists, restrictions) are judged where they are
    used."""
    ns = ontology.namespace_manager
    found: set[str] = set()
    for s, p, o in ontology:
        if not isinstance(s, URIRef):
            continue
        bad = (
            (p in AXIOMS_ON_SUBJECT and not owned(s))
            or (p in SYMMETRIC_AXIOMS and isinstance(o, URIRef) and not owned(o))
            or (p == RDF.type and o in CHARACTERISTICS and not owned(s))
        )
        if bad:
            found.add(" ".join(term.n3(ns) for term in (s, p, o)))
    return sorted(found)
