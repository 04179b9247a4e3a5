"""Paths and namespaces in one place."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from psykg.errors import PsykgError

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

# Layout of a project checkout, relative to its root.
ONTOLOGY_FILE = Path("ontology/psykg.ttl")
SHAPES_FILE = Path("ontology/shapes.ttl")
CURATION_DIR = Path("data/curation")
MAPPINGS_DIR = Path("data/mappings")
QUERIES_DIR = Path("queries")
CHECKS_DIR = Path("queries/checks")
DIST_DIR = Path("dist")


def project_root(start: Path | None = None) -> Path:
    """The checkout holding ontology/psykg.ttl: $PSYKG_ROOT, else cwd or its nearest parent."""
    env = os.environ.get("PSYKG_ROOT")
    if env:
        root = Path(env)
        if not (root / ONTOLOGY_FILE).is_file():
            raise PsykgError(
                f"PSYKG_ROOT={env} has no {ONTOLOGY_FILE}",
                hint="point PSYKG_ROOT at a psykg checkout, or unset it",
            )
        return root
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ONTOLOGY_FILE).is_file():
            return candidate
    raise PsykgError(
        f"no psykg checkout found at or above {here}",
        hint="run psykg inside the psykg folder, or set PSYKG_ROOT",
    )
