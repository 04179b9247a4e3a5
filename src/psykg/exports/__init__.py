"""Exports for research tools; the EXPORTS table drives both `psykg build` and `psykg export`."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from psykg.errors import DatasetMissing
from psykg.exports.view import ReleaseView
from psykg.rdf.serialize import write
from psykg.release.pipeline import Result

Writer = Callable[[ReleaseView, Path], None]
RDFXML_FORMAT = "rdfxml"
"""The psykg.rdf.serialize.WRITERS format whose file is psykg.owl."""


def _rdfxml(view: ReleaseView, folder: Path) -> None:

    folder.mkdir(parents=True, exist_ok=True)
    write(view.full, folder / "psykg.owl", RDFXML_FORMAT)


def _sssom(view: ReleaseView, folder: Path) -> None:
    if view.sssom is None or not view.sssom.is_file():
        raise DatasetMissing(
            "no SSSOM mappings file to export",
            hint="add data/mappings/psykg.sssom.tsv, then run psykg build",
        )
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(view.sssom, folder / "mappings.sssom.tsv")


def _lazy(module: str, function: str) -> Writer:
    """A writer that imports `psykg.exports.<module>` only when it runs (keeps start-up light)."""

    def writer(view: ReleaseView, folder: Path) -> None:
        getattr(importlib.import_module(f"psykg.exports.{module}"), function)(view, folder)

    writer.__name__ = f"_{module}"
    return writer


_tables = _lazy("tables", "write_tables")
_graphml = _lazy("graphml", "write_graphml")
_kgx = _lazy("kgx", "write_kgx")
_obographs = _lazy("obographs", "write_obographs")
_neo4j = _lazy("neo4j", "write_neo4j")
_rocrate = _lazy("rocrate", "write_rocrate")


@dataclass(frozen=True)
class Export:
    """One export format: where it goes in the release, what it is for, and its writer."""

    folder: str
    """Subfolder of the release ('' for the release root)."""
    description: str
    writer: Writer
    in_release: bool = True
    """False when psykg.release already writes the file itself."""


EXPORTS: dict[str, Export] = {
    "csv": Export("csv", "CSV tables + Frictionless datapackage.json (pandas, R)", _tables),
    "graphml": Export("graphml", "GraphML and GEXF (Gephi, Cytoscape, yEd, NetworkX)", _graphml),
    "kgx": Export("kgx", "KGX TSV nodes.tsv/edges.tsv with Biolink terms (KGX, Neo4j)", _kgx),
    "obographs": Export("obographs", "OBO Graphs JSON (OLS, OAK)", _obographs),
    "neo4j": Export("neo4j", "Turtle + load.cypher for neosemantics (Neo4j)", _neo4j),
    "rdfxml": Export("", "RDF/XML psykg.owl (Protégé, owlready2)", _rdfxml, in_release=False),
    "sssom": Export("", "SSSOM mappings.sssom.tsv (mapping tools)", _sssom, in_release=False),
    "rocrate": Export("", "RO-Crate ro-crate-metadata.json describing the folder", _rocrate),
}
"""Format name -> export. rocrate is last: it describes the files written before it."""

FINAL_EXPORTS = ("rocrate",)
"""Exports the release writes after the site (`finish_release_files`): they list its files."""
LATER_RELEASE_FILES = ("MANIFEST.sha256", "void.ttl")
"""Files psykg.release.write writes after the extensions; the RO-Crate lists them too."""
RELEASE_TURTLE = "psykg.ttl"
"""The Turtle psykg.release.write writes (psykg.rdf.serialize.to_turtle of the release graph)."""


def export(names: list[str], view: ReleaseView, folder: Path) -> list[Path]:
    """Write the named exports into `folder` (each in its subfolder); return the folders."""
    written = []
    for name in sorted(names, key=list(EXPORTS).index):
        entry = EXPORTS[name]
        target = folder / entry.folder if entry.folder else folder
        entry.writer(view, target)
        written.append(target)
    return written


def view_of(
    result: Result,
    sssom: Path | None = None,
    extra_files: tuple[str, ...] = (),
    turtle: Path | Future[Path] | None = None,
) -> ReleaseView:
    """The export view of a pipeline result (`turtle`: see ReleaseView.turtle)."""
    return ReleaseView(result.release, result.ontology.graph, sssom, extra_files, turtle)


def view_of_release(folder: Path) -> ReleaseView:
    """The export view of a built release folder (psykg.nt, ontology.ttl, mappings)."""
    from rdflib import Graph

    full_file, onto_file = folder / "psykg.nt", folder / "ontology.ttl"
    for path in (full_file, onto_file):
        if not path.is_file():
            raise DatasetMissing(f"{path} does not exist", hint="run `psykg build` first")
    full = Graph()
    full.parse(full_file, format="nt")
    ontology = Graph()
    ontology.parse(onto_file, format="turtle")
    sssom = folder / "mappings.sssom.tsv"
    return ReleaseView(full, ontology, sssom if sssom.is_file() else None)


def write_release_files(
    result: Result, folder: Path, turtle: Path | Future[Path] | None = None
) -> None:
    """Release hook: write every export psykg.release does not write itself, except the
    RO-Crate (`finish_release_files`, once every other file is there).

    The Neo4j export ships the release's psykg.ttl: `turtle`, the file or the future that
    writes it, else folder/psykg.ttl when it is there; it is copied, not rebuilt.
    """
    export(
        [name for name, entry in EXPORTS.items() if entry.in_release and name not in FINAL_EXPORTS],
        _release_view(result, folder, turtle),
        folder,
    )


def finish_release_files(result: Result, folder: Path) -> None:
    """Release hook: the RO-Crate, describing every file the release holds by now."""
    export(list(FINAL_EXPORTS), _release_view(result, folder), folder)


def _release_view(
    result: Result, folder: Path, turtle: Path | Future[Path] | None = None
) -> ReleaseView:
    if turtle is None and (folder / RELEASE_TURTLE).is_file():
        turtle = folder / RELEASE_TURTLE
    return view_of(result, extra_files=LATER_RELEASE_FILES, turtle=turtle)
