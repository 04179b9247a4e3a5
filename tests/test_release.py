"""The build overlaps HermiT with writing: what HermiT says still decides what is published."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rdflib import Graph

from psykg import api
from psykg.build.compile import compile_inputs
from psykg.errors import OntologyError, PsykgError, ReasonerError, ValidationFailed
from psykg.paths import Inputs
from psykg.rdf.namespaces import PSYKG, RES
from psykg.release import pipeline, write

from .conftest import assert_nothing_left_beside_dist, copy_project

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

    def inconsistent(data: Graph, ontology: Graph, started: threading.Event) -> Graph:
        raise ReasonerError("the ontology and data are logically inconsistent (HermiT)")

    monkeypatch.setattr(pipeline, "hermit", inconsistent)
    with pytest.raises(ReasonerError):
        api.build(Inputs(project), out)
    assert _snapshot(out) == before
    assert_nothing_left_beside_dist(project)


def test_a_hermit_that_fails_before_java_does_not_hang_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build waits for Java to start before it validates; a HermiT that ends first (here:
    no Java at all) must end that wait. Run in a thread so a hang fails instead of stalling."""

    def no_java(data: Graph, ontology: Graph, started: threading.Event) -> Graph:
        raise ReasonerError("Java is not installed, so the HermiT reasoner cannot run")

    monkeypatch.setattr(pipeline, "hermit", no_java)
    errors: list[BaseException] = []

    def build() -> None:
        try:
            api.build(Inputs(project), project / "dist")
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    thread = threading.Thread(target=build, daemon=True)
    thread.start()
    thread.join(timeout=300)  # a hang detector, not a speed limit: the build takes seconds
    assert not thread.is_alive(), "the build still waits for a HermiT that has ended"
    assert len(errors) == 1 and isinstance(errors[0], ReasonerError)


def test_an_inference_only_hermit_makes_is_published(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def more(data: Graph, ontology: Graph, started: threading.Event) -> Graph:
        graph = Graph()
        graph.add(EXTRA)
        return graph

    monkeypatch.setattr(pipeline, "hermit", more)
    inputs = Inputs(project)
    assert EXTRA not in pipeline.check(inputs, *compile_inputs(inputs)).data
    result = api.build(Inputs(project), project / "dist")
    assert EXTRA in result.inferred
    line = " ".join(term.n3() for term in EXTRA) + " ."
    assert line in (project / "dist" / "psykg.nt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("use_hermit", "limit", "runs", "noted"),
    [
        (True, None, True, False),
        (True, 100_000, True, False),
        (True, 100, False, True),
        (False, 100, False, False),
    ],
)
def test_hermit_size_limit(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    use_hermit: bool,
    limit: int | None,
    runs: bool,
    noted: bool,
) -> None:
    calls: list[int] = []

    def counted(data: Graph, ontology: Graph, started: threading.Event) -> Graph:
        calls.append(len(data))
        return Graph()

    monkeypatch.setattr(pipeline, "hermit", counted)
    result = api.build(Inputs(project), project / "dist", use_hermit=use_hermit, hermit_limit=limit)
    assert bool(calls) is runs
    assert bool(result.notes) is noted
    if noted:
        assert "HermiT not run" in result.notes[0] and f"{limit:,}" in result.notes[0]


@pytest.mark.parametrize(
    ("check", "error"),
    [
        (
            "SELECT ?resource ?message WHERE { ?resource a <https://w3id.org/psykg/ontology#Therapy>"
            ' BIND("a therapy" AS ?message) }',
            ValidationFailed,
        ),
        (
            "SELECT ?resource ?message WHERE { SERVICE <http://example.org/sparql> "
            "{ ?resource ?message ?o } }",
            OntologyError,
        ),
    ],
)
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
        f"{check}\n",
        encoding="utf-8",
    )
    with pytest.raises(error):
        api.build(Inputs(project), out, use_hermit=False)
    assert _snapshot(out) == before
    assert_nothing_left_beside_dist(project)


def test_data_files_written_by_a_child_process_are_the_same(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Large releases have their Turtle, RDF/XML and JSON-LD written by a child process
    (psykg.formatwriter); the release is byte for byte the one written in-process."""
    inputs = Inputs(project)
    api.build(inputs, tmp_path / "here", use_hermit=False)
    monkeypatch.setattr(write, "FORMAT_PROCESS_TRIPLES", 0)
    api.build(inputs, tmp_path / "child", use_hermit=False)
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

    (tmp_path / "psykg.nt").write_text(
        '<http://example.org/s> <http://example.org/p> "o" .\n' * 200_000, encoding="utf-8"
    )
    with (
        pytest.raises(RuntimeError, match="exports failed"),
        formatwriter.started(tmp_path, ["jsonld", "turtle", "rdfxml"]) as written,
    ):
        raise RuntimeError("exports failed")
    assert all(future.done() for future in written.values())
    assert not (tmp_path / "psykg.owl").exists()  # stopped before its last file, not finished


def test_builds_from_outside_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Explicit inputs are all a build reads: no checkout around the working folder, no
    PSYKG_ROOT; the site and the query index come from the given inputs."""
    root = copy_project(tmp_path / "inputs")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("PSYKG_ROOT", raising=False)
    out = tmp_path / "release"
    api.build(Inputs(root), out, use_hermit=False)
    assert (out / "site" / "query.html").is_file()
    assert sorted(p.name for p in (out / "queries").glob("*.rq")) == sorted(
        p.name for p in (root / "queries").glob("*.rq")
    )
    assert sorted(p.name for p in elsewhere.iterdir()) == []


def test_site_command_reads_the_built_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`psykg site` writes the site from a built release: the same files the build wrote,
    with no stage of the pipeline run again (only the source texts are read)."""
    from psykg.cli import main

    root = copy_project(tmp_path / "inputs")
    monkeypatch.setenv("PSYKG_ROOT", str(root))
    dist = tmp_path / "release"
    api.build(Inputs(root), dist, use_hermit=False)
    monkeypatch.setattr(pipeline, "check", None)  # any re-run of the pipeline would fail
    assert main(["site", "--dist", str(dist), "--out", str(tmp_path / "site")]) == 0
    built = {p.relative_to(dist / "site") for p in (dist / "site").rglob("*") if p.is_file()}
    again = {
        p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*") if p.is_file()
    }
    assert again == built
    assert "resource pages" in capsys.readouterr().out


def test_site_into_the_release_keeps_its_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`psykg site` rewriting DIST/site takes the build lock and rewrites MANIFEST.sha256, so
    the release still passes the check `psykg serve` makes; one file more in the site would
    fail that check without the rewrite."""
    from psykg.cli import main
    from psykg.release.manifest import MANIFEST, verify

    root = copy_project(tmp_path / "inputs")
    monkeypatch.setenv("PSYKG_ROOT", str(root))
    dist = tmp_path / "release"
    api.build(Inputs(root), dist, use_hermit=False)
    before = (dist / MANIFEST).read_text(encoding="utf-8")
    assert main(["site", "--dist", str(dist), "--host-url", "https://example.org/kg/"]) == 0
    after = (dist / MANIFEST).read_text(encoding="utf-8")
    assert after != before  # the rules for the new host URL differ from the build's
    assert verify(dist) > 0
    assert (tmp_path / ".release.lock").is_file()
    assert not [p.name for p in dist.iterdir() if p.name.startswith(".site-")]


def test_the_release_is_readable_by_others(project: Path) -> None:
    """dist/ is made in a mkdtemp folder (0700): it must come out 0755/0644 whatever the umask,
    so that a web server running as another user can publish it."""
    import os
    import stat
    import subprocess
    import sys

    previous = os.umask(0o077)
    try:
        api.build(Inputs(project), project / "dist", use_hermit=False)
    finally:
        os.umask(previous)
    dist = project / "dist"
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in [dist, *dist.rglob("*")]}
    assert any(p.is_dir() for p in modes if p != dist) and any(p.is_file() for p in modes)
    wrong = {
        str(p.relative_to(project)): oct(m)
        for p, m in modes.items()
        if m != (0o755 if p.is_dir() else 0o644)
    }
    assert wrong == {}
    site = project / "site-out"
    done = subprocess.run(
        [sys.executable, "-m", "psykg.cli", "site", "--dist", str(dist), "--out", str(site)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        preexec_fn=lambda: os.umask(0o077),
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert all(
        stat.S_IMODE(p.stat().st_mode) == (0o755 if p.is_dir() else 0o644) for p in site.rglob("*")
    )
