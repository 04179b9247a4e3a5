"""The command line: real runs, and bad input that gives a message instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from psykg.cli import main
from tests.expected import read_all

BAD_TURTLE = "@prefix psykg: <https://w3id.org/psykg/ontology#> .\npsykg:x psykg:y .\n"
NONCONFORMING = """@prefix psykg: <https://w3id.org/psykg/ontology#> .
@prefix psykgr: <https://w3id.org/psykg/resource/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
psykgr:mystery-therapy a psykg:Therapy , owl:NamedIndividual ;
    psykg:primarilyTreat psykgr:depression .
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("setup", "argv", "message"),
    [
        ("none", ["validate", "missing.ttl"], "missing.ttl: file not found"),
        ("bad-turtle", ["validate", "bad.ttl"], "bad.ttl: cannot parse as RDF"),
        ("no-checkout", ["build"], "no psykg checkout found"),
        ("broken-ontology", ["build"], "psykg.ttl: not valid Turtle"),
        ("no-curation", ["check"], "no curation files"),
        ("no-dist", ["validate"], "does not exist"),
    ],
)
def test_bad_input_gives_a_message(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setup: str,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if setup == "bad-turtle":
        (tmp_path / "bad.ttl").write_text(BAD_TURTLE, encoding="utf-8")
    elif setup == "no-checkout":
        monkeypatch.delenv("PSYKG_ROOT")
    elif setup == "broken-ontology":
        path = project / "ontology" / "psykg.ttl"
        path.write_text(path.read_text(encoding="utf-8") + "\npsykg:oops a .\n", encoding="utf-8")
    elif setup == "no-curation":
        for path in (project / "data" / "curation").glob("*.yaml"):
            path.unlink()
    code, _, err = _run(capsys, *argv)
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_validate_reports_a_nonconforming_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(NONCONFORMING, encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(path))
    assert code == 1
    assert "mystery-therapy" in out
    assert "Violation" in out


def test_check_and_coverage_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check")
    assert code == 0 and "every quote anchored" in out
    code, out, _ = _run(capsys, "coverage")
    assert code == 0
    expected = read_all(project / "data")
    sentences = sum(e.sentences for e in expected)
    covered = sentences - sum(len(e.uncovered) for e in expected)
    assert f"{covered} of {sentences} content sentences covered" in out
    assert "pdt-less-used-for-psychosis" in out


def test_fmt_check_flags_a_non_canonical_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "entities" / "conditions.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  type: Condition" in text
    path.write_text(text.replace("  type: Condition", "  type:   Condition", 1), encoding="utf-8")
    code, out, _ = _run(capsys, "fmt", "--check")
    assert code == 1 and "not canonical" in out
    code, _, _ = _run(capsys, "fmt")
    assert code == 0
    code, _, _ = _run(capsys, "fmt", "--check")
    assert code == 0


def test_build_then_validate_the_release(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "build")
    assert code == 0, err
    assert "0 violations" in out
    code, out, _ = _run(capsys, "validate")
    assert code == 0, out


@pytest.mark.parametrize(
    ("argv", "noted"),
    [(["build"], True), (["build", "--hermit"], False), (["build", "--no-hermit"], False)],
)
def test_build_says_when_hermit_is_skipped_for_size(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    noted: bool,
) -> None:
    from psykg.build import reason
    from psykg.release import pipeline

    monkeypatch.setattr(reason, "HERMIT_MAX_TRIPLES", 100)
    monkeypatch.setattr(pipeline, "hermit", lambda data, ontology, started: type(data)())
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert ("note: HermiT not run" in out) is noted


def test_hermit_options_exclude_each_other(project: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["build", "--hermit", "--no-hermit"])
    assert caught.value.code == 2
