"""The release: complete, parseable by an independent parser, byte-stable, atomic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID

from psykg.rdf.namespaces import PSYKG, RES
from psykg.rdf.prefixes import DATASET_IRI
from psykg.release.pipeline import Result

from .conftest import copy_project

RELEASE_FILES = [
    "psykg.ttl", "psykg.nt", "psykg.jsonld", "psykg.owl", "context.jsonld", "ontology.ttl",
    "shapes.ttl", "mappings.sssom.tsv", "void.ttl", "validation-report.txt",
    "validation-report.ttl", "MANIFEST.sha256",
]
OXIGRAPH_FORMATS = {
    "psykg.ttl": pyoxigraph.RdfFormat.TURTLE,
    "psykg.nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "psykg.owl": pyoxigraph.RdfFormat.RDF_XML,
    "psykg.jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "void.ttl": pyoxigraph.RdfFormat.TURTLE,
    "ontology.ttl": pyoxigraph.RdfFormat.TURTLE,
    "shapes.ttl": pyoxigraph.RdfFormat.TURTLE,
}


@pytest.mark.parametrize("name", RELEASE_FILES)
def test_release_file_exists(built: tuple[Result, Path], name: str) -> None:
    assert (built[1] / name).is_file()


@pytest.mark.parametrize("name", sorted(OXIGRAPH_FORMATS))
def test_parses_in_an_independent_parser(built: tuple[Result, Path], name: str) -> None:
    quads = list(pyoxigraph.parse(path=str(built[1] / name), format=OXIGRAPH_FORMATS[name]))
    assert quads


@pytest.mark.parametrize("name", ["psykg.ttl", "psykg.jsonld", "psykg.owl"])
def test_every_serialisation_holds_the_same_graph(built: tuple[Result, Path], name: str) -> None:
    reference = {str(q) for q in pyoxigraph.parse(path=str(built[1] / "psykg.nt"),
                                                  format=pyoxigraph.RdfFormat.N_TRIPLES)
                 if not isinstance(q.subject, pyoxigraph.BlankNode)
                 and not isinstance(q.object, pyoxigraph.BlankNode)}
    other = {str(q) for q in pyoxigraph.parse(path=str(built[1] / name),
                                              format=OXIGRAPH_FORMATS[name])
             if not isinstance(q.subject, pyoxigraph.BlankNode)
             and not isinstance(q.object, pyoxigraph.BlankNode)}
    assert other == reference


def test_ntriples_are_sorted(built: tuple[Result, Path]) -> None:
    lines = (built[1] / "psykg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_jsonld_needs_no_network(built: tuple[Result, Path]) -> None:
    doc = json.loads((built[1] / "psykg.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict)
    context = json.loads((built[1] / "context.jsonld").read_text(encoding="utf-8"))
    assert context["@context"] == doc["@context"]


def test_manifest_checks_with_sha256sum(built: tuple[Result, Path]) -> None:
    done = subprocess.run(["sha256sum", "--strict", "-c", "MANIFEST.sha256"], cwd=built[1],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {line.split("  ", 1)[1] for line in
              (built[1] / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()}
    on_disk = {p.relative_to(built[1]).as_posix() for p in built[1].rglob("*")
               if p.is_file() and p.name != "MANIFEST.sha256"}
    assert listed == on_disk


def test_no_blank_nodes_in_the_data(built: tuple[Result, Path]) -> None:
    data = built[0].data
    assert not [t for t in data if any(isinstance(term, BNode) for term in t)]


def test_every_data_resource_has_a_readable_iri(built: tuple[Result, Path]) -> None:
    g = built[0].data
    for subject in set(g.subjects()):
        assert isinstance(subject, URIRef) and subject.startswith(str(RES)), subject


def test_void_counts_match(built: tuple[Result, Path]) -> None:
    void = Graph().parse(built[1] / "void.ttl")
    full = Graph().parse(built[1] / "psykg.nt")
    triples = void.value(URIRef(DATASET_IRI), VOID.triples)
    assert isinstance(triples, Literal) and int(triples) == len(full)
    statements = len(set(full.subjects(RDF.type, PSYKG.Statement)))
    assert statements == 57
    distributions = {str(o) for o in void.objects(None, VOID.dataDump)}
    assert "https://w3id.org/psykg/dist/psykg.ttl" in distributions


def _build_in_subprocess(root: Path, out: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PSYKG_ROOT": str(root)}
    done = subprocess.run([sys.executable, "-m", "psykg.cli", "build", "--dist", str(out)],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return (out / "MANIFEST.sha256").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    first = _build_in_subprocess(root, tmp_path / "a", "1")
    second = _build_in_subprocess(root, tmp_path / "b", "4242")
    assert first == second
