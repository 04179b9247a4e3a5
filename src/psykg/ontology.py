"""Read the OWL ontology and answer the questions the compiler and checks ask of it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from psykg.constants import PREFIXES, PSYKG, shorten
from psykg.errors import OntologyError


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
    if ":" in name:
        prefix, local = name.split(":", 1)
        if prefix not in PREFIXES:
            raise KeyError(name)
        return URIRef(PREFIXES[prefix] + local)
    return PSYKG[name]


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

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        """The class and all its named superclasses."""
        found = {cls}
        for sup in self.graph.transitive_objects(cls, RDFS.subClassOf):
            if isinstance(sup, URIRef):
                found.add(sup)
        return found

    def superproperties(self, prop: URIRef) -> set[URIRef]:
        """The property and all its named super-properties."""
        return {p for p in self.graph.transitive_objects(prop, RDFS.subPropertyOf)
                if isinstance(p, URIRef)}

    def domain(self, prop: URIRef) -> URIRef | None:
        """The declared rdfs:domain, if any."""
        value = self.graph.value(prop, RDFS.domain)
        return value if isinstance(value, URIRef) else None

    def range(self, prop: URIRef) -> URIRef | None:
        """The declared rdfs:range, if any."""
        value = self.graph.value(prop, RDFS.range)
        return value if isinstance(value, URIRef) else None
