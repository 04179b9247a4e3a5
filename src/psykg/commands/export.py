"""Commands that hand the release to other tools: export (files) and load (external store).

Handlers import the stage they run when they run (see psykg.commands)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from psykg.paths import DIST_DIR, project_root
from psykg.sparql.dataset import dataset_file

FORMAT_CHOICES = (
    "csv",
    "graphml",
    "kgx",
    "obographs",
    "neo4j",
    "rdfxml",
    "sssom",
    "rocrate",
    "all",
)
"""Mirrors psykg.exports.EXPORTS (a test keeps them equal) so `--help` needs no heavy import."""


def register(sub: Any) -> None:
    """Add the export and load commands to the CLI."""
    p = sub.add_parser("export", help="write research-tool exports of the built release")
    p.add_argument(
        "--format",
        "-f",
        dest="formats",
        action="append",
        required=True,
        choices=FORMAT_CHOICES,
        help="format to write (repeatable; 'all' for every one)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("exports"),
        help="folder to write into (default: ./exports); each format in its subfolder",
    )
    p.add_argument(
        "--dist", type=Path, help="release folder to read (default: dist/ in the checkout)"
    )
    p.set_defaults(handler=_export)

    p = sub.add_parser(
        "load",
        help="load the release into a SPARQL 1.1 store (Graph Store Protocol)",
        description="Replace a named graph in an external store with the release. Credentials "
        "come from PSYKG_STORE_USER and PSYKG_STORE_PASSWORD, never the command line.",
    )
    p.add_argument(
        "--endpoint",
        required=True,
        help="the store's Graph Store Protocol URL (e.g. Virtuoso "
        "http://host:8890/sparql-graph-crud-auth, Fuseki http://host:3030/ds/data)",
    )
    p.add_argument("--graph", help="named graph IRI to replace (default: the dataset IRI)")
    p.add_argument(
        "--file", type=Path, help="RDF file to load (default: psykg.nt of the built release)"
    )
    p.set_defaults(handler=_load)


def _dist(args: argparse.Namespace) -> Path:
    folder: Path = args.dist or project_root() / DIST_DIR
    return folder


def _export(args: argparse.Namespace) -> int:
    from psykg.exports import EXPORTS, export, view_of_release

    names = list(EXPORTS) if "all" in args.formats else sorted(set(args.formats))
    view = view_of_release(_dist(args))
    args.out.mkdir(parents=True, exist_ok=True)
    for folder in export(names, view, args.out):
        print(f"wrote {folder}")
    return 0


def _load(args: argparse.Namespace) -> int:
    from psykg.sparql.store import DEFAULT_GRAPH, load

    data = args.file or dataset_file()
    report = load(args.endpoint, Path(data), args.graph or DEFAULT_GRAPH)
    print(f"loaded {report.triples} triples into <{report.graph}> at {report.endpoint}")
    return 0
