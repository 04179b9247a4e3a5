"""The reasoner: HermiT catches contradictions, and the rule closure covers what HermiT infers."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS
from rdflib.term import Node

from psykg.build import reason
from psykg.build.compile import compile_inputs
from psykg.build.ontology import Ontology
from psykg.errors import ReasonerError
from psykg.paths import Inputs
from psykg.rdf.namespaces import PSYKG, RES, SCHEMA
from psykg.release.pipeline import Result

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "reasoner"
ONTOLOGY = Ontology.load(ROOT / "ontology" / "psykg.ttl")


@pytest.mark.parametrize(
    ("fixture", "cause"),
    [
        (
            "disjoint-classes.ttl",
            "psykgr:depression is a psykg:Condition and a psykg:TherapeuticGoal",
        ),
    ],
)
def test_inconsistent_data_is_caught_and_explained(fixture: str, cause: str) -> None:
    data = Graph().parse(FIXTURES / fixture)
    with pytest.raises(ReasonerError) as info:
        reason.hermit(data, ONTOLOGY.graph)
    assert "logically inconsistent" in str(info.value)
    assert cause in str(info.value)


def test_sources_that_disagree_are_consistent() -> None:
    """Two sources may say 'primarily treats' and 'less used for' of one pair: the direct
    triples record what sources say, so OWL must not call the pair disjoint (psykg:contradicts
    is an annotation; the build reports the disagreement, see tests/test_sources.py)."""
    data = Graph().parse(FIXTURES / "disagreeing-uses.ttl")
    inferred = reason.hermit(data, ONTOLOGY.graph)
    assert inferred is not None


def test_missing_java_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)  # the module reason uses
    with pytest.raises(ReasonerError, match="Java is not installed"):
        reason.hermit(Graph(), ONTOLOGY.graph)


def test_started_is_set_when_java_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build waits on `started` before it starts validating and writing (so owlready2's
    Python work runs alone): Java's start sets it, before Java ends."""
    seen: list[bool] = []
    started = threading.Event()
    real = subprocess.check_output

    def check_output(command: list[str], *args: Any, **kwargs: Any) -> Any:
        seen.append(started.is_set())
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "check_output", check_output)
    reason.hermit(Graph().parse(FIXTURES / "disagreeing-uses.ttl"), ONTOLOGY.graph, started)
    assert seen == [True]


def test_hermit_infers_nothing_the_rules_miss(built: tuple[Result, Path]) -> None:
    result, _ = built
    rules = reason.materialise(result.compiled.graph, ONTOLOGY.graph)
    by_hermit = reason.hermit(result.compiled.graph, ONTOLOGY.graph)
    assert len(by_hermit) > 0
    assert set(by_hermit) <= set(rules) | set(result.compiled.graph)


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        # inverse of usedFor, through the sub-property primarilyTreats
        (RES["depression"], PSYKG.treatedWith, RES["psychodynamic-therapy"]),
        # symmetric
        (RES["cognitive-behavioral-therapy"], PSYKG.asEffectiveAs, RES["psychodynamic-therapy"]),
        # variantOf ⊑ derivedFrom, and derivedFrom is transitive
        (RES["brief-psychodynamic-therapy"], PSYKG.derivedFrom, RES["psychoanalytic-therapy"]),
        (RES["psychoanalytic-therapy"], PSYKG.hasDerivative, RES["brief-psychodynamic-therapy"]),
        # inverse of a candidate property
        (
            RES["psychodynamic-therapy"],
            PSYKG.hasGoodCandidateTrait,
            RES["capacity-for-self-reflection"],
        ),
        # class hierarchy up to the schema.org alignment
        (RES["statement/pdt-primarily-treats-depression"], RDF.type, PROV.Entity),
        (RES["psychodynamic-therapy"], RDF.type, SCHEMA.PsychologicalTreatment),
        (RES["depression"], RDF.type, SCHEMA.MedicalCondition),
    ],
)
def test_release_holds_inferences(
    built: tuple[Result, Path], subject: URIRef, predicate: URIRef, obj: URIRef
) -> None:
    result, _ = built
    assert (subject, predicate, obj) not in result.compiled.graph
    assert (subject, predicate, obj) in result.inferred


def test_less_used_is_not_a_use(built: tuple[Result, Path]) -> None:
    result, _ = built
    data = result.data
    assert (RES["psychodynamic-therapy"], PSYKG.usedFor, RES["depression"]) in data
    for condition in (
        "psychosis",
        "post-traumatic-stress-disorder",
        "obsessive-compulsive-disorder",
    ):
        assert (RES["psychodynamic-therapy"], PSYKG.lessUsedFor, RES[condition]) in data
        assert (RES["psychodynamic-therapy"], PSYKG.usedFor, RES[condition]) not in data


def _naive_closure(data: Graph, ontology: Graph) -> set[tuple[Node, Node, Node]]:
    """The same rules as `materialise`, applied the slow and obvious way: every rule over
    every triple, again and again, until nothing changes."""
    sub_class = {
        (a, c)
        for a, c in ontology.subject_objects(RDFS.subClassOf)
        if isinstance(a, URIRef) and isinstance(c, URIRef)
    }
    sub_prop = set(ontology.subject_objects(RDFS.subPropertyOf))
    inverse = set(ontology.subject_objects(OWL.inverseOf))
    inverse |= {(b, a) for a, b in inverse}
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    facts = set(data)
    while True:
        new = set()
        for s, p, o in facts:
            new |= {(s, q, o) for a, q in sub_prop if a == p}
            new |= {(s, RDF.type, c) for a, c in sub_class if p == RDF.type and a == o}
            if isinstance(o, URIRef):
                new |= {(o, q, s) for a, q in inverse if a == p}
                if p in symmetric:
                    new.add((o, p, s))
                if p in transitive:
                    new |= {(s, p, z) for x, q, z in facts if q == p and x == o}
        if new <= facts:
            return facts - set(data)
        facts |= new


CHAIN = """
@prefix psykg: <https://w3id.org/psykg/ontology#> .
@prefix r: <https://w3id.org/psykg/resource/> .
r:a psykg:variantOf r:b . r:b psykg:derivedFrom r:c . r:c psykg:derivedFrom r:d .
r:d psykg:hasDerivative r:e . r:a psykg:asEffectiveAs r:b . r:t a psykg:Therapy .
r:t psykg:primarilyTreats r:x .
"""


@pytest.mark.parametrize("source", ["seed", "chain"])
def test_rules_agree_with_a_naive_closure(source: str) -> None:
    if source == "seed":
        data = compile_inputs(Inputs(ROOT))[1].graph
    else:
        data = Graph().parse(data=CHAIN, format="turtle")
    inferred = set(reason.materialise(data, ONTOLOGY.graph))
    assert inferred
    assert inferred == _naive_closure(data, ONTOLOGY.graph)
