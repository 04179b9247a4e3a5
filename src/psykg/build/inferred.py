"""Inferred statements: every triple the rules infer from curated statements stays tied to them.

A curated claim is a direct triple plus a statement node with its qualifiers and quote. When the
rules infer a triple from such a claim (the symmetric `asEffectiveAs`, the inverse of
`usedFor`, a super-property, a transitive chain), the inferred triple gets a node of its own,
`psykgr:statement/inferred/<subject>.<property>.<object>`, a `psykg:InferredStatement` with the
same subject/predicate/object properties as a curated statement, `prov:wasDerivedFrom` each
curated statement it rests on, the rule that produced it, and the wordings (evidence, hedge,
extent, scope, example) and interpretation notes of those statements: "Research shows … can be
… such as" survives the inference. A triple inferred only from the entity registry (a declared
type's superclasses) rests on no statement and gets no node."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF
from rdflib.term import Node

from psykg.build.reason import Premises
from psykg.rdf.graphs import Triple, Triples, TripleSet, triples
from psykg.rdf.namespaces import PSYKG, RES

CARRIED: tuple[URIRef, ...] = (
    PSYKG.evidenceWording,
    PSYKG.hedgeWording,
    PSYKG.extentWording,
    PSYKG.scopeWording,
    PSYKG.exampleWording,
    PSYKG.interpretationNote,
)
"""Qualifiers of a curated statement that every statement inferred from it carries."""
RULES: dict[str, URIRef] = {
    "symmetric": PSYKG.SymmetryRule,
    "inverse": PSYKG.InverseRule,
    "sub-property": PSYKG.SubPropertyRule,
    "transitive": PSYKG.TransitivityRule,
    "sub-class": PSYKG.SubClassRule,
}
INFERRED_PREFIX = f"{RES}statement/inferred/"
"""Every inferred statement's IRI starts here."""


def _slug(term: Node) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        return text[max(text.rfind("/"), text.rfind("#")) + 1 :]
    return "v" + hashlib.sha256(term.n3().encode("utf-8")).hexdigest()[:12]


def inferred_iri(triple: Triple) -> URIRef:
    """The IRI of the inferred statement of `triple`: readable and deterministic."""
    return URIRef(INFERRED_PREFIX + ".".join(_slug(term) for term in triple))


def curated_statements(data: Triples) -> dict[Triple, list[URIRef]]:
    """Each direct triple of a curated statement, with the statement nodes that assert it."""
    subjects = {n: s for n, _, s in triples(data, PSYKG.statementSubject)}
    predicates = {n: p for n, _, p in triples(data, PSYKG.statementPredicate)}
    objects = {n: o for n, _, o in triples(data, PSYKG.statementObject)}
    objects.update({n: o for n, _, o in triples(data, PSYKG.statementValue)})
    claims: dict[Triple, list[URIRef]] = {}
    for node, subject in subjects.items():
        if node in predicates and node in objects and isinstance(node, URIRef):
            claims.setdefault((subject, predicates[node], objects[node]), []).append(node)
    return {claim: sorted(nodes) for claim, nodes in claims.items()}


def _rule(
    conclusion: Triple, why: tuple[Triple, ...], ontology_inverse: set[tuple[Node, Node]]
) -> URIRef:
    s, p, o = conclusion
    if p == RDF.type:
        return RULES["sub-class"]
    if len(why) == 2:
        return RULES["transitive"]
    ps, pp, po = why[0]
    if (ps, po) == (s, o):
        return RULES["sub-property"]
    if (pp, p) in ontology_inverse:
        return RULES["inverse"]
    return RULES["symmetric"]


def link_inferences(
    data: Triples,
    inferred: Iterable[Triple],
    premises: Premises,
    inverse_pairs: set[tuple[Node, Node]],
) -> TripleSet:
    """The inferred-statement nodes of every inferred triple that rests on a curated
    statement (directly or through other inferred triples)."""
    claims = curated_statements(data)
    support: dict[Triple, frozenset[URIRef]] = {}

    def rests_on(triple: Triple) -> frozenset[URIRef]:
        found = support.get(triple)
        if found is not None:
            return found
        support[triple] = frozenset()  # no cycles: premises are always found earlier
        nodes: set[URIRef] = set(claims.get(triple, ()))
        for premise in premises.get(triple, ()):
            nodes |= rests_on(premise)
        support[triple] = frozenset(nodes)
        return support[triple]

    carried: dict[URIRef, list[tuple[URIRef, Node]]] = {}
    for prop in CARRIED:
        for node, _, value in triples(data, prop):
            if isinstance(node, URIRef):
                carried.setdefault(node, []).append((prop, value))
    out: list[Triple] = []
    for triple in inferred:
        if triple not in premises:
            continue
        statements = sorted(rests_on(triple))
        if not statements:
            continue
        s, p, o = triple
        node = inferred_iri(triple)
        out += [
            (node, RDF.type, PSYKG.InferredStatement),
            (node, RDF.type, OWL.NamedIndividual),
            (node, PSYKG.statementSubject, s),
            (node, PSYKG.statementPredicate, p),
            (node, PSYKG.statementValue if isinstance(o, Literal) else PSYKG.statementObject, o),
            (node, PSYKG.inferenceRule, _rule(triple, premises[triple], inverse_pairs)),
        ]
        for statement in statements:
            out.append((node, PROV.wasDerivedFrom, statement))
            out += [(node, prop, value) for prop, value in carried.get(statement, ())]
    return TripleSet(sorted(set(out)))


def inverse_pairs(ontology: Triples) -> set[tuple[Node, Node]]:
    """(p, q) for each pair of properties declared inverse of each other."""
    pairs = {(a, b) for a, _, b in triples(ontology, OWL.inverseOf)}
    return pairs | {(b, a) for a, b in pairs}
