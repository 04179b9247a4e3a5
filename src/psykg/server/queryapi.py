"""Packaged queries as a web API: /api/NAME?param=value.

Parameters are bound exactly as `psykg query NAME --param KEY=VALUE` binds them
(psykg.sparql.packaged: a label in any case, a CURIE, a slug or an IRI; defaults from the
`#+ defaults:` header), so the API and the command line give the same rows. Label look-ups
run in the server process on its own copy of the dataset; they are fixed, bounded queries.
The bound query text then runs in a worker like any other query, under the same limits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psykg.errors import QueryError
from psykg.sparql import packaged as queries
from psykg.sparql.dataset import load_store
from psykg.sparql.guard import Refused

RESERVED = frozenset({"format"})
"""Query-string names the API itself uses."""


class QueryApi:
    """The packaged queries of a folder and a resolver for their parameter values."""

    def __init__(self, data_file: Path, folder: Path | None) -> None:
        self._queries = queries.load_queries(folder) if folder and folder.is_dir() else {}
        self._run = queries.runner(load_store(data_file)) if self._queries else None

    @property
    def names(self) -> list[str]:
        """The query names, sorted."""
        return sorted(self._queries)

    def index(self) -> list[dict[str, Any]]:
        """Name, summary, parameters and URL of every query (for GET /api)."""
        return [{**q.describe(), "url": f"/api/{q.name}"} for q in self._queries.values()]

    def datatypes(self, name: str) -> tuple[tuple[str, str], ...]:
        """The declared column datatypes of query `name` (none for an unknown name)."""
        query = self._queries.get(name)
        return query.datatypes if query is not None else ()

    def prepare(self, name: str, params: dict[str, list[str]]) -> str:
        """The query text with the request's parameters bound; Refused for bad values."""

        query = self._queries.get(name)
        if query is None or self._run is None:
            raise Refused(404, f"no packaged query {name!r}; see /api")
        values: dict[str, str] = {}
        for key, given in sorted(params.items()):
            if key in RESERVED:
                continue
            if len(given) != 1:
                raise Refused(400, f"give {key} once")
            if given[0].strip():
                values[key] = given[0]
        try:
            return queries.prepare(query, values, self._run)
        except QueryError as exc:
            raise Refused(400, str(exc)) from None
