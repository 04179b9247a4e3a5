"""psykg.graphs: reading rdflib's memory store directly, and unions read without a copy."""

from __future__ import annotations

import sys

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from psykg.build.compile import compile_inputs
from psykg.paths import Inputs, project_root
from psykg.rdf.graphs import TripleSet, Union, triples

sys.path.insert(0, str(project_root() / "benchmarks"))

from corpus import generate

E = "http://example.org/"


def _t(s: str, p: str, o: str) -> tuple[URIRef, URIRef, URIRef]:
    return URIRef(E + s), URIRef(E + p), URIRef(E + o)


@pytest.fixture(scope="module", params=["seed", "synthetic"])
def compiled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    root = (
        project_root()
        if request.param == "seed"
        else generate(tmp_path_factory.mktemp("corpus") / "c", 2, seed=5)
    )
    return compile_inputs(Inputs(root))[1].graph


def test_triples_are_the_graphs_triples(compiled: Graph) -> None:
    found = list(triples(compiled))
    assert len(found) == len(compiled)
    assert set(found) == set(compiled)


def test_triples_of_a_graph_sharing_its_store_are_its_own() -> None:
    dataset = Dataset()
    a, b = dataset.graph(URIRef(E + "a")), dataset.graph(URIRef(E + "b"))
    a.add(_t("s", "p", "o"))
    b.add(_t("s", "p", "other"))
    assert list(triples(a)) == [_t("s", "p", "o")]


def test_triples_after_a_removal() -> None:
    graph = Graph()
    graph.add(_t("s", "p", "o"))
    graph.add(_t("s", "p", "gone"))
    graph.remove(_t("s", "p", "gone"))
    assert list(triples(graph)) == [_t("s", "p", "o")]


def test_union_gives_each_triple_once() -> None:
    first, second, rest = Graph(), Graph(), Graph()
    first.add(_t("a", "p", "1"))
    second.add(_t("b", "p", "2"))
    second.add((URIRef(E + "b"), URIRef(E + "label"), Literal("b", lang="en")))
    for triple in (_t("a", "p", "1"), _t("b", "p", "2"), _t("c", "p", "3")):
        rest.add(triple)  # two of them repeat the disjoint graphs'
    union = Union((first, second), (rest,))
    found = list(union)
    expected = set(first) | set(second) | set(rest)
    assert len(found) == len(set(found)) == len(union) == len(expected) == 4
    assert set(found) == set(triples(union)) == set(union.graph()) == expected
    assert _t("c", "p", "3") in union
    assert _t("c", "p", "4") not in union


def test_union_of_the_compiled_data_and_the_ontology(compiled: Graph) -> None:
    ontology = compile_inputs(Inputs(project_root()))[0].graph
    union = Union((compiled,), (ontology,))
    assert set(union) == set(compiled) | set(ontology)
    assert len(list(union)) == len(union) == len(set(compiled) | set(ontology))


def test_triples_with_a_predicate(compiled: Graph) -> None:
    for predicate in (RDF.type, RDFS.label, URIRef(E + "absent")):
        expected = set(compiled.triples((None, predicate, None)))
        found = list(triples(compiled, predicate))
        assert len(found) == len(expected)
        assert set(found) == expected
        union = Union((compiled,), (compile_inputs(Inputs(project_root()))[0].graph,))
        assert set(triples(union, predicate)) == {t for t in union if t[1] == predicate}


@pytest.fixture(scope="module", params=["seed", "synthetic"])
def asserted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> TripleSet:
    root = (
        project_root()
        if request.param == "seed"
        else generate(tmp_path_factory.mktemp("corpus") / "c", 2, seed=5)
    )
    return compile_inputs(Inputs(root))[1].triples


def test_a_triple_set_holds_what_its_graph_holds(asserted: TripleSet) -> None:
    graph = asserted.graph()
    assert len(asserted) == len(graph) == len(set(asserted))
    assert set(asserted) == set(graph)
    assert all(triple in asserted for triple in graph)
    for predicate in (RDF.type, RDFS.label, URIRef(E + "absent")):
        assert list(triples(asserted, predicate)) == [t for t in asserted if t[1] == predicate]


def test_a_triple_set_skips_repeats_and_reindexes() -> None:
    found = TripleSet([_t("a", "p", "1"), _t("a", "p", "1")])
    assert list(found) == [_t("a", "p", "1")]
    assert found.with_predicate(URIRef(E + "q")) == []
    found.add_all([_t("b", "q", "2"), _t("a", "p", "1")])
    assert list(found) == [_t("a", "p", "1"), _t("b", "q", "2")]
    assert found.with_predicate(URIRef(E + "q")) == [_t("b", "q", "2")]
    union = Union((found,), (found.graph(),))
    assert list(union) == list(found) and len(union) == 2
