"""The endpoint's safety limits, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """How much one request may ask of the server."""

    timeout: float = 10.0
    """Seconds a query may run before its worker process is killed."""
    max_rows: int = 10_000
    """Result rows (or triples) returned at most; more are cut, and a header says so."""
    max_body: int = 64 * 1024
    """Bytes of a POST body; larger requests get 413."""
    max_query: int = 32 * 1024
    """Characters of a query, however it is sent; longer ones get 413 (414 in a URL)."""
    workers: int = 2
    """Query worker processes."""
    queue_wait: float = 10.0
    """Seconds a request waits for a free worker before 503."""


TRUNCATED_HEADER = "X-SPARQL-MaxRows"
"""Set (to the cap) when a result was cut at Limits.max_rows, as Virtuoso does."""
