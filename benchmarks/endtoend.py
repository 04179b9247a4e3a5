"""The real end-to-end build, measured: `psykg build` on a corpus folder as a child process.

Wall time, and peak memory two ways: the largest resident set of any one process of the build
(``ru_maxrss`` of os.wait4, which covers the child and the descendants it waited for, e.g.
HermiT's Java) and the largest sum over the build's process group, sampled every 100 ms. A
build that outlives its budget has its process group killed and is reported as timed out.

    python benchmarks/endtoend.py /tmp/c10 --no-hermit --budget 900
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")


def group_rss(pgid: int) -> int:
    """Sum of the resident sets of the processes in process group `pgid`, in bytes."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            total += int(Path(entry.path, "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return total


def _kill(pgid: int) -> None:
    """SIGTERM the process group, then SIGKILL what is still running after 5 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        for _ in range(50):
            if not group_rss(pgid):
                return
            time.sleep(0.1)


def folder_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under `folder`; (0, 0) when it does not exist."""
    files = size = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += Path(dirpath, name).stat().st_size
    return files, size


def run_build(root: Path, *, hermit: bool, budget: float) -> dict[str, Any]:
    """Run `psykg build` (with `--no-hermit` unless `hermit`) with PSYKG_ROOT=`root`;
    return wall seconds, peak MB, exit code, whether it was stopped, and the release size."""
    args = [sys.executable, "-m", "psykg.cli", "build", *([] if hermit else ["--no-hermit"])]
    env = {**os.environ, "PSYKG_ROOT": str(root)}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=log, start_new_session=True)
        group_peak, timed_out = 0, False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if not timed_out and time.perf_counter() - start > budget:
                timed_out = True
                _kill(proc.pid)
            group_peak = max(group_peak, group_rss(proc.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        tail = log.read()[-600:].decode(errors="replace")
    files, size = folder_size(root / "dist") if proc.returncode == 0 else (0, 0)
    return {
        "seconds": min(seconds, budget) if timed_out else seconds,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "group_peak_mb": group_peak / 2**20,
        "exit": proc.returncode,
        "timed_out": timed_out,
        "dist_files": files,
        "dist_mb": size / 2**20,
        "log_tail": "" if proc.returncode == 0 else tail,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: one measured build; prints its JSON."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("root", type=Path, help="project folder to build (its dist/ is replaced)")
    p.add_argument("--no-hermit", action="store_true", help="build without HermiT")
    p.add_argument("--budget", type=float, default=900, help="seconds before the build is killed")
    args = p.parse_args(argv)
    print(json.dumps(run_build(args.root, hermit=not args.no_hermit, budget=args.budget)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
