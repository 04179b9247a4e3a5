"""SSSOM mappings to external vocabularies: read, check against the verified table, emit SKOS."""

from __future__ import annotations

import csv
from pathlib import Path

from pydantic import ValidationError

from psykg.curation.model import Mapping
from psykg.errors import CurationError
from psykg.rdf.prefixes import EXTERNAL_PREFIXES

VERIFIED_TABLE = "verified-external-ids.tsv"
_VOCABULARY_PREFIX = {"MeSH": "MESH", "DOID": "DOID", "MONDO": "MONDO", "MFOMD": "MFOMD",
                      "BCIO": "BCIO"}


def read_sssom(path: Path) -> list[Mapping]:
    """Rows of an SSSOM TSV file (comment header skipped), as typed records with lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = next((i for i, text in enumerate(lines) if not text.startswith("#")), len(lines))
    reader = csv.DictReader(lines[body_start:], delimiter="\t")
    rows: list[Mapping] = []
    for offset, row in enumerate(reader, start=body_start + 2):
        subject = row.get("subject_id") or ""
        if not subject.startswith("psykgr:"):
            raise CurationError(
                f"subject_id {subject!r} is not a psykg resource",
                file=path, line=offset, hint="write subjects as psykgr:SLUG",
            )
        try:
            mapping = Mapping(
                line=offset,
                subject=subject.removeprefix("psykgr:"),
                predicate=row.get("predicate_id"),
                object=row.get("object_id") or "",
                object_label=row.get("object_label") or "",
            )
        except ValidationError as exc:
            err = exc.errors()[0]
            raise CurationError(
                f"{'.'.join(map(str, err['loc']))}: {err['msg']}", file=path, line=offset,
                hint="see the SSSOM columns in data/README.md",
            ) from exc
        prefix = mapping.object.split(":", 1)[0]
        if prefix not in EXTERNAL_PREFIXES:
            raise CurationError(
                f"object_id {mapping.object!r} has an unknown prefix",
                file=path, line=offset, hint=f"use one of {', '.join(sorted(EXTERNAL_PREFIXES))}",
            )
        rows.append(mapping)
    return rows


def verified_ids(path: Path) -> set[str]:
    """CURIEs marked verified, seen directly in their own vocabulary, in the verified table."""
    found: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            prefix = _VOCABULARY_PREFIX.get(row["vocabulary"])
            if prefix is None or row["status"] != "verified":
                continue
            local = row["id"].split(":", 1)[-1].split("_", 1)[-1]
            found.add(f"{prefix}:{local}")
    return found


def check_verified(mappings: list[Mapping], table: Path, sssom: Path) -> None:
    """Every mapped identifier must be a verified row of the table; else a CurationError."""
    allowed = verified_ids(table)
    for mapping in mappings:
        if mapping.object not in allowed:
            raise CurationError(
                f"{mapping.object} is not a verified identifier",
                file=sssom, line=mapping.line,
                hint=f"only identifiers marked verified in {table.name} may be published",
            )
