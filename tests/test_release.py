"""The build overlaps HermiT with writing: what HermiT says still decides what is published."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from psykg.errors import OntologyError, PsykgError, ReasonerError, ValidationFailed
from psykg.rdf.namespaces import PSYKG, RES
from psykg.release import write as release
from psykg.release.pipeline import Inputs

EXTRA = (RES["psychodynamic-therapy"], PSYKG.hasFocus, RES["early-life-experience"])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_inconsistency_found_by_hermit_publishes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "dist"
    out.mkdir()
    (out / "old.txt").write_text("previous release\n", encoding="utf-8")
    before = _snapshot(out)

    def inconsistent(data: Graph, ontology: Graph) -> Graph:
        raise ReasonerError("the ontology and data are logically inconsistent (HermiT)")

    monkeypatch.setattr(release, "hermit", inconsistent)
    with pytest.raises(ReasonerError):
        release.build(Inputs(project), out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in project.iterdir()) == [
        ".dist.lock", "data", "dist", "ontology", "queries"]  # the build lock stays


def test_an_inference_only_hermit_makes_is_published(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def more(data: Graph, ontology: Graph) -> Graph:
        graph = Graph()
        graph.add(EXTRA)
        return graph

    monkeypatch.setattr(release, "hermit", more)
    inputs = Inputs(project)
    assert EXTRA not in release.check(inputs, *release.compile_inputs(inputs)).data
    result = release.build(Inputs(project), project / "dist")
    assert EXTRA in result.inferred
    line = " ".join(term.n3() for term in EXTRA) + " ."
    assert line in (project / "dist" / "psykg.nt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("use_hermit", "limit", "runs", "noted"), [
    (True, None, True, False),
    (True, 100_000, True, False),
    (True, 100, False, True),
    (False, 100, False, False),
])
def test_hermit_size_limit(project: Path, monkeypatch: pytest.MonkeyPatch, use_hermit: bool,
                           limit: int | None, runs: bool, noted: bool) -> None:
    calls: list[int] = []

    def counted(data: Graph, ontology: Graph) -> Graph:
        calls.append(len(data))
        return Graph()

    monkeypatch.setattr(release, "hermit", counted)
    result = release.build(Inputs(project), project / "dist", use_hermit=use_hermit,
                           hermit_limit=limit)
    assert bool(calls) is runs
    assert bool(result.notes) is noted
    if noted:
        assert "HermiT not run" in result.notes[0] and f"{limit:,}" in result.notes[0]


@pytest.mark.parametrize(("check", "error"), [
    ("SELECT ?resource ?message WHERE { ?resource a <https://w3id.org/psykg/ontology#Therapy>"
     ' BIND("a therapy" AS ?message) }', ValidationFailed),
    ("SELECT ?resource ?message WHERE { SERVICE <http://example.org/sparql> "
     "{ ?resource ?message ?o } }", OntologyError),
])
def test_validation_decides_what_is_published(
    project: Path, check: str, error: type[Exception]
) -> None:
    """Validation runs while the release is written: a failing report, or a check that cannot
    run, still publishes nothing and leaves no staging folder behind."""
    out = project / "dist"
    out.mkdir()
    (out / "old.txt").write_text("previous release\n", encoding="utf-8")
    before = _snapshot(out)
    (project / "queries" / "checks" / "every-therapy-violation.rq").write_text(
        "# title: Every therapy\n# description: fails on purpose\n# fix: delete this check\n"
        f"{check}\n", encoding="utf-8")
    with pytest.raises(error):
        release.build(Inputs(project), out, use_hermit=False)
    assert _snapshot(out) == before
    assert sorted(p.name for p in project.iterdir()) == [
        ".dist.lock", "data", "dist", "ontology", "queries"]  # the build lock stays


def test_data_files_written_by_a_child_process_are_the_same(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Large releases have their Turtle, RDF/XML and JSON-LD written by a child process
    (psykg.formatwriter); the release is byte for byte the one written in-process."""
    inputs = Inputs(project)
    release.build(inputs, tmp_path / "here", use_hermit=False)
    monkeypatch.setattr(release, "FORMAT_PROCESS_TRIPLES", 0)
    release.build(inputs, tmp_path / "child", use_hermit=False)
    assert _snapshot(tmp_path / "child") == _snapshot(tmp_path / "here")


def test_a_failing_child_process_fails_the_build_with_its_error(tmp_path: Path) -> None:
    from psykg.release import formatwriter

    with formatwriter.started(tmp_path, ["turtle", "jsonld"]) as written:
        for future in written.values():
            with pytest.raises(PsykgError, match="failed in a child process") as failure:
                future.result()
    assert "psykg.nt" in str(failure.value)  # the child's own error: it found no psykg.nt


def test_the_child_process_is_stopped_when_the_build_fails(tmp_path: Path) -> None:
    from psykg.release import formatwriter

    (tmp_path / "psykg.nt").write_text("<http://example.org/s> <http://example.org/p> "
                                       '"o" .\n' * 200_000, encoding="utf-8")
    with pytest.raises(RuntimeError, match="exports failed"), \
            formatwriter.started(tmp_path, ["jsonld", "turtle", "rdfxml"]) as written:
        raise RuntimeError("exports failed")
    assert all(future.done() for future in written.values())
    assert not (tmp_path / "psykg.owl").exists()  # stopped before its last file, not finished
