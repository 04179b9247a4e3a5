"""Where each IRI lives in the site, and the file formats every resource is published in."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from psykg.rdf.namespaces import PSYKG, RES
from psykg.rdf.prefixes import BASE, DATASET_IRI, ONTOLOGY_IRI


@dataclass(frozen=True)
class Format:
    """One representation of a resource: file extension, media type and a name for people."""

    ext: str
    media_type: str
    name: str


FORMATS: dict[str, Format] = {
    "html": Format("html", "text/html", "HTML"),
    "ttl": Format("ttl", "text/turtle", "Turtle"),
    "jsonld": Format("jsonld", "application/ld+json", "JSON-LD"),
    "nt": Format("nt", "application/n-triples", "N-Triples"),
    "rdf": Format("rdf", "application/rdf+xml", "RDF/XML"),
}
"""Extension -> format, in the order a client that accepts anything gets them (HTML first)."""

RDF_EXTENSIONS = ("ttl", "jsonld", "nt", "rdf")
"""The RDF formats every resource description is written in."""

ALIASES: dict[str, str] = {
    "html": "html",
    "turtle": "ttl",
    "ttl": "ttl",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdf": "rdf",
    "xml": "rdf",
    "rdfxml": "rdf",
    "rdf+xml": "rdf",
}
"""Values accepted by ?format= (and their extension)."""

EXTRA_MEDIA_TYPES: dict[str, str] = {
    "text/plain": "nt",  # N-Triples was text/plain before it had its own type
    "application/xhtml+xml": "html",
    "application/json": "jsonld",
    "application/rdf+xml": "rdf",
}

ONTOLOGY_PAGE = "ontology"
DATASET_PAGE = "index"
VOID_PATH = ".well-known/void"


VERSION = re.compile(r"ontology/[0-9]+(?:\.[0-9]+)*")
"""The path below the base of a version IRI of the ontology (ontology/0.1.0): the site keeps
that version's files there."""

QUOTE_PART = re.compile(r"(resource/quote/[^/]+/[^/]+)/[^/]+")
"""A part of a quote (its text-quote and text-position selectors): described on the quote's
page, whose description embeds its selectors, rather than on pages of their own."""


def site_path(iri: str) -> str | None:
    """The site path (no extension) describing `iri`, or None when the site has no page for it.

    Data resources map to their path below the base (resource/…), except the parts of a quote,
    which map to the quote's; the ontology and every term in its hash namespace to the ontology
    page; a version IRI of the ontology to that version's page; the dataset to the landing page.
    """
    if iri.startswith(str(RES)) and len(iri) > len(RES):
        path = iri[len(BASE) :]
        part = QUOTE_PART.fullmatch(path)
        return part.group(1) if part else path
    if iri == ONTOLOGY_IRI or iri.startswith(str(PSYKG)):
        return ONTOLOGY_PAGE
    if iri.startswith(BASE) and VERSION.fullmatch(iri[len(BASE) :]):
        return iri[len(BASE) :]
    if iri == DATASET_IRI:
        return DATASET_PAGE
    return None


def term_anchor(iri: str) -> str:
    """The fragment of a vocabulary term on the ontology page (its local name)."""
    return iri[len(PSYKG) :] if iri.startswith(str(PSYKG)) else ""


def href(target: str, current: str) -> str:
    """A relative link from the page at site path `current` to the site file `target`."""
    start = current.split("/")[:-1]
    parts = target.split("/")
    if any(part in ("", ".", "..") for part in (*start, *parts)):  # not a plain site path
        return posixpath.relpath(target, posixpath.dirname(current) or ".")
    common = 0
    while common < min(len(start), len(parts)) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def page_href(iri: str, current: str) -> str | None:
    """A relative link to the HTML page describing `iri`, or None when there is none."""
    path = site_path(iri)
    if path is None:
        return None
    link = href(path + ".html", current)
    anchor = term_anchor(iri)
    return f"{link}#{anchor}" if anchor else link
