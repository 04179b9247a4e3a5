"""Paths and namespaces in one place."""

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

def shorten(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """`prefix:local` for the longest namespace of `prefixes` that `iri` is in, else None."""
    if prefixes is PREFIXES:
        return _shorten_known(iri)
    return _shorten(iri, prefixes)


def _shorten(iri: str, prefixes: Mapping[str, str]) -> str | None:
    best = max((ns for ns in prefixes.values() if iri.startswith(ns) and len(iri) > len(ns)),
               key=len, default=None)
    if best is None:
        return None
    prefix = next(p for p, ns in sorted(prefixes.items()) if ns == best)
    return f"{prefix}:{iri[len(best):]}"


@lru_cache(maxsize=1 << 16)
def _shorten_known(iri: str) -> str | None:
    """`shorten` with the psykg prefixes, cached: pages and exports shorten the same IRIs often."""
    return _shorten(iri, PREFIXES)


# Layout of a checkout and project_root live in psykg.paths (no rdflib, for fast start-up).
from psykg.paths import (  # noqa: E402
    CHECKS_DIR,
    CURATION_DIR,
    DIST_DIR,
    MAPPINGS_DIR,
    ONTOLOGY_FILE,
    QUERIES_DIR,
    SHAPES_FILE,
    project_root,
)

__all__ = [
    "BASE", "CHECKS_DIR", "CURATION_DIR", "DATASET_IRI", "DIST_DIR", "MAPPINGS_DIR", "OA",
    "ONTOLOGY_FILE", "ONTOLOGY_IRI", "PREFIXES", "PSYKG", "QUERIES_DIR", "RES", "SCHEMA",
    "SH", "SHAPES_FILE", "SSSOM", "VANN", "project_root", "shorten",
]
