"""psykg: a knowledge graph of psychotherapies with quote-level provenance.

The public functions are imported on first use, so `psykg` itself starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psykg.api import build, load_graph, load_store, query
    from psykg.errors import PsykgError

__all__ = ["PsykgError", "__version__", "build", "load_graph", "load_store", "query"]
__version__ = "0.1.0"

_LAZY = {
    "build": "psykg.api",
    "load_graph": "psykg.api",
    "load_store": "psykg.api",
    "query": "psykg.api",
    "PsykgError": "psykg.errors",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'psykg' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)
