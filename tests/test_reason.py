"""The reasoner: HermiT catches contradictions, and the rule closure covers what HermiT infers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import PROV, RDF

from psykg import reason
from psykg.constants import PSYKG, RES, SCHEMA
from psykg.errors import ReasonerError
from psykg.ontology import Ontology
from psykg.pipeline import Result

FIXTURES = Path(__file__).parent / "fixtures" / "reasoner"
ONTOLOGY = Ontology.load(Path(__file__).resolve().parents[1] / "ontology" / "psykg.ttl")


@pytest.mark.parametrize(
    ("fixture", "cause"),
    [
        ("disjoint-classes.ttl",
         "psykgr:depression is a psykg:Condition and a psykg:TherapeuticGoal"),
        ("disjoint-uses.ttl",
         "psykgr:talking-cure is related to psykgr:psychosis by both psykg:primarilyTreats "
         "and psykg:lessUsedFor"),
    ],
)
def test_inconsistent_data_is_caught_and_explained(fixture: str, cause: str) -> None:
    data = Graph().parse(FIXTURES / fixture)
    with pytest.raises(ReasonerError) as info:
        reason.hermit(data, ONTOLOGY.graph)
    assert "logically inconsistent" in str(info.value)
    assert cause in str(info.value)


def test_missing_java_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reason.shutil, "which", lambda name: None)
    with pytest.raises(ReasonerError, match="Java is not installed"):
        reason.hermit(Graph(), ONTOLOGY.graph)


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
        (RES["psychodynamic-therapy"], PSYKG.hasGoodCandidateTrait,
         RES["capacity-for-self-reflection"]),
        # class hierarchy up to the schema.org alignment
        (RES["statement/pdt-primarily-treats-depression"], RDF.type, PROV.Entity),
        (RES["psychodynamic-therapy"], RDF.type, SCHEMA.PsychologicalTreatment),
        (RES["depression"], RDF.type, SCHEMA.MedicalCondition),
    ],
)
def test_release_holds_inferences(
    built: tuple[Result, Path], subject: object, predicate: object, obj: object
) -> None:
    result, _ = built
    assert (subject, predicate, obj) not in result.compiled.graph
    assert (subject, predicate, obj) in result.inferred


def test_less_used_is_not_a_use(built: tuple[Result, Path]) -> None:
    result, _ = built
    data = result.data
    assert (RES["psychodynamic-therapy"], PSYKG.usedFor, RES["depression"]) in data
    for condition in ("psychosis", "post-traumatic-stress-disorder",
                      "obsessive-compulsive-disorder"):
        assert (RES["psychodynamic-therapy"], PSYKG.lessUsedFor, RES[condition]) in data
        assert (RES["psychodynamic-therapy"], PSYKG.usedFor, RES[condition]) not in data
