"""The curation YAML reader builds exactly what PyYAML's own constructor builds, errors too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from psykg.curation.load import _LineLoader, _load

ROOT = Path(__file__).resolve().parents[1]

DOCUMENTS = {
    "scalars": "a: 1\nb: [x, 2023-01-02, yes, ~, 1.5, '3', 0o17]\n",
    "nested": "document:\n  id: x\n  regions:\n  - {lines: [1, 2], kind: chrome}\n",
    "merge key": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "shared alias": "a: &x {k: v}\nb: *x\n",
    "recursive alias": "a: &a [1, *a]\n",
    "complex key": "? [1]\n: 2\n",
    "set": "a: !!set {x}\n",
    "binary": "x: !!binary aGVsbG8=\n",
    "empty": "",
    "duplicate key": "1: a\n1: b\n",
    "reserved key": "- a\n- {line: 3}\n",
    "reserved nested first": "a: {key_lines: 1}\nline: 2\n",
    "bad date": "a: 2023-02-30\n",
    "unknown tag": "a: !thing x\n",
}


def _outcome(load: Any, text: str) -> tuple[str, str]:
    try:
        return "value", repr(load(text))
    except Exception as exc:  # whatever each reader raises is compared
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_fast_reader_matches_pyyaml(text: str) -> None:
    assert _outcome(_load, text) == _outcome(lambda t: yaml.load(t, Loader=_LineLoader), text)


def test_fast_reader_matches_pyyaml_on_the_data() -> None:
    files = sorted((ROOT / "data" / "curation").glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _load(text) == yaml.load(text, Loader=_LineLoader), path.name
