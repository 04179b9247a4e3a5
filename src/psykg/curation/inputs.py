"""Read outside input files safely: regular files only, bounded in size, strict UTF-8.

Curation YAML, source texts and mapping tables come from curators, colleagues and downloads.
Every reader of such a file goes through `read_text`, so a FIFO cannot hang a build, /dev/zero
cannot eat memory, a path cannot leave the data folder, and a stray byte is reported with the
file, line and column where it sits instead of a UnicodeDecodeError."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from psykg.errors import CurationError, PsykgError

MAX_YAML_BYTES = 16 * 1024 * 1024
"""Largest curation YAML file read (16 MiB; the seed file is 20 KB)."""
MAX_SOURCE_BYTES = 16 * 1024 * 1024
"""Largest source text read (16 MiB; an article is tens of KB)."""
MAX_TABLE_BYTES = 64 * 1024 * 1024
"""Largest mapping table (SSSOM TSV, verified-ID table) read."""


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MiB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def confined(path: Path, folder: Path, *, error: type[PsykgError] = CurationError) -> Path:
    """`path` resolved (symlinks followed); an error if it lies outside `folder` (resolved)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise error(
            f"{path} is outside the data folder {folder}",
            hint="source texts must be files under the data folder (no '..', no absolute "
            "paths, no symbolic links pointing out of it)",
        )
    return resolved


def read_bytes(
    path: Path, *, limit: int, what: str = "file", error: type[PsykgError] = CurationError
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; an `error` naming the file
    otherwise (missing, unreadable, a FIFO or device, too large). Never blocks on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror}", file=path) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(
                f"the {what} is not a regular file",
                file=path,
                hint="give a plain file, not a folder, pipe or device",
            )
        if info.st_size > limit:
            raise error(
                f"the {what} is {info.st_size:,} bytes, above the limit of {_size(limit)}",
                file=path,
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read it
            raise error(f"the {what} is above the limit of {_size(limit)}", file=path)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror}", file=path) from exc
    finally:
        os.close(fd)


def position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of byte `offset` of UTF-8 `data`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def decode(
    data: bytes, path: Path, *, what: str = "file", error: type[PsykgError] = CurationError
) -> str:
    """`data` decoded as strict UTF-8; an `error` at the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        raise error(
            f"the {what} is not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, "
            f"column {column} ({exc.reason})",
            file=path,
            line=line,
            hint="save the file as UTF-8 (not UTF-16 or Latin-1), or remove the stray byte",
        ) from None


def read_text(
    path: Path, *, limit: int, what: str = "file", error: type[PsykgError] = CurationError
) -> str:
    """A regular file of at most `limit` bytes, decoded as strict UTF-8 (see `read_bytes`)."""
    return decode(
        read_bytes(path, limit=limit, what=what, error=error), path, what=what, error=error
    )
