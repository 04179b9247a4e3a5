"""Layout of a psykg checkout, and how to find it. Imports nothing heavy."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from psykg.errors import PsykgError

# Layout of a project checkout, relative to its root.
ONTOLOGY_FILE = Path("ontology/psykg.ttl")
SHAPES_FILE = Path("ontology/shapes.ttl")
CURATION_DIR = Path("data/curation")
SOURCES_DIR = Path("data/sources")
ENTITIES_DIR = Path("data/entities")
MAPPINGS_DIR = Path("data/mappings")
QUERIES_DIR = Path("queries")
CHECKS_DIR = Path("queries/checks")
DIST_DIR = Path("dist")


def project_root(start: Path | None = None) -> Path:
    """The checkout holding ontology/psykg.ttl: $PSYKG_ROOT, else cwd or its nearest parent."""
    env = os.environ.get("PSYKG_ROOT")
    if env:
        root = Path(env)
        if not (root / ONTOLOGY_FILE).is_file():
            raise PsykgError(
                f"PSYKG_ROOT={env} has no {ONTOLOGY_FILE}",
                hint="point PSYKG_ROOT at a psykg checkout, or unset it",
            )
        return root
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ONTOLOGY_FILE).is_file():
            return candidate
    raise PsykgError(
        f"no psykg checkout found at or above {here}",
        hint="run psykg inside the psykg folder, or set PSYKG_ROOT",
    )


@dataclass(frozen=True)
class Inputs:
    """Where a build reads from: a project root and the files under it."""

    root: Path

    @property
    def ontology(self) -> Path:
        """The OWL ontology."""
        return self.root / ONTOLOGY_FILE

    @property
    def shapes(self) -> Path:
        """The SHACL shapes."""
        return self.root / SHAPES_FILE

    @property
    def data_dir(self) -> Path:
        """The data folder (entities, sources, curation, expected, mappings)."""
        return self.root / "data"

    @property
    def curation_files(self) -> list[Path]:
        """Every curation YAML file, sorted."""
        return sorted((self.root / CURATION_DIR).glob("*.yaml"))

    @property
    def yaml_files(self) -> list[Path]:
        """Every data YAML file: entity registry, source records and curation files, sorted."""
        return sorted(
            [
                *(self.root / ENTITIES_DIR).glob("*.yaml"),
                *(self.root / SOURCES_DIR).glob("*.yaml"),
                *self.curation_files,
            ]
        )

    @property
    def sssom(self) -> Path:
        """The mappings to external vocabularies."""
        return self.root / MAPPINGS_DIR / "psykg.sssom.tsv"

    @property
    def checks_dir(self) -> Path:
        """SPARQL checks; any row fails validation."""
        return self.root / CHECKS_DIR
