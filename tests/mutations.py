"""Mutations of a project's curation inputs, each reproducible from (kind, seed).

Shared by the property-based tests (tests/test_curation_properties.py) and the hostile-input
benchmark (benchmarks/hostile.py): the kinds are what a careful tester tries on curation YAML,
source records and texts, the entity registry and mapping tables (bad bytes, control
characters, bombs, runaways, paths out of the data folder, and well-formed edits that break a
rule only the shapes or HermiT see)."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path

CURATION = Path("data/curation/psychodynamic-therapy.yaml")
RECORD = Path("data/sources/psychodynamic-therapy.yaml")
"""The source record: the text's file name (`text:`) and its regions (`lines:`)."""
SOURCE = Path("data/sources/psychodynamic-therapy.txt")
THERAPIES = Path("data/entities/therapies.yaml")
"""A file of the entity registry (ids, types, labels)."""
SSSOM = Path("data/mappings/psykg.sssom.tsv")
VERIFIED = Path("data/mappings/verified-external-ids.tsv")
YAML_FILES = (CURATION, CURATION, RECORD, THERAPIES)
"""YAML files a mutation of keys and values picks from (the curation file most often)."""
FILES = (CURATION, CURATION, RECORD, THERAPIES, SOURCE, SSSOM, VERIFIED)
"""Files a byte-level mutation picks from (the curation file most often)."""

SPECIAL = (
    "\x00",
    "\x0c",
    "\x1c",
    "\u2028",
    "\u2029",
    "\u0085",
    "\ufeff",
    "\ufffe",
    "\t",
    "\r",
    "\x7f",
    "\x1b[31m",
    "\U0001f600",
    "'",
    '"',
    ":",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "#",
)
ESCAPES = ("\\0", "\\f", "\\x1c", "\\L", "\\P", "\\N", "\\e", "\\t", "\\n", "\\r", "\\_")
VALUES = (
    "2023-02-30",
    "2023-13-01",
    "-1",
    "1e400",
    "''",
    "~",
    "[a]",
    "{a: b}",
    "!!binary aGk=",
    "!!python/object/apply:os.system ['true']",
    "&a x",
    "*nothing",
    "yes",
    "0x10",
    ".nan",
    "'" + "x" * 600 + "'",
    "'" + "y" * 60_000 + "'",
    '"\\x00"',
    "!!set {a}",
    "!!timestamp 2001-12-14",
    "<<: {a: 1}",
)
REGION_NUMBERS = (-5, 0, 1, 4, 9, 37, 38, 39, 10**20)
HOSTILE_PATHS = (
    "../../../../../../../../etc/passwd",
    "/etc/passwd",
    "/dev/zero",
    ".",
    "missing.txt",
    "fifo.txt",
    "link-out.txt",
    "link-in.txt",
    "link-up.txt",
    "../sources/psychodynamic-therapy.txt",
    "",
)
"""Values of the source record's `text:` (a file name beside the record)."""
ALIAS_BOMB = (
    "bomb-a: &a [x, x, x, x, x, x, x, x, x]\n"
    "bomb-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "bomb-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "bomb-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "bomb-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
)

Mutation = Callable[[random.Random, Path], str]


def _pick_file(rng: random.Random, root: Path) -> Path:
    return root / rng.choice(FILES)


def flip_byte(rng: random.Random, root: Path) -> str:
    path = _pick_file(rng, root)
    data = bytearray(path.read_bytes())
    at = rng.randrange(len(data))
    data[at] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    return f"flipped a bit of byte {at} of {path.name}"


def random_bytes(rng: random.Random, root: Path) -> str:
    path = _pick_file(rng, root)
    data = path.read_bytes()
    at = rng.randrange(len(data) + 1)
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    path.write_bytes(data[:at] + junk + data[at:])
    return f"inserted {junk!r} at byte {at} of {path.name}"


def cut(rng: random.Random, root: Path) -> str:
    path = _pick_file(rng, root)
    data = path.read_bytes()
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((1, 2, 10, 100, 1000, len(data))))
    path.write_bytes(data[:a] + data[b:])
    return f"deleted bytes {a}-{b} of {path.name}"


def utf16(rng: random.Random, root: Path) -> str:
    path = _pick_file(rng, root)
    encoding = rng.choice(("utf-16", "utf-16-le", "latin-1", "utf-32", "cp1252"))
    text = path.read_text(encoding="utf-8").replace("e", "é", 1)
    path.write_bytes(text.encode(encoding, errors="replace"))
    return f"re-encoded {path.name} as {encoding}"


def special_char(rng: random.Random, root: Path) -> str:
    path = _pick_file(rng, root)
    text = path.read_text(encoding="utf-8")
    at = rng.randrange(len(text) + 1)
    char = rng.choice(SPECIAL)
    path.write_text(text[:at] + char + text[at:], encoding="utf-8")
    return f"inserted {char!r} at character {at} of {path.name}"


def _scalar_lines(text: str, keys: str) -> list[re.Match[str]]:
    return list(re.finditer(rf"^(\s*-?\s*(?:{keys}): )(.*)$", text, re.MULTILINE))


def escaped_label(rng: random.Random, root: Path) -> str:
    path = root / rng.choice(YAML_FILES)
    text = path.read_text(encoding="utf-8")
    match = rng.choice(_scalar_lines(text, "label|comment|quote|note|id|title"))
    value = match.group(2).strip("'\"")
    at = rng.randrange(len(value) + 1)
    escape = rng.choice(ESCAPES)
    new = (
        '"'
        + value[:at].replace("\\", "\\\\").replace('"', '\\"')
        + escape
        + value[at:].replace("\\", "\\\\").replace('"', '\\"')
        + '"'
    )
    path.write_text(text[: match.start(2)] + new + text[match.end(2) :], encoding="utf-8")
    return f"put {escape} into line {text.count(chr(10), 0, match.start()) + 1}"


def odd_value(rng: random.Random, root: Path) -> str:
    path = root / rng.choice(YAML_FILES)
    text = path.read_text(encoding="utf-8")
    match = rng.choice(
        _scalar_lines(
            text, "value|label|text|sha256|kind|lines|predicate|subject|object|aspect|type|quote"
        )
    )
    value = rng.choice(VALUES)
    path.write_text(text[: match.start(2)] + value + text[match.end(2) :], encoding="utf-8")
    return f"set line {text.count(chr(10), 0, match.start()) + 1} to {value[:40]!r}"


def region(rng: random.Random, root: Path) -> str:
    path = root / RECORD
    text = path.read_text(encoding="utf-8")
    match = rng.choice(list(re.finditer(r"lines: \[(\d+), (\d+)\]", text)))
    first, last = rng.choice(REGION_NUMBERS), rng.choice(REGION_NUMBERS)
    path.write_text(
        text[: match.start()] + f"lines: [{first}, {last}]" + text[match.end() :], encoding="utf-8"
    )
    return f"region lines [{first}, {last}]"


def source_path(rng: random.Random, root: Path) -> str:
    sources = root / "data" / "sources"
    choice = rng.choice(HOSTILE_PATHS)
    if choice == "fifo.txt":
        os.mkfifo(sources / "fifo.txt")
    elif choice == "link-out.txt":
        (sources / "link-out.txt").symlink_to("/etc/hostname")
    elif choice == "link-in.txt":
        (sources / "link-in.txt").symlink_to("psychodynamic-therapy.txt")
    elif choice == "link-up.txt":
        (sources / "link-up.txt").symlink_to("../../../../../../../../etc/passwd")
    path = root / RECORD
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("text: psychodynamic-therapy.txt", f"text: {choice}"), encoding="utf-8"
    )
    return f"source record text: {choice!r}"


def alias_bomb(rng: random.Random, root: Path) -> str:
    path = root / rng.choice((CURATION, THERAPIES))
    text = path.read_text(encoding="utf-8")
    key = "statements:\n" if path.name != THERAPIES.name else "entities:\n"
    path.write_text(text.replace(key, ALIAS_BOMB + key, 1), encoding="utf-8")
    return f"alias bomb before {key.strip()} of {path.name}"


def lines_edit(rng: random.Random, root: Path) -> str:
    path = rng.choice(
        (
            root / CURATION,
            root / CURATION,
            root / RECORD,
            root / THERAPIES,
            root / SSSOM,
            root / SOURCE,
        )
    )
    lines = path.read_text(encoding="utf-8").split("\n")
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    how = rng.choice(("duplicate", "delete", "swap", "indent", "dedent"))
    if how == "duplicate":
        lines.insert(a, lines[a])
    elif how == "delete":
        del lines[a]
    elif how == "swap":
        lines[a], lines[b] = lines[b], lines[a]
    elif how == "indent":
        lines[a] = "  " + lines[a]
    else:
        lines[a] = lines[a].lstrip()
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{how} line {a + 1} of {path.name}"


def semantic(rng: random.Random, root: Path) -> str:
    """Well-formed edits that only a later rule catches (or none: some stay valid)."""
    edits = [
        (
            THERAPIES,
            "entities:\n",
            "entities:\n- id: lonely-therapy\n  type: Therapy\n  label: lonely therapy\n",
        ),
        (Path("data/entities/conditions.yaml"), "  type: Condition\n", "  type: Therapy\n"),
        (THERAPIES, "  type: Therapy\n", "  type: Condition\n"),
        (
            Path("data/entities/populations.yaml"),
            "  type: Population\n",
            "  type: CandidateTrait\n",
        ),
        (CURATION, "predicate: primarilyTreats", "predicate: lessUsedFor"),
        (CURATION, "predicate: alsoUsefulFor", "predicate: primarilyTreats"),
        (CURATION, "  object: depression\n", "  object: psychodynamic-therapy\n"),
        (THERAPIES, "  label: psychoanalytic therapy\n", "  label: psychodynamic therapy\n"),
        (CURATION, "  subject: psychodynamic-therapy\n", "  subject: sigmund-freud\n"),
    ]
    relative, old, new = rng.choice(
        [e for e in edits if e[1] in (root / e[0]).read_text(encoding="utf-8")]
    )
    path = root / relative
    text = path.read_text(encoding="utf-8")
    occurrences = [m.start() for m in re.finditer(re.escape(old), text)]
    at = rng.choice(occurrences)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return f"replaced {old.strip()!r} by {new.strip()[:40]!r}"


MUTATIONS: dict[str, Mutation] = {
    "flip-byte": flip_byte,
    "random-bytes": random_bytes,
    "cut": cut,
    "encoding": utf16,
    "special-char": special_char,
    "escaped-char": escaped_label,
    "odd-value": odd_value,
    "region": region,
    "source-path": source_path,
    "alias-bomb": alias_bomb,
    "lines": lines_edit,
    "semantic": semantic,
}


def mutate(root: Path, kind: str, seed: int) -> str:
    """Apply mutation `kind` with `random.Random(seed)` to the project at `root`; returns
    what it did, for the report."""
    return MUTATIONS[kind](random.Random(seed), root)
