"""The ontology documentation page: every class and property with its definition and links."""

from __future__ import annotations

from html import escape

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from psykg.rdf.namespaces import PSYKG
from psykg.rdf.prefixes import ONTOLOGY_IRI
from psykg.site.html import link_list, page, term
from psykg.site.iris import ONTOLOGY_PAGE, term_anchor
from psykg.site.labels import Labels, curie, node_key
from psykg.site.pages import downloads

KINDS = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (OWL.AnnotationProperty, "Annotation properties"),
)
ALIGNMENTS = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    OWL.equivalentClass,
    OWL.equivalentProperty,
)
ROWS = (
    ("Definition", (SKOS.definition,), False),
    ("Scope note", (SKOS.scopeNote,), False),
    ("Also called", (SKOS.altLabel,), False),
    ("Domain", (RDFS.domain,), False),
    ("Range", (RDFS.range,), False),
    ("Super-classes", (RDFS.subClassOf,), False),
    ("Sub-classes", (RDFS.subClassOf,), True),
    ("Super-properties", (RDFS.subPropertyOf,), False),
    ("Sub-properties", (RDFS.subPropertyOf,), True),
    ("Inverse of", (OWL.inverseOf,), False),
    ("Disjoint with", (OWL.propertyDisjointWith, OWL.disjointWith), False),
    ("Characteristics", (RDF.type,), False),
    ("Alignments", ALIGNMENTS, False),
)


def anchor(iri: URIRef) -> str:
    """The fragment of a term: its hash local name for psykg terms, else its CURIE."""
    return term_anchor(str(iri)) or curie(str(iri)).replace(":", "-")


def documented_terms(ontology: Graph) -> dict[URIRef, list[URIRef]]:
    """Kind -> the ontology's own terms of that kind, plus external ones it defines."""
    out: dict[URIRef, list[URIRef]] = {}
    for kind, _ in KINDS:
        terms = {
            t
            for t in ontology.subjects(RDF.type, kind)
            if isinstance(t, URIRef)
            and (str(t).startswith(str(PSYKG)) or (t, SKOS.definition, None) in ontology)
        }
        out[kind] = sorted(terms, key=lambda t: (not str(t).startswith(str(PSYKG)), str(t)))
    return out


def _values(ontology: Graph, node: URIRef, props: tuple[URIRef, ...], inverse: bool) -> list[Node]:
    found: set[Node] = set()
    for prop in props:
        if inverse:
            found.update(ontology.subjects(prop, node))
        else:
            found.update(ontology.objects(node, prop))
    if props == (RDF.type,):
        found = {t for t in found if t not in {k for k, _ in KINDS} and t != OWL.NamedIndividual}
    return sorted(found, key=node_key)


def _entry(ontology: Graph, labels: Labels, node: URIRef, current: str) -> str:
    rows = []
    for name, props, inverse in ROWS:
        values = _values(ontology, node, props, inverse)
        if values:
            rows.append(f"<tr><th>{name}</th><td>{link_list(values, labels, current)}</td></tr>")
    return (
        f'<section class="term" id="{escape(anchor(node))}">\n'
        f"<h3>{escape(labels(node))} <code>{escape(curie(str(node)))}</code></h3>\n"
        f'<p class="iri"><code>{escape(str(node))}</code></p>\n'
        f'<table class="facts">\n{"".join(rows)}\n</table>\n</section>\n'
    )


def ontology_page(ontology: Graph, jsonld: str, *, path: str = ONTOLOGY_PAGE) -> str:
    """The documentation of every class and property of the ontology, as the site file
    `path`.html (the ontology page, or the page of its version IRI) whose downloads are
    `path`.ttl and its siblings."""
    current = path + ".html"
    labels = Labels(ontology)
    onto = URIRef(ONTOLOGY_IRI)
    terms = documented_terms(ontology)
    head = [
        f"<h1>{escape(str(ontology.value(onto, DCTERMS.title) or 'psykg ontology'))}</h1>\n",
        f'<p class="iri"><code>{escape(ONTOLOGY_IRI)}</code></p>\n',
    ]
    for prop in (
        DCTERMS.description,
        OWL.versionInfo,
        OWL.versionIRI,
        DCTERMS.license,
        DCTERMS.modified,
        DCTERMS.bibliographicCitation,
    ):
        for value in ontology.objects(onto, prop):
            head.append(
                f"<p><strong>{escape(labels(prop))}:</strong> {term(value, labels, current)}</p>\n"
            )
    head.append(downloads(path, current))
    index = ['<nav class="toc">']
    for kind, title in KINDS:
        links = ", ".join(
            f'<a href="#{escape(anchor(t))}">{escape(labels(t))}</a>' for t in terms[kind]
        )
        index.append(f"<p><strong>{title}:</strong> {links}</p>")
    index.append("</nav>\n")
    sections = []
    for kind, title in KINDS:
        if terms[kind]:
            sections.append(f"<h2>{title}</h2>\n")
            sections += [_entry(ontology, labels, t, current) for t in terms[kind]]
    body = "".join(head) + "\n".join(index) + "".join(sections)
    return page(current, "Ontology", body, jsonld=jsonld)
