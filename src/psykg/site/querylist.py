"""The packaged queries (queries/*.rq, read by psykg.sparql.packaged) as the site and endpoint
show them.

A missing folder is no error: the site and the endpoint then simply offer no queries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psykg.sparql.packaged import PackagedQuery, load_queries

__all__ = ["PackagedQuery", "as_json", "packaged_queries"]


def packaged_queries(folder: Path) -> list[PackagedQuery]:
    """Every queries/*.rq file in name order; none when the folder is missing."""
    return list(load_queries(folder).values()) if folder.is_dir() else []


def as_json(query: PackagedQuery) -> dict[str, Any]:
    """The query for the query page: its description (PackagedQuery.describe) and text."""
    return {**query.describe(), "query": query.text}
