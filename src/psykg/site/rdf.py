"""Fast, byte-stable serialisation of small resource descriptions (pyoxigraph; JSON-LD by hand).

rdflib's serialisers cost ~50 ms per description; the site writes four files for each of
hundreds of resources, so they go through pyoxigraph's writers instead, triples sorted and
blank nodes given canonical (RDFC-1.0) labels so that equal graphs give equal bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from psykg.rdf.prefixes import PREFIXES
from psykg.site.labels import curie

OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=1 << 16)
def _ox(node: Node) -> Any:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def canonical_triples(graph: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """The triples of `graph` in pyoxigraph terms, blank nodes canonically labelled, sorted."""
    triples = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in graph]
    if any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    ):
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in dataset]
    return sorted(triples, key=str)


def serialise(graph: Iterable[tuple[Node, Node, Node]], ext: str) -> str:
    """`graph` as Turtle (ttl), N-Triples (nt), RDF/XML (rdf) or JSON-LD (jsonld)."""
    return serialise_triples(canonical_triples(graph), ext)


def serialise_triples(triples: list[ox.Triple], ext: str) -> str:
    """Canonical triples (see canonical_triples) in the format of extension `ext`."""
    if ext == "jsonld":
        return to_jsonld(triples)
    data = ox.serialize(triples, format=OX_FORMATS[ext], prefixes=PREFIXES)
    assert data is not None
    text = data.decode("utf-8")
    if ext == "nt":
        # split("\n"), not splitlines(): a literal may hold U+2028, U+0085, \x0c or \x1c
        text = "".join(f"{line}\n" for line in sorted(set(text.split("\n"))) if line)
    return text


def _id(node: Any) -> str:
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else curie(node.value)


def _value(node: Any) -> dict[str, Any]:
    if not isinstance(node, ox.Literal):
        return {"@id": _id(node)}
    value: dict[str, Any] = {"@value": node.value}
    if node.language:
        value["@language"] = node.language
    elif node.datatype.value != XSD_STRING:
        value["@type"] = curie(node.datatype.value)
    return value


def to_jsonld(triples: list[ox.Triple]) -> str:
    """Compact JSON-LD: the psykg prefixes as the inline context, CURIEs, sorted nodes, one
    node a line (json's C encoder; its indenting encoder is pure Python and 5x slower)."""
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        key = _id(t.subject)
        node = nodes.setdefault(key, {"@id": key})
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(curie(t.object.value))
        else:
            node.setdefault(curie(t.predicate.value), []).append(_value(t.object))
    graph = ",\n  ".join(json.dumps(nodes[key], ensure_ascii=False) for key in sorted(nodes))
    return f'{{"@context": {CONTEXT},\n "@graph": [\n  {graph}\n ]\n}}\n'


CONTEXT = json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False)
"""The inline context of every description: the psykg prefixes."""
