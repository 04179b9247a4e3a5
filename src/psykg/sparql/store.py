"""An external SPARQL 1.1 store: load through the Graph Store Protocol, ask through the Query
protocol. Credentials come from the environment only (PSYKG_STORE_USER, PSYKG_STORE_PASSWORD).
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from psykg.errors import PsykgError
from psykg.rdf.prefixes import DATASET_IRI
from psykg.sparql import storeauth
from psykg.sparql.engines import Result, Term, literal

USER_VARIABLE = "PSYKG_STORE_USER"
PASSWORD_VARIABLE = "PSYKG_STORE_PASSWORD"
DEFAULT_GRAPH = DATASET_IRI
"""The named graph the release is loaded into unless --graph says otherwise."""
STAGING_PREFIX = "urn:psykg:staging:"
"""Put before the target graph IRI to name the graph a load is checked in first."""
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
BOOLEAN_CANONICAL = {"1": "true", "0": "false"}
"""Virtuoso answers xsd:boolean as 1/0; the canonical lexical forms are true/false."""
TIMEOUT = 60.0
"""Seconds to wait for any one HTTP exchange with the store."""
SECONDS_PER_TRIPLE = 0.002
"""More seconds a write or delete of a graph may take per triple: Virtuoso's Graph Store
deleted 50 000 triples in 39 s (0.8 ms each) on the benchmark machine."""
PROBE_TIMEOUT = 10.0
"""Seconds to wait for the first, small request of a load (is this a Graph Store URL?)."""
GRAPH_STORE_URLS = (
    "Virtuoso http://HOST:8890/sparql-graph-crud-auth, Oxigraph "
    "http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data"
)


class StoreError(PsykgError):
    """The store is unreachable, refused our credentials, or rejected a request."""


@dataclass(frozen=True)
class LoadReport:
    """What a load did: the graph, and how many triples the store holds there now."""

    endpoint: str
    graph: str
    triples: int


def _request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    action: str,
    timeout: float = TIMEOUT,
) -> tuple[int, str, bytes]:
    """Send one request; return (status, content type, body); StoreError on any failure."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    user = os.environ.get(USER_VARIABLE)
    try:
        with storeauth.opener(url, user, os.environ.get(PASSWORD_VARIABLE, "")).open(
            request, timeout=timeout
        ) as response:
            return (response.status, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:300]
        if exc.code in (401, 403):
            raise _auth_error(exc.code, url, action) from exc
        raise StoreError(
            f"the store rejected the request to {action}: HTTP {exc.code} "
            f"{exc.reason}" + (f": {detail}" if detail else ""),
            hint="check the endpoint URL and the store's log",
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(
            f"cannot reach the store at {url} to {action}: {reason}",
            hint="is the store running, and is --endpoint its Graph Store (or query) URL?",
        ) from exc


def _auth_error(status: int, url: str, action: str) -> StoreError:
    """401/403: no credentials given, or the ones given were refused."""
    where = url.split("?", 1)[0]
    if not os.environ.get(USER_VARIABLE):
        return StoreError(
            f"the store at {where} asks for credentials to {action} (HTTP {status}), and "
            f"none are set",
            hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the "
            "environment (a fresh Virtuoso has dba/dba; change it)",
        )
    return StoreError(
        f"the store at {where} refused the credentials of {os.environ[USER_VARIABLE]!r} while "
        f"trying to {action} (HTTP {status})",
        hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} to an account allowed to write; "
        "credentials are never taken from the command line",
    )


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification, ?graph=)."""
    key = "graph-uri" if "sparql-graph-crud" in endpoint else "graph"
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({key: graph})}"


def put_graph(endpoint: str, graph: str, data: bytes, *, timeout: float = TIMEOUT) -> None:
    """Replace `graph` with the Turtle (or N-Triples) `data`."""
    _request(
        "PUT",
        graph_url(endpoint, graph),
        body=data,
        headers={"Content-Type": "text/turtle; charset=utf-8"},
        action=f"replace graph <{graph}>",
        timeout=timeout,
    )


def delete_graph(
    endpoint: str, graph: str, *, missing_ok: bool = True, timeout: float = TIMEOUT
) -> None:
    """Drop `graph`; a graph that is not there is fine unless missing_ok is False."""
    try:
        _request(
            "DELETE", graph_url(endpoint, graph), action=f"delete graph <{graph}>", timeout=timeout
        )
    except StoreError as exc:
        if not (missing_ok and "HTTP 404" in exc.message):
            raise


def count_triples(endpoint: str, graph: str, *, timeout: float = TIMEOUT) -> int:
    """How many triples the store holds in `graph` (0 when the graph does not exist)."""
    try:
        _, content_type, body = _request(
            "GET",
            graph_url(endpoint, graph),
            headers={"Accept": "application/n-triples, text/turtle;q=0.9"},
            action=f"read graph <{graph}>",
            timeout=timeout,
        )
    except StoreError as exc:
        if "HTTP 404" in exc.message:
            return 0
        raise
    media = content_type.split(";")[0].strip().lower()
    formats = {
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "text/plain": ox.RdfFormat.N_TRIPLES,
        "text/turtle": ox.RdfFormat.TURTLE,
    }
    if media not in formats:
        raise StoreError(
            f"{endpoint} answered a Graph Store read of <{graph}> with {media or 'no type'}, "
            "not RDF: it is not a Graph Store URL",
            hint=f"give psykg load the store's Graph Store URL ({GRAPH_STORE_URLS})",
        )
    try:
        return len(set(ox.parse(body, format=formats[media])))
    except SyntaxError as exc:
        raise StoreError(
            f"the store's copy of <{graph}> is not {media}: {exc.msg}", hint="check the store's log"
        ) from None


def _probe(endpoint: str, graph: str) -> None:
    """Fail fast, in one line, when `endpoint` is not a Graph Store URL (the query URL is the
    usual slip: Virtuoso's /sparql never answers a PUT, so a load would wait for TIMEOUT)."""
    try:
        count_triples(endpoint, graph, timeout=PROBE_TIMEOUT)
    except StoreError as exc:
        if "HTTP 400" in exc.message or "HTTP 405" in exc.message:
            raise StoreError(
                f"{endpoint} is not a Graph Store URL (a read of graph <{graph}> got "
                f"{exc.message.split(': ', 1)[1]}); it looks like the SPARQL query URL",
                hint=f"psykg load needs the Graph Store URL ({GRAPH_STORE_URLS}); "
                "psykg query --endpoint takes the query URL",
            ) from None
        if "timed out" in exc.message:
            raise StoreError(
                f"the store at {endpoint} did not answer a Graph Store read "
                f"within {PROBE_TIMEOUT:g} s",
                hint=f"is --endpoint the store's Graph Store URL ({GRAPH_STORE_URLS})?",
            ) from None
        raise


def count_file(data_file: Path) -> int:
    """Distinct triples in an N-Triples or Turtle file; StoreError with the line if malformed."""
    fmt = ox.RdfFormat.from_extension(data_file.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    if fmt not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE):
        raise StoreError(
            f"{data_file}: psykg load sends N-Triples (.nt) or Turtle (.ttl), not {fmt.name}",
            file=data_file,
            hint="load dist/psykg.nt",
        )
    try:
        return len(set(ox.parse(path=str(data_file), format=fmt)))
    except SyntaxError as exc:
        detail = re.sub(
            r"^Parser error at line \d+ (between columns \d+ and \d+|column \d+)"
            r": ",
            "",
            exc.msg,
        )
        column = f" at column {exc.offset}" if exc.offset else ""
        raise StoreError(
            f"not valid {fmt.name}{column}: {detail}",
            file=data_file,
            line=exc.lineno,
            hint="load the release's own dist/psykg.nt, or fix that line",
        ) from None
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read {data_file}: {exc}", file=data_file) from None


def load(endpoint: str, data_file: Path, graph: str = DEFAULT_GRAPH) -> LoadReport:
    """Load `data_file` into `graph`, replacing it; a failed load leaves the old graph in place.

    The data goes to a staging graph first; only when the store accepted it and holds every
    triple is the target graph replaced (one PUT), checked, and the staging graph dropped.
    """
    if not data_file.is_file():
        raise StoreError(f"{data_file} does not exist", hint="run `psykg build` first")
    expected = count_file(data_file)
    data = data_file.read_bytes()
    staging = STAGING_PREFIX + graph
    _probe(endpoint, staging)
    slow = TIMEOUT + SECONDS_PER_TRIPLE * expected
    put_graph(endpoint, staging, data, timeout=slow)
    try:
        staged = count_triples(endpoint, staging)
        if staged != expected:
            raise StoreError(
                f"the store kept {staged} of {expected} triples in the staging "
                f"graph <{staging}>; graph <{graph}> was left as it was",
                hint="check the store's log for dropped or rewritten triples; a store that caps "
                "the triples a read returns counts short (Virtuoso: raise ResultSetMaxRows in "
                "virtuoso.ini above the release's triple count)",
            )
        put_graph(endpoint, graph, data, timeout=slow)
        loaded = count_triples(endpoint, graph)
        if loaded != expected:
            raise StoreError(
                f"graph <{graph}> holds {loaded} triples after the load, expected {expected}",
                hint="run the load again",
            )
    finally:
        delete_graph(endpoint, staging, timeout=slow)
    return LoadReport(endpoint, graph, loaded)


def graph_is_empty(endpoint: str, graph: str | None = DEFAULT_GRAPH) -> bool:
    """Whether the query endpoint sees no triple at all in `graph` (None: its default graph)."""
    answer = run_remote(endpoint, "ASK { ?s ?p ?o }", graph=graph)
    return answer.boolean is False


def term_text(binding: dict[str, Any] | None) -> Term | None:
    """One SPARQL JSON results binding as an engine-neutral Term (normalised like the engines)."""

    if binding is None:
        return None
    kind, value = binding.get("type"), str(binding.get("value", ""))
    if kind == "uri":
        return Term("uri", value)
    if kind == "bnode":
        return Term("bnode", value)
    datatype = binding.get("datatype")
    if datatype == XSD_BOOLEAN:
        value = BOOLEAN_CANONICAL.get(value, value)
    return literal(value, datatype, binding.get("xml:lang"))


def run_remote(endpoint: str, sparql: str, graph: str | None = DEFAULT_GRAPH) -> Result:
    """Run a query at a SPARQL 1.1 query endpoint; the answer is an engines.Result.

    `graph` becomes the default graph (default-graph-uri), so the store's other graphs do not
    leak into the answers; None asks the store's own default graph. SELECT and ASK come back
    as SPARQL JSON results, CONSTRUCT and DESCRIBE as N-Triples.
    """

    form = {"query": sparql}
    if graph is not None:
        form["default-graph-uri"] = graph
    _, content_type, body = _request(
        "POST",
        endpoint,
        body=urllib.parse.urlencode(form).encode("utf-8"),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
        },
        action="run a query",
    )
    if "json" not in content_type:
        return _graph_result(body, content_type)
    try:
        results = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(
            f"the store at {endpoint} did not answer with SPARQL JSON results",
            hint="is --endpoint the store's query URL?",
        ) from exc
    if "boolean" in results:
        return Result(boolean=bool(results["boolean"]))
    names = tuple(results.get("head", {}).get("vars", []))
    rows: list[tuple[Term | None, ...]] = [
        tuple(term_text(row.get(name)) for name in names)
        for row in results.get("results", {}).get("bindings", [])
    ]
    return Result(vars=names, rows=rows)


def _graph_result(body: bytes, content_type: str) -> Result:
    """A CONSTRUCT/DESCRIBE answer (N-Triples or Turtle) as an engines.Result."""
    from rdflib import BNode, Graph, URIRef
    from rdflib import Literal as RdfLiteral

    def term(node: Any) -> Term:
        if isinstance(node, URIRef):
            return Term("uri", str(node))
        if isinstance(node, BNode):
            return Term("bnode", str(node))
        assert isinstance(node, RdfLiteral)
        return literal(str(node), str(node.datatype) if node.datatype else None, node.language)

    fmt = "nt" if "n-triples" in content_type or "text/plain" in content_type else "turtle"
    try:
        graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise StoreError(
            f"the store's answer ({content_type or 'no type'}) is not RDF: {exc}",
            hint="is --endpoint the store's query URL?",
        ) from exc
    return Result(triples=sorted((term(s), term(p), term(o)) for s, p, o in graph))
