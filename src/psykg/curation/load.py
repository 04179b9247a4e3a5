"""Read a curation YAML file into typed records, keeping line numbers for error messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from psykg.curation.inputs import MAX_YAML_BYTES, read_text
from psykg.curation.limits import refuse_unsafe_strings
from psykg.curation.model import Curation, Registry, SourceRecord
from psykg.errors import CurationError

_LINE = "line"


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""LibYAML's loader when PyYAML was built with it (about 6x faster), else the pure one."""


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that records each mapping's first line and each key's line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        refuse_duplicate_keys(node)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if _LINE in mapping or "key_lines" in mapping:
            raise CurationError(
                f"'{_LINE}' and 'key_lines' are reserved keys",
                line=node.start_mark.line + 1,
                hint="remove it; psykg records line numbers itself",
            )
        mapping[_LINE] = node.start_mark.line + 1
        mapping["key_lines"] = {
            k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
        }
        return mapping


def refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    """Raise CurationError at the second occurrence of a key in one mapping: YAML says keys
    are unique, and PyYAML would silently keep the last value."""
    seen: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            raise CurationError(
                f"duplicate key {key.value!r} (first at line {seen[key.value]})",
                line=line,
                hint="a key may appear once per mapping; keep one of the two",
            )
        seen[key.value] = line


def _line_of(raw: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest node of `raw` on the path `loc` (a pydantic error location)."""
    line: int | None = raw.get(_LINE) if isinstance(raw, dict) else None
    node = raw
    for part in loc:
        if isinstance(node, dict):
            keys = node.get("key_lines", {})
            if isinstance(part, str) and part in keys:
                line = keys[part]
            node = node.get(part) if isinstance(part, str) else None
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
        if isinstance(node, dict) and _LINE in node:
            line = node[_LINE]
    return line


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_SPECIAL_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})
_PLAIN_SCALARS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)
"""Scalar tags whose constructor returns the value at once (no generator, no state)."""


class _Unusual(Exception):
    """The fast construction met something only PyYAML's own constructor handles."""


def _construct(loader: _LineLoader, node: yaml.Node, open_nodes: set[int]) -> Any:
    """The Python value of `node`, as `_LineLoader` builds it, for plain documents: mappings
    and sequences with standard tags, scalar keys, no merge keys, no recursive aliases.
    Anything else raises _Unusual, and any error makes the caller use PyYAML's constructor
    instead, so errors are always PyYAML's, in its order. About 3x faster than PyYAML's
    constructor, which schedules every collection through generators."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        if node.tag not in _PLAIN_SCALARS:
            raise _Unusual(node.tag)
        return loader.yaml_constructors[node.tag](loader, node)
    if id(node) in open_nodes:
        raise _Unusual("recursive alias")
    open_nodes.add(id(node))
    value: Any
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        value = [_construct(loader, item, open_nodes) for item in node.value]
    elif isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        refuse_duplicate_keys(node)
        value = {}
        key_lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag in _SPECIAL_KEYS:
                raise _Unusual("complex or merge key")
            value[_construct(loader, key_node, open_nodes)] = _construct(
                loader, value_node, open_nodes
            )
            key_lines[key_node.value] = key_node.start_mark.line + 1
        if _LINE in value or "key_lines" in value:
            raise _Unusual("reserved key")  # the full constructor reports it, in its order
        value[_LINE] = node.start_mark.line + 1
        value["key_lines"] = key_lines
    else:
        raise _Unusual(node.tag)
    open_nodes.discard(id(node))
    return value


def _load(text: str, guard: Callable[[yaml.Node, str], None] | None = None) -> Any:
    """Parse YAML text with `_LineLoader`: the same value as `yaml.load`, built faster when
    the document is plain (see `_construct`). `guard(node, text)` sees the composed document
    first and may refuse it."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if guard is not None:
            guard(node, text)
        try:
            return _construct(loader, node, set())
        except Exception:  # the reference constructor redoes it, and reports any error
            return loader.construct_document(node)
    finally:
        loader.dispose()


def refuse_aliases(root: yaml.Node, text: str) -> None:
    """A CurationError at the first alias (`*name`): curation files never need them, and a
    few hundred bytes of nested aliases expand to gigabytes (a "billion laughs" document).

    The composer shares an aliased node, so an alias is a node reached twice; the walk stops
    there, in time linear in the file."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise CurationError(
                "YAML aliases (*name) are not allowed in curation files",
                line=_first_alias_line(text) or node.start_mark.line + 1,
                hint="write the value out in full instead of &anchor/*alias",
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _first_alias_line(text: str) -> int | None:
    """The line of the first alias event of a document (only called on the error path)."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return int(event.start_mark.line) + 1
    return None


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def refuse_impossible_dates(root: yaml.Node) -> None:
    """A CurationError at the first date-like scalar that is no date (2023-13-01, 2023-02-30):
    PyYAML would raise a bare ValueError for it while building the document."""
    probe = yaml.SafeLoader("")
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        elif isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP:
            try:
                probe.construct_yaml_timestamp(node)
            except (ValueError, OverflowError) as exc:
                raise CurationError(
                    f"{node.value!r} is not a date ({exc})",
                    line=node.start_mark.line + 1,
                    hint="write a real date as YYYY-MM-DD, or quote the text",
                ) from None
    probe.dispose()


def _guard(node: yaml.Node, text: str) -> None:
    """Refuse aliases, unsafe strings and impossible dates before anything is constructed
    (duplicate keys are refused per mapping as it is constructed: `refuse_duplicate_keys`)."""
    refuse_aliases(node, text)
    refuse_unsafe_strings(node)
    refuse_impossible_dates(node)


def parse_yaml(path: Path) -> Any:
    """Parse a YAML file of data/ (curation, source record, registry) with line bookkeeping:
    a regular UTF-8 file of at most MAX_YAML_BYTES, no aliases, no duplicate keys, no unsafe
    strings, no impossible dates; any problem becomes a CurationError naming the file and
    line."""
    text = read_text(path, limit=MAX_YAML_BYTES, what="YAML file")
    try:
        return _load(text, _guard)
    except CurationError as exc:
        exc.file = path
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CurationError(
            f"malformed YAML: {exc.problem or exc.context}",
            file=path,
            line=mark.line + 1 if mark else None,
            hint="check indentation and quoting near this line",
        ) from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise CurationError(
            f"YAML does not allow the character U+{ord(char[:1] or ' '):04X} "
            f"(line {line}, column {column})",
            file=path,
            line=line,
            hint="remove it; write a control character as an escape in a double-quoted "
            "string only if it is really meant",
        ) from None
    except yaml.YAMLError as exc:
        raise CurationError(f"malformed YAML: {exc}", file=path) from None
    except RecursionError:
        raise CurationError("the YAML is nested too deeply", file=path) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor's own error
        raise CurationError(f"malformed YAML value: {exc}", file=path) from None


_Model = TypeVar("_Model", bound=BaseModel)


def load_record(path: Path, model: type[_Model], what: str) -> _Model:
    """Load one YAML file into `model`; the first problem is a CurationError with its line."""
    raw = parse_yaml(path)
    if not isinstance(raw, dict):
        raise CurationError(
            f"{what} must be a mapping", file=path, line=1, hint="see data/README.md for the format"
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "(file)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise CurationError(
            f"{field}: {err['msg']}{more}",
            file=path,
            line=_line_of(raw, loc),
            hint=_hint_for(err["type"], loc),
        ) from exc


def load_curation(path: Path) -> Curation:
    """Load and type-check one curation file (data/curation/<source>.yaml)."""
    return load_record(path, Curation, "a curation file (statements: ...)")


def load_source(path: Path) -> SourceRecord:
    """Load and type-check one source record (data/sources/<source>.yaml)."""
    return load_record(path, SourceRecord, "a source record (id: ..., title: ...)")


def load_registry(path: Path) -> Registry:
    """Load and type-check one file of the entity registry (data/entities/<kind>.yaml)."""
    return load_record(path, Registry, "an entity registry file (entities: ...)")


def _hint_for(kind: str, loc: tuple[int | str, ...]) -> str:
    """A fix for the common pydantic error kinds."""
    last = str(loc[-1]) if loc else ""
    hints = {
        "missing": f"add the required field '{last}'",
        "extra_forbidden": f"'{last}' is not a known field; check its spelling",
        "string_pattern_mismatch": "use lowercase words joined by hyphens (a slug)",
        "literal_error": "use one of the allowed values listed above",
    }
    return hints.get(kind, "see data/README.md for the curation format")
