"""The namespaces psykg uses, as rdflib Namespaces (their IRIs are in rdf.prefixes)."""

from __future__ import annotations

from rdflib import Namespace

from psykg.rdf.prefixes import BASE, PREFIXES

PSYKG = Namespace(PREFIXES["psykg"])
"""Vocabulary namespace (hash IRIs: the whole ontology is one document)."""
RES = Namespace(PREFIXES["psykgr"])
"""Data namespace: one slash IRI per resource."""
SCHEMA = Namespace(PREFIXES["schema"])
OA = Namespace(PREFIXES["oa"])
VANN = Namespace(PREFIXES["vann"])
SH = Namespace(PREFIXES["sh"])
SSSOM = Namespace("https://w3id.org/sssom/")
SHAPES = Namespace(BASE + "shapes#")
"""The SHACL shapes' own IRIs (ontology/shapes.ttl)."""
