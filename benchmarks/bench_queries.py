"""Benchmark (not a test): median time of every packaged query on pyoxigraph and on rdflib.

    python benchmarks/bench_queries.py [--runs N] [--data dist/psykg.nt]

Loads the release into both engines, binds each query's defaults (optional parameters stay
unbound: "all"), runs it N times per engine after one warm-up run, and prints a Markdown table
of the medians side by side with the ratio rdflib / pyoxigraph.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from psykg import api
from psykg.sparql import packaged as queries
from psykg.sparql.engines import Result


def median_ms(run: Callable[[str], Result], sparql: str, runs: int) -> tuple[float, int]:
    """Median wall time of `runs` runs in milliseconds, and the row count."""
    rows = len(run(sparql).rows)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(sparql)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def main(argv: list[str] | None = None) -> int:
    """Print the Markdown table; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query and engine")
    parser.add_argument("--data", type=Path, help="RDF file (default: dist/psykg.nt)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    store = api.load_store(args.data)
    load_ox = time.perf_counter() - start
    start = time.perf_counter()
    graph = api.load_graph(args.data)
    load_rdflib = time.perf_counter() - start
    ox, rd = queries.runner(store), queries.runner(graph)

    print(
        f"{len(graph)} triples; load: pyoxigraph {load_ox * 1000:.0f} ms, "
        f"rdflib {load_rdflib * 1000:.0f} ms; median of {args.runs} runs per query\n"
    )
    print("| query | rows | pyoxigraph (ms) | rdflib (ms) | rdflib / pyoxigraph |")
    print("|---|---:|---:|---:|---:|")
    ratios = []
    for name, query in queries.load_queries().items():
        sparql = queries.prepare(query, {}, ox)
        t_ox, rows = median_ms(ox, sparql, args.runs)
        t_rd, rows_rd = median_ms(rd, sparql, args.runs)
        if rows != rows_rd:
            print(f"{name}: engines disagree ({rows} vs {rows_rd} rows)", file=sys.stderr)
            return 1
        ratios.append(t_rd / t_ox)
        print(f"| {name} | {rows} | {t_ox:.2f} | {t_rd:.2f} | {t_rd / t_ox:.0f}x |")
    print(f"\ngeometric mean ratio: {statistics.geometric_mean(ratios):.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
