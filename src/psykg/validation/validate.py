"""Validate a reasoned data graph: SHACL shapes plus SPARQL checks, in one report, on the
reference engines (pyshacl, rdflib) or the compiled one (SPARQL on pyoxigraph) by size."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from rdflib import Graph

from psykg.validation import compiled
from psykg.validation.checks import load_checks, reference_findings, store_findings
from psykg.validation.reference import run_shacl
from psykg.validation.report import Report

FAST_ENGINE_TRIPLES = 10_000
"""From this many triples (data plus ontology) up, `validate` runs the compiled SHACL engine
(validation.compiled: SHACL compiled to SPARQL on a pyoxigraph store) instead of pyshacl.
Below it pyshacl, the reference, runs: the seed dataset (about 2,000 triples) is always
checked by pyshacl. The two give equal reports (tests/test_compiled_validation.py); at
150,000 triples pyshacl takes about 22 s, the compiled engine 0.5 s, at 1.5 million about
380 s and 4 s (docs/benchmarks.md)."""

ENGINES = ("auto", "reference", "compiled")
"""`validate` engines: "reference" is pyshacl plus rdflib's SPARQL for the checks; "compiled"
is validation.compiled for both; "auto" runs the checks on pyoxigraph and SHACL by pyshacl
below FAST_ENGINE_TRIPLES, compiled from there up."""


def validate(
    data: Graph | Callable[[], Graph],
    shapes: Graph,
    ontology: Graph,
    checks_dir: Path,
    *,
    engine: str = "auto",
    ntriples: str | None = None,
) -> Report:
    """SHACL over the reasoned data, then the checks over data plus ontology, in one report.

    `data` is the graph, or a function giving it, called only when an rdflib graph is needed
    (pyshacl; the compiled engine reads `ntriples`). `ntriples` is data plus ontology as
    N-Triples, when the caller has it (the release's sorted text), for the pyoxigraph store.
    The compiled engine falls back to the reference one on a feature it does not handle."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; choose one of {ENGINES}")
    data_graph: Callable[[], Graph] = (lambda: data) if isinstance(data, Graph) else cache(data)

    checks = load_checks(checks_dir)
    if engine == "reference":
        findings = run_shacl(data_graph(), shapes, ontology) + reference_findings(
            data_graph() + ontology, checks
        )
        return Report(tuple(findings), tuple((c.name, c.fix) for c in checks))
    if ntriples is None:
        ntriples = "".join(
            g.serialize(format="nt", encoding="utf-8").decode("utf-8")
            for g in (data_graph(), ontology)
        )
        size = len(data_graph()) + len(ontology)
    else:
        size = ntriples.count("\n")
    store = compiled.DataStore.from_ntriples(ntriples)
    if engine == "compiled" or size >= FAST_ENGINE_TRIPLES:
        try:
            findings = compiled.shacl_findings(store, shapes)
        except compiled.Unsupported:
            findings = run_shacl(data_graph(), shapes, ontology)
    else:
        findings = run_shacl(data_graph(), shapes, ontology)
    findings += store_findings(store, checks)
    return Report(tuple(findings), tuple((c.name, c.fix) for c in checks))
