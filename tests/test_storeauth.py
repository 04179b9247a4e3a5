"""Store credentials: sent only to a store that asked, and up front once it has (storeauth)."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from psykg.sparql import store, storeauth


class _Store(BaseHTTPRequestHandler):
    """Asks for `scheme` credentials dba/secret; records the Authorization header of each
    request as it arrived (None when there was none)."""

    scheme = "Basic"
    seen: ClassVar[list[str | None]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        header = self.headers.get("Authorization")
        type(self).seen.append(header)
        good = "Basic " + base64.b64encode(b"dba:secret").decode()
        if header != good:
            self.send_response(401)
            challenge = 'realm="store"' + (
                ', nonce="n1", qop="auth"' if self.scheme == "Digest" else ""
            )
            self.send_header("WWW-Authenticate", f"{self.scheme} {challenge}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(204)
        self.end_headers()

    def do_GET(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    _Store.seen = []
    monkeypatch.setenv(store.USER_VARIABLE, "dba")
    monkeypatch.setenv(store.PASSWORD_VARIABLE, "secret")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/store"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_basic_credentials_go_only_after_the_store_asked_and_then_up_front(server: str) -> None:
    _Store.scheme = "Basic"
    store.put_graph(server, "urn:g", b"")
    store.put_graph(server, "urn:g", b"<urn:a> <urn:b> <urn:c> .\n")
    first, answered, up_front = _Store.seen
    assert first is None, "credentials were sent before the store asked for them"
    assert answered is not None and answered.startswith("Basic ")
    assert up_front == answered, "the second request waited for a refusal"


def test_a_digest_store_never_gets_basic_credentials(server: str) -> None:
    _Store.scheme = "Digest"
    with pytest.raises(store.StoreError, match="refused the credentials"):
        store.put_graph(server, "urn:g", b"")
    assert _Store.seen[0] is None
    assert all(h is None or h.startswith("Digest ") for h in _Store.seen)
    assert len(_Store.seen) >= 2, "the Digest challenge was not answered"


def test_no_user_means_no_credentials(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.USER_VARIABLE)
    with pytest.raises(store.StoreError, match="none are set"):
        store.put_graph(server, "urn:g", b"")
    assert _Store.seen == [None]


def test_one_opener_per_store_and_credentials() -> None:
    a = storeauth.opener("http://127.0.0.1:1/x?graph=1", "u", "p")
    assert a is storeauth.opener("http://127.0.0.1:1/other", "u", "p")
    assert a is not storeauth.opener("http://127.0.0.1:2/x", "u", "p")
    assert a is not storeauth.opener("http://127.0.0.1:1/x", "u", "q")
