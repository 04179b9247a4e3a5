"""What a string in curation data may hold: bounded length, no characters that break a release.

A label with a form feed or U+2028 is legal YAML, but it ends up in N-Triples, RDF/XML (which
cannot hold most control characters at all), CSV and HTML. `refuse_unsafe_strings` finds such
strings in the parsed YAML, before any record is built, with their line and column, so `check`
rejects what `build` would trip over."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from psykg.errors import CurationError

MAX_LABEL_CHARS = 500
"""Longest label, alternative label, id, type or predicate (the seed's longest label is 60)."""
MAX_TEXT_CHARS = 20_000
"""Longest other string: a quote, comment, note or wording."""
ONE_LINE_FIELDS = frozenset(
    {
        "id",
        "label",
        "alt_labels",
        "type",
        "subject",
        "predicate",
        "object",
        "text",
        "sha256",
        "language",
        "kind",
        "title",
        "author",
        "publisher",
        "url",
        "text_licence",
        "broader",
    }
)
"""Fields that name or label something: one line, no tabs, at most MAX_LABEL_CHARS."""

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""Control characters (tab and line feed excepted), U+0085, the Unicode line and paragraph
separators and the two non-characters XML refuses: they break N-Triples line splitting,
RDF/XML, CSV readers or editors' line numbers."""
UNSAFE_ONE_LINE = re.compile("[\t\n]|" + UNSAFE.pattern)


def describe(char: str) -> str:
    """A character as U+XXXX with its Unicode name, for error messages."""
    name = unicodedata.name(char, "") or {"\t": "TAB", "\n": "LINE FEED"}.get(char, "control")
    return f"U+{ord(char):04X} ({name})"


def refuse_unsafe_strings(root: yaml.Node, path: Path | None = None) -> None:
    """A CurationError at the first string scalar that is too long or holds an unsafe
    character (see UNSAFE; labels and ids also no tab or line break)."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, field = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, "key"))
                stack.append((value, str(key.value) if isinstance(key, yaml.ScalarNode) else ""))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, field) for item in node.value)
        elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            _check_scalar(node, field, path)


def _check_scalar(node: yaml.ScalarNode, field: str, path: Path | None) -> None:
    one_line = field in ONE_LINE_FIELDS or field == "key"
    limit = MAX_LABEL_CHARS if one_line else MAX_TEXT_CHARS
    value: str = node.value
    line = node.start_mark.line + 1
    what = f"'{field}'" if field and field != "key" else "a key"
    if len(value) > limit:
        raise CurationError(
            f"{what} is {len(value):,} characters long, above the limit of {limit:,}",
            file=path,
            line=line,
            hint="shorten it; quotes and labels are short passages",
        )
    bad = (UNSAFE_ONE_LINE if one_line else UNSAFE).search(value)
    if bad is not None:
        raise CurationError(
            f"{what} contains {describe(bad.group())} at character {bad.start() + 1}",
            file=path,
            line=line,
            hint="remove it"
            + (
                "; labels and ids are one line without tabs"
                if one_line
                else "; use a plain line break or space"
            ),
        )
