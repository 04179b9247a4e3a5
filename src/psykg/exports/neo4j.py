"""Neo4j: the release as Turtle plus a neosemantics (n10s) script that loads it."""

from __future__ import annotations

import re
import shutil
from concurrent.futures import Future
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from psykg.exports.view import ALL_PREFIXES, ReleaseView
from psykg.rdf.serialize import to_turtle

TURTLE = "psykg.ttl"
SCRIPT = "load.cypher"
DIR_PARAMETER = "psykgDir"
"""cypher-shell parameter: file: URL of the folder holding the Turtle (n10s wants it absolute)."""
GRAPH_SETTINGS = (
    "handleVocabUris: 'SHORTEN', handleMultival: 'ARRAY', "
    "handleRDFTypes: 'LABELS', keepLangTag: false, keepCustomDataTypes: true"
)
"""n10s graph config, without multivalPropList (computed from the data, see multivalued).
keepLangTag is false: every tagged literal of the release is English (a test checks it), so
`n.rdfs__label = 'depression'` matches; with true, n10s would store 'depression@en'."""
N10S_RESERVED: dict[str, str] = {
    "http://schema.org/": "sch",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dct",
    "http://www.w3.org/2004/02/skos/core#": "skos",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://www.w3.org/2002/07/owl#": "owl",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://www.w3.org/ns/shacl#": "sh",
}
"""Namespaces whose prefix n10s fixes (its NsPrefixMap refuses any other prefix for them)."""


def namespace_of(iri: str) -> str:
    """The namespace part of `iri`: up to and including its last '#' or '/'."""
    match = re.match(r"^(.*[#/])[^#/]*$", iri)
    return match.group(1) if match else iri


def vocabulary_namespaces(view: ReleaseView) -> list[str]:
    """Namespaces n10s shortens: those of every predicate and every rdf:type object."""
    predicates: set[Node] = set()
    types: set[Node] = set()
    rdf_type = RDF.type
    for by_predicate in view.index.values():
        predicates.update(by_predicate)
        types.update(by_predicate.get(rdf_type, ()))
    iris = {str(t) for t in predicates | types if isinstance(t, URIRef)}
    return sorted({namespace_of(iri) for iri in iris})


def prefixes_for(namespaces: list[str]) -> dict[str, str]:
    """prefix -> namespace for every namespace: n10s's reserved prefixes, then psykg's, then
    ns1, ns2, ..."""
    known = {ns: prefix for prefix, ns in ALL_PREFIXES.items()} | N10S_RESERVED
    out: dict[str, str] = {}
    extra = 0
    for ns in namespaces:
        if ns in known:
            out[known[ns]] = ns
        else:
            extra += 1
            out[f"ns{extra}"] = ns
    return dict(sorted(out.items()))


def multivalued(view: ReleaseView) -> list[str]:
    """Properties with two or more literal values on one subject: n10s keeps those as arrays
    (handleMultival 'ARRAY' with multivalPropList) and every other property as one value."""
    found: set[str] = set()
    for by_predicate in view.index.values():
        for predicate, objects in by_predicate.items():
            if sum(isinstance(o, Literal) for o in objects) > 1:
                found.add(str(predicate))
    return sorted(found)


def graph_config(view: ReleaseView) -> str:
    """The n10s graph config map, in Cypher."""
    props = ", ".join(f"'{iri}'" for iri in multivalued(view))
    return f"{{{GRAPH_SETTINGS}, multivalPropList: [{props}]}}"


def load_script(view: ReleaseView) -> str:
    """The Cypher script: uniqueness constraint, n10s config (only when the database has none),
    prefixes, then the import. Every statement is safe to run again: the constraint has IF NOT
    EXISTS, an existing config is kept, adding a prefix n10s already has is a no-op, and the
    import merges resources by IRI."""
    lines = [
        "// Load the psykg release into Neo4j with neosemantics (n10s). Safe to run again.",
        f"// Run: cypher-shell -P \"{DIR_PARAMETER} => 'file:///ABSOLUTE/PATH/TO/neo4j/'\""
        f" -f {SCRIPT}",
        "// (the folder holding this script and psykg.ttl; see docs/exports.md).",
        "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS",
        "FOR (r:Resource) REQUIRE r.uri IS UNIQUE;",
        "// n10s refuses a new config once the graph holds data: initialise only when none exists.",
        "CALL n10s.graphconfig.show() YIELD param",
        "WITH count(param) AS settings WHERE settings = 0",
        f"CALL n10s.graphconfig.init({graph_config(view)}) YIELD param",
        "RETURN count(param) AS initialised;",
    ]
    for prefix, namespace in prefixes_for(vocabulary_namespaces(view)).items():
        lines.append(f"CALL n10s.nsprefixes.add('{prefix}', '{namespace}');")
    lines.append(f"CALL n10s.rdf.import.fetch(${DIR_PARAMETER} + '{TURTLE}', 'Turtle');")
    return "".join(f"{line}\n" for line in lines)


def write_neo4j(view: ReleaseView, folder: Path) -> None:
    """Write psykg.ttl and load.cypher into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    if view.turtle is not None:
        turtle = view.turtle.result() if isinstance(view.turtle, Future) else view.turtle
        shutil.copyfile(turtle, folder / TURTLE)
    else:
        (folder / TURTLE).write_text(to_turtle(view.full), encoding="utf-8")
    (folder / SCRIPT).write_text(load_script(view), encoding="utf-8")
