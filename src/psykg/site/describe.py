"""The RDF description of one resource: what its page, and its Turtle/JSON-LD files, say."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV, RDFS, SKOS

from psykg.rdf.graphs import Triple
from psykg.rdf.namespaces import OA
from psykg.site.index import GraphIndex

EMBEDDED = (PROV.wasDerivedFrom, OA.hasSelector)
"""Links whose targets are described inline: a statement's quote and a quote's selectors."""
NEIGHBOUR_LABELS = (RDFS.label, SKOS.prefLabel)


def description(graph: GraphIndex, iri: URIRef) -> set[Triple]:
    """Outgoing triples of `iri` (and of its quote and selectors), incoming triples, and the
    labels of every resource they mention, so the description reads on its own."""
    out: set[Triple] = set()
    described: set[URIRef] = set()
    todo = [iri]
    while todo:
        node = todo.pop()
        if node in described:
            continue
        described.add(node)
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
            if p in EMBEDDED and isinstance(o, URIRef):
                todo.append(o)
    for s, p in graph.subject_predicates(iri):
        out.add((s, p, iri))
    mentioned = {t for triple in out for t in triple if isinstance(t, URIRef)} - described
    for node in mentioned:
        for p in NEIGHBOUR_LABELS:
            for o in graph.objects(node, p):
                out.add((node, p, o))
    return out
