"""Validate the built dataset, or RDF files a user gives, against the shapes and checks.

A user's file is outside input: it is read (a regular file, at most MAX_FILE_BYTES) and parsed
by pyoxigraph, which never fetches or opens anything else (rdfguard refuses what would make it
try, and bounds XML entity expansion). The data stays in pyoxigraph and N-Triples text: only
the triples the inference rules read become rdflib terms, so a million triples take seconds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from psykg import paths
from psykg.build.ontology import Ontology, read_turtle
from psykg.build.reason import materialise
from psykg.curation.inputs import read_bytes
from psykg.errors import PsykgError
from psykg.paths import Inputs
from psykg.rdf.graphs import TripleSet
from psykg.rdf.literals import typed_literal
from psykg.sparql.dataset import dataset_file
from psykg.validation.rdfguard import guard_rdfxml, inline_contexts
from psykg.validation.report import Report
from psykg.validation.validate import FAST_ENGINE_TRIPLES, validate

MAX_FILE_BYTES = 1024 * 1024 * 1024
"""Largest RDF file `psykg validate` reads (1 GiB: about eight million N-Triples lines)."""
FORMATS = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".nt": "N_TRIPLES",
    ".n3": "N3",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".xml": "RDF_XML",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
}
"""File extension -> pyoxigraph.RdfFormat member name."""


def user_ntriples(path: Path) -> str:
    """One RDF file as N-Triples (pyoxigraph's canonical form); errors name the file."""
    import pyoxigraph as ox

    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PsykgError(
            f"unknown RDF file extension {path.suffix!r}",
            file=path,
            hint=f"give one of {', '.join(sorted(FORMATS))}",
        )
    if not path.exists():
        raise PsykgError("file not found", file=path)
    data = read_bytes(path, limit=MAX_FILE_BYTES, what="RDF file", error=PsykgError)
    if fmt == "RDF_XML":
        guard_rdfxml(data, path)
    elif fmt == "JSON_LD":
        data = inline_contexts(data, path)
    try:  # parsed and written as a stream: a store would fold integer types into xsd:integer
        out = ox.serialize(
            ox.parse(data, getattr(ox.RdfFormat, fmt), base_iri=path.resolve().as_uri()),
            format=ox.RdfFormat.N_TRIPLES,
        )
    except MemoryError as exc:  # pyoxigraph bounds a single token (a literal) to 16 MiB
        raise PsykgError(
            f"cannot parse as RDF: {exc}",
            file=path,
            hint="a single literal or IRI may be at most 16 MiB",
        ) from None
    except (SyntaxError, ValueError, OSError) as exc:
        raise PsykgError(
            f"cannot parse as RDF ({fmt.replace('_', '-').lower()}): {exc}",
            file=path,
            hint="give Turtle (.ttl), N-Triples (.nt), JSON-LD or RDF/XML",
        ) from None
    return out.decode("utf-8") if out is not None else ""


def parse_user_file(path: Path) -> Graph:
    """One RDF file as an rdflib graph (read as `user_ntriples` reads it)."""
    graph = Graph()
    graph.parse(data=user_ntriples(path), format="nt")
    return graph


def validate_files(files: list[Path], inputs: Inputs) -> Report:
    """The report for `files` (merged), or for the built dataset when none are given."""
    ontology = Ontology.load(inputs.ontology)
    ontology_nt = _ontology_ntriples(ontology.graph)
    texts = [
        user_ntriples(path)
        for path in files or [dataset_file(inputs.root / paths.DIST_DIR / "psykg.nt")]
    ]
    if sum(text.count("\n") for text in texts) < FAST_ENGINE_TRIPLES:
        # pyshacl will read the data as a graph of its own, apart from the ontology
        ontology_lines = set(ontology_nt.split("\n"))
        data_nt = "".join(
            f"{line}\n"
            for line in {line for text in texts for line in text.split("\n")}
            if line and line not in ontology_lines
        )
    else:  # the compiled engine reads data and ontology as one store: no need to part them
        data_nt = "".join(texts)
    inferred_nt = _inferred(data_nt, ontology.graph)

    def data_graph() -> Graph:  # only pyshacl (small data) needs rdflib terms
        return Graph().parse(data=data_nt + inferred_nt, format="nt")

    return validate(
        data_graph,
        read_turtle(inputs.shapes),
        ontology.graph,
        inputs.checks_dir,
        ntriples=data_nt + inferred_nt + ontology_nt,
    )


def _ontology_ntriples(ontology: Graph) -> str:
    """The ontology as pyoxigraph writes N-Triples, so its lines compare with user data's."""
    import pyoxigraph as ox

    nt = ontology.serialize(format="nt", encoding="utf-8")
    out = ox.serialize(ox.parse(nt, ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
    return out.decode("utf-8") if out is not None else ""


_TYPE = f"<{RDF.type}>"


def _inferred(data_nt: str, ontology: Graph) -> str:
    """N-Triples of what the rules (reason.materialise) infer from `data_nt`, without turning
    the data into rdflib terms: the subclass closure works on the text of the rdf:type lines
    (the superclasses of each class the data uses are asked of materialise once), and only
    the triples of the properties the rules read are parsed into terms."""
    import pyoxigraph as ox

    read = {f"<{p}>" for p in _rule_properties(ontology)}
    types: dict[str, set[str]] = {}
    rule_lines: list[str] = []
    for match in re.finditer(r"^(\S+) (<[^>]*>) (.*) \.$", data_nt, re.M):
        predicate = match.group(2)
        if predicate == _TYPE:
            if match.group(3).startswith("<"):
                types.setdefault(match.group(1), set()).add(match.group(3))
        elif predicate in read:
            rule_lines.append(match.group())
    supers = _superclasses({c for classes in types.values() for c in classes}, ontology)
    out: list[str] = []
    for subject, classes in types.items():
        implied = {d for c in classes for d in supers.get(c, ())} - classes
        out += [f"{subject} {_TYPE} {d} .\n" for d in sorted(implied)]
    terms: dict[Any, Node] = {}  # predicates and objects repeat: build each term once

    def term(node: Any) -> Node:
        found = terms.get(node)
        if found is None:
            found = terms[node] = _to_rdflib(node)
        return found

    found = [
        (term(t.subject), term(t.predicate), term(t.object))
        for t in ox.parse("\n".join(rule_lines), ox.RdfFormat.N_TRIPLES)
    ]
    inferred = materialise(TripleSet(found), ontology)
    triples = [ox.Triple(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in inferred]
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return "".join(out) + (text.decode("utf-8") if text is not None else "")


def _rule_properties(ontology: Graph) -> set[URIRef]:
    """The properties whose triples reason.materialise reads besides rdf:type: those in a
    subproperty or inverse axiom, symmetric and transitive ones."""
    found: set[URIRef] = set()
    for axiom in (RDFS.subPropertyOf, OWL.inverseOf):
        for s, o in ontology.subject_objects(axiom):
            found.update(t for t in (s, o) if isinstance(t, URIRef))
    for kind in (OWL.SymmetricProperty, OWL.TransitiveProperty):
        found.update(t for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef))
    return found


def _superclasses(classes: set[str], ontology: Graph) -> dict[str, set[str]]:
    """N-Triples IRI of a class -> those of the classes materialise says its members are in."""
    probes = {URIRef(f"urn:psykg:probe:{n}"): c for n, c in enumerate(sorted(classes))}
    typed = TripleSet([(probe, RDF.type, URIRef(c[1:-1])) for probe, c in probes.items()])
    out: dict[str, set[str]] = {}
    for probe, _, cls in materialise(typed, ontology):
        if isinstance(probe, URIRef) and probe in probes:
            out.setdefault(probes[probe], set()).add(f"<{cls}>")
    return out


def _to_rdflib(term: Any) -> Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return typed_literal(term.value, URIRef(term.datatype.value))


def _to_ox(term: Node) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")
