"""JSON Schemas of the data files, generated from the pydantic models the loader uses, so an
editor (through the YAML language server) validates and completes them as the curator types.

Each data file names its schema in a first comment line, which `psykg fmt` writes:
`# yaml-language-server: $schema=../../schema/curation.schema.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from psykg.curation.model import Curation, Draft, Registry, SourceRecord

SCHEMA_BASE = "https://w3id.org/psykg/schema/"
"""Where the release publishes the schemas (dist/schema/)."""

_BOOKKEEPING = ("line", "key_lines")
"""Fields the loader fills itself; a file must not contain them."""


@dataclass(frozen=True)
class Kind:
    """One kind of data file: its folder under data/, its model and its schema's name."""

    folder: str
    model: type[BaseModel]
    name: str
    note: str = ""
    """A comment line after the schema line, for the curator."""

    @property
    def file_name(self) -> str:
        """The schema's file name, in schema/ and in the release's schema/."""
        return f"{self.name}.schema.json"

    @property
    def header(self) -> str:
        """The first line of every data file of this kind: its schema, for the editor."""
        note = f"# {self.note}\n" if self.note else ""
        return f"# yaml-language-server: $schema=../../schema/{self.file_name}\n{note}"


KINDS: tuple[Kind, ...] = (
    Kind("sources", SourceRecord, "source"),
    Kind("entities", Registry, "entities"),
    Kind("curation", Curation, "curation"),
    Kind(
        "drafts",
        Draft,
        "draft",
        "DRAFT by psykg suggest: not in the dataset until a curator "
        "runs psykg accept, then psykg check",
    ),
)


def kind_of(model: type[BaseModel]) -> Kind:
    """The kind of data file a model is read from."""
    for kind in KINDS:
        if kind.model is model:
            return kind
    raise KeyError(model.__name__)


def schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of data file."""
    document = kind.model.model_json_schema(mode="validation")
    _strip_bookkeeping(document)
    for definition in (document, *document.get("$defs", {}).values()):
        if definition.get("title") == "Statement":
            definition["oneOf"] = [{"required": ["object"]}, {"required": ["value"]}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + kind.file_name,
        **document,
    }


def _strip_bookkeeping(node: Any) -> None:
    """Remove the loader's own fields from every object of the schema."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name in _BOOKKEEPING:
                properties.pop(name, None)
        for value in node.values():
            _strip_bookkeeping(value)
    elif isinstance(node, list):
        for value in node:
            _strip_bookkeeping(value)


def schema_text(kind: Kind) -> str:
    """The schema as the file holds it: sorted keys, one-space indent, final newline."""
    return json.dumps(schema(kind), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` (created if needed); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / kind.file_name
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
