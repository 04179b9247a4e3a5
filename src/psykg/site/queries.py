"""The packaged queries (queries/*.rq) as the site and the endpoint show them.

Each file may start with grlc decorator lines (`#+ summary: …`, `#+ tags: …`); parameters are
grlc-style variables: `?_name` (or `?__name`, optional), with an optional type suffix
(`?_therapy_iri`, `?_limit_integer`). A missing folder or a folder without queries is no
error: the site and the endpoint then simply offer none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psykg.errors import QueryError

_VARIABLE = re.compile(r"[?$](__?[A-Za-z][A-Za-z0-9_]*)")
TYPE_SUFFIXES = ("iri", "integer", "decimal", "boolean", "date", "literal", "string")


@dataclass(frozen=True)
class Param:
    """One parameter: its public name, the variable it binds, and its kind."""

    name: str
    variable: str
    optional: bool
    kind: str
    """"iri", "literal" or an XSD datatype local name (integer, date …); "any" when untyped."""


@dataclass(frozen=True)
class PackagedQuery:
    """A query file with its decorators."""

    name: str
    text: str
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]

    def as_json(self) -> dict[str, Any]:
        """The query for the query page: name, summary, text and parameters."""
        return {
            "name": self.name, "summary": self.summary, "description": self.description,
            "tags": list(self.tags), "query": self.text,
            "params": [{"name": p.name, "variable": p.variable, "optional": p.optional,
                        "kind": p.kind} for p in self.params],
        }


def _param(variable: str) -> Param:
    optional = variable.startswith("__")
    name = variable.lstrip("_")
    kind = "any"
    head, _, tail = name.rpartition("_")
    if head and tail in TYPE_SUFFIXES:
        name, kind = head, tail
    return Param(name, variable, optional, kind)


def decorators(text: str, path: Path) -> dict[str, Any]:
    """The `#+` header of a query file as a mapping (it is YAML, as grlc reads it)."""
    import yaml

    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    try:
        header = yaml.safe_load("\n".join(lines)) if lines else {}
    except yaml.YAMLError as exc:
        raise QueryError(f"the #+ header is not valid YAML: {exc}", file=path) from None
    if header is None:
        return {}
    if not isinstance(header, dict):
        raise QueryError("the #+ header must be `key: value` lines", file=path)
    return header


def read_query(path: Path) -> PackagedQuery:
    """One packaged query file."""
    text = path.read_text(encoding="utf-8")
    header = decorators(text, path)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    seen: dict[str, Param] = {}
    for match in _VARIABLE.finditer(body):
        seen.setdefault(match[1], _param(match[1]))
    tags = header.get("tags") or ()
    return PackagedQuery(
        name=path.stem,
        text=text,
        summary=str(header.get("summary") or path.stem).strip(),
        description=str(header.get("description") or "").strip(),
        tags=tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])),
        params=tuple(seen.values()),
    )


def packaged_queries(folder: Path) -> list[PackagedQuery]:
    """Every queries/*.rq file in name order; none when the folder is missing."""
    if not folder.is_dir():
        return []
    return [read_query(path) for path in sorted(folder.glob("*.rq"))]
