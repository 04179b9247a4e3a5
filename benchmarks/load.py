"""Load test (a script, not a test): N concurrent clients on loopback for a fixed time.

Runs, in one go:
  1. `psykg serve` with the SPARQL mix (every packaged query, POSTed to /sparql),
  2. rdflib-endpoint (PyPI) serving the same dist/psykg.nt with the same SPARQL mix,
  3. `psykg serve` with the full mix (packaged queries, HTML pages, 303 content negotiation
     and the RDF files it redirects to),
and prints requests per second, p50/p99 latency and errors for each, and the psykg /
rdflib-endpoint ratios. Needs a built dist/ (`psykg build`).

    python benchmarks/load.py --clients 4 --duration 10
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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

PSYKG_PATH = "/sparql"
RDFLIB_ENDPOINT_PATH = "/"
"""Where each server answers SPARQL (the rdflib-endpoint CLI mounts it at the root)."""

Request = tuple[str, str, dict[str, str], bytes | None]
"""(method, path, headers, body)."""

SERVE = """
import sys
from pathlib import Path
from psykg.server.app import make_server
from psykg.server.limits import Limits
server = make_server(Path(sys.argv[1]), "127.0.0.1", int(sys.argv[2]),
                     Limits(workers=int(sys.argv[3])))
server.serve_forever()
"""


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


def wait_until_up(port: int, process: subprocess.Popen[bytes], path: str,
                  timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path + "?" + urlencode({"query": "ASK { ?s ?p ?o }"}),
                         headers={"Accept": "application/sparql-results+json"})
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not come up")


def sparql_mix(dist: Path, queries_dir: Path, path: str) -> list[Request]:
    """Every packaged query with its defaults bound, as psykg query runs it, POSTed to `path`."""
    from psykg import api
    from psykg.sparql import packaged as queries

    run = queries.runner(api.load_store(dist / "psykg.nt"))
    mix: list[Request] = []
    for query in queries.load_queries(queries_dir).values():
        text = queries.prepare(query, {}, run)
        mix.append(("POST", path, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"}, urlencode({"query": text}).encode()))
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
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()
    return Outcome(latencies, errors, statuses)


def drive(port: int, mix: list[Request], clients: int, duration: float) -> dict[str, float]:
    """Run `clients` client processes at once; summarise their requests."""
    with ProcessPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client, port, mix, duration, k) for k in range(clients)]
        outcomes = [f.result() for f in futures]
    latencies = sorted(x for o in outcomes for x in o.latencies)
    if not latencies:
        return {"requests": 0, "rps": 0.0, "p50_ms": float("nan"), "p99_ms": float("nan"),
                "errors": float(sum(o.errors for o in outcomes))}
    return {
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": float(sum(o.errors for o in outcomes)),
    }


def start_psykg(dist: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", SERVE, str(dist), str(port), str(workers)],
                            stdout=subprocess.DEVNULL)


def start_rdflib_endpoint(dist: Path, port: int) -> subprocess.Popen[bytes]:
    exe = shutil.which("rdflib-endpoint")
    if exe is None:
        raise SystemExit("rdflib-endpoint is not installed: pip install 'rdflib-endpoint[cli]'")
    return subprocess.Popen([exe, "serve", str(dist / "psykg.nt"), "--host", "127.0.0.1",
                             "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    parser.add_argument("--queries", type=Path, default=Path("queries"))
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--workers", type=int, default=2, help="psykg query workers")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not (args.dist / "psykg.nt").is_file() or not (args.dist / "site").is_dir():
        raise SystemExit(f"{args.dist} has no psykg.nt and site/: run `psykg build` first")
    queries = sparql_mix(args.dist, args.queries, PSYKG_PATH)
    full = queries + page_mix()
    runs: dict[str, dict[str, float]] = {}

    port = free_port()
    server = start_psykg(args.dist, port, args.workers)
    try:
        wait_until_up(port, server, PSYKG_PATH)
        drive(port, queries, args.clients, 1.0)  # warm-up
        runs["psykg serve, SPARQL mix"] = drive(port, queries, args.clients, args.duration)
        runs["psykg serve, full mix"] = drive(port, full, args.clients, args.duration)
    finally:
        stop(server)

    port = free_port()
    other = start_rdflib_endpoint(args.dist, port)
    try:
        wait_until_up(port, other, RDFLIB_ENDPOINT_PATH)
        same = sparql_mix(args.dist, args.queries, RDFLIB_ENDPOINT_PATH)
        drive(port, same, args.clients, 1.0)
        runs["rdflib-endpoint, SPARQL mix"] = drive(port, same, args.clients, args.duration)
    finally:
        stop(other)

    ours, theirs = runs["psykg serve, SPARQL mix"], runs["rdflib-endpoint, SPARQL mix"]
    print(f"# load: {args.clients} clients x {args.duration:g} s on 127.0.0.1, "
          f"{len(queries)} packaged queries, {os.cpu_count()} CPUs, {platform.platform()}")
    print()
    print("| target | requests | req/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in runs.items():
        print(f"| {name} | {r['requests']:.0f} | {r['rps']:.1f} | {r['p50_ms']:.1f} | "
              f"{r['p99_ms']:.1f} | {r['errors']:.0f} |")
    print()
    if theirs["rps"]:
        print(f"psykg serve / rdflib-endpoint (SPARQL mix): {ours['rps'] / theirs['rps']:.1f}x "
              f"the requests per second, p50 latency {theirs['p50_ms'] / ours['p50_ms']:.1f}x "
              "lower")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
