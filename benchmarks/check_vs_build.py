"""`psykg check` against the full `psykg build` on a synthetic corpus of N sources: the
curator's check (load the registry, every source record and curation file, anchor every quote,
compile) should answer in a small part of the build's time (which adds reasoning, validation
and writing the release). Both run as child processes, as a curator runs them.

    python benchmarks/check_vs_build.py --docs 100 --out /tmp/psykg-corpus-100
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate


def timed(args: list[str], root: Path) -> float:
    """Seconds one psykg command takes with PSYKG_ROOT=`root` (it must succeed)."""
    env = {**os.environ, "PSYKG_ROOT": str(root)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "psykg.cli", *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command line: generate the corpus, time check (median) and build (once); print JSON."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=100, help="number of sources")
    p.add_argument("--out", type=Path, required=True, help="corpus folder (replaced)")
    p.add_argument("--repeats", type=int, default=3, help="runs of psykg check (median)")
    args = p.parse_args(argv)
    root = generate(args.out, args.docs)
    check = statistics.median(timed(["check"], root) for _ in range(args.repeats))
    build = timed(["build", "--no-hermit"], root)
    print(
        json.dumps(
            {
                "sources": args.docs,
                "check_seconds": round(check, 2),
                "build_seconds": round(build, 2),
                "ratio": round(check / build, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
