"""An HTTP cache that lets `rocrate-validator --offline` check an RO-Crate 1.1 without a network.

rocrate-validator (PyPI roc-validator) fetches the RO-Crate JSON-LD context named in the
crate's `@context` through a requests-cache SQLite cache; with `--offline` it answers only from
that cache. `python -m psykg.exports.rocrate_cache PATH` stores the RO-Crate 1.1 context shipped
in the `rocrate` package (ro-crate-py, its data/ro-crate.jsonld) in the cache at PATH, under the
URL the crate names, so that

    rocrate-validator validate --offline --cache-path PATH ...

finds it. Nothing is fetched: the response is built from the installed file.
"""

from __future__ import annotations

import io
import json
import sys
from contextlib import closing
from importlib import resources
from typing import Any

from psykg.errors import PsykgError

CONTEXT_URL = "https://w3id.org/ro/crate/1.1/context"
"""The context psykg's ro-crate-metadata.json names (psykg.exports.rocrate.CONTEXT)."""


class ContextMismatch(PsykgError):
    """The installed rocrate package ships another RO-Crate context than the one we need."""


def packaged_context() -> bytes:
    """The RO-Crate JSON-LD context shipped in ro-crate-py, checked to be the one at
    CONTEXT_URL (ro-crate-py 0.16 and later ship a newer version's context)."""
    data = resources.files("rocrate").joinpath("data/ro-crate.jsonld").read_bytes()
    found = json.loads(data).get("@id")
    if found != CONTEXT_URL:
        raise ContextMismatch(
            f"the rocrate package ships the context {found}, not {CONTEXT_URL}",
            hint="install rocrate<0.16 (see pyproject.toml's test extras)",
        )
    return data


def seed(cache_path: str) -> None:
    """Store the packaged context in the requests-cache SQLite cache rocrate-validator opens
    with `--cache-path cache_path` (same cache name, backend and status codes)."""
    import requests
    import urllib3
    from requests.adapters import HTTPAdapter
    from requests_cache import CachedSession

    body = packaged_context()

    class PackagedFile(HTTPAdapter):
        """Answers every request with the packaged context, never touching the network."""

        def send(
            self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
        ) -> requests.Response:
            raw = urllib3.HTTPResponse(
                body=io.BytesIO(body),
                status=200,
                reason="OK",
                preload_content=False,
                headers={"Content-Type": "application/ld+json", "Content-Length": str(len(body))},
                request_url=request.url,
            )
            return self.build_response(request, raw)

    with closing(
        CachedSession(
            cache_name=cache_path,
            backend="sqlite",
            expire_after=-1,
            allowable_methods=("GET",),
            allowable_codes=(200, 302, 404),
        )
    ) as session:
        session.mount(CONTEXT_URL, PackagedFile())
        session.get(CONTEXT_URL).raise_for_status()


def main(argv: list[str] | None = None) -> int:
    """`python -m psykg.exports.rocrate_cache PATH`."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m psykg.exports.rocrate_cache CACHE_PATH", file=sys.stderr)
        return 2
    try:
        seed(args[0])
    except PsykgError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
