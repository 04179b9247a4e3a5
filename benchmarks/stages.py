"""One benchmark worker: every pipeline stage on one corpus, in this process; prints JSON.

Runs compile-and-anchor, the rule reasoner, HermiT (optional), N-Triples, the embedded store,
the compiled SHACL validator and SPARQL checks, every release format and each packaged query;
then the plain path they replace (pyshacl, rdflib SPARQL checks, serialisers, parsing and
SPARQL), each with its own time budget. run.py starts one per repeat:

    python benchmarks/stages.py CORPUS --reference pyshacl,queries --query-budget 60
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from meter import Meter, budget

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

REFERENCES = ("rdflib", "pyshacl", "checks", "shipped-checks", "queries")
"""Plain-path parts a worker can run (each has a --*-max size limit in run.py)."""

NOT_EXISTS_TO_MINUS = (
    (
        """  FILTER NOT EXISTS {
    ?statement ?role ?resource .
    ?statement a psykg:Statement .
  }""",
        """  MINUS {
    ?statement a psykg:Statement ;
               ?role ?resource .
  }""",
    ),
    (
        """  FILTER NOT EXISTS {
    ?resource prov:wasDerivedFrom ?quote .
    ?quote rdfs:label ?text .
    FILTER(CONTAINS(STR(?text), STR(?value)))
  }""",
        """  MINUS {
    ?resource ?wording ?value ;
              prov:wasDerivedFrom ?quote .
    ?quote rdfs:label ?text .
    FILTER(CONTAINS(STR(?text), STR(?value)))
  }""",
    ),
)
"""The recommended rewrite of two checks: pyoxigraph evaluates these FILTER NOT EXISTS blocks
once per outer row without the outer binding (quadratic); MINUS is one hash anti-join."""


def minus_rewrite(query: str) -> str:
    """A check's text with the NOT EXISTS blocks above replaced by MINUS."""
    for old, new in NOT_EXISTS_TO_MINUS:
        query = query.replace(old, new)
    return query


def _checks(root: Path) -> dict[str, str]:
    folder = root / "queries" / "checks"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


def _rows(store: Any, query: str) -> int:
    """Number of solutions of a SELECT on a pyoxigraph store."""
    return len(list(store.query(query)))


def synthetic_defaults(query: Any, seed: int | None) -> dict[str, str]:
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


def comparable(result: Any, *, integers: bool = False) -> list[tuple[str, ...]]:
    """A query result as sorted rows of N-Triples terms (blank nodes all alike), so that two
    engines' answers compare equal when they hold the same solutions. With `integers`, every
    integer-derived datatype reads as xsd:integer (pyoxigraph stores them so)."""
    from psykg.rdf.datatypes import INTEGER_TYPES

    def text(t: Any) -> str:
        if t is None:
            return ""
        if t.kind == "bnode":
            return "_:"
        if integers and t.kind == "literal" and t.datatype in INTEGER_TYPES:
            return f'"{t.value}"^^<{XSD_INTEGER}>'
        return str(t.n3())

    if result.boolean is not None:
        return [(str(result.boolean),)]
    rows = result.rows if result.triples is None else result.triples
    return sorted(tuple(text(t) for t in row) for row in rows)


def same_rows(fast: Any, ref: Any) -> bool | str:
    """True when two results hold the same solutions; "values" when they do only with integer
    datatypes read as xsd:integer; False otherwise."""
    if comparable(fast) == comparable(ref):
        return True
    return "values" if comparable(fast, integers=True) == comparable(ref, integers=True) else False


def agreement(values: Iterable[bool | str | None]) -> bool | str | None:
    """Several runs' same_rows: False if any differ, "values" if any agree only on values,
    True if all agree, None if none compared."""
    seen = [v for v in values if v is not None]
    if not seen:
        return None
    if False in seen:
        return False
    return "values" if "values" in seen else True


def median_seconds(run: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls of `run`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def worker(
    root: Path,
    *,
    hermit: bool,
    reference: set[str],
    seed: int | None,
    budgets: dict[str, float],
    query_runs: int,
) -> dict[str, Any]:
    """Run every stage on the project at `root` in this process; return the measurements.
    `budgets`: seconds for "checks", "pyshacl" and "query" (each query on rdflib)."""
    from rdflib import Graph

    from psykg.build.compile import compile_inputs
    from psykg.build.ontology import read_turtle
    from psykg.build.reason import materialise
    from psykg.paths import Inputs
    from psykg.rdf.graphs import Union
    from psykg.rdf.serialize import WRITERS, from_ntriples, to_ntriples
    from psykg.sparql import packaged
    from psykg.validation import compiled as engine

    m = Meter()
    inputs = Inputs(root)
    counts: dict[str, int] = {}
    with m.stage("compile + anchor"):
        ontology, compiled = compile_inputs(inputs)
    with m.stage("reason: rules"):
        inferred = materialise(compiled.triples, ontology.graph)
    if hermit:
        from psykg.build.reason import hermit as run_hermit

        with m.stage("reason: HermiT"):
            run_hermit(compiled.graph, ontology.graph)
    release = Union((compiled.triples, inferred), (ontology.graph,))
    with m.stage("serialise: N-Triples (sorted)"):
        nt = to_ntriples(release)
    counts["triples"] = nt.count("\n")
    counts["asserted"] = len(compiled.triples)
    counts["inferred"] = len(inferred)
    with m.stage("load: pyoxigraph store"):
        data = engine.DataStore.from_ntriples(nt)
    shapes = read_turtle(inputs.shapes)
    with m.stage("validate: compiled SHACL"):
        conforms, results = engine.fast_validate(data, shapes)
    counts["shacl_results"] = len(results)
    checks = _checks(root)
    if "shipped-checks" in reference:
        with m.stage("validate: SPARQL checks as shipped (pyoxigraph)"):
            counts["check_rows"] = sum(_rows(data.store, q) for q in checks.values())
    with m.stage("validate: SPARQL checks (pyoxigraph)"):
        counts["check_rows_rewritten"] = sum(
            _rows(data.store, minus_rewrite(q)) for q in checks.values()
        )
    for fmt in ("turtle", "jsonld", "rdfxml"):
        with m.stage(f"serialise: {fmt} (pyoxigraph)"):
            from_ntriples(nt, fmt)
    run_ox = packaged.runner(data.store)
    queries = {
        name: packaged.prepare(q, synthetic_defaults(q, seed), run_ox)
        for name, q in packaged.load_queries(root / "queries").items()
    }
    with m.stage("queries (pyoxigraph)"):
        answers = {name: run_ox(q) for name, q in queries.items()}
    counts["query_rows"] = sum(len(comparable(a)) for a in answers.values())
    per_query: dict[str, dict[str, Any]] = {
        name: {
            "rows": len(comparable(answers[name])),
            "fast_s": median_seconds(partial(run_ox, q), query_runs),
            "ref_s": None,
            "ref_timed_out": False,
            "same_rows": None,
        }
        for name, q in queries.items()
    }
    out: dict[str, Any] = {
        "counts": counts,
        "conforms": conforms,
        "queries": per_query,
        "query_runs": query_runs,
    }
    full = release.graph() if reference else Graph()  # the references read an rdflib graph
    if "pyshacl" in reference:
        import pyshacl

        with m.stage("ref validate: pyshacl", budgets["pyshacl"]):
            ref_conforms, report, _ = pyshacl.validate(
                full, shacl_graph=shapes, allow_warnings=True
            )
            ref = engine.pyshacl_results(report)
            out["shacl"] = {
                "ref_conforms": bool(ref_conforms),
                "ref_results": len(ref),
                "same_conformance": bool(ref_conforms) == conforms,
                "same_results": ref == results,
            }
            out["agree"] = bool(ref_conforms == conforms and ref == results)
    if "checks" in reference:
        with m.stage("ref validate: SPARQL checks (rdflib)", budgets["checks"]):
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
        with m.stage("ref queries (rdflib)") as whole:
            for name, q in queries.items():
                with budget(budgets["query"]) as one:
                    ref_answer = run_rdflib(q)
                per_query[name]["same_rows"] = (
                    None if one.timed_out else same_rows(answers[name], ref_answer)
                )
                per_query[name]["ref_s"] = one.seconds
                per_query[name]["ref_timed_out"] = one.timed_out
                whole.timed_out |= one.timed_out
        out["queries_agree"] = agreement(p["same_rows"] for p in per_query.values())
    out["stages"] = m.stages
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def add_budget_arguments(p: argparse.ArgumentParser) -> None:
    """The options that bound the reference engines (shared with run.py, which passes them on)."""
    p.add_argument(
        "--budget",
        type=float,
        default=240,
        help="seconds the rdflib SPARQL checks may run before they are stopped",
    )
    p.add_argument(
        "--shacl-budget",
        type=float,
        default=1800,
        help="seconds pyshacl may run before it is stopped",
    )
    p.add_argument(
        "--query-budget",
        type=float,
        default=60,
        help="seconds each packaged query may run on rdflib before it is stopped",
    )
    p.add_argument(
        "--query-runs",
        type=int,
        default=3,
        help="timed runs of each packaged query on pyoxigraph (median)",
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: run the worker on one corpus folder and print its JSON on one line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("root", type=Path, help="corpus folder (project-shaped)")
    p.add_argument("--hermit", action="store_true", help="also run HermiT")
    p.add_argument("--reference", default="", help=f"comma-separated of {', '.join(REFERENCES)}")
    p.add_argument("--seed", type=int, default=0, help="seed the corpus was generated with")
    add_budget_arguments(p)
    args = p.parse_args(argv)
    refs = set(filter(None, args.reference.split(",")))
    if refs - set(REFERENCES):
        p.error(f"unknown --reference: {', '.join(sorted(refs - set(REFERENCES)))}")
    budgets = {"checks": args.budget, "pyshacl": args.shacl_budget, "query": args.query_budget}
    print(
        json.dumps(
            worker(
                args.root,
                hermit=args.hermit,
                reference=refs,
                seed=args.seed,
                budgets=budgets,
                query_runs=args.query_runs,
            )
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
