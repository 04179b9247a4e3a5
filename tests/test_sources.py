"""Many sources, one graph: a second source, written by the team in its own words
(tests/fixtures/second-source), is added to a copy of the project and built. Every source's
expectations must still hold (the seed's file is not touched), the claim both sources make is
two statements and one triple, and their disagreement is reported, not refused."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef

from psykg import api
from psykg.build.coverage import coverage
from psykg.cli import main
from psykg.curation.fmt import canonical_text, format_files
from psykg.curation.load import load_registry
from psykg.curation.model import Registry
from psykg.paths import Inputs
from psykg.release.pipeline import Result
from psykg.sparql import packaged as queries
from tests.expected import read_all, run

ROOT = Path(__file__).resolve().parents[1]
SECOND = Path(__file__).parent / "fixtures" / "second-source"
RES = "https://w3id.org/psykg/resource/"
PSYKG = "https://w3id.org/psykg/ontology#"


def add_source(root: Path, source: Path) -> None:
    """Copy a source's files (record, text, curation, expectations) into the data folder of
    the checkout at `root`, and the registry entries it needs that the checkout lacks, as a
    curator would (another source may have added the same entity already)."""
    for folder in sorted(p for p in source.iterdir() if p.is_dir() and p.name != "entities"):
        for path in sorted(folder.iterdir()):
            shutil.copyfile(path, root / "data" / folder.name / path.name)
    registry = root / "data" / "entities"
    known = {e.id for p in registry.glob("*.yaml") for e in load_registry(p).entities}
    for path in sorted((source / "entities").glob("*.yaml")):
        new = [e for e in load_registry(path).entities if e.id not in known]
        if new:
            (registry / path.name).write_text(
                canonical_text(Registry(entities=tuple(new))), encoding="utf-8"
            )


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """The project with the second source added, built with HermiT."""
    root = tmp_path_factory.mktemp("two")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    (root / "data" / "expected").mkdir(exist_ok=True)
    add_source(root, SECOND)
    return api.build(Inputs(root), root / "dist"), root


@pytest.fixture(scope="module")
def engines(two: tuple[Result, Path]) -> dict[str, Any]:
    _, root = two
    nt = root / "dist" / "psykg.nt"
    return {"oxigraph": api.load_store(nt), "rdflib": api.load_graph(nt)}


def test_second_source_files_are_canonical(two: tuple[Result, Path]) -> None:
    _, root = two
    assert format_files(Inputs(root).yaml_files, check=True) == []


def test_builds_and_conforms_with_the_disagreement_reported(two: tuple[Result, Path]) -> None:
    result, root = two
    assert result.report.conforms
    assert any(
        "trauma-overview-pdt-found-effective-for-ptsd" in f.message for f in result.report.conflicts
    )
    text = (root / "dist" / "validation-report.txt").read_text(encoding="utf-8")
    assert "Sources disagree (" in text
    assert "trauma-overview-pdt-found-effective-for-ptsd" in text
    assert "pdt-less-used-for-ptsd" in text


@pytest.mark.parametrize("engine", queries.ENGINE_NAMES)
def test_every_source_expectation_holds(
    two: tuple[Result, Path], engines: dict[str, Any], engine: str
) -> None:
    _, root = two
    files = read_all(root / "data")
    assert {e.source for e in files} >= {"psychodynamic-therapy-article", "trauma-overview-article"}
    for expected in files:
        for case in expected.cases:
            assert run(case, engines[engine], root / "queries") == list(case.rows), case.id


def test_coverage_per_source(two: tuple[Result, Path]) -> None:
    result, root = two
    rows = coverage(result.compiled)
    for expected in read_all(root / "data"):
        mine = [r for r in rows if r.document == expected.source]
        assert len(mine) == expected.sentences, expected.source
        assert [r.text for r in mine if not r.statements] == list(expected.uncovered)


def test_one_claim_two_statements_one_triple(two: tuple[Result, Path]) -> None:
    result, _ = two
    graph: Graph = result.compiled.graph
    pdt, depression = URIRef(RES + "psychodynamic-therapy"), URIRef(RES + "depression")
    treats = URIRef(PSYKG + "primarilyTreats")
    assert (pdt, treats, depression) in graph
    statements = {
        s
        for s in graph.subjects(URIRef(PSYKG + "statementObject"), depression)
        if (s, URIRef(PSYKG + "statementPredicate"), treats) in graph
    }
    assert {
        RES + "statement/pdt-primarily-treats-depression",
        RES + "statement/trauma-overview-pdt-primarily-treats-depression",
    } <= {str(s) for s in statements}


def test_narrower_condition_answers_for_the_broader(engines: dict[str, Any]) -> None:
    rows = queries.query(
        "therapies-for-condition", data=engines["oxigraph"], condition="anxiety disorder"
    )
    assert ("psychodynamic therapy", "social anxiety disorder") in [
        (r["therapyLabel"], r["viaLabel"]) for r in rows
    ]


def test_cli_conflicts_shows_both_quotes_and_sources(
    two: tuple[Result, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, root = two
    monkeypatch.setenv("PSYKG_ROOT", str(root))
    assert main(["query", "conflicts", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "Small studies have found psychodynamic therapy effective" in out
    assert "this therapy type is less used in instances of psychosis" in out
    assert "psykgr:trauma-overview-article" in out and "psykgr:psychodynamic-therapy-article" in out
    assert main(["query", "therapies-for-condition", "-p", "condition=depression"]) == 0
    table = capsys.readouterr().out
    assert "trauma-overview-article" in table and "psychodynamic-therapy-article" in table


def test_resource_page_notes_the_disagreement(two: tuple[Result, Path]) -> None:
    _, root = two
    page = root / "dist" / "site" / "resource" / "post-traumatic-stress-disorder.html"
    html = page.read_text(encoding="utf-8")
    note = html[html.index("<h2>Sources disagree</h2>") : html.index("</section>")]
    assert "Small studies have found psychodynamic therapy effective" in note
    assert "this therapy type is less used in instances of psychosis" in note
    assert "trauma-overview-article.html" in note and "psychodynamic-therapy-article.html" in note


def test_seed_page_has_no_disagreement_note(built: Any) -> None:
    _, out = built
    html = (out / "site" / "resource" / "post-traumatic-stress-disorder.html").read_text(
        encoding="utf-8"
    )
    assert "Sources disagree" not in html
