"""The one prefix map and the one CURIE converter. Plain strings only: the command line's
start reads this without importing rdflib."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import curies

BASE = "https://w3id.org/psykg/"
"""Every psykg IRI starts here."""
ONTOLOGY_IRI = BASE + "ontology"
DATASET_IRI = BASE + "dataset"

PREFIXES: dict[str, str] = {
    "psykg": BASE + "ontology#",
    "psykgr": BASE + "resource/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "vann": "http://purl.org/vocab/vann/",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""psykg's own vocabularies and the standard ones it uses: declared in every RDF file."""

EXTERNAL_PREFIXES: dict[str, str] = {
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "MFOMD": "http://purl.obolibrary.org/obo/MFOMD_",
    "BCIO": "http://purl.obolibrary.org/obo/BCIO_",
}
"""The external vocabularies mappings link to (SSSOM curie_map entries, export CURIEs)."""

PREFIX_MAP: dict[str, str] = {**PREFIXES, **EXTERNAL_PREFIXES}
"""The one prefix map: PREFIXES and EXTERNAL_PREFIXES."""


@cache
def converter() -> curies.Converter:
    """The one CURIE converter over PREFIX_MAP (the `curies` package, as bioregistry uses):
    every expansion and shortening in psykg goes through it. Made on first use: importing
    `curies` takes about 0.2 s, which `psykg query --list` and the CLI's start do without."""
    import curies

    return curies.Converter.from_prefix_map(PREFIX_MAP)


@lru_cache(maxsize=1 << 18)
def shorten(iri: str) -> str | None:
    """`prefix:local` for the longest namespace of PREFIX_MAP that `iri` is in, else None (also
    for a bare namespace). Cached: pages and exports shorten the same IRIs over and over."""
    curie = converter().compress(iri)
    return curie if curie is not None and not curie.endswith(":") else None


def shorten_own(iri: str) -> str | None:
    """`shorten`, for psykg's own PREFIXES only (pages show external identifiers in full)."""
    curie = shorten(iri)
    return curie if curie is not None and curie.split(":", 1)[0] in PREFIXES else None


def expand(curie: str) -> str | None:
    """The IRI of `prefix:local` with a prefix of PREFIX_MAP, else None."""
    return converter().expand(curie)
