"""Read the OWL ontology and answer the questions the compiler and checks ask of it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from psykg.errors import OntologyError
from psykg.rdf import prefixes
from psykg.rdf.namespaces import PSYKG
from psykg.rdf.prefixes import PREFIXES, shorten


def read_turtle(path: Path) -> Graph:
    """Parse a Turtle file; a syntax error becomes an OntologyError naming the file."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise OntologyError("file not found", file=path) from exc
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise OntologyError(f"not valid Turtle: {exc}", file=path) from exc
    return graph


def expand(name: str) -> URIRef:
    """A local name of the psykg vocabulary, or a CURIE with a known prefix, as an IRI."""
    if ":" not in name:
        return PSYKG[name]
    iri = prefixes.expand(name) if name.split(":", 1)[0] in PREFIXES else None
    if iri is None:
        raise KeyError(name)
    return URIRef(iri)


def curie(iri: URIRef) -> str:
    """The shortest CURIE for `iri` with a known prefix, or the IRI in angle brackets."""
    return shorten(str(iri)) or f"<{iri}>"


@dataclass(frozen=True)
class Ontology:
    """The vocabulary: its graph plus cached look-ups of classes and properties."""

    graph: Graph
    path: Path

    @classmethod
    def load(cls, path: Path) -> Ontology:
        """Load the ontology file."""
        return cls(read_turtle(path), path)

    def _typed(self, kind: URIRef) -> frozenset[URIRef]:
        return frozenset(s for s in self.graph.subjects(RDF.type, kind) if isinstance(s, URIRef))

    @cached_property
    def classes(self) -> frozenset[URIRef]:
        """Every named class the ontology declares."""
        return self._typed(OWL.Class)

    @cached_property
    def object_properties(self) -> frozenset[URIRef]:
        """Declared object properties."""
        return self._typed(OWL.ObjectProperty)

    @cached_property
    def datatype_properties(self) -> frozenset[URIRef]:
        """Declared datatype properties."""
        return self._typed(OWL.DatatypeProperty)

    @cached_property
    def annotation_properties(self) -> frozenset[URIRef]:
        """Declared annotation properties."""
        return self._typed(OWL.AnnotationProperty)

    @cached_property
    def properties(self) -> frozenset[URIRef]:
        """Every declared property of any kind."""
        return self.object_properties | self.datatype_properties | self.annotation_properties

    def class_names(self) -> list[str]:
        """The local names of the psykg classes, as curation files write them."""
        return sorted(c.removeprefix(str(PSYKG)) for c in self.classes if c.startswith(PSYKG))

    def property_names(self) -> list[str]:
        """Every property as curation files write it: a psykg local name, else a CURIE."""
        return sorted(
            p.removeprefix(str(PSYKG)) if p.startswith(PSYKG) else curie(p) for p in self.properties
        )

    @cached_property
    def _superclasses(self) -> dict[URIRef, frozenset[URIRef]]:
        """Memo of `superclasses`, filled on first use of each class."""
        return {}

    @cached_property
    def _domains(self) -> dict[URIRef, URIRef | None]:
        """Memo of `domain`, filled on first use of each property."""
        return {}

    @cached_property
    def _ranges(self) -> dict[URIRef, URIRef | None]:
        """Memo of `range`, filled on first use of each property."""
        return {}

    def _named_superclasses(self, cls: URIRef) -> frozenset[URIRef]:
        found = self._superclasses.get(cls)
        if found is None:
            found = frozenset(
                {cls}
                | {
                    sup
                    for sup in self.graph.transitive_objects(cls, RDFS.subClassOf)
                    if isinstance(sup, URIRef)
                }
            )
            self._superclasses[cls] = found
        return found

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        """The class and all its named superclasses."""
        return set(self._named_superclasses(cls))

    def is_subclass(self, cls: URIRef, sup: URIRef) -> bool:
        """True when `sup` is `cls` or one of its named superclasses (memoised: the compiler
        asks this for every statement)."""
        return sup in self._named_superclasses(cls)

    def superproperties(self, prop: URIRef) -> set[URIRef]:
        """The property and all its named super-properties."""
        return {
            p
            for p in self.graph.transitive_objects(prop, RDFS.subPropertyOf)
            if isinstance(p, URIRef)
        }

    @cached_property
    def _contradictions(self) -> dict[URIRef, frozenset[URIRef]]:
        """For each property, the properties that contradict it (psykg:contradicts, either
        way round, and every sub-property of either side)."""
        found: dict[URIRef, set[URIRef]] = {}
        for p, q in self.graph.subject_objects(PSYKG.contradicts):
            if not (isinstance(p, URIRef) and isinstance(q, URIRef)):
                continue
            for a, b in ((p, q), (q, p)):
                theirs = self.subproperties(b)
                for mine in self.subproperties(a):
                    found.setdefault(mine, set()).update(theirs)
        return {p: frozenset(qs) for p, qs in found.items()}

    def contradicting(self, prop: URIRef) -> frozenset[URIRef]:
        """The properties whose claim on the same subject and object contradicts `prop`'s."""
        return self._contradictions.get(prop, frozenset())

    def subproperties(self, prop: URIRef) -> set[URIRef]:
        """The property and all its named sub-properties."""
        return {
            p
            for p in self.graph.transitive_subjects(RDFS.subPropertyOf, prop)
            if isinstance(p, URIRef)
        }

    def domain(self, prop: URIRef) -> URIRef | None:
        """The declared rdfs:domain, if any."""
        if prop not in self._domains:
            self._domains[prop] = _named(self.graph.value(prop, RDFS.domain))
        return self._domains[prop]

    def range(self, prop: URIRef) -> URIRef | None:
        """The declared rdfs:range, if any."""
        if prop not in self._ranges:
            self._ranges[prop] = _named(self.graph.value(prop, RDFS.range))
        return self._ranges[prop]


def _named(value: object) -> URIRef | None:
    """`value` if it is an IRI, else None."""
    return value if isinstance(value, URIRef) else None
