"""Reasoning: HermiT (through owlready2) for consistency, and rules that materialise inferences."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from psykg.constants import RES
from psykg.errors import ReasonerError

Triple = tuple[Node, Node, Node]
NOT_OWL2_DATATYPES = frozenset({XSD.date, XSD.time, XSD.gYear, XSD.gYearMonth, XSD.duration})
"""XSD datatypes outside the OWL 2 datatype map, which HermiT refuses."""


def _named(graph: Graph, predicate: URIRef) -> list[tuple[URIRef, URIRef]]:
    return [(s, o) for s, o in graph.subject_objects(predicate)
            if isinstance(s, URIRef) and isinstance(o, URIRef)]


def _closure(pairs: Iterable[tuple[URIRef, URIRef]]) -> dict[URIRef, set[URIRef]]:
    """Reflexive-transitive closure of a relation given as pairs."""
    direct: dict[URIRef, set[URIRef]] = {}
    for a, b in pairs:
        direct.setdefault(a, set()).add(b)
        direct.setdefault(b, set())
    closed: dict[URIRef, set[URIRef]] = {}
    for start in direct:
        seen = {start}
        stack = [start]
        while stack:
            for nxt in direct.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        closed[start] = seen
    return closed


def materialise(data: Graph, ontology: Graph) -> Graph:
    """Triples entailed by the ontology's class and property axioms that `data` lacks.

    Rules (a subset of OWL 2 RL that the ontology uses): subclass and subproperty closure,
    inverse, symmetric and transitive properties. Runs to a fixpoint in time linear in the
    size of the result for this ontology's shallow hierarchies.
    """
    superclasses = _closure(_named(ontology, RDFS.subClassOf))
    superprops = _closure(_named(ontology, RDFS.subPropertyOf))
    inverses: dict[URIRef, set[URIRef]] = {}
    for a, b in _named(ontology, OWL.inverseOf):
        inverses.setdefault(a, set()).add(b)
        inverses.setdefault(b, set()).add(a)
    symmetric = {s for s in ontology.subjects(RDF.type, OWL.SymmetricProperty)}
    transitive = {s for s in ontology.subjects(RDF.type, OWL.TransitiveProperty)}
    known = set(superprops) | set(inverses) | symmetric | transitive

    facts: set[Triple] = set(data)
    inferred: set[Triple] = set()
    forward: dict[tuple[Node, Node], set[Node]] = {}
    backward: dict[tuple[Node, Node], set[Node]] = {}

    def index(triple: Triple) -> None:
        s, p, o = triple
        if p in transitive:
            forward.setdefault((s, p), set()).add(o)
            backward.setdefault((p, o), set()).add(s)

    for triple in facts:
        index(triple)

    def add(triple: Triple) -> bool:
        if triple in facts:
            return False
        facts.add(triple)
        inferred.add(triple)
        index(triple)
        return True

    frontier = [t for t in facts if t[1] in known]
    while frontier:
        new: list[Triple] = []
        for s, p, o in frontier:
            if not isinstance(p, URIRef):
                continue
            candidates: list[Triple] = [(s, q, o) for q in superprops.get(p, ()) if q != p]
            if isinstance(o, URIRef):
                candidates += [(o, q, s) for q in inverses.get(p, ())]
                if p in symmetric:
                    candidates.append((o, p, s))
                if p in transitive:
                    candidates += [(s, p, z) for z in forward.get((o, p), ())]
                    candidates += [(x, p, o) for x in backward.get((p, s), ())]
            new.extend(t for t in candidates if add(t))
        frontier = new
    for s, cls in [(s, o) for s, p, o in facts if p == RDF.type and isinstance(o, URIRef)]:
        for sup in superclasses.get(cls, ()):
            add((s, RDF.type, sup))
    out = Graph()
    for triple in sorted(inferred):
        out.add(triple)
    return out


def java_available() -> bool:
    """True when a java executable is on PATH (HermiT needs it)."""
    return shutil.which("java") is not None


def hermit(data: Graph, ontology: Graph) -> Graph:
    """Run HermiT over ontology plus data: raise ReasonerError if inconsistent, else return
    the inferred types and property values of psykg resources."""
    if not java_available():
        raise ReasonerError(
            "Java is not installed, so the HermiT reasoner cannot run",
            hint="install a Java runtime (Debian: apt-get install -y default-jre-headless)",
        )
    import owlready2  # imported here: heavy, and only the build needs it

    merged = Graph()
    for triple in (*ontology, *data):
        literal = triple[2]
        if isinstance(literal, Literal) and literal.datatype in NOT_OWL2_DATATYPES:
            continue  # HermiT rejects such literals; they take part in no axiom of ours
        merged.add(triple)
    with tempfile.TemporaryDirectory(prefix="psykg-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        merged.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        before = _world_triples(world)
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise ReasonerError(
                "the ontology and data are logically inconsistent (HermiT)",
                hint="look for an entity given two disjoint classes, or a therapy both "
                "primarily used and less used for one condition; psykg validate names such "
                "conflicts",
            ) from exc
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(f"HermiT failed to run: {str(exc)[:500]}") from exc
        after = _world_triples(world)
        world.close()
    out = Graph()
    for s, p, o in sorted(after - before):
        if isinstance(s, URIRef) and s.startswith(str(RES)) and isinstance(o, URIRef):
            out.add((s, p, o))
    return out


def _world_triples(world: object) -> set[Triple]:
    graph = world.as_rdflib_graph()  # type: ignore[attr-defined]
    return {(s, p, o) for s, p, o in graph.triples((None, None, None))}
