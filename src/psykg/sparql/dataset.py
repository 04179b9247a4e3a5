"""The built dataset's files, read into rdflib or pyoxigraph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from psykg import paths
from psykg.errors import DatasetMissing
from psykg.rdf.prefixes import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph


def dataset_file(path: Path | str | None = None, name: str = "psykg.nt") -> Path:
    """The release file to read: `path` itself, or `name` in the project's dist/."""
    file = Path(path) if path is not None else paths.project_root() / paths.DIST_DIR / name
    if not file.is_file():
        raise DatasetMissing(f"{file} does not exist", hint="run `psykg build` first")
    return file


def load_graph(path: Path | str | None = None) -> Graph:
    """The released dataset (ontology, data, inferences) as an rdflib Graph."""
    from rdflib import Graph

    file = dataset_file(path)
    graph = Graph()
    graph.parse(file, format="nt" if file.suffix == ".nt" else None)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def load_store(path: Path | str | None = None) -> pyoxigraph.Store:
    """The released dataset in an in-memory pyoxigraph Store (fast SPARQL)."""
    import pyoxigraph

    file = dataset_file(path)
    store = pyoxigraph.Store()
    fmt = pyoxigraph.RdfFormat.N_TRIPLES if file.suffix == ".nt" else pyoxigraph.RdfFormat.TURTLE
    store.bulk_load(path=str(file), format=fmt)
    return store
