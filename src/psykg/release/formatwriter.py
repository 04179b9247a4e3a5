"""Write release data files from the release's psykg.nt, in a child process of the build.

    python -m psykg.formatwriter FOLDER FORMAT...

Each FORMAT (a psykg.rdf.serialize.WRITERS name) is written in the order given, and its name and
path are printed on a line of their own once the file is complete; `started` runs this as a
child process and turns those lines into futures.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from psykg.errors import PsykgError
from psykg.heap import trim
from psykg.rdf.serialize import WRITERS, write_from_ntriples


def write_format(nt: str | Path, fmt: str, folder: Path) -> Path:
    """folder/psykg.<ext> in the named format from the release's sorted N-Triples (the text,
    or its file); return its path."""
    path = folder / f"psykg.{WRITERS[fmt][0]}"
    write_from_ntriples(nt, fmt, path)
    trim()
    return path


def write_format_file(folder: Path, fmt: str) -> Path:
    """psykg.<ext> in the named format from the psykg.nt in `folder`; return its path."""
    nt = folder / f"psykg.{WRITERS['ntriples'][0]}"
    if not nt.is_file():
        raise PsykgError(f"{nt} does not exist", hint="the release writes psykg.nt first")
    return write_format(nt, fmt, folder)


@contextmanager
def started(folder: Path, formats: list[str]) -> Iterator[dict[str, Future[Path]]]:
    """Write `formats` from folder/psykg.nt in a child process; give a future per format,
    done when its file is complete (or failed, with the child's error, if the child fails).
    The child is stopped if the body raises, and waited for when it ends."""
    futures: dict[str, Future[Path]] = {fmt: Future() for fmt in formats}
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "psykg.release.formatwriter", str(folder), *formats],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            encoding="utf-8",
            env=_child_env(),
        )
        follower = threading.Thread(
            target=_follow, args=(child, errors, futures), name="psykg-formatwriter", daemon=True
        )
        follower.start()
        try:
            yield futures
        except BaseException:
            child.kill()
            raise
        finally:
            follower.join()


def _child_env() -> dict[str, str]:
    """The environment of the child: this one, with the folder this psykg was imported from
    first on PYTHONPATH unless it is an installation folder (site-packages), so that the
    child runs the same psykg even when it was put on sys.path at run time."""
    package_root = str(Path(__file__).resolve().parents[1])
    installed = {
        str(Path(p).resolve()) for p in [*site.getsitepackages(), site.getusersitepackages()]
    }
    if package_root in installed:
        return dict(os.environ)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    }


def _follow(
    child: subprocess.Popen[str], errors: IO[str], futures: dict[str, Future[Path]]
) -> None:
    """Resolve each format's future as the child reports its file (other output is ignored);
    fail the rest with the child's error output when it ends without them, so that no future
    is left waiting."""
    code: int | None = None
    message = ""
    try:
        assert child.stdout is not None
        with child.stdout as lines:
            for line in lines:
                fmt, _, path = line.rstrip("\n").partition(" ")
                future = futures.get(fmt)
                if future is not None and not future.done():
                    future.set_result(Path(path))
        code = child.wait()
        errors.seek(0)
        message = errors.read()[-2000:].strip()
    except Exception as exc:  # reading the child failed: say so on every pending future
        message = f"{type(exc).__name__}: {exc}"
    finally:
        for fmt, future in futures.items():
            if not future.done():
                future.set_exception(
                    PsykgError(
                        f"writing the {fmt} file failed in a child process (exit {code})"
                        + (f":\n{message}" if message else ""),
                        hint="run the build again; if it fails again, report this message",
                    )
                )


def main(argv: list[str]) -> int:
    """Write each format named in argv[1:] into the folder argv[0]."""
    folder = Path(argv[0])
    for fmt in argv[1:]:
        try:
            path = write_format_file(folder, fmt)
        except PsykgError as error:
            print(error, file=sys.stderr)
            return 1
        print(fmt, path, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
