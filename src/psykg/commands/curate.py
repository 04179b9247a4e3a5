"""Commands that help a curator add a source: schema, new-source, suggest, accept.

Handlers import the stage they run when they run (see psykg.commands)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from psykg.paths import project_root


def register(sub: Any) -> None:
    """Add the curator commands to the CLI."""
    p = sub.add_parser(
        "schema",
        help="write the JSON Schemas of the data files (schema/*.json)",
        description="Generate the JSON Schemas of source records, entity "
        "registry files and curation files from the models the "
        "loader uses.",
    )
    p.add_argument("--out", type=Path, help="folder to write (default: schema/ in the checkout)")
    p.add_argument(
        "--check",
        action="store_true",
        help="only report schema files that differ from the generated ones",
    )
    p.set_defaults(handler=_schema)

    p = sub.add_parser(
        "new-source",
        help="start a source: copy its text, write its record and an empty curation file",
        description="Copy FILE to data/sources/ID.txt and write "
        "data/sources/ID.yaml (sha256, content regions guessed: "
        "title, headings, bylines, chrome, pull-quotes) and an empty "
        "data/curation/ID.yaml. Never overwrites.",
    )
    p.add_argument("file", type=Path, help="the source text, UTF-8, as published")
    p.add_argument(
        "--id", required=True, dest="source_id", help="the source's id and file name (a slug)"
    )
    rights = p.add_mutually_exclusive_group(required=True)
    rights.add_argument(
        "--own",
        action="store_true",
        help="the team wrote the text: CC BY 4.0, republished in the release",
    )
    rights.add_argument("--rights", help="who holds the rights to the text, in words")
    p.add_argument("--licence", help="IRI of the text's licence, if it has one")
    p.add_argument("--title", help="the document's title (default: its first line)")
    p.add_argument("--author", help="who wrote it")
    p.add_argument("--url", help="where it was read")
    p.set_defaults(handler=_new_source)

    p = sub.add_parser(
        "suggest",
        help="draft statements for a source (offline)",
        description="Propose draft statements for data/sources/NAME: predicates "
        "from the ontology's cue phrases, subjects and objects "
        "grounded to the entity registry (label, alt label, fuzzy), "
        "new entities where nothing matches, exact anchored quotes. "
        "Writes data/drafts/NAME.yaml; nothing enters the dataset "
        "until `psykg accept`.",
    )
    p.add_argument("name", help="the source's name (data/sources/NAME.yaml)")
    p.add_argument("--stdout", action="store_true", help="print the draft instead of writing it")
    p.add_argument("--force", action="store_true", help="replace an existing draft")
    p.add_argument(
        "--all",
        action="store_true",
        help="also draft claims the source's curation file already makes",
    )
    p.set_defaults(handler=_suggest)

    p = sub.add_parser(
        "accept",
        help="move draft statements into the curation",
        description="Append draft statements of data/drafts/NAME.yaml (all, or "
        "the ids given) to data/curation/NAME.yaml, and the new "
        "entities they use to data/entities/NAME.yaml.",
    )
    p.add_argument("name", help="the source's name")
    p.add_argument("ids", nargs="*", help="draft statement ids to accept (default: all)")
    p.set_defaults(handler=_accept)


def _schema(args: argparse.Namespace) -> int:
    from psykg.curation.schema import KINDS, schema_text, write_schemas

    out = args.out or project_root() / "schema"
    if args.check:
        stale = [
            kind.file_name
            for kind in KINDS
            if not (out / kind.file_name).is_file()
            or (out / kind.file_name).read_text(encoding="utf-8") != schema_text(kind)
        ]
        for name in stale:
            print(f"not up to date: {out / name}")
        return 1 if stale else 0
    for path in write_schemas(out):
        print(f"wrote {path}")
    return 0


def _new_source(args: argparse.Namespace) -> int:
    from datetime import date

    from psykg.curation.newsource import new_source

    made = new_source(
        args.file,
        args.source_id,
        project_root() / "data",
        own=args.own,
        rights=args.rights,
        licence=args.licence,
        author=args.author,
        url=args.url,
        title=args.title,
        retrieved=date.today(),
    )
    print(f"wrote {made.text}, {made.record} and {made.curation}")
    for region in made.regions:
        print(f"  lines {region.lines[0]}-{region.lines[1]}: {region.kind}")
    print(f"check the regions against the text, then: psykg suggest {args.source_id}")
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from psykg.assist.suggest import draft_path, suggest
    from psykg.curation.fmt import canonical_text
    from psykg.errors import CurationError
    from psykg.paths import Inputs

    inputs = Inputs(project_root())
    path = draft_path(inputs, args.name)
    if path.exists() and not (args.force or args.stdout):
        raise CurationError(
            "a draft is already here",
            file=path,
            hint="accept or delete it first, or pass --force to replace it",
        )
    draft = suggest(inputs, args.name, skip_curated=not args.all)
    text = canonical_text(draft)
    if args.stdout:
        print(text, end="")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(
        f"wrote {path}: {len(draft.statements)} draft statements, "
        f"{len(draft.entities)} proposed entities"
    )
    print(f"edit it (delete what is wrong), then: psykg accept {args.name}")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from psykg.assist.accept import accept
    from psykg.paths import Inputs

    done = accept(Inputs(project_root()), args.name, args.ids or None)
    print(f"accepted {len(done.statements)} statements into {done.curation}")
    if done.registry:
        print(f"added {len(done.entities)} entities to {done.registry}")
    print(f"{done.draft_left} draft statements left; now run: psykg fmt && psykg check")
    return 0
