"""Commands that publish the dataset: site (static linked-data pages) and serve (endpoint).

Handlers import the stage they run when they run (see psykg.commands)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from psykg.paths import DIST_DIR, Inputs, project_root


def register(sub: Any) -> None:
    """Add the publishing commands to the CLI."""
    p = sub.add_parser("site", help="write the static linked-data site (dist/site/)")
    p.add_argument("--dist", type=Path, help="built release the site is made from (default: dist/)")
    p.add_argument("--out", type=Path, help="site folder to write (default: DIST/site)")
    p.add_argument(
        "--host-url",
        metavar="URL",
        help="where the site is published (https://example.org/psykg/): the "
        "Apache and nginx rules are written for that path, with w3id.htaccess, "
        "the w3id.org rules that send every IRI there",
    )
    p.set_defaults(handler=_site)

    p = sub.add_parser("serve", help="serve the site and a SPARQL endpoint on this machine")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (8000; 0: any)")
    p.add_argument("--dist", type=Path, help="release folder to serve (default: dist/)")
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        help="query worker processes, each with the dataset loaded (2); one server "
        "process (uvicorn) answers HTTP and hands queries to them",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="seconds a query may run before it is stopped (10)",
    )
    p.add_argument(
        "--max-rows", type=int, default=10_000, help="rows (or triples) a result is cut at (10000)"
    )
    p.set_defaults(handler=_serve)


def _dist(args: argparse.Namespace) -> Path:
    return Path(args.dist) if args.dist else project_root() / DIST_DIR


def _site(args: argparse.Namespace) -> int:
    import contextlib

    from psykg.release.lock import build_lock
    from psykg.release.write import write_manifest
    from psykg.site import SITE_DIR

    url = _host_url(args)
    dist = _dist(args)
    out = Path(args.out) if args.out else dist / SITE_DIR
    own = out.resolve() == (dist / SITE_DIR).resolve()
    # the release's own site: one writer at a time (as build), and its manifest rewritten so
    # that `psykg serve` still finds the release intact
    with build_lock(dist) if own else contextlib.nullcontext():
        pages, queries = _write_site(dist, out, url)
        if own:
            write_manifest(dist)
    print(
        f"wrote {out}: {pages} resource pages, {queries} packaged queries"
        + (f"; rules for {url} (w3id.htaccess for the w3id registry)" if url else "")
    )
    return 0


def _host_url(args: argparse.Namespace) -> str | None:
    from psykg.site.rewrite import host_url

    return host_url(args.host_url) if args.host_url else None


def _write_site(dist: Path, out: Path, url: str | None) -> tuple[int, int]:
    """Write the site of the release in `dist` to `out` atomically: (pages, queries)."""
    import shutil
    import tempfile

    from psykg.release.write import swap_into_place
    from psykg.site import release_site_inputs, write_site

    inputs = release_site_inputs(dist, Inputs(project_root()))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        pages = write_site(inputs, staging, host_url=url)
        swap_into_place(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return pages, len(inputs.queries)


def _serve(args: argparse.Namespace) -> int:
    from psykg.errors import PsykgError
    from psykg.server.app import make_server
    from psykg.server.limits import Limits

    if args.workers < 1:
        raise PsykgError(f"--workers {args.workers}: give at least one query worker")
    limits = Limits(timeout=args.timeout, max_rows=args.max_rows, workers=args.workers)
    server = make_server(_dist(args), args.host, args.port, limits)
    print(
        f"psykg: serving {server.url}/ (SPARQL at /sparql, {args.workers} query workers); "
        "Ctrl+C stops",
        flush=True,
    )
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
