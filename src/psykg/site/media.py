"""The media type of every file the site and the release hold, as `psykg serve` sends it
(psykg.server.app.App.media_type), for the web-server rules to send the same."""

from __future__ import annotations

from psykg.rdf.mediatypes import MEDIA_TYPES as BY_SUFFIX

MEDIA_TYPES: dict[str, str] = {suffix[1:]: media for suffix, media in BY_SUFFIX.items()}
"""File extension -> media type (psykg.rdf.mediatypes, the one table); a file with another
extension gets the server's own mime.types (psykg serve: application/octet-stream)."""

VOID_MEDIA_TYPE = "text/turtle"
"""The media type of .well-known/void, a file without an extension."""


def has_charset(media_type: str) -> bool:
    """Whether a site file of this type is sent with `; charset=utf-8` (release files never
    are): text, JSON and XML types, as psykg serve does."""
    return media_type.startswith("text/") or media_type.endswith(("json", "xml"))
