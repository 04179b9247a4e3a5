"""`psykg serve`: the routes (psykg.server.routes) as an ASGI application
(psykg.server.asgi) behind uvicorn (psykg.server.serving), with the query workers started."""

from __future__ import annotations

from pathlib import Path

from psykg.errors import DatasetMissing, PsykgError
from psykg.paths import QUERIES_DIR, project_root
from psykg.release.manifest import verify
from psykg.server.asgi import asgi_app
from psykg.server.limits import Limits
from psykg.server.pool import WorkerPool
from psykg.server.queryapi import QueryApi
from psykg.server.routes import App
from psykg.server.serving import Server

__all__ = ["App", "Server", "make_server"]


def make_server(
    dist: Path, host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None
) -> Server:
    """A server for the release in `dist` (psykg.nt and site/): workers started, socket bound
    (port 0 picks a free one), ready for `serve_forever`. The release must match its
    MANIFEST.sha256 (release.manifest.verify): a damaged or empty one is refused in one line."""
    limits = limits or Limits()
    data_file, site = dist / "psykg.nt", dist / "site"
    for needed in (data_file, site / "index.html"):
        if not needed.is_file():
            raise DatasetMissing(
                f"{needed} does not exist",
                hint="run `psykg build` (it writes the data and the site)",
            )
    verify(dist)
    queries_dir: Path | None = dist / "queries"
    if queries_dir is None or not queries_dir.is_dir():
        queries_dir = _checkout_queries()
    queries = QueryApi(data_file, queries_dir)
    triples = sum(1 for line in data_file.open(encoding="utf-8") if line.strip())
    pool = WorkerPool(data_file, limits)
    try:
        app = App(
            site=site, release=dist, pool=pool, limits=limits, queries=queries, triples=triples
        )
        return Server(asgi_app(app), app, host, port, on_close=pool.close)
    except BaseException:
        pool.close()
        raise


def _checkout_queries() -> Path | None:
    try:
        return project_root() / QUERIES_DIR
    except PsykgError:
        return None
