"""`psykg serve`'s content negotiation as a program of regular-expression look-ups, which the
nginx and Apache rules both render (nginx `map`s, Apache `RewriteCond`/`RewriteRule [E=]`).

Plain web-server rules cannot do arithmetic, so the q-values are compared as text: each q-value
is written with four digits (`0.5` → `0500`, `1` → `1000`), and one regular expression (with a
back-reference) tells whether one four-digit number is larger than another. The look-ups then
follow psykg.server.conneg step by step: the q-value of each offer is that of the most specific
media range naming it (`type/sub`, then `type/*`, then `*/*`), and the offers are compared in
psykg serve's order, a tie going to the earlier one; no Accept header means `*/*`; every offer
at q=0 means 406. `?format=` wins over the Accept header, as in psykg serve.

Where the two differ (outside RFC 9110's grammar, which no browser or RDF client leaves):
a media range listed twice counts with its first q-value (psykg serve: the largest), q-values
are compared on three decimals (RFC 9110 allows no more), a q-value not written as a plain
decimal (`1e-1`, `+0.5`, `inf`) counts as 0, and percent-encoded letters in `?format=` are not
decoded. docs/publishing.md lists these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from psykg.site.iris import ALIASES, EXTRA_MEDIA_TYPES, FORMATS, RDF_EXTENSIONS, VERSION

OFFERS: tuple[tuple[str, str], ...] = tuple(
    {**{f.media_type: f.ext for f in FORMATS.values()}, **EXTRA_MEDIA_TYPES}.items()
)
"""(media type, file extension) of a resource's representations, in psykg serve's order of
preference (psykg.server.app.App.offers)."""

REDIRECTS: tuple[tuple[str, str], ...] = (
    (r"resource/(quote/[^/.]+/[^/.]+)/[^/.]+", "resource/"),  # a quote's parts: its page
    (r"(resource/[^.]+)", ""),
    (r"(ontology)", ""),
    (f"({VERSION.pattern})", ""),  # a version IRI: that version's files
    (r"dataset", "index"),
)
"""Negotiated IRI path (below the base) -> the site path its representations share (without
extension): `target` followed by the pattern's one group, if it has one. First match wins."""

RELEASE_FILE = r"[A-Za-z0-9][A-Za-z0-9._-]*"
"""The name of a release file served below dist/ (psykg.server.app.RELEASE_FILE)."""


def negotiated_target(iri_path: str) -> str | None:
    """The site path (no extension) whose files represent the IRI path, or None when the path
    is not one that is negotiated (then it names a file, or nothing)."""
    for pattern, target in REDIRECTS:
        found = re.fullmatch(pattern, iri_path)
        if found:
            return target + (found.group(1) if found.re.groups else "")
    return None


# ---------------------------------------------------------------- the look-up program


@dataclass(frozen=True)
class Var:
    """The value of a variable set by an earlier look-up."""

    name: str


@dataclass(frozen=True)
class Cap:
    """A group of the regular expression that matched."""

    number: int


@dataclass(frozen=True)
class Request:
    """A value of the request: `accept` (the Accept header) or `query` (the query string)."""

    name: Literal["accept", "query"]


Part = str | Var | Cap | Request
"""A piece of a template: literal text, a variable, a captured group, or a request value."""


@dataclass(frozen=True)
class Lookup:
    """`name` = the output of the first regex that matches `source`, else `default`."""

    name: str
    source: tuple[Part, ...]
    cases: tuple[tuple[str, tuple[Part, ...]], ...]
    default: tuple[Part, ...]
    ignore_case: bool = False


def escape(text: str) -> str:
    """`text` with the regular-expression metacharacters escaped."""
    return re.sub(r"([+.*?()\[\]{}|^$\\])", r"\\\1", text)


def _var(name: str) -> str:
    return "psykg_" + re.sub(r"[^a-z0-9]+", "_", name.lower().replace("*", "any")).strip("_")


NOT_Q = r"(?!\s*q\s*(?:[=;,]|$))"
"""The parameter that follows is not named q (psykg serve reads a `q` without a value as 0)."""
OTHER_PARAMS = r"(?:;" + NOT_Q + r"[^;,]*)*"
"""Parameters none of which is q."""
Q_FORMS: tuple[tuple[str, tuple[Part, ...]], ...] = (
    (OTHER_PARAMS, ("1000",)),
    *(
        (r"(?:;[^;,]*)*;\s*q\s*=\s*" + value + r"\s*" + OTHER_PARAMS, output)
        for value, output in (
            (r"0*[1-9][0-9]*(?:\.[0-9]*)?", ("1000",)),  # 1 and above: 1
            (r"0*\.([0-9])([0-9])([0-9])[0-9]*", ("0", Cap(1), Cap(2), Cap(3))),
            (r"0*\.([0-9])([0-9])", ("0", Cap(1), Cap(2), "0")),
            (r"0*\.([0-9])", ("0", Cap(1), "00")),
        )
    ),
    (r"(?:;[^,]*)?", ("0000",)),  # q=0, or a q that is not a number
)
"""A media range's parameters -> its q-value in four digits (from its last q parameter)."""


def _q_cases(media_range: str) -> list[tuple[str, tuple[Part, ...]]]:
    """The first entry of an Accept header that is `media_range` -> its q-value; psykg serve
    splits the header at commas, each entry at semicolons, and ignores case."""
    name = escape(media_range)
    first = rf"^(?:(?!\s*{name}\s*(?:[;,]|$))[^,]*,)*\s*{name}\s*"
    return [(first + form + r"\s*(?:,|$)", output) for form, output in Q_FORMS]


GREATER = r"^([0-9]*)(?:" + "|".join(rf"{d}[0-9]*[a-z]+,\1[{d + 1}-9]" for d in range(9)) + ")"
"""Matches `NNNNext,MMMM…` when MMMM > NNNN: they agree up to a digit where M's is larger."""


def _raw_alias(alias: str) -> str:
    """How an alias may appear in a raw query string (`+` percent-encoded, as parse_qs reads
    a bare `+` as a space)."""
    return "".join(
        {"+": "%2b", "-": "(?:-|%2d)", ".": "(?:\\.|%2e)"}.get(c, escape(c)) for c in alias
    )


def program() -> list[Lookup]:
    """The look-ups, in order; the last sets `psykg_ext`: the extension to redirect to, or
    empty for 406 Not Acceptable."""
    out = [
        Lookup(_var("accept"), (Request("accept"),), ((r"^\s*$", ("*/*",)),), (Request("accept"),))
    ]
    for media_type, _ in OFFERS:
        cases = [
            case
            for kind in (media_type, media_type.split("/")[0] + "/*", "*/*")
            for case in _q_cases(kind)
        ]
        out.append(
            Lookup(
                _var("q " + media_type),
                (Var(_var("accept")),),
                tuple(cases),
                ("0000",),
                ignore_case=True,
            )
        )
    best: tuple[Part, ...] = (Var(_var("q " + OFFERS[0][0])), OFFERS[0][1])
    for n, (media_type, ext) in enumerate(OFFERS[1:], 1):
        offer: tuple[Part, ...] = (Var(_var("q " + media_type)), ext)
        out.append(Lookup(_var(f"best {n}"), (*best, ",", *offer), ((GREATER, offer),), best))
        best = (Var(_var(f"best {n}")),)
    out.append(
        Lookup(
            _var("accept ext"), best, ((r"^0000", ("",)), (r"^[0-9]{4}([a-z]+)$", (Cap(1),))), ("",)
        )
    )
    out.append(
        Lookup(
            _var("format"),
            (Request("query"),),
            ((r"(?:^|&)format(?:=([^&]*))?(?:&|$)", ("v", Cap(1))),),
            ("",),
        )
    )
    formats: list[tuple[str, tuple[Part, ...]]] = [(r"^$", (Var(_var("accept ext")),))]
    for ext in ("html", *RDF_EXTENSIONS):
        names = "|".join(_raw_alias(a) for a, e in sorted(ALIASES.items()) if e == ext)
        formats.append((rf"^v(?:{names})$", (ext,)))
    out.append(Lookup(_var("ext"), (Var(_var("format")),), tuple(formats), ("",), ignore_case=True))
    return out


EXT = _var("ext")
"""The variable the program leaves the chosen extension in (empty: 406)."""

Render = Literal["nginx", "apache"]


def render(parts: tuple[Part, ...], server: Render, *, captures: str = "$") -> str:
    """A template as nginx (`$psykg_x`, `$1`) or Apache (`%{ENV:psykg_x}`, `%1`) text."""
    out = []
    for part in parts:
        if isinstance(part, Var):
            out.append("${" + part.name + "}" if server == "nginx" else f"%{{ENV:{part.name}}}")
        elif isinstance(part, Cap):
            out.append(f"{captures}{part.number}")
        elif isinstance(part, Request):
            out.append(
                {
                    ("nginx", "accept"): "$http_accept",
                    ("nginx", "query"): "$args",
                    ("apache", "accept"): "%{HTTP_ACCEPT}",
                    ("apache", "query"): "%{QUERY_STRING}",
                }[server, part.name]
            )
        else:
            out.append(part)
    return "".join(out)


def evaluate(accept: str | None, query: str = "") -> str:
    """Run the program as a web server does (first matching regex, searched, not anchored):
    the extension the rules redirect to, or "" for 406. Tests hold it to psykg serve."""
    values: dict[str, str] = {}
    request = {"accept": accept or "", "query": query}

    def text(parts: tuple[Part, ...], found: re.Match[str] | None) -> str:
        out = []
        for part in parts:
            if isinstance(part, Var):
                out.append(values[part.name])
            elif isinstance(part, Cap):
                out.append((found.group(part.number) if found else None) or "")
            elif isinstance(part, Request):
                out.append(request[part.name])
            else:
                out.append(part)
        return "".join(out)

    for lookup in program():
        source = text(lookup.source, None)
        flags = re.IGNORECASE if lookup.ignore_case else 0
        for pattern, output in lookup.cases:
            found = re.search(pattern, source, flags)
            if found:
                values[lookup.name] = text(output, found)
                break
        else:
            values[lookup.name] = text(lookup.default, None)
    return values[EXT]
