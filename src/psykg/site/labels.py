"""Readable names for IRIs: labels from the graph, else a CURIE."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from psykg.rdf.prefixes import shorten_own
from psykg.site.index import Readable


def node_key(node: object) -> tuple[str, str]:
    """A sort key for RDF terms: by kind, then text (deterministic, and typed for mypy)."""
    return (type(node).__name__, str(node))


def curie(iri: str) -> str:
    """prefix:local for an IRI in one of psykg's own namespaces (longest match), else the IRI
    itself (the site shows external identifiers in full, as links)."""
    return shorten_own(iri) or iri


class Labels:
    """Every labelled IRI's preferred English label, computed once."""

    def __init__(self, graph: Readable) -> None:
        ranked: dict[URIRef, tuple[int, str]] = {}
        for prop, rank in ((SKOS.prefLabel, 0), (RDFS.label, 1)):
            for s, o in graph.subject_objects(prop):
                if not isinstance(s, URIRef) or not isinstance(o, Literal):
                    continue
                score = (rank * 2 + (0 if o.language in ("en", None) else 1), str(o))
                if s not in ranked or score < ranked[s]:
                    ranked[s] = score
        self._labels = {s: text for s, (_, text) in ranked.items()}

    def __call__(self, iri: URIRef | str) -> str:
        """The label of `iri`, or its CURIE when it has none."""
        return self._labels.get(URIRef(str(iri))) or curie(str(iri))

    def has(self, iri: URIRef) -> bool:
        """Whether the graph gives `iri` a label."""
        return iri in self._labels
