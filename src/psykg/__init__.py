"""psykg: a knowledge graph of psychotherapies with quote-level provenance."""

from __future__ import annotations

from psykg.api import load_graph, load_store
from psykg.errors import PsykgError

__all__ = ["PsykgError", "__version__", "load_graph", "load_store"]
__version__ = "0.1.0"
