"""psykg suggest and accept: drafts from the ontology's cue phrases, grounded to the registry
(label, alt label, fuzzy), new entities proposed, exact anchored quotes; written as a draft
the build never reads; accepted drafts pass psykg check."""

from __future__ import annotations

from pathlib import Path

import pytest

from psykg.assist.suggest import suggest
from psykg.build.compile import compile_inputs
from psykg.cli import main
from psykg.curation.anchor import SourceText, find_quote
from psykg.curation.load import load_curation
from psykg.paths import Inputs

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "fixtures" / "second-source" / "sources" / "trauma-overview.txt"

OWN_TEXT = (
    "Notes on Psychodynamic Therapy With Older People\n\n"
    "This note is the psykg team's own writing, made for the tests.\n\n"
    "Psychodynamic therapy is used with older adults. It is less used for posttraumatic stress "
    "disorder in this group. Brief psychodynamic therapy may be limited to 25 sessions.\n"
)


def _new(project: Path, tmp_path: Path, text: str, name: str) -> Inputs:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["new-source", str(path), "--id", name, "--own"]) == 0
    return Inputs(project)


def test_drafts_for_the_second_source(project: Path, tmp_path: Path) -> None:
    inputs = _new(project, tmp_path, SECOND.read_text(encoding="utf-8"), "trauma-overview")
    draft = suggest(inputs, "trauma-overview")
    claims = [(s.subject, s.predicate, s.object) for s in draft.statements]
    assert claims == [
        ("psychodynamic-therapy", "primarilyTreats", "depression"),
        ("psychodynamic-therapy", "foundEffectiveFor", "post-traumatic-stress-disorder"),
    ]
    found = draft.statements[1]
    assert found.quote == (
        "Small studies have found psychodynamic therapy effective for "
        "post-traumatic stress disorder"
    )
    assert found.qualifiers.evidence == ("Small studies have found",)


def test_grounding_by_alt_label_fuzzy_and_new_entities(project: Path, tmp_path: Path) -> None:
    inputs = _new(project, tmp_path, OWN_TEXT, "older-people")
    draft = suggest(inputs, "older-people")
    claims = {(s.subject, s.predicate, s.object or s.value) for s in draft.statements}
    assert claims == {
        ("psychodynamic-therapy", "usedWithPopulation", "older-adults"),  # new entity
        ("psychodynamic-therapy", "lessUsedFor", "post-traumatic-stress-disorder"),  # fuzzy
        ("brief-psychodynamic-therapy", "sessionLimit", 25),
    }
    assert [(e.id, e.type, e.label) for e in draft.entities] == [
        ("older-adults", "Population", "older adults")
    ]
    text = (project / "data" / "sources" / "older-people.txt").read_text(encoding="utf-8")
    source = SourceText.from_regions(text, ())
    for st in draft.statements:
        assert not isinstance(find_quote(source, st.quote, st.prefix), str), st.quote
    hedged = next(s for s in draft.statements if s.predicate == "sessionLimit")
    assert hedged.qualifiers.hedge == ("may",)


def test_cue_phrases_come_from_the_ontology(project: Path, tmp_path: Path) -> None:
    ontology = project / "ontology" / "psykg.ttl"
    lines = ontology.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("psykg:lessUsedFor psykg:cuePhrase")]
    assert len(kept) == len(lines) - 1
    ontology.write_text("".join(kept), encoding="utf-8")
    inputs = _new(project, tmp_path, OWN_TEXT, "older-people")
    predicates = {s.predicate for s in suggest(inputs, "older-people").statements}
    assert "lessUsedFor" not in predicates and "usedWithPopulation" in predicates


def test_alt_label_grounds(project: Path, tmp_path: Path) -> None:
    text = "A Note\n\nPsychodynamic therapy is used with teenagers.\n"
    inputs = _new(project, tmp_path, text, "teen-note")
    claims = [(s.subject, s.predicate, s.object) for s in suggest(inputs, "teen-note").statements]
    assert claims == [("psychodynamic-therapy", "usedWithPopulation", "adolescents")]


def test_suggest_writes_a_draft_the_build_ignores_and_accept_one_checks(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _new(project, tmp_path, OWN_TEXT, "older-people")
    before = len(compile_inputs(inputs)[1].anchors)
    assert main(["suggest", "older-people"]) == 0
    draft = project / "data" / "drafts" / "older-people.yaml"
    head = draft.read_text(encoding="utf-8").splitlines()[:2]
    assert head[0] == "# yaml-language-server: $schema=../../schema/draft.schema.json"
    assert head[1].startswith("# DRAFT by psykg suggest")
    assert len(compile_inputs(inputs)[1].anchors) == before  # never merged silently
    assert main(["suggest", "older-people"]) == 1
    assert "a draft is already here" in capsys.readouterr().err

    ident = "older-people-psychodynamic-therapy-used-with-population-older-adults"
    assert main(["accept", "older-people", ident]) == 0
    assert [
        s.id for s in load_curation(project / "data" / "curation" / "older-people.yaml").statements
    ] == [ident]
    assert "older-adults" in (project / "data" / "entities" / "older-people.yaml").read_text(
        encoding="utf-8"
    )
    assert main(["fmt", "--check"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0, capsys.readouterr().err
    assert len(compile_inputs(inputs)[1].anchors) == before + 1
    left = draft.read_text(encoding="utf-8")
    assert ident not in left and "sessionLimit" in left


def test_every_seed_draft_checks_once_accepted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "psychodynamic-therapy"]) == 0
    assert main(["accept", "psychodynamic-therapy"]) == 0
    assert not (project / "data" / "drafts" / "psychodynamic-therapy.yaml").exists()
    capsys.readouterr()
    assert main(["check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["suggest", "psychodynamic-therapi"],
            "no source record data/sources/psychodynamic-therapi.yaml (did you mean "
            "'psychodynamic-therapy'?)",
        ),
        (["accept", "psychodynamic-therapy"], "no draft here"),
    ],
)
def test_curator_mistakes_are_clear(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_diff_before_and_after_adding_a_source(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """new-source, suggest, accept, build: the diff lists exactly the accepted statements
    and the new entities (the source document and the proposed entity), and nothing else
    is added or removed."""
    from psykg import api
    from psykg.release.diff import Release, diff

    api.build(Inputs(project), tmp_path / "before", use_hermit=False)
    _new(project, tmp_path, OWN_TEXT, "older-people")
    assert main(["suggest", "older-people"]) == 0
    assert main(["accept", "older-people"]) == 0
    api.build(Inputs(project), tmp_path / "after", use_hermit=False)
    changes = diff(Release.read(tmp_path / "before"), Release.read(tmp_path / "after"))
    accepted = {
        s.id for s in load_curation(project / "data" / "curation" / "older-people.yaml").statements
    }
    assert {line.split(":")[0] for line in changes.added_statements} == accepted
    assert len(changes.added_statements) == 3
    assert sorted(line.split(" ")[0] for line in changes.added_entities) == [
        "psykgr:older-adults",
        "psykgr:older-people",
    ]
    assert not changes.removed_statements and not changes.removed_entities
    assert not changes.changed_statements and not changes.added_mappings
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "after"), str(tmp_path / "after"), "--exit-code"]) == 0
