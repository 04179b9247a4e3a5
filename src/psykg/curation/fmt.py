"""The one canonical text form of a curation file, so diffs show only real changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from psykg.curation.load import load_curation, load_record, load_registry, load_source
from psykg.curation.model import Draft
from psykg.curation.schema import kind_of


def _strip(value: Any) -> Any:
    """Drop bookkeeping 'line' fields and empty qualifier blocks; tuples become lists."""
    if isinstance(value, dict):
        out = {k: _strip(v) for k, v in value.items() if k not in ("line", "key_lines")}
        return {k: v for k, v in out.items() if v not in ({}, None)}
    if isinstance(value, list | tuple):
        return [_strip(v) for v in value]
    return value


def canonical_text(record: BaseModel) -> str:
    """The canonical YAML: a first line naming the file's JSON Schema (for the editor), then
    fields in model order, defaults left out, long lines kept whole."""
    data = _strip(record.model_dump(mode="python", exclude_defaults=True))
    return kind_of(type(record)).header + yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )


class _Dumper(yaml.SafeDumper):
    """Block style, except that a list of plain scalars is written inline: [a, b]."""

    def represent_list(self, data: list[Any]) -> yaml.Node:  # type: ignore[override]
        flow = all(isinstance(item, str | int) for item in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)


def load_any(path: Path) -> BaseModel:
    """A data YAML file read by the loader its folder calls for: data/sources/ holds source
    records, data/entities/ the entity registry, anything else is a curation file."""
    folder = path.parent.name
    if folder == "sources":
        return load_source(path)
    if folder == "entities":
        return load_registry(path)
    if folder == "drafts":
        return load_record(path, Draft, "a draft (source: ..., statements: ...)")
    return load_curation(path)


def format_files(paths: list[Path], *, check: bool) -> list[Path]:
    """Paths not in canonical form; unless `check`, rewrite them in place."""
    changed: list[Path] = []
    for path in paths:
        text = canonical_text(load_any(path))
        if path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    return changed
