"""psykg new-source: copies the text, writes a record that checks (sha256, regions guessed)
and an empty curation file; never overwrites; refuses ids already taken."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from psykg.cli import main
from psykg.curation.load import load_source
from psykg.curation.newsource import guess_regions

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "fixtures" / "second-source" / "sources"

TEXT = """A Note on Group Therapy

By the psykg team

Group therapy brings several people together with one or two therapists.

Why groups

Members learn from each other. Research shows that group therapy helps with social anxiety.

Recent Posts
See All
"""


@pytest.mark.parametrize("name", ["psychodynamic-therapy", "trauma-overview"])
def test_regions_guessed_as_the_curators_marked_them(name: str) -> None:
    folder = ROOT / "data" / "sources" if name == "psychodynamic-therapy" else SECOND
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    marked = load_source(folder / f"{name}.yaml").regions
    guessed = guess_regions(text)
    assert [(r.lines, r.kind) for r in guessed] == [(r.lines, r.kind) for r in marked]


def test_new_source_writes_a_record_that_checks(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "group.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert main(["new-source", str(text), "--id", "group-therapy-note", "--own"]) == 0
    out = capsys.readouterr().out
    assert "lines 11-12: chrome" in out
    record_path = project / "data" / "sources" / "group-therapy-note.yaml"
    record = load_source(record_path)
    assert record.sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
    assert (project / "data" / "sources" / "group-therapy-note.txt").read_bytes() == TEXT.encode()
    assert [(r.lines, r.kind) for r in record.regions] == [
        ((1, 1), "title"),
        ((3, 3), "byline"),
        ((7, 7), "heading"),
        ((11, 12), "chrome"),
    ]
    assert record.title == "A Note on Group Therapy" and record.republish_text
    curation = project / "data" / "curation" / "group-therapy-note.yaml"
    assert curation.read_text(encoding="utf-8").splitlines()[1:] == ["statements: []"]
    assert main(["fmt", "--check"]) == 0
    assert main(["check"]) == 0, capsys.readouterr().err


def test_new_source_never_overwrites(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "group.txt"
    text.write_text(TEXT, encoding="utf-8")
    curation = project / "data" / "curation" / "group.yaml"
    curation.write_text("statements: []\n", encoding="utf-8")
    before = sorted(p.name for p in (project / "data" / "sources").iterdir())
    assert main(["new-source", str(text), "--id", "group", "--own"]) == 1
    err = capsys.readouterr().err
    assert f"{curation}: already exists; new-source never overwrites" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in (project / "data" / "sources").iterdir()) == before
    assert curation.read_text(encoding="utf-8") == "statements: []\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--id", "depression", "--own"], "id 'depression' is an entity of the registry"),
        (
            ["--id", "psychodynamic-therapy-article", "--own"],
            "id 'psychodynamic-therapy-article' is already a source",
        ),
        (["--id", "Group Note", "--own"], "source id 'Group Note' is not a slug"),
    ],
)
def test_new_source_refuses_taken_or_bad_ids(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    text = tmp_path / "group.txt"
    text.write_text(TEXT, encoding="utf-8")
    before = sorted(p.name for p in (project / "data" / "sources").iterdir())
    assert main(["new-source", str(text), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in (project / "data" / "sources").iterdir()) == before


def test_new_source_needs_the_rights(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    shutil.copyfile(SECOND / "trauma-overview.txt", text)
    with pytest.raises(SystemExit):
        main(["new-source", str(text), "--id", "t"])
