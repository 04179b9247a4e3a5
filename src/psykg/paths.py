"""Layout of a psykg checkout, and how to find it. Imports nothing heavy."""

from __future__ import annotations

import os
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
