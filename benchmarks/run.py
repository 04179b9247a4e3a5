"""Stage-by-stage benchmark of the psykg pipeline on the scale corpus; writes docs/benchmarks.md.

Not a test: it measures. For each corpus size N it runs, in a fresh subprocess per repeat,
compile-and-anchor, the rule reasoner, HermiT (up to --hermit-max), N-Triples, the embedded
store, the compiled SHACL validator and SPARQL checks, every release format, and the packaged
queries; and, in the same process, the plain path they replace (pyshacl, rdflib serialisers,
rdflib parsing, rdflib SPARQL) up to --reference-max. It reports the median wall time and the
peak resident memory of each stage, and fast/plain ratios.

    python benchmarks/run.py --sizes 1,10,100,1000 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PAGE = os.sysconf("SC_PAGE_SIZE")


class Meter:
    """Wall time and peak resident memory of named stages, sampled every 10 ms."""

    def __init__(self) -> None:
        self.stages: dict[str, dict[str, float]] = {}
        self._peak = 0
        self._stop = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    @staticmethod
    def rss() -> int:
        """Resident set size of this process in bytes."""
        with Path("/proc/self/statm").open() as handle:
            return int(handle.read().split()[1]) * PAGE

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self._peak = max(self._peak, self.rss())

    @contextmanager
    def stage(self, name: str, budget: float = 0) -> Iterator[None]:
        """Measure the body as stage `name`; with a budget (seconds), stop it when the
        budget is spent and record the budget as a lower bound ("timed_out")."""
        self._peak = self.rss()
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        start = time.perf_counter()
        timed_out = False
        if budget:
            signal.signal(signal.SIGALRM, _out_of_time)
            signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            yield
        except OutOfTime:
            timed_out = True
        finally:
            if budget:
                signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - start
        peak = max(self._peak, self.rss())
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        self.stages[name] = {"seconds": seconds, "peak_mb": peak / 2**20,
                             "child_peak_mb": (child if child > children else 0) / 2**20,
                             "timed_out": float(timed_out)}


class OutOfTime(BaseException):
    """A reference stage used up its time budget (a BaseException: code under test catches
    Exception)."""


def _out_of_time(signum: int, frame: object) -> None:
    raise OutOfTime


def _checks(root: Path) -> dict[str, str]:
    folder = root / "queries" / "checks"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


NOT_EXISTS_TO_MINUS = (
    ("""  FILTER NOT EXISTS {
    ?statement ?role ?resource .
    ?statement a psykg:Statement .
  }""", """  MINUS {
    ?statement a psykg:Statement ;
               ?role ?resource .
  }"""),
    ("""  FILTER NOT EXISTS {
    ?resource prov:wasDerivedFrom ?quote .
    ?quote rdfs:label ?text .
    FILTER(CONTAINS(STR(?text), STR(?value)))
  }""", """  MINUS {
    ?resource ?wording ?value ;
              prov:wasDerivedFrom ?quote .
    ?quote rdfs:label ?text .
    FILTER(CONTAINS(STR(?text), STR(?value)))
  }"""),
)
"""The recommended rewrite of two checks: pyoxigraph evaluates these FILTER NOT EXISTS blocks
once per outer row without the outer binding (quadratic); MINUS is one hash anti-join."""


def _rows(store: Any, query: str) -> int:
    """Number of solutions of a SELECT on a pyoxigraph store."""
    return len(list(store.query(query)))


def minus_rewrite(query: str) -> str:
    """A check's text with the NOT EXISTS blocks above replaced by MINUS."""
    for old, new in NOT_EXISTS_TO_MINUS:
        query = query.replace(old, new)
    return query


def _synthetic_defaults(query: Any, seed: int | None) -> dict[str, str]:
    """Parameter values naming document 1's counterpart of each default resource."""
    from corpus import Renamer

    if seed is None:
        return {}
    renamer = Renamer(1, seed)
    out = {}
    for param in query.parameters:
        if param.type == "iri" and param.default:
            local = param.default.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            out[param.name] = renamer.id(local)
    return out


def worker(root: Path, *, hermit: bool, reference: set[str], seed: int | None,
           budget: float) -> dict[str, Any]:
    """Run every stage on the project at `root` in this process; return the measurements."""
    from rdflib import Graph

    from psykg import fastpath
    from psykg.ontology import read_turtle
    from psykg.pipeline import Inputs, compile_inputs
    from psykg.reason import materialise
    from psykg.serialize import WRITERS, to_ntriples

    m = Meter()
    inputs = Inputs(root)
    counts: dict[str, int] = {}
    with m.stage("compile + anchor"):
        ontology, compiled = compile_inputs(inputs)
    with m.stage("reason: rules"):
        inferred = materialise(compiled.graph, ontology.graph)
    if hermit:
        from psykg.reason import hermit as run_hermit

        with m.stage("reason: HermiT"):
            run_hermit(compiled.graph, ontology.graph)
    with m.stage("merge full graph"):
        full = Graph()
        for part in (ontology.graph, compiled.graph, inferred):
            for triple in part:
                full.add(triple)
    counts["triples"] = len(full)
    counts["asserted"] = len(compiled.graph)
    counts["inferred"] = len(inferred)
    with m.stage("serialise: N-Triples (sorted)"):
        nt = to_ntriples(full)
    with m.stage("load: pyoxigraph store"):
        data = fastpath.DataStore.from_ntriples(nt)
    shapes = read_turtle(inputs.shapes)
    with m.stage("validate: compiled SHACL"):
        conforms, results = fastpath.fast_validate(data, shapes)
    counts["shacl_results"] = len(results)
    checks = _checks(root)
    if "shipped-checks" in reference:
        with m.stage("validate: SPARQL checks as shipped (pyoxigraph)"):
            counts["check_rows"] = sum(_rows(data.store, q) for q in checks.values())
    with m.stage("validate: SPARQL checks (pyoxigraph)"):
        counts["check_rows_rewritten"] = sum(
            _rows(data.store, minus_rewrite(q)) for q in checks.values())
    for fmt in ("turtle", "jsonld", "rdfxml"):
        with m.stage(f"serialise: {fmt} (pyoxigraph)"):
            fastpath.FAST_WRITERS[fmt](nt)
    from psykg import queries as packaged

    run_ox = packaged.runner(data.store)
    queries = {name: packaged.prepare(q, _synthetic_defaults(q, seed), run_ox)
               for name, q in packaged.load_queries(root / "queries").items()}
    with m.stage("queries (pyoxigraph)"):
        rows = {name: len(run_ox(q).rows) for name, q in queries.items()}
    counts["query_rows"] = sum(rows.values())
    out: dict[str, Any] = {"counts": counts, "conforms": conforms}
    if "pyshacl" in reference:
        import pyshacl

        with m.stage("ref validate: pyshacl", budget):
            ref_conforms, report, _ = pyshacl.validate(full, shacl_graph=shapes,
                                                       allow_warnings=True)
            ref = fastpath.pyshacl_results(report)
            out["agree"] = bool(ref_conforms == conforms and ref == results)
    if "checks" in reference:
        with m.stage("ref validate: SPARQL checks (rdflib)", budget):
            for q in checks.values():
                list(full.query(q))
    if "rdflib" in reference:
        for fmt in ("turtle", "jsonld", "rdfxml"):
            with m.stage(f"ref serialise: {fmt} (rdflib)"):
                WRITERS[fmt][2](full)
        with m.stage("ref load: rdflib parse N-Triples"):
            Graph().parse(data=nt, format="nt")
    if "queries" in reference:
        run_rdflib = packaged.runner(full)
        with m.stage("ref queries (rdflib)", budget):
            ref_rows = {name: len(run_rdflib(q).rows) for name, q in queries.items()}
            out["queries_agree"] = ref_rows == rows
    out["stages"] = m.stages
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _timed_cli(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def cli_timings(repeats: int) -> dict[str, float]:
    """Median wall times of the CLI on the real project (build, query --list, a query)."""
    env = {**os.environ, "PSYKG_ROOT": str(ROOT)}
    exe = [sys.executable, "-m", "psykg.cli"]
    out: dict[str, float] = {}
    runs: dict[str, list[str]] = {
        "psykg build": [*exe, "build"],
        "psykg query --list": [*exe, "query", "--list"],
        "psykg query indications": [*exe, "query", "indications"],
    }
    for name, args in runs.items():
        try:
            out[name] = statistics.median(_timed_cli(args, env) for _ in range(repeats))
        except subprocess.CalledProcessError as exc:
            print(f"{name}: failed ({exc.stderr.decode(errors='replace')[-300:]})",
                  file=sys.stderr)
    return out


def measure(size: int, work: Path, repeats: int, hermit: bool, reference: set[str],
            seed: int, budget: float, reuse: bool = False) -> dict[str, Any]:
    """Generate the corpus of `size` documents and run `repeats` workers on it."""
    from corpus import generate

    root = work / f"corpus-{size}"
    if not (reuse and (root / "data" / "curation" / f"doc-{size:04d}.yaml").is_file()):
        generate(root, size, seed)
    runs = []
    for _ in range(repeats):
        args = [sys.executable, __file__, "--worker", str(root), "--seed", str(seed),
                "--budget", str(budget)]
        args += ["--hermit"] if hermit else []
        args += [f"--reference={','.join(sorted(reference))}"] if reference else []
        done = subprocess.run(args, check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    stages = {name: {key: statistics.median(r["stages"][name][key] for r in runs)
                     for key in runs[0]["stages"][name]} for name in runs[0]["stages"]}
    return {"size": size, "repeats": repeats, "counts": runs[0]["counts"],
            "conforms": runs[0]["conforms"], "agree": runs[0].get("agree"),
            "queries_agree": runs[0].get("queries_agree"),
            "max_rss_mb": max(r["max_rss_mb"] for r in runs), "stages": stages}


FAST_VS_REF = {
    "validate: compiled SHACL": "ref validate: pyshacl",
    "validate: SPARQL checks (pyoxigraph)": "ref validate: SPARQL checks (rdflib)",
    "validate: SPARQL checks as shipped (pyoxigraph)": "ref validate: SPARQL checks (rdflib)",
    "serialise: turtle (pyoxigraph)": "ref serialise: turtle (rdflib)",
    "serialise: jsonld (pyoxigraph)": "ref serialise: jsonld (rdflib)",
    "serialise: rdfxml (pyoxigraph)": "ref serialise: rdfxml (rdflib)",
    "load: pyoxigraph store": "ref load: rdflib parse N-Triples",
    "queries (pyoxigraph)": "ref queries (rdflib)",
}
BUILD_STAGES = (
    "compile + anchor", "reason: rules", "merge full graph", "serialise: N-Triples (sorted)",
    "load: pyoxigraph store", "validate: compiled SHACL", "validate: SPARQL checks (pyoxigraph)",
    "serialise: turtle (pyoxigraph)", "serialise: jsonld (pyoxigraph)",
    "serialise: rdfxml (pyoxigraph)",
)
"""The stages of a scale build on the fast path (HermiT excluded: it does not finish at N=1000)."""


def machine() -> str:
    """One line describing the machine."""
    cpu = "unknown CPU"
    with Path("/proc/cpuinfo").open() as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph
    import pyshacl
    import rdflib

    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; {platform.platform()}; "
            f"Python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph "
            f"{pyoxigraph.__version__}, pyshacl {pyshacl.__version__}")


def _build_total(r: dict[str, Any]) -> tuple[float, float]:
    present = [n for n in BUILD_STAGES if n in r["stages"]]
    return (sum(r["stages"][n]["seconds"] for n in present),
            max(r["stages"][n]["peak_mb"] for n in present))


def _ratio(r: dict[str, Any], fast: str) -> float | None:
    ref = FAST_VS_REF[fast]
    if fast not in r["stages"] or ref not in r["stages"]:
        return None
    return float(r["stages"][ref]["seconds"] / max(r["stages"][fast]["seconds"], 1e-6))


def targets(results: list[dict[str, Any]], cli: dict[str, float]) -> list[str]:
    """Markdown rows: each target of issue 6, the measured value, met or missed."""
    rows: list[tuple[str, str, bool | None]] = []
    for name, limit in (("psykg build", 3.0), ("psykg query --list", 0.3),
                        ("psykg query indications", 0.6)):
        sec = cli.get(name)
        rows.append((f"`{name}` (real dataset) <= {limit} s",
                     f"{sec:.2f} s" if sec is not None else "not measured",
                     None if sec is None else sec <= limit))
    by_size = {r["size"]: r for r in results}
    big, mid = by_size.get(1000), by_size.get(100)
    if big is None:
        rows.append(("N=1000 targets", "N=1000 not run", None))
    else:
        total, peak = _build_total(big)
        rows.append((f"N=1000 ({big['counts']['triples']} triples): fast-path build <= 90 s",
                     f"{total:.1f} s", total <= 90))
        rows.append(("N=1000: peak memory <= 4 GB", f"{peak:.0f} MB", peak <= 4096))
        if mid is not None:
            growth = total / _build_total(mid)[0]
            rows.append(("time growth N=100 -> 1000 <= 12", f"{growth:.1f}", growth <= 12))
        q = _ratio(big, "queries (pyoxigraph)")
        q = _ratio(big, "queries (pyoxigraph)")
        q_out = big["stages"].get("ref queries (rdflib)", {}).get("timed_out")
        rows.append(("N=1000: packaged queries >= 50x faster than rdflib",
                     ("not run" if q is None else f">{q:.0f}x (rdflib stopped at the budget)"
                      if q_out else f"{q:.0f}x (rows agree: {big.get('queries_agree')})"),
                     None if q is None else q >= 50 and bool(q_out or big.get("queries_agree"))))
        v = _ratio(big, "validate: compiled SHACL")
        v_out = big["stages"].get("ref validate: pyshacl", {}).get("timed_out")
        rows.append(("N=1000: validation >= 20x faster than pyshacl, same results",
                     ("not run" if v is None else f">{v:.0f}x (pyshacl stopped at the budget; "
                      "results compared at N<=100)" if v_out
                      else f"{v:.0f}x (same results: {big.get('agree')})"),
                     None if v is None else v >= 20 and bool(v_out or big.get("agree"))))
    verdict = {True: "met", False: "**missed**", None: "-"}
    return ["| target | measured | |", "|---|---:|---|"] + [
        f"| {name} | {value} | {verdict[ok]} |" for name, value, ok in rows]


def render(results: list[dict[str, Any]], cli: dict[str, float]) -> str:
    """The markdown page."""
    lines = ["# Benchmarks", "",
             "Generated by `python benchmarks/run.py` (do not edit by hand, except the last",
             "section, which run.py keeps). Medians of the repeats; peak memory is the resident",
             "set of the benchmark process during the stage (HermiT's Java child is reported",
             "separately).", "",
             f"Machine: {machine()}", "", "## Targets (issue 6)", "",
             *targets(results, cli), ""]
    if cli:
        lines += ["## Command line on the real dataset", "", "| command | median s |",
                  "|---|---:|"]
        lines += [f"| `{name}` | {sec:.2f} |" for name, sec in cli.items()]
        lines.append("")
    lines += ["## Corpus sizes", "",
              "| N | triples | asserted | inferred | SHACL results | conforms | "
              "same SHACL results as pyshacl | query rows | same rows on rdflib | repeats |",
              "|---:|---:|---:|---:|---:|---|---|---:|---|---:|"]
    for r in results:
        c = r["counts"]
        said = {None: "not run", True: "yes", False: "NO"}
        lines.append(f"| {r['size']} | {c['triples']} | {c['asserted']} | {c['inferred']} | "
                     f"{c['shacl_results']} | {r['conforms']} | {said[r['agree']]} | "
                     f"{c['query_rows']} | {said[r.get('queries_agree')]} | {r['repeats']} |")
    lines += ["", "## Stages (median seconds / peak MB)", ""]
    names: list[str] = []
    for r in results:
        names += [n for n in r["stages"] if n not in names]
    lines.append("| stage | " + " | ".join(f"N={r['size']}" for r in results) + " |")
    lines.append("|---|" + "---:|" * len(results))
    for name in names:
        cells = []
        for r in results:
            s = r["stages"].get(name)
            if s is None:
                cells.append("-")
            else:
                child = f" (+{s['child_peak_mb']:.0f} Java)" if s["child_peak_mb"] else ""
                more = ">" if s.get("timed_out") else ""
                cells.append(f"{more}{s['seconds']:.2f} s / {s['peak_mb']:.0f}{child}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Scale build on the fast path", "",
              "Sum of: " + ", ".join(BUILD_STAGES) + ".", "",
              "| N | seconds | peak MB | growth vs previous N |", "|---:|---:|---:|---:|"]
    previous = None
    for r in results:
        total = sum(r["stages"][n]["seconds"] for n in BUILD_STAGES if n in r["stages"])
        peak = max(r["stages"][n]["peak_mb"] for n in BUILD_STAGES if n in r["stages"])
        growth = f"{total / previous:.1f}x" if previous else "-"
        lines.append(f"| {r['size']} | {total:.1f} | {peak:.0f} | {growth} |")
        previous = total
    lines += ["", "## Fast path against the plain path (plain time / fast time)", "",
              "| stage | " + " | ".join(f"N={r['size']}" for r in results) + " |",
              "|---|" + "---:|" * len(results)]
    for fast, ref in FAST_VS_REF.items():
        cells = []
        for r in results:
            ratio = _ratio(r, fast)
            if ratio is not None:
                more = ">" if r["stages"][FAST_VS_REF[fast]].get("timed_out") else ""
                cells.append(f"{more}{ratio:.0f}x")
            else:
                cells.append("-")
        lines.append(f"| {fast} vs {ref} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


KEPT_HEADING = "## Real `psykg build` (end to end)"
"""A hand-written section at the end of the output file, kept when the file is rewritten."""


def kept_section(out: Path) -> str:
    """The text of `out` from the KEPT_HEADING line on (with a blank line before it), or ""."""
    if not out.is_file():
        return ""
    text = out.read_text(encoding="utf-8")
    at = text.find("\n" + KEPT_HEADING + "\n")
    return "\n" + text[at + 1:] if at >= 0 else ""


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1,10,100", help="comma-separated corpus sizes")
    p.add_argument("--repeats", type=int, default=3, help="runs per size (median reported)")
    p.add_argument("--repeats-large", type=int, default=1,
                   help="runs per size of 100 documents or more")
    p.add_argument("--hermit-max", type=int, default=10, help="largest N to run HermiT on")
    p.add_argument("--reference-max", type=int, default=100,
                   help="largest N to run rdflib parsing and serialisation on")
    p.add_argument("--pyshacl-max", type=int, default=1000, help="largest N to run pyshacl on")
    p.add_argument("--checks-max", type=int, default=10,
                   help="largest N to run the SPARQL checks on rdflib (superlinear)")
    p.add_argument("--shipped-checks-max", type=int, default=100,
                   help="largest N to run the check files unchanged on pyoxigraph (quadratic)")
    p.add_argument("--reuse-corpus", action="store_true",
                   help="do not regenerate a corpus folder that already exists")
    p.add_argument("--queries-max", type=int, default=1000,
                   help="largest N to run the packaged queries on rdflib")
    p.add_argument("--work", type=Path, default=Path("/tmp/psykg-bench"), help="corpus folder")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--json", type=Path, help="also write the raw measurements here")
    p.add_argument("--no-cli", action="store_true", help="skip the CLI timings")
    p.add_argument("--resume", action="store_true",
                   help="keep the sizes already in --json and measure only the others")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--budget", type=float, default=240,
                   help="seconds a plain-path stage may run before it is stopped (lower bound)")
    p.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--hermit", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--reference", default="", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        refs = set(filter(None, args.reference.split(",")))
        print(json.dumps(worker(args.worker, hermit=args.hermit, reference=refs,
                                seed=args.seed, budget=args.budget)))
        return 0
    results = []
    if args.resume and args.json and args.json.is_file():
        results = json.loads(args.json.read_text(encoding="utf-8"))
    done = {r["size"] for r in results}
    for size in (int(s) for s in args.sizes.split(",")):
        if size in done:
            continue
        repeats = args.repeats if size < 100 else args.repeats_large
        print(f"N={size}: {repeats} run(s)…", file=sys.stderr, flush=True)
        refs = {name for name, limit in (("rdflib", args.reference_max),
                                         ("pyshacl", args.pyshacl_max),
                                         ("checks", args.checks_max),
                                         ("shipped-checks", args.shipped_checks_max),
                                         ("queries", args.queries_max)) if size <= limit}
        results.append(measure(size, args.work, repeats, size <= args.hermit_max, refs,
                               args.seed, args.budget, args.reuse_corpus))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    results.sort(key=lambda r: r["size"])
    cli = {} if args.no_cli else cli_timings(args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(results, cli) + kept_section(args.out), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

