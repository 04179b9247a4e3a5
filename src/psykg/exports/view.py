"""What every export reads: the release graph split into ontology and data, with helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from psykg.constants import PREFIXES, PSYKG, RES, shorten
from psykg.mappings import CURIE_PREFIXES

NON_ENTITY_CLASSES = frozenset({PSYKG.Statement, PSYKG.Quote})
"""psykg classes whose members are provenance nodes, not things a user looks up."""
MATCH_PROPERTIES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch,
                    SKOS.relatedMatch)
ALL_PREFIXES: dict[str, str] = {**PREFIXES, **CURIE_PREFIXES}
"""Every prefix an export may use for a CURIE: psykg's own and the mapped vocabularies'."""


def curie(iri: Node) -> str:
    """The shortest CURIE for `iri` under ALL_PREFIXES, else the IRI itself."""
    return shorten(str(iri), ALL_PREFIXES) or str(iri)


def local_name(iri: Node) -> str:
    """The part of `iri` after its last '#' or '/'."""
    return re.split(r"[#/]", str(iri))[-1]


def kebab(name: str) -> str:
    """CamelCase or camelCase to kebab-case: TalkTherapy -> talk-therapy."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def snake(name: str) -> str:
    """camelCase to snake_case: forPopulation -> for_population."""
    return kebab(name).replace("-", "_")


@dataclass(frozen=True)
class Statement:
    """One psykg:Statement node, unpacked."""

    iri: URIRef
    subject: URIRef
    predicate: URIRef
    objects: tuple[URIRef, ...]
    values: tuple[Literal, ...]
    qualifiers: dict[URIRef, tuple[Node, ...]]
    quotes: tuple[URIRef, ...]


@dataclass
class ReleaseView:
    """The release graph (ontology + data + inferences) and the ontology on its own."""

    full: Graph
    ontology: Graph
    sssom: Path | None = None
    extra_files: tuple[str, ...] = field(default=())
    """Files a caller will add to the release folder after the exports (for the RO-Crate)."""

    @cached_property
    def data(self) -> Graph:
        """The release without the ontology's own triples."""
        data = Graph()
        for triple in self.full:
            if triple not in self.ontology:
                data.add(triple)
        return data

    @cached_property
    def superclasses(self) -> dict[URIRef, frozenset[URIRef]]:
        """Each named class -> its named superclasses (reflexive, transitive), from the ontology."""
        classes = {c for c in self.ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        return {
            c: frozenset(s for s in self.ontology.transitive_objects(c, RDFS.subClassOf)
                         if isinstance(s, URIRef))
            for c in classes
        }

    def psykg_types(self, node: URIRef) -> list[URIRef]:
        """The psykg classes `node` belongs to, sorted."""
        return sorted(t for t in self.full.objects(node, RDF.type)
                      if isinstance(t, URIRef) and t.startswith(str(PSYKG)))

    def primary_class(self, node: URIRef) -> URIRef | None:
        """The most specific psykg class of `node` (ties: alphabetical)."""
        types = self.psykg_types(node)
        for candidate in types:
            below = [t for t in types if t != candidate
                     and candidate in self.superclasses.get(t, frozenset())]
            if not below:
                return candidate
        return None

    @cached_property
    def entities(self) -> list[URIRef]:
        """Resources a user looks up (therapies, conditions, ...), sorted; no statements/quotes."""
        found = set()
        for node, cls in self.full.subject_objects(RDF.type):
            if (isinstance(node, URIRef) and node.startswith(str(RES))
                    and isinstance(cls, URIRef) and cls.startswith(str(PSYKG))):
                found.add(node)
        return sorted(n for n in found if not set(self.psykg_types(n)) & NON_ENTITY_CLASSES)

    def label(self, node: Node) -> str:
        """rdfs:label (English first), else skos:prefLabel, else the local name."""
        for prop in (RDFS.label, SKOS.prefLabel):
            values = sorted(self.full.objects(node, prop),
                            key=lambda v: (getattr(v, "language", None) != "en", str(v)))
            if values:
                return str(values[0])
        return local_name(node)

    def literals(self, node: Node, prop: URIRef) -> list[str]:
        """The sorted lexical forms of `prop` on `node`."""
        return sorted(str(v) for v in self.full.objects(node, prop) if isinstance(v, Literal))

    def matches(self, node: Node) -> list[str]:
        """External identifiers `node` maps to (any SKOS mapping property), as sorted CURIEs."""
        return sorted({curie(o) for prop in MATCH_PROPERTIES
                       for o in self.full.objects(node, prop)})

    @cached_property
    def statements(self) -> list[Statement]:
        """Every psykg:Statement, sorted by IRI."""
        out = []
        core = {PSYKG.statementSubject, PSYKG.statementPredicate, PSYKG.statementObject,
                PSYKG.statementValue, PROV.wasDerivedFrom, RDF.type, RDFS.label, SKOS.prefLabel}
        nodes = [n for n in self.full.subjects(RDF.type, PSYKG.Statement) if isinstance(n, URIRef)]
        for node in sorted(nodes):
            subject = self.full.value(node, PSYKG.statementSubject)
            predicate = self.full.value(node, PSYKG.statementPredicate)
            if not isinstance(subject, URIRef) or not isinstance(predicate, URIRef):
                continue
            qualifiers: dict[URIRef, list[Node]] = {}
            for prop, value in self.full.predicate_objects(node):
                if prop not in core and isinstance(prop, URIRef) and prop.startswith(str(PSYKG)):
                    qualifiers.setdefault(prop, []).append(value)
            out.append(Statement(
                iri=node, subject=subject, predicate=predicate,
                objects=tuple(sorted(o for o in self.full.objects(node, PSYKG.statementObject)
                                     if isinstance(o, URIRef))),
                values=tuple(sorted(v for v in self.full.objects(node, PSYKG.statementValue)
                                    if isinstance(v, Literal))),
                qualifiers={k: tuple(sorted(v, key=str)) for k, v in sorted(qualifiers.items())},
                quotes=tuple(sorted(q for q in self.full.objects(node, PROV.wasDerivedFrom)
                                    if isinstance(q, URIRef))),
            ))
        return out

    @cached_property
    def quotes(self) -> list[URIRef]:
        """Every psykg:Quote, sorted."""
        return sorted(q for q in self.full.subjects(RDF.type, PSYKG.Quote)
                      if isinstance(q, URIRef))
