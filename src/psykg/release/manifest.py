"""MANIFEST.sha256 of a release folder, and its verification before a release is served."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from psykg.errors import PsykgError

MANIFEST = "MANIFEST.sha256"
REQUIRED = ("psykg.nt",)
"""Files a release must list, with content: the server loads psykg.nt."""
_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


class ReleaseDamaged(PsykgError):
    """A release folder does not match its MANIFEST.sha256, or lacks a file it needs."""


def _damaged(folder: Path, what: str) -> ReleaseDamaged:
    return ReleaseDamaged(
        f"damaged release: {what}",
        file=folder,
        hint="run `psykg build` again, or restore the release folder",
    )


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: Path, required: tuple[str, ...] = REQUIRED) -> int:
    """Check every file listed in `folder`/MANIFEST.sha256 against its checksum, and that the
    `required` files are listed and not empty; raise ReleaseDamaged with a one-line reason
    otherwise. Returns the number of files checked."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise _damaged(folder, f"{MANIFEST} is missing")
    try:
        text = manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(folder, f"{MANIFEST} cannot be read ({exc})") from None
    listed: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise _damaged(folder, f"{MANIFEST} line {number} is not 'SHA256  path'")
        listed[match.group(2)] = match.group(1)
    if not listed:
        raise _damaged(folder, f"{MANIFEST} lists no files")
    for name in required:
        if name not in listed:
            raise _damaged(folder, f"{name} is not listed in {MANIFEST}")
    root = folder.resolve()
    for name, expected in sorted(listed.items()):
        path = folder / name
        if not path.resolve().is_relative_to(root):
            raise _damaged(folder, f"{MANIFEST} names {name!r}, outside the release")
        if not path.is_file():
            raise _damaged(folder, f"{name} is missing")
        if name in required and path.stat().st_size == 0:
            raise _damaged(folder, f"{name} is empty")
        if sha256_of(path) != expected:
            raise _damaged(folder, f"{name} does not match its checksum in {MANIFEST}")
    return len(listed)
