"""What every export reads: the release graph split into ontology and data, with helpers.

The view reads the rdflib graph once (`triples`) and answers every lookup from plain dicts
built from that one pass, so each writer costs time linear in the size of the graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from psykg.rdf.graphs import Triple, Union, triples
from psykg.rdf.namespaces import PSYKG, RES
from psykg.rdf.prefixes import PREFIX_MAP, shorten

NON_ENTITY_CLASSES = frozenset({PSYKG.Statement, PSYKG.InferredStatement, PSYKG.Quote})
"""psykg classes whose members are provenance nodes, not things a user looks up."""
MATCH_PROPERTIES = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)
ALL_PREFIXES = PREFIX_MAP
"""Every prefix an export may use for a CURIE: psykg's own and the mapped vocabularies'."""
Index = dict[Node, dict[Node, list[Node]]]
"""subject -> predicate -> objects, in no particular order (rdflib keeps its triples in a set)."""
_PSYKG, _RES = str(PSYKG), str(RES)
_NONE: Sequence[Node] = ()
_SUBJECT, _PREDICATE = PSYKG.statementSubject, PSYKG.statementPredicate
_OBJECT, _VALUE = PSYKG.statementObject, PSYKG.statementValue
_CORE = frozenset(
    {
        _SUBJECT,
        _PREDICATE,
        _OBJECT,
        _VALUE,
        PROV.wasDerivedFrom,
        RDF.type,
        RDFS.label,
        SKOS.prefLabel,
    }
)
"""Statement properties that are not qualifiers."""
_LABELS = (RDFS.label, SKOS.prefLabel)
_TYPE = RDF.type


def curie(iri: Node | str) -> str:
    """The shortest CURIE for `iri` under ALL_PREFIXES, else the IRI itself."""
    return shorten(str(iri)) or str(iri)


def local_name(iri: Node) -> str:
    """The part of `iri` after its last '#' or '/'."""
    return re.split(r"[#/]", str(iri))[-1]


def kebab(name: str) -> str:
    """CamelCase or camelCase to kebab-case: TalkTherapy -> talk-therapy."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def snake(name: str) -> str:
    """camelCase to snake_case: forPopulation -> for_population."""
    return kebab(name).replace("-", "_")


@lru_cache(maxsize=1 << 12)
def _in_psykg(iri: URIRef) -> bool:
    """Whether `iri` is in the psykg vocabulary (classes repeat: cached)."""
    return str.startswith(iri, _PSYKG)


def _label_key(value: Node) -> tuple[bool, str]:
    """English labels first, then by text."""
    return getattr(value, "language", None) != "en", str(value)


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

    full: Graph | Union
    """The release graph, or the graphs it is the union of (pipeline.Result.release)."""
    ontology: Graph
    sssom: Path | None = None
    extra_files: tuple[str, ...] = field(default=())
    """Files a caller will add to the release folder after the exports (for the RO-Crate)."""
    turtle: Path | Future[Path] | None = None
    """A file holding `psykg.rdf.serialize.to_turtle(full)`, or the future that writes it: copied,
    not written again."""
    _labels: dict[Node, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _primary: dict[tuple[URIRef, ...], URIRef | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def index(self) -> Index:
        """subject -> predicate -> objects of the release: the one pass over the rdflib graph
        (read-only: every writer shares it)."""
        index: Index = {}
        for s, p, o in triples(self.full):
            by_predicate = index.get(s)
            if by_predicate is None:
                index[s] = {p: [o]}
                continue
            values = by_predicate.get(p)
            if values is None:
                by_predicate[p] = [o]
            else:
                values.append(o)
        return index

    def objects(self, node: Node, prop: Node) -> Sequence[Node]:
        """The objects of `prop` on `node` (like Graph.objects, in no particular order)."""
        by_predicate = self.index.get(node)
        return by_predicate.get(prop, _NONE) if by_predicate is not None else _NONE

    def value(self, node: Node, prop: Node) -> Node | None:
        """An object of `prop` on `node` (the first by text when there are several), else None."""
        values = self.objects(node, prop)
        return min(values, key=str) if values else None

    @cached_property
    def instances(self) -> dict[Node, list[Node]]:
        """Each rdf:type object -> its subjects."""
        out: dict[Node, list[Node]] = {}
        for node, by_predicate in self.index.items():
            for cls in by_predicate.get(_TYPE, _NONE):
                out.setdefault(cls, []).append(node)
        return out

    @cached_property
    def data_index(self) -> Index:
        """`index` without the ontology's own triples (subjects left with none dropped)."""
        ontology: dict[Node, dict[Node, set[Node]]] = {}
        for s, p, o in self.ontology:
            ontology.setdefault(s, {}).setdefault(p, set()).add(o)
        out: Index = {}
        for s, by_predicate in self.index.items():
            skip = ontology.get(s)
            if skip is None:
                out[s] = by_predicate
                continue
            kept = {}
            for p, objects in by_predicate.items():
                known = skip.get(p)
                rest = [o for o in objects if o not in known] if known else objects
                if rest:
                    kept[p] = rest
            if kept:
                out[s] = kept
        return out

    def data_triples(self) -> Iterator[Triple]:
        """The release's triples without the ontology's own (grouped by subject)."""
        for s, by_predicate in self.data_index.items():
            for p, objects in by_predicate.items():
                for o in objects:
                    yield s, p, o

    @cached_property
    def superclasses(self) -> dict[URIRef, frozenset[URIRef]]:
        """Each named class -> its named superclasses (reflexive, transitive), from the ontology."""
        classes = {c for c in self.ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        return {
            c: frozenset(
                s
                for s in self.ontology.transitive_objects(c, RDFS.subClassOf)
                if isinstance(s, URIRef)
            )
            for c in classes
        }

    @cached_property
    def _psykg_types(self) -> dict[Node, list[URIRef]]:
        """Each typed subject -> its psykg classes, sorted (subjects without any left out)."""
        out: dict[Node, list[URIRef]] = {}
        for node, by_predicate in self.index.items():
            types = [
                t for t in by_predicate.get(_TYPE, _NONE) if isinstance(t, URIRef) and _in_psykg(t)
            ]
            if types:
                out[node] = sorted(types, key=str)
        return out

    def psykg_types(self, node: Node) -> list[URIRef]:
        """The psykg classes `node` belongs to, sorted."""
        return list(self._psykg_types.get(node, ()))

    def primary_class(self, node: Node) -> URIRef | None:
        """The most specific psykg class of `node` (ties: alphabetical)."""
        types = tuple(self._psykg_types.get(node, ()))
        if types not in self._primary:
            self._primary[types] = self._most_specific(types)
        return self._primary[types]

    def _most_specific(self, types: tuple[URIRef, ...]) -> URIRef | None:
        for candidate in types:
            below = [
                t
                for t in types
                if t != candidate and candidate in self.superclasses.get(t, frozenset())
            ]
            if not below:
                return candidate
        return None

    @cached_property
    def entities(self) -> list[URIRef]:
        """Resources a user looks up (therapies, conditions, ...), sorted; no statements/quotes."""
        return sorted(
            (
                n
                for n, types in self._psykg_types.items()
                if isinstance(n, URIRef)
                and str.startswith(n, _RES)
                and NON_ENTITY_CLASSES.isdisjoint(types)
            ),
            key=str,
        )

    def label(self, node: Node) -> str:
        """rdfs:label (English first), else skos:prefLabel, else the local name."""
        found = self._labels.get(node)
        if found is None:
            found = self._labels[node] = self._label(node)
        return found

    def _label(self, node: Node) -> str:
        for prop in _LABELS:
            values = self.objects(node, prop)
            if values:
                return str(min(values, key=_label_key))
        return local_name(node)

    def literals(self, node: Node, prop: URIRef) -> list[str]:
        """The sorted lexical forms of `prop` on `node`."""
        return sorted(str(v) for v in self.objects(node, prop) if isinstance(v, Literal))

    def matches(self, node: Node) -> list[str]:
        """External identifiers `node` maps to (any SKOS mapping property), as sorted CURIEs."""
        return sorted({curie(o) for prop in MATCH_PROPERTIES for o in self.objects(node, prop)})

    @cached_property
    def statements(self) -> list[Statement]:
        """Every psykg:Statement, sorted by IRI."""
        out = []
        nodes = [n for n in self.instances.get(PSYKG.Statement, _NONE) if isinstance(n, URIRef)]
        for node in sorted(nodes, key=str):
            by_predicate = self.index[node]
            subject = self.value(node, _SUBJECT)
            predicate = self.value(node, _PREDICATE)
            if not isinstance(subject, URIRef) or not isinstance(predicate, URIRef):
                continue
            qualifiers = {
                prop: values
                for prop, values in by_predicate.items()
                if prop not in _CORE and isinstance(prop, URIRef) and prop.startswith(_PSYKG)
            }
            out.append(
                Statement(
                    iri=node,
                    subject=subject,
                    predicate=predicate,
                    objects=tuple(
                        sorted(o for o in by_predicate.get(_OBJECT, _NONE) if isinstance(o, URIRef))
                    ),
                    values=tuple(
                        sorted(
                            sorted(
                                (
                                    v
                                    for v in by_predicate.get(_VALUE, _NONE)
                                    if isinstance(v, Literal)
                                ),
                                key=str,
                            )
                        )
                    ),
                    qualifiers={
                        k: tuple(sorted(v, key=str)) for k, v in sorted(qualifiers.items())
                    },
                    quotes=tuple(
                        sorted(
                            q
                            for q in by_predicate.get(PROV.wasDerivedFrom, _NONE)
                            if isinstance(q, URIRef)
                        )
                    ),
                )
            )
        return out

    @cached_property
    def quotes(self) -> list[URIRef]:
        """Every psykg:Quote, sorted."""
        return sorted(
            (q for q in self.instances.get(PSYKG.Quote, _NONE) if isinstance(q, URIRef)), key=str
        )
