"""VoID and DCAT description of the release, with counts and distributions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from psykg.rdf.mediatypes import RDF_MEDIA_TYPES
from psykg.rdf.namespaces import PSYKG, RES, SCHEMA
from psykg.rdf.prefixes import BASE, DATASET_IRI, ONTOLOGY_IRI

TITLE = "psykg: a knowledge graph of psychotherapies"
DESCRIPTION = (
    "Therapies, the conditions they are used for (primary use, found effective by studies, "
    "also useful, less used), populations, candidate traits, goals, techniques, foci, lineage "
    "and comparisons, each fact a qualified statement traced to a quote in its source text."
)
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
RIGHTS = (
    "The statements, and the short quotes they rest on, are published by the psykg developers "
    "under CC BY 4.0. The source texts are their publishers', not ours: each source document "
    "names the rights to its text (dcterms:rights) and whether it may be republished "
    "(psykg:textRepublishable), and the release contains no whole source text. The seed "
    "article is Psychology Today's."
)
"""What the licence covers and what it does not (dcterms:rights of the dataset)."""


@dataclass(frozen=True)
class Counts:
    """What VoID counts in a graph: triples, subjects, entities, classes and properties."""

    triples: int
    distinct_subjects: int
    entities: int
    """IRIs under the resource namespace that are subjects."""
    classes: dict[str, int]
    """Class IRI -> number of entities typed with it."""
    properties: dict[str, int]
    """Property IRI -> number of triples."""

    @classmethod
    def of_ntriples(cls, nt: str) -> Counts:
        """Count an N-Triples text as to_ntriples writes it: one triple a line, no duplicates,
        no comments, IRIs unescaped. Read by splitting each line at its first two spaces (an
        IRI or blank node has none): several times faster than parsing it into terms."""
        type_token, res = f"<{RDF.type}>", f"<{RES}"
        subjects: set[str] = set()
        typed: list[tuple[str, str]] = []
        properties: Counter[str] = Counter()
        for line in nt.split("\n"):  # not splitlines(): literals may hold U+2028, \x0c…
            if not line:
                continue
            subject, predicate, rest = line.split(" ", 2)
            properties[predicate] += 1
            if subject[0] == "<":
                subjects.add(subject)
                if predicate == type_token and rest[0] == "<":
                    typed.append((subject, rest[:-2]))
        entities = {s for s in subjects if s.startswith(res)}
        classes = Counter(o[1:-1] for s, o in typed if s in entities)
        return cls(
            sum(properties.values()),
            len(subjects),
            len(entities),
            dict(classes),
            {p[1:-1]: n for p, n in properties.items()},
        )


def describe(ontology: Graph, files: dict[str, tuple[str, int]], counts: Counts) -> Graph:
    """VoID + DCAT + schema:Dataset for the release graph that `counts` were counted in;
    `files` maps file name -> (media type, bytes)."""
    ds = URIRef(DATASET_IRI)
    g = Graph()
    for cls in (VOID.Dataset, DCAT.Dataset, SCHEMA.Dataset):
        g.add((ds, RDF.type, cls))
    version = ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    modified = ontology.value(URIRef(ONTOLOGY_IRI), DCTERMS.modified)
    g.add((ds, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, DCTERMS.rights, Literal(RIGHTS, lang="en")))
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
    g.add((ds, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(counts.distinct_subjects, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(counts.classes), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(counts.properties), datatype=XSD.integer)))
    for class_iri, count in counts.classes.items():
        part = URIRef(f"{BASE}dataset/class/{_slug(class_iri)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(class_iri)))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in counts.properties.items():
        part = URIRef(f"{BASE}dataset/property/{_slug(prop)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
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


def _slug(iri: str) -> str:
    """A readable, unique path segment for a class or property IRI."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            head, tail = text.rsplit(sep, 1)
            host = head.split("//", 1)[-1].split("/", 1)[0].replace(".", "-")
            return f"{host}-{tail}" if tail else host
    return text
