"""Hostile curation input: bad bytes, bombs, runaways and paths out of the data folder end in
one psykg error naming the file and line, never a traceback, a hang or a read outside data/."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from psykg.cli import main
from psykg.curation.inputs import MAX_YAML_BYTES
from psykg.release.void import Counts

CURATION = Path("data/curation/psychodynamic-therapy.yaml")
RECORD = Path("data/sources/psychodynamic-therapy.yaml")
"""The source record: its text's file name (`text:`, beside it) and regions (`lines:`)."""
SOURCE = Path("data/sources/psychodynamic-therapy.txt")
THERAPIES = Path("data/entities/therapies.yaml")
SSSOM = Path("data/mappings/psykg.sssom.tsv")


def _replace(relative: Path, old: bytes, new: bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / relative
        data = path.read_bytes()
        assert old in data, f"{old!r} is no longer in {relative}"
        path.write_bytes(data.replace(old, new, 1))

    return mutate


def _line_of(relative: Path, needle: bytes) -> Callable[[Path], int]:
    def line(root: Path) -> int:
        data = (root / relative).read_bytes()
        return data[: data.index(needle)].count(b"\n") + 1

    return line


def _fifo(root: Path) -> None:
    os.mkfifo(root / "data/sources/pipe.txt")
    _replace(RECORD, b"text: psychodynamic-therapy.txt", b"text: pipe.txt")(root)


def _symlink_out(root: Path) -> None:
    (root / "data/sources/link.txt").symlink_to("/etc/hostname")
    _replace(RECORD, b"text: psychodynamic-therapy.txt", b"text: link.txt")(root)


def _symlink_up(root: Path) -> None:
    (root / "data/sources/link.txt").symlink_to("../../../../../../../../etc/passwd")
    _replace(RECORD, b"text: psychodynamic-therapy.txt", b"text: link.txt")(root)


def _huge_yaml(root: Path) -> None:
    with (root / CURATION).open("ab") as handle:
        handle.write(b"# " + b"x" * MAX_YAML_BYTES + b"\n")


TEXT_LINE = _line_of(RECORD, b"text: psychodynamic-therapy.txt")
LABEL_LINE = _line_of(THERAPIES, b"label: psychoanalytic therapy")
REGION_LINE = _line_of(RECORD, b"lines: [33, 38]")

# (name, mutation, file with the error, its line (None: not checked), part of the message)
CASES: list[tuple[str, Callable[[Path], object], Path, Callable[[Path], int] | None, str]] = [
    (
        "flipped byte in YAML",
        _replace(THERAPIES, b"label: psychoanalytic therapy", b"label: psycho\xffanalytic therapy"),
        THERAPIES,
        LABEL_LINE,
        "not valid UTF-8: byte 0xff at line",
    ),
    (
        "UTF-16 YAML",
        lambda root: (root / CURATION).write_bytes(
            (root / CURATION).read_text(encoding="utf-8").encode("utf-16")
        ),
        CURATION,
        lambda root: 1,
        "byte 0xff at line 1, column 1",
    ),
    (
        "NUL in YAML",
        _replace(THERAPIES, b"label: psychoanalytic therapy", b"label: psycho\x00analytic therapy"),
        THERAPIES,
        LABEL_LINE,
        "does not allow the character U+0000",
    ),
    (
        "bad byte in source text",
        _replace(SOURCE, b"psychoanalytic", b"psycho\xc3analytic"),
        SOURCE,
        _line_of(SOURCE, b"psychoanalytic"),
        "not valid UTF-8: byte 0xc3",
    ),
    (
        "bad byte in mappings",
        _replace(SSSOM, b"skos:", b"sk\xfeos:"),
        SSSOM,
        None,
        "not valid UTF-8: byte 0xfe",
    ),
    (
        "form feed in label",
        _replace(
            THERAPIES, b"label: psychoanalytic therapy", b'label: "psychoanalytic\\f therapy"'
        ),
        THERAPIES,
        LABEL_LINE,
        "U+000C",
    ),
    (
        "U+001C in label",
        _replace(
            THERAPIES, b"label: psychoanalytic therapy", b'label: "psychoanalytic\\x1c therapy"'
        ),
        THERAPIES,
        LABEL_LINE,
        "U+001C",
    ),
    (
        "U+2028 in label",
        _replace(
            THERAPIES, b"label: psychoanalytic therapy", b'label: "psychoanalytic\\L therapy"'
        ),
        THERAPIES,
        LABEL_LINE,
        "U+2028 (LINE SEPARATOR)",
    ),
    (
        "U+0085 in label",
        _replace(
            THERAPIES, b"label: psychoanalytic therapy", b'label: "psychoanalytic\\N therapy"'
        ),
        THERAPIES,
        LABEL_LINE,
        "U+0085",
    ),
    (
        "form feed in source text",
        _replace(SOURCE, b"psychoanalytic", b"psycho\x0canalytic"),
        SOURCE,
        _line_of(SOURCE, b"psychoanalytic"),
        "U+000C",
    ),
    (
        "label too long",
        _replace(THERAPIES, b"label: psychoanalytic therapy", b"label: " + b"x" * 50_000),
        THERAPIES,
        LABEL_LINE,
        "above the limit of 500",
    ),
    ("YAML too large", _huge_yaml, CURATION, None, "above the limit of 16 MiB"),
    (
        "alias bomb",
        _replace(
            THERAPIES,
            b"entities:\n",
            b"a: &a [x, x, x, x, x, x, x, x, x]\n"
            b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nentities:\n",
        ),
        THERAPIES,
        lambda root: _line_of(THERAPIES, b"entities:\n")(root) + 1,
        "aliases (*name) are not allowed",
    ),
    (
        "duplicate key",
        _replace(
            THERAPIES,
            b"  label: psychoanalytic therapy\n",
            b"  label: psychoanalytic therapy\n  label: other\n",
        ),
        THERAPIES,
        lambda root: LABEL_LINE(root) + 1,
        "duplicate key 'label'",
    ),
    (
        "path out of the data folder",
        _replace(
            RECORD, b"text: psychodynamic-therapy.txt", b"text: ../../../../../../../../etc/passwd"
        ),
        RECORD,
        TEXT_LINE,
        "text: String should match pattern",
    ),
    (
        "absolute path",
        _replace(RECORD, b"text: psychodynamic-therapy.txt", b"text: /dev/zero"),
        RECORD,
        TEXT_LINE,
        "text: String should match pattern",
    ),
    ("symbolic link out", _symlink_out, RECORD, TEXT_LINE, "is outside the data folder"),
    ("symbolic link up", _symlink_up, RECORD, TEXT_LINE, "is outside the data folder"),
    ("FIFO", _fifo, RECORD, TEXT_LINE, "pipe.txt: the source text is not a regular file"),
    (
        "region reversed",
        _replace(RECORD, b"lines: [33, 38]", b"lines: [38, 33]"),
        RECORD,
        REGION_LINE,
        "ends (line 33) before it starts",
    ),
    (
        "region negative",
        _replace(RECORD, b"lines: [33, 38]", b"lines: [-5, 0]"),
        RECORD,
        REGION_LINE,
        "lines are numbered from 1",
    ),
    (
        "region past the end",
        _replace(RECORD, b"lines: [33, 38]", b"lines: [33, 39]"),
        RECORD,
        REGION_LINE,
        "the source text has 38 lines",
    ),
    (
        "region runaway",
        _replace(RECORD, b"lines: [33, 38]", b"lines: [1, 99999999999999999999]"),
        RECORD,
        REGION_LINE,
        "the source text has 38 lines",
    ),
    (
        "impossible date",
        _replace(CURATION, b"value: '2023-01-20'", b"value: '2023-02-30'"),
        CURATION,
        None,
        "'2023-02-30' is not a valid xsd:date",
    ),
    (
        "impossible date in the record",
        _replace(RECORD, b"updated: 2023-01-20", b"updated: 2023-02-30"),
        RECORD,
        _line_of(RECORD, b"updated: "),
        "'2023-02-30' is not a date",
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "file", "line", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_hostile_input_is_one_clear_error(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    mutate: Callable[[Path], object],
    file: Path,
    line: Callable[[Path], int] | None,
    message: str,
) -> None:
    expected_line = line(project) if line else None  # read before the mutation
    mutate(project)
    code = main(["check"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err, err
    assert message in err, err
    where = f"{project / file}:{expected_line}:" if line else f"{project / file}:"
    assert where in err, err
    assert "root:" not in err and "daemon:" not in err  # nothing of /etc/passwd is shown


def test_a_valid_source_text_through_a_symlink_inside_data_is_read(project: Path) -> None:
    (project / "data/sources/link.txt").symlink_to("psychodynamic-therapy.txt")
    _replace(RECORD, b"text: psychodynamic-therapy.txt", b"text: link.txt")(project)
    assert main(["check"]) == 0


def test_void_counts_do_not_split_literals_at_unicode_line_breaks() -> None:
    nt = (
        '<urn:a> <urn:p> "x\u2028y\x0cz\x1c\u0085w" .\n'
        "<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\n"
    )
    counts = Counts.of_ntriples(nt)
    assert counts.triples == 2
    assert counts.distinct_subjects == 1


def test_check_finds_what_only_the_shapes_and_checks_see(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entities = _line_of(THERAPIES, b"entities:\n")(project)
    _replace(
        THERAPIES,
        b"entities:\n",
        b"entities:\n- id: lonely-therapy\n  type: Therapy\n  label: lonely therapy\n",
    )(project)
    code = main(["check", "--no-hermit"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{project / THERAPIES}:{entities + 1}: lonely-therapy: no statement mentions" in err
    assert "[orphan-entity-violation]" in err and "Traceback" not in err
