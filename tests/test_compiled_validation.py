"""Each fast path agrees with its reference (rdflib writers, pyshacl), seed and synthetic."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import IdentifiedNode, Node

from psykg.build.compile import compile_inputs
from psykg.build.ontology import read_turtle
from psykg.paths import Inputs, project_root
from psykg.rdf.namespaces import OA, PSYKG, RES
from psykg.rdf.serialize import from_ntriples, to_ntriples
from psykg.release.pipeline import infer
from psykg.validation import compiled as shacl_engine
from psykg.validation.checks import store_findings
from psykg.validation.report import Finding

from .rdfnodes import identified

sys.path.insert(0, str(project_root() / "benchmarks"))

from corpus import generate

T = TypeVar("T")


def _full(root: Path) -> Graph:
    ontology, compiled = compile_inputs(Inputs(root))
    full = Graph()
    for part in (ontology.graph, compiled.graph, infer(compiled.triples, ontology.graph)):
        for triple in part:
            full.add(triple)
    return full


@pytest.fixture(scope="module", params=["seed", "synthetic"])
def full(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    if request.param == "seed":
        return _full(project_root())
    return _full(generate(tmp_path_factory.mktemp("corpus") / "c", 2, seed=3))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return read_turtle(Inputs(project_root()).shapes)


@pytest.mark.parametrize("fmt", ["turtle", "rdfxml", "jsonld", "ntriples"])
def test_writer_round_trips(full: Graph, fmt: str) -> None:
    nt = to_ntriples(full)
    text = from_ntriples(nt, fmt)
    assert from_ntriples(nt, fmt) == text  # byte-stable
    back = Graph().parse(
        data=text,
        format={"turtle": "turtle", "rdfxml": "xml", "jsonld": "json-ld", "ntriples": "nt"}[fmt],
    )
    assert len(back) == len(full)
    assert isomorphic(back, full)


def test_store_keeps_declared_integer_types(full: Graph) -> None:
    import pyoxigraph

    data = shacl_engine.DataStore.from_ntriples(to_ntriples(full))
    quads = list(data.store.quads_for_pattern(None, pyoxigraph.NamedNode(str(OA.start)), None))
    assert len(quads) == len(set(full.subjects(OA.start, None))) > 0
    for quad in quads:
        assert isinstance(quad.object, pyoxigraph.Literal)
        assert quad.object.datatype.value == str(XSD.integer)  # what the store keeps
        assert data.declared(quad.subject, str(OA.start), quad.object) == str(
            XSD.nonNegativeInteger
        )


def _statement(g: Graph, predicate: URIRef) -> URIRef:
    return sorted(
        s for s in g.subjects(PSYKG.statementPredicate, predicate) if isinstance(s, URIRef)
    )[0]


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(
        s
        for s in g.subjects(RDF.type, cls)
        if isinstance(s, URIRef) and str(s).startswith(str(RES))
    )[0]


def _sorted_subjects(g: Graph, p: URIRef, o: URIRef | None = None) -> list[IdentifiedNode]:
    """The subjects of `p` (with object `o`), sorted."""
    return sorted(identified(g.subjects(p, o)))


def _value(g: Graph, s: URIRef, p: URIRef) -> Node:
    """g.value(s, p), known to be present."""
    value = g.value(s, p)
    assert value is not None
    return value


def _drop(g: Graph, s: IdentifiedNode, p: URIRef) -> None:
    g.remove((s, p, None))


def _reset(g: Graph, subjects: list[IdentifiedNode], p: URIRef, o: Literal) -> None:
    """Give each of `subjects` `o` as its only `p`."""
    for s in subjects:
        _drop(g, s, p)
        g.add((s, p, o))


# A mutation changes the graph in place; what it returns is ignored.
MUTATIONS: dict[str, Callable[[Graph], object]] = {
    "none": lambda g: None,
    "no preferred label": lambda g: _drop(g, _first(g, PSYKG.Therapy), SKOS.prefLabel),
    "two labels in German": lambda g: g.add(
        (_first(g, PSYKG.Condition), RDFS.label, Literal("Zwei", lang="de"))
    ),
    "misspelt property (closed)": lambda g: g.add(
        (_first(g, PSYKG.Statement), PSYKG.forPopulaton, RES.children)
    ),
    "start after end": lambda g: _reset(
        g,
        _sorted_subjects(g, RDF.type, OA.TextPositionSelector)[:2],
        OA.start,
        Literal(10**6, datatype=XSD.nonNegativeInteger),
    ),
    "string session limit": lambda g: _reset(
        g, _sorted_subjects(g, PSYKG.sessionLimit), PSYKG.sessionLimit, Literal("25")
    ),
    "int instead of nonNegativeInteger": lambda g: _reset(
        g,
        _sorted_subjects(g, RDF.type, OA.TextPositionSelector)[:1],
        OA.end,
        Literal(5, datatype=XSD.int),
    ),
    "mapping to an internal IRI": lambda g: g.add(
        (_first(g, PSYKG.Condition), SKOS.exactMatch, _first(g, PSYKG.Therapy))
    ),
    "object and value": lambda g: g.add(
        (_statement(g, PSYKG.primarilyTreats), PSYKG.statementValue, Literal("x"))
    ),
    "selector loses its type": lambda g: [
        g.remove((s, RDF.type, OA.TextQuoteSelector))
        for s in _sorted_subjects(g, RDF.type, OA.TextQuoteSelector)[:1]
    ],
    "alternative on a use statement": lambda g: g.add(
        (_statement(g, PSYKG.primarilyTreats), PSYKG.alternativeTherapy, _first(g, PSYKG.Therapy))
    ),
    "bad checksum": lambda g: _reset(
        g, _sorted_subjects(g, PSYKG.textSha256), PSYKG.textSha256, Literal("abc")
    ),
    "no mappings (warning)": lambda g: [
        g.remove((s, SKOS.exactMatch, None)) for s in _sorted_subjects(g, RDF.type, PSYKG.Condition)
    ],
    "not a named individual": lambda g: g.remove(
        (_first(g, PSYKG.Therapy), RDF.type, OWL.NamedIndividual)
    ),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_validator_agrees_with_pyshacl(full: Graph, shapes: Graph, mutation: str) -> None:
    data = Graph()
    for triple in full:
        data.add(triple)
    MUTATIONS[mutation](data)
    ref_conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    expected = shacl_engine.pyshacl_results(report)
    conforms, results = shacl_engine.fast_validate(
        shacl_engine.DataStore.from_ntriples(to_ntriples(data)), shapes
    )
    assert results == expected
    assert conforms == ref_conforms
    if mutation != "none" and mutation != "not a named individual":
        assert results, "the mutation should break a shape"


SHAPE_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <urn:ex:> .
"""

SHAPE_CASES: dict[str, tuple[str, str]] = {
    "class, targets through subclasses": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:class ex:C ; sh:message "pm" ] .
    """,
        """
        ex:B rdfs:subClassOf ex:A .  ex:D rdfs:subClassOf ex:C .
        ex:a a ex:A ; ex:p ex:d , "lit" .  ex:b a ex:B ; ex:p ex:x .  ex:d a ex:D .
        ex:n ex:p ex:x .
    """,
    ),
    "datatype": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:datatype xsd:string ; sh:message "pm" ] ,
                        [ sh:path ex:q ; sh:datatype xsd:date ; sh:message "qm" ] .
    """,
        """
        ex:a ex:p "x" , "y"@en , 5 , ex:i ; ex:q "2020-01-01"^^xsd:date , "2020" .
    """,
    ),
    "integer datatype": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:message "m" ;
            sh:property [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ; sh:message "nm" ] .
    """,
        """
        ex:a ex:n "5"^^xsd:nonNegativeInteger , "6"^^xsd:int , 7 , "eight" .
        ex:b ex:n "9"^^xsd:nonNegativeInteger .
    """,
    ),
    "integer datatype, one type": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:message "m" ;
            sh:property [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ; sh:message "nm" ] .
    """,
        """
        ex:a ex:n "5"^^xsd:nonNegativeInteger , "eight" , 8.5 .
    """,
    ),
    "integer datatype on blank nodes": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:message "m" ;
            sh:property [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ; sh:message "nm" ] .
    """,
        """
        [ ex:n "5"^^xsd:nonNegativeInteger ] .  [ ex:n "6"^^xsd:int ] .
        [ ex:n "5"^^xsd:nonNegativeInteger , "-7"^^xsd:nonNegativeInteger ] .
    """,
    ),
    "node kind": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ; sh:message "1" ] ,
                [ sh:path ex:p ; sh:nodeKind sh:BlankNodeOrLiteral ; sh:message "2" ] ,
                [ sh:path ex:p ; sh:nodeKind sh:Literal ; sh:message "3" ] .
    """,
        """
        ex:a ex:p ex:i , "l" , [ ex:q 1 ] .
    """,
    ),
    "in": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:in ( ex:i "l" 1 ) ; sh:message "pm" ] .
    """,
        """
        ex:a ex:p ex:i , "l" , 1 , ex:j , "l"@en , 2 .
    """,
    ),
    "pattern, length and languages": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:pattern "^ab" ; sh:flags "i" ; sh:message "1" ] ,
                [ sh:path ex:p ; sh:minLength 2 ; sh:maxLength 4 ; sh:message "2" ] ,
                [ sh:path ex:p ; sh:languageIn ( "en" "de" ) ; sh:message "3" ] .
    """,
        """
        ex:a ex:p "AB" , "abcdef"@en , "x"@de-AT , "abc"@fr , ex:ab , [ ex:q 1 ] .
    """,
    ),
    "node, not and xone": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:node ex:HasQ ; sh:message "1" ] ,
                [ sh:path ex:p ; sh:not ex:HasQ ; sh:message "2" ] ;
            sh:xone ( ex:HasQ [ sh:path ex:r ; sh:minCount 1 ] ) .
        ex:HasQ a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:maxCount 1 ] .
    """,
        """
        ex:a ex:p ex:x , ex:y ; ex:q 1 ; ex:r 1 .  ex:b ex:p ex:y .  ex:c ex:p ex:x ; ex:r 2 .
        ex:x ex:q 1 .  ex:y ex:q 1 , 2 .
    """,
    ),
    "has value": (
        """
        ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:b ; sh:hasValue ex:a ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:hasValue "v" ; sh:message "pm" ] .
    """,
        """
        ex:a ex:p "v" .  ex:b ex:p "w" .
    """,
    ),
    "closed": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:closed true ; sh:message "m" ;
            sh:ignoredProperties ( rdfs:label ) ;
            sh:property [ sh:path ex:p ; sh:message "pm" ] .
    """,
        """
        ex:a a ex:A ; ex:p 1 ; rdfs:label "a" ; ex:q 2 , [ ex:r 1 ] .
        ex:b a ex:A ; ex:p 2 .
    """,
    ),
    "counts": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:t ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:maxCount 3 ; sh:message "pm" ] ,
                [ sh:path ex:q ; sh:maxCount 0 ; sh:severity sh:Warning ; sh:message "qm" ] .
    """,
        """
        ex:a ex:t 1 ; ex:p 1 .  ex:b ex:t 1 ; ex:p 1 , 2 , 3 , 4 ; ex:q 1 .
        ex:c ex:t 1 ; ex:p 1 , 2 .
    """,
    ),
    "unique languages": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:uniqueLang true ; sh:message "pm" ] .
    """,
        """
        ex:a ex:p "a"@en , "b"@en , "c"@de , "d" , "e" .  ex:b ex:p "a"@en , "b"@de .
    """,
    ),
    "property pairs": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:equals ex:q ; sh:message "1" ] ,
                [ sh:path ex:p ; sh:disjoint ex:r ; sh:message "2" ] ,
                [ sh:path ex:p ; sh:lessThan ex:s ; sh:message "3" ] ,
                [ sh:path ex:p ; sh:lessThanOrEquals ex:s ; sh:message "4" ] .
    """,
        """
        ex:a ex:p 1 , 2 ; ex:q 2 , 3 ; ex:r 2 ; ex:s 2 , "x" .
        ex:b ex:p 1 ; ex:q 1 ; ex:s 5 .
    """,
    ),
    "qualified counts": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ;
                          sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ; sh:message "pm" ] .
    """,
        """
        ex:a ex:p ex:x .  ex:b ex:p ex:c1 , ex:c2 .  ex:c ex:p ex:c1 , ex:x .
        ex:c1 a ex:C .  ex:c2 a ex:C .
    """,
    ),
    "targets": (
        """
        ex:Node a sh:NodeShape ; sh:targetNode ex:a , "lit" ; sh:message "1" ;
            sh:nodeKind sh:BlankNode .
        ex:Objects a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:message "2" ;
            sh:nodeKind sh:IRI .
        ex:K a rdfs:Class , sh:NodeShape ; sh:message "3" ;
            sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:message "3p" ] .
        ex:Off a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:deactivated true ;
            sh:message "4" ; sh:nodeKind sh:Literal .
    """,
        """
        ex:a ex:p ex:b , "x" .  ex:k a ex:K .  ex:k2 a ex:K ; ex:q 1 .
    """,
    ),
    "paths": (
        """
        ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:message "m" ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:datatype xsd:string ; sh:message "1" ] ,
                [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ; sh:message "2" ] ,
                [ sh:path [ sh:alternativePath ( ex:p ex:r ) ] ; sh:nodeKind sh:IRI ;
                  sh:message "3" ] ,
                [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:nodeKind sh:IRI ; sh:message "4" ] ,
                [ sh:path [ sh:oneOrMorePath ex:p ] ; sh:maxCount 1 ; sh:message "5" ] ,
                [ sh:path [ sh:zeroOrOnePath ex:p ] ; sh:minCount 3 ; sh:message "6" ] .
    """,
        """
        ex:a ex:p ex:b ; ex:r "x" .  ex:b ex:q 1 , "y" ; ex:p ex:c .  ex:c ex:p "z" .
    """,
    ),
    "ill-formed literals": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:t ; sh:message "m" ;
            sh:property [ sh:path ex:d ; sh:datatype xsd:date ; sh:message "d" ] ,
                [ sh:path ex:b ; sh:datatype xsd:boolean ; sh:message "b" ] ,
                [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ; sh:message "n" ] ,
                [ sh:path ex:i ; sh:datatype xsd:integer ; sh:message "i" ] ,
                [ sh:path ex:l ; sh:datatype rdfs:Literal ; sh:message "l" ] .
    """,
        """
        ex:a ex:t 1 ; ex:d "2020-13-45"^^xsd:date , "2020-01-01"^^xsd:date ;
            ex:b "1"^^xsd:boolean , true ;
            ex:n "-5"^^xsd:nonNegativeInteger , "abc"^^xsd:nonNegativeInteger ,
                 "5"^^xsd:nonNegativeInteger ;
            ex:i "abc"^^xsd:integer , 3 , "4"^^xsd:byte ; ex:l ex:x , "y" .
        ex:b ex:t 1 ; ex:n "7"^^xsd:nonNegativeInteger .
    """,
    ),
    "language tags as written": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:languageIn ( "en" ) ; sh:message "pm" ] .
    """,
        """
        ex:a ex:p "x"@en-GB , "y"@de-AT , "z"@de .
    """,
    ),
    "warnings only": (
        """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:severity sh:Info ; sh:message "i" ] ,
                [ sh:path ex:p ; sh:datatype xsd:string ; sh:severity sh:Warning ;
                  sh:message "w" ] .
    """,
        """
        ex:a ex:p 1 .
    """,
    ),
}
"""Small shapes and data graphs, one per kind of constraint, target and path the compiled
validator handles; each data graph breaks its shapes in several ways and meets them in
others."""


UNSUPPORTED: dict[str, str] = {
    "sh:or": "ex:S sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) .",
    "integer datatype on a complex path": """ex:S sh:property [
        sh:path [ sh:inversePath ex:p ] ; sh:datatype xsd:int ] .""",
    "integer datatype in a nested shape": "ex:S sh:not [ sh:datatype xsd:int ] .",
    "integer datatype on a node": "ex:S sh:datatype xsd:int .",
    "rdfs:Datatype": "ex:S sh:property [ sh:path ex:p ; sh:datatype rdfs:Datatype ] .",
    "SPARQL constraint": "ex:S sh:sparql [ sh:select 'SELECT $this WHERE {}' ] .",
    "nested closed shape": "ex:S sh:node [ sh:closed true ] .",
    "blank node in sh:in": "ex:S sh:in ( [ a ex:A ] ) .",
    "class that is not an IRI": "ex:S sh:class [ a ex:A ] .",
}
"""Shapes the compiled validator refuses (each on a shape ex:S targeting ex:x)."""


@pytest.mark.parametrize("case", list(UNSUPPORTED))
def test_unsupported_feature_is_refused(case: str) -> None:
    shapes = Graph().parse(
        data=SHAPE_PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:x .\n" + UNSUPPORTED[case],
        format="turtle",
    )
    with pytest.raises(shacl_engine.Unsupported):
        shacl_engine.CompiledShapes(shapes)


AMBIGUOUS_DATA: dict[str, str] = {
    "one integer, two types, on blank nodes": """
        [ ex:n "5"^^xsd:nonNegativeInteger ] .  [ ex:n "5"^^xsd:int ] .""",
    "one language tag written two ways": """ex:a ex:n "x"@en-GB , "y"@en-gb .""",
}
"""Data whose results the store cannot tell apart (it relabels blank nodes and lower-cases
language tags): the compiled validator refuses rather than guess."""


@pytest.mark.parametrize("case", list(AMBIGUOUS_DATA))
def test_ambiguous_data_is_refused(case: str) -> None:
    shapes = Graph().parse(
        data=SHAPE_PREFIXES
        + """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:message "m" ;
            sh:property [ sh:path ex:n ; sh:datatype xsd:positiveInteger ; sh:message "n" ] .
    """,
        format="turtle",
    )
    data = Graph().parse(data=SHAPE_PREFIXES + AMBIGUOUS_DATA[case], format="turtle")
    with pytest.raises(shacl_engine.Unsupported):
        shacl_engine.fast_validate(shacl_engine.DataStore.from_ntriples(to_ntriples(data)), shapes)


def _blank_nodes_equal(finding: Finding) -> Finding:
    """A finding with blank-node labels (which differ between rdflib and the store) erased."""

    def erase(text: str | None) -> str | None:
        return None if text is None else re.sub(r"_:\S+", "_:", text)

    return replace(finding, focus=erase(finding.focus) or "", value=erase(finding.value))


@pytest.mark.parametrize("case", list(SHAPE_CASES))
def test_each_constraint_kind_agrees_with_pyshacl(case: str) -> None:
    from psykg.validation.reference import run_shacl

    shape_text, data_text = SHAPE_CASES[case]
    shapes = Graph().parse(data=SHAPE_PREFIXES + shape_text, format="turtle")
    data = Graph().parse(data=SHAPE_PREFIXES + data_text, format="turtle")
    ref_conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    store = shacl_engine.DataStore.from_ntriples(to_ntriples(data))
    conforms, results = shacl_engine.fast_validate(store, shapes)
    assert results == shacl_engine.pyshacl_results(report)
    assert results, "the data should break the shapes"
    assert conforms == ref_conforms
    expected = {_blank_nodes_equal(f) for f in run_shacl(data, shapes, Graph())}
    assert {_blank_nodes_equal(f) for f in shacl_engine.shacl_findings(store, shapes)} == expected


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_findings_equal_run_shacl(shapes: Graph, mutation: str) -> None:
    from psykg.validation.reference import run_shacl

    ontology, compiled = compile_inputs(Inputs(project_root()))
    data = Graph()
    for part in (compiled.graph, infer(compiled.triples, ontology.graph)):
        for triple in part:
            data.add(triple)
    MUTATIONS[mutation](data)
    expected = sorted(set(run_shacl(data, shapes, ontology.graph)), key=lambda f: f.sort_key())
    store = shacl_engine.DataStore.from_ntriples(to_ntriples(data + ontology.graph))
    found = sorted(set(shacl_engine.shacl_findings(store, shapes)), key=lambda f: f.sort_key())
    assert found == expected


def _first_statement_triple(g: Graph) -> tuple[URIRef, URIRef, URIRef]:
    st = _statement(g, PSYKG.primarilyTreats)
    s, p, o = (
        g.value(st, PSYKG.statementSubject),
        PSYKG.primarilyTreats,
        g.value(st, PSYKG.statementObject),
    )
    assert isinstance(s, URIRef) and isinstance(o, URIRef)
    return s, p, o


CHECK_MUTATIONS: dict[str, Callable[[Graph], object]] = {
    "none": lambda g: None,
    "primarily and less used": lambda g: g.add(
        (_first_statement_triple(g)[0], PSYKG.lessUsedFor, _first_statement_triple(g)[2])
    ),
    "truthy triple missing": lambda g: g.remove(_first_statement_triple(g)),
    "selector length": lambda g: _reset(
        g,
        _sorted_subjects(g, RDF.type, OA.TextPositionSelector)[:3],
        OA.end,
        Literal(10**6, datatype=XSD.nonNegativeInteger),
    ),
    "self comparison": lambda g: g.add(
        (
            _statement(g, PSYKG.shorterThan),
            PSYKG.comparedTo,
            _value(g, _statement(g, PSYKG.shorterThan), PSYKG.statementSubject),
        )
    ),
    "wording not in quote": lambda g: g.add(
        (_statement(g, PSYKG.primarilyTreats), PSYKG.hedgeWording, Literal("perhaps"))
    ),
}


@pytest.mark.parametrize("corpus", ["seed", "synthetic"])
@pytest.mark.parametrize("mutation", list(CHECK_MUTATIONS))
def test_checks_equal_rdflib(mutation: str, corpus: str, tmp_path: Path) -> None:
    from psykg.validation.checks import load_checks, reference_findings

    root = project_root() if corpus == "seed" else generate(tmp_path / "c", 2, seed=3)
    inputs = Inputs(root)
    ontology, compiled = compile_inputs(inputs)
    data = Graph()
    for part in (ontology.graph, compiled.graph, infer(compiled.triples, ontology.graph)):
        for triple in part:
            data.add(triple)
    CHECK_MUTATIONS[mutation](data)
    checks = load_checks(inputs.checks_dir)
    assert checks
    expected = sorted(set(reference_findings(data, checks)), key=lambda f: f.sort_key())
    store = shacl_engine.DataStore.from_ntriples(to_ntriples(data))
    found = sorted(set(store_findings(store, checks)), key=lambda f: f.sort_key())
    assert found == expected
    # the synthetic corpus's sources disagree on purpose: those are Info findings, not problems
    assert bool([f for f in found if f.severity != "Info"]) == (mutation != "none")


@pytest.fixture(scope="module", params=["seed", "synthetic"])
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "seed":
        return project_root()
    return generate(tmp_path_factory.mktemp("corpus") / "c", 2, seed=3)


def _data_and_ontology(root: Path) -> tuple[Graph, Graph]:
    ontology, compiled = compile_inputs(Inputs(root))
    data = Graph()
    for part in (compiled.graph, infer(compiled.triples, ontology.graph)):
        for triple in part:
            data.add(triple)
    return data, ontology.graph


ENGINE_MUTATIONS: dict[str, Callable[[Graph], object]] = {
    "none": lambda g: None,
    "shapes and checks broken": lambda g: (
        [
            MUTATIONS[name](g)
            for name in (
                "no preferred label",
                "start after end",
                "misspelt property (closed)",
                "no mappings (warning)",
            )
        ]
        + [
            CHECK_MUTATIONS[name](g)
            for name in ("wording not in quote", "self comparison", "primarily and less used")
        ]
    ),
}


@pytest.mark.parametrize("mutation", list(ENGINE_MUTATIONS))
def test_validate_engines_give_equal_reports(project: Path, shapes: Graph, mutation: str) -> None:
    from psykg.validation.validate import validate

    data, ontology = _data_and_ontology(project)
    ENGINE_MUTATIONS[mutation](data)
    checks_dir = Inputs(project).checks_dir
    reference = validate(data, shapes, ontology, checks_dir, engine="reference")
    compiled = validate(data, shapes, ontology, checks_dir, engine="compiled")
    assert compiled == reference
    assert compiled.text() == reference.text()
    assert isomorphic(compiled.to_graph(), reference.to_graph())
    # advice (a Warning, e.g. an entity another source added without a mapping) and Info
    # (sources disagree) may come with valid data; only the mutations make violations
    violations = [f for f in reference.findings if f.severity == "Violation"]
    assert bool(violations) == (mutation != "none")
    problems = [f for f in reference.findings if f.severity != "Info"]
    if mutation != "none":
        sources = {f.source.split(":")[0] for f in problems}
        assert sources == {"shacl", "check"}
        assert {f.severity for f in problems} == {"Violation", "Warning"}


def _recorded(used: list[str], name: str, real: Callable[..., T]) -> Callable[..., T]:
    """`real`, noting `name` in `used` on each call."""

    def call(*a: object) -> T:
        used.append(name)
        return real(*a)

    return call


@pytest.mark.parametrize(("threshold", "engine"), [(0, "compiled"), (10**9, "reference")])
def test_validate_picks_the_engine_by_size(
    monkeypatch: pytest.MonkeyPatch, threshold: int, engine: str
) -> None:
    from psykg.validation import validate
    from psykg.validation.reference import run_shacl

    used: list[str] = []
    monkeypatch.setattr(validate, "run_shacl", _recorded(used, "reference", run_shacl))
    monkeypatch.setattr(
        shacl_engine, "shacl_findings", _recorded(used, "compiled", shacl_engine.shacl_findings)
    )
    monkeypatch.setattr(validate, "FAST_ENGINE_TRIPLES", threshold)
    data, ontology = _data_and_ontology(project_root())
    report = validate.validate(
        data,
        read_turtle(Inputs(project_root()).shapes),
        ontology,
        Inputs(project_root()).checks_dir,
    )
    assert used == [engine]
    assert report.conforms


def test_compiled_engine_falls_back_on_unsupported_shapes(shapes: Graph) -> None:
    from psykg.validation.validate import validate

    extra = Graph().parse(
        data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:shape> a sh:NodeShape ; sh:targetClass <{PSYKG.Therapy}> ;
            sh:message "neither a person nor a theory" ;
            sh:or ( [ sh:class <{PSYKG.Person}> ] [ sh:class <{PSYKG.Theory}> ] ) .
    """,
        format="turtle",
    )
    with pytest.raises(shacl_engine.Unsupported):
        shacl_engine.CompiledShapes(shapes + extra)
    data, ontology = _data_and_ontology(project_root())
    checks_dir = Inputs(project_root()).checks_dir
    compiled = validate(data, shapes + extra, ontology, checks_dir, engine="compiled")
    assert compiled == validate(data, shapes + extra, ontology, checks_dir, engine="reference")
    assert {f.shape for f in compiled.violations} == {"urn:shape"}


@pytest.mark.parametrize("engine", ["compiled", "auto"])
def test_the_data_graph_is_built_only_for_pyshacl(
    shapes: Graph, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given the N-Triples, the compiled engine never asks for the rdflib graph; pyshacl (auto,
    below FAST_ENGINE_TRIPLES) asks once, and both give the same report."""
    from psykg.validation import validate

    data, ontology = _data_and_ontology(project_root())
    checks_dir = Inputs(project_root()).checks_dir
    built: list[Graph] = []

    def build() -> Graph:
        built.append(data)
        return data

    monkeypatch.setattr(validate, "FAST_ENGINE_TRIPLES", 10**9)
    report = validate.validate(
        build, shapes, ontology, checks_dir, engine=engine, ntriples=to_ntriples(data + ontology)
    )
    assert len(built) == (0 if engine == "compiled" else 1)
    assert report == validate.validate(data, shapes, ontology, checks_dir, engine="reference")


def test_unknown_engine_is_refused() -> None:
    from psykg.validation.validate import validate

    with pytest.raises(ValueError, match="unknown validation engine"):
        validate(Graph(), Graph(), Graph(), project_root() / "queries" / "checks", engine="x")


@pytest.mark.parametrize("fmt", ["turtle", "rdfxml", "jsonld", "ntriples"])
def test_release_writers_are_the_fast_writers(full: Graph, fmt: str) -> None:
    from psykg.rdf.serialize import WRITERS

    _, _, writer = WRITERS[fmt]
    text = writer(full)
    assert text == from_ntriples(to_ntriples(full), fmt)
    assert writer(full) == text  # byte-stable


def test_ntriples_equal_the_stable_graph_written_by_rdflib(full: Graph) -> None:
    from psykg.rdf.serialize import stable_graph

    lines = stable_graph(full).serialize(format="nt", encoding="utf-8").decode().splitlines()
    expected = "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())
    assert to_ntriples(full) == expected
    assert "_:b" in expected  # the ontology's axioms: the relabelling is exercised
