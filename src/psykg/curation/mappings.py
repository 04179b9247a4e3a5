"""SSSOM mappings to external vocabularies: read, check against the verified table, emit SKOS."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from psykg.curation.inputs import MAX_TABLE_BYTES, read_text
from psykg.curation.model import Mapping
from psykg.errors import CurationError
from psykg.rdf.prefixes import EXTERNAL_PREFIXES

VERIFIED_TABLE = "verified-external-ids.tsv"
_VOCABULARY_PREFIX = {
    "MeSH": "MESH",
    "DOID": "DOID",
    "MONDO": "MONDO",
    "MFOMD": "MFOMD",
    "BCIO": "BCIO",
}


def read_sssom(path: Path) -> list[Mapping]:
    """Rows of an SSSOM TSV file (comment header skipped), as typed records with lines."""
    lines = _lines(path)
    body_start = next((i for i, text in enumerate(lines) if not text.startswith("#")), len(lines))
    reader = csv.DictReader(lines[body_start:], delimiter="\t")
    rows: list[Mapping] = []
    for offset, row in _rows(reader, path, body_start + 2):
        subject = row.get("subject_id") or ""
        if not subject.startswith("psykgr:"):
            raise CurationError(
                f"subject_id {subject!r} is not a psykg resource",
                file=path,
                line=offset,
                hint="write subjects as psykgr:SLUG",
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
                f"{'.'.join(map(str, err['loc']))}: {err['msg']}",
                file=path,
                line=offset,
                hint="see the SSSOM columns in data/README.md",
            ) from exc
        prefix = mapping.object.split(":", 1)[0]
        if prefix not in EXTERNAL_PREFIXES:
            raise CurationError(
                f"object_id {mapping.object!r} has an unknown prefix",
                file=path,
                line=offset,
                hint=f"use one of {', '.join(sorted(EXTERNAL_PREFIXES))}",
            )
        rows.append(mapping)
    return rows


def verified_ids(path: Path) -> set[str]:
    """CURIEs marked verified, seen directly in their own vocabulary, in the verified table."""
    found: set[str] = set()
    reader = csv.DictReader(_lines(path), delimiter="\t")
    for line, row in _rows(reader, path, 2):
        missing = [c for c in ("vocabulary", "id", "status") if not isinstance(row.get(c), str)]
        if missing:
            raise CurationError(
                f"the row has no {', '.join(missing)} column",
                file=path,
                line=line,
                hint="columns: concept, vocabulary, id, status, …",
            )
        prefix = _VOCABULARY_PREFIX.get(row["vocabulary"])
        if prefix is None or row["status"] != "verified":
            continue
        local = row["id"].split(":", 1)[-1].split("_", 1)[-1]
        found.add(f"{prefix}:{local}")
    return found


def _lines(path: Path) -> list[str]:
    """The lines of a table (strict UTF-8, bounded, split at line feeds only)."""
    lines = read_text(path, limit=MAX_TABLE_BYTES, what="mapping table").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _rows(
    reader: csv.DictReader[str], path: Path, first: int
) -> Iterator[tuple[int, dict[str, str]]]:
    """The reader's rows with their line numbers (rows hold no line breaks); csv's errors
    (a NUL byte, an unclosed quote) become CurationErrors at their line."""
    line = first
    try:
        for row in reader:
            if None in row:
                raise CurationError(
                    "the row has more cells than the header",
                    file=path,
                    line=line,
                    hint="remove the extra tab",
                )
            yield line, row
            line += 1
    except csv.Error as exc:
        raise CurationError(f"malformed table row: {exc}", file=path, line=line) from None


def check_verified(mappings: list[Mapping], table: Path, sssom: Path) -> None:
    """Every mapped identifier must be a verified row of the table; else a CurationError."""
    allowed = verified_ids(table)
    for mapping in mappings:
        if mapping.object not in allowed:
            raise CurationError(
                f"{mapping.object} is not a verified identifier",
                file=sssom,
                line=mapping.line,
                hint=f"only identifiers marked verified in {table.name} may be published",
            )
