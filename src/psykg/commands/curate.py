"""Commands that help a curator add a source: schema, new-source, suggest, accept.

Handlers import the stage they run when they run (see psykg.commands)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from psykg.paths import project_root


def register(sub: Any) -> None:
    """Add the curator commands to the CLI."""
    p = sub.add_parser("schema", help="write the JSON Schemas of the data files (schema/*.json)",
                       description="Generate the JSON Schemas of source records, entity "
                                   "registry files and curation files from the models the "
                                   "loader uses.")
    p.add_argument("--out", type=Path, help="folder to write (default: schema/ in the checkout)")
    p.add_argument("--check", action="store_true",
                   help="only report schema files that differ from the generated ones")
    p.set_defaults(handler=_schema)


def _schema(args: argparse.Namespace) -> int:
    from psykg.curation.schema import KINDS, schema_text, write_schemas

    out = args.out or project_root() / "schema"
    if args.check:
        stale = [kind.file_name for kind in KINDS
                 if not (out / kind.file_name).is_file()
                 or (out / kind.file_name).read_text(encoding="utf-8") != schema_text(kind)]
        for name in stale:
            print(f"not up to date: {out / name}")
        return 1 if stale else 0
    for path in write_schemas(out):
        print(f"wrote {path}")
    return 0
