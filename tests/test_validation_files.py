"""`psykg validate FILE` reads the file and nothing else: no request, no other file, no
unbounded expansion; each refusal is one message naming the file."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from psykg.cli import main
from psykg.errors import PsykgError
from psykg.validation import files, rdfguard
from psykg.validation.files import user_ntriples

TRIPLE = {"@id": "https://w3id.org/psykg/resource/x", "rdfs:label": "x"}
RDFXML_HEAD = '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{entities}]>\n'
RDFXML_BODY = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/s">'
    "<ex:p>{value}</ex:p></rdf:Description>\n</rdf:RDF>\n"
)


class _Counter(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.requests.append(self.path)
        body = json.dumps({"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}})
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    """A context server on 127.0.0.1 that records every request."""
    _Counter.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _jsonld(tmp_path: Path, context: object) -> Path:
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps({"@context": context, **TRIPLE}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "context",
    [
        "{url}/context.jsonld",
        ["{url}/a.jsonld", {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}],
        {"@import": "{url}/b.jsonld"},
        "file:///etc/passwd",
        "../secret.jsonld",
    ],
    ids=["remote", "array", "import", "file", "relative"],
)
def test_jsonld_contexts_are_never_fetched(tmp_path: Path, listener: str, context: object) -> None:
    context = json.loads(json.dumps(context).replace("{url}", listener))
    with pytest.raises(rdfguard.UnsafeInput, match="is not fetched") as caught:
        user_ntriples(_jsonld(tmp_path, context))
    assert caught.value.file == tmp_path / "doc.jsonld"
    assert _Counter.requests == []


def test_a_scoped_remote_context_is_refused_too(tmp_path: Path, listener: str) -> None:
    context = {
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "t": {"@id": "http://example.org/t", "@context": f"{listener}/scoped"},
    }
    with pytest.raises(rdfguard.UnsafeInput):
        user_ntriples(_jsonld(tmp_path, context))
    assert _Counter.requests == []


@pytest.mark.parametrize("name", sorted(rdfguard.RELEASE_CONTEXTS))
def test_the_release_context_is_read_from_the_package(tmp_path: Path, name: str) -> None:
    nt = user_ntriples(_jsonld(tmp_path, name))
    assert nt == (
        '<https://w3id.org/psykg/resource/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'
    )


def test_an_external_xml_entity_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "ext.rdf"
    path.write_text(
        RDFXML_HEAD.format(entities='<!ENTITY x SYSTEM "file:///etc/passwd">\n')
        + RDFXML_BODY.format(value="&x;"),
        encoding="utf-8",
    )
    with pytest.raises(rdfguard.UnsafeInput, match="external entity 'x' is not read"):
        user_ntriples(path)


def test_an_entity_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">\n' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">\n' for i in range(1, 10)
    )
    path = tmp_path / "bomb.rdf"
    path.write_text(
        RDFXML_HEAD.format(entities=entities) + RDFXML_BODY.format(value="&a9;"), encoding="utf-8"
    )
    with pytest.raises(rdfguard.UnsafeInput, match="expand to more than 16 MiB"):
        user_ntriples(path)


def test_small_internal_entities_still_work(tmp_path: Path) -> None:
    path = tmp_path / "ok.rdf"
    path.write_text(
        RDFXML_HEAD.format(entities='<!ENTITY a "ab">\n<!ENTITY b "&a;&a;">\n')
        + RDFXML_BODY.format(value="&b;"),
        encoding="utf-8",
    )
    assert '"abab"' in user_ntriples(path)


def test_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n" * 10, encoding="utf-8")
    with pytest.raises(PsykgError, match="above the limit of 100 bytes"):
        user_ntriples(path)


def test_a_fifo_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "pipe.ttl"
    os.mkfifo(path)
    with pytest.raises(PsykgError, match="not a regular file"):
        user_ntriples(path)


def test_derived_integer_types_survive_parsing(tmp_path: Path) -> None:
    path = tmp_path / "n.ttl"
    path.write_text(
        '<urn:a> <urn:b> "5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .\n',
        encoding="utf-8",
    )
    assert "XMLSchema#nonNegativeInteger" in user_ntriples(path)


def test_the_cli_prints_one_line_for_a_refused_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _jsonld(tmp_path, "http://127.0.0.1:9/never.jsonld")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: the JSON-LD context 'http://127.0.0.1:9/never.jsonld' is not fetched" in err
    assert "Traceback" not in err


def test_a_literal_above_the_parsers_limit_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_text('<urn:a> <urn:b> "' + "x" * (17 << 20) + '" .\n', encoding="utf-8")
    with pytest.raises(PsykgError, match="at most 16 MiB"):
        user_ntriples(path)


def test_inference_on_text_equals_materialise_on_a_graph(project: Path) -> None:
    """files._inferred (text and a few terms) infers what reason.materialise infers from an
    rdflib graph of the same data: here the curation compiled, without the ontology."""
    from rdflib import Graph

    from psykg.build.compile import compile_inputs
    from psykg.build.reason import materialise
    from psykg.paths import Inputs

    ontology, compiled = compile_inputs(Inputs(project))
    data_nt = user_ntriples_of(compiled.graph, project)
    expected = materialise(compiled.graph, ontology.graph).graph()
    got = Graph().parse(data=files._inferred(data_nt, ontology.graph), format="nt")
    assert len(expected) > 100
    assert set(got) == set(expected)


def user_ntriples_of(graph: object, folder: Path) -> str:
    """A graph written to a file and read back as `psykg validate` reads it."""
    path = folder / "data.nt"
    graph.serialize(path, format="nt", encoding="utf-8")  # type: ignore[attr-defined]
    return user_ntriples(path)
