"""Load test (a script, not a test): N concurrent clients on loopback for a fixed time.

For each client count (32 and 128 at full settings), in one run:
  1. `psykg serve` answering three simple SPARQL queries (POSTed to /sparql),
  2. rdflib-endpoint (PyPI) serving the same dist/psykg.nt with the same three queries,
and prints requests per second, p50/p99 latency and errors for each, the psykg /
rdflib-endpoint throughput ratio, and whether psykg met its targets (0 errors, p99 within 10x
its p50, at least 1.5x the throughput of rdflib-endpoint). `--packaged` adds a run of every
packaged query, `--pages` one of pages and 303 content negotiation. Needs a built dist/.

    python benchmarks/load.py                                   # smoke run: 8 clients x 3 s
    python benchmarks/load.py --clients 32,128 --duration 20    # full settings
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

PSYKG_PATH = "/sparql"
RDFLIB_ENDPOINT_PATH = "/"
"""Where each server answers SPARQL (the rdflib-endpoint CLI mounts it at the root)."""
SIMPLE_QUERIES = (
    "SELECT ?label WHERE { <https://w3id.org/psykg/resource/psychodynamic-therapy> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    "SELECT ?therapy ?condition WHERE { ?therapy "
    "<https://w3id.org/psykg/ontology#primarilyTreats> ?condition }",
    "ASK { ?trait <https://w3id.org/psykg/ontology#goodCandidateFor> ?therapy }",
)
"""The three simple queries: a label look-up, one property's pairs, an ASK."""
TARGETS = {"errors": 0, "p99_over_p50": 10.0, "throughput_ratio": 1.5}

Request = tuple[str, str, dict[str, str], bytes | None]
"""(method, path, headers, body)."""


@dataclass
class Outcome:
    """What one client saw."""

    latencies: list[float]
    errors: int
    statuses: dict[int, int]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(
    port: int, process: subprocess.Popen[bytes], path: str, timeout: float = 120.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request(
                "GET",
                path + "?" + urlencode({"query": "ASK { ?s ?p ?o }"}),
                headers={"Accept": "application/sparql-results+json"},
            )
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not come up")


def _post(path: str, query: str) -> Request:
    return (
        "POST",
        path,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
        urlencode({"query": query}).encode(),
    )


def simple_mix(path: str) -> list[Request]:
    """The three simple queries, POSTed to `path`."""
    return [_post(path, q) for q in SIMPLE_QUERIES]


def packaged_mix(dist: Path, queries_dir: Path, path: str) -> list[Request]:
    """Every packaged query with its defaults bound, as psykg query runs it, POSTed to `path`."""
    from psykg import api
    from psykg.sparql import packaged as queries

    run = queries.runner(api.load_store(dist / "psykg.nt"))
    mix: list[Request] = [
        _post(path, queries.prepare(q, {}, run)) for q in queries.load_queries(queries_dir).values()
    ]
    if not mix:
        raise SystemExit(f"no packaged queries in {queries_dir}")
    return mix


def page_mix() -> list[Request]:
    """Landing page, resource pages, negotiated IRIs and the files they redirect to."""
    html = {"Accept": "text/html"}
    turtle = {"Accept": "text/turtle"}
    return [
        ("GET", "/", html, None),
        ("GET", "/resource/psychodynamic-therapy.html", html, None),
        ("GET", "/resource/depression", turtle, None),
        ("GET", "/resource/depression.ttl", turtle, None),
        ("GET", "/ontology.html", html, None),
        ("GET", "/resource/statement/article-modified", {"Accept": "application/ld+json"}, None),
    ]


def client(port: int, mix: list[Request], duration: float, offset: int) -> Outcome:
    """One client: requests from `mix` in turn, on a kept-alive connection, for `duration` s."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    end = time.monotonic() + duration
    i = offset
    while time.monotonic() < end:
        method, path, headers, body = mix[i % len(mix)]
        i += 1
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            latencies.append(time.perf_counter() - start)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status >= 400:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()
    return Outcome(latencies, errors, statuses)


def client_group(
    port: int, mix: list[Request], duration: float, offsets: list[int]
) -> list[Outcome]:
    """Several clients as threads of one process."""
    with ThreadPoolExecutor(max_workers=len(offsets)) as pool:
        return list(pool.map(lambda k: client(port, mix, duration, k), offsets))


def drive(
    port: int, mix: list[Request], clients: int, duration: float, processes: int
) -> dict[str, float]:
    """Run `clients` clients at once (threads spread over `processes` processes)."""
    processes = max(1, min(processes, clients))
    groups = [list(range(k, clients, processes)) for k in range(processes)]
    with ProcessPoolExecutor(max_workers=processes) as pool:
        futures = [pool.submit(client_group, port, mix, duration, g) for g in groups]
        outcomes = [o for f in futures for o in f.result()]
    latencies = sorted(x for o in outcomes for x in o.latencies)
    errors = float(sum(o.errors for o in outcomes))
    if not latencies:
        return {
            "requests": 0,
            "rps": 0.0,
            "p50_ms": float("nan"),
            "p99_ms": float("nan"),
            "errors": errors,
        }
    return {
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
    }


def start_psykg(dist: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "psykg.cli",
            "serve",
            "--dist",
            str(dist),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
    )


def start_rdflib_endpoint(dist: Path, port: int) -> subprocess.Popen[bytes]:
    exe = shutil.which("rdflib-endpoint")
    if exe is None:
        raise SystemExit("rdflib-endpoint is not installed: pip install 'rdflib-endpoint[cli]'")
    return subprocess.Popen(
        [exe, "serve", str(dist / "psykg.nt"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serving(
    start: Any,
    path: str,
    runs: list[tuple[str, list[Request], int]],
    duration: float,
    processes: int,
) -> dict[str, dict[str, float]]:
    """Start a server, warm it up, drive each (name, mix, clients) run, stop it."""
    port = free_port()
    process = start(port)
    out = {}
    try:
        wait_until_up(port, process, path)
        drive(port, runs[0][1], 4, 1.0, processes)  # warm-up
        for name, mix, clients in runs:
            out[name] = drive(port, mix, clients, duration, processes)
    finally:
        stop(process)
    return out


def verdicts(runs: dict[str, dict[str, float]], counts: list[int]) -> list[tuple[str, bool]]:
    """Each target at each client count, met or not."""
    out = []
    for n in counts:
        ours, theirs = runs[f"psykg serve, {n} clients"], runs[f"rdflib-endpoint, {n} clients"]
        ratio = ours["rps"] / theirs["rps"] if theirs["rps"] else float("inf")
        out += [
            (
                f"{n} clients: psykg errors {ours['errors']:.0f} (target 0)",
                ours["errors"] == TARGETS["errors"],
            ),
            (
                f"{n} clients: psykg p99/p50 {ours['p99_ms'] / ours['p50_ms']:.1f} "
                f"(target <= {TARGETS['p99_over_p50']:g})",
                ours["p99_ms"] <= TARGETS["p99_over_p50"] * ours["p50_ms"],
            ),
            (
                f"{n} clients: throughput psykg / rdflib-endpoint {ratio:.1f}x "
                f"(target >= {TARGETS['throughput_ratio']:g}x)",
                ratio >= TARGETS["throughput_ratio"],
            ),
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    parser.add_argument("--queries", type=Path, default=Path("queries"))
    parser.add_argument(
        "--clients", default="8", help="client counts, comma-separated (full settings: 32,128)"
    )
    parser.add_argument(
        "--duration", type=float, default=3.0, help="seconds per run (full settings: 20)"
    )
    parser.add_argument("--workers", type=int, default=2, help="psykg query workers")
    parser.add_argument(
        "--client-processes", type=int, default=4, help="processes the clients run in (as threads)"
    )
    parser.add_argument(
        "--packaged", action="store_true", help="also run every packaged query against psykg serve"
    )
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also run pages and content negotiation against psykg serve",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not (args.dist / "psykg.nt").is_file() or not (args.dist / "site").is_dir():
        raise SystemExit(f"{args.dist} has no psykg.nt and site/: run `psykg build` first")
    counts = [int(n) for n in args.clients.split(",")]
    ours = [(f"psykg serve, {n} clients", simple_mix(PSYKG_PATH), n) for n in counts]
    if args.packaged:
        mix = packaged_mix(args.dist, args.queries, PSYKG_PATH)
        ours += [(f"psykg serve, packaged queries, {n} clients", mix, n) for n in counts]
    if args.pages:
        ours += [(f"psykg serve, pages, {n} clients", page_mix(), n) for n in counts]
    theirs = [
        (f"rdflib-endpoint, {n} clients", simple_mix(RDFLIB_ENDPOINT_PATH), n) for n in counts
    ]
    runs = serving(
        lambda port: start_psykg(args.dist, port, args.workers),
        PSYKG_PATH,
        ours,
        args.duration,
        args.client_processes,
    )
    runs |= serving(
        lambda port: start_rdflib_endpoint(args.dist, port),
        RDFLIB_ENDPOINT_PATH,
        theirs,
        args.duration,
        args.client_processes,
    )

    print(
        f"# load: {args.clients} clients x {args.duration:g} s on 127.0.0.1, "
        f"{len(SIMPLE_QUERIES)} simple queries, psykg with {args.workers} query workers, "
        f"{os.cpu_count()} CPUs, {platform.platform()}"
    )
    print()
    print("| target | requests | req/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in runs.items():
        print(
            f"| {name} | {r['requests']:.0f} | {r['rps']:.1f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['errors']:.0f} |"
        )
    print()
    results = verdicts(runs, counts)
    for text, met in results:
        print(f"- {'met' if met else 'MISSED'}: {text}")
    if args.json:
        args.json.write_text(
            json.dumps({"runs": runs, "targets": dict(results)}, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    sys.exit(0 if all(met for _, met in results) else 1)


if __name__ == "__main__":
    main()
