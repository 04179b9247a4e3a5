"""Numbers keep their datatype whatever the engine (issue 12): pyoxigraph folds every XSD
integer datatype into xsd:integer; the packaged queries' `#+ datatypes:` restore the data's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from psykg import api
from psykg.release.pipeline import Result
from psykg.server.queryapi import QueryApi
from psykg.server.worker import Job, execute
from psykg.sparql import packaged as queries
from psykg.sparql.results import write_json
from tests.expected import read_all

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
NON_NEGATIVE = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
RUNS = sorted(
    {(name, ()) for name in queries.load_queries(QUERIES)}
    | {(c.name, tuple(sorted(c.params.items()))) for e in read_all(ROOT / "data") for c in e.cases}
)


def _types(json_text: str) -> list[list[tuple[str, str, str, str]]]:
    """Per row, each bound cell's variable, kind, datatype and language."""
    bindings = json.loads(json_text)["results"]["bindings"]
    return [
        sorted((v, b[v]["type"], b[v].get("datatype", ""), b[v].get("xml:lang", "")) for v in b)
        for b in bindings
    ]


@pytest.fixture(scope="module")
def engines(built: tuple[Result, Path]) -> dict[str, Any]:
    nt = built[1] / "psykg.nt"
    return {"oxigraph": api.load_store(nt), "rdflib": api.load_graph(nt)}


@pytest.mark.parametrize(("name", "params"), RUNS, ids=[f"{n}{dict(p)}" for n, p in RUNS])
def test_json_datatypes_are_equal_on_every_engine(
    name: str, params: tuple[tuple[str, str], ...], engines: dict[str, Any]
) -> None:
    answers = {
        engine: _types(write_json(queries.run_query(name, dict(params), data=data, folder=QUERIES)))
        for engine, data in engines.items()
    }
    assert answers["oxigraph"] == answers["rdflib"]


def test_offsets_and_session_limits_stay_non_negative_integers(engines: dict[str, Any]) -> None:
    for engine, data in engines.items():
        rows = queries.run_query("provenance", {}, data=data, folder=QUERIES).as_dicts()
        assert {r["start"].datatype for r in rows if r["start"]} == {NON_NEGATIVE}, engine
        rows = queries.run_query("duration", {}, data=data, folder=QUERIES).as_dicts()
        numbers = {r["value"].datatype for r in rows if r["value"] and r["value"].value == "25"}
        assert numbers == {NON_NEGATIVE}, engine


def test_the_api_answers_the_declared_datatype(built: tuple[Result, Path]) -> None:
    nt = built[1] / "psykg.nt"
    query_api = QueryApi(nt, QUERIES)
    text = query_api.prepare("provenance", {})
    job = Job(
        text, "application/sparql-results+json", 10_000, datatypes=query_api.datatypes("provenance")
    )
    reply = execute(api.load_store(nt), job)
    assert reply.status == 200
    cells = [c for row in _types(reply.body.decode("utf-8")) for c in row if c[0] == "start"]
    assert cells and {c[2] for c in cells} == {NON_NEGATIVE}
    bare = execute(api.load_store(nt), Job(text, "application/sparql-results+json", 10_000))
    folded = [c for row in _types(bare.body.decode("utf-8")) for c in row if c[0] == "start"]
    assert {c[2] for c in folded} != {NON_NEGATIVE}, "pyoxigraph no longer folds: drop typed()"
