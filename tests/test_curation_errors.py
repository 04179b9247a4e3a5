"""Every kind of curation mistake stops the build with one clear error and leaves dist/ alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from psykg.cli import main

CURATION = Path("data/curation/psychodynamic-therapy.yaml")


def _line(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (the last one, for 'last:NEEDLE')."""
    lines = list(enumerate(text.splitlines(), start=1))
    if needle.startswith("last:"):
        needle, lines = needle.removeprefix("last:"), lines[::-1]
    for number, line in lines:
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the curation file")


# (name, old text, new text, expected message part, line anchor in the mutated file)
MUTATIONS = [
    ("quote not in text",
     "quote: Psychodynamic therapy is derived from psychoanalytic therapy",
     "quote: Psychodynamic therapy is derived from psychoanalysis",
     "quote is not in the content", "id: pdt-derived-from-psychoanalytic-therapy"),
    ("ambiguous quote",
     "quote: This therapy is used with children and adolescents\n- id: pdt-used-with-adol",
     "quote: psychodynamic therapy\n- id: pdt-used-with-adol",
     "occurs", "id: pdt-used-with-children"),
    ("unknown entity class", "  type: Condition\n  label: depression\n",
     "  type: Disease\n  label: depression\n", "unknown type 'Disease'", "id: depression"),
    ("unknown class in type statement", "object: TimeLimitedTherapy", "object: TimeLimited",
     "unknown class 'TimeLimited'", "id: cbt-is-time-limited"),
    ("missing required field", "  label: depression\n", "", "label: Field required",
     "- id: depression"),
    ("malformed YAML", "- id: pdt-goal-remission-of-symptoms\n  subject:",
     "- id: pdt-goal-remission-of-symptoms\n\tsubject:", "malformed YAML", "\tsubject:"),
    ("unknown entity", "  object: obsessive-compulsive-disorder\n",
     "  object: obsessive-compulsive-disordr\n", "'obsessive-compulsive-disordr' is not a known",
     "id: pdt-less-used-for-ocd"),
    ("unknown predicate", "predicate: alsoUsefulFor", "predicate: alsoUsefulFr",
     "unknown predicate 'alsoUsefulFr'", "id: pdt-also-useful-for-bpd"),
    ("misspelled field", "    evidence: [Research shows]", "    evidense: [Research shows]",
     "evidense: Extra inputs are not permitted", "evidense: [Research shows]"),
    ("wording not in quote", "    evidence: [Research shows]", "    evidence: [Research proves]",
     "evidence wording 'Research proves' is not in its quote", "evidence: [Research proves]"),
    ("object of the wrong class", "  object: remission-of-symptoms\n", "  object: depression\n",
     "'depression' is a Condition, but a TherapeuticGoal is needed",
     "id: pdt-goal-remission-of-symptoms"),
    ("source text changed", "sha256: 5288", "sha256: 0288", "has changed", "sha256: 0288"),
    ("duplicate statement id", "- id: pdt-also-useful-for-bpd",
     "- id: pdt-less-used-for-ocd", "is used twice", "last:id: pdt-less-used-for-ocd"),
    ("duplicate entity id", "- id: children\n  type: Population\n  label: children\n",
     "- id: children\n  type: Population\n  label: children\n"
     "- id: children\n  type: Population\n  label: kids\n",
     "entity id 'children' is declared twice", "last:- id: children"),
    ("bad literal", "value: '2023-01-20'", "value: 'Jan 20'", "is not a valid xsd:date",
     "id: article-modified"),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("name", "old", "new", "message", "anchor"), MUTATIONS,
                         ids=[m[0] for m in MUTATIONS])
def test_mutation_fails_with_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str],
    name: str, old: str, new: str, message: str, anchor: str,
) -> None:
    path = project / CURATION
    text = path.read_text(encoding="utf-8")
    assert old in text, f"mutation {name!r} no longer matches the curation file"
    mutated = text.replace(old, new, 1)
    path.write_text(mutated, encoding="utf-8")
    dist = project / "dist"
    dist.mkdir()
    (dist / "psykg.nt").write_text("<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    before = _snapshot(dist)

    code = main(["build", "--no-hermit"])

    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert f"{path}:{_line(mutated, anchor)}:" in err, err
    assert message in err, err
    assert "hint:" in err
    assert _snapshot(dist) == before
    assert sorted(p.name for p in project.iterdir()) == [
        ".dist.lock", "data", "dist", "ontology", "queries"]  # the build lock stays
