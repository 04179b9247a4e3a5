"""`psykg serve`: content negotiation, the SPARQL 1.1 Protocol, the query API and the safety
limits, against a live server on 127.0.0.1 (query workers are real processes)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from psykg.paths import QUERIES_DIR, Inputs, project_root
from psykg.rdf.prefixes import DATASET_IRI
from psykg.rdf.serialize import to_ntriples
from psykg.release.pipeline import run
from psykg.release.void import Counts, describe
from psykg.server.app import Server, make_server
from psykg.server.conneg import choose
from psykg.server.limits import TRUNCATED_HEADER, Limits
from psykg.site import SiteInputs, release_files, write_site
from psykg.site.querylist import packaged_queries
from psykg.sparql.guard import Refused, check_query
from psykg.sparql.packaged import load_queries, prepare, runner

ROOT = project_root()
QUERY_NAMES = sorted(load_queries(ROOT / QUERIES_DIR)) if (ROOT / QUERIES_DIR).is_dir() else []
LIMITS = Limits(timeout=3.0, max_rows=1000, max_body=16384, max_query=8192, workers=2)
"""Low limits, so the tests reach them; max_query is above the longest packaged query."""
EXPLOSION = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
THERAPY = "https://w3id.org/psykg/resource/psychodynamic-therapy"


# ---------------------------------------------------------------- fixtures (also for the browser)

@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project-shaped folder with a built release: dist/psykg.nt and dist/site."""
    root = tmp_path_factory.mktemp("release")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    if (ROOT / QUERIES_DIR).is_dir():
        shutil.copytree(ROOT / QUERIES_DIR, root / QUERIES_DIR)
    result = run(Inputs(ROOT), use_hermit=False)
    full, ontology, compiled = result.full, result.ontology, result.compiled
    dist = root / "dist"
    dist.mkdir()
    (dist / "psykg.nt").write_text(to_ntriples(full), encoding="utf-8")
    inputs = SiteInputs(full, ontology.graph, {d: s.text for d, s in compiled.sources.items()},
                        packaged_queries(root / QUERIES_DIR),
                        describe(ontology.graph, release_files(dist),
                                 Counts.of_ntriples(to_ntriples(full))))
    write_site(inputs, dist / "site")
    return root


@pytest.fixture(scope="session")
def server(release: Path) -> Iterator[Server]:
    """A live server on a free loopback port."""
    live = make_server(release / "dist", "127.0.0.1", 0, LIMITS)
    thread = threading.Thread(target=live.serve_forever, daemon=True)
    thread.start()
    yield live
    live.shutdown()
    live.server_close()


@pytest.fixture(scope="session")
def base_url(server: Server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


def fetch(server: Server, method: str, path: str, headers: dict[str, str] | None = None,
          body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed; (status, headers lower-cased, body)."""
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(str(host), int(port), timeout=60)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        conn.close()


def sparql(server: Server, query: str, accept: str = "application/sparql-results+json",
           method: str = "POST") -> tuple[int, dict[str, str], bytes]:
    """Ask a query through the protocol (POST form by default)."""
    if method == "GET":
        return fetch(server, "GET", "/sparql?" + urlencode({"query": query}), {"Accept": accept})
    return fetch(server, "POST", "/sparql", {
        "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        urlencode({"query": query}).encode())


def count_triples(server: Server) -> int:
    status, _, body = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------- content negotiation

@pytest.mark.parametrize(("accept", "offers", "expected"), [
    (None, ["text/html", "text/turtle"], "text/html"),
    ("", ["text/html", "text/turtle"], "text/html"),
    ("text/turtle", ["text/html", "text/turtle"], "text/turtle"),
    ("text/turtle;q=0.5, application/ld+json", ["text/html", "text/turtle",
                                                "application/ld+json"], "application/ld+json"),
    ("text/*;q=0.3, text/turtle;q=0.9", ["text/html", "text/turtle"], "text/turtle"),
    ("*/*;q=0.1, text/html;q=0", ["text/html", "text/turtle"], "text/turtle"),
    ("image/png", ["text/html", "text/turtle"], None),
    ("text/turtle;q=0", ["text/turtle"], None),
    ("application/*", ["text/html", "application/n-triples"], "application/n-triples"),
    ("TEXT/TURTLE", ["text/html", "text/turtle"], "text/turtle"),
    ("garbage, text/turtle;q=0.8", ["text/html", "text/turtle"], "text/turtle"),
    ("text/turtle;q=abc, text/html;q=0.1", ["text/turtle", "text/html"], "text/html"),
])
def test_choose(accept: str | None, offers: list[str], expected: str | None) -> None:
    assert choose(accept, offers) == expected


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RESOURCES = {
    "therapy": ("/resource/psychodynamic-therapy", "/resource/psychodynamic-therapy"),
    "condition": ("/resource/depression", "/resource/depression"),
    "statement": ("/resource/statement/article-modified",
                  "/resource/statement/article-modified"),
    "quote": ("/resource/quote/psychodynamic-therapy-article/73-94",
              "/resource/quote/psychodynamic-therapy-article/73-94"),
    "selector": ("/resource/quote/psychodynamic-therapy-article/73-94/text-position",
                 "/resource/quote/psychodynamic-therapy-article/73-94"),
    "ontology": ("/ontology", "/ontology"),
    "dataset": ("/dataset", "/index"),
}
ACCEPTS = [
    (None, "html", "text/html"),
    (BROWSER, "html", "text/html"),
    ("text/turtle", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/rdf+xml", "rdf", "application/rdf+xml"),
    ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "rdf", "application/rdf+xml"),
    ("application/ld+json;q=0.2, text/turtle;q=0.4, */*;q=0.1", "ttl", "text/turtle"),
    ("text/plain", "nt", "application/n-triples"),
    ("image/png", None, None),
]


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@pytest.mark.parametrize(("accept", "ext", "media_type"), ACCEPTS)
def test_content_negotiation_matrix(server: Server, resource: str, accept: str | None,
                                    ext: str | None, media_type: str | None) -> None:
    iri_path, file_path = RESOURCES[resource]
    status, headers, _ = fetch(server, "GET", iri_path, {"Accept": accept} if accept else {})
    if ext is None:
        assert status == 406
        return
    assert status == 303
    assert headers["location"] == f"{file_path}.{ext}"
    assert "accept" in headers["vary"].lower()
    status, headers, body = fetch(server, "GET", headers["location"])
    assert status == 200
    assert headers["content-type"].split(";")[0] == media_type
    if ext != "html":
        parsed = Graph().parse(data=body.decode("utf-8"), format={
            "ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}[ext])
        assert len(parsed) > 0


@pytest.mark.parametrize(("query", "accept", "location"), [
    ("format=ttl", "text/html", "/resource/depression.ttl"),
    ("format=jsonld", None, "/resource/depression.jsonld"),
    ("format=rdfxml", "text/turtle", "/resource/depression.rdf"),
    ("format=html", "text/turtle", "/resource/depression.html"),
])
def test_format_parameter_overrides_accept(server: Server, query: str, accept: str | None,
                                           location: str) -> None:
    status, headers, _ = fetch(server, "GET", f"/resource/depression?{query}",
                               {"Accept": accept} if accept else {})
    assert (status, headers["location"]) == (303, location)


def test_unknown_format_is_406(server: Server) -> None:
    assert fetch(server, "GET", "/resource/depression?format=docx")[0] == 406


def test_well_known_void(server: Server) -> None:
    status, headers, body = fetch(server, "GET", "/.well-known/void")
    assert status == 200
    assert headers["content-type"].startswith("text/turtle")
    assert DATASET_IRI in body.decode("utf-8")


@pytest.mark.parametrize("path", [
    "/resource/no-such-thing", "/nope.html", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/static/../../psykg.nt", "/static/%2e%2e/%2e%2e/psykg.nt", "/resource/..%2f..%2fpsykg.nt",
    "//etc/passwd", "/static/..%5c..%5cpsykg.nt", "/dist/../psykg.nt", "/dist/.hidden",
    "/%00", "/resource/psychodynamic-therapy.html/..%2f..%2f..%2fpsykg.nt",
])
def test_paths_outside_the_site_are_404(server: Server, path: str) -> None:
    status, _, body = fetch(server, "GET", path)
    assert status == 404, (path, body[:100])


def test_release_files_are_served(server: Server) -> None:
    status, headers, body = fetch(server, "GET", "/dist/psykg.nt")
    assert status == 200 and headers["content-type"] == "application/n-triples"
    assert body.count(b"\n") == count_triples(server)


# ---------------------------------------------------------------- the SPARQL protocol

SELECT = ("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
          "ORDER BY ?s ?label LIMIT 5")


def _rows_from(media_type: str, body: bytes) -> list[tuple[str, str]]:
    text = body.decode("utf-8")
    if media_type == "application/sparql-results+json":
        doc = json.loads(text)
        return [(b["s"]["value"], b["label"]["value"]) for b in doc["results"]["bindings"]]
    if media_type == "application/sparql-results+xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(text)
        return [(r.find("r:binding[@name='s']/r:uri", ns).text or "",  # type: ignore[union-attr]
                 r.find("r:binding[@name='label']/r:literal", ns).text or "")  # type: ignore[union-attr]
                for r in root.iterfind("r:results/r:result", ns)]
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["s", "label"]
        return [(r[0], r[1]) for r in rows[1:]]
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "?s\t?label"
    out = []
    for line in lines[1:]:
        s, label = line.split("\t")
        assert s.startswith("<") and label.startswith('"')
        out.append((s[1:-1], label[1:label.rindex('"')]))
    return out


@pytest.mark.parametrize("media_type", ["application/sparql-results+json",
                                        "application/sparql-results+xml", "text/csv",
                                        "text/tab-separated-values"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_results_formats(server: Server, media_type: str, method: str) -> None:
    status, headers, body = sparql(server, SELECT, media_type, method)
    assert status == 200
    assert headers["content-type"].split(";")[0] == media_type
    rows = _rows_from(media_type, body)
    assert len(rows) == 5
    reference = _rows_from("application/sparql-results+json", sparql(server, SELECT)[2])
    assert rows == reference


def test_query_in_a_sparql_query_body(server: Server) -> None:
    status, _, body = fetch(server, "POST", "/sparql", {
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        SELECT.encode())
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 5


def test_ask(server: Server) -> None:
    status, _, body = sparql(server, f"ASK {{ <{THERAPY}> ?p ?o }}")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize(("media_type", "parser"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_results_formats(server: Server, media_type: str, parser: str, form: str) -> None:
    query = (f"CONSTRUCT {{ <{THERAPY}> ?p ?o }} WHERE {{ <{THERAPY}> ?p ?o }}"
             if form == "CONSTRUCT" else f"DESCRIBE <{THERAPY}>")
    status, headers, body = sparql(server, query, media_type)
    assert status == 200
    assert headers["content-type"].split(";")[0] == media_type
    graph = Graph().parse(data=body.decode("utf-8"), format=parser)
    reference = Graph().parse(data=sparql(server, query, "application/n-triples")[2].decode(),
                              format="nt")
    assert len(graph) > 20
    assert isomorphic(graph, reference)


def test_results_format_not_acceptable(server: Server) -> None:
    assert sparql(server, SELECT, "image/png")[0] == 406
    assert sparql(server, f"DESCRIBE <{THERAPY}>", "text/csv")[0] == 406


def test_format_parameter_on_sparql(server: Server) -> None:
    status, headers, _ = fetch(server, "GET", "/sparql?" + urlencode(
        {"query": SELECT, "format": "csv"}), {"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["content-type"].startswith("text/csv")


def test_dataset_graph_by_name(server: Server) -> None:
    total = count_triples(server)
    status, _, body = sparql(server, f"SELECT (COUNT(*) AS ?n) FROM <{DATASET_IRI}> "
                                     "WHERE { ?s ?p ?o }")
    assert status == 200
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == total
    status, _, _ = fetch(server, "GET", "/sparql?" + urlencode(
        {"query": SELECT, "default-graph-uri": DATASET_IRI}))
    assert status == 200


def test_service_description(server: Server) -> None:
    status, headers, body = fetch(server, "GET", "/sparql", {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = list(graph.subjects(predicate=None, object=None))
    assert services
    assert any(str(o) == sd + "Service" for o in graph.objects())
    assert any(str(o) == "http://www.w3.org/ns/formats/SPARQL_Results_JSON"
               for o in graph.objects())


def test_sparql_in_a_browser_is_the_query_page(server: Server) -> None:
    status, headers, body = fetch(server, "GET", "/sparql", {"Accept": BROWSER})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'id="psykg-queries"' in body


def test_cors(server: Server) -> None:
    _, headers, _ = sparql(server, SELECT)
    assert headers["access-control-allow-origin"] == "*"
    status, headers, _ = fetch(server, "OPTIONS", "/sparql", {
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204
    assert "POST" in headers["access-control-allow-methods"]
    assert "content-type" in headers["access-control-allow-headers"].lower()


def test_concurrent_queries(server: Server) -> None:
    results: list[int] = []

    def ask() -> None:
        results.append(sparql(server, SELECT)[0])

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 12


# ---------------------------------------------------------------- safe by default

@pytest.mark.parametrize(("query", "status"), [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403),
    ("select * { service silent <http://x.invalid/> { ?s ?p ?o } }", 403),
    ("SELECT * WHERE { ?s ?p ?o } # comment\n SERVICE <http://x.invalid/> {}", 403),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 403),
    ("SELECT * FROM NAMED <http://x.invalid/g> WHERE { GRAPH ?g { ?s ?p ?o } }", 403),
    ("LOAD <http://x.invalid/data.ttl>", 403),
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", 403),
    ("DROP ALL", 403),
    ('SELECT * WHERE { ?s ?p "SERVICE LOAD FROM <file:///etc/passwd>" }', None),
    ("PREFIX service: <http://x/> SELECT ?load WHERE { ?load service:from ?o }", None),
    (f"SELECT * FROM <{DATASET_IRI}> WHERE {{ ?s ?p ?o }}", None),
])
def test_guard(query: str, status: int | None) -> None:
    if status is None:
        check_query(query)
        return
    with pytest.raises(Refused) as caught:
        check_query(query)
    assert caught.value.status == status


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/x-www-form-urlencoded",
     urlencode({"update": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"})),
    ("application/sparql-update", "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"),
    ("application/x-www-form-urlencoded",
     urlencode({"query": "DELETE WHERE { ?s ?p ?o }"})),
    ("application/sparql-query", "CLEAR DEFAULT"),
])
def test_updates_are_refused(server: Server, content_type: str, body: str) -> None:
    before = count_triples(server)
    status, _, text = fetch(server, "POST", "/sparql", {"Content-Type": content_type},
                            body.encode())
    assert status == 403, text
    assert b"read-only" in text
    assert count_triples(server) == before


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    """A local listening socket the test owns: any connection to it is an outbound request."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(1.0)
    yield sock, sock.getsockname()[1]
    sock.close()


def _connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except TimeoutError:
            return count
        conn.close()
        count += 1


def test_listener_detects_a_real_request(listener: tuple[socket.socket, int]) -> None:
    """The probe works: pyoxigraph itself does fetch a SERVICE (why the guard exists)."""
    import pyoxigraph as ox

    sock, port = listener
    outcome: list[str] = []

    def query() -> None:
        try:
            solutions = ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> "
                                         "{ ?s ?p ?o } }")
            assert isinstance(solutions, ox.QuerySolutions)
            list(solutions)
            outcome.append("answered")
        except OSError as exc:
            outcome.append(type(exc).__name__)

    thread = threading.Thread(target=query, daemon=True)
    thread.start()
    sock.settimeout(30)
    conn, _ = sock.accept()
    request = conn.recv(4096)
    conn.close()
    thread.join(30)
    assert request.startswith(b"POST / HTTP/1.1")
    assert outcome and outcome[0] != "answered"


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SeRvIcE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z {{ SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> "
    "{{ ?s ?p ?o }} }} }} }}",
    "SELECT * FROM <http://127.0.0.1:{port}/graph> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <http://127.0.0.1:{port}/graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_no_outbound_connection(server: Server, listener: tuple[socket.socket, int],
                                template: str, method: str) -> None:
    sock, port = listener
    status, _, _ = sparql(server, template.format(port=port), method=method)
    assert status == 403
    assert _connections(sock) == 0


def test_protocol_graph_parameters_are_refused(server: Server,
                                               listener: tuple[socket.socket, int]) -> None:
    sock, port = listener
    for name in ("default-graph-uri", "named-graph-uri"):
        status, _, _ = fetch(server, "GET", "/sparql?" + urlencode(
            {"query": SELECT, name: f"http://127.0.0.1:{port}/g"}))
        assert status == 403
    assert _connections(sock) == 0


def test_from_file_is_never_read(server: Server, tmp_path: Path) -> None:
    """A FIFO as the named file: opening it to read would hang the query, and leave a reader."""
    fifo = tmp_path / "graph.ttl"
    os.mkfifo(fifo)
    for query in (f"SELECT * FROM <{fifo.as_uri()}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{fifo.as_uri()}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"LOAD <{fifo.as_uri()}>"):
        assert sparql(server, query)[0] == 403
    with pytest.raises(OSError):  # ENXIO: nobody has the FIFO open for reading
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_explosive_query_is_stopped_and_others_still_answer(server: Server) -> None:
    killed = server.app.pool.killed
    answers: dict[str, int] = {}

    def explode() -> None:
        answers["explosion"] = sparql(server, EXPLOSION)[0]

    thread = threading.Thread(target=explode)
    thread.start()
    answers["meanwhile"] = sparql(server, SELECT)[0]
    thread.join()
    status, _, body = sparql(server, EXPLOSION)
    assert status == 503 and b"time limit" in body
    assert answers == {"explosion": 503, "meanwhile": 200}
    assert server.app.pool.killed == killed + 2
    assert [sparql(server, SELECT)[0] for _ in range(4)] == [200] * 4


def test_result_rows_are_capped(server: Server) -> None:
    status, headers, body = sparql(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == LIMITS.max_rows
    assert headers[TRUNCATED_HEADER.lower()] == str(LIMITS.max_rows)
    status, headers, body = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }",
                                   "application/n-triples")
    assert status == 200 and body.count(b"\n") == LIMITS.max_rows
    status, headers, _ = sparql(server, SELECT)
    assert TRUNCATED_HEADER.lower() not in headers


def test_request_size_is_capped(server: Server) -> None:
    padding = "#" + "x" * LIMITS.max_body + "\n"
    status, _, _ = sparql(server, padding + SELECT)
    assert status == 413
    long_query = "#" + "x" * LIMITS.max_query + "\n" + SELECT
    status, _, _ = fetch(server, "POST", "/sparql", {"Content-Type": "application/sparql-query"},
                         long_query.encode())
    assert status == 413
    status, _, _ = fetch(server, "GET", "/sparql?query=" + quote(long_query))
    assert status in (413, 414)
    assert sparql(server, SELECT)[0] == 200


@pytest.mark.parametrize(("query", "line", "column"), [
    ("SELECT * WHERE { ?s ?p }", 1, 25),
    ("SELECT * WHERE {\n  ?s ?p ?o }\nLIMIT x", 3, 7),
    ("SELECT * WHERE { ?s undefined:p ?o }", 1, 32),
])
def test_malformed_query_is_400_with_line_and_column(server: Server, query: str, line: int,
                                                     column: int) -> None:
    status, _, body = sparql(server, query)
    assert status == 400
    assert f"line {line}, column {column}" in body.decode()
    if "undefined:" in query:
        assert "unknown prefix" in body.decode()


@pytest.mark.parametrize(("headers", "body", "status"), [
    ({"Content-Type": "text/plain"}, b"SELECT * {}", 415),
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"query=a&query=b", 400),
    ({"Content-Type": "application/sparql-query"}, b"\xff\xfe", 400),
])
def test_bad_requests(server: Server, headers: dict[str, str], body: bytes, status: int) -> None:
    assert fetch(server, "POST", "/sparql", headers, body)[0] == status


def test_other_methods_are_refused(server: Server) -> None:
    assert fetch(server, "PUT", "/resource/depression.ttl", body=b"x")[0] == 405
    assert fetch(server, "DELETE", "/sparql")[0] == 405


# ---------------------------------------------------------------- packaged queries

def _normalise(doc: dict[str, Any]) -> list[dict[str, tuple[str, str, str]]]:
    """Rows as variable -> (type, value, language or datatype); xsd:string dropped."""
    rows = []
    for binding in doc["results"]["bindings"]:
        row = {}
        for name, term in binding.items():
            extra = term.get("xml:lang", "").lower() or term.get("datatype", "")
            if extra == "http://www.w3.org/2001/XMLSchema#string":
                extra = ""
            kind = "literal" if term["type"] == "typed-literal" else term["type"]
            row[name] = (kind, term["value"], extra)
        rows.append(row)
    return rows


def _psykg_query(release: Path, name: str, *params: str) -> list[dict[str, tuple[str, str, str]]]:
    args = [sys.executable, "-m", "psykg.cli", "--root", str(release), "query", name,
            "--format", "json"]
    for param in params:
        args += ["--param", param]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return _normalise(json.loads(done.stdout))


def test_packaged_queries_exist() -> None:
    assert QUERY_NAMES, f"no packaged queries in {ROOT / QUERIES_DIR}"


@pytest.mark.parametrize("name", QUERY_NAMES or ["(none packaged)"])
def test_sparqlwrapper_gets_the_rows_of_psykg_query(base_url: str, release: Path,
                                                    name: str) -> None:
    """A real SPARQL client against the live endpoint, compared with `psykg query`."""
    import pyoxigraph
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    assert name in QUERY_NAMES, "no packaged queries to run"
    store = pyoxigraph.Store()
    store.bulk_load(path=str(release / "dist/psykg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    text = prepare(load_queries(release / QUERIES_DIR)[name], {}, runner(store))
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    assert isinstance(answer, dict)
    # /sparql answers as pyoxigraph does; psykg query restores the query's declared datatypes
    declared = dict(load_queries(release / QUERIES_DIR)[name].datatypes)
    for row in answer["results"]["bindings"]:
        for column, iri in declared.items():
            if row.get(column, {}).get("datatype") == "http://www.w3.org/2001/XMLSchema#integer":
                row[column]["datatype"] = iri
    assert _normalise(answer) == _psykg_query(release, name)


def _therapy_queries() -> list[str]:
    if not (ROOT / QUERIES_DIR).is_dir():
        return []
    return [q.name for q in load_queries(ROOT / QUERIES_DIR).values()
            if any(p.name == "therapy" for p in q.parameters)]


@pytest.mark.parametrize("name", _therapy_queries() or ["(none with a therapy parameter)"])
def test_api_binds_parameters_like_psykg_query(server: Server, release: Path, name: str) -> None:
    assert name in _therapy_queries(), "no packaged query has a `therapy` parameter"
    for value in (THERAPY, "psykgr:psychodynamic-therapy", "Psychodynamic Therapy"):
        status, _, body = fetch(server, "GET", f"/api/{name}?" + urlencode(
            {"therapy": value}), {"Accept": "application/sparql-results+json"})
        assert status == 200, body
        assert _normalise(json.loads(body)) == _psykg_query(release, name,
                                                            f"therapy={THERAPY}")


def test_api_errors(server: Server) -> None:
    assert fetch(server, "GET", "/api/no-such-query")[0] == 404
    names = _therapy_queries()
    assert names, "no packaged query has a `therapy` parameter"
    status, _, body = fetch(server, "GET", f"/api/{names[0]}?therapy=psychodynamc+therapy")
    assert status == 400 and b"psychodynamic therapy" in body
    status, _, body = fetch(server, "GET", f"/api/{names[0]}?no_such_param=1")
    assert status == 400 and b"no parameter" in body
    status, _, body = fetch(server, "GET", "/api")
    assert status == 200
    assert {q["name"] for q in json.loads(body)} == set(QUERY_NAMES)


# ---------------------------------------------------------------- the HTTP stack (uvicorn)

def test_a_10_mb_body_is_a_413_that_urllib_reads(base_url: str) -> None:
    """urllib (as SPARQLWrapper uses it) sends the whole body before reading: it must get the
    413, not a connection reset."""
    import urllib.error
    import urllib.request

    body = urlencode({"query": "#" + "x" * 10_000_000 + "\n" + SELECT}).encode()
    request = urllib.request.Request(f"{base_url}/sparql", data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=60)
    assert caught.value.code == 413
    assert b"larger than" in caught.value.read()
    assert caught.value.headers["Connection"] == "close"


def test_an_oversized_chunked_body_is_a_413(server: Server) -> None:
    host, port = server.server_address
    with socket.create_connection((host, port), timeout=60) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: application/sparql-query\r\n\r\n")
        chunk = b"#" * 4096
        for _ in range(LIMITS.max_body // len(chunk) + 2):
            sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_chunked_query_within_the_limit_is_answered(server: Server) -> None:
    host, port = server.server_address
    with socket.create_connection((host, port), timeout=60) as sock:
        data = SELECT.encode()
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: application/sparql-query\r\nConnection: close\r\n"
                     b"Accept: text/csv\r\n\r\n" + f"{len(data):x}\r\n".encode() + data
                     + b"\r\n0\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ")
    body = answer.split(b"\r\n\r\n", 1)[1]
    assert body.startswith(b"s,label\r\n") and body.count(b"\r\n") == 6


def test_head_has_the_headers_of_get_and_no_body(server: Server) -> None:
    status, headers, body = fetch(server, "HEAD", "/index.html")
    _, got, page = fetch(server, "GET", "/index.html")
    assert (status, body) == (200, b"")
    assert headers["content-length"] == got["content-length"] == str(len(page))


def test_invalid_utf8_in_the_url_is_400(server: Server) -> None:
    assert fetch(server, "GET", "/sparql?query=%ff%fe")[0] == 400


def test_the_event_loop_serves_pages_while_every_worker_is_busy(server: Server) -> None:
    """Two explosive queries hold both workers; a page and a refused query are still answered
    before either explosion ends (routing runs in threads, never on the event loop)."""
    done: list[int] = []
    threads = [threading.Thread(target=lambda: done.append(sparql(server, EXPLOSION)[0]))
               for _ in range(LIMITS.workers)]
    for t in threads:
        t.start()
    while server.app.pool.busy < LIMITS.workers:
        threading.Event().wait(0.01)
    page = fetch(server, "GET", "/index.html")[0]
    refused = sparql(server, "LOAD <http://x.invalid/>")[0]
    finished_meanwhile = len(done)
    for t in threads:
        t.join()
    assert (page, refused, finished_meanwhile) == (200, 403, 0)
    assert done == [503] * LIMITS.workers


def test_psykg_serve_with_workers(release: Path) -> None:
    """`psykg serve --port 0 --workers 3`: one server process with three query workers."""
    import signal

    process = subprocess.Popen(
        [sys.executable, "-m", "psykg.cli", "serve", "--dist", str(release / "dist"),
         "--port", "0", "--workers", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "3 query workers" in line, line + (process.stderr.read() if process.stderr
                                                  else "")
        url = line.split("serving ", 1)[1].split("/ ", 1)[0]
        host, port = url.removeprefix("http://").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        conn.request("GET", "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }"}),
                     headers={"Accept": "application/sparql-results+json"})
        answer = conn.getresponse()
        assert answer.status == 200 and json.loads(answer.read())["boolean"] is True
        conn.close()
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        workers = [c for c in children
                   if b"psykg.server.worker" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(workers) == 3
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert process.returncode in (0, 130)


def test_every_packaged_query_fits_the_test_limits() -> None:
    longest = max(len(q.text) for q in load_queries(ROOT / QUERIES_DIR).values())
    assert longest <= LIMITS.max_query
