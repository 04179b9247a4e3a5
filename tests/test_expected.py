"""Every source's expectations (data/expected/<source>.yaml) hold on the built dataset, on
every engine; the two engines agree on every row; quotes are their source's text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from psykg import api
from psykg.build.coverage import coverage
from psykg.curation.load import load_source
from psykg.sparql import packaged as queries
from tests.expected import Case, read_all, run

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
QUERIES = ROOT / "queries"
SECOND = Path(__file__).parent / "fixtures" / "second-source"
FILES = read_all(DATA)
CASES = [case for expected in FILES for case in expected.cases]


@pytest.fixture(scope="module")
def data(built: Any) -> dict[str, Any]:
    """The released psykg.nt loaded into each engine."""
    _, out = built
    nt = out / "psykg.nt"
    return {"oxigraph": api.load_store(nt), "rdflib": api.load_graph(nt)}


def test_every_source_has_expectations_and_every_query_a_case() -> None:
    records = {load_source(p).id for p in sorted((DATA / "sources").glob("*.yaml"))}
    assert {e.source for e in FILES} == records
    named = {c.name for c in CASES} | {c.name for e in read_all(SECOND) for c in e.cases}
    assert named == set(queries.load_queries(QUERIES))


@pytest.mark.parametrize("engine", queries.ENGINE_NAMES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_expected_rows(case: Case, engine: str, data: dict[str, Any]) -> None:
    assert run(case, data[engine], QUERIES) == list(case.rows)


@pytest.mark.parametrize("expected", FILES, ids=lambda e: e.file.stem)
def test_coverage(expected: Any, built: Any) -> None:
    result, _ = built
    rows = [r for r in coverage(result.compiled) if r.document == expected.source]
    assert len(rows) == expected.sentences
    assert [r.text for r in rows if not r.statements] == list(expected.uncovered)
