"""Write the release folder atomically: every file in a temporary folder, then one rename."""

from __future__ import annotations

import gc
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from psykg.build.reason import HERMIT_MAX_TRIPLES
from psykg.curation.schema import write_schemas
from psykg.heap import trim
from psykg.paths import QUERIES_DIR, Inputs
from psykg.rdf.mediatypes import media_type
from psykg.rdf.serialize import WRITERS, jsonld_context, to_turtle, write
from psykg.release import formatwriter
from psykg.release.curation_check import located_failure
from psykg.release.lock import build_lock, staging_prefix
from psykg.release.manifest import MANIFEST
from psykg.release.pipeline import Result, start, with_hermit
from psykg.release.void import describe
from psykg.sparql.packaged import write_queries_index

FORMAT_PROCESS_TRIPLES = 100_000
"""From this many triples up, the Turtle, RDF/XML and JSON-LD files are written from psykg.nt
by a child process while this one writes the exports: they are about 20 s of CPU at a million
triples, and in threads they would wait for the GIL that the exports hold. Below, they are
written here, in less time than a child process takes to start."""


DataHook = Callable[[Result, Path, "Future[Path] | None"], None]
"""Writes files beside the data files: (result, release folder, the future writing psykg.ttl
when a child process writes it, else None)."""
FinalHook = Callable[[Result, Path], None]
"""Writes files once the report is written: (result, release folder)."""


@dataclass(frozen=True)
class Extensions:
    """What the release writes beyond its data, report, VoID and manifest: the hooks of the
    packages above this one (exports, site), which psykg.api.release_extensions wires."""

    with_data: Sequence[DataHook] = ()
    """Run while the data files are written; they need no validation report."""
    after_report: Sequence[FinalHook] = ()
    """Run in order once the report is written; each may list the files written before it."""


def write_release(result: Result, folder: Path, extensions: Extensions = Extensions()) -> None:
    """Write every release file of `result` into an existing empty `folder`; raise
    ValidationFailed, having written part of it, if the result does not conform.

    The data files and `extensions.with_data` (the exports) come first: they do not need the
    validation report, which `result` may still be computing (pipeline.check with a pool).
    The report files, `extensions.after_report` (the site, whose VoID lists the files above
    with their sizes; the RO-Crate, which lists every file), VoID and the manifest follow."""
    nt = result.ntriples
    formatwriter.write_format(nt, "ntriples", folder)
    formats = [fmt for fmt in WRITERS if fmt != "ntriples"]
    if nt.count("\n") < FORMAT_PROCESS_TRIPLES:
        for fmt in formats:
            formatwriter.write_format(nt, fmt, folder)
        _write_inputs(result, folder)
        for hook in extensions.with_data:
            hook(result, folder, None)
    else:
        with formatwriter.started(folder, formats) as written:
            _write_inputs(result, folder)
            for hook in extensions.with_data:
                hook(result, folder, written["turtle"])
            for future in written.values():
                future.result()
    trim()
    report = result.report
    if not report.conforms:
        raise located_failure(report.violations, result.compiled)
    (folder / "validation-report.txt").write_text(report.text(), encoding="utf-8")
    write(report.to_graph(), folder / "validation-report.ttl", "turtle")
    for final in extensions.after_report:
        final(result, folder)
    files = {
        p.name: (media_type(p.name), p.stat().st_size)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
    void = describe(result.ontology.graph, files, result.counts)
    (folder / "void.ttl").write_text(to_turtle(void), encoding="utf-8")
    write_manifest(folder)


def _write_inputs(result: Result, folder: Path) -> None:
    """The JSON-LD context, ontology, shapes, mappings, query index and the JSON Schemas of
    the data files (schema/, generated from the models the loader uses)."""
    inputs = result.inputs
    (folder / "context.jsonld").write_text(_json(jsonld_context()), encoding="utf-8")
    write(result.ontology.graph, folder / "ontology.ttl", "turtle")
    shutil.copyfile(inputs.shapes, folder / "shapes.ttl")
    if inputs.sssom.is_file():
        shutil.copyfile(inputs.sssom, folder / "mappings.sssom.tsv")
    write_queries_index(folder, inputs.root / QUERIES_DIR)
    write_schemas(folder / "schema")


def _json(value: object) -> str:
    import json

    return json.dumps(value, indent=1, sort_keys=True) + "\n"


def write_manifest(folder: Path) -> None:
    """MANIFEST.sha256 over every file below `folder`, in the format `sha256sum -c` reads."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    (folder / MANIFEST).write_text("".join(lines), encoding="utf-8")


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with renames, so readers never see a half-written folder.

    Everything in it is made readable by others first (directories 0755, files 0644): the
    staging folder comes from mkdtemp (0700), and a web server publishing the release runs as
    another user."""
    for path in [staging, *staging.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)


@contextmanager
def _graphs_frozen() -> Iterator[None]:
    """Undo any gc.freeze() of the body on the way out, so its objects can be collected again
    (the build runs more than once in one process in the tests and the server)."""
    try:
        yield
    finally:
        gc.unfreeze()


def build(
    inputs: Inputs,
    out: Path,
    extensions: Extensions = Extensions(),
    *,
    use_hermit: bool = True,
    hermit_limit: int | None = HERMIT_MAX_TRIPLES,
) -> Result:
    """Run the pipeline and publish to `out`; on any error `out` is left as it was.

    HermiT runs when `use_hermit` and the ontology plus asserted data are at most
    `hermit_limit` triples (pipeline.hermit_plan); the result's notes say when it was skipped.

    HermiT runs in a thread for the whole build (it is a Java process, so it does not compete
    for the GIL); the release is written from the rule closure and only rewritten in the rare
    case that HermiT infers something more. Validation runs in another thread while the data
    files and exports are written (write_release waits for it before the report files).
    Nothing is published before the data conforms and HermiT has proved the ontology and data
    consistent. One build at a time writes `out` (release.lock: a second one waits), and
    what killed builds left next to `out` is removed first."""
    with build_lock(out):
        return _build(inputs, out, extensions, use_hermit=use_hermit, hermit_limit=hermit_limit)


def _build(
    inputs: Inputs, out: Path, extensions: Extensions, *, use_hermit: bool, hermit_limit: int | None
) -> Result:
    """`build` with the lock held."""
    with ThreadPoolExecutor(max_workers=2) as pool, _graphs_frozen():
        result, pending = start(inputs, pool, use_hermit=use_hermit, hermit_limit=hermit_limit)
        gc.freeze()  # the graphs live until the release is written: stop rescanning them
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
        try:
            write_release(result, staging, extensions)
            if pending is not None:
                reasoned = with_hermit(result, pending.result())
                if reasoned is not result:
                    shutil.rmtree(staging)
                    staging.mkdir()
                    write_release(reasoned, staging, extensions)
                    result = reasoned
            swap_into_place(staging, out)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return result
