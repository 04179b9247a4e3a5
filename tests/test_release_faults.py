"""Faults around a build: a second build at once, a killed build, a killed HermiT parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from psykg.build import hermitproc
from psykg.release.lock import BuildLocked, build_lock, remove_litter

from .processes import alive, children

ROOT = Path(__file__).resolve().parents[1]


def _child(code: str) -> subprocess.Popen[str]:
    """A Python child running `code` that prints "ready" once it holds what it holds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def test_a_second_build_waits_then_names_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with build_lock(out):
        holder = f"another build \\(process {os.getpid()}\\)"
        with pytest.raises(BuildLocked, match=holder), build_lock(out, wait=0.3):
            pass
        released = threading.Event()
        got = threading.Event()

        def second() -> None:
            with build_lock(out, wait=60):
                assert released.is_set()
                got.set()

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)
        assert not got.is_set()
        released.set()
    thread.join()
    assert got.is_set()


def test_a_killed_builds_litter_is_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "release.txt").write_text("previous\n", encoding="utf-8")
    child = _child(f"""
        import pathlib, tempfile, time
        from psykg.release.lock import build_lock, staging_prefix
        out = pathlib.Path({str(out)!r})
        with build_lock(out):
            tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent)
            print("ready", flush=True)
            time.sleep(600)
    """)
    assert len(list(tmp_path.glob(".dist.staging-*"))) == 1
    child.send_signal(signal.SIGKILL)
    child.wait()
    with build_lock(out, wait=30):
        assert list(tmp_path.glob(".dist.staging-*")) == []
    assert (out / "release.txt").read_text(encoding="utf-8") == "previous\n"


def test_litter_removal_puts_a_swapped_out_release_back(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    (tmp_path / "dist.old").mkdir()
    (tmp_path / "dist.old" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / ".dist-abcd1234").mkdir()
    (tmp_path / ".dist.staging-x").mkdir()
    (tmp_path / ".distant").mkdir()
    removed = remove_litter(out)
    assert [p.name for p in removed] == [".dist-abcd1234", ".dist.staging-x"]
    assert (out / "a.txt").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".distant", "dist"]


def test_only_workspaces_of_dead_processes_are_removed(tmp_path: Path) -> None:
    code = f"""
        import fcntl, os, pathlib, time
        folder = pathlib.Path({str(tmp_path)!r}) / "psykg-hermit-{{}}"
        folder.mkdir()
        fd = os.open(folder / ".owner.lock", os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        print("ready", flush=True)
        time.sleep(600)
    """
    alive, dead = _child(code.format("alive")), _child(code.format("dead"))
    dead.send_signal(signal.SIGKILL)
    dead.wait()
    (tmp_path / "psykg-hermit-fresh").mkdir()
    (tmp_path / "psykg-hermit-ancient").mkdir()
    os.utime(tmp_path / "psykg-hermit-ancient", (0, 0))
    try:
        removed = hermitproc.clean_stale_workspaces(tmp_path)
    finally:
        alive.kill()
        alive.wait()
    assert [p.name for p in removed] == ["psykg-hermit-ancient", "psykg-hermit-dead"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "psykg-hermit-alive",
        "psykg-hermit-fresh",
    ]


def test_hermits_java_dies_with_its_parent(tmp_path: Path) -> None:
    """A stand-in `java` that sleeps is started the way HermiT is; kill -9 of its parent
    takes it down too (setpriv --pdeathsig)."""
    if not Path("/proc").is_dir() or not hermitproc.death_signal_prefix():
        if os.environ.get("CI") == "true":
            pytest.fail("Linux's /proc and setpriv (util-linux) are needed in CI")
        pytest.skip("needs Linux's /proc and setpriv")
    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexec sleep 600\n", encoding="utf-8")
    fake.chmod(0o755)
    os.environ["PATH"] = f"{fake.parent}{os.pathsep}{os.environ['PATH']}"
    try:
        child = _child(f"""
            import pathlib, owlready2
            owlready2.JAVA_EXE = {str(fake)!r}
            from psykg.build.ontology import Ontology
            from psykg.build.reason import hermit
            ontology = Ontology.load(pathlib.Path({str(ROOT / "ontology/psykg.ttl")!r}))
            print("ready", flush=True)
            hermit(ontology.graph, ontology.graph)
        """)
    finally:
        os.environ["PATH"] = os.environ["PATH"].split(os.pathsep, 1)[1]
    java: list[int] = []
    deadline = time.monotonic() + 120
    while not java and time.monotonic() < deadline:
        java = [pid for pid in children(child.pid) if alive(pid)]
        time.sleep(0.05)
    assert java, "the stand-in java process did not start"
    workspaces = list(Path(tempfile.gettempdir()).glob("psykg-hermit-*"))
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in java) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in java), "java outlived its parent"
    removed = hermitproc.clean_stale_workspaces()
    assert any(folder in removed for folder in workspaces)
