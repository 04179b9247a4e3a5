"""Property: whatever a mutation does to the curation inputs, `check` and `build` end in
success or one psykg error naming a file (no traceback, no hang), agree with each other, and a
failed build leaves dist/ as it was. A failure prints its mutation kind and seed: replay it
with tests.mutations.mutate(root, kind, seed)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from psykg.cli import main
from tests.conftest import copy_project
from tests.mutations import MUTATIONS, mutate

RUN_LIMIT_SECONDS = 120
"""A run longer than this is a hang (the benchmark holds runs to 10 s; CI machines vary)."""
ERROR_LINE = re.compile(r"^psykg (check|build): error: (/[^\n:]+):(\d+:)? ", re.MULTILINE)


class Hang(Exception):
    """A run went past RUN_LIMIT_SECONDS."""


@contextlib.contextmanager
def _bounded(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with (
        contextlib.redirect_stderr(err),
        contextlib.redirect_stdout(io.StringIO()),
        _bounded(RUN_LIMIT_SECONDS),
    ):
        code = main(list(argv))
    return code, err.getvalue()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@settings(
    max_examples=40, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(kind=st.sampled_from(sorted(MUTATIONS)), seed=st.integers(0, 2**32 - 1))
def test_a_mutation_ends_in_success_or_one_psykg_error(kind: str, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="psykg-mutation-") as tmp:
        root = copy_project(Path(tmp))
        dist = root / "dist"
        dist.mkdir()
        (dist / "psykg.nt").write_text("<urn:previous> <urn:release> <urn:x> .\n", encoding="utf-8")
        before = _snapshot(dist)
        what = mutate(root, kind, seed)
        note(f"mutation {kind} seed {seed}: {what}")
        print(f"mutation {kind} seed {seed}: {what}")  # shown by pytest when the test fails
        old_root = os.environ.get("PSYKG_ROOT")
        os.environ["PSYKG_ROOT"] = str(root)
        try:
            checked, check_err = _run("check", "--no-hermit")
            built, build_err = _run("build", "--no-hermit")
        finally:
            if old_root is None:
                del os.environ["PSYKG_ROOT"]
            else:
                os.environ["PSYKG_ROOT"] = old_root
        for code, err in ((checked, check_err), (built, build_err)):
            assert code in (0, 1), err
            assert "Traceback" not in err, err
            if code == 1:
                assert ERROR_LINE.search(err), f"the error names no file: {err}"
        assert checked == built, f"check said {checked}, build {built}:\n{check_err}{build_err}"
        if built:
            assert _snapshot(dist) == before
        assert not [p.name for p in root.iterdir() if ".staging-" in p.name]
