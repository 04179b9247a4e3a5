"""Inferred triples stay tied to the statements they come from (issue 12)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import OWL, PROV, RDF

from psykg.build.inferred import INFERRED_PREFIX, inferred_iri, inverse_pairs, link_inferences
from psykg.build.reason import Premises, materialise
from psykg.rdf.graphs import TripleSet
from psykg.rdf.namespaces import PSYKG, RES


def _truthy_of_statements(data: Graph) -> set[tuple[Any, Any, Any]]:
    out = set()
    for node in data.subjects(RDF.type, PSYKG.Statement):
        s = data.value(node, PSYKG.statementSubject)
        p = data.value(node, PSYKG.statementPredicate)
        o = data.value(node, PSYKG.statementObject) or data.value(node, PSYKG.statementValue)
        out.add((s, p, o))
    return out


def test_no_inferred_triple_without_its_statements(built: Any) -> None:
    result, _ = built
    asserted = result.compiled.graph
    full = result.full
    # what the rules infer without any curated claim: those rest on the registry, not on text
    bare = TripleSet(t for t in result.compiled.triples if t not in _truthy_of_statements(asserted))
    from_registry = set(materialise(bare, result.ontology.graph))
    inferred = [t for t in result.inferred if not str(t[0]).startswith(INFERRED_PREFIX)]
    assert inferred, "the seed infers triples"
    unlinked = []
    for triple in inferred:
        if triple in from_registry:
            continue
        node = inferred_iri(triple)
        s, p, o = triple
        rests_on = [
            st
            for st in full.objects(node, PROV.wasDerivedFrom)
            if (st, RDF.type, PSYKG.Statement) in full
        ]
        if not (
            (node, PSYKG.statementSubject, s) in full
            and (node, PSYKG.statementPredicate, p) in full
            and (
                (node, PSYKG.statementObject, o) in full or (node, PSYKG.statementValue, o) in full
            )
            and rests_on
        ):
            unlinked.append(triple)
    assert unlinked == []


def test_the_symmetric_inference_keeps_hedge_and_evidence(built: Any) -> None:
    result, _ = built
    full = result.full
    cbt, pdt = RES["cognitive-behavioral-therapy"], RES["psychodynamic-therapy"]
    assert (cbt, PSYKG.asEffectiveAs, pdt) in full
    node = inferred_iri((cbt, PSYKG.asEffectiveAs, pdt))
    statement = RES["statement/pdt-as-effective-as-cbt"]
    assert set(full.objects(node, PROV.wasDerivedFrom)) == {statement}
    assert Literal("can be") in set(full.objects(node, PSYKG.hedgeWording))
    assert Literal("Research shows") in set(full.objects(node, PSYKG.evidenceWording))
    assert full.value(node, PSYKG.inferenceRule) == PSYKG.SymmetryRule


def test_a_transitive_chain_rests_on_every_statement_in_it() -> None:
    ontology = Graph()
    ontology.add((PSYKG.derivedFrom, RDF.type, OWL.TransitiveProperty))
    a, b, c = RES.a, RES.b, RES.c
    data = TripleSet([(a, PSYKG.derivedFrom, b), (b, PSYKG.derivedFrom, c)])
    for name, (s, o) in {"ab": (a, b), "bc": (b, c)}.items():
        node = RES[f"statement/{name}"]
        data.add_all(
            [
                (node, PSYKG.statementSubject, s),
                (node, PSYKG.statementPredicate, PSYKG.derivedFrom),
                (node, PSYKG.statementObject, o),
                (node, PSYKG.hedgeWording, Literal(f"hedge {name}")),
            ]
        )
    premises: Premises = {}
    inferred = materialise(data, ontology, premises)
    assert list(inferred) == [(a, PSYKG.derivedFrom, c)]
    links = link_inferences(data, inferred, premises, inverse_pairs(ontology)).graph()
    node = inferred_iri((a, PSYKG.derivedFrom, c))
    assert set(links.objects(node, PROV.wasDerivedFrom)) == {
        RES["statement/ab"],
        RES["statement/bc"],
    }
    assert set(links.objects(node, PSYKG.hedgeWording)) == {
        Literal("hedge ab"),
        Literal("hedge bc"),
    }
    assert links.value(node, PSYKG.inferenceRule) == PSYKG.TransitivityRule
