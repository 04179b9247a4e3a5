"""The web-server rules written into the site: Apache (.htaccess) and nginx (one file per
context) for the host, and the w3id .htaccess that sends the persistent IRIs to the host.

Both answer as `psykg serve` does (tests/test_webservers.py runs real Apache and nginx against
it): a negotiated IRI answers 303 See Other to the file of the representation that ?format= or
the Accept header (q-values weighed) asks for, or 404 when the site does not describe it, or
406; every file goes out with psykg serve's media type and CORS; the release files are served
from dist/ below the site.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from psykg.errors import PublishingError
from psykg.rdf.prefixes import BASE
from psykg.site.apache import htaccess, w3id_htaccess
from psykg.site.nginx import HTTP_FILE, SERVER_FILE, http_snippet, server_snippet

PREFIX = urlsplit(BASE).path
"""The path of the base IRI on its host (/psykg/): where the site is served when no host URL
is given (a server that answers for the IRIs themselves)."""

W3ID_FILE = "w3id.htaccess"
"""The rules to submit to the w3id registry (as psykg/.htaccess), written with a host URL."""

SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?")
"""Host URLs the rules can carry as they are: no query, fragment, space, `$` or `%`."""


def host_url(url: str) -> str:
    """The host URL, checked, ending with a slash; PublishingError if the rules cannot use it."""
    if not SAFE_URL.fullmatch(url):
        raise PublishingError(
            f"cannot publish at {url!r}",
            hint="give an http(s) URL of the folder the site is published in, such as "
            "https://example.org/psykg/ (letters, digits and . _ ~ / - in its path; "
            "no query or fragment)",
        )
    return url if url.endswith("/") else url + "/"


def rule_files(url: str | None = None) -> dict[str, str]:
    """File name -> text of the rules for a site published at `url` (default: at the base
    IRI's own path, /psykg/); with a URL, also the w3id rules that redirect there."""
    prefix = urlsplit(host_url(url)).path if url else PREFIX
    files = {
        ".htaccess": htaccess(prefix),
        HTTP_FILE: http_snippet(),
        SERVER_FILE: server_snippet(prefix),
    }
    if url:
        files[W3ID_FILE] = w3id_htaccess(host_url(url))
    return files


__all__ = ["HTTP_FILE", "PREFIX", "SERVER_FILE", "W3ID_FILE", "host_url", "rule_files"]
