"""Validate the built dataset, or RDF files a user gives, against the shapes and checks."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from psykg import paths
from psykg.build.ontology import Ontology, read_turtle
from psykg.build.reason import materialise
from psykg.errors import PsykgError
from psykg.paths import Inputs
from psykg.sparql.dataset import dataset_file
from psykg.validation.report import Report
from psykg.validation.validate import validate


def parse_user_file(path: Path) -> Graph:
    """Parse one RDF file, guessing the format from its extension; errors name the file."""
    graph = Graph()
    try:
        graph.parse(path)
    except FileNotFoundError as exc:
        raise PsykgError("file not found", file=path) from exc
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise PsykgError(f"cannot parse as RDF: {exc}", file=path,
                         hint="give Turtle (.ttl), N-Triples (.nt), JSON-LD or RDF/XML") from exc
    return graph


def validate_files(files: list[Path], inputs: Inputs) -> Report:
    """The report for `files` (merged), or for the built dataset when none are given."""
    ontology = Ontology.load(inputs.ontology)
    data = Graph()
    for path in files or [dataset_file(inputs.root / paths.DIST_DIR / "psykg.nt")]:
        data += parse_user_file(path)
    data -= ontology.graph
    data += materialise(data, ontology.graph)
    return validate(data, read_turtle(inputs.shapes), ontology.graph, inputs.checks_dir)
