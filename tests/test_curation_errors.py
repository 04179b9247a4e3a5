"""Every kind of curation mistake stops the build with one clear error and leaves dist/ alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from psykg.cli import main

from .conftest import assert_nothing_left_beside_dist

CURATION = Path("data/curation/psychodynamic-therapy.yaml")
SOURCE = Path("data/sources/psychodynamic-therapy.yaml")
CONDITIONS = Path("data/entities/conditions.yaml")
POPULATIONS = Path("data/entities/populations.yaml")


def _line(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (the last one, for 'last:NEEDLE';
    the first one after the line holding A, for 'A >> NEEDLE'; the line that is exactly
    NEEDLE, for '=NEEDLE')."""
    lines = list(enumerate(text.splitlines(), start=1))
    if " >> " in needle:
        after, needle = needle.split(" >> ")
        lines = lines[_line(text, after) :]
    if needle.startswith("last:"):
        needle, lines = needle.removeprefix("last:"), lines[::-1]
    for number, line in lines:
        if (line == needle[1:]) if needle.startswith("=") else (needle in line):
            return number
    raise AssertionError(f"{needle!r} not in the curation file")


# (name, file, old text, new text, expected message part, line anchor in the mutated file)
MUTATIONS = [
    (
        "quote not in text",
        CURATION,
        "quote: Psychodynamic therapy is derived from psychoanalytic therapy",
        "quote: Psychodynamic therapy is derived from psychoanalysis",
        "quote is not in the content",
        "quote: Psychodynamic therapy is derived from psychoanalysis",
    ),
    (
        "quote with a straight apostrophe",
        CURATION,
        "quote: more focused on the patient\u2019s relationship with their external world",
        "quote: more focused on the patient's relationship with their external world",
        "character 28 of the quote is \"'\" (U+0027 APOSTROPHE) where the text has '\u2019' "
        "(U+2019 RIGHT SINGLE QUOTATION MARK) (the only difference)",
        "quote: more focused on the patient's",
    ),
    (
        "quote in chrome only",
        CURATION,
        "quote: Psychology Today",
        "quote: Recent Posts",
        "it is only at line 33, which the source record marks as chrome",
        "quote: Recent Posts",
    ),
    (
        "ambiguous quote",
        CURATION,
        "quote: This therapy is used with children and adolescents\n- id: pdt-used-with-adol",
        "quote: psychodynamic therapy\n- id: pdt-used-with-adol",
        "occurs 9 times in the source text; to pick one, add 'prefix:' '' for the first (line 8)",
        "=  quote: psychodynamic therapy",
    ),
    (
        "unknown entity class",
        CONDITIONS,
        "  type: Condition\n  label: depression\n",
        "  type: Disease\n  label: depression\n",
        "unknown type 'Disease'",
        "type: Disease",
    ),
    (
        "unknown class in type statement",
        CURATION,
        "object: TimeLimitedTherapy",
        "object: TimeLimited",
        "unknown class 'TimeLimited' (did you mean 'TimeLimitedTherapy'",
        "object: TimeLimited",
    ),
    (
        "missing required field",
        CONDITIONS,
        "  label: depression\n",
        "",
        "label: Field required",
        "- id: depression",
    ),
    (
        "malformed YAML",
        CURATION,
        "- id: pdt-goal-remission-of-symptoms\n  subject:",
        "- id: pdt-goal-remission-of-symptoms\n\tsubject:",
        "malformed YAML",
        "\tsubject:",
    ),
    (
        "unknown entity",
        CURATION,
        "  object: obsessive-compulsive-disorder\n",
        "  object: obsessive-compulsive-disordr\n",
        "'obsessive-compulsive-disordr' is not a known entity (did you mean "
        "'obsessive-compulsive-disorder'",
        "object: obsessive-compulsive-disordr",
    ),
    (
        "unknown qualifier entity",
        CURATION,
        "especially: [people-who-have-lost-meaning, ",
        "especially: [people-who-lost-meaning, ",
        "especially 'people-who-lost-meaning' is not a known entity (did you mean "
        "'people-who-have-lost-meaning'",
        "especially: [people-who-lost-meaning",
    ),
    (
        "unknown predicate",
        CURATION,
        "predicate: alsoUsefulFor",
        "predicate: alsoUsefulFr",
        "unknown predicate 'alsoUsefulFr' (did you mean 'alsoUsefulFor'",
        "predicate: alsoUsefulFr",
    ),
    (
        "misspelled field",
        CURATION,
        "    evidence: [Research shows]",
        "    evidense: [Research shows]",
        "evidense: Extra inputs are not permitted",
        "evidense: [Research shows]",
    ),
    (
        "wording not in quote",
        CURATION,
        "    evidence: [Research shows]",
        "    evidence: [Research proves]",
        "evidence wording 'Research proves' is not in its quote",
        "evidence: [Research proves]",
    ),
    (
        "object of the wrong class",
        CURATION,
        "  object: remission-of-symptoms\n",
        "  object: depression\n",
        "'depression' is a Condition, but a TherapeuticGoal is needed",
        "id: pdt-goal-remission-of-symptoms >> object: depression",
    ),
    ("source text changed", SOURCE, "sha256: 5288", "sha256: 0288", "has changed", "sha256: 0288"),
    (
        "duplicate statement id",
        CURATION,
        "- id: pdt-also-useful-for-bpd",
        "- id: pdt-less-used-for-ocd",
        "is used twice",
        "last:id: pdt-less-used-for-ocd",
    ),
    (
        "duplicate entity id",
        POPULATIONS,
        "- id: children\n  type: Population\n  label: children\n",
        "- id: children\n  type: Population\n  label: children\n"
        "- id: children\n  type: Population\n  label: kids\n",
        "entity id 'children' is declared twice",
        "last:- id: children",
    ),
    (
        "bad literal",
        CURATION,
        "value: '2023-01-20'",
        "value: 'Jan 20'",
        "is not a valid xsd:date",
        "id: article-modified",
    ),
    (
        "value not in the source's words",
        CURATION,
        "  value: often it is a longer process\n",
        "  value: often longer than 25 sessions\n",
        "the value of psykg:typicalDuration is not in its quote",
        "value: often longer than 25 sessions",
    ),
    (
        "especially_all with one population",
        CURATION,
        "    especially: [people-who-have-lost-meaning, people-with-difficulty-in-personal-"
        "relationships]\n",
        "    especially: [people-who-have-lost-meaning]\n",
        "especially_all needs two or more",
        "especially_all: true",
    ),
    (
        "duplicate key in a statement",
        CURATION,
        "  object: obsessive-compulsive-disorder\n",
        "  object: obsessive-compulsive-disorder\n  object: psychosis\n",
        "duplicate key 'object'",
        "last:object: psychosis",
    ),
    (
        "duplicate key in the registry",
        CONDITIONS,
        "  label: depression\n",
        "  label: depression\n  label: low mood\n",
        "duplicate key 'label'",
        "label: low mood",
    ),
    (
        "duplicate key in a source record",
        SOURCE,
        "title: Psychodynamic Therapy\n",
        "title: Psychodynamic Therapy\ntitle: Other\n",
        "duplicate key 'title'",
        "title: Other",
    ),
    (
        "contradiction within one source",
        CURATION,
        "  predicate: lessUsedFor\n  object: psychosis\n",
        "  predicate: lessUsedFor\n  object: depression\n",
        "contradicts statement 'pdt-primarily-treats-depression'",
        "id: pdt-less-used-for-psychosis",
    ),
    (
        "source record: bad date",
        SOURCE,
        "updated: 2023-01-20",
        "updated: 20 January 2023",
        "updated: Input should be a valid date",
        "updated: 20 January",
    ),
    (
        "source record: missing licence answer",
        SOURCE,
        "republish_text: false\n",
        "",
        "republish_text: Field required",
        "id: psychodynamic-therapy-article",
    ),
    (
        "source record: misspelt field",
        SOURCE,
        "\nnote: ",
        "\nnotes: ",
        "notes: Extra inputs are not permitted",
        "notes:",
    ),
    (
        "source record: text elsewhere",
        SOURCE,
        "text: psychodynamic-therapy.txt",
        "text: ../../etc/passwd.txt",
        "text: String should match pattern",
        "text: ../",
    ),
    (
        "source record: unknown publisher",
        SOURCE,
        "publisher: psychology-today",
        "publisher: psychology-tomorrow",
        "publisher 'psychology-tomorrow' is not an Organization of the entity registry (did you "
        "mean 'psychology-today'?)",
        "publisher: psychology-tomorrow",
    ),
    (
        "source record: id taken by an entity",
        SOURCE,
        "id: psychodynamic-therapy-article",
        "id: depression",
        "source id 'depression' is already used",
        "id: depression",
    ),
    (
        "registry: broader unknown",
        CONDITIONS,
        "  label: psychosis\n",
        "  label: psychosis\n  broader: [mental-ilness]\n",
        "broader 'mental-ilness' is not a known entity",
        "broader: [mental-ilness]",
    ),
    (
        "registry: misspelt top key",
        CONDITIONS,
        "entities:\n",
        "entity:\n",
        "entities: Field required",
        "entity:",
    ),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("name", "file", "old", "new", "message", "anchor"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_mutation_fails_with_file_and_line(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    file: Path,
    old: str,
    new: str,
    message: str,
    anchor: str,
) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"mutation {name!r} no longer matches {file}"
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
    assert_nothing_left_beside_dist(project)


@pytest.mark.parametrize(
    ("files", "message", "at"),
    [
        (
            {"data/curation/extra.yaml": "statements: []\n"},
            "no source record data/sources/extra.yaml",
            "data/curation/extra.yaml:1:",
        ),
        (
            {"data/sources/extra.yaml": "id: extra\n"},
            "source record without a curation file",
            "data/sources/extra.yaml:1:",
        ),
        (
            {"data/entities/extra.yaml": "- id: x\n"},
            "an entity registry file (entities: ...) must be a mapping",
            "data/entities/extra.yaml:1:",
        ),
    ],
    ids=["curation without record", "record without curation", "registry not a mapping"],
)
def test_misplaced_file_fails_with_file_and_line(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    message: str,
    at: str,
) -> None:
    for relative, text in files.items():
        (project / relative).write_text(text, encoding="utf-8")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{project / at.split(':')[0]}:1:" in err, err
    assert message in err, err


def test_empty_prefix_anchors_a_repeated_quote_at_its_first_occurrence(
    project: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = project / CURATION
    text = path.read_text(encoding="utf-8")
    old = "  quote: This therapy is used with children and adolescents\n- id: pdt-used-with-adol"
    assert old in text
    path.write_text(
        text.replace(
            old, "  quote: psychodynamic therapy\n  prefix: ''\n- id: pdt-used-with-adol", 1
        ),
        encoding="utf-8",
    )
    assert main(["check"]) == 0, capsys.readouterr().err
    from psykg.build.compile import compile_inputs
    from psykg.paths import Inputs

    _, compiled = compile_inputs(Inputs(project))
    anchor = next(a for a in compiled.anchors if a.statement == "pdt-used-with-children")
    source = compiled.sources[anchor.document]
    assert anchor.selector.start == source.text.index("psychodynamic therapy")
