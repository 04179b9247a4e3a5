"""The stages from curation to a checked, reasoned graph, as plain functions."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from psykg import paths
from psykg.build.compile import Compiled, compile_files
from psykg.build.ontology import Ontology, read_turtle
from psykg.build.reason import hermit, materialise
from psykg.curation.mappings import VERIFIED_TABLE, check_verified, read_sssom
from psykg.errors import CurationError
from psykg.heap import trim
from psykg.rdf.graphs import TripleSet, Union
from psykg.rdf.serialize import to_ntriples
from psykg.release.void import Counts

if TYPE_CHECKING:
    from psykg.validation.report import Report


@dataclass(frozen=True)
class Inputs:
    """Where a build reads from: a project root and the files under it."""

    root: Path

    @property
    def ontology(self) -> Path:
        """The OWL ontology."""
        return self.root / paths.ONTOLOGY_FILE

    @property
    def shapes(self) -> Path:
        """The SHACL shapes."""
        return self.root / paths.SHAPES_FILE

    @property
    def data_dir(self) -> Path:
        """The data folder (entities, sources, curation, expected, mappings)."""
        return self.root / "data"

    @property
    def curation_files(self) -> list[Path]:
        """Every curation YAML file, sorted."""
        return sorted((self.root / paths.CURATION_DIR).glob("*.yaml"))

    @property
    def yaml_files(self) -> list[Path]:
        """Every data YAML file: entity registry, source records and curation files, sorted."""
        return sorted([*(self.root / paths.ENTITIES_DIR).glob("*.yaml"),
                       *(self.root / paths.SOURCES_DIR).glob("*.yaml"), *self.curation_files])

    @property
    def sssom(self) -> Path:
        """The mappings to external vocabularies."""
        return self.root / paths.MAPPINGS_DIR / "psykg.sssom.tsv"

    @property
    def checks_dir(self) -> Path:
        """SPARQL checks; any row fails validation."""
        return self.root / paths.CHECKS_DIR


@dataclass
class Result:
    """Everything a build produces in memory, before it is written."""

    ontology: Ontology
    shapes: Graph
    compiled: Compiled
    inferred: TripleSet
    """What the rules (and HermiT, when it adds anything) infer that the data lacks."""
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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while graphs are built: they allocate millions of
    long-lived, acyclic terms that every collection rescans (compile + rules of the scale
    corpus at N=1000: 70 s with the collector running, 28 s paused); it runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compile_inputs(inputs: Inputs) -> tuple[Ontology, Compiled]:
    """Load the ontology and compile every curation file with the mappings."""
    ontology = Ontology.load(inputs.ontology)
    files = inputs.curation_files
    if not files:
        raise CurationError("no curation files", file=inputs.root / paths.CURATION_DIR,
                            hint="add data/curation/<document>.yaml")
    mappings = read_sssom(inputs.sssom) if inputs.sssom.is_file() else []
    check_verified(mappings, inputs.sssom.parent / VERIFIED_TABLE, inputs.sssom)
    with gc_paused():
        return ontology, compile_files(files, ontology, inputs.data_dir, mappings, inputs.sssom)


def check(inputs: Inputs, ontology: Ontology, compiled: Compiled,
          pool: Executor | None = None) -> Result:
    """The rule closure of the compiled data, validated against the shapes and checks.

    With `pool`, validation (mostly pyoxigraph, which releases the GIL) runs there and the
    result's `report` waits for it, so the caller can write the release meanwhile."""
    from psykg.validation.validate import validate  # pyshacl is slow to import; only this needs it

    shapes = read_turtle(inputs.shapes)
    with gc_paused():
        inferred = materialise(compiled.triples, ontology.graph)
    result = Result(ontology, shapes, compiled, inferred, Future())  # validated below
    ntriples = result.ntriples  # sorted here, once: validation and every data file read it

    def run() -> Report:
        # the release graph is the data with the ontology mixed in, as pyshacl does with
        # ont_graph; `full` is built as an rdflib graph only if pyshacl runs (small graphs)
        report = validate(lambda: result.full, shapes, Graph(), inputs.checks_dir,
                          ntriples=ntriples)
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
    return Result(result.ontology, result.shapes, result.compiled, inferred, result.validation,
                  result.notes)


def run(inputs: Inputs, *, use_hermit: bool = True) -> Result:
    """Compile, reason and validate; the caller decides what to do with a failing report.

    HermiT (a Java process) runs in a thread while the rule closure is validated; its
    inferences only ever add to the rules', so the report does not depend on them."""
    ontology, compiled = compile_inputs(inputs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(hermit, compiled.graph, ontology.graph) if use_hermit else None
        result = check(inputs, ontology, compiled)
        return with_hermit(result, pending.result()) if pending is not None else result
