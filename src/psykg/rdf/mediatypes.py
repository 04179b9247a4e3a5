"""The one table of file suffixes and media types, for the release, its description (VoID,
RO-Crate) and the server."""

from __future__ import annotations

from pathlib import PurePath

MEDIA_TYPES: dict[str, str] = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".owl": "application/rdf+xml",
    ".rdf": "application/rdf+xml",
    ".tsv": "text/tab-separated-values",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".json": "application/json",
    ".graphml": "application/graphml+xml",
    ".gexf": "application/gexf+xml",
    ".cypher": "application/x-cypher-query",
    ".sha256": "text/plain",
    ".html": "text/html",
    ".md": "text/markdown",
    ".xml": "application/xml",
    ".rq": "application/sparql-query",
    ".css": "text/css",
    ".js": "text/javascript",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".conf": "text/plain",
}
"""File suffix -> media type; anything else is application/octet-stream."""

RDF_MEDIA_TYPES = frozenset(
    {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}
)
"""The media types of RDF serialisations (VoID lists such files as data dumps)."""


def media_type(name: str) -> str:
    """The media type of a file, by its suffix."""
    return MEDIA_TYPES.get(PurePath(name).suffix, "application/octet-stream")
