"""VoID and DCAT description of the release, with counts and distributions."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from psykg.constants import BASE, DATASET_IRI, ONTOLOGY_IRI, PSYKG, RES, SCHEMA

TITLE = "psykg: a knowledge graph of psychotherapies"
DESCRIPTION = (
    "Therapies, the conditions they are used for (primary use, found effective by studies, "
    "also useful, less used), populations, candidate traits, goals, techniques, foci, lineage "
    "and comparisons, each fact a qualified statement traced to a quote in its source text."
)
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def describe(full: Graph, ontology: Graph, files: dict[str, tuple[str, int]]) -> Graph:
    """VoID + DCAT + schema:Dataset for `full`; `files` maps file name -> (media type, bytes)."""
    ds = URIRef(DATASET_IRI)
    g = Graph()
    for cls in (VOID.Dataset, DCAT.Dataset, SCHEMA.Dataset):
        g.add((ds, RDF.type, cls))
    version = ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    modified = ontology.value(URIRef(ONTOLOGY_IRI), DCTERMS.modified)
    g.add((ds, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, DCTERMS.creator, Literal("The psykg developers")))
    if modified is not None:
        g.add((ds, DCTERMS.modified, modified))
    if version is not None:
        g.add((ds, OWL.versionInfo, version))
        g.add((ds, URIRef(f"{DCAT}version"), version))  # DCAT 3; rdflib lacks the term
    g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((ds, VOID.vocabulary, URIRef(str(PSYKG))))
    g.add((ds, VOID.uriSpace, Literal(str(RES))))
    g.add((ds, VOID.exampleResource, RES["psychodynamic-therapy"]))
    g.add((ds, VOID.triples, Literal(len(full), datatype=XSD.integer)))
    subjects = {s for s in full.subjects() if isinstance(s, URIRef)}
    g.add((ds, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    entities = {s for s in subjects if s.startswith(str(RES))}
    g.add((ds, VOID.entities, Literal(len(entities), datatype=XSD.integer)))
    class_counts = Counter(o for s, o in full.subject_objects(RDF.type)
                           if s in entities and isinstance(o, URIRef))
    prop_counts = Counter(p for _, p, _ in full if isinstance(p, URIRef))
    g.add((ds, VOID.classes, Literal(len(class_counts), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(prop_counts), datatype=XSD.integer)))
    for cls, count in class_counts.items():
        part = URIRef(f"{BASE}dataset/class/{_slug(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in prop_counts.items():
        part = URIRef(f"{BASE}dataset/property/{_slug(prop)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    for name, (media_type, size) in sorted(files.items()):
        dist = URIRef(f"{BASE}dataset/distribution/{name}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(name)))
        g.add((dist, DCAT.downloadURL, URIRef(f"{BASE}dist/{name}")))
        g.add((dist, DCAT.mediaType, Literal(media_type)))
        g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        if media_type in RDF_MEDIA_TYPES:
            g.add((ds, VOID.dataDump, URIRef(f"{BASE}dist/{name}")))
    g.add((ds, RDFS.seeAlso, URIRef(ONTOLOGY_IRI)))
    return g


RDF_MEDIA_TYPES = frozenset(
    {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}
)


def _slug(iri: URIRef) -> str:
    """A readable, unique path segment for a class or property IRI."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            head, tail = text.rsplit(sep, 1)
            host = head.split("//", 1)[-1].split("/", 1)[0].replace(".", "-")
            return f"{host}-{tail}" if tail else host
    return text
