"""Reasoning: HermiT (through owlready2) for consistency, and rules that materialise inferences."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from psykg.build import hermitproc
from psykg.build.ontology import curie
from psykg.errors import ReasonerError
from psykg.rdf.graphs import Triple, Triples, TripleSet, triples
from psykg.rdf.namespaces import RES

HERMIT_MAX_TRIPLES = 20_000
"""HermiT runs on builds of up to this many triples (ontology plus asserted data). Its time
grows much faster than the data: 1.4 s for the seed (2,000 triples), 6.5 s for 15,600 (the
scale corpus at N=10), and it does not finish in minutes at 150,000. Above the limit the build
relies on the rule closure, the disjointness checks in queries/checks and the SHACL shapes,
and says so (`psykg build --hermit` runs it anyway)."""
NOT_OWL2_DATATYPES = frozenset({XSD.date, XSD.time, XSD.gYear, XSD.gYearMonth, XSD.duration})
"""XSD datatypes outside the OWL 2 datatype map, which HermiT refuses."""


def _named(graph: Graph, predicate: URIRef) -> list[tuple[URIRef, URIRef]]:
    return [
        (s, o)
        for s, o in graph.subject_objects(predicate)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    ]


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


Premises = dict[Triple, tuple[Triple, ...]]
"""For each inferred triple, the triples it was first inferred from (one or two)."""


def materialise(data: Triples, ontology: Graph, premises: Premises | None = None) -> TripleSet:
    """Triples entailed by the ontology's class and property axioms that `data` lacks.

    Rules (a subset of OWL 2 RL that the ontology uses): subclass and subproperty closure,
    inverse, symmetric and transitive properties. Only triples whose predicate takes part in
    a rule (rdf:type and the properties the axioms name) are read, through the graph's
    predicate index; the property rules then run semi-naively (each round joins only the new
    triples) to a fixpoint, in time linear in the size of the result for this ontology's
    shallow hierarchies.

    With `premises`, each inferred triple's premises are recorded there (the first derivation
    found), so build.inferred can tie it to the statements it rests on.
    """
    superclasses = _closure(_named(ontology, RDFS.subClassOf))
    superprops = _closure(_named(ontology, RDFS.subPropertyOf))
    inverses: dict[URIRef, set[URIRef]] = {}
    for a, b in _named(ontology, OWL.inverseOf):
        inverses.setdefault(a, set()).add(b)
        inverses.setdefault(b, set()).add(a)
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    known = set(superprops) | set(inverses) | symmetric | transitive

    # Every rule concludes a triple whose predicate is rdf:type or in `known`, so those are
    # the only triples of `data` that can decide whether a conclusion is new.
    rdf_type = RDF.type
    types = list(triples(data, rdf_type))
    frontier: list[Triple] = [t for p in known for t in triples(data, p)]
    facts: set[Triple] = {*types, *frontier}
    inferred: list[Triple] = []
    forward: dict[tuple[Node, Node], set[Node]] = {}
    backward: dict[tuple[Node, Node], set[Node]] = {}

    def index(triple: Triple) -> None:
        s, p, o = triple
        if p in transitive:
            forward.setdefault((s, p), set()).add(o)
            backward.setdefault((p, o), set()).add(s)

    for triple in frontier:
        index(triple)

    def add(triple: Triple, *why: Triple) -> bool:
        if triple in facts:
            return False
        facts.add(triple)
        inferred.append(triple)
        index(triple)
        if premises is not None:
            premises[triple] = why
        return True

    while frontier:
        new: list[Triple] = []
        for premise in frontier:
            s, p, o = premise
            if not isinstance(p, URIRef):
                continue
            candidates: list[tuple[Triple, Triple]] = [
                ((s, q, o), premise) for q in superprops.get(p, ()) if q != p
            ]
            if isinstance(o, URIRef):
                candidates += [((o, q, s), premise) for q in inverses.get(p, ())]
                if p in symmetric:
                    candidates.append(((o, p, s), premise))
                if p in transitive:
                    candidates += [((s, p, z), (o, p, z)) for z in forward.get((o, p), ())]
                    candidates += [((x, p, o), (x, p, s)) for x in backward.get((p, s), ())]
            for triple, other in candidates:
                if add(triple, premise) if other is premise else add(triple, premise, other):
                    new.append(triple)
        frontier = new
    types += [t for t in inferred if t[1] == rdf_type]  # none unless rdf:type is in `known`
    for typing in types:
        s, _, cls = typing
        if isinstance(cls, URIRef):
            for sup in superclasses.get(cls, ()):
                add((s, rdf_type, sup), typing)
    return TripleSet(inferred)


def java_available() -> bool:
    """True when a java executable is on PATH (HermiT needs it)."""
    return shutil.which("java") is not None


def hermit(data: Graph, ontology: Graph, started: threading.Event | None = None) -> Graph:
    """Run HermiT over ontology plus data: raise ReasonerError if inconsistent, else return
    the inferred types and property values of psykg resources. `started`, if given, is set
    as the Java process starts."""
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
    hermitproc.install()  # Java dies with this process; its files stay in the workspace
    with hermitproc.workspace(started) as tmp:
        path = tmp / "input.nt"
        merged.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        before = _world_triples(world)
        try:
            with onto, _java_options(JAVA_OPTIONS):
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            causes = explain(data, ontology)
            found = "".join(f"\n  - {cause}" for cause in causes) or (
                "\n  - no simple cause found (look for disjoint classes or properties)"
            )
            raise ReasonerError(
                f"the ontology and data are logically inconsistent (HermiT); likely causes:{found}",
                hint="each cause names a resource that the ontology says cannot be so; fix the "
                "curation statement that asserts it",
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


JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
"""HermiT runs for seconds, not hours: the quick JIT tier and one GC thread start faster and
leave the other core to the build (measured: 1.9 s -> 1.4 s on the seed dataset)."""


@contextmanager
def _java_options(options: str) -> Iterator[None]:
    """Set JAVA_TOOL_OPTIONS for the java process owlready2 starts, then restore it."""
    old = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = f"{old} {options}" if old else options
    try:
        yield
    finally:
        if old is None:
            del os.environ["JAVA_TOOL_OPTIONS"]
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = old


def _world_triples(world: object) -> set[Triple]:
    graph = world.as_rdflib_graph()  # type: ignore[attr-defined]
    return {(s, p, o) for s, p, o in graph.triples((None, None, None))}


def explain(data: Graph, ontology: Graph) -> list[str]:
    """Plain-language reasons an ontology plus data may be inconsistent: a resource in two
    disjoint classes, or a pair related by two disjoint properties."""
    closed = data + materialise(data, ontology).graph()
    for prop in set(ontology.subjects(RDF.type, OWL.ObjectProperty)):
        domain, range_ = ontology.value(prop, RDFS.domain), ontology.value(prop, RDFS.range)
        for s, o in list(closed.subject_objects(prop)):
            if isinstance(domain, URIRef):
                closed.add((s, RDF.type, domain))
            if isinstance(range_, URIRef):
                closed.add((o, RDF.type, range_))
    closed += materialise(closed, ontology).graph()
    causes: list[str] = []
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        head = ontology.value(group, OWL.members)
        members = set(ontology.items(head)) if head is not None else set()
        resources = sorted({s for s in closed.subjects(RDF.type, None) if isinstance(s, URIRef)})
        for resource in resources:
            types = sorted(
                curie(t)
                for t in closed.objects(resource, RDF.type)
                if t in members and isinstance(t, URIRef)
            )
            if len(types) > 1:
                causes.append(
                    f"{curie(resource)} is a {' and a '.join(types)}, which are "
                    "disjoint classes (check the domains and ranges of its properties)"
                )
    for p, q in _named(ontology, OWL.propertyDisjointWith):
        pairs = [
            (s, o)
            for s, o in closed.subject_objects(p)
            if isinstance(s, URIRef) and isinstance(o, URIRef)
        ]
        for s, o in sorted(pairs):
            if (s, q, o) in closed:
                causes.append(
                    f"{curie(s)} is related to {curie(o)} by both {curie(p)} and "
                    f"{curie(q)}, which are disjoint properties"
                )
    return causes
