"""A release is verified against its MANIFEST.sha256 before it is served."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from psykg.release.manifest import MANIFEST, ReleaseDamaged, verify
from psykg.release.write import write_manifest

NT = '<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> "d" .\n'


@pytest.fixture
def release(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "csv").mkdir(parents=True)
    (folder / "psykg.nt").write_text(NT, encoding="utf-8")
    (folder / "csv" / "t.csv").write_text("a,b\n", encoding="utf-8")
    write_manifest(folder)
    return folder


def test_a_whole_release_verifies(release: Path) -> None:
    assert verify(release) == 2


def _truncate(folder: Path) -> None:
    (folder / "psykg.nt").write_bytes(NT.encode()[:10])


def _random_bytes(folder: Path) -> None:
    (folder / "psykg.nt").write_bytes(bytes(range(256)))


def _invalid_utf8(folder: Path) -> None:
    (folder / "psykg.nt").write_bytes(NT.encode().replace(b'"d"', b'"\xff"'))


def _empty(folder: Path) -> None:
    (folder / "psykg.nt").write_bytes(b"")
    write_manifest(folder)  # even a matching manifest does not make an empty release good


def _outside(folder: Path) -> None:
    (folder.parent / "secret").write_text("x", encoding="utf-8")
    with (folder / MANIFEST).open("a", encoding="utf-8") as handle:
        handle.write(f"{'0' * 64}  ../secret\n")


DAMAGE: dict[str, tuple[Callable[[Path], object], str]] = {
    "truncated": (_truncate, "psykg.nt does not match its checksum"),
    "random bytes": (_random_bytes, "psykg.nt does not match its checksum"),
    "invalid UTF-8": (_invalid_utf8, "psykg.nt does not match its checksum"),
    "empty": (_empty, "psykg.nt is empty"),
    "file removed": (lambda f: (f / "csv" / "t.csv").unlink(), "csv/t.csv is missing"),
    "no manifest": (lambda f: (f / MANIFEST).unlink(), "MANIFEST.sha256 is missing"),
    "empty manifest": (lambda f: (f / MANIFEST).write_text(""), "lists no files"),
    "garbled manifest": (lambda f: (f / MANIFEST).write_bytes(b"\x00\x01 x\n"), "line 1 is not"),
    "nt not listed": (
        lambda f: (f / MANIFEST).write_text((f / MANIFEST).read_text().split("\n", 1)[0] + "\n"),
        "psykg.nt is not listed",
    ),
    "path outside": (_outside, "outside the release"),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_damage_is_one_line_error(release: Path, name: str) -> None:
    damage, message = DAMAGE[name]
    damage(release)
    with pytest.raises(ReleaseDamaged) as caught:
        verify(release)
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert caught.value.file == release
