"""Credentials for an external store, sent before a request body rather than after a refusal.

urllib answers an authentication challenge only once the server has refused a request. With a
large PUT the store (Virtuoso's /sparql-graph-crud-auth) answers 401 and closes the connection
while the body is still on its way, and the upload fails with a broken pipe: a release over
about half a megabyte could not be loaded. The opener here remembers each store's last
challenge and answers it up front on the next request: Digest with the next nonce count, Basic
only after the store has asked for Basic (never sent unasked, never sent to a Digest store).
"""

from __future__ import annotations

import base64
import urllib.parse
import urllib.request
from functools import lru_cache
from typing import Any


class _DigestUpFront(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that signs every request with the store's last challenge before sending."""

    def __init__(self, passwd: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwd)
        self.challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        """Remember the challenge, then answer it as urllib does."""
        _, text = auth.split(" ", 1)
        self.challenge = urllib.request.parse_keqv_list(
            [item for item in urllib.request.parse_http_list(text) if item]
        )
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        """Sign the request with the remembered challenge, if there is one."""
        if self.challenge is not None and not req.has_header("Authorization"):
            value = self.get_authorization(req, self.challenge)
            if value:
                req.add_unredirected_header("Authorization", f"Digest {value}")
        return req

    https_request = http_request


class _BasicWhenAsked(urllib.request.HTTPBasicAuthHandler):
    """Basic auth sent up front only to a store that has asked for Basic before."""

    def __init__(self, passwd: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwd)
        self.asked = False

    def http_error_auth_reqed(
        self, authreq: str, host: str, req: urllib.request.Request, headers: Any
    ) -> Any:
        """Note that the store asked for Basic, then answer as urllib does."""
        if any(v.split(" ", 1)[0].lower() == "basic" for v in headers.get_all(authreq) or []):
            self.asked = True
        return super().http_error_auth_reqed(authreq, host, req, headers)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        """Add the Basic credentials once the store has asked for them."""
        if self.asked and not req.has_header("Authorization"):
            user, password = self.passwd.find_user_password("", req.full_url)
            if user is not None:
                token = base64.standard_b64encode(f"{user}:{password or ''}".encode())
                req.add_unredirected_header("Authorization", f"Basic {token.decode('ascii')}")
        return req

    https_request = http_request


def opener(url: str, user: str | None, password: str) -> urllib.request.OpenerDirector:
    """An opener for `url`'s store; with a user, it answers Basic and Digest challenges.

    One opener per store and credentials for the whole run, so a challenge learnt on a small
    request (the probe of a load) signs the large one that follows.
    """
    parts = urllib.parse.urlsplit(url)
    return _opener(f"{parts.scheme}://{parts.netloc}", user, password)


@lru_cache(maxsize=16)
def _opener(origin: str, user: str | None, password: str) -> urllib.request.OpenerDirector:
    if user is None:
        return urllib.request.build_opener()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, origin, user, password)
    return urllib.request.build_opener(_BasicWhenAsked(manager), _DigestUpFront(manager))
