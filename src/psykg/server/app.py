"""The HTTP server: the static site with content negotiation on resource IRIs, the SPARQL
endpoint, the packaged-query API, and nothing outside the site folder."""

from __future__ import annotations

import json
import posixpath
import re
import sys
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from psykg.errors import DatasetMissing, PsykgError
from psykg.paths import QUERIES_DIR, project_root
from psykg.rdf.mediatypes import media_type
from psykg.rdf.prefixes import BASE
from psykg.server.conneg import choose
from psykg.server.limits import Limits
from psykg.server.pool import WorkerPool
from psykg.server.queryapi import QueryApi
from psykg.server.sparql import accept_with_override, find_query, form, service_description
from psykg.server.worker import Job, Reply, error
from psykg.site.iris import ALIASES, EXTRA_MEDIA_TYPES, FORMATS, site_path
from psykg.sparql.guard import Refused, check_query

NEGOTIATED = re.compile(r"^/(resource/[^.]+|ontology|dataset)$")
"""IRI paths answered with 303 to one of their representations."""
TARGET = {"dataset": "index"}
RELEASE_FILE = re.compile(r"^/dist/([A-Za-z0-9][A-Za-z0-9._-]*)$")
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "Content-Type, Location, X-SPARQL-MaxRows"}


@dataclass
class App:
    """Everything a request handler needs: the files, the workers and the limits."""

    site: Path
    release: Path
    pool: WorkerPool
    limits: Limits
    queries: QueryApi
    triples: int
    offers: dict[str, str] = field(default_factory=lambda: {
        **{f.media_type: f.ext for f in FORMATS.values()}, **EXTRA_MEDIA_TYPES})
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
        candidate = (self.site / relative)
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
    return Reply(303, "text/plain; charset=utf-8", f"See {location}\n".encode(),
                 {"Location": location, "Vary": "Accept"})


class Handler(BaseHTTPRequestHandler):
    """One request: route it, answer it, never raise past here."""

    server_version = "psykg"
    protocol_version = "HTTP/1.1"
    timeout = 30
    app: App

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no line per request on stderr."""

    # ------------------------------------------------------------------ plumbing
    def _send(self, reply: Reply, *, head: bool = False) -> None:
        self.send_response(reply.status)
        headers = {**CORS, "Content-Type": reply.content_type,
                   "Content-Length": str(len(reply.body)), **reply.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            if self.headers.get("Transfer-Encoding"):
                raise Refused(411, "send a Content-Length; chunked bodies are not accepted")
            return b""
        try:
            size = int(length)
        except ValueError:
            raise Refused(400, "Content-Length is not a number") from None
        if size < 0:
            raise Refused(400, "Content-Length is negative")
        if size > self.app.limits.max_body:
            self.close_connection = True
            raise Refused(413, f"the request body is larger than {self.app.limits.max_body} "
                               "bytes")
        return self.rfile.read(size)

    def _dispatch(self, method: str) -> None:
        try:
            reply = self._route(method)
        except Refused as exc:
            reply = error(exc.status, exc.message)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
            return
        except Exception as exc:  # a bug must cost one request, not the server
            print(f"psykg serve: internal error on {self.path!r}: {exc!r}", file=sys.stderr)
            reply = error(500, "internal server error")
        self._send(reply, head=method == "HEAD")

    def do_GET(self) -> None:
        """GET."""
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        """HEAD: as GET without the body."""
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        """POST (the SPARQL endpoint only)."""
        self._dispatch("POST")

    def do_OPTIONS(self) -> None:
        """CORS preflight."""
        self._send(Reply(204, "text/plain", b"", {
            "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Accept, Content-Type",
            "Access-Control-Max-Age": "86400"}))

    def do_PUT(self) -> None:
        """Refused: the dataset is read-only."""
        self._send(error(405, "method not allowed: the dataset is read-only"))

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # ------------------------------------------------------------------ routes
    def _route(self, method: str) -> Reply:
        url = urlsplit(self.path)
        if len(url.query) > self.app.limits.max_query * 3:
            raise Refused(414, "the URL is too long")
        path = unquote(url.path)
        params = form(url.query)
        if path in ("/sparql", "/sparql/"):
            return self._sparql(method, params)
        if method == "POST":
            body = self._body()
            if path.startswith("/api/"):
                return self._api(path[len("/api/"):], {**params, **form(body.decode("utf-8",
                                                                                     "replace"))})
            return error(405, "POST is for /sparql and /api/NAME")
        if path in ("/api", "/api/"):
            return self._api_index()
        if path.startswith("/api/"):
            return self._api(path[len("/api/"):], params)
        found = NEGOTIATED.match(path)
        if found:
            return self._negotiate(found[1], params)
        release = RELEASE_FILE.match(path)
        if release:
            download = self.app.release / release[1]
            if download.is_file():
                return Reply(200, self.app.media_type(download), download.read_bytes())
            return error(404, f"no release file {release[1]}")
        file = self.app.site_file(path)
        if file is None:
            return error(404, f"not found: {path}")
        media = self.app.media_type(file)
        if media.startswith("text/") or media.endswith(("json", "xml")):
            media += "; charset=utf-8"
        return Reply(200, media, file.read_bytes())

    def _negotiate(self, iri_path: str, params: dict[str, list[str]]) -> Reply:
        target = TARGET.get(iri_path) or site_path(BASE + iri_path) or iri_path
        if not (self.app.site / f"{target}.html").is_file():
            return error(404, f"no resource /{iri_path}")
        requested = params.get("format", [])
        if requested:
            ext = ALIASES.get(requested[0].lower())
            if ext is None:
                return error(406, f"unknown format {requested[0]!r}; use one of "
                                  + ", ".join(sorted(ALIASES)))
        else:
            chosen = choose(self.headers.get("Accept"), list(self.app.offers))
            if chosen is None:
                return error(406, "no acceptable representation; available: "
                                  + ", ".join(self.app.offers))
            ext = self.app.offers[chosen]
        return redirect(f"/{target}.{ext}")

    def _sparql(self, method: str, params: dict[str, list[str]]) -> Reply:
        body = self._body() if method == "POST" else b""
        content_type = self.headers.get("Content-Type", "")
        query, dataset_graph = find_query(method, params, content_type, body, self.app.limits)
        if query is None:
            return self._no_query()
        check_query(query)
        accept = accept_with_override(self.headers.get("Accept"), params)
        return self.app.pool.run(Job(query, accept, self.app.limits.max_rows,
                                     dataset_graph=dataset_graph))

    def _no_query(self) -> Reply:
        """/sparql without a query: the query page for browsers, else the service description."""
        offers = ["text/turtle", "text/html", "application/n-triples"]
        chosen = choose(self.headers.get("Accept"), offers)
        if chosen == "text/html":
            page = self.app.site / "query.html"
            return Reply(200, "text/html; charset=utf-8", page.read_bytes())
        if chosen is None:
            return error(406, "the service description is available as " + ", ".join(offers))
        host = self.headers.get("Host", "")
        if not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]{1,255}", host):
            host = "{}:{}".format(*self.server.server_address[:2])  # type: ignore[index]
        text = service_description(f"http://{host}/sparql", self.app.triples)
        if chosen == "application/n-triples":
            import pyoxigraph as ox

            triples = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            return Reply(200, chosen, data)
        return Reply(200, "text/turtle; charset=utf-8", text.encode("utf-8"))

    def _api_index(self) -> Reply:
        index = json.dumps(self.app.queries.index(), indent=1)
        return Reply(200, "application/json", index.encode("utf-8"))

    def _api(self, name: str, params: dict[str, list[str]]) -> Reply:
        text = self.app.queries.prepare(name, params)
        check_query(text)
        accept = accept_with_override(self.headers.get("Accept"), params)
        return self.app.pool.run(Job(text, accept, self.app.limits.max_rows))


class Server(ThreadingHTTPServer):
    """A threading HTTP server whose handlers share one App."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], app: App) -> None:
        handler = type("BoundHandler", (Handler,), {"app": app})
        super().__init__(address, handler)
        self.app = app

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up is no error worth a traceback."""
        kind = sys.exc_info()[0]
        if kind is not None and issubclass(kind, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        """Stop listening and stop the query workers."""
        super().server_close()
        self.app.pool.close()


def make_server(dist: Path, host: str = "127.0.0.1", port: int = 8000,
                limits: Limits | None = None) -> Server:
    """A server for the release in `dist` (psykg.nt and site/), workers started."""
    limits = limits or Limits()
    data_file, site = dist / "psykg.nt", dist / "site"
    for needed in (data_file, site / "index.html"):
        if not needed.is_file():
            raise DatasetMissing(f"{needed} does not exist",
                                 hint="run `psykg build` (it writes the data and the site)")
    queries_dir: Path | None = dist / "queries"
    if queries_dir is None or not queries_dir.is_dir():
        queries_dir = _checkout_queries()
    queries = QueryApi(data_file, queries_dir)
    triples = sum(1 for line in data_file.open(encoding="utf-8") if line.strip())
    pool = WorkerPool(data_file, limits)
    try:
        app = App(site=site, release=dist, pool=pool, limits=limits, queries=queries,
                  triples=triples)
        return Server((host, port), app)
    except BaseException:
        pool.close()
        raise


def _checkout_queries() -> Path | None:

    try:
        return project_root() / QUERIES_DIR
    except PsykgError:
        return None
