"""The stages from curation to a checked, reasoned graph, as plain functions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from psykg import constants
from psykg.compile import Compiled, compile_files
from psykg.errors import CurationError
from psykg.mappings import VERIFIED_TABLE, check_verified, read_sssom
from psykg.ontology import Ontology, read_turtle
from psykg.reason import hermit, materialise

if TYPE_CHECKING:
    from psykg.validate import Report


@dataclass(frozen=True)
class Inputs:
    """Where a build reads from: a project root and the files under it."""

    root: Path

    @property
    def ontology(self) -> Path:
        """The OWL ontology."""
        return self.root / constants.ONTOLOGY_FILE

    @property
    def shapes(self) -> Path:
        """The SHACL shapes."""
        return self.root / constants.SHAPES_FILE

    @property
    def data_dir(self) -> Path:
        """The data folder (sources, curation, mappings)."""
        return self.root / "data"

    @property
    def curation_files(self) -> list[Path]:
        """Every curation YAML file, sorted."""
        return sorted((self.root / constants.CURATION_DIR).glob("*.yaml"))

    @property
    def sssom(self) -> Path:
        """The mappings to external vocabularies."""
        return self.root / constants.MAPPINGS_DIR / "psykg.sssom.tsv"

    @property
    def checks_dir(self) -> Path:
        """SPARQL checks; any row fails validation."""
        return self.root / constants.CHECKS_DIR


@dataclass(frozen=True)
class Result:
    """Everything a build produces in memory, before it is written."""

    ontology: Ontology
    shapes: Graph
    compiled: Compiled
    inferred: Graph
    report: Report

    @property
    def data(self) -> Graph:
        """Asserted plus inferred data, without the ontology."""
        return self.compiled.graph + self.inferred

    @property
    def full(self) -> Graph:
        """Ontology, data and inferences: the release graph."""
        return self.ontology.graph + self.data


def compile_inputs(inputs: Inputs) -> tuple[Ontology, Compiled]:
    """Load the ontology and compile every curation file with the mappings."""
    ontology = Ontology.load(inputs.ontology)
    files = inputs.curation_files
    if not files:
        raise CurationError("no curation files", file=inputs.root / constants.CURATION_DIR,
                            hint="add data/curation/<document>.yaml")
    mappings = read_sssom(inputs.sssom) if inputs.sssom.is_file() else []
    check_verified(mappings, inputs.sssom.parent / VERIFIED_TABLE, inputs.sssom)
    return ontology, compile_files(files, ontology, inputs.data_dir, mappings, inputs.sssom)


def reason(ontology: Ontology, compiled: Compiled, *, use_hermit: bool = True) -> Graph:
    """Inferred triples: HermiT's (after proving consistency) and the rule closure."""
    inferred = materialise(compiled.graph, ontology.graph)
    if use_hermit:
        inferred += hermit(compiled.graph, ontology.graph)
    return inferred


def run(inputs: Inputs, *, use_hermit: bool = True) -> Result:
    """Compile, reason and validate; the caller decides what to do with a failing report."""
    ontology, compiled = compile_inputs(inputs)
    inferred = reason(ontology, compiled, use_hermit=use_hermit)
    from psykg.validate import validate  # pyshacl is slow to import; only validation needs it

    shapes = read_turtle(inputs.shapes)
    report = validate(compiled.graph + inferred, shapes, ontology.graph, inputs.checks_dir)
    return Result(ontology, shapes, compiled, inferred, report)
