"""Refuse what a public read-only endpoint must never do, before any engine sees the query.

pyoxigraph would answer `SERVICE <url>` with a real HTTP request, so federation is refused
here, together with every SPARQL Update operation (LOAD, INSERT, DROP …) and FROM / FROM
NAMED to any graph but the dataset's own. The query is tokenised as SPARQL does it (comments,
strings, IRIs, variables and prefixed names removed), so keywords are found wherever they
occur, in any case, and never inside a string, an IRI or a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psykg.rdf.prefixes import DATASET_IRI

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>(?:[^\W\d][\w.-]*)?:[\w.:%\\-]*)
    | (?P<word>[^\W\d]\w*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)
FEDERATION_KEYWORDS = frozenset({"SERVICE"})
ALLOWED_GRAPHS = frozenset({DATASET_IRI})
"""Graphs a query may name in FROM / FROM NAMED (and the protocol's graph parameters)."""


@dataclass(frozen=True)
class Refused(Exception):
    """The query asks for something this endpoint does not do."""

    status: int
    message: str

    def __str__(self) -> str:
        return self.message


def tokens(query: str) -> list[tuple[str, str]]:
    """(kind, text) for each token that matters: words, IRIs, prefixed names, punctuation."""
    return [
        (m.lastgroup or "", m.group())
        for m in _TOKEN.finditer(query)
        if m.lastgroup not in ("comment", "string")
    ]


def check_query(query: str) -> None:
    """Raise Refused for updates, SERVICE, and FROM/FROM NAMED to other graphs."""
    found = tokens(query)
    words = {text.upper() for kind, text in found if kind == "word"}
    update = sorted(words & UPDATE_KEYWORDS)
    if update:
        raise Refused(403, f"updates are refused: this endpoint is read-only ({update[0]})")
    if words & FEDERATION_KEYWORDS:
        raise Refused(
            403, "SERVICE (federated query) is disabled: this endpoint makes no outgoing requests"
        )
    for i, (kind, text) in enumerate(found):
        if kind != "word" or text.upper() != "FROM":
            continue
        j = i + 1
        if j < len(found) and found[j][0] == "word" and found[j][1].upper() == "NAMED":
            j += 1
        target = found[j] if j < len(found) else ("", "")
        if target[0] != "iri" or target[1][1:-1] not in ALLOWED_GRAPHS:
            raise Refused(
                403,
                f"FROM {target[1] or '…'} is refused: this endpoint reads no "
                f"other graphs than <{DATASET_IRI}>, and never fetches one",
            )


def check_graphs(iris: list[str]) -> None:
    """Refuse protocol default-graph-uri / named-graph-uri values other than the dataset."""
    for iri in iris:
        if iri not in ALLOWED_GRAPHS:
            raise Refused(
                403,
                f"graph <{iri}> is refused: this endpoint holds only "
                f"<{DATASET_IRI}> and never fetches a graph",
            )
