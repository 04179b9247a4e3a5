"""The one orchestrator of the stages, from curation to a checked, reasoned graph held in memory
(`run`; release.write.build writes it out while HermiT still runs)."""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph

from psykg.build.compile import Compiled, compile_inputs
from psykg.build.inferred import inverse_pairs, link_inferences
from psykg.build.ontology import Ontology, read_turtle
from psykg.build.reason import HERMIT_MAX_TRIPLES, Premises, hermit, materialise
from psykg.heap import gc_paused, trim
from psykg.paths import Inputs
from psykg.rdf.graphs import TripleSet, Union
from psykg.rdf.serialize import to_ntriples
from psykg.release.void import Counts
from psykg.validation.report import Report
from psykg.validation.validate import validate


@dataclass
class Result:
    """Everything a build produces in memory, before it is written."""

    inputs: Inputs
    """What the result was built from."""
    ontology: Ontology
    shapes: Graph
    compiled: Compiled
    inferred: TripleSet
    """What the rules (and HermiT, when it adds anything) infer that the data lacks, with the
    inferred-statement nodes that tie each rule inference to the statements it rests on."""
    validation: Report | Future[Report]
    """The validation report, or the future computing it (`check` with a pool): read `report`."""
    notes: tuple[str, ...] = ()
    """What a reader of the build should know, e.g. that HermiT did not run and why."""

    @property
    def report(self) -> Report:
        """The validation report (waits for it if it is still being computed)."""
        if isinstance(self.validation, Future):
            self.validation = self.validation.result()
        return self.validation

    @cached_property
    def release(self) -> Union:
        """Ontology, data and inferences read as one graph, without copying them: what the
        release is written from (the rules infer only triples the data lacks)."""
        return Union((self.compiled.triples, self.inferred), (self.ontology.graph,))

    @cached_property
    def data(self) -> Graph:
        """Asserted plus inferred data, without the ontology, as an rdflib graph (built once)."""
        return Union((self.compiled.triples, self.inferred)).graph()

    @cached_property
    def full(self) -> Graph:
        """The release graph as an rdflib graph (built once, on first use: the build itself
        reads `release`, which costs no copy)."""
        with gc_paused():
            return self.release.graph()

    @cached_property
    def ntriples(self) -> str:
        """The release graph as sorted N-Triples (serialize.to_ntriples; built once)."""
        return to_ntriples(self.release)

    @cached_property
    def counts(self) -> Counts:
        """The VoID counts of the release graph (counted once)."""
        return Counts.of_ntriples(self.ntriples)


def infer(data: TripleSet, ontology: Graph) -> TripleSet:
    """The rule closure of `data`, with an inferred-statement node (build.inferred) tying each
    inferred triple that rests on curated statements to them, and the nodes' own types."""
    premises: Premises = {}
    inferred = materialise(data, ontology, premises)
    links = link_inferences(data, inferred, premises, inverse_pairs(ontology))
    typed = materialise(links, ontology)
    return inferred.add_all(links).add_all(typed)


def check(
    inputs: Inputs, ontology: Ontology, compiled: Compiled, pool: Executor | None = None
) -> Result:
    """The rule closure of the compiled data, validated against the shapes and checks.

    With `pool`, validation (mostly pyoxigraph, which releases the GIL) runs there and the
    result's `report` waits for it, so the caller can write the release meanwhile."""

    shapes = read_turtle(inputs.shapes)
    with gc_paused():
        inferred = infer(compiled.triples, ontology.graph)
    result = Result(inputs, ontology, shapes, compiled, inferred, Future())  # validated below
    ntriples = result.ntriples  # sorted here, once: validation and every data file read it

    def run() -> Report:
        # the release graph is the data with the ontology mixed in, as pyshacl does with
        # ont_graph; `full` is built as an rdflib graph only if pyshacl runs (small graphs)
        report = validate(
            lambda: result.full, shapes, Graph(), inputs.checks_dir, ntriples=ntriples
        )
        trim()  # the validation store is gone: give its pages back
        return report

    result.validation = run() if pool is None else pool.submit(run)
    return result


def with_hermit(result: Result, by_hermit: Graph) -> Result:
    """`result` with HermiT's inferences added; the same object when HermiT found nothing new
    (the usual case: a test proves HermiT infers nothing the rules miss)."""
    new = [t for t in by_hermit if t not in result.release]
    if not new:
        return result
    inferred = TripleSet(result.inferred).add_all(new)
    return Result(
        result.inputs,
        result.ontology,
        result.shapes,
        result.compiled,
        inferred,
        result.validation,
        result.notes,
    )


def hermit_plan(
    ontology: Ontology, compiled: Compiled, use_hermit: bool, hermit_limit: int | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether HermiT runs, and the note saying why not: it runs when asked (`use_hermit`)
    and the ontology plus asserted data are at most `hermit_limit` triples (None: no limit)."""
    size = len(ontology.graph) + len(compiled.triples)
    if not use_hermit or hermit_limit is None or size <= hermit_limit:
        return use_hermit, ()
    return False, (
        f"HermiT not run: {size:,} triples of ontology and asserted data is above "
        f"its limit of {hermit_limit:,} (reason.HERMIT_MAX_TRIPLES); consistency "
        "rests on the rule closure, the SHACL shapes and the disjointness checks",
    )


def start(
    inputs: Inputs,
    pool: Executor,
    *,
    use_hermit: bool = True,
    hermit_limit: int | None = HERMIT_MAX_TRIPLES,
) -> tuple[Result, Future[Graph] | None]:
    """Compile, then reason and validate in `pool`: the result (its report may still be
    computing) and HermiT's pending inferences, when it runs (hermit_plan).

    HermiT (a Java process) runs in a thread while the rule closure is validated; its
    inferences only ever add to the rules', so the report does not depend on them. The rest
    starts once Java has started (or HermiT has ended without it), so with `--hermit` above
    the size limit the owlready2 load of a large graph comes first, before hours of Java."""
    ontology, compiled = compile_inputs(inputs)
    use_hermit, notes = hermit_plan(ontology, compiled, use_hermit, hermit_limit)
    pending = None
    if use_hermit:
        # Let HermiT's own Python work (owlready2 reads the graph, writes its input file) run
        # alone until Java starts: shared with the validation and writing threads it took
        # 1.2 s instead of 0.2 s, and Java's end became the end of the build (real dataset, A/B
        # of 12 builds: median 3.24 s -> 2.89 s).
        started = threading.Event()
        pending = pool.submit(hermit, compiled.graph, ontology.graph, started)
        pending.add_done_callback(lambda _: started.set())  # ended (or failed) before Java
        started.wait()
    result = check(inputs, ontology, compiled, pool)
    result.notes = notes
    return result, pending


def run(
    inputs: Inputs, *, use_hermit: bool = True, hermit_limit: int | None = HERMIT_MAX_TRIPLES
) -> Result:
    """Compile, reason and validate, writing nothing; the caller decides what to do with a
    failing report (release.write.build publishes a conforming one)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        result, pending = start(inputs, pool, use_hermit=use_hermit, hermit_limit=hermit_limit)
        result.report  # noqa: B018 - wait for the report while the pool is alive
        return with_hermit(result, pending.result()) if pending is not None else result
