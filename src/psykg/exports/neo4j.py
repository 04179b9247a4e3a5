"""Neo4j: the release as Turtle plus a neosemantics (n10s) script that loads it."""

from __future__ import annotations

import re
import shutil
from concurrent.futures import Future
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from psykg.exports.view import ALL_PREFIXES, ReleaseView
from psykg.rdf.serialize import to_turtle

TURTLE = "psykg.ttl"
SCRIPT = "load.cypher"
DIR_PARAMETER = "psykgDir"
"""cypher-shell parameter: file: URL of the folder holding the Turtle (n10s wants it absolute)."""
GRAPH_CONFIG = ("{handleVocabUris: 'SHORTEN', handleMultival: 'ARRAY', "
                "handleRDFTypes: 'LABELS', keepLangTag: true, keepCustomDataTypes: true}")


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
    """prefix -> namespace for every namespace: known prefixes first, then ns1, ns2, ..."""
    known = {ns: prefix for prefix, ns in ALL_PREFIXES.items()}
    out: dict[str, str] = {}
    extra = 0
    for ns in namespaces:
        if ns in known:
            out[known[ns]] = ns
        else:
            extra += 1
            out[f"ns{extra}"] = ns
    return dict(sorted(out.items()))


def load_script(view: ReleaseView) -> str:
    """The Cypher script: uniqueness constraint, n10s config, prefixes, then the import."""
    lines = [
        "// Load the psykg release into Neo4j with neosemantics (n10s).",
        f"// Run: cypher-shell -P \"{DIR_PARAMETER} => 'file:///ABSOLUTE/PATH/TO/neo4j/'\""
        f" -f {SCRIPT}",
        "// (the folder holding this script and psykg.ttl; see docs/exports.md).",
        "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS",
        "FOR (r:Resource) REQUIRE r.uri IS UNIQUE;",
        f"CALL n10s.graphconfig.init({GRAPH_CONFIG});",
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
