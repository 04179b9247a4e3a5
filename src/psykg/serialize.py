"""Byte-stable serialisation of graphs in every RDF format the release ships."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph
from rdflib.term import Node

from psykg.constants import PREFIXES


def stable_graph(graph: Graph) -> Graph:
    """A copy of `graph` with blank nodes given content-derived labels, triples inserted in
    sorted order and the psykg prefixes bound: the same graph always serialises the same."""
    out = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    labels = _blank_labels(graph)

    def relabel(term: Node) -> Node:
        return labels[term] if isinstance(term, BNode) else term

    for triple in sorted(tuple(relabel(t) for t in triple) for triple in graph):
        out.add(triple)  # type: ignore[arg-type]
    return out


def _blank_labels(graph: Graph) -> dict[Node, BNode]:
    """A stable label for each blank node: a hash of what it says (its outgoing triples, with
    nested blank nodes hashed first) and of where it is used (its incoming triples).

    The ontology's blank nodes are axioms and RDF lists, which form trees, so this is exact
    for them; distinct blank nodes with equal content and use would share a label."""
    memo: dict[Node, str] = {}

    def content(node: Node) -> str:
        if node not in memo:
            memo[node] = ""  # a cycle of blank nodes ends here instead of recursing forever
            parts = sorted(
                f"{p.n3()} {content(o) if isinstance(o, BNode) else o.n3()}"
                for p, o in graph.predicate_objects(node)
            )
            memo[node] = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        return memo[node]

    labels: dict[Node, BNode] = {}
    blanks = {t for triple in graph for t in triple if isinstance(t, BNode)}
    for node in blanks:
        uses = sorted(f"{s.n3()} {p.n3()}" for s, p in graph.subject_predicates(node)
                      if not isinstance(s, BNode))
        digest = hashlib.sha256((content(node) + "|" + "|".join(uses)).encode("utf-8"))
        labels[node] = BNode("b" + digest.hexdigest()[:24])
    return labels


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context bundled with the release: the psykg prefixes, nothing remote."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def to_ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, lines sorted: diffable and byte-stable."""
    text = stable_graph(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = text.splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def to_turtle(graph: Graph) -> str:
    """Turtle with the psykg prefixes."""
    return stable_graph(graph).serialize(format="turtle")


def to_rdfxml(graph: Graph) -> str:
    """RDF/XML (for Protégé and other OWL tools), written by pyoxigraph in sorted triple order
    (rdflib's RDF/XML writers order namespaces and subjects differently from run to run)."""
    import pyoxigraph

    triples = pyoxigraph.parse(to_ntriples(graph), format=pyoxigraph.RdfFormat.N_TRIPLES)
    xml = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML,
                               prefixes=dict(sorted(PREFIXES.items())))
    assert xml is not None
    return xml.decode("utf-8")


def _sort_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sort_value(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_value(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(graph: Graph) -> str:
    """JSON-LD with the context inline (so no processor fetches it), nodes and values sorted."""
    context = jsonld_context()["@context"]
    raw = stable_graph(graph).serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(raw)
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
    body = sorted((_sort_value(n) for n in nodes), key=lambda n: str(n.get("@id", "")))
    return json.dumps({"@context": context, "@graph": body}, indent=1, ensure_ascii=False) + "\n"


WRITERS: dict[str, tuple[str, str, Callable[[Graph], str]]] = {
    "turtle": ("ttl", "text/turtle", to_turtle),
    "ntriples": ("nt", "application/n-triples", to_ntriples),
    "jsonld": ("jsonld", "application/ld+json", to_jsonld),
    "rdfxml": ("owl", "application/rdf+xml", to_rdfxml),
}
"""Format name -> (file extension, media type, writer). Drives the library and the CLI."""


def write(graph: Graph, path: Path, fmt: str) -> None:
    """Write `graph` to `path` in the named format (UTF-8, LF line ends)."""
    _, _, writer = WRITERS[fmt]
    path.write_text(writer(graph), encoding="utf-8", newline="\n")
