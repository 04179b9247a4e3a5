"""Benchmark of the psykg pipeline on the scale corpus; writes docs/benchmarks.md.

Not a test: it measures. For each corpus size N, three parts, each of which can be run alone:

- stages: in a fresh subprocess per repeat (stages.py), every pipeline stage on the fast path
  and the plain path it replaces (pyshacl, rdflib serialisers, parsing and SPARQL), each packaged
  query on pyoxigraph and, with its own budget, on rdflib;
- build: the real `psykg build --no-hermit` (and with HermiT up to --hermit-max) as a child
  process with PSYKG_ROOT=<corpus>, wall time and peak memory (endtoend.py);
- cli: `psykg build` and `psykg query` on the real dataset (once, not per N).

Raw results go to one JSON file per N in --results (merged: a run replaces only the parts it
measured), and the markdown is rendered from every result present, so a long N=1000 run can be
done on its own:

    python benchmarks/run.py --sizes 1,10,100 --results /tmp/psykg-bench/results
    python benchmarks/run.py --sizes 1000 --skip cli --results /tmp/psykg-bench/results \
        --corpus '/tmp/c{n}' --reuse-corpus
    python benchmarks/run.py --render-only --results /tmp/psykg-bench/results
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from endtoend import run_build  # noqa: E402
from report import kept_section, render  # noqa: E402
from stages import REFERENCES, add_budget_arguments, agreement  # noqa: E402

PARTS = ("stages", "build", "cli")


# ---------------------------------------------------------------- corpus


def _same_tree(a: Path, b: Path) -> bool:
    """Whether folders `a` and `b` hold the same files with the same contents."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return (
        not mismatch and not errors and all(_same_tree(a / sub, b / sub) for sub in cmp.common_dirs)
    )


def corpus(root: Path, size: int, seed: int, reuse: bool) -> Path:
    """The corpus folder of `size` documents at `root`: reused when asked and it has exactly
    `size` documents and this checkout's ontology/ and queries/, else (re)generated."""
    from corpus import generate

    curation = root / "data" / "curation"
    if reuse and curation.is_dir():
        docs = len(list(curation.glob("doc-*.yaml")))
        fresh = all(_same_tree(ROOT / sub, root / sub) for sub in ("ontology", "queries"))
        if docs == size and fresh:
            return root
        print(
            f"{root}: {docs} documents, ontology/queries "
            f"{'current' if fresh else 'out of date'}; regenerating",
            file=sys.stderr,
        )
    print(f"generating {size} documents in {root}…", file=sys.stderr, flush=True)
    return generate(root, size, seed)


# ---------------------------------------------------------------- parts


def measure_stages(
    root: Path, size: int, repeats: int, hermit: bool, reference: set[str], args: argparse.Namespace
) -> dict[str, Any]:
    """Run `repeats` stage workers on the corpus at `root`; medians of their measurements."""
    runs = []
    for _ in range(repeats):
        cmd = [
            sys.executable,
            str(HERE / "stages.py"),
            str(root),
            "--seed",
            str(args.seed),
            "--budget",
            str(args.budget),
            "--shacl-budget",
            str(args.shacl_budget),
            "--query-budget",
            str(args.query_budget),
            "--query-runs",
            str(args.query_runs),
            *(["--hermit"] if hermit else []),
            *([f"--reference={','.join(sorted(reference))}"] if reference else []),
        ]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first = runs[0]
    stages = {
        name: {
            key: statistics.median(r["stages"][name][key] for r in runs)
            for key in first["stages"][name]
        }
        for name in first["stages"]
    }
    queries = {}
    for name, q in first["queries"].items():
        ref = [r["queries"][name]["ref_s"] for r in runs]
        queries[name] = {
            "rows": q["rows"],
            "fast_s": statistics.median(r["queries"][name]["fast_s"] for r in runs),
            "ref_s": None if ref[0] is None else statistics.median(ref),
            "ref_timed_out": any(r["queries"][name]["ref_timed_out"] for r in runs),
            "same_rows": agreement(r["queries"][name]["same_rows"] for r in runs),
        }
    return {
        "size": size,
        "repeats": repeats,
        "counts": first["counts"],
        "conforms": first["conforms"],
        "agree": agreement(r.get("agree") for r in runs),
        "shacl": first.get("shacl"),
        "queries_agree": agreement(r.get("queries_agree") for r in runs),
        "queries": queries,
        "query_runs": args.query_runs,
        "budgets": {
            "checks": args.budget,
            "pyshacl": args.shacl_budget,
            "query": args.query_budget,
        },
        "max_rss_mb": max(r["max_rss_mb"] for r in runs),
        "stages": stages,
    }


def measure_build(root: Path, repeats: int, hermit: bool, budget: float) -> dict[str, Any]:
    """Median wall time and largest peak of `repeats` real builds, per variant."""
    out = {}
    for key, with_hermit in (("no_hermit", False), ("hermit", True)):
        if with_hermit and not hermit:
            continue
        runs = [run_build(root, hermit=with_hermit, budget=budget) for _ in range(repeats)]
        failed = [r for r in runs if r["exit"] != 0 and not r["timed_out"]]
        for r in failed:
            print(f"build {root} ({key}) failed: {r['log_tail']}", file=sys.stderr)
        out[key] = {
            "runs": repeats,
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": max(max(r["maxrss_mb"], r["group_peak_mb"]) for r in runs),
            "maxrss_mb": max(r["maxrss_mb"] for r in runs),
            "group_peak_mb": max(r["group_peak_mb"] for r in runs),
            "timed_out": any(r["timed_out"] for r in runs),
            "failed": bool(failed),
            "exit": failed[0]["exit"] if failed else 0,
            "dist_files": runs[-1]["dist_files"],
            "dist_mb": runs[-1]["dist_mb"],
            "budget": budget,
        }
    return out


def _timed_cli(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def cli_timings(repeats: int) -> dict[str, float]:
    """Median wall times of the CLI on the real project (build, query --list, a query), each
    after one untimed run that writes Python's bytecode cache, as a user's first run does
    (PYTHONDONTWRITEBYTECODE is dropped: with it, every run compiles the changed modules)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PSYKG_ROOT"] = str(ROOT)
    exe = [sys.executable, "-m", "psykg.cli"]
    out: dict[str, float] = {}
    runs: dict[str, list[str]] = {
        "psykg build": [*exe, "build"],
        "psykg query --list": [*exe, "query", "--list"],
        "psykg query indications": [*exe, "query", "indications"],
    }
    for name, args in runs.items():
        try:
            _timed_cli(args, env)
            out[name] = statistics.median(_timed_cli(args, env) for _ in range(repeats))
        except subprocess.CalledProcessError as exc:
            print(f"{name}: failed ({exc.stderr.decode(errors='replace')[-300:]})", file=sys.stderr)
    return out


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

    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; {platform.platform()}; "
        f"Python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph "
        f"{pyoxigraph.__version__}, pyshacl {pyshacl.__version__}"
    )


# ---------------------------------------------------------------- results folder


def _size_file(results: Path, size: int) -> Path:
    return results / f"N-{size:04d}.json"


def read_json(path: Path) -> dict[str, Any]:
    """A results file, or {} when absent."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def save(path: Path, update: dict[str, Any]) -> None:
    """Merge `update` into the JSON object at `path` (written atomically)."""
    data = {**read_json(path), **update}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def load_all(results: Path) -> tuple[dict[int, dict[str, Any]], dict[str, float], list[str]]:
    """Every size's results, the CLI timings and the distinct machine lines in `results`."""
    by_size = {}
    for path in sorted(results.glob("N-*.json")):
        data = read_json(path)
        by_size[int(data["size"])] = data
    cli = read_json(results / "cli.json")
    machines = sorted({m for d in [*by_size.values(), cli] for m in d.get("machines", [])})
    return by_size, cli.get("timings", {}), machines


# ---------------------------------------------------------------- command line


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1,10,100", help="comma-separated corpus sizes")
    p.add_argument("--repeats", type=int, default=3, help="runs per size (median reported)")
    p.add_argument(
        "--repeats-large", type=int, default=1, help="runs per size of 100 documents or more"
    )
    p.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"parts to measure, comma-separated of {', '.join(PARTS)}",
    )
    p.add_argument("--skip", default="", help="parts not to measure (see --only)")
    p.add_argument(
        "--render-only",
        action="store_true",
        help="measure nothing; render --out from the results folder",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="do not measure a part of a size already in the results folder",
    )
    p.add_argument(
        "--results",
        type=Path,
        default=Path("/tmp/psykg-bench/results"),
        help="folder of raw JSON results, one file per N (merged across runs)",
    )
    p.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "benchmarks.md", help="markdown to write"
    )
    p.add_argument("--work", type=Path, default=Path("/tmp/psykg-bench"), help="corpus folder")
    p.add_argument(
        "--corpus",
        default="{work}/corpus-{n}",
        help="corpus folder of size N, e.g. /tmp/c{n} (with --reuse-corpus)",
    )
    p.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="reuse a corpus folder that has N documents and the current ontology/ "
        "and queries/ instead of regenerating it",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--hermit-max", type=int, default=10, help="largest N to run HermiT on")
    p.add_argument(
        "--reference-max",
        type=int,
        default=100,
        help="largest N to run rdflib parsing and serialisation on",
    )
    p.add_argument("--pyshacl-max", type=int, default=1000, help="largest N to run pyshacl on")
    p.add_argument(
        "--checks-max",
        type=int,
        default=10,
        help="largest N to run the SPARQL checks on rdflib (superlinear)",
    )
    p.add_argument(
        "--shipped-checks-max",
        type=int,
        default=100,
        help="largest N to run the check files unchanged on pyoxigraph (quadratic)",
    )
    p.add_argument(
        "--queries-max",
        type=int,
        default=1000,
        help="largest N to run the packaged queries on rdflib",
    )
    add_budget_arguments(p)
    p.add_argument(
        "--build-budget",
        type=float,
        default=900,
        help="seconds a real `psykg build` may run before it is killed",
    )
    args = p.parse_args(argv)
    only = set(filter(None, args.only.split(","))) - set(filter(None, args.skip.split(",")))
    unknown = only - set(PARTS)
    if unknown:
        p.error(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    args.parts = set() if args.render_only else only
    return args


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    args = parse(argv)
    here = machine()
    sizes = [int(s) for s in args.sizes.split(",")] if {"stages", "build"} & args.parts else []
    for size in sizes:
        path = _size_file(args.results, size)
        todo = [
            part
            for part in ("stages", "build")
            if part in args.parts and not (args.resume and part in read_json(path))
        ]
        if not todo:
            continue
        root = corpus(
            Path(args.corpus.format(work=args.work, n=size)), size, args.seed, args.reuse_corpus
        )
        repeats = args.repeats if size < 100 else args.repeats_large
        machines = sorted({here, *read_json(path).get("machines", [])})
        if "stages" in todo:
            print(f"N={size}: stages, {repeats} run(s)…", file=sys.stderr, flush=True)
            limits = {
                "rdflib": args.reference_max,
                "pyshacl": args.pyshacl_max,
                "checks": args.checks_max,
                "shipped-checks": args.shipped_checks_max,
                "queries": args.queries_max,
            }
            refs = {name for name in REFERENCES if size <= limits[name]}
            save(
                path,
                {
                    "size": size,
                    "machines": machines,
                    "stages": measure_stages(
                        root, size, repeats, size <= args.hermit_max, refs, args
                    ),
                },
            )
        if "build" in todo:
            print(f"N={size}: psykg build, {repeats} run(s)…", file=sys.stderr, flush=True)
            save(
                path,
                {
                    "size": size,
                    "machines": machines,
                    "build": measure_build(
                        root, repeats, size <= args.hermit_max, args.build_budget
                    ),
                },
            )
    cli_file = args.results / "cli.json"
    if "cli" in args.parts and not (args.resume and cli_file.is_file()):
        print("real dataset: CLI timings…", file=sys.stderr, flush=True)
        save(cli_file, {"machines": [here], "timings": cli_timings(args.repeats)})
    by_size, cli, machines = load_all(args.results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(by_size, cli, machines) + kept_section(args.out), encoding="utf-8")
    print(
        f"wrote {args.out} from {args.results} (N = {', '.join(map(str, by_size))})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
