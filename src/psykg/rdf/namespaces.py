"""The namespaces psykg uses and the one prefix map."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

BASE = "https://w3id.org/psykg/"
PSYKG = Namespace(BASE + "ontology#")
"""Vocabulary namespace (hash IRIs: the whole ontology is one document)."""
RES = Namespace(BASE + "resource/")
"""Data namespace: one slash IRI per resource."""
ONTOLOGY_IRI = BASE + "ontology"
DATASET_IRI = BASE + "dataset"
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SSSOM = Namespace("https://w3id.org/sssom/")

PREFIXES: dict[str, str] = {
    "psykg": str(PSYKG),
    "psykgr": str(RES),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "oa": str(OA),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "vann": str(VANN),
    "schema": str(SCHEMA),
    "sh": str(SH),
}

class Shortener:
    """`prefix:local` for the longest namespace of a prefix map that an IRI is in (a namespace
    with two prefixes takes the first by name), else None; answers are cached, since pages
    and exports shorten the same IRIs over and over."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._namespaces = sorted(
            ((ns, min(p for p, n in prefixes.items() if n == ns)) for ns in set(prefixes.values())),
            key=lambda item: -len(item[0]))
        self._cached = lru_cache(maxsize=1 << 18)(self._find)

    def __call__(self, iri: str) -> str | None:
        return self._cached(iri)

    def _find(self, iri: str) -> str | None:
        for namespace, prefix in self._namespaces:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return None


_SHORTEN_KNOWN = Shortener(PREFIXES)


def shorten(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """`prefix:local` for the longest namespace of `prefixes` that `iri` is in, else None."""
    return (_SHORTEN_KNOWN if prefixes is PREFIXES else Shortener(prefixes))(iri)
