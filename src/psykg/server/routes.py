"""What the server answers: the static site with content negotiation on resource IRIs, the
SPARQL endpoint, the packaged-query API, and nothing outside the site folder.

The routing here is plain synchronous code on an `Incoming` request (no web framework): the
ASGI application (psykg.server.asgi) reads the request, runs `route` in a worker thread so
that the event loop never waits for a query or a file, and writes the Reply.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from psykg.rdf.mediatypes import media_type
from psykg.server.conneg import choose
from psykg.server.limits import Limits
from psykg.server.pool import WorkerPool
from psykg.server.queryapi import QueryApi
from psykg.server.sparql import accept_with_override, find_query, form, service_description
from psykg.server.worker import Job, Reply, error
from psykg.site.iris import ALIASES, EXTRA_MEDIA_TYPES, FORMATS
from psykg.site.negotiation import negotiated_target
from psykg.sparql.guard import Refused, check_query

NEGOTIATED = re.compile(r"^/(.+)$")
"""Paths that may be IRIs answered with 303 to one of their representations (the site's
negotiation table, site.negotiation.negotiated_target, says which)."""
RELEASE_FILE = re.compile(r"^/dist/([A-Za-z0-9][A-Za-z0-9._-]*)$")
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Content-Type, Location, X-SPARQL-MaxRows",
}
PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}
SAFE_HOST = re.compile(r"[A-Za-z0-9.\-:\[\]]{1,255}")

__all__ = ["App", "Incoming", "route"]


@dataclass(frozen=True)
class Incoming:
    """One request as the routes see it."""

    method: str
    path: str
    """The URL path, percent-decoded."""
    query: str
    """The raw query string (still percent-encoded)."""
    headers: Mapping[str, str]
    """Request headers; look-ups are case-insensitive."""
    body: bytes = b""
    server: str = "127.0.0.1:8000"
    """host:port the request came in on (for the service description when Host is odd)."""

    def header(self, name: str) -> str | None:
        """One request header, or None."""
        return self.headers.get(name)


@dataclass
class App:
    """Everything a request needs: the files, the workers and the limits."""

    site: Path
    release: Path
    pool: WorkerPool
    limits: Limits
    queries: QueryApi
    triples: int
    offers: dict[str, str] = field(
        default_factory=lambda: {
            **{f.media_type: f.ext for f in FORMATS.values()},
            **EXTRA_MEDIA_TYPES,
        }
    )
    """Media type -> file extension of a resource's representations, in order of preference."""

    def media_type(self, path: Path) -> str:
        """The media type a site or release file is served with."""
        if path.name == "void" and path.parent.name == ".well-known":
            return "text/turtle"
        return media_type(path.name)

    def site_file(self, url_path: str) -> Path | None:
        """The file under the site folder for a URL path, or None (never a file outside it)."""
        parts = [p for p in url_path.split("/") if p]
        if any(p in ("..", ".") or "\\" in p or "\x00" in p for p in parts):
            return None
        relative = posixpath.normpath("/".join(parts)) if parts else "index.html"
        candidate = self.site / relative
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        root = self.site.resolve()
        if not resolved.is_relative_to(root) or not resolved.is_file():
            return None
        return resolved


def redirect(location: str) -> Reply:
    """303 See Other: the IRI names a thing; `location` is a document about it."""
    return Reply(
        303,
        "text/plain; charset=utf-8",
        f"See {location}\n".encode(),
        {"Location": location, "Vary": "Accept"},
    )


def route(app: App, request: Incoming) -> Reply:
    """The answer to one request (Refused is raised for requests the endpoint turns down)."""
    method, path = request.method, request.path
    if method == "OPTIONS":
        return Reply(204, "text/plain", b"", dict(PREFLIGHT))
    if method not in ("GET", "HEAD", "POST"):
        return error(405, "method not allowed: the dataset is read-only")
    if len(request.query) > app.limits.max_query * 3:
        raise Refused(414, "the URL is too long")
    params = form(request.query)
    if path in ("/sparql", "/sparql/"):
        return _sparql(app, request, params)
    if method == "POST":
        if path.startswith("/api/"):
            body = form(request.body.decode("utf-8", "replace"))
            return _api(app, request, path[len("/api/") :], {**params, **body})
        return error(405, "POST is for /sparql and /api/NAME")
    if path in ("/api", "/api/"):
        index = json.dumps(app.queries.index(), indent=1)
        return Reply(200, "application/json", index.encode("utf-8"))
    if path.startswith("/api/"):
        return _api(app, request, path[len("/api/") :], params)
    found = NEGOTIATED.match(path)
    target = negotiated_target(found[1]) if found else None
    if found and target is not None:
        return _negotiate(app, request, found[1], target, params)
    release = RELEASE_FILE.match(path)
    if release:
        download = app.release / release[1]
        if download.is_file():
            return Reply(200, app.media_type(download), download.read_bytes())
        return error(404, f"no release file {release[1]}")
    file = app.site_file(path)
    if file is None:
        return error(404, f"not found: {path}")
    media = app.media_type(file)
    if media.startswith("text/") or media.endswith(("json", "xml")):
        media += "; charset=utf-8"
    return Reply(200, media, file.read_bytes())


def _negotiate(
    app: App, request: Incoming, iri_path: str, target: str, params: dict[str, list[str]]
) -> Reply:
    if not (app.site / f"{target}.html").is_file():
        return error(404, f"no resource /{iri_path}")
    requested = params.get("format", [])
    if requested:
        ext = ALIASES.get(requested[0].lower())
        if ext is None:
            return error(
                406, f"unknown format {requested[0]!r}; use one of " + ", ".join(sorted(ALIASES))
            )
    else:
        chosen = choose(request.header("Accept"), list(app.offers))
        if chosen is None:
            return error(406, "no acceptable representation; available: " + ", ".join(app.offers))
        ext = app.offers[chosen]
    return redirect(f"/{target}.{ext}")


def _sparql(app: App, request: Incoming, params: dict[str, list[str]]) -> Reply:
    body = request.body if request.method == "POST" else b""
    content_type = request.header("Content-Type") or ""
    query, dataset_graph = find_query(request.method, params, content_type, body, app.limits)
    if query is None:
        return _no_query(app, request)
    check_query(query)
    accept = accept_with_override(request.header("Accept"), params)
    return app.pool.run(Job(query, accept, app.limits.max_rows, dataset_graph=dataset_graph))


def _no_query(app: App, request: Incoming) -> Reply:
    """/sparql without a query: the query page for browsers, else the service description."""
    offers = ["text/turtle", "text/html", "application/n-triples"]
    chosen = choose(request.header("Accept"), offers)
    if chosen == "text/html":
        page = app.site / "query.html"
        return Reply(200, "text/html; charset=utf-8", page.read_bytes())
    if chosen is None:
        return error(406, "the service description is available as " + ", ".join(offers))
    host = request.header("Host") or ""
    if not SAFE_HOST.fullmatch(host):
        host = request.server
    text = service_description(f"http://{host}/sparql", app.triples)
    if chosen == "application/n-triples":
        import pyoxigraph as ox

        triples = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return Reply(200, chosen, data)
    return Reply(200, "text/turtle; charset=utf-8", text.encode("utf-8"))


def _api(app: App, request: Incoming, name: str, params: dict[str, list[str]]) -> Reply:
    text = app.queries.prepare(name, params)
    check_query(text)
    accept = accept_with_override(request.header("Accept"), params)
    return app.pool.run(
        Job(text, accept, app.limits.max_rows, datatypes=app.queries.datatypes(name))
    )
