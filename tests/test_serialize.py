"""psykg.serialize on the cases the seed and the scale corpus do not reach: literal escapes,
bad IRIs, and JSON-LD nodes whose triples are not together."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from psykg.errors import PsykgError
from psykg.rdf.serialize import jsonld_from_ntriples, to_ntriples

S, P = URIRef("http://example.org/s"), URIRef("http://example.org/p")
LITERALS = [
    Literal("plain"),
    Literal(""),
    Literal('a "quoted" word and a \\ backslash'),
    Literal("two\nlines\r\nand a\ttab"),
    Literal("é ü 中文 😀"),
    Literal("colour", lang="en-GB"),
    Literal("5", datatype=XSD.integer),
    Literal("05", datatype=XSD.nonNegativeInteger),
    Literal("text", datatype=XSD.string),
    Literal("x", datatype=URIRef("http://example.org/type")),
]


@pytest.mark.parametrize("literal", LITERALS, ids=repr)
def test_a_literal_is_written_as_rdflib_writes_it(literal: Literal) -> None:
    graph = Graph()
    graph.add((S, P, literal))
    assert to_ntriples(graph) == graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def test_blank_nodes_get_stable_labels_from_the_triples_that_touch_them() -> None:
    first, second = Graph(), Graph()
    for graph in (first, second):
        node = BNode()
        graph.add((S, P, node))
        graph.add((node, P, Literal("inside")))
        graph.add((S, P, URIRef("http://example.org/o")))
    text = to_ntriples(first)
    assert text == to_ntriples(second)
    assert "_:b" in text and text.count("\n") == 3


@pytest.mark.parametrize(
    "iri",
    [
        "http://example.org/a b",
        "http://example.org/<x>",
        'http://example.org/"',
        "http://example.org/{x}",
    ],
)
@pytest.mark.parametrize("blank_subject", [False, True])
def test_an_iri_rdflib_refuses_is_refused(iri: str, blank_subject: bool) -> None:
    graph = Graph()
    graph.add((BNode() if blank_subject else S, P, URIRef(iri)))
    with pytest.raises(PsykgError, match="not a valid IRI"):
        to_ntriples(graph)


def _nodes(text: str) -> dict[str, dict[str, object]]:
    return {node["@id"]: node for node in json.loads(text)["@graph"]}


def test_jsonld_merges_a_subject_met_again() -> None:
    nt = (
        '<http://example.org/a> <http://example.org/p> "1" .\n'
        '<http://example.org/b> <http://example.org/p> "2" .\n'
        '<http://example.org/a> <http://example.org/p> "3" .\n'
        "<http://example.org/a> <http://example.org/q> <http://example.org/b> .\n"
    )
    nodes = _nodes(jsonld_from_ntriples(nt))
    assert list(nodes) == ["http://example.org/a", "http://example.org/b"]
    assert nodes["http://example.org/a"] == {
        "@id": "http://example.org/a",
        "http://example.org/p": ["1", "3"],
        "http://example.org/q": {"@id": "http://example.org/b"},
    }
    assert nodes["http://example.org/b"]["http://example.org/p"] == "2"


def test_jsonld_lists_nodes_by_compact_id() -> None:
    nt = (
        '<https://w3id.org/psykg/resource/z> <http://example.org/p> "z" .\n'
        '<http://example.org/a> <http://example.org/p> "a" .\n'
    )
    ids = [node["@id"] for node in json.loads(jsonld_from_ntriples(nt))["@graph"]]
    assert ids == sorted(ids) and len(ids) == 2
