"""The packaged queries (queries/*.rq, read by psykg.queries) as the site and endpoint show them.

A missing folder is no error: the site and the endpoint then simply offer no queries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psykg.sparql.packaged import PackagedQuery, load_queries

__all__ = ["PackagedQuery", "as_json", "optional", "packaged_queries"]


def packaged_queries(folder: Path) -> list[PackagedQuery]:
    """Every queries/*.rq file in name order; none when the folder is missing."""
    return list(load_queries(folder).values()) if folder.is_dir() else []


def optional(query: PackagedQuery, name: str) -> bool:
    """True when the user may leave the parameter out (it is optional or has a default)."""
    param = query.parameter(name)
    return not param.required or param.default is not None


def as_json(query: PackagedQuery) -> dict[str, Any]:
    """The query for the query page: name, summary, text and parameters."""
    return {
        "name": query.name, "summary": query.summary, "description": query.description,
        "tags": list(query.tags), "query": query.text,
        "params": [{"name": p.name, "variable": p.variable, "optional": optional(query, p.name),
                    "kind": p.type} for p in query.parameters],
    }
