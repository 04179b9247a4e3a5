"""The JSON Schemas of the data files: generated from the loader's models, committed in
schema/, named by every data file's first line, shipped in the release, and every data file
(and every file of the second source's fixture) valid against them with jsonschema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from psykg.cli import main
from psykg.curation.fmt import load_any
from psykg.curation.schema import KINDS, Kind, schema, schema_text

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "fixtures" / "second-source"


def _data_files() -> list[tuple[Kind, Path]]:
    found = []
    for kind in KINDS:
        for base in (ROOT / "data", SECOND):
            found += [(kind, p) for p in sorted((base / kind.folder).glob("*.yaml"))]
    return found


DATA_FILES = _data_files()


def _json_ready(value: Any) -> Any:
    """YAML's dates as the ISO strings JSON has instead."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def _validator(kind: Kind) -> jsonschema.protocols.Validator:
    document = json.loads((ROOT / "schema" / kind.file_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(document)
    cls.check_schema(document)
    return cls(document, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_committed_schema_is_the_generated_one(kind: Kind) -> None:
    committed = (ROOT / "schema" / kind.file_name).read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run `psykg schema` and commit schema/"


def test_schema_check_command_agrees(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["schema", "--check", "--out", str(ROOT / "schema")]) == 0
    assert main(["schema", "--out", str(tmp_path)]) == 0
    (tmp_path / "curation.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 1
    assert "not up to date" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kind", "path"), DATA_FILES, ids=[str(p.relative_to(ROOT)) for _, p in DATA_FILES]
)
def test_data_file_is_valid_and_names_its_schema(kind: Kind, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(kind.header), f"{path} must start with {kind.header!r}; run psykg fmt"
    schema_file = path.parent / kind.header.split("$schema=")[1].strip()
    if path.is_relative_to(ROOT / "data"):
        assert schema_file.resolve() == ROOT / "schema" / kind.file_name
    errors = [e.message for e in _validator(kind).iter_errors(_json_ready(yaml.safe_load(text)))]
    assert errors == []
    load_any(path)  # the loader agrees


@pytest.mark.parametrize(
    ("kind", "bad", "message"),
    [
        (
            KINDS[2],
            {"statements": [{"id": "x", "subject": "a", "predicate": "p", "quote": "abc"}]},
            "is not valid under any of the given schemas",
        ),
        (
            KINDS[2],
            {
                "statements": [
                    {
                        "id": "x",
                        "subject": "a",
                        "predicate": "p",
                        "object": "b",
                        "quote": "abc",
                        "line": 3,
                    }
                ]
            },
            "'line' was unexpected",
        ),
        (
            KINDS[1],
            {"entities": [{"id": "Not A Slug", "type": "Condition", "label": "x"}]},
            "does not match",
        ),
        (KINDS[0], {"id": "x"}, "is a required property"),
    ],
)
def test_schema_refuses_what_the_loader_refuses(
    kind: Kind, bad: dict[str, Any], message: str
) -> None:
    errors = [e.message for e in _validator(kind).iter_errors(bad)]
    assert any(message in e for e in errors), errors


def test_release_ships_the_schemas(built: Any) -> None:
    dist = built[1]
    for kind in KINDS:
        assert json.loads((dist / "schema" / kind.file_name).read_text(encoding="utf-8")) == schema(
            kind
        )
    manifest = (dist / "MANIFEST.sha256").read_text(encoding="utf-8")
    assert "  schema/curation.schema.json\n" in manifest
