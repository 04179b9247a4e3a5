"""Expectations about each source, read from data/expected/<source>.yaml: the rows each
packaged query gives for that source's statements, and its coverage. Shared by the test of the
real data (test_expected.py) and of a checkout with a second source added (test_sources.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from psykg.sparql import packaged as queries
from psykg.sparql.engines import Result, Term
from psykg.sparql.results import compact

RES = "https://w3id.org/psykg/resource/"
SOURCE_COLUMNS = ("source", "document")
"""The column naming a row's source document (`document` in provenance)."""


@dataclass(frozen=True)
class Case:
    """One query run and the rows it must give for one source, projected on `columns`."""

    file: Path
    source: str
    name: str
    params: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def id(self) -> str:
        params = "".join(f"[{k}={v}]" for k, v in self.params.items())
        return f"{self.file.stem}:{self.name}{params}"


@dataclass(frozen=True)
class Expected:
    """One data/expected/<source>.yaml file."""

    file: Path
    source: str
    sentences: int
    uncovered: tuple[str, ...]
    cases: tuple[Case, ...]


def read(path: Path) -> Expected:
    """Parse an expectations file."""
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = raw["source"]
    cases = tuple(
        Case(
            path,
            source,
            c["query"],
            {k: str(v) for k, v in (c.get("params") or {}).items()},
            tuple(c["columns"]),
            tuple(tuple(str(x) for x in row) for row in c["rows"]),
        )
        for c in raw["cases"]
    )
    coverage = raw.get("coverage") or {}
    return Expected(
        path,
        source,
        int(coverage.get("sentences", 0)),
        tuple(coverage.get("uncovered") or ()),
        cases,
    )


def read_all(folder: Path) -> list[Expected]:
    """Every expectations file of a data folder's expected/."""
    return [read(p) for p in sorted((folder / "expected").glob("*.yaml"))]


def cell(term: Term | None) -> str:
    """A term as the expected tables write it."""
    if term is not None and term.kind == "uri" and term.value.startswith(RES):
        return term.value.removeprefix(RES).removeprefix("statement/")
    return compact(term)


def rows_of(result: Result, case: Case) -> list[tuple[str, ...]]:
    """The rows of `result` whose source is the case's source, projected on its columns."""
    column = next((c for c in SOURCE_COLUMNS if c in result.vars), None)
    assert column is not None, f"{case.name} returns no source column"
    at = result.vars.index(column)
    index = [result.vars.index(c) for c in case.columns]
    return [
        tuple(cell(row[i]) for i in index) for row in result.rows if cell(row[at]) == case.source
    ]


def run(case: Case, data: Any, folder: Path) -> list[tuple[str, ...]]:
    """Run the case's query on one engine's data; the source's rows."""
    return rows_of(queries.run_query(case.name, case.params, data=data, folder=folder), case)
