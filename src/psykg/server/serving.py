"""The production HTTP server: uvicorn (one process, an asyncio event loop, httptools and uvloop
where installed) running the ASGI application on a socket bound up front, so that port 0 gives a
free port before serving starts and the caller can stop it from another thread."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from typing import Any

import uvicorn

from psykg.server.routes import App

BACKLOG = 2048
"""Connections the kernel queues before the server accepts them (listen backlog)."""
KEEP_ALIVE = 30
"""Seconds an idle kept-alive connection stays open."""
GRACE = 5
"""Seconds running requests get to finish when the server stops."""


class Server:
    """uvicorn serving one ASGI application on a bound socket.

    `serve_forever()` blocks until `shutdown()` (from another thread) or Ctrl+C;
    `server_close()` closes the socket and runs `on_close` (stops the query workers)."""

    def __init__(
        self, asgi: Any, app: App, host: str, port: int, on_close: Callable[[], None] | None = None
    ) -> None:
        self.app = app
        self._on_close = on_close
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        self.socket = socket.socket(family, kind, proto)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(address)
            self.socket.listen(BACKLOG)  # connections wait in the kernel until uvicorn runs
        except OSError:
            self.socket.close()
            raise
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        config = uvicorn.Config(
            asgi,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            server_header=False,
            backlog=BACKLOG,
            timeout_keep_alive=KEEP_ALIVE,
            timeout_graceful_shutdown=GRACE,
        )
        self._uvicorn = uvicorn.Server(config)
        self._running = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def url(self) -> str:
        """http://host:port of the bound socket."""
        host, port = self.server_address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def serve_forever(self) -> None:
        """Accept and answer requests until shutdown() or a signal."""
        self._stopped.clear()
        self._running.set()
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._running.clear()
            self._stopped.set()

    def shutdown(self, timeout: float = 30.0) -> None:
        """Ask serve_forever to stop and wait until it has."""
        self._uvicorn.should_exit = True
        self._stopped.wait(timeout)

    def server_close(self) -> None:
        """Close the listening socket and stop the query workers."""
        self.socket.close()
        if self._on_close is not None:
            self._on_close()
