"""Shared fixtures: a private copy of the project, and one reasoned build per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from psykg.api import build
from psykg.paths import Inputs
from psykg.release.pipeline import Result

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("ontology", "data", "queries")


def copy_project(target: Path) -> Path:
    """Copy the inputs of a build (not dist/) into `target` and return it."""
    for name in COPIED:
        shutil.copytree(ROOT / name, target / name)
    return target


def assert_nothing_left_beside_dist(root: Path) -> None:
    """After a failed build the project holds its inputs, dist/ and the build lock, no more
    (no staging folder, no dist.old): the lock file stays, as a lock should."""
    assert sorted(p.name for p in root.iterdir()) == sorted([*COPIED, "dist", ".dist.lock"])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A writable copy of the project; PSYKG_ROOT points at it."""
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("PSYKG_ROOT", str(root))
    yield root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """The real dataset, built once (with HermiT) into a temporary dist/."""
    root = copy_project(tmp_path_factory.mktemp("built"))
    out = root / "dist"
    result = build(Inputs(root), out)
    return result, out
