"""The ASGI application (Starlette): read the request, bounded; route it in a worker thread so
the event loop never waits for a query or a file; write the answer.

An oversized body is read and thrown away (up to DRAIN_LIMIT bytes) before the 413 goes out
with `Connection: close`: a client that sends its whole body before reading the answer, as
urllib and SPARQLWrapper do, then reads the 413 instead of a connection reset.
"""

from __future__ import annotations

import sys

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from psykg.server.routes import CORS, App, Incoming, route
from psykg.server.worker import Reply, error
from psykg.sparql.guard import Refused

DRAIN_LIMIT = 16 * 1024 * 1024
"""Bytes of an oversized body read and discarded so that the client gets its 413; a body
announced as larger is answered at once (and the connection closed)."""
ROUTE_THREADS = 64
"""Requests routed at once in worker threads (each waits for a query worker or reads a file)."""
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


class _BodyTooLarge(Exception):
    """The request body is over the limit (and has been drained when `drained`)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, at most `limit` bytes; _BodyTooLarge (body drained) when larger."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            size = int(length)
        except ValueError:
            raise Refused(400, "Content-Length is not a number") from None
        if size < 0:
            raise Refused(400, "Content-Length is negative")
        if size > DRAIN_LIMIT:
            raise _BodyTooLarge(limit)
    kept: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total <= limit:
            kept.append(chunk)
        elif total > DRAIN_LIMIT:
            break
    if total > limit:
        raise _BodyTooLarge(limit)
    return b"".join(kept)


def _response(reply: Reply, extra: dict[str, str] | None = None) -> Response:
    headers = {
        **CORS,
        "Server": "psykg",
        "Content-Type": reply.content_type,
        **reply.headers,
        **(extra or {}),
    }
    return Response(reply.body, status_code=reply.status, headers=headers)


def asgi_app(app: App) -> Starlette:
    """The Starlette application serving `app`."""
    limiter = CapacityLimiter(ROUTE_THREADS)

    async def handle(request: Request) -> Response:
        method = request.method
        try:
            body = await read_body(request, app.limits.max_body) if method == "POST" else b""
            local = request.scope.get("server") or ("127.0.0.1", 0)
            incoming = Incoming(
                method,
                request.scope["path"],
                request.scope.get("query_string", b"").decode("latin-1"),
                request.headers,
                body,
                f"{local[0]}:{local[1]}",
            )
            reply = await anyio.to_thread.run_sync(route, app, incoming, limiter=limiter)
        except _BodyTooLarge as exc:
            return _response(error(413, str(exc)), {"Connection": "close"})
        except Refused as exc:
            reply = error(exc.status, exc.message)
        except ClientDisconnect:
            return Response(b"", status_code=400, headers={"Connection": "close"})
        except Exception as exc:  # a bug must cost one request, not the server
            print(
                f"psykg serve: internal error on {request.scope['path']!r}: {exc!r}",
                file=sys.stderr,
            )
            reply = error(500, "internal server error")
        return _response(reply)

    return Starlette(routes=[Route("/{path:path}", handle, methods=METHODS)])
