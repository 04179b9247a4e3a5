"""Lint of the data folder: canonical form, verified mappings, full coverage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psykg.curation.fmt import canonical_text, load_any
from psykg.curation.mappings import check_verified, read_sssom
from psykg.errors import CurationError

ROOT = Path(__file__).resolve().parents[1]
CURATION_FILES = sorted((ROOT / "data" / "curation").glob("*.yaml"))
DATA_FILES = sorted(
    p
    for folder in ("curation", "sources", "entities")
    for p in (ROOT / "data" / folder).glob("*.yaml")
)
SSSOM = ROOT / "data" / "mappings" / "psykg.sssom.tsv"
VERIFIED = ROOT / "data" / "mappings" / "verified-external-ids.tsv"
SHARED_VERIFIED = ROOT.parent / "shared" / "vocab" / "external-ids.tsv"


@pytest.mark.parametrize("path", DATA_FILES, ids=[f"{p.parent.name}/{p.name}" for p in DATA_FILES])
def test_data_file_is_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text == canonical_text(load_any(path)), f"run: psykg fmt  (fixes {path.name})"


def test_mappings_use_only_verified_identifiers() -> None:
    rows = read_sssom(SSSOM)
    assert rows
    check_verified(rows, VERIFIED, SSSOM)


def test_unverified_identifier_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sssom.tsv"
    text = SSSOM.read_text(encoding="utf-8").replace("MESH:D064889", "MESH:D000072861")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CurationError, match="MESH:D000072861 is not a verified identifier"):
        check_verified(read_sssom(bad), VERIFIED, bad)


def _shared(path: Path) -> Path:
    """A file of the project's shared folder: required in CI, optional on a user's machine."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing; CI lays shared/ beside the checkout")
        pytest.skip(f"{path} is not beside this checkout")
    return path


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (VERIFIED, SHARED_VERIFIED),
        (
            ROOT / "data" / "sources" / "psychodynamic-therapy.txt",
            ROOT.parent / "shared" / "seed" / "psychodynamic-therapy.txt",
        ),
    ],
    ids=["verified-ids", "seed-text"],
)
def test_copy_matches_the_shared_original(ours: Path, theirs: Path) -> None:
    assert ours.read_bytes() == _shared(theirs).read_bytes()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("psykgr:adolescents\t", "adolescents\t", "is not a psykg resource"),
        ("\tMESH:D000293\t", "\tFOO:D000293\t", "unknown prefix"),
        ("\tskos:exactMatch\tMESH:D000293", "\tskos:sameAs\tMESH:D000293", "predicate"),
    ],
)
def test_malformed_mapping_row_names_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    bad = tmp_path / "bad.sssom.tsv"
    text = SSSOM.read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, row in enumerate(bad.read_text().splitlines(), 1) if new in row)
    with pytest.raises(CurationError, match=message) as info:
        read_sssom(bad)
    assert info.value.line == line and info.value.file == bad
