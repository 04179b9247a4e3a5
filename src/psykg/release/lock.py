"""One build at a time per output folder, and the litter of killed builds cleared away.

`build_lock(out)` holds an exclusive fcntl lock on `.<out>.lock` next to `out` for the whole
build. The kernel drops the lock when its process dies, however it dies, so a lock that can be
taken means no live build is writing `out`: the staging folders (`.<out>.staging-*`) and the
`<out>.old` folder found then are left by a killed build and are removed."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psykg.errors import PsykgError

LOCK_WAIT_SECONDS = 900.0
"""How long a build waits for another build of the same folder before it gives up."""
_POLL_SECONDS = 0.1


class BuildLocked(PsykgError):
    """Another build is writing the same output folder."""


def lock_path(out: Path) -> Path:
    """The lock file of output folder `out`."""
    return out.parent / f".{out.name}.lock"


def staging_prefix(out: Path) -> str:
    """The name prefix of `out`'s staging folders (tempfile.mkdtemp(prefix=…))."""
    return f".{out.name}.staging-"


@contextmanager
def build_lock(out: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold `out`'s build lock: wait up to `wait` seconds for another build to finish, then
    raise BuildLocked naming its process. Once held, litter of dead builds is removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(out)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    raise BuildLocked(
                        f"another build (process {holder or 'unknown'}) is writing {out}",
                        file=path,
                        hint="wait for it to finish, or stop that process",
                    ) from None
                time.sleep(_POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        remove_litter(out)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def remove_litter(out: Path) -> list[Path]:
    """Remove what killed builds of `out` left next to it (call with the lock held): staging
    folders and `<out>.old` (put back as `out` if `out` is missing). Returns what was
    removed."""
    old = out.with_name(f"{out.name}.old")
    if old.is_dir() and not out.exists():
        old.rename(out)  # killed between swap_into_place's two renames: put the release back
    legacy = re.compile(re.escape(f".{out.name}-") + r"[a-z0-9_]{8}")  # before the lock
    prefix = staging_prefix(out)
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    for entry in out.parent.iterdir():
        name = entry.name
        if (
            (name.startswith(prefix) or legacy.fullmatch(name) or name == f"{out.name}.old")
            and entry.is_dir()
            and not entry.is_symlink()
        ):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return sorted(removed)
