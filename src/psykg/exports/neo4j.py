"""Neo4j: the release as Turtle plus a neosemantics (n10s) script that loads it."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from psykg.exports.view import ALL_PREFIXES, ReleaseView
from psykg.serialize import to_turtle

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


def vocabulary_namespaces(graph: Graph) -> list[str]:
    """Namespaces n10s shortens: those of every predicate and every rdf:type object."""
    found = {namespace_of(str(p)) for p in graph.predicates() if isinstance(p, URIRef)}
    found |= {namespace_of(str(o)) for o in graph.objects(None, RDF.type)
              if isinstance(o, URIRef)}
    return sorted(found)


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


def load_script(graph: Graph) -> str:
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
    for prefix, namespace in prefixes_for(vocabulary_namespaces(graph)).items():
        lines.append(f"CALL n10s.nsprefixes.add('{prefix}', '{namespace}');")
    lines.append(f"CALL n10s.rdf.import.fetch(${DIR_PARAMETER} + '{TURTLE}', 'Turtle');")
    return "".join(f"{line}\n" for line in lines)


def write_neo4j(view: ReleaseView, folder: Path) -> None:
    """Write psykg.ttl and load.cypher into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TURTLE).write_text(to_turtle(view.full), encoding="utf-8")
    (folder / SCRIPT).write_text(load_script(view.full), encoding="utf-8")
