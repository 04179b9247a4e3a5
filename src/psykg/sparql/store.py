"""An external SPARQL 1.1 store: load through the Graph Store Protocol, ask through the Query
protocol. Credentials come from the environment only (PSYKG_STORE_USER, PSYKG_STORE_PASSWORD).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psykg.errors import PsykgError
from psykg.rdf.prefixes import DATASET_IRI
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


class StoreError(PsykgError):
    """The store is unreachable, refused our credentials, or rejected a request."""


@dataclass(frozen=True)
class LoadReport:
    """What a load did: the graph, and how many triples the store holds there now."""

    endpoint: str
    graph: str
    triples: int


def _opener(url: str) -> urllib.request.OpenerDirector:
    """An opener answering Basic or Digest challenges with the environment's credentials."""
    user = os.environ.get(USER_VARIABLE)
    password = os.environ.get(PASSWORD_VARIABLE, "")
    handlers: list[urllib.request.BaseHandler] = []
    if user:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password)
        handlers += [urllib.request.HTTPBasicAuthHandler(manager),
                     urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _request(method: str, url: str, *, body: bytes | None = None,
             headers: dict[str, str] | None = None, action: str) -> tuple[int, str, bytes]:
    """Send one request; return (status, content type, body); StoreError on any failure."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with _opener(url).open(request, timeout=TIMEOUT) as response:
            return (response.status, response.headers.get("Content-Type", ""),
                    response.read())
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:300]
        if exc.code in (401, 403):
            raise StoreError(
                f"the store at {url} refused the credentials while trying to {action} "
                f"(HTTP {exc.code})",
                hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} to an account allowed to "
                     "write; credentials are never taken from the command line",
            ) from exc
        raise StoreError(f"the store rejected the request to {action}: HTTP {exc.code} "
                         f"{exc.reason}" + (f": {detail}" if detail else ""),
                         hint="check the endpoint URL and the store's log") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"cannot reach the store at {url} to {action}: {reason}",
                         hint="is the store running, and is --endpoint its Graph Store "
                              "(or query) URL?") from exc


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification, ?graph=)."""
    key = "graph-uri" if "sparql-graph-crud" in endpoint else "graph"
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({key: graph})}"


def put_graph(endpoint: str, graph: str, data: bytes) -> None:
    """Replace `graph` with the Turtle (or N-Triples) `data`."""
    _request("PUT", graph_url(endpoint, graph), body=data,
             headers={"Content-Type": "text/turtle; charset=utf-8"},
             action=f"replace graph <{graph}>")


def delete_graph(endpoint: str, graph: str, *, missing_ok: bool = True) -> None:
    """Drop `graph`; a graph that is not there is fine unless missing_ok is False."""
    try:
        _request("DELETE", graph_url(endpoint, graph), action=f"delete graph <{graph}>")
    except StoreError as exc:
        if not (missing_ok and "HTTP 404" in exc.message):
            raise


def count_triples(endpoint: str, graph: str) -> int:
    """How many triples the store holds in `graph` (0 when the graph does not exist)."""
    from rdflib import Graph

    try:
        _, content_type, body = _request(
            "GET", graph_url(endpoint, graph),
            headers={"Accept": "application/n-triples, text/turtle;q=0.9"},
            action=f"read graph <{graph}>")
    except StoreError as exc:
        if "HTTP 404" in exc.message:
            return 0
        raise
    fmt = "nt" if "n-triples" in content_type or "text/plain" in content_type else "turtle"
    parsed = Graph()
    parsed.parse(data=body.decode("utf-8"), format=fmt)
    return len(parsed)


def load(endpoint: str, data_file: Path, graph: str = DEFAULT_GRAPH) -> LoadReport:
    """Load `data_file` into `graph`, replacing it; a failed load leaves the old graph in place.

    The data goes to a staging graph first; only when the store accepted it and holds every
    triple is the target graph replaced (one PUT), checked, and the staging graph dropped.
    """
    from rdflib import Graph

    if not data_file.is_file():
        raise StoreError(f"{data_file} does not exist", hint="run `psykg build` first")
    data = data_file.read_bytes()
    expected = len(Graph().parse(data=data.decode("utf-8"),
                                 format="nt" if data_file.suffix == ".nt" else "turtle"))
    staging = STAGING_PREFIX + graph
    put_graph(endpoint, staging, data)
    try:
        staged = count_triples(endpoint, staging)
        if staged != expected:
            raise StoreError(f"the store kept {staged} of {expected} triples in the staging "
                             f"graph <{staging}>; graph <{graph}> was left as it was",
                             hint="check the store's log for dropped or rewritten triples")
        put_graph(endpoint, graph, data)
        loaded = count_triples(endpoint, graph)
        if loaded != expected:
            raise StoreError(f"graph <{graph}> holds {loaded} triples after the load, "
                             f"expected {expected}", hint="run the load again")
    finally:
        delete_graph(endpoint, staging)
    return LoadReport(endpoint, graph, loaded)


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
        "POST", endpoint, body=urllib.parse.urlencode(form).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
        action="run a query")
    if "json" not in content_type:
        return _graph_result(body, content_type)
    try:
        results = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"the store at {endpoint} did not answer with SPARQL JSON results",
                         hint="is --endpoint the store's query URL?") from exc
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
        raise StoreError(f"the store's answer ({content_type or 'no type'}) is not RDF: {exc}",
                         hint="is --endpoint the store's query URL?") from exc
    return Result(triples=sorted((term(s), term(p), term(o)) for s, p, o in graph))
