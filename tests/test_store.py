"""The external store: load the release into a real Virtuoso on loopback and query it there.

Virtuoso runs from Debian's virtuoso-opensource with a throwaway database in a temporary
folder. Without virtuoso-t these tests skip on a developer machine and FAIL under CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest

from psykg.paths import Inputs, project_root
from psykg.rdf.datatypes import INTEGER_TYPES, XSD
from psykg.rdf.serialize import to_ntriples
from psykg.release.pipeline import run
from psykg.sparql import store
from psykg.sparql.engines import Result, Term, run_oxigraph

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
STARTUP_SECONDS = 90.0
"""Longest wait for a fresh Virtuoso to answer on HTTP."""
XSD_INTEGER = XSD + "integer"
QUERIES = sorted((project_root(Path(__file__).parent) / "queries").glob("*.rq"))


@dataclass(frozen=True)
class Virtuoso:
    """A running throwaway Virtuoso: its Graph Store and query endpoints."""

    gsp: str
    sparql: str
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _configure(text: str, folder: Path, sql_port: int, http_port: int) -> str:
    """The packaged virtuoso.ini with every file in `folder` and the two ports replaced."""
    out, section = [], ""
    for line in text.splitlines():
        header = re.match(r"^\[(.+)\]", line)
        if header:
            section = header.group(1)
        key = re.match(r"^(\w+)\s*=", line)
        name = key.group(1) if key else ""
        if section in ("Database", "TempDatabase") and name in (
            "DatabaseFile",
            "ErrorLogFile",
            "LockFile",
            "TransactionFile",
            "xa_persistent_file",
        ):
            line = f"{name} = {folder / (section + '-' + name)}"
        elif section == "Parameters" and name == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif section == "HTTPServer" and name == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif section == "Parameters" and name == "DirsAllowed":
            line = f"DirsAllowed = ., {folder}"
        out.append(line)
    return "\n".join(out) + "\n"


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI needs it: apt-get install virtuoso-opensource)")
    pytest.skip(reason)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A fresh Virtuoso on loopback ports (dba/dba), stopped at the end of the session."""
    exe = shutil.which("virtuoso-t")
    if exe is None or not PACKAGED_INI.is_file():
        _missing("virtuoso-t or its packaged virtuoso.ini is not installed")
        raise AssertionError("unreachable")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _configure(PACKAGED_INI.read_text(encoding="utf-8"), folder, _free_port(), http_port),
        encoding="utf-8",
    )
    log = folder / "stdout.log"
    base = f"http://127.0.0.1:{http_port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [exe, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(base + "/sparql"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Virtuoso did not start:\n" + log.read_text(errors="replace")[-2000:])
            time.sleep(0.5)
        yield Virtuoso(f"{base}/sparql-graph-crud-auth", f"{base}/sparql", log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def release_nt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release graph (ontology, data, HermiT inferences) as sorted N-Triples."""
    full = run(Inputs(project_root(Path(__file__).parent))).full
    path = tmp_path_factory.mktemp("release") / "psykg.nt"
    path.write_text(to_ntriples(full), encoding="utf-8")
    return path


@pytest.fixture
def dba(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials of a fresh Virtuoso, through the environment as users give them."""
    monkeypatch.setenv(store.USER_VARIABLE, "dba")
    monkeypatch.setenv(store.PASSWORD_VARIABLE, "dba")


@pytest.fixture(scope="session")
def embedded(release_nt: Path) -> pyoxigraph.Store:
    """The same release in the embedded engine."""
    db = pyoxigraph.Store()
    db.bulk_load(path=str(release_nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return db


def _lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def _canonical(result: Result) -> tuple[object, ...]:
    """A Result in a comparable form: blank node labels dropped, rows and triples sorted.

    pyoxigraph stores every integer subtype (e.g. the xsd:nonNegativeInteger of oa:start) as
    xsd:integer while Virtuoso keeps the subtype, so integer subtypes compare as xsd:integer.
    """

    def plain(term: Term | None) -> object:
        if term is None:
            return None
        if term.kind == "bnode":
            return ("bnode",)
        datatype = XSD_INTEGER if term.datatype in INTEGER_TYPES else term.datatype
        return term.kind, term.value, datatype, term.lang

    rows = sorted((tuple(plain(t) for t in row) for row in result.rows), key=repr)
    triples = sorted((tuple(plain(t) for t in triple) for triple in result.triples or []), key=repr)
    return result.vars, rows, result.boolean, triples


def test_load_replaces_the_graph_and_a_reload_does_not_duplicate(
    virtuoso: Virtuoso, release_nt: Path, dba: None
) -> None:
    first = store.load(virtuoso.gsp, release_nt)
    second = store.load(virtuoso.gsp, release_nt)
    assert first.triples == second.triples == _lines(release_nt)
    assert store.count_triples(virtuoso.gsp, store.STAGING_PREFIX + store.DEFAULT_GRAPH) == 0


def test_packaged_queries_exist() -> None:
    assert QUERIES, "queries/*.rq: the packaged queries the round trip compares"


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_packaged_query_gives_the_same_rows_as_the_embedded_engine(
    virtuoso: Virtuoso, release_nt: Path, embedded: pyoxigraph.Store, dba: None, query: Path
) -> None:
    store.load(virtuoso.gsp, release_nt)
    sparql = query.read_text(encoding="utf-8")
    expected = _canonical(run_oxigraph(embedded, sparql))
    assert _canonical(store.run_remote(virtuoso.sparql, sparql)) == expected


WORDINGS = ("hedgeWording", "evidenceWording", "scopeWording", "exampleWording")
PSYKG = "https://w3id.org/psykg/ontology#"


@pytest.fixture(scope="session")
def worded_nt(release_nt: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release with two more wordings of every kind and a second note on every statement.

    The seed has at most two wordings of a kind on a statement; this puts several, plain and
    language-tagged, on every claim, so that the joined cells' order is compared too.
    """
    lines = release_nt.read_text(encoding="utf-8").splitlines()
    marker = f"<{PSYKG}statementPredicate>"
    statements = sorted({line.split(" ", 1)[0] for line in lines if f" {marker} " in line})
    extra = [
        f'{s} <{PSYKG}{prop}> "{word} {n}"{tag} .'
        for n, s in enumerate(statements)
        for prop in WORDINGS
        for word, tag in (("Zeta", ""), ("alpha", "@en"))
    ]
    extra += [
        f'{s} <{PSYKG}interpretationNote> "a second note {n}"@en .'
        for n, s in enumerate(statements)
    ]
    path = tmp_path_factory.mktemp("worded") / "psykg.nt"
    path.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_joined_wordings_are_the_same_on_both_engines(
    virtuoso: Virtuoso, worded_nt: Path, dba: None, query: Path
) -> None:
    """Several wordings of one kind are joined in the same order by every engine."""
    store.load(virtuoso.gsp, worded_nt)
    db = pyoxigraph.Store()
    db.bulk_load(path=str(worded_nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    sparql = query.read_text(encoding="utf-8")
    expected = run_oxigraph(db, sparql)
    if expected.rows and "hedge" in expected.vars:  # conflicts has no rows in the seed
        joined = {row[expected.vars.index("hedge")] for row in expected.rows}
        assert any(t is not None and " | " in t.value for t in joined), "no joined cell to compare"
    assert _canonical(store.run_remote(virtuoso.sparql, sparql)) == _canonical(expected)


ROUND_TRIP_QUERIES = {
    "primary-uses": """
        PREFIX psykg: <https://w3id.org/psykg/ontology#>
        SELECT ?therapy ?condition WHERE { ?therapy psykg:primarilyTreats ?condition }""",
    "labels-en": """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(lang(?label) = "en") }""",
    "quote-offsets": """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?sel ?start ?end WHERE { ?sel oa:start ?start ; oa:end ?end }""",
    "statements-per-predicate": """
        PREFIX psykg: <https://w3id.org/psykg/ontology#>
        SELECT ?p (COUNT(?st) AS ?n) WHERE { ?st psykg:statementPredicate ?p } GROUP BY ?p""",
    "ask-good-candidate": """
        PREFIX psykg: <https://w3id.org/psykg/ontology#>
        ASK { ?trait psykg:goodCandidateFor ?therapy }""",
}


@pytest.mark.parametrize("name", sorted(ROUND_TRIP_QUERIES))
def test_round_trip_query_matches_the_embedded_engine(
    virtuoso: Virtuoso, release_nt: Path, embedded: pyoxigraph.Store, dba: None, name: str
) -> None:
    store.load(virtuoso.gsp, release_nt)
    sparql = ROUND_TRIP_QUERIES[name]
    expected = _canonical(run_oxigraph(embedded, sparql))
    assert expected[1] or expected[2] is not None, "the query must have answers to compare"
    assert _canonical(store.run_remote(virtuoso.sparql, sparql)) == expected


def test_a_release_of_megabytes_loads(virtuoso: Virtuoso, dba: None, tmp_path: Path) -> None:
    """The store's 401 comes before a large body is read: credentials go up front (storeauth).

    9000 triples stay under Virtuoso's default ResultSetMaxRows (10000), which caps the read
    a load counts with; 2 MB is four times what urllib's answer-after-refusal could send.
    """
    big = tmp_path / "big.nt"
    big.write_text(
        "".join(
            f'<urn:psykg:test:{n}> <urn:psykg:test:p> "{"x" * 200} {n}" .\n' for n in range(9000)
        ),
        encoding="utf-8",
    )
    assert big.stat().st_size > 2_000_000
    assert store.load(virtuoso.gsp, big, graph="urn:psykg:test:big").triples == 9000


def test_a_read_capped_by_the_store_stops_the_load_with_its_setting(
    virtuoso: Virtuoso, release_nt: Path, dba: None, tmp_path: Path
) -> None:
    """Virtuoso's packaged virtuoso.ini returns at most 10000 triples a read: a larger load
    counts short, stops with the setting to raise, and leaves the previous graph."""
    store.load(virtuoso.gsp, release_nt)
    large = tmp_path / "large.nt"
    large.write_text(
        "".join(
            f"<urn:psykg:test:{n}> <urn:psykg:test:p> <urn:psykg:test:o> .\n" for n in range(10500)
        ),
        encoding="utf-8",
    )
    with pytest.raises(store.StoreError, match=r"kept 100\d\d of 10500") as caught:
        store.load(virtuoso.gsp, large)
    assert "ResultSetMaxRows" in str(caught.value.hint)
    assert store.count_triples(virtuoso.gsp, store.DEFAULT_GRAPH) == _lines(release_nt)


def test_refused_credentials_leave_the_previous_graph(
    virtuoso: Virtuoso, release_nt: Path, dba: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store.load(virtuoso.gsp, release_nt)
    other = tmp_path / "other.nt"
    other.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    monkeypatch.setenv(store.PASSWORD_VARIABLE, "wrong")
    with pytest.raises(store.StoreError, match="refused the credentials"):
        store.load(virtuoso.gsp, other)
    monkeypatch.setenv(store.PASSWORD_VARIABLE, "dba")
    assert store.count_triples(virtuoso.gsp, store.DEFAULT_GRAPH) == _lines(release_nt)


def test_rejected_data_is_a_clear_error_and_leaves_the_previous_graph(
    virtuoso: Virtuoso, release_nt: Path, dba: None
) -> None:
    store.load(virtuoso.gsp, release_nt)
    with pytest.raises(store.StoreError, match="rejected"):
        store.put_graph(virtuoso.gsp, store.DEFAULT_GRAPH, b"<urn:a> <urn:b> this is not RDF")
    assert store.count_triples(virtuoso.gsp, store.DEFAULT_GRAPH) == _lines(release_nt)


def test_unreachable_store_is_a_clear_error(release_nt: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(store.StoreError, match="cannot reach the store"):
        store.load(url, release_nt)
    with pytest.raises(store.StoreError, match="cannot reach the store"):
        store.run_remote(url, "ASK {}")


def test_missing_release_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="does not exist"):
        store.load("http://127.0.0.1:9/store", tmp_path / "psykg.nt")


@pytest.mark.parametrize(
    ("endpoint", "url"),
    [
        ("http://h/sparql-graph-crud-auth", "http://h/sparql-graph-crud-auth?graph-uri=urn%3Ag"),
        ("http://h/ds/data", "http://h/ds/data?graph=urn%3Ag"),
        ("http://h/store?x=1", "http://h/store?x=1&graph=urn%3Ag"),
    ],
)
def test_graph_url(endpoint: str, url: str) -> None:
    assert store.graph_url(endpoint, "urn:g") == url
