"""Byte-stable serialisation of graphs in every RDF format the release ships."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph

from psykg.constants import PREFIXES


def stable_graph(graph: Graph) -> Graph:
    """A copy of `graph` with triples inserted in sorted order and the psykg prefixes bound."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    for triple in sorted(graph):
        out.add(triple)
    return out


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context bundled with the release: the psykg prefixes, nothing remote."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def to_ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, lines sorted: diffable and byte-stable."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def to_turtle(graph: Graph) -> str:
    """Turtle with the psykg prefixes."""
    return stable_graph(graph).serialize(format="turtle")


def to_rdfxml(graph: Graph) -> str:
    """RDF/XML (for Protégé and other OWL tools)."""
    return stable_graph(graph).serialize(format="pretty-xml")


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
