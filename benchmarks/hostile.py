"""Hostile input and faults, measured: the acceptance figures of issue 13.

    python benchmarks/hostile.py [--mutations 200] [--kills 20] [--pairs 30] [--triples 1000000]

1. mutations of the curation data (tests/mutations.py, kinds in turn, seed = run number), each
   run through `psykg check` and `psykg build` as child processes: tracebacks, runs over 10 s
   or 1 GB, errors with file and line, check and build agreeing, dist/ unchanged on failure;
2. the hostile RDF set through `psykg validate FILE` (remote, file and never-answering JSON-LD
   contexts, @import, external XML entities, an entity bomb, a million triples, a 100 MB
   literal): time, memory, requests to a listener, files opened (strace, when installed);
3. `kill -9` of builds at random moments, then one build: staging and temp folders left, stray
   Java processes;
4. pairs of concurrent builds: crashes.

Every child runs with TMPDIR set to a private folder, so HermiT workspaces of other processes
on the machine do not count. Prints one line per failure (with its kind and seed) and the
figures; --json writes them to a file."""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import copy_project  # noqa: E402
from tests.mutations import MUTATIONS, mutate  # noqa: E402
from tests.processes import alive, descendants  # noqa: E402

SECONDS_LIMIT = 10.0
BYTES_LIMIT = 1 << 30
KILL_TIMEOUT = 120.0
ERROR_AT = re.compile(r"^psykg \w+: error: (/[^\n:]+?)(:(\d+))?: ", re.MULTILINE)


@dataclass
class Run:
    """One child process: exit code, wall seconds, peak resident bytes, stderr."""

    code: int
    seconds: float
    peak_bytes: int
    err: str
    timed_out: bool = False


def psykg(
    *argv: str, env: dict[str, str], timeout: float = KILL_TIMEOUT, strace: Path | None = None
) -> Run:
    """Run `psykg ARGV` as a child; measure it with wait4 (peak RSS of the child and its
    children that it waited for, i.e. Java)."""
    command = [sys.executable, "-m", "psykg.cli", *argv]
    if strace is not None:
        command = [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=open,openat,connect",
            "-o",
            str(strace),
            *command,
        ]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                timed_out = True
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    return Run(child.returncode, seconds, usage.ru_maxrss * 1024, text, timed_out)


def _env(root: Path, tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PSYKG_ROOT": str(root),
        "TMPDIR": str(tmp),
        "PYTHONPATH": str(ROOT / "src"),
    }


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# ------------------------------------------------------------------ 1. mutations


def mutations(count: int, work: Path, tmp: Path) -> dict[str, Any]:
    """Run `count` mutations through check and build."""
    kinds = sorted(MUTATIONS)
    base_root = copy_project(work / "baseline")
    baseline = {
        command: round(psykg(command, env=_env(base_root, tmp)).seconds, 2)
        for command in ("check", "build")
    }
    print(f"  unmutated data: {baseline} s (the machine's pace)", flush=True)
    runs = tracebacks = slow = big = located = file_only = unlocated = 0
    disagree = dist_changed = passed = 0
    per_kind: Counter[str] = Counter()
    worst_seconds = worst_bytes = 0.0
    for number in range(count):
        kind = kinds[number % len(kinds)]
        root = work / f"m{number}"
        copy_project(root)
        dist = root / "dist"
        dist.mkdir()
        (dist / "psykg.nt").write_text("<urn:previous> <urn:release> <urn:x> .\n", encoding="utf-8")
        before = _snapshot(dist)
        what = mutate(root, kind, number)
        per_kind[kind] += 1
        env = _env(root, tmp)
        outcome = []
        for command in ("check", "build"):
            run = psykg(command, env=env)
            runs += 1
            outcome.append(run.code)
            worst_seconds = max(worst_seconds, run.seconds)
            worst_bytes = max(worst_bytes, run.peak_bytes)
            problems = []
            if "Traceback" in run.err or run.code not in (0, 1):
                tracebacks += 1
                problems.append("traceback or crash")
            if run.seconds > SECONDS_LIMIT or run.timed_out:
                slow += 1
                problems.append(f"{run.seconds:.1f} s")
            if run.peak_bytes > BYTES_LIMIT:
                big += 1
                problems.append(f"{run.peak_bytes / 2**20:.0f} MiB")
            if run.code == 1:
                at = ERROR_AT.search(run.err)
                if at and at.group(3):
                    located += 1
                elif at:
                    file_only += 1
                    problems.append("error without a line")
                else:
                    unlocated += 1
                    problems.append("error without a file")
            if problems:
                first = run.err.strip().splitlines()[:3]
                print(
                    f"  {command} kind={kind} seed={number} ({what}): {', '.join(problems)}:"
                    f" {' | '.join(first)[:300]}",
                    flush=True,
                )
        if outcome[0] != outcome[1]:
            disagree += 1
            print(
                f"  check {outcome[0]} but build {outcome[1]}: kind={kind} seed={number} ({what})",
                flush=True,
            )
        if outcome[1] == 0:
            passed += 1
        elif _snapshot(dist) != before:
            dist_changed += 1
            print(f"  dist/ changed by a failed build: kind={kind} seed={number}", flush=True)
        shutil.rmtree(root, ignore_errors=True)
    return {
        "mutations": count,
        "unmutated check and build s": baseline,
        "runs": runs,
        "tracebacks": tracebacks,
        "runs over 10 s": slow,
        "runs over 1 GB": big,
        "errors with file and line": located,
        "errors with file only": file_only,
        "errors without file": unlocated,
        "check/build disagreements": disagree,
        "builds that passed": passed,
        "dist changed by a failed build": dist_changed,
        "slowest run s": round(worst_seconds, 2),
        "largest run MiB": round(worst_bytes / 2**20),
        "per kind": dict(per_kind),
    }


# ------------------------------------------------------------------ 2. hostile RDF


class _Listener(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Listener.requests.append(self.path)
        if self.path.startswith("/slow"):
            time.sleep(3600)  # a context server that never answers
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}}')

    def log_message(self, *args: object) -> None:
        pass


def _rdf_files(folder: Path, url: str, sentinel: Path, triples: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    node = {
        "@id": "https://w3id.org/psykg/resource/x",
        "http://www.w3.org/2000/01/rdf-schema#label": "x",
    }
    jsonld = {
        "remote-context": f"{url}/context.jsonld",
        "slow-context": f"{url}/slow/context.jsonld",
        "context-array": [f"{url}/a.jsonld", {"ex": "http://example.org/"}],
        "import": {"@import": f"{url}/import.jsonld"},
        "file-context": sentinel.as_uri(),
    }
    files: dict[str, Path] = {}
    for name, context in jsonld.items():
        files[name] = folder / f"{name}.jsonld"
        files[name].write_text(json.dumps({"@context": context, **node}), encoding="utf-8")
    body = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
        "<ex:p>{}</ex:p></rdf:Description></rdf:RDF>\n"
    )
    entities = {
        "external-entity-file": f'<!ENTITY x SYSTEM "{sentinel.as_uri()}">',
        "external-entity-http": f'<!ENTITY x SYSTEM "{url}/entity">',
        "entity-bomb": '<!ENTITY a0 "lol">'
        + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)),
    }
    for name, declarations in entities.items():
        files[name] = folder / f"{name}.rdf"
        ref = "&a9;" if name == "entity-bomb" else "&x;"
        files[name].write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{declarations}]>\n' + body.format(ref),
            encoding="utf-8",
        )
    files["million-triples"] = folder / "million.nt"
    with files["million-triples"].open("w", encoding="utf-8") as handle:
        for i in range(triples):
            if i % 4 == 0:
                handle.write(
                    f"<https://example.org/r{i}> "
                    f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    f"<https://example.org/C{i % 7}> .\n"
                )
            else:
                handle.write(
                    f'<https://example.org/r{i}> <https://example.org/p{i % 5}> "value {i}" .\n'
                )
    files["100MB-literal"] = folder / "literal.nt"
    with files["100MB-literal"].open("w", encoding="utf-8") as handle:
        handle.write('<https://example.org/s> <https://example.org/p> "')
        for _ in range(100):
            handle.write("x" * (1 << 20))
        handle.write('" .\n')
    return files


def _opened(trace: Path, allowed: list[Path]) -> list[str]:
    """Paths the traced process opened outside `allowed` folders (and the system's)."""
    system = ("/usr/", "/lib", "/etc/", "/proc/", "/sys/", "/dev/", sys.prefix, sys.base_prefix)
    found: set[str] = set()
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.search(r'open(?:at)?\([^"]*"([^"]+)"', line)
        if match and "ENOENT" not in line:
            path = match.group(1)
            if (
                not path.startswith(system)
                and path != str(ROOT)
                and not any(path.startswith(str(a)) for a in allowed)
            ):
                found.add(path)
    return sorted(found)


def hostile_rdf(work: Path, tmp: Path, triples: int) -> dict[str, Any]:
    """Validate each hostile file; count requests and foreign files."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    sentinel = work / "secret" / "sentinel.jsonld"
    sentinel.parent.mkdir(parents=True)
    sentinel.write_text('{"@context": {}}', encoding="utf-8")
    root = copy_project(work / "rdf-project")
    files = _rdf_files(work / "rdf", url, sentinel, triples)
    env = _env(root, tmp)
    use_strace = shutil.which("strace") is not None
    results: dict[str, Any] = {}
    for name, path in files.items():
        _Listener.requests = []
        trace = work / f"{name}.strace" if use_strace else None
        traced = psykg("validate", str(path), env=env, timeout=300, strace=trace)
        opened = _opened(trace, [root, path, Path(tmp), ROOT / "src"]) if trace else None
        connects = trace.read_text(errors="replace").count("connect(") if trace else None
        # strace slows every system call: time and memory come from a second, untraced run
        run = psykg("validate", str(path), env=env, timeout=300) if trace else traced
        first = (run.err.strip().splitlines() or [""])[0]
        results[name] = {
            "exit": run.code,
            "seconds": round(run.seconds, 2),
            "seconds under strace": round(traced.seconds, 2) if trace else None,
            "peak MiB": round(run.peak_bytes / 2**20),
            "requests": len(_Listener.requests),
            "sentinel opened": bool(opened and str(sentinel) in opened),
            "files opened outside": opened,
            "connect calls": connects,
            "traceback": "Traceback" in run.err,
            "message": first[:200],
        }
        print(f"  {name}: {results[name]}", flush=True)
    server.shutdown()
    return results


# ------------------------------------------------------------------ 3. kill -9, 4. pairs


def _litter(root: Path, tmp: Path) -> dict[str, int]:
    return {
        "staging folders": len(
            [p for p in root.iterdir() if p.name.startswith((".dist.staging-", ".dist-"))]
        ),
        "dist.old": int((root / "dist.old").exists()),
        "hermit folders": len(list(tmp.glob("psykg-hermit-*"))),
        "other temp files": len(
            [p for p in tmp.iterdir() if not p.name.startswith("psykg-hermit-")]
        ),
    }


def kills(count: int, work: Path, tmp: Path) -> dict[str, Any]:
    """`count` builds killed at random moments, then one build."""
    root = copy_project(work / "kill-project")
    env = _env(root, tmp)
    reference = psykg("build", env=env)
    assert reference.code == 0, reference.err
    rng = random.Random(13)
    java_seen: list[int] = []
    litter_after_kills: list[dict[str, int]] = []
    for _ in range(count):
        child = subprocess.Popen(
            [sys.executable, "-m", "psykg.cli", "build"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        moment = rng.uniform(0.2, reference.seconds)
        deadline = time.perf_counter() + moment
        while time.perf_counter() < deadline and child.poll() is None:
            java_seen += [p for p in descendants(child.pid) if p not in java_seen]
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
        litter_after_kills.append(_litter(root, tmp))
    time.sleep(2)
    stray = [pid for pid in java_seen if alive(pid)]
    final = psykg("build", env=env)
    after = _litter(root, tmp)
    killed_with_litter = sum(1 for litter in litter_after_kills if any(litter.values()))
    return {
        "kills": count,
        "kills that left litter before the next build": killed_with_litter,
        "child processes seen": len(java_seen),
        "stray child processes": len(stray),
        "final build exit": final.code,
        "after the final build": after,
    }


def pairs(count: int, work: Path, tmp: Path) -> dict[str, Any]:
    """`count` pairs of builds started together (without HermiT, to keep the run short)."""
    root = copy_project(work / "pair-project")
    env = _env(root, tmp)
    crashes = failures = 0
    for _ in range(count):
        started = [
            subprocess.Popen(
                [sys.executable, "-m", "psykg.cli", "build", "--no-hermit"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for child in started:
            _, err = child.communicate()
            if "Traceback" in err:
                crashes += 1
                print(f"  crash: {err.strip().splitlines()[-1]}", flush=True)
            elif child.returncode != 0:
                failures += 1
                print(f"  failed: {err.strip()[:200]}", flush=True)
    from psykg.release.manifest import verify

    verify(root / "dist")
    return {
        "pairs": count,
        "crashes": crashes,
        "other failures": failures,
        "release verifies": True,
        "litter": _litter(root, tmp),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the parts asked for and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=200)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--parts", default="mutations,rdf,kills,pairs")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="psykg-hostile-") as folder:
        work = Path(folder)
        parts = args.parts.split(",")
        stages: tuple[tuple[str, Callable[[Path, Path], dict[str, Any]]], ...] = (
            ("mutations", lambda w, t: mutations(args.mutations, w, t)),
            ("rdf", lambda w, t: hostile_rdf(w, t, args.triples)),
            ("kills", lambda w, t: kills(args.kills, w, t)),
            ("pairs", lambda w, t: pairs(args.pairs, w, t)),
        )
        for part, run in stages:
            if part not in parts:
                continue
            tmp = work / f"tmp-{part}"
            tmp.mkdir()
            print(f"== {part}", flush=True)
            start = time.perf_counter()
            figures[part] = run(work / part, tmp)
            figures[part]["part seconds"] = round(time.perf_counter() - start, 1)
            print(json.dumps(figures[part], indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
