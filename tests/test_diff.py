"""psykg diff: statements, entities, mappings and terms added, removed or changed between two
built releases; nothing between two builds of the same inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psykg.cli import main
from psykg.release.diff import Diff, Release, diff, render
from psykg.release.pipeline import Result

P = "https://w3id.org/psykg/ontology#"
R = "https://w3id.org/psykg/resource/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
EXACT = "<http://www.w3.org/2004/02/skos/core#exactMatch>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"


def _statement(sid: str, subject: str, predicate: str, obj: str, quote: str) -> list[str]:
    s = f"<{R}statement/{sid}>"
    q = f"<{R}quote/doc/{sid}>"
    return [
        f"{s} {TYPE} <{P}Statement> .",
        f"{s} <{P}statementSubject> <{R}{subject}> .",
        f"{s} <{P}statementPredicate> <{P}{predicate}> .",
        f"{s} <{P}statementObject> <{R}{obj}> .",
        f"{s} {FROM} {q} .",
        f'{q} {LABEL} "{quote}" .',
    ]


def _entity(slug: str, label: str) -> list[str]:
    return [f"<{R}{slug}> {TYPE} <{P}Condition> .", f'<{R}{slug}> {PREF} "{label}"@en .']


def _release(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "psykg.nt").write_text(
        "".join(sorted(f"{line}\n" for line in lines)), encoding="utf-8"
    )
    return folder


OLD = [
    f"<{P}Therapy> {TYPE} <http://www.w3.org/2002/07/owl#Class> .",
    *_entity("depression", "depression"),
    *_entity("anxiety", "anxiety"),
    f"<{R}depression> {EXACT} <http://id.nlm.nih.gov/mesh/D003866> .",
    *_statement("kept", "pdt", "primarilyTreats", "depression", "used to treat depression"),
    *_statement("gone", "pdt", "alsoUsefulFor", "anxiety", "useful in anxiety"),
    *_statement("moved", "pdt", "lessUsedFor", "anxiety", "less used in anxiety"),
]
NEW = [
    f"<{P}Therapy> {TYPE} <http://www.w3.org/2002/07/owl#Class> .",
    f"<{P}Goal> {TYPE} <http://www.w3.org/2002/07/owl#Class> .",
    *_entity("depression", "depressive disorder"),
    *_entity("anxiety", "anxiety"),
    *_entity("ptsd", "post-traumatic stress disorder"),
    f"<{R}ptsd> {EXACT} <http://id.nlm.nih.gov/mesh/D013313> .",
    *_statement("kept", "pdt", "primarilyTreats", "depression", "used to treat depression"),
    *_statement("moved", "pdt", "lessUsedFor", "ptsd", "less used in PTSD \u2019quoted\u2019"),
    *_statement("new", "cbt", "primarilyTreats", "anxiety", "CBT treats anxiety"),
]


@pytest.fixture
def changes(tmp_path: Path) -> Diff:
    old = Release.read(_release(tmp_path / "old", OLD))
    new = Release.read(_release(tmp_path / "new", NEW))
    return diff(old, new)


def test_statements_by_id_with_their_quotes(changes: Diff) -> None:
    assert changes.added_statements == [
        'new: psykgr:cbt psykg:primarilyTreats psykgr:anxiety — "CBT treats anxiety"'
    ]
    assert changes.removed_statements == [
        'gone: psykgr:pdt psykg:alsoUsefulFor psykgr:anxiety — "useful in anxiety"'
    ]
    assert changes.changed_statements == [
        (
            "moved: psykgr:pdt psykg:lessUsedFor psykgr:ptsd"
            ' — "less used in PTSD \u2019quoted\u2019"',
            [
                'quote: "less used in anxiety" -> "less used in PTSD \u2019quoted\u2019"',
                "psykg:statementObject: psykgr:anxiety -> psykgr:ptsd",
            ],
        )
    ]


def test_entities_mappings_and_terms(changes: Diff) -> None:
    assert changes.added_entities == ["psykgr:ptsd (post-traumatic stress disorder)"]
    assert changes.removed_entities == []
    assert changes.changed_entities == [
        (
            "psykgr:depression (depressive disorder)",
            ["skos:prefLabel: depression -> depressive disorder"],
        )
    ]
    assert changes.added_mappings == ["psykgr:ptsd skos:exactMatch MESH:D013313"]
    assert changes.removed_mappings == ["psykgr:depression skos:exactMatch MESH:D003866"]
    assert changes.added_terms == ["psykg:Goal"]
    assert changes.removed_terms == []


def test_markdown_for_release_notes(changes: Diff) -> None:
    text = render(changes, "md")
    assert "## Statements added (1)" in text and "## Mappings removed (1)" in text
    assert "- new: psykgr:cbt psykg:primarilyTreats" in text
    assert "## Entities removed" not in text  # empty sections are left out


def test_identical_builds_have_no_changes(built: tuple[Result, Path], tmp_path: Path) -> None:
    _, dist = built
    copy = shutil.copytree(dist, tmp_path / "again")
    changes = diff(Release.read(dist), Release.read(copy))
    assert not changes
    assert render(changes) == "No changes.\n"


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _release(tmp_path / "old", OLD), _release(tmp_path / "new", NEW)
    assert main(["diff", str(old), str(new), "--format", "md"]) == 0
    assert "## Statements changed (1)" in capsys.readouterr().out
    assert main(["diff", str(old), str(new), "--exit-code"]) == 1
    assert main(["diff", str(old), str(old), "--exit-code"]) == 0
    assert capsys.readouterr().out.endswith("No changes.\n")
    assert main(["diff", str(old), str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "nowhere/psykg.nt does not exist" in err and "Traceback" not in err
