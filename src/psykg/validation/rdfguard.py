"""Refuse what would make an RDF parser fetch, read or expand beyond the file it was given.

pyoxigraph reads every format `psykg validate` accepts and never fetches anything: it refuses
a remote JSON-LD context and does not read external XML entities. Two things are left for us:
JSON-LD that names the release's own context (replaced here by the bundled context, so such
documents still parse), and RDF/XML internal entities, which pyoxigraph expands without a
bound (a 1 KB "billion laughs" document becomes gigabytes)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from psykg.errors import PsykgError
from psykg.rdf.prefixes import BASE
from psykg.rdf.serialize import jsonld_context

MAX_ENTITY_EXPANSION = 16 * 1024 * 1024
"""Most characters the internal entities of an RDF/XML file may expand to, in all."""
RELEASE_CONTEXTS = frozenset(
    {"context.jsonld", "./context.jsonld", f"{BASE}dist/context.jsonld", f"{BASE}context.jsonld"}
)
"""How a JSON-LD document may name the release's context.jsonld: replaced by the bundled copy."""

_ENTITY = re.compile(
    r"""<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:(SYSTEM|PUBLIC)\b|"([^"]*)"|'([^']*)')"""
)
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")


class UnsafeInput(PsykgError):
    """An RDF file asks for something a validator must not do: fetch, read, expand unbounded."""


def guard_rdfxml(data: bytes, path: Path) -> None:
    """Refuse external and parameter entities, and internal ones that expand to more than
    MAX_ENTITY_EXPANSION characters in the document (counted without expanding them)."""
    if b"<!ENTITY" not in data:
        return
    text = data.decode("utf-8", errors="replace")
    start = text.find("<!DOCTYPE")
    subset_end = text.find("]>", start)
    if start < 0 or subset_end < 0:
        return  # an entity declaration outside a DOCTYPE is a syntax error for the parser
    values: dict[str, str] = {}
    for match in _ENTITY.finditer(text, start, subset_end):
        parameter, name, external, double, single = match.groups()
        if external is not None:
            raise UnsafeInput(
                f"the external entity {name!r} is not read",
                file=path,
                hint="an RDF file for psykg validate must be self-contained",
            )
        if parameter is not None:
            raise UnsafeInput(
                f"the parameter entity %{name} is not supported",
                file=path,
                hint="write the declarations out in the DOCTYPE",
            )
        values.setdefault(name, double if double is not None else single)
    lengths: dict[str, int] = {}

    def length(name: str, open_names: tuple[str, ...]) -> int:
        if name in lengths:
            return lengths[name]
        if name in open_names:
            raise UnsafeInput(f"the entity {name!r} refers to itself", file=path)
        value = values.get(name)
        if value is None:
            return len(name) + 2  # a predefined entity (&amp;…) or an error for the parser
        total = len(_REFERENCE.sub("", value))
        for ref in _REFERENCE.findall(value):
            total += length(ref, (*open_names, name))
            if total > MAX_ENTITY_EXPANSION:
                break
        lengths[name] = total
        return total

    expanded = 0
    for ref in _REFERENCE.findall(text, subset_end):
        if ref in values:
            expanded += length(ref, ())
            if expanded > MAX_ENTITY_EXPANSION:
                raise UnsafeInput(
                    f"the XML entities of this file expand to more than "
                    f"{MAX_ENTITY_EXPANSION // (1024 * 1024)} MiB (an entity bomb?)",
                    file=path,
                    hint="write the values out instead of nesting entities",
                )


def inline_contexts(data: bytes, path: Path) -> bytes:
    """The JSON-LD document with each reference to the release's context replaced by the
    bundled context; any other remote or file context, and @import, are refused."""
    if b"@context" not in data and b"@import" not in data:
        return data
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise PsykgError(f"cannot parse as JSON-LD: {str(exc)[:200]}", file=path) from None
    changed = False
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack += node
        elif isinstance(node, dict):
            if "@import" in node:
                raise UnsafeInput(
                    f"@import {str(node['@import'])[:200]!r} is not fetched",
                    file=path,
                    hint="put the imported context inline",
                )
            if "@context" in node:
                context, replaced = _inline(node["@context"], path)
                if replaced:
                    node["@context"] = context
                    changed = True
            stack += node.values()
    return json.dumps(document, ensure_ascii=False).encode("utf-8") if changed else data


def _inline(context: Any, path: Path) -> tuple[Any, bool]:
    """A context value with the release's context inlined, and whether anything changed."""
    if isinstance(context, list):
        parts = [_inline(item, path) for item in context]
        return [part for part, _ in parts], any(changed for _, changed in parts)
    if isinstance(context, str):
        if context in RELEASE_CONTEXTS:
            return jsonld_context()["@context"], True
        raise UnsafeInput(
            f"the JSON-LD context {context[:200]!r} is not fetched or read",
            file=path,
            hint="put the context inline, or name the release's context.jsonld",
        )
    return context, False
