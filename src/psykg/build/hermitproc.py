"""HermiT's child process and files: nothing of them outlives the process that started them.

owlready2 runs HermiT as `java …` through `subprocess` and hands it a temporary file made by
`tempfile.NamedTemporaryFile` in the system's temporary folder; it has no option for either.
`install()` gives owlready2's reasoning module its own view of those two modules:

- the java command is started under `setpriv --pdeathsig KILL` (util-linux, on every Debian),
  so the kernel kills Java when its parent dies, even by `kill -9`;
- the temporary file goes into the current HermiT workspace, a `psykg-hermit-*` folder that
  holds an fcntl lock while its build lives. `clean_stale_workspaces` removes the folders whose
  lock can be taken: their process is gone;
- the workspace's `started` event, if it has one, is set as the java command starts, so the
  build can leave owlready2's Python work before it alone (see release.pipeline.start)."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

WORKSPACE_PREFIX = "psykg-hermit-"
LOCK_NAME = ".owner.lock"
UNLOCKED_GRACE_SECONDS = 600.0
"""A workspace without a lock file is removed only when older than this: it was made by an
older psykg, or by a process killed between creating the folder and locking it."""

_current = threading.local()


def death_signal_prefix() -> list[str]:
    """The command prefix that makes a child die with its parent ([] where unavailable)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []


class _Subprocess:
    """`subprocess` for owlready2: every command runs under death_signal_prefix()."""

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def check_output(command: list[str], *args: Any, **kwargs: Any) -> Any:
        _announce_start()
        return subprocess.check_output([*death_signal_prefix(), *command], *args, **kwargs)

    @staticmethod
    def run(command: list[str], *args: Any, **kwargs: Any) -> Any:
        _announce_start()
        return subprocess.run([*death_signal_prefix(), *command], *args, **kwargs)


def _announce_start() -> None:
    started = getattr(_current, "started", None)
    if started is not None:
        started.set()


class _Tempfile:
    """`tempfile` for owlready2: its HermiT input file goes into the thread's workspace."""

    def __getattr__(self, name: str) -> Any:
        return getattr(tempfile, name)

    @staticmethod
    def NamedTemporaryFile(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 (tempfile's name)
        folder = getattr(_current, "workspace", None)
        if folder is not None:
            kwargs.setdefault("dir", folder)
        return tempfile.NamedTemporaryFile(*args, **kwargs)


def install() -> None:
    """Give owlready2's reasoning module the views above (idempotent)."""
    from owlready2 import reasoning

    if not isinstance(reasoning.subprocess, _Subprocess):
        reasoning.subprocess = _Subprocess()
    if not isinstance(reasoning.tempfile, _Tempfile):
        reasoning.tempfile = _Tempfile()


@contextmanager
def workspace(started: threading.Event | None = None) -> Iterator[Path]:
    """A fresh, locked `psykg-hermit-*` folder for this thread's HermiT run; stale ones of
    dead processes are removed first, and this one when the block ends. `started` is set
    as Java starts in the block."""
    clean_stale_workspaces()
    path = Path(tempfile.mkdtemp(prefix=WORKSPACE_PREFIX))
    fd = os.open(path / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _current.workspace, _current.started = path, started
        yield path
    finally:
        _current.workspace = _current.started = None
        shutil.rmtree(path, ignore_errors=True)
        os.close(fd)


def clean_stale_workspaces(folder: Path | None = None) -> list[Path]:
    """Remove this user's `psykg-hermit-*` folders in `folder` (the temporary folder) whose
    owner process is gone; returns them."""
    base = folder or Path(tempfile.gettempdir())
    removed: list[Path] = []
    for entry in base.glob(f"{WORKSPACE_PREFIX}*"):
        try:
            info = entry.lstat()
        except OSError:
            continue
        if not entry.is_dir() or entry.is_symlink() or info.st_uid != os.getuid():
            continue
        if _owner_gone(entry, info.st_mtime):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return sorted(removed)


def _owner_gone(entry: Path, mtime: float) -> bool:
    try:
        fd = os.open(entry / LOCK_NAME, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
    except FileNotFoundError:
        return time.time() - mtime > UNLOCKED_GRACE_SECONDS
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # also releases the lock if it was taken
    return True
