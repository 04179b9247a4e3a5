"""Notebook access: the built dataset in one call, as an rdflib Graph or a pyoxigraph Store."""

from __future__ import annotations

from pathlib import Path

import pytest

import psykg
from psykg.errors import DatasetMissing
from psykg.release.pipeline import Result

ASK = (
    "PREFIX psykg: <https://w3id.org/psykg/ontology#> "
    "PREFIX psykgr: <https://w3id.org/psykg/resource/> "
    "ASK { psykgr:psychodynamic-therapy psykg:lessUsedFor psykgr:psychosis }"
)


def test_load_graph(built: tuple[Result, Path]) -> None:
    graph = psykg.load_graph(built[1] / "psykg.nt")
    assert len(graph) == len(built[0].full)
    assert graph.query(ASK).askAnswer


def test_load_store(built: tuple[Result, Path]) -> None:
    store = psykg.load_store(built[1] / "psykg.nt")
    assert len(store) == len(built[0].full)
    assert bool(store.query(ASK))


def test_load_from_the_project_dist(project: Path, built: tuple[Result, Path]) -> None:
    (project / "dist").mkdir()
    (project / "dist" / "psykg.nt").write_bytes((built[1] / "psykg.nt").read_bytes())
    assert len(psykg.load_graph()) == len(built[0].full)


def test_missing_dataset_says_to_build(project: Path) -> None:
    with pytest.raises(DatasetMissing, match="run `psykg build` first"):
        psykg.load_store()
